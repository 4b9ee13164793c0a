from django.apps import AppConfig


class TechlandConfig(AppConfig):
    name = "techland"
    verbose_name = "TECH.LAND"
