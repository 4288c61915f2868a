"""Territory groupings of the 20 EPCI -> ``territory/epci_groupings.csv``.

Columns: ``epci_siren, grand_territoire, grand_territoire_ref, mdadt_territoire,
mdadt_ref, mds_territoire, mds_ref, evidence`` (``evidence`` says, in French, which text
or rule decided each of the three groupings).

Grand territoire (Assises territoriales: Artois-Gohelle, Littoral-Côte d'Opale, Cœur rural)
--------------------------------------------------------------------------------------
Read from section 2 "Le territoire de …" of Livret I of each contract:

* "Le grand territoire du Littoral-Côte d'Opale se compose de quatre Communautés
  d'Agglomération (…), et de cinq Communautés de Communes (…)" (9 contracts): the names
  in brackets, mapped to SIREN by :data:`LITTORAL_NAMES`. All nine sentences must give
  the same 9 EPCI (CA du Pays de Saint-Omer, without contract, included).
* Artois-Gohelle: the perimeter of the Assises is the Flandre Lys sentence "… fait partie
  des EPCI du territoire des Assises Artois-Gohelle, qui comprend également …" (6 EPCI).
  Five other contracts describe "Le grand territoire Artois-Gohelle" through its two
  pôles métropolitains, which also include the CC des Campagnes de l'Artois and du
  Sud-Artois (and two EPCI of the Nord): a pôle métropolitain is not an Assises
  perimeter, so these two stay in the Cœur rural; ``evidence`` says so.
* Cœur rural: named as the third grand territoire in section 1 of every contract; its
  members are the EPCI named in neither composition (5). Their contracts print no
  composition sentence; ``grand_territoire_ref`` cites their section 1 sentence.

Checks: the nine Littoral sentences give the same 9 EPCI, the five pôle métropolitain
sentences the same 7, which contain the Assises perimeter except Flandre Lys itself; every
EPCI in exactly one grand territoire, all 20 covered, none empty.

MDADT territory (7, names of the address list at the end of the recueil)
------------------------------------------------------------------------
The scale of the "Aménagement du territoire" agents in section 7 ("A l'échelle de
l'Audomarois"), matched to an MDADT name (accent/case-insensitive; a printed name that
is the start of exactly one MDADT name is that one: "du Calais" -> Calaisis).
CA du Pays de Saint-Omer (no contract): Audomarois, the territory of its seat
Saint-Omer, where the MDS de l'Audomarois has its address.

MDS territory (9), first rule that applies
-----------------------------------------
1. the contract names an MDS ("MDS du Calais", "Maison Développement Social de l'Artois
   (MDS)");
2. the seat of an MDS (commune of its address) lies in the EPCI;
3. the contract prints the same "Solidarités humaines" agents figure (first figure of
   section 7) as an EPCI placed by rule 1 or 2, and that figure points to one MDS only
   (71 Boulonnais, 59 Calaisis, 70 Arrageois, 67 Montreuillois);
4. the MDADT scale of the contract is also an MDS name (Audomarois, Artois);
5. otherwise, among the MDS named in the MDADT scale ("Montreuillois - Ternois"), the
   one whose seat is nearest on average to the EPCI's communes (mairie to mairie,
   weighted by population): CC des 7 Vallées -> Montreuillois (about 18 km against 25 km
   for Saint-Pol-sur-Ternoise). This is the weakest assignment: the contract also names
   the PETR "Ternois – 7 Vallées", which ``evidence`` reports.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from geo.model.names import normalize_name
from geo.seed import key_figures, presence
from geo.seed.document import EPCI_WITHOUT_CONTRACT, SeedDocument

OUTPUT = "territory/epci_groupings.csv"
COLUMNS = ["epci_siren", "grand_territoire", "grand_territoire_ref", "mdadt_territoire",
           "mdadt_ref", "mds_territoire", "mds_ref", "evidence"]
ARTOIS_GOHELLE, LITTORAL, COEUR_RURAL = "Artois-Gohelle", "Littoral-Côte d'Opale", "Cœur rural"

# Names of the Littoral-Côte d'Opale composition sentence (normalized) -> SIREN.
LITTORAL_NAMES = {
    "calais": "200090751", "grand calais terres et mers": "200090751",
    "boulonnais": "246200729", "deux baies en montreuillois": "200069029",
    "pays de saint omer": "200069037", "desvres samer": "200018083",
    "terre des deux caps": "246200380", "terre des 2 caps": "246200380",
    "pays d opale": "200072478", "region d audruicq": "246200844",
    "pays de lumbres": "246201016",
}
# EPCI of the département as the Artois-Gohelle sentences name them (normalized text).
ARTOIS_PATTERNS = {
    "246200364": r"lens lievin", "246200299": r"henin carvin",
    "200072460": r"bethune bruay", "200033579": r"urbaine d arras",
    "200044048": r"osartis marquion", "245900758": r"flandre lys",
    "200069482": r"campagnes de l artois", "200035442": r"sud artois",
}
_LITTORAL_RE = re.compile(
    r"Le grand territoire du Littoral-[Cc]ôte d'[Oo]pale se compose de quatre Communautés "
    r"d'[Aa]gglomération \((?P<ca>[^)]+)\),? et de cinq Communautés de [Cc]ommunes "
    r"\((?P<cc>[^)]+)\)")
_ASSISES_RE = re.compile(r"fait partie des EPCI du territoire des Assises Artois-Gohelle")
_POLES_RE = re.compile(r"^Le grand territoire Artois-Gohelle réunit")
_THREE_RE = re.compile(r"trois grands territoires que sont l'Artois-Gohelle")
_MDS_MENTION_RE = re.compile(r"(?:MDS|Maison Développement Social) (?:de l'|du |de la |de |d')"
                             r"(?P<t>[A-ZÉ][\w-]+)")


class GroupingError(ValueError):
    """The texts do not give one consistent grouping."""


@dataclass(frozen=True)
class Sentence:
    epci_siren: str     # contract where it is printed
    line: int
    members: frozenset[str]


# --- grand territoire ---------------------------------------------------------------

def _block_lines(doc: SeedDocument, pattern: re.Pattern) -> dict[str, int]:
    """Contract SIREN -> the one line of its block matching ``pattern`` (if any)."""
    found = {}
    for block in doc.contracts:
        hits = [n for n in range(block.start, block.end + 1) if pattern.search(doc.line(n))]
        if len(hits) > 1:
            raise GroupingError(f"{block.epci_siren} : {len(hits)} lignes {pattern.pattern!r}")
        if hits:
            found[block.epci_siren] = hits[0]
    return found


def littoral_sentences(doc: SeedDocument) -> list[Sentence]:
    sentences = []
    for siren, line in _block_lines(doc, _LITTORAL_RE).items():
        match = _LITTORAL_RE.search(doc.line(line))
        names = [name.strip() for group in ("ca", "cc") for name in match.group(group).split(",")]
        unknown = [name for name in names if normalize_name(name) not in LITTORAL_NAMES]
        if unknown:
            raise GroupingError(f"{doc.ref(line)} : EPCI non reconnu(s) {unknown}")
        members = frozenset(LITTORAL_NAMES[normalize_name(name)] for name in names)
        sentences.append(Sentence(siren, line, members))
    return sentences


def artois_sentences(doc: SeedDocument, pattern: re.Pattern) -> list[Sentence]:
    """Sentences matching ``pattern`` with the EPCI of the département they name."""
    sentences = []
    for siren, line in _block_lines(doc, pattern).items():
        text = normalize_name(doc.line(line))
        members = frozenset(s for s, p in ARTOIS_PATTERNS.items() if re.search(p, text))
        sentences.append(Sentence(siren, line, members))
    return sentences


def _single_composition(sentences: list[Sentence], label: str, size: int) -> frozenset[str]:
    compositions = {sentence.members for sentence in sentences}
    if len(compositions) != 1 or len(next(iter(compositions))) != size:
        raise GroupingError(f"{label} : compositions divergentes "
                            f"{[(s.line, sorted(s.members)) for s in sentences]}")
    return next(iter(compositions))


def grands_territoires(doc: SeedDocument, all_sirens: list[str]) -> dict[str, tuple[str, str, str]]:
    """SIREN -> (grand territoire, source reference, evidence)."""
    littoral = littoral_sentences(doc)
    assises = artois_sentences(doc, _ASSISES_RE)
    poles = artois_sentences(doc, _POLES_RE)
    three = _block_lines(doc, _THREE_RE)
    lco = _single_composition(littoral, LITTORAL, 9)
    if len(assises) != 1:
        raise GroupingError(f"{len(assises)} phrase(s) sur le territoire des Assises "
                            f"{ARTOIS_GOHELLE} au lieu de 1")
    ag = assises[0].members | {assises[0].epci_siren}
    if len(ag) != 6 or ag & lco:
        raise GroupingError(f"{ARTOIS_GOHELLE} : {sorted(ag)} "
                            f"(recoupe le Littoral : {sorted(ag & lco)})")
    in_poles = _single_composition(poles, "pôles métropolitains Artois-Gohelle", 7)
    if in_poles & lco or ag - in_poles != {assises[0].epci_siren}:
        raise GroupingError(f"{ARTOIS_GOHELLE} : Assises {sorted(ag)} et pôles métropolitains "
                            f"{sorted(in_poles)} incompatibles")
    rural = [s for s in all_sirens if s not in lco | ag]
    result = {}
    for siren in all_sirens:
        if siren in lco:
            own = [s for s in littoral if s.epci_siren == siren] or littoral[:1]
            result[siren] = (LITTORAL, doc.ref(own[0].line),
                             f"cité dans la composition du {LITTORAL} (l. {own[0].line})")
        elif siren in ag:
            result[siren] = _artois_entry(doc, siren, assises[0], poles)
        else:
            result[siren] = _rural_entry(doc, siren, three, assises[0], poles, littoral)
    if not rural or len(rural) + len(lco) + len(ag) != len(all_sirens):
        raise GroupingError("grands territoires : couverture incomplète")
    return result


def _artois_entry(doc, siren, assises: Sentence, poles: list[Sentence]) -> tuple[str, str, str]:
    own = [s for s in poles if s.epci_siren == siren and siren in s.members]
    evidence = f"cité dans le territoire des Assises {ARTOIS_GOHELLE} (l. {assises.line})"
    if own:
        evidence += f" et dans la phrase du grand territoire {ARTOIS_GOHELLE} (l. {own[0].line})"
        return ARTOIS_GOHELLE, doc.ref(own[0].line), evidence
    return ARTOIS_GOHELLE, doc.ref(assises.line), evidence


def _rural_entry(doc, siren, three, assises, poles, littoral) -> tuple[str, str, str]:
    evidence = (f"absent des compositions du {LITTORAL} (l. {littoral[0].line}) et du "
                f"territoire des Assises {ARTOIS_GOHELLE} (l. {assises.line}) ; le {COEUR_RURAL} "
                f"est le troisième grand territoire des Assises")
    in_poles = [s.line for s in poles if siren in s.members]
    if in_poles:
        evidence += (f" ; cité dans le Pôle métropolitain Artois-Douaisis (l. {in_poles[0]}), "
                     f"structure distincte des Assises")
    line = three.get(siren)
    if line is None:
        raise GroupingError(f"{siren} : ni composition ni phrase des trois grands territoires")
    return COEUR_RURAL, doc.ref(line), evidence


# --- MDADT and MDS -------------------------------------------------------------------

def match_territory(printed: str, names: list[str]) -> str:
    """Territory name of the address list for a printed name ("Calais" -> "Calaisis")."""
    key = normalize_name(printed)
    exact = [name for name in names if normalize_name(name) == key]
    starts = [name for name in names if normalize_name(name).startswith(key)]
    found = exact or starts
    if len(found) != 1:
        raise GroupingError(f"territoire « {printed} » : {found or 'aucune'} correspondance")
    return found[0]


def mdadt(doc: SeedDocument, figures: pd.DataFrame,
          maisons: list) -> dict[str, tuple[str, str, str]]:
    names = [m.territoire for m in maisons if m.kind == "mdadt"]
    rows = figures[figures["indicator"] == "agents_amenagement_territoire"]
    result = {row.epci_siren: (match_territory(row.scale, names), row.source_ref,
                               f"échelle « {row.scale} » des agents Aménagement du territoire "
                               f"(section 7)")
              for row in rows.itertuples()}
    seat = next(m for m in maisons if m.kind == "mds" and m.territoire == "Audomarois")
    home = next(m for m in maisons if m.kind == "mdadt" and m.territoire == "Audomarois")
    result[EPCI_WITHOUT_CONTRACT] = (
        "Audomarois", doc.ref(home.start, home.end),
        f"pas de contrat ; Saint-Omer, siège de l'EPCI, accueille la MDS de l'Audomarois "
        f"(l. {seat.start}-{seat.end})")
    return result


def _mds_mentions(doc: SeedDocument, names: list[str]) -> dict[str, tuple[str, int]]:
    found = {}
    for block in doc.contracts:
        for number in range(block.start, block.end + 1):
            for match in _MDS_MENTION_RE.finditer(doc.line(number)):
                territory = match_territory(match.group("t"), names)
                previous = found.setdefault(block.epci_siren, (territory, number))
                if previous[0] != territory:
                    raise GroupingError(f"{block.epci_siren} : MDS {previous[0]} et {territory}")
    return found


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def mds(doc: SeedDocument, figures: pd.DataFrame, maisons: list, mdadt_of: dict,
        all_sirens: list[str]) -> dict[str, tuple[str, str, str]]:
    """SIREN -> (MDS territory, reference, evidence), rules 1 to 5 of the docstring."""
    seats = [m for m in maisons if m.kind == "mds"]
    names = [m.territoire for m in seats]
    communes = presence.communes()
    result = {}
    for siren, (territory, line) in _mds_mentions(doc, names).items():
        result[siren] = (territory, doc.ref(line), f"le contrat cite la MDS (l. {line})")
    for seat in seats:
        insee = presence.resolve_commune(seat.commune_text, seat.postal_code)
        siren = communes.at[insee, "epci_siren"]
        if siren in result and result[siren][0] != seat.territoire:
            raise GroupingError(f"{siren} : MDS citée {result[siren][0]}, "
                                f"siège {seat.territoire}")
        result.setdefault(siren, (seat.territoire, doc.ref(seat.start, seat.end),
                                  f"siège de la MDS dans l'EPCI ({communes.at[insee, 'nom']})"))
    _by_agents(result, figures)
    for siren in all_sirens:
        if siren not in result:
            result[siren] = _by_scale(doc, siren, mdadt_of[siren], names, seats, communes)
    return result


def _by_agents(result: dict, figures: pd.DataFrame) -> None:
    agents = figures[figures["indicator"] == "agents_solidarite"].set_index("epci_siren")
    placed = {s: r for s, r in result.items() if s in agents.index}
    for siren, row in agents.iterrows():
        if siren in result:
            continue
        same = {placed[s][0] for s in placed if agents.at[s, "value"] == row["value"]}
        if len(same) == 1:
            territory = same.pop()
            others = sorted(s for s in placed if placed[s][0] == territory
                            and agents.at[s, "value"] == row["value"])
            result[siren] = (territory, row["source_ref"],
                             f"même effectif « Solidarités humaines » ({row['value']} agents) "
                             f"que l'EPCI {', '.join(others)}")


def _by_scale(doc, siren, mdadt_entry, names, seats, communes) -> tuple[str, str, str]:
    territory, ref, _ = mdadt_entry
    if territory in names:
        return (territory, ref,
                f"échelle MDADT « {territory} », nom d'une MDS (règle documentée)")
    candidates = [s for s in seats if normalize_name(s.territoire) in normalize_name(territory)]
    if len(candidates) < 2:
        raise GroupingError(f"{siren} : MDS indéterminable depuis l'échelle « {territory} »")
    members = communes[(communes["epci_siren"] == siren) & communes["mairie_lon"].notna()]
    scored = []
    for seat in candidates:
        insee = presence.resolve_commune(seat.commune_text, seat.postal_code)
        point = (communes.at[insee, "mairie_lon"], communes.at[insee, "mairie_lat"])
        weights = members["population"].astype(int)
        distances = [_distance_km((row.mairie_lon, row.mairie_lat), point)
                     for row in members.itertuples()]
        mean = sum(d * w for d, w in zip(distances, weights)) / weights.sum()
        scored.append((mean, seat.territoire, communes.at[insee, "nom"]))
    scored.sort()
    detail = ", ".join(f"{town} {km:.0f} km" for km, _, town in scored)
    evidence = (f"règle documentée : parmi les MDS de l'échelle MDADT « {territory} », siège "
                f"le plus proche en distance moyenne pondérée par la population des communes "
                f"({detail})")
    petr = _petr_mention(doc, siren)
    if petr:
        evidence += f" ; à noter : le contrat cite le PETR « {petr[0]} » (l. {petr[1]})"
    return scored[0][1], ref, evidence


def _petr_mention(doc: SeedDocument, siren: str) -> tuple[str, int] | None:
    block = doc.contract(siren)
    for number in range(block.start, block.end + 1):
        match = re.search(r"Pôle d'Equilibre Territorial Rural \(PETR\) ([^,]+),",
                          doc.line(number))
        if match:
            return match.group(1).strip(), number
    return None


def groupings(doc: SeedDocument) -> pd.DataFrame:
    all_sirens = sorted(presence.communes()["epci_siren"].unique())
    if len(all_sirens) != 20:
        raise GroupingError(f"{len(all_sirens)} EPCI dans communes_62.geojson au lieu de 20")
    figures = key_figures.key_figures(doc)
    maisons = presence.maisons(doc)
    grand = grands_territoires(doc, all_sirens)
    mdadt_of = mdadt(doc, figures, maisons)
    mds_of = mds(doc, figures, maisons, mdadt_of, all_sirens)
    rows = []
    for siren in all_sirens:
        (gt, gt_ref, gt_why), (md, md_ref, md_why) = grand[siren], mdadt_of[siren]
        ms, ms_ref, ms_why = mds_of[siren]
        rows.append({"epci_siren": siren, "grand_territoire": gt, "grand_territoire_ref": gt_ref,
                     "mdadt_territoire": md, "mdadt_ref": md_ref, "mds_territoire": ms,
                     "mds_ref": ms_ref,
                     "evidence": f"Grand territoire : {gt_why}. MDADT : {md_why}. MDS : {ms_why}."})
    return pd.DataFrame(rows, columns=COLUMNS)


def build(doc: SeedDocument) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    return {OUTPUT: (groupings(doc), ["epci_siren"])}
