"""GloVe: global vectors from weighted least squares on log co-occurrence counts (notebook 08).

Pennington, Socher & Manning (2014), as their paper and C code do it:

* **counts** (notebook 07): a symmetric window of 10 words, each pair weighted by 1/distance
  (:class:`course_utils.cooccurrence.Cooccurrence` with ``distance_weighting=True``).
* **model** (eq. 8.4): ``w_iᵀ w̃_j + b_i + b̃_j ≈ log X_ij`` for every pair with ``X_ij > 0``, with a word
  vector ``w`` and a context vector ``w̃`` per word and a bias for each.
* **objective** (eqs. 8.5-8.6): ``J = Σ f(X_ij) (w_iᵀ w̃_j + b_i + b̃_j − log X_ij)²`` with the weighting
  ``f(x) = min(1, (x / x_max)^α)`` (x_max = 100, α = 3/4): rare, noisy pairs count less, and frequent pairs
  do not dominate.
* **training**: AdaGrad on shuffled mini-batches of the non-zero entries (the paper's optimiser, with the
  C code's initial accumulator of 1 and its learning rate 0.05), or Adam; gradients written by hand
  (:func:`glove_loss_and_grads`, checked against autograd) and applied to the rows a batch touches only.
  The vectors are ``W + W̃`` (the paper's choice) or ``W`` alone.

:class:`GloVe` follows scikit-learn's habits: hyper-parameters in ``__init__``, ``fit(sentences)``, and the result
in ``wv_`` (a :class:`course_utils.embeddings.WordVectors`); :meth:`GloVe.from_cooccurrence` trains on counts made
once and shared.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from . import checks
from .cooccurrence import Cooccurrence, counting_settings
from .embeddings import WordVectors
from .text import check_word, check_words
from .tools.distributed import default_device
from .training import History


def weighting(x: np.ndarray | torch.Tensor, x_max: float = 100.0, alpha: float = 0.75):
    """GloVe's weighting function, eq. (8.6): ``f(x) = (x / x_max)^α`` below ``x_max``, 1 above (and f(0) = 0)."""
    checks.positive(x_max, "x_max", example=100)
    checks.positive(alpha, "alpha", example=0.75)
    if isinstance(x, torch.Tensor):
        return torch.clamp(x / x_max, max=1.0) ** alpha
    return np.minimum(np.asarray(x, dtype=np.float64) / x_max, 1.0) ** alpha


def cooccurrence_ratios(
    cooccurrence: Cooccurrence, i: str, j: str, probes: Sequence[str]
) -> list[tuple[str, float, float, float]]:
    """The paper's table 1 for any corpus: ``(k, P(k|i), P(k|j), P(k|i)/P(k|j))`` for each probe word k.

    ``P(k|i) = X_ik / Σ_k' X_ik'`` (eq. 8.1), from a fitted :class:`Cooccurrence`. The ratio is large for
    probes related to i only, small for probes related to j only, and near 1 for probes related to both or
    neither; it is ``inf`` or ``nan`` where the counts are 0. ``probes`` is a list of words (a string is refused,
    not read as its letters); a word outside the counts' vocabulary raises
    :class:`~course_utils.checks.UnknownWordError` (a ``KeyError`` and a ``ValueError``) that names it.
    """
    if not isinstance(cooccurrence, Cooccurrence):
        raise ValueError(f"cooccurrence must be a fitted Cooccurrence, got {type(cooccurrence).__name__}")
    cooccurrence.check_fitted()
    i, j = check_word(i, "word i"), check_word(j, "word j")
    probes = check_words(probes, "list of probe words")
    index = {w: n for n, w in enumerate(cooccurrence.words_)}
    missing = list(dict.fromkeys(w for w in (i, j, *probes) if w not in index))
    if missing:
        shown = ", ".join(repr(w if len(w) <= 40 else w[:39] + "…") for w in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise checks.UnknownWordError(
            f"not in the vocabulary of the co-occurrence matrix ({len(index)} words): {shown}{more}; "
            "check `word in cooccurrence.vocab_` first, or count with a lower min_count"
        )
    X = cooccurrence.matrix_
    rows = {w: X.getrow(index[w]) for w in (i, j)}
    totals = {w: rows[w].sum() for w in (i, j)}
    out = []
    for k in probes:
        p_i, p_j = (rows[w][0, index[k]] / totals[w] if totals[w] else 0.0 for w in (i, j))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(np.float64(p_i) / np.float64(p_j))
        out.append((k, float(p_i), float(p_j), ratio))
    return out


def glove_loss_and_grads(
    w: torch.Tensor, w_ctx: torch.Tensor, b: torch.Tensor, b_ctx: torch.Tensor, log_x: torch.Tensor, f: torch.Tensor
) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]]:
    """The GloVe loss (eq. 8.5) of a batch of non-zero entries and its gradients (eq. 8.7).

    ``w``, ``w_ctx`` (B, d) are the word and context vectors of the batch's (i, j) pairs, ``b``, ``b_ctx`` (B,)
    their biases, ``log_x`` (B,) = log X_ij and ``f`` (B,) = f(X_ij). With the error
    ``e = w·w̃ + b + b̃ − log X``, the loss is ``Σ f e²`` and, per entry, ``∂/∂w = 2 f e w̃``,
    ``∂/∂w̃ = 2 f e w``, ``∂/∂b = ∂/∂b̃ = 2 f e``. Returns ``(loss, (grad_w, grad_w_ctx, grad_b, grad_b_ctx))``.
    """
    error = (w * w_ctx).sum(1) + b + b_ctx - log_x
    fe = f * error
    loss = (fe * error).sum()
    g = 2 * fe
    return loss, (g[:, None] * w_ctx, g[:, None] * w, g, g)


def initial_parameters(V: int, d: int, generator: torch.Generator) -> list[torch.Tensor]:
    """W, W̃ (V, d) and b, b̃ (V,) as the GloVe C code starts them: uniform in ±0.5/d, drawn in that order
    from ``generator`` (what :class:`GloVe` uses; notebook 08 and the tests start the reference from it)."""
    return [(torch.rand(*shape, generator=generator) - 0.5) / d for shape in ((V, d), (V, d), (V,), (V,))]


class _RowOptimizer:
    """AdaGrad or (lazy) Adam on the rows of one parameter that a batch touches.

    AdaGrad is applied entry by entry as in the GloVe C code: each entry's step divides by the sums of
    squared gradients as they were before the batch (they start at 1), then its squared gradient is
    added; ``index_add_`` does both without sorting or a loop over entries. Adam needs one gradient per
    row, so it sums a batch's duplicates first.
    """

    def __init__(self, param: torch.Tensor, kind: str, lr: float):
        self.param, self.kind, self.lr, self.t = param, kind, lr, 0
        if kind == "adagrad":
            self.sq = torch.ones_like(param)
        else:
            self.m, self.v = torch.zeros_like(param), torch.zeros_like(param)

    def step(self, index: torch.Tensor, grads: torch.Tensor) -> None:
        if self.kind == "adagrad":
            # index_select rather than sq[index]: the same gather, several times faster on a CPU
            self.param.index_add_(0, index, grads.div(self.sq.index_select(0, index).sqrt_()).mul_(-self.lr))
            self.sq.index_add_(0, index, grads * grads)
            return
        rows, inverse = torch.unique(index, return_inverse=True)
        g = torch.zeros(len(rows), *grads.shape[1:], dtype=grads.dtype, device=grads.device).index_add_(
            0, inverse, grads
        )
        self.t += 1
        b1, b2, eps = 0.9, 0.999, 1e-8
        m = b1 * self.m[rows] + (1 - b1) * g
        v = b2 * self.v[rows] + (1 - b2) * g * g
        self.m[rows], self.v[rows] = m, v
        m_hat, v_hat = m / (1 - b1**self.t), v / (1 - b2**self.t)
        self.param[rows] -= self.lr * m_hat / (v_hat.sqrt() + eps)


class GloVe:
    """GloVe word vectors (notebook 08).

    ``dim``; the counting: ``window`` (symmetric, counts weighted by 1/distance), ``min_count``, ``max_vocab``;
    ``x_max`` and ``alpha`` of the weighting, ``epochs``, ``optimizer`` (``"adagrad"`` as in the paper, or
    ``"adam"``), ``lr`` (0.05 for AdaGrad, 0.01 for Adam by default), ``batch_size`` (non-zero entries per
    update), ``vectors`` (``"sum"``: W + W̃ as in the paper, or ``"word"``: W), ``seed``, ``device``, ``quiet``.
    """

    #: the hyper-parameters that belong to the counting, which :meth:`from_cooccurrence` takes from the counts
    COUNTING = ("window", "min_count", "max_vocab")

    def __init__(
        self,
        dim: int = 100,
        *,
        window: int = 10,
        min_count: int = 5,
        max_vocab: int | None = None,
        x_max: float = 100.0,
        alpha: float = 0.75,
        epochs: int = 25,
        optimizer: str = "adagrad",
        lr: float | None = None,
        batch_size: int = 4096,
        vectors: str = "sum",
        seed: int = 0,
        device: str | None = None,
        quiet: bool = True,
    ):
        checks.choice(optimizer, "optimizer", ("adagrad", "adam"))
        checks.choice(vectors, "vectors ('sum': W + W̃, 'word': W)", ("sum", "word"))
        sizes = {"dim": dim, "window": window, "epochs": epochs, "batch_size": batch_size, "min_count": min_count}
        for name, value in sizes.items():
            checks.integer(value, name)
        checks.integer(max_vocab, "max_vocab", optional=True)
        checks.positive(lr, "the learning rate lr", example=0.05 if optimizer == "adagrad" else 0.01, optional=True)
        checks.seed(seed)
        checks.device(device)
        weighting(1.0, x_max, alpha)  # validates x_max and alpha
        self.dim, self.window, self.min_count, self.max_vocab = dim, window, min_count, max_vocab
        self.x_max, self.alpha = x_max, alpha
        self.epochs, self.optimizer, self.batch_size, self.vectors = epochs, optimizer, batch_size, vectors
        self.lr = lr if lr is not None else (0.05 if optimizer == "adagrad" else 0.01)
        self.seed, self.device, self.quiet = seed, device, quiet

    def fit(self, sentences: Iterable[Sequence[str]]) -> GloVe:
        """Count ``sentences`` with this model's counting settings, then train; returns ``self``."""
        if isinstance(sentences, Cooccurrence):
            raise ValueError(
                "fit takes sentences; to reuse counts, use GloVe.from_cooccurrence(counts, ...), "
                "which takes window and min_count from the counts"
            )
        counts = Cooccurrence(
            self.window, distance_weighting=True, min_count=self.min_count, max_vocab=self.max_vocab
        ).fit(sentences)
        return self._fit_counts(counts)

    @classmethod
    def from_cooccurrence(cls, cooccurrence: Cooccurrence, **settings) -> GloVe:
        """A model trained on counts made once and shared: a fitted, symmetric, 1/distance-weighted
        :class:`Cooccurrence` (GloVe's counting, eq. 8.4's X).

        ``settings`` are the non-counting hyper-parameters (``dim``, ``x_max``, ``alpha``, ``epochs``, ...); the
        counting ones (:attr:`COUNTING`) come from the counts. Returns the trained model.
        """
        counting = counting_settings(cooccurrence, cls.COUNTING, settings, "GloVe")
        if not (cooccurrence.symmetric and cooccurrence.distance_weighting) or cooccurrence.window is None:
            raise ValueError(
                "GloVe counts a symmetric window with 1/distance weighting; make the counts with "
                "Cooccurrence(window, distance_weighting=True, min_count=...)"
            )
        return cls(**counting, **settings)._fit_counts(cooccurrence)

    def _fit_counts(self, cooccurrence: Cooccurrence) -> GloVe:
        self.cooccurrence_ = cooccurrence
        coo = self.cooccurrence_.matrix_.tocoo()
        if coo.nnz == 0:
            raise ValueError("the co-occurrence matrix is empty: no word has a context; use a larger corpus")
        device = torch.device(self.device) if self.device else default_device()
        V, d = self.cooccurrence_.matrix_.shape[0], self.dim
        g = torch.Generator().manual_seed(self.seed)
        params = initial_parameters(V, d, g)
        self.W_, self.W_ctx_, self.b_, self.b_ctx_ = (p.to(device) for p in params)
        rows = torch.from_numpy(coo.row.astype(np.int64))
        cols = torch.from_numpy(coo.col.astype(np.int64))
        log_x = torch.from_numpy(np.log(coo.data)).float()
        f = weighting(torch.from_numpy(coo.data).float(), self.x_max, self.alpha)
        opts = [_RowOptimizer(p, self.optimizer, self.lr) for p in (self.W_, self.W_ctx_, self.b_, self.b_ctx_)]
        self.history_ = History()
        from tqdm.auto import tqdm

        start = time.perf_counter()
        good: tuple[int, list[torch.Tensor]] | None = None  # (epoch, its starting vectors), restored on divergence
        for epoch in tqdm(range(1, self.epochs + 1), desc="GloVe", disable=self.quiet, leave=False):
            order = torch.randperm(coo.nnz, generator=g)
            shuffled = [t.index_select(0, order).to(device) for t in (rows, cols, log_x, f)]
            total = 0.0
            for n, s in enumerate(range(0, coo.nnz, self.batch_size), start=1):
                i, j, lx, fx = (t[s : s + self.batch_size] for t in shuffled)
                # index_select rather than W[i]: the same gather, several times faster on a CPU
                w, w_ctx = self.W_.index_select(0, i), self.W_ctx_.index_select(0, j)
                b, b_ctx = self.b_.index_select(0, i), self.b_ctx_.index_select(0, j)
                loss, grads = glove_loss_and_grads(w, w_ctx, b, b_ctx, lx, fx)
                batch_loss = float(loss)
                if not checks.sane_loss(batch_loss / len(i)):  # checked before the step, so no NaN is applied
                    where = f"epoch {epoch}, batch {n} of {-(-coo.nnz // self.batch_size)}"
                    self._diverged(good, where, batch_loss / len(i), start)
                if n == 1:  # the epoch's starting vectors gave a sane loss: they are the ones to restore
                    good = (epoch, [p.clone() for p in (self.W_, self.W_ctx_, self.b_, self.b_ctx_)])
                for opt, index, grad in zip(opts, (i, j, i, j), grads, strict=True):
                    opt.step(index, grad)
                total += batch_loss
            if not all(bool(torch.isfinite(p).all()) for p in (self.W_, self.W_ctx_, self.b_, self.b_ctx_)):
                # the last batch's step overflowed: its loss is only measured next epoch, so look at the weights
                self._diverged(good, f"the last batch of epoch {epoch}", float("inf"), start)
            self.history_.train_loss.append(total / coo.nnz)
            self.history_.examples.append(coo.nnz)
        self.history_.seconds = time.perf_counter() - start
        vectors = self.W_ + self.W_ctx_ if self.vectors == "sum" else self.W_
        self.wv_ = WordVectors(self.cooccurrence_.words_, vectors.cpu().numpy())
        return self

    def _diverged(self, good: tuple[int, list[torch.Tensor]] | None, where: str, loss: float, start: float) -> None:
        """Stop a diverged run: restore the last vectors whose loss was sane, set ``wv_`` and raise the error saying
        why. ``good`` is (epoch, the vectors it started from): the last epoch whose first batch had a sane loss."""
        epoch = 1
        if good is not None:  # else the loss of the initial vectors was not sane: nothing was changed yet
            epoch, kept = good
            for param, value in zip((self.W_, self.W_ctx_, self.b_, self.b_ctx_), kept, strict=True):
                param.copy_(value)
        self.history_.seconds = time.perf_counter() - start
        vectors = self.W_ + self.W_ctx_ if self.vectors == "sum" else self.W_
        self.wv_ = WordVectors(self.cooccurrence_.words_, vectors.cpu().numpy())
        restored = "the initial vectors are" if epoch == 1 else f"the vectors after epoch {epoch - 1} are"
        usual = "the paper's AdaGrad uses 0.05" if self.optimizer == "adagrad" else "Adam's default here is 0.01"
        raise checks.TrainingDivergedError(
            f"GloVe training diverged in {where}: the weighted squared error became {loss:.4g} per co-occurrence "
            f"entry, so training stopped and {restored} restored (in wv_). The learning rate is too large: lower lr "
            f"(now {self.lr:g}; try lr={self.lr / 10:g}; {usual})",
            self.history_,
        )

    def predict_log_counts(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The model's estimate of log X_ij, ``w_iᵀ w̃_j + b_i + b̃_j`` (eq. 8.4), for word-id arrays ``i``, ``j``."""
        i, j = torch.as_tensor(np.asarray(i)), torch.as_tensor(np.asarray(j))
        out = (self.W_[i] * self.W_ctx_[j]).sum(-1) + self.b_[i] + self.b_ctx_[j]
        return out.cpu().numpy()
