"""Calibrates the semantic analyser's score on the development set (run by hand:
`.venv/bin/python benchmarks/practice_calibrate.py`; needs `pip install -e '.[semantic]'`).

Only ``tests/fixtures/practice/eval`` is read: the held-out set is never used for tuning.
For every labelled answer the script computes the :data:`~wellarch.practice.semantic.FEATURES`
of every interview question with ``SemanticAnalyser.score(text, scenario)`` and fits an
L2-regularised logistic regression (Newton's method on standardised features, the intercept not
penalised) of "the labeller credited this question". It prints:

1. the fitted ``WEIGHTS`` and ``BIAS`` on the raw features, to paste into ``semantic.py``;
2. for each candidate threshold, per-pillar precision and recall of "covered" and question F1,
   both in-sample and leave-one-scenario-out (fit on 17 scenarios, predict the 18th);
3. the nested leave-one-scenario-out estimate: for each held-out scenario the threshold is
   chosen by an inner leave-one-scenario-out over the other 17 (best mean pillar F1), the model
   is fitted on those 17 and the 18th is predicted. Nothing about the predicted scenario's
   labels is used for its prediction, so this is the figure to quote for the development set.

``--restates`` evaluates other values of ``semantic.RESTATES_AT`` (the similarity to the
scenario prompt at which a sentence counts as restating it) and ``--drop`` leaves features out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from practice_coverage import EVAL, Counts, load_set, pillar_questions
from wellarch.practice import load_scenarios, semantic
from wellarch.practice.feedback import COVERED_AT
from wellarch.practice.semantic import FEATURES, SemanticAnalyser, gate

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """L2 logistic regression (sklearn's objective: ||w||²/2C + log loss); raw-scale weights."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], 1.0 / c)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / std
    return weights, float(w[-1] - (w[:-1] * mean / std).sum())


def predict(w: np.ndarray, b: float, rows: np.ndarray) -> np.ndarray:
    """Probabilities, zero where the gate is closed (as in ``Scored.addressed``)."""
    return gate(rows) / (1.0 + np.exp(-(rows @ w + b)))


def pillar_table(
    predicted: np.ndarray, covered: list[dict[str, bool]], labels: np.ndarray
) -> tuple[dict[str, Counts], float]:
    """Per-pillar counts of "covered" and question F1 for boolean predictions."""
    pillars = pillar_questions()
    questions = [q for qs in pillars.values() for q in qs]
    counts = {p: Counts() for p in pillars}
    for row, truth in enumerate(covered):
        for pid, qs in pillars.items():
            share = sum(predicted[row, questions.index(q)] for q in qs) / len(qs)
            counts[pid].add(truth[pid], share >= COVERED_AT)
    q_counts = Counts()
    for label, pred in zip(labels.ravel(), predicted.ravel(), strict=True):
        q_counts.add(bool(label), bool(pred))
    return counts, q_counts.f1 or 0.0


def mean_f1(counts: dict[str, Counts]) -> float:
    return float(np.mean([c.f1 or 0.0 for c in counts.values()]))


def cells(counts: dict[str, Counts]) -> str:
    return "  ".join(
        f"{pid[:5]} {c.precision or 0:.2f}/{c.recall or 0:.2f}" for pid, c in counts.items()
    )


def held_out(
    x: np.ndarray, labels: np.ndarray, groups: np.ndarray, c: float, rows: np.ndarray
) -> np.ndarray:
    """Leave-one-scenario-out probabilities for the answers in ``rows`` (a boolean mask)."""
    out = np.zeros(labels.shape)
    for group in sorted(set(groups[rows])):
        test = rows & (groups == group)
        train = rows & (groups != group)
        w, b = fit(x[train].reshape(-1, x.shape[2]), labels[train].ravel().astype(float), c)
        out[test] = predict(w, b, x[test])
    return out


def nested(
    x: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    covered: list[dict[str, bool]],
    c: float,
) -> tuple[np.ndarray, dict[str, float]]:
    """Nested leave-one-scenario-out predictions and the threshold chosen for each scenario."""
    predicted = np.zeros(labels.shape, dtype=bool)
    chosen: dict[str, float] = {}
    everything = np.ones(len(groups), dtype=bool)
    for group in sorted(set(groups)):
        outer = groups != group
        inner = held_out(x, labels, groups, c, outer)
        inner_covered = [cv for cv, keep in zip(covered, outer, strict=True) if keep]

        def score(
            t: float,
            inner: np.ndarray = inner,
            outer: np.ndarray = outer,
            truth: list[dict[str, bool]] = inner_covered,
        ) -> float:
            return mean_f1(pillar_table(inner[outer] >= t, truth, labels[outer])[0])

        t = max(THRESHOLDS, key=score)
        chosen[str(group)] = t
        w, b = fit(x[outer].reshape(-1, x.shape[2]), labels[outer].ravel().astype(float), c)
        test = everything & ~outer
        predicted[test] = predict(w, b, x[test]) >= t
    return predicted, chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 strength")
    parser.add_argument("--restates", type=float, nargs="*", help="RESTATES_AT values to try")
    parser.add_argument("--drop", nargs="*", default=[], choices=FEATURES, help="features")
    args = parser.parse_args(argv)

    scenarios = {s.id: s for s in load_scenarios()}
    items = load_set(EVAL, scenarios)
    questions = [q for qs in pillar_questions().values() for q in qs]
    analyser = SemanticAnalyser()
    labels = np.array([[q in (item.addressed or ()) for q in questions] for item in items])
    groups = np.array([item.scenario for item in items])
    covered = [item.covered for item in items]
    keep = [i for i, name in enumerate(FEATURES) if name not in args.drop]
    for restates in args.restates or [semantic.RESTATES_AT]:
        semantic.RESTATES_AT = restates
        x = np.stack(
            [analyser.score(item.text, scenarios[item.scenario]).features for item in items]
        ).astype(float)
        x[:, :, [i for i in range(len(FEATURES)) if i not in keep]] = 0.0
        print(f"== RESTATES_AT = {restates}, features: {', '.join(FEATURES[i] for i in keep)}")
        weights, bias = fit(x.reshape(-1, x.shape[2]), labels.ravel().astype(float), args.c)
        print(f"WEIGHTS = ({', '.join(f'{w:.3f}' for w in weights)})  # {', '.join(FEATURES)}")
        print(f"BIAS = {bias:.3f}")
        in_sample = predict(weights, bias, x)
        loso = held_out(x, labels, groups, args.c, np.ones(len(groups), dtype=bool))
        for t in THRESHOLDS:
            for name, probabilities in (("in-sample", in_sample), ("leave-one-scenario-out", loso)):
                counts, f1 = pillar_table(probabilities >= t, covered, labels)
                print(
                    f"t={t:.2f} {name:<23} question F1 {f1:.3f} mean pillar F1 "
                    f"{mean_f1(counts):.3f}  P/R: {cells(counts)}"
                )
        predicted, chosen = nested(x, labels, groups, covered, args.c)
        counts, f1 = pillar_table(predicted, covered, labels)
        print(
            f"nested leave-one-scenario-out: question F1 {f1:.3f} mean pillar F1 "
            f"{mean_f1(counts):.3f}  P/R: {cells(counts)}"
        )
        print(f"  thresholds chosen per scenario: {sorted(set(chosen.values()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
