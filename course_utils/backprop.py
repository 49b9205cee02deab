"""Backpropagation by hand, the way the reading notes derive it (notebook 04).

* :class:`BPNetwork` is the notes' BP network in their notation: input ``X`` (n units), hidden output
  ``Y = f(X V + b_y)`` (m units), output ``O = f(Y W + b_o)`` (l units), sigmoid ``f``, squared error
  ``E = ½ Σ_k (d_k − o_k)²``. Its backward pass names the δ terms as the derivation does (eqs. 4.4-4.8).
* :class:`MLP` generalises it: any depth, sigmoid / tanh / ReLU hidden units, and either the sigmoid +
  squared-error output or softmax + cross-entropy (eq. 4.10), trained with plain SGD.
* :class:`Value` is a tiny reverse-mode autodiff engine on scalars (after Karpathy's micrograd) that
  shows what ``loss.backward()`` does: build the graph, order it topologically, apply the chain rule
  from the output back.
* :func:`nnlm_loss_and_grads` backpropagates Bengio's NNLM of notebook 03 by hand, to compare with
  autograd tensor by tensor.

Every gradient here is checked against finite differences and torch autograd in ``tests/test_backprop.py``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from . import checks

# ---------------------------------------------------------------- activations


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + e^{-z})`` (eq. 4.1), computed without overflow."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


#: name -> (f(z), f'(z) written with the output y = f(z) and the input z). Sigmoid and tanh have derivatives
#: that only need their output: σ' = y(1 − y) (eq. 4.2), tanh' = 1 − y².
ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, np.ndarray], np.ndarray]]] = {
    "sigmoid": (sigmoid, lambda y, z: y * (1 - y)),
    "tanh": (np.tanh, lambda y, z: 1 - y**2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda y, z: (z > 0).astype(np.float64)),
}


def _activation(name: str):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _as_batch(X: np.ndarray, width: int, what: str) -> np.ndarray:
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be numbers, shape (batch, {width}) or ({width},), got {X!r:.60}") from None
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] != width:
        raise ValueError(f"{what} must have shape (batch, {width}) or ({width},), got {X.shape}")
    return X


# ---------------------------------------------------------------- the notes' BP network


@dataclass
class BPCache:
    """Every intermediate of :meth:`BPNetwork.forward`, kept for the backward pass."""

    X: np.ndarray  # (batch, n) input
    net_y: np.ndarray  # (batch, m) hidden pre-activation X V + b_y
    Y: np.ndarray  # (batch, m) hidden output f(net_y)
    net_o: np.ndarray  # (batch, l) output pre-activation Y W + b_o
    O: np.ndarray  # (batch, l) output f(net_o)  # noqa: E741 (the notes' name)


class BPNetwork:
    """The reading notes' three-layer BP network with sigmoid units and squared error (notebook 04).

    ``V`` (n x m) connects input to hidden, ``W`` (m x l) hidden to output; ``b_y`` and ``b_o`` are the
    thresholds (the notes fold them into V and W with a constant input x0 = −1; we keep them apart).
    Weights are drawn uniformly from ±``init_scale`` with a seeded generator.
    """

    def __init__(self, n_in: int, n_hidden: int, n_out: int, *, init_scale: float = 1.0, seed: int = 0):
        if min(n_in, n_hidden, n_out) < 1:
            raise ValueError(f"layer sizes must be >= 1, got {n_in}, {n_hidden}, {n_out}")
        rng = np.random.default_rng(seed)
        self.V = rng.uniform(-init_scale, init_scale, (n_in, n_hidden))
        self.b_y = np.zeros(n_hidden)
        self.W = rng.uniform(-init_scale, init_scale, (n_hidden, n_out))
        self.b_o = np.zeros(n_out)

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The trainable arrays by name (the same objects, so editing them edits the network)."""
        return {"V": self.V, "b_y": self.b_y, "W": self.W, "b_o": self.b_o}

    def forward(self, X: np.ndarray) -> BPCache:
        """Eq. (4.3): ``Y = σ(X V + b_y)``, ``O = σ(Y W + b_o)``, keeping every intermediate."""
        X = _as_batch(X, self.V.shape[0], "X")
        net_y = X @ self.V + self.b_y
        Y = sigmoid(net_y)
        net_o = Y @ self.W + self.b_o
        return BPCache(X, net_y, Y, net_o, sigmoid(net_o))

    def loss(self, X: np.ndarray, D: np.ndarray) -> float:
        """Eq. (4.4): ``E = ½ Σ_k (d_k − o_k)²`` per example, averaged over the batch."""
        O = self.forward(X).O  # noqa: E741
        D = _as_batch(D, O.shape[1], "D")
        return float(0.5 * ((D - O) ** 2).sum(axis=1).mean())

    @staticmethod
    def deltas(cache: BPCache, D: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The error signals of the derivation, per example (before averaging over the batch).

        Eq. (4.5): ``δ^o_k = (d_k − o_k) o_k (1 − o_k)``; eq. (4.7): ``δ^y_j = (Σ_k δ^o_k w_jk) y_j (1 − y_j)``.
        Both are −∂E/∂net, so the updates ``ΔW = η Yᵀ δ^o`` and ``ΔV = η Xᵀ δ^y`` go downhill.
        """
        D = _as_batch(D, cache.O.shape[1], "D")
        delta_o = (D - cache.O) * cache.O * (1 - cache.O)
        delta_y = (delta_o @ W.T) * cache.Y * (1 - cache.Y)
        return delta_o, delta_y

    def backward(self, cache: BPCache, D: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of the batch-mean E, eqs. (4.6) and (4.8): ``∂E/∂W = −Yᵀ δ^o / B``, ``∂E/∂V = −Xᵀ δ^y / B``."""
        delta_o, delta_y = self.deltas(cache, D, self.W)
        B = len(cache.X)
        return {
            "V": -cache.X.T @ delta_y / B,
            "b_y": -delta_y.sum(axis=0) / B,
            "W": -cache.Y.T @ delta_o / B,
            "b_o": -delta_o.sum(axis=0) / B,
        }

    def step(self, grads: dict[str, np.ndarray], lr: float) -> None:
        """Gradient descent: ``θ ← θ − η ∂E/∂θ`` (the notes' ``Δw = η δ y``), in place."""
        checks.positive(lr, "the learning rate lr", example=0.5)
        for name, p in self.params.items():
            p -= lr * grads[name]

    def fit(self, X: np.ndarray, D: np.ndarray, *, epochs: int = 1000, lr: float = 0.5) -> list[float]:
        """Full-batch gradient descent; returns the loss before each epoch."""
        checks.integer(epochs, "epochs")
        checks.positive(lr, "the learning rate lr", example=0.5)
        losses = []
        for _ in range(epochs):
            cache = self.forward(X)
            losses.append(float(0.5 * ((_as_batch(D, cache.O.shape[1], "D") - cache.O) ** 2).sum(axis=1).mean()))
            if not math.isfinite(losses[-1]):  # only NaN inputs or weights can do this: sigmoid outputs are bounded
                raise checks.TrainingDivergedError(
                    "the loss is not a number: check X and D for NaN or infinite values", losses
                )
            self.step(self.backward(cache, D), lr)
        return losses


# ---------------------------------------------------------------- a general MLP


class MLP:
    """A multi-layer perceptron with a hand-written backward pass (notebook 04).

    ``sizes`` lists the layer widths from input to output, e.g. ``(2, 8, 2)``. Hidden units use
    ``activation`` (``"sigmoid"``, ``"tanh"`` or ``"relu"``). ``output="softmax"`` pairs a softmax with
    the cross-entropy loss ``−log p_y`` (targets are class ids); ``output="sigmoid"`` pairs sigmoid units
    with the squared error ``½‖d − o‖²`` (targets are arrays), as the reading notes do. Weights start as
    ``N(0, 1/fan_in)`` from a seeded generator.
    """

    def __init__(self, sizes: Sequence[int], *, activation: str = "tanh", output: str = "softmax", seed: int = 0):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes needs at least an input and an output width, all >= 1; got {sizes}")
        if output not in ("softmax", "sigmoid"):
            raise ValueError(f"output must be 'softmax' or 'sigmoid', got {output!r}")
        _activation(activation)
        self.sizes, self.activation, self.output, self.seed = sizes, activation, output, seed
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for i, (a, b) in enumerate(pairwise(sizes), start=1):
            self.params[f"W{i}"] = rng.normal(0.0, 1 / math.sqrt(a), (a, b))
            self.params[f"b{i}"] = np.zeros(b)

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    def forward(self, X: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per layer ``(input, pre-activation z = input W + b, output f(z))``; the last output is o or p."""
        h = _as_batch(X, self.sizes[0], "X")
        f, _ = _activation(self.activation)
        cache = []
        for i in range(1, self.n_layers + 1):
            z = h @ self.params[f"W{i}"] + self.params[f"b{i}"]
            if i < self.n_layers:
                out = f(z)
            elif self.output == "softmax":
                e = np.exp(z - z.max(axis=1, keepdims=True))
                out = e / e.sum(axis=1, keepdims=True)
            else:
                out = sigmoid(z)
            cache.append((h, z, out))
            h = out
        return cache

    def _targets(self, y: np.ndarray, batch: int) -> np.ndarray:
        if self.output == "softmax":
            y = np.asarray(y)
            if y.shape != (batch,) or not np.issubdtype(y.dtype, np.integer):
                raise ValueError(f"softmax targets must be {batch} integer class ids, got shape {y.shape}")
            if y.min() < 0 or y.max() >= self.sizes[-1]:
                raise ValueError(f"class ids must lie in 0..{self.sizes[-1] - 1}")
            return y
        return _as_batch(y, self.sizes[-1], "targets")

    def _loss(self, out: np.ndarray, y: np.ndarray) -> float:
        if self.output == "softmax":
            with np.errstate(divide="ignore"):  # p = 0 gives an infinite loss, which fit reports as divergence
                return float(-np.log(out[np.arange(len(y)), y]).mean())
        return float(0.5 * ((y - out) ** 2).sum(axis=1).mean())

    def loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """Mean loss over the batch: cross-entropy (eq. 4.10) or squared error (eq. 4.4)."""
        out = self.forward(X)[-1][2]
        return self._loss(out, self._targets(y, len(out)))

    def backward(self, cache, y: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of the mean loss for every parameter, from the output layer back.

        The output error ``∂L/∂z`` is ``(p − onehot(y)) / B`` for softmax + cross-entropy (eq. 4.11) and
        ``−(d − o) o (1 − o) / B`` for sigmoid + squared error (= −δ^o / B of eq. 4.5); each earlier
        layer's is ``(∂L/∂z_next Wᵀ_next) ⊙ f'(z)`` (eq. 4.7 in general form).
        """
        _, _, out = cache[-1]
        B = len(out)
        y = self._targets(y, B)
        if self.output == "softmax":
            dz = out.copy()
            dz[np.arange(B), y] -= 1
            dz /= B
        else:
            dz = -(y - out) * out * (1 - out) / B
        _, fprime = _activation(self.activation)
        grads: dict[str, np.ndarray] = {}
        for i in range(self.n_layers, 0, -1):
            h, _, _ = cache[i - 1]
            grads[f"W{i}"] = h.T @ dz
            grads[f"b{i}"] = dz.sum(axis=0)
            if i > 1:
                _, z_prev, h_prev = cache[i - 2]
                dz = (dz @ self.params[f"W{i}"].T) * fprime(h_prev, z_prev)
        return {name: grads[name] for name in self.params}

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class ids (softmax output) or thresholded outputs (sigmoid output)."""
        out = self.forward(X)[-1][2]
        return out.argmax(axis=1) if self.output == "softmax" else (out > 0.5).astype(int)

    def fit(
        self, X: np.ndarray, y: np.ndarray, *, epochs: int = 100, lr: float = 0.1, batch_size: int | None = None
    ) -> list[float]:
        """SGD on mini-batches (full batch if ``batch_size`` is None); returns the mean loss per epoch.

        A loss that is not finite stops training with a :class:`~course_utils.checks.TrainingDivergedError`, the
        weights of the epoch before restored.
        """
        checks.integer(epochs, "epochs")
        checks.positive(lr, "the learning rate lr", example=0.1)
        checks.integer(batch_size, "batch_size", optional=True)
        X = _as_batch(X, self.sizes[0], "X")
        y = np.asarray(y)
        rng = np.random.default_rng(self.seed)
        size = batch_size or len(X)
        losses = []
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(X)) if size < len(X) else np.arange(len(X))
            good = {name: p.copy() for name, p in self.params.items()}
            total = 0.0
            for start in range(0, len(X), size):
                idx = order[start : start + size]
                cache = self.forward(X[idx])
                total += self._loss(cache[-1][2], self._targets(y[idx], len(idx))) * len(idx)
                for name, g in self.backward(cache, y[idx]).items():
                    self.params[name] -= lr * g
            if not checks.sane_loss(total / len(X)):
                self.params.update(good)
                raise checks.TrainingDivergedError(
                    f"training diverged in epoch {epoch}: the loss became {total / len(X):.4g}, so training stopped "
                    f"and the weights before it are restored. Lower the learning rate (lr={lr:g}; try lr={lr / 10:g})",
                    losses,
                )
            losses.append(total / len(X))
        return losses


# ---------------------------------------------------------------- a tiny autodiff engine


def _number(x: object, what: str) -> float:
    """``x`` as a float if it is one number (an int, float, numpy scalar, 0-d array or one-element tensor), else a
    ``TypeError`` that starts with ``what``. A str is not a number, even one that spells a number."""
    if isinstance(x, numbers.Real):
        return float(x)
    if getattr(x, "shape", None) is not None and math.prod(x.shape) == 1 and hasattr(x, "item"):
        item = x.item()
        if isinstance(item, numbers.Real):
            return float(item)
    raise TypeError(f"{what}, got {type(x).__name__} {x!r:.40}")


def _power(base: float, k: float) -> float:
    """``base ** k`` for floats as numpy computes it: ``±inf`` when it overflows, never an ``OverflowError``."""
    try:
        return base**k
    except OverflowError:
        odd = float(k).is_integer() and int(k) % 2 == 1
        return -math.inf if base < 0 and odd else math.inf


class Value:
    """A scalar that remembers how it was computed, so ``backward()`` can apply the chain rule.

    Supports ``+ - * / **`` with numbers and other Values, ``tanh``, ``sigmoid``, ``relu``, ``exp`` and
    ``log``. Each operation stores its inputs and a closure that adds its local derivative times the
    output's gradient to each input's ``grad`` (eq. 4.12, the chain rule).

    Float arithmetic as in numpy and torch: a result too large for a float64 (``exp`` of more than about 709.78,
    ``1e200 ** 2``) is ``inf``, and so is its local derivative. What has no real answer is refused: a
    division by zero (``ZeroDivisionError``), a negative number to a fractional power or the log of a
    non-positive one (``ValueError``); so is anything but a number or a Value as an operand (``TypeError``).
    """

    def __init__(self, data: float, _children: tuple[Value, ...] = (), op: str = "", label: str = ""):
        self.data = _number(data, "a Value holds one number (a float, e.g. Value(0.5))")
        self.grad = 0.0
        self._prev = _children
        self._backward: Callable[[], None] = lambda: None
        self.op, self.label = op, label

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    @staticmethod
    def _wrap(x) -> Value:
        if isinstance(x, Value):
            return x
        x = _number(x, "a Value combines with numbers and other Values (e.g. x * 2.0 or x + Value(1.0))")
        return Value(x, label=f"{x:g}")

    def __add__(self, other) -> Value:
        other = self._wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other) -> Value:
        other = self._wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k: float) -> Value:
        if isinstance(k, Value):
            raise TypeError("only constant exponents are supported: x ** 2, not x ** y")
        k = _number(k, "the exponent must be a number (x ** 2 or x ** 0.5)")
        if self.data < 0 and not k.is_integer():
            raise ValueError(
                f"({self.data:g}) ** {k:g} is not a real number: a negative base takes whole-number powers only "
                "(for a square root, keep the base >= 0, e.g. x.relu() ** 0.5 or (x * x) ** 0.5 for |x|)"
            )
        if self.data == 0 and k < 0:
            raise ZeroDivisionError(f"division by zero in Value: 0 ** {k:g} is 1 / 0 ** {-k:g}")
        out = Value(_power(self.data, k), (self,), f"**{k:g}")

        def _backward():
            # d(x^k)/dx = k x^(k-1); at x = 0 it is 0 for k > 1 or k = 0, 1 for k = 1 and +inf for 0 < k < 1
            local = 0.0 if k == 0 else math.inf if self.data == 0 and k < 1 else k * _power(self.data, k - 1)
            self.grad += local * out.grad

        out._backward = _backward
        return out

    def __rpow__(self, base) -> Value:
        raise TypeError(
            "only constant exponents are supported: x ** 2, not 2 ** x; write 2 ** x as (x * math.log(2)).exp()"
        )

    def _unary(self, value: float, local: float, op: str) -> Value:
        out = Value(value, (self,), op)

        def _backward():
            self.grad += local * out.grad

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return self._unary(t, 1 - t * t, "tanh")

    def sigmoid(self) -> Value:
        s = float(sigmoid(np.array(self.data)))
        return self._unary(s, s * (1 - s), "σ")

    def relu(self) -> Value:
        return self._unary(max(self.data, 0.0), float(self.data > 0), "relu")

    def exp(self) -> Value:
        e = checks.exp_or_inf(self.data)  # inf above about 709.78, as numpy and torch give, not an OverflowError
        return self._unary(e, e, "exp")

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log of a non-positive number ({self.data})")
        return self._unary(math.log(self.data), 1 / self.data, "log")

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other) -> Value:
        return self + (-self._wrap(other))

    def __truediv__(self, other) -> Value:
        other = self._wrap(other)
        if other.data == 0:
            divisor = "0" if other.label in ("", "0", "-0") else f"{other.label} (which is 0)"
            raise ZeroDivisionError(f"division by zero in Value: {self.data:g} / {divisor}")
        return self * other**-1

    def __radd__(self, other) -> Value:
        return self + other

    def __rmul__(self, other) -> Value:
        return self * other

    def __rsub__(self, other) -> Value:
        return self._wrap(other) - self

    def __rtruediv__(self, other) -> Value:
        return self._wrap(other) / self

    def topological_order(self) -> list[Value]:
        """Every node this value depends on, each after all of its inputs (depth-first post-order)."""
        order: list[Value] = []
        seen: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:  # iterative, so deep graphs do not hit Python's recursion limit
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node._prev) if id(child) not in seen)
        return order

    def backward(self) -> None:
        """Reverse-mode autodiff: seed ``d self / d self = 1`` and visit nodes in reverse topological order."""
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def graph_table(self) -> str:
        """The graph as a table in topological order: node, operation, inputs, value and gradient."""
        order = self.topological_order()
        names = node_names(order)
        width = max(6, *(len(name) for name in names.values()))
        lines = [f"{'node':{width}s} {'op':5s} {'inputs':14s} {'value':>9s} {'grad':>9s}"]
        for n in order:
            inputs = ", ".join(names[id(c)] for c in n._prev) or "-"
            lines.append(f"{names[id(n)]:{width}s} {n.op or 'leaf':5s} {inputs:14s} {n.data:9.4f} {n.grad:9.4f}")
        return "\n".join(lines)


def node_names(order: list[Value]) -> dict[int, str]:
    """A readable name for every node (in topological order): its label, or else the expression that made it
    from its inputs' names (``o*-1``, ``σ(net)``, ``(d-o)**2``), so a graph table reads without generated ids."""
    names: dict[int, str] = {}
    for n in order:
        if n.label:
            names[id(n)] = n.label
            continue
        raw = [names[id(c)] for c in n._prev]
        # an input that is itself an expression is bracketed where an operator follows or precedes it
        parts = [f"({p})" if any(op in p for op in "+-*/") and len(p) > 2 else p for p in raw]
        if len(parts) == 2:
            names[id(n)] = f"{parts[0]}{n.op}{parts[1]}"
        elif n.op.startswith("**"):
            names[id(n)] = f"{parts[0]}{n.op}"
        else:
            names[id(n)] = f"{n.op}({raw[0]})" if raw else f"{n.data:g}"
    return names


def draw_graph(root: Value, ax=None):
    """Draw the computation graph of ``root`` left (inputs) to right (output), with values and gradients."""
    import matplotlib.pyplot as plt

    if not isinstance(root, Value):
        raise ValueError(f"draw_graph draws the graph of a Value (e.g. the loss), got {type(root).__name__}")
    order = root.topological_order()
    depth: dict[int, int] = {}
    for n in order:  # inputs come first, so each node's depth is known when we reach it
        depth[id(n)] = 1 + max((depth[id(c)] for c in n._prev), default=-1)
    columns: dict[int, list[Value]] = {}
    for n in order:
        columns.setdefault(depth[id(n)], []).append(n)
    pos = {}
    for d, nodes in columns.items():
        for i, n in enumerate(nodes):
            pos[id(n)] = (d, i - (len(nodes) - 1) / 2)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * (len(columns) + 1), 0.9 * (max(map(len, columns.values())) + 1)))
    names = node_names(order)
    for n in order:
        for c in n._prev:
            ax.annotate(
                "", xy=pos[id(n)], xytext=pos[id(c)], arrowprops={"arrowstyle": "->", "color": "0.6", "shrinkB": 22}
            )
    for n in order:
        x, y = pos[id(n)]
        text = f"{names[id(n)]} {n.op}\n{n.data:.3g} | ∂ {n.grad:.3g}"
        ax.text(x, y, text, ha="center", va="center", fontsize=8, bbox={"boxstyle": "round", "fc": "white", "ec": "C0"})
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ys = [p[1] for p in pos.values()]
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    return ax


# ---------------------------------------------------------------- the NNLM by hand


def nnlm_params(net) -> dict[str, np.ndarray]:
    """The parameters of a :class:`course_utils.nnlm.NNLM` as float64 numpy copies (W absent without it)."""
    if not all(hasattr(net, name) for name in ("C", "H", "d", "U", "b", "W")):
        raise ValueError(f"net must be a course_utils.nnlm.NNLM (its .net_ after fit), got {type(net).__name__}")
    params = {
        "C": net.C.weight,
        "H": net.H.weight,
        "d": net.d,
        "U": net.U.weight,
        "b": net.b,
    }
    if net.W is not None:
        params["W"] = net.W.weight
    return {k: v.detach().cpu().numpy().astype(np.float64) for k, v in params.items()}


def nnlm_loss_and_grads(
    params: dict[str, np.ndarray], contexts: np.ndarray, targets: np.ndarray, forbidden: int | None = None
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean cross-entropy of the NNLM (eq. 3.1) and its gradient for every parameter, by hand.

    Forward: ``e = [C(w)...]``, ``a = d + e Hᵀ``, ``s = tanh(a)``, ``y = b + s Uᵀ + e Wᵀ``, ``p = softmax(y)``.
    Backward: ``∂L/∂y = (p − onehot) / B`` (eq. 4.11); ``∂L/∂U = (∂L/∂y)ᵀ s``; ``∂L/∂a = (∂L/∂y U) ⊙ (1 − s²)``;
    ``∂L/∂e = ∂L/∂a H + ∂L/∂y W``; and the embedding rows add up the ``∂L/∂e`` slices of every position
    where their word occurs (a scatter-add: a word used twice gets two contributions).
    """
    contexts, targets = _nnlm_batch(params, contexts, targets, forbidden)  # ids checked against the vocabulary
    C, H, d, U, b = (params[k] for k in ("C", "H", "d", "U", "b"))
    W = params.get("W")
    B, n1 = contexts.shape
    e = C[contexts].reshape(B, -1)
    s = np.tanh(d + e @ H.T)
    y = b + s @ U.T
    if W is not None:
        y = y + e @ W.T
    if forbidden is not None:
        y[:, forbidden] = -np.inf
    y = y - y.max(axis=1, keepdims=True)
    logp = y - np.log(np.exp(y).sum(axis=1, keepdims=True))
    loss = float(-logp[np.arange(B), targets].mean())
    dy = np.exp(logp)
    dy[np.arange(B), targets] -= 1
    dy /= B
    grads = {"b": dy.sum(axis=0), "U": dy.T @ s}
    da = (dy @ U) * (1 - s**2)
    grads["d"] = da.sum(axis=0)
    grads["H"] = da.T @ e
    de = da @ H
    if W is not None:
        grads["W"] = dy.T @ e
        de = de + dy @ W
    dC = np.zeros_like(C)
    np.add.at(dC, contexts, de.reshape(B, n1, -1))
    grads["C"] = dC
    return loss, {k: grads[k] for k in params}


def _nnlm_batch(params: Mapping, contexts: object, targets: object, forbidden: object) -> tuple[np.ndarray, np.ndarray]:
    """``contexts`` (B, n-1) and ``targets`` (B,) as integer id arrays within the vocabulary, or a ValueError
    (which also says when ``params`` is not what :func:`nnlm_params` gives)."""
    if not isinstance(params, Mapping) or not {"C", "H", "d", "U", "b"} <= params.keys():
        have = sorted(params) if isinstance(params, Mapping) else type(params).__name__
        raise ValueError(f"params must be nnlm_params(net): a dict with C, H, d, U, b (and W if used), got {have}")
    for name, p in params.items():
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise ValueError(
                f"params[{name!r}] must be a float numpy array (use nnlm_params(net)), got {type(p).__name__}"
            )
    V = len(params["C"])
    contexts, targets = np.asarray(contexts), np.asarray(targets)
    for name, ids, ndim in (("contexts", contexts, 2), ("targets", targets, 1)):
        if ids.ndim != ndim or not np.issubdtype(ids.dtype, np.integer):
            shape = "(batch, n - 1)" if ndim == 2 else "(batch,)"
            raise ValueError(f"{name} must be an integer id array of shape {shape}, got {ids.dtype} {ids.shape}")
        if ids.size and (ids.min() < 0 or ids.max() >= V):
            raise ValueError(f"{name} must be word ids in 0..{V - 1}, got {ids.min()}..{ids.max()}")
    if len(contexts) != len(targets) or not len(targets):
        raise ValueError(
            f"need one target per context and at least one: {len(contexts)} contexts, {len(targets)} targets"
        )
    if contexts.shape[1] * params["C"].shape[1] != params["H"].shape[1]:
        raise ValueError(
            f"contexts have {contexts.shape[1]} words but H expects {params['H'].shape[1] // params['C'].shape[1]}"
        )
    if forbidden is not None:
        ok = isinstance(forbidden, numbers.Integral) and not isinstance(forbidden, bool) and 0 <= forbidden < V
        if not ok:
            raise ValueError(
                f"forbidden must be a word id in 0..{V - 1} (e.g. vocab.bos_id) or None, got {forbidden!r}"
            )
        if np.any(targets == forbidden):
            raise ValueError(f"a target is the forbidden id {forbidden}, whose probability is 0: its loss is infinite")
    return contexts, targets


def backprop_steps(net: BPNetwork, x: Sequence[float], d: Sequence[float], lr: float = 0.5) -> list[str]:
    """One training step of :class:`BPNetwork` on one example, as numbered lines to read one at a time.

    Forward pass (eq. 4.3), error (4.4), output δ (4.5) and gradient (4.6), hidden δ (4.7) and gradient
    (4.8), then the update with learning rate ``lr`` and the error after it. The network is not changed.
    Used by the step-through widget of notebook 04.
    """
    if not isinstance(net, BPNetwork):
        raise ValueError(f"net must be a BPNetwork (e.g. BPNetwork(2, 2, 1)), got {type(net).__name__}")
    checks.positive(lr, "the learning rate lr", example=0.5)
    for name, values in (("x", x), ("d", d)):
        try:
            finite = np.isfinite(np.asarray(values, dtype=np.float64)).all()
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a list of numbers (one example), got {values!r:.60}") from None
        if not finite:
            raise ValueError(f"{name} contains NaN or infinite values: give finite numbers")

    def v(a: np.ndarray) -> str:
        text = np.array2string(np.asarray(a), precision=4, suppress_small=True, separator=", ", max_line_width=200)
        return text.replace("\n", "")

    cache = net.forward(np.asarray(x, dtype=np.float64))
    D = _as_batch(d, net.W.shape[1], "d")
    delta_o, delta_y = net.deltas(cache, D, net.W)
    grads = net.backward(cache, D)
    after = BPNetwork(*net.V.shape, net.W.shape[1])
    for name, p in after.params.items():
        p[...] = net.params[name] - lr * grads[name]
    from .i18n import tr
    from .notebook import ljust

    fw, bw = tr("forward"), tr("backward")
    return [
        f"1 {fw} (4.3)  net_y = x V + b_y = {v(cache.net_y[0])}",
        f"2 {fw} (4.3)  y = σ(net_y) = {v(cache.Y[0])}",
        f"3 {fw} (4.3)  net_o = y W + b_o = {v(cache.net_o[0])}",
        f"4 {fw} (4.3)  o = σ(net_o) = {v(cache.O[0])}",
        f"5 {ljust(tr('error'), 7)} (4.4)  E = ½ Σ (d − o)² = {net.loss(cache.X, D):.6f}",
        f"6 {bw} (4.5) δ^o = (d − o) o (1 − o) = {v(delta_o[0])}",
        f"7 {bw} (4.6) ∂E/∂W = −yᵀ δ^o = {v(grads['W'])}",
        f"8 {bw} (4.7) δ^y = (δ^o Wᵀ) y (1 − y) = {v(delta_y[0])}",
        f"9 {bw} (4.8) ∂E/∂V = −xᵀ δ^y = {v(grads['V'])}",
        f"10 {ljust(tr('update'), 13)} W ← W − η ∂E/∂W = {v(after.W)};  V ← V − η ∂E/∂V = {v(after.V)}",
        f"11 {ljust(tr('after'), 13)} E = {after.loss(cache.X, D):.6f} (η = {lr:g})",
    ]


def make_spirals(n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """A 2-D classification set of interleaved spirals (CS231n's), which no linear model can separate.

    Returns ``(X (n_per_class * classes, 2), y (n_per_class * classes,))``, seeded.
    """
    checks.integer(n_per_class, "n_per_class")
    checks.integer(classes, "classes", minimum=2)
    checks.positive(noise, "noise", zero=True, example=0.2)
    checks.seed(seed)
    rng = np.random.default_rng(seed)
    X, y = [], []
    for k in range(classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        t = np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.normal(0.0, noise, n_per_class)
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        y.append(np.full(n_per_class, k))
    return np.concatenate(X), np.concatenate(y)
