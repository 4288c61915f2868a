"""What a published table is, as data: its columns (PostgreSQL type, French comment), its
primary key, its foreign keys, the frame builder that fills it, and the context a builder
reads (the atlas shown, the import version, the publication time).

Builders return a frame with exactly the layer's columns, in order; a layer with a
geometry column returns a GeoDataFrame in EPSG:4326 whose geometry column is ``geom``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import geopandas as gpd
import pandas as pd
import shapely

SRID = 4326
GEOMETRY = "geom"


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str            # PostgreSQL type: "text", "numeric(14,2)", "geometry(Point,4326)"
    comment: str             # French: what it is and where it comes from
    not_null: bool = False

    @property
    def is_geometry(self) -> bool:
        return self.sql_type.startswith("geometry(")


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str               # a table of the same publication
    ref_columns: tuple[str, ...]


@dataclass
class Context:
    """What every builder and every comment may read."""

    atlas: object                        # geo.atlas.Atlas (the view published)
    published_at: dt.datetime            # UTC
    import_version: int | None           # the store version shown, None: shipped data only
    import_text: str                     # that version in French, for comments
    counts: dict[str, int] = field(default_factory=dict)   # rows written so far, by table


@dataclass(frozen=True)
class Layer:
    table: str
    title: str               # first line of the table comment (QGIS shows it as the abstract)
    description: str         # what a row is, what the table leaves out
    source: str              # its sources and their licence
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    build: Callable[[Context], pd.DataFrame]
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[str, ...] = ()        # columns that get a btree index (joins, filters)

    @property
    def geometry(self) -> Column | None:
        return next((c for c in self.columns if c.is_geometry), None)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


# ---------------------------------------------------------------------------------------
# Helpers of the builders

def texts(values: pd.Series) -> pd.Series:
    """Text cells as ``str`` or None (never NaN, never an empty string)."""
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    present = values.notna().to_numpy()
    strings = values[present].astype(str)
    out[present] = strings.where(strings.str.strip() != "", None).to_numpy(dtype=object)
    return out


def euros(cents: pd.Series) -> pd.Series:
    """Integer cents -> euros (written to ``numeric(14,2)``: exact), None when unknown."""
    numbers = pd.to_numeric(cents, errors="raise").astype("Int64")
    return pd.Series([None if pd.isna(v) else int(v) / 100 for v in numbers],
                     index=cents.index, dtype=object)


def integers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="raise").astype("Int64")


def iso_dates(values: pd.Series) -> pd.Series:
    """``AAAA-MM-JJ`` texts -> dates (a date in another form is an error, never dropped)."""
    return pd.Series([None if v is None else dt.date.fromisoformat(v[:10])
                      for v in texts(values)], index=values.index, dtype=object)


def multipolygons(geometries) -> list:
    """Polygons promoted to MultiPolygons (one type per column: ``MultiPolygon,4326``)."""
    return [shapely.MultiPolygon([g]) if g is not None and g.geom_type == "Polygon" else g
            for g in geometries]


def points(lon: pd.Series, lat: pd.Series) -> list:
    """A point where both coordinates are known, None elsewhere (never a guessed place)."""
    return [shapely.Point(float(x), float(y)) if pd.notna(x) and pd.notna(y) else None
            for x, y in zip(lon, lat)]


def frame(layer_columns: tuple[Column, ...], data: dict, geometry=None) -> pd.DataFrame:
    """The layer's frame from ``data`` (column name -> values), columns in layer order."""
    names = [c.name for c in layer_columns if not c.is_geometry]
    out = pd.DataFrame({name: data[name] for name in names})
    if geometry is None:
        return out.reset_index(drop=True)
    out = out.reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(list(geometry), crs=SRID),
                            crs=SRID).rename_geometry(GEOMETRY)
