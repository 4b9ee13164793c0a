"""Entity resolution: decide whether two organisation records describe the same organisation.

Plain Python over plain data (no ORM), so it can be tested and evaluated on its own:

- `normalise_name` folds case and diacritics, strips legal forms (B.V., GmbH & Co. KG, e.V., Stichting ...) and maps
  the many words for "university" and friends onto one token;
- `Candidate` is what the matcher knows about a record (names incl. aliases, country, city, identifiers, domains);
- `ResolutionIndex` blocks candidates by country and city (plus an exact-name block across cities) and
  `ResolutionIndex.match` returns the best `Match` with a decision: MERGE (certain), REVIEW (uncertain, goes to
  the staff queue) or NONE.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from .regions import place_key

MERGE = "merge"
REVIEW = "review"
NONE = "none"

# Thresholds on the 0-100 name similarity (calibrated with `manage.py evaluate_entity_resolution`).
MERGE_THRESHOLD = 95.0
REVIEW_THRESHOLD = 85.0
DOMAIN_CONFIRMED_THRESHOLD = 85.0
DOMAIN_REVIEW_THRESHOLD = 70.0
# Domains shared by many distinct organisations (ministries, institutes of one society) confirm nothing.
SHARED_DOMAINS = {
    "bund.de",
    "bayern.de",
    "nrw.de",
    "niedersachsen.de",
    "sachsen.de",
    "berlin.de",
    "hamburg.de",
    "overheid.nl",
    "rijksoverheid.nl",
    "europa.eu",
    "fraunhofer.de",
    "mpg.de",
    "helmholtz.de",
    "leibniz-gemeinschaft.de",
    "tno.nl",
    "knaw.nl",
    "nwo.nl",
    "dlr.de",
    "google.com",
    "github.io",
    "wordpress.com",
}

# Legal forms, longest first, as folded token sequences. The display form is what `legal_form` stores.
_LEGAL_FORMS = [
    ("gmbh co kgaa", "GmbH & Co. KGaA"),
    ("gmbh co kg", "GmbH & Co. KG"),
    ("gmbh und co kg", "GmbH & Co. KG"),
    ("ug haftungsbeschrankt", "UG (haftungsbeschränkt)"),
    ("ag co kg", "AG & Co. KG"),
    ("se co kg", "SE & Co. KG"),
    ("ggmbh", "gGmbH"),
    ("gmbh", "GmbH"),
    ("mbh", "mbH"),
    ("kgaa", "KGaA"),
    ("ohg", "OHG"),
    ("kg", "KG"),
    ("ag", "AG"),
    ("se", "SE"),
    ("ug", "UG"),
    ("gbr", "GbR"),
    ("eg", "eG"),
    ("e v", "e.V."),
    ("ev", "e.V."),
    ("b v", "B.V."),
    ("bv", "B.V."),
    ("n v", "N.V."),
    ("nv", "N.V."),
    ("v o f", "V.O.F."),
    ("vof", "V.O.F."),
    ("c v", "C.V."),
    ("ltd", "Ltd"),
    ("limited", "Ltd"),
    ("inc", "Inc."),
    ("llc", "LLC"),
    ("plc", "plc"),
    ("sa", "S.A."),
    ("sarl", "S.à r.l."),
]
_LEGAL_FORM_PATTERNS = [(form.split(), display) for form, display in _LEGAL_FORMS]
# Leading words that are a legal form ("Stichting Wageningen Research", "Vereniging ...").
_LEADING_FORMS = {"stichting": "Stichting", "vereniging": "Vereniging", "cooperatie": "Coöperatie"}

# Words with the same meaning in en/nl/de, mapped onto one token.
_SYNONYMS = {
    "university": "univ",
    "universiteit": "univ",
    "universitat": "univ",
    "universitaet": "univ",
    "universitatsklinikum": "univklinikum",
    "universitair": "univ",
    "univ": "univ",
    "uni": "univ",
    "universidad": "univ",
    "hogeschool": "hs",
    "hochschule": "hs",
    "fachhochschule": "hs",
    "fh": "hs",
    "technische": "tech",
    "technical": "tech",
    "technology": "tech",
    "technologie": "tech",
    "technik": "tech",
    "techniek": "tech",
    "tu": "tech univ",
    "medical": "med",
    "medisch": "med",
    "medizinische": "med",
    "medizin": "med",
    "centre": "center",
    "centrum": "center",
    "zentrum": "center",
    "institute": "inst",
    "instituut": "inst",
    "institut": "inst",
    "research": "research",
    "onderzoek": "research",
    "forschung": "research",
    "forschungszentrum": "research center",
    "foundation": "foundation",
    "stiftung": "foundation",
    "hospital": "hospital",
    "ziekenhuis": "hospital",
    "klinikum": "hospital",
    "krankenhaus": "hospital",
    "sciences": "science",
    "wissenschaften": "science",
    "wetenschappen": "science",
    "applied": "applied",
    "angewandte": "applied",
    "toegepaste": "applied",
    "netherlands": "xnl",
    "nederland": "xnl",
    "nederlandse": "xnl",
    "dutch": "xnl",
    "niederlande": "xnl",
    "niederlandische": "xnl",
    "germany": "xde",
    "deutschland": "xde",
    "deutsche": "xde",
    "deutsches": "xde",
    "deutscher": "xde",
    "german": "xde",
    "academy": "academy",
    "akademie": "academy",
    "academie": "academy",
    "gesellschaft": "society",
    "genootschap": "society",
    "bibliothek": "library",
    "bibliotheek": "library",
    "schule": "school",
    "kunste": "arts",
    "kunsten": "arts",
    "freie": "free",
    "vrije": "free",
    "katholische": "catholic",
    "katholieke": "catholic",
    "evangelische": "protestant",
    "agentur": "agency",
    "agentschap": "agency",
    "verband": "association",
    "vereniging": "association",
    "ministerium": "ministry",
    "ministerie": "ministry",
    "umwelt": "environment",
    "milieu": "environment",
    "environmental": "environment",
    "energie": "energy",
    "wasser": "water",
    "gesundheit": "health",
    "gezondheid": "health",
    "medicine": "med",
    "geneeskunde": "med",
    "mathematik": "math",
    "mathematics": "math",
    "mathematical": "math",
    "mathematisches": "math",
    "wiskunde": "math",
    "physik": "physics",
    "natuurkunde": "physics",
    "chemie": "chemistry",
    "scheikunde": "chemistry",
    "biologie": "biology",
    "nationaal": "national",
    "nationale": "national",
    "europaisches": "european",
    "europaische": "european",
    "europese": "european",
    "internationaal": "international",
    "internationale": "international",
    "munich": "munchen",
    "cologne": "koln",
    "nuremberg": "nurnberg",
    "brunswick": "braunschweig",
    "hanover": "hannover",
    "hague": "den haag",
    "gravenhage": "den haag",
}
_STOPWORDS = {
    "of",
    "the",
    "and",
    "for",
    "in",
    "at",
    "van",
    "der",
    "de",
    "het",
    "voor",
    "en",
    "te",
    "fur",
    "und",
    "zur",
    "zum",
    "zu",
    "am",
    "an",
    "den",
    "die",
    "das",
    "des",
    "im",
}


_COUNTRY_QUALIFIER = re.compile(r"\((the )?(netherlands|nederland|germany|deutschland|nl|de)\)\s*$", re.IGNORECASE)
# City names in other languages, for blocking ("Munich" and "München" are one block).
_CITY_SYNONYMS = {
    "munich": "munchen",
    "cologne": "koln",
    "hanover": "hannover",
    "nuremberg": "nurnberg",
    "brunswick": "braunschweig",
    "the hague": "den haag",
    "s gravenhage": "den haag",
    "frankfurt am main": "frankfurt",
    "frankfurt main": "frankfurt",
    "freiburg im breisgau": "freiburg",
    "freiburg i br": "freiburg",
    "halle saale": "halle",
    "aix la chapelle": "aachen",
    "nimwegen": "nijmegen",
}


def city_key(city: str) -> str:
    key = place_key(city)
    return _CITY_SYNONYMS.get(key, key)


def fold(text: str) -> str:
    """Lower case, no diacritics, "ß" → "ss", "ae/oe/ue" → "a/o/u", "&" → " and ", punctuation → spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("ß", "ss").replace("&", " and ").replace("+", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # German names written without umlauts ("Universitaet Muenchen") fold like those written with them
    text = re.sub(r"(?<=[a-z])(ae|oe|ue)", lambda m: m.group(1)[0], text)
    return " ".join(text.split())


@dataclass(frozen=True)
class NormalisedName:
    core: str
    legal_form: str


def split_legal_form(name: str) -> NormalisedName:
    """Separate the legal form from a (folded) name: "365FarmNet Group GmbH & Co. KG" → ("365farmnet group", ...)."""
    name = _COUNTRY_QUALIFIER.sub("", name or "")
    tokens = fold(name).replace(" and ", " ").split()
    # "GmbH & Co. KG" folds to "gmbh co kg" once "and" is dropped
    legal_form = ""
    changed = True
    while changed and tokens:
        changed = False
        for pattern, display in _LEGAL_FORM_PATTERNS:
            n = len(pattern)
            if len(tokens) > n and tokens[-n:] == pattern:
                tokens = tokens[:-n]
                legal_form = legal_form or display
                changed = True
                break
    if len(tokens) > 1 and tokens[0] in _LEADING_FORMS:
        legal_form = legal_form or _LEADING_FORMS[tokens[0]]
        tokens = tokens[1:]
    return NormalisedName(core=" ".join(tokens), legal_form=legal_form)


# Multi-word expressions with one meaning, applied to the folded name before single words.
_PHRASES = [
    (re.compile(r"\buniversity of applied sciences?\b"), "hs"),
    (re.compile(r"\bhochschule fur angewandte wissenschaften\b"), "hs"),
    (re.compile(r"\bhogeschool\b"), "hs"),
    (re.compile(r"\buniversity of technology\b"), "tech univ"),
    (
        re.compile(r"\b(university (hospital|medical cent(er|re))|universitair medisch centrum|universitatsmedizin)\b"),
        "univklinikum",
    ),
    (re.compile(r"\b(max planck institute|max planck institut)\b"), "mpi"),
]


def normalise_name(name: str) -> str:
    """The comparable core of a name: folded, legal form stripped, synonyms unified, stop words dropped."""
    core = split_legal_form(name).core
    for pattern, replacement in _PHRASES:
        core = pattern.sub(replacement, core)
    words: list[str] = []
    for token in core.split():
        mapped = _SYNONYMS.get(token, token)
        for word in mapped.split():
            if word not in _STOPWORDS and word not in words:
                words.append(word)
    return " ".join(words)


def legal_form_of(name: str) -> str:
    return split_legal_form(name).legal_form


def website_domain(url: str) -> str:
    """The registrable-looking host of a website ("https://www.utwente.nl/en/" → "utwente.nl")."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    parts = host.split(".")
    if len(parts) > 2 and parts[-2] in {"co", "ac", "com", "org"}:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def name_similarity(a: str, b: str) -> float:
    """0-100 similarity of two normalised names (order of words does not matter, subsets do)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    score = fuzz.token_sort_ratio(a, b)
    # An acronym against a long name ("utwente" vs "univ twente") is handled by aliases, not here.
    return float(score)


@dataclass
class Candidate:
    """What the matcher knows about one record."""

    key: object
    names: list[str]
    country: str
    city: str = ""
    identifiers: set[tuple[str, str]] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)

    def __post_init__(self):
        seen: list[str] = []
        for name in self.names:
            norm = normalise_name(name)
            if norm and norm not in seen:
                seen.append(norm)
        self.normalised = seen
        self.legal_forms = {form for form in (legal_form_of(name) for name in self.names[:1]) if form}
        self.city_key = city_key(self.city)
        self.country = (self.country or "").upper()


@dataclass(frozen=True)
class Match:
    key: object
    score: float
    decision: str
    reasons: tuple[str, ...]


def compare(a: Candidate, b: Candidate) -> Match:
    """Score a pair and decide: MERGE when certain, REVIEW when uncertain, NONE otherwise."""
    reasons: list[str] = []
    shared_ids = a.identifiers & b.identifiers
    if shared_ids:
        scheme, value = sorted(shared_ids)[0]
        return Match(b.key, 100.0, MERGE, (f"same identifier {scheme}:{value}",))
    # Conflicting identifiers of a scheme that is unique per organisation (two different PICs may still be one
    # organisation, but two different ROR ids never are).
    ror_a = {value for scheme, value in a.identifiers if scheme == "ror"}
    ror_b = {value for scheme, value in b.identifiers if scheme == "ror"}
    if ror_a and ror_b and not ror_a & ror_b:
        return Match(b.key, 0.0, NONE, ("different ROR ids",))
    if a.country and b.country and a.country != b.country:
        return Match(b.key, 0.0, NONE, ("different countries",))

    best, best_pair = 0.0, ("", "")
    for name_a in a.normalised:
        for name_b in b.normalised:
            score = name_similarity(name_a, name_b)
            if score > best:
                best, best_pair = score, (name_a, name_b)
    if best == 0:
        return Match(b.key, 0.0, NONE, ())
    reasons.append(f"name similarity {best:.0f} ({best_pair[0]!r} ~ {best_pair[1]!r})")

    same_city = bool(a.city_key and a.city_key == b.city_key)
    if same_city:
        reasons.append(f"same city {a.city}")
    elif a.city_key and b.city_key:
        reasons.append(f"different cities ({a.city} / {b.city})")
    shared_domain = (a.domains & b.domains) - SHARED_DOMAINS
    conflicting_domain = bool(a.domains and b.domains and not (a.domains & b.domains))
    if shared_domain:
        reasons.append(f"same website domain {sorted(shared_domain)[0]}")
    elif conflicting_domain:
        reasons.append("different website domains")
    different_forms = bool(a.legal_forms and b.legal_forms and not a.legal_forms & b.legal_forms)
    if different_forms:
        reasons.append(f"different legal forms ({', '.join(sorted(a.legal_forms | b.legal_forms))})")
    cities_differ = bool(a.city_key and b.city_key and not same_city)

    if different_forms:
        decision = REVIEW if best >= REVIEW_THRESHOLD or (shared_domain and best >= DOMAIN_REVIEW_THRESHOLD) else NONE
        return Match(b.key, best, decision, tuple(reasons))
    if shared_domain and best >= DOMAIN_CONFIRMED_THRESHOLD:
        return Match(b.key, max(best, 96.0), MERGE, tuple(reasons))
    if same_city and best >= 97:
        return Match(b.key, best, MERGE, tuple(reasons))
    if best >= MERGE_THRESHOLD and not conflicting_domain and not cities_differ:
        return Match(b.key, best, MERGE, tuple(reasons))
    if best == 100 and not conflicting_domain and len(best_pair[0].split()) >= 2:
        # the same distinctive name of several words: head office and branch addresses differ, the name does not
        return Match(b.key, best, MERGE, tuple(reasons))
    if best >= REVIEW_THRESHOLD or (shared_domain and best >= DOMAIN_REVIEW_THRESHOLD):
        return Match(b.key, best, REVIEW, tuple(reasons))
    if not cities_differ and _contained(a.normalised, b.normalised):
        return Match(b.key, best, REVIEW, (*reasons, "one name contains the other"))
    return Match(b.key, best, NONE, tuple(reasons))


def _contained(names_a: list[str], names_b: list[str]) -> bool:
    """Whether all words of one name occur in a name of the other record ("Alliade" / "Zorggroep Alliade")."""
    for name_a in names_a:
        for name_b in names_b:
            words_a, words_b = set(name_a.split()), set(name_b.split())
            shorter = words_a if len(words_a) <= len(words_b) else words_b
            longer = words_b if shorter is words_a else words_a
            if shorter <= longer and max((len(w) for w in shorter), default=0) >= 5:
                return True
    return False


class ResolutionIndex:
    """Candidates blocked by (country, city) and by (country, exact normalised name)."""

    def __init__(self, candidates=()):
        self._by_key: dict[object, Candidate] = {}
        self._by_city: dict[tuple[str, str], set] = defaultdict(set)
        self._by_name: dict[tuple[str, str], set] = defaultdict(set)
        self._by_identifier: dict[tuple[str, str], object] = {}
        self._by_domain: dict[tuple[str, str], set] = defaultdict(set)
        for candidate in candidates:
            self.add(candidate)

    def __len__(self):
        return len(self._by_key)

    def add(self, candidate: Candidate) -> None:
        old = self._by_key.get(candidate.key)
        if old is not None:
            self.remove(candidate.key)
            candidate = Candidate(
                key=candidate.key,
                names=[*old.names, *candidate.names],
                country=candidate.country or old.country,
                city=candidate.city or old.city,
                identifiers=old.identifiers | candidate.identifiers,
                domains=old.domains | candidate.domains,
            )
        self._by_key[candidate.key] = candidate
        self._by_city[(candidate.country, candidate.city_key)].add(candidate.key)
        for name in candidate.normalised:
            self._by_name[(candidate.country, name)].add(candidate.key)
        for identifier in candidate.identifiers:
            self._by_identifier[identifier] = candidate.key
        for domain in candidate.domains:
            self._by_domain[(candidate.country, domain)].add(candidate.key)

    def remove(self, key) -> None:
        candidate = self._by_key.pop(key, None)
        if candidate is None:
            return
        self._by_city[(candidate.country, candidate.city_key)].discard(key)
        for name in candidate.normalised:
            self._by_name[(candidate.country, name)].discard(key)
        for identifier in candidate.identifiers:
            if self._by_identifier.get(identifier) == key:
                del self._by_identifier[identifier]
        for domain in candidate.domains:
            self._by_domain[(candidate.country, domain)].discard(key)

    def get(self, key) -> Candidate | None:
        return self._by_key.get(key)

    def by_identifier(self, identifiers) -> object | None:
        for identifier in sorted(identifiers):
            key = self._by_identifier.get(identifier)
            if key is not None:
                return key
        return None

    def block(self, candidate: Candidate) -> set:
        keys = set(self._by_city.get((candidate.country, candidate.city_key), ()))
        if not candidate.city_key:
            keys |= self._by_city.get((candidate.country, ""), set())
        for name in candidate.normalised:
            keys |= self._by_name.get((candidate.country, name), set())
        for domain in candidate.domains:
            keys |= self._by_domain.get((candidate.country, domain), set())
        keys.discard(candidate.key)
        return keys

    def match(self, candidate: Candidate, *, exclude=()) -> Match | None:
        """The best match for `candidate` among the indexed records, or None."""
        key = self.by_identifier(candidate.identifiers)
        if key is not None and key != candidate.key and key not in exclude:
            return Match(key, 100.0, MERGE, ("same identifier",))
        best: Match | None = None
        best_rank: tuple = ()
        for other_key in self.block(candidate):
            if other_key in exclude:
                continue
            result = compare(candidate, self._by_key[other_key])
            if result.decision == NONE:
                continue
            same_city = bool(candidate.city_key) and self._by_key[other_key].city_key == candidate.city_key
            rank = (result.decision == MERGE, result.score, same_city)
            if best is None or rank > best_rank:
                best, best_rank = result, rank
        return best
