"""Real-browser tests: Debian's chromium, driven by Playwright, against the site served by a real server process.

The session starts once: a temporary SQLite database (migrated, then seeded by tests.browser.seed), a search index
and media folder in a temporary directory, and gunicorn on a free port of 127.0.0.1 with the settings in
tests.browser.server_settings. Screenshots and axe-core reports go to ci-artefacts/.

On a developer machine without chromium, the playwright package or axe-core (`npm ci`), the tests are skipped
with the reason; under CI (CI=true) they fail instead, so that a missing install step cannot pass unnoticed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.seed import ACCOUNTS, MEMBER_EMAIL, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "ci-artefacts"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
SETUP_TIMEOUT = 600  # seconds for migrate + seed on a busy machine
BLOCKING_IMPACTS = {"serious", "critical"}
SEEDED_STATE = ["db.sqlite3", "search-index", "media"]

_screenshots: list[Path] = []
_notes: list[str] = []


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser tests (chromium via Playwright) against a served site")


def pytest_terminal_summary(terminalreporter):
    """Print where the screenshots are (CI keeps ci-artefacts/) and how long the site took to prepare."""
    if _screenshots or _notes:
        terminalreporter.section("browser tests")
        for line in _notes:
            terminalreporter.write_line(line)
        for path in _screenshots:
            terminalreporter.write_line(f"screenshot: {path}")


def unavailable(reason: str):
    """Skip on a developer machine; fail under CI, where the pipeline installs everything the tests need."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must install it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class Site:
    url: str
    folder: Path
    password: str = PASSWORD
    emails: dict[str, str] = field(default_factory=dict)

    def mail_files(self) -> list[Path]:
        return sorted((self.folder / "mail").glob("*.log"), key=lambda p: p.stat().st_mtime)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _run_step(args: list[str], env: dict, log: Path, what: str) -> float:
    started = time.monotonic()
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(args)}\n")
        out.flush()
        try:
            completed = subprocess.run(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=SETUP_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{what} took longer than {SETUP_TIMEOUT} s; log:\n{_tail(log)}", pytrace=False)
    if completed.returncode:
        pytest.fail(f"{what} failed (exit {completed.returncode}); log:\n{_tail(log)}", pytrace=False)
    return time.monotonic() - started


@pytest.fixture(scope="session")
def playwright_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is missing: pip install -r requirements-dev.txt")
    executable = chromium_path()
    if executable is None:
        unavailable("Debian's chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(playwright_browser, tmp_path_factory):
    """The site served by gunicorn on 127.0.0.1 from a freshly migrated and seeded database."""
    folder = Path(tempfile.mkdtemp(prefix="techland-browser-"))
    (folder / "mail").mkdir()
    log = folder / "server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.server_settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "TECHLAND_VAR_DIR": str(folder / "var"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ELASTICSEARCH_URL", None)  # the embedded index, whatever the developer's shell says
    cache = Path(os.environ["BROWSER_TESTS_CACHE_DIR"]) if os.environ.get("BROWSER_TESTS_CACHE_DIR") else None
    seed = 0.0
    if cache and (cache / "ready").exists():
        # A developer's shortcut: start from a database seeded earlier (then migrated to the current schema).
        for name in SEEDED_STATE:
            copy = shutil.copytree if (cache / name).is_dir() else shutil.copy2
            copy(cache / name, folder / name)
        migrate = _run_step([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, log, "migrate")
    else:
        migrate = _run_step([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, log, "migrate")
        seed = _run_step([sys.executable, "-m", "tests.browser.seed"], env, log, "seeding the database")
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir(parents=True)
            for name in SEEDED_STATE:
                copy = shutil.copytree if (folder / name).is_dir() else shutil.copy2
                copy(folder / name, cache / name)
            (cache / "ready").touch()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env["WAGTAILADMIN_BASE_URL"] = url
    with log.open("a") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "techland.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"the server stopped (exit {server.returncode}); log:\n{_tail(log)}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/health/", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /health/ within 90 s; log:\n{_tail(log)}", pytrace=False)
            time.sleep(0.5)
        _notes.append(f"site served by gunicorn at {url}: migrate {migrate:.0f} s, seed {seed:.0f} s")
        yield Site(
            url=url,
            folder=folder,
            emails={key: email for key, (email, *_rest) in ACCOUNTS.items()} | {"member": MEMBER_EMAIL},
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if IN_CI or os.environ.get("BROWSER_TESTS_KEEP_LOG"):
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, ARTEFACTS / "browser-server.log")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def context(playwright_browser, site):
    # bypass_csp: axe-core is injected as an inline script, which a strict Content Security Policy would block.
    ctx = playwright_browser.new_context(
        base_url=site.url, bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under ci-artefacts/screenshots/ and print where."""
    folder = ARTEFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    _screenshots.append(path)
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed ({AXE_SCRIPT.relative_to(ROOT)}): run `npm ci` in the project root")
    return AXE_SCRIPT


def axe_run(page, axe_script: Path, name: str) -> list[dict]:
    """Run axe-core on the page; write the full report to ci-artefacts/axe/<name>.json; return the blocking ones."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
            }));
        }"""
    )
    folder = ARTEFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.json").write_text(
        json.dumps({"url": page.url, "violations": results}, indent=2, ensure_ascii=False)
    )
    return [v for v in results if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def sign_in_member(page, site: Site, lang: str = "en", who: str = "member") -> None:
    page.goto(f"/{lang}/members/sign-in/")
    page.locator("input[name=username], input[type=email]").first.fill(site.emails[who])
    page.locator("input[type=password]").first.fill(site.password)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def sign_in_admin(page, site: Site, who: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", site.emails[who])
    page.fill("#id_password", site.password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))
