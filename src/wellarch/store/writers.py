"""The turn-taking of writers to one SQLite file: :class:`WriterTurns`.

SQLite admits one writer at a time. A writer that finds the file locked sleeps in growing steps
— 1, 2, 5, 10 … up to 100 ms each — before it retries, so under load a save that could have
waited half a millisecond waits 100 ms; and a transaction that read before it wrote can even
fail at once ("database is locked") when another writer committed in between. So wellarch's
writers take turns before they start: the threads of one process through a lock, the
processes (``wellarch serve --workers N``, a CLI command beside the server) through an
advisory ``flock`` on a file beside the database (``<database>-writers``), which a waiting
process tries again after 50 µs, then after twice as long each time, up to a millisecond. A
process that dies lets go of it: the kernel releases the lock with the process.

Where the lock file cannot be made (a read-only folder) or the system has no ``flock``
(Windows), the processes fall back on SQLite's own waiting; the threads still take turns.

Example:
    >>> turns = WriterTurns(None)  # an in-memory database: one process, threads take turns
    >>> with turns:
    ...     with turns:  # a writer may nest
    ...         pass
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

from wellarch.errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_SUFFIX", "WriterTurns"]

#: The lock file is the database's path with this suffix.
LOCK_SUFFIX = "-writers"
#: How long a writer waits for another process's turn to end before it gives up.
WAIT_SECONDS = 5.0
#: A waiting writer looks again after 50 µs, then twice as long each time, up to 1 ms: a save
#: holds its turn for about half a millisecond.
_FIRST_PAUSE = 0.00005
_LAST_PAUSE = 0.001


class WriterTurns:
    """A re-entrant lock for the writers of ``database`` (a file path; ``None`` for a database
    in memory), across threads and processes."""

    def __init__(self, database: Path | None, *, wait: float = WAIT_SECONDS) -> None:
        self.path = None if database is None else database.with_name(database.name + LOCK_SUFFIX)
        self.wait = wait
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid = os.getpid()

    def __enter__(self) -> WriterTurns:
        if self._pid != os.getpid():
            self._forked()
        self._threads.acquire()
        try:
            if self._depth == 0:
                self._lock_file()
        except BaseException:
            self._threads.release()
            raise
        self._depth += 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self._fd is not None and fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _forked(self) -> None:
        """Start afresh in a forked child: the parent's turn (its lock, its depth, its lock
        file descriptor, which would share the parent's ``flock``) is not the child's."""
        if self._fd is not None:
            os.close(self._fd)
        self._threads, self._depth, self._fd = threading.RLock(), 0, None
        self._pid = os.getpid()

    def _opened(self) -> int | None:
        """The lock file's descriptor, opened on first use."""
        if self.path is None or fcntl is None:
            return None
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                self.path = None  # cannot be made here: SQLite's own waiting it is
                return None
        return self._fd

    def _lock_file(self) -> None:
        fd = self._opened()
        if fd is None or fcntl is None:
            return
        deadline = time.monotonic() + self.wait
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{self.path}: another process has been writing to the database for "
                        f"more than {self.wait:g} s; try again when it is done"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, _LAST_PAUSE)

    def close(self) -> None:
        """Let go of the lock file (the lock itself is released when each writer ends)."""
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
            self._fd = None
