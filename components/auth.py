"""Staff authentication: who may import, edit and restore data.

Two ways in, both optional, both configured outside the code:
- a shared staff password, stored only as a hash (``python -m geo hash-password``) in
  ``$ATLAS_STAFF_PASSWORD_HASH`` or ``staff_password_hash`` in ``.streamlit/secrets.toml``;
- OIDC through ``st.login`` when an ``[auth]`` section exists in the secrets (needs the
  Authlib package). ``$ATLAS_STAFF_EMAILS`` / ``staff_emails`` restricts it to listed
  addresses; without a list any account of the configured provider is staff.
Nothing else grants access: URL parameters are never read here.
"""
from __future__ import annotations

import os
import threading
import time

import streamlit as st

from geo.importer.passwords import verify_password

HASH_ENV = "ATLAS_STAFF_PASSWORD_HASH"
EMAILS_ENV = "ATLAS_STAFF_EMAILS"
_SESSION_KEY = "_atlas_staff_session"
_FAILURE_DELAY_S = 1.0
_MAX_FAILURES_PER_SESSION = 5
_GLOBAL_WINDOW_S, _GLOBAL_MAX_FAILURES = 600, 30
_failures: list[float] = []
_failures_lock = threading.Lock()


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return None


def password_hash() -> str | None:
    """The configured staff password hash, if any."""
    return os.environ.get(HASH_ENV) or _secret("staff_password_hash") or None


def oidc_provider() -> str | None:
    """"" for a single-provider ``[auth]``, the provider name for ``[auth.<name>]``, or None."""
    section = _secret("auth")
    if not section or not hasattr(section, "get"):
        return None
    if section.get("client_id"):
        return ""
    for name in section:
        if hasattr(section[name], "get") and section[name].get("client_id"):
            return name
    return None


def staff_emails() -> set[str]:
    listed = os.environ.get(EMAILS_ENV)
    emails = listed.split(",") if listed else list(_secret("staff_emails") or [])
    return {e.strip().lower() for e in emails if e.strip()}


def current_staff() -> str | None:
    """The authenticated staff member's label, or None (then no data-changing control)."""
    session = st.session_state.get(_SESSION_KEY)
    if isinstance(session, dict) and session.get("method") == "password" and password_hash():
        return session.get("who")
    if oidc_provider() is not None and st.user.get("is_logged_in"):
        email = str(st.user.get("email") or "").lower()
        allowed = staff_emails()
        if not allowed or email in allowed:
            return email or str(st.user.get("name") or "compte SSO")
    return None


def render_login() -> None:
    """The sign-in controls that are configured; a note when none is."""
    hashed, provider = password_hash(), oidc_provider()
    if not hashed and provider is None:
        st.info("La modification des données n'est pas configurée sur ce serveur "
                "(ni mot de passe du personnel, ni connexion SSO).")
        return
    st.caption("Import, modification et restauration réservés au personnel du Département.")
    if provider is not None:
        _render_oidc(provider)
    if hashed:
        _render_password_form(hashed)


def _render_oidc(provider: str) -> None:
    if st.user.get("is_logged_in"):
        st.warning("Ce compte n'est pas autorisé à modifier les données.")
        if st.button("Se déconnecter", key="staff_oidc_logout"):
            st.logout()
        return
    if st.button("Se connecter avec le compte de l'organisation", key="staff_oidc_login"):
        try:
            if provider:
                st.login(provider)
            else:
                st.login()
        except Exception as exc:  # noqa: BLE001 - e.g. Authlib missing
            st.error(f"Connexion SSO impossible : {type(exc).__name__}")


def _render_password_form(hashed: str) -> None:
    with st.form("staff_login", clear_on_submit=True):
        who = st.text_input("Votre nom", max_chars=80)
        password = st.text_input("Mot de passe du personnel", type="password", max_chars=200)
        submitted = st.form_submit_button("Se connecter")
    if submitted:
        _try_password(who, password, hashed)


def _try_password(who: str, password: str, hashed: str) -> None:
    failures = st.session_state.get("_atlas_staff_failures", 0)
    if failures >= _MAX_FAILURES_PER_SESSION or _globally_throttled():
        st.error("Trop d'essais : réessayez plus tard.")
        return
    if not who.strip():
        st.error("Indiquez votre nom : il figure dans l'historique des versions.")
        return
    if verify_password(password, hashed):
        st.session_state[_SESSION_KEY] = {"method": "password", "who": who.strip()[:80]}
        st.rerun()
    st.session_state["_atlas_staff_failures"] = failures + 1
    with _failures_lock:
        _failures.append(time.monotonic())
    time.sleep(_FAILURE_DELAY_S)
    st.error("Mot de passe incorrect.")


def _globally_throttled() -> bool:
    now = time.monotonic()
    with _failures_lock:
        _failures[:] = [t for t in _failures if now - t < _GLOBAL_WINDOW_S]
        return len(_failures) >= _GLOBAL_MAX_FAILURES


def render_logout(who: str) -> None:
    """Who is signed in, and a way out."""
    col_text, col_button = st.columns([4, 1])
    col_text.caption("Connecté : " + markdown_escape(who))
    if col_button.button("Se déconnecter", key="staff_logout"):
        st.session_state.pop(_SESSION_KEY, None)
        if st.user.get("is_logged_in"):
            st.logout()
        st.rerun()


def markdown_escape(text: object) -> str:
    """User text inside Streamlit Markdown (labels, captions, alerts) shown as typed."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~$:&=\"'":
            out.append("\\" + ch)
        elif ch in "\r\n\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
