"""The percentile bootstrap of course_utils.stats: properties the theory promises, and its use in 06-09."""

import itertools
import time

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import embeddings as E
from course_utils import probes
from course_utils import stats as S


def _correlated(n, noise, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, x + noise * rng.normal(size=n)


# ------------------------------------------------------------------------------------------ the theory


@settings(max_examples=25, deadline=None)
@given(n=st.integers(5, 200), p=st.floats(0.1, 0.9), seed=st.integers(0, 1000))
def test_interval_of_a_mean_contains_the_full_sample_statistic(n, p, seed):
    hits = np.random.default_rng(seed).random(n) < p
    iv = S.bootstrap_interval(hits, n_resamples=400, seed=seed)
    assert iv.estimate == pytest.approx(hits.mean())
    assert iv.low <= iv.estimate <= iv.high  # a mean's bootstrap distribution is centred on the sample mean
    assert iv.n_items == n and iv.n_resamples == 400


def test_a_constant_sample_has_a_zero_width_interval():
    iv = S.bootstrap_interval(np.ones(30))
    assert (iv.estimate, iv.low, iv.high) == (1.0, 1.0, 1.0)


def test_spearman_estimate_is_the_course_spearman_and_lies_inside():
    x, y = _correlated(353, 2.0)
    iv = S.bootstrap_interval((x, y), "spearman")
    assert iv.estimate == pytest.approx(E.spearman(x, y), abs=1e-12)
    assert iv.low < iv.estimate < iv.high


def test_fewer_items_give_a_wider_interval():
    hits = np.random.default_rng(0).random(4000) < 0.3
    widths = [S.bootstrap_interval(hits[:n]).width for n in (4000, 1000, 250, 60)]
    assert widths == sorted(widths)  # width ~ 1 / sqrt(n): 4x fewer items, about twice as wide
    assert 1.6 < widths[1] / widths[0] < 2.5
    x, y = _correlated(800, 1.5)
    rho_widths = [S.bootstrap_interval((x[:n], y[:n]), "spearman").width for n in (800, 200, 50)]
    assert rho_widths == sorted(rho_widths)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_a_higher_level_gives_a_nested_wider_interval(seed):
    hits = np.random.default_rng(seed).random(300) < 0.4
    ivs = [S.bootstrap_interval(hits, level=level, seed=seed) for level in (0.5, 0.8, 0.95, 0.99)]
    for inner, outer in itertools.pairwise(ivs):  # the same resamples, wider quantiles
        assert outer.low <= inner.low and inner.high <= outer.high


@settings(max_examples=15, deadline=None)
@given(n=st.integers(3, 300), seed=st.integers(0, 1000))
def test_a_system_compared_with_itself_differs_by_exactly_zero(n, seed):
    rng = np.random.default_rng(seed)
    hits = rng.random(n) < 0.5
    d = S.paired_bootstrap_difference(hits, hits, n_resamples=200, seed=seed)
    assert (d.estimate, d.low, d.high) == (0.0, 0.0, 0.0) and not d.excludes_zero
    x, y = rng.normal(size=n), rng.normal(size=n)
    d = S.paired_bootstrap_difference((x, y), (x, y), "spearman", n_resamples=200, seed=seed)
    assert (d.low, d.high) == (0.0, 0.0)


def test_a_large_true_difference_is_detected_and_no_difference_is_not():
    rng = np.random.default_rng(1)
    a, b = rng.random(2000) < 0.40, rng.random(2000) < 0.30
    d = S.paired_bootstrap_difference(a, b)
    assert d.excludes_zero and d.low > 0.05 and d.estimate == pytest.approx(a.mean() - b.mean())
    same_rate = rng.random(2000) < 0.40  # same accuracy, different items: within noise
    assert not S.paired_bootstrap_difference(a, same_rate, seed=3).excludes_zero
    x, human = _correlated(353, 1.0)
    worse = x + 3 * rng.normal(size=353)
    d = S.paired_bootstrap_difference((x, human), (worse, human), "spearman")
    assert d.excludes_zero and d.low > 0.2


def test_pairing_is_tighter_than_two_separate_intervals():
    rng = np.random.default_rng(2)
    a = rng.random(1000) < 0.5
    b = a.copy()
    b[rng.choice(1000, 30, replace=False)] ^= True  # b disagrees with a on 3% of the items
    d = S.paired_bootstrap_difference(a, b)
    assert d.width < 0.5 * S.bootstrap_interval(a).width


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    x, y = _correlated(120, 1.0)
    assert S.bootstrap_interval((x, y), "spearman", seed=5) == S.bootstrap_interval((x, y), "spearman", seed=5)
    assert S.bootstrap_interval((x, y), "spearman", seed=5) != S.bootstrap_interval((x, y), "spearman", seed=6)


def test_a_callable_statistic_gets_one_row_per_resample():
    values = np.arange(1.0, 11.0)
    iv = S.bootstrap_interval(values, lambda v: np.median(v, axis=1))
    assert iv.estimate == 5.5 and 1 <= iv.low <= iv.high <= 10


def test_resamples_are_drawn_in_chunks_with_the_same_result(monkeypatch):
    hits = np.random.default_rng(0).random(500) < 0.5
    whole = S.bootstrap_interval(hits, n_resamples=300)
    monkeypatch.setattr(S, "_CHUNK_CELLS", 500 * 7)  # 7 resamples at a time
    assert S.bootstrap_interval(hits, n_resamples=300) == whole


def test_formatting():
    iv = S.Interval(0.3104, 0.25, 0.371, 0.95, 100, 1000)
    assert S.format_interval(iv, digits=2) == "0.31 [0.25, 0.37]"
    assert S.format_interval(0.31, 0.25, 0.37, digits=2) == "0.31 [0.25, 0.37]"
    assert str(iv) == "0.310 [0.250, 0.371]" and f"{iv:.1f}" == "0.3 [0.2, 0.4]"
    with pytest.raises(ValueError, match="three numbers"):
        S.format_interval(0.31)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: S.bootstrap_interval([]), "empty"),
        (lambda: S.bootstrap_interval(()), "empty tuple"),
        (lambda: S.bootstrap_interval(([1.0, 2.0, 3.0], [1.0, 2.0]), "spearman"), "one length"),
        (lambda: S.bootstrap_interval([1.0, 2.0], level=1.0), "strictly between 0 and 1"),
        (lambda: S.bootstrap_interval([1.0, 2.0], level=0), "strictly between 0 and 1"),
        (lambda: S.bootstrap_interval([1.0, 2.0], n_resamples=0), "n_resamples"),
        (lambda: S.bootstrap_interval([1.0, 2.0], seed=-1), "seed"),
        (lambda: S.bootstrap_interval([1.0, np.nan]), "NaN"),
        (lambda: S.bootstrap_interval([[1.0, 2.0]]), "1-D"),
        (lambda: S.bootstrap_interval("0101"), "string"),
        (lambda: S.bootstrap_interval([1.0, 2.0], "median"), "statistic must be one of"),
        (lambda: S.bootstrap_interval([1.0, 2.0], "spearman"), "tuple of two arrays"),
        (lambda: S.bootstrap_interval(([1.0], [2.0]), "spearman"), "at least 2 items"),
        (lambda: S.paired_bootstrap_difference([1, 0, 1], [1, 0]), "same items"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_fast_enough_for_a_notebook():
    x, y = _correlated(353, 2.0)
    start = time.perf_counter()
    S.bootstrap_interval((x, y), "spearman")
    S.paired_bootstrap_difference((x, y), (y, x), "spearman")
    assert time.perf_counter() - start < 1.0  # 0.5 s each is the budget; about 0.1 s on one core


# ------------------------------------------------------------------------------- in the evaluations

WORDS = ["man", "woman", "king", "queen", "apple", "pear", "cat", "dog"]


def _vectors(seed):
    return E.WordVectors(WORDS, np.random.default_rng(seed).normal(size=(len(WORDS), 5)))


PAIRS = [(a, b, float(i)) for i, (a, b) in enumerate(zip(WORDS, [*WORDS[1:], "unseen"], strict=True))]
QUESTIONS = [(a, b, c, d, "s") for a, b, c, d in zip(WORDS, WORDS[1:], WORDS[2:], WORDS[3:], strict=False)]


def test_word_vector_results_carry_their_items_and_intervals():
    wv = _vectors(0)
    sim = E.evaluate_similarity(wv, PAIRS)
    assert list(sim.items) == list(range(7)) and sim.pairs_used == 7  # the pair with "unseen" is not covered
    iv = sim.interval(n_resamples=200)
    assert iv.estimate == pytest.approx(sim.spearman) and iv.n_items == 7
    an = E.evaluate_analogies(wv, [*QUESTIONS, ("man", "x", "king", "queen", "s")])
    assert an.hits.sum() == an.correct and len(an.items) == an.questions_used == len(QUESTIONS)
    assert an.interval().estimate == pytest.approx(an.accuracy)
    with pytest.raises(ValueError, match="no per-item data"):
        E.SimilarityResult(0.5, 10, 10).interval()


def test_paired_difference_uses_the_items_both_cover():
    a, b = _vectors(0), E.WordVectors(WORDS[:-1], _vectors(1).vectors[:-1])  # b lacks "dog"
    sa, sb = E.evaluate_similarity(a, PAIRS), E.evaluate_similarity(b, PAIRS)
    d = E.paired_difference(sa, sb, n_resamples=200)
    assert d.n_items == sb.pairs_used == 6
    assert E.paired_difference(sa, sa).width == 0
    qa, qb = E.evaluate_analogies(a, QUESTIONS), E.evaluate_analogies(b, QUESTIONS)
    assert E.paired_difference(qa, qb).n_items == qb.questions_used
    with pytest.raises(ValueError, match="two SimilarityResults or two AnalogyResults"):
        E.paired_difference(sa, qa)


def test_evaluation_table_with_and_without_intervals():
    sets = {"wordsim353": PAIRS, "simlex999": PAIRS[::-1], "analogies": QUESTIONS}
    scores = {"a": E.score_word_vectors(_vectors(0), sets), "b": E.score_word_vectors(_vectors(1), sets)}
    plain = E.evaluation_table(scores)
    assert scores["a"].cells()[0] in plain and "[" not in plain
    table = E.evaluation_table(scores, intervals=True, n_resamples=100)
    assert scores["a"].cells(True, n_resamples=100)[0] in table
    assert "7 WS-353 pairs, 7 SimLex pairs, 5 analogy questions (every model)" in table
    with pytest.raises(ValueError, match="WordVectorScores"):
        E.evaluation_table({"a": 0.3})


def test_probe_results_carry_their_hits():
    g = torch.Generator().manual_seed(0)
    y = torch.randint(0, 3, (300,), generator=g)
    x_good = torch.nn.functional.one_hot(y, 3).float() + 0.3 * torch.randn(300, 3, generator=g)
    x_bad = torch.randn(300, 3, generator=g)
    good = probes.linear_probe(x_good[:200], y[:200], x_good[200:], y[200:], steps=100, lr=0.1)
    bad = probes.linear_probe(x_bad[:200], y[:200], x_bad[200:], y[200:], steps=100, lr=0.1)
    assert good.correct.shape == (100,) and good.correct.mean() == pytest.approx(good.accuracy)
    assert good.interval().low <= good.accuracy <= good.interval().high
    d = probes.paired_difference(good, bad)
    assert d.excludes_zero and d.estimate == pytest.approx(good.accuracy - bad.accuracy)
    with pytest.raises(ValueError, match="different tokens"):
        probes.paired_difference(good, probes.ProbeResult(0.5, correct=np.ones(3, dtype=bool)))


def test_nearest_neighbour_scores_are_the_agreement_per_token():
    vectors = torch.randn(2, 12, 4, generator=torch.Generator().manual_seed(0))
    labels = list("ab" * 6)
    per_token = probes.nearest_neighbour_scores(vectors, labels)
    assert per_token.shape == (2, 12)
    assert list(per_token.mean(1)) == pytest.approx(probes.nearest_neighbour_agreement(vectors, labels))
