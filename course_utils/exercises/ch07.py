"""Checkers for the exercises of notebook 07 (co-occurrence, PPMI, SVD)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..cooccurrence import weight
from ..i18n import tr
from . import Case, check_cases


def ppmi(fn: Callable[[np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(X)`` = the PPMI matrix (eq. 7.3, α = 1, no shift) of a dense count matrix ``X``."""
    cases = []
    for seed, shape in enumerate([(3, 3), (4, 5), (2, 6)]):
        X = np.random.default_rng(seed).integers(0, 4, size=shape).astype(float)
        r, c = shape
        X[np.arange(r), np.arange(r) % c] += 1  # no empty row
        X[np.arange(c) % r, np.arange(c)] += 1  # and no empty column
        expected = weight(X, "ppmi").toarray()
        with np.errstate(divide="ignore"):  # log 0 for the unseen pairs, as a reader's first attempt would get
            pmi = np.log(X * X.sum() / np.outer(X.sum(1), X.sum(0)))
            mistakes = [
                (np.where(X > 0, pmi, 0), tr("positive PMI: clip the negative values to 0 with np.maximum(pmi, 0)")),
                (
                    np.maximum(np.nan_to_num(np.log2(X * X.sum() / np.outer(X.sum(1), X.sum(0))), neginf=0), 0),
                    tr("use the natural log (np.log), as the package does; log2 only rescales every value"),
                ),
                (
                    np.maximum(np.nan_to_num(np.log(X / np.outer(X.sum(1), X.sum(0))), neginf=0), 0),
                    tr("P(i, j) P(i)⁻¹ P(j)⁻¹ needs every count divided by the total: multiply by X.sum()"),
                ),
            ]
        cases.append(Case((X,), expected, tr("a {shape} count matrix", shape=f"{shape[0]}x{shape[1]}"), mistakes))
    hint = tr("PPMI = max(0, log(X_ij · ΣX / (row_i · col_j))), and 0 where X_ij = 0")
    check_cases("ppmi", fn, cases, hint, tol=1e-9)


def rank_k_error(fn: Callable[[np.ndarray, int], float]) -> None:
    """Exercise: ``fn(s, k)`` = the Frobenius error of the best rank-k approximation, from the singular values."""
    cases = []
    for s, k in [(np.array([5.0, 3, 2, 1]), 2), (np.array([9.0, 4, 4, 0.5, 0.1]), 1), (np.array([2.0, 1]), 2)]:
        expected = float(np.sqrt((s[k:] ** 2).sum()))
        mistakes = [
            (float((s[k:] ** 2).sum()), tr("that is the squared error: take the square root")),
            (float(s[k:].sum()), tr("square the singular values before adding them, then take the root")),
            (float(np.sqrt((s[:k] ** 2).sum())), tr("the error is what is dropped: the values after the first k")),
        ]
        cases.append(Case((s, k), expected, f"s = {s.tolist()}, k = {k}", [m for m in mistakes if m[0] != expected]))
    check_cases("rank_k_error", fn, cases, "‖M − M_k‖_F = sqrt(σ_{k+1}² + σ_{k+2}² + …)  (Eckart–Young)", tol=1e-9)
