"""Automatic tagging: clusters and concepts for every organisation, from the texts of its projects.

Evidence, per project:
- Horizon Europe projects (and the few H2020 projects with text): a concept matches when one of its labels,
  synonyms or tagging keywords occurs in the title, topics, EuroSciVoc fields or objective. A match in the title,
  topics or fields of science scores 1.0; in the objective 0.6 when it occurs at least twice, else 0.35.
- H2020 projects without text only carry their programme part. Those are weak hints, used with care:
  SC1 (health) → health_medtech 0.3 per project, capped at 0.6 in all; SC3 (energy) → battery_hydrogen,
  SC5 (climate, resources) → circular_economy and LEIT (industrial technologies) → advanced manufacturing
  0.1 per project, capped at 0.3 — below the tagging threshold, so they only strengthen text evidence.
- Horizon Europe health-cluster topics (HORIZON-HLTH-…) → health_medtech 0.5.
- The organisation's own names: a concept in the name scores 0.6.

Per organisation the evidence is combined as a noisy-or, 1 − ∏(1 − s), and a tag is kept from a confidence
of 0.5. A concept of a cluster also counts as evidence for its cluster. Staff tags (source=staff) and tags staff
rejected are never changed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from django.db import transaction

from .clusters import (
    ADVANCED_MANUFACTURING_ROBOTICS,
    BATTERY_HYDROGEN,
    CIRCULAR_ECONOMY,
    CLUSTER_SLUGS,
    HEALTH_MEDTECH,
)
from .models import (
    LANGUAGE_CODES,
    Concept,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    OrganisationConcept,
    Participation,
    Project,
    TagSource,
)

THRESHOLD = 0.5
STRONG, REPEATED, SINGLE, NAME = 1.0, 0.6, 0.35, 0.6
PROGRAMME_HINTS = {
    "SC1": (HEALTH_MEDTECH, 0.3, 0.6),
    "SC3": (BATTERY_HYDROGEN, 0.1, 0.3),
    "SC5": (CIRCULAR_ECONOMY, 0.1, 0.3),
    "LEIT": (ADVANCED_MANUFACTURING_ROBOTICS, 0.1, 0.3),
}
TOPIC_HINTS = [(re.compile(r"HORIZON-HLTH-"), HEALTH_MEDTECH, 0.5)]


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


class TermIndex:
    """All concept terms, matched word by word in one pass over a text.

    Labels and synonyms match as whole words (case-insensitive); tagging keywords match at the start of a word
    (their last word is a prefix: "electroly" matches "electrolyser"); abbreviations written in capitals ("H2",
    "PEM") match case-sensitively as whole words.
    """

    def __init__(self, concepts):
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]] = defaultdict(list)
        self.stems: dict[str, set[int]] = defaultdict(set)  # one-word keyword stems
        self.abbreviations: dict[str, set[int]] = defaultdict(set)
        self.cluster_of: dict[int, str] = {}
        self.max_stem = 0
        for concept in concepts:
            self.cluster_of[concept.pk] = concept.cluster
            for language in LANGUAGE_CODES:
                for term in [getattr(concept, f"label_{language}"), *concept.synonyms(language)]:
                    term = term.strip()
                    if len(term) < 2:
                        continue
                    if _is_abbreviation(term) and len(_words(term)) == 1:
                        self.abbreviations[term].add(concept.pk)
                    elif len(term) >= 4:
                        self._add(_words(term.lower()), prefix=False, concept_id=concept.pk)
            for keyword in (concept.keywords or "").splitlines():
                keyword = keyword.strip().lower()
                if len(keyword) >= 3:
                    self._add(_words(keyword), prefix=True, concept_id=concept.pk)

    def _add(self, words: list[str], *, prefix: bool, concept_id: int) -> None:
        if not words:
            return
        if prefix and len(words) == 1:
            self.stems[words[0]].add(concept_id)
            self.max_stem = max(self.max_stem, len(words[0]))
        else:
            self.phrases[words[0]].append((tuple(words[1:]), prefix, concept_id))

    def counts(self, text: str) -> dict[int, int]:
        """How often each concept occurs in `text` (one count per word position, however many terms match)."""
        found: Counter = Counter()
        if not text:
            return {}
        original = _words(text)
        words = [word.lower() for word in original]
        for i, word in enumerate(words):
            hits: set[int] = set(self.abbreviations.get(original[i], ()))
            for rest, prefix, concept_id in self.phrases.get(word, ()):
                following = words[i + 1 : i + 1 + len(rest)]
                if len(following) != len(rest):
                    continue
                if prefix:
                    if tuple(following[:-1]) == rest[:-1] and following[-1].startswith(rest[-1]):
                        hits.add(concept_id)
                elif tuple(following) == rest:
                    hits.add(concept_id)
            for length in range(3, min(len(word), self.max_stem) + 1):
                hits.update(self.stems.get(word[:length], ()))
            found.update(hits)
        return dict(found)


def _is_abbreviation(term: str) -> bool:
    letters = [ch for ch in term if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(term) <= 8


def project_evidence(project: dict, index: TermIndex) -> tuple[dict[int, float], dict[str, float]]:
    """Concept scores and cluster hints for one project (a dict of Project values)."""
    concepts: dict[int, float] = {}
    clusters: dict[str, float] = {}
    head = " ".join(
        [
            project.get("title") or "",
            project.get("topics") or "",
            (project.get("fields_of_science") or "").replace("/", " "),
        ]
    )
    for concept_id, n in index.counts(project.get("objective") or "").items():
        concepts[concept_id] = REPEATED if n >= 2 else SINGLE
    for concept_id in index.counts(head):
        concepts[concept_id] = STRONG
    for pattern, cluster, score in TOPIC_HINTS:
        if pattern.search(project.get("topics") or ""):
            clusters[cluster] = max(clusters.get(cluster, 0.0), score)
    return concepts, clusters


def _noisy_or(scores) -> float:
    remaining = 1.0
    for score in scores:
        remaining *= 1.0 - min(score, 0.99)
    return round(1.0 - remaining, 3)


def compute_tags(organisation_ids=None) -> tuple[dict[int, dict[str, float]], dict[int, dict[int, float]]]:
    """The automatic cluster and concept tags (with confidence) each organisation should have."""
    concepts = list(Concept.objects.all())
    index = TermIndex(concepts)
    cluster_of = index.cluster_of

    orgs = Organisation.objects.filter(is_public=True)
    if organisation_ids is not None:
        orgs = orgs.filter(pk__in=list(organisation_ids))
    names = defaultdict(list)
    for pk, name in orgs.values_list("pk", "name"):
        names[pk].append(name)
    for org_id, alias in OrganisationAlias.objects.filter(organisation_id__in=names.keys()).values_list(
        "organisation_id", "name"
    ):
        names[org_id].append(alias)

    participations = defaultdict(list)
    for org_id, project_id in Participation.objects.filter(organisation_id__in=names.keys()).values_list(
        "organisation_id", "project_id"
    ):
        participations[org_id].append(project_id)
    project_ids = {pid for pids in participations.values() for pid in pids}
    evidence = {}
    programmes = {}
    for project in (
        Project.objects.filter(pk__in=project_ids)
        .values("pk", "title", "objective", "topics", "fields_of_science", "programme")
        .iterator(chunk_size=2000)
    ):
        evidence[project["pk"]] = project_evidence(project, index)
        programmes[project["pk"]] = [p.strip() for p in (project["programme"] or "").split(";") if p.strip()]

    cluster_tags: dict[int, dict[str, float]] = {}
    concept_tags: dict[int, dict[int, float]] = {}
    for org_id, org_names in names.items():
        concept_scores: dict[int, list[float]] = defaultdict(list)
        cluster_scores: dict[str, list[float]] = defaultdict(list)
        hint_totals: Counter = Counter()
        for project_id in participations.get(org_id, []):
            project_concepts, project_clusters = evidence.get(project_id, ({}, {}))
            for concept_id, score in project_concepts.items():
                concept_scores[concept_id].append(score)
            per_cluster: dict[str, float] = dict(project_clusters)
            for concept_id, score in project_concepts.items():
                cluster = cluster_of.get(concept_id)
                if cluster:
                    per_cluster[cluster] = max(per_cluster.get(cluster, 0.0), score)
            for cluster, score in per_cluster.items():
                cluster_scores[cluster].append(score)
            for programme in programmes.get(project_id, []):
                if programme in PROGRAMME_HINTS:
                    cluster, score, cap = PROGRAMME_HINTS[programme]
                    if hint_totals[cluster] + score <= cap + 1e-9:
                        hint_totals[cluster] += score
                        cluster_scores[cluster].append(score)
        for concept_id in index.counts(" ".join(org_names)):
            concept_scores[concept_id].append(NAME)
            if cluster_of.get(concept_id):
                cluster_scores[cluster_of[concept_id]].append(NAME)
        concepts_kept = {cid: _noisy_or(s) for cid, s in concept_scores.items() if _noisy_or(s) >= THRESHOLD}
        clusters_kept = {c: _noisy_or(s) for c, s in cluster_scores.items() if _noisy_or(s) >= THRESHOLD}
        if concepts_kept:
            concept_tags[org_id] = concepts_kept
        if clusters_kept:
            cluster_tags[org_id] = clusters_kept
    return cluster_tags, concept_tags


@transaction.atomic
def retag(*, organisation_ids=None) -> dict[str, int]:
    """Replace the automatic tags of the organisations (default: all) with freshly computed ones.

    Staff tags and tags rejected by staff stay as they are. Returns what changed.
    """
    cluster_tags, concept_tags = compute_tags(organisation_ids)
    counts = Counter()
    for model, field, wanted in [
        (OrganisationCluster, "cluster", cluster_tags),
        (OrganisationConcept, "concept_id", concept_tags),
    ]:
        existing = model.objects.all()
        if organisation_ids is not None:
            existing = existing.filter(organisation_id__in=list(organisation_ids))
        current = {}
        protected = set()
        for tag in existing.only("pk", "organisation_id", field, "confidence", "source", "rejected"):
            key = (tag.organisation_id, getattr(tag, field))
            if tag.source == TagSource.STAFF or tag.rejected:
                protected.add(key)
            else:
                current[key] = tag
        desired = {(org_id, value): conf for org_id, values in wanted.items() for value, conf in values.items()}
        to_create, to_update, to_delete = [], [], []
        for key, confidence in desired.items():
            if key in protected:
                continue
            tag = current.get(key)
            if tag is None:
                to_create.append(
                    model(organisation_id=key[0], **{field: key[1]}, confidence=confidence, source=TagSource.AUTOMATIC)
                )
            elif abs(tag.confidence - confidence) > 1e-6:
                tag.confidence = confidence
                to_update.append(tag)
        to_delete = [tag.pk for key, tag in current.items() if key not in desired]
        model.objects.bulk_create(to_create, batch_size=1000)
        model.objects.bulk_update(to_update, ["confidence"], batch_size=1000)
        for start in range(0, len(to_delete), 500):
            model.objects.filter(pk__in=to_delete[start : start + 500]).delete()
        name = model._meta.model_name
        counts[f"{name} created"] += len(to_create)
        counts[f"{name} updated"] += len(to_update)
        counts[f"{name} removed"] += len(to_delete)
    if any(counts.values()):
        from .search_sync import organisations_retagged  # the search index follows, in bulk, after the commit

        organisations_retagged(organisation_ids)
    return dict(counts)


def cluster_counts() -> dict[str, int]:
    """How many public organisations are in each cluster (staff and automatic tags, rejected ones excluded)."""
    counts = dict.fromkeys(CLUSTER_SLUGS, 0)
    rows = (
        OrganisationCluster.objects.filter(rejected=False, organisation__is_public=True)
        .values_list("cluster", flat=True)
        .order_by()
    )
    for cluster in rows:
        counts[cluster] = counts.get(cluster, 0) + 1
    return counts
