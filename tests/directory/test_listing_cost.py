"""What keeps the uncached listing cheap: a bounded number of queries, concepts read once per content change, and
the long option lists built in Python, without changing what a visitor sees."""

import pytest
from django.urls import reverse
from django.utils import translation

from content.models import Navigation

from .factories import ConceptFactory, OrganisationFactory, tag_cluster, tag_concept

pytestmark = pytest.mark.django_db


def list_url(language="en"):
    with translation.override(language):
        return reverse("directory:organisation_list")


@pytest.fixture
def many(db):
    concepts = [
        ConceptFactory(slug=f"topic_{i:02d}", label_en=f"Topic {i:02d}", label_de=f"Thema {i:02d}") for i in range(12)
    ]
    organisations = []
    for i in range(25):
        organisation = OrganisationFactory(name=f"Lab {i:02d}", country="DE" if i % 2 else "NL")
        tag_cluster(organisation, "battery_hydrogen")
        for j, concept in enumerate(concepts[: 3 + i % 10]):
            tag_concept(organisation, concept, confidence=0.5 + j / 100)
        organisations.append(organisation)
    return {"concepts": concepts, "organisations": organisations}


def test_a_page_of_twenty_results_costs_a_fixed_number_of_queries(client, many, django_assert_max_num_queries):
    client.get(list_url(), {"cluster": "battery_hydrogen"})  # the index catches up, the frame is cached
    with django_assert_max_num_queries(6):
        response = client.get(list_url(), {"cluster": "battery_hydrogen", "q": "lab"})
    assert response.status_code == 200
    assert len(response.context["result"].hits) == 20


def test_cards_show_the_five_most_confident_concepts_and_the_api_all_of_them(client, many):
    response = client.get(list_url("de"), {"q": "Lab 09"})
    card = next(o for o in response.context["result"].hits if o.name == "Lab 09")
    # Lab 09 carries 12 concepts; topic_11 has the highest confidence.
    assert [tag.concept.slug for tag in card.listed_concepts][:5] == [
        "topic_11",
        "topic_10",
        "topic_09",
        "topic_08",
        "topic_07",
    ]
    html = response.content.decode()
    assert "Thema 11" in html and "Thema 07" in html

    api = client.get(reverse("directory_api:organisation_list"), {"q": "Lab 09", "lang": "de"}).json()
    item = next(row for row in api["results"] if row["name"] == "Lab 09")
    assert len(item["concepts"]) == 12
    confidences = [c["confidence"] for c in item["concepts"]]
    assert confidences == sorted(confidences, reverse=True)


def test_a_renamed_concept_shows_on_the_next_request(client, many):
    assert "Topic 03" in client.get(list_url()).content.decode()
    concept = many["concepts"][3]
    concept.label_en = "Solid-state batteries"
    concept.save()
    html = client.get(list_url()).content.decode()
    assert "Solid-state batteries" in html
    assert "Topic 03" not in html


def test_a_new_concept_is_found_by_the_text_search_at_once(client, many):
    client.get(list_url(), {"q": "electrolysis"})
    concept = ConceptFactory(slug="electrolysis", label_en="Electrolysis", label_nl="Elektrolyse")
    tag_concept(many["organisations"][0], concept)
    response = client.get(list_url(), {"q": "elektrolyse"})
    assert [c.slug for c in response.context["result"].matched_concepts] == ["electrolysis"]


def test_option_labels_are_escaped(client, many):
    concept = many["concepts"][0]
    concept.label_en = '<img src=x onerror="alert(1)">'
    concept.save()
    html = client.get(list_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_facet_options_keep_their_markup(client, many):
    html = client.get(list_url(), {"country": "DE"}).content.decode()
    assert '<input type="checkbox" name="country" value="DE" checked>' in html
    assert (
        '<span class="facet__count" aria-hidden="true">12</span><span class="visually-hidden">(12 organisations)</span>'
        in html
    )
    # An option without organisations in a short list stays, marked empty; long lists drop it.
    assert 'name="concept" value="topic_00"' in html


def test_the_chosen_place_is_selected_in_the_near_list(client, many):
    html = client.get(list_url(), {"near": "nl-enschede", "km": "25"}).content.decode()
    assert '<option value="nl-enschede" selected>' in html
    html = client.get(list_url()).content.decode()
    assert '<option value="nl-enschede">' in html
    assert " selected>Enschede" not in html


def test_an_edited_navigation_shows_on_the_next_request(client, many, home_page):
    client.get(list_url())
    navigation = Navigation.objects.create(
        locale=home_page.locale,
        main_links=[{"type": "link", "value": {"page": None, "url": "https://example.org/about", "label": "About us"}}],
    )
    assert "About us" in client.get(list_url()).content.decode()
    navigation.main_links = [
        {"type": "link", "value": {"page": None, "url": "https://example.org/team", "label": "Our team"}}
    ]
    navigation.save()
    html = client.get(list_url()).content.decode()
    assert "Our team" in html and "About us" not in html


def test_a_concept_the_table_has_not_seen_yet_is_read_without_changing_the_table(many):
    from directory.selectors import attach_card_details, concept_table

    table = concept_table()
    organisation = many["organisations"][0]
    from directory.models import Concept, OrganisationConcept

    # written without the signals that would move to a new generation
    (newer,) = Concept.objects.bulk_create([ConceptFactory.build(slug="late_topic", label_en="Late topic")])
    OrganisationConcept.objects.bulk_create(
        [OrganisationConcept(organisation=organisation, concept=newer, confidence=0.99)]
    )
    assert concept_table() is table and "late_topic" not in table.by_slug
    attach_card_details([organisation], "en")
    assert organisation.listed_concepts[0].concept.slug == "late_topic"
    assert newer.pk not in table.by_id
