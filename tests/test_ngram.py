import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import data, ngram, text
from course_utils.ngram import MLE, NGramCounts

corpora = st.lists(st.lists(st.sampled_from(list("abcde")), max_size=7), min_size=1, max_size=12)


def reference_counts(sentences, n):
    """The textbook way: pad each sentence, slide a window, count tuples in a dict."""
    counts = {k: Counter() for k in range(1, n + 1)}
    for s in sentences:
        padded = ["<s>"] * (n - 1) + list(s) + ["</s>"]
        for t in range(n - 1, len(padded)):
            for k in range(1, n + 1):
                counts[k][tuple(padded[t - k + 1 : t + 1])] += 1
    return counts


@settings(max_examples=60, deadline=None)
@given(corpora, st.integers(1, 4))
def test_counts_equal_the_textbook_dictionary(sentences, n):
    vocab = text.Vocab.build(sentences)
    counts = NGramCounts(vocab.encode_sentences(sentences), n, len(vocab))
    ref = reference_counts(sentences, n)
    for k in range(1, n + 1):
        grams, c = counts.ngrams(k)
        ours = {tuple(vocab.decode(g)): int(x) for g, x in zip(grams, c, strict=True)}
        assert ours == dict(ref[k])
        # counts of order k sum to the number of n-gram positions (predicted tokens)
        assert c.sum() == counts.n_tokens == sum(len(s) + 1 for s in sentences)


@settings(max_examples=60, deadline=None)
@given(corpora, st.integers(1, 4))
def test_mle_next_word_distributions_sum_to_one_for_every_seen_context(sentences, n):
    model = MLE(n).fit(sentences)
    ref = reference_counts(sentences, n)
    contexts = {g[:-1] for g in ref[n]}
    for ctx in contexts:
        words = [w for w in ctx if w != "<s>"]  # leading <s> padding is implied by a short context
        probs = model.next_probs(words)
        assert probs.sum() == pytest.approx(1.0, abs=1e-12)
        assert probs[model.vocab_.bos_id] == 0
        dist = model.next_distribution(words)
        assert math.isclose(sum(dist.values()), 1.0, abs_tol=1e-12)
        assert list(dist.values()) == sorted(dist.values(), reverse=True)


@settings(max_examples=40, deadline=None)
@given(corpora, corpora, st.integers(1, 3))
def test_perplexity_at_least_one_and_matches_token_logprobs(train, test, n):
    model = MLE(n).fit(train)
    ev = model.evaluate(test)
    assert ev.tokens == sum(len(s) + 1 for s in test)
    assert ev.perplexity >= 1.0
    logps = [lp for s in test for _, lp in model.token_logprobs(s)]
    assert ev.zero_prob == sum(lp == -math.inf for lp in logps)
    if ev.zero_prob == 0:
        assert ev.log_prob == pytest.approx(sum(logps))
        assert ev.perplexity == pytest.approx(math.exp(-sum(logps) / len(logps)))
    else:
        assert ev.perplexity == math.inf and ev.log_prob == -math.inf
    assert ngram.unseen_share(model, test) == pytest.approx(ev.zero_prob / ev.tokens)


TOY = [s.split() for s in ["I am fine", "I am happy", "you are fine", "I like milk"]]


def test_bigram_by_hand():
    m = MLE(2).fit(TOY)
    assert m.prob("I", []) == pytest.approx(3 / 4)  # p(I | <s>): 3 of 4 sentences start with I
    assert m.prob("am", ["I"]) == pytest.approx(2 / 3)
    assert m.prob("fine", ["am"]) == pytest.approx(1 / 2)
    assert m.prob("</s>", ["fine"]) == 1.0
    # the chain rule of the reading notes: p(I am fine) = p(I|<s>) p(am|I) p(fine|am) p(</s>|fine)
    assert m.logprob(["I", "am", "fine"]) == pytest.approx(math.log(3 / 4 * 2 / 3 * 1 / 2 * 1))
    assert m.prob("milk", ["am"]) == 0.0


def test_unigram_and_trigram_by_hand():
    uni = MLE(1).fit(TOY)
    assert uni.prob("I") == pytest.approx(3 / 16)  # 12 words + 4 </s>
    assert uni.prob("</s>") == pytest.approx(4 / 16)
    assert uni.prob("<s>") == 0.0
    tri = MLE(3).fit(TOY)
    assert tri.prob("fine", ["I", "am"]) == pytest.approx(1 / 2)
    assert tri.prob("am", ["I"]) == pytest.approx(2 / 3)  # short context = sentence start: p(am | <s> I)
    assert tri.prob("fine", ["are", "am"]) == 0.0  # unseen context: MLE has nothing to say


def test_oov_words_are_unk():
    m = MLE(1).fit([["a", "<unk>"], ["a"]])
    assert m.prob("zebra") == m.prob("<unk>") == pytest.approx(1 / 5)
    assert m.evaluate([["zebra"]]).oov == 1


def test_generate_is_seeded_and_only_uses_seen_bigrams():
    m = MLE(2).fit(TOY)
    a, b = m.generate(seed=3), m.generate(seed=3)
    assert a == b
    seen = {tuple(g) for s in TOY for g in zip(["<s>", *s], [*s, "</s>"], strict=True)}
    for seed in range(20):
        s = m.generate(seed=seed)
        for g in zip(["<s>", *s], [*s, "</s>"], strict=True):
            assert g in seen
    assert m.generate(seed=0, context=["you"]) == ["are", "fine"]


def test_bad_input_messages():
    with pytest.raises(ValueError, match="order n must be an integer >= 1"):
        MLE(0)
    with pytest.raises(ValueError, match="order n must be an integer >= 1"):
        MLE(2.5)
    with pytest.raises(ValueError, match="not fitted"):
        MLE(2).prob("a")
    with pytest.raises(ValueError, match="empty"):
        MLE(2).fit([])
    m = MLE(2).fit(TOY)
    with pytest.raises(ValueError, match="looks at most 1 back"):
        m.prob("fine", ["I", "am"])
    with pytest.raises(ValueError, match="unigram model uses none"):
        MLE(1).fit(TOY).prob("fine", ["am"])
    with pytest.raises(ValueError, match="not one string"):
        m.prob("fine", "am")
    with pytest.raises(ValueError, match="word must be a str"):
        m.prob(3, ["am"])
    with pytest.raises(ValueError, match="not str"):
        m.evaluate([["I", 3]])
    with pytest.raises(ValueError, match="never seen"):
        MLE(3).fit(TOY).generate(context=["milk", "I"])


def test_index_of_unseen_and_lookup_shapes():
    vocab = text.Vocab.build(TOY)
    c = NGramCounts(vocab.encode_sentences(TOY), 3, len(vocab))
    grams = np.array([vocab.encode(["I", "am", "fine"]), vocab.encode(["fine", "am", "I"])])
    assert c.count(grams).tolist() == [1, 0]
    with pytest.raises(ValueError, match="shape"):
        c.index(np.zeros((2, 4), dtype=int))
    assert c.n_types(1) == 9  # 8 words + </s>


@pytest.mark.data
def test_ptb_mle_numbers(real_data):
    real_data("ptb")
    ptb = data.load_ptb()
    uni = MLE(1).fit(ptb["train"])
    ev = uni.evaluate(ptb["valid"])
    assert ev.tokens == 73_760 and ev.oov == 0
    assert ev.perplexity == pytest.approx(687.03, abs=0.01)
    tri = MLE(3).fit(ptb["train"])
    assert tri.counts_.n_tokens == 929_589
    assert len(tri.vocab_) == 10_001  # 9,999 PTB types incl. <unk>, plus <s> and </s>
    assert tri.evaluate(ptb["valid"]).perplexity == math.inf
    assert ngram.unseen_share(tri, ptb["valid"], 2) == pytest.approx(0.2048, abs=1e-4)


def test_count_of_word_ngrams():
    m = MLE(3).fit(TOY)
    assert m.count(["I", "am"]) == 2 and m.count(["I"]) == 3 and m.count(["<s>", "I"]) == 3
    assert m.count(["am", "I"]) == 0
    with pytest.raises(ValueError, match="1 to 3 words"):
        m.count(["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="1 to 3 words"):
        m.count("I am")


def test_more_bad_input():
    m = MLE(2).fit(TOY)
    with pytest.raises(ValueError, match="not one string"):
        m.generate(context="I am")
    with pytest.raises(ValueError, match="max_words"):
        m.generate(max_words=-1)
    with pytest.raises(ValueError, match="top must be"):
        m.next_distribution(["I"], top=0)
    with pytest.raises(ValueError, match=r"must be a text\.Vocab"):
        MLE(2).fit(TOY, vocab=["I", "am"])
    assert m.count(w for w in ["I", "am"]) == 2


def test_given_vocabulary_without_some_training_words():
    vocab = text.Vocab(["I", "am"])  # fine, happy, you, ... become <unk>
    m = MLE(2).fit(TOY, vocab=vocab)
    assert m.prob("<unk>", ["am"]) == 1.0 and m.prob("fine", ["am"]) == 1.0  # fine is <unk> here
    assert m.next_probs(["I"]).sum() == pytest.approx(1.0)
    assert m.evaluate([["I", "am", "zebra"]]).oov == 1


def test_cross_entropy_bits_is_log2_perplexity():
    ev = MLE(1).fit(TOY).evaluate(TOY)
    assert 2**ev.cross_entropy_bits == pytest.approx(ev.perplexity)


def test_unseen_share_of_a_lower_order_matches_that_orders_model():
    test = [s.split() for s in ["I am milk", "you like fine", "I am fine"]]
    high = MLE(3).fit(TOY)
    low = MLE(2).fit(TOY)
    assert ngram.unseen_share(high, test, 2) == ngram.unseen_share(low, test) == pytest.approx(3 / 12)
