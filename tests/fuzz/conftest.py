"""Fixtures of the fuzzing suite: a small directory shaped like the sample data, indexed, and a WSGI application.

The data is built per test (inside the test's transaction) from the real concept taxonomy and a few dozen
organisations spread over both countries, the four clusters, several regions, types and SME states, with
descriptions in three languages and shared projects, so that every filter, facet and sort has something to do.
"""

import os
import types

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from directory import search_sync
from directory.clusters import CLUSTER_SLUGS
from directory.models import (
    Concept,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
    Project,
)
from directory.taxonomy import _concept_values, read_taxonomy
from search.backends import reset_backend_cache

# At least 100 examples per operation and form. In CI the examples are derived from the test's name, so a red run
# can be repeated exactly; elsewhere every run explores new input.
settings.register_profile(
    "fuzz",
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_SETTINGS = settings.get_profile("fuzz")

# Concept slugs the strategies use as valid filter values (they exist in the shipped taxonomy).
FUZZ_CONCEPTS = ["fuel_cell", "hydrogen", "battery_recycling", "industrial_robotics", "medical_imaging"]
REGIONS = {"NL": ["NL213", "NL211", "NL226", "NL225", "NL221"], "DE": ["DEA33", "DEA34", "DEA35", "DEA31", "DEA37"]}
CITIES = {
    "NL": ["Enschede", "Zwolle", "Arnhem", "Doetinchem", "Apeldoorn"],
    "DE": ["Münster", "Borken", "Coesfeld", "Bottrop", "Steinfurt"],
}
DESCRIPTIONS = {
    "en": "Develops hydrogen electrolysers, battery recycling and medical robotics for the border region.",
    "nl": "Ontwikkelt waterstofelektrolysers, batterijrecycling en medische robotica voor de grensregio.",
    "de": "Entwickelt Wasserstoff-Elektrolyseure, Batterierecycling und Medizinrobotik für die Grenzregion.",
}


def _organisation(i: int, types_: list[str]) -> Organisation:
    country = "NL" if i % 2 else "DE"
    city = CITIES[country][i % 5]
    return Organisation(
        name=f"{city} {['Hydrogen', 'Battery', 'Robotics', 'Medtech', 'Circular'][i % 5]} "
        f"{['Lab', 'GmbH', 'B.V.', 'Institute'][i % 4]} {i} (example)",
        slug=f"fuzz-organisation-{i}",
        type=types_[i % len(types_)],
        sme=[True, False, None][i % 3],
        country=country,
        region=REGIONS[country][i % 5],
        city=city,
        latitude=52.0 + (i % 7) / 10 if i % 6 else None,
        longitude=6.5 + (i % 5) / 10 if i % 6 else None,
        website=f"https://example-{i}.example" if i % 3 else "",
        is_public=i != 35,
    )


@pytest.fixture
def fuzz_directory(db, settings, tmp_path, monkeypatch):
    """A sample-like directory with its own search index; returns the organisations."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.ELASTICSEARCH_URL = ""
    reset_backend_cache()
    # Saves schedule re-indexing for after the commit, which never comes in a test: index explicitly below.
    monkeypatch.setattr(
        search_sync,
        "transaction",
        types.SimpleNamespace(get_connection=transaction.get_connection, on_commit=lambda *a, **k: None),
    )
    # Concepts of the real taxonomy, written in bulk (the import path with its checks is tested in tests/directory):
    # every cluster's and group's first two, which keeps the members' concept pickers small enough to render fast.
    items, per_group = [], {}
    for item in read_taxonomy()["concepts"]:
        group = item.get("cluster") or item.get("group") or ""
        per_group[group] = per_group.get(group, 0) + 1
        if per_group[group] <= 2 or item["slug"] in FUZZ_CONCEPTS:
            items.append(item)
    concepts = Concept.objects.bulk_create(Concept(slug=item["slug"], **_concept_values(item)) for item in items)
    types_ = list(Organisation.Type.values)
    projects = Project.objects.bulk_create(
        Project(source_id=f"HE:{900000 + i}", acronym=f"FUZZ{i}", title=f"Example project {i} on hydrogen")
        for i in range(6)
    )
    organisations = Organisation.objects.bulk_create(_organisation(i, types_) for i in range(36))
    clusters, tags, descriptions, participations = [], [], [], []
    for i, organisation in enumerate(organisations):
        clusters.append(OrganisationCluster(organisation=organisation, cluster=CLUSTER_SLUGS[i % 4]))
        if i % 5 == 0:
            clusters.append(OrganisationCluster(organisation=organisation, cluster=CLUSTER_SLUGS[(i + 1) % 4]))
        picked = dict.fromkeys((i * 7 + k * 13) % len(concepts) for k in range(i % 3 + 1))
        tags += [
            OrganisationConcept(organisation=organisation, concept=concepts[index], confidence=0.5 + k / 10)
            for k, index in enumerate(picked)
        ]
        descriptions += [
            OrganisationDescription(organisation=organisation, language=language, text=DESCRIPTIONS[language])
            for language in ("en", "nl", "de")[: i % 3 + 1]
        ]
        participations.append(Participation(organisation=organisation, project=projects[i % 6], role="participant"))
    OrganisationCluster.objects.bulk_create(clusters)
    OrganisationConcept.objects.bulk_create(tags)
    OrganisationDescription.objects.bulk_create(descriptions)
    Participation.objects.bulk_create(participations)
    search_sync.reindex(o.pk for o in organisations)
    yield organisations
    reset_backend_cache()


@pytest.fixture
def wsgi_app(fuzz_directory):
    """Django's WSGI handler, answering inside the test's transaction (no connection closing between requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
