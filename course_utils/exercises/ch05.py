"""Checkers for the exercises of notebook 05 (RNN gradients): one step of BPTT, and gradient clipping."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from ..i18n import tr
from ..rnn import clip_by_global_norm, scaled_orthogonal
from . import Case, Rejected, _as_array, _describe, check_cases


def bptt_step(fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(dh, h, W_hh)`` = the error one step back, ``(dh ⊙ (1 − h²)) W_hh``, eq. (5.4)."""
    cases = []
    for seed, (B, H) in enumerate([(1, 3), (4, 5), (2, 2)]):
        rng = np.random.default_rng(seed)
        dh, h = rng.normal(size=(B, H)), np.tanh(rng.normal(size=(B, H)))
        W = rng.normal(size=(H, H))
        expected = (dh * (1 - h**2)) @ W
        mistakes = [
            (dh @ W, tr("the error passes through tanh first: multiply by tanh' = 1 − h² before W_hh")),
            (
                (dh * (1 - h**2)) @ W.T,
                tr("h_t = tanh(... + h_{t-1} W_hhᵀ), so going back multiplies by W_hh, not W_hhᵀ"),
            ),
            ((dh * (1 - h)) @ W, tr("tanh'(z) = 1 − tanh(z)², with the square")),
        ]
        cases.append(Case((dh, h, W), expected, tr("a batch of {B} with {H} hidden units", B=B, H=H), mistakes))
    check_cases("bptt_step", fn, cases, "dh_prev = (dh * (1 - h**2)) @ W_hh", tol=1e-9)


def clip_global(fn: Callable[[list[np.ndarray], float], list[np.ndarray]]) -> None:
    """Exercise: ``fn(grads, max_norm)`` = the list of gradients rescaled to a joint norm ≤ max_norm."""
    cases = []
    for seed, max_norm in enumerate([1.0, 100.0, 0.5]):
        rng = np.random.default_rng(seed)
        grads = [rng.normal(size=(3, 2)) * 3, rng.normal(size=4), scaled_orthogonal(2, 2.0, seed)]
        clipped = {str(i): g.copy() for i, g in enumerate(grads)}
        clip_by_global_norm(clipped, max_norm)
        expected = np.concatenate([g.ravel() for g in clipped.values()])
        each = np.concatenate([g.ravel() * min(1.0, max_norm / np.linalg.norm(g)) for g in grads])
        mistakes = [(each, tr("clip by the *global* norm of all gradients together, not each one separately"))]
        cases.append(
            Case((grads, max_norm), expected, tr("three gradients, max_norm={max_norm}", max_norm=max_norm), mistakes)
        )

    def flat(out, case):
        """The returned gradients, one per input and each of its shape, as one vector like ``expected``."""
        shapes = [np.shape(g) for g in case.args[0]]
        if isinstance(out, Iterator):
            raise Rejected(
                tr("returned {what}, expected a list", what=_describe(out)),
                tr("build the list: [g * scale for g in grads]"),
            )
        if not isinstance(out, list):  # tuples arrive as lists
            raise Rejected(
                tr(
                    "returned {what}, expected a list of {n} arrays, one per gradient",
                    what=_describe(out),
                    n=len(shapes),
                )
            )
        if len(out) != len(shapes):
            raise Rejected(tr("returned {got} arrays, expected {n}, one per gradient", got=len(out), n=len(shapes)))
        arrays = [_as_array(g) for g in out]
        for i, (g, shape) in enumerate(zip(arrays, shapes, strict=True)):
            if g.shape != shape:
                raise Rejected(
                    tr(
                        "gradient {i} has shape {got}, expected {shape}: scale it, keep its shape",
                        i=i,
                        got=g.shape,
                        shape=shape,
                    )
                )
        return np.concatenate([g.ravel() for g in arrays])

    hint = tr("scale every gradient by min(1, max_norm / sqrt(sum of all squares))")
    check_cases("clip_global", fn, cases, hint, convert=flat)
