"""A small bounded, thread-safe memo shared by every session of a server process.

The atlas of a data version is loaded once (``Atlas.load`` is cached) and every session
asks it the same questions: the projects of a filter, the choropleth of an indicator, a
ranking. :class:`Memo` answers each question once per process. Keys are cheap tuples of
the inputs (filters are frozen dataclasses); a value computed from an object (a frame of
projects) is keyed by that object's ``id`` and keeps the object, so an id reused after
the object is gone can never hit (:meth:`Memo.by_object`).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable


class Memo:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._values: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], Any]) -> Any:
        """The value of ``key``, built once (two sessions racing may both build it)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def by_object(self, name: str, source: Any, build: Callable[[], Any], *extra) -> Any:
        """A value computed from ``source`` (and ``extra`` keys), for as long as it is cached."""
        kept, value = self.get((name, id(source), *extra), lambda: (source, build()))
        if kept is source:
            return value
        value = build()
        with self._lock:
            self._values[(name, id(source), *extra)] = (source, value)
        return value

    def __len__(self) -> int:
        return len(self._values)
