"""Schemathesis against the directory API's own OpenAPI description, in process through Django's WSGI handler.

Every operation gets at least 100 generated valid requests and 100 invalid ones (wrong types, out-of-range numbers,
unknown enum values, odd strings). Each response must not be a server error and must match the description: a
documented status code, the documented content type and a body that conforms to the schema. (An empty filter value,
`?country=`, is deliberately read as "no filter", as the HTML form sends it, so Schemathesis' check that every
invalid request is rejected is not applied.)

The members' area has no JSON API (its pages are HTML forms, fuzzed in test_forms.py), so the directory API's is
the project's only OpenAPI description.
"""

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import FUZZ_SETTINGS

OPENAPI_PATH = "/api/directory/openapi.json"
OPERATIONS = [
    "/api/directory/organisations/",
    "/api/directory/organisations/{slug}/",
    "/api/directory/concepts/",
    "/api/directory/autocomplete/",
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi(OPENAPI_PATH, wsgi_app)


def test_the_description_holds_the_directory_operations(api_schema):
    described = {op.ok().path for op in api_schema.get_all_operations()}
    assert set(OPERATIONS) <= described
    assert all(op.ok().method.upper() == "GET" for op in api_schema.get_all_operations())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_operation_conforms_to_the_description(api_schema, mode):
    """Every operation the description lists (new ones are picked up without touching this test)."""
    fuzzed = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        calls = fuzzed.setdefault(operation.path, [])

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(FUZZ_SETTINGS)
        def fuzz(case, calls=calls):
            calls.append(case)
            case.call_and_validate(checks=CHECKS)

        fuzz()
    assert set(OPERATIONS) <= set(fuzzed)
    assert all(len(calls) >= FUZZ_SETTINGS.max_examples for calls in fuzzed.values()), {
        path: len(calls) for path, calls in fuzzed.items()
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/directory/organisations/not%20a%20slug/",
        "/api/directory/organisations/line%0Abreak/",
        "/api/directory/organisations/%C3%BC/",
        "/api/directory/nothing-here/",
    ],
)
def test_addresses_outside_the_description_get_a_json_404(db, client, path):
    """Found by Schemathesis: a slug with characters a slug cannot have fell through to the HTML 404 page."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "path" in response.json()["errors"]
