"""Properties every language model of the course shares, checked on one small corpus (course_utils.lm).

``CASES`` is the one list of models: the n-gram family (notebooks 01-02), the mixture and the NNLM
(notebook 03), the recurrent LMs (notebook 05) and the biLM's two directions (notebook 09). Each case
makes an unfitted estimator and fits it, so the tests can also check that ``fit`` leaves the
hyper-parameters alone. A test fails when the package defines a language model that no case covers.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import elmo, lm, nnlm, rnn, transformer
from course_utils import smoothing as sm
from course_utils.ngram import MLE
from course_utils.text import Vocab

WORDS = ["the", "cat", "dog", "sat", "ran", "on", "a", "mat"]
_rng = np.random.default_rng(0)
TRAIN = [[str(w) for w in _rng.choice(WORDS, size=int(_rng.integers(1, 8)))] for _ in range(40)]
VALID = [[str(w) for w in _rng.choice(WORDS, size=int(_rng.integers(1, 8)))] for _ in range(8)]
VOCAB = Vocab.build(TRAIN)
UNSEEN = "zebra"  # never in training: scored as <unk>


@dataclass(frozen=True)
class Case:
    """One model of the course: ``make()`` gives the unfitted estimator, ``fit(estimator)`` the fitted LM."""

    name: str
    make: Callable[[], Any]
    fit: Callable[[Any], lm.LanguageModel] = lambda est: est.fit(TRAIN, vocab=VOCAB)
    seen_histories_only: bool = False  # MLE: an unseen history has no distribution at all (0/0)
    exact: bool = True  # float64 n-gram arithmetic: prob(w, h) is next_probs(h)[w] to the last bit
    independent_sentences: bool = True  # False: a sentence's score depends on the sentences before it


def _mixture() -> sm.LinearMixture:
    kn = sm.KneserNey(3).fit(TRAIN, vocab=VOCAB)
    neural = nnlm.NeuralLM(2, dim=4, hidden=8, epochs=2, batch_size=16).fit(TRAIN, vocab=VOCAB)
    return sm.LinearMixture([kn, neural])


CASES = [
    Case("MLE bigram", lambda: MLE(2), seen_histories_only=True),
    Case("MLE trigram", lambda: MLE(3), seen_histories_only=True),
    Case("add-k", lambda: sm.AddK(3, k=0.1)),
    Case("Laplace", lambda: sm.Laplace(2)),
    Case("absolute discounting", lambda: sm.AbsoluteDiscounting(3)),
    Case("Kneser-Ney", lambda: sm.KneserNey(3)),
    Case("modified Kneser-Ney", lambda: sm.ModifiedKneserNey(4)),
    Case("Jelinek-Mercer, fixed lambdas", lambda: sm.JelinekMercer(3, lambdas=[0.2, 0.5, 0.6])),
    Case("Jelinek-Mercer, EM", lambda: sm.JelinekMercer(3), lambda est: est.fit(TRAIN, vocab=VOCAB, valid=VALID)),
    Case("Katz", lambda: sm.Katz(3)),
    Case("Katz, SRILM defaults", lambda: sm.Katz(3, k=7, cutoffs=sm.SRILM_CUTOFFS)),
    Case("mixture KN3 + NNLM", _mixture, lambda est: est.fit(VALID), exact=False),
    Case("NNLM", lambda: nnlm.NeuralLM(3, dim=4, hidden=8, epochs=2, batch_size=16), exact=False),
    Case(
        "LSTM LM",
        lambda: rnn.RecurrentLM("lstm", dim=8, hidden=8, batch_size=4, bptt=5, epochs=1),
        exact=False,
        independent_sentences=False,  # scored as one stream, the state carried from sentence to sentence
    ),
    Case(
        "RNN LM",
        lambda: rnn.RecurrentLM("rnn", dim=8, hidden=8, batch_size=4, bptt=5, epochs=1),
        exact=False,
        independent_sentences=False,
    ),
    Case(
        "Transformer LM",
        lambda: transformer.TransformerLM(dim=8, heads=2, layers=1, context=6, batch_size=4, epochs=1),
        exact=False,
        independent_sentences=False,  # scored as one stream through a sliding window
    ),
    Case(
        "biLM forward",
        lambda: elmo.BiLanguageModel(dim=8, hidden=16, layers=1, batch_size=8, epochs=1),
        lambda est: est.fit(TRAIN, vocab=VOCAB).forward_lm_,
        exact=False,
    ),
    Case(
        "biLM backward",
        lambda: elmo.BiLanguageModel(dim=8, hidden=16, layers=1, batch_size=8, epochs=1),
        lambda est: est.fit(TRAIN, vocab=VOCAB).backward_lm_,
        exact=False,
    ),
]
BY_NAME = {c.name: c for c in CASES}


def hyper_parameters(estimator: Any) -> dict[str, str]:
    """What ``__init__`` set: every attribute not ending in ``_``, by its repr (so in-place changes show)."""
    return {k: repr(v) for k, v in vars(estimator).items() if not k.endswith("_")}


@cache
def fitted(name: str) -> tuple[lm.LanguageModel, dict[str, str], dict[str, str]]:
    """The fitted model of case ``name`` (fitted once per session) and its hyper-parameters before and after."""
    case = BY_NAME[name]
    estimator = case.make()
    before = hyper_parameters(estimator)
    model = case.fit(estimator)
    return model, before, hyper_parameters(estimator)


def seen_in_training(context: list[str], k: int) -> bool:
    """Did the history ``context`` (padded with ``<s>`` to k words, a sentence start) occur in TRAIN?"""
    history = ["<s>"] * (k - len(context)) + context
    return any((["<s>"] * k + s)[i : i + k] == history for s in TRAIN for i in range(len(s) + 1))


cases = pytest.mark.parametrize("name", list(BY_NAME))
histories = st.lists(st.sampled_from([*WORDS, UNSEEN]), max_size=6)  # short and long, seen and unseen words
sentences = st.lists(st.lists(st.sampled_from([*WORDS, UNSEEN]), min_size=1, max_size=6), min_size=1, max_size=4)
fast = settings(max_examples=8, deadline=None, derandomize=True)


def test_every_model_implements_the_interface():
    for case in CASES:
        assert isinstance(fitted(case.name)[0], lm.LanguageModel), case.name


def _concrete_models(cls: type) -> set[type]:
    """Every public, non-abstract subclass of ``cls`` defined in the package (``_Recursive``-style bases skipped)."""
    found = set()
    for sub in cls.__subclasses__():
        public = not sub.__name__.startswith("_")
        if sub.__module__.startswith("course_utils.") and public and not inspect.isabstract(sub):
            found.add(sub)
        found |= _concrete_models(sub)
    return found


def test_the_case_list_covers_every_language_model_of_the_package():
    # a new model joins the interface tests by getting a line in CASES; this test says when one is missing
    covered = {type(fitted(case.name)[0]) for case in CASES} | {sm.StupidBackoff}  # scores: tested below
    missing = {c.__qualname__ for c in _concrete_models(lm.LanguageModel) - covered}
    assert not missing, f"add a Case for {sorted(missing)} to CASES"


@cases
def test_fit_leaves_the_hyper_parameters_alone(name):
    _, before, after = fitted(name)
    assert before == after


@cases
@fast
@given(history=histories)
def test_next_word_distribution_sums_to_one_and_is_positive(name, history):
    model = fitted(name)[0]
    context = model._history(history)  # the words the model reads (a window model: its last n-1)
    probs = model.next_probs(context)
    if BY_NAME[name].seen_histories_only and not seen_in_training(context, model.context_size):
        assert probs.sum() == 0  # MLE has no distribution after an unseen history (0/0)
        return
    assert probs.shape == (len(model.vocab_),)
    assert abs(probs.sum() - 1.0) < 1e-6, (name, context, probs.sum())
    if BY_NAME[name].seen_histories_only:
        assert (probs >= 0).all()
    else:
        predictable = np.ones(probs.size, dtype=bool)
        predictable[model.vocab_.bos_id] = False  # never predicted (0 for the n-gram models)
        assert (probs[predictable] > 0).all(), (name, context)


@cases
@fast
@given(test=sentences)
def test_perplexity_is_exp_of_the_mean_negative_logprob(name, test):
    model = fitted(name)[0]
    ev = model.evaluate(test)
    assert ev.tokens == sum(len(s) + 1 for s in test)  # every word and one </s> per sentence
    assert model.perplexity(test) == ev.perplexity
    for s in test:
        assert len(model.token_logprobs(s)) == len(s) + 1
    scored = test if BY_NAME[name].independent_sentences else test[:1]  # a stream model: one sentence alone
    logprob = sum(model.logprob(s) for s in scored)
    tokens = sum(len(s) + 1 for s in scored)
    # float32 networks may score a sentence alone and in a padded batch a few ulps apart
    rel = 1e-9 if BY_NAME[name].exact else 1e-6
    if logprob == -math.inf:
        assert model.perplexity(scored) == math.inf  # MLE: an unseen n-gram
    else:
        assert model.perplexity(scored) == pytest.approx(math.exp(-logprob / tokens), rel=rel)
        assert model.evaluate(scored).log_prob == pytest.approx(logprob, rel=rel)


@cases
@fast
@given(history=histories, word=st.sampled_from([*WORDS, UNSEEN, "</s>"]))
def test_prob_is_the_entry_of_next_probs(name, history, word):
    model = fitted(name)[0]
    context = model._history(history)
    expected = model.next_probs(context)[model.vocab_.index(word)]
    if BY_NAME[name].exact:
        assert model.prob(word, context) == expected
    else:  # float32 networks: a batch of one may round differently from a batch of |V|
        assert model.prob(word, context) == pytest.approx(expected, rel=1e-5, abs=1e-9)


@cases
def test_generate_is_reproducible_by_seed(name):
    model = fitted(name)[0]
    for seed in (0, 1, 2):
        sample = model.generate(12, seed=seed)
        assert sample == model.generate(12, seed=seed)
        assert len(sample) <= 12 and all(isinstance(w, str) for w in sample)


def test_stupid_backoff_gives_scores_and_perplexity_refuses_it():
    model = sm.StupidBackoff(3).fit(TRAIN, vocab=VOCAB)
    assert isinstance(model, lm.LanguageModel) and not model.is_distribution
    assert model.next_probs(["the"]).sum() > 1  # scores, not a distribution
    with pytest.raises(ValueError, match="scores, not probabilities"):
        model.perplexity(VALID)
    with pytest.raises(ValueError, match="distributions can be mixed"):
        sm.LinearMixture([model, sm.Laplace(2).fit(TRAIN, vocab=VOCAB)])
