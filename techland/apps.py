from django.apps import AppConfig


class TechlandConfig(AppConfig):
    name = "techland"
    verbose_name = "TECH.LAND"

    def ready(self):
        from techland import cache  # noqa: F401 (connects the page cache's invalidation to content changes)
