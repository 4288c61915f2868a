"""Communes and EPCI named in project texts (titles, "Localisation du projet", beneficiaries).

The reference is ``data/sources/geodata/communes_62.geojson`` (887 communes, COG 2025,
fields ``code_insee``, ``nom``, ``epci_siren``) and ``epci_62.geojson`` (20 EPCI).

Finding a commune in a text
---------------------------
Words are compared accent-, case- and hyphen-insensitively (:func:`geo.model.names.normalize_name`),
longest name first, with three guards against false hits:

* the first word must start with a capital letter in the printed text, so "Quai bus"
  is not the commune of Bus;
* a name right after "église", "collégiale", "chapelle" or "collège" is a patron saint or
  a person ("Restauration de l'église Saint Omer" is not in Saint-Omer);
* only exact names: a misspelt name (``Ambleuse`` for Ambleteuse) not in the alias table
  is *not* resolved; the closest official names of the project's EPCI are written in the
  evidence instead (:func:`near_names`).

Names that are not official COG names are resolved only by :data:`COMMUNE_ALIASES`, each
with its reason (documented, not guessed): communes merged since 2019 (``Hesdin``,
``Marconne``: communes déléguées of Hesdin-la-Forêt 62447 since 1 January 2025, see
``data/sources/geodata/PROVENANCE.md``), usual short names (``Pernes-en-Artois`` for the
COG name ``Pernes``, ``Marck-en-Calais``, ``Berck-sur-Mer``; ``Montreuil``, ``Touquet`` as in
"au Touquet") and one misprint whose right spelling the same contract prints
(``Saint-Pol-sur-Ternois``). The presence import (CIS names) uses the same table.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.model.names import CommuneIndex, normalize_name
from geo.model.paths import GEODATA_SOURCES

COMMUNES_GEOJSON = GEODATA_SOURCES / "communes_62.geojson"
EPCI_GEOJSON = GEODATA_SOURCES / "epci_62.geojson"

# printed name -> (INSEE, why)
COMMUNE_ALIASES = {
    "hesdin": ("62447", "Hesdin, commune déléguée de Hesdin-la-Forêt (62447) depuis 2025"),
    "marconne": ("62447", "Marconne, commune déléguée de Hesdin-la-Forêt (62447) depuis 2025"),
    "pernes en artois": ("62652", "Pernes-en-Artois, nom usuel de la commune Pernes (62652)"),
    "montreuil": ("62588", "Montreuil, nom usuel de Montreuil-sur-Mer (62588), seule commune "
                           "Montreuil du département"),
    "touquet": ("62826", "le Touquet, nom usuel de Le Touquet-Paris-Plage (62826)"),
    "marck en calais": ("62548", "Marck-en-Calais, nom usuel de la commune Marck (62548)"),
    "berck sur mer": ("62108", "Berck-sur-Mer, nom usuel de la commune Berck (62108)"),
    "saint nicolas les arras": ("62764", "Saint-Nicolas-lès-Arras, nom usuel de la commune "
                                         "Saint-Nicolas (62764)"),
    "portel": ("62667", "« Basket du Portel » (ligne 2499) : de Le Portel (62667), seule "
                        "commune de ce nom"),
    "annay sous lens": ("62033", "Annay-sous-Lens, nom usuel de la commune Annay (62033)"),
    "saint pol sur ternois": ("62767", "Saint-Pol-sur-Ternois, coquille pour "
                                       "Saint-Pol-sur-Ternoise (62767) ; le contrat du Ternois "
                                       "écrit « déviation de Saint-Pol-sur-Ternoise » "
                                       "(lignes 17365-17366)"),
}
_SAINT_CONTEXT = {"eglise", "eglises", "collegiale", "collegiales", "chapelle", "chapelles",
                  "college", "colleges", "abbaye"}
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


@dataclass(frozen=True)
class Commune:
    code_insee: str
    nom: str
    epci_siren: str


@lru_cache(maxsize=1)
def communes() -> dict[str, Commune]:
    data = json.loads(COMMUNES_GEOJSON.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        p = feature["properties"]
        out[p["code_insee"]] = Commune(p["code_insee"], p["nom"], p["epci_siren"])
    return out


@lru_cache(maxsize=1)
def commune_index() -> CommuneIndex:
    return CommuneIndex({code: c.nom for code, c in communes().items()})


@lru_cache(maxsize=1)
def epci_names() -> dict[str, str]:
    """SIREN -> long name (``Communauté de communes du Pays de Lumbres``)."""
    data = json.loads(EPCI_GEOJSON.read_text(encoding="utf-8"))
    return {f["properties"]["epci_siren"]: f["properties"]["nom_long"] for f in data["features"]}


def epci_by_name(text: str) -> str | None:
    """SIREN of the EPCI named in ``text`` ("la Communauté de communes du Sud-Artois")."""
    key = " " + _epci_key(text) + " "
    found = [siren for siren, name in epci_names().items() if " " + _epci_key(name) + " " in key]
    return found[0] if len(found) == 1 else None


def _epci_key(text: str) -> str:
    key = normalize_name(text)
    key = key.replace(" deux ", " 2 ")
    key = re.sub(r"\b(la|le|les|de|du|des|d|l)\b", " ", key)
    return re.sub(r"\s+", " ", key).strip()


@dataclass(frozen=True)
class Found:
    code_insee: str
    printed: str          # the words as printed
    note: str = ""        # alias explanation


def find_communes(text: str) -> list[Found]:
    """Communes named in ``text``, in order of appearance, without repeats."""
    found: list[Found] = []
    for item, _, _ in find_communes_at(text):
        if item.code_insee not in {f.code_insee for f in found}:
            found.append(item)
    return found


def find_communes_at(text: str) -> list[tuple[Found, int, int]]:
    """Every commune name in ``text`` with its character span, in order (repeats kept)."""
    index = commune_index()
    tokens = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    norm = [normalize_name(t) for t, _ in tokens]
    out: list[tuple[Found, int, int]] = []
    i = 0
    while i < len(tokens):
        hit = None
        if tokens[i][0][:1].isupper() and (i == 0 or norm[i - 1] not in _SAINT_CONTEXT):
            for n in range(min(7, len(tokens) - i), 0, -1):
                key = " ".join(norm[i:i + n])
                start, end = tokens[i][1], tokens[i + n - 1][1] + len(tokens[i + n - 1][0])
                if key in COMMUNE_ALIASES:
                    code, why = COMMUNE_ALIASES[key]
                    hit = (n, Found(code, text[start:end], why), start, end)
                    break
                codes = index.codes(key)
                if len(codes) == 1:
                    hit = (n, Found(codes[0], text[start:end]), start, end)
                    break
        if hit:
            n, item, start, end = hit
            out.append((item, start, end))
            i += n
        else:
            i += 1
    return out


def near_names(text: str, epcis: list[str], cutoff: float = 0.85) -> list[str]:
    """Official names of communes of ``epcis`` close to a capitalised name written after
    "de", "d'", "du" or "à" in ``text`` that is not itself a commune name (for the
    evidence of an unresolved place): "Fort d'Ambleuse" -> "Ambleteuse"."""
    index = commune_index()
    pool = {normalize_name(c.nom): c.nom for c in communes().values() if c.epci_siren in epcis}
    out: list[str] = []
    for match in re.finditer(r"(?:\b(?:de|du|à)\s+|\bd['’])([A-ZÉÈÂ][\w-]+)", text):
        word = match.group(1)
        if index.codes(word):
            continue
        for key in difflib.get_close_matches(normalize_name(word), list(pool), n=1,
                                             cutoff=cutoff):
            if pool[key] not in out:
                out.append(pool[key])
    return out
