"""Wagtail's API v2: pages (filter with ?locale=nl), images and documents, as JSON."""

from django.conf import settings
from django.db import DatabaseError
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale

from content.query import clean_search_text


class PagesEndpoint(PagesAPIViewSet):
    renderer_classes = [JSONRenderer]

    def listing_view(self, request):
        if "search" in request.GET:
            params = request._request.GET.copy()
            params["search"] = clean_search_text(params["search"])
            request._request.GET = params
        try:
            return super().listing_view(request)
        except DatabaseError as error:
            raise BadRequestError("the search text cannot be read; use other words") from error

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        locale = self.request.GET.get("locale")
        if locale is not None and not Locale.objects.filter(language_code=locale).exists():
            languages = ", ".join(code for code, _name in settings.LANGUAGES)
            raise BadRequestError(f"unknown locale '{locale[:20]}' (choose one of: {languages})")


class ImagesEndpoint(ImagesAPIViewSet):
    renderer_classes = [JSONRenderer]


class DocumentsEndpoint(DocumentsAPIViewSet):
    renderer_classes = [JSONRenderer]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
