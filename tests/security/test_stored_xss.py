"""Stored XSS: markup typed into free-text fields by members, editors or imports is rendered inert everywhere it
appears (public pages, the members' area, admin listings, JSON APIs)."""

import json

import pytest
from django.test import Client

from directory.models import ImportRun, Organisation, OrganisationDescription
from directory.services import run_import
from members.models import Claim, Profile, ProfileItem

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"
LIVE_MARKUP = ["<script>alert(1)", "<img src=x onerror", '<img src="x" onerror', "onerror=alert(1)>"]


def assert_inert_html(response, where: str) -> None:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    html = response.content.decode()
    for fragment in LIVE_MARKUP:
        assert fragment not in html, f"live markup {fragment!r} on {where}"


def assert_inert_json(response, where: str, *, expect_text: bool = True) -> None:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json"), where
    assert response["X-Content-Type-Options"] == "nosniff", where
    if expect_text:
        # JSON carries the text as data (a string the client must escape), never as markup outside a string.
        assert "alert(1)" in json.dumps(response.json()), f"{where}: the text was expected in the answer"


@pytest.fixture
def member_payloads(world):
    """A member's profile texts and descriptions, filled with markup, as the profile editor stores them."""
    organisation: Organisation = world.objects["organisation"]
    organisation.is_public = True
    organisation.save()
    OrganisationDescription.objects.create(organisation=organisation, language="en", text=PAYLOAD)
    profile = Profile.objects.create(
        organisation=organisation, public_fields=["offers", "needs", "description", "partner_types", "languages"]
    )
    ProfileItem.objects.create(profile=profile, kind="offer_technology", text=f"Offer {PAYLOAD}")
    ProfileItem.objects.create(profile=profile, kind="need_partner", text=f"Need {PAYLOAD}")
    return organisation


def test_member_profile_texts_are_inert(world, member_payloads):
    organisation = member_payloads
    client = Client()
    assert_inert_html(client.get(f"/en/directory/{organisation.slug}/"), "public organisation page")
    assert_inert_html(client.get("/en/directory/", {"q": "Twente"}), "directory listing")
    member = world.client("member")
    assert_inert_html(member.get("/en/members/"), "members' overview")
    assert_inert_html(member.get("/en/members/profile/"), "profile editor")
    staff = world.client("staff")
    assert_inert_html(
        staff.get(f"/admin/directory/organisation/inspect/{organisation.pk}/"), "admin organisation inspect"
    )
    assert_inert_html(staff.get("/admin/directory/organisation/"), "admin organisation listing")
    assert_inert_json(client.get(f"/api/directory/organisations/{organisation.slug}/"), "directory API detail")
    assert_inert_json(client.get("/api/directory/organisations/"), "directory API listing", expect_text=False)


def test_claim_texts_are_inert_in_the_admin(world):
    Claim.objects.create(
        organisation=world.objects["unclaimed"],
        name=PAYLOAD[:150],
        email="x@example.org",
        position=PAYLOAD[:150],
        message=PAYLOAD,
    )
    staff = world.client("staff")
    assert_inert_html(staff.get("/admin/members_claims/"), "admin claims listing")
    claim = Claim.objects.get(email="x@example.org")
    assert_inert_html(staff.get(f"/admin/members_claims/inspect/{claim.pk}/"), "admin claim inspect")


def test_editor_texts_are_inert(world, run_on_commit):
    page = world.objects["page"].specific
    page.title = f"About {PAYLOAD}"
    page.seo_title = PAYLOAD
    page.search_description = PAYLOAD
    with run_on_commit():
        page.save_revision(user=world.users["editor"]).publish()
    public = Client()
    url = page.get_url()
    assert_inert_html(public.get(url), "public page")
    assert_inert_html(public.get("/en/search/", {"q": "About"}), "site search")
    assert_inert_html(public.get("/en/"), "home page (navigation)")
    staff = world.client("staff")
    assert_inert_html(staff.get(f"/admin/pages/{page.get_parent().pk}/"), "admin page explorer")
    assert_inert_html(staff.get(f"/admin/pages/{page.pk}/edit/"), "admin page editor")
    assert_inert_html(staff.get(f"/admin/pages/{page.pk}/history/"), "admin page history")
    assert_inert_json(public.get(f"/api/v2/pages/{page.pk}/"), "pages API detail")
    assert_inert_json(public.get("/api/v2/pages/", {"search": "About"}), "pages API search", expect_text=False)


def test_rich_text_from_the_editor_drops_scripts(world, run_on_commit):
    """Rich text goes through the editor's converter (Draftail), which keeps only the allowed elements."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from content.models import StandardPage

    features = StandardPage._meta.get_field("intro").features
    converter = ContentstateConverter(features=features)
    stored = converter.to_database_format(
        converter.from_database_format(
            '<p>Intro</p><script>alert(1)</script><p><img src="x" onerror="alert(1)"/>text</p>'
        )
    )
    page = world.objects["page"].specific
    page.intro = stored
    with run_on_commit():
        page.save_revision(user=world.users["editor"]).publish()
    assert_inert_html(Client().get(page.get_url()), "page with rich text intro")


def test_navigation_snippet_text_is_inert(world, home_page):
    from content.models.snippets import Navigation

    navigation = Navigation.objects.filter(locale=home_page.locale).first() or Navigation(locale=home_page.locale)
    navigation.footer_text = PAYLOAD
    navigation.save()
    assert_inert_html(Client().get("/en/"), "footer text")
    assert_inert_html(world.client("staff").get("/admin/snippets/content/navigation/"), "admin snippet listing")


def test_imported_names_and_descriptions_are_inert(world, tmp_path):
    csv_path = tmp_path / "organisations.csv"
    csv_path.write_text(
        "name,country,city,description_en\n" + f'"Imported {PAYLOAD}",NL,Enschede,"Described {PAYLOAD}"\n',
        encoding="utf-8",
    )
    report = run_import(source="csv", path=csv_path, user=world.users["staff"])
    assert not report.error, report.error
    organisation = Organisation.objects.get(name__startswith="Imported")
    organisation.is_public = True
    organisation.save()
    public = Client()
    assert_inert_html(public.get(f"/en/directory/{organisation.slug}/"), "imported organisation page")
    assert_inert_html(public.get("/en/directory/"), "directory listing with the import")
    assert_inert_html(public.get("/en/directory/map/"), "directory map")
    assert_inert_json(public.get(f"/api/directory/organisations/{organisation.slug}/"), "API detail of the import")
    assert_inert_json(public.get("/api/directory/autocomplete/", {"q": "Imported"}), "autocomplete", expect_text=False)
    staff = world.client("staff")
    assert_inert_html(staff.get("/admin/directory/organisation/", {"q": "Imported"}), "admin listing of the import")
    latest = ImportRun.objects.order_by("-pk").first()
    assert_inert_html(staff.get(f"/admin/directory/importrun/inspect/{latest.pk}/"), "import report")
    # A claim page and the members' claim search show the name too.
    assert_inert_html(world.client("other_member").get("/en/members/claim/", {"q": "Imported"}), "claim search")
