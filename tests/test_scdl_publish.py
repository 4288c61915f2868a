"""Publishing the atlas's subsidies in the SCDL « Subventions » 2.1.1 format
(:mod:`geo.scdl.publish`, ``python -m geo publish-scdl``): the file validates against the
published schema, and importing it again gives the same subsidies (ids, amounts, places,
themes); rows without an original SCDL row are left out with their reason."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Resource, Schema

from geo.atlas import Atlas

from geo.store import current_import_version
from geo.data.contracts import load_projects
from geo.store import Store
from geo.importer.validate import validate_bytes
from geo.store.rows import projects_frame
from geo.scdl import publish, schema
from geo.scdl.publish import NO_SCDL, PublishError, scdl_csv

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "scdl"
GOOD = "bon.csv"
COMPARED = ["project_id", "amount_cents", "commune_insee", "epci_siren", "location_precision",
            "theme", "generation", "stage"]


def import_file(store: Store, name: str, data: bytes | None = None):
    data = (CORPUS / name).read_bytes() if data is None else data
    return store.import_validation(validate_bytes(data, name), data, "test")


def atlas_frame() -> pd.DataFrame:
    atlas = Atlas.load(current_import_version())
    return pd.concat([atlas.projects, atlas.unplaced], ignore_index=True)


def compared(projects: pd.DataFrame) -> list[dict]:
    frame = projects[COMPARED].astype(object)
    records = frame.where(frame.notna(), None).to_dict("records")
    return sorted(records, key=lambda r: r["project_id"])


def records_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_export_of_an_imported_scdl_file_validates_and_lists_what_it_leaves_out(store):
    import_file(store, GOOD)
    result = scdl_csv(atlas_frame())
    assert result.rows == 6
    shipped = set(load_projects()["project_id"])
    assert {p for p, _ in result.left_out} == shipped
    assert {r for _, r in result.left_out} == {NO_SCDL}
    assert result.summary() == (f"6 subventions au format SCDL Subventions 2.1.1 ; "
                                f"{len(shipped)} projets laissés de côté : {len(shipped)} : "
                                f"{NO_SCDL}")
    # the schema's CSV: UTF-8 without BOM, comma, the schema's fields in its order
    assert result.data.split(b"\r\n")[0] == ",".join(schema.names()).encode()
    assert not result.data.startswith(b"\xef\xbb\xbf")
    # the published schema itself, through frictionless, with nothing of the atlas between
    report = Resource(data=result.data, format="csv", encoding="utf-8",
                      schema=Schema.from_descriptor(schema.table_schema())).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    # the rows are those of the file imported, in its order, unchanged
    assert records_of(result.data) == records_of((CORPUS / GOOD).read_bytes())


def test_the_export_imported_again_gives_the_same_subsidies(store):
    first = import_file(store, GOOD)
    before = store.projects(first.id)
    result = scdl_csv(atlas_frame())
    again = validate_bytes(result.data, "export.csv")
    assert (again.report.ok, again.report.valid_rows, again.report.errors) == (True, 6, [])
    assert compared(again.projects) == compared(before)
    second = store.import_validation(again, result.data, "test")
    assert compared(store.projects(second.id)) == compared(before)
    assert result.project_ids == before["project_id"].tolist()
    # and publishing the new version gives the same bytes
    Atlas.load.cache_clear()
    assert scdl_csv(atlas_frame()).data == result.data


def test_subsidies_placed_by_a_commune_column_are_published_with_a_note(store):
    import_file(store, "colonne-commune.csv")
    result = scdl_csv(atlas_frame())
    assert result.rows == 3
    assert result.notes == ["commune non publiée pour 2 subventions placées par une colonne "
                            "« commune » hors schéma (le format SCDL n'a pas de champ de lieu)"]
    assert "Commune" not in result.data.decode().splitlines()[0].split(",")
    assert validate_bytes(result.data, "export.csv").report.ok


def test_a_frame_without_scdl_rows_gives_no_row_and_every_reason():
    shipped = load_projects()
    result = scdl_csv(shipped)
    assert (result.rows, result.project_ids) == (0, [])
    assert result.data == (",".join(schema.names()) + "\r\n").encode()
    assert sorted(result.left_out) == sorted((p, NO_SCDL) for p in shipped["project_id"])
    assert len(result.left_out) == len(shipped) > 100
    assert result.summary().startswith(f"0 subvention au format SCDL Subventions 2.1.1 ; "
                                       f"{len(shipped)} projets laissés de côté")


def good_projects() -> pd.DataFrame:
    return validate_bytes((CORPUS / GOOD).read_bytes(), GOOD).projects


def test_unreadable_incomplete_and_twice_exported_rows_are_left_out_with_their_reason():
    projects = good_projects()
    incomplete = json.loads(projects.loc[1, "scdl"])
    incomplete.update(dateConvention="", idBeneficiaire="")
    projects.loc[1, "scdl"] = json.dumps(incomplete)
    projects.loc[2, "scdl"] = "{pas du json"
    twice = projects.iloc[[0]].assign(row=99)
    result = scdl_csv(pd.concat([projects, twice], ignore_index=True))
    assert result.rows == 4
    ids = projects["project_id"].tolist()
    assert result.left_out == [
        (ids[1], "ligne SCDL d'origine incomplète : dateConvention, idBeneficiaire ou "
                 "rnaBeneficiaire vide(s)"),
        (ids[2], "ligne SCDL d'origine illisible"),
        (ids[0], "identifiant déjà exporté (ligne en double)")]
    assert result.project_ids == [ids[0], *ids[3:]]


def test_a_row_without_any_beneficiary_identifier_is_left_out():
    projects = good_projects().iloc[[0]].copy()
    row = json.loads(projects.iloc[0]["scdl"])
    row.update(idBeneficiaire="", rnaBeneficiaire="")
    projects["scdl"] = json.dumps(row)
    result = scdl_csv(projects)
    assert result.left_out == [(projects.iloc[0]["project_id"],
                                "ligne SCDL d'origine incomplète : idBeneficiaire ou "
                                "rnaBeneficiaire vide(s)")]


def test_an_export_that_would_not_validate_raises_and_names_the_project():
    projects = good_projects()
    row = json.loads(projects.loc[3, "scdl"])
    row["idBeneficiaire"] = "20006967200019"          # key broken after the import
    projects.loc[3, "scdl"] = json.dumps(row)
    with pytest.raises(PublishError) as caught:
        scdl_csv(projects)
    message = str(caught.value)
    assert message.startswith("export SCDL invalide, rien n'est publié : 1 erreur(s)")
    assert "ligne 5, colonne « idBeneficiaire », valeur « 20006967200019 » : SIRET invalide" \
        in message
    assert f"(projet {projects.loc[3, 'project_id']})" in message


def test_the_atomic_write_replaces_a_file_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "subventions.csv"
    target.write_bytes(b"ancien")
    publish.write_file(target, b"nouveau")
    assert target.read_bytes() == b"nouveau"
    assert [p.name for p in tmp_path.iterdir()] == ["subventions.csv"]


def run_geo(*args: str, store: Store):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(REPO), **store.env()})


def test_the_command_writes_the_validated_file_and_says_what_it_left_out(store, tmp_path):
    import_file(store, GOOD)
    out = tmp_path / "subventions.csv"
    done = run_geo("publish-scdl", "--out", str(out), store=store)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == scdl_csv(atlas_frame()).data
    assert done.stdout.startswith(f"écrit : {out} (version 1) : 6 subventions au format SCDL "
                                  "Subventions 2.1.1 ; ")
    assert "projets laissés de côté" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize("where, message", [
    ("missing/subventions.csv", "dossier introuvable"),
    (".", "c'est un dossier, pas un fichier"),
])
def test_the_command_refuses_a_bad_destination_without_traceback(where, message, store,
                                                                tmp_path):
    import_file(store, GOOD)
    done = run_geo("publish-scdl", "--out", str(tmp_path / where), store=store)
    assert done.returncode == 1 and message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_command_with_nothing_to_publish_writes_nothing(store, tmp_path):
    out = tmp_path / "subventions.csv"
    done = run_geo("publish-scdl", "--out", str(out), store=store)
    assert done.returncode == 1 and "rien à publier : aucun fichier importé" in done.stderr
    spreadsheet = b"intitule;montant;commune;thematique;periode\nSalle;1000;Arras;Sport;2024\n"
    import_file(store, "projets.csv", spreadsheet)
    done = run_geo("publish-scdl", "--out", str(out), store=store)
    assert done.returncode == 1 and "rien à publier (version 1) : 0 subvention" in done.stderr
    assert not out.exists() and "Traceback" not in done.stderr


def test_an_empty_frame_of_the_project_schema_publishes_nothing():
    result = scdl_csv(projects_frame([]))
    assert (result.rows, result.left_out, result.notes) == (0, [], [])
