"""The support organisations' dashboard has no data of its own: it reads members, recommendations and
introductions. The one model here carries the permission to see the dashboard and has no table."""

from django.db import models
from django.utils.translation import gettext_lazy as _

GROUP_NAME = "Support organisations"
VIEW_PERMISSION = "support.view_dashboard"


class SupportDashboard(models.Model):
    """Permission holder only (no table, no default add/change/delete/view permissions)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_dashboard", _("Can view the support dashboard"))]
        verbose_name = _("support dashboard")
        verbose_name_plural = _("support dashboards")

    def __str__(self):
        return str(self._meta.verbose_name)
