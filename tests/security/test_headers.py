"""Security headers: the Content Security Policy (strict on the public site, scoped looser policy for the Wagtail
admin), the production HTTPS and cookie settings, and rendered public pages without inline scripts or styles."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/en/", "/nl/", "/de/", "/en/directory/", "/en/directory/map/", "/en/search/?q=hydrogen"]
MEMBER_PAGES = ["/en/members/", "/en/members/profile/", "/en/members/team/"]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_no_inline_code(html: str, url: str) -> None:
    for match in re.finditer(r"<script\b([^>]*)>", html, flags=re.IGNORECASE):
        attributes = match.group(1)
        # External scripts and JSON data blocks are allowed; code inside the page is not.
        assert "src=" in attributes or 'type="application/json"' in attributes, f"inline script on {url}"
    assert not re.search(r"<style\b", html, flags=re.IGNORECASE), f"<style> block on {url}"
    assert not re.search(r"\sstyle\s*=", html, flags=re.IGNORECASE), f"style attribute on {url}"
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), f"inline event handler on {url}"
    assert "javascript:" not in html.lower(), f"javascript: URL on {url}"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_policy_and_contain_no_inline_code(world, url):
    response = Client().get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert_no_inline_code(response.content.decode(), url)


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_member_pages_send_the_strict_policy_and_contain_no_inline_code(world, url):
    response = world.client("member").get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert_no_inline_code(response.content.decode(), url)


def test_sign_in_and_error_pages_are_strict_too(world):
    for url in ["/en/members/sign-in/", "/en/no-such-page/"]:
        response = Client().get(url)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert_no_inline_code(response.content.decode(), url)


def test_admin_has_its_own_scoped_policy(world):
    response = world.client("staff").get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # The Wagtail admin still uses inline scripts and style attributes; it may be framed by itself (previews).
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # Served documents keep Wagtail's own, stricter policy.
    document = world.objects["document"]
    response = Client().get(document.url)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_nonce_is_added_only_when_a_template_uses_it(rf):
    from django.http import HttpResponse

    from techland.middleware import ContentSecurityPolicyMiddleware

    def uses_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    response = ContentSecurityPolicyMiddleware(uses_nonce)(rf.get("/en/"))
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("plain"))(rf.get("/en/"))
    assert "nonce-" not in response["Content-Security-Policy"]


def test_report_only_mode(rf, settings):
    from django.http import HttpResponse

    from techland.middleware import ContentSecurityPolicyMiddleware

    settings.CSP_REPORT_ONLY = True
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))(rf.get("/en/"))
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_project_templates_have_no_inline_scripts_or_styles():
    """Every template of the project (all apps), not only the pages rendered above.

    Templates of the Wagtail admin (they extend wagtailadmin/ or modeladmin/ templates) are served under the admin
    policy, which allows inline styles; they may still not carry inline scripts or event handlers.
    """
    root = settings.BASE_DIR
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        admin = re.search(r"{%\s*extends\s+[\"'](wagtailadmin|modeladmin|wagtailusers)/", text) is not None
        patterns = [r"\son(click|load|error|submit|change|input|mouseover|focus)\s*="]
        if not admin:
            patterns += [r"<style\b", r"\sstyle\s*="]
        for pattern in patterns:
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(root)}: {pattern}")
        for match in re.finditer(r"<script\b([^>]*)>", text, flags=re.IGNORECASE):
            if "src=" not in match.group(1) and "application/json" not in match.group(1):
                offenders.append(f"{path.relative_to(root)}: inline <script>")
    assert not offenders, "\n".join(offenders)


def test_production_settings_pass_the_deploy_check():
    env = {
        "DJANGO_SETTINGS_MODULE": "techland.settings.production",
        "DJANGO_SECRET_KEY": "check-only-" + "x" * 60,
        "ALLOWED_HOSTS": "techland.example",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_https_and_cookie_settings(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "check-only-" + "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "techland.example")
    production = importlib.import_module("techland.settings.production")
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert production.SECURE_SSL_REDIRECT
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE and production.LANGUAGE_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_REFERRER_POLICY == "strict-origin-when-cross-origin"
    assert production.X_FRAME_OPTIONS == "DENY"
    assert "'unsafe-inline'" not in production.CSP_POLICY["script-src"] + production.CSP_POLICY["style-src"]
