"""The disk for uploaded files is full: image and document uploads in the admin get a clear 507 and save nothing.

The members' area has no file upload (profiles hold text and choices only), so the admin is where files arrive.
"""

import errno
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

MESSAGES = {
    "en": "There is no space left to store uploaded files",
    "nl": "Er is op dit moment geen ruimte",
    "de": "Im Moment ist kein Platz",
}


@pytest.fixture
def disk_full(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


@pytest.fixture
def admin_client(client, home_page):
    staff = get_user_model().objects.create_superuser(username="editor", email="editor@example.org", password="x")
    client.force_login(staff)
    return client


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("example.png", buffer.getvalue(), content_type="image/png")


def test_image_upload(admin_client, disk_full):
    response = admin_client.post("/admin/images/add/", {"title": "Example", "file": _png(), "collection": "1"})
    assert response.status_code == 507
    assert MESSAGES["en"] in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_image_upload_in_dutch(admin_client, disk_full):
    admin_client.cookies["django_language"] = "nl"
    response = admin_client.post(
        "/admin/images/add/", {"title": "Voorbeeld", "file": _png(), "collection": "1"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 507
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the view's own transaction is the outermost one, as in production
def test_multiple_image_upload_gets_json(admin_client, disk_full):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": _png(), "title": "Example"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 507
    assert MESSAGES["en"] in response.json()["errors"]["service"][0]
    assert get_image_model().objects.count() == 0


def test_document_upload(admin_client, disk_full):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 example", content_type="application/pdf")
    response = admin_client.post("/admin/documents/add/", {"title": "Report", "file": upload, "collection": "1"})
    assert response.status_code == 507
    assert MESSAGES["en"] in response.content.decode()
    assert get_document_model().objects.count() == 0
