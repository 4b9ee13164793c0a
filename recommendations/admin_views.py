"""The facilitator queue: introduction requests, shown with both organisations' full profiles and the reasons
of the recommendation, accepted or declined with a note."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory.clusters import CLUSTER_LABELS
from directory.models import Concept, Organisation
from members.choices import (
    COUNTRY_CHOICES,
    ITEM_KIND_CHOICES,
    PARTNER_TYPE_CHOICES,
    SPOKEN_LANGUAGE_CHOICES,
    VISIBILITY_CHOICES,
)
from members.models import Membership
from members.selectors import member_profiles

from . import services
from .forms import IntroductionDecisionForm
from .models import Introduction
from .views import reason_lookups, reason_sentences


def _require(request, *permissions: str) -> None:
    if not any(request.user.has_perm(f"recommendations.{p}_introduction") for p in permissions):
        raise PermissionDenied


def _label(concept) -> str:
    language = (get_language() or "en")[:2]
    return getattr(concept, f"label_{language}", "") or concept.label_en or concept.slug


def _labels(choices, values) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


def organisation_dossier(organisation: Organisation) -> dict:
    """Everything the platform knows about an organisation, public or not (facilitators are trusted)."""
    profile = member_profiles([organisation.pk]).get(organisation.pk, {})
    slugs = {slug for item in profile.get("offers", ()) + profile.get("needs", ()) for slug in item["concepts"]}
    labels = {c.slug: _label(c) for c in Concept.objects.filter(slug__in=slugs)}
    kinds = dict(ITEM_KIND_CHOICES)

    def items(rows):
        return [
            {
                "kind": kinds.get(row["kind"], row["kind"]),
                "text": row["text"],
                "concepts": [labels.get(slug, slug) for slug in row["concepts"]],
            }
            for row in rows
        ]

    return {
        "organisation": organisation,
        "descriptions": list(organisation.descriptions.exclude(text="").order_by("language", "pk")),
        "clusters": [
            CLUSTER_LABELS.get(slug, slug)
            for slug in organisation.cluster_tags.filter(rejected=False).values_list("cluster", flat=True)
        ],
        "concepts": [
            _label(tag.concept) for tag in organisation.concept_tags.filter(rejected=False).select_related("concept")
        ],
        "has_profile": bool(profile),
        "offers": items(profile.get("offers", ())),
        "needs": items(profile.get("needs", ())),
        "partner_types": _labels(PARTNER_TYPE_CHOICES, profile.get("partner_types_sought", ())),
        "countries": _labels(COUNTRY_CHOICES, profile.get("preferred_countries", ())),
        "regions": list(profile.get("preferred_regions", ())),
        "languages": _labels(SPOKEN_LANGUAGE_CHOICES, profile.get("languages", ())),
        "public_fields": _labels(VISIBILITY_CHOICES, profile.get("public_fields", ())),
        "members": list(Membership.objects.filter(organisation=organisation).select_related("user")),
    }


@require_http_methods(["GET", "POST"])
def introduction_detail(request, pk: int):
    """Both profiles, the reasons and the message; with the change permission, the decision form."""
    _require(request, "view", "change")
    introduction = get_object_or_404(
        Introduction.objects.select_related("organisation", "candidate", "requested_by", "decided_by"), pk=pk
    )
    can_decide = request.user.has_perm("recommendations.change_introduction") and introduction.is_open
    form = IntroductionDecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("recommendations.change_introduction"):
            raise PermissionDenied
        if not introduction.is_open:
            messages.warning(request, _("This introduction has already been decided or withdrawn."))
            return redirect("recommendations_introductions:edit", introduction.pk)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                introduction = services.introduction_decide(
                    introduction=introduction, accept=accept, user=request.user, note=form.cleaned_data["note"]
                )
            except services.IntroductionError as error:
                messages.error(request, str(error))
                return redirect("recommendations_introductions:edit", introduction.pk)
            if accept:
                message = _("The introduction of %(organisation)s to %(candidate)s was made; both have been e-mailed.")
            else:
                message = _("The request of %(organisation)s was declined; the requester has been e-mailed.")
            messages.success(
                request,
                message % {"organisation": introduction.organisation.name, "candidate": introduction.candidate.name},
            )
            return redirect("recommendations_introductions:index")
    org_name, concept_label = reason_lookups([introduction.reasons])
    reasons = reason_sentences(
        introduction.reasons, public=None, org_name=org_name, concept_label=concept_label, limit=None
    )
    recipients = services.introduction_recipients(introduction)
    earlier = (
        Introduction.objects.filter(organisation=introduction.organisation, candidate=introduction.candidate)
        .exclude(pk=introduction.pk)
        .order_by("-created_at")
    )
    title = _("Introduction: %(organisation)s → %(candidate)s") % {
        "organisation": introduction.organisation.name,
        "candidate": introduction.candidate.name,
    }
    return TemplateResponse(
        request,
        "recommendations/admin/introduction_detail.html",
        {
            "introduction": introduction,
            "reasons": reasons,
            "requester": organisation_dossier(introduction.organisation),
            "candidate": organisation_dossier(introduction.candidate),
            "recipients": recipients,
            "earlier": earlier,
            "form": form if can_decide else None,
            "page_title": title,
            "header_title": title,
            "index_url": reverse("recommendations_introductions:index"),
            "history_url": reverse("recommendations_introductions:history", args=[introduction.pk]),
        },
    )
