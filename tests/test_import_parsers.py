"""Cell parsers of the import: amounts, dates, periods, commune and EPCI names, coordinates.

Property-based (hypothesis) where a rule holds for a whole family of inputs; examples
where the rule is a single fact of the territory.
"""
from __future__ import annotations

import calendar
import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.model.amounts import AmountError, format_eur, parse_amount_cents
from geo.importer import parsers
from geo.importer.mapping import canonical_of, guess_mapping
from geo.importer.referential import territory
from geo.importer.schema import HEADER_ALIASES, IMPORT_COLUMNS, PERIODS

LAND = territory()
COMMUNES = sorted(LAND.communes.values(), key=lambda c: c.code)
SEPARATORS = [" ", "\u00a0", "\u202f", ""]

# --- amounts ---------------------------------------------------------------------------------


def french(euros: int, separator: str) -> str:
    return f"{euros:,}".replace(",", separator)


@settings(deadline=None)
@given(st.integers(0, 99_999_999), st.integers(0, 99), st.sampled_from(SEPARATORS),
       st.sampled_from(["", " €", "€", " euros", " EUR"]))
def test_french_written_amounts_round_trip(euros, cents, separator, suffix):
    text = french(euros, separator) + (f",{cents:02d}" if cents else "") + suffix
    assert parsers.parse_amount(text) == euros * 100 + cents


@settings(deadline=None)
@given(st.integers(0, 99_999), st.integers(0, 99), st.sampled_from([
    ("k€", 1_000), ("K€", 1_000), ("M€", 1_000_000), ("million €", 1_000_000),
    ("millions €", 1_000_000), ("millions d'euros", 1_000_000)]))
def test_multiplied_amounts(whole, decimals, unit):
    word, factor = unit
    text = f"{whole},{decimals:02d} {word}"
    expected = (whole * 100 + decimals) * factor  # (whole + decimals/100) * factor € in cents
    if expected > parsers.MAX_AMOUNT_CENTS:
        with pytest.raises(ValueError, match="invraisemblable"):
            parsers.parse_amount(text)
    else:
        assert parsers.parse_amount(text) == expected


@pytest.mark.parametrize("text, cents", [
    ("300 000 €", 30_000_000), ("300 k€", 30_000_000), ("1,5 M€", 150_000_000),
    ("1,44 million €", 144_000_000), ("10 millions €", 1_000_000_000),
    ("1\u00a0234\u00a0567,89 €", 123_456_789), ("52\u202f357,20\u00a0€", 5_235_720),
    ("€ 300 000", 30_000_000), ("300000", 30_000_000),
])
def test_amounts_people_write(text, cents):
    assert parsers.parse_amount(text) == cents


@settings(deadline=None)
@given(st.integers(0, 10**9))
def test_format_eur_reads_back(euros):
    """What the atlas prints ("1 234 567 €", narrow no-break spaces) reads back the same."""
    assert parse_amount_cents(format_eur(euros * 100)) == euros * 100


@settings(deadline=None)
@given(st.text(max_size=40))
def test_shared_amount_parser_only_raises_amount_error(text):
    try:
        assert parse_amount_cents(text) >= 0
    except AmountError:
        pass


@settings(deadline=None)
@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True), st.integers(-10**12, 10**12)))
def test_import_amount_is_cents_in_range_or_a_french_error(value):
    try:
        cents = parsers.parse_amount(value)
    except ValueError as exc:
        assert str(exc) and "montant" in str(exc)
    else:
        assert isinstance(cents, int) and 0 <= cents <= parsers.MAX_AMOUNT_CENTS


@settings(deadline=None)
@given(st.integers(1, 10**8), st.sampled_from(["-", "−", "- "]))
def test_negative_amounts_are_refused_as_such(euros, minus):
    with pytest.raises(ValueError, match="négatif"):
        parsers.parse_amount(f"{minus}{french(euros, ' ')} €")


def test_spreadsheet_numbers_and_float_noise():
    assert parsers.parse_amount(300000) == 30_000_000
    assert parsers.parse_amount(0.1 + 0.2) == 30  # 0.30000000000000004 from a formula
    with pytest.raises(ValueError, match="centime"):
        parsers.parse_amount(12.345)
    with pytest.raises(ValueError):
        parsers.parse_amount(True)

# --- dates -----------------------------------------------------------------------------------


dates = st.dates(min_value=parsers.DATE_MIN, max_value=parsers.DATE_MAX)


@settings(deadline=None)
@given(dates, st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}",
                               "{d:02d}.{m:02d}.{y}", "{y}-{m:02d}-{d:02d}"]))
def test_dates_in_every_office_form(date, form):
    text = form.format(d=date.day, m=date.month, y=date.year)
    assert parsers.parse_date(text) == date


@settings(deadline=None)
@given(dates)
def test_spreadsheet_dates(date):
    assert parsers.parse_date(dt.datetime.combine(date, dt.time())) == date
    serial = (date - dt.date(1899, 12, 30)).days  # what Excel stores
    assert parsers.parse_date(serial) == date


@settings(deadline=None)
@given(st.integers(2000, 2035), st.integers(1, 12), st.integers(29, 31))
def test_impossible_days_are_named(year, month, day):
    text = f"{day:02d}/{month:02d}/{year}"
    if day <= calendar.monthrange(year, month)[1]:
        assert parsers.parse_date(text) == dt.date(year, month, day)
    else:
        with pytest.raises(ValueError, match=f"date impossible : il n'y a pas de {day} "):
            parsers.parse_date(text)


@settings(deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_french_error(text):
    try:
        date = parsers.parse_date(text)
    except ValueError as exc:
        assert "date" in str(exc) or "année" in str(exc)
    else:
        assert parsers.DATE_MIN <= date <= parsers.DATE_MAX

# --- periods, themes, natures ----------------------------------------------------------------


@settings(deadline=None)
@given(st.integers(2015, 2030))
def test_a_year_maps_to_its_generation_and_is_kept(year):
    period, kept = parsers.parse_period(str(year))
    assert kept == year and period in PERIODS
    first = {"2015-2018": 2015, "2019-2021": 2019, "2023-2026": 2023, "à venir": 2027}[period]
    assert first <= year


def test_period_spellings_and_the_2022_transition():
    assert parsers.parse_period("2015 - 2018") == ("2015-2018", None)
    assert parsers.parse_period("2019 à 2021") == ("2019-2021", None)
    assert parsers.parse_period("A VENIR") == ("à venir", None)
    assert parsers.parse_period(2024.0) == ("2023-2026", 2024)
    assert parsers.parse_period("2022") == ("2019-2021", 2022)  # 4-year generation voted in 2018
    for bad in ["2014", "2031", "2020-2023", "bientôt"]:
        with pytest.raises(ValueError):
            parsers.parse_period(bad)


def test_themes_ignore_case_and_accents():
    assert parsers.parse_theme("EDUCATION") == "Education"
    assert parsers.parse_theme("éducation") == "Education"
    assert parsers.parse_theme("solidarités") == "Solidarité"
    with pytest.raises(ValueError, match="Aménagement, Solidarité"):
        parsers.parse_theme("Tourisme")
    assert parsers.parse_nature("") == "non précisé"
    assert parsers.parse_nature("Invest.") == "investissement"

# --- commune and EPCI names ------------------------------------------------------------------


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COMMUNES), st.sampled_from([
    str.upper, str.lower, strip_accents, lambda s: s.replace("-", " "),
    lambda s: s.replace("Saint-", "St-").replace("Sainte-", "Ste-"),
    lambda s: s.replace("Saint-", "ST ").replace("Sainte-", "STE "),
    lambda s: f"  {s} (62) ",
]))
def test_commune_names_as_people_type_them(commune, variant):
    assert LAND.resolve_commune(variant(commune.name)).code == commune.code


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([c for c in COMMUNES if len(c.name) >= 6]), st.data())
def test_a_typo_gets_the_right_suggestion(commune, data):
    position = data.draw(st.integers(1, len(commune.name) - 2))
    typo = commune.name[:position] + commune.name[position + 1:]
    try:
        found = LAND.resolve_commune(typo)
    except ValueError as exc:
        assert commune.name in str(exc)
    else:  # the typo happens to be another commune's name
        assert found.code != commune.code or typo.lower() == commune.name.lower()


@settings(deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_commune_or_a_french_error(text):
    try:
        assert LAND.resolve_commune(text).code.startswith("62")
    except ValueError as exc:
        assert "commune" in str(exc) or "INSEE" in str(exc) or "code postal" in str(exc) \
            or "ambigu" in str(exc)


def test_codes_postcodes_and_outsiders():
    assert LAND.resolve_commune("62041").name == "Arras"
    assert LAND.resolve_commune(62041).name == "Arras"
    with pytest.raises(ValueError, match="hors du Pas-de-Calais"):
        LAND.resolve_commune("59350")
    with pytest.raises(ValueError, match="code postal .*Arras"):
        LAND.resolve_commune("62000")
    with pytest.raises(ValueError, match="Boulogne-sur-Mer"):
        LAND.resolve_commune("Boulogne")


def test_epci_by_siren_short_or_long_name():
    assert LAND.resolve_epci("200033579").name == "CU d'Arras"
    assert LAND.resolve_epci("Communauté urbaine d'Arras").siren == "200033579"
    assert LAND.resolve_epci("ca de lens liévin").siren == "246200364"
    with pytest.raises(ValueError, match="SIREN 123456789"):
        LAND.resolve_epci("123456789")

# --- coordinates -----------------------------------------------------------------------------


def test_wgs84_and_lambert93_are_told_apart():
    lon, lat, crs = LAND.to_wgs84("2,7785", "50,2930")
    assert (lon, lat, crs) == (2.7785, 50.293, "WGS84")
    lon, lat, crs = LAND.to_wgs84("684 124", 7021481)  # Arras in Lambert-93
    assert crs == "Lambert-93" and abs(lon - 2.7775) < 1e-3 and abs(lat - 50.2910) < 1e-3
    with pytest.raises(ValueError, match="inversées"):
        LAND.to_wgs84(50.29, 2.77)
    with pytest.raises(ValueError, match="hors du Pas-de-Calais"):
        LAND.check_in_departement(3.0573, 50.6292)  # Lille: inside the box, outside the outline


def test_commune_positions_pass_the_departement_check():
    """Every commune position the atlas uses (geo.data.territory.commune_points) is accepted by
    the coordinate check; the source's defective mairie positions would not be."""
    from geo.data.territory import commune_points

    points = commune_points()
    for lon, lat in zip(points["mairie_lon"], points["mairie_lat"]):
        LAND.check_in_departement(lon, lat)
    with pytest.raises(ValueError, match="hors du Pas-de-Calais"):
        LAND.check_in_departement(1.982553, 45.529741)   # Rebergues' mairie in the source

# --- headers ---------------------------------------------------------------------------------


def test_header_variants():
    header = ["Intitulé du projet", "Montant (€)", "Code INSEE", "Thème", "Période", "Coût total (€)",
              "Montant total du projet", "Remarques"]
    mapping = guess_mapping(header)
    assert [mapping.get(i) for i in range(len(header))] == [
        "intitule", "montant", "commune", "thematique", "periode", "cout_total", None, None]
    assert set(HEADER_ALIASES.values()) == set(IMPORT_COLUMNS)
    assert all(canonical_of(column) == column for column in IMPORT_COLUMNS)
