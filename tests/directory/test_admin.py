import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Concept, FieldProvenance, ImportRun, MergeCandidate, Organisation, OrganisationCluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def orgs():
    twente = Organisation.objects.create(
        name="University of Twente", slug="ut", country="NL", city="Enschede", region="NL213", type="university"
    )
    munster = Organisation.objects.create(
        name="Universität Münster", slug="wwu", country="DE", city="Münster", region="DEA33", type="university"
    )
    OrganisationCluster.objects.create(organisation=twente, cluster="health_medtech")
    return twente, munster


def test_organisation_list_filters_search_and_export(staff_client, orgs):
    url = reverse("directory_organisation_modeladmin_index")
    response = staff_client.get(url, {"cluster": "health_medtech"})
    assert response.status_code == 200
    assert (
        "University of Twente" in response.content.decode() and "Universität Münster" not in response.content.decode()
    )
    response = staff_client.get(url, {"country__exact": "DE"})
    assert (
        "Universität Münster" in response.content.decode() and "University of Twente" not in response.content.decode()
    )
    response = staff_client.get(url, {"q": "Twente"})
    assert "University of Twente" in response.content.decode()
    response = staff_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "University of Twente" in body and "Universität Münster" in body


def test_inspect_views(staff_client, orgs):
    twente, _munster = orgs
    response = staff_client.get(reverse("directory_organisation_modeladmin_inspect", args=[twente.pk]))
    assert response.status_code == 200
    assert "Health &amp; Medical Technology" in response.content.decode()
    assert staff_client.get(reverse("directory_project_modeladmin_index")).status_code == 200
    assert staff_client.get(reverse("directory_concept_modeladmin_index")).status_code == 200


def test_staff_edit_records_provenance_and_rejections(staff_client, orgs):
    twente, _munster = orgs
    tag = twente.cluster_tags.get()
    url = reverse("directory_organisation_modeladmin_edit", args=[twente.pk])
    assert staff_client.get(url).status_code == 200
    data = {
        "name": "University of Twente",
        "short_name": "UT",
        "legal_form": "",
        "slug": "ut",
        "type": "university",
        "sme": "",
        "is_public": "on",
        "country": "NL",
        "region": "NL213",
        "city": "Enschede",
        "postcode": "",
        "street": "",
        "latitude": "",
        "longitude": "",
        "website": "",
        "email": "",
        "phone": "",
    }
    for prefix in ["descriptions", "aliases", "identifiers", "concept_tags"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "cluster_tags-TOTAL_FORMS": "2",
            "cluster_tags-INITIAL_FORMS": "1",
            "cluster_tags-MIN_NUM_FORMS": "0",
            "cluster_tags-MAX_NUM_FORMS": "1000",
            "cluster_tags-0-id": str(tag.pk),
            "cluster_tags-0-cluster": "health_medtech",
            "cluster_tags-0-DELETE": "on",
            "cluster_tags-0-ORDER": "0",
            "cluster_tags-1-id": "",
            "cluster_tags-1-cluster": "advanced_manufacturing_robotics",
            "cluster_tags-1-ORDER": "1",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    twente.refresh_from_db()
    assert twente.short_name == "UT"
    assert FieldProvenance.objects.get(organisation=twente, field="short_name").source == "staff"
    tags = {t.cluster: t for t in OrganisationCluster.objects.filter(organisation=twente)}
    assert tags["health_medtech"].rejected and tags["health_medtech"].source == "staff"
    assert tags["advanced_manufacturing_robotics"].source == "staff"


def test_merge_queue_merge_and_keep_apart(staff_client, orgs):
    twente, munster = orgs
    other = Organisation.objects.create(name="Universiteit Twente", slug="ut-2", country="NL", city="Enschede")
    candidate = MergeCandidate.objects.create(
        organisation_a=twente, organisation_b=other, score=90, reasons=["name similarity 90"]
    )
    apart = MergeCandidate.objects.create(organisation_a=twente, organisation_b=munster, score=86)
    index = staff_client.get(reverse("directory_mergecandidate_modeladmin_index"))
    assert index.status_code == 200 and "name similarity 90" in index.content.decode()
    inspect = staff_client.get(reverse("directory_mergecandidate_modeladmin_inspect", args=[candidate.pk]))
    assert "Merge into A" in inspect.content.decode()
    decide = reverse("directory_merge_candidate_decide", args=[candidate.pk])
    assert staff_client.get(decide).status_code == 405
    response = staff_client.post(decide, {"action": "merge"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=other.pk).exists()
    response = staff_client.post(reverse("directory_merge_candidate_decide", args=[apart.pk]), {"action": "keep_apart"})
    apart.refresh_from_db()
    assert apart.status == MergeCandidate.Status.KEPT_APART
    assert Organisation.objects.filter(pk=munster.pk).exists()
    response = staff_client.post(reverse("directory_merge_candidate_decide", args=[apart.pk]), {"action": "bogus"})
    assert response.status_code == 302


def test_import_screen_runs_the_importer_and_shows_the_report(staff_client):
    url = reverse("directory_import")
    assert url in staff_client.get(reverse("wagtailadmin_home")).content.decode()  # in the Directory menu
    assert staff_client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "orgs.csv", b"name,country,city\nExample Robotics GmbH,DE,Borken\n,DE,Borken\n", content_type="text/csv"
    )
    response = staff_client.post(url, {"source": "csv", "file": upload, "resolve": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rejected rows" in html and "required" in html
    assert Organisation.objects.get().region == "DEA34"
    assert ImportRun.objects.get().status == ImportRun.Status.SUCCEEDED
    broken = SimpleUploadedFile("bad.csv", b"title\nfoo\n", content_type="text/csv")
    response = staff_client.post(url, {"source": "csv", "file": broken})
    assert "missing columns" in response.content.decode()
    assert Organisation.objects.count() == 1
    assert staff_client.get(reverse("directory_importrun_modeladmin_index")).status_code == 200


def test_concept_edits_are_kept_from_the_taxonomy_file(staff_client):
    concept = Concept.objects.create(slug="hydrogen", label_en="Hydrogen", label_nl="Waterstof", label_de="Wasserstoff")
    url = reverse("directory_concept_modeladmin_edit", args=[concept.pk])
    data = {
        "slug": "hydrogen",
        "kind": "concept",
        "cluster": "battery_hydrogen",
        "group": "",
        "broader": "",
        "label_en": "Hydrogen",
        "label_nl": "Waterstof",
        "label_de": "Wasserstoff",
        "synonyms_en": "H2",
        "synonyms_nl": "",
        "synonyms_de": "",
        "keywords": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.edited_by_staff and concept.synonyms("en") == ["H2"]


def test_admin_screens_need_a_login(client):
    response = client.get(reverse("directory_import"))
    assert response.status_code == 302
