"""Bengio et al.'s (2003) neural probabilistic language model (notebook 03).

The model (eq. 3.1 of notebook 03; Bengio et al. 2003, section 2)::

    x = [C(w_{t-n+1}); ...; C(w_{t-1})]          the n-1 context words' embeddings, concatenated
    y = b + W x + U tanh(d + H x)                  logits over the vocabulary
    p(w_t | context) = softmax(y)[w_t]

``C`` is the |V| x m embedding table, ``H`` (h x (n-1)m) and ``d`` the hidden layer, ``U`` (|V| x h) the
output layer, ``W`` (|V| x (n-1)m) the optional direct connections and ``b`` the output bias. (The paper
lists the context newest first; we concatenate in reading order, which only permutes H's and W's columns.)

:class:`NNLM` is the ``torch.nn.Module``; :class:`NeuralLM` wraps it in the course's language-model
interface (``fit``, ``prob``, ``perplexity``, ``generate`` ... from :class:`~course_utils.ngram.NGramLM`),
so its perplexity is computed exactly like the n-gram models': one ``</s>`` per sentence, ``<s>``
padding, ``<unk>`` an ordinary word, and ``<s>`` never predicted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import torch
from torch import nn

from .ngram import NGramLM, _check_order, pad_stream
from .text import Vocab, check_sentences
from .training import History, default_device, train


class NNLM(nn.Module):
    """The network of Bengio et al. (2003), eq. (3.1): ``b + W x + U tanh(d + H x)``.

    ``context`` is n-1 (words of history), ``embed_dim`` m, ``hidden`` h (the number of hidden *units*);
    ``direct=False`` drops W. Initialisation is seeded by ``seed`` without touching torch's global RNG.
    ``forbidden`` (a token id or None) gets logit -inf, so it is never predicted (the course uses it for ``<s>``).
    """

    def __init__(
        self,
        vocab_size: int,
        context: int = 2,
        embed_dim: int = 2,
        hidden: int = 10,
        direct: bool = True,
        seed: int = 0,
        forbidden: int | None = None,
    ):
        super().__init__()
        if min(vocab_size, context, embed_dim, hidden) < 1:
            raise ValueError(
                f"vocab_size, context, embed_dim and hidden must all be >= 1, got {vocab_size}, {context}, "
                f"{embed_dim}, {hidden}"
            )
        self.context, self.forbidden = context, forbidden
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.C = nn.Embedding(vocab_size, embed_dim)
            self.H = nn.Linear(context * embed_dim, hidden, bias=False)
            self.d = nn.Parameter(torch.zeros(hidden))
            self.U = nn.Linear(hidden, vocab_size, bias=False)
            self.W = nn.Linear(context * embed_dim, vocab_size, bias=False) if direct else None
            self.b = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of shape (batch, |V|) for context ids of shape (batch, n-1)."""
        if x.dim() != 2 or x.shape[1] != self.context:
            raise ValueError(f"expected context ids of shape (batch, {self.context}), got {tuple(x.shape)}")
        e = self.C(x).reshape(x.shape[0], -1)  # (batch, (n-1) m)
        y = self.b + self.U(torch.tanh(self.d + self.H(e)))
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


class NeuralLM(NGramLM):
    """Bengio's NNLM behind the course's language-model interface (notebook 03).

    Hyper-parameters: ``order`` n (n-1 words of context), ``embed_dim`` m, ``hidden`` h, ``direct``
    (the W connections), and for training ``epochs``, ``batch_size``, ``lr``, ``optimizer``,
    ``weight_decay``, ``lr_decay``, ``clip``, ``patience``, ``seed``, ``device`` and ``quiet`` (see
    :func:`course_utils.training.train`). ``fit(train, valid=...)`` keeps the weights of the
    best validation epoch; the training curve is in ``history_``.
    """

    def __init__(
        self,
        order: int = 3,
        *,
        embed_dim: int = 30,
        hidden: int = 50,
        direct: bool = True,
        epochs: int = 5,
        batch_size: int = 64,
        lr: float = 1e-3,
        optimizer: str = "adam",
        weight_decay: float = 0.0,
        lr_decay: float | None = None,
        clip: float | None = None,
        patience: int | None = None,
        seed: int = 0,
        device: str | None = None,
        quiet: bool = True,
        min_count: int = 1,
        max_vocab: int | None = None,
    ):
        super().__init__(order, min_count=min_count, max_vocab=max_vocab)
        if self.order < 2:
            raise ValueError("a neural language model needs at least one word of context: order >= 2")
        self.embed_dim, self.hidden, self.direct = embed_dim, hidden, direct
        self.epochs, self.batch_size, self.lr, self.optimizer = epochs, batch_size, lr, optimizer
        self.weight_decay, self.lr_decay = weight_decay, lr_decay
        self.clip, self.patience, self.seed, self.device, self.quiet = clip, patience, seed, device, quiet

    def fit(
        self,
        sentences: Iterable[Sequence[str]],
        vocab: Vocab | None = None,
        valid: Iterable[Sequence[str]] | None = None,
    ):
        """Train on ``sentences`` (validating on ``valid`` after each epoch if given); returns ``self``."""
        sentences = check_sentences(sentences, "training corpus")
        self.vocab_ = v = self._vocabulary(sentences, vocab)
        data = context_dataset(v.encode_sentences(sentences), self.order, v.bos_id, v.eos_id)
        valid_data = None
        if valid is not None:
            valid_ids = v.encode_sentences(check_sentences(valid, "validation corpus"))
            valid_data = context_dataset(valid_ids, self.order, v.bos_id, v.eos_id)
        self.net_ = NNLM(len(v), self.order - 1, self.embed_dim, self.hidden, self.direct, self.seed, v.bos_id)
        self.history_: History = train(
            self.net_,
            data,
            valid_data,
            epochs=self.epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            optimizer=self.optimizer,
            weight_decay=self.weight_decay,
            lr_decay=self.lr_decay,
            clip=self.clip,
            patience=self.patience,
            seed=self.seed,
            device=self.device or default_device(),
            quiet=self.quiet,
            desc="NNLM",
        )
        self.net_.eval()
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
