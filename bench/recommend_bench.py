"""Benchmark the partner-recommendation pipeline on synthetic organisations drawn from the real data's distributions.

    python bench/recommend_bench.py PATH [--sizes 100000,500000] [--queries 200] [--precompute 100000] [--workers 2]

PATH is the folder with the CORDIS-derived files (organisations_nl_de.csv.gz, projects.csv.gz,
participations.csv.gz). Synthetic organisations copy a real organisation's country, type, clusters, programme
concepts, activity and number of partners (partners are drawn with preferential attachment among the synthetic
organisations); their coordinates are a real organisation's, jittered by a few kilometres; descriptions are two
sentences of real Horizon Europe project summaries, and 30 % get one or two offers or needs.

Prints, for each size: index build time, then the top-20 ranking latency for single members (p50/p95, from the
precomputed index), and for the precompute size the time and peak memory of computing top-20 for every member
(`--workers` forked processes, default 2; each member's result is serialised as the service stores it, in the worker that ranked it). Each phase
runs in its own process so that its peak memory (max RSS) is its own; the precomputation reports the main process
and its largest worker separately.
"""

from __future__ import annotations

import os

# One BLAS thread per process: ranking is a sequence of small matrix-vector products, which multi-threaded BLAS
# only slows down on a busy machine (web workers run one request per process anyway).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing as mp  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recommendations.evaluation.cordis import load_dataset, snapshot  # noqa: E402
from recommendations.pipeline import ITEM_KINDS, Item, Profile, build_index, precompute, recommend  # noqa: E402


def real_material(path: str):
    dataset = load_dataset(path)
    templates = snapshot(dataset, "2100-01-01").profiles
    sentences, fields, titles = [], [], []
    for project in dataset.projects.values():
        if len(project.text) > 200:
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", project.text) if 40 <= len(s) <= 240]
            fields.append([c for c in project.concepts if c.startswith("field:")])
            titles.append(project.text.split(".")[0][:120])
    return templates, sentences, [f for f in fields if f], titles


def synthetic(n: int, material, seed: int = 0) -> list[Profile]:
    templates, sentences, fields, titles = material
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(templates), n)
    degree = np.minimum([len(templates[i].known_partner_ids) for i in pick], 200)
    attraction = np.array([templates[i].activity + 1.0 for i in pick])
    partners = rng.choice(n, size=int(degree.sum()), p=attraction / attraction.sum())
    offsets = np.r_[0, np.cumsum(degree)]
    geo = [(p.lat, p.lon) for p in templates if p.lat is not None]
    profiles = []
    for k in range(n):
        t = templates[pick[k]]
        lat = lon = None
        if rng.random() < 0.4:
            lat, lon = geo[rng.integers(len(geo))]
            lat, lon = lat + rng.normal(0, 0.05), lon + rng.normal(0, 0.08)
        description = " ".join(sentences[i] for i in rng.integers(0, len(sentences), 2))
        concepts = t.concepts[:20] + tuple(fields[rng.integers(len(fields))][:3])
        items = []
        if rng.random() < 0.3:
            for _ in range(rng.integers(1, 3)):
                kind = ITEM_KINDS[rng.integers(len(ITEM_KINDS))]
                items.append(Item(kind, titles[rng.integers(len(titles))], concepts[-2:]))
        profiles.append(
            Profile(
                org_id=k,
                name=f"Synthetic {k}",
                country=t.country,
                lat=lat,
                lon=lon,
                type=t.type,
                clusters=t.clusters,
                concepts=concepts,
                descriptions={"en": description},
                offers=tuple(i for i in items if i.is_offer),
                needs=tuple(i for i in items if not i.is_offer),
                known_partner_ids=tuple(int(x) for x in partners[offsets[k] : offsets[k + 1]]),
                activity=t.activity,
                last_active_year=t.last_active_year,
            )
        )
    return profiles


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def phase_latency(path: str, n: int, queries: int, out) -> None:
    material = real_material(path)
    profiles = synthetic(n, material)
    start = time.perf_counter()
    index = build_index(profiles)
    build = time.perf_counter() - start
    rng = np.random.default_rng(1)
    members = [profiles[i] for i in rng.integers(0, n, queries)]
    for m in members[:5]:
        recommend(index, m, limit=20)
    timings = []
    for m in members:
        start = time.perf_counter()
        recommend(index, m, limit=20)
        timings.append((time.perf_counter() - start) * 1000.0)
    nnz = index.adjacency.nnz // 2
    out.put(
        {
            "n": n,
            "build_s": build,
            "edges": nnz,
            "items": sum(len(g.items) for g in index.item_groups.values()),
            "p50": float(np.percentile(timings, 50)),
            "p95": float(np.percentile(timings, 95)),
            "max": float(np.max(timings)),
            "rss": max_rss_mib(),
        }
    )


def _row(match) -> dict:
    # the fields the service stores per recommendation (ids, score, known flag, reasons as code + parameters)
    return {
        "org": match.org_id,
        "score": round(match.score, 4),
        "known": match.known_partner,
        "reasons": [{"code": r.code, "params": dict(r.params)} for r in match.reasons],
    }


def _encode(result) -> bytes:
    # what the service writes per member (in batches): the ranked rows with their reasons, serialised (in the
    # worker that ranked them)
    return json.dumps([_row(m) for m in (*result.matches, *result.known)], default=str).encode()


def phase_precompute(path: str, n: int, workers: int, out) -> None:
    material = real_material(path)
    profiles = synthetic(n, material)
    index = build_index(profiles)
    before = max_rss_mib()
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  … {done}/{total}", flush=True)

    stored = {}

    def store(org_id, encoded: bytes) -> None:
        stored[org_id] = encoded

    start = time.perf_counter()
    cpu = os.times()
    precompute(index, limit=20, progress=progress, sink=store, workers=workers, encode=_encode)
    seconds = time.perf_counter() - start
    cpu_after = os.times()
    cpu_s = sum(cpu_after[:4]) - sum(cpu[:4])
    out.put(
        {
            "n": n,
            "seconds": seconds,
            "cpu": cpu_s,
            "members": len(stored),
            "matches": sum(len(json.loads(v)) for v in stored.values()),
            "rss_before": before,
            "rss": max_rss_mib(),
            "rss_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
            "workers": workers,
            "load": os.getloadavg()[0],
        }
    )


def run(target, *args):
    queue = mp.get_context("fork").Queue()
    process = mp.get_context("fork").Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--sizes", default="100000,500000", help="candidate counts for the latency test")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--precompute", type=int, default=100000, help="organisations for full precomputation (0: skip)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes for the precomputation (default 2)")
    args = parser.parse_args()
    print("Ranking one member, top 20 with reasons, from the precomputed index:")
    for n in [int(s) for s in args.sizes.split(",") if s]:
        r = run(phase_latency, args.path, n, args.queries)
        print(
            f"  {r['n']:>7} candidates ({r['edges']} links, {r['items']} offers/needs): index built in {r['build_s']:.1f} s; "
            f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms over {args.queries} members; "
            f"peak memory {r['rss'] / 1024:.2f} GiB"
        )
    if args.precompute:
        print(f"Precomputing top 20 for all {args.precompute} organisations:")
        r = run(phase_precompute, args.path, args.precompute, args.workers)
        print(
            f"  {r['members']} members ({r['matches']} stored matches) in {r['seconds']:.0f} s "
            f"({r['seconds'] / 60:.1f} min) with {r['workers']} worker process(es), "
            f"{1000 * r['seconds'] / r['members']:.1f} ms per member (CPU {r['cpu']:.0f} s); "
            f"peak memory {r['rss'] / 1024:.2f} GiB in the main process (index and data alone "
            f"{r['rss_before'] / 1024:.2f} GiB), {r['rss_worker'] / 1024:.2f} GiB in the largest worker "
            f"(shared copy-on-write pages counted in both); load average at the end {r['load']:.1f}"
        )


if __name__ == "__main__":
    main()
