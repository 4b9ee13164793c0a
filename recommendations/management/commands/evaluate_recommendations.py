"""Evaluate the partner recommendations on real project collaborations (time split)."""

from django.core.management.base import BaseCommand, CommandError

from recommendations.evaluation.cordis import DataError
from recommendations.evaluation.runner import TARGET_GAIN, best_baseline, evaluate, format_table


class Command(BaseCommand):
    help = (
        "Evaluate the partner recommendations on the CORDIS participation files in PATH: profiles and links from "
        "projects starting before the split year, truth = Dutch–German pairs that first work together from that year."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="folder with organisations_nl_de.csv.gz, projects.csv.gz, participations.csv.gz"
        )
        parser.add_argument("--split-year", type=int, default=2019, help="first year of the test period (default 2019)")

    def handle(self, *args, **options):
        year = options["split_year"]
        if not 1900 < year < 2200:
            raise CommandError(f"--split-year {year} is not a plausible year")
        verbose = options["verbosity"] > 1
        try:
            result = evaluate(options["path"], year, log=self.stdout.write if verbose else lambda _s: None)
        except DataError as exc:
            raise CommandError(str(exc)) from exc
        if result.n_queries == 0:
            raise CommandError(f"no Dutch–German pair first works together from {year} on in this data")
        if result.validation_queries == 0:
            raise CommandError(
                f"no new Dutch–German pairs in {year - 1} to choose the weights on; try a later split year"
            )
        self.stdout.write(
            f"Split {year}: {result.n_candidates} organisations with a profile before {year}; "
            f"{result.n_queries} organisations evaluated ({result.n_queries_nl} NL, {result.n_queries_de} DE) "
            f"on {result.n_pairs} new NL–DE pairs. Weights fitted on {result.training_pairs} new pairs of "
            f"{year - 2}–{year - 1} ({result.training_queries} organisations) and {result.validation_pairs} new pairs "
            f"of {year - 1} ({result.validation_queries} organisations), diversity chosen on the latter."
        )
        self.stdout.write(format_table(result))
        name, value = best_baseline(result)
        ours = result.rows["pipeline"]["recall@20"]
        gain = (ours / value - 1.0) if value else float("inf")
        verdict = "met" if gain >= TARGET_GAIN else "not met"
        self.stdout.write(
            f"recall@20: pipeline {ours:.4f} vs best baseline {name} {value:.4f} ({gain:+.1%}); "
            f"target +{TARGET_GAIN:.0%}: {verdict}. ({result.seconds:.1f} s)"
        )
