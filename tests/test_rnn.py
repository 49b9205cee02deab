import math

import numpy as np
import pytest
import torch

from course_utils import gradcheck, rnn, training
from course_utils.text import Vocab


def _data(T=6, B=2, n_in=3, n_out=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(T, B, n_in)), rng.integers(0, n_out, size=(T, B))


@pytest.mark.parametrize("rho", [0.5, 1.0, 1.5])
def test_bptt_matches_finite_differences(rho):
    model = rnn.NumpyRNN(3, 5, 4, rho=rho, seed=1)
    xs, ys = _data()
    _, cache = model.forward(xs, ys)
    grads, norms = model.backward(cache)
    report = gradcheck.check_gradients(lambda: model.loss(xs, ys), model.params, grads)
    assert report.ok, report.table()
    assert norms.shape == (6,) and np.all(norms > 0)


def _torch_rnn(model: rnn.NumpyRNN):
    p = {k: torch.tensor(v, requires_grad=True) for k, v in model.params.items()}
    return p


@pytest.mark.parametrize("truncate", [None, 2, 4])
def test_bptt_and_truncated_bptt_match_torch(truncate):
    model = rnn.NumpyRNN(3, 5, 4, rho=1.1, seed=2)
    xs, ys = _data(T=8)
    loss, cache = model.forward(xs, ys)
    grads, _ = model.backward(cache, truncate=truncate)
    p = _torch_rnn(model)
    h = torch.zeros(2, 5, dtype=torch.float64)
    total = 0.0
    for t in range(8):
        if truncate is not None and t % truncate == 0:
            h = h.detach()  # what truncated BPTT does between chunks
        h = torch.tanh(torch.tensor(xs[t]) @ p["W_xh"].T + h @ p["W_hh"].T + p["b_h"])
        total = total + torch.nn.functional.cross_entropy(
            h @ p["W_hy"].T + p["b_y"], torch.tensor(ys[t]), reduction="sum"
        )
    (total / 16).backward()
    assert (total / 16).item() == pytest.approx(loss)
    assert gradcheck.compare(grads, {k: v.grad for k, v in p.items()}).ok


def test_numpy_rnn_equals_torch_nn_rnn():
    model = rnn.NumpyRNN(3, 5, 4, seed=3)
    xs, ys = _data()
    torch_rnn = torch.nn.RNN(3, 5, dtype=torch.float64)
    with torch.no_grad():
        torch_rnn.weight_ih_l0.copy_(torch.tensor(model.params["W_xh"]))
        torch_rnn.weight_hh_l0.copy_(torch.tensor(model.params["W_hh"]))
        torch_rnn.bias_ih_l0.copy_(torch.tensor(model.params["b_h"]))
        torch_rnn.bias_hh_l0.zero_()
    hs, _ = torch_rnn(torch.tensor(xs))
    _, cache = model.forward(xs, ys)
    np.testing.assert_allclose(hs.detach().numpy(), cache.hs[1:], rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="shape"):
        model.forward(xs[:, :, :2], ys)


def test_scaled_orthogonal_and_spectral_measures():
    W = rnn.scaled_orthogonal(16, 0.7, 0)
    s = np.linalg.svd(W, compute_uv=False)
    np.testing.assert_allclose(s, 0.7, rtol=1e-12)
    assert rnn.spectral_radius(W) == pytest.approx(0.7)
    assert rnn.largest_singular_value(torch.tensor(W)) == pytest.approx(0.7)


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.0, 1.1])
def test_gradient_decay_rate_matches_the_singular_value_prediction(rho):
    """In the linear regime of tanh (tiny inputs), ‖∂h_T/∂h_t‖ = ρ^(T-t) for W_hh = ρQ.

    Inputs of size 1e-6 keep |h| below 1e-3 over 30 steps even for ρ = 1.1 (1.1^30 ≈ 17), so
    tanh'(h) = 1 - h² is within 1e-6 of 1 and each step's factor within 1e-6 of ρ: the fitted rate can
    differ from ρ by about 1e-6 relative. We allow 1e-4, far below the gap between the ρ values tested.
    """
    rng = np.random.default_rng(0)
    W = rnn.scaled_orthogonal(32, rho, 1)
    hs = [np.zeros(32)]
    for _ in range(30):
        hs.append(np.tanh(W @ hs[-1] + 1e-6 * rng.normal(size=32)))
    assert np.abs(hs).max() < 1e-3
    norms = rnn.jacobian_norms(W, np.array(hs))
    assert norms[0] == 1.0 and len(norms) == 31
    assert rnn.decay_rate(norms) == pytest.approx(rho, rel=1e-4)


def test_saturated_tanh_decays_faster_than_the_bound():
    """With large states, tanh' < 1 shrinks the product below σ_max^k (the bound of eq. 5.5)."""
    rng = np.random.default_rng(1)
    W = rnn.scaled_orthogonal(32, 1.5, 2)
    hs = [np.zeros(32)]
    for _ in range(20):
        hs.append(np.tanh(W @ hs[-1] + rng.normal(size=32)))
    norms = rnn.jacobian_norms(W, np.array(hs))
    bound = 1.5 ** np.arange(21)
    assert np.all(norms <= bound * (1 + 1e-9))
    assert rnn.decay_rate(norms) < 1.0  # saturation makes even ρ = 1.5 vanish
    with pytest.raises(ValueError, match="two positive"):
        rnn.decay_rate([1.0])


def test_grad_norms_by_step_for_each_cell_and_against_jacobians():
    torch.manual_seed(0)
    cell = torch.nn.RNNCell(4, 8, dtype=torch.float64)
    xs = torch.randn(12, 1, 4, dtype=torch.float64)
    norms = rnn.grad_norms_by_step(cell, xs, lambda h: h.sum())
    assert norms.shape == (12,)
    # the same numbers from the Jacobian product: ∂L/∂h_t = 1ᵀ ∂h_T/∂h_t
    with torch.no_grad():
        h, hs = torch.zeros(1, 8, dtype=torch.float64), [torch.zeros(8, dtype=torch.float64)]
        for x in xs:
            h = cell(x, h)
            hs.append(h[0])
    hs = torch.stack(hs).numpy()
    W = cell.weight_hh.detach().numpy()
    g = np.ones(8)
    expected = [np.linalg.norm(g)]
    for t in range(11, 0, -1):
        g = g @ ((1 - hs[t + 1] ** 2)[:, None] * W)
        expected.append(np.linalg.norm(g))
    np.testing.assert_allclose(norms[::-1], expected, rtol=1e-10)
    for c in (torch.nn.GRUCell(4, 8), torch.nn.LSTMCell(4, 8)):
        assert rnn.grad_norms_by_step(c, xs.float()).shape == (12,)
    with pytest.raises(TypeError, match="RNNCell"):
        rnn.grad_norms_by_step(torch.nn.Linear(4, 8), xs)
    with pytest.raises(ValueError, match="cell state"):
        rnn.grad_norms_by_step(cell, xs, wrt="c")


def test_lstm_cell_state_gradient_is_carried_by_the_forget_gate():
    """Through c, each step back multiplies by f_t: an open forget gate (large bias) keeps the gradient."""
    torch.manual_seed(0)
    xs = 0.5 * torch.randn(40, 1, 8)
    ratios = {}
    for bias in (0.0, 3.0):
        cell = torch.nn.LSTMCell(8, 16)
        with torch.no_grad():
            cell.bias_ih[16:32] = bias
        norms = rnn.grad_norms_by_step(cell, xs, wrt="c")
        ratios[bias] = norms[0] / norms[-1]
    assert ratios[3.0] > 0.1 > 1e-6 > ratios[0.0]


def test_clip_by_global_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    assert rnn.clip_by_global_norm(grads, 10.0) == pytest.approx(5.0)
    assert grads["a"][0] == 3.0  # under the threshold: untouched
    assert rnn.clip_by_global_norm(grads, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])
    np.testing.assert_allclose(grads["b"], [[0.8]])
    # torch's clip_grad_norm_ does the same
    p = [torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1, 1))]
    p[0].grad, p[1].grad = torch.tensor([3.0, 0.0]), torch.tensor([[4.0]])
    torch.nn.utils.clip_grad_norm_(p, 1.0)
    np.testing.assert_allclose(p[0].grad.numpy(), [0.6, 0.0], rtol=1e-6)
    with pytest.raises(ValueError, match="max_norm"):
        rnn.clip_by_global_norm(grads, 0)


def test_first_token_task_and_lstm_solves_short_version():
    xs, ys = rnn.first_token_task(100, 5, n_symbols=3, seed=0)
    assert xs.shape == (5, 100) and torch.equal(ys, xs[0]) and int(xs.max()) == 2
    model = rnn.SequenceClassifier(3, 16, "lstm", seed=0)
    opt = torch.optim.Adam(model.parameters(), 1e-2)
    for _ in range(100):
        loss = torch.nn.functional.cross_entropy(model(xs), ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert (model(xs).argmax(1) == ys).float().mean() == 1.0
    with pytest.raises(ValueError, match="cell"):
        rnn.SequenceClassifier(3, cell="transformer")


def test_lstm_forget_gate_starts_open():
    model = rnn.RNNLM(10, 4, 6, layers=2, cell="lstm")
    for layer in range(2):
        b = getattr(model.rnn, f"bias_ih_l{layer}") + getattr(model.rnn, f"bias_hh_l{layer}")
        assert torch.all(b[6:12] == 1.0)


def test_lm_stream_and_batches():
    vocab = Vocab.build([["a", "b"], ["c"]])
    stream = rnn.lm_stream(vocab.encode_sentences([["a", "b"], ["c"]]), vocab.eos_id)
    assert vocab.decode(stream.tolist()) == ["</s>", "a", "b", "</s>", "c", "</s>"]
    x, y = training.lm_batches(torch.arange(11), 3)
    assert x.shape == (3, 3) and x[:, 0].tolist() == [0, 1, 2] and x[:, 1].tolist() == [3, 4, 5]
    assert torch.equal(y, x + 1)
    with pytest.raises(ValueError, match="too short"):
        training.lm_batches(torch.arange(3), 5)


CYCLE = [list("abcdef")] * 60  # one sentence over and over: the stream </s> a b c d e f </s> a ... is a cycle


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_recurrent_lm_memorises_a_repeated_text(cell):
    model = rnn.RecurrentLM(cell, dim=16, hidden=32, epochs=8, batch_size=4, bptt=10, lr=0.01, optimizer="adam")
    torch.manual_seed(123)
    before = torch.rand(1)
    model.fit(CYCLE, valid=CYCLE)
    torch.manual_seed(123)
    assert torch.equal(before, torch.rand(1))  # training did not touch the global random state
    hist = model.history_
    assert hist.valid_loss[-1] < hist.valid_loss[0] and len(hist.train_loss) == 8
    assert model.perplexity(CYCLE[:5]) < 1.2  # a deterministic cycle: perplexity near 1
    assert model.generate(seed=0) == list("abcdef")
    with pytest.raises(ValueError, match="optimizer"):
        rnn.RecurrentLM(optimizer="rmsprop")
    with pytest.raises(ValueError, match="cell"):
        rnn.RecurrentLM("transformer")


def _small_recurrent_lm(cell="lstm", **kw):
    corpus = [s.split() for s in ["the cat sat on the mat", "a dog saw the cat", "the dog ran", "a cat ran far"]]
    settings = dict(dim=8, hidden=12, epochs=2, batch_size=2, bptt=5, lr=0.05, optimizer="adam", seed=0)
    return rnn.RecurrentLM(cell, **{**settings, **kw}).fit(corpus * 3), corpus


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_perplexity_is_the_stream_loss_of_the_same_stream(cell):
    model, corpus = _small_recurrent_lm(cell, layers=2, dropout=0.2)
    test = [*corpus, ["the", "zebra", "sat"]]  # an unknown word is <unk>, an ordinary word
    v = model.vocab_
    stream = rnn.lm_stream(v.encode_sentences(test), v.eos_id)
    for bptt in (3, 35):  # the state is carried across chunks and sentences: the chunking changes nothing
        expected = math.exp(training.stream_loss(model.net_, stream, bptt))
        # stream_loss adds float32 losses chunk by chunk; the interface sums float64 log-probabilities
        assert model.perplexity(test) == pytest.approx(expected, rel=1e-6)
    assert model.evaluate(test).tokens == len(stream) - 1 and model.evaluate(test).oov == 1


def test_one_sentence_is_scored_by_its_next_word_distributions():
    model, corpus = _small_recurrent_lm("gru")
    sentence = corpus[1]
    scored = [p for _, p in model.token_logprobs(sentence)]
    chain = [math.log(model.prob(w, sentence[:i])) for i, w in enumerate([*sentence, "</s>"])]
    assert scored == pytest.approx(chain, rel=1e-5)  # float32 network: kernels differ with the sequence length
    probs = model.next_probs(["the"])
    assert probs.shape == (len(model.vocab_),) and probs.sum() == pytest.approx(1.0, abs=1e-12)
    assert list(model.next_distribution(["the"], top=3).values()) == sorted(probs, reverse=True)[:3]


def test_recurrent_lm_generates_reproducibly_and_trains_what_the_loop_trains():
    model, corpus = _small_recurrent_lm("lstm")
    assert model.generate(seed=3) == model.generate(seed=3)
    assert all(w in model.vocab_ for w in model.generate(seed=4, max_words=50))
    # RecurrentLM.fit is training.fit on the stream with recurrent_loss: the same weights, bit for bit
    v = model.vocab_
    net = rnn.RNNLM(len(v), 8, 12, 1, "lstm", seed=0)
    stream = rnn.lm_stream(v.encode_sentences(corpus * 3), v.eos_id)
    training.fit(net, training.StreamBatches(stream, 2, 5), rnn.recurrent_loss, model.config)
    for a, b in zip(net.state_dict().values(), model.net_.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    again, _ = _small_recurrent_lm("lstm", epochs=1)
    assert again.fit(corpus, vocab=v).vocab_ is v
    with pytest.raises(ValueError, match="not trained"):
        rnn.RecurrentLM().next_probs([])
    with pytest.raises(ValueError, match=r"text\.Vocab"):
        rnn.RecurrentLM().fit(corpus, vocab={"a": 1})


def test_stream_loss_scores_every_token_once():
    class Uniform(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.zeros(1))

        def forward(self, ids, state=None):
            return torch.zeros(*ids.shape, 7) + self.w, state

    assert math.exp(training.stream_loss(Uniform(), torch.arange(50) % 7, bptt=6)) == pytest.approx(7.0)


def test_simulated_norms_follow_rho_for_small_inputs_and_fall_when_saturated():
    small = rnn.simulate_jacobian_norms(0.9, length=40, input_scale=1e-6)
    assert rnn.decay_rate(small) == pytest.approx(0.9, rel=1e-4)
    big = rnn.simulate_jacobian_norms(1.2, length=40, input_scale=2.0)
    assert rnn.decay_rate(big) < 1.0
    with pytest.raises(ValueError, match="length"):
        rnn.simulate_jacobian_norms(1.0, length=0)


def test_fixed_lr_schedule_decays_every_epoch_from_decay_after():
    pattern = torch.tensor([3, 4, 5, 2] * 30)
    model = rnn.RNNLM(6, 4, 8, cell="rnn", seed=0)
    config = training.TrainConfig(epochs=5, lr=1.0, optimizer="sgd", clip=5.0, lr_decay=0.5, decay_after=3)
    hist = training.fit(
        model,
        training.StreamBatches(pattern, 2, 5),
        rnn.recurrent_loss,
        config,
        valid=lambda m: training.stream_loss(m, pattern, 5),
    )
    assert hist.lr == pytest.approx([1.0, 1.0, 0.5, 0.25, 0.125])
    with pytest.raises(ValueError, match="decay_after"):
        rnn.RecurrentLM(decay_after=2)


def test_train_first_token_is_seeded_and_lstm_beats_rnn_at_length_10():
    lstm = rnn.train_first_token("lstm", 10, steps=250)
    assert lstm == rnn.train_first_token("lstm", 10, steps=250)
    assert lstm > 0.9 > 0.6 > rnn.train_first_token("rnn", 10, steps=250)
