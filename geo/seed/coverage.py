"""What the recueil holds for each of the 20 EPCI -> ``contracts/coverage.csv``.

A total of project amounts means something only next to what it covers: twelve livret
maps lost their labels in the text, one EPCI has no contract in the recueil. One row per
EPCI, each fact with its evidence (line ranges of the seed):

* ``contract``: the recueil holds its contract (``contract_lines``); the CA du Pays de
  Saint-Omer has none.
* ``map_labels``: ``read`` (labels found after the map legend, ``map_lines``), ``lost``
  (the legend is printed, no label follows: the labels were drawn, not written, in the
  PDF), ``none`` (no contract, so no map).
* counts of the distinct sources found: ``map_labels_count``, ``fiches_count``,
  ``deliberation_count`` (articles 2-20 of deliberation 2019-117 whose beneficiary is in
  the EPCI), ``contract_text_count`` (operations the running text names,
  :mod:`geo.seed.contract_text`), ``key_figures_lines`` (section 7).
* ``comparable``: the EPCI's project amounts can be compared with other EPCI's (its map
  labels were read); the others are drawn as their own class, never as 0 €.
"""
from __future__ import annotations

import pandas as pd

from geo.seed.contract_text import read_operations
from geo.seed.deliberation import read_subsidies
from geo.seed.document import EPCI_WITHOUT_CONTRACT, SeedDocument
from geo.seed.fiches import read_fiches
from geo.seed.key_figures import find_section
from geo.seed.labels import label_zones, read_labels
from geo.seed.projects_places import commune_index, epci_names

OUTPUT = "contracts/coverage.csv"
COLUMNS = ["epci_siren", "contract", "contract_lines", "map_labels", "map_lines",
           "map_evidence", "map_labels_count", "fiches_count", "deliberation_count",
           "contract_text_count", "key_figures_lines", "comparable"]
STATES = ("read", "lost", "none")


def _span(start: int, end: int) -> str:
    return f"{start}-{end}" if end != start else str(start)


def _map_state(doc: SeedDocument, zone, labels: list) -> tuple[str, str, str]:
    if labels:
        first, last = min(l.start for l in labels), max(l.end for l in labels)
        where = "après la légende" if zone.has_legend else "sans légende, après la signature"
        return "read", _span(first, last), f"{len(labels)} étiquettes lues {where}"
    legend = next(n for n in range(zone.start - 1, 0, -1)
                  if doc.line(n).strip() == "Sources - Réalisation")
    return ("lost", _span(legend, zone.start - 1),
            "légende de la carte imprimée (« Sources - Réalisation »), aucune étiquette "
            "dans le texte : carte du livret illisible dans la source")


def build_coverage(doc: SeedDocument) -> pd.DataFrame:
    labels, _ = read_labels(doc, commune_index())
    fiches = read_fiches(doc)
    subsidies = read_subsidies(doc)
    operations = read_operations(doc)
    zones = {z.epci_siren: z for z in label_zones(doc)}
    rows = []
    for siren in sorted(epci_names()):
        count = {
            "map_labels_count": sum(l.epci_siren == siren for l in labels),
            "fiches_count": sum(siren in f.epci_sirens for f in fiches),
            "deliberation_count": sum(s.epci_siren == siren for s in subsidies),
            "contract_text_count": sum(o.epci_siren == siren for o in operations),
        }
        if siren == EPCI_WITHOUT_CONTRACT or siren not in zones:
            rows.append({"epci_siren": siren, "contract": False, "contract_lines": None,
                         "map_labels": "none", "map_lines": None,
                         "map_evidence": "pas de contrat dans le recueil de mai 2019",
                         **count, "key_figures_lines": None, "comparable": False})
            continue
        block = doc.contract(siren)
        state, lines, evidence = _map_state(doc, zones[siren],
                                            [l for l in labels if l.epci_siren == siren])
        section = find_section(doc, block)
        start, end = section.start, section.end
        rows.append({"epci_siren": siren, "contract": True,
                     "contract_lines": _span(block.start, block.end), "map_labels": state,
                     "map_lines": lines, "map_evidence": evidence, **count,
                     "key_figures_lines": _span(start, end), "comparable": state == "read"})
    return pd.DataFrame(rows, columns=COLUMNS)


def build(doc: SeedDocument) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    return {OUTPUT: (build_coverage(doc), ["epci_siren"])}
