from django.core.management.base import BaseCommand

from directory.clusters import CLUSTER_LABELS
from directory.tagging import cluster_counts, retag


class Command(BaseCommand):
    help = (
        "Recompute the automatic cluster and concept tags of every organisation from its projects. "
        "Staff tags and tags rejected by staff are kept."
    )

    def handle(self, *args, **options):
        changes = retag()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in sorted(changes.items())))
        for cluster, count in cluster_counts().items():
            self.stdout.write(f"{CLUSTER_LABELS[cluster]}: {count} organisations")
