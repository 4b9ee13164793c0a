from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.evaluation import DATA_DIR, combined, evaluate


class Command(BaseCommand):
    help = (
        "Measure precision and recall of the entity-resolution merge decision on labelled pairs built from ROR "
        "names and aliases, CORDIS↔ROR identities and distinct organisations in one city."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ror", default=str(DATA_DIR / "ror_nl_de.jsonl.gz"), help="ROR JSON Lines (.gz)")
        parser.add_argument("--cordis", default=str(DATA_DIR / "cordis_organisations.csv.gz"))
        parser.add_argument("--matches", default=str(DATA_DIR / "cordis_ror_exact_matches.csv.gz"))
        parser.add_argument("--show-errors", type=int, default=10, help="How many false merges and misses to list.")

    def handle(self, *args, ror, cordis, matches, show_errors, **options):
        if not Path(ror).exists():
            raise CommandError(f"no such file: {ror}")
        results = evaluate(ror_path=Path(ror), cordis_path=Path(cordis), matches_path=Path(matches))
        self.stdout.write(f"{'set':<22}{'pairs':>8}{'merged':>8}{'review':>8}")
        for name, tally in results.items():
            pairs = tally.positives or tally.negatives
            merged = tally.merged_pos + tally.merged_neg
            review = tally.review_pos + tally.review_neg
            self.stdout.write(f"{name:<22}{pairs:>8}{merged:>8}{review:>8}")
        total = combined(results)
        self.stdout.write("")
        self.stdout.write(
            f"Merge decision (positives {total.positives}, negatives {total.negatives}, acronyms excluded):"
        )
        self.stdout.write(f"  precision {total.precision:.3f}")
        self.stdout.write(f"  recall    {total.recall:.3f}")
        self.stdout.write(f"  recall including pairs queued for review {total.recall_with_review:.3f}")
        self.stdout.write(f"  negatives queued for review {total.review_neg} of {total.negatives}")
        with_acronyms = combined(results, parts=tuple(results))
        self.stdout.write(f"  with acronyms as positives: recall {with_acronyms.recall:.3f}")
        if show_errors:
            self.stdout.write("\nFalse merges:")
            for a, b in total.false_merges[:show_errors]:
                self.stdout.write(f"  {a}  ==  {b}")
            self.stdout.write("Missed positives:")
            for a, b, decision in total.missed[:show_errors]:
                self.stdout.write(f"  {a}  /  {b}  ({decision})")
