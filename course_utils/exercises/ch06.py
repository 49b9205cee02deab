"""Checkers for the exercises of notebook 06 (word2vec): the negative-sampling gradient, subsampling."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from ..i18n import tr
from ..word2vec import keep_probabilities, ns_loss_and_grads
from . import Case, check_cases


def ns_grad_h(fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(h, u_pos, u_neg)`` = ∂L/∂h of eq. (6.5) for one example (eq. 6.8)."""
    cases = []
    for seed, (d, k) in enumerate([(3, 2), (5, 5), (2, 1)]):
        rng = np.random.default_rng(seed)
        h, u_pos, u_neg = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(k, d))
        u = torch.tensor(np.vstack([u_pos, u_neg]))[None]
        labels = torch.zeros(1, k + 1, dtype=torch.float64)
        labels[0, 0] = 1
        _, grad_h, _ = ns_loss_and_grads(torch.tensor(h)[None], u, labels, torch.ones_like(labels))
        expected = grad_h[0].numpy()
        s = 1 / (1 + np.exp(-(u_neg @ h)))
        mistakes = [
            (
                -expected,
                tr("sign: the gradient of the loss is (σ(s) − label) u; gradient *descent* subtracts it later"),
            ),
            (
                (1 / (1 + np.exp(-(u_pos @ h))) - 1) * u_pos,
                tr("the K noise words contribute too: add Σ_k σ(u_k·h) u_k"),
            ),
            (
                (1 / (1 + np.exp(-(u_pos @ h))) - 1) * u_pos - (s[:, None] * u_neg).sum(0),
                tr("noise terms: +σ(u_k·h) u_k"),
            ),
        ]
        cases.append(Case((h, u_pos, u_neg), expected, f"d={d}, K={k}", mistakes))
    check_cases("ns_grad_h", fn, cases, "∂L/∂h = (σ(u_o·h) − 1) u_o + Σ_k σ(u_k·h) u_k", tol=1e-9)


def keep_prob(fn: Callable[[int, int, float], float]) -> None:
    """Exercise: ``fn(f, total, sample)`` = word2vec's keep probability, eq. (6.1), capped at 1."""
    cases = []
    for f, total, sample in [(50_000, 1_000_000, 1e-3), (1_000, 1_000_000, 1e-3), (300, 887_521, 1e-4), (5, 100, 0.01)]:
        counts = np.array([f, total - f])
        expected = float(keep_probabilities(counts, sample)[0])
        t = sample * total
        raw = (np.sqrt(f / t) + 1) * t / f
        mistakes = [(raw, tr("cap the probability at 1: rare words are always kept"))] if raw > 1 else []
        paper = tr("that is the 2013 paper's discard formula; word2vec's code keeps (sqrt(f/t)+1)·t/f")
        mistakes.append((float(np.sqrt(t / f)), paper))
        cases.append(Case((f, total, sample), expected, f"f={f:,}, total={total:,}, sample={sample:g}", mistakes))
    check_cases("keep_prob", fn, cases, "with t = sample·total: min(1, (sqrt(f/t) + 1) · t / f)", tol=1e-9)
