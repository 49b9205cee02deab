"""Checkers for the exercises of notebook 09 (ELMo): the scalar mix and reversing padded sentences."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from ..elmo import ScalarMix, reverse_padded
from ..i18n import tr
from . import Case, check_cases


def scalar_mix(fn: Callable[[np.ndarray, np.ndarray, float], np.ndarray]) -> None:
    """Exercise: ``fn(layers, s, gamma)`` = γ Σ_j softmax(s)_j h_j, eq. (9.4); layers: (n_layers, n_words, dim)."""
    cases = []
    for seed, shape in enumerate([(3, 2, 4), (2, 5, 3), (4, 1, 2)]):
        rng = np.random.default_rng(seed)
        layers, s, gamma = rng.normal(size=shape), rng.normal(size=shape[0]), float(rng.uniform(0.5, 2.0))
        mix = ScalarMix(shape[0]).double()
        with torch.no_grad():
            mix.scalars.copy_(torch.from_numpy(s))
            mix.gamma.fill_(gamma)
            expected = mix(torch.from_numpy(layers)).numpy()
        w = np.exp(s) / np.exp(s).sum()
        mistakes = [
            (gamma * np.tensordot(s, layers, axes=1), tr("normalise the scalars with a softmax first: softmax(s)_j")),
            (np.tensordot(w, layers, axes=1), tr("multiply the weighted sum by gamma, the task's overall scale")),
            (gamma * layers.mean(0), tr("weight each layer by softmax(s)_j, not equally")),
        ]
        cases.append(
            Case((layers, s, gamma), expected, tr("{n} layers of shape {shape}", n=shape[0], shape=shape[1:]), mistakes)
        )
    check_cases("scalar_mix", fn, cases, "γ · Σ_j softmax(s)_j · layers[j]", tol=1e-9)


def reverse_sentences(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
    """Exercise: ``fn(x, lengths)`` reverses the first ``lengths[b]`` entries of each row ``x[b]`` and leaves the
    padding after them in place, what the backward LM reads (``course_utils.elmo.reverse_padded``)."""
    cases = []
    for seed, (B, T) in enumerate([(2, 5), (3, 4), (1, 3)]):
        rng = np.random.default_rng(seed)
        lengths = rng.integers(1, T + 1, size=B)
        lengths[0] = T  # one full row, and rows with padding
        x = np.arange(1, B * T + 1, dtype=np.float64).reshape(B, T)
        for b, n in enumerate(lengths):
            x[b, n:] = 0  # padding
        expected = reverse_padded(torch.from_numpy(x), torch.from_numpy(lengths)).numpy()
        mistakes = [(x[:, ::-1].copy(), tr("reverse only the real words: padding must stay at the end of each row"))]
        cases.append(Case((x, lengths), expected, f"x = {x.tolist()}, lengths = {lengths.tolist()}", mistakes))
    hint = tr("row b: x[b, :n][::-1] followed by x[b, n:] unchanged, n = lengths[b]")
    check_cases("reverse_sentences", fn, cases, hint)
