"""Value cleaning shared by the parsers. Each function returns the clean value or raises ValueError with a reason."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from ..entity_resolution import split_legal_form

TRUE = {"true", "1", "yes", "y", "ja", "j", "t"}
FALSE = {"false", "0", "no", "n", "nee", "nein", "f"}

# Words kept in upper case when a name in capitals is tidied ("TNO", "KG").
_KEEP_UPPER = {"tno", "kg", "ag", "se", "nv", "bv", "ug", "ohg", "eg", "rwth", "tu", "dlr", "kit", "ict", "it", "ai"}
_LOWER = {
    "voor",
    "van",
    "der",
    "den",
    "de",
    "het",
    "en",
    "te",
    "für",
    "fur",
    "und",
    "zur",
    "zum",
    "des",
    "am",
    "an",
    "im",
    "in",
    "of",
    "and",
    "the",
    "for",
    "mbh",
    "ggmbh",
}
_SPECIAL = {
    "gmbh": "GmbH",
    "ggmbh": "gGmbH",
    "mbh": "mbH",
    "e.v.": "e.V.",
    "ev": "e.V.",
    "b.v.": "B.V.",
    "n.v.": "N.V.",
}


def tidy_name(name: str) -> str:
    """Tidy a name written in capitals ("UNIVERSITEIT TWENTE" → "Universiteit Twente"); others stay as they are."""
    name = " ".join((name or "").split())
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) / len(letters) < 0.9:
        return name
    words = []
    for index, word in enumerate(name.split(" ")):
        lower = word.lower()
        bare = lower.strip(".,()&")
        if lower in _SPECIAL:
            words.append(_SPECIAL[lower])
        elif bare in _KEEP_UPPER or (len(bare) <= 3 and not re.search(r"[aeiouyäöü]", bare)):
            words.append(word.upper())
        elif index and bare in _LOWER:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
    return " ".join(words)


def legal_form(name: str) -> str:
    return split_legal_form(name).legal_form


def parse_bool(value: str) -> bool | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def parse_float(value: str, *, low: float, high: float) -> float | None:
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None
    if not (low <= number <= high):
        raise ValueError(f"out of range [{low}, {high}]: {value}")
    return number


def parse_decimal(value: str) -> Decimal | None:
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    if "," in value and "." not in value:
        value = value.replace(",", ".")  # decimal comma: "3998796,25"
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise ValueError(f"not a plausible amount: {value}")
    return number.quantize(Decimal("0.01"))


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def parse_website(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value.lstrip("/")
    try:
        _url_validator(value)
    except ValidationError:
        raise ValueError(f"not a web address: {value!r}") from None
    if len(value) > 300:
        raise ValueError("web address longer than 300 characters")
    return value


def parse_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        _email_validator(value)
    except ValidationError:
        raise ValueError(f"not an e-mail address: {value!r}") from None
    if len(value) > 254:
        raise ValueError("e-mail address longer than 254 characters")
    return value


def parse_country(value: str) -> str:
    value = (value or "").strip().upper()
    value = {"UK": "GB", "EL": "GR"}.get(value, value)
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError(f"not a two-letter country code: {value!r}")
    return value


def parse_pic(value: str) -> str:
    value = (value or "").strip().removeprefix("pic:")
    if not re.fullmatch(r"\d{9}", value):
        raise ValueError(f"not a 9-digit PIC: {value!r}")
    return value


def parse_ror(value: str) -> str:
    value = (value or "").strip()
    value = re.sub(r"^(https?://)?(www\.)?ror\.org/", "", value)
    if not re.fullmatch(r"0[a-z0-9]{6}[0-9]{2}", value):
        raise ValueError(f"not a ROR id: {value!r}")
    return value


def truncate(value: str, length: int) -> str:
    value = (value or "").strip()
    return value if len(value) <= length else value[: length - 1] + "…"
