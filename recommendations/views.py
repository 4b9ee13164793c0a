"""The recommendation panel on the member overview, the saved list, and save/dismiss actions."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Concept, Organisation
from members.selectors import membership_for, profile_completeness, public_profile

from .models import RecommendationFeedback, StoredRecommendation
from .pipeline import Reason
from .reasons import reason_text
from .services import feedback_record, feedback_remove

logger = logging.getLogger(__name__)

PANEL_SIZE = 10
KNOWN_SIZE = 5
# Reasons that quote a field of the other organisation's member profile, and the field that must be public.
QUOTED_FIELDS = {"offer_meets_need": "offers", "need_met_by_offer": "needs"}


def _reasons(row: StoredRecommendation, public: dict, org_name, concept_label) -> list[str]:
    sentences = []
    for data in row.reasons or []:
        if not isinstance(data, dict) or "code" not in data:
            continue
        needed = QUOTED_FIELDS.get(data["code"])
        if needed and needed not in public:
            continue
        try:
            text = reason_text(
                Reason(data["code"], data.get("params") or {}), org_name=org_name, concept_label=concept_label
            )
        except (KeyError, TypeError, ValueError):
            logger.warning("Unreadable reason %r on stored recommendation %s", data, row.pk)
            continue
        if text:
            sentences.append(text)
    return sentences[:3]


def _lookups(rows: list[StoredRecommendation]):
    """Name and concept-label lookups for the reasons of these rows (only public organisations are named)."""
    org_ids, slugs = set(), set()
    for row in rows:
        for data in row.reasons or []:
            params = data.get("params") or {} if isinstance(data, dict) else {}
            org_ids.update(i for i in params.get("partner_ids", ()) if isinstance(i, int))
            if isinstance(params.get("org_id"), int):
                org_ids.add(params["org_id"])
            slugs.update(c for c in params.get("concepts", ()) if isinstance(c, str))
    names = dict(Organisation.objects.public().filter(pk__in=org_ids).values_list("pk", "name"))
    language = (get_language() or "en")[:2]
    field = f"label_{language}" if language in ("en", "nl", "de") else "label_en"
    labels = {c.slug: getattr(c, field) or c.label_en for c in Concept.objects.filter(slug__in=slugs)}

    def org_name(org_id):
        return names.get(org_id) or _("an organisation outside the public directory")

    def concept_label(slug):
        return labels.get(slug) or slug.split(":", 1)[-1].replace("_", " ")

    return org_name, concept_label


def _cards(rows: list[StoredRecommendation]) -> list[dict]:
    org_name, concept_label = _lookups(rows)
    cards = []
    for row in rows:
        public = public_profile(row.candidate)
        cards.append(
            {
                "row": row,
                "organisation": row.candidate,
                "reasons": _reasons(row, public, org_name, concept_label),
                "offers": public.get("offers", [])[:3],
                "needs": public.get("needs", [])[:3],
            }
        )
    return cards


def _hidden_ids(organisation) -> set[int]:
    return set(RecommendationFeedback.objects.filter(organisation=organisation).values_list("candidate_id", flat=True))


def overview_panel(*, request, organisation):
    """The member's stored recommendations, explained in the active language, with save and dismiss buttons."""
    hidden = _hidden_ids(organisation)
    rows = list(
        StoredRecommendation.objects.filter(organisation=organisation, candidate__is_public=True)
        .exclude(candidate_id__in=hidden)
        .select_related("candidate")
        .order_by("known_partner", "rank")
    )
    if not rows and not hidden and not StoredRecommendation.objects.filter(organisation=organisation).exists():
        # Nothing computed yet: the overview shows its own placeholder.
        return ""
    new = [r for r in rows if not r.known_partner][:PANEL_SIZE]
    known = [r for r in rows if r.known_partner][:KNOWN_SIZE]
    completeness = profile_completeness(organisation)
    context = {
        "organisation": organisation,
        "cards": _cards(new),
        "known": _cards(known),
        "missing": completeness.missing,
        "computed_at": max((r.computed_at for r in rows), default=None),
        "saved_count": RecommendationFeedback.objects.filter(
            organisation=organisation, action=RecommendationFeedback.Action.SAVED
        ).count(),
        "next": request.get_full_path(),
    }
    return render_to_string("recommendations/panel.html", context, request=request)


def _member_organisation(request):
    membership = membership_for(request.user)
    if membership is None:
        raise Http404(_("Only members of an organisation have recommendations."))
    return membership.organisation


ACTIONS = {"save": "saved", "dismiss": "dismissed", "unsave": None}


@login_required
@require_POST
def feedback(request, candidate_id: int):
    organisation = _member_organisation(request)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return HttpResponseBadRequest(_("Unknown action."))
    candidate = get_object_or_404(Organisation, pk=candidate_id)
    # Members act only on organisations recommended to them or already on their saved list.
    recommended = StoredRecommendation.objects.filter(organisation=organisation, candidate=candidate).exists()
    on_record = RecommendationFeedback.objects.filter(organisation=organisation, candidate=candidate).exists()
    if not (recommended or on_record) or candidate.pk == organisation.pk:
        raise Http404(_("This organisation is not among your recommendations."))
    if action == "unsave":
        feedback_remove(organisation=organisation, candidate=candidate)
        messages.success(request, _("%(name)s was removed from your saved organisations.") % {"name": candidate.name})
    else:
        feedback_record(organisation=organisation, candidate=candidate, action=ACTIONS[action], user=request.user)
        if action == "save":
            messages.success(request, _("%(name)s was saved.") % {"name": candidate.name})
        else:
            messages.success(request, _("%(name)s will not be recommended again.") % {"name": candidate.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("members:overview") + "#recommendations"
    return redirect(target)


@login_required
def saved(request):
    organisation = _member_organisation(request)
    feedback_rows = (
        RecommendationFeedback.objects.filter(
            organisation=organisation, action=RecommendationFeedback.Action.SAVED, candidate__is_public=True
        )
        .select_related("candidate", "user")
        .order_by("-created_at", "pk")
    )
    page = Paginator(feedback_rows, 20).get_page(request.GET.get("page"))
    items = []
    for row in page.object_list:
        public = public_profile(row.candidate)
        items.append(
            {
                "feedback": row,
                "organisation": row.candidate,
                "offers": public.get("offers", [])[:3],
                "needs": public.get("needs", [])[:3],
            }
        )
    return TemplateResponse(
        request,
        "recommendations/saved.html",
        {"organisation": organisation, "page": page, "items": items, "next": request.get_full_path()},
    )
