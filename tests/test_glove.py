import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from course_utils import glove as G
from course_utils.checks import TrainingDivergedError
from course_utils.cooccurrence import Cooccurrence


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_weighting_is_zero_at_zero_increasing_and_capped_at_one(a, b):
    lo, hi = sorted((a, b))
    f_lo, f_hi = G.weighting(np.array([lo, hi]), 100.0, 0.75)
    assert 0 <= f_lo <= f_hi <= 1


def test_weighting_values():
    np.testing.assert_allclose(G.weighting(np.array([0.0, 10, 100, 1000]), 100, 0.75), [0, 0.1**0.75, 1, 1])
    torch.testing.assert_close(G.weighting(torch.tensor([50.0]), 100, 1.0), torch.tensor([0.5]))
    with pytest.raises(ValueError, match="x_max"):
        G.weighting(1.0, 0.0)


def test_loss_and_gradients_match_autograd_and_finite_differences():
    g = torch.Generator().manual_seed(0)
    B, d = 6, 4
    w, wc = torch.randn(B, d, generator=g, dtype=torch.float64), torch.randn(B, d, generator=g, dtype=torch.float64)
    b, bc = torch.randn(B, generator=g, dtype=torch.float64), torch.randn(B, generator=g, dtype=torch.float64)
    log_x = torch.rand(B, generator=g, dtype=torch.float64) * 3
    f = torch.rand(B, generator=g, dtype=torch.float64)
    leaves = [t.clone().requires_grad_() for t in (w, wc, b, bc)]
    reference = (f * ((leaves[0] * leaves[1]).sum(1) + leaves[2] + leaves[3] - log_x) ** 2).sum()
    reference.backward()
    loss, grads = G.glove_loss_and_grads(w, wc, b, bc, log_x, f)
    assert loss.item() == pytest.approx(reference.item(), rel=1e-12)
    for mine, leaf in zip(grads, leaves, strict=True):
        torch.testing.assert_close(mine, leaf.grad, rtol=1e-10, atol=1e-12)
    assert torch.autograd.gradcheck(
        lambda *p: G.glove_loss_and_grads(*p, log_x, f)[0], tuple(t.clone().requires_grad_() for t in (w, wc, b, bc))
    )


def _low_rank_counts(V=12, rank=2, seed=0):
    """A co-occurrence matrix whose logs are exactly rank-2 plus biases: X_ij = exp(u_i·v_j + a_i + c_j)."""
    rng = np.random.default_rng(seed)
    u, v = rng.normal(size=(V, rank)), rng.normal(size=(V, rank))
    log_x = u @ v.T + rng.uniform(1, 2, V)[:, None] + rng.uniform(1, 2, V)[None, :]
    co = Cooccurrence(2, distance_weighting=True, min_count=1)
    co.words_ = [f"w{k}" for k in range(V)]
    co.counts_ = np.ones(V, dtype=np.int64)
    import scipy.sparse as sp

    co.matrix_ = sp.csr_matrix(np.exp(log_x))
    return co, log_x


@pytest.mark.parametrize("optimizer,lr", [("adagrad", 0.2), ("adam", 0.05)])
def test_training_recovers_a_known_low_rank_log_structure(optimizer, lr):
    co, log_x = _low_rank_counts()
    model = G.GloVe.from_cooccurrence(
        co, dim=4, epochs=300, optimizer=optimizer, lr=lr, batch_size=32, x_max=1.0, seed=0
    )
    i, j = np.indices(log_x.shape)
    predicted = model.predict_log_counts(i.ravel(), j.ravel()).reshape(log_x.shape)
    error = np.abs(predicted - log_x)  # log X ranges over about 8 units
    assert error.mean() < 0.03 and error.max() < 0.3
    assert model.history_.train_loss[-1] < 1e-3 * model.history_.train_loss[0]


def test_divergence_is_an_error_not_a_nan():
    co, _ = _low_rank_counts()
    with pytest.raises(ValueError, match="diverged"):
        G.GloVe.from_cooccurrence(co, dim=4, epochs=50, lr=5.0, batch_size=32, x_max=1.0)


def test_fit_from_sentences_is_seeded_and_gives_word_vectors():
    rng = np.random.default_rng(0)
    topics = [["cat", "dog", "pet", "fur", "paw"], ["stock", "bond", "bank", "loan", "rate"]]
    corpus = [list(rng.choice(topics[i % 2], size=8)) for i in range(300)]
    a = G.GloVe(dim=8, window=3, min_count=1, epochs=30, x_max=10, seed=1).fit(corpus)
    b = G.GloVe(dim=8, window=3, min_count=1, epochs=30, x_max=10, seed=1).fit(corpus)
    np.testing.assert_array_equal(a.wv_.vectors, b.wv_.vectors)
    assert a.cooccurrence_.distance_weighting and a.cooccurrence_.window == 3
    assert a.wv_.similarity("cat", "dog") > a.wv_.similarity("cat", "bank")
    word_only = G.GloVe(dim=8, window=3, min_count=1, epochs=1, vectors="word", seed=1).fit(corpus)
    np.testing.assert_array_equal(word_only.wv_.vectors, word_only.W_.numpy())


def test_from_cooccurrence_equals_fit_and_refuses_other_counts():
    rng = np.random.default_rng(0)
    corpus = [list(rng.choice(list("abcdefgh"), size=8)) for _ in range(100)]
    counts = Cooccurrence(3, distance_weighting=True, min_count=2).fit(corpus)
    shared = G.GloVe.from_cooccurrence(counts, dim=4, epochs=3, seed=1)
    assert (shared.window, shared.min_count, shared.max_vocab) == (3, 2, None) and shared.cooccurrence_ is counts
    alone = G.GloVe(dim=4, window=3, min_count=2, epochs=3, seed=1).fit(corpus)
    np.testing.assert_array_equal(shared.wv_.vectors, alone.wv_.vectors)
    with pytest.raises(ValueError, match="window come"):
        G.GloVe.from_cooccurrence(counts, window=10, dim=4)
    with pytest.raises(ValueError, match="1/distance"):
        G.GloVe.from_cooccurrence(Cooccurrence(3, min_count=2).fit(corpus), dim=4)
    with pytest.raises(ValueError, match="from_cooccurrence"):
        G.GloVe(window=3, min_count=2).fit(counts)


def test_bad_hyper_parameters():
    with pytest.raises(ValueError, match="optimizer"):
        G.GloVe(optimizer="sgd")
    with pytest.raises(ValueError, match="vectors"):
        G.GloVe(vectors="mean")
    with pytest.raises(ValueError, match="alpha"):
        G.GloVe(alpha=0)
    with pytest.raises(ValueError, match="empty"):
        G.GloVe(min_count=1).fit([["lonely"]])


def test_cooccurrence_ratios_and_their_table():
    from course_utils import widgets

    sentences = [["ice", "solid"], ["ice", "water"], ["steam", "gas"], ["steam", "water"], ["ice", "solid"]]
    co = Cooccurrence(1).fit(sentences)
    rows = {k: (p_i, p_j, r) for k, p_i, p_j, r in G.cooccurrence_ratios(co, "ice", "steam", ["solid", "gas", "water"])}
    assert rows["solid"][:2] == (2 / 3, 0.0) and rows["solid"][2] == float("inf")
    assert rows["water"] == (1 / 3, 1 / 2, pytest.approx(2 / 3))
    assert rows["gas"][2] == 0.0
    text = widgets.ratio_table(co, "ice", "steam", "solid water")
    assert text.splitlines()[0].split() == ["k", "P(k|ice)", "P(k|steam)", "ratio"] and "0.67" in text
    assert "'fire'" in widgets.ratio_table(co, "ice", "fire", "water")  # unknown words are named, not raised
    assert type(widgets.ratio_explorer(co, "ice", "steam", "water")).__name__ == "VBox"


def test_cooccurrence_ratios_refuse_a_string_of_probes_and_name_unknown_words():
    from course_utils.checks import UnknownWordError

    co = Cooccurrence(1).fit([["ice", "solid"], ["steam", "gas"], ["ice", "water"], ["steam", "water"]])
    with pytest.raises(ValueError, match="list of probe words must be a list of words, not one string"):
        G.cooccurrence_ratios(co, "ice", "steam", "water")  # would be read as w, a, t, e, r
    with pytest.raises(UnknownWordError, match=r"co-occurrence matrix \(5 words\): 'fire', 'sat'; check") as caught:
        G.cooccurrence_ratios(co, "ice", "fire", ["sat", "water", "sat"])
    assert isinstance(caught.value, KeyError) and not str(caught.value).startswith('"')  # a sentence, not a repr
    with pytest.raises(ValueError, match="word i is the empty string"):
        G.cooccurrence_ratios(co, "", "steam", ["water"])
    with pytest.raises(ValueError, match="word j must be a str"):
        G.cooccurrence_ratios(co, "ice", ["steam"], ["water"])
    with pytest.raises(ValueError, match="no counts yet"):
        G.cooccurrence_ratios(Cooccurrence(1), "ice", "steam", ["water"])


TINY = [s.split() for s in ["the cat sat on the mat", "the dog sat on the log", "a cat saw a dog"]] * 20


def _initial_vectors(model):
    g = torch.Generator().manual_seed(model.seed)
    V, d = len(model.cooccurrence_.words_), model.dim
    w, w_ctx = ((torch.rand(V, d, generator=g) - 0.5) / d for _ in range(2))
    return (w + w_ctx).numpy()


@pytest.mark.parametrize("lr", [1e6, 1e30])
def test_a_diverging_glove_run_stops_restores_and_says_which_setting_to_change(lr):
    model = G.GloVe(lr=lr, dim=4, epochs=3, min_count=1)  # one batch per epoch: epoch 2 measures epoch 1's step
    with pytest.raises(TrainingDivergedError, match=r"diverged in epoch 2, batch 1 of 1.*initial vectors are restored"):
        model.fit(TINY)
    assert len(model.history_.train_loss) == 1  # epoch 1's loss, measured before its step
    np.testing.assert_array_equal(model.wv_.vectors, _initial_vectors(model))  # wv_ holds the restored vectors
    assert torch.isfinite(model.W_).all() and torch.isfinite(model.b_ctx_).all()


def test_divergence_within_an_epoch_restores_that_epochs_start_and_keeps_the_history():
    model = G.GloVe(lr=1e6, dim=4, epochs=3, min_count=1, batch_size=8)
    with pytest.raises(
        TrainingDivergedError, match=r"epoch 1, batch 2 of \d+.*lower lr \(now 1e\+06; try lr=100000"
    ) as caught:
        model.fit(TINY)
    assert caught.value.history is model.history_ and model.history_.train_loss == []
    np.testing.assert_array_equal(model.wv_.vectors, _initial_vectors(model))
    adam = G.GloVe(lr=1e30, dim=4, epochs=3, min_count=1, optimizer="adam")
    with pytest.raises(TrainingDivergedError, match=r"Adam's default here is 0\.01"):
        adam.fit(TINY)


def test_a_good_run_is_not_stopped():
    model = G.GloVe(dim=4, epochs=5, min_count=1).fit(TINY)
    assert len(model.history_.train_loss) == 5 and np.isfinite(model.wv_.vectors).all()
