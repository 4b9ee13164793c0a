"""The concept taxonomy: load directory/data/concepts.json into Concept rows, and serve synonym groups to search."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from .clusters import CLUSTER_SLUGS
from .models import LANGUAGE_CODES, Concept

CONCEPTS_FILE = Path(__file__).resolve().parent / "data" / "concepts.json"


class TaxonomyError(ValueError):
    pass


def read_taxonomy(path: Path | str = CONCEPTS_FILE) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TaxonomyError(f"cannot read {path}: {error}") from error
    if isinstance(data, list):
        data = {"groups": [], "concepts": data}
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise TaxonomyError(f"{path}: expected an object with a 'concepts' list")
    return data


def _terms(value) -> str:
    if isinstance(value, str):
        value = [value]
    return "\n".join(str(term).strip() for term in value or [] if str(term).strip())


def _concept_values(item: dict) -> dict:
    labels = item.get("labels") or {}
    synonyms = item.get("synonyms") or {}
    missing = [language for language in LANGUAGE_CODES if not labels.get(language)]
    if missing:
        raise TaxonomyError(f"concept {item.get('slug')!r}: no label in {', '.join(missing)}")
    cluster = item.get("cluster") or ""
    if cluster and cluster not in CLUSTER_SLUGS:
        raise TaxonomyError(f"concept {item.get('slug')!r}: unknown cluster {cluster!r}")
    group = item.get("group") or ""
    if len(group) > 40:
        raise TaxonomyError(f"concept {item.get('slug')!r}: group slug longer than 40 characters")
    return {
        "kind": Concept.Kind.KET if group and not cluster else Concept.Kind.CONCEPT,
        "cluster": cluster,
        "group": group,
        **{f"label_{language}": str(labels[language])[:150] for language in LANGUAGE_CODES},
        **{f"synonyms_{language}": _terms(synonyms.get(language)) for language in LANGUAGE_CODES},
        "keywords": _terms(item.get("keywords")),
    }


@transaction.atomic
def taxonomy_load(*, path: Path | str = CONCEPTS_FILE) -> dict[str, int]:
    """Create or update Concept rows from the taxonomy file. Idempotent; concepts edited by staff are left alone.

    Key enabling technology groups without a concept of their own become concepts too, so every group can be
    filtered on.
    """
    data = read_taxonomy(path)
    items: list[dict] = []
    slugs = set()
    for item in data["concepts"]:
        slug = str(item.get("slug") or "").strip()
        if not slug or slug in slugs or len(slug) > 100:
            raise TaxonomyError(f"missing, duplicate or overlong concept slug {slug!r}")
        slugs.add(slug)
        items.append({**item, "slug": slug})
    for group in data.get("groups") or []:
        if group.get("slug") and group["slug"] not in slugs:
            items.append({"slug": group["slug"], "group": group["slug"], "labels": group.get("labels") or {}})
            slugs.add(group["slug"])

    existing = {concept.slug: concept for concept in Concept.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept staff edits": 0}
    for item in items:
        values = _concept_values(item)
        concept = existing.get(item["slug"])
        if concept is None:
            existing[item["slug"]] = Concept.objects.create(slug=item["slug"], **values)
            counts["created"] += 1
        elif concept.edited_by_staff:
            counts["kept staff edits"] += 1
        elif any(getattr(concept, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(concept, key, value)
            concept.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    # broader links, once every concept exists
    for item in items:
        concept = existing[item["slug"]]
        if concept.edited_by_staff:
            continue
        broader = existing.get(item.get("broader") or "")
        broader_id = broader.pk if broader and broader.pk != concept.pk else None
        if concept.broader_id != broader_id:
            concept.broader_id = broader_id
            concept.save(update_fields=["broader"])
    return counts


def synonym_groups() -> list[list[str]]:
    """For each concept, all its labels and synonyms in en, nl and de (the search engine's synonym groups)."""
    return [concept.all_terms() for concept in Concept.objects.order_by("slug")]
