"""The Introduction model: one open request per pair, and the "Support organisations" group from the migration."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from recommendations.models import Introduction

pytestmark = pytest.mark.django_db


def test_only_one_open_introduction_per_pair(dutch_member_org, german_orgs):
    candidate = german_orgs["hydrogen"]
    Introduction.objects.create(organisation=dutch_member_org, candidate=candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(organisation=dutch_member_org, candidate=candidate)
    # Closed requests do not count: a declined pair may be asked again.
    Introduction.objects.filter(organisation=dutch_member_org).update(status=Introduction.Status.DECLINED)
    Introduction.objects.create(organisation=dutch_member_org, candidate=candidate)
    assert Introduction.objects.filter(organisation=dutch_member_org, candidate=candidate).count() == 2
    # The other direction is a different pair.
    Introduction.objects.create(organisation=candidate, candidate=dutch_member_org)


def test_defaults(dutch_member_org, german_orgs):
    intro = Introduction.objects.create(organisation=dutch_member_org, candidate=german_orgs["stacks"])
    assert intro.status == Introduction.Status.REQUESTED
    assert intro.is_open
    assert intro.reasons == []
    assert intro.decided_at is None
    assert intro in dutch_member_org.introductions_requested.all()
    assert intro in german_orgs["stacks"].introductions_received.all()


def test_support_organisations_group_may_open_the_admin_and_handle_introductions():
    group = Group.objects.get(name="Support organisations")
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert {
        "wagtailadmin.access_admin",
        "recommendations.view_introduction",
        "recommendations.change_introduction",
    } <= codes
    assert "recommendations.delete_introduction" not in codes
