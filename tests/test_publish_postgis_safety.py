"""``python -m geo publish-postgis`` when things go wrong, on a real server (the
``postgis_url`` fixture: a fresh database per test, no mock): a republication replaces the
tables (and keeps what was granted on them); a publication that fails or is killed mid-way
leaves the previous tables as they were; a view on them stops it without dropping them;
the command line says in French what is missing and connects as QGIS does (a libpq
service). Fixtures and helpers: tests/test_publish_postgis.py."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import time

import pytest
import sqlalchemy as sa

from geo.postgis.layers import LAYERS
from geo.postgis.publish import PublishError, publish
from geo.postgis.site_layers import KEY_FIGURES
from geo.postgis.territory_layers import COMMUNES, EPCI
# engine, published, shipped: fixtures, found by pytest in this module's names
from tests.test_publish_postgis import (cli_process, engine, published, read,  # noqa: F401
                                        scalar, shipped)


# ---------------------------------------------------------------------------------------
# Republication, failures

def test_republishing_replaces_the_tables_and_keeps_their_grants(postgis_url, shipped,
                                                                 engine, published):
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE ROLE lecteur_qgis"))
        conn.execute(sa.text("GRANT USAGE ON SCHEMA atlas TO lecteur_qgis"))
        conn.execute(sa.text("GRANT SELECT ON atlas.projets, atlas.communes TO lecteur_qgis"))
    first = scalar(engine, "SELECT publie_le FROM atlas.publication")
    while dt.datetime.now(dt.timezone.utc).replace(microsecond=0) <= first:
        time.sleep(0.05)            # publie_le counts whole seconds: wait for the next
    again = publish(postgis_url, atlas=shipped, grant_select=("lecteur_qgis",))
    assert again.counts == published.counts
    for layer in LAYERS:
        key = ", ".join(layer.primary_key)
        assert scalar(engine, f"SELECT count(*) FROM atlas.{layer.table}") == \
            published.counts[layer.table]
        assert scalar(engine, f"SELECT count(*) FROM (SELECT {key} FROM atlas.{layer.table} "
                              f"GROUP BY {key} HAVING count(*) > 1) d") == 0
        assert scalar(engine, "SELECT has_table_privilege('lecteur_qgis', CAST(:t AS "
                              "regclass), 'SELECT')", t=f"atlas.{layer.table}")
    assert scalar(engine, "SELECT publie_le FROM atlas.publication") > first
    assert scalar(engine, "SELECT count(*) FROM pg_tables WHERE schemaname = 'atlas'") == \
        len(LAYERS)


def test_a_failure_mid_way_leaves_the_previous_tables(postgis_url, shipped, engine,
                                                      published):
    """Two tables written, the third breaks its primary key (real rows, real error)."""
    before = scalar(engine, "SELECT publie_le FROM atlas.publication")
    broken = dataclasses.replace(KEY_FIGURES, primary_key=("epci_siren",))
    with pytest.raises(PublishError, match="même clé primaire.*rien n.a été modifié"):
        publish(postgis_url, atlas=shipped, layers=(EPCI, COMMUNES, broken))
    assert scalar(engine, "SELECT publie_le FROM atlas.publication") == before
    assert scalar(engine, "SELECT count(*) FROM atlas.chiffres_cles") == 491
    assert len(read(engine, "communes")) == 887
    assert scalar(engine, "SELECT count(*) FROM pg_namespace WHERE nspname = "
                          "'atlas_publication'") == 0


def test_a_view_on_the_tables_stops_the_publication_without_dropping_it(postgis_url, shipped,
                                                                        engine, published):
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE VIEW public.gros_projets AS SELECT identifiant FROM "
                             "atlas.projets WHERE montant_eur > 1000000"))
    with pytest.raises(PublishError, match="dépendent des tables publiées"):
        publish(postgis_url, atlas=shipped)
    assert scalar(engine, "SELECT count(*) FROM public.gros_projets") > 0


def test_a_killed_publication_leaves_the_previous_tables(postgis_url, engine, published,
                                                         tmp_path):
    """A reader holds the old tables: the command writes everything, then waits for them;
    killed there, its transaction is never committed."""
    before = scalar(engine, "SELECT publie_le FROM atlas.publication")
    reader = engine.connect()
    reader.execute(sa.text("SELECT count(*) FROM atlas.communes"))      # transaction open
    process = cli_process("--url", postgis_url, env={"ATLAS_STORE_DIR": str(tmp_path)})
    try:
        deadline = time.monotonic() + 120
        while not scalar(engine, "SELECT count(*) FROM pg_locks l JOIN pg_database d ON "
                                 "d.oid = l.database WHERE NOT l.granted AND d.datname = "
                                 "current_database()"):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "la publication n'a jamais attendu"
            time.sleep(0.1)
        waiting = scalar(engine, "SELECT query FROM pg_stat_activity WHERE wait_event_type "
                                 "= 'Lock' AND datname = current_database()")
        assert waiting.startswith('DROP TABLE IF EXISTS "atlas"."epci"')   # all 9 written
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        reader.close()
    deadline = time.monotonic() + 30
    while scalar(engine, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                         "current_database() AND pid <> pg_backend_pid()"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert scalar(engine, "SELECT publie_le FROM atlas.publication") == before
    assert scalar(engine, "SELECT count(*) FROM atlas.projets") == 288
    assert scalar(engine, "SELECT count(*) FROM pg_namespace WHERE nspname = "
                          "'atlas_publication'") == 0


# ---------------------------------------------------------------------------------------
# Command line: errors in French, a libpq service

def test_without_a_url_the_command_says_so_in_french(tmp_path):
    out, err = cli_process(env={"ATLAS_STORE_DIR": str(tmp_path)}).communicate(timeout=120)
    assert err.startswith("Erreur : aucune base PostGIS indiquée : donnez --url ")
    assert "ATLAS_DATABASE_URL" in err and "Traceback" not in err and out == ""
    process = cli_process(env={"ATLAS_STORE_DIR": str(tmp_path)})
    process.communicate(timeout=120)
    assert process.returncode == 2


def test_bad_schema_or_unreachable_server_are_french_errors(tmp_path, shipped):
    with pytest.raises(PublishError, match="n'est pas un schéma à part"):
        publish("postgresql://x@/y", schema="public", atlas=shipped)
    with pytest.raises(PublishError, match="nom de schéma refusé"):
        publish("postgresql://x@/y", schema="Atlas; DROP", atlas=shipped)
    with pytest.raises(PublishError, match="^connexion impossible à "):
        publish(f"postgresql://nobody@/nowhere?host={tmp_path}", atlas=shipped)


def test_a_libpq_service_names_the_database_as_in_qgis(postgis_cluster, postgis_url, engine,
                                                       tmp_path):
    """The connection QGIS users make from a pg_service.conf entry works for the command."""
    from bench.postgres import PORT

    database = sa.engine.make_url(postgis_url).database
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[atlas_sig]\nhost={postgis_cluster.socket_dir}\nport={PORT}\n"
                        f"dbname={database}\nuser=postgres\n", encoding="utf-8")
    process = cli_process("--url", "postgresql://?service=atlas_sig",
                          env={"PGSERVICEFILE": str(services), "ATLAS_STORE_DIR": str(tmp_path)})
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert out.startswith("Publié dans le schéma « atlas » de postgresql+psycopg://?service="
                          "atlas_sig (données livrées seules, aucun import), en ")
    assert scalar(engine, "SELECT count(*) FROM atlas.communes") == 887
