"""``make serve`` with the import store in PostGIS (``$ATLAS_DATABASE_URL``), as on several
machines: an import made through one replica is shown by a page the other replica serves,
and it is in the database, not in a SQLite file. Its own module: its replicas share a
PostGIS store, those of tests/test_serve.py a SQLite one."""
from __future__ import annotations

import pytest

from geo.store import Store, dispose_engines
from tests.test_serve import serving, upload_on_one_replica_and_see_it_on_the_other


@pytest.fixture(scope="module")
def stack(tmp_path_factory, postgis_cluster):
    """(balancer URL, database URL, SQLite directory the replicas must leave empty)."""
    url = postgis_cluster.create_database("serve_store")
    unused = tmp_path_factory.mktemp("store")
    try:
        # warming is tested with SQLite (tests/test_serve.py): the store is what differs here
        with serving({"ATLAS_DATABASE_URL": url, "ATLAS_STORE_DIR": str(unused)},
                     warm=False) as found:
            yield found[0], url, unused
    finally:
        dispose_engines()
        postgis_cluster.psql('DROP DATABASE IF EXISTS "serve_store" WITH (FORCE)')


def test_an_upload_on_one_replica_shows_on_the_other_through_postgis(stack, browser, tmp_path):
    balancer, url, unused = stack
    upload_on_one_replica_and_see_it_on_the_other(balancer, browser, tmp_path)
    current = Store(url=url).current()
    assert (current.id, current.who, current.file_name) == (1, "Agent MDADT", "projets.csv")
    assert list(unused.iterdir()) == []
