"""Directory pages benchmark: response times of the public listing, profile, map and API on the current database.

    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/directory_pages_bench.py [--repeat 5]

Run `manage.py load_sample_data` first. Requests go through Django's test client (no network, no server), one at a
time, so the figures are the application's own time: selectors, facet counts, template rendering. Prints the median
and the maximum per URL over `--repeat` runs after one warm-up request. Nothing here is a test: it prints figures.
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
    from django.test import Client
    from django.test.utils import setup_test_environment

    from directory.models import Organisation

    setup_test_environment()
    public = Organisation.objects.public()
    total = public.count()
    if not total:
        sys.exit("No public organisations: run `manage.py load_sample_data` first.")
    sample = public.exclude(participations=None).order_by("pk").first() or public.order_by("pk").first()
    urls = [
        "/en/directory/",
        "/nl/directory/?cluster=battery_hydrogen&country=DE",
        "/de/directory/?q=waterstof",
        "/en/directory/?q=university",
        "/en/directory/?concept=water_electrolysis&concept=fuel_cell&region=NL21&region=DEA3",
        "/en/directory/?sort=name&page=20",
        f"/en/directory/{sample.slug}/",
        "/en/directory/map/",
        "/en/directory/map/?cluster=health_medtech",
        "/api/directory/organisations/?page_size=50",
        "/api/directory/organisations/?q=Brennstoffzelle&lang=de",
        f"/api/directory/organisations/{sample.slug}/",
    ]
    client = Client()
    print(f"{total} public organisations; {args.repeat} runs per URL after one warm-up\n")
    print(f"{'median ms':>10} {'max ms':>8} {'KB':>6}  status  url")
    for url in urls:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{statistics.median(times):10.0f} {max(times):8.0f} {len(response.content) // 1024:6d}  "
            f"{response.status_code:6d}  {url}"
        )


if __name__ == "__main__":
    main()
