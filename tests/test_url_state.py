"""The view lives in the URL; unknown or malformed parameters give a notice, never a crash."""
from hypothesis import given, settings, strategies as st

from components import url_state

SIRENS = {"246201016", "200033579"}
KW = dict(epci_sirens=SIRENS, mdadt_names=["Audomarois", "Montreuillois - Ternois"],
          indicators=["montant_contrat", "rsa_eur"], layer_kinds=["college", "mds", "cer"])


def test_issue_example_link():
    state = url_state.parse({"epci": "246201016", "theme": "sport,culture",
                             "period": "2015-2018"}, **KW)
    assert state.notices == []
    assert state.flt.epci == "246201016"
    assert state.flt.themes == ("Sport", "Culture")
    assert state.flt.periods == ("2015-2018",)


def test_round_trip():
    params = {"epci": "200033579", "theme": "amenagement,solidarite", "period": "a-venir",
              "nature": "fonctionnement", "gt": "coeur-rural", "mdadt": "montreuillois-ternois",
              "min": "1000", "max": "500000", "q": "piscine", "indicator": "rsa_eur",
              "layers": "aucune"}
    state = url_state.parse(params, **KW)
    assert state.notices == []
    assert state.flt.grand_territoire == "Cœur rural"
    assert state.flt.mdadt == "Montreuillois - Ternois"
    assert state.flt.amount_min_cents == 100_000 and state.layers == ()
    assert url_state.encode(state) == params


def test_bad_parameters_are_ignored_with_a_notice():
    state = url_state.parse({"epci": "999", "theme": "sport,foot", "period": "1999",
                             "min": "beaucoup", "zoom": "12", "indicator": "x",
                             "layers": "college,piscines"}, **KW)
    assert state.flt.epci is None and state.flt.themes == ("Sport",)
    assert state.flt.periods == () and state.flt.amount_min_cents is None
    assert state.layers == ("college",)
    joined = " ".join(state.notices)
    for word in ("999", "foot", "1999", "beaucoup", "zoom", "piscines"):
        assert word in joined
    assert len(state.notices) == 7


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(url_state.KNOWN) + ["x", ""]),
                       st.text(max_size=30), max_size=8))
def test_any_parameters_never_crash(params):
    state = url_state.parse(params, **KW)
    url_state.encode(state)


def test_commune_equity_and_need_round_trip():
    names = {"62767": "Saint-Pol-sur-Ternoise"}
    state = url_state.parse({"commune": "62767", "vue": "equite", "besoin": "apa",
                             "theme": "culture"}, **KW, commune_names=names)
    assert state.notices == []
    assert (state.commune, state.map_mode, state.need) == ("62767", "equity",
                                                           "apa_beneficiaires")
    state.flt = state.flt.__class__(epci="200033579", themes=state.flt.themes)
    # the commune says its EPCI: the link stays ?commune=62767
    assert url_state.encode(state) == {"commune": "62767", "vue": "equite", "besoin": "apa",
                                       "theme": "culture"}


def test_unknown_commune_and_need_are_notices_and_others_kept():
    state = url_state.parse({"commune": "99999", "besoin": "chomage", "theme": "sport"},
                            **KW, commune_names={"62767": "Saint-Pol-sur-Ternoise"})
    assert state.commune is None and state.need == "rsa_foyers"
    assert state.flt.themes == ("Sport",)
    joined = " ".join(state.notices)
    assert "Commune inconnue" in joined and "99999" in joined and "62767" in joined
    assert "Besoin social inconnu" in joined
