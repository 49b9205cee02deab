"""The readable reference implementations (course_utils.reference) agree with the fast code on random inputs.

A notebook shows the reference beside its equation and runs the fast code; these tests are why that is
honest: if an optimisation in the fast code changed what it computes, a test here fails.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import reference as R
from course_utils.glove import GloVe, initial_parameters
from course_utils.ngram import MLE, NGramCounts
from course_utils.rnn import NumpyRNN
from course_utils.smoothing import AbsoluteDiscounting, AddK, KneserNey, ModifiedKneserNey
from course_utils.text import Vocab
from course_utils.transformer import attention, causal_mask
from course_utils.word2vec import Word2Vec

WORDS = ["a", "b", "c", "d", "e"]
corpora = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7), min_size=1, max_size=8)


def _queries(model, n: int, seed: int) -> list[tuple[list[str], str]]:
    """Random (history, word) pairs, histories padded with <s> as at the start of a sentence."""
    rng = np.random.default_rng(seed)
    words = [*WORDS, "</s>"]
    out = []
    for _ in range(25):
        start = rng.integers(0, n)  # how many <s> the history starts with
        history = ["<s>"] * int(start) + list(rng.choice(WORDS, size=n - 1 - int(start)))
        out.append((history, str(rng.choice(words))))
    return out


@settings(max_examples=25, deadline=None)
@given(corpora, st.integers(1, 4))
def test_counts_are_the_fast_counts(sentences, n):
    vocab = Vocab.build(sentences, min_count=1)
    fast = NGramCounts(vocab.encode_sentences(sentences), n, len(vocab), vocab.bos_id, vocab.eos_id)
    for gram, c in R.count_ngrams(sentences, n).items():
        assert fast.count(np.array([vocab.encode(list(gram))]))[0] == c
    assert sum(c for g, c in R.count_ngrams(sentences, n).items() if len(g) == n) == fast.n_tokens


@settings(max_examples=25, deadline=None)
@given(corpora, st.integers(1, 3), st.sampled_from([1.0, 0.1]), st.integers(0, 10**6))
def test_mle_and_add_k_agree(sentences, n, k, seed):
    mle, addk = MLE(n).fit(sentences), AddK(n, k=k).fit(sentences)
    counts = R.count_ngrams(sentences, n)
    for history, word in _queries(mle, n, seed):
        assert R.mle_prob(counts, word, history) == pytest.approx(mle.prob(word, history), abs=1e-12)
        expected = R.add_k_prob(counts, word, history, k, addk.n_predictable_)
        assert expected == pytest.approx(addk.prob(word, history), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(corpora, st.integers(1, 4), st.sampled_from(["abs", "kn", "mkn"]), st.integers(0, 10**6))
def test_kneser_ney_agrees(sentences, n, kind, seed):
    model = {"abs": AbsoluteDiscounting, "kn": KneserNey, "mkn": ModifiedKneserNey}[kind](n)
    model.fit(sentences)
    counts = R.count_ngrams(sentences, n)
    discounts = {k: model.discounts(k) for k in range(1, n + 1)}
    for history, word in _queries(model, n, seed):
        ref = R.kneser_ney_prob(counts, word, history, discounts, model.n_predictable_, continuation=kind != "abs")
        assert ref == pytest.approx(model.prob(word, history), rel=1e-9)


def test_kneser_ney_reference_sums_to_one():
    sentences = [["a", "b", "c"], ["b", "c", "a", "b"], ["c", "c"]]
    counts = R.count_ngrams(sentences, 3)
    discounts = {k: (0.5, 0.7, 0.9) for k in (1, 2, 3)}
    for history in (["<s>", "<s>"], ["a", "b"], ["c", "a"], ["d", "d"]):
        total = sum(R.kneser_ney_prob(counts, w, history, discounts, 5) for w in ["a", "b", "c", "<unk>", "</s>"])
        assert total == pytest.approx(1.0)


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_word2vec_step_agrees(architecture, seed):
    V, d, K, B = 7, 4, 3, 5
    model = Word2Vec(architecture, dim=d, negative=K, window=2)
    g = torch.Generator().manual_seed(seed)
    model.W_ = torch.randn(V, d, generator=g, dtype=torch.float64)
    model.W_out_ = torch.randn(V, d, generator=g, dtype=torch.float64) * 0.5
    rng = np.random.default_rng(seed)
    if architecture == "skipgram":
        x = torch.from_numpy(rng.integers(0, V, B))
        inputs = [[int(i)] for i in x]
    else:  # contexts padded with -1 (the fast code's convention)
        x = torch.from_numpy(rng.integers(0, V, (B, 4)))
        x[0, 3] = x[2, 0] = -1
        inputs = [[int(i) for i in row if i >= 0] for row in x]
    y = torch.from_numpy(rng.integers(0, V, B))
    table = torch.from_numpy(rng.integers(0, V, 50))
    draws = torch.randint(0, len(table), (B * K,), generator=torch.Generator().manual_seed(seed + 9))
    negatives = table[draws].view(B, K)
    examples = [(inputs[b], int(y[b]), [int(w) for w in negatives[b]]) for b in range(B)]
    W_in, W_out = model.W_.numpy().copy(), model.W_out_.numpy().copy()
    ref_loss = R.word2vec_step(W_in, W_out, examples, lr=0.1)
    loss = model._step(x, y, 0.1, table, torch.Generator().manual_seed(seed + 9), "cpu")
    assert loss == pytest.approx(ref_loss, rel=1e-6)  # the fast loss sums in float32
    np.testing.assert_allclose(model.W_.numpy(), W_in, atol=1e-12)
    np.testing.assert_allclose(model.W_out_.numpy(), W_out, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 3])
def test_glove_step_agrees(seed):
    sentences = [["a", "b", "c", "a", "d"], ["b", "c", "b", "e", "a"], ["d", "a", "c"]]
    model = GloVe(dim=3, window=2, min_count=1, epochs=1, batch_size=10_000, vectors="word", x_max=2.0, seed=seed)
    model.fit(sentences)
    V, d = model.W_.shape
    init = [p.double().numpy() for p in initial_parameters(V, d, torch.Generator().manual_seed(seed))]
    params = dict(zip(("W", "W_ctx", "b", "b_ctx"), init, strict=True))
    squares = {name: np.ones_like(p) for name, p in params.items()}
    coo = model.cooccurrence_.matrix_.tocoo()
    entries = list(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
    loss = R.glove_step(params, squares, entries, lr=model.lr, x_max=2.0)
    assert loss / len(entries) == pytest.approx(model.history_.train_loss[0], rel=1e-5)
    np.testing.assert_allclose(params["W"], model.W_.numpy(), atol=1e-6)
    np.testing.assert_allclose(params["b_ctx"], model.b_ctx_.numpy(), atol=1e-6)


def test_rnn_bptt_agrees_with_numpy_rnn_and_autograd():
    net = NumpyRNN(n_in=3, n_hidden=5, n_out=4, rho=1.1, seed=2)
    rng = np.random.default_rng(0)
    xs, targets = rng.normal(size=(6, 3)), rng.integers(0, 4, 6)
    ref = R.rnn_bptt(net.params, xs, targets)
    _, cache = net.forward(xs[:, None, :], targets[:, None])
    fast, _ = net.backward(cache)
    for name in ref:
        np.testing.assert_allclose(ref[name], fast[name], atol=1e-12)
    # and torch's autograd on the same equations
    p = {name: torch.tensor(v, requires_grad=True) for name, v in net.params.items()}
    h, loss = torch.zeros(5, dtype=torch.float64), 0.0
    for t in range(6):
        h = torch.tanh(p["W_xh"] @ torch.from_numpy(xs[t]) + p["W_hh"] @ h + p["b_h"])
        loss = loss - torch.log_softmax(p["W_hy"] @ h + p["b_y"], 0)[int(targets[t])] / 6
    loss.backward()
    for name in ref:
        np.testing.assert_allclose(ref[name], p[name].grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_attention_loops_agree(causal):
    g = torch.Generator().manual_seed(4)
    q, k, v = (torch.randn(6, d, generator=g, dtype=torch.float64) for d in (4, 4, 3))
    fast, _ = attention(q, k, v, causal_mask(6) if causal else None)
    ref = R.attention_loops(q.numpy(), k.numpy(), v.numpy(), causal=causal)
    np.testing.assert_allclose(ref, fast.numpy(), atol=1e-12)
