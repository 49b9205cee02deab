"""Exercise checkers: ``check.some_exercise(your_function)`` prints ✅ or a hint, and never raises.

Each chapter has a module (``from course_utils.exercises import ch01 as check``) whose checkers
compute the expected answers with the tested models of ``course_utils`` on several inputs, and
recognise the usual mistakes so the hint can name them. Checkers return None on purpose: nbval runs
cells without history, where a trailing ``;`` does not hide a returned value.

Whatever the reader's function returns gets a verdict, never a traceback: numbers, numpy scalars and
arrays, (nested) lists and tuples, torch tensors (with ``requires_grad``, on any device, any dtype;
torch is only looked at if the reader's code has imported it), NaN and inf, and the wrong types
(None, strings, dicts, generators, ...). The tolerance follows the precision of the answer: float64
answers are held to the checker's ``tol``, float32 ones (torch's default dtype) to what float32 can
hold, see :data:`F32_RTOL`. A Python float counts as float32 when it is a float32 number (``.item()``
of a float32 tensor) or when the reader's function ran torch operations in float32; one computed from
numpy float32 by ``math`` functions leaves no trace and is held to float64's tolerance, with a hint.
"""

from __future__ import annotations

import contextlib
import copy
import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..i18n import N_, tr
from ..notebook import fmt

#: the tolerances of a float32 answer (relative and absolute; never below the checker's own ``tol``).
#: float32 keeps about 7 significant digits and a few operations lose one or two: 1e-5 accepts any
#: careful float32 computation of the exercises and still rejects every listed mistake (a test checks).
F32_RTOL, F32_ATOL = 1e-5, 1e-6
#: float16 and bfloat16 keep 3 digits or fewer: too few to tell a right answer from a slightly wrong one
HALF_RTOL = 1e-2
#: a function whose checks take longer than this (seconds) gets a note that it is slow
SLOW_SECONDS = 5.0

NAN_HINT = N_(
    "NaN comes from 0/0, inf − inf, 0 · inf, or the log or sqrt of a negative number: "
    "look for a division by zero or a log(0) (a count of 0?)"
)
INF_HINT = N_("inf comes from a division by zero, log(0) = -inf, or an exp that overflows")
HALF_HINT = N_("float16 and bfloat16 keep only about 3 significant digits: compute in float32 or float64")
F32_HINT = N_(
    "that is the size of a float32 rounding error: did part of your computation run in float32 "
    "(torch's default dtype)? Compute in float64, or return the float32 result as it is"
)


@dataclass
class Case:
    """One input of a checker: the arguments, the right answer, and a description for the report."""

    args: tuple
    expected: float | np.ndarray  # a number, or an array whose shape must match exactly
    about: str
    #: wrong answers a typical mistake gives, each with the hint that names the mistake
    mistakes: list[tuple[float | np.ndarray, str]] = field(default_factory=list)

    def __post_init__(self):
        # a mistake that gives the right answer on this input (no p(</s>) when it is 1, no cap when
        # x < x_max) is no mistake here: it could only name a right answer
        self.mistakes = [(wrong, h) for wrong, h in self.mistakes if not _same(wrong, self.expected)]


class Rejected(Exception):
    """Raised by a checker's ``convert`` (or the conversions here) with the ❌ message's text and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


# --- reading the reader's answer --------------------------------------------------------------------


def _torch_tensor_type():
    """``torch.Tensor`` if the reader's code has imported torch, else None: never imports it."""
    torch = sys.modules.get("torch")
    return getattr(torch, "Tensor", None)


def _from_tensor(t, sizes: set[int]) -> np.ndarray:
    """A torch tensor as a numpy array: detached, on the CPU, dense, float16/bfloat16 widened to float32."""
    import torch  # already imported: the tensor exists

    t = t.detach()
    if t.layout != torch.strided:
        t = t.to_dense()
    t = t.cpu().resolve_conj().resolve_neg()
    if t.dtype in (torch.bfloat16, torch.float16, torch.complex32):
        sizes.add(2)
        t = t.to(torch.complex64 if t.is_complex() else torch.float32)
    return t.numpy()


def _plain(x, sizes: set[int], depth: int = 0):
    """``x`` with torch tensors turned into numpy arrays, tuples into lists, sparse matrices dense.

    Adds to ``sizes`` the bytes per real number of every float in it, so its precision can be told.
    """
    tensor = _torch_tensor_type()
    if tensor is not None and isinstance(x, tensor):
        x = _from_tensor(x, sizes)
    elif isinstance(x, list | tuple) and depth < 32:
        return [_plain(v, sizes, depth + 1) for v in x]
    elif hasattr(x, "toarray") and hasattr(x, "nnz"):  # a scipy sparse matrix, e.g. from cooccurrence.weight
        x = np.asarray(x.toarray())
    dtype = getattr(x, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "fc":
        sizes.add(dtype.itemsize // (2 if dtype.kind == "c" else 1))
    return x


_WATCH = None


def _watch_torch(sizes: set[int]):
    """A context in which every torch operation adds the precision of its result to ``sizes``.

    torch computes in float32 unless told otherwise, and ``math.exp(t.mean())`` turns a float32 result
    into a Python float that no dtype remembers: this is how such an answer still gets float32's
    tolerance. Only if the reader's code has imported torch; it changes nothing the operations do.
    """
    global _WATCH
    torch = sys.modules.get("torch")
    if torch is None or not hasattr(torch, "overrides"):
        return contextlib.nullcontext()
    if _WATCH is None:

        class Watch(torch.overrides.TorchFunctionMode):
            def __init__(self, sizes: set[int]):
                super().__init__()
                self.sizes = sizes

            def __torch_function__(self, func, types, args=(), kwargs=None):
                out = func(*args, **(kwargs or {}))
                for t in out if isinstance(out, tuple | list) else (out,):
                    if isinstance(t, torch.Tensor) and (t.is_floating_point() or t.is_complex()):
                        self.sizes.add(t.element_size() // (2 if t.is_complex() else 1))
                return out

        _WATCH = Watch
    return _WATCH(sizes)


def _precision(sizes: set[int]) -> str:
    """'half', 'single' or 'double': the least precise float seen by ``_plain`` (ints count as double)."""
    return {2: "half", 4: "single"}.get(min(sizes, default=8), "double")


def _describe(x) -> str:
    """What an answer of the wrong kind is, in a few words."""
    name = type(x).__name__
    if isinstance(x, str | bytes):
        text = repr(x)
        return tr("a {kind} {text}", kind=name, text=text if len(text) <= 40 else text[:37] + "...")
    if isinstance(x, bool | np.bool_):
        return tr("a bool ({value})", value=x)
    if isinstance(x, np.ndarray):
        return tr("an array of dtype {dtype} and shape {shape}", dtype=x.dtype, shape=x.shape)
    if isinstance(x, list):
        return tr("a list of {n}", n=len(x))
    return tr("an {kind}", kind=name) if name[:1].lower() in "aeiou" else tr("a {kind}", kind=name)


def _real(a: np.ndarray) -> np.ndarray:
    """``a`` as float64; a complex answer is accepted only if every imaginary part is 0."""
    if a.dtype.kind == "c":
        if np.any(a.imag != 0):
            raise Rejected(
                tr("returned a complex number, expected a real one"),
                tr(
                    "in Python a negative number to a fractional power is complex, (-8) ** (1/3) == (1+1.73j): "
                    "check the sign of what you raise to a power"
                ),
            )
        a = a.real
    if a.dtype.kind == "b":
        raise Rejected(tr("returned booleans (True/False), expected numbers"))
    if a.dtype.kind not in "iuf":
        raise Rejected(tr("returned {what}, expected numbers", what=_describe(a)))
    return a.astype(np.float64)


def _as_array(x) -> np.ndarray:
    """A ``_plain`` answer as a float64 array, or :class:`Rejected` saying why it is not one."""
    if isinstance(x, str | bytes | dict | set | frozenset) or x is None:
        raise Rejected(tr("returned {what}, expected an array", what=_describe(x)))
    if isinstance(x, Iterator):
        raise Rejected(
            tr("returned {what}, expected an array", what=_describe(x)), tr("build a list or np.array from it")
        )
    try:
        with np.errstate(all="ignore"):
            a = np.asarray(x)
    except Exception:  # a ragged list, an object whose __array__ fails, ...
        raise Rejected(tr("returned {what}, which is not a rectangular array of numbers", what=_describe(x))) from None
    if a.dtype == object:  # Fractions, Decimals, or things that are not numbers at all
        for dtype in (np.float64, np.complex128):
            try:
                a = np.asarray(a.tolist(), dtype=dtype)
                break
            except Exception:
                continue
        else:
            raise Rejected(tr("returned {what}, which is not a rectangular array of numbers", what=_describe(x)))
    return _real(a)


def _as_number(x) -> float:
    """A ``_plain`` answer as a float, or :class:`Rejected` saying why it is not one number."""
    if isinstance(x, bool | np.bool_ | str | bytes | list | dict | set | frozenset | Iterator) or x is None:
        raise Rejected(tr("returned {what}, expected a number", what=_describe(x)))
    if isinstance(x, np.ndarray | np.generic):
        if x.ndim > 0:
            raise Rejected(
                tr("returned an array of shape {shape}, expected a single number", shape=x.shape),
                tr("take it out with .item() or [0]"),
            )
        return float(_real(np.asarray(x)))
    if isinstance(x, complex):
        return float(_real(np.asarray(x)))
    try:
        return float(x)
    except Exception as exc:  # an object without __float__, or one whose __float__ fails
        raise Rejected(
            tr(
                "returned {what}, expected a number (float() of it: {error})",
                what=_describe(x),
                error=type(exc).__name__,
            )
        ) from None


def _looks_single(value: float | np.ndarray) -> bool:
    """Whether every value is a float32 number: a Python float taken out of a float32 tensor or array."""
    a = np.asarray(value, dtype=np.float64)
    finite = a[np.isfinite(a)]
    with np.errstate(over="ignore"):
        return finite.size > 0 and bool(np.all(finite.astype(np.float32).astype(np.float64) == finite))


# --- comparing -------------------------------------------------------------------------------------


def _same(a, b) -> bool:
    """Whether two of a checker's own values are equal up to float64 rounding."""
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True))
    except (TypeError, ValueError):
        return False


def _tolerance(precision: str, tol: float) -> tuple[float, float]:
    """(rtol, atol) for an answer of that precision; ``tol == 0`` means exact whatever the dtype."""
    if tol == 0:
        return 0.0, 0.0
    if precision == "double":
        return tol, tol
    return max(tol, F32_RTOL), max(tol, F32_ATOL)


def _close(a, b, rtol: float, atol: float | None = None) -> bool:
    """Whether answer ``a`` matches ``b`` (a number, or an array of the same shape) within the tolerances."""
    atol = rtol if atol is None else atol
    if isinstance(b, np.ndarray) or isinstance(a, np.ndarray):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    a, b = float(a), float(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def _number_pair(e: float, g: float) -> tuple[str, str, str]:
    """``e`` and ``g`` printed with enough digits to look different, and '(off by ...)' if that took more than 6."""
    if float(e).is_integer() and float(g).is_integer() and max(abs(e), abs(g)) < 1e15:
        return str(int(e)), str(int(g)), ""
    for digits in range(6, 18):
        se, sg = fmt(e, digits), fmt(g, digits)
        if se != sg:
            break
    else:
        se, sg = repr(float(e)), repr(float(g))
    near = digits > 6 or abs(g - e) < 1e-4 * abs(e)  # equal-looking, or differing in the last digits only
    off = tr(" (off by {d})", d=f"{abs(g - e):.2g}") if near and math.isfinite(g - e) else ""
    return se, sg, off


def _show(x, precision: int = 4) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=precision, suppress_small=True)
    return fmt(x, 6)


def _array_pair(e: np.ndarray, g: np.ndarray) -> tuple[str, str]:
    for precision in range(4, 18):
        se, sg = _show(e, precision), _show(g, precision)
        if se != sg:
            break
    return se, sg


def _mismatch(e, g, rtol: float, atol: float) -> str:
    """'expected X, got Y', with enough digits to see the difference, and where the largest one is."""
    if not isinstance(e, np.ndarray):
        se, sg, off = _number_pair(e, g)
        return tr("expected {e}, got {g}", e=se, g=sg) + off
    se, sg = _array_pair(e, g)
    with np.errstate(all="ignore"):
        excess = np.abs(g - e) - (atol + rtol * np.abs(e))
    where = np.unravel_index(int(np.nanargmax(np.where(np.isnan(excess), np.inf, excess))), e.shape)
    ee, gg, off = _number_pair(float(e[where]), float(g[where]))
    if e.ndim == 0:
        largest = tr("the largest difference is: expected {e}, got {g}", e=ee, g=gg)
    else:
        at = tuple(int(i) for i in where)
        largest = tr("the largest difference is at index {at}: expected {e}, got {g}", at=at, e=ee, g=gg)
    return tr("{mismatch};\n   {largest}", mismatch=tr("expected {e}, got {g}", e=se, g=sg), largest=largest + off)


def _non_finite(e, g) -> tuple[str, str] | None:
    """(what, why) if the answer has NaN or inf where the right answer has none, else None."""
    e, g = np.asarray(e, dtype=np.float64), np.asarray(g, dtype=np.float64)
    checks = ((np.isnan(g) & ~np.isnan(e), "NaN", NAN_HINT), (np.isinf(g) & ~np.isinf(e), "inf", INF_HINT))
    for bad, word, why in checks:
        if bad.any():
            if g.ndim == 0:
                return tr("returned {word}", word=word), tr(why)
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            what = tr(
                "your answer has {n} {word} value(s), the first at index {first},",
                n=int(bad.sum()),
                word=word,
                first=first,
            )
            return what, tr(why)
    return None


def _slow_note(seconds: float) -> str:
    if seconds <= SLOW_SECONDS:
        return ""
    return "\n   " + tr(
        "note: your function took {seconds} s for these checks; the reference solution takes well "
        "under a second. Python loops over numbers are slow: whole-array numpy operations, or counting "
        "each thing once instead of again for every query, are much faster",
        seconds=f"{seconds:.0f}",
    )


# --- the checker -----------------------------------------------------------------------------------


def _verdict(name: str, got, case: Case, hint: str, tol: float, convert: Callable | None, seen: set[int]) -> str | None:
    """The ❌ message for the answer ``got`` to ``case`` (without the slow note), or None if it is right.

    ``seen``: the bytes per number of the floats the reader's torch operations made (see ``_watch_torch``).
    """
    if got is None:
        return tr("❌ {name}: returned None on {about}. Did you forget `return`?", name=name, about=case.about)
    array = isinstance(case.expected, np.ndarray)
    try:
        sizes = set(seen)
        got = _plain(got, sizes)
        precision = _precision(sizes)
        if convert is not None:
            got = convert(got, case)
        got = _as_array(got) if array else _as_number(got)
    except Rejected as why:
        more = "\n   " + tr("hint: {hint}", hint=why.hint) if why.hint else ""
        return tr("❌ {name}: {what}, on {about}", name=name, what=why.message, about=case.about) + more
    except Exception as exc:  # an answer that cannot even be read (a tensor on the meta device, ...)
        return tr(
            "❌ {name}: returned {what}, which could not be read ({error}), on {about}",
            name=name,
            what=_describe(got),
            error=type(exc).__name__,
            about=case.about,
        )
    if array and got.shape != case.expected.shape:
        return tr(
            "❌ {name}: on {about} expected shape {expected}, got {got}.\n"
            "   hint: check which axis is the batch and whether a matrix needs a transpose",
            name=name,
            about=case.about,
            expected=case.expected.shape,
            got=got.shape,
        )
    if precision == "double" and _looks_single(got):
        precision = "single"  # a Python float (or a list of them) taken out of a float32 tensor
    rtol, atol = _tolerance(precision, tol)
    if _close(got, case.expected, rtol, atol):
        return None
    bad = _non_finite(case.expected, got)
    if bad is not None:
        return tr("❌ {name}: {what} on {about}.", name=name, what=bad[0], about=case.about) + (
            f"\n   {bad[1]}\n   " + tr("hint: {hint}", hint=hint)
        )
    named = next((h for wrong, h in case.mistakes if _close(got, wrong, rtol, atol)), None)
    if named is None and precision == "half" and _close(got, case.expected, HALF_RTOL, HALF_RTOL):
        named = tr(HALF_HINT)
    if named is None and precision == "double" and tol and _close(got, case.expected, F32_RTOL, F32_ATOL):
        named = tr(F32_HINT)
    mismatch = _mismatch(case.expected, got, rtol, atol)
    return tr("❌ {name}: on {about} {mismatch}.", name=name, about=case.about, mismatch=mismatch) + (
        "\n   " + tr("hint: {hint}", hint=named or hint)
    )


def check_cases(
    name: str,
    fn: Callable,
    cases: Sequence[Case],
    hint: str,
    tol: float = 1e-9,
    *,
    convert: Callable | None = None,
) -> None:
    """Run ``fn`` on every case; print ✅ if all answers are right, else ❌ with the first failure.

    ``tol`` is the relative and absolute tolerance of a float64 answer (0: exact, for counts); a float32
    answer gets at least :data:`F32_RTOL` / :data:`F32_ATOL`. ``convert(answer, case)``, if given, turns
    the answer (tensors already numpy arrays, tuples lists) into the form of ``case.expected``, raising
    :class:`Rejected` if it cannot. A function slower than :data:`SLOW_SECONDS` in all gets a note.
    """
    if not callable(fn):
        print(
            tr(
                "❌ {name}: pass your function itself, check.{name}({name}), not {what} (its result?)",
                name=name,
                what=_describe(fn),
            )
        )
        return
    spent = 0.0
    for case in cases:
        args, seen = copy.deepcopy(case.args), set()  # the reader's code must not change the checker's data
        start = time.perf_counter()
        try:
            with _watch_torch(seen):
                got = fn(*args)
        except NotImplementedError:
            print(
                tr(
                    "⏳ {name}: not written yet. Replace `raise NotImplementedError` with your code, then run this "
                    "again.",
                    name=name,
                )
            )
            return
        except Exception as exc:  # the reader's code may fail in any way; report it, don't crash the notebook
            spent += time.perf_counter() - start
            raised = tr(
                "❌ {name}: raised {error}: {detail}\n   on {about}\n   hint: {hint}",
                name=name,
                error=type(exc).__name__,
                detail=exc,
                about=case.about,
                hint=hint,
            )
            print(raised + _slow_note(spent))
            return
        spent += time.perf_counter() - start
        wrong = _verdict(name, got, case, hint, tol, convert, seen)
        if wrong is not None:
            print(wrong + _slow_note(spent))
            return
    print(tr("✅ {name}: all {n} checks passed.", name=name, n=len(cases)) + _slow_note(spent))
