"""Exercise checkers: ``check.some_exercise(your_function)`` prints ✅ or a hint, and never raises.

Each chapter has a module (``from course_utils.exercises import ch01 as check``) whose checkers
compute the expected answers with the tested models of ``course_utils`` on several inputs, and
recognise the usual mistakes so the hint can name them. Checkers return None on purpose: nbval runs
cells without history, where a trailing ``;`` does not hide a returned value.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..notebook import fmt


@dataclass
class Case:
    """One input of a checker: the arguments, the right answer, and a description for the report."""

    args: tuple
    expected: float | np.ndarray  # a number, or an array whose shape must match exactly
    about: str
    #: wrong answers a typical mistake gives, each with the hint that names the mistake
    mistakes: list[tuple[float | np.ndarray, str]] = field(default_factory=list)


def _close(a, b, tol: float) -> bool:
    if isinstance(b, np.ndarray):
        a = np.asarray(a)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=tol, atol=tol))
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def _show(x) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=4, suppress_small=True)
    return fmt(x, 6)


def check_cases(name: str, fn: Callable, cases: Sequence[Case], hint: str, tol: float = 1e-9) -> None:
    """Run ``fn`` on every case; print ✅ if all answers are right, else ❌ with the first failure."""
    for case in cases:
        try:
            got = fn(*copy.deepcopy(case.args))  # the reader's code must not change the checker's data
        except NotImplementedError:
            print(
                f"⏳ {name}: not written yet. Replace `raise NotImplementedError` with your code, then run this again."
            )
            return
        except Exception as exc:  # the reader's code may fail in any way; report it, don't crash the notebook
            print(f"❌ {name}: raised {type(exc).__name__}: {exc}\n   on {case.about}\n   hint: {hint}")
            return
        if got is None:
            print(f"❌ {name}: returned None on {case.about}. Did you forget `return`?")
            return
        try:
            got = np.asarray(got, dtype=np.float64) if isinstance(case.expected, np.ndarray) else float(got)
        except (TypeError, ValueError):
            kind = "an array" if isinstance(case.expected, np.ndarray) else "a number"
            print(f"❌ {name}: returned {type(got).__name__}, expected {kind}, on {case.about}")
            return
        if isinstance(case.expected, np.ndarray) and got.shape != case.expected.shape:
            print(
                f"❌ {name}: on {case.about} expected shape {case.expected.shape}, got {got.shape}.\n"
                f"   hint: check which axis is the batch and whether a matrix needs a transpose"
            )
            return
        if not _close(got, case.expected, tol):
            named = next((h for wrong, h in case.mistakes if _close(got, wrong, tol)), hint)
            print(f"❌ {name}: on {case.about} expected {_show(case.expected)}, got {_show(got)}.\n   hint: {named}")
            return
    print(f"✅ {name}: all {len(cases)} checks passed.")
