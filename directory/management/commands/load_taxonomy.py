from django.core.management.base import BaseCommand, CommandError

from directory.taxonomy import CONCEPTS_FILE, TaxonomyError, taxonomy_load


class Command(BaseCommand):
    help = "Load the concept taxonomy file into the database (idempotent; concepts edited by staff are kept)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CONCEPTS_FILE))

    def handle(self, *args, path, **options):
        try:
            counts = taxonomy_load(path=path)
        except TaxonomyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
