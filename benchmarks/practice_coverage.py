"""Pillar coverage of `wellarch practice score` against hand labels (run by hand:
`.venv/bin/python benchmarks/practice_coverage.py`).

The development set is ``tests/fixtures/practice/eval`` and the held-out set
``tests/fixtures/practice/heldout`` (``--set dev|heldout|all``; thresholds are tuned on the
development set only, see ``practice_calibrate.py``). Each holds one answer per Markdown file
(``<nn>-<scenario id>.md``) and ``labels.json``, a list of ``{"file", "scenario", "covered":
{pillarId: bool}, "note"}`` written by a demanding interviewer: a pillar is covered only when
the answer substantively addresses at least half of that pillar's key questions in the
``interview`` lens for this design. An optional ``"addressed"`` list names the interview
question ids the labeller credited; when present, a question-level table is printed as well.

For every answer the script calls ``score_answer(scenario, text)`` — with the default
:class:`~wellarch.practice.coverage.LexiconAnalyser`, or with ``--analyser semantic`` the
``SemanticAnalyser`` of ``wellarch.practice.semantic`` (the ``wellarch[semantic]`` extra) — and
prints, for each chosen set (and for ``--set all`` also both together):

1. per pillar: labelled and predicted positives, TP/FP/FN/TN, precision, recall and F1 of
   "covered", each against the target of ≥ 0.85 precision and recall;
2. overall accuracy over all answer × pillar cells;
3. the median time to score one answer, both the default call (``score_answer`` builds its
   analyser) and with one analyser reused for every answer; for the semantic analyser also
   the one-off load (imports and model, then the embedded lens prototypes) and the peak
   resident memory of the process (``resource.getrusage``);
4. per question (when labels carry ``addressed``): the same counts for "question addressed";
5. every disagreement: file, pillar, label, predicted, plus the pillar score and which
   questions the tool and the labeller credited.

The exit status is 0 only when every pillar meets both targets (1 when not, or when the
semantic analyser is requested but not installed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from wellarch.errors import WellarchError
from wellarch.practice import Analyser, LexiconAnalyser, Scenario, load_scenarios, score_answer
from wellarch.practice.coverage import _interview

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "practice" / "eval"
HELDOUT = ROOT / "tests" / "fixtures" / "practice" / "heldout"
SETS = {"dev": (EVAL,), "heldout": (HELDOUT,), "all": (EVAL, HELDOUT)}
TARGET = 0.85


@dataclass(frozen=True)
class Labelled:
    """One answer of the evaluation set with its hand labels."""

    file: str
    scenario: str
    text: str
    covered: dict[str, bool]
    addressed: frozenset[str] | None
    note: str


@dataclass
class Counts:
    """A confusion matrix for one binary judgement."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, label: bool, predicted: bool) -> None:
        if label and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif label:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass
class Result:
    """Predictions for one answer."""

    item: Labelled
    covered: dict[str, bool]
    score: dict[str, float]
    addressed: frozenset[str]
    seconds: list[float] = field(default_factory=list)


def pillar_questions() -> dict[str, list[str]]:
    """Interview-lens question ids per pillar id, in lens order."""
    return {pillar.id: [q.id for q in pillar.questions] for pillar in _interview().lens.pillars}


def load_set(directory: Path, scenarios: dict[str, Scenario]) -> list[Labelled]:
    """The labelled answers; fails loudly on a missing file, scenario or pillar."""
    pillars = pillar_questions()
    known = {q for qs in pillars.values() for q in qs}
    rows = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    items: list[Labelled] = []
    for row in rows:
        path = directory / row["file"]
        if not path.is_file():
            raise SystemExit(f"labels.json: {row['file']} does not exist")
        if row["scenario"] not in scenarios:
            raise SystemExit(f"labels.json: {row['file']}: unknown scenario {row['scenario']}")
        if set(row["covered"]) != set(pillars):
            raise SystemExit(f"labels.json: {row['file']}: covered must name the six pillars")
        addressed = row.get("addressed")
        if addressed is not None and not set(addressed) <= known:
            raise SystemExit(f"labels.json: {row['file']}: unknown question ids in addressed")
        items.append(
            Labelled(
                file=row["file"],
                scenario=row["scenario"],
                text=path.read_text(encoding="utf-8"),
                covered={p: bool(v) for p, v in row["covered"].items()},
                addressed=frozenset(addressed) if addressed is not None else None,
                note=row.get("note", ""),
            )
        )
    return items


def make_analyser(name: str) -> Callable[[], Analyser] | None:
    """A factory for the chosen analyser, or None when it is not installed."""
    if name == "lexicon":
        return LexiconAnalyser
    try:
        semantic = importlib.import_module("wellarch.practice.semantic")
    except ImportError:
        return None
    factory: Callable[[], Analyser] = semantic.SemanticAnalyser
    return factory


def timed(call: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_semantic(factory: Callable[[], Analyser]) -> Analyser:
    """Builds the semantic analyser, printing its load time and memory."""
    semantic = importlib.import_module("wellarch.practice.semantic")
    before = peak_rss_mb()
    start = time.perf_counter()
    semantic.load_model()
    loaded = time.perf_counter()
    analyser = factory()
    built = time.perf_counter()
    print(
        f"semantic analyser: model import and load {loaded - start:.2f} s, lens prototypes "
        f"{built - loaded:.2f} s; peak RSS {before:.0f} MB before, {peak_rss_mb():.0f} MB after"
    )
    print()
    return analyser


def evaluate(
    items: Sequence[Labelled],
    scenarios: dict[str, Scenario],
    shared: Analyser,
    default_call: bool,
    repeat: int,
) -> tuple[list[Result], list[float], list[float]]:
    """Scores every answer; returns results and per-answer median times (default, reused)."""
    pillars = pillar_questions()
    results: list[Result] = []
    default_times: list[float] = []
    reused_times: list[float] = []
    for item in items:
        scenario = scenarios[item.scenario]
        feedback: dict[str, Any] = {}
        runs_default: list[float] = []
        runs_reused: list[float] = []
        for _ in range(repeat):
            if default_call:
                feedback, seconds = timed(partial(score_answer, scenario, item.text))
                runs_default.append(seconds)
            feedback, seconds = timed(partial(score_answer, scenario, item.text, analyser=shared))
            runs_reused.append(seconds)
        if runs_default:
            default_times.append(statistics.median(runs_default))
        reused_times.append(statistics.median(runs_reused))
        found = feedback["pillars"]
        addressed = frozenset(
            q for pid, qs in pillars.items() for q in qs if q not in found[pid]["missed"]
        )
        results.append(
            Result(
                item=item,
                covered={pid: bool(found[pid]["covered"]) for pid in pillars},
                score={pid: float(found[pid]["score"]) for pid in pillars},
                addressed=addressed,
            )
        )
    return results, default_times, reused_times


def fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def short(question_id: str) -> str:
    return question_id.removeprefix("int_")


def report(
    results: Sequence[Result],
    default_times: Sequence[float],
    reused_times: Sequence[float],
    analyser_name: str,
    show_questions: bool,
    set_name: str = "dev",
) -> bool:
    """Prints the report; True when every pillar meets both targets."""
    pillars = pillar_questions()
    scenarios = {r.item.scenario for r in results}
    print(
        f"practice coverage — set {set_name}, analyser {analyser_name}: {len(results)} answers, "
        f"{len(scenarios)} scenarios, {len(results) * len(pillars)} answer × pillar cells"
    )
    print()
    print(
        f"{'pillar':<22} {'label+':>6} {'pred+':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} "
        f"{'prec':>6} {'recall':>6} {'F1':>6}  target ≥ {TARGET:.2f}"
    )
    all_ok = True
    correct = 0
    for pid in pillars:
        counts = Counts()
        for r in results:
            counts.add(r.item.covered[pid], r.covered[pid])
        correct += counts.tp + counts.tn
        ok = all(v is not None and v >= TARGET for v in (counts.precision, counts.recall))
        all_ok &= ok
        print(
            f"{pid:<22} {counts.tp + counts.fn:>6} {counts.tp + counts.fp:>6} {counts.tp:>4} "
            f"{counts.fp:>4} {counts.fn:>4} {counts.tn:>4} {fmt(counts.precision):>6} "
            f"{fmt(counts.recall):>6} {fmt(counts.f1):>6}  {'ok' if ok else 'MISSED'}"
        )
    cells = len(results) * len(pillars)
    print()
    print(f"overall accuracy: {correct}/{cells} = {correct / cells:.3f}")
    exact = sum(1 for r in results if r.covered == r.item.covered)
    print(f"answers with all six pillars right: {exact}/{len(results)}")
    print()
    if default_times:
        default_ms = statistics.median(default_times) * 1000
        reused_ms = statistics.median(reused_times) * 1000
        print(
            f"time to score one answer (median over answers): {default_ms:.1f} ms with the "
            f"default call (score_answer builds its analyser), {reused_ms:.2f} ms with one "
            "analyser reused"
        )
    else:
        print(
            f"time to score one answer (median over answers, analyser reused): "
            f"{statistics.median(reused_times) * 1000:.2f} ms"
        )

    labelled = [r for r in results if r.item.addressed is not None]
    if show_questions and labelled:
        print()
        print(f"per question ({len(labelled)} answers with 'addressed' labels):")
        print(
            f"  {'question':<34} {'label+':>6} {'pred+':>6} {'FP':>4} {'FN':>4} "
            f"{'prec':>6} {'recall':>6}"
        )
        for qs in pillars.values():
            for q in qs:
                counts = Counts()
                for r in labelled:
                    assert r.item.addressed is not None
                    counts.add(q in r.item.addressed, q in r.addressed)
                print(
                    f"  {short(q):<34} {counts.tp + counts.fn:>6} {counts.tp + counts.fp:>6} "
                    f"{counts.fp:>4} {counts.fn:>4} {fmt(counts.precision):>6} "
                    f"{fmt(counts.recall):>6}"
                )

    print()
    disagreements = [
        (r, pid) for r in results for pid in pillars if r.covered[pid] != r.item.covered[pid]
    ]
    print(f"disagreements: {len(disagreements)}")
    print(f"  {'file':<50} {'pillar':<22} {'label':<6} {'predicted':<9} score")
    for r, pid in disagreements:
        print(
            f"  {r.item.file:<50} {pid:<22} {r.item.covered[pid]!s:<6} "
            f"{r.covered[pid]!s:<9} {r.score[pid]:.2f}"
        )
        tool = sorted(short(q) for q in pillars[pid] if q in r.addressed)
        print(f"      tool credited:     {', '.join(tool) or '-'}")
        if r.item.addressed is not None:
            mine = sorted(short(q) for q in pillars[pid] if q in r.item.addressed)
            print(f"      labeller credited: {', '.join(mine) or '-'}")
    return all_ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyser", choices=("lexicon", "semantic"), default="lexicon")
    parser.add_argument(
        "--set",
        dest="which",
        choices=tuple(SETS),
        default="dev",
        help="development set (tuning), held-out set (reporting only), or both",
    )
    parser.add_argument("--eval-dir", type=Path, help="labelled answers (overrides --set)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per answer")
    parser.add_argument(
        "--no-questions", action="store_true", help="leave out the per-question table"
    )
    args = parser.parse_args(argv)

    factory = make_analyser(args.analyser)
    if factory is None:
        print("semantic analyser not installed: pip install -e '.[semantic]'")
        return 1
    scenarios = {s.id: s for s in load_scenarios()}
    chosen = [("custom", args.eval_dir)] if args.eval_dir else []
    for directory in () if args.eval_dir else SETS[args.which]:
        name = "dev" if directory == EVAL else "heldout"
        if (directory / "labels.json").is_file():
            chosen.append((name, directory))
        else:
            print(f"{name} set: {directory / 'labels.json'} does not exist yet; skipped")
    if not chosen:
        return 1
    try:
        shared = load_semantic(factory) if args.analyser == "semantic" else factory()
    except WellarchError as exc:
        print(f"error: {exc}")
        return 1
    ok = True
    everything: tuple[list[Result], list[float], list[float]] = ([], [], [])
    for name, directory in chosen:
        items = load_set(directory, scenarios)
        results, default_times, reused_times = evaluate(
            items,
            scenarios,
            shared,
            default_call=args.analyser == "lexicon",
            repeat=max(1, args.repeat),
        )
        ok &= report(
            results, default_times, reused_times, args.analyser, not args.no_questions, name
        )
        print()
        for total, part in zip(everything, (results, default_times, reused_times), strict=True):
            total += part  # type: ignore[operator]
    if len(chosen) > 1:
        report(*everything, args.analyser, show_questions=False, set_name="all")
    if args.analyser == "semantic":
        print(f"\npeak RSS at the end: {peak_rss_mb():.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
