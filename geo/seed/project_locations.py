"""Where each contract project is: a commune, its EPCI, or unknown, always with evidence.

Every place comes with ``location_evidence`` (the text quoted, with its line numbers),
``location_rule`` (which kind of evidence) and ``location_lines`` (the lines cited: ``776``,
``17365-17366``, ``782;916;918``). Nothing is guessed: a place the text does not give
uniquely stays ``inconnue`` or is decided by hand in ``data/contracts/location_review.csv``.

First pass (rule ``texte du projet``, :func:`first_pass`)
-------------------------------------------------------
The project's own texts, in the order fiche "Localisation du projet", fiche title,
deliberation wording, label titles, beneficiary commune of the deliberation ("pour son
projet"). The first text naming exactly one commune of the project's EPCI gives it
(:func:`geo.seed.projects_places.find_communes`, aliases with their reason); a commune
outside the EPCI is never kept. Else ``epci`` (rule ``intercommunal``) when a text says
"intercommunal(e)", "communautaire" or "l'ensemble du territoire".

Second pass, for the projects still ``inconnue`` (:func:`second_pass`)
----------------------------------------------------------------------
1. ``collège``: a title naming a public collège ("Quai bus - collège Albert Camus") whose
   name, after normalisation and without its article ("du Bellimont"), is that of exactly
   one collège of ``colleges_publics_62.geojson`` in the project's EPCI: its commune.
2. ``au-delà du contrat`` / ``autre passage du contrat``: the same contract names the
   project's object with a commune (:mod:`geo.seed.project_mentions`), in section 7 or
   elsewhere (Livret II/III, fiches).
   When rules 1 and 2 give different communes, the case is ambiguous.
3. ``revue``: ``location_review.csv`` (``project_id, candidates, decision, lines, reason``)
   decides every ambiguous case (``decision`` = one of the candidate INSEE codes or
   ``inconnue``) and may locate a project no rule locates, with the lines it cites. An
   ambiguous case without a row, a row whose candidates are not the ones found, or a row
   for a project the rules locate stops the import with the list (never a guess).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.model.names import normalize_name
from geo.model.paths import CONTRACTS, GEODATA_SOURCES
from geo.seed.document import SeedDocument
from geo.seed.project_mentions import Mention, contract_mentions, match_titles
from geo.seed.projects_places import communes, find_communes, near_names

LOCATION_REVIEW_CSV = CONTRACTS / "location_review.csv"
COLLEGES_GEOJSON = GEODATA_SOURCES / "colleges_publics_62.geojson"
REVIEW_COLUMNS = ["project_id", "candidates", "decision", "lines", "reason"]

RULE_TEXT = "texte du projet"
RULE_EPCI = "intercommunal"
RULE_COLLEGE = "collège"
RULE_SECTION_7 = "au-delà du contrat"
RULE_PASSAGE = "autre passage du contrat"
RULE_REVIEW = "revue"

_EPCI_WIDE = re.compile(r"\bintercommunal(e|es|aux)?\b|\bcommunautaire\b|"
                        r"l['’]ensemble du territoire", re.IGNORECASE)
_ARTICLE = re.compile(r"^(du|des|de la|de l|de|d|le|la|les|l)\s+")


@dataclass(frozen=True)
class Place:
    commune: str            # INSEE, "" unless precision is "commune"
    precision: str          # commune | epci | inconnue
    evidence: str
    rule: str = ""
    lines: str = ""


@dataclass(frozen=True)
class Text:
    """One text of a project's sources, with the lines it is printed on."""

    where: str
    text: str
    lines: tuple[int, ...]


@dataclass
class Project:
    """What the second pass needs to know of a project."""

    project_id: str
    title: str
    epci_siren: str
    texts: list[Text]
    place: Place


def format_lines(lines) -> str:
    """(17365, 17366) -> "17365-17366"; (782, 916, 918) -> "782;916;918"."""
    lines = sorted(set(lines))
    if len(lines) > 1 and lines[-1] - lines[0] == len(lines) - 1:
        return f"{lines[0]}-{lines[-1]}"
    return ";".join(str(n) for n in lines)


def _ligne(lines) -> str:
    text = format_lines(lines)
    return f"ligne {text}" if text.isdigit() else f"lignes {text}"


# --------------------------------------------------------------------------- first pass
def project_texts(doc: SeedDocument, group) -> list[Text]:
    """The project's own texts, in the order the first pass reads them."""
    texts: list[Text] = []
    for f in group.of("fiche_action"):
        if f.obj.localisation:
            texts.append(Text("Localisation du projet", f.obj.localisation,
                              (f.obj.localisation_line,)))
        title_end = f.obj.start
        while doc.line(title_end + 1).strip():
            title_end += 1
        texts.append(Text("titre de la fiche", f.obj.title,
                          tuple(range(f.obj.start, title_end + 1))))
    for s in group.of("deliberation"):
        texts.append(Text(f"délibération art. {s.obj.article}", s.obj.title, (s.obj.end,)))
    for lab in group.of("map_label"):
        texts.append(Text("étiquette de la carte", lab.obj.title,
                          tuple(range(lab.obj.start, lab.obj.end + 1))))
    for s in group.of("deliberation"):
        if s.obj.beneficiary_commune:
            texts.append(Text(f"bénéficiaire (art. {s.obj.article})", s.obj.beneficiary,
                              (s.obj.end,)))
    return texts


def first_pass(texts: list[Text], epcis: list[str]) -> Place:
    notes: list[str] = []
    for t in texts:
        found = find_communes(t.text)
        inside = [f for f in found if communes()[f.code_insee].epci_siren in epcis]
        if len(found) == 1 and inside:
            hit = inside[0]
            extra = f" ({hit.note})" if hit.note else ""
            return Place(hit.code_insee, "commune",
                         f"{t.where}, {_ligne(t.lines)} : {t.text}{extra}", RULE_TEXT,
                         format_lines(t.lines))
        if len(found) > 1:
            names = ", ".join(f"{f.printed} ({f.code_insee})" for f in found)
            notes.append(f"{t.where} : plusieurs communes citées : {names}")
        notes += [f"{t.where} : {f.printed} ({f.code_insee}) hors de l'EPCI"
                  for f in found if f not in inside]
    for t in texts:
        if _EPCI_WIDE.search(t.text):
            return Place("", "epci", f"{t.where}, {_ligne(t.lines)} : {t.text}", RULE_EPCI,
                         format_lines(t.lines))
    for t in texts:
        near = near_names(t.text, epcis)
        if near:
            notes.append(f"{t.where} : « {t.text} » : nom de lieu non reconnu "
                         f"(nom officiel proche, non retenu : {', '.join(near)})")
    if not notes:
        first = texts[0] if texts else Text("", "", ())
        notes.append(f"aucune commune nommée ({first.where} : {first.text})")
    return Place("", "inconnue", " ; ".join(notes))


# --------------------------------------------------------------------------- collèges
@dataclass(frozen=True)
class College:
    uai: str
    nom: str
    code_insee: str
    key: str                # normalized name without article: "bellimont"


@lru_cache(maxsize=1)
def colleges() -> tuple[College, ...]:
    data = json.loads(COLLEGES_GEOJSON.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        p = feature["properties"]
        out.append(College(p["uai"], p["nom"], p["code_insee"], college_key(p["patronyme"])))
    return tuple(sorted(out, key=lambda c: c.uai))


def college_key(name: str) -> str:
    return _ARTICLE.sub("", normalize_name(name))


def college_in_title(title: str, epci: str) -> College | None:
    """The collège of ``epci`` a title names after the word "collège", if exactly one."""
    match = re.search(r"\bcoll[èe]ge\s+(.+)$", title, re.IGNORECASE)
    if not match:
        return None
    named = " " + college_key(match.group(1)) + " "
    hits = [c for c in colleges() if c.key and communes()[c.code_insee].epci_siren == epci
            and named.startswith(" " + c.key + " ")]
    longest = max((len(c.key) for c in hits), default=0)
    hits = [c for c in hits if len(c.key) == longest]
    return hits[0] if len(hits) == 1 else None


def _college_place(project: Project) -> Place | None:
    for t in project.texts:
        college = college_in_title(t.text, project.epci_siren)
        if college is None:
            continue
        nom = communes()[college.code_insee].nom
        return Place(college.code_insee, "commune",
                     f"collège nommé ({t.where}, {_ligne(t.lines)} : « {t.text} ») → "
                     f"{college.nom} (UAI {college.uai}, colleges_publics_62.geojson) à "
                     f"{nom} ({college.code_insee})", RULE_COLLEGE, format_lines(t.lines))
    return None


# --------------------------------------------------------------------------- mentions
def _mention_place(doc: SeedDocument, mentions: list[tuple[Mention, object]]) -> Place:
    parts, lines = [], []
    for mention, found in mentions:
        where = ("section 7 (Au-delà du contrat)" if mention.in_section_7
                 else f"contrat, {_livret(doc, mention.lines[0])}")
        taken = (f" (« {mention.inherited} » repris du membre précédent)"
                 if mention.inherited else "")
        note = f", {found.note}" if found.note else ""
        nom = communes()[found.code_insee].nom
        parts.append(f"{where}, {_ligne(mention.lines)} : « {mention.quote} »{taken} → "
                     f"« {found.printed} » = {nom} ({found.code_insee}{note})")
        lines += mention.lines
    rule = RULE_SECTION_7 if all(m.in_section_7 for m, _ in mentions) else RULE_PASSAGE
    return Place(mentions[0][1].code_insee, "commune", " ; ".join(parts), rule,
                 format_lines(lines))


def _livret(doc: SeedDocument, line: int) -> str:
    for n in range(line, 0, -1):
        if re.fullmatch(r"Livret [IVX]+", doc.line(n).strip()):
            return doc.line(n).strip()
    return "contrat"


def _candidates_text(codes) -> str:
    return " ; ".join(f"{communes()[c].nom} ({c})" for c in sorted(codes))


# --------------------------------------------------------------------------- review
@dataclass(frozen=True)
class Review:
    project_id: str
    candidates: str         # "La Herlière (62434) ; Villers-Sir-Simon (62860)"
    decision: str           # an INSEE code or "inconnue"
    lines: str              # lines the reason cites: "751;782;914"
    reason: str


def read_location_review(path: Path = LOCATION_REVIEW_CSV) -> dict[str, Review]:
    if not path.exists():
        return {}
    out: dict[str, Review] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != REVIEW_COLUMNS:
            raise ValueError(f"location_review.csv : colonnes {reader.fieldnames}, "
                             f"attendu {REVIEW_COLUMNS}")
        for number, row in enumerate(reader, start=2):
            review = Review(**row)
            if review.decision != "inconnue" and review.decision not in communes():
                raise ValueError(f"location_review.csv, ligne {number} ({review.project_id}), "
                                 f"champ « decision » : {review.decision!r} n'est ni un "
                                 "code INSEE ni « inconnue »")
            if review.decision != "inconnue" and not re.fullmatch(r"\d+([-;]\d+)*",
                                                                   review.lines):
                raise ValueError(f"location_review.csv, ligne {number} ({review.project_id}), "
                                 f"champ « lines » : {review.lines!r}")
            if review.project_id in out:
                raise ValueError(f"location_review.csv, ligne {number} : projet "
                                 f"{review.project_id} en double")
            out[review.project_id] = review
    return out


def _reviewed(project: Project, review: Review, candidates: str) -> Place | None:
    """The reviewed place, or None when the row does not fit the case (listed by caller)."""
    if review.candidates != candidates:
        return None
    if review.decision == "inconnue":
        return Place("", "inconnue", f"revue (location_review.csv) : candidates {candidates}"
                     f" ; non retenue : {review.reason}", RULE_REVIEW, "")
    if communes()[review.decision].epci_siren != project.epci_siren \
            or f"({review.decision})" not in candidates:
        return None
    return Place(review.decision, "commune", f"revue (location_review.csv) : {review.reason}",
                 RULE_REVIEW, review.lines)


# --------------------------------------------------------------------------- second pass
def second_pass(doc: SeedDocument, projects: list[Project],
                review: dict[str, Review] | None = None) -> dict[str, Place]:
    """Final place of every project (project_id -> Place)."""
    review = read_location_review() if review is None else review
    matches = _contract_matches(doc, projects)
    places, problems = {}, []
    for project in projects:
        place, problem = _place_of(doc, project, matches.get(project.project_id),
                                   review.get(project.project_id))
        places[project.project_id] = place
        if problem:
            problems.append(f"  {project.project_id} « {project.title} » : {problem}")
    unknown = sorted(set(review) - set(places))
    problems += [f"  {pid} : projet inconnu" for pid in unknown]
    if problems:
        raise ValueError("localisations à revoir dans data/contracts/location_review.csv :\n"
                         + "\n".join(problems))
    return places


def _contract_matches(doc: SeedDocument, projects: list[Project]) -> dict:
    """project_id -> TitleMatch, every contract's projects matched together."""
    by_epci: dict[str, dict[str, str]] = {}
    for p in projects:
        by_epci.setdefault(p.epci_siren, {})[p.project_id] = p.title
    pending = {p.epci_siren for p in projects if p.place.precision == "inconnue"}
    contracts = {b.epci_siren for b in doc.contracts} & pending
    out = {}
    for epci, titles in sorted(by_epci.items()):
        if epci in contracts:
            out.update(match_titles(titles, contract_mentions(doc, epci), epci))
    return out


def _place_of(doc: SeedDocument, project: Project, match, review: Review | None
              ) -> tuple[Place, str]:
    """(place, problem to report or "")."""
    if project.place.precision != "inconnue":
        return project.place, ("ligne de revue sans objet (projet localisé par son texte)"
                               if review else "")
    college = _college_place(project)
    found = _mention_place(doc, match.mentions) if match and match.commune else None
    candidates: set[str] = set(match.candidates) if match and match.ambiguous else set()
    if college and found and college.commune != found.commune:
        candidates |= {college.commune, found.commune}
    automatic = None if candidates else (college or found)
    if automatic:
        return automatic, ("ligne de revue sans objet (localisation trouvée : "
                           f"{automatic.commune})" if review else "")
    if candidates:
        text = _candidates_text(candidates)
        if review is None:
            return project.place, f"cas ambigu, candidates {text} ({match.why if match else ''})"
        place = _reviewed(project, review, text)
        return (place, "") if place else (project.place, f"revue ne correspond pas : {text}")
    if review is None:
        return project.place, ""
    place = _reviewed(project, review, _candidates_text([review.decision])) \
        if review.decision != "inconnue" else None
    return (place, "") if place else (project.place, "revue sans cas ambigu ni commune")
