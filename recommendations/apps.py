from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from members.panels import register_overview_panel
        from members.signals import profile_changed

        from . import receivers, views

        register_overview_panel("recommendations", views.overview_panel)
        profile_changed.connect(receivers.recompute_after_profile_change, dispatch_uid="recommendations_recompute")
        post_save.connect(
            receivers.compute_for_new_member_organisation,
            sender="members.Membership",
            dispatch_uid="recommendations_new_member",
        )
