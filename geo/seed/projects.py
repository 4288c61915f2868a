"""Projects of the 2019 contracts: one row per distinct project, linked to every source.

Sources (see each module for its reading rules):

* ``map_label`` – labels of the livret maps (:mod:`geo.seed.labels`);
* ``fiche_action`` – fiches action annexed to the contracts (:mod:`geo.seed.fiches`);
* ``deliberation`` – articles 2-20 of deliberation 2019-117 (:mod:`geo.seed.deliberation`).

Outputs (``build(doc)``): ``contracts/projects.csv`` and ``contracts/project_sources.csv``.

Matching across sources: :mod:`geo.seed.projects_matching`.

Choices for each project
------------------------
* ``amount_cents``: Département's financing by precedence **deliberation (voted) > fiche
  (Département lines of the plan de financement) > label**; each source keeps its own
  amount in ``project_sources.csv``. ``amount_a_venir_cents`` comes from the label only.
* ``title``: fiche title > deliberation wording (first letter capitalised) > label.
* ``epci_siren``: deliberation beneficiary/title > first contract printing the fiche >
  label's contract. ``epci_sirens`` (extra column) lists every EPCI the sources tie the
  project to (Euralens: 3 contracts; Rezo Pouce: 2 maps).
* ``period``: ``2019-2021`` for a project of the deliberation or a fiche (the contracts
  run 2019-2021, the vote is of April 2019); a label alone keeps the label's period
  (``period_rule`` says why). ``year``: 2019 for a deliberation, else the label's year.
* ``nature``: ``investissement`` for deliberation projects (article 22 imputes them on
  autorisations de programme, chapter 204), and for a fiche whose table says "DEPENSES
  D'INVESTISSEMENT"; else the label's nature (``nature_rule`` says why).
* Location (:mod:`geo.seed.project_locations`): the project's own texts first (fiche
  "Localisation du projet", titles, deliberation, beneficiary commune); for the projects
  still unlocated, a collège named in the title, then the same contract's text naming the
  project's object with a commune (section 7 "Au-delà du contrat", Livret II/III); the
  ambiguous cases are decided in ``data/contracts/location_review.csv``. A commune outside
  the project's EPCI is never kept. ``location_evidence`` quotes the text with its line
  numbers (and, for ``inconnue``, why); extra columns ``location_rule`` (kind of evidence)
  and ``location_lines`` (lines cited).
* ``project_id``: ``P-<epci_siren>-<slug of the title>`` (slug cut at 60 characters on a
  word boundary); when a later project of the same EPCI has the same title, ``-<nature>``
  is appended if the natures differ (Chartreuse de Neuville: investment and operation),
  else ``-<amount in euros>`` (two "Restauration de l'église" of the Campagnes de
  l'Artois). It depends only on the printed text, so it does not change when the importer
  re-runs.
"""
from __future__ import annotations

import re

import pandas as pd

from geo.model.names import normalize_name
from geo.model.schemas import PROJECT_AUDIT_COLUMNS, PROJECT_CORE_COLUMNS
from geo.seed import projects_text
from geo.seed.contract_text import read_operations
from geo.seed.deliberation import NATURE_EVIDENCE
from geo.seed.document import SeedDocument
from geo.seed.project_locations import Project, first_pass, project_texts, second_pass
from geo.seed.projects_matching import Item, _items, group_items
from geo.seed.themes import read_overrides, theme_by_rule

SOURCE_ORDER = projects_text.SOURCE_ORDER
PROJECT_COLUMNS = PROJECT_CORE_COLUMNS + PROJECT_AUDIT_COLUMNS
SOURCE_COLUMNS = [
    "project_id", "source_kind", "source_ref", "raw_text", "amount_cents",
    "amount_a_venir_cents",
    # extra columns (audit)
    "source_epci_siren", "source_title", "amount_text", "amount_a_venir_text",
    "amount_detail", "duplicate_refs",
]


# --------------------------------------------------------------------------- choices
def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _beneficiary_as_owner(beneficiary: str) -> str:
    return _upper_first(re.sub(r"^(la |le |les |l')", "", beneficiary, flags=re.IGNORECASE))


def _slug(title: str, limit: int = 60) -> str:
    words = normalize_name(title).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "projet"


def _new_id(used_ids: dict[str, str], epci: str, title: str, line: int) -> str:
    """Id of a project known from the contract's text only; when the slug of its title is
    taken, the line it is printed on is appended (``-l14701``)."""
    project_id = f"P-{epci}-{_slug(title)}"
    if project_id in used_ids:
        project_id = f"{project_id}-l{line}"
    if project_id in used_ids:
        raise ValueError(f"contract_text_operations.csv : titre en double {project_id}")
    used_ids[project_id] = ""
    return project_id


def build_projects(doc: SeedDocument, review=None, overrides=None, location_review=None,
                   operations=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    labels, fiches, subsidies = _items(doc)
    groups, _, undecided = group_items(labels, fiches, subsidies, review)
    _refuse_undecided(undecided)
    overrides = read_overrides() if overrides is None else overrides

    rows, source_rows, located = [], [], []
    used_ids: dict[str, str] = {}   # project_id -> nature
    for group in groups:
        ordered = sorted(group.items, key=lambda i: (SOURCE_ORDER.index(i.kind), i.obj.start))
        row, project = _project_row(doc, group, ordered, used_ids, overrides)
        rows.append(row)
        located.append(project)
        source_rows += [_source_row(doc, row["project_id"], item) for item in ordered]

    _place(rows, second_pass(doc, located, location_review))
    operations = read_operations(doc) if operations is None else operations
    conflicts = projects_text.attach(doc, rows, source_rows, operations,
                                     lambda op: _new_id(used_ids, op.epci_siren, op.title, op.start))
    _apply_text_overrides(rows, overrides, used_ids)
    projects, sources = _frames(rows, source_rows)
    projects.attrs["conflicts"] = conflicts
    return projects, sources


def _refuse_undecided(undecided: list) -> None:
    """Pairs of sources the matcher could not decide stop the build, listed."""
    if undecided:
        listing = "\n".join(f"  {p.a.kind} {p.a.ref} « {p.a.title} » / {p.b.kind} {p.b.ref} "
                            f"« {p.b.title} » (score {p.score:.2f}, {p.why})" for p in undecided)
        raise ValueError("paires à revoir dans data/contracts/project_match_review.csv :\n"
                         + listing)


class _Sources:
    """The first deliberation article, fiche and label of one group of matched items."""

    def __init__(self, group) -> None:
        self.lab, self.fic, self.sub = (group.of("map_label"), group.of("fiche_action"),
                                        group.of("deliberation"))
        self.s = self.sub[0].obj if self.sub else None
        self.f = self.fic[0].obj if self.fic else None
        self.label = self.lab[0].obj if self.lab else None

    def epci(self) -> str:
        """Deliberation beneficiary > fiche's contract > label's contract."""
        if self.s is not None and self.s.epci_siren:
            return self.s.epci_siren
        return self.f.epci_siren if self.f is not None else self.label.epci_siren

    def title(self) -> str:
        if self.f:
            return self.f.title
        return _upper_first(self.s.title) if self.s else self.label.title

    def amount(self) -> tuple:
        """(amount, year, period, period_rule, amount_rule) by precedence."""
        s, f, label = self.s, self.f, self.label
        if s is not None:
            return (s.amount_cents, 2019, "2019-2021",
                    "délibération du 29 avril 2019 (contrats 2019-2021)",
                    f"délibération 2019-117 ({self.sub[0].ref} : « {s.amount_text} »)")
        if f is not None:
            return (f.amount_cents, None, "2019-2021", "fiche action du contrat 2019-2021",
                    f"fiche action ({self.fic[0].ref} : {f.amount_detail or f.amount_text})")
        return (label.amount_cents, label.year, label.period, label.period_rule,
                f"étiquette de la carte ({self.lab[0].ref} : « {label.amount_text} »)"
                if label.amount_text else "étiquette sans montant")

    def nature(self) -> tuple[str, str]:
        if self.s is not None:
            return "investissement", NATURE_EVIDENCE
        if self.f is not None and self.f.investment_table:
            return "investissement", "fiche : « DEPENSES D'INVESTISSEMENT »"
        if self.label is not None:
            return self.label.nature, self.label.nature_rule
        return "non précisé", "fiche sans indication"

    def a_venir(self):
        return next((x.obj.amount_a_venir_cents for x in self.lab
                     if x.obj.amount_a_venir_cents is not None), None)


def _project_id(used_ids: dict[str, str], epci: str, title: str, nature: str, amount
                ) -> str:
    """``P-<epci>-<slug>``, told apart from an earlier project of the same title by its
    nature (Chartreuse) or its amount (two churches)."""
    base = f"P-{epci}-{_slug(title)}"
    project_id = base
    if project_id in used_ids:
        if used_ids[base] != nature:
            project_id = f"{base}-{_slug(nature)}"
        else:
            project_id = f"{base}-{(amount or 0) // 100}"
    if project_id in used_ids:
        raise ValueError(f"identifiant en double : {project_id}")
    used_ids[project_id] = nature
    return project_id


def _project_row(doc: SeedDocument, group, ordered: list[Item], used_ids: dict[str, str],
                 overrides: dict) -> tuple[dict, Project]:
    """One row of projects.csv (without its place) and what locating it needs; ``ordered``:
    the group's items in source order."""
    src = _Sources(group)
    epci = src.epci()
    epcis = [epci] + sorted({e for i in group.items for e in i.epcis} - {epci})
    title = src.title()
    amount, year, period, period_rule, amount_rule = src.amount()
    nature, nature_rule = src.nature()
    texts = project_texts(doc, group)
    project_id = _project_id(used_ids, epci, title, nature, amount)
    theme, theme_rule = ((overrides[project_id][0], "override") if project_id in overrides
                         else theme_by_rule(title))
    s, f = src.s, src.f
    row = {
        "project_id": project_id, "title": title, "epci_siren": epci,
        "theme": theme, "theme_rule": theme_rule,
        "period": period, "nature": nature, "amount_cents": amount,
        "amount_a_venir_cents": src.a_venir(), "year": year,
        "maitre_ouvrage": f.maitre_ouvrage if f else (
            _beneficiary_as_owner(s.beneficiary) if s else ""),
        "total_cost_cents": f.total_cost_cents if f else None,
        "calendar_start": f.calendar_start if f else "",
        "calendar_end": f.calendar_end if f else "",
        "sources": ";".join(k for k in SOURCE_ORDER if group.of(k)),
        "source_refs": ";".join(i.ref for i in ordered),
        "epci_sirens": ";".join(epcis), "period_rule": period_rule,
        "nature_rule": nature_rule, "amount_rule": amount_rule,
    }
    return row, Project(project_id, title, epci, texts, first_pass(texts, epcis))


def _place(rows: list[dict], places: dict) -> None:
    for row in rows:
        place = places[row["project_id"]]
        row.update(commune_insee=place.commune, location_precision=place.precision,
                   location_evidence=place.evidence, location_rule=place.rule,
                   location_lines=place.lines)


def _apply_text_overrides(rows: list[dict], overrides: dict, used_ids: dict) -> None:
    """Theme overrides of projects known from the contracts' text only; an override of a
    project that does not exist is refused."""
    for row in rows:
        if row["project_id"] in overrides and row["sources"] == "contract_text":
            row["theme"], row["theme_rule"] = overrides[row["project_id"]][0], "override"
    unknown = set(overrides) - set(used_ids)
    if unknown:
        raise ValueError(f"theme_overrides.csv : projets inconnus {sorted(unknown)}")


def _frames(rows: list[dict], source_rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables, amounts as nullable integers, an empty text as a missing value."""
    projects = pd.DataFrame(rows, columns=PROJECT_COLUMNS)
    sources = pd.DataFrame(source_rows, columns=SOURCE_COLUMNS)
    for frame, cols in ((projects, ["amount_cents", "amount_a_venir_cents", "year",
                                    "total_cost_cents"]),
                        (sources, ["amount_cents", "amount_a_venir_cents"])):
        for col in cols:
            frame[col] = frame[col].astype("Int64")
    for frame in (projects, sources):
        for col in frame.columns:
            if frame[col].dtype != "Int64":
                frame[col] = frame[col].mask(frame[col] == "", None)
    return projects, sources


def _source_row(doc: SeedDocument, project_id: str, item: Item) -> dict:
    """One row of project_sources.csv: the printed text and amount of one source."""
    obj = item.obj
    row = {"project_id": project_id, "source_kind": item.kind, "source_ref": item.ref,
           "amount_cents": obj.amount_cents, "amount_a_venir_cents": None,
           "source_epci_siren": item.epcis[0] if item.epcis else "",
           "source_title": obj.title, "amount_text": "", "amount_a_venir_text": "",
           "amount_detail": "", "duplicate_refs": ""}
    if item.kind == "map_label":
        row.update(raw_text=obj.raw_text, amount_a_venir_cents=obj.amount_a_venir_cents,
                   source_epci_siren=obj.epci_siren, amount_text=obj.amount_text or "",
                   amount_a_venir_text=obj.a_venir_text or "",
                   duplicate_refs=";".join(doc.ref(a, b) for a, b in obj.duplicate_lines))
    elif item.kind == "fiche_action":
        # title lines, then the Département lines and the TOTAL line of the plan
        lines = [obj.start]
        while doc.line(lines[-1] + 1).strip():
            lines.append(lines[-1] + 1)
        lines += [number for number, _, _ in obj.dep_lines]
        if obj.total_line:
            lines.append(obj.total_line)
        row.update(raw_text=" | ".join(doc.line(n).strip() for n in lines),
                   source_epci_siren=obj.epci_siren, amount_text=obj.amount_text,
                   amount_detail=obj.amount_detail,
                   duplicate_refs=";".join(doc.ref(a, b) for _, a, b in obj.duplicates))
    else:
        row.update(raw_text=" | ".join(doc.line(n).strip() for n in range(obj.start, obj.end + 1)
                                       if doc.line(n).strip()),
                   amount_text=obj.amount_text)
    return row


def build(doc: SeedDocument) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    from geo.seed import groupings, key_figures, review_points

    projects, sources = build_projects(doc)
    points = review_points.build_points(projects, sources, key_figures.key_figures(doc),
                                        groupings.groupings(doc), projects.attrs["conflicts"])
    return {
        "contracts/projects.csv": (projects, ["project_id"]),
        "contracts/project_sources.csv": (sources, ["project_id", "source_kind", "source_ref"]),
        review_points.OUTPUT: (points, ["point_id"]),
    }
