"""Parse Research Organization Registry records (JSON Lines, ROR schema v2 as trimmed in directory/data)."""

from __future__ import annotations

import json

from ..entity_resolution import website_domain
from ..models import Organisation
from ..regions import region_for
from .base import ImportReport, OrganisationRecord, decoded_lines
from .cleaning import legal_form, parse_country, parse_float, parse_ror, parse_website, truncate

ROR_TYPES = [
    ("education", Organisation.Type.UNIVERSITY),
    ("facility", Organisation.Type.RESEARCH),
    ("healthcare", Organisation.Type.RESEARCH),
    ("government", Organisation.Type.PUBLIC),
    ("company", Organisation.Type.COMPANY),
    ("nonprofit", Organisation.Type.OTHER),
    ("funder", Organisation.Type.OTHER),
    ("archive", Organisation.Type.OTHER),
    ("other", Organisation.Type.OTHER),
]
LANGUAGES = {"en", "nl", "de"}


def _type(types: list[str]) -> str:
    for ror_type, ours in ROR_TYPES:
        if ror_type in types:
            return ours
    return Organisation.Type.OTHER


def parse(path, report: ImportReport, *, include_inactive: bool = False):
    seen: dict[str, int] = {}
    for line, text in enumerate(decoded_lines(path, report), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            report.reject(line, "json", f"not valid JSON: {error.msg} (column {error.colno})")
            continue
        if not isinstance(data, dict):
            report.reject(line, "json", "a line must hold one JSON object")
            continue
        try:
            ror_id = parse_ror(str(data.get("id", "")))
        except ValueError as error:
            report.reject(line, "id", str(error))
            continue
        if ror_id in seen:
            report.reject(line, "id", f"duplicate row: {ror_id} already on line {seen[ror_id]}")
            continue
        seen[ror_id] = line
        status = data.get("status") or "active"
        if status != "active" and not include_inactive:
            report.reject(line, "status", f"ROR record is {status}")
            continue
        try:
            country = parse_country(str(data.get("country_code") or ""))
        except ValueError as error:
            report.reject(line, "country_code", str(error))
            continue
        names = [n for n in data.get("names") or [] if isinstance(n, dict) and n.get("value")]
        display = str(data.get("name") or "").strip()
        if not display:
            display = next((n["value"] for n in names if "ror_display" in (n.get("types") or [])), "")
        if not display:
            report.reject(line, "name", "no name")
            continue
        fields: dict = {
            "name": truncate(display, 300),
            "country": country,
            "type": _type(data.get("types") or []),
        }
        acronyms = [n["value"] for n in names if "acronym" in (n.get("types") or [])]
        if acronyms:
            fields["short_name"] = truncate(acronyms[0], 120)
        form = legal_form(display)
        if form:
            fields["legal_form"] = form
        if data.get("city"):
            fields["city"] = truncate(str(data["city"]), 120)
        for key, target, low, high in [("lat", "latitude", -90, 90), ("lng", "longitude", -180, 180)]:
            try:
                value = parse_float(str(data.get(key) or ""), low=low, high=high)
            except ValueError as error:
                report.warn(line, key, f"{error}; value dropped")
                continue
            if value is not None:
                fields[target] = value
        try:
            website = parse_website(str(data.get("website") or ""))
        except ValueError as error:
            report.warn(line, "website", f"{error}; value dropped")
            website = ""
        if website:
            fields["website"] = website
        region = region_for(
            country=country, city=data.get("city") or "", subdivision_code=data.get("subdivision_code") or ""
        )
        if region:
            fields["region"] = region
        aliases = []
        for name in names:
            value = " ".join(str(name["value"]).split())
            if value != display:
                language = str(name.get("lang") or "")[:8]
                aliases.append((truncate(value, 300), language))
        domains = {website_domain(domain) for domain in data.get("domains") or [] if isinstance(domain, str)}
        if website:
            domains.add(website_domain(website))
        domains.discard("")
        yield OrganisationRecord(
            line=line,
            source="ror",
            fields=fields,
            identifiers=[("ror", ror_id)],
            aliases=aliases,
            domains=domains,
        )
