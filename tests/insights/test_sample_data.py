"""The insights sample loader: private example needs that show only as counts, figures computed, idempotent."""

from io import StringIO

import pytest

from directory.models import Concept, Organisation, OrganisationConcept
from insights import sample_data
from insights.figures import get_figures
from insights.models import FigureSet
from members.models import Profile, ProfileItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def border_companies(db):
    concepts = {
        slug: Concept.objects.create(slug=slug, cluster=cluster, label_en=slug, label_nl=slug, label_de=slug)
        for slug, cluster in [
            ("battery_materials", "battery_hydrogen"),
            ("electric_mobility", "battery_hydrogen"),
            ("biosensors", "health_medtech"),
            ("in_vitro_diagnostics", "health_medtech"),
        ]
    }
    for n in range(3):
        Organisation.objects.create(slug=f"nl-{n}", name=f"NL Example {n}", country="NL", type="sme", region="NL213")
        german = Organisation.objects.create(
            slug=f"de-{n}", name=f"DE Example {n}", country="DE", type="company", region="DEA34"
        )
        OrganisationConcept.objects.create(organisation=german, concept=concepts["battery_materials"])
    return concepts


def test_loader_adds_private_example_needs_once_and_computes_the_figures(border_companies):
    sample_data.load(stdout=StringIO())
    assert Profile.objects.count() == 6
    assert all(not profile.public_fields for profile in Profile.objects.all())
    assert all(item.text.endswith("(example)") for item in ProfileItem.objects.all())
    assert FigureSet.objects.count() == 5
    rows = {(row["side"], row["concept"]): row for row in get_figures("all")["needs"]["rows"]}
    assert rows[("NL", "battery_materials")]["members"] == 3  # three members share it: counted, not named
    assert rows[("NL", "battery_materials")]["offered_by"] == 3

    sample_data.load(stdout=StringIO())
    assert Profile.objects.count() == 6 and ProfileItem.objects.count() == 12
