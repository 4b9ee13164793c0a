"""Directory search benchmark: the embedded (tantivy) backend at 10k/100k/500k organisations, and Wagtail's own
database search backend (SQLite) on the same data and query mix at 10k.

    .venv/bin/python bench/search_bench.py /work/shared/data                       # 10k, 100k, 500k + Wagtail at 10k
    .venv/bin/python bench/search_bench.py /work/shared/data --sizes 10000 --wagtail-size 0
    .venv/bin/python bench/search_bench.py DATA --sizes 500000 --wagtail-size 0 --work-dir DIR --keep-index  # build
    .venv/bin/python bench/search_bench.py DATA --sizes 500000 --wagtail-size 0 --work-dir DIR --queries-only  # re-measure

Data: the real organisations (CORDIS/ROR sample: names, cities, countries, coordinates, NUTS regions, types, SME
flags, project counts, project titles and objectives) are the seed. A generator extends them to the wanted size,
keeping their joint distribution of city/country/region/type/SME, their name vocabulary, the cluster mix of their
projects, and text drawn from real project titles and objectives plus short trilingual profile sentences.

Measures, per size: index build time and rate, index size on disk, peak memory (RSS of a child process that
generates, indexes and queries), and latency p50/p95/p99 over a fixed mix of 200 queries (text, text + filters,
filters only, facet-heavy, geo, typos, autocomplete). Every search query asks for all six facet counts.
Each size runs in its own process so memory figures don't mix. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import multiprocessing as mp
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLUSTERS = ["battery_hydrogen", "circular_economy", "advanced_manufacturing_robotics", "health_medtech"]
FACETS = ("cluster", "country", "region", "type", "sme", "concept")

# A small trilingual taxonomy for the benchmark (concept slug, cluster, en/nl/de labels and synonyms).
TAXONOMY = [
    ("hydrogen", "battery_hydrogen", ["hydrogen", "waterstof", "Wasserstoff"]),
    ("electrolysis", "battery_hydrogen", ["electrolysis", "electrolyser", "elektrolyse", "Elektrolyseur"]),
    ("fuel-cells", "battery_hydrogen", ["fuel cell", "brandstofcel", "Brennstoffzelle"]),
    ("batteries", "battery_hydrogen", ["battery", "batterij", "Batterie", "Akku"]),
    ("energy-storage", "battery_hydrogen", ["energy storage", "energieopslag", "Energiespeicher"]),
    ("recycling", "circular_economy", ["recycling", "hergebruik", "Wiederverwertung"]),
    ("circular-economy", "circular_economy", ["circular economy", "circulaire economie", "Kreislaufwirtschaft"]),
    ("biobased", "circular_economy", ["biobased materials", "biobased materialen", "biobasierte Werkstoffe"]),
    ("plastics", "circular_economy", ["plastics", "kunststoffen", "Kunststoffe"]),
    ("waste", "circular_economy", ["waste management", "afvalbeheer", "Abfallwirtschaft"]),
    ("robotics", "advanced_manufacturing_robotics", ["robotics", "robotica", "Robotik"]),
    ("additive-manufacturing", "advanced_manufacturing_robotics", ["3D printing", "3D-printen", "3D-Druck"]),
    ("automation", "advanced_manufacturing_robotics", ["automation", "automatisering", "Automatisierung"]),
    ("photonics", "advanced_manufacturing_robotics", ["photonics", "fotonica", "Photonik"]),
    ("sensors", "advanced_manufacturing_robotics", ["sensors", "sensoren", "Sensorik"]),
    ("medical-technology", "health_medtech", ["medical technology", "medische technologie", "Medizintechnik"]),
    ("diagnostics", "health_medtech", ["diagnostics", "diagnostiek", "Diagnostik"]),
    ("medical-imaging", "health_medtech", ["medical imaging", "medische beeldvorming", "medizinische Bildgebung"]),
    ("biotech", "health_medtech", ["biotechnology", "biotechnologie", "Biotechnologie"]),
    ("care", "health_medtech", ["healthcare", "zorg", "Gesundheitsversorgung"]),
]
SYNONYM_GROUPS = [labels for _, _, labels in TAXONOMY]

SENTENCES = {
    "battery_hydrogen": (
        "Develops {x} systems for industrial hydrogen production and storage.",
        "Ontwikkelt waterstoftechnologie en elektrolysers voor de industrie.",
        "Entwickelt Wasserstofftechnologie, Elektrolyseure und Batteriespeicher.",
    ),
    "circular_economy": (
        "Works on {x} recycling of plastics, metals and biobased materials.",
        "Werkt aan recycling van kunststoffen en circulaire productketens.",
        "Arbeitet an Kunststoffrecycling, Batterierecycling und Kreislaufwirtschaft.",
    ),
    "advanced_manufacturing_robotics": (
        "Builds {x} robots, sensors and automation for smart factories.",
        "Bouwt robots, sensoren en automatisering voor slimme fabrieken.",
        "Baut Roboter, Sensorik und Automatisierungstechnik für die Fertigung.",
    ),
    "health_medtech": (
        "Creates {x} medical devices, diagnostics and imaging solutions.",
        "Maakt medische hulpmiddelen, diagnostiek en beeldvorming.",
        "Entwickelt Medizintechnik, Diagnostik und Bildgebungsverfahren.",
    ),
}
ADJECTIVES = ["advanced", "compact", "modular", "digital", "sustainable", "low-cost", "high-precision", "scalable"]
CLUSTER_HINT_TO_SLUG = {c: c for c in CLUSTERS}

BORDER_POINTS = [
    ("Enschede", 52.2215, 6.8937),
    ("Münster", 51.9624, 7.6257),
    ("Arnhem", 51.9800, 5.9111),
    ("Gronau", 52.2104, 7.0221),
    ("Bocholt", 51.8388, 6.6153),
    ("Zwolle", 52.5125, 6.0944),
    ("Gelsenkirchen", 51.5177, 7.0857),
    ("Nijmegen", 51.8425, 5.8528),
]


# ---------------------------------------------------------------------------------------------------------------
# Real seed data


def _read_csv(path: Path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_seed(data_dir: Path) -> dict:
    projects = {}
    for row in _read_csv(data_dir / "projects.csv.gz"):
        text = " ".join(filter(None, (row["title"], (row["objective"] or "")[:600])))
        hints = [h for h in (row.get("cluster_hint_keywords") or "").split(";") if h in CLUSTERS]
        if text or hints:
            projects[row["project_id"]] = (text, hints)
    org_projects = defaultdict(list)
    for row in _read_csv(data_dir / "participations.csv.gz"):
        if row["country"] in ("NL", "DE") and row["project_id"] in projects:
            org_projects[row["org_id"]].append(row["project_id"])
    try:  # the directory's own NUTS mapping (city → region), as the directory import assigns it
        from directory.regions import region_for
    except ImportError:

        def region_for(*, country, city=""):
            return ""

    orgs = []
    for row in _read_csv(data_dir / "organisations_nl_de.csv.gz"):
        if not row["name"]:
            continue
        texts, clusters = [], Counter()
        for pid in org_projects.get(row["org_id"], [])[:5]:
            text, hints = projects[pid]
            if text:
                texts.append(text)
            clusters.update(hints)
        loc = None
        if row["lat"] and row["lon"]:
            loc = {"lat": float(row["lat"]), "lon": float(row["lon"])}
        n_projects = int(float(row["n_projects_h2020"] or 0) + float(row["n_projects_horizon"] or 0))
        orgs.append(
            {
                "name": row["name"],
                "short_name": row["short_name"] or "",
                "country": row["country"],
                "region": row["nuts"] or region_for(country=row["country"], city=row["city"] or "") or "",
                "city": (row["city"] or "").title(),
                "type": row["type"] or "other",
                "sme": row["sme"] == "True",
                "location": loc,
                "n_projects": n_projects,
                "texts": texts,
                "clusters": [c for c, _ in clusters.most_common(2)],
            }
        )
    return {"orgs": orgs, "project_texts": [t for t, _ in projects.values() if t]}


# ---------------------------------------------------------------------------------------------------------------
# Generator


class Generator:
    """Documents 1..n: the real organisations first, then synthetic ones drawn from their distributions."""

    def __init__(self, seed: dict, *, random_seed: int = 7):
        self.orgs = seed["orgs"]
        self.project_texts = seed["project_texts"]
        self.rng = random.Random(random_seed)
        words = Counter()
        for org in self.orgs:
            for word in org["name"].split():
                words[word.strip(",.()").title()] += 1
        self.name_words = [w for w, _ in words.most_common(3000) if len(w) > 2]
        self.legal = ["GmbH", "B.V.", "BV", "GmbH & Co. KG", "AG", "e.V.", "N.V.", "UG", "Stichting", ""]
        self.cluster_mix = [o["clusters"] for o in self.orgs if o["clusters"]] or [[c] for c in CLUSTERS]

    def _concepts(self, clusters: list[str], rng: random.Random) -> list[str]:
        pool = [slug for slug, cluster, _ in TAXONOMY if cluster in clusters]
        return rng.sample(pool, k=min(len(pool), rng.randint(0, 3))) if pool else []

    def document(self, i: int) -> dict:
        rng = random.Random(i * 7919 + 13)
        if i <= len(self.orgs):
            base = self.orgs[i - 1]
            name = base["name"]
            clusters = base["clusters"] or (rng.choice(self.cluster_mix) if rng.random() < 0.5 else [])
            texts = base["texts"]
        else:
            base = self.orgs[rng.randrange(len(self.orgs))]  # place, type and SME flag travel together
            n_words = rng.choice((1, 2, 2, 3))
            name = " ".join(rng.choice(self.name_words) for _ in range(n_words))
            name = f"{name} {rng.choice(self.legal)}".strip()
            clusters = rng.choice(self.cluster_mix) if rng.random() < 0.7 else []
            texts = [rng.choice(self.project_texts)] if rng.random() < 0.35 else []
        en, nl, de = [], [], []
        for cluster in clusters:
            s_en, s_nl, s_de = SENTENCES[cluster]
            en.append(s_en.format(x=rng.choice(ADJECTIVES)))
            nl.append(s_nl)
            de.append(s_de)
        if not clusters:
            en.append(f"{name} is based in {base['city'] or 'the region'}.")
        concepts = self._concepts(clusters, rng)
        labels = [label for slug, _, group in TAXONOMY if slug in concepts for label in group]
        loc = base["location"]
        if loc and i > len(self.orgs) and rng.random() < 0.3:  # some spread around the city centre
            loc = {"lat": loc["lat"] + rng.uniform(-0.05, 0.05), "lon": loc["lon"] + rng.uniform(-0.08, 0.08)}
        day = rng.randrange(0, 1500)
        return {
            "id": i,
            "slug": f"org-{i}",
            "name": name,
            "short_name": base["short_name"] if i <= len(self.orgs) else "",
            "aliases": [],
            "descriptions": {
                "en": " ".join(en),
                "nl": " ".join(nl) if rng.random() < 0.6 or base["country"] == "NL" else "",
                "de": " ".join(de) if rng.random() < 0.6 or base["country"] == "DE" else "",
            },
            "project_text": " ".join(texts)[:3000],
            "concepts": concepts,
            "concept_labels": labels,
            "clusters": list(clusters),
            "country": base["country"],
            "region": base["region"],
            "city": base["city"],
            "type": base["type"],
            "sme": base["sme"],
            "location": loc,
            "updated_at": f"{2022 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}T10:00:00+00:00",
            "n_projects": base["n_projects"] if i <= len(self.orgs) else rng.choice((0, 0, 0, 1, 1, 2, 3, 5)),
        }

    def batches(self, n: int, size: int = 2000):
        for start in range(1, n + 1, size):
            yield [self.document(i) for i in range(start, min(n, start + size - 1) + 1)]


# ---------------------------------------------------------------------------------------------------------------
# Query mix


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "drop", "replace"))
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]


def query_mix(seed: dict, n: int = 200, random_seed: int = 11) -> list[dict]:
    """A fixed list of query specs (plain dicts): the same for every backend and size."""
    rng = random.Random(random_seed)
    topic_words = [
        "hydrogen", "waterstof", "Wasserstoff", "battery", "Batterie", "recycling", "Kreislaufwirtschaft",
        "robotics", "robotica", "sensors", "photonics", "diagnostics", "imaging", "Medizintechnik", "biomass",
        "plastics", "automation", "fuel cell", "electrolysis", "membranes", "university", "research",
    ]  # fmt: skip
    names = [o["name"] for o in seed["orgs"]]
    cities = [o["city"] for o in seed["orgs"] if o["city"]]
    regions = [o["region"] for o in seed["orgs"] if o["region"]]
    types = ["sme", "company", "university", "research", "public", "other"]

    def filters():
        f = {}
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(("cluster", "country", "type", "sme", "region", "concept"))
            if kind == "cluster":
                f["cluster"] = rng.sample(CLUSTERS, rng.randint(1, 2))
            elif kind == "country":
                f["country"] = [rng.choice(("NL", "DE"))]
            elif kind == "type":
                f["type"] = rng.sample(types, rng.randint(1, 2))
            elif kind == "sme":
                f["sme"] = [True]
            elif kind == "region":
                f["region"] = [rng.choice(regions)]
            else:
                f["concept"] = [rng.choice(TAXONOMY)[0]]
        return f

    plan = (
        [("text", 40), ("text_filters", 35), ("filters", 25), ("facets", 20), ("geo", 25), ("typo", 25),
         ("autocomplete", 30)]
    )  # fmt: skip
    specs = []
    for kind, count in plan:
        for _ in range(count):
            spec = {"kind": kind, "text": "", "filters": {}, "geo": None, "sort": "relevance"}
            if kind == "text":
                spec["text"] = rng.choice(
                    (rng.choice(topic_words), rng.choice(names), rng.choice(cities), rng.choice(topic_words))
                )
            elif kind == "text_filters":
                spec["text"] = rng.choice(topic_words)
                spec["filters"] = filters()
            elif kind == "filters":
                spec["filters"] = filters()
                spec["sort"] = rng.choice(("relevance", "name", "updated"))
            elif kind == "facets":
                spec["filters"] = {
                    "cluster": rng.sample(CLUSTERS, 2),
                    "country": ["NL", "DE"][: rng.randint(1, 2)],
                    "type": rng.sample(types, 2),
                }
                spec["text"] = rng.choice(("", rng.choice(topic_words)))
            elif kind == "geo":
                _, lat, lon = rng.choice(BORDER_POINTS)
                spec["geo"] = (lat, lon, rng.choice((10, 25, 50, 100)))
                spec["text"] = rng.choice(("", "", rng.choice(topic_words)))
                spec["sort"] = rng.choice(("distance", "relevance"))
            elif kind == "typo":
                word = rng.choice(
                    [w for w in topic_words if len(w) >= 6] + [n.split()[0] for n in rng.sample(names, 5)]
                )
                spec["text"] = typo(word, rng)
            else:
                source = rng.choice((rng.choice(names), rng.choice(topic_words)))
                spec["text"] = source[: rng.randint(3, 6)]
            specs.append(spec)
    return specs[:n]


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p):
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]

    return {"p50": pick(50), "p95": pick(95), "p99": pick(99), "mean": statistics.fmean(ordered), "max": ordered[-1]}


# ---------------------------------------------------------------------------------------------------------------
# Embedded backend


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techland.settings.test")
    import django

    django.setup()


def run_embedded(size: int, data_dir: str, work_dir: str, reuse: bool, keep: bool, result_queue) -> None:
    _setup_django()
    from search.backends.base import GeoFilter, IndexReport, SearchQuery
    from search.backends.embedded import EmbeddedBackend

    seed = load_seed(Path(data_dir))
    gen = Generator(seed)
    index_dir = Path(work_dir) / f"embedded-{size}"
    if not reuse:
        shutil.rmtree(index_dir, ignore_errors=True)
    backend = EmbeddedBackend(index_dir, synonym_groups=SYNONYM_GROUPS)
    if reuse and backend.status().documents != size:
        result_queue.put({"error": f"{index_dir} holds no index of {size:,} documents (build one with --keep-index)"})
        return
    started = time.perf_counter()
    last = [0.0]

    def progress(done):
        now = time.perf_counter()
        if now - last[0] > 15:
            last[0] = now
            print(f"    {size:,}: {done:,} indexed, {done / (now - started):,.0f} docs/s", flush=True)

    cpu_started = time.process_time()
    if reuse:  # queries only, on the index a previous run kept: no build figures
        report, build_s, build_cpu_s = IndexReport(indexed=size), None, None
    else:
        report = backend.rebuild(gen.batches(size), progress=progress)
        build_s = time.perf_counter() - started
        build_cpu_s = time.process_time() - cpu_started  # generation + analysis + tantivy's indexing threads
    current = (index_dir / "current").resolve()
    index_bytes = sum(f.stat().st_size for f in current.rglob("*") if f.is_file())
    specs = query_mix(seed)

    def to_query(spec):
        geo = GeoFilter(*spec["geo"]) if spec["geo"] else None
        return SearchQuery(text=spec["text"], filters=spec["filters"], geo=geo, facets=FACETS, sort=spec["sort"])

    def run(spec):
        if spec["kind"] == "autocomplete":
            return len(backend.autocomplete(spec["text"]))
        return backend.search(to_query(spec)).total

    # The facet columns (per-document facet values as numpy arrays) are read once per index version; a server
    # reads them in the background after a change and counts with tantivy's aggregations until then.
    t0 = time.perf_counter()
    backend.warm()
    columns_s = time.perf_counter() - t0
    cold = []
    for spec in specs:  # warm-up pass: opens files, fills the OS page cache; its latencies are reported as "cold"
        t0 = time.perf_counter()
        run(spec)
        cold.append((time.perf_counter() - t0) * 1000)
    latencies, cpu_ms, by_kind, totals = [], [], defaultdict(list), []
    load_before = os.getloadavg()[0]
    for spec in specs:
        c0, t0 = time.process_time(), time.perf_counter()
        totals.append(run(spec))
        ms = (time.perf_counter() - t0) * 1000
        cpu_ms.append((time.process_time() - c0) * 1000)  # CPU of all this process's threads
        latencies.append(ms)
        by_kind[spec["kind"]].append(ms)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result_queue.put(
        {
            "backend": "embedded (tantivy)",
            "size": size,
            "indexed": report.indexed,
            "errors": len(report.errors),
            "build_s": build_s,
            "build_cpu_s": build_cpu_s,
            "rate": report.indexed / build_s if build_s else None,
            "index_mb": index_bytes / 1_048_576,
            "peak_rss_mb": peak_rss_mb,
            "latency": percentiles(latencies),
            "cold_latency": percentiles(cold),
            "columns_s": columns_s,
            "cpu_per_query": percentiles(cpu_ms),
            "by_kind": {k: percentiles(v) for k, v in by_kind.items()},
            "latencies": latencies,
            "nonzero_results": sum(1 for t in totals if t),
            "load_average": (load_before, os.getloadavg()[0]),
        }
    )
    if not keep and not reuse:
        shutil.rmtree(index_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------
# Wagtail's database search backend (SQLite FTS5), through a throw-away model in a private database

WAGTAIL_MODELS = """
from django.db import models
from modelsearch import index
from modelsearch.queryset import SearchableQuerySetMixin


class OrgQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Org(index.Indexed, models.Model):
    name = models.CharField(max_length=300)
    text = models.TextField()
    country = models.CharField(max_length=2)
    region = models.CharField(max_length=10)
    type = models.CharField(max_length=20)
    sme = models.BooleanField()
    clusters = models.CharField(max_length=200)  # first cluster only: a plain filter field
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    updated = models.CharField(max_length=40)

    objects = OrgQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("text"),
        index.FilterField("country"),
        index.FilterField("region"),
        index.FilterField("type"),
        index.FilterField("sme"),
        index.FilterField("clusters"),
        index.FilterField("lat"),
        index.FilterField("lon"),
        index.FilterField("name"),
        index.FilterField("updated"),
    ]

    class Meta:
        app_label = "benchorgs"
"""


def run_wagtail(size: int, data_dir: str, work_dir: str, max_queries: int, budget_s: float, result_queue) -> None:
    pkg = Path(work_dir) / "wagtail_bench_pkg"
    (pkg / "benchorgs").mkdir(parents=True, exist_ok=True)
    (pkg / "benchorgs" / "__init__.py").write_text("")
    (pkg / "benchorgs" / "models.py").write_text(WAGTAIL_MODELS)
    sys.path.insert(0, str(pkg))
    import django
    import django.db.models
    from django.conf import settings

    db_path = Path(work_dir) / "wagtail-bench.sqlite3"
    db_path.unlink(missing_ok=True)
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",  # noqa: S106
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "taggit",
            "wagtail",
            "wagtail.search",
            "benchorgs",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db_path)}},
        WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "wagtail.search.backends.database"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        STATIC_URL="/static/",
        USE_TZ=True,
    )
    django.setup()
    from benchorgs.models import Org
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    seed = load_seed(Path(data_dir))
    gen = Generator(seed)
    started = time.perf_counter()
    for batch in gen.batches(size):
        Org.objects.bulk_create(
            [
                Org(
                    id=d["id"],
                    name=d["name"],
                    text=" ".join([*d["descriptions"].values(), d["project_text"], *d["concept_labels"], d["city"]]),
                    country=d["country"],
                    region=d["region"],
                    type=d["type"],
                    sme=d["sme"],
                    clusters=(d["clusters"] or [""])[0],
                    lat=(d["location"] or {}).get("lat"),
                    lon=(d["location"] or {}).get("lon"),
                    updated=d["updated_at"],
                )
                for d in batch
            ]
        )
    call_command("update_index", verbosity=0)  # Wagtail's own indexing command
    build_s = time.perf_counter() - started
    specs = query_mix(seed)[:max_queries]
    fields = {"cluster": "clusters", "country": "country", "region": "region", "type": "type", "sme": "sme"}

    def run(spec):
        if spec["kind"] == "autocomplete":
            return len(list(Org.objects.all().autocomplete(spec["text"], backend="default")[:10]))
        qs = Org.objects.all()
        for key, values in spec["filters"].items():
            if key in fields:
                qs = qs.filter(**{f"{fields[key]}__in": values})
        if spec["geo"]:
            lat, lon, km = spec["geo"]
            dlat, dlon = km / 111.0, km / (111.32 * math.cos(math.radians(lat)))
            qs = qs.filter(lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon)
        if not spec["text"]:  # filters only: the database backend needs text, so the plain ORM answers
            page = list(qs.order_by("name")[:20])
            for facet in ("country", "region", "type", "sme", "clusters"):
                list(qs.values(facet).annotate(n=django.db.models.Count("id")))
            return len(page)
        results = qs.search(spec["text"], backend="default")
        page = list(results[:20])
        for facet in ("country", "region", "type", "sme", "clusters"):
            results.facet(facet)
        return len(page)

    latencies, by_kind, done = [], defaultdict(list), 0
    budget_start = time.perf_counter()
    for spec in specs:
        if time.perf_counter() - budget_start > budget_s:
            break
        t0 = time.perf_counter()
        run(spec)
        ms = (time.perf_counter() - t0) * 1000
        latencies.append(ms)
        by_kind[spec["kind"]].append(ms)
        done += 1
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result_queue.put(
        {
            "backend": "Wagtail database (SQLite FTS5)",
            "size": size,
            "indexed": size,
            "build_s": build_s,
            "rate": size / build_s,
            "index_mb": db_path.stat().st_size / 1_048_576,
            "peak_rss_mb": peak_rss_mb,
            "latency": percentiles(latencies) if latencies else None,
            "by_kind": {k: percentiles(v) for k, v in by_kind.items()},
            "latencies": latencies,
            "queries_run": done,
        }
    )
    db_path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------------


def in_child(target, *args):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def fmt_latency(lat: dict | None) -> str:
    if not lat:
        return "n/a"
    return f"p50 {lat['p50']:8.1f} ms  p95 {lat['p95']:8.1f} ms  p99 {lat['p99']:8.1f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "data_dir", help="folder with the real data (organisations_nl_de.csv.gz, projects, participations)"
    )
    parser.add_argument("--sizes", default="10000,100000,500000", help="comma-separated directory sizes")
    parser.add_argument(
        "--wagtail-size", type=int, default=10_000, help="size for Wagtail's database backend (0: skip)"
    )
    parser.add_argument("--wagtail-queries", type=int, default=200, help="at most this many queries of the mix")
    parser.add_argument("--wagtail-budget", type=float, default=900, help="stop Wagtail's queries after this many s")
    parser.add_argument("--work-dir", default=None, help="scratch folder (default: a temporary folder)")
    parser.add_argument("--json", default=None, help="also write the figures to this JSON file")
    parser.add_argument(
        "--keep-index", action="store_true", help="keep the built indexes in --work-dir for a later --queries-only run"
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="skip the build: query the indexes a --keep-index run left"
    )
    args = parser.parse_args(argv)
    if (args.keep_index or args.queries_only) and not args.work_dir:
        parser.error("--keep-index and --queries-only need --work-dir")
    data_dir = Path(args.data_dir)
    if not (data_dir / "organisations_nl_de.csv.gz").exists():
        parser.error(f"{data_dir} does not hold organisations_nl_de.csv.gz")
    work_dir = args.work_dir or tempfile.mkdtemp(prefix="search-bench-")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    seed = load_seed(data_dir)
    mix = query_mix(seed)
    print(f"Seed: {len(seed['orgs']):,} real organisations, {len(seed['project_texts']):,} project texts")
    print(f"Query mix: {len(mix)} queries {dict(Counter(s['kind'] for s in mix))}; all six facets on every search")
    print(f"CPU cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (the machine is shared)\n")
    results = []
    for size in sizes:
        print(f"Embedded backend, {size:,} organisations …", flush=True)
        r = in_child(run_embedded, size, str(data_dir), work_dir, args.queries_only, args.keep_index)
        if "error" in r:
            parser.error(r["error"])
        results.append(r)
        if r["build_s"] is None:
            print(f"  queries only, on the kept index: {r['index_mb']:.0f} MiB, peak RSS {r['peak_rss_mb']:.0f} MiB")
        else:
            print(
                f"  build {r['build_s']:.1f} s ({r['rate']:,.0f} docs/s), index {r['index_mb']:.0f} MiB, "
                f"peak RSS {r['peak_rss_mb']:.0f} MiB, {r['errors']} rejected"
            )
            print(f"  build CPU time {r['build_cpu_s']:.1f} s (all threads; wall time depends on the machine's load)")
        print(f"  all queries: {fmt_latency(r['latency'])}  ({r['nonzero_results']}/{len(mix)} with results)")
        print(f"  first pass after the build (cold files): {fmt_latency(r['cold_latency'])}")
        print(f"  facet columns read in {r['columns_s']:.1f} s (once per index version)")
        print(f"  CPU time per query (all threads): {fmt_latency(r['cpu_per_query'])}")
        print(f"  machine load average during the queries: {r['load_average'][0]:.1f} → {r['load_average'][1]:.1f}")
        for kind, lat in r["by_kind"].items():
            print(f"    {kind:<13} {fmt_latency(lat)}")
    if args.wagtail_size:
        print(f"\nWagtail database backend (SQLite), {args.wagtail_size:,} organisations …", flush=True)
        w = in_child(run_wagtail, args.wagtail_size, str(data_dir), work_dir, args.wagtail_queries, args.wagtail_budget)
        results.append(w)
        print(f"  build {w['build_s']:.1f} s ({w['rate']:,.0f} docs/s), database {w['index_mb']:.0f} MiB")
        print(
            f"  {w['queries_run']} of {args.wagtail_queries} queries within the time budget: {fmt_latency(w['latency'])}"
        )
        for kind, lat in w["by_kind"].items():
            print(f"    {kind:<13} {fmt_latency(lat)}")
        same = next(
            (r for r in results if r["backend"].startswith("embedded") and r["size"] == args.wagtail_size), None
        )
        if same and w["latencies"]:
            n = len(w["latencies"])
            mine = percentiles(same["latencies"][:n])
            theirs = percentiles(w["latencies"])
            print(f"\n  Ratio at {args.wagtail_size:,} on the same {n} queries (Wagtail ÷ embedded):")
            for key in ("p50", "p95", "p99", "mean"):
                print(
                    f"    {key}: {theirs[key]:,.1f} ms ÷ {mine[key]:,.2f} ms = {theirs[key] / max(mine[key], 1e-6):,.0f}×"
                )
            if same["build_s"]:
                print(
                    f"    build: {w['build_s']:.1f} s ÷ {same['build_s']:.1f} s = {w['build_s'] / same['build_s']:.1f}×"
                )
    if args.json:
        Path(args.json).write_text(
            json.dumps([{k: v for k, v in r.items() if k != "latencies"} for r in results], indent=1)
        )
    if not args.work_dir:
        shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
