"""Shipped tables pass their schemas; a broken copy is rejected with a message naming
the table, the row and the field."""
import pytest

from geo.data import contracts
from geo.model import schemas


def test_shipped_tables_are_valid():
    assert len(contracts.load_projects()) > 0
    assert len(contracts.load_project_sources()) >= len(contracts.load_projects())
    assert len(contracts.load_key_figures()) > 0
    assert len(contracts.load_groupings()) == 20
    assert len(contracts.load_presence()) > 0


@pytest.mark.parametrize("path, schema, id_column, column, bad_value, expected", [
    (contracts.PROJECTS_CSV, schemas.PROJECTS, "project_id", "theme", "Voirie", "theme"),
    (contracts.PROJECTS_CSV, schemas.PROJECTS, "project_id", "epci_siren", "12345", "epci_siren"),
    (contracts.PROJECTS_CSV, schemas.PROJECTS, "project_id", "amount_cents", "-5", "amount_cents"),
    (contracts.PRESENCE_CSV, schemas.PRESENCE, "presence_id", "kind", "piscine", "kind"),
    (contracts.GROUPINGS_CSV, schemas.GROUPINGS, "epci_siren", "grand_territoire", "Flandre",
     "grand_territoire"),
])
def test_violation_names_table_row_and_field(path, schema, id_column, column, bad_value,
                                            expected):
    frame = contracts.read_table(path)
    frame.loc[2, column] = bad_value
    with pytest.raises(schemas.DataValidationError) as info:
        schemas.validate(frame, schema, id_column)
    message = str(info.value)
    assert path.name in message
    assert "ligne 3" in message
    assert f"« {expected} »" in message
    assert bad_value in message


def test_duplicate_ids_rejected():
    frame = contracts.read_table(contracts.PROJECTS_CSV)
    frame.loc[1, "project_id"] = frame.loc[0, "project_id"]
    with pytest.raises(schemas.DataValidationError, match="project_id"):
        schemas.validate(frame, schemas.PROJECTS, "project_id")
