from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from content.api import api_router
from content.feeds import NewsAtomFeed, NewsRssFeed
from techland import views

handler404 = "techland.views.page_not_found"
handler500 = "techland.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("api/directory/", include("directory.api")),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", content_views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", content_views.sitemap_section, name="sitemap_section"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # Feature URLs go above the Wagtail catch-all.
    path("search/", content_views.site_search, name="site_search"),
    path("feeds/news.rss", NewsRssFeed(), name="news_feed_rss"),
    path("feeds/news.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("directory/", include("directory.urls")),
    path("insights/", include("insights.urls")),
    path("members/recommendations/", include("recommendations.urls")),
    path("members/", include("members.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
