"""Calibrates the semantic analyser's score on the development set (run by hand:
`.venv/bin/python benchmarks/practice_calibrate.py`; needs `pip install -e '.[semantic]'`).

Only ``tests/fixtures/practice/eval`` is read: the held-out set is never used for tuning.
For every labelled answer the script computes the :data:`~wellarch.practice.semantic.FEATURES`
of every interview question with ``SemanticAnalyser.score`` and fits an L2-regularised logistic
regression (Newton's method on standardised features, the intercept not penalised) of "the
labeller credited this question". It prints:

1. the fitted ``WEIGHTS`` and ``BIAS`` on the raw features, to paste into ``semantic.py``;
2. for each candidate threshold, per-pillar precision and recall of "covered" and question F1,
   both in-sample and leave-one-scenario-out (fit on 17 scenarios, predict the 18th): the
   cross-validated figures estimate how the calibration generalises.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from practice_coverage import EVAL, Counts, load_set, pillar_questions
from wellarch.practice import load_scenarios
from wellarch.practice.feedback import COVERED_AT
from wellarch.practice.semantic import FEATURES, SemanticAnalyser, gate


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


def pillar_table(
    probabilities: np.ndarray, covered: list[dict[str, bool]], labels: np.ndarray, t: float
) -> tuple[dict[str, Counts], float]:
    pillars = pillar_questions()
    questions = [q for qs in pillars.values() for q in qs]
    predicted = probabilities >= t
    counts = {p: Counts() for p in pillars}
    for row, truth in enumerate(covered):
        for pid, qs in pillars.items():
            share = sum(predicted[row, questions.index(q)] for q in qs) / len(qs)
            counts[pid].add(truth[pid], share >= COVERED_AT)
    q_counts = Counts()
    for label, pred in zip(labels.ravel(), predicted.ravel(), strict=True):
        q_counts.add(bool(label), bool(pred))
    return counts, q_counts.f1 or 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c", type=float, default=0.3, help="inverse L2 strength")
    args = parser.parse_args(argv)

    scenarios = {s.id: s for s in load_scenarios()}
    items = load_set(EVAL, scenarios)
    questions = [q for qs in pillar_questions().values() for q in qs]
    analyser = SemanticAnalyser()
    x = np.stack([analyser.score(item.text).features for item in items]).astype(float)
    labels = np.array([[q in (item.addressed or ()) for q in questions] for item in items])
    groups = np.array([item.scenario for item in items])
    flat_x, flat_y = x.reshape(-1, x.shape[2]), labels.ravel().astype(float)

    weights, bias = fit(flat_x, flat_y, args.c)
    print(f"WEIGHTS = ({', '.join(f'{w:.3f}' for w in weights)})  # {', '.join(FEATURES)}")
    print(f"BIAS = {bias:.3f}")

    def predict(w: np.ndarray, b: float, rows: np.ndarray) -> np.ndarray:
        """Probabilities, zero where the gate is closed (as in ``Scored.addressed``)."""
        return gate(rows) / (1.0 + np.exp(-(rows @ w + b)))

    in_sample = predict(weights, bias, x)
    held = np.zeros_like(in_sample)
    for group in sorted(set(groups)):
        train = groups != group
        w, b = fit(x[train].reshape(-1, x.shape[2]), labels[train].ravel().astype(float), args.c)
        held[~train] = predict(w, b, x[~train])
    covered = [item.covered for item in items]
    for t in (0.35, 0.4, 0.45, 0.5, 0.55):
        for name, probabilities in (("in-sample", in_sample), ("leave-one-scenario-out", held)):
            counts, f1 = pillar_table(probabilities, covered, labels, t)
            cells = "  ".join(
                f"{pid[:5]} {c.precision or 0:.2f}/{c.recall or 0:.2f}" for pid, c in counts.items()
            )
            print(f"t={t:.2f} {name:<23} question F1 {f1:.3f}  P/R: {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
