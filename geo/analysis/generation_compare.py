"""The contract generations side by side, and what the 2022 framework says of the previous
one beside what the atlas holds.

- :func:`by_generation`: a tidy frame generation × theme (projects, those with a known
  amount, the known amount in cents: a missing amount is never counted as 0 €), for one
  EPCI (every project serving it, shared ones in full) or the whole département (each
  project once, :mod:`geo.analysis.aggregate`);
- :func:`side_by_side`: the same as a table a person reads, generations as columns;
- :func:`framework_2022`: the figures of the report joined to deliberation 2022-317
  (lines 122-125 and 133-135 of ``002_97c6f9649ae06488.txt``), as data with their quote;
- :func:`gap_sentences`: what the atlas holds for the 2019-2021 generation against those
  figures, said plainly, with what is and is not comparable.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.data import citations
from geo.analysis import generations
from geo.model import vocabulary
from geo.analysis.aggregate import served_epci
from geo.model.amounts import format_eur
from geo.analysis.follow_up import VOTED_OR_LATER
from geo.model.paths import FRAMEWORK_2022

GENERATION_ORDER = vocabulary.values(vocabulary.GENERATIONS)
GENERATION_LABELS = {t.value: t.label for t in vocabulary.GENERATIONS}
THEME_ORDER = vocabulary.values(vocabulary.THEMES)
PREVIOUS = "2019-2021"           # the generation the 2022 report looks back on
FRAMEWORK_REF = generations.FRAMEWORK_REF                      # lines 122-125
INVESTMENT_REF = f"{FRAMEWORK_2022.name}:133-135"
REPORT = "le rapport joint à la délibération 2022-317"
ALL_THEMES = "Toutes thématiques"
SHIPPED_KINDS = {"map_label", "fiche_action", "deliberation", "contract_text"}


def scope(projects: pd.DataFrame, siren: str | None = None) -> pd.DataFrame:
    """The projects serving EPCI ``siren`` (its own and those it shares, each in full), or
    for the département (None) each project once."""
    if "generation" not in projects:
        projects = generations.assign(projects)
    if siren is None:
        return projects.drop_duplicates("project_id")
    serves = served_epci(projects).map(lambda s: isinstance(s, list) and siren in s)
    return projects[serves.astype(bool)]


def _order(values: pd.Series, order: list[str]) -> pd.Series:
    """Rank of each value in ``order`` (others after, alphabetically)."""
    extra = sorted(set(values) - set(order))
    rank = {v: i for i, v in enumerate(order + extra)}
    return values.map(rank)


def ordered_themes(themes) -> list[str]:
    """The distinct themes of ``themes`` in the vocabulary's order (others after)."""
    return sorted(set(themes), key=lambda t: (
        THEME_ORDER.index(t) if t in THEME_ORDER else len(THEME_ORDER), t))


def by_generation(projects: pd.DataFrame, siren: str | None = None) -> pd.DataFrame:
    """One row per (generation, theme) the scope holds: ``count`` (all projects),
    ``known`` (with an amount), ``unknown``, ``amount_cents`` (sum of the known amounts,
    Int64, <NA> when none is known: never 0 €). Generations and themes in the
    vocabulary's order."""
    rows = scope(projects, siren)
    amounts = pd.to_numeric(rows["amount_cents"], errors="coerce").astype("Int64")
    frame = pd.DataFrame({"generation": rows["generation"].fillna(generations.UNKNOWN),
                          "theme": rows["theme"].fillna(vocabulary.THEME_TO_CLASS),
                          "amount": amounts})
    out = frame.groupby(["generation", "theme"], sort=False).agg(
        count=("amount", "size"), known=("amount", "count"),
        amount_cents=("amount", lambda s: s.sum(min_count=1))).reset_index()
    out["unknown"] = out["count"] - out["known"]
    out["amount_cents"] = out["amount_cents"].astype("Int64")
    out = out.assign(_g=_order(out["generation"], GENERATION_ORDER),
                     _t=_order(out["theme"], THEME_ORDER))
    out = out.sort_values(["_g", "_t"]).drop(columns=["_g", "_t"]).reset_index(drop=True)
    return out[["generation", "theme", "count", "known", "unknown", "amount_cents"]]


def generation_totals(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per generation of ``tidy`` (from :func:`by_generation`): count, known, unknown,
    amount_cents (<NA> when no amount of that generation is known)."""
    out = tidy.groupby("generation", sort=False).agg(
        count=("count", "sum"), known=("known", "sum"), unknown=("unknown", "sum"),
        amount_cents=("amount_cents", lambda s: s.sum(min_count=1))).reset_index()
    out["amount_cents"] = out["amount_cents"].astype("Int64")
    return out


def count_text(count: int, unknown: int, noun: str = "projet") -> str:
    """« 9 projets (2 sans montant) », « 1 projet »."""
    text = f"{count} {noun}{'s' if count > 1 else ''}"
    return text + (f" ({unknown} sans montant)" if unknown else "")


def amount_text(cents) -> str:
    """A known amount in French, or what the sources say when none is known."""
    return "aucun montant connu" if pd.isna(cents) else format_eur(cents)


def side_by_side(tidy: pd.DataFrame) -> pd.DataFrame:
    """The table equivalent: one row per theme (then « Toutes thématiques »), for each
    generation present two columns: its projects (« 9 (2 sans montant) ») and its known
    amount (« aucun montant connu » where the sources give none, never 0 €)."""
    present = [g for g in GENERATION_ORDER + sorted(set(tidy["generation"]) -
                                                    set(GENERATION_ORDER))
               if g in set(tidy["generation"])]
    themes = ordered_themes(tidy["theme"])
    totals = generation_totals(tidy).assign(theme=ALL_THEMES)
    cells = pd.concat([tidy, totals], ignore_index=True).set_index(["theme", "generation"])
    table = {"Thématique": themes + [ALL_THEMES]}
    for generation in present:
        counts, amounts = [], []
        for theme in table["Thématique"]:
            if (theme, generation) in cells.index:
                row = cells.loc[(theme, generation)]
                counts.append(count_text(int(row["count"]), int(row["unknown"])))
                amounts.append(amount_text(row["amount_cents"]))
            else:
                counts.append("aucun projet")
                amounts.append("–")
        table[f"{generation} : projets"] = counts
        table[f"{generation} : montant connu"] = amounts
    return pd.DataFrame(table)


def covers(tidy: pd.DataFrame, siren: str | None = None) -> str:
    """What the figures of ``tidy`` cover, in French (the chart's caption)."""
    totals = generation_totals(tidy)
    count, unknown = int(totals["count"].sum()), int(totals["unknown"].sum())
    who = ("chaque projet qui sert l'EPCI, compté en entier même s'il est partagé avec "
           "d'autres EPCI" if siren else "chaque projet compté une fois, même partagé "
           "entre plusieurs EPCI")
    text = (f"Financement du Département connu par les sources, par thématique et "
            f"génération de contrat : {count_text(count, unknown)} ; {who}.")
    if unknown:
        text += (f" Les {unknown} projets sans montant dans les sources sont comptés au bout "
                 "des barres et dans le tableau, jamais comme 0 €." if unknown > 1 else
                 " Le projet sans montant dans les sources est compté au bout de sa barre "
                 "et dans le tableau, jamais comme 0 €.")
    absent = [g for g in GENERATION_ORDER if g != generations.UNKNOWN
              and g not in set(totals["generation"])]
    if absent:
        text += (" Aucun projet de la génération " + " ni de la génération ".join(absent)
                 + " dans cette sélection de l'atlas.")
    if generations.UNKNOWN in set(totals["generation"]):
        text += (" « Non établie » : la source ne donne ni année ni période (jamais "
                 "devinée).")
    return text


@dataclass(frozen=True)
class Figure:
    """A figure the 2022 report gives for the previous generation."""

    key: str
    value: int              # operations, years, or cents for euros
    at_least: bool          # the text says « plus de »: a lower bound
    unit: str               # "opérations" | "années" | "€"
    label: str              # what it counts, in French
    words: str              # the figure as the text writes it
    quote: str              # the passage, as printed (line breaks aside)
    source_ref: str

    @property
    def text(self) -> str:
        """« plus de 100 opérations », « 25 400 000 € »."""
        value = format_eur(self.value) if self.unit == "€" else f"{self.value} {self.unit}"
        return ("plus de " if self.at_least else "") + value

    @property
    def citation(self) -> str:
        return citations.citation(self.source_ref)


_FIGURES = (
    Figure("annees", 4, False, "années", "Durée de la génération votée le 12 novembre 2018",
           "en 4 années", "La précédente génération de contractualisation, votée le 12 "
           "novembre 2018, a permis en 4 années", FRAMEWORK_REF),
    Figure("operations", 100, True, "opérations", "Opérations accompagnées",
           "plus de 100 opérations", "d’accompagner plus de 100 opérations", FRAMEWORK_REF),
    Figure("fit", 2_540_000_000, False, "€", "Fonds d'Innovation Territorial (FIT) mobilisé",
           "25,4 millions d’euros", "une mobilisation de 25,4 millions d’euros issus du "
           "Fonds d’Innovation Territorial", FRAMEWORK_REF),
    Figure("droit_commun", 1_240_000_000, True, "€",
           "Financements de droit commun associés, pour certains projets",
           "plus de 12,4 millions d’euros", "associée, pour certains projets à plus de 12,4 "
           "millions d’euros de financements de droit commun", FRAMEWORK_REF),
    Figure("investissement_public", 23_700_000_000, True, "€",
           "Investissement public de ces opérations, tous financeurs",
           "plus de 237 millions d’euros", "Ces 100 opérations représentent un "
           "investissement public de plus de 237 millions d’euros collectivement mobilisés",
           INVESTMENT_REF),
)


def framework_2022() -> tuple[Figure, ...]:
    """The report's figures for the 2019-2021 generation, in the order it gives them."""
    return _FIGURES


def framework(key: str) -> Figure:
    return next(f for f in _FIGURES if f.key == key)


@dataclass(frozen=True)
class Holdings:
    """What the atlas holds for one generation (each project once)."""

    generation: str
    count: int
    known: int
    amount_cents: int | None        # None: no amount known
    no_stage: int                   # no source says it was voted, or later
    imported: int                   # from the staff's imports (not the May 2019 recueil)
    fit_known: int                  # with an amount its source says is FIT
    fit_cents: int | None
    cost_known: int                 # with a total cost (fiche action)
    cost_cents: int | None
    undetermined: int               # projects of the atlas whose generation is not established


def _sum(values: pd.Series) -> int | None:
    known = pd.to_numeric(values, errors="coerce").dropna()
    return int(known.sum()) if len(known) else None


def holdings(projects: pd.DataFrame, generation: str = PREVIOUS) -> Holdings:
    """The atlas's holdings for ``generation`` over ``projects`` (each project once)."""
    every = scope(projects)
    rows = every[every["generation"] == generation]
    amounts = pd.to_numeric(rows["amount_cents"], errors="coerce")
    stage = rows["stage"] if "stage" in rows else pd.Series(None, index=rows.index)
    kinds = rows["sources"].fillna("").str.split(";")
    imported = kinds.map(lambda k: not set(k) & SHIPPED_KINDS)
    fund = rows["fund"] if "fund" in rows else pd.Series(None, index=rows.index)
    fit = amounts[fund.astype(str).str.upper().eq("FIT")]
    cost = rows["total_cost_cents"] if "total_cost_cents" in rows else \
        pd.Series(dtype="float")
    return Holdings(generation, len(rows), int(amounts.notna().sum()), _sum(amounts),
                    int((~stage.isin(VOTED_OR_LATER)).sum()), int(imported.sum()),
                    int(fit.notna().sum()), _sum(fit),
                    int(pd.to_numeric(cost, errors="coerce").notna().sum()), _sum(cost),
                    int((every["generation"] == generations.UNKNOWN).sum()))


def _lines_of(figure: Figure) -> str:
    return citations.parse(figure.source_ref).lines_text


def _operations_sentence(h: Holdings) -> str:
    ops = framework("operations")
    known = (f"dont {h.known} avec un montant ({format_eur(h.amount_cents)})" if h.known
             else "dont aucune avec un montant")
    start = (f"{REPORT.capitalize()} compte « {ops.words} » pour la génération {PREVIOUS} "
             f"(votée le 12 novembre 2018, « {framework('annees').words} », {_lines_of(ops)}) "
             + (f"; l'atlas en connaît {h.count}, {known}" if h.count else
                "; l'atlas n'en connaît aucune"))
    missing = ops.value - h.count
    if missing < 0:
        return (start + " : le rapport ne dit pas combien il en compte au-delà de 100, "
                "l'atlas ne peut donc pas dire s'il lui en manque.")
    gap = (f"plus de {missing} opérations de cette génération" if missing > 1 else
           "plus d'une opération de cette génération" if missing == 1 else
           "au moins une opération de cette génération")
    if not h.undetermined:
        return start + f" : {gap} manque{'nt' if missing > 1 else ''} donc à l'atlas."
    return (start + f" : {gap} lui manque{'nt' if missing > 1 else ''} donc, ou "
            f"{'sont' if missing > 1 else 'est'} parmi ses {h.undetermined} projets dont la "
            "génération n'est pas établie (ni année ni période dans leur source : des "
            "financements 2015-2018 comme des opérations « à venir » de 2019-2021 peuvent "
            "s'y trouver).")


def _origin_sentence(h: Holdings) -> str:
    if not h.count:
        return ("L'atlas ne classe aucune opération dans cette génération : ses sources "
                "n'en donnent pas, ou pas avec une année ou une période.")
    origin = ("viennent du recueil des actes de mai 2019 (les contrats tels que signés)"
              if not h.imported else
              f"viennent du recueil des actes de mai 2019 (les contrats tels que signés) et, "
              f"pour {h.imported}, des données importées (subventions, fichiers des agents)")
    text = (f"Cet écart suppose que chacune des {h.count} opérations de l'atlas est l'une de "
            f"celles du rapport. Elles {origin} : les opérations ajoutées de 2019 à 2022 "
            "n'y sont que si une source importée les donne.")
    if h.no_stage:
        text += (f" {h.no_stage} d'entre elles ne sont dites votées par aucune source : "
                 "celles qui n'auraient jamais été engagées agrandiraient l'écart.")
    return text


def _amount_sentences(h: Holdings) -> list[str]:
    fit, common = framework("fit"), framework("droit_commun")
    report = (f"{REPORT.capitalize()} chiffre le Fonds d'Innovation Territorial mobilisé à "
              f"{fit.words} et les financements de droit commun associés, pour certains "
              f"projets, à {common.words} ({_lines_of(fit)})")
    if not h.known:
        return [report + " ; l'atlas ne connaît aucun montant pour cette génération"
                + (f" (ses {h.count} opérations ne sont jamais comptées 0 €)." if h.count
                   else ".")]
    rest = h.count - h.known
    holds = (f" ; l'atlas connaît {format_eur(h.amount_cents)} pour cette génération, sur "
             f"{h.known} de ses {h.count} opérations" +
             (f" : les {rest} autres n'ont pas de montant dans les sources (jamais comptées "
              "0 €)." if rest > 1 else " : l'autre n'a pas de montant dans les sources "
              "(jamais comptée 0 €)." if rest else "."))
    if h.fit_known:
        which = (f"seuls {format_eur(h.fit_cents)} ({h.fit_known} subvention"
                 f"{'s' if h.fit_known > 1 else ''}) sont dits du FIT par leur source")
    else:
        which = "aucune source de l'atlas ne dit lesquels sont du FIT"
    caveat = (f"Ces {format_eur(h.amount_cents)} ne se comparent pas aux {fit.words} du "
              "FIT : ce sont les montants des contrats et des délibérations (dont la "
              "2019-117), FIT et politiques sectorielles de droit commun mêlés, et "
              f"{which}. L'écart ne se lit donc pas comme un montant de FIT manquant.")
    return [report + holds, caveat]


def _investment_sentence(h: Holdings) -> str:
    figure = framework("investissement_public")
    text = (f"{REPORT.capitalize()} évalue l'investissement public de ces opérations à "
            f"{figure.words} « collectivement mobilisés », tous financeurs publics "
            f"confondus ({_lines_of(figure)}) ; ")
    if not h.cost_known:
        return text + "l'atlas ne connaît le coût total d'aucune d'elles."
    return text + (f"l'atlas connaît le coût total de {h.cost_known} des {h.count} "
                   f"opérations ({format_eur(h.cost_cents)}, donné par leur fiche action ou "
                   "leur import) : "
                   "un coût de projet, pas le seul investissement public, et pour une "
                   "partie des opérations seulement.")


def gap_sentences(projects: pd.DataFrame) -> list[str]:
    """French sentences setting what ``projects`` (the whole atlas: each project once)
    hold for the 2019-2021 generation beside the 2022 report's figures."""
    h = holdings(projects, PREVIOUS)
    return [_operations_sentence(h), _origin_sentence(h), *_amount_sentences(h),
            _investment_sentence(h)]


def framework_beside_atlas(projects: pd.DataFrame) -> pd.DataFrame:
    """The report's figures (with their lines) beside what the atlas holds for the
    2019-2021 generation: one row per figure, French columns."""
    h = holdings(projects, PREVIOUS)
    amounts = (f"{format_eur(h.amount_cents)} connus sur {h.known} opération"
               f"{'s' if h.known > 1 else ''}, FIT et droit commun non séparés"
               if h.known else "aucun montant connu")
    atlas = {
        "annees": "2019 à 2022 (une opération engagée en 2022 est comptée dans la "
                  "génération 2019-2021)",
        "operations": count_text(h.count, h.count - h.known, "opération"),
        "fit": amounts if not h.fit_known else
        f"{format_eur(h.fit_cents)} dits du FIT par leur source ({h.fit_known})",
        "droit_commun": amounts,
        "investissement_public": (f"coût total connu de {h.cost_known} opération"
                                  f"{'s' if h.cost_known > 1 else ''} : "
                                  f"{format_eur(h.cost_cents)}" if h.cost_known else
                                  "non connu de l'atlas"),
    }
    return pd.DataFrame({
        "Chiffre du rapport 2022-317": [f.label for f in _FIGURES],
        "Ce que dit le rapport": [f.words for f in _FIGURES],
        "Lignes": [_lines_of(f) for f in _FIGURES],
        f"Ce que l'atlas connaît ({PREVIOUS})": [atlas[f.key] for f in _FIGURES]})
