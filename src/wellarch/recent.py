"""A small thread-safe cache of the most recently stored values.

The store keeps decoded answer sets in one and the review service evaluated lens reviews in
another: both check a value's freshness themselves (a stamp, an identity) and only need a
bounded place to keep it. ``functools.lru_cache`` does not fit: its entries cannot be
replaced when the caller finds one stale.

Example:
    >>> cache: Recent[str, int] = Recent(2)
    >>> cache.put("a", 1); cache.put("b", 2); cache.put("c", 3)
    >>> cache.get("a") is None, cache.get("c")
    (True, 3)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["Recent"]

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most ``size`` values by key; storing one more drops the least recently stored."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._values.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)
