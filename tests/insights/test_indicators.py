"""The staff upload of market indicators: validation report, transactions, admin screen and the rendered chart."""

import io

import pytest
from django.urls import reverse

from insights.indicators import upload_indicators
from insights.models import Indicator, IndicatorUpload, IndicatorValue

pytestmark = pytest.mark.django_db

HEADER = "indicator,region,year,value,unit,source,label_en,label_nl,label_de,cluster\n"
GOOD = (
    HEADER
    + "employment_test,NL21,2021,100,persons,Test office,Employment (test),Werkgelegenheid (test),Beschäftigung (test),\n"
    + "employment_test,NL21,2022,110.5,persons,Test office,,,,\n"
    + 'employment_test,DEA3,2022,"210,25",persons,Test office,,,,\n'
)


def upload(text, **kwargs):
    return upload_indicators(file=io.BytesIO(text.encode("utf-8")), file_name="test.csv", **kwargs)


def test_valid_file_is_imported_and_updates_on_reupload():
    result = upload(GOOD)
    assert (result.rows, result.created, result.rejected) == (3, 3, [])
    indicator = Indicator.objects.get(slug="employment_test")
    assert (indicator.label_nl, indicator.unit) == ("Werkgelegenheid (test)", "persons")
    assert str(IndicatorValue.objects.get(region="DEA3").value) == "210.2500"
    again = upload(GOOD.replace("110.5", "111"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert IndicatorUpload.objects.count() == 2


def test_every_rejected_row_is_reported_with_line_field_and_reason():
    text = (
        HEADER
        + "Bad Code!,NL21,2021,1,persons,Office,,,,\n"  # line 2
        + "ok_code,XX99,20x1,abc,persons,,,,,space\n"  # line 3: four problems
        + "ok_code,NL22,2021,1,persons,Office,,,,\n"  # line 4: fine
        + "ok_code,NL22,2021,2,persons,Office,,,,\n"  # line 5: duplicate of 4
        + "ok_code,NL21,2021,1,euros,Office,,,,\n"  # line 6: other unit
        + "too,few\n"  # line 7
    )
    result = upload(text)
    report = {(row.line, row.field) for row in result.rejected}
    assert report == {
        (2, "indicator"),
        (3, "region"),
        (3, "year"),
        (3, "value"),
        (3, "source"),
        (3, "cluster"),
        (5, ""),
        (6, "unit"),
        (7, ""),
    }
    duplicate = next(row for row in result.rejected if row.line == 5)
    assert "line 4" in duplicate.reason
    # All or nothing by default: the valid line 4 was not written either.
    assert not result.written and IndicatorValue.objects.count() == 0
    assert IndicatorUpload.objects.get().status == IndicatorUpload.Status.REJECTED
    assert len(IndicatorUpload.objects.get().report) == 9


def test_partial_upload_writes_valid_rows_only():
    text = HEADER + "ok_code,NL22,2021,1,persons,Office,,,,\nok_code,NL22,1800,1,persons,Office,,,,\n"
    result = upload(text, partial=True)
    assert result.written and result.created == 1 and result.rejected_lines == 1
    assert IndicatorUpload.objects.get().status == IndicatorUpload.Status.PARTLY


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"indicator,region\nx,NL\n", "Required columns are missing: year, value, unit, source"),
        (b"indicator,region,year,value,unit,source,year\n", "more than once"),
    ],
)
def test_unreadable_files_are_reported(content, message):
    result = upload_indicators(file=io.BytesIO(content), file_name="bad.csv")
    assert message in result.error
    assert IndicatorUpload.objects.get().report[0]["reason"] == result.error


def test_semicolon_files_and_bom_are_read():
    text = "\ufeff" + GOOD.replace(",", ";").replace('"210;25"', "210,25")
    result = upload(text)
    assert result.created == 3 and not result.rejected


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-long-enough-123")


def test_admin_upload_screen_shows_the_report(client, staff):
    client.force_login(staff)
    page = client.get(reverse("insights_indicator_upload"))
    assert page.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.csv", (HEADER + "x,NL99,2021,1,u,s,,,,\n").encode())
    response = client.post(reverse("insights_indicator_upload"), {"file": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a known NUTS code" in html and "Nothing was imported" in html
    garbage = SimpleUploadedFile("bin.csv", b"\x00\xff\xfe" * 100)
    assert client.post(reverse("insights_indicator_upload"), {"file": garbage}).status_code == 200


def test_upload_needs_permission(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw-long-enough-123")
    user.is_staff = True
    user.save()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("insights_indicator_upload")).status_code in (302, 403)


def test_indicator_chart_on_the_page_names_its_source(client, region):
    upload(GOOD)
    html = client.get("/de/insights/").content.decode()
    assert "Beschäftigung (test)" in html and "Quelle: Test office" in html
    assert "/de/insights/indicators/employment_test.csv" in html
    csv_text = client.get("/en/insights/indicators/employment_test.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[1:] == ["2021,100,", "2022,110.5,210.25"]


def test_empty_state_without_indicators(client, region):
    html = client.get("/en/insights/").content.decode()
    assert "No market indicators have been published yet." in html
