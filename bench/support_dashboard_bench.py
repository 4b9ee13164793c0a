"""Support dashboard benchmark: how long the dashboard page and each CSV file take on a synthetic member base.

    .venv/bin/python bench/support_dashboard_bench.py --members 1000    # a temporary SQLite file
    DATABASE_URL=postgres://... .venv/bin/python bench/support_dashboard_bench.py --members 5000

Builds, on an empty migrated database, `--members` example member organisations with 1–6 needs each (1–3 concepts
from a synthetic taxonomy of 200 concepts over the four clusters, a quarter of the members with private needs), 20
stored recommendations per member drawn from 5,000 directory organisations, and 3 introductions per member over
three years. Then renders the dashboard (median of `--repeat` runs) and downloads each CSV as a Support
organisations user. Nothing here is a test: it prints figures.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="support-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techland.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("TECHLAND_VAR_DIR", workdir)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from directory.clusters import CLUSTER_SLUGS
    from directory.models import Concept, Organisation
    from members.choices import NEED_KINDS
    from members.models import Membership, Profile, ProfileItem
    from recommendations.models import Introduction, StoredRecommendation
    from support.tables import TABLES

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    started = time.perf_counter()
    with transaction.atomic():
        concepts = Concept.objects.bulk_create(
            Concept(
                slug=f"bench-concept-{i}",
                cluster=CLUSTER_SLUGS[i % 4],
                label_en=f"Concept {i}",
                label_nl=f"Concept {i}",
                label_de=f"Konzept {i}",
            )
            for i in range(200)
        )
        regions = ["NL213", "NL225", "NL226", "NL31", "DEA33", "DEA34", "DEA36", "DEA1", "DE2", ""]
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Example organisation {i}",
                slug=f"bench-org-{i}",
                country=rng.choice(["NL", "DE"]),
                region=rng.choice(regions),
            )
            for i in range(5000 + args.members)
        )
        candidates, members = organisations[:5000], organisations[5000:]
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"bench-member-{i}", email=f"bench-member-{i}@example.org")
            for i in range(len(members))
        )
        Membership.objects.bulk_create(Membership(user=u, organisation=o) for u, o in zip(users, members, strict=True))
        profiles = Profile.objects.bulk_create(
            Profile(organisation=o, public_fields=["offers"] if rng.random() < 0.25 else ["offers", "needs"])
            for o in members
        )
        items = ProfileItem.objects.bulk_create(
            ProfileItem(profile=p, kind=rng.choice(sorted(NEED_KINDS)), text=f"Example need {n}", position=n)
            for p in profiles
            for n in range(rng.randint(1, 6))
        )
        through = ProfileItem.concepts.through
        through.objects.bulk_create(
            through(profileitem_id=item.pk, concept_id=c.pk)
            for item in items
            for c in rng.sample(concepts, rng.randint(1, 3))
        )
        best = {m.pk: rng.uniform(1.0, 3.5) for m in members}  # about 40 % of the members below 2.0
        StoredRecommendation.objects.bulk_create(
            StoredRecommendation(organisation=m, candidate=c, rank=rank, score=best[m.pk] - 0.04 * (rank - 1))
            for m in members
            for rank, c in enumerate(rng.sample(candidates, 20), start=1)
        )
        now = timezone.now()
        statuses = list(Introduction.Status)
        introductions = []
        for m in members:
            for c in rng.sample(candidates, 3):
                created = now - timezone.timedelta(days=rng.uniform(0, 3 * 365))
                status = rng.choice(statuses)
                introductions.append(
                    Introduction(
                        organisation=m,
                        candidate=c,
                        status=status,
                        created_at=created,
                        decided_at=None if status == "requested" else created + timezone.timedelta(days=5),
                    )
                )
        Introduction.objects.bulk_create(introductions)
        user = get_user_model().objects.create_user(username="bench-support", email="support@example.org")
        user.groups.add(Group.objects.get(name="Support organisations"))
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    print(
        f"members: {len(members)}, needs: {len(items)}, stored recommendations: {20 * len(members)}, "
        f"introductions: {len(introductions)} (built in {time.perf_counter() - started:.1f} s)"
    )

    client = Client()
    client.force_login(user)

    def timed(url: str) -> tuple[float, int]:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        return statistics.median(times), len(response.content)

    seconds, size = timed("/admin/support/")
    print(f"{'dashboard page':32} {seconds * 1000:8.0f} ms  {size / 1024:8.0f} KiB")
    for slug in TABLES:
        seconds, size = timed(f"/admin/support/{slug}.csv")
        print(f"{slug + '.csv':32} {seconds * 1000:8.0f} ms  {size / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
