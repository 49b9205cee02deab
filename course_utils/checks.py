"""Checks of hyper-parameters and the course's error types: one wording for every model.

The n-gram models set the standard (notebook 01): a bad argument is refused *before* any work, with a
``ValueError`` that names the argument, says what it must be, shows what it got and, where it helps, gives
an example. Every public model and function of the course checks its settings with these helpers, so a
learner's mistake reads the same everywhere::

    >>> positive(float("nan"), "lr", example=0.025)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a finite number > 0 (e.g. 0.025), got nan

Sentences and word lists are checked by :func:`course_utils.text.check_sentences` and
:func:`course_utils.text.check_words`.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Iterable
from typing import Any


class NotFoundError(KeyError, ValueError):
    """A name that is not there (a data set, a file, a column): a ``KeyError`` (as a dict lookup) and a
    ``ValueError`` (as every other bad argument of the course), whose message reads as a sentence rather than
    a quoted key."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownWordError(NotFoundError):
    """A word that is not in a vocabulary (a :class:`NotFoundError`, so ``KeyError`` as in gensim)."""


class TrainingDivergedError(ValueError):
    """Training produced a loss that is not a finite number (NaN, infinity) or whose perplexity overflows.

    Raised by every training loop of the course (:func:`course_utils.training.fit`, word2vec, GloVe, the
    networks of notebook 04) after it stopped and restored the last good weights; ``history`` holds what was
    measured until then.
    """

    def __init__(self, message: str, history: Any = None):
        super().__init__(message)
        self.history = history


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def integer(value: object, name: str, minimum: int = 1, *, maximum: int | None = None, optional: bool = False) -> Any:
    """``value`` as an ``int`` if it is an integer (numpy's too) ``>= minimum`` (and ``<= maximum``; None when
    ``optional``), else a ``ValueError``."""
    if optional and value is None:
        return value
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= minimum
    if not ok or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        tail = " or None" if optional else ""
        raise ValueError(f"{name} must be an integer {bound}{tail}, got {value!r}")
    return int(value)


#: the largest seed every generator of the course accepts (torch's and numpy's)
MAX_SEED = 2**63 - 1


def seed(value: object, name: str = "seed") -> int:
    """``value`` as an ``int`` if every random generator accepts it as a seed (0 .. 2**63 - 1), else a ValueError."""
    return integer(value, name, minimum=0, maximum=MAX_SEED)


def device(value: object) -> Any:
    """``value`` if it names a device this machine has (``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``, a
    ``torch.device``) or is None (the best one available), else a ``ValueError`` that says what there is."""
    if value is None:
        return value
    import torch

    try:
        dev = torch.device(value)
    except (RuntimeError, TypeError, ValueError):
        raise ValueError(
            f"device must be 'cpu', 'cuda', 'cuda:N', 'mps' or None (the best available), got {value!r}"
        ) from None
    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available()}
    if not available.get(dev.type, False):
        raise ValueError(f"device={value!r}, but this machine has no {dev.type} device; use device=None or 'cpu'")
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(f"device={value!r}, but this machine has {torch.cuda.device_count()} CUDA device(s)")
    return value


def positive(
    value: object, name: str, *, zero: bool = False, example: float | None = None, optional: bool = False
) -> Any:
    """``value`` if it is a finite number ``> 0`` (``>= 0`` with ``zero``; None if ``optional``), else a ValueError."""
    if optional and value is None:
        return value
    if not (_is_real(value) and math.isfinite(value) and (value >= 0 if zero else value > 0)):
        bound = ">= 0" if zero else "> 0"
        hint = f" (e.g. {example})" if example is not None else ""
        tail = " or None" if optional else ""
        raise ValueError(f"{name} must be a finite number {bound}{hint}{tail}, got {value!r}")
    return value


def between(value: object, name: str, low: float, high: float, *, low_in: bool = True, high_in: bool = True) -> Any:
    """``value`` if it is a number from ``low`` to ``high`` (ends included as said), else a ``ValueError``."""
    ok = _is_real(value) and math.isfinite(value)
    if ok:
        ok = (value >= low if low_in else value > low) and (value <= high if high_in else value < high)
    if not ok:
        interval = f"{'[' if low_in else '('}{low:g}, {high:g}{']' if high_in else ')'}"
        raise ValueError(f"{name} must be a number in {interval}, got {value!r}")
    return value


def finite(value: object, name: str) -> Any:
    """``value`` if it is a finite number (any sign), else a ``ValueError``."""
    if not (_is_real(value) and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def choice(value: object, name: str, options: Iterable[str]) -> Any:
    """``value`` if it is one of ``options``, else a ``ValueError`` that lists them."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(repr(o) for o in options)}, got {value!r}")
    return value


#: the largest loss (nats per token) whose perplexity exp(loss) is a float64: above it, training has diverged
MAX_LOSS = math.log(sys.float_info.max)


def sane_loss(loss: float) -> bool:
    """True for a mean loss that training can go on from: finite, and small enough that its perplexity is a number."""
    return math.isfinite(loss) and loss < MAX_LOSS


def exp_or_inf(x: float) -> float:
    """``exp(x)`` as a perplexity: ``inf`` when it overflows (a diverged loss), NaN stays NaN, never an exception."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf
