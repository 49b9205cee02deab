"""N-gram counting and the fixed-window language models (notebook 01).

A language model gives a sentence ``w_1 .. w_m`` the probability of the chain rule (eq. 1.1 of the
notebook; the interface is :class:`course_utils.lm.LanguageModel`), and an n-gram model makes the Markov
assumption (eq. 1.2) that only the last ``n - 1`` words matter:
``p(w_i | w_1 .. w_{i-1}) ~= p(w_i | w_{i-n+1} .. w_{i-1})``, with ``<s>`` padding before the first word.
The maximum-likelihood estimate (eq. 1.3) is the relative frequency ``c(h w) / sum_v c(h v)``.

:class:`NGramCounts` counts every n-gram of orders 1..n of a corpus with numpy in one pass per order
(whole-PTB 5-grams in about a second). :class:`WindowLM` is a language model that reads a fixed window
of ``n - 1`` words; it supplies the interface from one vectorised method, ``_prob_ids``. :class:`NGramLM`
is a window model estimated from counts: :class:`MLE` here and every smoothed model of notebook 02.
Bengio's neural model (notebook 03, :class:`course_utils.nnlm.NeuralLM`) is a window model too.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Sequence

import numpy as np

from . import checks
from .lm import LanguageModel
from .text import Vocab, check_sentences, check_word


def lookup(table: np.ndarray, ids: np.ndarray, default: float = 0) -> np.ndarray:
    """``table[ids]``, with ``default`` where ``ids`` is -1 (a window never seen)."""
    return np.where(ids >= 0, table[np.maximum(ids, 0)], default)


def _check_order(order: object) -> int:
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 1:
        raise ValueError(f"the n-gram order n must be an integer >= 1 (1 = unigram, 2 = bigram, ...), got {order!r}")
    return int(order)


def pad_stream(sentences: Sequence[np.ndarray], order: int, bos_id: int, eos_id: int):
    """Concatenate id sentences as ``<s>``*(n-1) w_1 .. w_m ``</s>`` each.

    Returns ``(stream, predicted, start)``: the id stream, the positions of predicted tokens (every
    word and each ``</s>``, never the padding), and for every position the index where its sentence's
    padding begins, so no n-gram window crosses a sentence boundary.
    """
    pad = order - 1
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences)) + 1
    n_sent = len(lengths)
    region = lengths + pad
    offsets = np.concatenate([[0], np.cumsum(region)[:-1]])
    stream = np.full(int(region.sum()), bos_id, dtype=np.int64)
    sent_of_token = np.repeat(np.arange(n_sent), lengths)
    predicted = np.arange(int(lengths.sum())) + pad * (sent_of_token + 1)
    flat = np.concatenate([np.append(np.asarray(s, dtype=np.int64), eos_id) for s in sentences])
    stream[predicted] = flat
    start = np.repeat(offsets, region)
    return stream, predicted, start


class NGramCounts:
    """Counts of every n-gram of orders 1..``order`` in a corpus of id sentences.

    Each sentence is padded as ``<s>``*(order-1) w_1 .. w_m ``</s>``; an n-gram of order k is a predicted
    token with the k-1 tokens before it. So for every order k the counts sum to the number of predicted
    tokens ``n_tokens`` (words plus one ``</s>`` per sentence), and c(``<s>``) = 0.

    Storage: a window of k tokens gets a dense id; windows of one token are their token id, and a window
    of k tokens is keyed by ``id(first k-1 tokens) * V + last token``. ``keys[k]`` holds the sorted keys of
    all windows of k tokens that occur (as n-grams or as histories), ``counts[k]`` their n-gram counts.
    Looking up any batch of n-grams is k ``searchsorted`` calls.
    """

    def __init__(self, sentences: Sequence[np.ndarray], order: int, vocab_size: int, bos_id: int = 1, eos_id: int = 2):
        self.order = _check_order(order)
        self.V = int(vocab_size)
        if len(sentences) == 0:
            raise ValueError("cannot count n-grams of an empty corpus: give at least one sentence")
        stream, predicted, start = pad_stream(sentences, self.order, bos_id, eos_id)
        if stream.size and (stream.min() < 0 or stream.max() >= self.V):
            raise ValueError(f"token ids must lie in [0, {self.V}); got {stream.min()}..{stream.max()}")
        self.n_tokens = int(predicted.size)
        self.n_sentences = len(sentences)
        self.keys: dict[int, np.ndarray] = {}
        self.counts: dict[int, np.ndarray] = {1: np.bincount(stream[predicted], minlength=self.V)}
        positions = np.arange(stream.size)
        window = stream  # dense ids of the windows ending at each position (k = 1: the token ids)
        for k in range(2, self.order + 1):
            valid = positions - (k - 1) >= start
            prev = np.empty_like(window)
            prev[1:] = window[:-1]
            key = prev[valid] * self.V + stream[valid]
            self.keys[k], inverse = np.unique(key, return_inverse=True)
            window = np.full(stream.size, -1, dtype=np.int64)
            window[valid] = inverse.reshape(-1)
            self.counts[k] = np.bincount(window[predicted], minlength=self.keys[k].size)
        # c(h .) = sum_v c(h v): how often each history of k-1 tokens is followed by something
        self.context_totals: dict[int, np.ndarray] = {1: np.array([self.n_tokens])}
        for k in range(2, self.order + 1):
            self.context_totals[k] = np.bincount(
                self.keys[k] // self.V, weights=self.counts[k], minlength=self.n_windows(k - 1)
            ).astype(np.int64)

    def truncated(self, order: int) -> NGramCounts:
        """The same counts up to a lower order (they do not depend on the padding of higher orders).

        Lets several models of different orders share one counting pass (notebook 02's tables).
        """
        if not 1 <= order <= self.order:
            raise ValueError(f"can truncate to orders 1..{self.order}, not {order}")
        out = object.__new__(NGramCounts)
        out.__dict__.update(self.__dict__)
        out.order = order
        out.keys = {k: v for k, v in self.keys.items() if k <= order}
        out.counts = {k: v for k, v in self.counts.items() if k <= order}
        out.context_totals = {k: v for k, v in self.context_totals.items() if k <= order}
        return out

    def n_windows(self, k: int) -> int:
        """Number of distinct windows of k tokens (k = 1: the vocabulary size)."""
        return self.V if k == 1 else int(self.keys[k].size)

    def index(self, grams: np.ndarray) -> np.ndarray:
        """Dense window ids of the rows of ``grams`` (shape ``(m, k)``, token ids); -1 where never seen."""
        grams = np.asarray(grams, dtype=np.int64)
        if grams.ndim != 2 or not 1 <= grams.shape[1] <= self.order:
            raise ValueError(f"grams must have shape (m, k) with 1 <= k <= {self.order}, got {grams.shape}")
        ids = grams[:, 0].copy()
        for k in range(2, grams.shape[1] + 1):
            keys = self.keys[k]
            key = ids * self.V + grams[:, k - 1]
            pos = np.minimum(np.searchsorted(keys, key), keys.size - 1)
            found = (ids >= 0) & (keys[pos] == key)
            ids = np.where(found, pos, -1)
        return ids

    def count(self, grams: np.ndarray) -> np.ndarray:
        """n-gram counts c(w_1 .. w_k) of the rows of ``grams`` (0 where never seen)."""
        grams = np.atleast_2d(np.asarray(grams, dtype=np.int64))
        return lookup(self.counts[grams.shape[1]], self.index(grams))

    def context_total(self, histories: np.ndarray) -> np.ndarray:
        """c(h .) for the rows of ``histories`` (shape ``(m, k-1)``; k-1 may be 0): 0 for unseen histories."""
        histories = np.asarray(histories, dtype=np.int64)
        if histories.shape[1] == 0:
            return np.full(histories.shape[0], self.n_tokens)
        return lookup(self.context_totals[histories.shape[1] + 1], self.index(histories))

    def tokens(self, k: int, ids: np.ndarray | None = None) -> np.ndarray:
        """Token ids of windows of k tokens (all of them if ``ids`` is None), shape ``(m, k)``."""
        cur = np.arange(self.n_windows(k)) if ids is None else np.asarray(ids, dtype=np.int64)
        out = np.empty((cur.size, k), dtype=np.int64)
        for j in range(k, 1, -1):
            key = self.keys[j][cur]
            out[:, j - 1] = key % self.V
            cur = key // self.V
        out[:, 0] = cur
        return out

    def ngrams(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """All n-grams of order k that occur: ``(tokens (m, k), counts (m,))``, in key order."""
        _check_order(k)
        if k > self.order:
            raise ValueError(f"these counts go up to order {self.order}, not {k}")
        seen = np.flatnonzero(self.counts[k])
        return self.tokens(k, seen), self.counts[k][seen]

    def n_types(self, k: int) -> int:
        """Number of distinct n-grams of order k (count > 0)."""
        return int(np.count_nonzero(self.counts[k]))


class WindowLM(LanguageModel):
    """A language model that reads the last ``n - 1`` words (the Markov assumption, eq. 1.2; notebook 01).

    Hyper-parameters: ``order`` n, and for a vocabulary built by ``fit``, ``min_count`` / ``max_vocab``.
    Subclasses supply ``_prob_ids`` (p(w | h) for a batch of id windows ``[h_1 .. h_{n-1}, w]``) and a
    ``fit`` that sets ``vocab_``; this class builds ``prob``, ``next_probs`` and ``_token_probs`` from it,
    and :class:`~course_utils.lm.LanguageModel` the rest. Contexts are the words before the predicted
    one; a context shorter than n-1 words is the start of a sentence (``<s>`` padding is added), a longer
    one is an error.
    """

    def __init__(self, order: int = 2, *, min_count: int = 1, max_vocab: int | None = None):
        self.order = _check_order(order)
        self.min_count = checks.integer(min_count, "min_count")
        self.max_vocab = checks.integer(max_vocab, "max_vocab", optional=True)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(order={self.order})"

    @property
    def context_size(self) -> int:  # type: ignore[override]
        """n - 1: how many previous words the model reads."""
        return self.order - 1

    @abstractmethod
    def _prob_ids(self, grams: np.ndarray) -> np.ndarray:
        """p(w | h) for every row ``[h_1 .. h_{n-1}, w]`` of ``grams`` (token ids, shape ``(m, n)``)."""

    # ------------------------------------------------------------------ contexts and grams
    def _context_ids(self, context: Sequence[str]) -> np.ndarray:
        context = self._check_context(context)
        n = self.order
        if len(context) > n - 1:
            raise ValueError(
                f"the context has {len(context)} words but a {n}-gram model looks at most {n - 1} back; "
                f"pass only the last {n - 1} (context[-{n - 1}:])"
                if n > 1
                else f"the context has {len(context)} words but a unigram model uses none; pass context=()"
            )
        ids = [self.vocab_.bos_id] * (n - 1 - len(context)) + [self.vocab_.index(w) for w in context]
        return np.array(ids, dtype=np.int64)

    def _grams(self, sentences: list[list[str]]) -> np.ndarray:
        """Every predicted token of (checked) ``sentences`` with its n-1 history, shape ``(tokens, n)``."""
        ids = self.vocab_.encode_sentences(sentences, checked=True)
        stream, predicted, _ = pad_stream(ids, self.order, self.vocab_.bos_id, self.vocab_.eos_id)
        return stream[predicted[:, None] + np.arange(-(self.order - 1), 1)]

    # ------------------------------------------------------------------ the interface, from _prob_ids
    def _token_probs(self, sentences: list[list[str]]) -> np.ndarray:
        return self._prob_ids(self._grams(sentences))

    def prob(self, word: str, context: Sequence[str] = ()) -> float:
        """p(word | context) under the model (eq. 1.3 for MLE), from one window, not the whole vocabulary."""
        self._check_fitted()
        check_word(word)
        gram = np.append(self._context_ids(context), self.vocab_.index(word))[None, :]
        return float(self._prob_ids(gram)[0])

    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v of the vocabulary, as one array (``<s>`` always 0)."""
        self._check_fitted()
        ctx = self._context_ids(context)
        grams = np.column_stack([np.tile(ctx, (len(self.vocab_), 1)), np.arange(len(self.vocab_))])
        probs = self._prob_ids(grams)
        probs[self.vocab_.bos_id] = 0.0
        return probs


class NGramLM(WindowLM):
    """A window model estimated from n-gram counts (notebooks 01 and 02): :class:`MLE` and every smoothed model.

    :meth:`fit` counts the n-grams of sentences (lists of str tokens), or :meth:`fit_counts` takes counts
    made once for several models; subclasses turn ``counts_`` into probabilities in ``_prob_ids``.
    """

    # ------------------------------------------------------------------ fitting
    def fit(self, sentences: Iterable[Sequence[str]], vocab: Vocab | None = None):
        """Count the n-grams of ``sentences`` (a list of token lists); returns ``self``.

        The vocabulary is built from ``sentences`` unless one is given; other words become ``<unk>``.
        """
        sentences = check_sentences(sentences, "training corpus")
        vocab = self._vocabulary(sentences, vocab)
        ids = vocab.encode_sentences(sentences, checked=True)
        counts = NGramCounts(ids, self.order, len(vocab), vocab.bos_id, vocab.eos_id)
        return self._use_counts(counts, vocab)

    def fit_counts(self, counts: NGramCounts, vocab: Vocab):
        """Fit from n-grams already counted (of this order or higher, with this vocabulary); returns self.

        Several models can share one counting pass: ``Model(3).fit_counts(counts5, vocab)``.
        """
        return self._use_counts(counts, vocab)

    def _use_counts(self, counts: NGramCounts, vocab: Vocab):
        if counts.V != len(vocab):
            raise ValueError(f"the counts were made with a vocabulary of {counts.V} tokens, not {len(vocab)}")
        self.vocab_ = vocab
        self.counts_ = counts if counts.order == self.order else counts.truncated(self.order)
        self._fit_counts()
        return self

    def _fit_counts(self) -> None:
        """Hook for subclasses: precompute what ``_prob_ids`` needs from ``self.counts_``."""

    def _check_fitted(self) -> None:
        if not hasattr(self, "counts_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call .fit(train_sentences) first")

    def count(self, ngram: Sequence[str]) -> int:
        """Training count c(w_1 .. w_k) of an n-gram of k <= order words (``<s>`` counts as padding)."""
        self._check_fitted()
        ngram = ngram if isinstance(ngram, str) else list(ngram)
        if isinstance(ngram, str) or not 1 <= len(ngram) <= self.order:
            raise ValueError(f"give the n-gram as a list of 1 to {self.order} words, got {ngram!r}")
        return int(self.counts_.count(np.array([self.vocab_.encode(ngram)]))[0])


class MLE(NGramLM):
    """Maximum-likelihood n-gram model: p(w | h) = c(h w) / c(h .) (eq. 1.3; notebook 01).

    Unseen n-grams get probability 0, and an unseen history has no distribution at all (0/0, scored
    as 0): perplexity becomes infinite as soon as one test n-gram is new. That is the sparsity problem
    the smoothing methods of notebook 02 solve.
    """

    def _prob_ids(self, grams: np.ndarray) -> np.ndarray:
        c = self.counts_.count(grams).astype(np.float64)
        total = self.counts_.context_total(grams[:, :-1]).astype(np.float64)
        return np.divide(c, total, out=np.zeros_like(c), where=total > 0)


def unseen_share(model: NGramLM, sentences: Iterable[Sequence[str]], k: int | None = None) -> float:
    """Share of the order-k n-grams of ``sentences`` never seen in the model's training data.

    ``k`` defaults to the model's order; these are exactly the tokens an MLE model of order k
    gives probability 0 (notebook 01).
    """
    model._check_fitted()
    k = model.order if k is None else _check_order(k)
    if k > model.order:
        raise ValueError(f"the model counted n-grams up to order {model.order}, not {k}")
    grams = model._grams(check_sentences(sentences, "evaluation corpus"))[:, model.order - k :]
    return float(np.mean(model.counts_.count(grams) == 0))
