import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from course_utils import cooccurrence as C

TOY = [s.split() for s in ("I have a cat", "cat eat fish", "I have a apple")]


def cell(model, a, b):
    i, j = model.words_.index(a), model.words_.index(b)
    return model.matrix_[i, j]


def test_the_notes_example_with_sentence_contexts():
    """I and have share two sentences (weight 2); I and cat one (weight 1)."""
    m = C.Cooccurrence(None).fit(TOY)
    assert cell(m, "I", "have") == 2 and cell(m, "I", "cat") == 1
    expected = {
        ("I", "have"): 2, ("I", "a"): 2, ("I", "cat"): 1, ("I", "apple"): 1,
        ("have", "a"): 2, ("have", "cat"): 1, ("have", "apple"): 1,
        ("a", "cat"): 1, ("a", "apple"): 1,
        ("cat", "eat"): 1, ("cat", "fish"): 1, ("eat", "fish"): 1,
    }  # fmt: skip
    X = np.zeros((7, 7))
    for (a, b), v in expected.items():
        i, j = m.words_.index(a), m.words_.index(b)
        X[i, j] = X[j, i] = v
    np.testing.assert_array_equal(m.dense(), X)


def test_a_window_of_one_does_not_give_the_notes_numbers():
    m = C.Cooccurrence(1).fit(TOY)
    assert cell(m, "I", "have") == 2 and cell(m, "I", "cat") == 0  # I and cat are 3 words apart


def test_window_directional_and_distance_weighting():
    sentences = [["a", "b", "c", "d"], ["c", "a"]]
    sym = C.Cooccurrence(2).fit(sentences)
    right = C.Cooccurrence(2, symmetric=False).fit(sentences)
    np.testing.assert_array_equal(sym.dense(), right.dense() + right.dense().T)
    assert cell(right, "a", "c") == 1 and cell(right, "c", "a") == 1  # a→c in sentence 1, c→a in sentence 2
    assert cell(right, "a", "d") == 0  # 3 apart, outside the window
    harmonic = C.Cooccurrence(3, distance_weighting=True).fit(sentences)
    assert cell(harmonic, "a", "d") == pytest.approx(1 / 3) and cell(harmonic, "a", "b") == 1
    assert cell(harmonic, "a", "c") == pytest.approx(1 / 2 + 1)


def test_contexts_stay_in_their_sentence_and_dropped_words_keep_their_place():
    sentences = [["x", "y"], ["x", "y"], ["y", "x", "rare", "y"]]
    m = C.Cooccurrence(1, min_count=2).fit(sentences)
    assert "rare" not in m.words_
    assert cell(m, "y", "y") == 0  # one sentence ends with y and the next starts with y: not a pair
    assert cell(m, "x", "y") == 3  # in sentence 3, "rare" sits between x and the last y
    assert cell(C.Cooccurrence(2, min_count=2).fit(sentences), "x", "y") == 4


@given(st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=8), min_size=1, max_size=6), st.integers(1, 4))
def test_counts_are_symmetric_and_count_every_pair_within_the_window(sentences, window):
    m = C.Cooccurrence(window).fit(sentences)
    X = m.dense()
    np.testing.assert_array_equal(X, X.T)
    pairs = sum(max(len(s) - d, 0) for s in sentences for d in range(1, window + 1))
    assert X.sum() == 2 * pairs


def test_ppmi_on_a_hand_computed_matrix():
    X = np.array([[4.0, 2, 0], [2, 0, 1], [0, 1, 3]])  # total 13, row and column sums 6, 3, 4
    pmi = C.weight(X, "pmi").toarray()
    assert pmi[0, 0] == pytest.approx(np.log(4 * 13 / (6 * 6)))
    assert pmi[0, 1] == pytest.approx(np.log(2 * 13 / (6 * 3)))
    assert pmi[1, 2] == pytest.approx(np.log(1 * 13 / (3 * 4)))
    assert pmi[2, 2] == pytest.approx(np.log(3 * 13 / (4 * 4)))
    assert pmi[0, 2] == 0 and pmi[1, 1] == 0  # unseen pairs stay 0 (PMI_0), not -inf
    ppmi = C.weight(X, "ppmi").toarray()
    np.testing.assert_allclose(ppmi, np.maximum(pmi, 0))
    shifted = C.weight(X, "ppmi", shift=1.2).toarray()
    np.testing.assert_allclose(shifted, np.where(X > 0, np.maximum(pmi - np.log(1.2), 0), 0))
    # context-distribution smoothing: P_a(c) = c^a / sum c^a for the columns only
    col = np.array([6.0, 3, 4]) ** 0.5
    smoothed = C.weight(X, "pmi", alpha=0.5).toarray()
    assert smoothed[1, 2] == pytest.approx(np.log((1 / 13) / ((3 / 13) * (col[2] / col.sum()))))
    np.testing.assert_allclose(C.weight(X, "log").toarray(), np.log1p(X))
    np.testing.assert_array_equal(C.weight(X, "raw").toarray(), X)


def test_pmi_is_negative_for_pairs_rarer_than_chance():
    X = np.array([[1.0, 9], [9, 1]])
    pmi = C.weight(X, "pmi").toarray()
    assert pmi[0, 0] < 0 < pmi[0, 1] and C.weight(X, "ppmi").toarray()[0, 0] == 0


@pytest.mark.parametrize("k", [1, 3, 7])
def test_svd_reconstruction_error_is_the_dropped_singular_values(k):
    M = np.random.default_rng(k).normal(size=(12, 9))
    full = np.linalg.svd(M, compute_uv=False)
    d = C.svd(M, k, "full")
    np.testing.assert_allclose(d.S, full[:k])
    assert C.reconstruction_error(M, d) == pytest.approx(np.sqrt((full[k:] ** 2).sum()), rel=1e-10)


@pytest.mark.parametrize("method", ["truncated", "randomized"])
def test_truncated_and_randomized_svd_agree_with_the_full_one(method):
    rng = np.random.default_rng(0)
    low_rank = rng.normal(size=(80, 5)) @ np.diag([50, 30, 20, 10, 5]) @ rng.normal(size=(5, 60))
    M = sp.csr_matrix(low_rank + 0.01 * rng.normal(size=(80, 60)))
    exact = C.svd(M, 5, "full")
    approx = C.svd(M, 5, method)
    np.testing.assert_allclose(approx.S, exact.S, rtol=1e-6)
    np.testing.assert_allclose(np.abs(approx.U.T @ exact.U), np.eye(5), atol=1e-5)  # the same subspace
    # signs are fixed: the largest entry of each column of U is positive
    assert (approx.U[np.abs(approx.U).argmax(0), np.arange(5)] > 0).all()


def test_svd_vectors_weight_the_singular_values():
    d = C.svd(np.diag([4.0, 1.0, 0.25]), 2, "full")
    np.testing.assert_allclose(
        np.abs(C.svd_vectors(list("abc"), d, p=1, normalize=False).vectors), [[4, 0], [0, 1], [0, 0]]
    )
    np.testing.assert_allclose(
        np.abs(C.svd_vectors(list("abc"), d, p=0.5, normalize=False).vectors)[:2], [[2, 0], [0, 1]]
    )
    unit = C.svd_vectors(list("abc"), d, p=1)
    np.testing.assert_allclose(np.linalg.norm(unit.vectors[:2], axis=1), 1, rtol=1e-6)


def test_count_vectors_separate_two_topics():
    rng = np.random.default_rng(0)
    topics = [["cat", "dog", "pet", "fur", "paw"], ["stock", "bond", "bank", "loan", "rate"]]
    corpus = [list(rng.choice(topics[i % 2], size=8)) for i in range(400)]
    wv = C.CountVectors(2, dim=2, min_count=1, method="full").fit(corpus).wv_
    assert wv.similarity("cat", "dog") > 0.8 and wv.similarity("cat", "bank") < 0.3


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="empty"):
        C.Cooccurrence(2).fit([])
    with pytest.raises(ValueError, match="window"):
        C.Cooccurrence(0)
    with pytest.raises(ValueError, match="min_count"):
        C.Cooccurrence(2, min_count=5).fit(TOY)
    with pytest.raises(ValueError, match="unknown weighting"):
        C.weight(np.eye(2), "tfidf")
    with pytest.raises(ValueError, match=">= 0"):
        C.weight(-np.eye(2))
    with pytest.raises(ValueError, match="all zeros"):
        C.weight(np.zeros((2, 2)), "ppmi")
    with pytest.raises(ValueError, match="rank must be between 1 and 2"):
        C.svd(np.eye(3), 3, "truncated")
    with pytest.raises(ValueError, match="unknown SVD method"):
        C.CountVectors(method="qr")


def test_vectors_of_a_smaller_rank_are_a_prefix_of_the_svd():
    rng = np.random.default_rng(1)
    corpus = [list(rng.choice(list("abcdefghij"), size=6)) for _ in range(200)]
    model = C.CountVectors(2, dim=6, min_count=1, method="full").fit(corpus)
    direct = C.CountVectors.from_cooccurrence(model.cooccurrence_, dim=3, method="full")
    np.testing.assert_allclose(model.vectors(3).vectors, direct.wv_.vectors, atol=1e-6)
    np.testing.assert_allclose(model.vectors(p=0).vectors, model.vectors(6, 0.0).vectors)
    with pytest.raises(ValueError, match="between 1 and 6"):
        model.vectors(7)


def test_count_vectors_report_shows_neighbours_and_scores():
    from course_utils import widgets

    rng = np.random.default_rng(0)
    topics = [["cat", "dog", "pet", "fur"], ["stock", "bond", "bank", "loan"]]
    corpus = [list(rng.choice(topics[i % 2], size=8)) for i in range(200)]
    model = C.CountVectors(2, dim=3, min_count=1, method="full").fit(corpus)
    sets = {
        "wordsim353": [("cat", "dog", 9.0), ("cat", "bank", 1.0), ("stock", "bond", 8.0)],
        "simlex999": [("cat", "dog", 9.0), ("cat", "bank", 1.0)],
        "analogies": [("cat", "dog", "stock", "bond", "x")],
    }
    text = widgets.count_vectors_report(model, "cat", sets, rank=2)
    assert text.startswith("window 2, ppmi, rank 2:") and "cat →" in text and "WS-353 ρ" in text
    assert "'zebra' is not in the vocabulary" in widgets.count_vectors_report(model, "zebra", sets, rank=2)
    box = widgets.count_vectors_explorer(corpus, sets, fitted={(5, "ppmi"): model}, query="cat", rank=3)
    assert type(box).__name__ == "VBox"


def test_from_cooccurrence_takes_the_counting_settings_from_the_counts():
    rng = np.random.default_rng(2)
    corpus = [list(rng.choice(list("abcdefghij"), size=6)) for _ in range(200)]
    counts = C.Cooccurrence(3, distance_weighting=True, min_count=2).fit(corpus)
    shared = C.CountVectors.from_cooccurrence(counts, dim=4, method="full", weighting="log")
    assert (shared.window, shared.distance_weighting, shared.min_count, shared.symmetric) == (3, True, 2, True)
    assert shared.cooccurrence_ is counts
    alone = C.CountVectors(3, dim=4, method="full", weighting="log", distance_weighting=True, min_count=2).fit(corpus)
    np.testing.assert_array_equal(shared.wv_.vectors, alone.wv_.vectors)  # counting once changes nothing


def test_counts_and_the_models_counting_settings_cannot_disagree():
    counts = C.Cooccurrence(2, min_count=1).fit(TOY)
    with pytest.raises(ValueError, match="window, min_count come"):
        C.CountVectors.from_cooccurrence(counts, window=5, min_count=1)
    with pytest.raises(ValueError, match="from_cooccurrence"):
        C.CountVectors(2, min_count=1).fit(counts)
    with pytest.raises(ValueError, match="fit"):
        C.CountVectors.from_cooccurrence(C.Cooccurrence(2))  # not counted yet
    with pytest.raises(ValueError, match="dim must be"):
        C.CountVectors(dim=0)
