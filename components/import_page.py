"""The "Données importées" page: current version for everyone; for staff, upload, column
mapping, preview, validation report (downloadable), import of the valid rows, history
and restore.

``render_import_page()`` is the only entry point. Every data-changing control is drawn
after ``auth.current_staff()`` returned someone; user strings are shown through
``st.dataframe`` (rendered as text) or ``markdown_escape``; no HTML is emitted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from components import follow_up_import
from components.auth import current_staff, markdown_escape, render_login, render_logout
from geo.model.amounts import format_eur
from geo.importer.readers import MAX_BYTES
from geo.importer.schema import COLUMN_LABELS, IMPORT_COLUMNS
from geo.store import Store, StoreError, Version
from geo.importer.template import template_csv_bytes, template_xlsx_bytes
from geo.importer.validate import Validation, validate_bytes

PARIS = ZoneInfo("Europe/Paris")
ASIDE = "— conserver à part —"
_CACHE_KEY = "_import_validation"
_FLASH_KEY = "_import_flash"
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg"]


def render_import_page() -> None:
    """Draw the page (the dashboard calls this)."""
    st.title("Données importées")
    try:
        _render_page(Store())
    except StoreError as exc:
        st.error("Stockage des imports indisponible : " + markdown_escape(exc))


def _render_page(store: Store) -> None:
    _render_current(store)
    staff = current_staff()
    if staff is None:
        render_login()
        return
    render_logout(staff)
    _show_flash()
    tab_import, tab_versions, tab_publish = st.tabs(["Importer un fichier", "Versions",
                                                     "Publier (SCDL)"])
    with tab_import:
        _render_import(store, staff)
    with tab_versions:
        _render_versions(store, staff)
    with tab_publish:
        _render_publish(store)


def _render_publish(store: Store) -> None:
    from geo.atlas import Atlas

    current = store.current()
    atlas = Atlas.load(current.id if current else None)
    follow_up_import.publish_button(pd.concat([atlas.projects, atlas.unplaced],
                                              ignore_index=True))


def _render_current(store: Store) -> None:
    current = store.current()
    if current is None:
        st.caption("Aucune donnée importée pour l'instant : l'atlas montre les données publiées.")
        return
    origin = f", rétablit la version {current.restored_from}" if current.restored_from else ""
    what = {"corrections": "corrections", "stages": "stades", "scdl": "subventions SCDL"}
    rows = (store.version(current.rows_from).rows_valid if current.rows_from else 0)
    shown = f"{rows} projet{'s' if rows > 1 else ''} importé{'s' if rows > 1 else ''}"
    if current.content != "projects" and current.content in what and current.content != "scdl":
        shown += (f" (version {current.rows_from})" if current.rows_from else "") + \
            f" ; cette version ajoute des {what[current.content]} ({current.rows_valid} ligne(s))"
    st.caption(f"Version affichée : {current.id} du {_local_time(current.created_at)}{origin} — "
               f"{shown}.")


def _show_flash() -> None:
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.success(message)


# --- import --------------------------------------------------------------------------------

def _render_import(store: Store, staff: str) -> None:
    st.caption("Colonnes attendues : " + ", ".join(IMPORT_COLUMNS) + ". Modèle à remplir :")
    col_csv, col_xlsx = st.columns(2)
    col_csv.download_button("Modèle CSV", template_csv_bytes(), "modele-projets.csv", "text/csv")
    col_xlsx.download_button("Modèle XLSX", template_xlsx_bytes(), "modele-projets.xlsx",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    uploaded = st.file_uploader("Fichier de projets, de subventions au format SCDL ou de stades "
                                "(CSV, XLSX, GeoJSON ou GeoPackage ; 10 Mo au plus)",
                                type=UPLOAD_TYPES, max_upload_size=MAX_BYTES // (1024 * 1024),
                                key="import_upload")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if len(data) > MAX_BYTES:
        st.error("Fichier trop volumineux (10 Mo au plus).")
        return
    validation = _validation(data, uploaded.name, None)
    if validation.is_corrections:
        st.info("Fichier de corrections reconnu (colonnes « Identifiant du projet », « Champ », "
                "« Valeur corrigée ») : chaque ligne remplie remplace ce champ de ce projet.")
    elif follow_up_import.notice(validation):
        pass
    elif validation.header:
        mapping = _render_mapping(validation)
        if mapping != validation.mapping:
            validation = _validation(data, uploaded.name, mapping)
    _render_report(validation)
    _render_preview(validation)
    _render_accept(store, staff, validation, data)


def _validation(data: bytes, name: str, mapping: dict[int, str] | None) -> Validation:
    """Validate once per (file, mapping) in this session (a few entries kept)."""
    key = (hashlib.sha256(data).hexdigest(), name,
           None if mapping is None else tuple(sorted(mapping.items())))
    cache = st.session_state.setdefault(_CACHE_KEY, {})
    if key not in cache:
        if len(cache) >= 4:
            cache.clear()
        cache[key] = validate_bytes(data, name, mapping)
    return cache[key]


def _render_mapping(validation: Validation) -> dict[int, str]:
    """Column-mapping step: one row per column of the file; the user may change the target."""
    frame = pd.DataFrame({
        "Colonne du fichier": [h or f"(colonne {i + 1} sans en-tête)"
                               for i, h in enumerate(validation.header)],
        "Correspond à": [validation.mapping.get(i, ASIDE) for i in range(len(validation.header))],
    })
    missing = [e for e in validation.report.file_errors if e.column in IMPORT_COLUMNS]
    with st.expander("Correspondance des colonnes", expanded=bool(missing)):
        edited = st.data_editor(
            frame, hide_index=True, key=f"import_mapping_{validation.sha256[:16]}",
            disabled=["Colonne du fichier"],
            column_config={"Correspond à": st.column_config.SelectboxColumn(
                options=[ASIDE, *IMPORT_COLUMNS], required=True,
                help="Colonnes du modèle : " + " ; ".join(f"{c} = {label}"
                                                         for c, label in COLUMN_LABELS.items()))})
    return {i: v for i, v in enumerate(edited["Correspond à"]) if v in IMPORT_COLUMNS}


def _render_report(validation: Validation) -> None:
    report = validation.report
    cols = st.columns(4)
    cols[0].metric("Lignes", report.rows)
    cols[1].metric("Valides", report.valid_rows)
    cols[2].metric("Lignes en erreur", len(report.invalid_rows))
    cols[3].metric("Avertissements", len(report.warnings))
    if report.file_errors:
        st.error("Fichier non importable : voir le rapport ci-dessous.")
    elif report.errors:
        st.warning(f"{len(report.invalid_rows)} ligne(s) en erreur : corrigez le fichier, ou "
                   "importez les seules lignes valides (les autres restent dans le rapport).")
    else:
        st.success("Toutes les lignes sont valides.")
    issues = _issues_frame(validation)
    if not issues.empty:
        st.dataframe(issues, hide_index=True, width="stretch")
    base = _download_stem(validation.file_name)
    col_csv, col_json = st.columns(2)
    col_csv.download_button("Rapport (CSV)", report.to_csv_bytes(), f"rapport-{base}.csv", "text/csv")
    col_json.download_button("Rapport (JSON)", report.to_json().encode("utf-8"),
                             f"rapport-{base}.json", "application/json")


def _issues_frame(validation: Validation) -> pd.DataFrame:
    rows = [("erreur", e) for e in validation.report.errors]
    rows += [("avertissement", w) for w in validation.report.warnings]
    return pd.DataFrame({
        "gravité": [s for s, _ in rows],
        "ligne": pd.array([i.row for _, i in rows], dtype="Int64"),
        "colonne": [i.column or "" for _, i in rows],
        "valeur": [i.value or "" for _, i in rows],
        "message": [i.message for _, i in rows],
    })


def _render_preview(validation: Validation) -> None:
    if validation.is_corrections:
        _render_corrections_preview(validation)
        return
    if follow_up_import.preview(validation):
        return
    projects = validation.projects
    if projects.empty:
        return
    st.header("Aperçu des lignes valides")
    shown = pd.DataFrame({
        "ligne": projects["row"], "intitulé": projects["title"],
        "commune": projects["commune_insee"], "EPCI": projects["epci_siren"],
        "thème": projects["theme"], "période": projects["period"], "année": projects["year"],
        "montant": [format_eur(c) for c in projects["amount_cents"]],
        "maître d'ouvrage": projects["maitre_ouvrage"],
    })
    st.dataframe(shown.head(500), hide_index=True, width="stretch")
    if len(shown) > 500:
        st.caption(f"500 premières lignes sur {len(shown)}.")


def _render_corrections_preview(validation: Validation) -> None:
    from geo.store.corrections import FIELD_NAMES

    rows = validation.corrections
    if rows.empty:
        return
    st.header("Aperçu des corrections valides")
    st.dataframe(pd.DataFrame({"ligne": rows["row"], "projet": rows["project_id"],
                               "champ": rows["field"].map(FIELD_NAMES),
                               "valeur corrigée": rows["value"], "raison": rows["reason"]}),
                 hide_index=True, width="stretch")


def _render_accept(store: Store, staff: str, validation: Validation, data: bytes) -> None:
    report = validation.report
    if report.file_errors or report.valid_rows == 0:
        return
    earlier = store.find_sha256(validation.sha256)
    if earlier:
        st.info(f"Ce fichier a déjà été importé (version {', '.join(map(str, earlier))}).")
    partial = bool(report.errors)
    if partial:
        agreed = st.checkbox(f"Importer les seules {report.valid_rows} lignes valides ; les "
                             f"{len(report.invalid_rows)} lignes en erreur restent dans le rapport "
                             "de la version.", key="import_accept_partial")
    else:
        agreed = True
    if st.button(f"Importer {report.valid_rows} ligne(s)", type="primary", disabled=not agreed,
                 key="import_submit"):
        try:
            version = store.import_validation(validation, data, staff, accept_partial=partial)
        except StoreError as exc:
            st.error(f"Import refusé : {markdown_escape(exc)}")
            return
        st.session_state.pop(_CACHE_KEY, None)
        what = {"corrections": "correction(s)", "stages": "stade(s)",
                "scdl": "subvention(s)"}.get(validation.content, "projet(s)")
        st.session_state[_FLASH_KEY] = (f"Version {version.id} importée : {version.rows_valid} "
                                        f"{what}. Elle est désormais affichée.")
        st.rerun()


# --- versions ------------------------------------------------------------------------------

def _render_versions(store: Store, staff: str) -> None:
    versions = store.versions()
    if not versions:
        st.info("Aucune version pour l'instant.")
        return
    st.dataframe(_versions_frame(versions), hide_index=True, width="stretch")
    chosen = st.selectbox("Version", [v.id for v in versions], key="version_choice",
                          format_func=lambda i: _version_label(next(v for v in versions if v.id == i)))
    version = next(v for v in versions if v.id == chosen)
    name, content = store.original(version.id)
    st.download_button("Fichier d'origine de cette version", content,
                       f"version-{_origin(version)}-{_download_stem(name)}{_suffix(name)}",
                       key="version_original")
    report = store.report(version.id)
    if report.get("errors"):
        st.download_button("Rapport de validation de cette version (JSON)",
                           _json_bytes(report), f"rapport-version-{version.id}.json",
                           "application/json", key="version_report")
    if version.is_current:
        st.caption("C'est la version affichée.")
        return
    confirm = st.checkbox(f"Je confirme rétablir la version {version.id}", key="restore_confirm")
    if st.button(f"Rétablir la version {version.id}", disabled=not confirm, key="restore_submit"):
        try:
            restored = store.restore(version.id, staff)
        except StoreError as exc:
            st.error(f"Restauration refusée : {markdown_escape(exc)}")
            return
        st.session_state[_FLASH_KEY] = (f"Version {restored.id} créée : elle rétablit la "
                                        f"version {version.id}.")
        st.rerun()


def _origin(version: Version) -> int:
    """The import whose file a version shows (its own, or the one it restores)."""
    found = version.corrections_from if version.content == "corrections" else version.rows_from
    return found or version.id


def _versions_frame(versions: list[Version]) -> pd.DataFrame:
    return pd.DataFrame({
        "version": [v.id for v in versions],
        "affichée": ["oui" if v.is_current else "" for v in versions],
        "date": [_local_time(v.created_at) for v in versions],
        "auteur": [v.who for v in versions],
        "action": [f"rétablit {v.restored_from}" if v.kind == "restore" else
                   ("corrections" if v.content == "corrections" else "import") for v in versions],
        "fichier": [v.file_name for v in versions],
        "lignes valides": [v.rows_valid for v in versions],
        "lignes": [v.rows_total for v in versions],
        "empreinte SHA-256": [v.sha256[:12] for v in versions],
    })


def _version_label(v: Version) -> str:
    what = f"rétablit {v.restored_from}" if v.kind == "restore" else v.file_name
    return f"{v.id} — {_local_time(v.created_at)} — {what}" + (" (affichée)" if v.is_current else "")


def _local_time(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def _download_stem(name: str) -> str:
    """A download name built from the upload's name: letters, digits, - and _ only."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name)
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "fichier"


def _suffix(name: str) -> str:
    match = re.search(r"\.([A-Za-z0-9]{1,5})$", name)
    return f".{match[1].lower()}" if match else ""


def _json_bytes(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8")
