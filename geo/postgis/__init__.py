"""The atlas's layers published as PostGIS tables for the SIG team (QGIS).

``python -m geo publish-postgis [--url URL] [--schema atlas]`` writes what the atlas
shows (the shipped data plus the current staff import) into a schema of its own, in one
transaction: :mod:`geo.postgis.publish`. The tables are declared as data, with their
French comments, in :mod:`geo.postgis.layers` (and the modules it gathers).
"""
