"""Search documents: one plain dict per organisation, the only thing the search backends index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    LANGUAGE_CODES,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    Participation,
)

PROJECT_TEXT_LIMIT = 20_000


def _project_text(participations) -> str:
    parts: list[str] = []
    size = 0
    for participation in participations:
        project = participation.project
        for text in (project.acronym, project.title, project.objective):
            if text and size < PROJECT_TEXT_LIMIT:
                parts.append(text)
                size += len(text)
    return "\n".join(parts)[:PROJECT_TEXT_LIMIT]


def organisation_document(organisation: Organisation) -> dict:
    """The search document of one organisation (see README, "Directory data", for the contract).

    Uses prefetched relations when present (see `organisation_documents`), so it never queries per relation twice.
    """
    descriptions = dict.fromkeys(LANGUAGE_CODES, "")
    for description in organisation.descriptions.all():
        if description.language in descriptions and not descriptions[description.language]:
            descriptions[description.language] = description.text
    concept_tags = [t for t in organisation.concept_tags.all() if not t.rejected]
    concept_labels: list[str] = []
    for tag in concept_tags:
        for term in tag.concept.all_terms():
            if term not in concept_labels:
                concept_labels.append(term)
    participations = list(organisation.participations.all())
    n_projects = getattr(organisation, "n_projects", None)
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "aliases": sorted({alias.name for alias in organisation.aliases.all()}),
        "descriptions": descriptions,
        "project_text": _project_text(participations),
        "concepts": sorted(tag.concept.slug for tag in concept_tags),
        "concept_labels": concept_labels,
        "clusters": sorted(t.cluster for t in organisation.cluster_tags.all() if not t.rejected),
        "country": organisation.country,
        "region": organisation.region or "",
        "city": organisation.city,
        "type": organisation.type,
        "sme": bool(organisation.sme),
        "location": organisation.location,
        "updated_at": organisation.updated_at.isoformat() if organisation.updated_at else "",
        "n_projects": n_projects if n_projects is not None else len(participations),
    }


def with_document_relations(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Prefetch everything `organisation_document` reads: a fixed number of queries for any number of rows."""
    return queryset.annotate(n_projects=Count("participations", distinct=True)).prefetch_related(
        "aliases",
        "descriptions",
        Prefetch("cluster_tags", queryset=OrganisationCluster.objects.filter(rejected=False)),
        Prefetch("concept_tags", queryset=OrganisationConcept.objects.filter(rejected=False).select_related("concept")),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("project")
            .only("id", "organisation_id", "project__id", "project__acronym", "project__title", "project__objective")
            .order_by("-project__start_date"),
        ),
    )


def organisation_documents(queryset: QuerySet[Organisation] | None = None, *, chunk_size: int = 500) -> Iterator[dict]:
    """Documents for every public organisation of `queryset` (default: all), built in chunks with prefetching."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    queryset = queryset.filter(is_public=True).order_by("pk")
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), chunk_size):
        chunk = with_document_relations(Organisation.objects.filter(pk__in=pks[start : start + chunk_size]))
        for organisation in chunk.order_by("pk"):
            yield organisation_document(organisation)


def documents_for_ids(ids: Iterable[int]) -> list[dict]:
    return list(organisation_documents(Organisation.objects.filter(Q(pk__in=list(ids)))))


def iter_documents() -> Iterator[dict]:
    """Every public organisation's document (the search index's document provider)."""
    yield from organisation_documents()
