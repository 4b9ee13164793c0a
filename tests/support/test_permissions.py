"""The group migration works whether or not the recommendations migration created the group first."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

migration = importlib.import_module("support.migrations.0002_support_organisations_group")


def _codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


def test_grant_creates_the_group_when_it_is_missing():
    Group.objects.filter(name="Support organisations").delete()
    migration.grant(apps, None)
    assert {"access_admin", "view_dashboard"} <= _codenames(Group.objects.get(name="Support organisations"))


def test_grant_keeps_what_the_group_already_has_and_runs_twice():
    group = Group.objects.get(name="Support organisations")
    before = _codenames(group)
    migration.grant(apps, None)
    migration.grant(apps, None)
    assert _codenames(group) == before | {"access_admin", "view_dashboard"}
    assert Group.objects.filter(name="Support organisations").count() == 1


def test_revoke_removes_only_the_dashboard_permission():
    group = Group.objects.get(name="Support organisations")
    migration.revoke(apps, None)
    assert "view_dashboard" not in _codenames(group)
    assert "access_admin" in _codenames(group)
