"""Layer 2, the shipped data: read the files under ``data/`` into frames.

``territory`` (communes, EPCI, outlines), ``contracts`` (projects, groupings, key figures,
presence, coverage, review points), ``sirens`` (SIREN of communes and EPCI) and
``citations`` (the seed documents quoted). Imports :mod:`geo.model` only.
"""
