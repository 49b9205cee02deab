"""Property tests for the course's hand-written gradients (word2vec, notebook 06; BPTT, notebook 05).

Hypothesis draws the shapes (vocabulary size, dimension, negatives, contexts, sequence length, batch,
hidden size), the seeds and the scale of the values; every hand-written gradient must then equal the
centred finite differences of :func:`course_utils.gradcheck.check_gradients` (float64, eq. 4.9 of
notebook 04) and torch autograd on the same loss written independently. Beside that, properties the
theory promises: softmax ignores a shift of all scores (its gradient sums to zero over the vocabulary),
truncated BPTT with ``truncate >= T`` is full BPTT, clipping never lengthens a gradient nor turns it.

The fixed-shape versions of the same checks live in tests/test_word2vec.py and tests/test_rnn.py.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils import gradcheck, rnn
from course_utils import word2vec as w2v

# derandomize: a fixed sequence of examples, so a green run in CI can be repeated exactly
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True)
# hand-written and autograd gradients compute the same sums in another order: only rounding apart
AUTOGRAD = {"rtol": 1e-10, "atol": 1e-12}

seeds = st.integers(0, 2**32 - 1)
scales = st.sampled_from([0.1, 1.0, 3.0])  # 3.0 pushes sigmoids and softmaxes towards saturation
# finite differences lose digits where the loss is large and its gradient tiny (saturation): they are
# checked at moderate scales, autograd and the exact properties at all of them
fd_scales = st.sampled_from([0.1, 0.5, 1.0])
# word2vec's losses are sums, not means: rounding in L costs about 1e-16 |L| / eps in each difference,
# truncation about eps² |L"'| / 6; eps = 1e-5 balances the two (the checker's default 1e-6 suits mean losses)
SUMMED_LOSS_EPS = 1e-5


def _torch_views(**arrays: np.ndarray) -> dict[str, torch.Tensor]:
    """Tensors sharing memory with the numpy arrays: the finite differences nudge the arrays in place."""
    return {name: torch.from_numpy(a) for name, a in arrays.items()}


def _leaves(**arrays: np.ndarray) -> dict[str, torch.Tensor]:
    """Independent float64 copies that autograd tracks."""
    return {name: torch.tensor(a, requires_grad=True) for name, a in arrays.items()}


# ---------------------------------------------------------------- negative sampling, eq. (6.5)


def _ns_problem(seed: int, scale: float, batch: int, words: int, dim: int):
    """h (B, d), output vectors (B, J, d), labels with any number of true words, weights with padding zeros."""
    rng = np.random.default_rng(seed)
    h = scale * rng.normal(size=(batch, dim))
    out = scale * rng.normal(size=(batch, words, dim))
    labels = (rng.random((batch, words)) < 0.3).astype(np.float64)
    weights = rng.uniform(0.1, 2.0, (batch, words)) * (rng.random((batch, words)) > 0.2)
    return h, out, labels, weights


ns_shapes = {"batch": st.integers(1, 3), "negative": st.integers(0, 4), "dim": st.integers(1, 4)}


@PROPERTY
@given(seed=seeds, scale=fd_scales, **ns_shapes)
def test_negative_sampling_gradients_equal_finite_differences(seed, scale, batch, negative, dim):
    h, out, labels, weights = _ns_problem(seed, scale, batch, negative + 1, dim)
    t = _torch_views(h=h, out=out, labels=labels, weights=weights)
    _, grad_h, grad_out = w2v.ns_loss_and_grads(t["h"], t["out"], t["labels"], t["weights"])

    def loss() -> float:
        return float(w2v.ns_loss_and_grads(t["h"], t["out"], t["labels"], t["weights"])[0])

    analytic = {"h": grad_h.numpy().copy(), "out": grad_out.numpy().copy()}
    report = gradcheck.check_gradients(loss, {"h": h, "out": out}, analytic, eps=SUMMED_LOSS_EPS)
    assert report.ok, report.table()


@PROPERTY
@given(seed=seeds, scale=scales, **ns_shapes)
def test_negative_sampling_gradients_equal_autograd(seed, scale, batch, negative, dim):
    h, out, labels, weights = _ns_problem(seed, scale, batch, negative + 1, dim)
    t = _torch_views(labels=labels, weights=weights)
    _, grad_h, grad_out = w2v.ns_loss_and_grads(torch.from_numpy(h), torch.from_numpy(out), t["labels"], t["weights"])
    # the same loss written from its definition: -w log σ(s) for true words, -w log σ(-s) for noise
    p = _leaves(h=h, out=out)
    s = (p["out"] @ p["h"].unsqueeze(2)).squeeze(2)
    logsig = torch.nn.functional.logsigmoid
    reference = -(t["weights"] * (t["labels"] * logsig(s) + (1 - t["labels"]) * logsig(-s))).sum()
    reference.backward()
    report = gradcheck.compare({"h": grad_h, "out": grad_out}, {k: v.grad for k, v in p.items()}, **AUTOGRAD)
    assert report.ok, report.table()


@PROPERTY
@given(seed=seeds, scale=scales, batch=st.integers(1, 4), negative=st.integers(0, 6), dim=st.integers(1, 6))
def test_negative_sampling_pulls_true_words_in_pushes_noise_out_and_ignores_padding(seed, scale, batch, negative, dim):
    """∂/∂u_j = w_j (σ(u_j·h) − label_j) h (eq. 6.8): parallel to h, against it for a true word, along it for noise.

    So a gradient step raises a true word's score and lowers a noise word's; a weight of 0 (padding)
    gives exactly no gradient.
    """
    h, out, labels, weights = _ns_problem(seed, scale, batch, negative + 1, dim)
    t = _torch_views(h=h, out=out, labels=labels, weights=weights)
    _, _, grad_out = w2v.ns_loss_and_grads(t["h"], t["out"], t["labels"], t["weights"])
    along_h = (grad_out.numpy() * h[:, None, :]).sum(2)  # u_j's gradient projected on h: e_j |h|²
    assert np.all(along_h[(labels == 1) & (weights > 0)] <= 0)
    assert np.all(along_h[(labels == 0) & (weights > 0)] >= 0)
    assert np.all(grad_out.numpy()[weights == 0] == 0)
    # parallel to h: the component orthogonal to h vanishes (up to rounding)
    norm2 = (h**2).sum(1)[:, None, None]
    orthogonal = grad_out.numpy() - along_h[:, :, None] * h[:, None, :] / np.where(norm2 > 0, norm2, 1)
    np.testing.assert_allclose(orthogonal, 0, atol=1e-12)


# ---------------------------------------------------------------- full softmax, eq. (6.4)


def _softmax_problem(seed: int, scale: float, batch: int, contexts: int, vocab: int, dim: int):
    """h (B, d), W' (|V|, d), targets (B, P) with repeats and -1 padding, and the mask of the real targets."""
    rng = np.random.default_rng(seed)
    h = scale * rng.normal(size=(batch, dim))
    out = scale * rng.normal(size=(vocab, dim))
    mask = (rng.random((batch, contexts)) < 0.7).astype(np.float64)
    targets = np.where(mask > 0, rng.integers(0, vocab, (batch, contexts)), -1)
    return h, out, torch.from_numpy(targets), torch.from_numpy(mask)


softmax_shapes = {
    "batch": st.integers(1, 3),
    "contexts": st.integers(1, 4),
    "vocab": st.integers(2, 8),
    "dim": st.integers(1, 4),
}


@PROPERTY
@given(seed=seeds, scale=fd_scales, **softmax_shapes)
def test_softmax_gradients_equal_finite_differences(seed, scale, batch, contexts, vocab, dim):
    h, out, targets, mask = _softmax_problem(seed, scale, batch, contexts, vocab, dim)
    t = _torch_views(h=h, out=out)
    _, grad_h, grad_out = w2v.softmax_loss_and_grads(t["h"], targets, mask, t["out"])

    def loss() -> float:
        return float(w2v.softmax_loss_and_grads(t["h"], targets, mask, t["out"])[0])

    analytic = {"h": grad_h.numpy().copy(), "out": grad_out.numpy().copy()}
    report = gradcheck.check_gradients(loss, {"h": h, "out": out}, analytic, eps=SUMMED_LOSS_EPS)
    assert report.ok, report.table()


@PROPERTY
@given(seed=seeds, scale=scales, **softmax_shapes)
def test_softmax_gradients_equal_autograd(seed, scale, batch, contexts, vocab, dim):
    h, out, targets, mask = _softmax_problem(seed, scale, batch, contexts, vocab, dim)
    _, grad_h, grad_out = w2v.softmax_loss_and_grads(torch.from_numpy(h), targets, mask, torch.from_numpy(out))
    # −log softmax(s)[target] = logsumexp(s) − s[target], summed over the real targets
    p = _leaves(h=h, out=out)
    scores = p["h"] @ p["out"].T
    picked = scores.gather(1, targets.clamp(min=0))
    reference = ((torch.logsumexp(scores, 1, keepdim=True) - picked) * mask).sum()
    reference.backward()
    report = gradcheck.compare({"h": grad_h, "out": grad_out}, {k: v.grad for k, v in p.items()}, **AUTOGRAD)
    assert report.ok, report.table()


@PROPERTY
@given(seed=seeds, scale=scales, **softmax_shapes)
def test_softmax_score_gradient_sums_to_zero_over_the_vocabulary(seed, scale, batch, contexts, vocab, dim):
    """Softmax ignores adding one constant to every score, so ∂L/∂s = n·softmax − counts sums to 0 over |V|.

    With W' = I the scores are h itself and ``grad_h`` is ∂L/∂s. For any W' the same fact says that
    moving every output vector by one vector c changes nothing: the rows of ∂L/∂W' sum to zero.
    """
    h, out, targets, mask = _softmax_problem(seed, scale, batch, contexts, vocab, dim)
    scores = torch.from_numpy(h @ out.T)
    _, grad_scores, _ = w2v.softmax_loss_and_grads(scores, targets, mask, torch.eye(vocab, dtype=torch.float64))
    np.testing.assert_allclose(grad_scores.sum(1).numpy(), 0, atol=1e-12 * (1 + contexts))
    # each row is n·softmax − counts: only the targets' entries can be negative
    counts = np.zeros((batch, vocab))
    np.add.at(counts, (np.arange(batch)[:, None], targets.clamp(min=0).numpy()), mask.numpy())
    assert np.all(grad_scores.numpy()[counts == 0] >= 0)
    _, _, grad_out = w2v.softmax_loss_and_grads(torch.from_numpy(h), targets, mask, torch.from_numpy(out))
    np.testing.assert_allclose(grad_out.sum(0).numpy(), 0, atol=1e-12 * (1 + contexts) * (1 + np.abs(h).sum()))


@PROPERTY
@given(seed=seeds, scale=fd_scales, vocab=st.integers(2, 8), dim=st.integers(1, 4), data=st.data())
def test_one_word_cbow_gradient_touches_only_the_input_row(seed, scale, vocab, dim, data):
    """The notes' one-word CBOW (eq. 6.3, C = 1): ∂E/∂W is ∂E/∂h in row ``word`` and zero elsewhere."""
    word = data.draw(st.integers(0, vocab - 1), label="word")
    target = data.draw(st.integers(0, vocab - 1), label="target")
    rng = np.random.default_rng(seed)
    W, W_out = scale * rng.normal(size=(vocab, dim)), scale * rng.normal(size=(dim, vocab))

    def loss() -> float:
        _, y = w2v.one_word_scores(W, W_out, word)
        return float(np.logaddexp.reduce(y) - y[target])

    h, _ = w2v.one_word_scores(W, W_out, word)
    one = torch.ones(1, 1, dtype=torch.float64)
    _, grad_h, grad_out = w2v.softmax_loss_and_grads(
        torch.from_numpy(h)[None], torch.tensor([[target]]), one, torch.from_numpy(W_out.T)
    )
    grad_W = np.zeros_like(W)
    grad_W[word] = grad_h[0].numpy()
    analytic = {"W": grad_W, "W_out": np.ascontiguousarray(grad_out.numpy().T)}
    report = gradcheck.check_gradients(loss, {"W": W, "W_out": W_out}, analytic)
    assert report.ok, report.table()


# ---------------------------------------------------------------- backpropagation through time, eqs. (5.3)-(5.4)

rnn_shapes = {
    "steps": st.integers(1, 5),
    "batch": st.integers(1, 3),
    "n_in": st.integers(1, 3),
    "hidden": st.integers(1, 4),
    "n_out": st.integers(2, 4),
    "rho": st.sampled_from([0.5, 1.0, 1.5]),
}


def _rnn_problem(seed: int, steps: int, batch: int, n_in: int, hidden: int, n_out: int, rho: float):
    model = rnn.NumpyRNN(n_in, hidden, n_out, rho=rho, seed=seed)
    rng = np.random.default_rng(seed + 1)
    return model, rng.normal(size=(steps, batch, n_in)), rng.integers(0, n_out, (steps, batch))


def _torch_bptt(model: rnn.NumpyRNN, xs: np.ndarray, ys: np.ndarray, h0: np.ndarray, truncate: int | None):
    """Autograd's gradients of the same mean loss; ``h.detach()`` every ``truncate`` steps (truncated BPTT)."""
    p = _leaves(**model.params)
    T, B, _ = xs.shape
    h, total = torch.from_numpy(h0), 0.0
    for t in range(T):
        if truncate is not None and t % truncate == 0:
            h = h.detach()
        h = torch.tanh(torch.from_numpy(xs[t]) @ p["W_xh"].T + h @ p["W_hh"].T + p["b_h"])
        logits = h @ p["W_hy"].T + p["b_y"]
        total = total + torch.nn.functional.cross_entropy(logits, torch.from_numpy(ys[t]), reduction="sum")
    (total / (T * B)).backward()
    return {k: v.grad for k, v in p.items()}


@PROPERTY
@given(seed=st.integers(0, 10_000), h0_scale=st.sampled_from([0.0, 0.5]), **rnn_shapes)
def test_bptt_equals_finite_differences_and_autograd(seed, h0_scale, steps, batch, n_in, hidden, n_out, rho):
    model, xs, ys = _rnn_problem(seed, steps, batch, n_in, hidden, n_out, rho)
    h0 = h0_scale * np.random.default_rng(seed + 2).normal(size=(batch, hidden))
    _, cache = model.forward(xs, ys, h0)
    grads, norms = model.backward(cache)
    report = gradcheck.check_gradients(lambda: model.forward(xs, ys, h0)[0], model.params, grads)
    assert report.ok, report.table()
    report = gradcheck.compare(grads, _torch_bptt(model, xs, ys, h0, None), **AUTOGRAD)
    assert report.ok, report.table()
    assert norms.shape == (steps,) and np.all(norms >= 0)


@PROPERTY
@given(seed=st.integers(0, 10_000), data=st.data(), **rnn_shapes)
def test_truncated_bptt_equals_autograd_with_detached_chunks(seed, data, steps, batch, n_in, hidden, n_out, rho):
    truncate = data.draw(st.integers(1, steps + 1), label="truncate")
    model, xs, ys = _rnn_problem(seed, steps, batch, n_in, hidden, n_out, rho)
    h0 = np.zeros((batch, hidden))
    _, cache = model.forward(xs, ys)
    grads, _ = model.backward(cache, truncate=truncate)
    report = gradcheck.compare(grads, _torch_bptt(model, xs, ys, h0, truncate), **AUTOGRAD)
    assert report.ok, report.table()


@PROPERTY
@given(seed=st.integers(0, 10_000), data=st.data(), **rnn_shapes)
def test_truncation_at_least_T_is_full_bptt_and_never_changes_the_output_layer(
    seed, data, steps, batch, n_in, hidden, n_out, rho
):
    """A chunk of k >= T steps is the whole sequence; any k leaves W_hy, b_y alone (no error crosses time there).

    With k = 1 nothing flows back in time: the error reaching h_t is the output's own ``(p_t − onehot) W_hy``.
    """
    model, xs, ys = _rnn_problem(seed, steps, batch, n_in, hidden, n_out, rho)
    _, cache = model.forward(xs, ys)
    full, full_norms = model.backward(cache)
    long_chunk = data.draw(st.integers(steps, steps + 3), label="truncate >= T")
    grads, norms = model.backward(cache, truncate=long_chunk)
    for name in full:
        np.testing.assert_array_equal(grads[name], full[name], err_msg=name)
    np.testing.assert_array_equal(norms, full_norms)

    short_chunk = data.draw(st.integers(1, steps), label="truncate <= T")
    grads, _ = model.backward(cache, truncate=short_chunk)
    for name in ("W_hy", "b_y"):
        np.testing.assert_array_equal(grads[name], full[name], err_msg=name)

    _, local_norms = model.backward(cache, truncate=1)
    onehot = np.eye(n_out)[ys]
    dy = (cache.probs - onehot) / (steps * batch)
    expected = np.linalg.norm(dy @ model.params["W_hy"], axis=(1, 2))
    np.testing.assert_allclose(local_norms, expected, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- gradient clipping (Pascanu et al. 2013)

gradient_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
    elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
)


@PROPERTY
@given(grads=st.lists(gradient_arrays, min_size=1, max_size=4), max_norm=st.floats(1e-3, 1e3))
def test_clipping_never_increases_the_norm_and_keeps_the_direction(grads, max_norm):
    before = {f"g{i}": g for i, g in enumerate(grads)}
    after = {name: g.copy() for name, g in before.items()}
    total = rnn.clip_by_global_norm(after, max_norm)

    def norm(gs: dict[str, np.ndarray]) -> float:
        return float(np.sqrt(sum((g**2).sum() for g in gs.values())))

    assert total == pytest.approx(norm(before), rel=1e-12)  # it reports the norm before clipping
    assert norm(after) <= min(total, max_norm) * (1 + 1e-12)
    if total <= max_norm:  # under the threshold nothing is touched
        for name in before:
            np.testing.assert_array_equal(after[name], before[name])
    else:  # one common factor for every array: the joint direction is kept, the length becomes max_norm
        assert norm(after) == pytest.approx(max_norm, rel=1e-12)
        factor = max_norm / total
        for name in before:
            np.testing.assert_allclose(after[name], factor * before[name], rtol=1e-15, atol=0)
