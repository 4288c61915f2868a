"""Who sees which control on the import page (Streamlit AppTest, the real page script).

Without staff authentication no upload, mapping, import or restore control exists,
whatever the URL parameters; with it (password hash or OIDC account) they do, and an
upload goes all the way to a new version, then a restore.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.importer.passwords import hash_password
from geo.store import Store
from geo.importer.validate import validate_bytes
from components.map_clicks import PAGE_COMPLETE

APP = Path(__file__).resolve().parent / "apps" / "import_app.py"
CORPUS = Path(__file__).resolve().parent / "corpus"
PASSWORD = "mot de passe du personnel 62"
HASH = hash_password(PASSWORD)
DATA_CHANGING_KEYS = ("import_submit", "restore_submit", "restore_confirm", "import_accept_partial")
HOSTILE_QUERY = {"edit": "1", "staff": "1", "admin": "true", "auth": "1", "mode": "edit"}


@pytest.fixture
def store(store, monkeypatch) -> Store:
    """The conftest store (each backend) holding two imported files."""
    monkeypatch.delenv("ATLAS_STAFF_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("ATLAS_STAFF_EMAILS", raising=False)
    for name in ("good_utf8_semicolon.csv", "good.xlsx"):
        data = (CORPUS / name).read_bytes()
        store.import_validation(validate_bytes(data, name), data, "fixture")
    return store


def app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[PAGE_COMPLETE] = True      # a map has reported (no browser here)
    at.query_params.update(query or {})
    return at


def data_changing_controls(at: AppTest) -> list[str]:
    found = [f"uploader:{u.label}" for u in at.get("file_uploader")]
    found += [f"button:{b.key}" for b in at.button if b.key in DATA_CHANGING_KEYS]
    found += [f"checkbox:{c.key}" for c in at.checkbox if c.key in DATA_CHANGING_KEYS]
    found += [f"button:{b.label}" for b in at.button if b.label.startswith(("Importer", "Rétablir"))]
    return found


def log_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input("Marie Curie")
    at.text_input[1].input(password)
    return at.button[0].click().run()


@pytest.mark.parametrize("query", [None, HOSTILE_QUERY])
def test_no_authentication_configured_means_no_control(store, query):
    at = app(query).run()
    assert not at.exception
    assert data_changing_controls(at) == []
    assert at.text_input.len == 0 and at.button.len == 0
    assert "n'est pas configurée" in at.info[0].value
    assert "Version affichée : 2" in at.caption[0].value  # viewing stays open


@pytest.mark.parametrize("query", [None, HOSTILE_QUERY])
def test_a_login_form_and_nothing_else_before_signing_in(store, monkeypatch, query):
    monkeypatch.setenv("ATLAS_STAFF_PASSWORD_HASH", HASH)
    at = app(query).run()
    assert data_changing_controls(at) == []
    assert [b.label for b in at.button] == ["Se connecter"]


def test_a_wrong_password_opens_nothing(store, monkeypatch):
    monkeypatch.setenv("ATLAS_STAFF_PASSWORD_HASH", HASH)
    at = log_in(app(HOSTILE_QUERY).run(), "devine")
    assert at.error[0].value == "Mot de passe incorrect."
    assert data_changing_controls(at) == []


def test_staff_upload_import_and_restore(store, monkeypatch):
    monkeypatch.setenv("ATLAS_STAFF_PASSWORD_HASH", HASH)
    at = log_in(app().run())
    assert not at.exception
    assert [u.label for u in at.get("file_uploader")][0].startswith("Fichier de projets")
    assert at.selectbox(key="version_choice").value == 2
    assert "C'est la version affichée." in [c.value for c in at.caption]

    at.file_uploader[0].upload("<img src=y onerror=alert(2)>.csv", (CORPUS / "hostile_names.csv").read_bytes(),
                               "text/csv").run()
    assert [m.value for m in at.metric] == ["4", "4", "0", "0"]
    at.button(key="import_submit").click().run()
    assert at.success[0].value.startswith("Version 3 importée")
    assert store.current().who == "Marie Curie"
    assert store.current().file_name == "<img src=y onerror=alert(2)>.csv"
    assert store.projects()["title"].iloc[0] == "<img src=x onerror=alert(1)>"
    shown = [e.value for e in [*at.markdown, *at.caption, *at.success, *at.info]]
    assert not any("<img src=x" in text or "<img src=y" in text for text in shown)

    at.selectbox(key="version_choice").select(1).run()
    at.checkbox(key="restore_confirm").check().run()
    at.button(key="restore_submit").click().run()
    assert at.success[0].value == "Version 4 créée : elle rétablit la version 1."
    assert store.current().restored_from == 1 and len(store.projects()) == 7


def test_partial_import_needs_the_box_ticked(store, monkeypatch):
    monkeypatch.setenv("ATLAS_STAFF_PASSWORD_HASH", HASH)
    at = log_in(app().run())
    at.file_uploader[0].upload("montants.csv", (CORPUS / "bad_amounts.csv").read_bytes()).run()
    assert at.button(key="import_submit").disabled
    at.checkbox(key="import_accept_partial").check().run()
    at.button(key="import_submit").click().run()
    version = store.current()
    assert (version.id, version.rows_valid, version.rows_invalid) == (3, 1, 6)


def test_logging_out_removes_the_controls(store, monkeypatch):
    monkeypatch.setenv("ATLAS_STAFF_PASSWORD_HASH", HASH)
    at = log_in(app().run())
    assert data_changing_controls(at)
    at.button(key="staff_logout").click().run()
    assert data_changing_controls(at) == []


OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "atlas", "client_secret": "s",
                 "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration"}}


@pytest.mark.parametrize("email, allowed", [("agent@pasdecalais.fr", True),
                                            ("quelquun@example.com", False)])
def test_oidc_accounts_on_the_staff_list(store, monkeypatch, email, allowed):
    monkeypatch.setenv("ATLAS_STAFF_EMAILS", "agent@pasdecalais.fr")
    at = app(HOSTILE_QUERY)
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception
    assert bool(data_changing_controls(at)) is allowed
    if not allowed:
        assert "pas autorisé" in at.warning[0].value


def test_oidc_configured_but_signed_out(store):
    at = app(HOSTILE_QUERY)
    at.secrets.update(OIDC)
    at.user = {"is_logged_in": False}
    at.run()
    assert data_changing_controls(at) == []
    assert [b.label for b in at.button] == ["Se connecter avec le compte de l'organisation"]
