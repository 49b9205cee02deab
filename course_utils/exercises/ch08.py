"""Checkers for the exercises of notebook 08 (GloVe): the weighting function and the gradient."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from ..glove import glove_loss_and_grads, weighting
from ..i18n import tr
from . import Case, check_cases


def glove_weight(fn: Callable[[float, float, float], float]) -> None:
    """Exercise: ``fn(x, x_max, alpha)`` = GloVe's f(x), eq. (8.6)."""
    cases = []
    for x, x_max, alpha in [(10.0, 100.0, 0.75), (250.0, 100.0, 0.75), (0.0, 100.0, 0.75), (3.0, 10.0, 0.5)]:
        expected = float(weighting(np.array(x), x_max, alpha))
        mistakes = [
            ((x / x_max) ** alpha, tr("cap the weight at 1: pairs seen more than x_max times all get weight 1")),
            (min(1.0, x / x_max), tr("raise x / x_max to the power alpha")),
        ]
        if x > 0:
            mistakes.append((min(1.0, (x_max / x) ** alpha), tr("the ratio is x / x_max, not x_max / x")))
        cases.append(Case((x, x_max, alpha), expected, f"x={x:g}, x_max={x_max:g}, alpha={alpha:g}", mistakes))
    check_cases("glove_weight", fn, cases, "f(x) = min(1, (x / x_max) ** alpha)", tol=1e-9)


def glove_grad_w(fn: Callable[..., np.ndarray]) -> None:
    """Exercise: ``fn(w, w_ctx, b, b_ctx, x, x_max, alpha)`` = ∂/∂w of f(x)(w·w̃ + b + b̃ − log x)², eq. (8.7)."""
    cases = []
    for seed, (x, d) in enumerate([(5.0, 3), (150.0, 4), (1.0, 2)]):
        rng = np.random.default_rng(seed)
        w, w_ctx = rng.normal(size=d), rng.normal(size=d)
        b, b_ctx = rng.normal(), rng.normal()
        f = float(weighting(np.array(x), 100.0, 0.75))
        batch = [torch.tensor(v, dtype=torch.float64)[None] for v in (w, w_ctx, b, b_ctx, np.log(x), f)]
        _, grads = glove_loss_and_grads(*batch)  # a batch of one entry
        expected = grads[0][0].numpy()
        e = w @ w_ctx + b + b_ctx - np.log(x)
        mistakes = [
            (f * e * w_ctx, tr("the derivative of e² is 2e: keep the factor 2")),
            (2 * e * w_ctx, tr("multiply by the weight f(x): it scales the whole term")),
            (2 * f * e * w, tr("∂(w·w̃)/∂w is w̃, the context vector, not w")),
            (-2 * f * e * w_ctx, tr("sign: e = w·w̃ + b + b̃ − log x, and the gradient is +2 f e w̃")),
        ]
        cases.append(Case((w, w_ctx, b, b_ctx, x, 100.0, 0.75), expected, f"x={x:g}, d={d}", mistakes))
    check_cases("glove_grad_w", fn, cases, "∂J/∂w = 2 f(x) (w·w̃ + b + b̃ − log x) w̃", tol=1e-9)
