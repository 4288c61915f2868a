"""The throw-away PostgreSQL/PostGIS server the store and publication tests run against."""
import sqlalchemy as sa


def test_cluster_serves_postgis_on_its_own_socket(postgis_cluster, postgis_url):
    engine = sa.create_engine(postgis_url)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT postgis_lib_version()")).scalar()
        listen = conn.execute(sa.text("SHOW listen_addresses")).scalar()
    engine.dispose()
    assert version.startswith("3.")
    assert listen == ""          # no TCP address: nothing off this machine can reach it
    assert str(postgis_cluster.socket_dir) in postgis_url
