"""Layer 4, the analysis: what the atlas computes from the projects and the territory.

Sums and filters (``aggregate``, ``filters``, ``investment``, ``indicators``,
``key_figures``, ``summary``), the maps' classes (``choropleth``, ``coverage``), rankings
and comparisons (``ranking``, ``standing``, ``equity``, ``nearest``), the generations of
contracts (``generations``, ``generation_compare``), the follow-up of operations
(``follow_up``) and the projects shown next to the map (``off_map``).
Imports :mod:`geo.model`, :mod:`geo.data` and :mod:`geo.store`, never the atlas above.
"""
