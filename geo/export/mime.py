"""Media types of the exported files (apart, so the page imports no drawing library)."""
MAP = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}
TABLE = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument."
         "spreadsheetml.sheet", "geojson": "application/geo+json",
         "gpkg": "application/geopackage+sqlite3"}
