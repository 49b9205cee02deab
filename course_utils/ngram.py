"""N-gram counting and the language-model interface every model of the course shares (notebook 01).

A language model gives a sentence ``w_1 .. w_m`` the probability of the chain rule (eq. 1.1 of the
notebook)::

    p(w_1 .. w_m) = prod_{i=1}^{m+1} p(w_i | w_1 .. w_{i-1}),      w_{m+1} = </s>

and an n-gram model makes the Markov assumption (eq. 1.2) that only the last ``n - 1`` words matter:
``p(w_i | w_1 .. w_{i-1}) ~= p(w_i | w_{i-n+1} .. w_{i-1})``, with ``<s>`` padding before the first word.
The maximum-likelihood estimate (eq. 1.3) is the relative frequency ``c(h w) / sum_v c(h v)``.

:class:`NGramCounts` counts every n-gram of orders 1..n of a corpus with numpy in one pass per order
(whole-PTB 5-grams in about a second), and :class:`NGramLM` is the interface (``fit``, ``prob``,
``logprob``, ``perplexity``, ``evaluate``, ``next_distribution``, ``generate``) that :class:`MLE` here
and every smoothed model of notebook 02 implement by supplying one vectorised method, ``_prob_ids``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .text import EOS, Vocab, check_sentences


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


@dataclass(frozen=True)
class Evaluation:
    """What :meth:`NGramLM.evaluate` measured on a set of sentences."""

    sentences: int
    tokens: int  # predicted tokens: words + one </s> per sentence
    oov: int  # words outside the vocabulary (scored as <unk>)
    zero_prob: int  # tokens the model gave probability 0
    log_prob: float  # natural log of p(all sentences); -inf if any token has probability 0
    perplexity: float  # exp(-log_prob / tokens); inf if any token has probability 0

    @property
    def cross_entropy_bits(self) -> float:
        """Average negative log2 probability per token, log2(perplexity)."""
        return -self.log_prob / self.tokens / math.log(2)


class NGramLM:
    """The interface of every n-gram language model in the course (notebooks 01 and 02).

    Hyper-parameters go to ``__init__`` (``order`` n, and for the vocabulary ``min_count`` / ``max_vocab``);
    :meth:`fit` learns from sentences (lists of str tokens). Subclasses implement ``_prob_ids``.
    Contexts are the words before the predicted one; a context shorter than n-1 words is the start
    of a sentence (``<s>`` padding is added), a longer one is an error.
    """

    #: a proper probability distribution over the next word (False for scores such as stupid back-off)
    is_distribution = True

    def __init__(self, order: int = 2, *, min_count: int = 1, max_vocab: int | None = None):
        self.order = _check_order(order)
        self.min_count = min_count
        self.max_vocab = max_vocab

    def __repr__(self) -> str:
        return f"{type(self).__name__}(order={self.order})"

    # ------------------------------------------------------------------ fitting
    def fit(self, sentences: Iterable[Sequence[str]], vocab: Vocab | None = None):
        """Count the n-grams of ``sentences`` (a list of token lists); returns ``self``.

        The vocabulary is built from ``sentences`` unless one is given; other words become ``<unk>``.
        """
        sentences = check_sentences(sentences, "training corpus")
        self.vocab_ = self._vocabulary(sentences, vocab)
        ids = self.vocab_.encode_sentences(sentences)
        counts = NGramCounts(ids, self.order, len(self.vocab_), self.vocab_.bos_id, self.vocab_.eos_id)
        return self._use_counts(counts, self.vocab_)

    def _vocabulary(self, sentences: list[list[str]], vocab: Vocab | None) -> Vocab:
        """``vocab`` if given (used as it is: min_count and max_vocab only shape a vocabulary built
        here), else the vocabulary of the training ``sentences``."""
        if vocab is not None and not isinstance(vocab, Vocab):
            raise ValueError(f"vocab must be a text.Vocab (e.g. another model's .vocab_), got {type(vocab).__name__}")
        return vocab if vocab is not None else Vocab.build(sentences, self.min_count, self.max_vocab)

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

    def _prob_ids(self, grams: np.ndarray) -> np.ndarray:
        """p(w | h) for every row ``[h_1 .. h_{n-1}, w]`` of ``grams`` (token ids, shape ``(m, n)``)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ contexts and grams
    def _context_ids(self, context: Sequence[str]) -> np.ndarray:
        if isinstance(context, str):
            raise ValueError("context must be a list of words, e.g. ['I', 'am'], not one string; split it first")
        context = list(context)
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
        """Every predicted token of ``sentences`` with its n-1 history, shape ``(tokens, n)``."""
        ids = self.vocab_.encode_sentences(sentences)
        stream, predicted, _ = pad_stream(ids, self.order, self.vocab_.bos_id, self.vocab_.eos_id)
        return stream[predicted[:, None] + np.arange(-(self.order - 1), 1)]

    # ------------------------------------------------------------------ the interface
    def count(self, ngram: Sequence[str]) -> int:
        """Training count c(w_1 .. w_k) of an n-gram of k <= order words (``<s>`` counts as padding)."""
        self._check_fitted()
        ngram = ngram if isinstance(ngram, str) else list(ngram)
        if isinstance(ngram, str) or not 1 <= len(ngram) <= self.order:
            raise ValueError(f"give the n-gram as a list of 1 to {self.order} words, got {ngram!r}")
        return int(self.counts_.count(np.array([self.vocab_.encode(ngram)]))[0])

    def prob(self, word: str, context: Sequence[str] = ()) -> float:
        """p(word | context) under the model (eq. 1.3 for MLE)."""
        self._check_fitted()
        if not isinstance(word, str):
            raise ValueError(f"word must be a str, got {type(word).__name__} {word!r}")
        gram = np.append(self._context_ids(context), self.vocab_.index(word))[None, :]
        return float(self._prob_ids(gram)[0])

    def logprob(self, sentence: Sequence[str]) -> float:
        """Natural log of p(sentence) by the chain rule, including the final ``</s>`` (-inf if 0)."""
        return self.evaluate([sentence]).log_prob

    def token_logprobs(self, sentence: Sequence[str]) -> list[tuple[str, float]]:
        """``(word, ln p(word | history))`` for every predicted token of one sentence, ``</s>`` last."""
        self._check_fitted()
        sentence = check_sentences([sentence], "sentence")[0]
        with np.errstate(divide="ignore"):
            logp = np.log(self._prob_ids(self._grams([sentence])))
        return list(zip([*sentence, EOS], logp.tolist(), strict=True))

    def evaluate(self, sentences: Iterable[Sequence[str]]) -> Evaluation:
        """Log-probability and perplexity of ``sentences`` (one ``</s>`` predicted per sentence)."""
        self._check_fitted()
        sentences = check_sentences(sentences, "evaluation corpus")
        probs = self._prob_ids(self._grams(sentences))
        zero = int(np.count_nonzero(probs <= 0))
        log_prob = -math.inf if zero else float(np.log(probs).sum())
        oov = sum(w not in self.vocab_ for s in sentences for w in s)
        return Evaluation(
            len(sentences),
            int(probs.size),
            oov,
            zero,
            log_prob,
            math.exp(-log_prob / probs.size) if not zero else math.inf,
        )

    def perplexity(self, sentences: Iterable[Sequence[str]]) -> float:
        """exp(-(1/N) sum ln p(w_i | h_i)) over the N predicted tokens (eq. 1.4); inf if any p is 0."""
        if not self.is_distribution:
            raise ValueError(
                f"{type(self).__name__} gives scores, not probabilities that sum to 1, so its perplexity "
                "would be meaningless; compare models that are distributions"
            )
        return self.evaluate(sentences).perplexity

    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v of the vocabulary, as one array (``<s>`` always 0)."""
        self._check_fitted()
        ctx = self._context_ids(context)
        grams = np.column_stack([np.tile(ctx, (len(self.vocab_), 1)), np.arange(len(self.vocab_))])
        probs = self._prob_ids(grams)
        probs[self.vocab_.bos_id] = 0.0
        return probs

    def next_distribution(self, context: Sequence[str] = (), top: int | None = None) -> dict[str, float]:
        """The next-word distribution after ``context``: ``{word: p}`` for p > 0, most probable first.

        Ties are ordered by vocabulary id, so the order is reproducible. Empty for a context the model
        cannot continue (an unseen context under MLE).
        """
        if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
            raise ValueError(f"top must be a positive integer or None, got {top!r}")
        probs = self.next_probs(context)
        order = np.lexsort((np.arange(probs.size), -probs))
        order = order[probs[order] > 0]
        if top is not None:
            order = order[:top]
        return {self.vocab_.itos[i]: float(probs[i]) for i in order}

    def generate(self, max_words: int = 30, seed: int = 0, context: Sequence[str] = ()) -> list[str]:
        """Sample a sentence word by word from the model (``numpy`` generator seeded with ``seed``).

        Stops at ``</s>`` (not returned) or after ``max_words`` words. ``context`` starts the sentence.
        """
        self._check_fitted()
        if isinstance(context, str):
            raise ValueError("context must be a list of words, e.g. ['the', 'stock'], not one string; split it first")
        if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 0:
            raise ValueError(f"max_words must be an integer >= 0, got {max_words!r}")
        rng = np.random.default_rng(seed)
        words = list(context)
        for _ in range(max_words):
            history = words[-(self.order - 1) :] if self.order > 1 else []
            cumulative = np.cumsum(self.next_probs(history))
            if cumulative[-1] <= 0:
                raise ValueError(f"the model cannot continue after {history}: that context was never seen")
            # inverse-CDF sampling from one uniform draw: unlike Generator.choice, this stream is stable
            # across numpy versions, so stored samples in the notebooks stay the same
            u = rng.random() * cumulative[-1]
            nxt = self.vocab_.itos[min(int(np.searchsorted(cumulative, u, side="right")), cumulative.size - 1)]
            if nxt == EOS:
                break
            words.append(nxt)
        return words[len(context) :]


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
