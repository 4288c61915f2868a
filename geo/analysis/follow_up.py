"""The follow-up of each contract: operations by stage, amounts voted and paid, and what
changed since the last yearly point (the comité de pilotage of deliberation 2022-317).

Stages come from the sources only: a subsidy published in the SCDL format has a signed
convention (« conventionnée »); an operation of deliberation 2019-117 was voted on
29 April 2019 (« votée »); the staff's stage files move operations on
(:mod:`geo.importer.stages`). Any other project has no stage (« non renseigné »), never
a guessed one. « What changed » compares the stages in force with those before the last
stage file (:meth:`geo.store.Store.stage_state`): the earlier stage files, and
for an operation none of them moved, the stage its sources give (``source_stage``).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model import vocabulary
from geo.analysis.aggregate import served_epci
from geo.model.amounts import format_eur

COLUMNS = ["generation", "generation_rule", "partner_kind", "partner_name", "partner_id",
           "stage", "stage_date", "decision_ref", "vote_date", "convention_date",
           "amount_paid_cents", "fund", "scdl"]
DELIBERATION_2019 = ("votée", "2019-04-29", "délibération 2019-117 du 29 avril 2019")
STAGES = vocabulary.values(vocabulary.STAGES)
UNKNOWN = vocabulary.STAGE_UNKNOWN
VOTED_OR_LATER = {"votée", "conventionnée", "en cours", "soldée"}


def with_columns(projects: pd.DataFrame) -> pd.DataFrame:
    """``projects`` with every follow-up column (empty where no source gives it), and
    the stage of the deliberation 2019-117 subsidies."""
    out = projects.copy()
    for column in COLUMNS:
        if column not in out:
            out[column] = pd.array([None] * len(out), dtype="Int64") \
                if column == "amount_paid_cents" else None
    voted = out["sources"].fillna("").str.contains("deliberation") & out["stage"].isna()
    stage, date, ref = DELIBERATION_2019
    out.loc[voted, ["stage", "stage_date", "vote_date", "decision_ref"]] = [stage, date, date, ref]
    # what the sources say before any stage file: the first point « what changed » shows
    out["source_stage"], out["source_paid_cents"] = out["stage"], out["amount_paid_cents"]
    out["stage_version"] = pd.array([None] * len(out), dtype="Int64")
    return out


def apply_stages(projects: pd.DataFrame, state: pd.DataFrame) -> pd.DataFrame:
    """The stages in force (``state``, from the store) written onto the projects."""
    if state.empty:
        return projects
    out = projects.copy()
    by_id = state.set_index("project_id")
    hit = out["project_id"].isin(by_id.index)
    ids = out.loc[hit, "project_id"]
    out.loc[hit, "stage"] = ids.map(by_id["stage"]).values
    out.loc[hit, "stage_date"] = ids.map(by_id["stage_date"]).values
    if "version" in by_id and "stage_version" in out:
        out.loc[hit, "stage_version"] = ids.map(by_id["version"]).astype("Int64").values
    refs = ids.map(by_id["decision_ref"])
    out.loc[hit, "decision_ref"] = refs.where(refs.notna(), out.loc[hit, "decision_ref"]).values
    paid = ids.map(by_id["amount_paid_cents"])
    keep = out.loc[hit, "amount_paid_cents"]
    out.loc[hit, "amount_paid_cents"] = paid.where(paid.notna(), keep).astype("Int64").values
    voted = hit & (out["stage"] == "votée") & out["vote_date"].isna()
    out.loc[voted, "vote_date"] = out.loc[voted, "stage_date"]
    return out


@dataclass(frozen=True)
class FollowUp:
    """The « Suivi du contrat » of one EPCI."""

    siren: str
    name: str
    operations: pd.DataFrame     # one row per operation (see :func:`build`)
    by_stage: pd.DataFrame       # stage, operations, voted_cents, paid_cents
    covers: str                  # what the table holds, in French
    last_point: str              # what "since the last point" compares, in French


OPERATION_COLUMNS = ["project_id", "title", "partner", "commune", "theme", "generation",
                     "stage", "stage_date", "decision_ref", "amount_cents",
                     "voted_cents", "amount_paid_cents", "change", "source_refs"]


def build(projects: pd.DataFrame, siren: str, name: str, commune_names: dict[str, str],
          previous: pd.DataFrame) -> FollowUp:
    """The follow-up of EPCI ``siren``: its 2023-2026 operations and every operation with
    a stage; ``previous``: the stages before the last stage file."""
    mine = projects[served_epci(projects).map(lambda each: siren in each)]
    mine = mine[(mine["generation"] == "2023-2026") | mine["stage"].notna()]
    point = not previous.empty or ("stage_version" in projects
                                   and projects["stage_version"].notna().any())
    rows = pd.DataFrame({
        "project_id": mine["project_id"], "title": mine["title"],
        "partner": mine["partner_name"].fillna(mine["maitre_ouvrage"]).fillna(""),
        "commune": mine["commune_insee"].map(commune_names).fillna("EPCI entier"),
        "theme": mine["theme"], "generation": mine["generation"],
        "stage": mine["stage"].fillna(UNKNOWN), "stage_date": mine["stage_date"],
        "decision_ref": mine["decision_ref"], "amount_cents": mine["amount_cents"],
        "voted_cents": mine["amount_cents"].where(mine["stage"].isin(VOTED_OR_LATER)),
        "amount_paid_cents": mine["amount_paid_cents"],
        "change": [_change(r, previous) if point else "" for r in mine.itertuples()],
        "source_refs": mine["source_refs"]})[OPERATION_COLUMNS]
    order = {s: i for i, s in enumerate([*STAGES, UNKNOWN])}
    rows = rows.sort_values(["stage", "title"], key=lambda s: s.map(order) if s.name == "stage"
                            else s.str.lower(), kind="stable").reset_index(drop=True)
    return FollowUp(siren, name, rows, _by_stage(rows), _covers(rows), _last_point(
        point, previous))


def _last_point(point: bool, previous: pd.DataFrame) -> str:
    """What « since the last point » compares, a fragment (« Changements : … »)."""
    if not previous.empty:
        return "depuis le fichier de stades précédent"
    if point:
        return ("depuis les stades donnés par les sources (subventions publiées, délibération "
                "2019-117), avant le premier fichier de stades")
    return "aucun point précédent : aucun fichier de stades importé"


def _change(row, previous: pd.DataFrame) -> str:
    """« conventionnée → en cours ; versé : 20 000 € »: the stage and the amount paid
    before the last stage file (an earlier file's, else the sources') against now."""
    before = previous[previous["project_id"] == row.project_id] if not previous.empty \
        else previous
    if before.empty:
        old_stage = getattr(row, "source_stage", row.stage)
        old_paid = getattr(row, "source_paid_cents", row.amount_paid_cents)
    else:
        old_stage, old_paid = before.iloc[0]["stage"], before.iloc[0]["amount_paid_cents"]
    old_stage = old_stage if isinstance(old_stage, str) else UNKNOWN
    stage = row.stage if isinstance(row.stage, str) else UNKNOWN
    parts = [f"{old_stage} → {stage}"] if old_stage != stage else []
    if not pd.isna(row.amount_paid_cents) and (pd.isna(old_paid) or
                                               old_paid != row.amount_paid_cents):
        parts.append(f"versé : {format_eur(row.amount_paid_cents)}")
    return " ; ".join(parts)


def _by_stage(rows: pd.DataFrame) -> pd.DataFrame:
    grouped = rows.groupby("stage", sort=False).agg(
        operations=("project_id", "size"),
        voted_cents=("voted_cents", lambda s: s.dropna().sum() if s.notna().any() else None),
        paid_cents=("amount_paid_cents", lambda s: s.dropna().sum() if s.notna().any() else None))
    return grouped.reset_index()


def _covers(rows: pd.DataFrame) -> str:
    if rows.empty:
        return ("Aucune opération des contrats 2023-2026 ni aucun stade connu pour cet EPCI : "
                "importez les subventions publiées (SCDL) ou un fichier de stades.")
    unknown = int((rows["stage"] == UNKNOWN).sum())
    text = (f"{len(rows)} opération(s) : celles des contrats 2023-2026 et toutes celles dont "
            "une source donne le stade.")
    if unknown:
        text += f" {unknown} sans stade connu (« {UNKNOWN} »), jamais supposé."
    return text + " « Voté » : montant des opérations votées, conventionnées, en cours ou soldées."
