"""Schemathesis against the directory API's own OpenAPI description, in process through Django's WSGI handler.

Every operation gets at least 100 generated valid requests and 50 invalid ones (wrong types, out-of-range numbers,
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


@pytest.mark.parametrize(
    ("mode", "examples"),
    [(GenerationMode.POSITIVE, FUZZ_SETTINGS.max_examples), (GenerationMode.NEGATIVE, 50)],
    ids=["valid", "invalid"],
)
def test_every_operation_conforms_to_the_description(api_schema, mode, examples):
    """Every operation the description lists (new ones are picked up without touching this test).

    An operation without parameters has a single possible request (sent once) and no invalid one."""
    fuzzed = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if not operation.definition.raw.get("parameters"):
            if mode == GenerationMode.POSITIVE:
                operation.Case().call_and_validate(checks=CHECKS)
            continue
        fuzzed[operation.path] = _fuzz(operation, mode, examples)
    assert set(OPERATIONS) <= set(fuzzed)
    assert all(count >= examples for count in fuzzed.values()), fuzzed


def _fuzz(operation, mode, examples) -> int:
    """Run Schemathesis' generated requests against one operation; returns how many were sent."""
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(FUZZ_SETTINGS, max_examples=examples)
    def fuzz(case):
        calls.append(case)
        case.call_and_validate(checks=CHECKS)

    fuzz()
    return len(calls)


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
