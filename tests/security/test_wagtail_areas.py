"""Wagtail areas with a history of advisories, checked for what they reveal, not only for their status codes:
private documents and pages, drafts, previews, revisions, page history and copy, and the admin and public APIs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PRIVATE_TEXT = "Confidential intro text (example)"


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and ("/login/" in response["Location"] or "/sign-in/" in response["Location"])


def test_a_document_in_a_private_collection_is_not_served_to_anonymous_visitors(world):
    url = world.ids["private_document_url"]
    response = Client().get(url)
    assert is_sign_in_redirect(response)
    assert b"PRIVATE-BOARD-MINUTES" not in b"".join(getattr(response, "streaming_content", [response.content]))
    # A signed-in visitor may read it (the collection is restricted to signed-in users), with Wagtail's strict CSP.
    response = world.client("member").get(url)
    assert response.status_code == 200
    assert b"PRIVATE-BOARD-MINUTES" in b"".join(response.streaming_content)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_private_documents_are_not_listed_by_the_public_api(world):
    titles = [item["title"] for item in Client().get("/api/v2/documents/").json()["items"]]
    assert "Public report (example)" in titles
    if "Board minutes (example)" in titles:
        pytest.xfail("the public documents API lists documents of private collections (title and download URL)")


def test_password_protected_pages_and_drafts_stay_hidden(world, run_on_commit):
    private = world.objects["private_page"].specific
    private.intro = f"<p>{PRIVATE_TEXT}</p>"
    with run_on_commit():
        private.save_revision().publish()
    for role in ("anonymous", "member", "other_member"):
        response = world.client(role).get("/en/members-only/")
        assert response.status_code == 200, role  # the password form
        assert PRIVATE_TEXT not in response.content.decode(), role
        assert world.client(role).get("/en/draft/").status_code == 404, role
    listing = Client().get("/api/v2/pages/", {"limit": 20}).json()["items"]
    slugs = {item["meta"]["slug"] for item in listing}
    assert "about" in slugs
    assert "draft" not in slugs
    assert "members-only" not in slugs
    assert Client().get(f"/api/v2/pages/{world.objects['draft'].pk}/").status_code == 404
    assert Client().get(f"/api/v2/pages/{private.pk}/").status_code == 404
    response = Client().get("/api/v2/pages/", {"search": "Confidential"})
    assert response.json().get("items") == [], response.content


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member"])
def test_previews_revisions_history_and_copy_are_closed_to_non_editors(world, role):
    page_id, revision_id = world.ids["page_id"], world.ids["revision_id"]
    client = world.client(role)
    for url in [
        f"/admin/pages/{page_id}/edit/preview/",
        f"/admin/pages/{page_id}/view_draft/",
        f"/admin/pages/{page_id}/revisions/{revision_id}/view/",
        f"/admin/pages/{page_id}/revisions/compare/earliest...latest/",
        f"/admin/pages/{page_id}/revisions/{revision_id}/revert/",
        f"/admin/pages/{page_id}/history/",
        f"/admin/pages/{page_id}/copy/",
        f"/admin/api/main/pages/{page_id}/",
        "/admin/api/main/pages/?child_of=root",
        "/admin/api/main/documents/",
    ]:
        response = client.get(url)
        assert is_sign_in_redirect(response), f"{role} {url}: {response.status_code}"
        assert "About us (example)" not in response.content.decode()
    # Nor can they change anything.
    response = client.post(f"/admin/pages/{page_id}/copy/", {"new_title": "Copy", "new_slug": "copy"})
    assert is_sign_in_redirect(response)
    response = client.post(f"/admin/api/main/pages/{page_id}/action/copy/", {})
    assert response.status_code in (302, 403)


def test_editors_see_the_draft_only_through_the_admin(world):
    editor = world.client("editor")
    response = editor.get(f"/admin/pages/{world.ids['page_id']}/view_draft/")
    assert response.status_code == 200
    assert "About us (example)" in response.content.decode()
    # The public page still shows the published title.
    assert "About us (example)" not in Client().get("/en/about/").content.decode()
