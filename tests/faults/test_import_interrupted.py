"""An import interrupted half-way (an exception in the middle of the input, after rows were already written, or
Ctrl-C at the command line) leaves the database exactly as it was before the import started."""

import pytest
from django.apps import apps
from django.core.management import call_command

from directory.importers import cordis, staff_csv
from directory.models import ImportRun, Organisation
from directory.services import run_import
from tests.directory.test_import import cordis_dir, write  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

STAFF_CSV = (
    "name,country,city,type,pic,clusters,description_en\n"
    "Twente Hydrogen Lab B.V.,NL,Enschede,sme,999100001,battery_hydrogen,Electrolysers (example).\n"
    "Münster Battery Works GmbH,DE,Münster,company,999100002,battery_hydrogen,Battery cells (example).\n"
    "Arnhem Robotics B.V.,NL,Arnhem,company,999100003,advanced_manufacturing_robotics,Robots (example).\n"
    "Borken Circular GmbH,DE,Borken,sme,999100004,circular_economy,Recycling (example).\n"
)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every directory table except the import log itself."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("directory").get_models()
        if model is not ImportRun
    }


@pytest.fixture
def existing_directory(cordis_dir):  # noqa: F811
    """A directory that already holds data from an earlier CORDIS import."""
    report = run_import(source="cordis", path=cordis_dir)
    assert not report.error
    assert Organisation.objects.count() > 2
    return snapshot()


def _interrupting(parse, after: int, exception: BaseException):
    """`parse` that yields `after` records and then fails, as a broken file or a lost disk would."""

    def wrapped(*args, **kwargs):
        for index, record in enumerate(parse(*args, **kwargs)):
            if index == after:
                raise exception
            yield record

    return wrapped


def test_an_exception_in_the_middle_of_the_input_changes_nothing(existing_directory, tmp_path, monkeypatch):
    monkeypatch.setattr(staff_csv, "parse", _interrupting(staff_csv.parse, 2, OSError("read error")))
    runs = ImportRun.objects.count()
    report = run_import(source="csv", path=write(tmp_path / "staff.csv", STAFF_CSV))
    assert "read error" in report.error
    assert snapshot() == existing_directory
    assert ImportRun.objects.count() == runs + 1
    assert ImportRun.objects.latest("pk").status == ImportRun.Status.FAILED


def test_a_failure_after_rows_were_written_changes_nothing(existing_directory, cordis_dir, monkeypatch):  # noqa: F811
    """Organisations and projects are already written when the participations file breaks."""
    monkeypatch.setattr(
        cordis, "parse_participations", _interrupting(cordis.parse_participations, 1, ValueError("truncated"))
    )
    Organisation.objects.all().delete()
    before = snapshot()
    report = run_import(source="cordis", path=cordis_dir)
    assert "truncated" in report.error
    assert snapshot() == before


def test_a_failing_write_half_way_changes_nothing(existing_directory, tmp_path, monkeypatch):
    import directory.services as services

    def tags_fail(*args, **kwargs):  # the organisations of the file have been written by now
        assert Organisation.objects.filter(name__startswith="Borken Circular").exists()
        raise services.transaction.TransactionManagementError("connection lost")

    monkeypatch.setattr(services, "_write_staff_tags", tags_fail)
    report = run_import(source="csv", path=write(tmp_path / "staff.csv", STAFF_CSV))
    assert "connection lost" in report.error
    assert snapshot() == existing_directory


def test_ctrl_c_at_the_command_line_changes_nothing(existing_directory, tmp_path, monkeypatch):
    monkeypatch.setattr(staff_csv, "parse", _interrupting(staff_csv.parse, 3, KeyboardInterrupt()))
    path = write(tmp_path / "staff.csv", STAFF_CSV)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_organisations", "csv", str(path), "--report", str(tmp_path / "report.txt"), verbosity=0)
    assert snapshot() == existing_directory


def test_the_same_file_imports_completely_once_the_fault_is_gone(existing_directory, tmp_path, monkeypatch):
    path = write(tmp_path / "staff.csv", STAFF_CSV)
    with monkeypatch.context() as patch:
        patch.setattr(staff_csv, "parse", _interrupting(staff_csv.parse, 2, OSError("read error")))
        assert run_import(source="csv", path=path).error
    report = run_import(source="csv", path=path)
    assert not report.error
    assert Organisation.objects.filter(name__contains="Borken Circular").count() == 1
