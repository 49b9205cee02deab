"""Checkers for the exercises of notebook 02 (smoothing).

Usage in the notebook::

    from course_utils.exercises import ch02 as check
    check.add_k_prob(add_k_prob)
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import tr
from ..smoothing import AbsoluteDiscounting, AddK
from . import Case, check_cases

CORPUS = [s.split() for s in ["I am fine", "I am happy", "you are fine", "I like milk", "am I fine"]]
CONTEXTS = [["I"], ["am"], ["fine"], ["zebra"]]
WORDS = ["am", "fine", "happy", "milk", "</s>", "zebra"]


def add_k_prob(fn: Callable[[int, int, int, float], float]) -> None:
    """Exercise 1: ``fn(c_hw, c_h, V, k)`` = (c(hw) + k) / (c(h) + kV), eq. (2.1)."""
    cases = []
    for k in (1.0, 0.1, 0.01):
        model = AddK(2, k=k).fit(CORPUS)
        V = model.n_predictable_
        for context in CONTEXTS:
            for word in WORDS:
                c_hw, c_h = (
                    model.count([*context, word]),
                    model.counts_.context_total(model._context_ids(context)[None])[0],
                )
                p = model.prob(word, context)
                mistakes = [
                    ((c_hw + k) / (c_h + k), tr("add k once per vocabulary word in the denominator: c(h) + k*V"))
                ]
                if c_h:
                    mistakes.append((c_hw / c_h, tr("that is the unsmoothed MLE: add k to the count")))
                cases.append(Case((int(c_hw), int(c_h), V, k), p, f"c(hw)={c_hw}, c(h)={c_h}, V={V}, k={k}", mistakes))
    check_cases("add_k_prob", fn, cases, "p = (c_hw + k) / (c_h + k * V)")


def absolute_discount_prob(fn: Callable[[int, int, int, float, float], float]) -> None:
    """Exercise 2: ``fn(c_hw, c_h, n_followers, p_lower, D)``, one step of eq. (2.6).

    ``n_followers`` is N1+(h.), the number of distinct words seen after h; ``p_lower`` the lower-order
    probability of the word. A history never seen (c_h = 0) gives ``p_lower``.
    """
    cases = []
    for d in (0.5, 0.75, 0.9):
        model = AbsoluteDiscounting(2, discount=d).fit(CORPUS)
        uni = AbsoluteDiscounting(1, discount=d).fit(CORPUS, vocab=model.vocab_)
        for context in CONTEXTS:
            followers = model.next_distribution(context)
            for word in WORDS:
                c_hw = model.count([*context, word])
                c_h = int(model.counts_.context_total(model._context_ids(context)[None])[0])
                n_follow = sum(model.count([*context, w]) > 0 for w in followers) if c_h else 0
                p_lower = uni.prob(word)
                p = model.prob(word, context)
                freed = tr("the freed mass D*N1+(h.)/c(h) goes to p_lower")
                mistakes = [(max(c_hw - d, 0) / c_h if c_h else 0.0, freed)]
                cases.append(
                    Case(
                        (c_hw, c_h, n_follow, p_lower, d),
                        p,
                        f"c(hw)={c_hw}, c(h)={c_h}, N1+={n_follow}, D={d}",
                        mistakes,
                    )
                )
    check_cases(
        "absolute_discount_prob",
        fn,
        cases,
        tr("p = max(c_hw - D, 0)/c_h + D * n_followers / c_h * p_lower, and p_lower when c_h == 0"),
    )
