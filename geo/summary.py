"""``python -m geo summary --json``: the data in figures, one JSON object.

Used by the README's "what is in the data" section and by other tools. Amounts are in
euros (main amounts only: the "à venir" part of a map label is never included).
"""
from __future__ import annotations

import pandas as pd

from geo import contracts, territory
from geo.schemas import PRESENCE_KINDS

SOURCE_KINDS = ("map_label", "fiche_action", "deliberation")


def _euros(cents: int) -> int | float:
    return cents // 100 if cents % 100 == 0 else cents / 100


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def source_summary(sources: pd.DataFrame, projects: pd.DataFrame) -> dict:
    """Count and amount of the distinct projects found in one source, also per EPCI.

    Per EPCI, a project counts in every EPCI whose document prints it (a label printed
    on two EPCI maps counts once in each), so ``by_epci`` may add up to more than the
    département-wide ``count``, which counts each project once."""
    sources = sources.merge(projects[["project_id", "epci_siren"]], on="project_id",
                            how="left")
    if "source_epci_siren" in sources:
        sources["epci_siren"] = sources["source_epci_siren"].fillna(sources["epci_siren"])
    sources = sources.assign(cents=sources["amount_cents"].fillna(0).astype("int64"))
    distinct = sources.drop_duplicates(["project_id"])
    by_epci = {}
    for siren, group in sources.drop_duplicates(["project_id", "epci_siren"]).groupby(
            "epci_siren", sort=True):
        by_epci[siren] = {"count": int(len(group)), "amount_eur": _euros(int(group["cents"].sum()))}
    return {"count": int(len(distinct)), "amount_eur": _euros(int(distinct["cents"].sum())),
            "by_epci": by_epci}


def build_summary() -> dict:
    communes = territory.load_communes()
    groupings = contracts.load_groupings()
    presence = contracts.load_presence()
    projects = contracts.load_projects()
    sources = contracts.load_project_sources()
    grands = {name: sorted(group["epci_siren"])
              for name, group in groupings.groupby("grand_territoire", sort=True)}
    presence_counts = presence["kind"].value_counts()
    by_source = {kind: source_summary(sources[sources["source_kind"] == kind], projects)
                 for kind in SOURCE_KINDS}
    wide = contracts.key_figures_wide()
    key_figures = {siren: {k: _number(v) for k, v in row.dropna().items()}
                   for siren, row in wide.sort_index().iterrows()}
    return {
        "communes": int(len(communes)),
        "epcis": int(communes["epci_siren"].nunique()),
        "population": int(communes["population"].sum()),
        "grands_territoires": grands,
        "presence": {kind: int(presence_counts.get(kind, 0)) for kind in PRESENCE_KINDS},
        "projects": {
            "count": int(len(projects)),
            "amount_eur": _euros(int(projects["amount_cents"].fillna(0).sum())),
            "by_source": by_source,
        },
        "key_figures": key_figures,
    }


def markdown(summary: dict) -> str:
    """The README's "what is in the data" block (kept in sync by a test)."""
    from geo.amounts import format_number

    projects = summary["projects"]
    lines = [
        f"- **{summary['communes']} communes**, **{summary['epcis']} EPCI**, "
        f"{format_number(summary['population'])} habitants (population légale 2023).",
        "- Grands territoires des Assises : " + " ; ".join(
            f"{name} ({len(sirens)} EPCI)" for name, sirens in summary["grands_territoires"].items())
        + ".",
        "- Présence du Département : " + ", ".join(
            f"{count} {kind.upper() if kind in ('mds', 'mdadt', 'cis', 'cer') else 'collèges'}"
            for kind, count in summary["presence"].items()) + " (CER : aucune source ouverte).",
        f"- **{projects['count']} projets** (livrets des contrats 2019-2021, délibération "
        f"2019-117), "
        f"{format_number(projects['amount_eur'])} € de financement départemental "
        "(montants principaux, hors parts « à venir ») :",
    ]
    labels = {"map_label": "étiquettes des cartes des livrets",
              "fiche_action": "fiches action (part du Département)",
              "deliberation": "subventions votées (délibération 2019-117, art. 2 à 20)"}
    for kind, label in labels.items():
        s = projects["by_source"][kind]
        lines.append(f"  - {label} : {s['count']} projets, {format_number(s['amount_eur'])} €, "
                     f"{len(s['by_epci'])} EPCI")
    lines.append(f"- Chiffres clés « Au-delà du contrat » pour {len(summary['key_figures'])} EPCI "
                 "(le contrat de la CA du Pays de Saint-Omer n'est pas dans le recueil).")
    return "\n".join(lines).replace("\u202f", " ")


def update_readme(path) -> bool:
    """Rewrite the README block between the summary markers; True when it changed."""
    import re

    text = path.read_text(encoding="utf-8")
    block = "<!-- summary:start -->\n" + markdown(build_summary()) + "\n<!-- summary:end -->"
    new = re.sub(r"<!-- summary:start -->.*<!-- summary:end -->", lambda _: block, text,
                 flags=re.S)
    path.write_text(new, encoding="utf-8")
    return new != text
