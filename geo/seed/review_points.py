"""Points to check: every judgement the data makes, for MDADT staff to confirm or correct
-> ``contracts/review_points.csv``.

Each row names what was decided (``kind``), on which project or EPCI, which field and
value, the quoted evidence with its source reference, and the question put to staff. A
correction is imported through the staff import (a file ``project_id, champ, valeur``,
:mod:`geo.importer.corrections`) and overrides that field of that project.

Kinds
-----
* ``periode`` — a map label larger than the whole 2015-2018 total of its domain in
  section 7 cannot be 2015-2018 spending (domain: collèges for a label naming a collège,
  culture, sport, roads for an Aménagement label naming a road); so cannot the labels of
  one domain that add up to more than that total (one point for the EPCI).
* ``commune`` — a commune inferred, not printed with the project: decided in
  ``location_review.csv``, matched from a collège name, read from section 7, or the only
  commune of a commune's own livret.
* ``montant`` — the fiche's Département lines and the decisions added up differ.
* ``theme`` — the theme given by default (no keyword rule applied).
* ``texte`` — the contract's text says another period, nature or commune than the
  project's other sources (the project keeps the other sources' value).
* ``communes`` — the project is in one of a few named communes.
* ``grand_territoire`` — an EPCI that one sentence puts in another grand territoire
  (a pôle métropolitain is not an Assises perimeter).
"""
from __future__ import annotations

import re

import pandas as pd

from geo.seed.projects_text import Conflict

OUTPUT = "contracts/review_points.csv"
COLUMNS = ["point_id", "kind", "project_id", "epci_siren", "field", "value", "evidence",
           "source_ref", "question"]
KIND_LABELS = {
    "periode": "Période en conflit avec la section 7",
    "commune": "Commune déduite",
    "theme": "Thématique par défaut",
    "montant": "Montants différents selon les sources",
    "texte": "Texte contradictoire",
    "communes": "Communes candidates",
    "grand_territoire": "Grand territoire : deux lectures",
}
DOMAIN_OF_THEME = {"Culture": "culture_invest_2015_2018_eur",
                   "Sport": "sport_invest_2015_2018_eur"}
COLLEGE = re.compile(r"\bcoll[èe]ges?\b", re.IGNORECASE)
ROAD = re.compile(r"\b(RD ?\d+\w*|route|voirie|chauss[ée]e|d[ée]viation|giratoire|rocade|"
                  r"passage [àa] niveau|pont)\b", re.IGNORECASE)
INFERRED_PLACES = {"revue": "décidée à la main parmi plusieurs lectures (location_review.csv)",
                   "collège": "nom du collège rapproché de la liste des collèges publics",
                   "au-delà du contrat": "lue dans la section 7, loin de l'étiquette",
                   "livret de la commune": "déduite du livret de la commune où la phrase est "
                                           "imprimée (la phrase ne la nomme pas)"}


def _eur(cents: float) -> str:
    from geo.model.amounts import format_eur
    return format_eur(cents)


def _domain(project: pd.Series) -> str | None:
    if project["theme"] in DOMAIN_OF_THEME:
        return DOMAIN_OF_THEME[project["theme"]]
    if project["theme"] == "Education" and COLLEGE.search(project["title"]):
        return "colleges_invest_2015_2018_eur"
    if project["theme"] == "Aménagement" and ROAD.search(project["title"]):
        return "routes_invest_2015_2018_eur"
    return None


def period_conflicts(projects: pd.DataFrame, sources: pd.DataFrame,
                     figures: pd.DataFrame) -> list[dict]:
    """Labels (no deliberation, no fiche) larger than their domain's 2015-2018 total."""
    totals = figures.set_index(["epci_siren", "indicator"])
    labels = sources[sources["source_kind"] == "map_label"].drop_duplicates("project_id")
    points = []
    for _, p in projects[projects["sources"].str.startswith("map_label")].iterrows():
        domain = _domain(p)
        if domain is None or (p["epci_siren"], domain) not in totals.index:
            continue
        figure = totals.loc[(p["epci_siren"], domain)]
        if pd.isna(p["amount_cents"]) or p["amount_cents"] <= float(figure["value"]) * 100:
            continue
        label = labels[labels["project_id"] == p["project_id"]].iloc[0]
        bound = " (le texte dit « plus de »)" if figure["qualifier"] == "plus de" else ""
        points.append(_point("periode", p, "period", p["period"],
                             f"étiquette « {label['raw_text']} » ({label['source_ref']}) ; "
                             f"section 7 : « {figure['raw_text']} » ({figure['source_ref']})"
                             f"{bound}", label["source_ref"],
                             f"L'étiquette ({_eur(p['amount_cents'])}) dépasse tout "
                             f"l'investissement 2015-2018 du domaine "
                             f"({_eur(float(figure['value']) * 100)}) : ce financement "
                             "est-il d'une autre période (à venir, contrat 2019-2021) ?"))
    return points + domain_sum_conflicts(projects, totals)


def domain_sum_conflicts(projects: pd.DataFrame, totals: pd.DataFrame) -> list[dict]:
    """Per EPCI and domain: the undated labels together larger than the domain's total."""
    labels = projects[(projects["sources"] == "map_label") & (projects["period"] == "non daté")]
    labels = labels.assign(domain=labels.apply(_domain, axis=1)).dropna(subset=["domain"])
    points = []
    for (siren, domain), group in labels.groupby(["epci_siren", "domain"], sort=True):
        if len(group) < 2 or (siren, domain) not in totals.index:
            continue
        figure, total = totals.loc[(siren, domain)], group["amount_cents"].fillna(0).sum()
        if total <= float(figure["value"]) * 100:
            continue
        listing = " ; ".join(f"{t} ({_eur(a)})" for t, a in
                             zip(group["title"], group["amount_cents"].fillna(0)))
        point = _point("periode", None, f"period:{domain}", "non daté",
                       f"étiquettes : {listing} ; section 7 : « {figure['raw_text']} » "
                       f"({figure['source_ref']})", figure["source_ref"],
                       f"Les {len(group)} étiquettes du domaine totalisent {_eur(total)}, plus "
                       f"que tout l'investissement 2015-2018 ({_eur(float(figure['value']) * 100)}) :"
                       " lesquelles sont d'une autre période ?", epci=siren)
        points.append(point)
    return points


def _point(kind: str, project: pd.Series | None, field: str, value, evidence: str, ref: str,
           question: str, epci: str | None = None) -> dict:
    project_id = project["project_id"] if project is not None else None
    epci = epci or (project["epci_siren"] if project is not None else None)
    suffix = f":{ref.rpartition(':')[2]}" if kind == "texte" else ""
    return {"point_id": f"{kind}:{project_id or epci}:{field}{suffix}", "kind": kind,
            "project_id": project_id, "epci_siren": epci, "field": field,
            "value": None if value is None or value != value else str(value),
            "evidence": evidence, "source_ref": ref, "question": question}


def place_points(projects: pd.DataFrame) -> list[dict]:
    points = []
    for _, p in projects.iterrows():
        rule = p["location_rule"]
        if rule in INFERRED_PLACES:
            points.append(_point("commune", p, "commune_insee", p["commune_insee"],
                                 p["location_evidence"], p["source_refs"].split(";")[0],
                                 f"Commune {INFERRED_PLACES[rule]} : est-ce bien elle ?"))
        if p["location_precision"] == "communes candidates":
            points.append(_point("communes", p, "commune_insee", p["candidate_communes"],
                                 p["location_evidence"], p["source_refs"].split(";")[0],
                                 "Le texte cite plusieurs communes : laquelle accueille le "
                                 "projet ?"))
    return points


def amount_points(projects: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Projects whose fiche (Département lines of its plan de financement) says another
    amount than the decisions the atlas adds up (articles, earlier grants)."""
    fiches = sources[sources["source_kind"] == "fiche_action"].drop_duplicates("project_id")
    points = []
    for _, fiche in fiches.iterrows():
        project = projects[projects["project_id"] == fiche["project_id"]].iloc[0]
        if pd.isna(fiche["amount_cents"]) or fiche["amount_cents"] == project["amount_cents"]:
            continue
        points.append(_point("montant", project, "amount_cents", project["amount_cents"],
                             f"fiche action : {fiche['amount_detail'] or fiche['amount_text']} "
                             f"({fiche['source_ref']}) ; montant retenu : "
                             f"{project['amount_rule']}", fiche["source_ref"],
                             f"La fiche donne {_eur(fiche['amount_cents'])}, les décisions "
                             f"{_eur(project['amount_cents'])} : quel montant est juste ?"))
    return points


def theme_points(projects: pd.DataFrame) -> list[dict]:
    return [_point("theme", p, "theme", p["theme"], f"titre : « {p['title']} »",
                   p["source_refs"].split(";")[0],
                   "Aucune règle de mots-clés ne s'applique au titre : la thématique "
                   f"« {p['theme']} » est-elle la bonne ?")
            for _, p in projects[projects["theme_rule"] == "défaut"].iterrows()]


def text_points(projects: pd.DataFrame, conflicts: list[Conflict]) -> list[dict]:
    by_id = projects.set_index("project_id", drop=False)
    return [_point("texte", by_id.loc[c.project_id], c.field, c.kept,
                   f"le texte du contrat dit « {c.text_value} » : « {c.quote} »", c.ref,
                   f"Le projet garde « {c.kept} » (autres sources) ; le texte dit "
                   f"« {c.text_value} » : lequel est juste ?")
            for c in conflicts]


def territory_points(groupings: pd.DataFrame) -> list[dict]:
    points = []
    for _, g in groupings.iterrows():
        if "Pôle métropolitain" in g["evidence"]:
            points.append(_point("grand_territoire", None, "grand_territoire",
                                 g["grand_territoire"], g["evidence"], g["grand_territoire_ref"],
                                 "Une phrase du recueil cite cet EPCI dans le pôle "
                                 "métropolitain de l'Artois : reste-t-il dans le "
                                 f"« {g['grand_territoire']} » pour les Assises ?",
                                 epci=g["epci_siren"]))
    return points


def build_points(projects: pd.DataFrame, sources: pd.DataFrame, figures: pd.DataFrame,
                 groupings: pd.DataFrame, conflicts: list[Conflict]) -> pd.DataFrame:
    rows = (period_conflicts(projects, sources, figures) + place_points(projects)
            + amount_points(projects, sources) + theme_points(projects) + text_points(projects, conflicts)
            + territory_points(groupings))
    return pd.DataFrame(rows, columns=COLUMNS)
