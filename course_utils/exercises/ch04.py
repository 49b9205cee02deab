"""Checkers for the exercises of notebook 04 (backpropagation): derive and implement the two δ terms."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..backprop import BPNetwork
from ..i18n import tr
from . import Case, check_cases


def _examples():
    """Small networks and batches on which the δ terms are computed by the tested BPNetwork."""
    for seed, (n, m, k, batch) in enumerate([(2, 2, 1, 1), (3, 4, 2, 5), (2, 3, 3, 4)]):
        net = BPNetwork(n, m, k, seed=seed)
        rng = np.random.default_rng(100 + seed)
        X, D = rng.normal(size=(batch, n)), rng.uniform(size=(batch, k))
        cache = net.forward(X)
        yield net, cache, D, tr("a {shape} network on a batch of {batch}", shape=f"{n}-{m}-{k}", batch=batch)


def output_delta(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(D, O)`` = δ^o = (d − o) o (1 − o), eq. (4.5), for a batch (rows are examples)."""
    cases = []
    for net, cache, D, about in _examples():
        delta_o, _ = net.deltas(cache, D, net.W)
        O = cache.O  # noqa: E741
        mistakes = [
            (-delta_o, tr("sign: δ^o is (d − o) times σ', not (o − d)")),
            (D - O, tr("you left out the sigmoid's derivative o (1 − o), eq. (4.2)")),
            ((D - O) * O, tr("σ'(net) = o (1 − o): the factor (1 − o) is missing")),
        ]
        cases.append(Case((D, O), delta_o, about, mistakes))
    check_cases("output_delta", fn, cases, tr("δ^o_k = (d_k − o_k) · o_k (1 − o_k), elementwise"), tol=1e-9)


def hidden_delta(fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(delta_o, W, Y)`` = δ^y = (δ^o Wᵀ) ⊙ y (1 − y), eq. (4.7); W is m x l."""
    cases = []
    for net, cache, D, about in _examples():
        delta_o, delta_y = net.deltas(cache, D, net.W)
        Y = cache.Y
        mistakes = [
            (delta_o @ net.W.T, tr("you left out the hidden sigmoid's derivative y (1 − y)")),
            ((delta_o @ net.W.T) * (1 - Y), tr("σ'(net_y) = y (1 − y): the factor y is missing")),
        ]
        if net.W.shape[0] == net.W.shape[1]:
            mistakes.append(((delta_o @ net.W) * Y * (1 - Y), tr("W is m x l: the error flows back through Wᵀ")))
        cases.append(Case((delta_o, net.W, Y), delta_y, about, mistakes))
    hint = tr("δ^y_j = (Σ_k δ^o_k w_jk) · y_j (1 − y_j): in matrix form (δ^o Wᵀ) ⊙ Y ⊙ (1 − Y)")
    check_cases("hidden_delta", fn, cases, hint)
