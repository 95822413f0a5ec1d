"""Timed practice sessions: the phases of the response template, each with a time budget.

A 45-minute interview splits into clarifying questions (5), high-level approach (10), detailed
design (15), scale and trade-offs (10) and Q&A/extensions (5); other lengths scale the same
shares. A session is plain data (``to_dict``/``from_dict``, a running phase's start included)
so it can be paused and resumed, in a file (the terminal) or a :class:`SessionRepository`
(the store, for the web pages; :class:`InMemorySessions` is the fake).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from wellarch.errors import NotFound

__all__ = [
    "PHASES",
    "InMemorySessions",
    "Phase",
    "Session",
    "SessionRepository",
    "new_session",
]

#: (name, share of the interview, what to do in it)
PHASES: tuple[tuple[str, float, str], ...] = (
    ("Clarifying questions", 5 / 45, "scope, users, scale, constraints; state assumptions"),
    ("High-level approach", 10 / 45, "components and data flow end to end"),
    ("Detailed design", 15 / 45, "data model, APIs, the two or three hardest parts"),
    ("Scale and trade-offs", 10 / 45, "bottlenecks, failure modes, cost; alternatives weighed"),
    ("Q&A and extensions", 5 / 45, "follow-ups, what you would do next"),
)


@dataclass
class Phase:
    name: str
    budget_seconds: float
    guidance: str
    notes: str = ""
    used_seconds: float = 0.0
    done: bool = False

    @property
    def over_budget(self) -> bool:
        return self.used_seconds > self.budget_seconds


@dataclass
class Session:
    scenario_id: str
    level: str
    minutes: int
    phases: list[Phase]
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    clock: Callable[[], float] = field(default=lambda: datetime.now(UTC).timestamp(), repr=False)
    _phase_started: float | None = field(default=None, repr=False)
    #: The attempt recorded when the session finished: the web pages keep a finished
    #: session's notes (its answer) for that attempt's feedback until the candidate drops them.
    attempt_id: int | None = None

    @property
    def current(self) -> Phase | None:
        return next((p for p in self.phases if not p.done), None)

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def used_seconds(self) -> float:
        return sum(p.used_seconds for p in self.phases)

    @property
    def remaining_seconds(self) -> float:
        return self.minutes * 60 - self.used_seconds - self._running()

    def _running(self) -> float:
        return 0.0 if self._phase_started is None else self.clock() - self._phase_started

    def phase_remaining(self) -> float:
        phase = self.current
        if phase is None:
            return 0.0
        return phase.budget_seconds - phase.used_seconds - self._running()

    @property
    def running(self) -> bool:
        """Whether the clock is running (a phase started and not paused)."""
        return self._phase_started is not None and not self.finished

    def start_phase(self) -> Phase | None:
        """Start (or resume) the clock on the current phase; starting twice changes nothing."""
        if self._phase_started is None:
            self._phase_started = self.clock()
        return self.current

    def pause(self) -> None:
        """Stop the clock; the time so far counts for the current phase."""
        phase = self.current
        if phase is not None and self._phase_started is not None:
            phase.used_seconds += self.clock() - self._phase_started
        self._phase_started = None

    def finish_phase(self, notes: str) -> None:
        phase = self.current
        if phase is None:
            return
        self.pause()
        phase.notes = (phase.notes + "\n" + notes).strip() if phase.notes else notes.strip()
        phase.done = True

    def answer_text(self) -> str:
        """Everything the candidate wrote, phase by phase (what feedback scores)."""
        return "\n\n".join(f"## {p.name}\n\n{p.notes}" for p in self.phases if p.notes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "level": self.level,
            "minutes": self.minutes,
            "started_at": self.started_at.isoformat(),
            "running_since": self._phase_started,
            "attempt_id": self.attempt_id,
            "phases": [
                {
                    "name": p.name,
                    "budget_seconds": p.budget_seconds,
                    "guidance": p.guidance,
                    "notes": p.notes,
                    "used_seconds": round(p.used_seconds, 1),
                    "done": p.done,
                }
                for p in self.phases
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        running = data.get("running_since")
        attempt = data.get("attempt_id")
        return cls(
            scenario_id=str(data["scenario_id"]),
            level=str(data["level"]),
            minutes=int(data["minutes"]),
            started_at=datetime.fromisoformat(str(data["started_at"])),
            phases=[Phase(**p) for p in data["phases"]],
            _phase_started=None if running is None else float(running),
            attempt_id=None if attempt is None else int(attempt),
        )


def new_session(
    scenario_id: str, level: str, minutes: int, clock: Callable[[], float] | None = None
) -> Session:
    """A session whose phases share ``minutes`` as the response template does."""
    phases = [Phase(name, minutes * 60 * share, guidance) for name, share, guidance in PHASES]
    session = Session(scenario_id, level, minutes, phases)
    if clock is not None:
        session.clock = clock
    return session


class SessionRepository(Protocol):
    """Sessions in progress, by number (a finished session is recorded as an attempt)."""

    def save(self, session: Session, session_id: int | None = None) -> int:
        """Store ``session`` (new when ``session_id`` is None); return its number."""
        ...

    def get(self, session_id: int) -> Session:
        """The session; :class:`~wellarch.errors.NotFound` when there is none."""
        ...

    def open_sessions(self) -> list[tuple[int, Session]]:
        """Every stored session, most recently started first."""
        ...

    def delete(self, session_id: int) -> None:
        """Forget the session (no error when it is already gone)."""
        ...


class InMemorySessions:
    """Sessions in a dictionary (the fake for tests); stores copies, as a database would."""

    def __init__(self) -> None:
        self._data: dict[int, dict[str, Any]] = {}
        self._next = 1

    def save(self, session: Session, session_id: int | None = None) -> int:
        if session_id is None:
            session_id, self._next = self._next, self._next + 1
        elif session_id not in self._data:
            raise NotFound(f"no practice session {session_id}")
        self._data[session_id] = session.to_dict()
        return session_id

    def get(self, session_id: int) -> Session:
        try:
            return Session.from_dict(self._data[session_id])
        except KeyError:
            raise NotFound(f"no practice session {session_id}") from None

    def open_sessions(self) -> list[tuple[int, Session]]:
        found = [(key, Session.from_dict(data)) for key, data in self._data.items()]
        return sorted(found, key=lambda item: (item[1].started_at, item[0]), reverse=True)

    def delete(self, session_id: int) -> None:
        self._data.pop(session_id, None)
