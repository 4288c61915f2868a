"""Validation of the follow-up files: published subsidies (SCDL) and stage updates.

Both are recognised by their header in :func:`geo.importer.validate.validate_bytes` and
give a :class:`~geo.importer.validation.Validation` like every import: a report naming row,
column, value and a French reason, and the valid rows (project rows for an SCDL file,
stage rows for a stage file).
"""
from __future__ import annotations

from geo.importer import stages
from geo.importer.readers import Table
from geo.importer.referential import territory
from geo.importer.report import issue
from geo.importer.validation import Validation
from geo.store.rows import empty_projects, projects_frame


def validate_stages(table: Table, name: str, digest: str, projects) -> Validation:
    """A stage file: the new stage of operations of the atlas, by their id; ``projects``:
    every project the atlas shows, placed or not, with its stage in force
    (:func:`geo.atlas.projects_in_force`)."""
    report, rows = stages.validate_table(table, projects)
    return Validation(name, digest, report, empty_projects(), table.header, {}, table.kind,
                      stages=rows, content="stages")


def validate_scdl(table: Table, name: str, digest: str) -> Validation:
    """A file in the SCDL « Subventions » format (:mod:`geo.scdl`)."""
    from geo.scdl.projects import RowProject
    from geo.scdl.validate import validate_table as validate_scdl_table

    checked = validate_scdl_table(table)
    report = checked.report
    result = Validation(name, digest, report, empty_projects(), table.header, {}, table.kind,
                        content="scdl")
    if report.file_errors:
        return result
    land, records, seen = territory(), [], {}
    for number, row in checked.rows:
        built = RowProject(number, row, checked.columns, checked.communes.get(number), land)
        record = built.build()
        report.errors += built.errors
        report.warnings += built.warnings
        if record is None:
            continue
        if record["project_id"] in seen:
            report.errors.append(issue(number, None, None, f"doublon de la ligne "
                                       f"{seen[record['project_id']]} (même attribuant, date, "
                                       "décision, bénéficiaire et objet)"))
            continue
        seen[record["project_id"]] = number
        record.update(row=number, source_refs=f"{name}:{number}")
        result.kept_aside[number] = checked.extras.get(number, {})
        records.append(record)
    result.projects = projects_frame(records)
    report.valid_rows = len(records)
    report.errors.sort(key=lambda e: (e.row or 0,))
    report.warnings.sort(key=lambda w: (w.row or 0,))
    return result
