"""Gradient checks: compare tensors honestly, finite differences, and autograd (notebook 04; used by 05-09).

Three tools, from the strictest question to the most convenient one:

* :func:`compare` checks shape and dtype *before* values (so a ``[64]`` gradient never passes against a
  ``[1, 64]`` one by broadcasting) and reports one row per tensor: exact / allclose / max abs diff /
  max relative diff.
* :func:`numerical_gradient` is the centred finite difference ``(f(θ+ε) - f(θ-ε)) / 2ε`` (eq. 4.9 of
  notebook 04) for numpy losses, in float64, restoring every random generator before each evaluation
  so stochastic losses (dropout, negative sampling) can be checked too; :func:`check_gradients` compares
  it with an analytic gradient.
* :func:`autograd_check` wraps ``torch.autograd.gradcheck`` for torch functions (float64 copies).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import torch

from . import checks

ArrayLike = np.ndarray | torch.Tensor | float


def _as_numpy(x: ArrayLike) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def _small(x: float) -> str:
    """A difference for printing: 0, a bound such as ``< 1e-9`` for tiny ones, else two digits.

    Tiny differences are rounding noise whose exact digits depend on the CPU and the BLAS library, so only
    two bounds are printed, each far from the noise it bounds: ``< 1e-12`` (float64 rounding, about 1e-16
    to 1e-13) and ``< 1e-06`` (finite differences' error, about 1e-11 to 1e-8, which straddles 1e-9 and
    changed with the numpy release when 1e-9 was a bound). This keeps stored notebook outputs stable.
    """
    if x == 0:
        return "0"
    if math.isnan(x):
        return "nan"
    for bound in (1e-12, 1e-6):
        if x < bound:
            return f"< {bound:.0e}"
    return f"{x:.2g}"


@dataclass
class Row:
    """The comparison of one tensor (see :func:`compare`)."""

    name: str
    shape: str
    dtype: str
    exact: bool
    allclose: bool
    max_abs: float
    max_rel: float
    problem: str = ""  # why the comparison failed before values were looked at

    @property
    def ok(self) -> bool:
        return not self.problem and self.allclose


@dataclass
class Report:
    """Rows of a comparison; ``ok`` if every row passed. Prints as a table (one row per tensor)."""

    rows: list[Row] = field(default_factory=list)
    rtol: float = 1e-6
    atol: float = 1e-9

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows)

    def __getitem__(self, name: str) -> Row:
        return next(r for r in self.rows if r.name == name)

    def table(self) -> str:
        from .i18n import tr
        from .notebook import ljust, text_width

        head = [tr("tensor"), tr("shape"), "dtype", tr("exact"), "allclose", tr("max abs diff"), tr("max rel diff"), ""]
        yes, no = tr("yes"), tr("no")
        body = []
        for r in self.rows:
            if r.problem:
                body.append([r.name, r.shape, r.dtype, "-", "-", "-", "-", f"✗ {r.problem}"])
            else:
                body.append(
                    [
                        r.name,
                        r.shape,
                        r.dtype,
                        yes if r.exact else no,
                        yes if r.allclose else no,
                        _small(r.max_abs),
                        _small(r.max_rel),
                        "✓" if r.ok else "✗",
                    ]
                )
        widths = [max(text_width(str(x)) for x in col) for col in zip(head, *body, strict=True)]
        lines = [
            "  ".join(ljust(str(x), w) for x, w in zip(line, widths, strict=True)).rstrip() for line in [head, *body]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        verdict = tr("all match") if self.ok else tr("MISMATCH")
        lines.append(verdict + f" (allclose: |a - b| <= {self.atol:g} + {self.rtol:g} |b|)")
        return "\n".join(lines)

    __str__ = table

    def __repr__(self) -> str:
        return self.table()


def _row(name: str, actual: ArrayLike, expected: ArrayLike, rtol: float, atol: float, check_dtype: bool) -> Row:
    try:
        a, b = _as_numpy(actual), _as_numpy(expected)
    except (TypeError, ValueError, RuntimeError) as exc:  # e.g. a bfloat16 tensor, or a ragged list
        return Row(name, "?", "?", False, False, math.nan, math.nan, f"not a tensor of numbers ({exc})")
    shape = "x".join(map(str, b.shape)) or "scalar"
    for side, x in (("actual", a), ("expected", b)):
        if x.dtype.kind not in "biuf":  # strings, objects (None), complex: no honest real difference
            dtype = str(b.dtype)
            return Row(name, shape, dtype, False, False, math.nan, math.nan, f"{side} is not real numbers ({x.dtype})")
    dtype = str(b.dtype)
    if a.shape != b.shape:
        return Row(name, shape, dtype, False, False, math.nan, math.nan, f"shape {list(a.shape)} vs {list(b.shape)}")
    if check_dtype and a.dtype != b.dtype:
        return Row(name, shape, dtype, False, False, math.nan, math.nan, f"dtype {a.dtype} vs {b.dtype}")
    if a.size == 0:
        return Row(name, shape, dtype, True, True, 0.0, 0.0)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    diff = np.abs(a64 - b64)
    # relative to the larger magnitude; entries below atol count by their absolute difference
    rel = diff / np.maximum(np.maximum(np.abs(a64), np.abs(b64)), atol)
    return Row(
        name,
        shape,
        dtype,
        exact=bool(np.array_equal(a, b)),
        allclose=bool(np.allclose(a64, b64, rtol=rtol, atol=atol)),
        max_abs=float(diff.max()),
        max_rel=float(rel.max()),
    )


def compare(
    actual: Mapping[str, ArrayLike] | ArrayLike,
    expected: Mapping[str, ArrayLike] | ArrayLike,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    check_dtype: bool = True,
) -> Report:
    """Compare tensors (numpy or torch) by shape, then dtype, then values; returns a :class:`Report`.

    ``actual`` and ``expected`` are two tensors or two mappings name -> tensor with the same names.
    A value matches when ``|a - b| <= atol + rtol * |b|`` (numpy's ``allclose``), but only after the
    shapes are equal: broadcasting never hides a ``[64]`` vs ``[1, 64]`` mistake. Notebook 04.
    """
    checks.positive(rtol, "rtol", zero=True, example=1e-6)
    checks.positive(atol, "atol", zero=True, example=1e-9)
    if not isinstance(actual, Mapping) and not isinstance(expected, Mapping):
        actual, expected = {"tensor": actual}, {"tensor": expected}
    if not isinstance(actual, Mapping) or not isinstance(expected, Mapping):
        raise TypeError("compare two tensors or two mappings of name -> tensor, not one of each")
    missing = set(expected) ^ set(actual)
    if missing:
        raise ValueError(f"the two sides must name the same tensors; only on one side: {sorted(missing)}")
    rows = [_row(name, actual[name], expected[name], rtol, atol, check_dtype) for name in expected]
    return Report(rows, rtol, atol)


def _rng_states(rngs: Iterable[np.random.Generator]) -> Callable[[], None]:
    """Snapshot numpy's global RNG, torch's CPU RNG and the given generators; return a restorer."""
    rngs = list(rngs)
    np_state = np.random.get_state()
    torch_state = torch.random.get_rng_state()
    states = [g.bit_generator.state for g in rngs]

    def restore() -> None:
        np.random.set_state(np_state)
        torch.random.set_rng_state(torch_state)
        for g, s in zip(rngs, states, strict=True):
            g.bit_generator.state = s

    return restore


def numerical_gradient(
    f: Callable[[], float],
    params: Mapping[str, np.ndarray],
    eps: float = 1e-6,
    rngs: Iterable[np.random.Generator] = (),
) -> dict[str, np.ndarray]:
    """Centred finite differences ``(f(θ+ε) − f(θ−ε)) / 2ε`` of a scalar loss, eq. (4.9) of notebook 04.

    ``f()`` takes no arguments and reads the float64 arrays in ``params``, which are nudged in place
    one entry at a time (and always put back). Before every evaluation the random state (numpy's global
    generator, torch's, and each generator in ``rngs``) is restored, so a stochastic loss sees the same
    random numbers each time. Costs 2 evaluations per parameter entry: for small models only.

    ``f()`` returns the loss as a float64 number (a float, a numpy float64, a float64 torch scalar); a float32
    loss is refused with a ``ValueError``, since its rounding would make the gradient silently wrong, and so is
    a loss that is not finite.
    """
    checks.positive(eps, "eps", example=1e-6)
    params = _check_params(params)
    restore = _rng_states(_check_rngs(rngs))
    grads: dict[str, np.ndarray] = {}
    for name, p in params.items():
        g = np.zeros_like(p)
        flat, gflat = p.reshape(-1), g.reshape(-1)  # views: writing flat writes p
        for i in range(flat.size):
            old = flat[i]
            try:
                flat[i] = old + eps
                restore()
                plus = _loss_value(f(), name, i, "+")
                flat[i] = old - eps
                restore()
                minus = _loss_value(f(), name, i, "-")
            finally:  # put back even when f fails
                flat[i] = old
            gflat[i] = (plus - minus) / (2 * eps)
        grads[name] = g
    restore()
    return grads


def _check_params(params: object) -> Mapping[str, np.ndarray]:
    """``params`` if it maps names to float64 numpy arrays (what finite differences nudge), else a ValueError."""
    if not isinstance(params, Mapping) or not params:
        raise ValueError(
            f"params must be a non-empty dict name -> float64 numpy array that f reads, e.g. net.params; "
            f"got {type(params).__name__}"
        )
    for name, p in params.items():
        if isinstance(p, torch.Tensor):
            raise ValueError(
                f"parameter {name!r} is a torch tensor; numerical_gradient nudges numpy arrays: for torch functions "
                "use autograd_check, or give float64 numpy arrays that f reads"
            )
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            got = f"an array of dtype {p.dtype}" if isinstance(p, np.ndarray) else f"{type(p).__name__} {p!r}"
            raise ValueError(
                f"parameter {name!r} must be a float64 numpy array (finite differences need float64), got {got}; "
                f"make the array f reads float64, e.g. params[{name!r}] = np.asarray(w, dtype=np.float64), and "
                "have f read that array (a converted copy that f does not read would give zero gradients)"
            )
    return params


def _check_rngs(rngs: object) -> list[np.random.Generator]:
    if isinstance(rngs, np.random.Generator):
        return [rngs]
    rngs = list(rngs) if isinstance(rngs, Iterable) else [rngs]
    for g in rngs:
        if not isinstance(g, np.random.Generator):
            raise ValueError(
                f"rngs must be numpy Generators (np.random.default_rng(...)) that f draws from, got {type(g).__name__}"
            )
    return rngs


def _loss_value(value: object, name: str, i: int, sign: str) -> float:
    """The loss ``f()`` returned, as a float; a ValueError if it is not one finite float64-exact number.

    A float32 loss is refused: its rounding (about 1e-7 relative) divided by 2ε swamps the difference, so the
    gradient would be silently wrong in the second or third digit.
    """
    where = f"when {name}[{i}] was nudged by {sign}eps"
    if isinstance(value, (torch.Tensor, np.ndarray, np.generic)):
        shape = tuple(value.shape)
        if math.prod(shape) != 1:
            raise ValueError(f"f must return one number (the loss), got an array of shape {shape}; sum or average it")
        dtype = value.dtype
        if isinstance(value, torch.Tensor):
            low = dtype in (torch.float16, torch.bfloat16, torch.float32) or value.is_complex()
        else:
            low = np.dtype(dtype) in (np.float16, np.float32) or np.dtype(dtype).kind == "c"
        if low:
            raise ValueError(
                f"f returned a {dtype} loss; finite differences need float64 (a float32 loss is only good to about "
                "1e-7, which the difference / 2 eps turns into a wrong gradient): compute the loss in float64, e.g. "
                "torch.set_default_dtype(torch.float64) or model.double() and float64 inputs, or .astype(np.float64)"
            )
        value = value.item() if isinstance(value, torch.Tensor) else np.asarray(value).reshape(()).item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"f must return the loss as a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(
            f"f returned {value} {where}: the loss must be finite near these parameters to have a gradient"
        )
    return value


def check_gradients(
    f: Callable[[], float],
    params: Mapping[str, np.ndarray],
    analytic: Mapping[str, np.ndarray],
    *,
    eps: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    rngs: Iterable[np.random.Generator] = (),
) -> Report:
    """Compare an analytic gradient with centred finite differences of ``f``; returns a :class:`Report`.

    Shapes and dtypes of ``analytic`` must equal those of ``params``. Notebook 04.
    """
    if not isinstance(analytic, Mapping):
        raise ValueError(f"analytic must be a dict name -> gradient array like params, got {type(analytic).__name__}")
    checks.positive(rtol, "rtol", zero=True, example=1e-6)
    checks.positive(atol, "atol", zero=True, example=1e-9)
    numeric = numerical_gradient(f, params, eps, rngs)
    return compare(dict(analytic), numeric, rtol=rtol, atol=atol)


def autograd_check(
    fn: Callable[..., torch.Tensor], *inputs: torch.Tensor, eps: float = 1e-6, atol: float = 1e-6
) -> bool:
    """``torch.autograd.gradcheck`` on float64 copies of ``inputs`` (floating ones get ``requires_grad``).

    Returns True when autograd's gradient matches finite differences; False (with the reason printed)
    otherwise. Integer inputs (token ids) are passed through unchanged. Notebook 04.
    """
    checks.positive(eps, "eps", example=1e-6)
    checks.positive(atol, "atol", zero=True, example=1e-6)
    if not callable(fn):
        raise ValueError(f"fn must be a function of the inputs that returns a tensor, got {type(fn).__name__}")
    prepared = []
    for x in inputs:
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            x = x.detach().to(torch.float64).requires_grad_(True)
        prepared.append(x)
    if not any(isinstance(x, torch.Tensor) and x.requires_grad for x in prepared):
        raise ValueError(
            "autograd_check needs at least one floating-point tensor input to differentiate with respect to, got "
            f"{', '.join(type(x).__name__ for x in inputs) or 'no inputs'}"
        )
    try:
        return bool(torch.autograd.gradcheck(fn, tuple(prepared), eps=eps, atol=atol))
    except RuntimeError as exc:
        from .i18n import tr

        print(tr("gradcheck failed: {reason}", reason=str(exc).splitlines()[0]))
        return False
