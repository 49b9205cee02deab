import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils import data
from course_utils import smoothing as sm
from course_utils.ngram import MLE
from course_utils.text import Vocab

corpora = st.lists(st.lists(st.sampled_from(list("abcdef")), max_size=8), min_size=1, max_size=12)
DISTRIBUTIONS = [
    lambda n: sm.Laplace(n),
    lambda n: sm.AddK(n, k=0.05),
    lambda n: sm.AbsoluteDiscounting(n),
    lambda n: sm.AbsoluteDiscounting(n, discount=0.3),
    lambda n: sm.KneserNey(n),
    lambda n: sm.KneserNey(n, discount=0.6),
    lambda n: sm.Katz(n, k=7, cutoffs=sm.SRILM_CUTOFFS),
    lambda n: sm.ModifiedKneserNey(n),
    lambda n: sm.Katz(n),
    lambda n: sm.Katz(n, k=2),
    lambda n: sm.JelinekMercer(n, lambdas=[0.3 + 0.1 * i for i in range(n)]),
]


def contexts_to_try(model, sentences, rng):
    """Every history seen in training, plus random (mostly unseen) ones with an unknown word."""
    n = model.order
    seen = set()
    for s in sentences:
        padded = ["<s>"] * (n - 1) + s
        for t in range(n - 1, len(padded) + 1):
            seen.add(tuple(w for w in padded[t - n + 1 : t] if w != "<s>") if n > 1 else ())
    words = [*"abcdef", "zebra"]
    extra = [tuple(rng.choice(words, size=n - 1)) for _ in range(5)] if n > 1 else []
    return [list(c) for c in sorted(seen)] + [list(c) for c in extra]


@pytest.mark.parametrize("which", range(len(DISTRIBUTIONS)))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, st.integers(1, 5), st.booleans())
def test_next_word_probabilities_sum_to_one_and_are_positive(which, sentences, n, extra_word):
    # half the time the vocabulary also holds a word never seen in training
    vocab = Vocab([*sorted({w for s in sentences for w in s}), "zz-unseen"]) if extra_word else None
    model = DISTRIBUTIONS[which](n).fit(sentences, vocab=vocab)
    rng = np.random.default_rng(0)
    for context in contexts_to_try(model, sentences, rng):
        probs = model.next_probs(context)
        assert abs(probs.sum() - 1.0) < 1e-9, (model, context, probs.sum())
        mask = np.ones(probs.size, dtype=bool)
        mask[model.vocab_.bos_id] = False
        assert probs[model.vocab_.bos_id] == 0
        assert (probs[mask] > 0).all(), (model, context)


@settings(max_examples=25, deadline=None)
@given(corpora, st.integers(1, 3), st.lists(st.floats(0, 0.999), min_size=3, max_size=3))
def test_interpolation_of_distributions_is_a_distribution(sentences, n, lambdas):
    # the reading notes' claim: mixing distributions with weights that sum to 1 gives a distribution
    model = sm.JelinekMercer(n, lambdas=lambdas[:n]).fit(sentences)
    for context in ([], ["a"], ["zebra", "b"])[:n]:
        assert abs(model.next_probs(context[len(context) - (n - 1) :] if n > 1 else []).sum() - 1) < 1e-9


TOY = [s.split() for s in ["I am fine", "I am happy", "you are fine", "I like milk"]]


def test_laplace_by_hand():
    m = sm.Laplace(2).fit(TOY)  # |V| = 8 words + <unk> + </s> = 10
    assert m.prob("am", ["I"]) == pytest.approx((2 + 1) / (3 + 10))
    assert m.prob("milk", ["am"]) == pytest.approx(1 / (2 + 10))
    assert m.prob("am", ["zebra"]) == pytest.approx(1 / 10)  # unseen context: uniform
    assert sm.AddK(2, k=0.5).fit(TOY).prob("am", ["I"]) == pytest.approx(2.5 / 8)


def test_absolute_discounting_and_kneser_ney_by_hand():
    ad = sm.AbsoluteDiscounting(2, discount=0.5).fit(TOY)
    p_uni = (2 - 0.5) / 16 + 0.5 * 9 / 16 * (1 / 10)  # c(am)=2, N=16, 9 word types seen
    assert ad.prob("am", ["I"]) == pytest.approx((2 - 0.5) / 3 + 0.5 * 2 / 3 * p_uni)
    kn = sm.KneserNey(2, discount=0.5).fit(TOY)
    # continuation counts: 'am' follows one distinct word (I), 12 bigram types in all
    p_cont = (1 - 0.5) / 12 + 0.5 * 9 / 12 * (1 / 10)
    assert kn.prob("am", ["I"]) == pytest.approx((2 - 0.5) / 3 + 0.5 * 2 / 3 * p_cont)
    # 'fine' follows two distinct words: KN gives it more lower-order mass than 'happy' (one)
    assert kn.prob("fine", ["zebra"]) > kn.prob("happy", ["zebra"])


def test_modified_kn_discounts_formula():
    d1, d2, d3 = sm.modified_kn_discounts([100, 40, 20, 10])
    y = 100 / (100 + 80)
    assert (d1, d2, d3) == pytest.approx((1 - 2 * y * 40 / 100, 2 - 3 * y * 20 / 40, 3 - 4 * y * 10 / 20))
    assert sm.modified_kn_discounts([5, 0, 0, 0]) == (0.5, 1.0, 1.5)  # undefined: fall back to r/2


def test_katz_keeps_large_counts_and_discounts_small_ones():
    corpus = [["a", "b"]] * 10 + [["a", "c"]]
    m = sm.Katz(2, k=5).fit(corpus)
    assert m.prob("b", ["a"]) == pytest.approx(10 / 11)  # count 10 > k: not discounted
    assert m.prob("c", ["a"]) < 1 / 11  # count 1: discounted, the rest goes to unseen words
    assert m.prob("a", ["a"]) > 0
    d = sm.good_turing_discounts([10, 4, 2, 1, 1, 1], k=5)
    assert d[0] == 1.0 and ((d[1:] > 0) & (d[1:] < 1)).all()


def test_jelinek_mercer_formula_and_em():
    m = sm.JelinekMercer(2, lambdas=[0.6, 0.7]).fit(TOY)
    p_uni = 0.6 * 2 / 16 + 0.4 / 10
    assert m.prob("am", ["I"]) == pytest.approx(0.7 * 2 / 3 + 0.3 * p_uni)
    assert m.prob("am", ["zebra"]) == pytest.approx(p_uni)  # unseen history: lambda = 0 there
    valid = [s.split() for s in ["I am fine", "you are happy", "I like fine milk"]]
    fitted = sm.JelinekMercer(2).fit(TOY, valid=valid)
    assert all(0 < lam < 1 for lam in fitted.lambdas_) and fitted.lambdas is None  # the hyper-parameter stays
    fixed = sm.JelinekMercer(2, lambdas=[0.5, 0.5]).fit(TOY)
    assert fixed.lambdas_ == [0.5, 0.5]
    em_ll = sum(fitted.logprob(s) for s in valid)
    assert em_ll >= sum(fixed.logprob(s) for s in valid)  # EM climbs the held-out likelihood
    with pytest.raises(ValueError, match="valid="):
        sm.JelinekMercer(2).fit(TOY)
    # EM starts from 0.5 whatever lambdas says, and leaves lambdas as given
    both = sm.JelinekMercer(2, lambdas=[0.1, 0.2]).fit(TOY, valid=valid)
    assert both.lambdas == [0.1, 0.2] and both.lambdas_ == fitted.lambdas_


def test_stupid_backoff_is_a_score_and_refuses_perplexity():
    m = sm.StupidBackoff(2).fit(TOY)
    assert m.prob("am", ["I"]) == pytest.approx(2 / 3)
    assert m.prob("fine", ["milk"]) == pytest.approx(0.4 * 2 / 16)
    assert m.next_probs(["I"]).sum() > 1  # not a distribution
    with pytest.raises(ValueError, match="scores, not probabilities"):
        m.perplexity(TOY)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: sm.AddK(2, k=0), "k must be a finite number > 0"),
        (lambda: sm.AbsoluteDiscounting(2, discount=1.5), "discount must lie in"),
        (lambda: sm.JelinekMercer(2, lambdas=[0.5]), "give 2 lambdas"),
        (lambda: sm.StupidBackoff(2, alpha=0), "alpha"),
        (lambda: sm.Katz(2, k=0), "k \\(largest"),
        (lambda: sm.KneserNey(0), "order n must be"),
        (lambda: sm.AddK(2, k=float("inf")), "finite"),
        (lambda: sm.Katz(2, k=2.5), "integer"),
        (lambda: sm.Katz(3, cutoffs=(1, 2)), "one integer >= 1 per order"),
        (lambda: sm.ModifiedKneserNey(3, discount=0.5), "KneserNey\\(order, discount=D\\)"),
        (lambda: sm.JelinekMercer(2, lambdas=[1.0, 0.5]), "lambda = 1"),
        (lambda: sm.JelinekMercer(2, em_iterations=0), "em_iterations"),
    ],
)
def test_bad_hyper_parameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_smoothing_never_gives_zero_where_mle_does():
    test = [s.split() for s in ["fine am I", "you like milk"]]
    assert MLE(2).fit(TOY).perplexity(test) == math.inf
    for make in DISTRIBUTIONS:
        assert math.isfinite(make(2).fit(TOY).perplexity(test))


# ---------------------------------------------------------------- the independent peer: NLTK


def nltk_lidstone(sentences, n, gamma):
    lm_mod = pytest.importorskip("nltk.lm")
    grams = []
    for s in sentences:
        padded = ["<s>"] * (n - 1) + s + ["</s>"]
        grams.append([tuple(padded[t - k + 1 : t + 1]) for t in range(n - 1, len(padded)) for k in range(1, n + 1)])
    words = sorted({w for s in sentences for w in s} | {"<s>", "</s>"})
    model = lm_mod.Lidstone(gamma, n) if gamma != 1 else lm_mod.Laplace(n)
    model.fit(grams, words)
    return model


@pytest.mark.parametrize("n, gamma", [(1, 1.0), (2, 1.0), (3, 1.0), (2, 0.1), (3, 0.5)])
def test_add_k_agrees_with_nltk(n, gamma):
    # NLTK's |V| counts <s> and its own <UNK>; ours counts <unk> and </s> but never <s> (it is never
    # predicted). One extra unseen word in our vocabulary makes |V| equal; then the formulas must agree.
    sentences = [s.split() for s in ["a b c a", "b c d", "a a b", "c d a b"]]
    peer = nltk_lidstone(sentences, n, gamma)
    vocab = Vocab([*sorted({w for s in sentences for w in s}), "zz-unseen"])
    ours = sm.AddK(n, k=gamma).fit(sentences, vocab=vocab)
    assert len(peer.vocab) == ours.n_predictable_
    for context in ([], ["a"], ["b", "c"], ["d", "d"]):
        context = context[len(context) - (n - 1) :] if n > 1 else []
        if n > 1 and len(context) < n - 1:
            continue
        for word in ["a", "b", "c", "d", "</s>"]:
            assert ours.prob(word, context) == pytest.approx(peer.score(word, context), rel=1e-12)


def test_mle_agrees_with_nltk():
    lm_mod = pytest.importorskip("nltk.lm")
    sentences = [s.split() for s in ["a b c a", "b c d", "a a b"]]
    grams = [[tuple(["<s>", *s, "</s>"][t - 1 : t + 1]) for t in range(1, len(s) + 2)] for s in sentences]
    grams = [g + [(w,) for w in [*s, "</s>"]] for g, s in zip(grams, sentences, strict=True)]
    peer = lm_mod.MLE(2)
    peer.fit(grams, ["a", "b", "c", "d", "<s>", "</s>"])
    ours = MLE(2).fit(sentences)
    for prev in ["<s>", "a", "b", "c"]:
        for word in ["a", "b", "c", "d", "</s>"]:
            context = [] if prev == "<s>" else [prev]
            assert ours.prob(word, context) == pytest.approx(peer.score(word, [prev]))


@pytest.mark.data
def test_ptb_modified_kneser_ney_reproduces_the_published_number(real_data):
    real_data("ptb")
    ptb = data.load_ptb()
    m = sm.ModifiedKneserNey(5).fit(ptb["train"])
    assert m.perplexity(ptb["test"]) == pytest.approx(141.2, rel=0.01)  # Mikolov et al. 2011: KN5 141.2
    assert m.perplexity(ptb["valid"]) == pytest.approx(148.0, abs=0.1)
    k3 = sm.ModifiedKneserNey(3).fit(ptb["train"], vocab=m.vocab_)
    assert k3.perplexity(ptb["test"]) == pytest.approx(148.3, rel=0.01)  # published KN3 148.3


def test_shared_counts_give_the_same_model_as_fitting():
    vocab = Vocab.build(TOY)
    from course_utils.ngram import NGramCounts

    counts = NGramCounts(vocab.encode_sentences(TOY), 4, len(vocab))
    for make in (lambda n: sm.KneserNey(n), lambda n: sm.Katz(n), lambda n: MLE(n)):
        for n in (1, 2, 3):
            shared = make(n).fit_counts(counts, vocab)
            alone = make(n).fit(TOY, vocab=vocab)
            assert np.allclose(shared.next_probs(["I"][: n - 1]), alone.next_probs(["I"][: n - 1]))
    with pytest.raises(ValueError, match="vocabulary of"):
        MLE(2).fit_counts(counts, Vocab(["x"]))
    with pytest.raises(ValueError, match="truncate"):
        counts.truncated(5)


def test_jelinek_mercer_lambdas_can_be_fitted_after_counting():
    vocab = Vocab.build(TOY)
    from course_utils.ngram import NGramCounts

    counts = NGramCounts(vocab.encode_sentences(TOY), 2, len(vocab))
    jm = sm.JelinekMercer(2).fit_counts(counts, vocab, valid=TOY[:2])
    assert len(jm.lambdas_) == 2 and all(0 <= x <= 0.999 for x in jm.lambdas_)
    with pytest.raises(ValueError, match="valid="):
        sm.JelinekMercer(2).fit_counts(counts, vocab)


def test_unseen_mass():
    assert sm.unseen_mass(MLE(2).fit(TOY), [["I"], ["am"]]) == 0.0
    laplace = sm.Laplace(2).fit(TOY)  # after 'I': 2 of 10 words seen, each unseen word 1/(3+10)
    assert sm.unseen_mass(laplace, [["I"]]) == pytest.approx(8 / 13)
    with pytest.raises(ValueError, match="at least one"):
        sm.unseen_mass(laplace, [])


def test_smoothing_report_sets_the_knobs_and_reports_perplexity():
    from course_utils import widgets

    addk, kn = sm.AddK(2, k=0.5).fit(TOY), sm.KneserNey(2, discount=0.5).fit(TOY)
    jm = sm.JelinekMercer(2, lambdas=[0.5, 0.5]).fit(TOY)
    text = widgets.smoothing_report(addk, jm, kn, TOY, k=0.1, lam=0.2, discount=0.6)
    assert (addk.k, jm.lambdas_[-1], kn.discount) == (0.1, 0.2, 0.6)
    lines = text.splitlines()
    assert len(lines) == 3 and lines[0].startswith("add-k") and "perplexity" in lines[2]
    assert f"{addk.perplexity(TOY):.1f}" in lines[0]
    with pytest.raises(ValueError, match="need k > 0"):
        widgets.smoothing_report(addk, jm, kn, TOY, k=0, lam=0.2, discount=0.6)
    assert type(widgets.smoothing_explorer(addk, jm, kn, TOY)).__name__ == "VBox"


# ---------------------------------------------------------------- an independent reference for (2.6)-(2.8)


class ReferenceKN:
    """Chen & Goodman's interpolated (modified) Kneser-Ney and absolute discounting, with dictionaries.

    Written from the equations, not from smoothing.py: each sentence is <s> w_1 .. w_m </s> with one
    <s>, n-grams never reach before it, and n-grams that start with <s> keep their raw counts.
    """

    def __init__(self, sentences, n, vocab_words, mode):
        from collections import Counter, defaultdict

        self.n, self.words = n, [w for w in vocab_words if w != "<s>"]
        known = set(vocab_words)
        self.map = lambda w: w if w in known else "<unk>"
        raw = {k: Counter() for k in range(1, n + 1)}
        for s in sentences:
            t = ["<s>", *[self.map(w) for w in s], "</s>"]
            for i in range(1, len(t)):
                for k in range(1, min(n, i + 1) + 1):
                    raw[k][tuple(t[i - k + 1 : i + 1])] += 1
        self.a = {n: raw[n]}
        for k in range(n - 1, 0, -1):
            left = defaultdict(set)
            for g in raw[k + 1]:
                left[g[1:]].add(g[0])
            self.a[k] = Counter({g: (c if mode == "ad" or g[0] == "<s>" else len(left[g])) for g, c in raw[k].items()})
        self.D, self.total, self.by_count = {}, {}, {}
        for k, a in self.a.items():
            nr = Counter(a.values())
            if mode == "mkn":
                self.D[k] = sm.modified_kn_discounts([nr[1], nr[2], nr[3], nr[4]])
            else:
                d = sm.ney_discount(nr[1], nr[2])
                self.D[k] = (d if 0 < d < 1 else 0.5,) * 3
            self.total[k], self.by_count[k] = Counter(), defaultdict(lambda: [0, 0, 0])
            for g, x in a.items():
                self.total[k][g[:-1]] += x
                self.by_count[k][g[:-1]][min(x, 3) - 1] += 1

    def p(self, w, h):
        k = len(h) + 1
        lower = self.p(w, h[1:]) if k > 1 else 1 / len(self.words)
        total = self.total[k].get(h, 0)
        if total == 0:
            return lower
        x = self.a[k].get((*h, w), 0)
        d = 0 if x == 0 else self.D[k][min(x, 3) - 1]
        freed = sum(self.D[k][i] * self.by_count[k][h][i] for i in range(3))
        return (max(x - d, 0) + freed * lower) / total

    def prob(self, w, context):
        if w == "<s>":
            return 0.0
        ctx = [self.map(x) for x in context]
        history = () if self.n == 1 else tuple(ctx if len(ctx) == self.n - 1 else ["<s>", *ctx])
        return self.p(self.map(w), history)


@pytest.mark.parametrize(
    "mode, cls", [("mkn", sm.ModifiedKneserNey), ("kn", sm.KneserNey), ("ad", sm.AbsoluteDiscounting)]
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, st.integers(1, 4))
def test_discounting_models_match_an_independent_reference(mode, cls, sentences, n):
    vocab = Vocab([*sorted({w for s in sentences for w in s}), "zz-unseen"])
    ours = cls(n).fit(sentences, vocab=vocab)
    ref = ReferenceKN(sentences, n, list(vocab.itos), mode)
    rng = np.random.default_rng(1)
    words = ["a", "b", "c", "zz-unseen", "zebra"]
    for _ in range(6):
        context = list(rng.choice(words, size=rng.integers(0, n))) if n > 1 else []
        for w in [*words, "</s>"]:
            assert ours.prob(w, context) == pytest.approx(ref.prob(w, context), rel=1e-9, abs=1e-12), (w, context)


def test_good_turing_and_ney_discounts_by_hand():
    n = [1000, 300, 150, 90, 60, 40]  # n_1 .. n_6, Zipf-like: every estimate is valid
    common = 6 * n[5] / n[0]  # (k+1) n_{k+1} / n_1 with k = 5
    d = sm.good_turing_discounts(n, k=5)
    for r in range(1, 6):
        r_star = (r + 1) * n[r] / n[r - 1]
        assert d[r] == pytest.approx((r_star / r - common) / (1 - common))
    assert d[1] == pytest.approx((0.6 - 0.24) / 0.76)
    # on tiny data d_4 = (5/4 - 0.6)/0.4 > 1 is invalid: absolute discounting with Ney's D replaces it
    tiny = sm.good_turing_discounts([10, 4, 2, 1, 1, 1], k=5)
    assert tiny[4] == pytest.approx((4 - 10 / 18) / 4)
    assert sm.ney_discount(10, 4) == pytest.approx(10 / 18) and sm.ney_discount(0, 0) == 0.5


def test_em_never_lowers_the_held_out_likelihood():
    valid = [s.split() for s in ["I am fine", "you are happy", "I like fine milk", "you am"]]
    previous = -math.inf
    for iterations in range(1, 12):
        m = sm.JelinekMercer(3, em_iterations=iterations).fit(TOY, valid=valid)
        ll = sum(m.logprob(s) for s in valid)
        assert ll >= previous - 1e-9
        previous = ll
    grid = max(
        sum(sm.JelinekMercer(3, lambdas=[a, b, c]).fit(TOY).logprob(s) for s in valid)
        for a in (0.2, 0.5, 0.8)
        for b in (0.2, 0.5, 0.8)
        for c in (0.2, 0.5, 0.8)
    )
    assert previous >= grid - 1e-9  # EM beats every point of a coarse grid


@pytest.mark.data
def test_ptb_katz_with_srilm_defaults_reproduces_the_published_numbers(real_data):
    real_data("ptb")
    ptb = data.load_ptb()
    for n, published in ((3, 165.2), (5, 162.3)):
        m = sm.Katz(n, k=7, cutoffs=sm.SRILM_CUTOFFS).fit(ptb["train"])
        assert m.perplexity(ptb["test"]) == pytest.approx(published, abs=0.1)
