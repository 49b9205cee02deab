"""Checkers for the exercises of notebook 01 (statistical language models).

Usage in the notebook::

    from course_utils.exercises import ch01 as check
    check.bigram_prob(bigram_prob)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..i18n import tr
from ..ngram import MLE
from . import Case, check_cases

CORPUS = [
    "I am fine".split(),
    "I am happy".split(),
    "you are fine".split(),
    "I like milk".split(),
    "am I fine".split(),
]
OTHER = [["a", "b", "a"], ["b", "a"], ["a"]]


def bigram_prob(fn: Callable[[list[list[str]], str, str], float]) -> None:
    """Exercise 1: ``fn(sentences, prev, word)`` = MLE p(word | prev) from raw token lists (eq. 1.3).

    Sentences carry no markers: pad each with ``<s>`` at the start and ``</s>`` at the end. An unseen
    ``prev`` has no continuation: return 0.0.
    """
    cases = []
    for corpus in (CORPUS, OTHER):
        model = MLE(2).fit(corpus)
        n_tokens = model.counts_.n_tokens
        words = sorted({w for s in corpus for w in s})
        pairs = [("<s>", words[0]), (words[0], words[-1]), (words[-1], "</s>"), (words[0], "</s>")]
        pairs += [(p, w) for p in words for w in words][:12]
        for prev, word in pairs:
            p = model.prob(word, [] if prev == "<s>" else [prev])
            joint = model.counts_.count(np.array([model.vocab_.encode([prev, word])]))[0] / n_tokens
            mistakes = [(joint, tr("that is the joint share c(prev word)/N; divide by c(prev) instead"))] if p else []
            about = tr("p({word} | {prev}) in a {n}-sentence corpus", word=word, prev=prev, n=len(corpus))
            cases.append(Case((corpus, prev, word), p, about, mistakes))
    cases.append(Case((CORPUS, "zebra", "fine"), 0.0, tr("p(fine | zebra), a word never seen: return 0.0")))
    hint = tr(
        "count bigrams over ['<s>'] + sentence + ['</s>'] and divide c(prev word) by c(prev), the number of "
        "times prev is followed by anything; return 0.0 when prev never occurs"
    )
    check_cases("bigram_prob", fn, cases, hint)


def sentence_logprob(fn: Callable[[MLE, list[str]], float]) -> None:
    """Exercise 2: ``fn(model, sentence)`` = ln p(sentence) by the chain rule with ``model.prob``.

    Predict every word and then ``</s>``, each from the last n-1 words before it (fewer at the start).
    """
    cases = []
    for order in (1, 2, 3):
        model = MLE(order).fit(CORPUS)
        for sentence in (["I", "am", "fine"], ["you", "are", "fine"], ["I", "like", "milk"]):
            tokens = model.token_logprobs(sentence)
            total = sum(lp for _, lp in tokens)
            mistakes = [
                (total - tokens[-1][1], tr("you left out the final p(</s> | ...): a sentence must also end")),
                (total / math.log(10), tr("the course uses natural logs (math.log), not log10")),
            ]
            about = tr("{sentence} under a {order}-gram MLE", sentence=repr(" ".join(sentence)), order=order)
            cases.append(Case((model, sentence), total, about, mistakes))
    hint = tr("sum math.log(model.prob(w, context)) over the words and '</s>', context = the last order-1 words")
    check_cases("sentence_logprob", fn, cases, hint)


def perplexity(fn: Callable[[list[float]], float]) -> None:
    """Exercise 3: ``fn(logprobs)`` = perplexity from per-token natural-log probabilities (eq. 1.4)."""
    samples = [[math.log(0.5)] * 4, [math.log(0.1), math.log(0.2), math.log(0.9)], [math.log(1 / 687.0)] * 3]
    cases = []
    for lps in samples:
        ppl = math.exp(-sum(lps) / len(lps))
        mistakes = [
            (math.exp(sum(lps) / len(lps)), tr("perplexity is exp of MINUS the mean log-probability")),
            (math.exp(-sum(lps)), tr("divide the summed log-probability by the number of tokens")),
            (2 ** (-sum(lps) / len(lps)), tr("the log-probabilities are natural logs: use math.exp, not 2 **")),
        ]
        cases.append(Case((lps,), ppl, tr("{n} tokens", n=len(lps)), mistakes))
    check_cases("perplexity", fn, cases, tr("perplexity = exp(-(1/N) * sum of ln p), N = number of tokens"))
