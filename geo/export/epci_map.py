"""Drawing the EPCI livret map in its frame, in order: background, presence and project
symbols; then the main communes' names (the four largest and every commune with a
project, never hidden); then the "name – amount" labels, those of a dense centre in its
inset (:mod:`geo.export.inset`); numbers for the labels that found no room; the other
communes' names where room is left.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from geo.export import inset as insets
from geo.export import map_layers as ml
from geo.export.frame import MapFrame, TextMeter

INSET_CHARS = 24          # an inset's labels are shorter: its frame is small


def grown(box, pad: float):
    """A box grown by ``pad`` on every side: labels keep that clear of a main name."""
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


@dataclass
class EpciMap:
    siren: str
    located: pd.DataFrame
    presence: pd.DataFrame
    layers: tuple[str, ...]
    main: pd.DataFrame            # communes always named
    others: pd.DataFrame          # communes named where room is left
    territory: object             # the EPCI's polygon (metres)
    background: Callable          # (frame, siren, scale) -> None
    names: Callable               # map_content._names

    def draw(self, frame: MapFrame, meter: TextMeter, s: float, numbered_before=frozenset()
             ) -> tuple[str, ...]:
        """Everything in ``frame``; returns the ids of the numbered projects, in number
        order (largest amounts first)."""
        obstacles, reach = self._base(frame, s)
        x, y, radii = (ml.draw_projects(frame, self.located, s, reach) if len(self.located)
                       else (np.array([]),) * 3)
        obstacles += ml.symbol_boxes(frame, x, y, radii)
        inset = self._plan(frame, meter, x, y, radii, obstacles, s)
        if inset is not None:
            obstacles.append(inset.box)
        obstacles += [grown(b, 1.0 * s) for b in self.names(
            frame, meter, self.main, obstacles, 5.6 * s, "#4A4A4A", shift=True)]
        numbered, marks = [], []
        if len(self.located):
            outcome = ml.place_project_labels(
                frame, meter, self.located, x, y, radii, obstacles, s, numbered_before,
                skip=frozenset(inset.rows) if inset else frozenset())
            obstacles += outcome.boxes
            numbered = outcome.numbered
            marks.append((frame, np.arange(len(self.located)), x, y, radii))
            if inset is not None:
                more, mark = self._inset(inset, frame, meter, radii, s, numbered_before)
                numbered = self._in_number_order(numbered + more)
                marks.append(mark)
            numbers = {row: k + 1 for k, row in enumerate(numbered)}
            for where, rows, mx, my, mr in marks:
                ml.draw_marks(where, self.located.iloc[rows], mx, my, mr,
                              {k: numbers[r] for k, r in enumerate(rows) if r in numbers}, s)
        self.names(frame, meter, self.others, obstacles, 5.0 * s, "#6B6B6B", shift=False)
        return tuple(self.located["project_id"].iloc[numbered])

    def _base(self, frame: MapFrame, s: float):
        """Background, presence, scale bar and north arrow; the obstacles they make and
        the reach of the presence sites for the projects to avoid."""
        self.background(frame, self.siren, s)
        sites, reach = ml.presence_positions(frame, self.presence, self.layers, s)
        obstacles = frame.outside_boxes() + [ml.scale_bar(frame, s), ml.north_arrow(frame, s)]
        obstacles += ml.draw_presence(frame, sites, self.layers, s)
        return obstacles, reach

    def _plan(self, frame, meter, x, y, radii, obstacles, s) -> insets.Inset | None:
        """An inset where the labels, tried on the map alone, would leave a dense centre
        numbered."""
        if len(self.located) <= insets.DENSE_NUMBERED:
            return None
        trial = ml.place_project_labels(frame, meter, self.located, x, y, radii, obstacles,
                                        s, dry_run=True)
        return insets.plan(frame, x, y, trial.numbered, obstacles, self.territory, s)

    def _inset(self, inset, frame, meter, radii, s, numbered_before):
        """The inset drawn with its labels; the rows it numbers and its marks to draw."""
        rows = np.array(inset.rows)
        located = self.located.iloc[rows].reset_index(drop=True)
        result = {}

        def symbols(sub: MapFrame, obstacles: list) -> None:
            _, reach = ml.presence_positions(sub, self.presence, self.layers, s)
            sx, sy, sr = ml.draw_projects(sub, located, s, reach, radii[rows])
            obstacles += ml.symbol_boxes(sub, sx, sy, sr)
            in_view = self.main[self.main.intersects(_box(inset.bounds))]
            obstacles += [grown(b, 1.0 * s) for b in self.names(
                sub, meter, in_view, obstacles, 5.6 * s, "#4A4A4A", shift=True, gid=None)]
            outcome = ml.place_project_labels(sub, meter, located, sx, sy, sr, obstacles, s,
                                              numbered_before, max_chars=INSET_CHARS)
            result["numbered"] = [int(rows[i]) for i in outcome.numbered]
            result["mark"] = (sub, rows, sx, sy, sr)

        def base(sub: MapFrame) -> list:
            self.background(sub, self.siren, s)
            sites, _ = ml.presence_positions(sub, self.presence, self.layers, s)
            return sub.outside_boxes() + ml.draw_presence(sub, sites, self.layers, s)

        title = f"Encadré : {self._centre_name(inset)}"
        insets.draw(inset, frame, title, base, symbols, s)
        return result["numbered"], result["mark"]

    def _centre_name(self, inset) -> str:
        view = self.main[self.main.intersects(_box(inset.bounds))]
        pool = view if len(view) else self.main
        return str(pool.nlargest(1, "population")["nom"].iloc[0])

    def _in_number_order(self, rows: list[int]) -> list[int]:
        amounts = self.located["amount_cents"].fillna(0).to_numpy(dtype=float)
        return sorted(set(rows), key=lambda r: (-amounts[r], r))


def _box(bounds):
    import shapely
    return shapely.box(*bounds)
