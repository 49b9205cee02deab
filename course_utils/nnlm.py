"""Bengio et al.'s (2003) neural probabilistic language model (notebook 03).

The model (eq. 3.1 of notebook 03; Bengio et al. 2003, section 2)::

    x = [C(w_{t-n+1}); ...; C(w_{t-1})]          the n-1 context words' embeddings, concatenated
    y = b + W x + U tanh(d + H x)                  logits over the vocabulary
    p(w_t | context) = softmax(y)[w_t]

``C`` is the |V| x m embedding table, ``H`` (h x (n-1)m) and ``d`` the hidden layer, ``U`` (|V| x h) the
output layer, ``W`` (|V| x (n-1)m) the optional direct connections and ``b`` the output bias. (The paper
lists the context newest first; we concatenate in reading order, which only permutes H's and W's columns.)

:class:`NNLM` is the ``torch.nn.Module``; :class:`NeuralLM` wraps it in the course's language-model
interface (:class:`~course_utils.lm.LanguageModel`, through the fixed-window
:class:`~course_utils.ngram.WindowLM`), so its perplexity is computed exactly like the n-gram models':
one ``</s>`` per sentence, ``<s>`` padding, ``<unk>`` an ordinary word, and ``<s>`` never predicted. It
trains with the course's one loop, :func:`course_utils.training.fit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import numpy as np
import torch
from torch import nn

from . import checks, training
from .ngram import WindowLM, _check_order, pad_stream
from .text import Vocab, check_sentences


class NNLM(nn.Module):
    """The network of Bengio et al. (2003), eq. (3.1): ``b + W x + U tanh(d + H x)``.

    ``context`` is n-1 (words of history), ``dim`` m, ``hidden`` h (the number of hidden *units*);
    ``direct=False`` drops W. Initialisation is seeded by ``seed`` without touching torch's global RNG.
    ``forbidden`` (a token id or None) gets logit -inf, so it is never predicted (the course uses it for ``<s>``).
    ``dropout`` zeroes that fraction of x and of the hidden units while training (Srivastava et al. 2014; not
    in Bengio et al., who used weight decay): a regulariser that lets a larger network fit PTB without
    overfitting it.
    """

    def __init__(
        self,
        vocab_size: int,
        context: int = 2,
        dim: int = 2,
        hidden: int = 10,
        direct: bool = True,
        seed: int = 0,
        forbidden: int | None = None,
        dropout: float = 0.0,
    ):
        super().__init__()
        if min(vocab_size, context, dim, hidden) < 1:
            raise ValueError(
                f"vocab_size, context, dim and hidden must all be >= 1, got {vocab_size}, {context}, {dim}, {hidden}"
            )
        self.context, self.forbidden = context, forbidden
        self.drop = nn.Dropout(checks.between(dropout, "dropout", 0, 1, high_in=False))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.C = nn.Embedding(vocab_size, dim)
            self.H = nn.Linear(context * dim, hidden, bias=False)
            self.d = nn.Parameter(torch.zeros(hidden))
            self.U = nn.Linear(hidden, vocab_size, bias=False)
            self.W = nn.Linear(context * dim, vocab_size, bias=False) if direct else None
            self.b = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of shape (batch, |V|) for context ids of shape (batch, n-1)."""
        if x.dim() != 2 or x.shape[1] != self.context:
            raise ValueError(f"expected context ids of shape (batch, {self.context}), got {tuple(x.shape)}")
        e = self.drop(self.C(x).reshape(x.shape[0], -1))  # (batch, (n-1) m)
        y = self.b + self.U(self.drop(torch.tanh(self.d + self.H(e))))
        if self.W is not None:
            y = y + self.W(e)
        if self.forbidden is not None:
            y[:, self.forbidden] = float("-inf")  # in place: no op has saved y for its backward pass
        return y

    def n_parameters(self) -> int:
        """Number of trainable numbers: |V|m + h(n-1)m + h + |V|h (+ |V|(n-1)m with W) + |V|."""
        return sum(p.numel() for p in self.parameters())


def context_dataset(
    sentences: Sequence[np.ndarray], order: int, bos_id: int = 1, eos_id: int = 2
) -> tuple[torch.Tensor, torch.Tensor]:
    """Every predicted token of id sentences with its n-1 previous ids (``<s>`` padded), as tensors.

    Returns ``(contexts (N, n-1), targets (N,))``; N counts every word and one ``</s>`` per sentence.
    """
    order = _check_order(order)
    if order < 2:
        raise ValueError("a neural language model needs at least one word of context: order >= 2")
    stream, predicted, _ = pad_stream(sentences, order, bos_id, eos_id)
    grams = stream[predicted[:, None] + np.arange(-(order - 1), 1)]
    return torch.from_numpy(grams[:, :-1].copy()), torch.from_numpy(grams[:, -1].copy())


def next_word_loss(
    net: nn.Module, batch: tuple[torch.Tensor, torch.Tensor], state: None, reduction: str = "mean"
) -> tuple[torch.Tensor, None]:
    """The NNLM's loss for :func:`course_utils.training.fit`: cross-entropy of each context's next word.

    ``batch`` is ``(contexts (B, n-1), targets (B,))``; a window model carries no state (None).
    """
    contexts, targets = batch
    return training.cross_entropy(net(contexts), targets, reduction), None


class NeuralLM(WindowLM):
    """Bengio's NNLM behind the course's language-model interface (notebook 03).

    Hyper-parameters: ``order`` n (n-1 words of context), ``dim`` m (the embedding size), ``hidden`` h,
    ``direct`` (the W connections), ``dropout`` (see :class:`NNLM`), ``batch_size``, ``min_count`` and
    ``max_vocab``; any other keyword is a setting of the training loop (``epochs``, ``lr``, ``seed``, ... of
    :class:`~course_utils.training.TrainConfig`, the NNLM's defaults in :attr:`TRAINING`), gathered in
    ``config``. ``fit(train, valid=...)`` keeps the weights of the best validation epoch; the network is
    ``net_`` and the training curve ``history_``.
    """

    #: the training loop's settings unless given: Adam, 5 epochs
    TRAINING: ClassVar[dict[str, Any]] = {"epochs": 5, "lr": 1e-3, "optimizer": "adam", "desc": "NNLM"}

    def __init__(
        self,
        order: int = 3,
        *,
        dim: int = 30,
        hidden: int = 50,
        direct: bool = True,
        dropout: float = 0.0,
        batch_size: int = 64,
        min_count: int = 1,
        max_vocab: int | None = None,
        **training_settings,
    ):
        super().__init__(order, min_count=min_count, max_vocab=max_vocab)
        if self.order < 2:
            raise ValueError("a neural language model needs at least one word of context: order >= 2")
        for name, value in (("dim", dim), ("hidden", hidden), ("batch_size", batch_size)):
            checks.integer(value, name)
        self.dim, self.hidden, self.direct, self.batch_size = dim, hidden, direct, batch_size
        self.dropout = checks.between(dropout, "dropout", 0, 1, high_in=False)
        # checked now, not after the data are built
        self.config = training.train_config(self.TRAINING, training_settings, "NeuralLM")

    def fit(
        self,
        sentences: Iterable[Sequence[str]],
        vocab: Vocab | None = None,
        valid: Iterable[Sequence[str]] | None = None,
    ):
        """Train on ``sentences`` (validating on ``valid`` after each epoch if given); returns ``self``."""
        sentences = check_sentences(sentences, "training corpus")
        valid = None if valid is None else check_sentences(valid, "validation corpus")
        self.vocab_ = v = self._vocabulary(sentences, vocab)
        x, y = context_dataset(v.encode_sentences(sentences, checked=True), self.order, v.bos_id, v.eos_id)
        batches = training.ShuffledBatches(x, y, self.batch_size)
        validate = None
        if valid is not None:
            valid_data = context_dataset(v.encode_sentences(valid, checked=True), self.order, v.bos_id, v.eos_id)
            validate = lambda net: training.mean_loss(net, *valid_data)  # noqa: E731
        self.net_ = NNLM(
            len(v), self.order - 1, self.dim, self.hidden, self.direct, self.config.seed, v.bos_id, self.dropout
        )
        try:
            self.history_: training.History = training.fit(self.net_, batches, next_word_loss, self.config, validate)
        except checks.TrainingDivergedError as exc:  # the restored model stays usable, with its history
            self.history_ = exc.history
            raise
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise ValueError("this NeuralLM is not trained yet: call .fit(train_sentences) first")

    @torch.no_grad()
    def _prob_ids(self, grams: np.ndarray, batch_size: int = 512) -> np.ndarray:
        # batches of a few hundred rows: (batch x |V|) buffers that the allocator can reuse are several
        # times faster than huge ones on a CPU (measured: 2.8 s vs 15 s for PTB's validation set)
        device = next(self.net_.parameters()).device
        x = torch.from_numpy(np.ascontiguousarray(grams[:, :-1], dtype=np.int64))
        y = torch.from_numpy(np.ascontiguousarray(grams[:, -1], dtype=np.int64))
        out = np.empty(len(grams))
        for start in range(0, len(grams), batch_size):
            logp = torch.log_softmax(self.net_(x[start : start + batch_size].to(device)), dim=1)
            picked = logp.gather(1, y[start : start + batch_size, None].to(device))[:, 0]
            out[start : start + batch_size] = np.exp(picked.double().cpu().numpy())
        return out

    def embedding(self) -> np.ndarray:
        """The learned word vectors C, one row per vocabulary id (|V| x m)."""
        self._check_fitted()
        return self.net_.C.weight.detach().cpu().numpy().copy()
