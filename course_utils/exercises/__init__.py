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

from ..notebook import fmt


@dataclass
class Case:
    """One input of a checker: the arguments, the right answer, and a description for the report."""

    args: tuple
    expected: float
    about: str
    #: wrong answers a typical mistake gives, each with the hint that names the mistake
    mistakes: list[tuple[float, str]] = field(default_factory=list)


def _close(a: float, b: float, tol: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


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
            got = float(got)
        except (TypeError, ValueError):
            print(f"❌ {name}: returned {type(got).__name__}, expected a number, on {case.about}")
            return
        if not _close(got, case.expected, tol):
            named = next((h for wrong, h in case.mistakes if _close(got, wrong, tol)), hint)
            print(f"❌ {name}: on {case.about} expected {fmt(case.expected, 6)}, got {fmt(got, 6)}.\n   hint: {named}")
            return
    print(f"✅ {name}: all {len(cases)} checks passed.")
