"""Every figure against values computed by hand from the fixture in conftest.py."""

import pytest
from django.core.cache import cache
from django.db import transaction

from insights import figures as figures_module
from insights.figures import ALL, cache_key, compute_figures, get_figures, refresh
from insights.models import FigureSet

pytestmark = pytest.mark.django_db


def test_organisations_by_type_size_and_area(region):
    result = compute_figures(ALL)["organisations"]
    assert result["total"] == {"NL": 3, "DE": 3}  # the hidden and the Belgian organisation do not count
    assert result["by_type"]["university"] == {"NL": 1, "DE": 1}
    assert result["by_type"]["research"] == {"NL": 0, "DE": 2}
    assert result["by_type"]["sme"] == {"NL": 1, "DE": 0}
    assert result["by_type"]["company"] == {"NL": 1, "DE": 0}
    assert result["by_size"] == {"yes": {"NL": 1, "DE": 0}, "no": {"NL": 1, "DE": 0}, "unknown": {"NL": 1, "DE": 3}}
    areas = {row["area"]: row["count"] for row in result["by_area"]}
    assert areas == {
        "overijssel": 1,
        "gelderland": 1,
        "nl_elsewhere": 1,
        "nl_unknown": 0,
        "muensterland": 1,
        "emscher_lippe": 0,
        "nrw_elsewhere": 1,
        "de_elsewhere": 1,
        "de_unknown": 0,
    }
    assert result["border"] == {"NL": 2, "DE": 1}


def test_cluster_scope_counts_active_tags_only(region):
    battery = compute_figures("battery_hydrogen")["organisations"]
    assert battery["total"] == {"NL": 2, "DE": 2}
    health = compute_figures("health_medtech")["organisations"]
    assert health["total"] == {"NL": 1, "DE": 1}  # Delft's health tag was rejected by staff


def test_top_concepts_per_side(region):
    concepts = compute_figures(ALL)["concepts"]
    assert concepts["tagged"] == {"NL": 3, "DE": 3}
    assert [(row["concept"], row["NL"], row["DE"]) for row in concepts["top"]["NL"]] == [
        ("hydrogen", 2, 2),
        ("artificial_intelligence", 1, 0),
        ("fuel_cell", 1, 1),
        ("medical_imaging", 1, 1),
    ]
    assert [row["concept"] for row in concepts["top"]["DE"]] == ["hydrogen", "fuel_cell", "medical_imaging"]
    # A cluster shows its own concepts and the key enabling technologies, not another cluster's concepts.
    health = compute_figures("health_medtech")["concepts"]
    assert [row["concept"] for row in health["top"]["NL"]] == ["artificial_intelligence", "medical_imaging"]


def test_knowledge_institutions_by_distance(region):
    knowledge = compute_figures(ALL)["knowledge"]
    rows = {row["concept"]: row["counts"] for row in knowledge["rows"]}
    assert [row["concept"] for row in knowledge["rows"]] == [
        "hydrogen",
        "medical_imaging",
        "artificial_intelligence",
        "fuel_cell",
    ]
    # [research institutes, universities] per bucket
    assert rows["hydrogen"] == {
        "NL_border": [0, 0],
        "NL_elsewhere": [0, 0],
        "DE_border": [1, 0],
        "DE_nrw": [1, 0],
        "DE_elsewhere": [0, 0],
    }
    assert rows["medical_imaging"]["NL_border"] == [0, 1]
    assert rows["medical_imaging"]["DE_elsewhere"] == [0, 1]


def test_rd_activity_per_year(region):
    rd = compute_figures(ALL)["rd"]
    assert rd["total_projects"] == 4 and rd["undated"] == 1
    assert rd["projects"] == [[2016, 2, 2], [2017, 1, 1], [2018, 1, 0]]
    # EU contribution to each side's participants (the hidden German organisation counts, the Belgian one not)
    assert rd["funding"] == [[2016, 110.0, 270.0], [2017, 35.0, 90.0], [2018, 70.0, 0.0]]


def test_projects_are_placed_in_clusters(region):
    battery = compute_figures("battery_hydrogen")["rd"]
    # P2: energy programme with a participant tagged Battery & Hydrogen; P3: its title names hydrogen
    assert battery["projects"] == [[2016, 1, 1], [2017, 1, 1]]
    health = compute_figures("health_medtech")["rd"]
    assert health["projects"] == [[2016, 1, 1]]  # P1 (health programme); P5 has no start date
    assert health["undated"] == 1


def test_collaboration_pairs_new_pairs_and_bridges(region):
    collaboration = compute_figures(ALL)["collaboration"]
    # [year, pairs, new pairs, cross-border projects]
    assert collaboration["per_year"] == [[2016, 3, 3, 2], [2017, 4, 3, 1], [2018, 0, 0, 0]]
    assert collaboration["pairs_total"] == 6
    assert collaboration["organisations"] == {"NL": 3, "DE": 4}
    bridges = [(row["slug"], row["partners"], row["projects"]) for row in collaboration["bridges"]]
    assert bridges == [
        ("arnhem-h2", 2, 2),
        ("borken-h2-institute", 2, 2),
        ("delft-fuel", 2, 1),
        ("juelich-fc", 2, 1),
        ("twente-uni", 2, 1),
        ("berlin-medical", 1, 1),
    ]  # the organisation known only by its participant code is a partner, never listed
    health = compute_figures("health_medtech")["collaboration"]
    assert health["per_year"] == [[2016, 2, 2, 1]]


def test_opportunities_use_the_documented_ratio(region, monkeypatch):
    assert compute_figures(ALL)["opportunities"] == {"NL": [], "DE": []}  # nothing reaches three organisations
    monkeypatch.setattr(figures_module, "MIN_STRONG_ORGANISATIONS", 1)
    opportunities = compute_figures(ALL)["opportunities"]
    # AI: NL (1+1)/(3+1) = 0.5, DE (0+1)/(3+1) = 0.25 → 2.0; every other concept has the same share on both sides
    assert opportunities["NL"] == [{"concept": "artificial_intelligence", "NL": 1, "DE": 0, "ratio": 2.0, "needed": 0}]
    assert opportunities["DE"] == []


def test_needs_offered_across_the_border_respect_privacy(region, settings):
    settings.INSIGHTS_MIN_PRIVATE_GROUP = 3
    needs = compute_figures(ALL)["needs"]
    rows = {(row["side"], row["concept"]): (row["members"], row["offered_by"]) for row in needs["rows"]}
    # Public NL need: fuel cells (offered by Jülich, tagged) and AI (offered by Berlin in its public offers).
    # The private needs (Delft: imaging, Borken: AI) are single members: not counted.
    assert rows == {("NL", "fuel_cell"): (1, 1), ("NL", "artificial_intelligence"): (1, 1)}

    settings.INSIGHTS_MIN_PRIVATE_GROUP = 1
    needs = compute_figures(ALL)["needs"]
    rows = {(row["side"], row["concept"]): (row["members"], row["offered_by"]) for row in needs["rows"]}
    assert rows[("NL", "medical_imaging")] == (1, 1)  # Berlin is tagged with it
    assert rows[("DE", "artificial_intelligence")] == (1, 1)  # Twente is tagged with it


def test_figures_carry_no_member_text_or_names(region, settings):
    settings.INSIGHTS_MIN_PRIVATE_GROUP = 1
    text = str(compute_figures(ALL)["needs"])
    assert "Secret" not in text and "Delft" not in text and "Private" not in text


def test_refresh_stores_and_caches_every_scope(region):
    refresh()
    assert FigureSet.objects.count() == 5
    assert cache.get(cache_key("health_medtech"))["organisations"]["total"] == {"NL": 1, "DE": 1}
    cache.clear()
    # From the stored set when the cache is empty; computed (and stored) when nothing is stored.
    assert get_figures(ALL)["collaboration"]["pairs_total"] == 6
    FigureSet.objects.all().delete()
    cache.clear()
    assert get_figures("battery_hydrogen")["organisations"]["total"] == {"NL": 2, "DE": 2}
    assert FigureSet.objects.filter(scope="battery_hydrogen").exists()


def test_stale_stored_version_is_recomputed(region):
    refresh([ALL])
    FigureSet.objects.filter(scope=ALL).update(version=0, data={"old": True})
    cache.clear()
    assert "organisations" in get_figures(ALL)


def test_a_successful_import_refreshes_after_commit(region, run_on_commit):
    from django.utils import timezone

    from directory.models import ImportRun

    with run_on_commit(), transaction.atomic():
        for _ in range(2):  # two runs in one transaction refresh once
            ImportRun.objects.create(
                source="csv", file_name="x.csv", status=ImportRun.Status.SUCCEEDED, started_at=timezone.now()
            )
    assert FigureSet.objects.count() == 5


def test_refresh_command(region):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("refresh_insights", "--scope", "health_medtech", stdout=out)
    assert "Insights refreshed" in out.getvalue()
    assert list(FigureSet.objects.values_list("scope", flat=True)) == ["health_medtech"]


def _publish_delft_need(region):
    from directory.models import Organisation
    from members.models import Profile
    from members.signals import profile_changed

    profile = Profile.objects.get(organisation=region.orgs.nl_company)
    profile.public_fields = ["needs"]  # Delft publishes its imaging need
    profile.save()
    profile_changed.send(
        sender=Organisation, organisation=profile.organisation, organisation_id=profile.organisation_id, changed=[]
    )


def test_a_profile_change_only_marks_the_figures_and_the_next_reader_recomputes(region, monkeypatch):
    refresh()
    calls = []
    real = figures_module.load_data
    monkeypatch.setattr(figures_module, "load_data", lambda **kw: calls.append(kw) or real(**kw))
    _publish_delft_need(region)
    assert calls == []  # the member's request reads no organisations
    assert not FigureSet.objects.filter(needs_changed_at__isnull=True).exists()
    assert cache.get(cache_key(ALL)) is None

    figures = get_figures(ALL)
    assert calls == [{"projects": False}]  # the needs only, once for every scope
    rows = {(row["side"], row["concept"]): row["members"] for row in figures["needs"]["rows"]}
    assert rows[("NL", "medical_imaging")] == 1
    assert not FigureSet.objects.filter(needs_changed_at__isnull=False).exists()
    get_figures("health_medtech")
    assert len(calls) == 1


def test_while_one_reader_recomputes_the_others_read_the_stored_figures(region, monkeypatch):
    refresh()
    stored = FigureSet.objects.get(scope=ALL).data
    _publish_delft_need(region)
    cache.add(figures_module.NEEDS_REFRESH_LOCK, True, 60)  # another process is recomputing
    monkeypatch.setattr(figures_module, "load_data", lambda **kw: pytest.fail("only the lock holder recomputes"))
    assert get_figures(ALL) == stored
    assert cache.get(cache_key(ALL)) is None  # not cached: the next reader looks again
    assert FigureSet.objects.get(scope=ALL).needs_changed_at is not None


def test_a_failed_recomputation_keeps_the_mark_and_the_stored_figures(region, monkeypatch, caplog):
    refresh()
    stored = FigureSet.objects.get(scope=ALL).data

    def broken(**kwargs):
        raise RuntimeError("disk error")

    _publish_delft_need(region)
    monkeypatch.setattr(figures_module, "load_data", broken)
    assert get_figures(ALL) == stored
    assert FigureSet.objects.get(scope=ALL).needs_changed_at is not None
    assert cache.get(figures_module.NEEDS_REFRESH_LOCK) is None  # the lock is released
    assert "Recomputing the members' needs" in caplog.text


def test_a_change_during_the_recomputation_keeps_the_mark(region, monkeypatch):
    refresh()
    real = figures_module.load_data

    def change_meanwhile(**kwargs):
        data = real(**kwargs)
        figures_module.mark_needs_changed()  # another member saves while the data is being read
        return data

    _publish_delft_need(region)
    monkeypatch.setattr(figures_module, "load_data", change_meanwhile)
    get_figures(ALL)
    assert FigureSet.objects.get(scope=ALL).needs_changed_at is not None
    assert cache.get(cache_key(ALL)) is None


def test_a_profile_change_recomputes_the_needs(region):
    from directory.models import Organisation
    from members.models import Profile
    from members.signals import profile_changed

    refresh()
    before = get_figures(ALL)["computed_at"]
    profile = Profile.objects.get(organisation=region.orgs.nl_company)
    profile.public_fields = ["needs"]  # Delft publishes its imaging need
    profile.save()
    profile_changed.send(
        sender=Organisation, organisation=profile.organisation, organisation_id=profile.organisation_id, changed=[]
    )
    figures = get_figures(ALL)
    rows = {(row["side"], row["concept"]): row["members"] for row in figures["needs"]["rows"]}
    assert rows[("NL", "medical_imaging")] == 1
    assert figures["computed_at"] != before
    assert figures["collaboration"]["pairs_total"] == 6  # the rest is kept as it was
