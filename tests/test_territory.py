"""The shipped territory layers hold to their sources: 887 communes, 20 EPCI, valid
geometries, shared borders kept, area of the département within 1 % of 6,716 km²."""
import geopandas as gpd
import pytest
import shapely

from geo.data import territory
from geo.model.paths import GEODATA_SOURCES

SOURCE_AREA_KM2 = 6716  # PROVENANCE.md: union of the 887 source communes


@pytest.fixture(scope="module", params=list(territory.LEVELS))
def level(request):
    return request.param


def test_887_communes_each_in_exactly_one_of_20_epci(level):
    communes = territory.load_communes(level)
    assert len(communes) == 887
    assert communes["code_insee"].is_unique
    assert communes["code_insee"].str.fullmatch(r"62\d{3}").all()
    epci = territory.load_epci(level)
    assert len(epci) == 20 and epci["epci_siren"].is_unique
    assert set(communes["epci_siren"]) == set(epci["epci_siren"])
    assert communes["epci_siren"].notna().all()


def test_population_is_the_2023_legal_population():
    assert territory.load_communes()["population"].sum() == 1_457_905


def test_geometries_valid_and_area_within_one_percent(level):
    for layer in ("communes", "epci", "departement"):
        frame = territory.load_layer(layer, level)
        assert shapely.is_valid(frame.geometry.values).all(), layer
        assert not frame.geometry.is_empty.any(), layer
        total = territory.area_km2(frame).sum()
        assert abs(total - SOURCE_AREA_KM2) / SOURCE_AREA_KM2 < 0.01, (layer, total)


def test_neighbours_share_borders_no_slivers_no_gaps(level):
    """Sum of commune areas equals the union's area (no overlaps beyond the source's
    0.0017 km² artefacts) and the union has no hole but the Nord enclave."""
    communes = territory.load_communes(level).to_crs(territory.LAMBERT93)
    union = shapely.union_all(communes.geometry.values)
    overlap_km2 = (communes.area.sum() - union.area) / 1e6
    assert overlap_km2 < 0.01
    parts = getattr(union, "geoms", [union])
    holes = [shapely.Polygon(ring).area / 1e6 for p in parts for ring in p.interiors]
    big_holes = [h for h in holes if h > 1]
    assert len(big_holes) == 1 and 20 < big_holes[0] < 25  # Boursies-Doignies-Mœuvres (59)


def test_epci_outline_is_union_of_its_communes():
    communes = territory.load_communes("moyen").to_crs(territory.LAMBERT93)
    epci = territory.load_epci("moyen").to_crs(territory.LAMBERT93).set_index("epci_siren")
    for siren, group in communes.groupby("epci_siren"):
        assert abs(group.area.sum() - epci.at[siren, "geometry"].area) < 1e4  # < 0.01 km²


def test_levels_get_lighter():
    counts = [shapely.get_num_coordinates(territory.load_communes(lv).geometry.values).sum()
              for lv in territory.LEVELS]
    assert counts[0] > counts[1] > counts[2]
    assert counts[2] < 0.6 * counts[0]


def test_build_is_reproducible(tmp_path, monkeypatch):
    """Rebuilding from the sources gives the shipped files byte for byte."""
    shipped = {p.name: p.read_bytes() for p in territory.TERRITORY.glob("*.geojson")}
    monkeypatch.setattr(territory, "TERRITORY", tmp_path)
    territory.build_all()
    rebuilt = {p.name: p.read_bytes() for p in tmp_path.glob("*.geojson")}
    assert rebuilt == shipped


def test_interdepartemental_epci_flagged():
    epci = territory.load_epci().set_index("epci_siren")
    assert set(epci.index[epci["interdepartemental"]]) == {"200069672", "245900758"}
    source = gpd.read_file(GEODATA_SOURCES / "epci_62.geojson")
    assert epci["population_62"].sum() == source["population_62"].sum() == 1_457_905


def test_commune_positions_lie_in_their_commune():
    """Projects are placed at the mairie; the source's defective mairie positions (one
    missing, 72 more than 500 m outside the commune) are replaced by a point inside it."""
    points = territory.commune_points()
    communes = territory.read_source_communes()
    replaced = set(points.loc[points["position"] != "mairie", "code_insee"])
    assert {"62434", "62671", "62692"} <= replaced  # La Herlière, Pronville, Rebergues
    assert len(replaced) == 73                      # see the comment in geo/data/territory.py
    located = gpd.GeoSeries(gpd.points_from_xy(points["mairie_lon"], points["mairie_lat"]),
                            crs=4326).to_crs(territory.LAMBERT93)
    distance = located.distance(communes.to_crs(territory.LAMBERT93).geometry)
    assert (distance <= territory.MAIRIE_TOLERANCE_M).all()


def test_epci_at_finds_the_clicked_epci():
    """The département map opens the EPCI under a click (geo.data.territory.epci_at)."""
    epci = territory.load_epci("moyen")
    inside = shapely.point_on_surface(epci.geometry.values)
    found = [territory.epci_at(p.x, p.y) for p in inside]
    assert found == list(epci["epci_siren"])
    assert territory.epci_at(1.0, 50.5) is None          # in the Channel
