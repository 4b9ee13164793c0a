"""A small directory built in the test, with figures computed by hand in the tests (see test_figures.py)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from directory.models import (
    Concept,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    Participation,
    Project,
)
from members.models import Profile, ProfileItem


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def _org(slug, name, country, kind, region, *, sme=None, public=True, clusters=(), concepts=(), rejected=()):
    organisation = Organisation.objects.create(
        slug=slug, name=name, country=country, type=kind, region=region, sme=sme, is_public=public
    )
    for cluster in clusters:
        OrganisationCluster.objects.create(organisation=organisation, cluster=cluster)
    for cluster in rejected:
        OrganisationCluster.objects.create(organisation=organisation, cluster=cluster, rejected=True)
    for concept in concepts:
        OrganisationConcept.objects.create(organisation=organisation, concept=concept)
    return organisation


def _project(source_id, year, *, programme="", title="", framework="H2020", participants=()):
    project = Project.objects.create(
        source_id=source_id,
        framework=framework,
        programme=programme,
        title=title,
        start_date=datetime.date(year, 3, 1) if year else None,
    )
    for organisation, contribution in participants:
        Participation.objects.create(organisation=organisation, project=project, ec_contribution=contribution)
    return project


def _profile(organisation, public_fields, items):
    profile = Profile.objects.create(organisation=organisation, public_fields=public_fields)
    for position, (kind, text, concepts) in enumerate(items):
        item = ProfileItem.objects.create(profile=profile, kind=kind, text=text, position=position)
        item.concepts.set(concepts)
    return profile


@pytest.fixture
def region(db):
    """Six public organisations (three per side), one hidden, one Belgian; five projects; four member profiles."""
    c = SimpleNamespace(
        hydrogen=Concept.objects.create(
            slug="hydrogen",
            cluster="battery_hydrogen",
            label_en="Hydrogen",
            label_nl="Waterstof",
            label_de="Wasserstoff",
        ),
        fuel_cell=Concept.objects.create(
            slug="fuel_cell",
            cluster="battery_hydrogen",
            label_en="Fuel cell",
            label_nl="Brandstofcel",
            label_de="Brennstoffzelle",
        ),
        imaging=Concept.objects.create(
            slug="medical_imaging",
            cluster="health_medtech",
            label_en="Medical imaging",
            label_nl="Medische beeldvorming",
            label_de="Medizinische Bildgebung",
        ),
        ai=Concept.objects.create(
            slug="artificial_intelligence",
            kind=Concept.Kind.KET,
            cluster="",
            group="artificial_intelligence",
            label_en="Artificial intelligence",
            label_nl="Kunstmatige intelligentie",
            label_de="Künstliche Intelligenz",
        ),
    )
    o = SimpleNamespace()
    o.nl_uni = _org(
        "twente-uni",
        "Twente University",
        "NL",
        "university",
        "NL213",
        clusters=["health_medtech"],
        concepts=[c.imaging, c.ai],
    )
    o.nl_sme = _org(
        "arnhem-h2",
        "Arnhem H2 Systems",
        "NL",
        "sme",
        "NL226",
        sme=True,
        clusters=["battery_hydrogen"],
        concepts=[c.hydrogen],
    )
    o.nl_company = _org(
        "delft-fuel",
        "Delft Fuel Cells",
        "NL",
        "company",
        "NL33",
        sme=False,
        clusters=["battery_hydrogen"],
        concepts=[c.hydrogen, c.fuel_cell],
        rejected=["health_medtech"],
    )
    o.de_research = _org(
        "borken-h2-institute",
        "Borken Hydrogen Institute",
        "DE",
        "research",
        "DEA34",
        clusters=["battery_hydrogen"],
        concepts=[c.hydrogen],
    )
    o.de_research2 = _org(
        "juelich-fc",
        "Jülich Fuel Cell Centre",
        "DE",
        "research",
        "DEA22",
        clusters=["battery_hydrogen"],
        concepts=[c.hydrogen, c.fuel_cell],
    )
    o.de_uni = _org(
        "berlin-medical",
        "Berlin Medical University",
        "DE",
        "university",
        "DE3",
        clusters=["health_medtech"],
        concepts=[c.imaging],
    )
    o.de_hidden = _org("pic-999", "", "DE", "company", "", public=False)
    o.be_org = _org("gent-lab", "Gent Lab", "BE", "research", "", clusters=["battery_hydrogen"], concepts=[c.hydrogen])
    p = SimpleNamespace(
        p1=_project(
            "H2020-rcn:1",
            2016,
            programme="SC1",
            participants=[(o.nl_uni, 100), (o.de_uni, 200), (o.de_hidden, 50), (o.be_org, 999)],
        ),
        p2=_project("H2020-rcn:2", 2016, programme="SC3", participants=[(o.nl_sme, 10), (o.de_research, 20)]),
        p3=_project(
            "HE:3",
            2017,
            framework="HORIZON",
            title="Hydrogen fuel cell stacks",
            participants=[(o.nl_company, 30), (o.de_research, 40), (o.de_research2, 50), (o.nl_sme, 5)],
        ),
        p4=_project("H2020-rcn:4", 2018, programme="ERC", participants=[(o.nl_uni, 70)]),
        p5=_project("H2020-rcn:5", None, programme="SC1", participants=[(o.de_uni, 1)]),
    )
    _profile(o.nl_sme, ["needs"], [("technology_request", "Stack tests for our electrolyser", [c.fuel_cell, c.ai])])
    _profile(o.nl_company, [], [("technology_request", "Secret imaging need of Delft", [c.imaging])])
    _profile(o.de_research, [], [("rd_partner_search", "Private AI partner search", [c.ai])])
    _profile(o.de_uni, ["offers"], [("technology_offer", "Machine learning for images", [c.ai])])
    return SimpleNamespace(concepts=c, orgs=o, projects=p)
