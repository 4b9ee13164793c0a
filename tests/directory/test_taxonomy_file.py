"""The curated concept taxonomy file (directory/data/concepts.json) is complete and consistent."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from directory.clusters import CLUSTER_SLUGS

TAXONOMY_FILE = Path(settings.BASE_DIR) / "directory" / "data" / "concepts.json"
LANGUAGES = ("en", "nl", "de")


@pytest.fixture(scope="module")
def taxonomy():
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def group_slugs(taxonomy):
    return {group["slug"] for group in taxonomy["groups"]}


def test_file_declares_its_format_and_languages(taxonomy):
    assert taxonomy["format"] == "techland-concepts"
    assert taxonomy["version"] == 1
    assert taxonomy["languages"] == list(LANGUAGES)


def test_at_least_150_concepts_with_unique_slugs(taxonomy):
    slugs = [concept["slug"] for concept in taxonomy["concepts"]]
    assert len(slugs) >= 150
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    assert duplicates == []


def test_slugs_are_stable_identifiers(taxonomy, group_slugs):
    pattern = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
    bad = [c["slug"] for c in taxonomy["concepts"] if not pattern.match(c["slug"])]
    bad += [slug for slug in group_slugs if not pattern.match(slug)]
    assert bad == []


def test_every_concept_and_group_has_three_labels(taxonomy):
    missing = []
    for item in [*taxonomy["groups"], *taxonomy["concepts"]]:
        for language in LANGUAGES:
            label = item["labels"].get(language, "")
            if not isinstance(label, str) or not label.strip():
                missing.append(f"{item['slug']}:{language}")
    assert missing == []


def test_synonyms_are_lists_of_strings_per_language(taxonomy):
    bad = []
    for concept in taxonomy["concepts"]:
        synonyms = concept["synonyms"]
        if set(synonyms) != set(LANGUAGES):
            bad.append(concept["slug"])
            continue
        for language in LANGUAGES:
            values = synonyms[language]
            if not isinstance(values, list) or any(not isinstance(v, str) or not v.strip() for v in values):
                bad.append(f"{concept['slug']}:{language}")
    assert bad == []


def test_every_concept_belongs_to_a_known_cluster_or_group(taxonomy, group_slugs):
    bad = []
    for concept in taxonomy["concepts"]:
        cluster, group = concept.get("cluster"), concept.get("group")
        if (cluster is None) == (group is None):
            bad.append(f"{concept['slug']}: exactly one of cluster and group")
        elif cluster is not None and cluster not in CLUSTER_SLUGS:
            bad.append(f"{concept['slug']}: unknown cluster {cluster}")
        elif group is not None and group not in group_slugs:
            bad.append(f"{concept['slug']}: unknown group {group}")
    assert bad == []


def test_every_cluster_and_group_has_concepts(taxonomy, group_slugs):
    used = {c["cluster"] or c["group"] for c in taxonomy["concepts"]}
    assert set(CLUSTER_SLUGS) <= used
    assert group_slugs <= used
    for cluster in CLUSTER_SLUGS:
        assert sum(1 for c in taxonomy["concepts"] if c["cluster"] == cluster) >= 25, cluster


def test_broader_concepts_exist_and_form_no_cycles(taxonomy):
    by_slug = {c["slug"]: c for c in taxonomy["concepts"]}
    for concept in taxonomy["concepts"]:
        seen = {concept["slug"]}
        parent = concept.get("broader")
        while parent is not None:
            assert parent in by_slug, f"{concept['slug']}: unknown broader concept {parent}"
            assert parent not in seen, f"{concept['slug']}: cycle through {parent}"
            seen.add(parent)
            parent = by_slug[parent].get("broader")


def test_keywords_are_lower_case_english_phrases(taxonomy):
    bad = [
        f"{c['slug']}: {keyword!r}"
        for c in taxonomy["concepts"]
        for keyword in c.get("keywords", [])
        if keyword != keyword.lower() or not keyword.strip()
    ]
    assert bad == []


def test_cross_lingual_terms_for_hydrogen_and_fuel_cells(taxonomy):
    """The examples the search relies on: the same concept is found by its Dutch, German and English names."""
    by_slug = {c["slug"]: c for c in taxonomy["concepts"]}

    def terms(slug):
        concept = by_slug[slug]
        return {t.lower() for lang in LANGUAGES for t in [concept["labels"][lang], *concept["synonyms"][lang]]}

    assert {"hydrogen", "waterstof", "wasserstoff", "h2"} <= terms("hydrogen")
    assert {"electrolyser", "elektrolyser", "elektrolyseur"} <= terms("water_electrolysis")
    assert "pem" in terms("pem_electrolysis")
    assert {"fuel cell", "brandstofcel", "brennstoffzelle"} <= terms("fuel_cell")
