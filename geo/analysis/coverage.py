"""What a total of project amounts covers, said in French wherever one is shown.

Read from ``contracts/coverage.csv`` (:mod:`geo.seed.coverage`): per EPCI, whether the
recueil holds its contract and whether its livret map labels could be read. A total
adds only the amounts the sources give; the sentence says which sources, for how many
EPCI, and how many projects have no amount in the text.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

LOST_LABEL = "Carte du livret illisible dans la source"


@dataclass(frozen=True)
class Coverage:
    table: pd.DataFrame          # coverage.csv, index: SIREN

    @property
    def with_contract(self) -> list[str]:
        return sorted(self.table.index[self.table["contract"]])

    @property
    def lost(self) -> list[str]:
        return sorted(self.table.index[self.table["map_labels"] == "lost"])

    def state(self, siren: str) -> str:
        """"read", "lost" or "none" (no contract)."""
        return str(self.table.at[siren, "map_labels"])

    def sources_sentence(self, sirens: list[str] | None = None) -> str:
        """"étiquettes de carte lues pour 7 EPCI sur 19 (12 cartes illisibles) ; …"."""
        scope = self.table if sirens is None else self.table.loc[
            [s for s in sirens if s in self.table.index]]
        contracts = scope[scope["contract"]]
        read = int((contracts["map_labels"] == "read").sum())
        lost = int((contracts["map_labels"] == "lost").sum())
        text = f"étiquettes de carte lues pour {read} EPCI sur {len(contracts)}"
        if lost:
            text += f" ({lost} carte{'s' if lost > 1 else ''} illisible{'s' if lost > 1 else ''} " \
                    "dans la source)"
        text += ", fiches action, délibération 2019-117 et texte des contrats"
        if len(scope) > len(contracts):
            text += " ; CA du Pays de Saint-Omer : pas de contrat dans le recueil"
        return text

    def epci_sentence(self, siren: str) -> str:
        """"carte du livret lue (24 étiquettes), 1 fiche action, …" for one EPCI."""
        row = self.table.loc[siren]
        if row["map_labels"] == "none":
            return (f"pas de contrat dans le recueil ; {int(row['deliberation_count'])} "
                    "subvention(s) de la délibération 2019-117")
        state = (f"carte du livret lue ({int(row['map_labels_count'])} étiquettes)"
                 if row["map_labels"] == "read" else "carte du livret illisible dans la source")
        return (f"{state}, {int(row['fiches_count'])} fiche(s) action, "
                f"{int(row['deliberation_count'])} article(s) de la délibération 2019-117, "
                f"{int(row['contract_text_count'])} opération(s) citée(s) par le texte du contrat")

    def total_sentence(self, projects: pd.DataFrame, sirens: list[str] | None = None) -> str:
        """What a sum of ``projects`` amounts covers, and what it leaves out."""
        unknown = int(projects["amount_cents"].isna().sum())
        if sirens is not None and len(sirens) == 1 and sirens[0] in self.table.index:
            text = f"Montants lus dans les sources : {self.epci_sentence(sirens[0])}."
        else:
            text = f"Montants lus dans les sources : {self.sources_sentence(sirens)}."
        if unknown:
            text += (f" {unknown} projet{'s' if unknown > 1 else ''} sans montant dans le "
                     "texte (non compté" + ("s" if unknown > 1 else "") + ", jamais à 0 €).")
        shared = int(projects["epci_sirens"].fillna("").str.contains(";").sum()) \
            if "epci_sirens" in projects else 0
        if shared:
            text += (f" {shared} projet{'s' if shared > 1 else ''} partagé"
                     f"{'s' if shared > 1 else ''} entre plusieurs EPCI, compté"
                     f"{'s' if shared > 1 else ''} une fois.")
        return text

    def epci_notice(self, siren: str) -> str | None:
        """The warning at the top of an EPCI's map when its map labels are lost."""
        state = self.state(siren)
        row = self.table.loc[siren]
        if state == "lost":
            return (f"{LOST_LABEL} : les étiquettes de projets de la carte de ce contrat sont "
                    f"perdues dans le texte du recueil (lignes {row['map_lines']}). La carte "
                    f"montre ce que le texte donne encore : {int(row['fiches_count'])} fiche(s) "
                    f"action, {int(row['deliberation_count'])} article(s) de la délibération, "
                    f"{int(row['contract_text_count'])} opération(s) citées par le texte du "
                    "contrat. Ses totaux ne sont pas comparables à ceux des EPCI dont la carte "
                    "a été lue.")
        if state == "none":
            return ("Pas de contrat de territoire dans le recueil de mai 2019 pour cet EPCI : "
                    "seules les subventions votées par la délibération 2019-117 (et les "
                    "imports des agents) sont montrées.")
        return None
