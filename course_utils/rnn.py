"""Recurrent networks and why their gradients vanish or explode (notebook 05).

* :class:`NumpyRNN` is the vanilla (Elman) RNN with its backward pass through time written out
  (BPTT, eqs. 5.1-5.4 of notebook 05), checked against finite differences and torch in the tests.
* Instruments: :func:`jacobian_norms` (‖∂h_T/∂h_t‖ as a product of Jacobians, eq. 5.5),
  :func:`grad_norms_by_step` (‖∂L/∂h_t‖ for any torch RNN/GRU/LSTM cell), :func:`spectral_radius` and
  :func:`largest_singular_value`, :func:`scaled_orthogonal` (a W_hh whose singular values all equal ρ).
* Fixes: :func:`clip_by_global_norm` (Pascanu et al. 2013), truncated BPTT, and gated cells.
* Tasks: :func:`first_token_task`, a long-range dependency (remember the first token for T steps),
  and :class:`RecurrentLM`, a word-level RNN/GRU/LSTM language model (the network :class:`RNNLM`)
  behind the course's language-model interface, trained by :func:`course_utils.training.fit` on one
  token stream (:func:`lm_stream`) with :func:`recurrent_loss`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch
from torch import nn

from . import checks
from .lm import LanguageModel
from .text import Vocab, check_sentences
from .training import History, StreamBatches, cross_entropy, fit, stream_loss, train_config

# ---------------------------------------------------------------- the vanilla RNN by hand


@dataclass
class RNNCache:
    """What :meth:`NumpyRNN.forward` keeps for the backward pass."""

    xs: np.ndarray  # (T, B, I) inputs
    hs: np.ndarray  # (T + 1, B, H) states, hs[0] = h0
    probs: np.ndarray  # (T, B, O) softmax outputs
    targets: np.ndarray  # (T, B) target ids


class NumpyRNN:
    """The vanilla RNN, eq. (5.1): ``h_t = tanh(x_t W_xhᵀ + h_{t-1} W_hhᵀ + b_h)``, ``y_t = h_t W_hyᵀ + b_y``.

    The loss is the cross-entropy of ``softmax(y_t)`` against a target id at every step, averaged over
    steps and the batch (eq. 5.2). Weights follow torch's layout (out x in) so they can be copied into
    ``torch.nn.RNN`` for comparison. ``W_hh`` starts as a scaled orthogonal matrix with spectral radius
    ``rho``; the other weights are ``N(0, 1/fan_in)``, all from a seeded generator.
    """

    def __init__(self, n_in: int, n_hidden: int, n_out: int, *, rho: float = 0.9, seed: int = 0):
        if min(n_in, n_hidden, n_out) < 1:
            raise ValueError(f"sizes must be >= 1, got {n_in}, {n_hidden}, {n_out}")
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {
            "W_xh": rng.normal(0, 1 / math.sqrt(n_in), (n_hidden, n_in)),
            "W_hh": scaled_orthogonal(n_hidden, rho, rng),
            "b_h": np.zeros(n_hidden),
            "W_hy": rng.normal(0, 1 / math.sqrt(n_hidden), (n_out, n_hidden)),
            "b_y": np.zeros(n_out),
        }

    def forward(self, xs: np.ndarray, targets: np.ndarray, h0: np.ndarray | None = None) -> tuple[float, RNNCache]:
        """Run the sequence ``xs`` (T, B, I) and score ``targets`` (T, B); returns the mean loss and the cache."""
        p = self.params
        xs, targets = np.asarray(xs, dtype=np.float64), np.asarray(targets)
        if xs.ndim != 3 or xs.shape[2] != p["W_xh"].shape[1] or targets.shape != xs.shape[:2]:
            raise ValueError(
                f"need xs of shape (T, B, {p['W_xh'].shape[1]}) and targets (T, B); got {xs.shape}, {targets.shape}"
            )
        T, B, _ = xs.shape
        hs = np.zeros((T + 1, B, p["W_hh"].shape[0]))
        if h0 is not None:
            hs[0] = h0
        probs = np.zeros((T, B, p["W_hy"].shape[0]))
        loss = 0.0
        for t in range(T):
            hs[t + 1] = np.tanh(xs[t] @ p["W_xh"].T + hs[t] @ p["W_hh"].T + p["b_h"])
            y = hs[t + 1] @ p["W_hy"].T + p["b_y"]
            e = np.exp(y - y.max(axis=1, keepdims=True))
            probs[t] = e / e.sum(axis=1, keepdims=True)
            loss -= np.log(probs[t, np.arange(B), targets[t]]).sum()
        return float(loss / (T * B)), RNNCache(xs, hs, probs, targets)

    def backward(self, cache: RNNCache, truncate: int | None = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Backpropagation through time, eqs. (5.3)-(5.4); returns the gradients and ‖∂L/∂h_t‖ for t = 1..T.

        Walking back from the last step, the error reaching ``h_t`` is the output's ``(p_t − onehot) W_hy``
        plus what flows back from ``h_{t+1}`` through ``W_hh`` and tanh's derivative ``1 − h²``. With
        ``truncate=k`` the sequence is cut into chunks of k steps and no error crosses a chunk boundary
        (what ``h.detach()`` between chunks does in torch).
        """
        p = self.params
        T, B, _ = cache.xs.shape
        grads = {name: np.zeros_like(v) for name, v in p.items()}
        dh_next = np.zeros((B, p["W_hh"].shape[0]))
        norms = np.zeros(T)
        for t in reversed(range(T)):
            dy = cache.probs[t].copy()
            dy[np.arange(B), cache.targets[t]] -= 1
            dy /= T * B
            h, h_prev = cache.hs[t + 1], cache.hs[t]
            grads["W_hy"] += dy.T @ h
            grads["b_y"] += dy.sum(axis=0)
            if truncate is not None and (t + 1) % truncate == 0:
                dh_next = np.zeros_like(dh_next)  # a chunk boundary: nothing flows back across it
            dh = dy @ p["W_hy"] + dh_next  # eq. (5.3)
            norms[t] = np.linalg.norm(dh)
            dz = dh * (1 - h**2)
            grads["W_xh"] += dz.T @ cache.xs[t]
            grads["W_hh"] += dz.T @ h_prev
            grads["b_h"] += dz.sum(axis=0)
            dh_next = dz @ p["W_hh"]  # eq. (5.4): one step further back
        return grads, norms

    def loss(self, xs: np.ndarray, targets: np.ndarray) -> float:
        return self.forward(xs, targets)[0]


# ---------------------------------------------------------------- instruments


def scaled_orthogonal(n: int, rho: float, rng: np.random.Generator | int = 0) -> np.ndarray:
    """An n x n matrix ``ρ Q`` with Q orthogonal: every singular value and |eigenvalue| equals ρ."""
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return rho * q * np.sign(np.diag(r))  # the sign fix makes Q uniformly (Haar) distributed


def spectral_radius(W: np.ndarray | torch.Tensor) -> float:
    """max |eigenvalue| of a square matrix."""
    W = W.detach().cpu().numpy() if isinstance(W, torch.Tensor) else np.asarray(W)
    return float(np.abs(np.linalg.eigvals(W)).max())


def largest_singular_value(W: np.ndarray | torch.Tensor) -> float:
    """The spectral norm ‖W‖₂: the most any vector can be stretched by W."""
    W = W.detach().cpu().numpy() if isinstance(W, torch.Tensor) else np.asarray(W)
    return float(np.linalg.norm(W, 2))


def jacobian_norms(W_hh: np.ndarray, hs: np.ndarray) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = T, T−1, ..., 0 of a tanh RNN, eq. (5.5).

    ``hs`` holds the states h_0..h_T of one sequence (shape (T+1, H)). Each step back multiplies by the
    Jacobian ``∂h_{t+1}/∂h_t = diag(1 − h_{t+1}²) W_hh``, so the norm is at most
    ``(σ_max(W_hh) · max tanh')^(T−t)``: it decays geometrically when that is below 1.
    """
    hs = np.asarray(hs, dtype=np.float64)
    T = len(hs) - 1
    J = np.eye(hs.shape[1])
    norms = [1.0]
    for t in range(T - 1, -1, -1):
        J = J @ ((1 - hs[t + 1] ** 2)[:, None] * W_hh)  # ∂h_T/∂h_t = ∂h_T/∂h_{t+1} · ∂h_{t+1}/∂h_t
        norms.append(float(np.linalg.norm(J, 2)))
    return np.array(norms)


def simulate_jacobian_norms(
    rho: float, length: int = 50, input_scale: float = 0.1, hidden: int = 32, seed: int = 0
) -> np.ndarray:
    """Run a tanh RNN with ``W_hh = ρQ`` on random inputs of size ``input_scale``; return :func:`jacobian_norms`.

    Small inputs keep tanh near its linear regime (norms ≈ ρ^k); large ones saturate it (faster decay).
    The explorer of notebook 05 redraws this curve as ρ, the length and the input size change.
    """
    if length < 1 or hidden < 1:
        raise ValueError(f"need length >= 1 and hidden >= 1, got {length} and {hidden}")
    rng = np.random.default_rng(seed)
    W = scaled_orthogonal(hidden, rho, rng)
    hs = [np.zeros(hidden)]
    for _ in range(length):
        hs.append(np.tanh(W @ hs[-1] + input_scale * rng.normal(size=hidden)))
    return jacobian_norms(W, np.array(hs))


def decay_rate(norms: Sequence[float]) -> float:
    """The geometric rate r of a sequence of norms ~ c r^k (least squares on the logs; k = 0, 1, ...)."""
    logs = np.log(np.asarray(norms, dtype=np.float64))
    if len(logs) < 2 or not np.all(np.isfinite(logs)):
        raise ValueError("need at least two positive, finite norms")
    slope = np.polyfit(np.arange(len(logs)), logs, 1)[0]
    return float(np.exp(slope))


def grad_norms_by_step(
    cell: nn.Module,
    xs: torch.Tensor,
    loss_fn: Callable[[torch.Tensor], torch.Tensor] | None = None,
    wrt: str = "h",
) -> np.ndarray:
    """‖∂L/∂h_t‖ (or ‖∂L/∂c_t‖ with ``wrt="c"``, LSTM only) for t = 1..T; L depends on the last h only.

    ``cell`` is a ``torch.nn.RNNCell``, ``GRUCell`` or ``LSTMCell``; ``xs`` has shape (T, B, input);
    ``loss_fn`` defaults to the sum of the last state. Reading the norms from the end backwards shows
    how much of the loss's gradient survives k steps. For an LSTM, ``wrt="c"`` follows the cell state
    ``c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t``, whose step-to-step factor is the forget gate.
    """
    if not isinstance(cell, (nn.RNNCell, nn.GRUCell, nn.LSTMCell)):
        raise TypeError(f"expected an RNNCell, GRUCell or LSTMCell, got {type(cell).__name__}")
    if wrt not in ("h", "c") or (wrt == "c" and not isinstance(cell, nn.LSTMCell)):
        raise ValueError("wrt must be 'h', or 'c' for an LSTMCell (only an LSTM has a cell state)")
    loss_fn = loss_fn or (lambda h: h.sum())
    state, tracked, h = None, [], None
    for x in xs:
        state = cell(x, state)
        h = state[0] if isinstance(cell, nn.LSTMCell) else state
        node = state[1] if wrt == "c" else h
        node.retain_grad()
        tracked.append(node)
    cell.zero_grad(set_to_none=True)
    loss_fn(h).backward()
    return np.array([float(t.grad.norm()) for t in tracked])


def clip_by_global_norm(grads: dict[str, np.ndarray], max_norm: float) -> float:
    """Rescale all gradients together so their joint norm is at most ``max_norm`` (Pascanu et al. 2013).

    The direction is kept; only the step length shrinks. Returns the norm before clipping. In place.
    """
    checks.positive(max_norm, "max_norm", example=5.0)
    total = math.sqrt(sum(float((g**2).sum()) for g in grads.values()))
    if total > max_norm:
        for g in grads.values():
            g *= max_norm / total
    return total


# ---------------------------------------------------------------- a long-range task


def first_token_task(n: int, length: int, n_symbols: int = 4, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Sequences of ``length`` random symbols; the label is the *first* one (chance = 1 / n_symbols).

    Returns ``(xs (length, n) long, labels (n,))``. To answer, a network must carry one symbol through
    ``length − 1`` steps of distraction: the longer the sequence, the further the gradient must travel.
    """
    if n < 1 or length < 1 or n_symbols < 2:
        raise ValueError(f"need n >= 1, length >= 1, n_symbols >= 2; got {n}, {length}, {n_symbols}")
    g = torch.Generator().manual_seed(seed)
    xs = torch.randint(0, n_symbols, (length, n), generator=g)
    return xs, xs[0].clone()


class SequenceClassifier(nn.Module):
    """Embedding → RNN/GRU/LSTM → a linear layer on the last state: for :func:`first_token_task`."""

    def __init__(self, n_symbols: int, hidden: int = 32, cell: str = "lstm", seed: int = 0):
        super().__init__()
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embed = nn.Embedding(n_symbols, hidden)
            self.rnn = _recurrent(cell, hidden, hidden, 1)
            self.out = nn.Linear(hidden, n_symbols)

    def forward(self, xs: torch.Tensor) -> torch.Tensor:
        """Logits (batch, n_symbols) for ``xs`` of shape (length, batch); sequences come first."""
        hs, _ = self.rnn(self.embed(xs))
        return self.out(hs[-1])


def train_first_token(
    cell: str,
    length: int,
    *,
    steps: int = 400,
    hidden: int = 32,
    n_symbols: int = 4,
    lr: float = 0.01,
    batch_size: int = 64,
    clip: float = 1.0,
    seed: int = 0,
) -> float:
    """Train a :class:`SequenceClassifier` on :func:`first_token_task` of ``length``; return test accuracy.

    Adam with gradient clipping, ``steps`` mini-batches drawn from 4,000 training sequences, accuracy on
    500 fresh ones (chance: 1 / n_symbols). Seeded, so the same arguments give the same accuracy.
    """
    for name, value in {"length": length, "steps": steps, "hidden": hidden, "batch_size": batch_size}.items():
        checks.integer(value, name)
    checks.integer(n_symbols, "n_symbols", minimum=2)
    checks.positive(lr, "the learning rate lr", example=0.01)
    checks.positive(clip, "clip", example=1.0)
    xs, ys = first_token_task(4000, length, n_symbols, seed=seed + 1)
    model = SequenceClassifier(n_symbols, hidden, cell, seed=seed)
    opt = torch.optim.Adam(model.parameters(), lr)
    g = torch.Generator().manual_seed(seed)
    for step in range(1, steps + 1):
        idx = torch.randint(0, len(ys), (batch_size,), generator=g)
        loss = nn.functional.cross_entropy(model(xs[:, idx]), ys[idx])
        if not checks.sane_loss(loss.item()):
            raise checks.TrainingDivergedError(
                f"training diverged at step {step}: the loss became {loss.item():.4g}. Lower the learning rate "
                f"(lr={lr:g}; try lr={lr / 10:g}) or the clipping threshold (clip={clip:g})"
            )
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
    xt, yt = first_token_task(500, length, n_symbols, seed=seed + 2)
    with torch.no_grad():
        return float((model(xt).argmax(1) == yt).float().mean())


# ---------------------------------------------------------------- language models


def _recurrent(cell: str, n_in: int, hidden: int, layers: int, dropout: float = 0.0) -> nn.Module:
    """An nn.RNN / GRU / LSTM; an LSTM's forget gates start open (bias 1, Jozefowicz et al. 2015)."""
    kinds = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
    if cell not in kinds:
        raise ValueError(f"cell must be one of {', '.join(kinds)}, got {cell!r}")
    module = kinds[cell](n_in, hidden, num_layers=layers, dropout=dropout if layers > 1 else 0.0)
    if cell == "lstm":
        with torch.no_grad():
            for name, p in module.named_parameters():
                if name.startswith("bias_ih"):
                    p[hidden : 2 * hidden] = 1.0  # gate order i, f, g, o: the forget gate remembers by default
                elif name.startswith("bias_hh"):
                    p[hidden : 2 * hidden] = 0.0
    return module


class RNNLM(nn.Module):
    """A word-level recurrent language model: embedding → RNN/GRU/LSTM layers → softmax over words, eq. (5.1)
    with an embedding for x_t and gated cells (eq. 5.7) if asked.

    ``forward(ids (T, B), state)`` returns logits (T, B, |V|) and the new state; :class:`RecurrentLM` trains
    it with :func:`course_utils.training.fit`, which carries the state from batch to batch (detached:
    truncated BPTT). ``dim`` is the embedding size. Seeded; ``dropout`` between layers and before the
    output (Zaremba et al. 2014); ``init_range=r`` draws every parameter uniformly from ±r as Zaremba et al.
    do (this also replaces the open forget-gate bias); without it, torch's defaults (embeddings N(0, 1)).
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int = 64,
        hidden: int = 64,
        layers: int = 1,
        cell: str = "lstm",
        dropout: float = 0.0,
        seed: int = 0,
        init_range: float | None = None,
    ):
        super().__init__()
        if min(vocab_size, dim, hidden, layers) < 1:
            raise ValueError(
                f"vocab_size, dim, hidden and layers must all be >= 1, got {vocab_size}, {dim}, {hidden}, {layers}"
            )
        self.cell = cell
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embed = nn.Embedding(vocab_size, dim)
            self.rnn = _recurrent(cell, dim, hidden, layers, dropout)
            self.drop = nn.Dropout(dropout)
            self.out = nn.Linear(hidden, vocab_size)
            if init_range is not None:
                with torch.no_grad():
                    for p in self.parameters():
                        p.uniform_(-init_range, init_range)

    def forward(self, ids: torch.Tensor, state=None):
        hs, state = self.rnn(self.drop(self.embed(ids)), state)
        return self.out(self.drop(hs)), state


def lm_stream(sentences: Sequence[np.ndarray], eos_id: int) -> torch.Tensor:
    """One id stream: ``</s>`` first, then every sentence followed by ``</s>``.

    Predicting every token after the first scores each word and one ``</s>`` per sentence, the same
    tokens the n-gram models of notebooks 01-02 are scored on (the leading ``</s>`` plays ``<s>``).
    """
    parts = [np.array([eos_id])]
    for s in sentences:
        parts.extend([np.asarray(s), np.array([eos_id])])
    return torch.from_numpy(np.concatenate(parts).astype(np.int64))


def recurrent_loss(
    net: nn.Module, batch: tuple[torch.Tensor, torch.Tensor], state, reduction: str = "mean"
) -> tuple[torch.Tensor, object]:
    """The loss of a recurrent LM for :func:`course_utils.training.fit`: cross-entropy of the next token.

    ``batch`` is ``(inputs, targets)`` of shape (T, B) from :class:`~course_utils.training.StreamBatches`;
    the state the network ends in is returned, so the next batch of the same columns starts from it
    (truncated BPTT, notebook 05).
    """
    inputs, targets = batch
    logits, state = net(inputs, state)
    return cross_entropy(logits, targets, reduction), state


class RecurrentLM(LanguageModel):
    """A recurrent (RNN/GRU/LSTM) language model behind the course's language-model interface (notebook 05).

    The training text is one stream, ``</s> s_1 </s> s_2 </s> ...`` (:func:`lm_stream`), cut into
    ``batch_size`` columns and read ``bptt`` steps at a time with the state carried across batches
    (truncated BPTT). Scoring reads the sentences the same way, as *one* stream with the state carried
    from sentence to sentence (as Mikolov's RNNLM does; the leading ``</s>`` plays ``<s>``), so
    ``perplexity(test)`` is ``exp`` of :func:`course_utils.training.stream_loss` on the test stream.

    Hyper-parameters: the network's ``cell``, ``dim`` (embedding size), ``hidden``, ``layers``, ``dropout``,
    ``init_range`` (see :class:`RNNLM`); the stream's ``batch_size`` and ``bptt``; the vocabulary's
    ``min_count`` and ``max_vocab``; any other keyword is a setting of the training loop (``epochs``,
    ``lr``, ``lr_decay``, ``seed``, ... of :class:`~course_utils.training.TrainConfig`; the defaults in
    :attr:`TRAINING` are Zaremba et al.'s plain SGD at rate 1 with the gradient norm clipped at 5), gathered in
    ``config``. ``fit`` sets ``vocab_``, ``net_`` and ``history_``.
    """

    context_size = None
    #: the training loop's settings unless given: plain SGD at rate 1, the gradient norm clipped at 5
    TRAINING: ClassVar[dict[str, Any]] = {"epochs": 5, "lr": 1.0, "optimizer": "sgd", "clip": 5.0, "desc": "RNN LM"}

    def __init__(
        self,
        cell: str = "lstm",
        *,
        dim: int = 64,
        hidden: int = 64,
        layers: int = 1,
        dropout: float = 0.0,
        init_range: float | None = None,
        batch_size: int = 20,
        bptt: int = 35,
        min_count: int = 1,
        max_vocab: int | None = None,
        **training_settings,
    ):
        if cell not in ("rnn", "gru", "lstm"):
            raise ValueError(f"cell must be 'rnn', 'gru' or 'lstm', got {cell!r}")
        for name, value in (
            ("dim", dim),
            ("hidden", hidden),
            ("layers", layers),
            ("batch_size", batch_size),
            ("bptt", bptt),
        ):
            checks.integer(value, name)
        checks.between(dropout, "dropout", 0, 1, high_in=False)
        checks.positive(init_range, "init_range", example=0.1, optional=True)
        min_count = checks.integer(min_count, "min_count")
        max_vocab = checks.integer(max_vocab, "max_vocab", optional=True)
        self.cell, self.dim, self.hidden, self.layers = cell, dim, hidden, layers
        self.dropout, self.init_range = dropout, init_range
        self.batch_size, self.bptt, self.min_count, self.max_vocab = batch_size, bptt, min_count, max_vocab
        # the one place the training settings are gathered (and checked, here rather than after a slow start)
        self.config = train_config(self.TRAINING, training_settings, "RecurrentLM")

    def __repr__(self) -> str:
        return f"RecurrentLM({self.cell!r}, dim={self.dim}, hidden={self.hidden}, layers={self.layers})"

    def fit(
        self,
        sentences: Iterable[Sequence[str]],
        vocab: Vocab | None = None,
        valid: Iterable[Sequence[str]] | None = None,
    ) -> RecurrentLM:
        """Train on ``sentences`` (validating on ``valid`` after every epoch if given); returns ``self``.

        The vocabulary is built from ``sentences`` unless one is given. With ``valid``, the weights of the
        best validation epoch are kept and ``lr_decay``/``patience`` act on the validation loss.
        """
        sentences = check_sentences(sentences, "training corpus")
        self.vocab_ = v = self._vocabulary(sentences, vocab)
        stream = lm_stream(v.encode_sentences(sentences, checked=True), v.eos_id)
        validate = None
        if valid is not None:
            valid_ids = v.encode_sentences(check_sentences(valid, "validation corpus"), checked=True)
            valid_stream = lm_stream(valid_ids, v.eos_id)
            validate = lambda net: stream_loss(net, valid_stream, self._eval_step)  # noqa: E731
        self.net_ = self._network(len(v))
        batches = StreamBatches(stream, self.batch_size, self.bptt)
        try:
            self.history_: History = fit(self.net_, batches, self._loss, self.config, valid=validate)
        except checks.TrainingDivergedError as exc:  # the restored model stays usable, with its history
            self.history_ = exc.history
            raise
        return self

    # what a stream model of another kind (the Transformer LM, notebook 10) changes
    _loss = staticmethod(recurrent_loss)

    def _network(self, vocab_size: int) -> nn.Module:
        return RNNLM(
            vocab_size, self.dim, self.hidden, self.layers, self.cell, self.dropout, self.config.seed, self.init_range
        )

    @property
    def _eval_step(self) -> int:
        """Tokens scored per forward call when a text is read as one stream (with the state carried)."""
        return self.bptt

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise ValueError(f"this {type(self).__name__} is not trained yet: call .fit(train_sentences) first")

    @torch.no_grad()
    def _stream_probs(self, ids: list[int] | torch.Tensor) -> np.ndarray:
        """p(ids[t] | ids[:t]) for t = 1 .. len(ids) − 1, from a fresh state, ``_eval_step`` tokens at a time."""
        net = self.net_.eval()
        device = next(net.parameters()).device
        stream = torch.as_tensor(ids, dtype=torch.int64)
        out, state = [], None
        step = self._eval_step
        for start in range(0, len(stream) - 1, step):
            x = stream[start : start + step]
            y = stream[start + 1 : start + step + 1]
            logits, state = net(x[: len(y), None].to(device), state)
            logp = torch.log_softmax(logits[:, 0].double(), dim=-1)  # float64: sums over long texts stay exact
            out.append(logp.gather(1, y[:, None].to(device))[:, 0].exp().cpu().numpy())
        return np.concatenate(out)

    def _token_probs(self, sentences: list[list[str]]) -> np.ndarray:
        v = self.vocab_
        return self._stream_probs(lm_stream(v.encode_sentences(sentences, checked=True), v.eos_id))

    @torch.no_grad()
    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v: the softmax after reading ``</s>`` and ``context`` from a fresh state.

        ``<s>`` is never a training target but keeps its row of the softmax: its probability is small, not 0.
        """
        self._check_fitted()
        v = self.vocab_
        ids = torch.tensor([v.eos_id, *v.encode(self._check_context(context))])
        net = self.net_.eval()
        logits, _ = net(ids[:, None].to(next(net.parameters()).device))
        return torch.softmax(logits[-1, 0].double(), dim=-1).cpu().numpy()
