"""Presence sites stay visible on the print map when a project sits at the same mairie:
the project moves onto a ring around them, as on screen."""
from types import SimpleNamespace

import numpy as np

from geo.export.map_layers import _key, spread

FRAME = SimpleNamespace(m_per_pt=10.0)       # 1 pt = 10 m


def test_a_lone_project_leaves_the_mairie_to_its_presence_sites():
    x, y, radii = np.array([1000.0]), np.array([2000.0]), np.array([6.0])
    unchanged = spread(FRAME, x, y, radii)
    assert (unchanged[0][0], unchanged[1][0]) == (1000.0, 2000.0)      # nothing there
    moved = spread(FRAME, x, y, radii, {_key(1000.0, 2000.0): 8.0})
    distance_pt = np.hypot(moved[0][0] - 1000.0, moved[1][0] - 2000.0) / FRAME.m_per_pt
    assert distance_pt >= 6.0 + 8.0 - 1e-9                            # clear of the sites


def test_projects_sharing_a_mairie_are_fanned_apart():
    x, y, radii = np.full(3, 0.0), np.full(3, 0.0), np.full(3, 5.0)
    sx, sy = spread(FRAME, x, y, radii)
    points = list(zip(sx, sy))
    for i in range(3):
        for j in range(i + 1, 3):
            gap_pt = np.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]) / 10
            assert gap_pt >= 2 * 5.0 * 0.99
