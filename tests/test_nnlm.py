import math

import numpy as np
import pytest
import torch

from course_utils import lm, nnlm, smoothing, training
from course_utils.ngram import MLE
from course_utils.text import Vocab

NOTES_TOY = [s.split() for s in ["I like milk", "I love hot-pot", "I hate coffee", "I want sing", "I am sleep"]]


def test_shapes_and_parameter_count():
    net = nnlm.NNLM(vocab_size=11, context=3, dim=4, hidden=5, direct=True)
    x = torch.zeros((7, 3), dtype=torch.long)
    assert net(x).shape == (7, 11)
    v, n1, m, h = 11, 3, 4, 5
    assert net.n_parameters() == v * m + h * n1 * m + h + v * h + v * n1 * m + v
    assert nnlm.NNLM(11, 3, 4, 5, direct=False).n_parameters() == v * m + h * n1 * m + h + v * h + v
    with pytest.raises(ValueError, match="shape"):
        net(torch.zeros((7, 2), dtype=torch.long))
    with pytest.raises(ValueError, match=">= 1"):
        nnlm.NNLM(11, 0)


def test_seeded_init_does_not_touch_the_global_rng():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = nnlm.NNLM(9, seed=5)
    after = torch.rand(1)
    b = nnlm.NNLM(9, seed=5)
    assert torch.equal(before, after)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))


def test_forbidden_token_gets_probability_zero():
    net = nnlm.NNLM(6, context=2, forbidden=1)
    p = torch.softmax(net(torch.zeros((3, 2), dtype=torch.long)), dim=1)
    assert (p[:, 1] == 0).all() and torch.allclose(p.sum(1), torch.ones(3))


def test_gradcheck_of_the_loss_in_float64():
    net = nnlm.NNLM(7, context=2, dim=3, hidden=4).double()
    x = torch.tensor([[0, 1], [2, 3], [4, 5]])
    y = torch.tensor([6, 0, 2])
    params = [p for p in net.parameters()]

    def loss(*flat):
        # a functional call, so gradcheck perturbs the very tensors it passes in
        state = dict(zip([n for n, _ in net.named_parameters()], flat, strict=True))
        logits = torch.func.functional_call(net, state, (x,))
        return torch.nn.functional.cross_entropy(logits, y)

    inputs = tuple(p.detach().clone().requires_grad_(True) for p in params)
    assert torch.autograd.gradcheck(loss, inputs, eps=1e-6, atol=1e-5)


def test_context_dataset_pads_and_predicts_end_of_sentence():
    vocab = Vocab.build(NOTES_TOY)
    x, y = nnlm.context_dataset(vocab.encode_sentences(NOTES_TOY[:1]), 3)
    assert x.tolist() == [[1, 1], [1, vocab["I"]], [vocab["I"], vocab["like"]], [vocab["like"], vocab["milk"]]]
    assert y.tolist() == [vocab["I"], vocab["like"], vocab["milk"], 2]
    with pytest.raises(ValueError, match="order >= 2"):
        nnlm.context_dataset(vocab.encode_sentences(NOTES_TOY), 1)


def test_training_loop_memorises_a_toy_corpus():
    model = nnlm.NeuralLM(3, dim=8, hidden=16, epochs=150, batch_size=8, lr=0.02, quiet=True)
    model.fit(NOTES_TOY, valid=NOTES_TOY)
    losses = model.history_.train_loss
    assert losses[-1] < losses[0] / 5  # the loss falls
    # the only uncertainty left is the second word after "I": five continuations, equally likely
    assert model.perplexity(NOTES_TOY) == pytest.approx(5 ** (5 / 20), rel=0.05)
    assert model.next_distribution(["I", "like"], top=1) == pytest.approx({"milk": 1.0}, abs=1e-2)
    assert model.history_.best_epoch >= 1 and len(model.history_.valid_ppl) == len(losses)


def test_neural_lm_is_a_distribution_and_refuses_bad_input():
    model = nnlm.NeuralLM(2, dim=3, hidden=4, epochs=2, quiet=True).fit(NOTES_TOY)
    probs = model.next_probs(["I"])
    # float32 network: the probabilities sum to 1 within float32 precision
    assert probs.sum() == pytest.approx(1.0, abs=1e-6) and probs[model.vocab_.bos_id] == 0
    assert model.embedding().shape == (len(model.vocab_), 3)
    with pytest.raises(ValueError, match="not trained"):
        nnlm.NeuralLM(2).prob("I")
    with pytest.raises(ValueError, match="order >= 2"):
        nnlm.NeuralLM(1)


def train(model, x, y, valid=None, **settings):
    """NNLM training with the course's loop, as NeuralLM.fit runs it."""
    config = training.TrainConfig(**settings)
    validate = None if valid is None else (lambda net: training.mean_loss(net, *valid))
    return training.fit(model, training.ShuffledBatches(x, y, 64), nnlm.next_word_loss, config, valid=validate)


def test_early_stopping_restores_the_best_epoch():
    model = nnlm.NNLM(5, context=1, dim=2, hidden=3)
    x = torch.tensor([[0], [1], [2], [3]])
    y = torch.tensor([1, 2, 3, 4])
    valid = (torch.tensor([[0]]), torch.tensor([4]))  # the opposite of what training teaches
    hist = train(model, x, y, valid, epochs=30, lr=0.1, patience=2)
    assert hist.stopped_early and hist.best_epoch == int(np.argmin(hist.valid_loss)) + 1
    assert training.mean_loss(model, *valid) == pytest.approx(min(hist.valid_loss))
    with pytest.raises(ValueError, match="optimizer"):
        train(model, x, y, optimizer="lbfgs")
    with pytest.raises(ValueError, match="as many targets"):
        train(model, x, y[:2])


def test_lr_decay_halves_the_rate_and_returns_to_the_best_weights_on_a_plateau():
    model = nnlm.NNLM(5, context=1, dim=2, hidden=3)
    x = torch.tensor([[0], [1], [2], [3]])
    y = torch.tensor([1, 2, 3, 4])
    valid = (torch.tensor([[1]]), torch.tensor([0]))  # 0 is never a training target: training hurts it
    hist = train(model, x, y, valid, epochs=6, lr=0.1, lr_decay=0.5)
    lr, best = 0.1, float("inf")
    for loss, next_lr in zip(hist.valid_loss, hist.lr, strict=True):
        lr = lr if loss < best else lr * 0.5
        best = min(best, loss)
        assert next_lr == pytest.approx(lr)
    assert hist.lr[-1] < 0.1  # the schedule did act
    assert training.mean_loss(model, *valid) == pytest.approx(min(hist.valid_loss))
    for bad in (0.0, 1.0, 2.0):
        with pytest.raises(ValueError, match="lr_decay"):
            train(model, x, y, lr_decay=bad)
        with pytest.raises(ValueError, match="lr_decay"):
            nnlm.NeuralLM(3, lr_decay=bad)  # checked when the model is made, not after the data are built


def test_min_improvement_is_the_rnnlm_toolkits_halving_rule():
    """Full rate until an epoch gains less than the fraction m; then halve every epoch; stop when it is small again."""
    x = torch.tensor([[0], [1], [2], [3]])
    y = torch.tensor([1, 2, 3, 4])

    def run(losses):
        model = nnlm.NNLM(5, context=1, dim=2, hidden=3)
        scripted, weights = iter(losses), []

        def valid(net):
            weights.append({k: v.clone() for k, v in net.state_dict().items()})
            return next(scripted)

        config = training.TrainConfig(epochs=9, lr=0.1, optimizer="sgd", lr_decay=0.5, min_improvement=0.01)
        hist = training.fit(model, training.ShuffledBatches(x, y, 64), nnlm.next_word_loss, config, valid=valid)
        kept = weights[hist.best_epoch - 1]
        assert all(torch.equal(model.state_dict()[k], v) for k, v in kept.items())
        return hist

    # epoch 3 gains 0.25% < 1%: halving starts; epoch 4 gains 12%: halving goes on; epoch 5 gains 0.03%: stop,
    # before the 1.0 that a longer run would have reached
    hist = run([5.0, 4.0, 3.99, 3.5, 3.499, 1.0])
    assert hist.lr == pytest.approx([0.1, 0.1, 0.05, 0.025])
    assert hist.valid_loss == [5.0, 4.0, 3.99, 3.5, 3.499]
    assert hist.stopped_early and hist.best_epoch == 5
    # a worse epoch while halving also stops it, and the best weights come back
    hist = run([5.0, 4.0, 3.99, 4.5, 1.0])
    assert hist.stopped_early and hist.best_epoch == 3 and len(hist.valid_loss) == 4
    for bad, match in (({"lr_decay": None}, "needs lr_decay"), ({"decay_after": 2}, "no decay_after")):
        with pytest.raises(ValueError, match=match):
            training.TrainConfig(**{"lr_decay": 0.5, "min_improvement": 0.003, **bad})
    with pytest.raises(ValueError, match="min_improvement"):
        nnlm.NeuralLM(3, lr_decay=0.5, min_improvement=1.5)


def test_dropout_acts_only_while_training():
    net = nnlm.NNLM(9, context=2, dim=4, hidden=6, dropout=0.5)
    x = torch.tensor([[1, 2], [3, 4]])
    net.eval()
    assert torch.equal(net(x), net(x))  # evaluation: deterministic
    net.train()
    torch.manual_seed(0)
    assert not torch.equal(net(x), net(x))
    assert nnlm.NNLM(9, dropout=0.5).n_parameters() == nnlm.NNLM(9).n_parameters()
    for bad in (-0.1, 1.0):
        with pytest.raises(ValueError, match="dropout"):
            nnlm.NeuralLM(3, dropout=bad)


def test_linear_mixture_is_a_distribution_and_em_fits_weights():
    vocab = Vocab.build(NOTES_TOY)
    kn = smoothing.KneserNey(2).fit(NOTES_TOY, vocab=vocab)
    mle = MLE(1).fit(NOTES_TOY, vocab=vocab)
    mix = smoothing.LinearMixture([kn, mle], weights=[0.7, 0.3])
    assert mix.next_probs(["I"]).sum() == pytest.approx(1.0, abs=1e-12)
    assert mix.prob("like", ["I"]) == pytest.approx(0.7 * kn.prob("like", ["I"]) + 0.3 * mle.prob("like"))
    fitted = smoothing.LinearMixture([kn, mle]).fit(NOTES_TOY[:3])
    assert sum(fitted.weights_) == pytest.approx(1.0) and fitted.weights is None
    ll = lambda m: sum(m.logprob(s) for s in NOTES_TOY[:3])  # noqa: E731
    assert ll(fitted) >= ll(mix) - 1e-9 and math.isfinite(ll(fitted))
    with pytest.raises(ValueError, match="share one vocabulary"):
        smoothing.LinearMixture([kn, MLE(1).fit(NOTES_TOY[:2])])
    with pytest.raises(ValueError, match="sum to 1"):
        smoothing.LinearMixture([kn, mle], weights=[0.5, 0.6])


def test_perplexity_of_a_memorised_corpus_approaches_one():
    corpus = [["the", "cat", "sat", "on", "the", "mat"]] * 4  # every context has one continuation
    model = nnlm.NeuralLM(3, dim=8, hidden=16, epochs=200, batch_size=8, lr=0.02, quiet=True).fit(corpus)
    assert model.perplexity(corpus) < 1.05


def test_neural_lm_is_a_window_model_without_counts_and_mixes_with_kneser_ney():
    model = nnlm.NeuralLM(3, dim=3, hidden=4, epochs=1).fit(NOTES_TOY)
    assert isinstance(model, lm.LanguageModel) and model.context_size == 2
    assert not hasattr(model, "count") and not hasattr(model, "fit_counts")  # it learns no counts
    kn = smoothing.KneserNey(4).fit(NOTES_TOY, vocab=model.vocab_)
    mix = smoothing.LinearMixture([model, kn]).fit(NOTES_TOY[:2])
    assert mix.context_size == 3  # the longest window of its components
    expected = np.column_stack([model._token_probs(NOTES_TOY), kn._token_probs(NOTES_TOY)]) @ mix.weights_
    assert np.array_equal(mix._token_probs(NOTES_TOY), expected)
    context = ["I", "like", "milk"]  # the NNLM reads the last two words, KN all three
    w = mix.weights_
    expected = w[0] * model.next_probs(context[-2:]) + w[1] * kn.next_probs(context)
    assert np.allclose(mix.next_probs(context), expected, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="at most 3 back"):
        mix.next_probs(["I"] * 4)
    with pytest.raises(ValueError, match=r"lm\.LanguageModel"):
        smoothing.LinearMixture([model, model.net_])
