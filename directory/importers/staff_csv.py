"""Parse the plain CSV format staff fill in (documented in README.md, "Directory data").

Columns (header row, UTF-8, comma-separated; only `name` and `country` are required):
name, country, legal_form, short_name, type, sme, city, postcode, street, latitude, longitude, website, email,
phone, pic, ror, vat, kvk, hrb, aliases, description_en, description_nl, description_de, clusters, concepts.
`aliases`, `clusters` and `concepts` hold several values separated by semicolons.
"""

from __future__ import annotations

import re

from ..clusters import CLUSTER_SLUGS
from ..entity_resolution import website_domain
from ..models import Organisation
from ..regions import region_for
from .base import ImportReport, OrganisationRecord, read_csv
from .cleaning import (
    legal_form,
    parse_bool,
    parse_country,
    parse_email,
    parse_float,
    parse_pic,
    parse_ror,
    parse_website,
    truncate,
)

COLUMNS = [
    "name",
    "country",
    "legal_form",
    "short_name",
    "type",
    "sme",
    "city",
    "postcode",
    "street",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "pic",
    "ror",
    "vat",
    "kvk",
    "hrb",
    "aliases",
    "description_en",
    "description_nl",
    "description_de",
    "clusters",
    "concepts",
]
REQUIRED = ["name", "country"]
TYPES = {choice for choice, _label in Organisation.Type.choices}


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def parse(path, report: ImportReport):
    seen: dict[tuple, int] = {}
    for line, row in read_csv(path, report, required=REQUIRED):
        unknown = [column for column in row if column not in COLUMNS]
        if unknown and line == 2:
            report.warn(1, "header", f"unknown columns ignored: {', '.join(unknown)}")
        name = " ".join(row.get("name", "").split())
        if not name:
            report.reject(line, "name", "required")
            continue
        if len(name) > 300:
            report.reject(line, "name", "longer than 300 characters")
            continue
        try:
            country = parse_country(row.get("country", ""))
        except ValueError as error:
            report.reject(line, "country", str(error))
            continue
        identifiers = []
        bad_identifier = False
        for scheme, parser in [("pic", parse_pic), ("ror", parse_ror), ("vat", None), ("kvk", None), ("hrb", None)]:
            value = row.get(scheme, "")
            if not value:
                continue
            try:
                value = parser(value) if parser else re.sub(r"\s+", "", value).upper()
            except ValueError as error:
                report.reject(line, scheme, str(error))
                bad_identifier = True
                break
            if scheme == "kvk" and not re.fullmatch(r"\d{8}", value):
                report.reject(line, scheme, f"not an 8-digit KvK number: {value!r}")
                bad_identifier = True
                break
            identifiers.append((scheme, value[:200]))
        if bad_identifier:
            continue
        key = tuple(sorted(identifiers)) or (name.lower(), country, row.get("city", "").lower())
        if key in seen:
            report.reject(line, "row", f"duplicate row: same organisation as line {seen[key]}")
            continue
        seen[key] = line

        fields: dict = {"name": name, "country": country}
        fields["legal_form"] = truncate(row.get("legal_form", ""), 60) or legal_form(name)
        for column, length in [("short_name", 120), ("city", 120), ("postcode", 20), ("street", 200), ("phone", 40)]:
            if row.get(column):
                fields[column] = truncate(row[column], length)
        type_ = row.get("type", "").lower()
        if type_:
            if type_ in TYPES:
                fields["type"] = type_
            else:
                report.warn(line, "type", f"unknown type {type_!r} (use one of {', '.join(sorted(TYPES))}); ignored")
        for column, parser in [
            ("sme", parse_bool),
            ("latitude", lambda v: parse_float(v, low=-90, high=90)),
            ("longitude", lambda v: parse_float(v, low=-180, high=180)),
            ("website", parse_website),
            ("email", parse_email),
        ]:
            try:
                value = parser(row.get(column, ""))
            except ValueError as error:
                report.warn(line, column, f"{error}; value dropped")
                continue
            if value is not None and value != "":
                fields[column] = value
        if fields.get("sme") and "type" not in fields:
            fields["type"] = Organisation.Type.SME
        region = region_for(country=country, city=fields.get("city", ""))
        if region:
            fields["region"] = region
        descriptions = [
            (language, row[f"description_{language}"])
            for language in ("en", "nl", "de")
            if row.get(f"description_{language}")
        ]
        clusters = []
        for cluster in _split(row.get("clusters", "")):
            if cluster in CLUSTER_SLUGS:
                clusters.append(cluster)
            else:
                report.warn(line, "clusters", f"unknown cluster {cluster!r} (use {', '.join(CLUSTER_SLUGS)}); ignored")
        domains = {website_domain(fields["website"])} if fields.get("website") else set()
        yield OrganisationRecord(
            line=line,
            source="csv",
            fields=fields,
            identifiers=identifiers,
            aliases=[(truncate(alias, 300), "") for alias in _split(row.get("aliases", ""))],
            descriptions=descriptions,
            domains=domains,
            clusters=clusters,
            concepts=_split(row.get("concepts", "")),
        )
