"""Data layer of the Pas-de-Calais atlas: loading, validation, joins, aggregation.

No Streamlit import anywhere in this package: the dashboard, the command line and
the print export all read the data through it. Its packages are layers, each importing
only the layers under it (``tests/test_import_rules.py`` checks it), bottom to top:

1. :mod:`geo.model`: vocabulary, schemas, amounts, names, paths, colours, labels;
2. :mod:`geo.data` (the shipped files read) and :mod:`geo.seed` (those files rebuilt
   from the source documents);
3. :mod:`geo.store`: the versioned store of the staff's imports (SQLite or PostgreSQL);
4. :mod:`geo.analysis`: sums, filters, rankings, comparisons, generations, follow-up;
5. :mod:`geo.atlas`: everything the dashboard and the exports read, loaded once;
   :mod:`geo.views` above it: what one view shows (:class:`geo.views.epci.EpciView`),
   built once per view state and data version;
6. :mod:`geo.importer` and :mod:`geo.scdl` (users' files read, validated, written through
   the store), :mod:`geo.export` (print, tables), :mod:`geo.postgis` (publication);
7. ``python -m geo`` (:mod:`geo.__main__`), the command line.
"""
