"""Precision and recall of the merge decision on a labelled set of record pairs built from real data.

Positive pairs (the same organisation written two ways):
- ROR: an organisation's display name against each of its other labels and aliases (other languages, older
  names); acronyms are counted separately because a bare acronym is not meant to merge on its own;
- CORDIS ↔ ROR: a CORDIS organisation against the ROR record with the same identity (the exact-match table).
Negative pairs (different organisations): every pair of distinct ROR organisations in one city.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .entity_resolution import MERGE, REVIEW, Candidate, city_key, compare
from .importers.cleaning import tidy_name

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class Tally:
    positives: int = 0
    negatives: int = 0
    merged_pos: int = 0
    merged_neg: int = 0
    review_pos: int = 0
    review_neg: int = 0
    false_merges: list = field(default_factory=list)
    missed: list = field(default_factory=list)

    def add(self, decision: str, positive: bool, a: Candidate, b: Candidate) -> None:
        if positive:
            self.positives += 1
            self.merged_pos += decision == MERGE
            self.review_pos += decision == REVIEW
            if decision != MERGE and len(self.missed) < 2000:
                self.missed.append((a.names[0], b.names[0], decision))
        else:
            self.negatives += 1
            self.merged_neg += decision == MERGE
            self.review_neg += decision == REVIEW
            if decision == MERGE:
                self.false_merges.append((a.names[0], b.names[0]))

    @property
    def precision(self) -> float:
        merged = self.merged_pos + self.merged_neg
        return self.merged_pos / merged if merged else 1.0

    @property
    def recall(self) -> float:
        return self.merged_pos / self.positives if self.positives else 0.0

    @property
    def recall_with_review(self) -> float:
        return (self.merged_pos + self.review_pos) / self.positives if self.positives else 0.0


def _ror_records(path: Path) -> list[dict]:
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
    return records


def evaluate(
    *,
    ror_path: Path = DATA_DIR / "ror_nl_de.jsonl.gz",
    cordis_path: Path = DATA_DIR / "cordis_organisations.csv.gz",
    matches_path: Path = DATA_DIR / "cordis_ror_exact_matches.csv.gz",
) -> dict[str, Tally]:
    records = [r for r in _ror_records(ror_path) if r.get("status", "active") == "active"]
    by_id = {r["id"]: r for r in records}
    results = {"ror_names": Tally(), "ror_acronyms": Tally(), "cordis_ror": Tally(), "negatives_same_city": Tally()}

    def candidate(name, record, key):
        return Candidate(key=key, names=[name], country=record.get("country_code", ""), city=record.get("city") or "")

    for record in records:
        display = record["name"]
        a = candidate(display, record, record["id"])
        for name in record.get("names") or []:
            value = name.get("value") or ""
            if not value or value == display:
                continue
            b = candidate(value, record, record["id"] + "#alt")
            tally = results["ror_acronyms"] if "acronym" in (name.get("types") or []) else results["ror_names"]
            tally.add(compare(a, b).decision, True, a, b)

    if cordis_path.exists() and matches_path.exists():
        with gzip.open(cordis_path, "rt", encoding="utf-8", newline="") as handle:
            cordis = {row["pic"]: row for row in csv.DictReader(handle)}
        with gzip.open(matches_path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                org, ror = cordis.get(row["pic"]), by_id.get(row["ror_id"])
                if not org or not ror or not org.get("name"):
                    continue
                a = Candidate(key=row["pic"], names=[tidy_name(org["name"])], country=org["country"], city=org["city"])
                names = [ror["name"], *[n["value"] for n in ror.get("names") or [] if n.get("value")]]
                b = Candidate(
                    key=ror["id"], names=names, country=ror.get("country_code", ""), city=ror.get("city") or ""
                )
                results["cordis_ror"].add(compare(a, b).decision, True, a, b)

    by_city = defaultdict(list)
    for record in records:
        by_city[(record.get("country_code"), city_key(record.get("city") or ""))].append(record)
    for (_country, city), group in by_city.items():
        if not city:
            continue
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                a = candidate(first["name"], first, first["id"])
                b = candidate(second["name"], second, second["id"])
                results["negatives_same_city"].add(compare(a, b).decision, False, a, b)
    return results


def combined(results: dict[str, Tally], parts=("ror_names", "cordis_ror", "negatives_same_city")) -> Tally:
    total = Tally()
    for part in parts:
        tally = results[part]
        for name in ["positives", "negatives", "merged_pos", "merged_neg", "review_pos", "review_neg"]:
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.false_merges += tally.false_merges
        total.missed += tally.missed
    return total
