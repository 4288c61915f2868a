"""``python -m geo summary --json``: the data in figures, one JSON object.

Used by the README's "what is in the data" section and by other tools. Amounts are in
euros (main amounts only: the "à venir" part of a map label is never included).
"""
from __future__ import annotations

import pandas as pd

from geo.data import contracts, territory
from geo.model.schemas import PRESENCE_KINDS

SOURCE_KINDS = ("map_label", "fiche_action", "deliberation", "contract_text")


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


def period_summary(projects: pd.DataFrame) -> dict:
    """Count and known amount of the distinct projects per period ("non daté" included)."""
    out = {}
    for period, group in projects.groupby("period", sort=True):
        out[period] = {"count": int(len(group)),
                       "amount_eur": _euros(int(group["amount_cents"].fillna(0).sum()))}
    return out


def coverage_summary() -> dict:
    table = contracts.load_coverage()
    keys = ["map_labels", "map_labels_count", "fiches_count", "deliberation_count",
            "contract_text_count", "comparable"]
    return {siren: {"contract": bool(row["contract"]),
                    **{k: (row[k] if isinstance(row[k], str) else
                           bool(row[k]) if k == "comparable" else int(row[k])) for k in keys},
                    "map_lines": row["map_lines"] if isinstance(row["map_lines"], str) else None}
            for siren, row in table.sort_index().iterrows()}


def default_indicator() -> dict:
    """The département map's default indicator, null where there is no figure."""
    from geo.analysis import investment

    table = investment.breakdowns(contracts.load_key_figures(),
                                  sorted(contracts.load_coverage().index))
    return {"key": investment.KEY, "label": investment.LABEL, "unit": "€",
            "values": {s: (None if b.total_eur is None else _number(b.total_eur))
                       for s, b in table.items()},
            "lower_bound": {s: b.lower_bound for s, b in table.items() if b.total_eur},
            "definition": investment.DEFINITION}


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
            "by_period": period_summary(projects),
            "without_amount": int(projects["amount_cents"].isna().sum()),
            "shared": int(projects["epci_sirens"].str.contains(";").sum()),
        },
        "coverage": coverage_summary(),
        "departement_default_indicator": default_indicator(),
        "review_points": {k: int(v) for k, v in
                          contracts.load_review_points()["kind"].value_counts().sort_index().items()},
        "key_figures": key_figures,
    }


def markdown(summary: dict) -> str:
    """The README's "what is in the data" block (kept in sync by a test)."""
    from geo.model.amounts import format_number

    projects = summary["projects"]
    lines = [
        f"- **{summary['communes']} communes**, **{summary['epcis']} EPCI**, "
        f"{format_number(summary['population'])} habitants (population légale 2023).",
        "- Grands territoires des Assises : " + " ; ".join(
            f"{name} ({len(sirens)} EPCI)" for name, sirens in summary["grands_territoires"].items())
        + ".",
        "- Présence du Département : " + ", ".join(
            f"{count} {kind.upper() if kind in ('mds', 'mdadt', 'cis', 'cer') else 'collèges'}"
            for kind, count in summary["presence"].items())
        + " (CER : seuls ceux que les contrats nomment).",
        f"- **{projects['count']} projets** (livrets des contrats 2019-2021, délibération "
        f"2019-117, texte des contrats), "
        f"{format_number(projects['amount_eur'])} € de financement départemental connu "
        f"(montants principaux, hors parts « à venir » ; {projects['without_amount']} projets "
        "sans montant dans le texte, jamais comptés 0 €) ; un projet partagé entre plusieurs "
        f"EPCI ({projects['shared']}) est une seule ligne :",
    ]
    labels = {"map_label": "étiquettes des cartes des livrets",
              "fiche_action": "fiches action (part du Département)",
              "deliberation": "subventions votées (délibération 2019-117, art. 2 à 20)",
              "contract_text": "opérations nommées par le texte des contrats"}
    for kind, label in labels.items():
        s = projects["by_source"][kind]
        lines.append(f"  - {label} : {s['count']} projets, {format_number(s['amount_eur'])} €, "
                     f"{len(s['by_epci'])} EPCI")
    coverage = summary["coverage"]
    read = sorted(s for s, c in coverage.items() if c["map_labels"] == "read")
    lost = sorted(s for s, c in coverage.items() if c["map_labels"] == "lost")
    lines.append(f"- Cartes des livrets : étiquettes lues pour {len(read)} EPCI sur "
                 f"{len(read) + len(lost)}, {len(lost)} cartes illisibles dans la source "
                 "(hachurées sur la carte, hors classes).")
    lines.append("- Périodes : " + " ; ".join(
        f"{p} : {v['count']} projets, {format_number(v['amount_eur'])} €"
        for p, v in projects["by_period"].items()) + ".")
    indicator = summary["departement_default_indicator"]
    known = [v for v in indicator["values"].values() if v is not None]
    lines.append(f"- Indicateur par défaut de la carte du département : {indicator['label']}, "
                 f"{len(known)} EPCI, {format_number(sum(known))} € au total (valeurs "
                 "minimales : « plus de »).")
    lines.append(f"- Chiffres clés « Au-delà du contrat » pour {len(summary['key_figures'])} EPCI "
                 "(le contrat de la CA du Pays de Saint-Omer n'est pas dans le recueil).")
    lines.append(f"- Points à vérifier : {sum(summary['review_points'].values())} (" + ", ".join(
        f"{k} {v}" for k, v in summary["review_points"].items()) + ").")
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
