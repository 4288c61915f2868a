"""Subsidies in the national SCDL « Subventions » format (Table Schema 2.1.1).

French local authorities publish the essential data of their subsidy agreements above
23 000 € (décret 2017-779, arrêté of 17/11/2017) in this format. Modules, in the order a
file goes through them: ``schema`` (the shipped schema, recognising a file by its header),
``checks`` (the schema's rules frictionless does not run: SIRET key, one identifier per
beneficiary), ``validate`` (a table -> the import report + the valid rows), ``rules``
(theme and fund from ``objet`` and ``dispositifAide``, documented), ``projects`` (valid
rows -> the atlas's project rows: place, period, generation, partner, stage) and
``publish`` (the atlas's subsidy rows written back as SCDL, validated before writing).
"""
