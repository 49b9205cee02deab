import numpy as np
import pytest
import torch

from course_utils import embeddings as E
from course_utils import word2vec as w2v


def test_the_notes_simple_cbow_example():
    """x = [0,0,1,0,0,0] selects row [2,1,3] of W; the first score is its dot product with column [1,2,1] of W'."""
    W = np.arange(18, dtype=float).reshape(6, 3)
    W[2] = [2, 1, 3]
    W_out = np.ones((3, 6))
    W_out[:, 0] = [1, 2, 1]
    h, y = w2v.one_word_scores(W, W_out, 2)
    np.testing.assert_array_equal(h, [2, 1, 3])
    assert y[0] == 7 and y.shape == (6,)


def test_negative_sampling_gradients_match_autograd():
    g = torch.Generator().manual_seed(0)
    h = torch.randn(4, 3, dtype=torch.float64, generator=g, requires_grad=True)
    u = torch.randn(4, 6, 3, dtype=torch.float64, generator=g, requires_grad=True)
    labels = torch.zeros(4, 6, dtype=torch.float64)
    labels[:, 0] = 1
    weights = torch.rand(4, 6, dtype=torch.float64, generator=g)
    weights[1, 3] = 0  # padding
    loss, grad_h, grad_u = w2v.ns_loss_and_grads(h, u, labels, weights)
    s = (u @ h.unsqueeze(2)).squeeze(2)
    reference = -(
        weights * (labels * torch.nn.functional.logsigmoid(s) + (1 - labels) * torch.nn.functional.logsigmoid(-s))
    ).sum()
    reference.backward()
    assert loss.item() == pytest.approx(reference.item(), rel=1e-12)
    torch.testing.assert_close(grad_h, h.grad, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(grad_u, u.grad, rtol=1e-10, atol=1e-12)
    assert torch.autograd.gradcheck(
        lambda a, b: w2v.ns_loss_and_grads(a, b, labels, weights)[0],
        (h.detach().requires_grad_(), u.detach().requires_grad_()),
    )


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
def test_one_training_step_is_sgd_on_the_negative_sampling_loss(architecture):
    """The fast step (bmm, embedding_bag, index_add_) equals SGD on the loss written with autograd."""
    V, d, K, lr = 7, 4, 3, 0.1
    g = torch.Generator().manual_seed(1)
    model = w2v.Word2Vec(architecture, dim=d, negative=K, window=2)
    W0, Wout0 = torch.randn(V, d, generator=g), torch.randn(V, d, generator=g)
    model.W_, model.W_out_ = W0.clone(), Wout0.clone()
    if architecture == "skipgram":
        x = torch.tensor([0, 3, 3, 5])
    else:  # padded contexts, one of them with a repeated word
        x = torch.tensor([[1, 2, -1, -1], [3, 3, 0, -1], [4, -1, -1, -1], [6, 5, 4, 2]])
    y = torch.tensor([2, 1, 6, 0])
    table = torch.arange(V)
    loss = model._step(x, y, lr, table, torch.Generator().manual_seed(5), "cpu")

    negatives = torch.randint(0, V, (len(y) * K,), generator=torch.Generator().manual_seed(5)).view(len(y), K)
    out = torch.cat([y[:, None], negatives], 1)
    Wout = Wout0.clone().requires_grad_()
    if architecture == "skipgram":
        h = W0[x].clone().requires_grad_()
    else:
        h = torch.stack([W0[row[row >= 0]].mean(0) for row in x]).requires_grad_()
    s = (Wout[out] * h[:, None]).sum(2)
    reference = -(torch.nn.functional.logsigmoid(s[:, 0]).sum() + torch.nn.functional.logsigmoid(-s[:, 1:]).sum())
    reference.backward()
    expected_W = W0.clone()
    for i, row in enumerate(x.view(len(y), -1)):
        for word in row[row >= 0]:  # word2vec gives every context word the whole error of the mean
            expected_W[word] -= lr * h.grad[i]
    assert loss == pytest.approx(reference.item(), rel=1e-5)
    torch.testing.assert_close(model.W_out_, Wout0 - lr * Wout.grad)
    torch.testing.assert_close(model.W_, expected_W)


def test_softmax_gradients_match_autograd_with_several_masked_targets():
    g = torch.Generator().manual_seed(1)
    h = torch.randn(3, 4, dtype=torch.float64, generator=g, requires_grad=True)
    W_out = torch.randn(7, 4, dtype=torch.float64, generator=g, requires_grad=True)
    targets = torch.tensor([[1, 2, -1], [6, 6, 0], [3, -1, -1]])
    mask = (targets >= 0).double()
    loss, grad_h, grad_w = w2v.softmax_loss_and_grads(h, targets, mask, W_out)
    logp = torch.log_softmax(h @ W_out.T, 1)
    reference = -(logp.gather(1, targets.clamp(min=0)) * mask).sum()
    reference.backward()
    assert loss.item() == pytest.approx(reference.item(), rel=1e-12)
    torch.testing.assert_close(grad_h, h.grad)
    torch.testing.assert_close(grad_w, W_out.grad)


def test_keep_probabilities_follow_the_word2vec_formula():
    counts = np.array([1000, 100, 10, 1])
    p = w2v.keep_probabilities(counts, sample=0.01)  # threshold s·T = 11.11
    t = 0.01 * counts.sum()
    np.testing.assert_allclose(p[0], (np.sqrt(1000 / t) + 1) * t / 1000)
    assert p[2] == 1.0 and p[3] == 1.0 and np.all(np.diff(p) >= 0)
    assert np.all(w2v.keep_probabilities(counts, 0) == 1)
    # the share of tokens kept matches the formula
    rng = np.random.default_rng(0)
    ids = np.repeat(np.arange(4), counts)
    kept = rng.random(len(ids)) < p[ids]
    assert kept[ids == 0].mean() == pytest.approx(p[0], abs=0.03)
    with pytest.raises(ValueError, match="sample"):
        w2v.keep_probabilities(counts, -1)


@pytest.mark.parametrize("power", [0.0, 0.75, 1.0])
def test_noise_table_draws_from_unigram_to_the_power(power):
    counts = np.array([500, 200, 50, 10, 1])
    table = w2v.noise_table(counts, power, np.random.default_rng(0), size=200_000)
    freq = np.bincount(table.numpy(), minlength=5) / len(table)
    np.testing.assert_allclose(freq, w2v.noise_distribution(counts, power), atol=2e-5)
    assert len(table) == 200_000


def test_skipgram_pairs_match_a_loop_and_stay_within_sentences():
    ids = np.array([5, 6, 7, 8, 9, 1, 2, 3])
    sent = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    c, x = w2v.skipgram_pairs(ids, sent, 2, np.random.default_rng(3))
    b = np.random.default_rng(3).integers(1, 3, size=len(ids))  # the same dynamic windows
    expected = sorted(
        (ids[i], ids[j])
        for i in range(len(ids))
        for j in range(len(ids))
        if i != j and abs(i - j) <= b[i] and sent[i] == sent[j]
    )
    assert sorted(zip(c.tolist(), x.tolist(), strict=True)) == [(int(a), int(b_)) for a, b_ in expected]
    ctx, centre = w2v.cbow_examples(ids, sent, 2, np.random.default_rng(3))
    for row, w in zip(ctx, centre, strict=True):
        assert sorted(row[row >= 0].tolist()) == sorted(int(v) for a, v in expected if a == w)


def _topic_corpus(n=300, seed=0):
    rng = np.random.default_rng(seed)
    animals, fruit = ["cat", "dog", "cow", "pig"], ["apple", "pear", "plum", "fig"]
    return [list(rng.choice(animals if k % 2 else fruit, size=6)) for k in range(n)]


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
@pytest.mark.parametrize("objective", ["negative", "softmax"])
def test_training_separates_two_topics(architecture, objective):
    model = w2v.Word2Vec(
        architecture, objective=objective, dim=8, window=2, min_count=1, sample=0, epochs=5, batch_size=64, negative=3
    )
    model.fit(_topic_corpus())
    wv = model.wv_
    assert model.history_.train_loss[-1] < model.history_.train_loss[0]
    for w in ("cat", "apple"):
        group = {"cat", "dog", "cow", "pig"} if w == "cat" else {"apple", "pear", "plum", "fig"}
        assert {n for n, _ in wv.most_similar(w, 3)} <= group
    again = w2v.Word2Vec(
        architecture, objective=objective, dim=8, window=2, min_count=1, sample=0, epochs=5, batch_size=64, negative=3
    ).fit(_topic_corpus())
    np.testing.assert_array_equal(again.wv_.vectors, wv.vectors)  # seeded


def test_bad_hyper_parameters_and_corpus():
    with pytest.raises(ValueError, match="architecture"):
        w2v.Word2Vec("glove")
    with pytest.raises(ValueError, match="objective"):
        w2v.Word2Vec(objective="hierarchical")
    with pytest.raises(ValueError, match="min_count"):
        w2v.Word2Vec(min_count=5).fit([["a", "b"]])
    with pytest.raises(ValueError):
        w2v.Word2Vec().fit([])


def test_train_gensim_takes_the_same_settings_as_ours():
    pytest.importorskip("gensim")
    settings = dict(dim=8, window=2, negative=3, sample=0, min_count=2, epochs=2)
    wv, seconds = w2v.train_gensim(_topic_corpus(), "cbow", **settings, threads=1, seed=0)
    ours = w2v.Word2Vec("cbow", **settings).fit(_topic_corpus())
    assert isinstance(wv, E.WordVectors) and wv.dim == 8 and seconds > 0
    assert set(wv.words) == set(ours.words_)  # the same vocabulary from the same min_count
    with pytest.raises(ValueError, match="architecture"):
        w2v.train_gensim(_topic_corpus(), "glove", **settings)


def test_the_vocabulary_is_a_vocab_without_specials():
    corpus = [["<unk>", "a", "<unk>", "b"], ["b", "<unk>"]] * 3
    model = w2v.Word2Vec(dim=4, window=1, min_count=1, epochs=1, sample=0).fit(corpus)
    assert model.words_ == model.vocab_.itos == ["<unk>", "b", "a"] and not model.vocab_.specials
    assert model.counts_.tolist() == [9, 6, 3] and model.W_.shape == (3, 4)


def test_word_vectors_neighbours_and_errors():
    wv = E.WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]))
    assert wv.most_similar("a", 1)[0][0] == "b"
    assert [w for w, _ in wv.most_similar("a", 10)] == ["b", "c"]  # never the query itself, even with topn > |V|
    assert wv.similarity("a", "c") == pytest.approx(0.0)
    with pytest.raises(KeyError, match="'zzz' is not in the vocabulary"):
        wv["zzz"]
    with pytest.raises(ValueError, match="one vector per word"):
        E.WordVectors(["a"], np.zeros((2, 2)))


def test_spearman_with_ties_against_scipy():
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 5, 40).astype(float), rng.normal(size=40)
    assert E.spearman(x, y) == pytest.approx(scipy_stats.spearmanr(x, y).statistic, rel=1e-12)
    assert E.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_similarity_and_analogy_evaluation_on_hand_made_vectors():
    words = ["man", "woman", "king", "queen", "apple", "pear"]
    vecs = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 1], [0, 0.2, 0, 1]], dtype=float)
    wv = E.WordVectors(words, vecs)
    pairs = [
        ("man", "woman", 8.0),
        ("king", "queen", 8.5),
        ("apple", "pear", 9.0),
        ("man", "apple", 0.5),
        ("x", "y", 3.0),
    ]
    result = E.evaluate_similarity(wv, pairs)
    assert result.pairs_used == 4 and result.coverage == pytest.approx(0.8)
    questions = [
        ("man", "woman", "king", "queen", "gender"),
        ("man", "king", "woman", "queen", "royal"),
        ("man", "woman", "unknown", "x", "gender"),
    ]
    for method in ("add", "mul"):
        r = E.evaluate_analogies(wv, questions, method)
        assert r.accuracy == 1.0 and r.questions_used == 2 and r.questions_total == 3
        assert r.sections == {"gender": (1, 1), "royal": (1, 1)}
    assert wv.analogy("man", "woman", "king")[0][0] == "queen"
    with pytest.raises(ValueError, match="3CosAdd"):
        E.evaluate_analogies(wv, questions, "max")


@pytest.mark.data
def test_registered_evaluation_sets(real_data):
    real_data("word-eval")
    assert len(E.load_similarity("wordsim353")) == 353
    assert len(E.load_similarity("simlex999")) == 999
    questions = E.load_analogies()
    assert len(questions) == 19_544 and len({q[4] for q in questions}) == 14
    with pytest.raises(ValueError, match="unknown similarity set"):
        E.load_similarity("men")


def test_project_2d_is_pca():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 5)) * [5, 3, 0.1, 0.1, 0.1]
    xy = E.project_2d(x)
    assert xy.shape == (50, 2)
    assert np.var(xy[:, 0]) > np.var(xy[:, 1]) > 0.5
