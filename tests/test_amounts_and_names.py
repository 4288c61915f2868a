"""French amounts and commune names as the documents and staff write them."""
import pytest

from geo.model.amounts import AmountError, format_eur, parse_amount_cents
from geo.model.names import CommuneIndex, normalize_name
from geo.data.territory import load_communes


@pytest.mark.parametrize("text, cents", [
    ("2 305 703 €", 230_570_300),
    ("1 million €", 100_000_000),
    ("10,36 millions €", 1_036_000_000),
    ("6,90 millions d'euros", 690_000_000),
    ("52 357,20 €", 5_235_720),
    ("300\u00a0000 €", 30_000_000),
    ("300 k€", 30_000_000),
    ("1,5 M€", 150_000_000),
    ("69 139 €", 6_913_900),
])
def test_parse_amount(text, cents):
    assert parse_amount_cents(text) == cents


@pytest.mark.parametrize("text", ["", "environ un million", "12,345 €", "€"])
def test_unreadable_amounts_raise(text):
    with pytest.raises(AmountError):
        parse_amount_cents(text)


def test_format_eur_french():
    assert format_eur(123_456_700) == "1\u202f234\u202f567\u00a0€"
    assert format_eur(5_235_720, decimals=True) == "52\u202f357,20\u00a0€"
    assert format_eur(None) == "–"


def test_commune_names_match_loosely():
    communes = load_communes()
    index = CommuneIndex(dict(zip(communes["code_insee"], communes["nom"])))
    assert index.code("Lumbres") == "62534"
    assert index.code("ST OMER") == index.code("Saint-Omer") == "62765"
    assert index.code("Touquet-Paris-Plage") == "62826"
    assert index.code("Ecuires") == index.code("Écuires")
    assert index.code("Nulle-Part-sur-Mer") is None
    assert "Boulogne-sur-Mer" in index.suggestions("Boulogne sur mere")
    assert normalize_name("Ste-Catherine") == "sainte catherine"
