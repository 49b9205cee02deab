"""Checkers for the exercises of notebook 03 (the neural network language model)."""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import tr
from ..nnlm import NNLM
from . import Case, check_cases


def parameter_count(fn: Callable[[int, int, int, int, bool], int]) -> None:
    """Exercise: ``fn(V, n, m, h, direct)`` = the number of trainable numbers of the NNLM, eq. (3.1)."""
    cases = []
    for V, n, m, h in [(17, 3, 2, 10), (10_001, 5, 100, 200), (50, 2, 8, 4)]:
        for direct in (True, False):
            expected = NNLM(V, n - 1, m, h, direct).n_parameters()
            mistakes = [
                (expected - V, tr("you forgot the output bias b (|V| numbers)")),
                (expected - h, tr("you forgot the hidden bias d (h numbers)")),
            ]
            if direct:
                mistakes.append((expected - V * (n - 1) * m, tr("with direct=True, W adds |V| x (n-1)m numbers")))
            cases.append(Case((V, n, m, h, direct), expected, f"V={V}, n={n}, m={m}, h={h}, direct={direct}", mistakes))
    check_cases("parameter_count", fn, cases, "C: |V|m, H: h(n-1)m, d: h, U: |V|h, W: |V|(n-1)m, b: |V|", tol=0)
