"""NUTS regions (NUTS 2021) for the Netherlands and Germany, with the border region in detail.

`Organisation.region` holds the most specific NUTS code known: NUTS 3 inside the border region (Twente,
Achterhoek, Kreis Borken, Recklinghausen ...), a NUTS 2 province / Regierungsbezirk where the city is known,
or a NUTS 1 Land for German organisations elsewhere.
"""

import re
import unicodedata

NUTS_NAMES: dict[str, str] = {
    # Netherlands: NUTS 1 and the provinces (NUTS 2)
    "NL": "Nederland",
    "NL1": "Noord-Nederland",
    "NL11": "Groningen",
    "NL12": "Friesland",
    "NL13": "Drenthe",
    "NL2": "Oost-Nederland",
    "NL21": "Overijssel",
    "NL211": "Noord-Overijssel",
    "NL212": "Zuidwest-Overijssel",
    "NL213": "Twente",
    "NL22": "Gelderland",
    "NL221": "Veluwe",
    "NL224": "Zuidwest-Gelderland",
    "NL225": "Achterhoek",
    "NL226": "Arnhem/Nijmegen",
    "NL23": "Flevoland",
    "NL3": "West-Nederland",
    "NL31": "Utrecht",
    "NL32": "Noord-Holland",
    "NL33": "Zuid-Holland",
    "NL34": "Zeeland",
    "NL4": "Zuid-Nederland",
    "NL41": "Noord-Brabant",
    "NL42": "Limburg (NL)",
    # Germany: the Länder (NUTS 1)
    "DE": "Deutschland",
    "DE1": "Baden-Württemberg",
    "DE2": "Bayern",
    "DE3": "Berlin",
    "DE4": "Brandenburg",
    "DE5": "Bremen",
    "DE6": "Hamburg",
    "DE7": "Hessen",
    "DE8": "Mecklenburg-Vorpommern",
    "DE9": "Niedersachsen",
    "DEA": "Nordrhein-Westfalen",
    "DEB": "Rheinland-Pfalz",
    "DEC": "Saarland",
    "DED": "Sachsen",
    "DEE": "Sachsen-Anhalt",
    "DEF": "Schleswig-Holstein",
    "DEG": "Thüringen",
    # North Rhine-Westphalia: Regierungsbezirke (NUTS 2) and the Münster district in detail (NUTS 3)
    "DEA1": "Düsseldorf",
    "DEA2": "Köln",
    "DEA3": "Münster",
    "DEA31": "Bottrop",
    "DEA32": "Gelsenkirchen",
    "DEA33": "Münster, Kreisfreie Stadt",
    "DEA34": "Borken",
    "DEA35": "Coesfeld",
    "DEA36": "Recklinghausen",
    "DEA37": "Steinfurt",
    "DEA38": "Warendorf",
    "DEA4": "Detmold",
    "DEA5": "Arnsberg",
}

# The TECH.LAND border region, by area, as sets of NUTS codes.
BORDER_AREAS: dict[str, list[str]] = {
    "Overijssel": ["NL21", "NL211", "NL212", "NL213"],
    "Gelderland": ["NL22", "NL221", "NL224", "NL225", "NL226"],
    "Münsterland": ["DEA33", "DEA34", "DEA35", "DEA37", "DEA38"],
    "Emscher-Lippe": ["DEA31", "DEA32", "DEA36"],
}
BORDER_REGION_CODES = {code for codes in BORDER_AREAS.values() for code in codes} | {"DEA3"}

# ROR subdivision codes (ISO 3166-2 without the country) → NUTS.
SUBDIVISION_TO_NUTS = {
    "NL": {
        "GR": "NL11",
        "FR": "NL12",
        "DR": "NL13",
        "OV": "NL21",
        "GE": "NL22",
        "FL": "NL23",
        "UT": "NL31",
        "NH": "NL32",
        "ZH": "NL33",
        "ZE": "NL34",
        "NB": "NL41",
        "LI": "NL42",
    },
    "DE": {
        "BW": "DE1",
        "BY": "DE2",
        "BE": "DE3",
        "BB": "DE4",
        "HB": "DE5",
        "HH": "DE6",
        "HE": "DE7",
        "MV": "DE8",
        "NI": "DE9",
        "NW": "DEA",
        "RP": "DEB",
        "SL": "DEC",
        "SN": "DED",
        "ST": "DEE",
        "SH": "DEF",
        "TH": "DEG",
    },
}

# Places of the border region → NUTS 3 (main towns and municipalities).
_PLACES = {
    "NL213": """Almelo Borne Dinkelland Enschede Haaksbergen Hellendoorn Hengelo Hof_van_Twente Losser Oldenzaal
        Rijssen-Holten Rijssen Holten Tubbergen Twenterand Wierden Goor Delden Vriezenveen Nijverdal Denekamp
        Ootmarsum Weerselo Enter Vroomshoop Markelo Diepenheim Glanerbrug Boekelo Overdinkel De_Lutte Albergen
        Geesteren Vasse""",
    "NL211": """Dalfsen Hardenberg Kampen Ommen Staphorst Steenwijkerland Steenwijk Zwartewaterland Zwolle Hasselt
        Genemuiden Dedemsvaart Nieuwleusen""",
    "NL212": """Deventer Olst-Wijhe Raalte Heino Wijhe Olst Bathmen Colmschate Diepenveen Schalkhaar""",
    "NL221": """Apeldoorn Barneveld Ede Elburg Epe Ermelo Harderwijk Hattem Heerde Nijkerk Nunspeet Oldebroek Putten
        Scherpenzeel Wageningen Bennekom Lunteren Otterlo Voorthuizen Wekerom Hoevelaken Hierden Elspeet Wezep
        Vaassen Beekbergen Hoenderloo""",
    "NL224": """Buren Culemborg Maasdriel Neder-Betuwe Tiel West_Betuwe West_Maas_en_Waal Zaltbommel Wamel
        Dodewaard Kesteren Opheusden Geldermalsen Beneden-Leeuwen""",
    "NL225": """Aalten Berkelland Bronckhorst Doetinchem Lochem Montferland Oost_Gelre Oude_IJsselstreek Winterswijk
        Zutphen Borculo Eibergen Neede Groenlo Lichtenvoorde Ulft Terborg Didam s_Heerenberg Vorden Warnsveld
        Eefde Gorssel Ruurlo Dinxperlo Varsseveld Gaanderen Wehl Brummen Voorst Twello Eerbeek""",
    "NL226": """Arnhem Berg_en_Dal Beuningen Doesburg Druten Duiven Heumen Lingewaard Nijmegen Overbetuwe Renkum
        Rheden Rozendaal Westervoort Wijchen Zevenaar Elst Bemmel Huissen Velp Dieren Oosterbeek Wolfheze
        Groesbeek Ubbergen Malden Lobith Heteren Driel Gendt Zetten Doorwerth Heelsum Angerlo Giesbeek Lent""",
    "DEA33": "Münster Hiltrup Roxel Wolbeck",
    "DEA34": """Ahaus Bocholt Borken Gescher Gronau Heek Heiden Isselburg Legden Raesfeld Reken Rhede Schöppingen
        Stadtlohn Südlohn Velen Vreden""",
    "DEA35": """Ascheberg Billerbeck Coesfeld Dülmen Havixbeck Lüdinghausen Nordkirchen Nottuln Olfen Rosendahl""",
    "DEA37": """Altenberge Emsdetten Greven Hörstel Hopsten Horstmar Ibbenbüren Ladbergen Laer Lengerich Lienen
        Lotte Metelen Mettingen Nordwalde Ochtrup Recke Rheine Saerbeck Steinfurt Burgsteinfurt Borghorst
        Tecklenburg Westerkappeln Wettringen""",
    "DEA38": """Ahlen Beckum Beelen Drensteinfurt Ennigerloh Everswinkel Oelde Ostbevern Sassenberg Sendenhorst
        Telgte Wadersloh Warendorf""",
    "DEA31": "Bottrop",
    "DEA32": "Gelsenkirchen Buer",
    "DEA36": """Castrop-Rauxel Datteln Dorsten Gladbeck Haltern_am_See Haltern Herten Marl Oer-Erkenschwick
        Recklinghausen Waltrop""",
}

# A few large cities outside the border region, so that common records get at least their province / Land.
_CITIES = {
    "NL": {
        "amsterdam": "NL32",
        "haarlem": "NL32",
        "hilversum": "NL32",
        "rotterdam": "NL33",
        "den haag": "NL33",
        "s gravenhage": "NL33",
        "the hague": "NL33",
        "delft": "NL33",
        "leiden": "NL33",
        "utrecht": "NL31",
        "amersfoort": "NL31",
        "zeist": "NL31",
        "eindhoven": "NL41",
        "tilburg": "NL41",
        "breda": "NL41",
        "s hertogenbosch": "NL41",
        "den bosch": "NL41",
        "helmond": "NL41",
        "veldhoven": "NL41",
        "maastricht": "NL42",
        "heerlen": "NL42",
        "venlo": "NL42",
        "groningen": "NL11",
        "leeuwarden": "NL12",
        "assen": "NL13",
        "emmen": "NL13",
        "almere": "NL23",
        "lelystad": "NL23",
        "petten": "NL32",
        "den helder": "NL32",
        "vlissingen": "NL34",
        "middelburg": "NL34",
    },
    "DE": {
        "berlin": "DE3",
        "hamburg": "DE6",
        "bremen": "DE5",
        "bremerhaven": "DE5",
        "munchen": "DE2",
        "munich": "DE2",
        "nurnberg": "DE2",
        "erlangen": "DE2",
        "wurzburg": "DE2",
        "augsburg": "DE2",
        "regensburg": "DE2",
        "garching": "DE2",
        "stuttgart": "DE1",
        "karlsruhe": "DE1",
        "freiburg": "DE1",
        "heidelberg": "DE1",
        "mannheim": "DE1",
        "ulm": "DE1",
        "tubingen": "DE1",
        "frankfurt": "DE7",
        "frankfurt am main": "DE7",
        "darmstadt": "DE7",
        "kassel": "DE7",
        "marburg": "DE7",
        "giessen": "DE7",
        "wiesbaden": "DE7",
        "hannover": "DE9",
        "braunschweig": "DE9",
        "gottingen": "DE9",
        "oldenburg": "DE9",
        "osnabruck": "DE9",
        "nordhorn": "DE9",
        "lingen": "DE9",
        "dusseldorf": "DEA1",
        "duisburg": "DEA1",
        "essen": "DEA1",
        "krefeld": "DEA1",
        "wuppertal": "DEA1",
        "monchengladbach": "DEA1",
        "koln": "DEA2",
        "cologne": "DEA2",
        "bonn": "DEA2",
        "aachen": "DEA2",
        "julich": "DEA2",
        "bielefeld": "DEA4",
        "paderborn": "DEA4",
        "detmold": "DEA4",
        "dortmund": "DEA5",
        "bochum": "DEA5",
        "hagen": "DEA5",
        "siegen": "DEA5",
        "dresden": "DED",
        "leipzig": "DED",
        "chemnitz": "DED",
        "freiberg": "DED",
        "jena": "DEG",
        "erfurt": "DEG",
        "ilmenau": "DEG",
        "weimar": "DEG",
        "magdeburg": "DEE",
        "halle": "DEE",
        "potsdam": "DE4",
        "cottbus": "DE4",
        "kiel": "DEF",
        "lubeck": "DEF",
        "rostock": "DE8",
        "greifswald": "DE8",
        "mainz": "DEB",
        "kaiserslautern": "DEB",
        "saarbrucken": "DEC",
    },
}


def place_key(name: str) -> str:
    """Fold a place name: lower case, no diacritics or punctuation ("'s-Hertogenbosch" → "s hertogenbosch")."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("ß", "ss")
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # German transcriptions fold like the umlauts they stand for: "Muenster" = "Münster" = "Munster"
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return " ".join(text.split())


_PLACE_INDEX: dict[tuple[str, str], str] = {}
for _code, _blob in _PLACES.items():
    for _place in _blob.split():
        _PLACE_INDEX.setdefault((_code[:2], place_key(_place.replace("_", " "))), _code)
for _country, _cities in _CITIES.items():
    for _city, _code in _cities.items():
        _PLACE_INDEX.setdefault((_country, _city), _code)


def region_for(*, country: str, city: str = "", subdivision_code: str = "") -> str:
    """The most specific NUTS code we can derive, or ""."""
    country = (country or "").upper()
    key = place_key(city)
    if key:
        code = _PLACE_INDEX.get((country, key))
        if code is None:
            # "Enschede-Noord", "Münster-Hiltrup", "Frankfurt am Main": try the first word
            code = _PLACE_INDEX.get((country, key.split(" ")[0]))
        if code:
            return code
    code = SUBDIVISION_TO_NUTS.get(country, {}).get((subdivision_code or "").upper().split("-")[-1])
    return code or ""


def region_name(code: str) -> str:
    return NUTS_NAMES.get(code or "", "")


def is_border_region(code: str) -> bool:
    return bool(code) and any(code.startswith(c) for c in BORDER_REGION_CODES)
