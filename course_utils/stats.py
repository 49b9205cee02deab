"""Noise made visible (notebooks 06-09): bootstrap intervals for scores, and for the difference of two systems.

A score measured on a few hundred word pairs or a few thousand questions is itself a sample: another
draw of pairs from the same population would give another number. Efron's **percentile bootstrap**
(Efron 1979; Efron & Tibshirani 1993, ch. 13) estimates how much it would move without new data: draw
``n`` items *with replacement* from the ``n`` items scored, recompute the statistic, repeat
``n_resamples`` times, and read the interval between the ``(1 - level) / 2`` and ``(1 + level) / 2``
quantiles of the recomputed statistics.

* :func:`bootstrap_interval`: the interval of one score, resampling its items (word pairs for Spearman's
  ρ, analogy questions for accuracy, test tokens for a probe's accuracy);
* :func:`paired_bootstrap_difference`: the interval of the *difference* of two systems scored on the same
  items, resampling the items once for both (a paired bootstrap: what the two systems share cancels,
  so it is far tighter than two separate intervals); a difference whose interval excludes 0 is real at
  that level, one whose interval straddles 0 is within the noise of the test set;
* :func:`format_interval`: ``"0.31 [0.25, 0.37]"``.

The intervals measure the noise of the **test items** only. Noise of training (another seed) is a second
source, measured by retraining: the full-scale records give it as ``mean ± standard deviation over seeds``.
Used by :mod:`course_utils.embeddings` (notebooks 06, 07, 08) and :mod:`course_utils.probes` (notebook 09).
Everything is vectorised numpy with a seeded ``np.random.default_rng``: the same call gives the same interval.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: the statistics known by name; any other is a callable (see :func:`bootstrap_interval`)
STATISTICS = ("mean", "spearman", "pearson")

#: at most this many resampled numbers are held at once (resamples are drawn in chunks)
_CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class Interval:
    """A statistic on the full sample with its percentile-bootstrap interval ``[low, high]`` at ``level``.

    For :func:`paired_bootstrap_difference`, ``estimate`` is the difference (first system minus second)
    and :attr:`excludes_zero` says whether the difference is real at this level.
    """

    estimate: float
    low: float
    high: float
    level: float
    n_items: int
    n_resamples: int

    @property
    def width(self) -> float:
        return self.high - self.low

    def excludes(self, value: float = 0.0) -> bool:
        """Whether ``value`` lies outside the interval (e.g. 0 for a difference, chance for an accuracy)."""
        return not self.low <= value <= self.high

    @property
    def excludes_zero(self) -> bool:
        """For a difference: ``True`` if the interval lies wholly above or below 0 (a real difference)."""
        return self.excludes(0.0)

    def __str__(self) -> str:
        return format_interval(self)

    def __format__(self, spec: str) -> str:
        """``f"{interval:.2f}"`` formats all three numbers with ``.2f``; an empty spec gives three decimals."""
        if not spec:
            return str(self)
        return f"{self.estimate:{spec}} [{self.low:{spec}}, {self.high:{spec}}]"


def format_interval(
    estimate: float | Interval, low: float | None = None, high: float | None = None, digits: int = 3
) -> str:
    """``"0.310 [0.250, 0.370]"``: an estimate and its interval, from an :class:`Interval` or three numbers."""
    if isinstance(estimate, Interval):
        if low is not None or high is not None:
            raise ValueError("pass an Interval alone, or three numbers (estimate, low, high)")
        estimate, low, high = estimate.estimate, estimate.low, estimate.high
    elif low is None or high is None:
        raise ValueError("format_interval needs an Interval, or three numbers: estimate, low and high")
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise ValueError(f"digits must be a whole number >= 0, got {digits!r}")
    return f"{estimate:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def bootstrap_interval(
    data: Sequence[float] | np.ndarray | tuple,
    statistic: str | Callable[..., np.ndarray] = "mean",
    n_resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Efron's percentile-bootstrap interval of ``statistic`` over the items of ``data``.

    ``data`` is one array of per-item values (e.g. 1/0 per analogy question or test token, with
    ``statistic="mean"``: the accuracy), or a tuple of equally long arrays resampled together, one row per
    item (e.g. ``(model_similarities, human_scores)`` with ``statistic="spearman"``). ``statistic`` is
    ``"mean"``, ``"spearman"`` or ``"pearson"`` (the last two on a pair of arrays), or a vectorised callable
    that takes the arrays, each of shape ``(resamples, n)``, and returns ``(resamples,)`` numbers.

    Resamples where the statistic is undefined (e.g. all ranks tied) are left out of the quantiles.
    Used by notebooks 06-09 through :mod:`course_utils.embeddings` and :mod:`course_utils.probes`.
    """
    arrays, stat = _check(data, statistic, n_resamples, level, seed, "data")
    estimate = float(stat(*(a[None, :] for a in arrays))[0])
    draws = _resampled(arrays, [stat], n_resamples, seed)[0]
    low, high = _quantiles(draws, level)
    return Interval(estimate, low, high, float(level), len(arrays[0]), int(n_resamples))


def paired_bootstrap_difference(
    a: Sequence[float] | np.ndarray | tuple,
    b: Sequence[float] | np.ndarray | tuple,
    statistic: str | Callable[..., np.ndarray] = "mean",
    n_resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> Interval:
    """The percentile-bootstrap interval of ``statistic(a) - statistic(b)`` for two systems on the same items.

    ``a`` and ``b`` have the form of :func:`bootstrap_interval`'s ``data`` and one row per item, the same
    items in the same order (e.g. 1/0 per question for two sets of vectors; or ``(model_a, human)`` and
    ``(model_b, human)`` for Spearman's ρ). Each resample draws one set of item indices and scores both
    systems on it (Efron's percentile bootstrap, paired), so what the systems share cancels.
    ``result.excludes_zero`` says whether the difference is real at ``level`` (notebooks 06-09).
    """
    arrays_a, stat = _check(a, statistic, n_resamples, level, seed, "a")
    arrays_b, _ = _check(b, statistic, n_resamples, level, seed, "b")
    if len(arrays_a) != len(arrays_b) or len(arrays_a[0]) != len(arrays_b[0]):
        raise ValueError(
            f"a and b must score the same items in the same form: {len(arrays_a)} array(s) of {len(arrays_a[0])} "
            f"items vs {len(arrays_b)} array(s) of {len(arrays_b[0])}; keep only the items both systems cover"
        )
    k = len(arrays_a)
    full = (*(x[None, :] for x in arrays_a), *(x[None, :] for x in arrays_b))
    estimate = float(stat(*full[:k])[0] - stat(*full[k:])[0])

    def difference(*arrays):
        return stat(*arrays[:k]) - stat(*arrays[k:])

    draws = _resampled((*arrays_a, *arrays_b), [difference], n_resamples, seed)[0]
    low, high = _quantiles(draws, level)
    return Interval(estimate, low, high, float(level), len(arrays_a[0]), int(n_resamples))


# ------------------------------------------------------------------------------------------- internals


def _mean(x: np.ndarray) -> np.ndarray:
    return x.mean(axis=1)


def _pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x = x - x.mean(axis=1, keepdims=True)
    y = y - y.mean(axis=1, keepdims=True)
    denom = np.sqrt((x * x).sum(axis=1) * (y * y).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, (x * y).sum(axis=1) / np.where(denom > 0, denom, 1.0), np.nan)


def _spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    # Pearson's r of the ranks, ties given their average rank: embeddings.spearman, one row per resample
    # imported here: scipy.stats probes for torch when imported, and the numpy-only chapters run without it
    from scipy.stats import rankdata

    return _pearson(rankdata(x, axis=1), rankdata(y, axis=1))


_NAMED = {"mean": (_mean, 1), "spearman": (_spearman, 2), "pearson": (_pearson, 2)}


def _check(data, statistic, n_resamples, level, seed, name) -> tuple[tuple[np.ndarray, ...], Callable]:
    """``data`` as a tuple of 1-D float arrays of one length, the statistic as a function, or a ``ValueError``."""
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, numbers.Integral) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a whole number >= 1, got {n_resamples!r}")
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(f"level must be a number strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    if isinstance(data, (str, bytes)):
        raise ValueError(f"{name} must be an array of numbers (or a tuple of arrays), not a string")
    parts = data if isinstance(data, tuple) else (data,)
    if not parts:
        raise ValueError(f"{name} is an empty tuple: give at least one array of per-item values")
    arrays = []
    for k, part in enumerate(parts):
        try:
            x = np.asarray(part, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must hold numbers, one per item; part {k} does not") from None
        if x.ndim != 1:
            raise ValueError(f"{name} must be 1-D, one value per item (part {k} has shape {x.shape})")
        if not np.isfinite(x).all():
            raise ValueError(f"{name} contains NaN or infinite values (part {k}); drop the items not scored first")
        arrays.append(x)
    lengths = [len(x) for x in arrays]
    if len(set(lengths)) > 1:
        raise ValueError(f"the arrays of {name} must have one length (one row per item), got lengths {lengths}")
    if lengths[0] == 0:
        raise ValueError(f"{name} is empty: a bootstrap needs at least one item")
    if callable(statistic):
        return tuple(arrays), statistic
    if statistic not in _NAMED:
        raise ValueError(f"statistic must be one of {', '.join(STATISTICS)} or a callable, got {statistic!r}")
    fn, arity = _NAMED[statistic]
    if len(arrays) != arity:
        form = "one array of per-item values" if arity == 1 else "a tuple of two arrays, e.g. (model, human)"
        raise ValueError(f"statistic {statistic!r} takes {form}; {name} has {len(arrays)}")
    if arity == 2 and lengths[0] < 2:
        raise ValueError(f"a correlation needs at least 2 items, {name} has {lengths[0]}")
    return tuple(arrays), fn


def _resampled(arrays: tuple[np.ndarray, ...], stats: list[Callable], n_resamples: int, seed: int) -> list:
    """Each statistic on ``n_resamples`` resamples of the items (rows) of ``arrays``, drawn in chunks."""
    rng = np.random.default_rng(seed)
    n = len(arrays[0])
    chunk = max(1, _CHUNK_CELLS // (n * len(arrays)))
    out: list[list[np.ndarray]] = [[] for _ in stats]
    for start in range(0, n_resamples, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_resamples - start), n))
        resampled = [x[idx] for x in arrays]
        for k, stat in enumerate(stats):
            out[k].append(np.asarray(stat(*resampled), dtype=np.float64))
    return [np.concatenate(parts) for parts in out]


def _quantiles(draws: np.ndarray, level: float) -> tuple[float, float]:
    draws = draws[np.isfinite(draws)]
    if not len(draws):
        return float("nan"), float("nan")
    low, high = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)
