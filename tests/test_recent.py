"""wellarch.recent.Recent: a bounded cache that drops the least recently stored value."""

from __future__ import annotations

import doctest
import threading

from wellarch import recent
from wellarch.recent import Recent


def test_the_docstring_example_runs():
    assert doctest.testmod(recent).failed == 0


def test_storing_again_makes_a_key_recent_and_replaces_its_value():
    cache: Recent[str, int] = Recent(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)  # "b" is now the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (10, None, 3)
    assert len(cache) == 2


def test_writers_in_threads_never_leave_it_over_its_size():
    cache: Recent[int, int] = Recent(16)

    def write(start: int) -> None:
        for n in range(start, start + 2_000):
            cache.put(n % 50, n)
            cache.get((n + 7) % 50)

    threads = [threading.Thread(target=write, args=(i * 10_000,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 16
