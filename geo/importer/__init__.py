"""Import of users' spreadsheets: read, map columns, validate, store as versions.

Modules, in the order a file goes through them:
``readers`` (bytes -> table of cells), ``mapping`` (headers -> canonical columns),
``parsers`` (one cell -> typed value), ``referential`` (communes, EPCI, outline),
``validate`` (rows -> report + project rows), ``report``, ``store`` (SQLite versions),
``passwords`` (staff password hashes), ``template`` and ``cli``.
"""
