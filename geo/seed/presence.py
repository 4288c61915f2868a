"""Presence points of the Département -> ``presence/presence.csv``.

Kinds and sources
-----------------
* ``mds`` (9) and ``mdadt`` (7): the "Adresses des 16 Maisons du Département" list at
  the end of the recueil. The commune is read from the address ("62223 SAINT-NICOLAS"):
  the name is looked up with :class:`geo.model.names.CommuneIndex`; when it matches no
  commune, the communes of that postal code whose name starts with it are tried
  ("62170 MONTREUIL" -> Montreuil-sur-Mer). CEDEX postal codes ("62321", "62106") are
  not commune postal codes: the name decides, the printed code is kept in
  ``attributes``. Point = the commune's mairie (``mairie_lon/lat`` of
  communes_62.geojson), ``precision`` "mairie".
* ``cis``: the centres d'incendie et de secours named in section 7 of each contract (read
  by :mod:`geo.seed.key_figures`), one point per CIS at its commune's mairie. Names that
  are usual forms of an official commune name are mapped by the project import's alias
  table (:data:`geo.seed.projects_places.COMMUNE_ALIASES`, each with its reason);
  composite names ("Bruay-Houdain") designate no single commune: the row is kept with an
  empty geometry and the reason in ``attributes``.
* ``college``: the 125 public collèges of colleges_publics_62.geojson (MEN dataset),
  ``precision`` "adresse", REP status 2021 and UAI in ``attributes``.
* ``cer`` (centres d'entretien / d'exploitation routière): no open dataset lists them;
  the contracts name one, "CER d'Audruicq" (Région d'Audruicq, line 5836; line 5818 says
  it is "situé face aux locaux techniques de la CCRA"). Every "CER d'<commune>" /
  "CER de <commune>" printed in a contract is a row (:func:`cer_rows`), at the mairie of
  that commune (``precision`` "mairie": the commune is known, not the address).

``attributes`` is a JSON object (sorted keys). Coordinates are WGS 84, 6 decimals.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.model.names import CommuneIndex, normalize_name
from geo.model.paths import GEODATA_SOURCES
from geo.seed import key_figures
from geo.seed.document import SeedDocument
from geo.seed.projects_places import COMMUNE_ALIASES

OUTPUT = "presence/presence.csv"
COLUMNS = ["presence_id", "kind", "name", "commune_insee", "address", "lon", "lat",
           "precision", "epci_siren", "attributes", "source", "source_ref"]
ADDRESS_LIST_TITLE = "Adresses des 16 Maisons du Département"
RECUEIL_SOURCE = ("Recueil des actes administratifs du Département du Pas-de-Calais, "
                  "mai 2019")
COLLEGES_FILE = "colleges_publics_62.geojson"

CIS_UNRESOLVED = ("nom de centre composé de deux noms de communes : emplacement non "
                  "déterminable depuis le texte")


class PresenceError(ValueError):
    """A presence point cannot be placed as expected."""


@dataclass(frozen=True)
class Maison:
    kind: str            # "mds" or "mdadt"
    name: str            # "Maison du Département Solidarité de l'Arrageois"
    territoire: str      # "Arrageois"
    address: str
    postal_code: str
    commune_text: str    # "SAINT-NICOLAS"
    start: int
    end: int


# --- reference data ------------------------------------------------------------------

@lru_cache(maxsize=1)
def communes() -> pd.DataFrame:
    """The 887 communes (no geometry): code, name, EPCI, postal codes, mairie."""
    frame = gpd.read_file(GEODATA_SOURCES / "communes_62.geojson", columns=[
        "code_insee", "nom", "population", "epci_siren", "codes_postaux",
        "mairie_lon", "mairie_lat"])
    return pd.DataFrame(frame.drop(columns="geometry")).set_index("code_insee")


@lru_cache(maxsize=1)
def commune_index() -> CommuneIndex:
    return CommuneIndex(communes()["nom"].to_dict())


def men_source_line() -> str:
    """The MEN attribution line of PROVENANCE.md (the collèges' source)."""
    text = (GEODATA_SOURCES / "PROVENANCE.md").read_text(encoding="utf-8")
    match = re.search(r'Attribution: "(Source : ministère de l\'Éducation nationale[^"]+)"',
                      text)
    if not match:
        raise PresenceError("PROVENANCE.md : ligne d'attribution du MEN introuvable")
    return re.sub(r"\s+", " ", match.group(1))


# --- the 16 Maisons du Département ----------------------------------------------------

def maisons(doc: SeedDocument) -> list[Maison]:
    """Parse the address list: one entry per "- Maison du Département …" item."""
    titles = [n for n, text in enumerate(doc.lines, start=1)
              if text.strip() == ADDRESS_LIST_TITLE]
    if len(titles) != 1:
        raise PresenceError(f"« {ADDRESS_LIST_TITLE} » trouvé {len(titles)} fois")
    entries, number = [], titles[0] + 1
    while not doc.line(number).strip():
        number += 1
    while number <= len(doc.lines) and doc.line(number).strip():  # up to the next blank
        if doc.line(number).strip().startswith("- Maison du Département"):
            entries.append([number])
        elif entries:
            entries[-1].append(number)
        else:
            raise PresenceError(f"{doc.ref(number)} : ligne inattendue avant la 1re Maison")
        number += 1
    found = [_maison(doc, lines) for lines in entries]
    if len(found) != 16:
        raise PresenceError(f"{len(found)} Maisons du Département lues au lieu de 16")
    return found


def _maison(doc: SeedDocument, lines: list[int]) -> Maison:
    texts = [doc.line(n).strip() for n in lines]
    heading = texts[0].removeprefix("- ")
    rest = texts[1:]
    if heading.endswith("Territorial"):
        heading, rest = f"{heading} {rest[0]}", rest[1:]
    kind = "mds" if " Solidarité " in heading else "mdadt"
    match = re.search(r"(?:Solidarité|Territorial) (?:de l'|du |de la |de |d')(.+)$", heading)
    address = " ".join(rest)
    place = re.search(r"\b(\d{5}) ([A-ZÀ-Ý][A-ZÀ-Ý' -]*?)(?: CEDEX)?$", address)
    if not match or not place:
        raise PresenceError(f"{doc.ref(lines[0], lines[-1])} : adresse illisible {texts!r}")
    return Maison(kind, heading, match.group(1), address, place.group(1), place.group(2),
                  lines[0], lines[-1])


def resolve_commune(name: str, postal_code: str) -> str:
    """INSEE code of an address's commune: by name, else by postal code + name prefix."""
    code = commune_index().code(name)
    if code:
        return code
    key = normalize_name(name)
    table = communes()
    candidates = [insee for insee, row in table.iterrows()
                  if postal_code in row["codes_postaux"].split(";")
                  and normalize_name(row["nom"]).startswith(key + " ")]
    if len(candidates) != 1:
        raise PresenceError(f"commune « {name} » ({postal_code}) : {len(candidates)} "
                            f"candidate(s) {candidates}")
    return candidates[0]


def maison_rows(doc: SeedDocument) -> list[dict]:
    rows = []
    for maison in maisons(doc):
        insee = resolve_commune(maison.commune_text, maison.postal_code)
        postal_codes = communes().at[insee, "codes_postaux"].split(";")
        attributes = {"territoire": maison.territoire,
                      "code_postal_imprime": maison.postal_code,
                      "code_postal_de_la_commune": maison.postal_code in postal_codes}
        rows.append(_point_row(
            f"{maison.kind}-{slug(maison.territoire)}", maison.kind, maison.name, insee,
            maison.address, attributes, f"{RECUEIL_SOURCE}, {ADDRESS_LIST_TITLE.lower()}",
            doc.ref(maison.start, maison.end)))
    return rows


# --- CIS ---------------------------------------------------------------------------

def cis_rows(doc: SeedDocument) -> list[dict]:
    figures = key_figures.key_figures(doc)
    rows = []
    for figure in figures[figures["indicator"] == "cis"].itertuples():
        for name in figure.text.split("; "):
            rows.append(_cis_row(name, figure.epci_siren, figure.source_ref,
                                 _printed_label(name, figure.raw_text)))
    return rows


def _printed_label(name: str, phrase: str) -> str:
    """"Centre d'incendie et de secours d'Audruicq", with the article the text prints."""
    match = re.search(r"(de |d')" + re.escape(name), phrase)
    article = match.group(1) if match else "de "
    return f"Centre d'incendie et de secours {article}{name}"


def _cis_row(name: str, epci_siren: str, source_ref: str, label: str) -> dict:
    insee, reason = commune_index().code(name), "nom de commune"
    if insee is None:
        insee, reason = COMMUNE_ALIASES.get(normalize_name(name), (None, reason))
    source = f"{RECUEIL_SOURCE}, contrat de territoire, section 7"
    attributes = {"nom_imprime": name, "localisation": reason if insee else CIS_UNRESOLVED}
    if insee is None:
        row = _point_row(f"cis-{slug(name)}", "cis", label, None, "", attributes, source,
                         source_ref)
        row["epci_siren"] = epci_siren
        return row
    if communes().at[insee, "epci_siren"] != epci_siren:
        raise PresenceError(f"CIS {name} ({source_ref}) : commune {insee} hors de l'EPCI "
                            f"{epci_siren} du contrat")
    return _point_row(f"cis-{slug(name)}", "cis", label, insee, "", attributes, source,
                      source_ref)


# --- CER -----------------------------------------------------------------------------

CER_NAME = re.compile(r"\bCER d(?:e |['’])\s*(?P<name>[A-ZÉÈ][\w'’-]+(?:-[\w'’-]+)*)")
CER_MENTION = re.compile(r"centre d['’]exploitation routi[eè]re? \(CER\)", re.IGNORECASE)


def cer_rows(doc: SeedDocument) -> list[dict]:
    """The CER the contracts name by their commune, with the other lines of the same
    contract that speak of a CER (kept in ``attributes``)."""
    rows = []
    for block in doc.contracts:
        numbers = range(block.start, block.end + 1)
        mentions = [n for n in numbers if CER_MENTION.search(doc.line(n))]
        for number in numbers:
            for match in CER_NAME.finditer(doc.line(number)):
                name = match.group("name")
                insee = commune_index().code(name)
                if insee is None or communes().at[insee, "epci_siren"] != block.epci_siren:
                    raise PresenceError(f"CER {name} (ligne {number}) : commune introuvable "
                                        f"dans l'EPCI {block.epci_siren}")
                attributes = {"localisation": "nom de commune", "nom_imprime": match.group(0),
                              "autres_mentions": [doc.ref(n) for n in mentions if n != number]}
                rows.append(_point_row(f"cer-{slug(name)}", "cer",
                                       f"Centre d'exploitation routière d'{name}"
                                       if name[0] in "AEIOUÉÈ" else
                                       f"Centre d'exploitation routière de {name}", insee, "",
                                       attributes, f"{RECUEIL_SOURCE}, contrat de territoire",
                                       doc.ref(number)))
    return rows


# --- collèges ------------------------------------------------------------------------

def college_rows() -> list[dict]:
    colleges = gpd.read_file(GEODATA_SOURCES / COLLEGES_FILE)
    source = men_source_line()
    rows = []
    for college in colleges.itertuples():
        address = ", ".join(part for part in [college.adresse, college.lieu_dit,
                                              f"{college.code_postal} {college.commune}"]
                            if part)
        attributes = {"uai": college.uai,
                      "education_prioritaire_2021": college.education_prioritaire_2021,
                      "geoloc_precision": college.geoloc_precision}
        rows.append({
            "presence_id": f"college-{college.uai}", "kind": "college", "name": college.nom,
            "commune_insee": college.code_insee, "address": address,
            "lon": round(college.geometry.x, 6), "lat": round(college.geometry.y, 6),
            "precision": "adresse", "epci_siren": communes().at[college.code_insee, "epci_siren"],
            "attributes": _json(attributes), "source": source,
            "source_ref": f"{COLLEGES_FILE}:{college.uai}",
        })
    return rows


# --- helpers -------------------------------------------------------------------------

def slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-")


def _json(attributes: dict) -> str:
    return json.dumps(attributes, ensure_ascii=False, sort_keys=True)


def _point_row(presence_id: str, kind: str, name: str, insee: str | None, address: str,
               attributes: dict, source: str, source_ref: str) -> dict:
    """A row placed at the mairie of ``insee`` (empty geometry when ``insee`` is None)."""
    row = {"presence_id": presence_id, "kind": kind, "name": name, "commune_insee": insee,
           "address": address, "lon": None, "lat": None, "precision": None,
           "epci_siren": None, "attributes": _json(attributes), "source": source,
           "source_ref": source_ref}
    if insee is not None:
        commune = communes().loc[insee]
        if pd.isna(commune["mairie_lon"]):
            raise PresenceError(f"{presence_id} : pas de mairie connue pour {insee}")
        row.update(lon=round(float(commune["mairie_lon"]), 6),
                   lat=round(float(commune["mairie_lat"]), 6), precision="mairie",
                   epci_siren=commune["epci_siren"])
    return row


def presence(doc: SeedDocument) -> pd.DataFrame:
    frame = pd.DataFrame(maison_rows(doc) + cis_rows(doc) + cer_rows(doc) + college_rows(),
                         columns=COLUMNS)
    duplicates = frame.loc[frame["presence_id"].duplicated(), "presence_id"].tolist()
    if duplicates:
        raise PresenceError(f"identifiants en double : {duplicates}")
    return frame


def build(doc: SeedDocument) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    return {OUTPUT: (presence(doc), ["kind", "presence_id"])}
