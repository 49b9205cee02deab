"""Checkers for the exercises of notebook 10 (the Transformer): the causal mask, attention by hand, and the
parameters of one block."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from .. import transformer as T
from ..i18n import tr
from . import Case, check_cases


def causal_mask(fn: Callable[[int], np.ndarray]) -> None:
    """Exercise: ``fn(n)`` is the (n, n) boolean matrix of eq. (10.2): True where query i may look at key j
    (j ≤ i), False where it may not (the scores there become −∞ before the softmax)."""
    cases = []
    for n in (3, 5, 1):
        allowed = T.causal_mask(n).numpy()
        mistakes = [
            (allowed.T.copy(), tr("query i is row i: it may see keys j ≤ i (the lower triangle), not j ≥ i")),
            (np.tril(np.ones((n, n), dtype=bool), -1), tr("a token may see itself: keep the diagonal")),
            (~allowed, tr("True marks what a query may see: the past and itself")),
        ]
        cases.append(Case((n,), allowed.astype(np.float64), f"n = {n}", mistakes if n > 1 else []))

    def as_numbers(n: int):  # True/False compared as 1/0, in whatever container; anything else as it is
        out = fn(n)
        if isinstance(out, torch.Tensor):
            return out.double() if out.dtype == torch.bool else out
        try:
            array = np.asarray(out)
        except (ValueError, TypeError, RuntimeError):  # lists of tensors and the like: the checker says
            return out
        return array.astype(np.float64) if array.dtype == bool else out

    check_cases("causal_mask", as_numbers if callable(fn) else fn, cases, "M[i, j] = True if j ≤ i else False", tol=0.0)


def attention(fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(q, k, v)`` computes causal attention, eq. (10.1) with the mask (10.2), for one head:
    ``q`` and ``k`` (T, d_k), ``v`` (T, d_v) → (T, d_v)."""
    cases = []
    for seed, (n, d, dv) in enumerate([(3, 2, 2), (4, 3, 1), (2, 4, 3)]):
        rng = np.random.default_rng(seed)
        q, k, v = rng.normal(size=(n, d)), rng.normal(size=(n, d)), rng.normal(size=(n, dv))
        out, _ = T.attention(*(torch.from_numpy(a) for a in (q, k, v)), T.causal_mask(n))
        scores = q @ k.T
        unscaled = np.where(T.causal_mask(n).numpy(), scores, -np.inf)
        w = np.exp(unscaled - unscaled.max(1, keepdims=True))
        w /= w.sum(1, keepdims=True)
        full = np.exp(scores / np.sqrt(d) - (scores / np.sqrt(d)).max(1, keepdims=True))
        full /= full.sum(1, keepdims=True)
        mistakes = [
            (w @ v, tr("divide the scores by √d_k before the softmax")),
            (full @ v, tr("mask the future: a query may only attend to keys at or before its position")),
        ]
        cases.append(Case((q, k, v), out.numpy(), f"T = {n}, d_k = {d}, d_v = {dv}", mistakes))
    check_cases("attention", fn, cases, tr("softmax(q kᵀ / √d_k + M) v, row by row"), tol=1e-9)


def block_parameters(fn: Callable[[int], int]) -> None:
    """Exercise: ``fn(d)`` is the number of parameters of one pre-norm block of width ``d`` (eq. 10.5): W^Q, W^K,
    W^V, W^O with biases, the MLP d → 4d → d with biases, and two LayerNorms (a gain and a bias each)."""
    cases = []
    for d in (8, 64, 200):
        expected = sum(p.numel() for p in T.Block(d, 4 if d % 4 == 0 else 1).parameters())
        mistakes = [
            (4 * d * d + 8 * d * d, tr("count the biases too: every Linear layer has one per output")),
            (12 * d * d + 9 * d, tr("each LayerNorm has a gain and a bias of size d: 4·d in all")),
            (
                4 * d * d + 4 * d + 2 * 4 * d * d + 5 * d,
                tr("the MLP's hidden layer has 4·d units: its bias has 4·d entries"),
            ),
        ]
        cases.append(Case((d,), float(expected), f"d = {d}", mistakes))
    check_cases("block_parameters", fn, cases, "4·d² + 4·d (attention) + 8·d² + 5·d (MLP) + 4·d (LayerNorms)", tol=0.0)
