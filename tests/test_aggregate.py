"""Totals per EPCI and per commune, by theme / period / nature, per inhabitant."""
from geo.analysis import aggregate
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter


def test_totals_by_epci_cover_all_20_and_add_up():
    atlas = Atlas.load()
    totals = aggregate.totals_by_epci(atlas.projects, atlas.epci)
    assert len(totals) == 20
    # a project shared by several EPCI counts in each of them, once per EPCI
    projects = atlas.projects
    served = projects["epci_sirens"].str.count(";") + 1
    assert totals["count"].sum() == served.sum() > len(projects)
    assert totals["amount_cents"].sum() == (projects["amount_cents"].fillna(0) * served).sum()
    lumbres = totals.set_index("epci_siren").loc["246201016"]
    assert lumbres["eur_per_inhabitant"] == lumbres["amount_cents"] / 100 / 24_109


def test_shared_projects_count_once_in_the_departement_and_in_each_epci():
    """Rezo Pouce is printed on the Deux Baies and 7 Vallées maps and named by the Haut
    Pays contract: one project, on each EPCI's table, once in the département total."""
    atlas = Atlas.load()
    rezo = atlas.projects[atlas.projects["title"] == "Soutien au dispositif Rezo Pouce"]
    assert len(rezo) == 1
    for siren in ("200069029", "200044030", "200069235"):
        own = atlas.projects_for(ProjectFilter(epci=siren))
        assert (own["title"] == "Soutien au dispositif Rezo Pouce").sum() == 1, siren
    everything = atlas.projects_for(ProjectFilter())
    assert everything["project_id"].is_unique


def test_totals_by_theme_period_nature_partition_the_total():
    projects = Atlas.load().projects
    total = projects["amount_cents"].fillna(0).sum()
    for key in ("theme", "period", "nature"):
        by = aggregate.totals(projects, ["epci_siren", key])
        assert by["amount_cents"].sum() == total, key
    pivot = aggregate.pivot_themes(projects)
    assert pivot.to_numpy().sum() == total


def test_a_venir_part_is_never_added_to_the_main_amount():
    projects = Atlas.load().projects
    totals = aggregate.totals(projects, "epci_siren")
    assert totals["amount_a_venir_cents"].sum() == projects["amount_a_venir_cents"].fillna(0).sum()
    assert totals["amount_a_venir_cents"].sum() > 0
    assert totals["amount_cents"].sum() == projects["amount_cents"].fillna(0).sum()


def test_totals_by_commune_only_count_located_projects():
    atlas = Atlas.load()
    by_commune = aggregate.totals_by_commune(atlas.projects, atlas.communes)
    located = atlas.projects[atlas.projects["location_precision"] == "commune"]
    assert by_commune["count"].sum() == len(located)
    assert (by_commune["eur_per_inhabitant"] >= 0).all()


def test_filtered_totals_follow_the_filter():
    atlas = Atlas.load()
    sport = atlas.projects_for(ProjectFilter(themes=("Sport",)))
    totals = atlas.epci_totals(sport)
    assert totals["amount_cents"].sum() == sport["amount_cents"].fillna(0).sum()
    assert totals["amount_cents"].sum() < atlas.projects["amount_cents"].fillna(0).sum()


def test_department_average_is_the_mean_over_reporting_epci():
    wide = Atlas.load().key_figures_wide
    avg = aggregate.department_average(wide)
    assert avg["apa_eur"] == wide["apa_eur"].dropna().mean()
    assert wide["apa_eur"].notna().sum() == 19
