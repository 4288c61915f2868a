"""Stage files (geo.importer.stages) and the stage chain in the store: each rule gives an
error or a warning naming the row and the column; a stage file moves operations on in
the atlas and in the « Suivi du contrat »; a second one shows what changed since the
last point; a restore brings the earlier stages back; a newer SCDL file keeps them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.store import Store
from geo.importer.validate import validate_bytes

SCDL = Path(__file__).parent / "corpus" / "scdl" / "valide.csv"
HEADER = "Identifiant du projet;Stade;Date;Référence de la décision;Montant versé;Commentaire\n"
TERNOIS, LENS_LIEVIN, FLANDRE_LYS = "200069672", "246200364", "245900758"
STUDY, LIBRARY = "Étude de mobilité rurale", "Construction d'une médiathèque"
ALLOEU = "P-245900758-college-du-pays-de-l-alloeu"   # shipped, no stage, no decision, 4,5 M€


def stage_file(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


@pytest.fixture
def ids(store) -> dict[str, str]:
    """The SCDL example imported; its operations' ids by title."""
    data = SCDL.read_bytes()
    store.import_validation(validate_bytes(data, "valide.csv"), data, "Agent")
    projects = store.projects()
    return dict(zip(projects["title"], projects["project_id"]))


def import_stages(store: Store, data: bytes, name: str = "stades.csv"):
    validation = validate_bytes(data, name)
    assert validation.is_stages and not validation.report.errors, validation.report.errors
    return store.import_validation(validation, data, "Agent du suivi")


def stage_of(version_id: int, project_id: str):
    projects = Atlas.load(version_id).projects.set_index("project_id")
    return projects.at[project_id, "stage"], projects.at[project_id, "amount_paid_cents"]


def operation(version_id: int, siren: str, title: str) -> dict:
    ops = Atlas.load(version_id).follow_up(siren).operations
    return ops[ops["title"] == title].iloc[0].to_dict()


# ---------------------------------------------------------------------------------------
# Validation rules

def issues(data: bytes, kind: str = "errors") -> dict[int, tuple[str, str]]:
    report = validate_bytes(data, "stades.csv").report
    return {i.row: (i.column, i.message) for i in getattr(report, kind)}


def test_each_rule_is_an_error_naming_the_row_and_the_column(ids):
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    errors = issues(stage_file(
        "SUB-inconnu;en cours;15/01/2025;;;",                        # 2
        f"{ids[STUDY]};commencée;15/01/2025;;;",                     # 3
        f"{ids[LIBRARY]};en cours;;;;",                              # 4
        f"{ALLOEU};proposée;{future};;;",                            # 5
        f"{ALLOEU};votée;10/03/2025;;;",                             # 6 (and a duplicate)
        f"{ids[STUDY]};en cours;15/01/2025;;60 000,01 €;",           # 7
        f"{ids[LIBRARY]};en cours;15/01/2025;;;",                    # 8
        f"{ids[LIBRARY]};soldée;15/03/2025;;250 000 €;",             # 9: twice
    ))
    assert errors[2][0] == "Identifiant du projet" and "opération inconnue" in errors[2][1]
    assert errors[3][0] == "Stade" and "stade inconnu" in errors[3][1]
    assert "conventionnée" in errors[3][1]                         # says what is allowed
    assert errors[4] == ("Date", "valeur obligatoire manquante")
    assert errors[5][0] == "Date" and "futur" in errors[5][1]
    assert errors[6][0] == "Référence de la décision" and "obligatoire" in errors[6][1]
    assert errors[7][0] == "Montant versé" and "supérieur" in errors[7][1]
    assert errors[9][0] == "Identifiant du projet" and "(ligne 8)" in errors[9][1]
    assert set(errors) == {2, 3, 4, 5, 6, 7, 9}


def test_a_file_without_a_date_column_is_refused_as_a_whole(ids):
    data = f"Identifiant du projet;Stade\n{ids[STUDY]};en cours\n".encode()
    report = validate_bytes(data, "stades.csv").report
    assert report.file_errors and report.file_errors[0].column == "Date"


def test_going_back_and_soldee_without_payment_are_warnings(ids):
    data = stage_file(f"{ids[STUDY]};votée;15/01/2025;;;",            # conventionnée before
                      f"{ids[LIBRARY]};soldée;15/06/2025;;;")
    validation = validate_bytes(data, "stades.csv")
    assert not validation.report.errors and validation.report.valid_rows == 2
    warnings = {w.row: (w.column, w.message) for w in validation.report.warnings}
    assert warnings[2][0] == "Stade" and "retour en arrière" in warnings[2][1]
    assert "conventionnée" in warnings[2][1]
    assert warnings[3] == ("Stade", "opération soldée sans montant versé")


def test_soldee_after_a_payment_already_noted_is_no_warning(store, ids):
    first_point(store, ids)                                   # 20 000 € paid on the study
    report = validate_bytes(stage_file(f"{ids[STUDY]};soldée;30/06/2025;;;"), "s.csv").report
    assert report.ok and report.warnings == []


def test_votee_with_its_decision_reference_and_a_shipped_project(store, ids):
    version = import_stages(store, stage_file(f"{ALLOEU};votée;10/03/2025;CP 2025-077;;"))
    assert stage_of(version.id, ALLOEU)[0] == "votée"
    row = operation(version.id, FLANDRE_LYS, "Collège du Pays de l'Alloeu")
    assert (row["decision_ref"], row["voted_cents"]) == ("CP 2025-077", 450_000_000)
    assert row["change"] == "non renseigné → votée"


# ---------------------------------------------------------------------------------------
# The stage chain in the store

def first_point(store: Store, ids: dict[str, str]):
    return import_stages(store, stage_file(
        f"{ids[STUDY]};en cours;15/01/2025;;20 000 €;premier acompte",
        f"{ids[LIBRARY]};abandonnée;01/02/2025;;;projet retiré"), "stades-2025.csv")


def test_a_stage_file_moves_operations_in_the_atlas_and_the_follow_up(store, ids):
    before = store.current()
    stage, paid = stage_of(before.id, ids[STUDY])
    assert stage == "conventionnée" and pd.isna(paid)        # what the SCDL file says
    version = first_point(store, ids)
    assert version.content == "stages" and version.stages_from == version.id
    assert version.rows_from == before.id                  # the subsidies stay shown
    assert stage_of(version.id, ids[STUDY]) == ("en cours", 2_000_000)
    assert stage_of(version.id, ids[LIBRARY])[0] == "abandonnée"
    study = operation(version.id, TERNOIS, STUDY)
    assert (study["stage"], study["stage_date"], study["amount_paid_cents"]) == (
        "en cours", "2025-01-15", 2_000_000)
    assert study["change"] == "conventionnée → en cours ; versé : 20\u202f000\u00a0€"
    library = operation(version.id, LENS_LIEVIN, LIBRARY)
    assert library["change"] == "conventionnée → abandonnée"
    by_stage = Atlas.load(version.id).follow_up(TERNOIS).by_stage.set_index("stage")
    assert by_stage.at["en cours", "paid_cents"] == 2_000_000


def test_a_second_stage_file_shows_what_changed_since_the_last_point(store, ids):
    first_point(store, ids)
    second = import_stages(store, stage_file(f"{ids[STUDY]};soldée;30/06/2025;;60 000 €;"),
                           "stades-2026.csv")
    fu = Atlas.load(second.id).follow_up(TERNOIS)
    assert "fichier de stades précédent" in fu.last_point
    study = fu.operations.set_index("title").loc[STUDY]
    assert study["change"] == "en cours → soldée ; versé : 60\u202f000\u00a0€"
    assert study["amount_paid_cents"] == 6_000_000
    # moved by the first file only: no change since the last point
    assert operation(second.id, LENS_LIEVIN, LIBRARY)["change"] == ""
    assert stage_of(second.id, ids[LIBRARY])[0] == "abandonnée"         # still in force
    state = store.stage_state(second.id)
    assert set(state["project_id"]) == {ids[STUDY], ids[LIBRARY]}
    assert set(store.stage_state(second.id, previous=True)["stage"]) == {"en cours",
                                                                         "abandonnée"}


def test_a_restore_brings_the_earlier_stages_back_as_a_new_version(store, ids):
    first = first_point(store, ids)
    second = import_stages(store, stage_file(f"{ids[STUDY]};soldée;30/06/2025;;60 000 €;"),
                           "stades-2026.csv")
    restored = store.restore(first.id, "Agent du suivi")
    assert restored.kind == "restore" and restored.restored_from == first.id
    assert restored.id > second.id and store.current().id == restored.id
    assert stage_of(restored.id, ids[STUDY]) == ("en cours", 2_000_000)
    assert operation(restored.id, TERNOIS, STUDY)["change"].startswith(
        "conventionnée → en cours")
    scdl_only = store.restore(1, "Agent du suivi")                    # before any stage file
    stage, paid = stage_of(scdl_only.id, ids[STUDY])
    assert stage == "conventionnée" and pd.isna(paid)
    fu = Atlas.load(scdl_only.id).follow_up(TERNOIS)
    assert fu.last_point.startswith("aucun point précédent")
    assert (fu.operations["change"] == "").all()


def test_a_newer_scdl_file_keeps_the_stage_of_the_same_operation(store, ids):
    first_point(store, ids)
    lines = SCDL.read_text(encoding="utf-8").splitlines()
    # the same subsidy, its amount raised by an amendment, and a new one
    newer = [line.replace(",60000,", ",65000,") for line in lines] + [
        "Département du Pas-de-Calais,22620001200012,2025-04-14,CP 2025-099,Communauté de "
        "communes du Ternois,20006967200018,,Voie verte du Ternois,120000,aide en numéraire,"
        "unique,2025-05-01,,non,1,"]
    data = ("\n".join(newer) + "\n").encode("utf-8")
    version = store.import_validation(validate_bytes(data, "subventions-2025.csv"), data,
                                      "Agent")
    assert version.content == "scdl" and version.stages_from is not None
    assert stage_of(version.id, ids[STUDY]) == ("en cours", 2_000_000)
    study = operation(version.id, TERNOIS, STUDY)
    assert study["amount_cents"] == 6_500_000 and study["source_refs"] == "subventions-2025.csv:5"
    assert operation(version.id, TERNOIS, "Voie verte du Ternois")["stage"] == "conventionnée"
