"""Staff corrections: the filled-in "Points à vérifier" file overrides a field of a project
(by its id), versioned like every import; a restore brings the previous value back; bad
rows get a French error naming the row and the column."""
from __future__ import annotations

import sqlite3

from geo.data.contracts import load_projects
from geo.store import Store, dispose_engines
from geo.importer.validate import validate_bytes

ALLOEU = "P-245900758-college-du-pays-de-l-alloeu"
SALLE = "P-200069029-salle-de-sport"
HEADER = "Point;Type;Identifiant du projet;Projet;Champ;Valeur retenue;Valeur corrigée;Raison\n"


def corrections_csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


def _import(store: Store, data: bytes, name: str = "points.csv", who: str = "Agent MDADT"):
    validation = validate_bytes(data, name)
    return validation, store.import_validation(validation, data, who, accept_partial=True)


def test_a_filled_in_point_overrides_that_field_with_who_and_why(store):
    data = corrections_csv(
        f"p1;Période;{ALLOEU};Collège;Période;non daté;à venir;vu avec la MDADT Artois",
        f"p2;Thématique;{SALLE};Salle;Thématique;Sport;;",          # confirmed: left empty
    )
    validation, version = _import(store, data)
    assert validation.is_corrections and validation.report.ok
    assert validation.report.valid_rows == 1 and version.content == "corrections"
    shipped = load_projects()
    out = _apply(store, version.id, shipped)
    row = out.set_index("project_id").loc[ALLOEU]
    assert row["period"] == "à venir"
    assert "Agent MDADT" in row["period_rule"] and "vu avec la MDADT Artois" in row["period_rule"]
    assert out.set_index("project_id").loc[SALLE, "theme"] == "Sport"     # untouched
    assert (out["project_id"] == shipped["project_id"]).all()             # nothing lost


def _apply(store: Store, version_id: int, projects):
    from geo.store import corrections
    return corrections.apply(projects, store.corrections(version_id))


def test_projects_and_corrections_are_kept_side_by_side_and_restore_undoes(store):
    projects = "intitule;montant;commune;thematique;periode\nSalle;1000;Arras;Sport;2024\n"
    _, first = _import(store, projects.encode(), "projets.csv")
    _, second = _import(store, corrections_csv(f"p;;{ALLOEU};;Période;;2019-2021;"))
    assert second.rows_from == first.id and second.corrections_from == second.id
    assert len(store.projects(second.id)) == 1                  # the imported rows stay
    assert store.corrections(second.id)["value"].tolist() == ["2019-2021"]
    restored = store.restore(first.id, "Agent")
    assert store.corrections(restored.id).empty and len(store.projects(restored.id)) == 1
    name, content = store.original(second.id)
    assert name == "points.csv" and b"2019-2021" in content


def test_bad_rows_name_the_row_and_the_column(store):
    data = corrections_csv(
        f"p1;;P-inconnu;;Période;;2015-2018;",
        f"p2;;{ALLOEU};;Couleur;;rouge;",
        f"p3;;{ALLOEU};;Période;;2042-2050;",
        f"p4;;{ALLOEU};;Commune (code INSEE);;Calais;",
    )
    report = validate_bytes(data, "points.csv").report
    by_row = {e.row: e for e in report.errors}
    assert by_row[2].column == "Identifiant du projet" and "projet inconnu" in by_row[2].message
    assert by_row[3].column == "Champ" and "non corrigeable" in by_row[3].message
    assert by_row[4].column == "Valeur corrigée" and "période" in by_row[4].message
    assert by_row[5].column == "Valeur corrigée" and "intercommunalité" in by_row[5].message
    empty = validate_bytes(corrections_csv(f"p;;{ALLOEU};;Période;;;"), "points.csv").report
    assert not empty.ok and "aucune « Valeur corrigée »" in empty.errors[0].message


def test_an_older_store_is_upgraded_not_broken(tmp_path):
    """A store written before corrections and the schema versions existed gains the new
    tables and columns on next write (tests/test_store_migrations.py: older layouts)."""
    store = Store(tmp_path / "old")
    _import(store, "intitule;montant;commune;thematique;periode\nSalle A;1000;Arras;Sport;2024\n"
            .encode(), "projets.csv")
    with sqlite3.connect(store.path) as conn:
        conn.execute("DROP TABLE corrections")
        conn.execute("DROP TABLE schema_version")
        conn.execute("ALTER TABLE versions DROP COLUMN corrections_from")
        conn.execute("ALTER TABLE versions DROP COLUMN content")
    _, version = _import(store, corrections_csv(f"p;;{ALLOEU};;Nature;;fonctionnement;"))
    assert version.corrections_from == version.id and len(store.projects(version.id)) == 1
    assert store.integrity() == "ok"
    dispose_engines()
