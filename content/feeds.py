"""RSS 2.0 and Atom 1.0 feeds of the news in the current language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from content.models import NewsIndexPage, NewsPage

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return Locale.get_active()

    def title(self, locale):
        return _("TECH.LAND news")

    def description(self, locale):
        return _("News on cross-border innovation in the Dutch–German border region.")

    def subtitle(self, locale):
        return self.description(locale)

    def link(self, locale):
        index = NewsIndexPage.objects.live().filter(locale=locale).first()
        if index is not None:
            return index.url
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page.localized.url if site else f"/{locale.language_code}/"

    def items(self, locale):
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale=locale)
            .order_by("-date", "-first_published_at")
            .prefetch_related("clusters")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_meta_description()

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.full_url

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [str(tag) for tag in item.clusters.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
