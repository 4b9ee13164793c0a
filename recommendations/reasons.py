"""Turn reason codes from the pipeline into sentences in the member's language.

The pipeline returns `Reason(code, params)`; this module renders them with Django's translation machinery, so
the same match reads in English, Dutch or German. Organisation names and concept labels are looked up through
callables the caller passes (the directory knows them); without them, ids and concept slugs are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.clusters import CLUSTER_LABELS
from recommendations.pipeline import Match, Reason

ORGANISATION_TYPES = {
    "sme": gettext_lazy("SME"),
    "company": gettext_lazy("Company"),
    "research": gettext_lazy("Research institute"),
    "university": gettext_lazy("University"),
    "public": gettext_lazy("Public body"),
    "other": gettext_lazy("Organisation"),
}
COUNTRIES = {
    "NL": gettext_lazy("the Netherlands"),
    "DE": gettext_lazy("Germany"),
    "BE": gettext_lazy("Belgium"),
}
NameLookup = Callable[[Hashable], str]


def _type(code: str) -> str:
    return str(ORGANISATION_TYPES.get(code, ORGANISATION_TYPES["other"]))


def _country(code: str) -> str:
    return str(COUNTRIES.get(code, code))


def _concept(slug: str) -> str:
    return slug.split(":", 1)[-1].replace("_", " ")


def reason_text(
    reason: Reason, *, org_name: NameLookup | None = None, concept_label: Callable[[str], str] | None = None
) -> str:
    """One sentence for one reason, in the active language. Unknown codes give an empty string."""
    p = reason.params
    name = org_name or (lambda org_id: str(org_id))
    label = concept_label or _concept
    code = reason.code
    if code == "offer_meets_need":
        return _("They offer “%(offer)s”, which meets your need “%(need)s”.") % {"offer": p["offer"], "need": p["need"]}
    if code == "need_met_by_offer":
        return _("They need “%(need)s”, which you offer (“%(offer)s”).") % {"offer": p["offer"], "need": p["need"]}
    if code == "cross_border":
        if p.get("km") is not None:
            return _("%(type)s in %(country)s, %(km)s km away.") % {
                "type": _type(p["type"]),
                "country": _country(p["country"]),
                "km": p["km"],
            }
        return _("%(type)s across the border, in %(country)s.") % {
            "type": _type(p["type"]),
            "country": _country(p["country"]),
        }
    if code == "nearby":
        return _("%(type)s, %(km)s km away.") % {"type": _type(p["type"]), "km": p["km"]}
    if code == "shared_cluster":
        return _("Both in %(cluster)s.") % {"cluster": CLUSTER_LABELS.get(p["cluster"], p["cluster"])}
    if code == "shared_concepts":
        return _("Shared topics: %(concepts)s.") % {"concepts": ", ".join(label(c) for c in p["concepts"])}
    if code == "similar_profile":
        return _("Their profile describes similar work (%(percent)s %% text similarity).") % {
            "percent": round(100 * p["similarity"])
        }
    if code == "partner_type_sought":
        return _("A partner of the kind you look for: %(type)s.") % {"type": _type(p["type"])}
    if code == "preferred_place":
        place = p.get("region") or _country(p.get("country", ""))
        return _("In a place you prefer: %(place)s.") % {"place": place}
    if code == "common_partners":
        names = ", ".join(name(i) for i in p.get("partner_ids", ()))
        return ngettext(
            "You have %(count)s partner in common: %(names)s.",
            "You have %(count)s partners in common, among them %(names)s.",
            p["count"],
        ) % {"count": p["count"], "names": names}
    if code == "network_neighbour":
        return ngettext(
            "Close to you in the collaboration network (%(paths)s indirect link).",
            "Close to you in the collaboration network (%(paths)s indirect links).",
            p["paths"],
        ) % {"paths": p["paths"]}
    if code == "works_with_your_country":
        return ngettext(
            "Already works with %(count)s organisation in %(country)s.",
            "Already works with %(count)s organisations in %(country)s.",
            p["count"],
        ) % {"count": p["count"], "country": _country(p["country"])}
    if code == "active":
        return ngettext(
            "Active in research and innovation: %(projects)s project, most recently in %(year)s.",
            "Active in research and innovation: %(projects)s projects, most recently in %(year)s.",
            p["projects"],
        ) % {"projects": p["projects"], "year": p["last_year"]}
    if code == "like_saved":
        return _("Similar to %(name)s, which you saved.") % {"name": name(p["org_id"])}
    if code == "known_partner":
        return _("You have already worked together.")
    return ""


def explain(
    match: Match,
    *,
    limit: int | None = 3,
    org_name: NameLookup | None = None,
    concept_label: Callable[[str], str] | None = None,
) -> list[str]:
    """The sentences for a match's strongest reasons, most important first."""
    sentences = _sentences(match.reasons, org_name=org_name, concept_label=concept_label)
    return sentences[:limit] if limit is not None else sentences


def _sentences(reasons: Iterable[Reason], **lookups) -> list[str]:
    return [text for text in (reason_text(r, **lookups) for r in reasons) if text]
