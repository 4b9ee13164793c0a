from django.core.management.base import BaseCommand, CommandError

from insights.figures import SCOPES, refresh


class Command(BaseCommand):
    help = (
        "Recompute the figures of the regional insights (the whole region and each cluster), store them and "
        "refresh the cache. Run after imports; load_sample_data and every successful directory import run it too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope", action="append", choices=SCOPES, help="Only this scope (may be repeated); default: all."
        )

    def handle(self, *args, scope, verbosity, **options):
        try:
            timings = refresh(scope or SCOPES)
        except Exception as error:  # noqa: BLE001 - report any failure as a command error
            raise CommandError(f"Refreshing the insights failed: {error}") from error
        if verbosity:
            parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items())
            self.stdout.write(self.style.SUCCESS(f"Insights refreshed ({parts})."))
