"""The four TECH.LAND clusters. Every app that speaks of clusters uses these slugs."""

from django.utils.translation import gettext_lazy as _

BATTERY_HYDROGEN = "battery_hydrogen"
CIRCULAR_ECONOMY = "circular_economy"
ADVANCED_MANUFACTURING_ROBOTICS = "advanced_manufacturing_robotics"
HEALTH_MEDTECH = "health_medtech"

CLUSTER_CHOICES = [
    (BATTERY_HYDROGEN, _("Battery & Hydrogen")),
    (CIRCULAR_ECONOMY, _("Circular Economy")),
    (ADVANCED_MANUFACTURING_ROBOTICS, _("Advanced Manufacturing & Robotics")),
    (HEALTH_MEDTECH, _("Health & Medical Technology")),
]
CLUSTER_SLUGS = [slug for slug, _label in CLUSTER_CHOICES]
CLUSTER_LABELS = dict(CLUSTER_CHOICES)
