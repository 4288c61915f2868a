"""Data layer of the Pas-de-Calais atlas: loading, validation, joins, aggregation.

No Streamlit import anywhere in this package: the dashboard, the command line and
the print export all read the data through it.
"""
