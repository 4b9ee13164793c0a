import pytest
from django.db import IntegrityError, transaction

from directory.models import (
    Concept,
    Identifier,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
)
from directory.regions import is_border_region, region_for, region_name

pytestmark = pytest.mark.django_db


def make_org(**kwargs):
    defaults = {"name": "Example Lab B.V.", "slug": "example-lab", "country": "NL"}
    defaults.update(kwargs)
    return Organisation.objects.create(**defaults)


def test_identifier_is_unique_per_scheme():
    first = make_org()
    second = make_org(name="Other", slug="other")
    Identifier.objects.create(organisation=first, scheme="pic", value="999999999")
    Identifier.objects.create(organisation=second, scheme="vat", value="999999999")
    with pytest.raises(IntegrityError), transaction.atomic():
        Identifier.objects.create(organisation=second, scheme="pic", value="999999999")


def test_description_prefers_reader_language_then_english():
    org = make_org()
    OrganisationDescription.objects.create(organisation=org, language="en", text="English text")
    OrganisationDescription.objects.create(organisation=org, language="de", text="Deutscher Text")
    assert org.description_for("de") == "Deutscher Text"
    assert org.description_for("nl") == "English text"


def test_rejected_tags_are_not_active():
    org = make_org()
    other = make_org(name="Other", slug="other")
    concept = Concept.objects.create(slug="fuel-cell", label_en="Fuel cell", label_nl="Brandstofcel", label_de="X")
    OrganisationCluster.objects.create(organisation=org, cluster="battery_hydrogen")
    OrganisationCluster.objects.create(organisation=other, cluster="battery_hydrogen", rejected=True)
    OrganisationConcept.objects.create(organisation=other, concept=concept, rejected=True)
    OrganisationConcept.objects.create(organisation=org, concept=concept)
    assert list(Organisation.objects.in_clusters(["battery_hydrogen"])) == [org]
    assert list(Organisation.objects.with_concepts(["fuel-cell"])) == [org]
    assert other.active_cluster_slugs() == []


def test_concept_terms_cover_three_languages_without_duplicates():
    concept = Concept(
        slug="fuel-cell",
        label_en="Fuel cell",
        label_nl="Brandstofcel",
        label_de="Brennstoffzelle",
        synonyms_en="PEM fuel cell\nFuel cell",
        synonyms_de="Brennstoffzellen; PEMFC",
    )
    assert concept.all_terms() == [
        "Fuel cell",
        "PEM fuel cell",
        "Brandstofcel",
        "Brennstoffzelle",
        "Brennstoffzellen",
        "PEMFC",
    ]
    assert concept.label("nl") == "Brandstofcel"


@pytest.mark.parametrize(
    ("country", "city", "subdivision", "expected"),
    [
        ("NL", "ENSCHEDE", "", "NL213"),
        ("NL", "Nijmegen", "", "NL226"),
        ("DE", "MUENSTER", "", "DEA33"),
        ("DE", "Münster", "", "DEA33"),
        ("DE", "GELSENKIRCHEN", "", "DEA32"),
        ("DE", "Kleinstadt", "BY", "DE2"),
        ("NL", "Unknown place", "", ""),
    ],
)
def test_region_for(country, city, subdivision, expected):
    assert region_for(country=country, city=city, subdivision_code=subdivision) == expected


def test_region_names_and_border_region():
    assert region_name("NL213") == "Twente"
    assert is_border_region("DEA34")
    assert not is_border_region("DEA2")
