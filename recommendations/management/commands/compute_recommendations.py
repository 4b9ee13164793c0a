"""Precompute the partner recommendations of every member organisation (or one) and store them."""

from django.core.management.base import BaseCommand, CommandError

from directory.models import Organisation
from recommendations.services import member_organisation_ids, recommendations_compute


class Command(BaseCommand):
    help = "Compute and store partner recommendations for member organisations."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only this member organisation (its slug).")

    def handle(self, *args, organisation=None, verbosity=1, **options):
        ids = None
        if organisation:
            found = Organisation.objects.filter(slug=organisation).first()
            if found is None:
                raise CommandError(f"No organisation with the slug {organisation!r}.")
            if found.pk not in member_organisation_ids():
                raise CommandError(f"{found.name} has no members; recommendations are computed for members only.")
            ids = [found.pk]

        def progress(done: int, total: int) -> None:
            if verbosity:
                width = 30
                filled = round(width * done / total) if total else width
                self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} members", ending="")
                self.stdout.flush()

        stored = recommendations_compute(organisation_ids=ids, progress=progress)
        if verbosity:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Stored {sum(stored.values())} recommendations for {len(stored)} member organisations."
                )
            )
