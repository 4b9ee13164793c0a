"""Who may see the support dashboard, what it shows, and the CSV files."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.users.models import UserProfile

from members.models import Membership
from support.tables import TABLES
from tests.support.conftest import PRIVATE_NEED_TEXTS

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/support/"


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def support_user(make_user):
    return make_user(groups=["Support organisations"])


@pytest.fixture
def editor(make_user):
    return make_user(groups=["Editors"])


@pytest.fixture
def member_user(make_user, world):
    user = make_user()
    Membership.objects.create(user=user, organisation=world["A"])
    return user


def test_the_migration_grants_the_group_admin_access_and_the_dashboard():
    group = Group.objects.get(name="Support organisations")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {("support", "view_dashboard"), ("wagtailadmin", "access_admin")} <= codenames
    assert Permission.objects.filter(content_type__app_label="support", codename="view_dashboard").count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in [DASHBOARD, "/admin/support/needs-by-concept.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_members_without_admin_access_are_sent_away(client, member_user):
    client.force_login(member_user)
    for url in [DASHBOARD, "/admin/support/needs-by-concept.csv"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_editors_get_403_and_no_menu_item(client, editor, world):
    client.force_login(editor)
    for url in [DASHBOARD, "/admin/support/needs-by-concept.csv", "/admin/support/unmet-public-needs.csv"]:
        response = client.get(url)
        assert response.status_code == 403
        assert "Münster Sensorik" not in response.content.decode()
    assert "Support dashboard" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["support_user", "superuser"])
def test_support_organisations_and_superusers_see_the_dashboard(client, request, who, make_user, world):
    user = make_user(is_superuser=True, is_staff=True) if who == "superuser" else request.getfixturevalue(who)
    client.force_login(user)
    assert "Support dashboard" in client.get("/admin/").content.decode()
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    for table in TABLES.values():
        assert str(table.title) in html
    assert "Water electrolysis" in html
    assert client.get("/admin/support/needs-by-concept.csv").status_code == 200


def test_private_needs_never_name_their_member(client, support_user, world, introductions):
    client.force_login(support_user)
    pages = [client.get(DASHBOARD).content.decode(), client.get(DASHBOARD + "?threshold=100").content.decode()]
    for slug in TABLES:
        for query in ["", "?threshold=100"]:
            pages.append(client.get(f"/admin/support/{slug}.csv{query}").content.decode("utf-8-sig"))
    text = "\n".join(pages)
    for key in "BDE":
        assert world[key].name not in text
    for need in PRIVATE_NEED_TEXTS:
        assert need not in text
    assert "Münster Sensorik GmbH (example)" in text  # the member whose unmet needs are public
    assert "Twente Waterstof BV (example)" in text  # ... and with the threshold at 100, A too


def test_empty_states(client, support_user):
    client.force_login(support_user)
    html = client.get(DASHBOARD).content.decode()
    assert "No member has entered a need yet." in html
    assert "No introduction has been requested yet." in html
    assert "No recommendations have been computed yet." in html
    assert "Download CSV" not in html
    # An empty table still downloads as a header line.
    assert _csv(client.get("/admin/support/most-recommended.csv")) == [
        ["Organisation", "Country", "Type", "Recommended to members", "Average rank", "Average score"]
    ]


def test_csv_needs_by_region(client, support_user, world):
    client.force_login(support_user)
    response = client.get("/admin/support/needs-by-region.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="support-needs-by-region-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert _csv(response) == [
        ["Region", "NUTS code", "Country", "Needs", "Member organisations"],
        ["Münster", "DEA3", "DE", "3", "2"],
        ["Gelderland", "NL22", "NL", "2", "1"],
        ["Overijssel", "NL21", "NL", "2", "1"],
        ["Region unknown", "", "DE", "1", "1"],
    ]


def test_csv_unmet_public_needs_escapes_formulas_and_follows_the_threshold(client, support_user, world):
    client.force_login(support_user)
    rows = _csv(client.get("/admin/support/unmet-public-needs.csv"))
    assert rows == [
        ["Member organisation", "Type of need", "Need", "Concepts", "Best recommendation score"],
        [
            "Münster Sensorik GmbH (example)",
            "Technology request",
            "'=Calibration partner for gas sensors",
            "Sensors",
            "0.900",
        ],
        [
            "Münster Sensorik GmbH (example)",
            "R&D partner search",
            "Electrolyser monitoring project",
            "Water electrolysis",
            "0.900",
        ],
    ]
    assert _csv(client.get("/admin/support/unmet-public-needs.csv?threshold=0.85"))[1:] == []
    assert client.get("/admin/support/unmet-public-needs.csv?threshold=lots").status_code == 400
    assert client.get("/admin/support/unmet-public-needs.csv?threshold=-1").status_code == 400


def test_csv_introductions_and_most_recommended(client, support_user, introductions):
    client.force_login(support_user)
    assert _csv(client.get("/admin/support/introductions-by-month.csv")) == [
        ["Month", "Requested", "Accepted", "Declined"],
        ["2026-01", "1", "0", "0"],
        ["2026-02", "2", "1", "0"],
        ["2026-03", "0", "0", "0"],
        ["2026-04", "2", "1", "1"],
    ]
    assert _csv(client.get("/admin/support/most-recommended.csv")) == [
        ["Organisation", "Country", "Type", "Recommended to members", "Average rank", "Average score"],
        ["Hydrogen Institute Enschede (example)", "NL", "Other", "3", "1.0", "1.400"],
        ["Institut für Kreislaufwirtschaft (example)", "DE", "Other", "2", "1.5", "1.100"],
        ["Recycling Network Gelderland (example)", "NL", "Other", "1", "2.0", "0.500"],
    ]


def test_csv_headers_follow_the_admin_language(client, support_user, world):
    UserProfile.objects.update_or_create(user=support_user, defaults={"preferred_language": "de"})
    client.force_login(support_user)
    rows = _csv(client.get("/admin/support/needs-by-cluster.csv"))
    assert rows[0] == ["Cluster", "Bedarfe", "Mitgliedsorganisationen"]
    assert rows[-1][0] == "Kein Cluster"


def test_unknown_table_is_404(client, support_user):
    client.force_login(support_user)
    assert client.get("/admin/support/no-such-table.csv").status_code == 404


def test_invalid_threshold_on_the_dashboard_shows_an_error(client, support_user, world):
    client.force_login(support_user)
    response = client.get(DASHBOARD + "?threshold=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a number." in html
    assert "Münster Sensorik GmbH (example)" in html  # the configured threshold (1.0) applies
    assert "3 of 5 member organisations are below the threshold (1 without any recommendation)." in html


def test_dashboard_threshold_form(client, support_user, world):
    client.force_login(support_user)
    html = client.get(DASHBOARD + "?threshold=0.85").content.decode()
    assert "Münster Sensorik GmbH (example)" not in html  # C's best score 0.9 reaches 0.85
    assert "unmet-needs-by-region.csv?threshold=0.85" in html  # the CSV links keep the threshold


def test_month_chart_bars_are_scaled_to_the_busiest_month(introductions):
    from support.queries import introductions_by_month
    from support.tables import month_chart

    chart = month_chart(introductions_by_month(), height=100)
    assert chart["peak"] == 2
    assert len(chart["months"]) == 4
    february = [bar["height"] for bar in chart["months"][1]["bars"]]
    march = [bar["height"] for bar in chart["months"][2]["bars"]]
    assert february == [100, 50, 0]  # requested 2, accepted 1, declined 0
    assert march == [0, 0, 0]
    assert month_chart([]) is None


def test_dashboard_shows_the_chart_with_introductions(client, support_user, introductions):
    client.force_login(support_user)
    html = client.get(DASHBOARD).content.decode()
    assert "<svg" in html
    assert "Introductions requested, accepted and declined per month" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Ondersteuningsdashboard", "Behoeften per concept", "Waterelektrolyse", "Geen concept opgegeven"]),
        ("de", ["Unterstützungs-Dashboard", "Bedarfe nach Konzept", "Wasserelektrolyse", "Kein Konzept angegeben"]),
    ],
)
def test_dashboard_in_the_admin_language(client, support_user, world, language, expected):
    UserProfile.objects.update_or_create(user=support_user, defaults={"preferred_language": language})
    client.force_login(support_user)
    html = client.get(DASHBOARD).content.decode()
    for text in expected:
        assert text in html


def test_long_tables_show_their_first_rows_and_the_csv_has_all(client, support_user, world, monkeypatch):
    import dataclasses

    from support import tables

    monkeypatch.setitem(
        tables.TABLES, "most-recommended", dataclasses.replace(tables.TABLES["most-recommended"], display_limit=2)
    )
    client.force_login(support_user)
    html = client.get(DASHBOARD).content.decode()
    assert "Recycling Network Gelderland (example)" not in html  # the third of three
    assert "The first 2 of 3 rows; the CSV file has all of them." in html
    assert len(_csv(client.get("/admin/support/most-recommended.csv"))) == 4
