"""View models: everything one view of the atlas shows, built once per view state and
data version (an :class:`~geo.atlas.Atlas` is one data version). The components only
render them; a view asks the domain once."""
