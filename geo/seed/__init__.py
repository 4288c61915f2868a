"""Reproducible importer of the May 2019 recueil des actes (seed 004).

``python -m geo import-seed`` regenerates the shipped files under ``data/contracts``
and ``data/presence`` byte for byte. Every output row carries its source: the seed
file name and the 1-based line range the fact was read from.
"""
