"""A small world for the security tests: two member organisations, editorial users, pages with revisions and a
workflow in progress, public and private documents, and one object of every kind the URLs name."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

PASSWORD = "a-long-Test-passphrase-42"
ROLES = ("anonymous", "member", "other_member", "editor", "moderator", "staff")
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths, and the throttles count in the cache-free database: start clean."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        user = self.users.get(role)
        if user is not None:
            client.force_login(user, backend="members.backends.EmailBackend")
        return client


def make_user(email: str, **kwargs):
    n = next(_counter)
    return get_user_model().objects.create_user(
        username=kwargs.pop("username", f"user{n}"), email=email, password=PASSWORD, **kwargs
    )


def png_bytes() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world(db, home_page, run_on_commit, settings) -> World:
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
        Task,
        Workflow,
    )

    from content.models import StandardPage
    from content.models.snippets import Navigation
    from directory.models import Concept, ImportRun, MergeCandidate, Organisation, Project
    from members.models import Claim, Membership, Role

    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    w = World()
    organisation = Organisation.objects.create(
        name="Twente Hydrogen Lab (example)", slug="twente-hydrogen-lab", country="NL", city="Enschede"
    )
    other = Organisation.objects.create(
        name="Münster Battery Works (example)", slug="muenster-battery-works", country="DE", city="Münster"
    )
    unclaimed = Organisation.objects.create(
        name="Unclaimed Robotics (example)", slug="unclaimed-robotics", country="NL"
    )
    w.objects.update(organisation=organisation, other_organisation=other, unclaimed=unclaimed)

    member = make_user("anna@twente-lab.example", first_name="Anna", last_name="Jansen")
    Membership.objects.create(user=member, organisation=organisation, role=Role.ADMIN)
    other_member = make_user("jonas@muenster-battery.example", first_name="Jonas")
    Membership.objects.create(user=other_member, organisation=other, role=Role.ADMIN)
    editor = make_user("editor@techland.example")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = make_user("moderator@techland.example")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff = make_user("staff@techland.example", is_staff=True, is_superuser=True)
    w.users = {
        "anonymous": None,
        "member": member,
        "other_member": other_member,
        "editor": editor,
        "moderator": moderator,
        "staff": staff,
    }

    # Pages: a live page with two revisions, a draft-only page and a page restricted to signed-in visitors.
    with run_on_commit():
        page = home_page.add_child(instance=StandardPage(title="About (example)", slug="about"))
        page.save_revision(user=editor).publish()
        first_revision = page.latest_revision
        page.title = "About us (example)"
        page.save_revision(user=editor)
        draft = home_page.add_child(instance=StandardPage(title="Draft (example)", slug="draft", live=False))
        draft.save_revision(user=editor)
        private = home_page.add_child(instance=StandardPage(title="Members only (example)", slug="members-only"))
        private.save_revision(user=editor).publish()
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD)
    restriction.password = "example-page-password"  # noqa: S105
    restriction.save()
    page.refresh_from_db()

    workflow = Workflow.objects.filter(active=True).first()
    workflow_state = task_state = None
    task = Task.objects.filter(active=True).first()
    if workflow is not None:
        workflow_state = workflow.start(page, editor)
        task_state = workflow_state.current_task_state
        task = task_state.task

    # Images and documents: one public document, one in a collection restricted to signed-in users.
    Image = get_image_model()
    Document = get_document_model()
    image = Image.objects.create(title="Example image", file=ImageFile(io.BytesIO(png_bytes()), name="example.png"))
    root = Collection.get_first_root_node()
    private_collection = root.add_child(name="Private (example)")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    password_collection = root.add_child(name="Password protected (example)")
    doc_restriction = CollectionViewRestriction(
        collection=password_collection, restriction_type=CollectionViewRestriction.PASSWORD
    )
    doc_restriction.password = "example-document-password"  # noqa: S105
    doc_restriction.save()
    document = Document(title="Public report (example)")
    document.file.save("public-report.txt", ContentFile(b"public"), save=True)
    private_document = Document(title="Board minutes (example)", collection=private_collection)
    private_document.file.save("board-minutes.txt", ContentFile(b"PRIVATE-BOARD-MINUTES"), save=True)

    # Members' objects.
    invitation, invitation_token = _make_invitation(organisation, member)
    other_invitation, _other_token = _make_invitation(other, other_member)
    withdrawable_invitation, _token = _make_invitation(organisation, member)
    claim = Claim.objects.create(
        organisation=unclaimed, name="Piet Example", email="piet@unclaimed.example", position="CEO", user=None
    )
    concept = Concept.objects.create(
        slug="hydrogen", cluster="battery_hydrogen", label_en="Hydrogen", label_nl="Waterstof", label_de="Wasserstoff"
    )
    project = Project.objects.create(source_id="HE:1", framework=Project.Framework.HORIZON, acronym="EX", title="Ex")
    candidate = MergeCandidate.objects.create(organisation_a=organisation, organisation_b=unclaimed, score=80.0)
    import_run = ImportRun.objects.create(
        source=ImportRun._meta.get_field("source").choices[0][0],
        file_name="example.csv",
        status=ImportRun._meta.get_field("status").choices[0][0],
        started_at=timezone.now(),
    )
    navigation = Navigation.objects.first() or Navigation.objects.create(locale=home_page.locale)
    redirect = Redirect.objects.create(old_path="/old-example", redirect_link="/en/")
    membership = Membership.objects.get(user=member)

    w.objects.update(
        page=page,
        draft=draft,
        private_page=private,
        image=image,
        document=document,
        private_document=private_document,
        invitation=invitation,
        other_invitation=other_invitation,
        claim=claim,
    )
    w.ids = {
        "page_id": page.pk,
        "page_pk": page.pk,
        "parent_page_id": home_page.pk,
        "page_to_move_id": page.pk,
        "destination_id": home_page.pk,
        "revision_id": first_revision.pk,
        "revision_id_a": str(first_revision.pk),
        "revision_id_b": "latest",
        "task_state_id": task_state.pk if task_state else 999999,
        "task_id": task.pk if task else 999999,
        "workflow_state_id": workflow_state.pk if workflow_state else 999999,
        "workflow_pk": workflow.pk if workflow else 999999,
        "image_id": image.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "collection_id": private_collection.pk,
        "restriction_id": doc_restriction.pk,
        "page_view_restriction_id": restriction.pk,
        "uploaded_file_id": 999999,
        "session_id": 999999,
        "redirect_id": redirect.pk,
        "withdrawable_invitation_id": withdrawable_invitation.pk,
        "document_url": document.url,
        "private_document_url": private_document.url,
        "filter_spec": "fill-10x10",
        "slug": organisation.slug,
        "section": "en",
        "candidate_id": other.pk,
        "token": invitation_token,
        "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
        "reset_token": default_token_generator.make_token(member),
        "content_type_app_name": "content",
        "content_type_model_name": "standardpage",
        "app_label": "wagtailcore",
        "model_name": "page",
        "app_name": "content",
        "object_id": str(page.pk),
        "mode": "",
        "action_name": "approve",
        "decision": "approve",
        "action": "resend",
        "translation_id": 999999,
        "translation_source_id": 999999,
        "string_segment_id": 999999,
        "overridable_segment_id": 999999,
        # Objects named `pk` differ per area; see `pk_for` in test_authz_matrix.py.
        "pk:page": page.pk,
        "pk:image": image.pk,
        "pk:document": document.pk,
        "pk:collection": private_collection.pk,
        "pk:workflow": workflow.pk if workflow else 999999,
        "pk:task": task.pk if task else 999999,
        "pk:navigation": navigation.pk,
        "pk:organisation": organisation.pk,
        "pk:project": project.pk,
        "pk:concept": concept.pk,
        "pk:mergecandidate": candidate.pk,
        "pk:importrun": import_run.pk,
        "pk:invitation": invitation.pk,
        "pk:other_invitation": other_invitation.pk,
        "pk:claim": claim.pk,
        "pk:membership": membership.pk,
        "pk:locale": home_page.locale.pk,
        "pk:site": Site.objects.get(is_default_site=True).pk,
        "pk:user": member.pk,
        "pk:group": Group.objects.get(name="Editors").pk,
    }
    return w


def _make_invitation(organisation, invited_by):
    from datetime import timedelta

    from members.models import Invitation, hash_token, new_token

    token = new_token()
    invitation = Invitation.objects.create(
        email=f"new.colleague{next(_counter)}@example.org",
        organisation=organisation,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=7),
    )
    return invitation, token
