"""The Transformer LM of notebook 10 (course_utils.transformer): the equations, checked one by one."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import rnn, training
from course_utils import transformer as T
from course_utils.gradcheck import autograd_check

CORPUS = [s.split() for s in ["the cat sat on the mat", "a dog saw the cat", "the dog ran far away", "a cat ran"]] * 6


def _net(**kw) -> T.TransformerNet:
    return T.TransformerNet(**{"vocab_size": 23, "dim": 16, "heads": 4, "layers": 2, "context": 12, **kw}).eval()


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 5), st.integers(0, 10_000))
def test_attention_weights_are_distributions_over_the_allowed_keys(tq, tk, d, seed):
    g = torch.Generator().manual_seed(seed)
    q, k, v = (torch.randn(2, t, d, generator=g, dtype=torch.float64) for t in (tq, tk, tk))
    mask = torch.rand(2, tq, tk, generator=g) < 0.7
    out, w = T.attention(q, k, v, mask)
    assert out.shape == (2, tq, d) and w.shape == (2, tq, tk)
    assert (w[~mask] == 0).all()  # no weight on a forbidden key
    sums = w.sum(-1)
    seen = mask.any(-1)
    assert torch.allclose(sums[seen], torch.ones_like(sums[seen]))
    assert (sums[~seen] == 0).all() and torch.isfinite(out).all()  # a query that sees nothing: 0, not NaN


@pytest.mark.parametrize("causal", [True, False])
def test_attention_equals_torchs_fused_kernel(causal):
    g = torch.Generator().manual_seed(1)
    q, k, v = (torch.randn(3, 4, 7, 8, generator=g) for _ in range(3))
    mask = T.causal_mask(7) if causal else torch.rand(3, 4, 7, 7, generator=g) < 0.8
    mask = mask | torch.eye(7, dtype=torch.bool)  # every query sees at least itself
    ours, _ = T.attention(q, k, v, mask)
    theirs = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert torch.allclose(ours, theirs, atol=1e-5)
    if causal:
        fused = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
        assert torch.allclose(ours, fused, atol=1e-5)


def test_the_causal_mask_lets_a_token_see_itself_and_the_past_only():
    m = T.causal_mask(4)
    assert m.tolist() == [
        [True, False, False, False],
        [True, True, False, False],
        [True, True, True, False],
        [True] * 4,
    ]


def test_changing_a_future_token_changes_no_earlier_output():
    net = _net()
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, 23, (10, 3), generator=g)
    before, _ = net(ids)
    for t in range(10):
        changed = ids.clone()
        changed[t] = (changed[t] + 1) % 23
        after, _ = net(changed)
        assert torch.equal(before[:t], after[:t]), f"position < {t} saw token {t}"
        assert not torch.allclose(before[t], after[t])  # ... and the token itself is read


def test_padding_keys_get_no_weight_and_change_nothing():
    net = _net()
    net.keep_attention()
    g = torch.Generator().manual_seed(2)
    ids = torch.randint(0, 23, (8, 2), generator=g)
    pad = torch.zeros(8, 2, dtype=torch.bool)
    pad[5:, 1] = True  # the second sequence is 5 tokens long, then padding
    out, _ = net(ids, pad=pad)
    weights = net.attention_weights()
    other = ids.clone()
    other[5:, 1] = 7  # different padding
    out2, _ = net(other, pad=pad)
    assert torch.allclose(out[:5, 1], out2[:5, 1], atol=1e-6)
    for w in weights:
        assert (w[1, :, :, 5:] == 0).all()  # nobody attends to padding
        assert torch.allclose(w.sum(-1), torch.ones(2, 4, 8))
    net.keep_attention(False)
    assert net.attention_weights() == [None, None]


def test_shapes_and_the_sliding_window_state():
    net = _net(context=6)
    ids = torch.randint(0, 23, (4, 5))
    logits, state = net(ids)
    assert logits.shape == (4, 5, 23) and state.shape == (4, 5)
    logits, state = net(torch.randint(0, 23, (3, 5)), state)
    assert logits.shape == (3, 5, 23) and state.shape == (5, 5)  # the last context - 1 ids
    with pytest.raises(ValueError, match="at most 6 tokens"):
        net(torch.randint(0, 23, (7, 5)))


def test_reading_a_stream_in_steps_equals_reading_it_at_once():
    # within the window, the state (the ids read so far) makes step-by-step scoring exact
    net = _net(context=12)
    ids = torch.randint(0, 23, (12, 2), generator=torch.Generator().manual_seed(3))
    whole, _ = net(ids)
    parts, state = [], None
    for start in range(0, 12, 5):
        out, state = net(ids[start : start + 5], state)
        parts.append(out)
    assert torch.allclose(torch.cat(parts), whole, atol=1e-5)


def test_one_block_passes_a_float64_gradient_check():
    block = T.Block(8, 2).double()
    x = torch.randn(2, 5, 8, dtype=torch.float64)
    mask = T.causal_mask(5)[None, None]
    assert autograd_check(lambda x: block(x, mask), x)
    names = [n for n, _ in block.named_parameters()]  # ... and with respect to every weight of the block

    def of_weights(*weights):
        return torch.func.functional_call(block, dict(zip(names, weights, strict=True)), (x.detach(), mask))

    assert autograd_check(of_weights, *(p.detach() for p in block.parameters()))


def test_sinusoidal_positions_are_the_papers():
    p = T.sinusoidal_positions(50, 8)
    assert p.shape == (50, 8)
    assert torch.allclose(p[0], torch.tensor([0.0, 1.0] * 4))
    assert math.isclose(p[7, 2].item(), math.sin(7 / 10000 ** (2 / 8)), rel_tol=1e-5)
    assert math.isclose(p[7, 3].item(), math.cos(7 / 10000 ** (2 / 8)), rel_tol=1e-5)
    net = _net(positions="sinusoidal")
    assert "pos" not in dict(net.named_parameters())  # fixed, not learned


def test_weight_tying_shares_one_matrix_and_is_counted_once():
    net = _net()
    assert net.head.weight is net.embed.weight
    untied = T.TransformerNet(23, 16, 4, 2, 12, tie=False)
    assert T.count_parameters(untied) - T.count_parameters(net) == 23 * 16
    per_block = 4 * 16 * 16 + 4 * 16 + 2 * (4 * 16 * 16) + 4 * 16 + 16 + 2 * 2 * 16  # attention + MLP + 2 LNs
    assert T.count_parameters(net, embeddings=False) == 2 * per_block + 2 * 16


def test_the_lm_learns_a_corpus_and_gives_distributions():
    lm = T.TransformerLM(dim=16, heads=2, layers=1, context=8, batch_size=4, epochs=4, lr=1e-2, warmup=5)
    lm.fit(CORPUS, valid=CORPUS[:4])
    assert lm.perplexity(CORPUS[:4]) < 6  # 13 words: far below the uniform 14
    p = lm.next_probs(["the", "cat"])
    assert p.shape == (len(lm.vocab_),) and math.isclose(p.sum(), 1, rel_tol=1e-9)
    long = lm.next_probs(["the"] * 30)  # longer than the window: the last context − 1 words are read
    assert math.isclose(long.sum(), 1, rel_tol=1e-9)
    tokens, weights = lm.attention(["the", "cat", "sat"])
    assert tokens == ["</s>", "the", "cat", "sat"] and len(weights) == 1
    assert weights[0].shape == (2, 4, 4) and np.allclose(weights[0].sum(-1), 1)
    assert np.allclose(np.triu(weights[0], 1), 0)  # nothing looks ahead


def test_warmup_scales_the_first_steps_and_then_leaves_the_rate_alone():
    seen = []

    def loss(net, batch, state, reduction):
        x, y = batch
        return training.cross_entropy(net(x), y, reduction), None

    net = torch.nn.Linear(3, 2)
    x, y = torch.randn(8, 3), torch.randint(0, 2, (8,))
    config = training.TrainConfig(epochs=1, lr=0.1, optimizer="sgd", warmup=4)
    original = torch.optim.SGD.step

    def spy(self, *a, **kw):
        seen.append(self.param_groups[0]["lr"])
        return original(self, *a, **kw)

    torch.optim.SGD.step = spy
    try:
        training.fit(net, training.ShuffledBatches(x, y, 1), loss, config)
    finally:
        torch.optim.SGD.step = original
    assert np.allclose(seen, [0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.1, 0.1])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dim": 10, "heads": 4}, "multiple of heads"),
        ({"context": 8, "bptt": 9}, "at most context"),
        ({"positions": "rotary"}, "positions"),
        ({"dropout": 1.0}, "dropout"),
        ({"warmup": -1}, "warmup"),
        ({"nope": 1}, "unknown setting"),
    ],
)
def test_bad_settings_say_what_to_do(kwargs, message):
    with pytest.raises(ValueError, match=message):
        T.TransformerLM(**kwargs)


def test_the_power_law_fit_recovers_a_known_law():
    n = np.array([3e3, 2.5e4, 1e5, 6e5, 1.8e6, 3e6])
    a, alpha, floor = T.fit_power_law(n, 12.0 * n**-0.3 + 4.5)
    assert math.isclose(alpha, 0.3, rel_tol=0.02) and math.isclose(floor, 4.5, abs_tol=0.01)
    assert math.isclose(a, 12.0, rel_tol=0.1)
    with pytest.raises(ValueError, match="three"):
        T.fit_power_law([1, 2], [3, 4])


def test_the_repeat_task_and_its_scores_measure_what_they_say():
    tokens, m = T.repeated_sequences(40, 10, 50, seed=1)
    assert tokens.shape == (20, 40) and ((5 <= m) & (m <= 10)).all()
    for b in range(40):  # the last m tokens repeat the m before them
        assert torch.equal(tokens[20 - m[b] :, b], tokens[20 - 2 * m[b] : 20 - m[b], b])
    net = T.TransformerNet(50, 8, 1, 2, 20, mlp=False)
    weights = torch.zeros(40, 1, 20, 20)
    for b in range(40):  # a perfect induction head: from p in the second copy to p − m + 1
        for p in range(20 - m[b], 19):
            weights[b, 0, p, p - m[b] + 1] = 1.0
    previous = torch.zeros(40, 1, 20, 20)
    previous[:, 0, torch.arange(1, 20), torch.arange(19)] = 1.0
    net.attention_maps = lambda ids: [previous, weights]  # what the two layers would have looked at
    prev_score, induction_score = T.induction_scores(net, (tokens, m))
    assert prev_score[0, 0] == 1.0 and induction_score[1, 0] == 1.0 and induction_score[0, 0] < 0.2


def test_a_short_induction_run_learns_more_on_the_repeat_than_on_the_first_copy():
    net, curve = T.train_induction(dim=32, heads=1, vocab_size=32, length=12, steps=200, batch_size=32, every=50)
    step, first, second = curve[-1]
    assert step == 200 and len(curve) == 5
    assert first > 0.9 * math.log(32)  # random tokens: nothing to learn
    assert second < first - 0.2  # the repeat is easier: tokens seen before in the sequence are likelier
    path_net = T.TransformerNet(32, 32, 1, 2, 24, mlp=False)
    assert T.count_parameters(net) == T.count_parameters(path_net)


def test_a_saved_network_loads_with_the_same_outputs(tmp_path):
    net = _net()
    T.save_net(net, tmp_path / "net.pt")
    ids = torch.randint(0, 23, (6, 2))
    assert torch.equal(net(ids)[0], T.load_net(tmp_path / "net.pt")(ids)[0])
    lm = T.TransformerLM(dim=16, heads=2, layers=1, context=8, batch_size=4, epochs=1).fit(CORPUS)
    T.save_lm(lm, tmp_path / "lm.pt", half=True)
    loaded = T.load_lm(tmp_path / "lm.pt")
    assert loaded.vocab_.itos == lm.vocab_.itos
    assert math.isclose(loaded.perplexity(CORPUS[:4]), lm.perplexity(CORPUS[:4]), rel_tol=1e-2)


def test_context_perplexity_scores_the_same_tokens_with_less_context():
    lm = T.TransformerLM(dim=16, heads=2, layers=2, context=8, batch_size=4, epochs=2, lr=1e-2, warmup=5).fit(CORPUS)
    ppl = lm.context_perplexity(CORPUS, [1, 3, 8], targets=50)
    assert set(ppl) == {1, 3, 8} and all(math.isfinite(p) and p > 1 for p in ppl.values())
    # the whole window is the sliding-window score of those tokens read one at a time (another path, same numbers)
    lm.stride = 1
    stream_probs = lm._stream_probs(rnn.lm_stream(lm.vocab_.encode_sentences(CORPUS), lm.vocab_.eos_id))
    stream_len = len(stream_probs) + 1
    targets = torch.linspace(8, stream_len - 1, 50).round().long().unique()
    assert math.isclose(ppl[8], math.exp(-np.log(stream_probs[targets - 1]).mean()), rel_tol=1e-5)
    assert ppl[1] > ppl[8]  # one word of context is not enough for this corpus
    with pytest.raises(ValueError, match="from 1 to 8"):
        lm.context_perplexity(CORPUS, [9])
