"""The site's URLs plus the uploaded media (cover images), which the test server serves itself like `make run`."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from techland.urls import handler404, handler500
from techland.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
