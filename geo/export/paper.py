"""Paper sizes, print options and the small French texts every export page carries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.analysis.indicators import DEFAULT_INDICATOR
from geo.model.view_fields import BY_NAME

# ISO 216 sizes in millimetres, portrait (width, height).
PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = {"portrait": "portrait", "landscape": "paysage"}
DPIS = (150, 300)
MAP_FORMATS = ("png", "pdf", "svg")
MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH

# Presence layers drawn when the caller does not choose (same as the dashboard default).
DEFAULT_LAYERS = BY_NAME["layers"].default     # one default, in the view-field registry

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


@dataclass(frozen=True)
class PrintOptions:
    """How a map is printed. ``date`` fixes the printed date (tests); None: today."""

    paper: str = "A4"
    orientation: str = "portrait"
    dpi: int = 300
    fmt: str = "png"
    layers: tuple[str, ...] = DEFAULT_LAYERS
    indicator: str = DEFAULT_INDICATOR      # département view (choropleth)
    method: str = "quantiles"
    date: dt.date | None = None

    def __post_init__(self):
        if self.paper not in PAPERS:
            raise ValueError(f"format de papier inconnu : « {self.paper} » (attendu : A4, A3)")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"orientation inconnue : « {self.orientation} » "
                             "(attendu : portrait, landscape)")
        if self.dpi not in DPIS:
            raise ValueError(f"résolution inconnue : {self.dpi} (attendu : 150, 300)")
        if self.fmt not in MAP_FORMATS:
            raise ValueError(f"format de carte inconnu : « {self.fmt} » (attendu : png, pdf, svg)")

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper]
        return (w, h) if self.orientation == "portrait" else (h, w)

    @property
    def size_px(self) -> tuple[int, int]:
        """Pixel size of a raster export: A4 portrait at 300 dpi is 2480 × 3508."""
        return tuple(round(v / MM_PER_INCH * self.dpi) for v in self.size_mm)

    @property
    def figsize_in(self) -> tuple[float, float]:
        """Figure size in inches: exact pixels for PNG, exact paper for PDF/SVG."""
        if self.fmt == "png":
            return tuple(px / self.dpi for px in self.size_px)
        return tuple(v / MM_PER_INCH for v in self.size_mm)

    @property
    def scale(self) -> float:
        """Text and symbol scale: 1 on A4, √2 on A3 (an enlarged A4)."""
        return min(self.size_mm) / 210.0

    @property
    def printed_on(self) -> dt.date:
        return self.date or dt.date.today()


def french_date(day: dt.date) -> str:
    """``22 novembre 2026`` (``1er`` for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"
