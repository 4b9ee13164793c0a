"""Every user-facing string in templates and Python code has a Dutch and a German translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project's own apps (every installed app that lives in this repository) and the site-wide catalogue.
SOURCE_DIRS = sorted(
    {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()} | {"locale"}
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "static")


@pytest.fixture(scope="module")
def extracted_catalogues(tmp_path_factory):
    """Run makemessages on a copy of the sources and return the resulting .po files."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is required (apt-get install gettext)")
    work = tmp_path_factory.mktemp("i18n")
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, work / name, ignore=IGNORED)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "techland.settings.test", "PYTHONPATH": str(work)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "-l", "de", "--no-obsolete", "-v0"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    return sorted(work.rglob("LC_MESSAGES/django.po"))


def _entries(po_file: Path, *flags: str) -> list[str]:
    result = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po_file)], check=True, capture_output=True, text=True
    )
    return [
        line[len("msgid ") :] for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


def test_catalogues_exist_for_dutch_and_german(extracted_catalogues):
    languages = {path.parent.parent.name for path in extracted_catalogues}
    assert languages == {"nl", "de"}


def test_every_string_is_translated(extracted_catalogues):
    missing = {}
    for po_file in extracted_catalogues:
        untranslated = _entries(po_file, "--untranslated") + _entries(po_file, "--only-fuzzy")
        if untranslated:
            missing[str(po_file.relative_to(po_file.parents[3]))] = untranslated
    assert missing == {}, "Strings without a translation (run `make messages`, then translate):\n" + "\n".join(
        f"{path}: {', '.join(ids)}" for path, ids in missing.items()
    )
