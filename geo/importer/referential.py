"""The territory an imported row is checked against: communes, EPCI, département outline.

Loaded once per process from ``data/sources/geodata`` (about 30 ms; geometries only when
a file has coordinates).
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from geo.importer.parsers import cell_text, parse_number
from geo.model.names import CommuneIndex, normalize_name
from geo.model.paths import GEODATA_SOURCES

# Pas-de-Calais in WGS84 and in Lambert-93 (EPSG:2154), with a margin, to tell them apart.
_WGS84_BOX = (1.3, 49.8, 3.4, 51.2)          # lon min, lat min, lon max, lat max
_L93_BOX = (550_000, 6_950_000, 760_000, 7_150_000)
_TOLERANCE_DEG = 0.005                          # about 400 m: coastline simplification


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    epci_siren: str
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class Epci:
    siren: str
    name: str
    long_name: str


class Territory:
    """Communes and EPCI of the Pas-de-Calais, and the lookups the validator needs."""

    def __init__(self) -> None:
        communes = _features("communes_62.geojson")
        self.communes = {
            p["code_insee"]: Commune(p["code_insee"], p["nom"], p["epci_siren"],
                                     tuple(str(p.get("codes_postaux") or "").split(",")))
            for p in (f["properties"] for f in communes)
        }
        self.index = CommuneIndex({c.code: c.name for c in self.communes.values()})
        self.epcis = {
            p["epci_siren"]: Epci(p["epci_siren"], p["nom"], p["nom_long"])
            for p in (f["properties"] for f in _features("epci_62.geojson"))
        }
        self._suggestion_cache: dict[str, list[str]] = {}
        self._epci_keys = {}
        for epci in self.epcis.values():
            for name in (epci.name, epci.long_name):
                self._epci_keys[normalize_name(name)] = epci.siren

    # --- communes ------------------------------------------------------------------------

    def resolve_commune(self, value: object) -> Commune:
        """The commune designated by an INSEE code or a name; ValueError says why not."""
        text = re.sub(r"\s*\((?:62|pas[- ]de[- ]calais)\)\s*$", "", cell_text(value), flags=re.I)
        if re.fullmatch(r"\d{5}|2[AB]\d{3}", text, flags=re.I):
            return self._commune_by_code(text.upper())
        codes = self.index.codes(text)
        if len(codes) == 1:
            return self.communes[codes[0]]
        if len(codes) > 1:
            raise ValueError("nom ambigu ; précisez le code INSEE parmi " + ", ".join(codes))
        hint = self.commune_suggestions(text)
        raise ValueError("commune inconnue dans le Pas-de-Calais"
                         + (" ; vouliez-vous dire : " + ", ".join(hint) + " ?" if hint else ""))

    def _commune_by_code(self, code: str) -> Commune:
        if code in self.communes:
            return self.communes[code]
        if not code.startswith("62"):
            raise ValueError(f"commune hors du Pas-de-Calais (code INSEE {code})")
        by_postcode = [c.name for c in self.communes.values() if code in c.postal_codes]
        if by_postcode:
            raise ValueError(f"{code} est un code postal ({', '.join(by_postcode[:3])}"
                             f"{'…' if len(by_postcode) > 3 else ''}) : "
                             "indiquez le code INSEE ou le nom de la commune")
        raise ValueError(f"code INSEE inconnu dans le Pas-de-Calais : {code}")

    def commune_suggestions(self, text: str, n: int = 3) -> list[str]:
        """Names starting with what was typed ("Boulogne" -> Boulogne-sur-Mer), names one or
        two letters away, then difflib's close names; at most ``n + 1``."""
        key = normalize_name(text)
        if key not in self._suggestion_cache:
            found = [c.name for c in sorted(self.communes.values(), key=lambda c: c.name)
                     if key and normalize_name(c.name).startswith(key + " ")][:n]
            found += [self.names_of(k) for k in _within_edits(key, self.index_keys)]
            found += self.index.suggestions(text, n=n)
            self._suggestion_cache[key] = list(dict.fromkeys(found))[:n + 1]
        return self._suggestion_cache[key]

    def names_of(self, key: str) -> str:
        return self.communes[self.index.codes(key)[0]].name

    @cached_property
    def index_keys(self) -> list[str]:
        return sorted({normalize_name(c.name) for c in self.communes.values()})

    # --- EPCI ----------------------------------------------------------------------------

    def resolve_epci(self, value: object) -> Epci:
        """The EPCI designated by a SIREN or by its short or long name."""
        text = cell_text(value)
        if re.fullmatch(r"\d{9}", text.replace(" ", "")):
            siren = text.replace(" ", "")
            if siren in self.epcis:
                return self.epcis[siren]
            raise ValueError(f"EPCI inconnu dans le Pas-de-Calais (SIREN {siren})")
        siren = self._epci_keys.get(normalize_name(text))
        if siren:
            return self.epcis[siren]
        close = difflib.get_close_matches(normalize_name(text), list(self._epci_keys), n=2,
                                          cutoff=0.7)
        hint = list(dict.fromkeys(self.epcis[self._epci_keys[k]].name for k in close))
        raise ValueError("EPCI inconnu dans le Pas-de-Calais"
                         + (" ; vouliez-vous dire : " + ", ".join(hint) + " ?" if hint else ""))

    # --- coordinates ---------------------------------------------------------------------

    def to_wgs84(self, x_value: object, y_value: object) -> tuple[float, float, str]:
        """(lon, lat, crs label) from WGS84 or Lambert-93 values, detected by their range."""
        x, y = parse_number(x_value), parse_number(y_value)
        if _inside(x, y, _WGS84_BOX):
            return x, y, "WGS84"
        if _inside(y, x, _WGS84_BOX):
            raise ValueError("longitude et latitude inversées ?")
        if _inside(x, y, _L93_BOX):
            lon, lat = _lambert93_to_wgs84().transform(x, y)
            return round(lon, 6), round(lat, 6), "Lambert-93"
        if abs(x) <= 180 and abs(y) <= 90 or 0 <= x <= 1_300_000 and 6_000_000 <= y <= 7_200_000:
            raise ValueError("coordonnées hors du Pas-de-Calais")
        raise ValueError("coordonnées non reconnues (ni WGS84 en degrés, ni Lambert-93 en mètres)")

    def check_in_departement(self, lon: float, lat: float) -> None:
        import shapely

        if not shapely.dwithin(self._departement, shapely.Point(lon, lat), _TOLERANCE_DEG):
            raise ValueError("coordonnées hors du Pas-de-Calais")

    def distance_to_commune_deg(self, code: str, lon: float, lat: float) -> float:
        import shapely

        return float(shapely.distance(self._commune_shapes[code], shapely.Point(lon, lat)))

    @cached_property
    def _departement(self):
        from shapely.geometry import shape

        import shapely
        geometry = shape(_features("departement_62.geojson")[0]["geometry"])
        shapely.prepare(geometry)
        return geometry

    @cached_property
    def _commune_shapes(self) -> dict:
        from shapely.geometry import shape

        return {f["properties"]["code_insee"]: shape(f["geometry"])
                for f in _features("communes_62.geojson")}


def _within_edits(key: str, candidates: list[str]) -> list[str]:
    """Candidates at edit distance 1 (2 for long names) from ``key``, closest first."""
    limit = 2 if len(key) >= 8 else 1
    scored = []
    for candidate in candidates:
        if abs(len(candidate) - len(key)) <= limit:
            distance = _edit_distance(key, candidate, limit)
            if distance <= limit:
                scored.append((distance, candidate))
    return [c for _, c in sorted(scored)][:3]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returns limit + 1) once it exceeds ``limit``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


@lru_cache(maxsize=1)
def _lambert93_to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs(2154, 4326, always_xy=True)


@lru_cache(maxsize=None)
def _features(file_name: str) -> list[dict]:
    with open(GEODATA_SOURCES / file_name, encoding="utf-8") as handle:
        return json.load(handle)["features"]


@lru_cache(maxsize=1)
def territory() -> Territory:
    """The shared, read-only territory (built on first use)."""
    return Territory()
