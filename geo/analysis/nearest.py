"""The Département's sites nearest to a commune, for the "ma commune" view.

Distances are straight lines ("à vol d'oiseau") in Lambert-93 from the point where the
atlas places the commune (its mairie), to the site's position (the address for collèges,
the mairie of its commune for the Maisons du Département and the CIS). Each line says
which site it is and why that one:

* collège: the sources give no sector map (carte scolaire), so the nearest public
  collège, said as such;
* MDS, MDADT: the Maison of the territory the EPCI's contract names, when its site is
  known; otherwise the nearest one;
* CIS: the nearest of those the contracts name (not every CIS of the département).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.data.territory import LAMBERT93, WGS84

KINDS = ("college", "mds", "mdadt", "cis")
WHY = {
    "college": "collège public le plus proche (les sources ne donnent pas la carte "
               "scolaire : le secteur de la commune n'est pas connu)",
    "mds_territory": "Maison du Département Solidarité du territoire que nomme le contrat "
                     "de l'EPCI",
    "mdadt_territory": "Maison du Département Aménagement et Développement Territorial du "
                       "territoire que nomme le contrat de l'EPCI",
    "mds": "Maison du Département Solidarité la plus proche",
    "mdadt": "Maison du Département Aménagement et Développement Territorial la plus proche",
    "cis": "le plus proche des centres d'incendie et de secours que nomment les contrats "
           "(tous les CIS du département n'y sont pas)",
}
POSITION = {"adresse": "à l'adresse", "mairie": "à la mairie de sa commune"}


@dataclass(frozen=True)
class NearSite:
    kind: str
    name: str
    commune_insee: str
    km: float
    why: str
    position: str          # where the site is placed ("à l'adresse", ...)
    source_ref: str

    def distance_text(self, commune_insee: str, commune_reach_km: float) -> str:
        """"12,3 km"; a site placed at the mairie of the commune itself is "dans la
        commune, à moins de 3,1 km" (its own position is not known: at most the
        commune's reach from its mairie)."""
        if self.commune_insee == commune_insee and self.position != POSITION["adresse"]:
            return f"dans la commune, à moins de {_km(commune_reach_km)}"
        return _km(self.km)


def _km(value: float) -> str:
    return f"{value:.1f}\u00a0km".replace(".", ",")


def reach_km(commune: gpd.GeoSeries, lon: float, lat: float) -> float:
    """The farthest point of a commune's polygon from (lon, lat), in km (Lambert-93)."""
    return float(commune.to_crs(LAMBERT93).hausdorff_distance(_lambert93(lon, lat)).max()) / 1000


def _lambert93(lon: float, lat: float):
    """A WGS 84 position as a Lambert-93 point (metres)."""
    return gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=WGS84).to_crs(LAMBERT93)[0]


def nearest_sites(presence: gpd.GeoDataFrame, lon: float, lat: float,
                  territories: dict[str, str | None]) -> list[NearSite]:
    """One site per kind of :data:`KINDS` (none when the layer is empty); ``territories``
    the commune's EPCI's MDS and MDADT territory names (``{"mds": ..., "mdadt": ...}``)."""
    placed = presence.dropna(subset=["lon", "lat"])
    points = gpd.GeoSeries(gpd.points_from_xy(placed["lon"], placed["lat"]), crs=WGS84,
                           index=placed.index).to_crs(LAMBERT93)
    distance_km = points.distance(_lambert93(lon, lat)) / 1000
    out = []
    for kind in KINDS:
        own = placed[placed["kind"] == kind]
        if own.empty:
            continue
        chosen, why = _territory_site(own, territories.get(kind), kind)
        if chosen is None:
            chosen, why = distance_km[own.index].idxmin(), WHY[kind]
        site = placed.loc[chosen]
        out.append(NearSite(kind, str(site["name"]), str(site["commune_insee"]),
                            float(distance_km[chosen]), why,
                            POSITION.get(site["precision"], "position inconnue"),
                            str(site["source_ref"])))
    return out


def _territory_site(sites: pd.DataFrame, territory: str | None, kind: str):
    """The Maison of ``territory`` (its ``territoire`` attribute), if exactly one."""
    if not territory or kind not in ("mds", "mdadt"):
        return None, ""
    names = sites["attributes"].fillna("{}").map(lambda a: json.loads(a).get("territoire"))
    match = sites.index[names == territory]
    return (match[0], WHY[f"{kind}_territory"]) if len(match) == 1 else (None, "")
