import json

import pytest

from directory.documents import organisation_document, organisation_documents
from directory.models import (
    Concept,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
    Project,
)
from directory.tagging import cluster_counts, retag
from directory.taxonomy import synonym_groups, taxonomy_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(tmp_path):
    data = {
        "groups": [{"slug": "sensors", "labels": {"en": "Sensors", "nl": "Sensoren", "de": "Sensorik"}}],
        "concepts": [
            {
                "slug": "hydrogen",
                "cluster": "battery_hydrogen",
                "labels": {"en": "Hydrogen", "nl": "Waterstof", "de": "Wasserstoff"},
                "synonyms": {"en": ["H2"], "nl": [], "de": ["Wasserstoffwirtschaft"]},
                "keywords": ["hydrogen"],
            },
            {
                "slug": "water_electrolysis",
                "cluster": "battery_hydrogen",
                "broader": "hydrogen",
                "labels": {"en": "Water electrolysis", "nl": "Waterelektrolyse", "de": "Wasserelektrolyse"},
                "synonyms": {"en": ["electrolyser"], "nl": ["elektrolyser"], "de": ["Elektrolyseur"]},
                "keywords": ["electroly"],
            },
            {
                "slug": "medical_imaging",
                "cluster": "health_medtech",
                "labels": {"en": "Medical imaging", "nl": "Medische beeldvorming", "de": "Medizinische Bildgebung"},
                "synonyms": {"en": ["MRI"], "nl": [], "de": []},
                "keywords": ["medical imaging"],
            },
        ],
    }
    path = tmp_path / "concepts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    taxonomy_load(path=path)
    return path


def org(name, **kwargs):
    return Organisation.objects.create(name=name, slug=name.lower().replace(" ", "-"), country="NL", **kwargs)


def project(source_id, **kwargs):
    return Project.objects.create(source_id=source_id, framework=kwargs.pop("framework", "HORIZON"), **kwargs)


def test_taxonomy_load_is_idempotent_and_keeps_staff_edits(taxonomy):
    assert Concept.objects.count() == 4  # three concepts and the "sensors" group
    assert Concept.objects.get(slug="water_electrolysis").broader.slug == "hydrogen"
    assert Concept.objects.get(slug="sensors").kind == Concept.Kind.KET
    edited = Concept.objects.get(slug="hydrogen")
    edited.label_nl = "Waterstof (H2)"
    edited.edited_by_staff = True
    edited.save()
    counts = taxonomy_load(path=taxonomy)
    assert counts["created"] == 0 and counts["updated"] == 0 and counts["kept staff edits"] == 1
    assert Concept.objects.get(slug="hydrogen").label_nl == "Waterstof (H2)"


def test_synonym_groups_cover_three_languages(taxonomy):
    groups = {group[0]: group for group in synonym_groups()}
    assert groups["Hydrogen"] == ["Hydrogen", "H2", "Waterstof", "Wasserstoff", "Wasserstoffwirtschaft"]


def test_the_shipped_taxonomy_loads():
    counts = taxonomy_load()
    assert counts["created"] >= 150
    assert all(len(group) >= 3 for group in synonym_groups())


def test_project_texts_tag_clusters_and_concepts(taxonomy):
    lab = org("Twente Electrolysis Lab")
    p = project("HE:1", title="Green hydrogen valleys", objective="We build an electrolyser. The electrolyser runs.")
    Participation.objects.create(organisation=lab, project=p)
    retag()
    assert set(lab.concept_tags.values_list("concept__slug", flat=True)) == {"hydrogen", "water_electrolysis"}
    tag = OrganisationCluster.objects.get(organisation=lab)
    assert tag.cluster == "battery_hydrogen" and tag.source == "automatic" and tag.confidence >= 0.9


def test_h2020_programme_parts_are_weak_evidence(taxonomy):
    energy = org("Energy Research Partner")
    health = org("Clinical Partner")
    for i in range(5):
        Participation.objects.create(
            organisation=energy, project=project(f"H2020-rcn:{i}", framework="H2020", programme="SC3")
        )
    for i in range(5, 7):
        Participation.objects.create(
            organisation=health, project=project(f"H2020-rcn:{i}", framework="H2020", programme="SC1")
        )
    retag()
    assert not energy.cluster_tags.exists()  # energy programme alone is too broad for battery & hydrogen
    assert list(health.cluster_tags.values_list("cluster", flat=True)) == ["health_medtech"]


def test_staff_corrections_survive_retagging(taxonomy):
    lab = org("Hydrogen Lab")
    Participation.objects.create(organisation=lab, project=project("HE:1", title="Hydrogen and MRI"))
    retag()
    assert set(lab.cluster_tags.values_list("cluster", flat=True)) == {"battery_hydrogen", "health_medtech"}
    OrganisationCluster.objects.filter(organisation=lab, cluster="health_medtech").update(rejected=True, source="staff")
    OrganisationCluster.objects.create(organisation=lab, cluster="circular_economy", source="staff", confidence=1.0)
    OrganisationConcept.objects.filter(organisation=lab, concept__slug="hydrogen").update(confidence=0.2)
    changes = retag()
    assert changes["organisationconcept updated"] == 1
    tags = {t.cluster: t for t in lab.cluster_tags.all()}
    assert tags["health_medtech"].rejected
    assert tags["circular_economy"].source == "staff"
    assert cluster_counts() == {
        "battery_hydrogen": 1,
        "circular_economy": 1,
        "advanced_manufacturing_robotics": 0,
        "health_medtech": 0,
    }
    # evidence gone: automatic tags go, staff tags stay
    Participation.objects.all().delete()
    OrganisationAlias.objects.all().delete()
    lab.name = "Lab"
    lab.save()
    retag()
    assert set(lab.cluster_tags.values_list("cluster", "source")) == {
        ("health_medtech", "staff"),
        ("circular_economy", "staff"),
    }


def test_organisation_document_contract(taxonomy, django_assert_max_num_queries):
    lab = org(
        "Twente Electrolysis Lab",
        city="Enschede",
        region="NL213",
        latitude=52.2,
        longitude=6.9,
        sme=True,
        short_name="TEL",
    )
    OrganisationAlias.objects.create(organisation=lab, name="TEL Lab")
    OrganisationDescription.objects.create(organisation=lab, language="nl", text="Voorbeeld")
    p = project("HE:1", acronym="H2V", title="Hydrogen valleys", objective="Electrolyser research.")
    Participation.objects.create(organisation=lab, project=p)
    org("Hidden", is_public=False)
    for i in range(5):
        org(f"Other {i}")
    retag()
    doc = organisation_document(lab)
    assert doc["id"] == lab.pk and doc["slug"] == lab.slug and doc["name"] == "Twente Electrolysis Lab"
    assert doc["aliases"] == ["TEL Lab"]
    assert doc["descriptions"] == {"en": "", "nl": "Voorbeeld", "de": ""}
    assert "Hydrogen valleys" in doc["project_text"]
    assert doc["concepts"] == ["hydrogen", "water_electrolysis"]
    assert "Waterstof" in doc["concept_labels"] and "Elektrolyseur" in doc["concept_labels"]
    assert doc["clusters"] == ["battery_hydrogen"]
    assert (doc["country"], doc["region"], doc["city"], doc["type"], doc["sme"]) == (
        "NL",
        "NL213",
        "Enschede",
        "other",
        True,
    )
    assert doc["location"] == {"lat": 52.2, "lon": 6.9}
    assert doc["n_projects"] == 1
    assert doc["updated_at"].startswith(str(lab.updated_at.year))
    with django_assert_max_num_queries(8):
        docs = list(organisation_documents())
    assert len(docs) == 6  # the non-public one is left out
    assert docs[0] == organisation_document(Organisation.objects.get(pk=docs[0]["id"]))


def test_term_index_matching_rules(taxonomy):
    from directory.tagging import TermIndex

    index = TermIndex(Concept.objects.all())
    ids = dict(Concept.objects.values_list("slug", "pk"))
    counts = index.counts("Electrolysers make hydrogen; the H2 goes to medical imaging. h2 is not an abbreviation.")
    assert counts[ids["water_electrolysis"]] == 1  # keyword stem at the start of a word
    assert counts[ids["hydrogen"]] == 2  # "hydrogen" (label and keyword: one count) and "H2"
    assert counts[ids["medical_imaging"]] == 1  # a phrase of two words
    assert index.counts("Hydrogenated oils")[ids["hydrogen"]] == 1  # keyword stems match word starts
    assert ids["medical_imaging"] not in index.counts("medical devices and imaging")
