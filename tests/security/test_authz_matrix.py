"""Authorization matrix: every URL pattern of techland.urls × six kinds of visitor, with the expected status.

The patterns are read from the URL configuration, so a new URL without a row in MATRIX fails
`test_every_url_pattern_has_a_row`. Each row gives the status for: anonymous, member (of the organisation the
fixtures' objects belong to), member of another organisation, editor (Wagtail "Editors"), moderator ("Moderators")
and staff (a superuser). "L" means a redirect to a sign-in page (the admin's or the members' area), "R" any other
redirect. Concrete URLs are built from the fixtures in conftest.py (ids, slugs, tokens); a row may give its own
URL, method or form data.

To see the statuses the site answers today (e.g. after adding an app): AUTHZ_RECORD=1 pytest this file -s.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    codes: str
    url: str | None = None
    method: str = "GET"
    data: dict | None = None

    def expected(self) -> dict[str, str]:
        parts = self.codes.split()
        assert len(parts) == len(ROLES), f"{self.codes!r} needs one status per role"
        return dict(zip(ROLES, parts, strict=True))


def R(codes: str, **kwargs) -> Row:  # noqa: N802 - reads like a table
    return Row(codes, **kwargs)


# Shorthands for the common answers.
PUBLIC = "200 200 200 200 200 200"
ADMIN = "L L L 200 200 200"  # any Wagtail admin user (editors and moderators have access to the admin)
STAFF_ONLY = "L L L R R 200"  # admin users without the permission are sent back to the dashboard
ADMIN_REDIRECT = "L L L R R R"  # a GET that only redirects (e.g. an action that needs a POST or a parameter)
ADMIN_404 = "L L L 404 404 404"  # an object the fixtures do not have (upload sessions, translations): closed anyway
ADMIN_405 = "L L L 405 405 405"  # POST-only admin endpoints: the sign-in check comes first


def all_patterns() -> list[str]:
    found: list[str] = []

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append(prefix + str(entry.pattern))

    with translation.override("en"):
        walk(get_resolver(), "")
    return found


# Which fixture object a `pk` (or modeladmin `instance_pk`) names, by the first matching part of the pattern.
PK_KINDS = [
    ("api/main/^pages", "page"),
    ("api/main/^documents", "document"),
    ("api/main/^images", "image"),
    ("api/v2/^pages", "page"),
    ("api/v2/^documents", "document"),
    ("api/v2/^images", "image"),
    ("admin/pages/", "page"),
    ("admin/collections/", "collection"),
    ("admin/workflows/tasks/", "task"),
    ("admin/workflows/", "workflow"),
    ("snippets/content/navigation", "navigation"),
    ("snippets/choose/content/navigation", "navigation"),
    ("localize/", "navigation"),
    ("organisation_chooser", "organisation"),
    ("directory/organisation/", "organisation"),
    ("directory/project/", "project"),
    ("directory/concept/", "concept"),
    ("directory/mergecandidate/", "mergecandidate"),
    ("directory/importrun/", "importrun"),
    ("merge-candidates/", "mergecandidate"),
    ("members_invitations/", "invitation"),
    ("members_claims/", "claim"),
    ("members_memberships/", "membership"),
    ("team/invitations/", "invitation"),
    ("admin/locales/", "locale"),
    ("admin/sites/", "site"),
    ("admin/users/", "user"),
    ("admin/groups/", "group"),
    ("documents/chooser/", "document"),
    ("images/chooser/", "image"),
]

PLACEHOLDER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def first_pk_of_modeladmin(pattern: str) -> int:
    """For an area not in PK_KINDS: the first object of the modeladmin's model (admin/^app/model/...), if any."""
    from django.apps import apps

    match = re.match(r"admin/\^(\w+)/(\w+)/", pattern)
    if match:
        try:
            obj = apps.get_model(match.group(1), match.group(2))._default_manager.order_by("pk").first()
        except LookupError:
            obj = None
        if obj is not None:
            return obj.pk
    return 999999


def concrete_url(pattern: str, ids: dict) -> str | None:
    def value(match):
        name = match.group("name") or match.group("rname")
        if name in {"pk", "instance_pk"}:
            kind = next((kind for part, kind in PK_KINDS if part in pattern), None)
            if kind:
                return str(ids[f"pk:{kind}"])
            return str(first_pk_of_modeladmin(pattern))
        if name == "token" and "password" in pattern:
            return ids["reset_token"]
        if name not in ids:
            raise LookupError(name)
        return str(ids[name])

    try:
        url = PLACEHOLDER.sub(value, pattern)
    except LookupError:
        return None  # no fixture value for a parameter: the row must give a concrete url
    url = url.replace("^", "").replace("$", "").replace("\\.", ".")
    if re.search(r"[()\\*?\[]", url):
        return None  # a regular expression: the row must give a concrete url
    return "/" + url


# pattern -> statuses for: anonymous, member, other_member, editor, moderator, staff (or a Row with url/method).
MATRIX: dict[str, str | Row] = {
    "admin/": ADMIN,
    "admin/test404/": ADMIN,
    "admin/api/main/^pages/": ADMIN,
    "admin/api/main/^pages/<int:pk>/": ADMIN,
    "admin/api/main/^pages/find/": ADMIN_404,
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": ADMIN_405,
    "admin/api/main/^documents/": ADMIN,
    "admin/api/main/^documents/<int:pk>/": ADMIN,
    "admin/api/main/^documents/find/": ADMIN_404,
    "admin/api/main/^images/": ADMIN,
    "admin/api/main/^images/<int:pk>/": ADMIN,
    "admin/api/main/^images/find/": ADMIN_404,
    "admin/failwhale/": "L L L 500 500 500",  # Wagtail's deliberate error page for admins
    "admin/pages/": ADMIN,
    "admin/pages/<int:parent_page_id>/": ADMIN,
    "admin/pages/<int:parent_page_id>/results/": ADMIN,
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": ADMIN_404,
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": ADMIN,
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": ADMIN,
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": ADMIN,
    "admin/pages/create/<slug:app_label>/<slug:model_name>": ADMIN,
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": ADMIN,
    "admin/pages/<int:page_id>/usage/": ADMIN,
    "admin/pages/<int:page_id>/edit/": ADMIN,
    "admin/pages/<int:page_id>/edit/preview/": ADMIN,
    "admin/pages/<int:page_id>/view_draft/": ADMIN,
    "admin/pages/<int:parent_page_id>/add_subpage/": ADMIN,
    "admin/pages/<int:page_id>/delete/": "L L L R 200 200",
    "admin/pages/<int:page_id>/unpublish/": "L L L R 200 200",
    "admin/pages/<int:page_id>/convert_alias/": ADMIN_404,
    "admin/pages/search/": ADMIN,
    "admin/pages/search/results/": ADMIN,
    "admin/pages/<int:page_to_move_id>/move/": "L L L R 200 200",
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": ADMIN,
    "admin/pages/<int:page_to_move_id>/set_position/": ADMIN_405,
    "admin/pages/<int:page_id>/copy/": ADMIN,
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": "L L L R 200 200",
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": "L L L R 200 200",
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": ADMIN,
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": "L L L R 200 200",
    "admin/pages/<int:page_id>/privacy/": "L L L R 200 200",
    "admin/pages/<int:page_id>/lock/": ADMIN_405,
    "admin/pages/<int:page_id>/unlock/": ADMIN_405,
    "admin/pages/<int:page_id>/revisions/": ADMIN_REDIRECT,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": ADMIN,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": ADMIN,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": "L L L R 200 200",
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": ADMIN,
    "admin/pages/<int:page_id>/workflow_history/": ADMIN,
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": ADMIN,
    "admin/pages/<int:page_id>/history/": ADMIN,
    "admin/pages/<int:page_id>/history/results/": ADMIN,
    "admin/choose-page/": ADMIN,
    "admin/choose-page/<int:parent_page_id>/": ADMIN,
    "admin/choose-page/search/": ADMIN,
    "admin/choose-page/chosen-multiple/": ADMIN,
    "admin/choose-external-link/": ADMIN,
    "admin/choose-email-link/": ADMIN,
    "admin/choose-phone-link/": ADMIN,
    "admin/choose-anchor-link/": ADMIN,
    "admin/tag-autocomplete/": ADMIN,
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": ADMIN_404,
    "admin/collections/": STAFF_ONLY,
    "admin/collections/add/": STAFF_ONLY,
    "admin/collections/<int:pk>/": STAFF_ONLY,
    "admin/collections/<int:pk>/delete/": "L L L 404 404 200",
    "admin/collections/<int:collection_id>/privacy/": STAFF_ONLY,
    "admin/workflows/list/": STAFF_ONLY,
    "admin/workflows/list/results/": STAFF_ONLY,
    "admin/workflows/add/": STAFF_ONLY,
    "admin/workflows/enable/<int:pk>/": ADMIN_405,
    "admin/workflows/disable/<int:pk>/": STAFF_ONLY,
    "admin/workflows/edit/<int:pk>/": STAFF_ONLY,
    "admin/workflows/usage/<int:pk>/": STAFF_ONLY,
    "admin/workflows/usage/<int:pk>/results/": STAFF_ONLY,
    "admin/workflows/remove/<int:page_pk>/": ADMIN_405,
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": ADMIN_405,
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": ADMIN_404,
    "admin/workflows/tasks/select_type/": ADMIN_REDIRECT,
    "admin/workflows/tasks/index/": STAFF_ONLY,
    "admin/workflows/tasks/index/results/": STAFF_ONLY,
    "admin/workflows/tasks/edit/<int:pk>/": STAFF_ONLY,
    "admin/workflows/tasks/disable/<int:pk>/": STAFF_ONLY,
    "admin/workflows/tasks/enable/<int:pk>/": ADMIN_405,
    "admin/workflows/task_chooser/": ADMIN,
    "admin/workflows/task_chooser/results/": ADMIN,
    "admin/workflows/task_chooser/create/": ADMIN,
    "admin/workflows/task_chooser/<int:task_id>/": ADMIN,
    "admin/reports/locked/": "L L L R 200 200",
    "admin/reports/locked/results/": "L L L R 200 200",
    "admin/reports/workflow/": ADMIN,
    "admin/reports/workflow/results/": ADMIN,
    "admin/reports/workflow_tasks/": ADMIN,
    "admin/reports/workflow_tasks/results/": ADMIN,
    "admin/reports/site-history/": ADMIN,
    "admin/reports/site-history/results/": ADMIN,
    "admin/reports/aging-pages/": ADMIN,
    "admin/reports/aging-pages/results/": ADMIN,
    "admin/reports/page-types-usage/": ADMIN,
    "admin/reports/page-types-usage/results/": ADMIN,
    "admin/account/": ADMIN,
    "admin/logout/": ADMIN_405,
    "admin/dismissibles/": ADMIN,
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": ADMIN_405,
    "admin/editing-sessions/release/<int:session_id>/": ADMIN_405,
    "admin/block-preview/": ADMIN_404,
    "admin/^directory/organisation/$": STAFF_ONLY,
    "admin/^directory/organisation/create/$": STAFF_ONLY,
    "admin/^directory/organisation/edit/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/organisation/delete/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/organisation/inspect/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/organisation/history/(?P<instance_pk>[-\\w]+)/$": ADMIN,
    "admin/^directory/project/$": STAFF_ONLY,
    "admin/^directory/project/create/$": STAFF_ONLY,
    "admin/^directory/project/edit/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/project/delete/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/project/inspect/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/project/history/(?P<instance_pk>[-\\w]+)/$": ADMIN,
    "admin/^directory/concept/$": STAFF_ONLY,
    "admin/^directory/concept/create/$": STAFF_ONLY,
    "admin/^directory/concept/edit/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/concept/delete/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/concept/inspect/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/concept/history/(?P<instance_pk>[-\\w]+)/$": ADMIN,
    "admin/^directory/mergecandidate/$": STAFF_ONLY,
    "admin/^directory/mergecandidate/create/$": ADMIN_REDIRECT,
    "admin/^directory/mergecandidate/edit/(?P<instance_pk>[-\\w]+)/$": ADMIN_REDIRECT,
    "admin/^directory/mergecandidate/delete/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/mergecandidate/inspect/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/mergecandidate/history/(?P<instance_pk>[-\\w]+)/$": ADMIN,
    "admin/^directory/importrun/$": STAFF_ONLY,
    "admin/^directory/importrun/create/$": ADMIN_REDIRECT,
    "admin/^directory/importrun/edit/(?P<instance_pk>[-\\w]+)/$": ADMIN_REDIRECT,
    "admin/^directory/importrun/delete/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/importrun/inspect/(?P<instance_pk>[-\\w]+)/$": STAFF_ONLY,
    "admin/^directory/importrun/history/(?P<instance_pk>[-\\w]+)/$": ADMIN,
    "admin/directory/import/": STAFF_ONLY,
    "admin/directory/merge-candidates/<int:pk>/decide/": ADMIN_405,
    "admin/^insights/indicator/$": STAFF_ONLY,
    "admin/^insights/indicator/create/$": STAFF_ONLY,
    "admin/^insights/indicator/edit/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicator/delete/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicator/history/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorvalue/$": STAFF_ONLY,
    "admin/^insights/indicatorvalue/create/$": ADMIN_REDIRECT,
    "admin/^insights/indicatorvalue/edit/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorvalue/delete/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorvalue/history/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorupload/$": STAFF_ONLY,
    "admin/^insights/indicatorupload/create/$": ADMIN_REDIRECT,
    "admin/^insights/indicatorupload/edit/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorupload/delete/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorupload/inspect/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/^insights/indicatorupload/history/(?P<instance_pk>[-\\w]+)/$": ADMIN_404,
    "admin/insights/upload/": STAFF_ONLY,
    "admin/support/": "L L L 403 403 200",
    "admin/support/<slug:slug>.csv": "L L L 403 403 404",
    "admin/localize/jsi18n/": ADMIN,
    "admin/localize/submit/page/<int:page_id>/": ADMIN,
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": ADMIN_404,
    "admin/localize/update/<int:translation_source_id>/": ADMIN_404,
    "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/": ADMIN_405,
    "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/": ADMIN_405,
    "admin/localize/translate/<int:translation_id>/pofile/download/": ADMIN_404,
    "admin/localize/translate/<int:translation_id>/pofile/upload/": ADMIN_405,
    "admin/localize/translate/<int:translation_id>/machine_translate/": ADMIN_405,
    "admin/localize/translate/<int:translation_id>/preview/": ADMIN_404,
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": ADMIN_404,
    "admin/localize/translate/<int:translation_id>/disable/": ADMIN_405,
    "admin/localize/page/<int:page_id>/convert_to_alias/": ADMIN_404,
    "admin/localize/reports/translations/": ADMIN,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/": ADMIN_404,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": ADMIN_404,
    "admin/localize/reports/translations/results/": ADMIN,
    "admin/modeladmin/jsi18n/": ADMIN,
    "admin/forms/": ADMIN,
    "admin/forms/results/": ADMIN,
    "admin/forms/submissions/<int:page_id>/": ADMIN_404,
    "admin/forms/submissions/<int:page_id>/results/": ADMIN_404,
    "admin/forms/submissions/<int:page_id>/delete/": ADMIN_REDIRECT,
    "admin/redirects/": STAFF_ONLY,
    "admin/redirects/results/": STAFF_ONLY,
    "admin/redirects/add/": STAFF_ONLY,
    "admin/redirects/<int:redirect_id>/": STAFF_ONLY,
    "admin/redirects/<int:redirect_id>/delete/": STAFF_ONLY,
    "admin/redirects/import/": STAFF_ONLY,
    "admin/redirects/import/process/": "L L L R R 405",
    "admin/settings/<slug:app_name>/<slug:model_name>/": ADMIN_404,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": ADMIN_404,
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": ADMIN_404,
    "admin/embeds/chooser/": ADMIN,
    "admin/embeds/chooser/upload/": ADMIN,
    "admin/snippets/": ADMIN_REDIRECT,
    "admin/documents/": ADMIN,
    "admin/documents/results/": ADMIN,
    "admin/documents/add/": ADMIN,
    "admin/documents/edit/<int:document_id>/": ADMIN,
    "admin/documents/delete/<int:document_id>/": ADMIN,
    "admin/documents/multiple/add/": ADMIN,
    "admin/documents/multiple/<int:doc_id>/": ADMIN_405,
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": ADMIN_405,
    "admin/documents/multiple/<int:doc_id>/delete/": ADMIN_405,
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_405,
    "admin/documents/usage/<int:document_id>/": ADMIN,
    "admin/images/": ADMIN,
    "admin/images/results/": ADMIN,
    "admin/images/<int:image_id>/": ADMIN,
    "admin/images/<int:image_id>/delete/": ADMIN,
    "admin/images/<int:image_id>/generate_url/": ADMIN_404,
    "admin/images/<int:image_id>/generate_url/output/": ADMIN_404,
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": ADMIN,
    "admin/images/add/": ADMIN,
    "admin/images/usage/<int:image_id>/": ADMIN,
    "admin/images/multiple/add/": ADMIN,
    "admin/images/multiple/<int:image_id>/": ADMIN_405,
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": ADMIN_405,
    "admin/images/multiple/<int:image_id>/delete/": ADMIN_405,
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_405,
    "admin/snippets/content/navigation/": ADMIN,
    "admin/snippets/content/navigation/results/": ADMIN,
    "admin/snippets/content/navigation/add/": ADMIN,
    "admin/snippets/content/navigation/edit/<int:pk>/": ADMIN,
    "admin/snippets/content/navigation/delete/<int:pk>/": STAFF_ONLY,
    "admin/snippets/content/navigation/usage/<int:pk>/": ADMIN,
    "admin/snippets/content/navigation/history/<int:pk>/": ADMIN,
    "admin/snippets/content/navigation/history-results/<int:pk>/": ADMIN,
    "admin/snippets/content/navigation/copy/<int:pk>/": ADMIN,
    "admin/snippets/choose/content/navigation/": ADMIN,
    "admin/snippets/choose/content/navigation/results/": ADMIN,
    "admin/snippets/choose/content/navigation/chosen/<str:pk>/": ADMIN,
    "admin/snippets/choose/content/navigation/chosen-multiple/": ADMIN,
    "admin/snippets/choose/content/navigation/create/": ADMIN,
    "admin/content_organisation_chooser/": ADMIN,
    "admin/content_organisation_chooser/results/": ADMIN,
    "admin/content_organisation_chooser/chosen/<str:pk>/": ADMIN,
    "admin/content_organisation_chooser/chosen-multiple/": ADMIN,
    "admin/content_organisation_chooser/create/": STAFF_ONLY,
    "admin/recommendations_introductions/": STAFF_ONLY,
    "admin/recommendations_introductions/results/": STAFF_ONLY,
    "admin/recommendations_introductions/new/": ADMIN_REDIRECT,
    "admin/recommendations_introductions/delete/<int:pk>/": ADMIN_404,
    "admin/recommendations_introductions/history/<int:pk>/": ADMIN_404,
    "admin/recommendations_introductions/history-results/<int:pk>/": ADMIN_404,
    "admin/recommendations_introductions/usage/<int:pk>/": ADMIN_404,
    "admin/recommendations_introductions/edit/<int:pk>/": "L L L R R 404",
    "admin/recommendations_stored/": STAFF_ONLY,
    "admin/recommendations_stored/results/": STAFF_ONLY,
    "admin/recommendations_stored/new/": ADMIN_REDIRECT,
    "admin/recommendations_stored/edit/<int:pk>/": ADMIN_REDIRECT,
    "admin/recommendations_stored/delete/<int:pk>/": ADMIN_404,
    "admin/recommendations_stored/history/<int:pk>/": ADMIN_404,
    "admin/recommendations_stored/history-results/<int:pk>/": ADMIN_404,
    "admin/recommendations_stored/usage/<int:pk>/": ADMIN_404,
    "admin/recommendations_stored/inspect/<int:pk>/": ADMIN_404,
    "admin/recommendations_feedback/": STAFF_ONLY,
    "admin/recommendations_feedback/results/": STAFF_ONLY,
    "admin/recommendations_feedback/new/": ADMIN_REDIRECT,
    "admin/recommendations_feedback/edit/<int:pk>/": ADMIN_REDIRECT,
    "admin/recommendations_feedback/delete/<int:pk>/": ADMIN_404,
    "admin/recommendations_feedback/history/<int:pk>/": ADMIN_404,
    "admin/recommendations_feedback/history-results/<int:pk>/": ADMIN_404,
    "admin/recommendations_feedback/usage/<int:pk>/": ADMIN_404,
    "admin/recommendations_feedback/inspect/<int:pk>/": ADMIN_404,
    "admin/members_organisation_chooser/": ADMIN,
    "admin/members_organisation_chooser/results/": ADMIN,
    "admin/members_organisation_chooser/chosen/<str:pk>/": ADMIN,
    "admin/members_organisation_chooser/chosen-multiple/": ADMIN,
    "admin/members_organisation_chooser/create/": STAFF_ONLY,
    "admin/members_invitations/": STAFF_ONLY,
    "admin/members_invitations/results/": STAFF_ONLY,
    "admin/members_invitations/new/": STAFF_ONLY,
    "admin/members_invitations/edit/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/delete/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/history/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/history-results/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/usage/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/inspect/<int:pk>/": STAFF_ONLY,
    "admin/members_invitations/<int:pk>/<str:action>/": STAFF_ONLY,
    "admin/members_claims/": STAFF_ONLY,
    "admin/members_claims/results/": STAFF_ONLY,
    "admin/members_claims/new/": STAFF_ONLY,
    "admin/members_claims/edit/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/delete/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/history/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/history-results/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/usage/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/inspect/<int:pk>/": STAFF_ONLY,
    "admin/members_claims/decide/<int:pk>/<str:decision>/": STAFF_ONLY,
    "admin/members_memberships/": STAFF_ONLY,
    "admin/members_memberships/results/": STAFF_ONLY,
    "admin/members_memberships/new/": STAFF_ONLY,
    "admin/members_memberships/edit/<int:pk>/": STAFF_ONLY,
    "admin/members_memberships/delete/<int:pk>/": STAFF_ONLY,
    "admin/members_memberships/history/<int:pk>/": STAFF_ONLY,
    "admin/members_memberships/history-results/<int:pk>/": STAFF_ONLY,
    "admin/members_memberships/usage/<int:pk>/": STAFF_ONLY,
    "admin/locales/": STAFF_ONLY,
    "admin/locales/results/": STAFF_ONLY,
    "admin/locales/new/": STAFF_ONLY,
    "admin/locales/edit/<int:pk>/": STAFF_ONLY,
    "admin/locales/delete/<int:pk>/": STAFF_ONLY,
    "admin/locales/history/<int:pk>/": STAFF_ONLY,
    "admin/locales/history-results/<int:pk>/": STAFF_ONLY,
    "admin/locales/usage/<int:pk>/": STAFF_ONLY,
    "admin/locales/copy/<int:pk>/": STAFF_ONLY,
    "admin/sites/": STAFF_ONLY,
    "admin/sites/results/": STAFF_ONLY,
    "admin/sites/new/": STAFF_ONLY,
    "admin/sites/edit/<int:pk>/": STAFF_ONLY,
    "admin/sites/delete/<int:pk>/": STAFF_ONLY,
    "admin/sites/history/<int:pk>/": STAFF_ONLY,
    "admin/sites/history-results/<int:pk>/": STAFF_ONLY,
    "admin/sites/usage/<int:pk>/": STAFF_ONLY,
    "admin/sites/copy/<int:pk>/": STAFF_ONLY,
    "admin/users/": STAFF_ONLY,
    "admin/users/results/": STAFF_ONLY,
    "admin/users/new/": STAFF_ONLY,
    "admin/users/edit/<int:pk>/": STAFF_ONLY,
    "admin/users/delete/<int:pk>/": STAFF_ONLY,
    "admin/users/history/<int:pk>/": STAFF_ONLY,
    "admin/users/history-results/<int:pk>/": STAFF_ONLY,
    "admin/users/usage/<int:pk>/": STAFF_ONLY,
    "admin/users/copy/<int:pk>/": STAFF_ONLY,
    "admin/groups/": STAFF_ONLY,
    "admin/groups/results/": STAFF_ONLY,
    "admin/groups/new/": STAFF_ONLY,
    "admin/groups/edit/<int:pk>/": STAFF_ONLY,
    "admin/groups/delete/<int:pk>/": STAFF_ONLY,
    "admin/groups/history/<int:pk>/": STAFF_ONLY,
    "admin/groups/history-results/<int:pk>/": STAFF_ONLY,
    "admin/groups/usage/<int:pk>/": STAFF_ONLY,
    "admin/documents/chooser/": ADMIN,
    "admin/documents/chooser/results/": ADMIN,
    "admin/documents/chooser/chosen/<str:pk>/": ADMIN,
    "admin/documents/chooser/chosen-multiple/": ADMIN,
    "admin/documents/chooser/create/": ADMIN,
    "admin/images/chooser/": ADMIN,
    "admin/images/chooser/results/": ADMIN,
    "admin/images/chooser/chosen/<str:pk>/": ADMIN,
    "admin/images/chooser/chosen-multiple/": ADMIN,
    "admin/images/chooser/create/": ADMIN,
    "admin/images/chooser/<int:image_id>/select_format/": ADMIN,
    "admin/sprite/": PUBLIC,
    "admin/login/": "200 200 200 R R R",
    "admin/password_reset/": PUBLIC,
    "admin/password_reset/done/": PUBLIC,
    "admin/password_reset/confirm/<uidb64>/<token>/": "R 200 R R R R",  # the token belongs to the member
    "admin/password_reset/complete/": PUBLIC,
    "admin/jsi18n/": PUBLIC,
    "admin/^.*/$": R(ADMIN_404, url="/admin/no-such-area/"),
    "documents/^(\\d+)/(.*)$": R(PUBLIC, url="{document_url}"),
    "documents/authenticate_with_password/<int:restriction_id>/": PUBLIC,
    "health/": PUBLIC,
    "robots.txt": PUBLIC,
    "api/directory/organisations/": PUBLIC,
    "api/directory/organisations/<slug:slug>/": PUBLIC,
    "api/directory/concepts/": PUBLIC,
    "api/directory/places/": PUBLIC,
    "api/directory/autocomplete/": PUBLIC,
    "api/directory/openapi.json": PUBLIC,
    "api/directory/^[\\s\\S]*$": R("404 404 404 404 404 404", url="/api/directory/no-such-endpoint/"),
    "api/v2/^pages/": PUBLIC,
    "api/v2/^pages/<int:pk>/": PUBLIC,
    "api/v2/^pages/find/": "404 404 404 404 404 404",
    "api/v2/^images/": PUBLIC,
    "api/v2/^images/<int:pk>/": PUBLIC,
    "api/v2/^images/find/": "404 404 404 404 404 404",
    "api/v2/^documents/": PUBLIC,
    "api/v2/^documents/<int:pk>/": PUBLIC,
    "api/v2/^documents/find/": "404 404 404 404 404 404",
    "sitemap.xml": PUBLIC,
    "sitemap-<str:section>.xml": PUBLIC,
    "en/search/": PUBLIC,
    "en/feeds/news.rss": PUBLIC,
    "en/feeds/news.atom": PUBLIC,
    "en/directory/": PUBLIC,
    "en/directory/map/": PUBLIC,
    "en/directory/<slug:slug>/": PUBLIC,
    "en/insights/": PUBLIC,
    "en/insights/indicators/<slug:slug>.csv": "404 404 404 404 404 404",
    "en/insights/<slug:chart>.csv": R("404 404 404 404 404 404", url="/en/insights/no-such-chart.csv"),
    "en/insights/<slug:cluster>/": R(PUBLIC, url="/en/insights/battery_hydrogen/"),
    "en/insights/<slug:cluster>/<slug:chart>.csv": R(
        "404 404 404 404 404 404", url="/en/insights/battery_hydrogen/no-such-chart.csv"
    ),
    "en/members/recommendations/saved/": "L 200 200 R R R",
    "en/members/recommendations/<int:candidate_id>/feedback/": "L 405 405 R R R",
    "en/members/recommendations/<int:candidate_id>/introduction/": "L 404 404 R R R",
    "en/members/recommendations/introductions/": "L 200 200 R R R",
    "en/members/recommendations/introductions/<int:pk>/withdraw/": "L 405 405 R R R",
    "en/members/": "L 200 200 200 200 200",
    "en/members/sign-in/": "200 R R R R R",
    "en/members/sign-out/": PUBLIC,
    "en/members/password/": "L 200 200 200 200 200",
    "en/members/password/reset/": PUBLIC,
    "en/members/password/reset/sent/": PUBLIC,
    "en/members/password/reset/<uidb64>/<token>/": "R 200 R R R R",  # the token belongs to the member
    "en/members/password/reset/complete/": PUBLIC,
    "en/members/profile/": "L 200 200 R R R",
    "en/members/team/": "L 200 200 R R R",
    # Another organisation's member cannot withdraw the invitation.
    "en/members/team/invitations/<int:pk>/withdraw/": R(
        "L R 404 R R R", url="/en/members/team/invitations/{withdrawable_invitation_id}/withdraw/", method="POST"
    ),
    "en/members/invitations/<str:token>/": "200 403 403 403 403 403",  # signed in with another address: refused
    "en/members/claim/": PUBLIC,
    "en/members/claims/sent/": PUBLIC,
    "en/members/claim/<slug:slug>/": "200 R R 200 200 200",
    "en/members/data/": "L 200 200 200 200 200",
    "en/members/data/export/": "L 200 200 200 200 200",
    "en/members/data/delete/": "L 200 200 200 200 R",  # staff accounts are removed in the admin, not here
    "en/members/data/deleted/": PUBLIC,
    "en/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": PUBLIC,
    "en/_util/login/": PUBLIC,
    "en/^((?:[\\w\\-]+/)*)$": R(PUBLIC, url="/en/about/"),
}


def as_row(entry: str | Row) -> Row:
    return entry if isinstance(entry, Row) else Row(entry)


def check(world, pattern: str, row: Row, role: str) -> str:
    url = row.url.format(**world.ids) if row.url else concrete_url(pattern, world.ids)
    if url is None:
        return "needs-url"
    client = world.client(role)
    response = getattr(client, row.method.lower())(url, row.data or {})
    return describe(response)


def describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "/login/" in location or "/sign-in/" in location:
            return "L"
        return "R"
    return str(response.status_code)


def test_every_url_pattern_has_a_row():
    missing = [pattern for pattern in all_patterns() if pattern not in MATRIX]
    assert not missing, "URL patterns without a row in the authorization matrix:\n" + "\n".join(missing)
    stale = [pattern for pattern in MATRIX if pattern not in all_patterns()]
    assert not stale, "Rows for URL patterns that no longer exist:\n" + "\n".join(stale)


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(world, role):
    record = os.environ.get("AUTHZ_RECORD")
    mismatches = []
    for pattern in all_patterns():
        row = as_row(MATRIX.get(pattern, " ".join(["?"] * len(ROLES))))
        actual = check(world, pattern, row, role)
        expected = row.expected()[role]
        if record:
            sys.stdout.write(f"RECORD\t{role}\t{pattern}\t{actual}\n")
        elif actual != expected:
            mismatches.append(f"{pattern}: expected {expected}, got {actual}")
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)
