"""The language-model interface every model of the course implements (notebooks 01-09).

A language model gives a sentence ``w_1 .. w_m`` the probability of the chain rule (eq. 1.1)::

    p(w_1 .. w_m) = prod_{i=1}^{m+1} p(w_i | w_1 .. w_{i-1}),      w_{m+1} = </s>

Every model, from the MLE bigram of notebook 01 to ELMo's biLM of notebook 09, supplies two things:

- ``_token_probs(sentences)``: p(w_i | history) for every predicted token of checked sentences, in
  order: each word and one ``</s>`` per sentence (``<s>`` is padding, never predicted; unknown words
  are the ordinary word ``<unk>``); and
- ``next_probs(context)``: the whole next-word distribution after a context, one number per
  vocabulary id;

and :class:`LanguageModel` builds the rest from them: :meth:`~LanguageModel.prob`,
:meth:`~LanguageModel.logprob`, :meth:`~LanguageModel.token_logprobs`, :meth:`~LanguageModel.evaluate`
and :meth:`~LanguageModel.perplexity` (eq. 1.4, computed here and nowhere else, so every perplexity
in the course counts the same tokens), :meth:`~LanguageModel.next_distribution` and
:meth:`~LanguageModel.generate`. Hyper-parameters go to ``__init__`` and are never changed by ``fit``;
what is learned ends with ``_`` (``vocab_``, ``counts_``, ``net_``, ``history_``). Held-out data for
validation or for fitting weights is always called ``valid``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import checks
from .checks import exp_or_inf
from .text import EOS, Vocab, check_sentences, check_word, check_words


@dataclass(frozen=True)
class Evaluation:
    """What :meth:`LanguageModel.evaluate` measured on a set of sentences."""

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


class LanguageModel(ABC):
    """The interface of every language model in the course; subclasses supply ``_token_probs`` and
    ``next_probs`` (see the module docstring) and a ``fit`` that sets ``vocab_``."""

    #: a proper probability distribution over the next word (False for scores such as stupid back-off)
    is_distribution = True
    #: how many previous words the model reads (None: the whole sentence so far)
    context_size: int | None = None

    vocab_: Vocab
    min_count: int = 1  # a vocabulary built by fit keeps words seen this often ...
    max_vocab: int | None = None  # ... and at most this many

    # ------------------------------------------------------------------ what each model supplies
    @abstractmethod
    def _token_probs(self, sentences: list[list[str]]) -> np.ndarray:
        """p(w_i | history) of every predicted token of ``sentences`` (already checked), in order."""

    @abstractmethod
    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v of the vocabulary, as one array (``<s>``, never predicted, gets 0 or,
        in a softmax that keeps a row for it, a tiny probability that :meth:`generate` ignores)."""

    def _vocabulary(self, sentences: list[list[str]], vocab: Vocab | None) -> Vocab:
        """``vocab`` if given (used as it is, so models can share one and be mixed), else the vocabulary of the
        training ``sentences`` (already checked), shaped by the model's ``min_count`` and ``max_vocab``."""
        if vocab is not None and not isinstance(vocab, Vocab):
            raise ValueError(f"vocab must be a text.Vocab (e.g. another model's .vocab_), got {type(vocab).__name__}")
        if vocab is not None:
            return vocab
        return Vocab.build(sentences, min_count=self.min_count, max_vocab=self.max_vocab, checked=True)

    def _check_fitted(self) -> None:
        if not hasattr(self, "vocab_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call .fit(train_sentences) first")

    def _check_context(self, context: Sequence[str]) -> list[str]:
        return check_words(context, "context")

    # ------------------------------------------------------------------ built from those two
    def prob(self, word: str, context: Sequence[str] = ()) -> float:
        """p(word | context) under the model."""
        self._check_fitted()
        check_word(word)
        return float(self.next_probs(context)[self.vocab_.index(word)])

    def token_logprobs(self, sentence: Sequence[str]) -> list[tuple[str, float]]:
        """``(word, ln p(word | history))`` for every predicted token of one sentence, ``</s>`` last."""
        self._check_fitted()
        sentence = check_sentences([sentence], "sentence")[0]
        with np.errstate(divide="ignore"):
            logp = np.log(self._token_probs([sentence]))
        return list(zip([*sentence, EOS], logp.tolist(), strict=True))

    def logprob(self, sentence: Sequence[str]) -> float:
        """Natural log of p(sentence) by the chain rule, including the final ``</s>`` (-inf if 0)."""
        return self.evaluate([sentence]).log_prob

    def evaluate(self, sentences: Iterable[Sequence[str]]) -> Evaluation:
        """Log-probability and perplexity of ``sentences``: the one place the course computes them.

        Every word and one ``</s>`` per sentence are predicted; perplexity is
        exp(-(1/N) sum ln p(w_i | h_i)) over those N tokens (eq. 1.4), infinite if any p is 0.
        """
        self._check_fitted()
        sentences = check_sentences(sentences, "evaluation corpus")
        probs = np.asarray(self._token_probs(sentences), dtype=np.float64)
        zero = int(np.count_nonzero(probs <= 0))
        log_prob = -math.inf if zero else float(np.log(probs).sum())
        oov = sum(w not in self.vocab_ for s in sentences for w in s)
        perplexity = exp_or_inf(-log_prob / probs.size) if not zero else math.inf
        return Evaluation(len(sentences), int(probs.size), oov, zero, log_prob, perplexity)

    def perplexity(self, sentences: Iterable[Sequence[str]]) -> float:
        """exp(-(1/N) sum ln p(w_i | h_i)) over the N predicted tokens (eq. 1.4); inf if any p is 0."""
        if not self.is_distribution:
            raise ValueError(
                f"{type(self).__name__} gives scores, not probabilities that sum to 1, so its perplexity "
                "would be meaningless; compare models that are distributions"
            )
        return self.evaluate(sentences).perplexity

    def next_distribution(self, context: Sequence[str] = (), top: int | None = None) -> dict[str, float]:
        """The next-word distribution after ``context``: ``{word: p}`` for p > 0, most probable first.

        Ties are ordered by vocabulary id, so the order is reproducible. Empty for a context the model
        cannot continue (an unseen context under MLE).
        """
        top = checks.integer(top, "top", optional=True)
        probs = self.next_probs(context)
        order = np.lexsort((np.arange(probs.size), -probs))
        order = order[probs[order] > 0]
        if top is not None:
            order = order[:top]
        return {self.vocab_.itos[i]: float(probs[i]) for i in order}

    def _history(self, words: list[str]) -> list[str]:
        """The part of the words so far that the model reads (its last ``context_size``)."""
        if self.context_size is None:
            return words
        return words[max(0, len(words) - self.context_size) :] if self.context_size else []

    def generate(self, max_words: int = 30, seed: int = 0, context: Sequence[str] = ()) -> list[str]:
        """Sample a sentence word by word from the model (``numpy`` generator seeded with ``seed``).

        Stops at ``</s>`` (not returned) or after ``max_words`` words. ``context`` starts the sentence.
        """
        self._check_fitted()
        context = check_words(context, "context")
        max_words = checks.integer(max_words, "max_words", minimum=0)
        rng = np.random.default_rng(checks.seed(seed))
        words = list(context)
        for _ in range(max_words):
            history = self._history(words)
            nxt = self._sample(self.next_probs(history), rng, never=self.vocab_.bos_id)
            if nxt is None:
                raise ValueError(f"the model cannot continue after {history}: that context was never seen")
            if nxt == EOS:
                break
            words.append(nxt)
        return words[len(context) :]

    def _sample(self, probs: np.ndarray, rng: np.random.Generator, never: int) -> str | None:
        """One word drawn from ``probs`` (over vocabulary ids), never the id ``never`` (the boundary the
        model reads but does not predict); None if no word has probability > 0.

        Inverse-CDF sampling from one uniform draw: unlike ``Generator.choice``, this stream is stable
        across numpy versions, so stored samples in the notebooks stay the same.
        """
        probs = probs.copy()
        probs[never] = 0.0
        cumulative = np.cumsum(probs)
        if cumulative[-1] <= 0:
            return None
        u = rng.random() * cumulative[-1]
        return self.vocab_.itos[min(int(np.searchsorted(cumulative, u, side="right")), cumulative.size - 1)]
