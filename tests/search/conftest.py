import copy
import json
import os
import uuid
from pathlib import Path

import pytest

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "organisations.json").read_text())
ORGANISATIONS = FIXTURES["organisations"]
SYNONYM_GROUPS = FIXTURES["synonym_groups"]
BACKENDS = ["embedded"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])


@pytest.fixture
def organisations():
    return copy.deepcopy(ORGANISATIONS)


@pytest.fixture
def make_backend(tmp_path):
    """Build a backend by name over a private index (folder or Elasticsearch alias)."""
    created = []

    def make(name, *, synonym_groups=SYNONYM_GROUPS):
        from search.backends.embedded import EmbeddedBackend

        embedded = EmbeddedBackend(tmp_path / f"index-{uuid.uuid4().hex[:6]}", synonym_groups=synonym_groups)
        if name == "embedded":
            return embedded
        from search.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend(
            os.environ["ELASTICSEARCH_URL"],
            index_name=f"techland-test-{uuid.uuid4().hex[:8]}",
            synonym_groups=synonym_groups,
            fallback=embedded,
        )
        created.append(backend)
        return backend

    yield make
    for backend in created:
        backend.writer.indices.delete(index=f"{backend.alias}-v*", ignore_unavailable=True)
        backend.writer.indices.delete_index_template(name=backend.template_name, ignore=[404])


@pytest.fixture(params=BACKENDS)
def backend_name(request):
    return request.param


@pytest.fixture
def backend(backend_name, make_backend):
    return make_backend(backend_name)


@pytest.fixture
def loaded(backend, organisations):
    """A backend holding every fixture organisation."""
    report = backend.index(organisations)
    assert report.errors == []
    return backend


def by_name(name):
    return next(o for o in ORGANISATIONS if o["name"] == name)["id"]
