"""The recommendation panel on the member overview, the saved list, and save/dismiss actions."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Concept, Organisation
from members.decorators import member_required
from members.selectors import profile_completeness, public_profile, public_profiles

from .forms import IntroductionRequestForm
from .models import Introduction, RecommendationFeedback, StoredRecommendation
from .pipeline import Reason
from .reasons import reason_text
from .services import (
    IntroductionError,
    feedback_record,
    feedback_remove,
    introduction_can_request,
    introduction_throttle_until,
    introductions_limit,
)
from .services import introduction_request as introduction_request_service
from .services import introduction_withdraw as introduction_withdraw_service

logger = logging.getLogger(__name__)

PANEL_SIZE = 10
KNOWN_SIZE = 5
# Reasons that quote a field of the other organisation's member profile, and the field that must be public.
QUOTED_FIELDS = {"offer_meets_need": "offers", "need_met_by_offer": "needs"}


def reason_sentences(reasons, *, public: dict | None, org_name, concept_label, limit: int | None = 3) -> list[str]:
    """Sentences for stored reasons ({code, params} dicts) in the active language. With `public` (the other
    organisation's public profile fields), reasons quoting a field it keeps private are left out."""
    sentences = []
    for data in reasons or []:
        if not isinstance(data, dict) or "code" not in data:
            continue
        needed = QUOTED_FIELDS.get(data["code"])
        if public is not None and needed and needed not in public:
            continue
        try:
            text = reason_text(
                Reason(data["code"], data.get("params") or {}), org_name=org_name, concept_label=concept_label
            )
        except (KeyError, TypeError, ValueError):
            logger.warning("Unreadable stored reason %r", data)
            continue
        if text:
            sentences.append(text)
    return sentences[:limit] if limit is not None else sentences


def _reasons(row: StoredRecommendation, public: dict, org_name, concept_label) -> list[str]:
    return reason_sentences(row.reasons, public=public, org_name=org_name, concept_label=concept_label)


def reason_lookups(reason_lists):
    """Name and concept-label lookups for these lists of stored reasons (only public organisations are named)."""
    org_ids, slugs = set(), set()
    for reasons in reason_lists:
        for data in reasons or []:
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


def _lookups(rows: list[StoredRecommendation]):
    return reason_lookups(row.reasons for row in rows)


def _open_introductions(organisation, candidate_ids) -> dict[int, Introduction]:
    rows = Introduction.objects.filter(
        organisation=organisation, candidate_id__in=list(candidate_ids), status=Introduction.Status.REQUESTED
    )
    return {row.candidate_id: row for row in rows}


def _cards(rows: list[StoredRecommendation], organisation=None) -> list[dict]:
    org_name, concept_label = _lookups(rows)
    open_requests = _open_introductions(organisation, [r.candidate_id for r in rows]) if organisation else {}
    profiles = public_profiles(r.candidate_id for r in rows)
    cards = []
    for row in rows:
        public = profiles[row.candidate_id]
        cards.append(
            {
                "row": row,
                "organisation": row.candidate,
                "reasons": _reasons(row, public, org_name, concept_label),
                "offers": public.get("offers", [])[:3],
                "needs": public.get("needs", [])[:3],
                "introduction": open_requests.get(row.candidate_id),
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
        "cards": _cards(new, organisation),
        "known": _cards(known),
        "missing": completeness.missing,
        "computed_at": max((r.computed_at for r in rows), default=None),
        "saved_count": RecommendationFeedback.objects.filter(
            organisation=organisation, action=RecommendationFeedback.Action.SAVED
        ).count(),
        "introductions_count": Introduction.objects.filter(organisation=organisation).count(),
        "introduction_form": IntroductionRequestForm(),
        "next": request.get_full_path(),
    }
    return render_to_string("recommendations/panel.html", context, request=request)


def _member_organisation(request):
    """The signed-in member's organisation (`member_required` has sent everyone else to the members' overview)."""
    return request.membership.organisation


ACTIONS = {"save": "saved", "dismiss": "dismissed", "unsave": None}


@member_required
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
    # A URL, never a view name: redirect("0") would try to reverse a view called "0" and fail.
    return HttpResponseRedirect(target)


@member_required
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
    open_requests = _open_introductions(organisation, [row.candidate_id for row in page.object_list])
    profiles = public_profiles(row.candidate_id for row in page.object_list)
    items = []
    for row in page.object_list:
        public = profiles[row.candidate_id]
        items.append(
            {
                "feedback": row,
                "organisation": row.candidate,
                "offers": public.get("offers", [])[:3],
                "needs": public.get("needs", [])[:3],
                "introduction": open_requests.get(row.candidate_id),
            }
        )
    return TemplateResponse(
        request,
        "recommendations/saved.html",
        {
            "organisation": organisation,
            "page": page,
            "items": items,
            "introduction_form": IntroductionRequestForm(),
            "next": request.get_full_path(),
        },
    )


# --- Introductions -------------------------------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def introduction_request(request, candidate_id: int):
    """Ask the facilitators to introduce the member's organisation to a recommended one (GET shows the form)."""
    organisation = _member_organisation(request)
    candidate = get_object_or_404(Organisation, pk=candidate_id)
    if not introduction_can_request(organisation=organisation, candidate=candidate):
        raise Http404(_("This organisation is not among your recommendations."))
    list_url = reverse("recommendations:introductions")
    existing = Introduction.objects.filter(
        organisation=organisation, candidate=candidate, status=Introduction.Status.REQUESTED
    ).first()
    if existing is not None:
        messages.info(
            request,
            _("You have already asked for an introduction to %(name)s; a facilitator will handle it.")
            % {"name": candidate.name},
        )
        return redirect(list_url)
    form = IntroductionRequestForm(request.POST or None)
    status = 200
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            introduction_request_service(
                organisation=organisation,
                candidate=candidate,
                user=request.user,
                message=form.cleaned_data["message"],
                language=get_language() or "",
            )
        except IntroductionError as exc:
            error = str(exc)
            status = 429 if introduction_throttle_until(organisation=organisation) else 409
        else:
            messages.success(
                request,
                _(
                    "Your request for an introduction to %(name)s has been sent to the facilitators. "
                    "%(name)s hears about it only if a facilitator makes the introduction."
                )
                % {"name": candidate.name},
            )
            return HttpResponseRedirect(_safe_next(request, list_url))
    elif request.method == "GET" and introduction_throttle_until(organisation=organisation):
        limit, window = introductions_limit()
        error = ngettext(
            "Your organisation has reached the limit of %(count)s introduction request in %(hours)s hours.",
            "Your organisation has reached the limit of %(count)s introduction requests in %(hours)s hours.",
            limit,
        ) % {
            "count": limit,
            "hours": round(window.total_seconds() / 3600),
        }
    stored = StoredRecommendation.objects.filter(organisation=organisation, candidate=candidate).first()
    public = public_profile(candidate)
    reasons = []
    if stored is not None:
        org_name, concept_label = reason_lookups([stored.reasons])
        reasons = reason_sentences(stored.reasons, public=public, org_name=org_name, concept_label=concept_label)
    response = TemplateResponse(
        request,
        "recommendations/introduction_request.html",
        {
            "organisation": organisation,
            "candidate": candidate,
            "reasons": reasons,
            "form": form,
            "error": error,
            "next": _safe_next(request, ""),
        },
        status=status,
    )
    return response


@never_cache
@member_required
def introductions(request):
    """The organisation's introduction requests with their status, and the introductions made to it."""
    organisation = _member_organisation(request)
    rows = (
        Introduction.objects.filter(organisation=organisation)
        .select_related("candidate", "requested_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    # Requests made to this organisation become visible only once a facilitator has made the introduction.
    received = (
        Introduction.objects.filter(candidate=organisation, status=Introduction.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("-decided_at", "-pk")[:50]
    )
    limit, window = introductions_limit()
    return TemplateResponse(
        request,
        "recommendations/introductions.html",
        {
            "organisation": organisation,
            "page": page,
            "received": received,
            "throttled_until": introduction_throttle_until(organisation=organisation),
            "limit": limit,
            "hours": round(window.total_seconds() / 3600),
        },
    )


@never_cache
@member_required
@require_POST
def introduction_withdraw(request, pk: int):
    organisation = _member_organisation(request)
    introduction = get_object_or_404(Introduction.objects.select_related("candidate"), pk=pk, organisation=organisation)
    try:
        introduction_withdraw_service(introduction=introduction, user=request.user)
    except IntroductionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your request for an introduction to %(name)s has been withdrawn.")
            % {"name": introduction.candidate.name},
        )
    return redirect("recommendations:introductions")
