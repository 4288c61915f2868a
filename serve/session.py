"""One Streamlit session driven without a browser, over Streamlit's own websocket.

Streamlit 1.67 serves the page's session at ``/_stcore/stream`` (subprotocol
``streamlit``, same-origin ``Origin`` header). The browser sends ``BackMsg`` rerun
requests (query string, page, widget states) and reads ``ForwardMsg`` until
``script_finished``. :class:`Session` sends the same messages a chromium page sends
(checked by ``bench/load.py`` against a real page): the first run with the query string,
then the run the map component triggers when it mounts (its first value), then the
user's changes (an EPCI chosen, a theme ticked) as widget states.

Used by the load benchmark, by ``make serve`` to warm each replica before it takes
visitors, and by the replica tests.
"""
from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAP_VALUE = {"last_object_clicked": None, "last_object_clicked_count": 0,
             "last_object_clicked_tooltip": None}
TIMEOUT_S = 120


class SessionError(RuntimeError):
    """The server refused the session, closed it, or ran the script into an error."""


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    errors: list[str] = field(default_factory=list)     # exceptions shown in the page


@dataclass
class Session:
    base_url: str                         # http://host:port (a replica or the balancer)
    cookie: str = ""                      # the balancer's stickiness cookie, once known
    widgets: dict[str, str] = field(default_factory=dict)     # key -> widget id
    values: dict[str, object] = field(default_factory=dict)   # key -> value shown
    query: str = ""                       # the address's query string, as the app writes it
    page: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # delta path -> element
    _sent: dict[str, object] = field(default_factory=dict)
    _sent_ids: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, bytes] = field(default_factory=dict)   # the browser's message cache
    page_hash: str = ""
    map_fragment: str = ""                # the fragment the map is drawn in ("" : none)
    replica: str = ""                     # X-Atlas-Replica of the page's HTTP response
    ws_replica: str = ""                  # ... and of the websocket's handshake
    _ws: object = None

    async def open(self, query: str = "") -> Run:
        """Load the page (HTTP, as a browser does first), connect, run the script, then
        the run of the map's first value."""
        self._http_get()
        from websockets.asyncio.client import connect

        parts = urlsplit(self.base_url)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await connect(f"ws://{parts.netloc}/_stcore/stream",
                                 subprotocols=["streamlit"], origin=self.base_url,
                                 additional_headers=headers, max_size=None,
                                 open_timeout=TIMEOUT_S)
        self.ws_replica = self._ws.response.headers.get("X-Atlas-Replica", "")
        self.query = query
        return await self.change({})

    async def change(self, values: dict[str, object]) -> Run:
        """The user changes ``values`` ({widget key: value}); when a new map appears (another
        view), the run its first value triggers follows, as in a browser."""
        before = self.widgets.get("__map__")
        run = await self.rerun(values)
        if self.widgets.get("__map__") not in (None, before):
            # the map's value reruns the fragment it is drawn in (the whole page if none)
            mounted = await self.rerun({"__map__": MAP_VALUE}, fragment=self.map_fragment)
            mounted.seconds += run.seconds
            mounted.errors = run.errors + mounted.errors
            run = mounted
        return run

    def _http_get(self) -> None:
        request = urllib.request.Request(self.base_url + "/",
                                         headers={"Cookie": self.cookie} if self.cookie else {})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read()
            self.replica = response.headers.get("X-Atlas-Replica", "")
            set_cookie = response.headers.get_all("Set-Cookie") or []
        jar = dict(c.split(";", 1)[0].split("=", 1) for c in set_cookie if "=" in c)
        if jar:
            self.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())

    async def rerun(self, values: dict[str, object], fragment: str = "") -> Run:
        """One script run with ``values`` ({widget key: value}) as the widgets' states; of
        ``fragment`` only when given (the widgets outside it stay as they are)."""
        message = BackMsg()
        state = message.rerun_script
        state.fragment_id = fragment
        query = self.query
        state.query_string = query
        state.page_script_hash = self.page_hash
        state.context_info.timezone = "Europe/Paris"
        state.context_info.locale = "fr-FR"
        state.context_info.url = self.base_url + "/" + (f"?{query}" if query else "")
        # as a browser does: every widget of the page with the value it shows, changed ones
        self._sent = {**self.values, **values}
        for key, value in self._sent.items():
            self._widget(state.widget_states.widgets.add(), key, value)
        state.cached_message_hashes.extend(self._cache)   # the server sends references
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        self._sent_ids = dict(self.widgets)
        return await self._read_until_finished(started)

    def _widget(self, widget, key: str, value: object) -> None:
        if key not in self.widgets:
            raise SessionError(f"widget « {key} » absent de la page")
        widget.id = self.widgets[key]
        if value is None:            # an empty field: its id, no value (as the browser)
            return
        if isinstance(value, bool):
            widget.bool_value = value
        elif isinstance(value, float):
            widget.double_value = value
        elif isinstance(value, dict):
            widget.json_value = json.dumps(value)
        elif isinstance(value, (list, tuple)):
            widget.string_array_value.data.extend(value)
        else:
            widget.string_value = str(value)

    async def _read_until_finished(self, started: float) -> Run:
        run = Run(0.0)
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), TIMEOUT_S)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash" and msg.ref_hash in self._cache:   # a message seen before
                seen = self._cache[msg.ref_hash]
                msg = ForwardMsg()
                msg.ParseFromString(seen)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = raw
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
                if not msg.metadata.run.fragment_ids:   # a whole run draws the page again
                    self.widgets, self.values, self.page = {}, {}, {}
            elif kind == "delta":
                self._delta(msg, run)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue        # the app asked for another run: it follows at once
                run.seconds = time.perf_counter() - started
                return run

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        self.page[tuple(msg.metadata.delta_path)] = (kind, getattr(body, "body", ""))
        if kind == "exception":
            run.errors.append(f"{body.type}: {body.message}")
        widget_id = getattr(body, "id", "")
        if not widget_id.startswith("$$ID-"):
            return
        if kind == "component_instance":
            if body.component_name.endswith(("atlas_map", "st_folium")):   # a map: its value
                known = self._sent.get("__map__") if widget_id == self._map_id() else None
                self.widgets["__map__"], self.values["__map__"] = widget_id, known
                self.map_fragment = msg.delta.fragment_id
            return
        key = widget_id.rsplit("-", 1)[-1]
        self.widgets[key] = widget_id
        shown = shown_value(kind, body)
        # a value the user set stays what the browser shows unless the app sets another
        self.values[key] = shown if getattr(body, "set_value", False) or key not in self._sent \
            else self._sent[key]

    def headings(self) -> list[str]:
        """The title and subheaders the page shows, in page order (main area, then
        sidebar), after whole runs and fragment runs alike."""
        return [text for _, (kind, text) in sorted(self.page.items()) if kind == "heading"]

    def _map_id(self) -> str | None:
        return self._sent_ids.get("__map__")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()


def shown_value(kind: str, body) -> object:
    """The value a widget shows, as the browser reports it (None: its id without a value)."""
    if kind == "checkbox":
        return body.value if body.set_value else body.default
    if kind in ("selectbox", "radio"):
        if body.set_value:
            return body.raw_value
        return body.options[body.default] if body.HasField("default") else None
    if kind == "multiselect":
        return list(body.raw_values) if body.set_value else [body.options[i] for i in body.default]
    if kind == "text_input":
        return body.value if body.set_value else body.default
    if kind == "number_input":
        if body.set_value and body.HasField("value"):
            return float(body.value)
        return float(body.default) if body.HasField("default") else None
    return None


def run_sync(coroutine):
    """``asyncio.run(coroutine)``, in a thread of its own when this thread already runs an
    event loop (Playwright's synchronous API does, in the browser tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
