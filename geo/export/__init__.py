"""Print-quality exports of the atlas (no Streamlit here).

- :mod:`geo.export.print_map`: the livret map (PNG, PDF, SVG) of an EPCI or of the
  département, rendered with matplotlib in Lambert-93;
- :mod:`geo.export.booklet`: one PDF booklet per EPCI (map, key figures, projects) and
  the combined PDF;
- :mod:`geo.export.tables`: the filtered project table as CSV (French Excel), XLSX,
  GeoJSON and GeoPackage;
- :mod:`geo.export.cli`: ``python -m geo export`` and ``python -m geo livrets``.
"""
