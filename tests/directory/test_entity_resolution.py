import pytest

from directory.entity_resolution import (
    MERGE,
    NONE,
    REVIEW,
    Candidate,
    ResolutionIndex,
    compare,
    legal_form_of,
    normalise_name,
    website_domain,
)
from directory.evaluation import combined, evaluate
from directory.models import (
    Identifier,
    MergeCandidate,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    Participation,
    Project,
)
from directory.services import merge_candidate_decide, organisation_merge


@pytest.mark.parametrize(
    ("name", "core", "form"),
    [
        ("365FARMNET GROUP GMBH & CO KG", "365farmnet group", "GmbH & Co. KG"),
        ("Falling Walls Foundation gGmbH", "falling walls foundation", "gGmbH"),
        ("Stichting Saxion", "saxion", "Stichting"),
        ("ASML Netherlands B.V.", "asml xnl", "B.V."),
        ("Philips N.V.", "philips", "N.V."),
        ("Deutsche Gesellschaft für Materialkunde e.V.", "xde society materialkunde", "e.V."),
        ("Siemens AG", "siemens", "AG"),
    ],
)
def test_legal_forms_are_stripped(name, core, form):
    assert normalise_name(name) == core
    assert legal_form_of(name) == form


def test_university_words_diacritics_and_transcriptions_fold_together():
    variants = ["Universität Münster", "Universitaet Muenster", "UNIVERSITAT MUNSTER", "University of Münster"]
    assert len({normalise_name(v) for v in variants}) == 1
    assert normalise_name("Universiteit Twente") == normalise_name("University of Twente")
    assert normalise_name("Infineon Technologies (Germany)") == normalise_name("Infineon Technologies AG")


def test_website_domain():
    assert website_domain("https://www.utwente.nl/en/") == "utwente.nl"
    assert website_domain("uni-muenster.de") == "uni-muenster.de"
    assert website_domain("") == ""


def cand(key, name, city="Enschede", country="NL", **kwargs):
    return Candidate(key=key, names=[name] if isinstance(name, str) else name, country=country, city=city, **kwargs)


@pytest.mark.parametrize(
    ("a", "b", "decision"),
    [
        (cand(1, "UNIVERSITEIT TWENTE"), cand(2, "University of Twente"), MERGE),
        (cand(1, "Fachhochschule Münster", "Münster", "DE"), cand(2, "Universität Münster", "Münster", "DE"), NONE),
        (cand(1, "Inconnect BV"), cand(2, "Inconnect VOF"), REVIEW),  # two legal entities
        (cand(1, "Linde", "Pullach", "DE"), cand(2, "Linde GmbH", "München", "DE"), REVIEW),  # one word, cities differ
        (cand(1, "Certis Europe", "Utrecht"), cand(2, "Certis Europe B.V.", "Maarssen"), MERGE),  # distinctive name
        (cand(1, "Saxion", country="NL"), cand(2, "Saxion", country="DE"), NONE),
        (cand(1, "Siemens AG", "München", "DE"), cand(2, "Siemens", "Munich", "DE"), MERGE),  # exonym
    ],
)
def test_compare_decisions(a, b, decision):
    assert compare(a, b).decision == decision


def test_identifiers_and_domains_confirm_or_veto():
    same_pic = compare(cand(1, "Foo", identifiers={("pic", "1")}), cand(2, "Bar", identifiers={("pic", "1")}))
    assert same_pic.decision == MERGE
    two_rors = compare(cand(1, "Radboud", identifiers={("ror", "a")}), cand(2, "Radboud", identifiers={("ror", "b")}))
    assert two_rors.decision == NONE
    by_domain = compare(
        cand(1, "Hochschule Bremerhaven", domains={"hs-bremerhaven.de"}),
        cand(2, "Hochschule Bremerhaven University of Applied Sciences", domains={"hs-bremerhaven.de"}),
    )
    assert by_domain.decision == MERGE
    umbrella = compare(
        cand(1, "Bayerisches Landesamt für Umwelt", domains={"bayern.de"}),
        cand(2, "Bayerische Landesanstalt für Landwirtschaft", domains={"bayern.de"}),
    )
    assert umbrella.decision != MERGE


def test_a_name_inside_another_is_queued_for_review():
    assert compare(cand(1, "Alliade", "Heerenveen"), cand(2, "Zorggroep Alliade", "Heerenveen")).decision == REVIEW
    assert compare(cand(1, "Alliade", "Heerenveen"), cand(2, "Zorggroep Alliade", "Zwolle")).decision == NONE


def test_index_blocks_by_city_and_finds_best_match():
    index = ResolutionIndex(
        [
            cand("ut", ["University of Twente", "Universiteit Twente"]),
            cand("saxion", "Saxion University of Applied Sciences"),
            cand("far", "University of Twente", city="Groningen"),
        ]
    )
    match = index.match(cand(None, "UNIVERSITEIT TWENTE"))
    assert (match.key, match.decision) == ("ut", MERGE)
    assert index.match(cand(None, "Totally Different BV")) is None


def test_precision_on_the_shipped_labelled_set():
    """The shipped ROR/CORDIS data give a labelled set; merging must stay precise."""
    total = combined(evaluate())
    assert total.positives > 3000 and total.negatives > 50000
    assert total.precision >= 0.98
    assert total.recall_with_review > total.recall


@pytest.mark.django_db
def test_merge_moves_everything_and_keeps_the_name_as_alias():
    keep = Organisation.objects.create(name="University of Twente", slug="ut", country="NL", city="Enschede")
    remove = Organisation.objects.create(
        name="Universiteit Twente", slug="ut-2", country="NL", website="https://utwente.nl"
    )
    Identifier.objects.create(organisation=remove, scheme="pic", value="999984059")
    project = Project.objects.create(source_id="HE:1", framework="HORIZON")
    Participation.objects.create(organisation=remove, project=project)
    OrganisationCluster.objects.create(organisation=remove, cluster="health_medtech", source="staff")
    candidate = MergeCandidate.objects.create(
        organisation_a=keep, organisation_b=remove, score=90, name_a="a", name_b="b"
    )

    merge_candidate_decide(candidate=candidate, merge=True)

    assert not Organisation.objects.filter(pk=remove.pk).exists()
    keep.refresh_from_db()
    assert keep.website == "https://utwente.nl"  # empty field filled
    assert keep.identifiers.get().value == "999984059"
    assert keep.participations.get().project == project
    assert keep.cluster_tags.get().source == "staff"
    assert OrganisationAlias.objects.filter(organisation=keep, name="Universiteit Twente").exists()
    candidate.refresh_from_db()
    assert candidate.status == MergeCandidate.Status.MERGED
    assert candidate.name_b == "b"


@pytest.mark.django_db
def test_keep_apart_and_no_second_decision():
    a = Organisation.objects.create(name="Linde GmbH", slug="a", country="DE")
    b = Organisation.objects.create(name="Linde AG", slug="b", country="DE")
    candidate = MergeCandidate.objects.create(organisation_a=a, organisation_b=b, score=100)
    merge_candidate_decide(candidate=candidate, merge=False)
    assert Organisation.objects.count() == 2
    with pytest.raises(ValueError):
        merge_candidate_decide(candidate=candidate, merge=True)
    with pytest.raises(ValueError):
        organisation_merge(keep=a, remove=a)
