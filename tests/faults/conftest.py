"""Shared fixtures of the fault tests: a few indexed organisations, a member, and a client that shows 500s."""

import logging
import socket

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from directory.documents import organisation_document
from directory.models import Organisation, OrganisationCluster, OrganisationDescription
from members.models import Membership, Role
from search.backends import reset_backend_cache
from search.backends.embedded import EmbeddedBackend

PASSWORD = "a-long-Test-passphrase-42"


@pytest.fixture
def client():
    """A test client that returns the response of an unhandled exception (a 500) instead of raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def search_settings(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.ELASTICSEARCH_URL = ""
    reset_backend_cache()
    yield settings
    reset_backend_cache()


@pytest.fixture
def organisations(db, search_settings):
    rows = [
        ("Twente Hydrogen Lab (example)", "twente-hydrogen-lab", "NL", "NL213", "Enschede", "battery_hydrogen"),
        ("Münster Battery Works (example)", "muenster-battery-works", "DE", "DEA33", "Münster", "battery_hydrogen"),
        ("Arnhem Robotics (example)", "arnhem-robotics", "NL", "NL226", "Arnhem", "advanced_manufacturing_robotics"),
    ]
    created = []
    for name, slug, country, region, city, cluster in rows:
        organisation = Organisation.objects.create(
            name=name, slug=slug, country=country, region=region, city=city, type="company", is_public=True
        )
        OrganisationCluster.objects.create(organisation=organisation, cluster=cluster)
        OrganisationDescription.objects.create(organisation=organisation, language="en", text=f"{name} in {city}.")
        created.append(organisation)
    return created


@pytest.fixture
def embedded_index(organisations, search_settings):
    """The embedded index holding the organisations (as `make run` builds it)."""
    backend = EmbeddedBackend(search_settings.SEARCH_INDEX_DIR)
    backend.index([organisation_document(o) for o in organisations])
    reset_backend_cache()
    return backend


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: connections to it are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


@pytest.fixture
def member(organisations):
    user = get_user_model().objects.create_user(
        username="anna", email="anna@twente-lab.example", password=PASSWORD, first_name="Anna"
    )
    Membership.objects.create(user=user, organisation=organisations[0], role=Role.ADMIN)
    return user


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def messages(self, level=logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


@pytest.fixture
def log_records():
    """What was logged during the test (works with pytest's logging plugin switched off, unlike caplog)."""
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
