from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the sample data every feature ships: run each loader in settings.SAMPLE_DATA_LOADERS in order. "
        "Idempotent: running it twice creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            help="Run only the loaders whose dotted path contains this text (may be repeated).",
        )

    def handle(self, *args, only, verbosity, **options):
        loaders = [path for path in settings.SAMPLE_DATA_LOADERS if not only or any(part in path for part in only)]
        if not loaders:
            raise CommandError("No sample data loader matches --only.")
        for path in loaders:
            try:
                loader = import_string(path)
            except ImportError as error:
                raise CommandError(f"Cannot import sample data loader {path}: {error}") from error
            if verbosity:
                self.stdout.write(self.style.MIGRATE_HEADING(f"Loading {path}"))
            loader(stdout=self.stdout, verbosity=verbosity)
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Sample data loaded."))
