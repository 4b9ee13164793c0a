import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = settings.BASE_DIR


def _manage(*args, **env):
    full_env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="techland.settings.production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_SETTINGS_MODULE="techland.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="techland.settings.production",
        DJANGO_SECRET_KEY="a-long-random-looking-secret-" + "k3y" * 20,
        ALLOWED_HOSTS="techland.example",
    )
    assert result.returncode == 0, result.stderr


def test_languages_and_i18n_settings():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "nl", "de"]
    assert settings.WAGTAIL_I18N_ENABLED is True
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert "techland.middleware.LocaleMiddleware" in settings.MIDDLEWARE
    assert {"wagtail_localize", "wagtail_localize.locales"} <= set(settings.INSTALLED_APPS)


@pytest.mark.django_db
def test_load_sample_data_is_idempotent(run_on_commit):
    from wagtail.models import Page

    with run_on_commit():
        call_command("load_sample_data", stdout=StringIO())
    first = Page.objects.count()
    with run_on_commit():
        call_command("load_sample_data", stdout=StringIO())
    assert Page.objects.count() == first
    assert first >= 4  # root and a home page in each of the three languages


@pytest.mark.django_db
def test_ensure_admin_creates_one_account_with_a_random_password():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert len(password) >= 16

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "password:" not in again.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_two_admin_accounts_never_share_a_password():
    out_one, out_two = StringIO(), StringIO()
    call_command("ensure_admin", stdout=out_one)
    get_user_model().objects.all().delete()
    call_command("ensure_admin", stdout=out_two)
    passwords = [re.search(r"password: (\S+)", out.getvalue()).group(1) for out in (out_one, out_two)]
    assert passwords[0] != passwords[1]
