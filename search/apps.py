from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Directory search")

    def ready(self):
        from search import checks  # noqa: F401  (registers the system checks)
