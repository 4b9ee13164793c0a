import gzip

import pytest
from django.core.management import CommandError, call_command

from directory.models import (
    FieldProvenance,
    Identifier,
    ImportRun,
    MergeCandidate,
    Organisation,
    OrganisationCluster,
    Participation,
    Project,
)
from directory.services import run_import

pytestmark = pytest.mark.django_db

ORG_HEADER = (
    "org_id,pic,name,short_name,country,city,postcode,street,lat,lon,type,activity_type,sme,website,vat,border_region\n"
)


def write(path, text, *, encoding="utf-8", gz=False):
    data = text.encode(encoding) if isinstance(text, str) else text
    if gz:
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


@pytest.fixture
def cordis_dir(tmp_path):
    folder = tmp_path / "cordis"
    folder.mkdir()
    orgs = (
        ORG_HEADER
        + "pic:999000001,999000001,UNIVERSITEIT TWENTE,UT,NL,ENSCHEDE,7522 NB,DRIENERLOLAAN 5,52.24,6.85,university,HES,,https://www.utwente.nl,,Overijssel\n"
        + "pic:999000002,999000002,,,DE,,,,,,,,,,,\n"
        + "pic:999000003,999000003,Hydrogen Works GmbH,,DE,Münster,48149,,,,sme,PRC,True,hydrogen-works.example,DE123456789,\n"
        + "pic:bad,not-a-pic,Broken Row BV,,NL,Almelo,,,,,company,PRC,,,,\n"
        + "pic:999000003,999000003,Hydrogen Works GmbH duplicate,,DE,Münster,,,,,sme,PRC,True,,,\n"
        + "pic:999000004,999000004,Example Lab BV,,NL,Hengelo,,,95.0,6.8,company,PRC,,,,\n"
    )
    write(folder / "cordis_organisations.csv.gz", orgs, gz=True)
    projects = (
        "project_id,framework,grant_id,acronym,title,objective,start_date,end_date,total_cost,ec_max_contribution,"
        "topics,funding_scheme,programme_part,programme_part_label,euroscivoc\n"
        "HE:101000001,HORIZON,101000001,H2LAB,Green hydrogen from electrolysis,An electrolyser for green hydrogen.,"
        '2024-01-01,2027-12-31,"3998796,25",3000000,HORIZON-CL5-2024-D3,HORIZON-RIA,,,/engineering/energy\n'
        "H2020-rcn:1,H2020,,,,,2016-01-01,not a date,100000,100000,,,SC1,Health,\n"
    )
    write(folder / "cordis_projects.csv.gz", projects, gz=True)
    participations = (
        "project_id,framework,org_id,pic,role,activity_type,country,ec_contribution,start_date\n"
        "HE:101000001,HORIZON,pic:999000001,999000001,coordinator,HES,NL,1000,2024-01-01\n"
        "HE:101000001,HORIZON,pic:999000003,999000003,participant,PRC,DE,500,2024-01-01\n"
        "H2020-rcn:1,H2020,pic:999000002,999000002,participant,PRC,DE,,2016-01-01\n"
        "HE:101000001,HORIZON,pic:888888888,888888888,participant,PRC,BE,,2024-01-01\n"
    )
    write(folder / "cordis_participations.csv.gz", participations, gz=True)
    return folder


def test_cordis_import_creates_records_and_reports_rejected_rows(cordis_dir, tmp_path):
    report = run_import(source="cordis", path=cordis_dir, report_path=tmp_path / "report.txt")
    assert report.error == ""
    assert Organisation.objects.count() == 4
    twente = Organisation.objects.get(identifiers__scheme="pic", identifiers__value="999000001")
    assert twente.name == "Universiteit Twente"  # tidied from capitals
    assert not twente.aliases.exists()  # a variant in capitals is no other name
    assert twente.region == "NL213"
    assert twente.is_public
    unnamed = Organisation.objects.get(identifiers__value="999000002")
    assert not unnamed.is_public
    hydrogen = Organisation.objects.get(identifiers__value="999000003")
    assert hydrogen.legal_form == "GmbH"
    assert hydrogen.website == "https://hydrogen-works.example"
    assert Identifier.objects.filter(scheme="vat", value="DE123456789", organisation=hydrogen).exists()
    assert Organisation.objects.get(identifiers__value="999000004").latitude is None  # out of range, dropped

    rejected = {(p.line, p.field) for p in report.rejected}
    assert (5, "pic") in rejected  # malformed PIC
    assert (6, "pic") in rejected  # duplicate row
    assert (5, "pic") in rejected and any("888888888" in p.reason for p in report.rejected)
    assert any(p.field == "lat" for p in report.warnings)
    project = Project.objects.get(source_id="HE:101000001")
    assert str(project.total_cost) == "3998796.25"  # decimal comma read
    assert Project.objects.get(source_id="H2020-rcn:1").end_date is None
    assert Participation.objects.count() == 3
    text = (tmp_path / "report.txt").read_text()
    assert "Rejected rows" in text and "not a 9-digit PIC" in text
    assert ImportRun.objects.get().status == ImportRun.Status.SUCCEEDED


def test_cordis_rerun_changes_nothing(cordis_dir):
    run_import(source="cordis", path=cordis_dir)
    before = list(Organisation.objects.order_by("pk").values_list("pk", "updated_at", "name"))
    provenance = FieldProvenance.objects.count()
    report = run_import(source="cordis", path=cordis_dir)
    assert list(Organisation.objects.order_by("pk").values_list("pk", "updated_at", "name")) == before
    assert FieldProvenance.objects.count() == provenance
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 0
    assert report.counts["projects created"] == 0
    assert report.counts["participations created"] == 0


def test_broken_encoding_is_reported_and_the_row_kept(tmp_path):
    text = ORG_HEADER + "pic:999000005,999000005,Müller Maschinenbau GmbH,,DE,Borken,,,,,company,PRC,,,,\n"
    path = write(tmp_path / "orgs.csv", text, encoding="cp1252")
    report = run_import(source="cordis", path=path)
    assert Organisation.objects.get().name == "Müller Maschinenbau GmbH"
    assert [(p.line, p.field) for p in report.warnings] == [(2, "encoding")]


def test_missing_columns_fail_the_whole_file_and_change_nothing(tmp_path):
    path = write(tmp_path / "staff.csv", "name,city\nExample BV,Enschede\n")
    report = run_import(source="csv", path=path)
    assert "missing columns: country" in report.error
    assert Organisation.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_a_failure_midway_rolls_everything_back(cordis_dir, monkeypatch):
    import directory.services as services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "participations_import", explode)
    report = run_import(source="cordis", path=cordis_dir)
    assert "disk full" in report.error
    assert Organisation.objects.count() == 0
    assert Project.objects.count() == 0


def test_ror_import_merges_into_the_cordis_record(cordis_dir, tmp_path):
    run_import(source="cordis", path=cordis_dir)
    ror = (
        '{"id": "https://ror.org/006hf6230", "name": "University of Twente", "status": "active", '
        '"types": ["education"], "names": [{"value": "University of Twente", "lang": "en", "types": ["label"]}, '
        '{"value": "Universiteit Twente", "lang": "nl", "types": ["label"]}, {"value": "UT", "lang": null, '
        '"types": ["acronym"]}], "city": "Enschede", "subdivision_code": "OV", "country_code": "NL", '
        '"lat": 52.2, "lng": 6.9, "website": "https://www.utwente.nl", "domains": ["utwente.nl"]}\n'
        "{not json}\n"
        '{"id": "https://ror.org/00pd74e08", "name": "University of Münster", "status": "withdrawn", '
        '"country_code": "DE"}\n'
    )
    path = write(tmp_path / "ror.jsonl", ror)
    report = run_import(source="ror", path=path)
    assert len(report.merges) == 1
    assert report.merges[0]["into"] == "Universiteit Twente"
    twente = Organisation.objects.get(identifiers__scheme="ror", identifiers__value="006hf6230")
    assert twente.identifiers.filter(scheme="pic", value="999000001").exists()
    assert twente.name == "University of Twente"  # ROR names outrank CORDIS
    assert twente.aliases.filter(name="Universiteit Twente", language="nl").exists()
    assert twente.provenance.get(field="name").source == "ror"
    assert {(p.line, p.field) for p in report.rejected} == {(2, "json"), (3, "status")}
    assert Organisation.objects.filter(is_public=True).count() == 3


def test_staff_csv_import_with_tags_and_rerun(tmp_path):
    text = (
        "name,country,city,type,email,website,kvk,clusters,aliases,description_nl\n"
        "Twente Battery Lab B.V.,NL,Enschede,sme,info@example.org,example.org,12345678,"
        "battery_hydrogen;space,TBL,Voorbeeldbeschrijving\n"
        "Second Org,NL,Enschede,,not-an-email,,,,,\n"
        ",NL,Enschede,,,,,,,\n"
    )
    path = write(tmp_path / "staff.csv", text)
    report = run_import(source="csv", path=path)
    lab = Organisation.objects.get(identifiers__scheme="kvk", identifiers__value="12345678")
    assert lab.legal_form == "B.V."
    assert lab.email == "info@example.org"
    assert lab.descriptions.get().language == "nl"
    tag = OrganisationCluster.objects.get(organisation=lab)
    assert (tag.cluster, tag.source) == ("battery_hydrogen", "staff")
    assert any(p.field == "clusters" for p in report.warnings)
    assert any(p.field == "email" for p in report.warnings)
    assert [(p.line, p.field) for p in report.rejected] == [(4, "name")]
    again = run_import(source="csv", path=path)
    assert again.counts["created"] == 0
    assert Organisation.objects.count() == 2


def test_uncertain_pairs_go_to_the_review_queue(tmp_path):
    text = "name,country,city\nInconnect B.V.,NL,Boskoop\nInconnect V.O.F.,NL,Boskoop\n"
    report = run_import(source="csv", path=write(tmp_path / "staff.csv", text))
    assert Organisation.objects.count() == 2
    candidate = MergeCandidate.objects.get()
    assert candidate.status == MergeCandidate.Status.PENDING
    assert any("legal forms" in reason for reason in candidate.reasons)
    assert len(report.review) == 1


def test_command_writes_the_report_and_fails_cleanly(cordis_dir, tmp_path, capsys):
    report_path = tmp_path / "out.txt"
    call_command("import_organisations", "cordis", str(cordis_dir), "--report", str(report_path), verbosity=0)
    assert "Rejected rows" in report_path.read_text()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_organisations", "ror", str(tmp_path / "missing.jsonl"), "--report", str(report_path))


def test_two_pics_with_one_vat_number_become_one_organisation(tmp_path):
    text = (
        ORG_HEADER
        + "pic:999000010,999000010,Example Sensors GmbH,,DE,Borken,,,,,company,PRC,,,DE999999999,\n"
        + "pic:999000011,999000011,Example Sensors GmbH Werk 2,,DE,Ahaus,,,,,company,PRC,,,DE999999999,\n"
    )
    report = run_import(source="cordis", path=write(tmp_path / "orgs.csv", text))
    organisation = Organisation.objects.get()
    assert set(organisation.identifiers.values_list("value", flat=True)) == {"999000010", "999000011", "DE999999999"}
    assert report.merges[0]["reasons"] == ["same identifier vat:DE999999999"]


def test_progress_line_shows_count_rate_and_eta(cordis_dir):
    import io

    stream = io.StringIO()
    run_import(source="cordis", path=cordis_dir, stream=stream)
    output = stream.getvalue()
    assert "cordis organisations: 1/6 (17%)" in output and "ETA" in output
    assert "cordis organisations: 6 in " in output
    assert "cordis participations: 4 in " in output
