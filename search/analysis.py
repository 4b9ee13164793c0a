"""Text analysis shared by both backends: folding, umlaut spellings, compounds, synonym groups and geo cells.

The embedded backend applies these functions in Python around tantivy's analyzers; the Elasticsearch backend
turns the same word list and synonym groups into analyzer settings, so both backends agree on what matches.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# German spellings without umlauts (Muenster for Münster) and the ß.
UMLAUT_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_UMLAUT_RE = re.compile("[äöüß]")
_SPELLED_UMLAUT_RE = re.compile("(?<=[a-z])(ae|oe|ue)")

# Word parts that make up German and Dutch technical compounds (Wasserstofftechnologie, Batterierecycling,
# waterstofopslag, zonnecel). Taxonomy labels are added to these at run time; both backends use the same list.
COMPOUND_PARTS = [
    "wasserstoff",
    "waterstof",
    "brennstoff",
    "brennstoffzelle",
    "brandstof",
    "brandstofcel",
    "elektrolyse",
    "elektrolyseur",
    "elektrolyser",
    "batterie",
    "batterij",
    "batterien",
    "accu",
    "akku",
    "speicher",
    "opslag",
    "energie",
    "energy",
    "strom",
    "stroom",
    "netz",
    "netzwerk",
    "technologie",
    "technologien",
    "techniek",
    "technik",
    "recycling",
    "kreislauf",
    "kreislaufwirtschaft",
    "circulair",
    "wirtschaft",
    "economie",
    "kunststof",
    "kunststoff",
    "plastik",
    "abfall",
    "afval",
    "rohstoff",
    "grondstof",
    "grondstoffen",
    "material",
    "materialen",
    "materiaal",
    "werkstoff",
    "werkstoffe",
    "sensor",
    "sensoren",
    "robot",
    "roboter",
    "robotik",
    "robotica",
    "automatisierung",
    "automatisering",
    "fertigung",
    "productie",
    "produktion",
    "maschine",
    "machine",
    "maschinenbau",
    "anlagen",
    "anlage",
    "fabrik",
    "fabriek",
    "industrie",
    "medizin",
    "medizintechnik",
    "medisch",
    "medizinische",
    "gezondheid",
    "gesundheit",
    "zorg",
    "pflege",
    "klinik",
    "kliniek",
    "diagnostik",
    "diagnostiek",
    "therapie",
    "labor",
    "laboratorium",
    "forschung",
    "onderzoek",
    "institut",
    "instituut",
    "zentrum",
    "centrum",
    "hochschule",
    "hogeschool",
    "universitaet",
    "universiteit",
    "solar",
    "zonne",
    "zonnecel",
    "zonnepaneel",
    "photovoltaik",
    "wind",
    "windenergie",
    "warmte",
    "waerme",
    "kaelte",
    "koeling",
    "chemie",
    "chemische",
    "lithium",
    "natrium",
    "zellen",
    "zelle",
    "cellen",
    "membran",
    "membraan",
    "katalysator",
    "katalyse",
    "elektro",
    "elektrisch",
    "fahrzeug",
    "voertuig",
    "mobilitaet",
    "mobiliteit",
    "logistik",
    "logistiek",
    "transport",
    "wasser",
    "water",
    "lucht",
    "luft",
    "umwelt",
    "milieu",
    "klima",
    "klimaat",
    "textil",
    "textiel",
    "papier",
    "glas",
    "metall",
    "metaal",
    "stahl",
    "staal",
    "holz",
    "hout",
    "bio",
    "biobased",
    "biomasse",
    "biomassa",
    "software",
    "daten",
    "data",
    "digital",
    "digitale",
    "kuenstliche",
    "intelligenz",
    "printing",
    "druck",
    "drucker",
    "laser",
    "optik",
    "optica",
    "implantat",
    "implantaat",
    "prothese",
    "pharma",
    "biotech",
    "biotechnologie",
    "lebensmittel",
    "voedsel",
    "agrar",
    "landbouw",
]

_LINKING = ("", "s", "es", "en", "n", "e")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Latin letters with diacritics → plain letters, precomputed (str.translate is far faster than NFKD per call).
_FOLD_TABLE = {cp: _strip_marks(chr(cp)) for cp in range(0x80, 0x250) if _strip_marks(chr(cp)) != chr(cp)}
_FOLD_TABLE.update({ord("ß"): "ss", ord("ł"): "l", ord("ø"): "o", ord("đ"): "d", ord("æ"): "ae", ord("œ"): "oe"})


def fold(text: str) -> str:
    """Lowercase and strip diacritics: "Münster" → "munster", "Straße" → "strasse"."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.translate(_FOLD_TABLE)
    return text if text.isascii() else _strip_marks(text)


def umlaut_spelling(word: str) -> str:
    """The German spelling without umlauts: "münster" → "muenster"."""
    return _UMLAUT_RE.sub(lambda m: UMLAUT_SPELLINGS[m.group()], word.lower())


def collapse_spelled_umlauts(word: str) -> str:
    """Undo a spelled-out umlaut: "muenster" → "munster" (used at query time only, as an extra variant)."""
    return _SPELLED_UMLAUT_RE.sub(lambda m: m.group()[0], word)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def umlaut_variants(text: str) -> str:
    """Extra index text so "Muenster" finds "Münster": the ae/oe/ue spelling of every umlaut word."""
    extra = {umlaut_spelling(w) for w in words(text) if _UMLAUT_RE.search(w)}
    return " ".join(sorted(extra))


def query_variants(word: str) -> set[str]:
    """Folded spellings a query word may match: itself, ue-spelling of umlauts, and u for a typed ue."""
    lowered = word.lower()
    variants = {fold(lowered), fold(umlaut_spelling(lowered))}
    variants.add(collapse_spelled_umlauts(fold(lowered)))
    return {v for v in variants if v}


class Lexicon:
    """Synonym groups and compound word parts, folded once."""

    def __init__(self, synonym_groups: Iterable[Iterable[str]] = ()):
        self.synonym_groups: list[list[str]] = []
        for group in synonym_groups:
            labels = list(dict.fromkeys(label.strip() for label in group if label and label.strip()))
            if len(labels) > 1:
                self.synonym_groups.append(labels)
        # folded label (as a tuple of words) → indexes of its groups
        self._label_index: dict[tuple[str, ...], set[int]] = {}
        for i, group in enumerate(self.synonym_groups):
            for label in group:
                key = tuple(fold(w) for w in words(label))
                if key:
                    self._label_index.setdefault(key, set()).add(i)
        self.max_label_words = max((len(k) for k in self._label_index), default=1)
        parts = {fold(p) for p in COMPOUND_PARTS}
        for group in self.synonym_groups:
            for label in group:
                parts.update(fold(w) for w in words(label) if len(w) >= 4)
        self.compound_parts = frozenset(p for p in parts if 4 <= len(p) <= 24)
        self._decompound = lru_cache(maxsize=200_000)(self._decompound_uncached)

    # Compounds -----------------------------------------------------------------------------------------------
    def _decompound_uncached(self, word: str) -> tuple[str, ...]:
        """Dictionary parts found inside a long word (like Elasticsearch's dictionary_decompounder)."""
        if len(word) < 7:
            return ()
        found = []
        n = len(word)
        for start in range(n):
            for end in range(min(n, start + 24), start + 3, -1):
                if end - start == n:
                    continue
                piece = word[start:end]
                if piece in self.compound_parts:
                    found.append(piece)
                    break
        return tuple(dict.fromkeys(found))

    def decompound(self, word: str) -> tuple[str, ...]:
        return self._decompound(word)

    def compound_text(self, text: str) -> str:
        """The compound parts of every long word in a folded text, as extra index text."""
        out: list[str] = []
        for word in set(words(text)):
            out.extend(self.decompound(word))
        return " ".join(out)

    # Synonyms ------------------------------------------------------------------------------------------------
    def expand(self, text: str) -> list[str]:
        """Labels from every synonym group a phrase of the query belongs to (excluding the phrase itself)."""
        tokens = [fold(w) for w in words(text)]
        hits: list[str] = []
        seen_groups: set[int] = set()
        for size in range(min(self.max_label_words, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                key = tuple(tokens[start : start + size])
                for group in self._label_index.get(key, ()):
                    if group in seen_groups:
                        continue
                    seen_groups.add(group)
                    phrase = " ".join(key)
                    hits.extend(label for label in self.synonym_groups[group] if fold(label) != phrase)
        return list(dict.fromkeys(hits))

    def synonym_rules(self) -> list[str]:
        """Solr-format equivalence rules for Elasticsearch's synonym_graph filter."""
        rules = []
        for group in self.synonym_groups:
            cleaned = [" ".join(fold(w) for w in words(label)) for label in group]
            cleaned = [c for c in dict.fromkeys(cleaned) if c]
            if len(cleaned) > 1:
                rules.append(", ".join(cleaned))
        return rules


def configured_synonym_groups() -> list[list[str]]:
    """Synonym groups from settings.SEARCH_SYNONYM_PROVIDER, or none when it is unset or not available yet."""
    path = getattr(settings, "SEARCH_SYNONYM_PROVIDER", "")
    if not path:
        return []
    try:
        provider = import_string(path)
    except ImportError:
        logger.info("Search: synonym provider %s is not available; searching without synonyms", path)
        return []
    try:
        return [[str(label) for label in group] for group in provider()]
    except Exception:  # the taxonomy is optional for searching: never fail a search over it
        logger.exception("Search: synonym provider %s failed; searching without synonyms", path)
        return []


def region_prefixes(code: str) -> list[str]:
    """A NUTS code and the codes of the regions containing it: "NL213" → ["NL2", "NL21", "NL213"].

    Filtering on these makes a region filter include its subregions (NL21 Overijssel finds NL213 Twente).
    """
    code = (code or "").strip()
    if len(code) <= 3:
        return [code] if code else []
    return [code[:i] for i in range(3, len(code) + 1)]


# Geo -----------------------------------------------------------------------------------------------------------
EARTH_RADIUS_KM = 6371.0088
# Grid cells at six levels, each a quarter the size of the one above (1° down to about 100 m).
CELL_SIZES = (1.0, 0.25, 0.0625, 0.015625, 0.00390625, 0.0009765625)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def cell_key(level: int, row: int, col: int) -> str:
    return f"{level}:{row}:{col}"


def cells_for_point(lat: float, lon: float) -> list[str]:
    return [cell_key(level, math.floor(lat / size), math.floor(lon / size)) for level, size in enumerate(CELL_SIZES)]


def _cell_min_max_km(lat: float, lon: float, kx: float, level: int, row: int, col: int) -> tuple[float, float]:
    """Nearest and farthest distance from the point to a cell, on a local flat projection (fine at these scales)."""
    size = CELL_SIZES[level]
    south, west = row * size, col * size
    y0, y1 = (south - lat) * KM_PER_DEGREE_LAT, (south + size - lat) * KM_PER_DEGREE_LAT
    x0, x1 = (west - lon) * kx, (west + size - lon) * kx
    dy = 0.0 if y0 <= 0 <= y1 else min(abs(y0), abs(y1))
    dx = 0.0 if x0 <= 0 <= x1 else min(abs(x0), abs(x1))
    north, east = south + size, west + size
    farthest = max(haversine_km(lat, lon, a, b) for a in (south, north) for b in (west, east))
    return math.hypot(dx, dy) * 0.98, farthest  # the flat nearest distance only prunes, so keep it conservative


KM_PER_DEGREE_LAT = 111.2


@lru_cache(maxsize=2048)
def _cover_circle(lat: float, lon: float, radius_km: float) -> tuple[str, ...]:
    kx = KM_PER_DEGREE_LAT * max(1e-6, math.cos(math.radians(lat)))
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / kx
    size0 = CELL_SIZES[0]
    rows = range(math.floor((lat - dlat) / size0), math.floor((lat + dlat) / size0) + 1)
    cols = range(math.floor((lon - dlon) / size0), math.floor((lon + dlon) / size0) + 1)
    target_km = max(radius_km / 40.0, 0.1)
    result: list[str] = []
    stack = [(0, r, c) for r in rows for c in cols]
    while stack:
        level, row, col = stack.pop()
        nearest, farthest = _cell_min_max_km(lat, lon, kx, level, row, col)
        if nearest > radius_km:
            continue
        if farthest <= radius_km:
            result.append(cell_key(level, row, col))
            continue
        size = CELL_SIZES[level]
        if level == len(CELL_SIZES) - 1 or size * kx <= target_km:
            if haversine_km(lat, lon, (row + 0.5) * size, (col + 0.5) * size) <= radius_km:
                result.append(cell_key(level, row, col))
            continue
        factor = round(size / CELL_SIZES[level + 1])
        for dr in range(factor):
            for dc in range(factor):
                stack.append((level + 1, row * factor + dr, col * factor + dc))
    return tuple(result)


def cover_circle(lat: float, lon: float, radius_km: float) -> list[str]:
    """Grid cells whose union approximates the circle: cells fully inside, plus edge cells whose centre is inside.

    Edge cells are refined until they are at most 2.5 % of the radius across (or the finest level, ~100 m), so
    the edge of the filter is exact to about one per cent of the radius. Results are cached per circle.
    """
    return list(_cover_circle(round(lat, 5), round(lon, 5), round(max(radius_km, 0.01), 3)))
