"""The load balancer's configuration: HAProxy (Debian package) in front of the replicas.

Streamlit needs session affinity: a session's websocket, its reconnections and its file
uploads (``/_stcore/upload_file``) must reach the replica that holds the session. HAProxy
inserts a cookie naming the replica on the first response (``cookie … insert``) and sends
every later request carrying it to that replica; a new visitor goes to the next replica
(round robin). Each response says which replica answered (``X-Atlas-Replica``), for the
tests and for whoever reads the logs. Replicas are checked on Streamlit's health route.
"""
from __future__ import annotations

from dataclasses import dataclass

COOKIE = "ATLAS_REPLICA"
HEADER = "X-Atlas-Replica"


@dataclass(frozen=True)
class Replica:
    name: str            # r1, r2...
    host: str            # 127.0.0.1, or another machine
    port: int


def config(bind: str, port: int, replicas: list[Replica]) -> str:
    """The ``haproxy.cfg`` text."""
    servers = "\n".join(
        f"    server {r.name} {r.host}:{r.port} check inter 2s fall 2 rise 1 cookie {r.name}"
        for r in replicas)
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    option forwardfor

frontend atlas
    bind {bind}:{port}
    default_backend replicas

backend replicas
    balance roundrobin
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect string ok
    http-response set-header {HEADER} %[srv_name]
{servers}
"""
