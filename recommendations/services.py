"""Recommendations from the directory: build pipeline profiles from the database, precompute and store matches,
and record what members do with them.

The pipeline itself (recommendations.pipeline) never sees the ORM; this module is the only bridge.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from directory.models import (
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
)
from members.models import Membership
from members.models import Profile as MemberProfile
from members.selectors import member_profiles

from .models import Introduction, RecommendationFeedback, StoredRecommendation
from .pipeline import PARTNER_TYPES, CandidateIndex, Feedback, Item, Profile, Recommendations, build_index, precompute

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
KNOWN_LIMIT = 5


def _limit() -> int:
    return int(getattr(settings, "RECOMMENDATIONS_LIMIT", DEFAULT_LIMIT))


# --- Profiles from the database -------------------------------------------------------------------------------


def _items(rows) -> tuple[Item, ...]:
    return tuple(Item(kind=r["kind"], text=r["text"], concepts=tuple(r["concepts"])) for r in rows)


def build_profiles(organisation_ids: Iterable[int] | None = None) -> list[Profile]:
    """Pipeline profiles for the given organisations (default: public ones plus every member organisation),
    from directory data and, where there is one, the member profile."""
    if organisation_ids is None:
        organisations = Organisation.objects.filter(
            Q(is_public=True) | Q(pk__in=Membership.objects.values("organisation_id"))
        )
    else:
        organisations = Organisation.objects.filter(pk__in=list(organisation_ids))
    organisations = list(
        organisations.order_by("pk").values(
            "pk", "name", "country", "region", "city", "latitude", "longitude", "type", "sme"
        )
    )
    ids = [o["pk"] for o in organisations]
    id_set = set(ids)

    clusters: dict[int, list[str]] = defaultdict(list)
    for org_id, cluster in OrganisationCluster.objects.filter(rejected=False).values_list("organisation_id", "cluster"):
        if org_id in id_set:
            clusters[org_id].append(cluster)
    concepts: dict[int, list[str]] = defaultdict(list)
    for org_id, slug in OrganisationConcept.objects.filter(rejected=False).values_list(
        "organisation_id", "concept__slug"
    ):
        if org_id in id_set:
            concepts[org_id].append(slug)
    descriptions: dict[int, dict[str, str]] = defaultdict(dict)
    for org_id, language, text in OrganisationDescription.objects.exclude(text="").values_list(
        "organisation_id", "language", "text"
    ):
        if org_id in id_set:
            existing = descriptions[org_id].get(language)
            descriptions[org_id][language] = f"{existing}\n{text}" if existing else text

    # Collaboration links: organisations that took part in the same project.
    by_project: dict[int, list[int]] = defaultdict(list)
    activity: dict[int, int] = defaultdict(int)
    last_year: dict[int, int] = {}
    for org_id, project_id, start in Participation.objects.values_list(
        "organisation_id", "project_id", "project__start_date"
    ):
        by_project[project_id].append(org_id)
        if org_id in id_set:
            activity[org_id] += 1
            if start is not None:
                last_year[org_id] = max(last_year.get(org_id, start.year), start.year)
    partners: dict[int, set[int]] = defaultdict(set)
    for members in by_project.values():
        if len(members) < 2:
            continue
        for org_id in members:
            if org_id in id_set:
                partners[org_id].update(m for m in members if m != org_id)

    profile_data = member_profiles(ids if organisation_ids is not None else None)

    profiles = []
    for o in organisations:
        pk = o["pk"]
        extra = profile_data.get(pk, {})
        profiles.append(
            Profile(
                org_id=pk,
                name=o["name"],
                country=o["country"] or "",
                region=o["region"] or "",
                city=o["city"] or "",
                lat=o["latitude"],
                lon=o["longitude"],
                type=o["type"] if o["type"] in PARTNER_TYPES else "other",
                sme=o["sme"],
                clusters=tuple(sorted(clusters.get(pk, ()))),
                concepts=tuple(sorted(concepts.get(pk, ()))),
                descriptions=dict(descriptions.get(pk, {})),
                offers=_items(extra.get("offers", ())),
                needs=_items(extra.get("needs", ())),
                partner_types_sought=tuple(t for t in extra.get("partner_types_sought", ()) if t in PARTNER_TYPES),
                preferred_countries=tuple(extra.get("preferred_countries", ())),
                preferred_regions=tuple(extra.get("preferred_regions", ())),
                languages=tuple(extra.get("languages", ())),
                known_partner_ids=tuple(sorted(partners.get(pk, ()))),
                activity=float(activity.get(pk, 0)),
                last_active_year=last_year.get(pk),
            )
        )
    return profiles


# --- The candidate index, cached between single-organisation recomputations ------------------------------------

_cache_lock = threading.Lock()
_cache: dict = {}


def _fingerprint() -> tuple:
    """Cheap aggregates that change whenever the candidates' data changes."""
    orgs = Organisation.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    profiles = MemberProfile.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (
        orgs["n"],
        orgs["latest"],
        profiles["n"],
        profiles["latest"],
        OrganisationCluster.objects.count(),
        OrganisationConcept.objects.count(),
        OrganisationDescription.objects.count(),
        Participation.objects.count(),
    )


def candidate_index(*, profiles: list[Profile] | None = None, fresh: bool = False) -> CandidateIndex:
    """The index over public organisations. Reused while the directory has not changed (and for at most
    RECOMMENDATIONS_INDEX_MAX_AGE seconds), so recomputing one member after a profile edit stays cheap."""
    key = _fingerprint()
    max_age = float(getattr(settings, "RECOMMENDATIONS_INDEX_MAX_AGE", 3600))
    with _cache_lock:
        cached = _cache.get("index")
        if (
            not fresh
            and cached is not None
            and _cache.get("key") == key
            and time.monotonic() - _cache.get("built", 0) <= max_age
        ):
            return cached
    if profiles is None:
        profiles = build_profiles()
    public_ids = set(Organisation.objects.public().values_list("pk", flat=True))
    candidates = [p for p in profiles if p.org_id in public_ids]
    index = build_index(candidates)
    with _cache_lock:
        _cache.update(index=index, key=key, built=time.monotonic())
    return index


def clear_index_cache() -> None:
    with _cache_lock:
        _cache.clear()


# --- Precomputation ---------------------------------------------------------------------------------------------


def member_organisation_ids() -> list[int]:
    return sorted(set(Membership.objects.values_list("organisation_id", flat=True)))


def feedback_for(organisation_ids: Iterable[int]) -> dict[int, Feedback]:
    saved: dict[int, set[int]] = defaultdict(set)
    dismissed: dict[int, set[int]] = defaultdict(set)
    for org_id, candidate_id, action in RecommendationFeedback.objects.filter(
        organisation_id__in=list(organisation_ids)
    ).values_list("organisation_id", "candidate_id", "action"):
        (saved if action == RecommendationFeedback.Action.SAVED else dismissed)[org_id].add(candidate_id)
    return {
        org_id: Feedback(saved=frozenset(saved.get(org_id, ())), dismissed=frozenset(dismissed.get(org_id, ())))
        for org_id in set(saved) | set(dismissed)
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def store(organisation_id: int, result: Recommendations, *, dismissed: Iterable[int] = ()) -> int:
    """Replace the organisation's stored recommendations in one transaction; returns how many were stored."""
    dismissed = set(dismissed)
    now = timezone.now()
    rows = []
    for known, matches in ((False, result.matches), (True, result.known)):
        for rank, match in enumerate(matches, start=1):
            if match.org_id in dismissed:
                continue
            rows.append(
                StoredRecommendation(
                    organisation_id=organisation_id,
                    candidate_id=int(match.org_id),
                    rank=rank,
                    score=float(match.score) if np.isfinite(match.score) else 0.0,
                    reasons=[{"code": r.code, "params": _jsonable(dict(r.params))} for r in match.reasons],
                    known_partner=known or bool(match.known_partner),
                    computed_at=now,
                )
            )
    with transaction.atomic():
        StoredRecommendation.objects.filter(organisation_id=organisation_id).delete()
        StoredRecommendation.objects.bulk_create(rows)
    return len(rows)


def recommendations_compute(
    *,
    organisation_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, int]:
    """Precompute and store the top recommendations of member organisations (all of them by default).

    Returns {organisation id: number of stored recommendations}. With all members, the candidate index is
    rebuilt; for a few organisations a cached index is reused while the directory is unchanged."""
    members = member_organisation_ids()
    if organisation_ids is not None:
        wanted = set(organisation_ids)
        members = [m for m in members if m in wanted]
    if not members:
        return {}
    if organisation_ids is None:
        profiles = build_profiles()
        index = candidate_index(profiles=profiles, fresh=True)
        by_id = {p.org_id: p for p in profiles}
        member_profiles_ = [by_id[m] for m in members if m in by_id]
    else:
        index = candidate_index()
        member_profiles_ = build_profiles(members)
    feedback = feedback_for(members)
    stored: dict[int, int] = {}

    def sink(org_id, result: Recommendations) -> None:
        f = feedback.get(org_id)
        stored[org_id] = store(org_id, result, dismissed=f.dismissed if f else ())

    if len(index):
        precompute(index, member_profiles_, limit=_limit(), feedback=feedback, progress=progress, sink=sink, block=64)
    else:
        empty = Recommendations(matches=())
        for p in member_profiles_:
            sink(p.org_id, empty)
        if progress:
            progress(len(member_profiles_), len(member_profiles_))
    return stored


def recommendations_compute_safely(organisation_id: int) -> None:
    """Recompute one member after its profile changed; never lets an error reach the request."""
    try:
        recommendations_compute(organisation_ids=[organisation_id])
    except Exception:
        logger.exception("Recomputing recommendations for organisation %s failed", organisation_id)


# --- Feedback ---------------------------------------------------------------------------------------------------


def feedback_record(*, organisation: Organisation, candidate: Organisation, action: str, user=None):
    """Save or dismiss a recommended organisation (the latest action wins). A dismissed organisation's stored
    recommendation is removed at once; both actions steer the next computation."""
    if action not in RecommendationFeedback.Action.values:
        raise ValueError(f"unknown action {action!r}")
    if organisation.pk == candidate.pk:
        raise ValueError("an organisation cannot give feedback on itself")
    with transaction.atomic():
        feedback, _created = RecommendationFeedback.objects.update_or_create(
            organisation=organisation,
            candidate=candidate,
            defaults={
                "action": action,
                "user": user if user and user.is_authenticated else None,
                "created_at": timezone.now(),
            },
        )
        if action == RecommendationFeedback.Action.DISMISSED:
            StoredRecommendation.objects.filter(organisation=organisation, candidate=candidate).delete()
    return feedback


def feedback_remove(*, organisation: Organisation, candidate: Organisation) -> bool:
    """Take an organisation off the saved list (it may be recommended again)."""
    deleted, _ = RecommendationFeedback.objects.filter(
        organisation=organisation, candidate=candidate, action=RecommendationFeedback.Action.SAVED
    ).delete()
    return bool(deleted)


# --- Introductions ----------------------------------------------------------------------------------------------

INTRODUCTIONS_PER_DAY = 10
INTRODUCTIONS_WINDOW_HOURS = 24
EMAIL_LANGUAGES = ("en", "nl", "de")


class IntroductionError(Exception):
    """An introduction cannot be requested, withdrawn or decided; the message is shown to the person."""


def introductions_limit() -> tuple[int, timedelta]:
    """How many introductions a member organisation may request, and in which sliding window."""
    per_window = int(getattr(settings, "RECOMMENDATIONS_INTRODUCTIONS_PER_DAY", INTRODUCTIONS_PER_DAY))
    hours = float(getattr(settings, "RECOMMENDATIONS_INTRODUCTIONS_WINDOW_HOURS", INTRODUCTIONS_WINDOW_HOURS))
    return per_window, timedelta(hours=hours)


def introduction_throttle_until(*, organisation: Organisation):
    """When the organisation may request its next introduction, or None if it may now.

    Counted from the rows in the database (withdrawn requests count too), so the limit holds across worker
    processes."""
    limit, window = introductions_limit()
    times = list(
        Introduction.objects.filter(organisation=organisation, created_at__gt=timezone.now() - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if limit <= 0:
        return timezone.now() + window
    if len(times) >= limit:
        return times[limit - 1] + window
    return None


def introduction_can_request(*, organisation: Organisation, candidate: Organisation) -> bool:
    """Members ask to meet organisations recommended to them or on their saved list (never a dismissed one)."""
    if organisation.pk == candidate.pk or not candidate.is_public:
        return False
    feedback = RecommendationFeedback.objects.filter(organisation=organisation, candidate=candidate).first()
    if feedback is not None:
        return feedback.action == RecommendationFeedback.Action.SAVED
    return StoredRecommendation.objects.filter(organisation=organisation, candidate=candidate).exists()


def introduction_request(
    *, organisation: Organisation, candidate: Organisation, user=None, message: str = "", language: str = ""
) -> Introduction:
    """Ask the facilitators for an introduction. Nothing is sent to the candidate organisation at this point."""
    message = (message or "").strip()
    if not introduction_can_request(organisation=organisation, candidate=candidate):
        raise IntroductionError(_("You can ask for an introduction only to organisations recommended to you."))
    with transaction.atomic():
        # Serialise the requests of one organisation, so that the limit and the one-open-request rule hold
        # when two requests arrive at once.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if Introduction.objects.filter(
            organisation=organisation, candidate=candidate, status=Introduction.Status.REQUESTED
        ).exists():
            raise IntroductionError(
                _("You have already asked for an introduction to %(name)s; a facilitator will handle it.")
                % {"name": candidate.name}
            )
        until = introduction_throttle_until(organisation=organisation)
        if until is not None:
            limit, window = introductions_limit()
            raise IntroductionError(
                ngettext(
                    "Your organisation has asked for %(count)s introduction in the last %(hours)s hours, the most "
                    "we accept. You can ask again from %(time)s.",
                    "Your organisation has asked for %(count)s introductions in the last %(hours)s hours, the most "
                    "we accept. You can ask again from %(time)s.",
                    limit,
                )
                % {
                    "count": limit,
                    "hours": round(window.total_seconds() / 3600),
                    "time": date_format(timezone.localtime(until), "DATETIME_FORMAT"),
                }
            )
        stored = StoredRecommendation.objects.filter(organisation=organisation, candidate=candidate).first()
        introduction = Introduction(
            organisation=organisation,
            candidate=candidate,
            requested_by=user if user is not None and user.is_authenticated else None,
            message=message,
            language=(language or "")[:2] if (language or "")[:2] in EMAIL_LANGUAGES else "",
            reasons=list(stored.reasons) if stored else [],
        )
        introduction.full_clean()
        try:
            with transaction.atomic():
                introduction.save()
        except IntegrityError as error:
            raise IntroductionError(
                _("You have already asked for an introduction to %(name)s; a facilitator will handle it.")
                % {"name": candidate.name}
            ) from error
    logger.info(
        "Introduction %s requested: organisation %s → %s by user %s",
        introduction.pk,
        organisation.pk,
        candidate.pk,
        introduction.requested_by_id,
    )
    return introduction


def introduction_withdraw(*, introduction: Introduction, user=None) -> Introduction:
    """The member takes back a request the facilitators have not decided yet."""
    with transaction.atomic():
        introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if introduction.status != Introduction.Status.REQUESTED:
            raise IntroductionError(_("This introduction has already been decided and can no longer be withdrawn."))
        introduction.status = Introduction.Status.WITHDRAWN
        introduction.decided_at = timezone.now()  # when it was closed; decided_by stays empty (no facilitator)
        introduction.save(update_fields=["status", "decided_at"])
        log(
            introduction, "recommendations.introduction.withdraw", user=user if user and user.is_authenticated else None
        )
    logger.info("Introduction %s withdrawn by user %s", introduction.pk, getattr(user, "pk", None))
    return introduction


def introduction_decide(*, introduction: Introduction, accept: bool, user, note: str = "") -> Introduction:
    """Accept or decline an open request, in one transaction, and then e-mail the people concerned.

    On acceptance both organisations get an e-mail introducing the other with its public contact details; on
    refusal only the requester hears. Who decided and when is recorded on the introduction and in the admin log.
    """
    note = (note or "").strip()
    with transaction.atomic():
        introduction = (
            # Lock the introduction row only: PostgreSQL cannot lock the nullable side of the outer join to the requester.
            Introduction.objects.select_for_update(of=("self",))
            .select_related("organisation", "candidate", "requested_by")
            .get(pk=introduction.pk)
        )
        if introduction.status != Introduction.Status.REQUESTED:
            raise IntroductionError(_("This introduction has already been decided or withdrawn."))
        introduction.status = Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED
        introduction.decided_at = timezone.now()
        introduction.decided_by = user
        introduction.facilitator_note = note
        introduction.save(update_fields=["status", "decided_at", "decided_by", "facilitator_note"])
        log(
            introduction,
            "recommendations.introduction.accept" if accept else "recommendations.introduction.decline",
            user=user,
        )
    logger.info("Introduction %s %s by user %s", introduction.pk, introduction.status, getattr(user, "pk", None))
    introduction_notify(introduction=introduction)
    return introduction


# E-mails


def _user_language(user) -> str:
    """The language a person chose in the admin account settings, if any (else unknown)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    language = (profile.preferred_language if profile else "") or ""
    return language[:2] if language[:2] in EMAIL_LANGUAGES else ""


def introduction_recipients(introduction: Introduction) -> dict[str, list[tuple[str, str, str]]]:
    """Who hears about a decision: {"requester": [...], "candidate": [...]}, each (e-mail, name, language).

    The requester side is the person who asked (in the language of the request), or, if that account is gone,
    the administrators of the organisation. The candidate side is its members, or else its public e-mail
    address. Where a language is not known, English is used."""

    def people(organisation, *, admins_only=False):
        memberships = Membership.objects.filter(organisation=organisation).select_related("user")
        if admins_only:
            memberships = memberships.filter(role="admin")
        return [
            (m.user.email, m.user.get_full_name() or m.user.email, _user_language(m.user) or "en")
            for m in memberships
            if m.user.email and m.user.is_active
        ]

    requester = []
    person = introduction.requested_by
    if person is not None and person.email and person.is_active:
        language = introduction.language or _user_language(person) or "en"
        requester.append((person.email, person.get_full_name() or person.email, language))
    else:
        requester = people(introduction.organisation, admins_only=True) or people(introduction.organisation)
    candidate = people(introduction.candidate)
    if not candidate and introduction.candidate.email:
        candidate = [(introduction.candidate.email, introduction.candidate.name, "en")]
    return {"requester": requester, "candidate": candidate}


def contact_details(organisation: Organisation) -> dict:
    """The public contact details of an organisation, as shown in introduction e-mails."""
    from members.services import absolute_url

    place = ", ".join(part for part in (organisation.city, organisation.country) if part)
    return {
        "name": organisation.name,
        "type": organisation.get_type_display(),
        "place": place,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "url": absolute_url(organisation.get_absolute_url()) if organisation.is_public else "",
    }


def introduction_notify(*, introduction: Introduction) -> int:
    """Send the e-mails of a decision, one per recipient in the recipient's language; returns how many."""
    if introduction.status not in (Introduction.Status.ACCEPTED, Introduction.Status.DECLINED):
        return 0
    recipients = introduction_recipients(introduction)
    accepted = introduction.status == Introduction.Status.ACCEPTED
    messages = []
    jobs = [("requester", introduction.organisation, introduction.candidate)]
    if accepted:
        jobs.append(("candidate", introduction.candidate, introduction.organisation))
    for side, own, other in jobs:
        for email, name, language in recipients[side]:
            with translation.override(language):
                context = {
                    "introduction": introduction,
                    "recipient_name": name,
                    "own": own,
                    "other": contact_details(other),
                    "requester": introduction.requested_by if side == "candidate" else None,
                    "candidate_reached": bool(recipients["candidate"]),
                    "site_name": settings.WAGTAIL_SITE_NAME,
                }
                if side == "requester" and accepted:
                    subject = _("Introduction to %(name)s") % {"name": other.name}
                    template = "recommendations/email/introduction_accepted_requester.txt"
                elif side == "requester":
                    subject = _("Your introduction request for %(name)s") % {"name": other.name}
                    template = "recommendations/email/introduction_declined.txt"
                else:
                    subject = _("Introduction to %(name)s") % {"name": other.name}
                    template = "recommendations/email/introduction_accepted_candidate.txt"
                body = render_to_string(template, context)
                # Names come from imported data: a line break in a subject would make the header invalid.
                messages.append(EmailMessage(" ".join(str(subject).split()), body, None, [email]))
    if not messages:
        logger.warning("Introduction %s was decided but nobody could be e-mailed", introduction.pk)
        return 0
    sent = 0
    try:
        sent = get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("E-mails about introduction %s could not be sent", introduction.pk)
    return sent
