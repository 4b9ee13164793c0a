"""Regional insights benchmark: computing the figures, and cold and warm render times of the insights pages.

    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/insights_bench.py [--repeat 5]

Run `manage.py load_sample_data` first. Measures `insights.figures.refresh()` (one shared load, then every scope),
then requests each page through Django's test client (no network, no server): the first request after the figures
changed renders the page body (cold), later requests serve it from the cache (warm; target below 200 ms). Prints the
median and the maximum of the warm requests over `--repeat` runs, the cold time, the number of queries and the size.
Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techland.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from directory.models import Organisation, Participation
    from insights.figures import refresh

    setup_test_environment()
    organisations = Organisation.objects.public().count()
    if not organisations:
        sys.exit("No organisations: run manage.py load_sample_data first.")
    print(f"{organisations:,} public organisations, {Participation.objects.count():,} participations")  # noqa: T201

    started = time.perf_counter()
    timings = refresh()
    total = time.perf_counter() - started
    parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items())
    print(f"refresh_insights: {total:.2f} s ({parts})")  # noqa: T201

    client = Client()
    urls = [
        "/en/insights/",
        "/nl/insights/",
        "/de/insights/health_medtech/",
        "/en/insights/battery_hydrogen/",
        "/de/insights/battery_hydrogen/?concept=hydrogen",
        "/en/insights/health_medtech/collaboration.csv",
    ]
    print(f"{'url':52} {'cold ms':>8} {'warm p50':>9} {'warm max':>9} {'queries':>8} {'KB':>6}")  # noqa: T201
    for url in urls:
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{url}: status {response.status_code}")
        warm = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(  # noqa: T201
            f"{url:52} {cold:8.0f} {statistics.median(warm):9.1f} {max(warm):9.1f} "
            f"{len(queries.captured_queries):8d} {len(response.content) / 1024:6.0f}"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
