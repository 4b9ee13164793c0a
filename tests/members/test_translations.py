"""Every string of the members' area has a Dutch and a German translation in members/locale."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_members_catalogues_are_complete(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is required (apt-get install gettext)")
    shutil.copytree(ROOT / "members", tmp_path / "members", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "techland.settings.test", "PYTHONPATH": str(ROOT)}
    # django-admin, not `python -m django`: run from members/, members/selectors.py would shadow the stdlib module.
    subprocess.run(
        [
            str(Path(sys.executable).with_name("django-admin")),
            "makemessages",
            "-l",
            "nl",
            "-l",
            "de",
            "--no-obsolete",
            "-v0",
        ],
        cwd=tmp_path / "members",
        env=env,
        check=True,
        capture_output=True,
    )
    missing = {}
    for language in ["nl", "de"]:
        po_file = tmp_path / "members" / "locale" / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            ["msgattrib", "--untranslated", "--no-wrap", str(po_file)], check=True, capture_output=True, text=True
        )
        fuzzy = subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-wrap", str(po_file)], check=True, capture_output=True, text=True
        )
        ids = [
            line
            for line in (result.stdout + fuzzy.stdout).splitlines()
            if line.startswith("msgid ") and line != 'msgid ""'
        ]
        if ids:
            missing[language] = ids
    assert missing == {}
