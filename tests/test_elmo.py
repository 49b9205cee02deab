import math

import numpy as np
import pytest
import torch
from torch.func import functional_call

from course_utils import elmo, probes, training
from course_utils.text import Vocab

CORPUS = [s.split() for s in ["the cat sat on the mat", "the dog sat on the log", "a cat saw a dog", "dogs chase cats"]]


def tiny_model(residual=True, layers=2, dropout=0.0, seed=0):
    torch.manual_seed(seed)
    words = sorted({w for s in CORPUS for w in s})
    chars = elmo.CharVocab(words, max_len=8)
    return elmo.BiLM(
        words, chars, dim=8, hidden=12, layers=layers, residual=residual, dropout=dropout,
        encoder={"char_dim": 4, "filters": ((1, 4), (2, 4), (3, 6)), "highway": 1},
    ).eval()  # fmt: skip


def test_char_vocab_spells_words_with_marks_and_padding():
    chars = elmo.CharVocab(["ab", "b"], max_len=5)
    a, b = chars.index["a"], chars.index["b"]
    assert chars.encode("ab") == [elmo.BOW, a, b, elmo.EOW, elmo.PAD]
    assert chars.encode("abzzzz") == [elmo.BOW, a, b, elmo.UNK_CHAR, elmo.EOW]  # cut to max_len - 2, z unknown
    assert chars.encode("<s>") == [elmo.BOW, elmo.SENTENCE_MARKS["<s>"], elmo.EOW, 0, 0]
    with pytest.raises(ValueError, match="max_len"):
        elmo.CharVocab(["a"], max_len=2)


def test_shapes_for_a_ragged_batch_and_padding_changes_nothing():
    model = tiny_model()
    sentences = [["the", "cat"], ["a", "dog", "chased", "the", "unseen", "zebra"]]  # unseen words too
    chars, targets, lengths = model.batch(sentences)
    assert chars.shape == (2, 8, 8) and targets.shape == (2, 8) and lengths.tolist() == [4, 8]
    assert (targets[0, 4:] == -1).all()
    reps = model.represent(sentences)
    assert [r.shape for r in reps] == [(3, 2, 16), (3, 6, 16)]
    alone = model.represent([sentences[0]])[0]
    torch.testing.assert_close(reps[0], alone)  # the same sentence, with and without a longer neighbour


def test_represent_keeps_the_callers_order_and_the_encoder_spells_each_word_alone():
    model = tiny_model()
    sentences = [["a", "dog", "chased", "the", "cat"], ["the"], ["dogs", "sat", "on", "the", "mat", "again", "x"]]
    reps = model.represent(sentences, batch_size=2)  # batched by length internally
    for sentence, rep in zip(sentences, reps, strict=True):
        torch.testing.assert_close(rep, model.represent([sentence])[0])
    torch.testing.assert_close(
        model.token_vectors(["dog", "the"]), torch.cat([reps[0][0, 1, :8], reps[1][0, 0, :8]]).reshape(2, 8)
    )
    chars, _, _ = model.batch(sentences)  # repeated words and padding rows: each distinct spelling encoded once
    one_by_one = torch.stack([model.encoder(row[None])[0] for row in chars.reshape(-1, chars.shape[-1])])
    torch.testing.assert_close(model.encoder(chars).reshape(-1, model.dim), one_by_one)


@pytest.mark.parametrize("position", [1, 3])
def test_forward_lm_never_sees_the_future_nor_backward_the_past(position):
    model = tiny_model()
    sentence = ["the", "cat", "sat", "on", "the", "mat"]
    changed = list(sentence)
    changed[position] = "dog"
    a, b = model.represent([sentence, changed])
    d = model.dim
    for layer in range(1, model.n_layers):
        fwd_a, fwd_b = a[layer, :, :d], b[layer, :, :d]
        bwd_a, bwd_b = a[layer, :, d:], b[layer, :, d:]
        torch.testing.assert_close(fwd_a[:position], fwd_b[:position])  # before the change: identical
        assert not torch.allclose(fwd_a[position:], fwd_b[position:])
        torch.testing.assert_close(bwd_a[position + 1 :], bwd_b[position + 1 :])  # after it: identical
        assert not torch.allclose(bwd_a[: position + 1], bwd_b[: position + 1])


def test_reverse_padded_reverses_only_the_real_steps():
    x = torch.arange(8).reshape(2, 4, 1)
    out = elmo.reverse_padded(x, torch.tensor([4, 2]))
    assert out[..., 0].tolist() == [[3, 2, 1, 0], [5, 4, 6, 7]]


def test_scalar_mix_weights_sum_to_one_and_mix_the_layers():
    mix = elmo.ScalarMix(3)
    with torch.no_grad():
        mix.scalars.copy_(torch.tensor([0.5, -1.0, 2.0]))
        mix.gamma.fill_(2.0)
    assert float(mix.weights.detach().sum()) == pytest.approx(1.0) and (mix.weights > 0).all()
    layers = torch.randn(3, 5, 4)
    expected = 2.0 * sum(w * layer for w, layer in zip(mix.weights, layers, strict=True))
    torch.testing.assert_close(mix(layers), expected)
    with pytest.raises(ValueError, match="3 layers"):
        mix(torch.randn(2, 5, 4))


def test_gradients_of_the_whole_bilm_pass_a_finite_difference_check():
    """Parameters at the bottom, middle and top of both directions; float64, no dropout."""
    model = tiny_model(dropout=0.0).double()
    model.forward = model.loss  # functional_call calls forward
    chars, targets, lengths = model.batch(CORPUS[:2])
    # not the character embeddings: their padding row is used in the forward pass but gets no gradient by design
    names = ["encoder.convs.1.weight", "forward_lstms.1.weight_hh_l0", "backward_lstms.0.weight_ih_l0", "softmax.bias"]
    params = tuple(dict(model.named_parameters())[n].detach().clone().requires_grad_() for n in names)

    def loss(*values):
        f, b = functional_call(model, dict(zip(names, values, strict=True)), (chars, targets, lengths), strict=False)
        return f + b

    # fast mode checks random projections of the Jacobian: the same test, far fewer forward passes
    assert torch.autograd.gradcheck(loss, params, eps=1e-6, atol=1e-5, fast_mode=True)


def test_training_lowers_perplexity_and_leaves_the_global_rng_alone():
    corpus = CORPUS * 6
    state = torch.get_rng_state()
    settings = dict(dim=16, hidden=24, layers=2, batch_size=8, lr=1e-2, max_len=8, seed=0)
    untrained = elmo.BiLanguageModel(**settings).initialize(corpus)
    model = elmo.BiLanguageModel(epochs=10, **settings).fit(corpus, valid=CORPUS)
    assert torch.equal(state, torch.get_rng_state())
    for direction in ("forward_lm_", "backward_lm_"):
        before, after = getattr(untrained, direction).perplexity(CORPUS), getattr(model, direction).perplexity(CORPUS)
        assert after < 0.5 * before
    hist = model.history_
    assert hist.train_loss[-1] < hist.train_loss[0] and len(hist.valid_loss) == 10
    # validation: the mean of the two directions' losses on the validation sentences
    logs = [math.log(lm.perplexity(CORPUS)) for lm in (model.forward_lm_, model.backward_lm_)]
    assert min(hist.valid_loss) == pytest.approx(sum(logs) / 2, rel=1e-5)
    again = elmo.BiLanguageModel(**settings).fit(corpus)
    torch.testing.assert_close(
        again.net_.softmax.weight, elmo.BiLanguageModel(**settings).fit(corpus).net_.softmax.weight
    )


def test_fit_is_the_course_loop_on_sentence_batches_with_the_mean_of_both_directions():
    settings = dict(dim=8, hidden=12, batch_size=5, lr=1e-2, max_len=8, dropout=0.1, seed=3, epochs=2)
    model = elmo.BiLanguageModel(**settings).fit(CORPUS * 3)
    net = elmo.BiLanguageModel(**settings).initialize(CORPUS * 3).net_
    training.fit(net, training.SentenceBatches(CORPUS * 3, 5), elmo.bilm_loss(net), model.config)
    for a, b in zip(net.state_dict().values(), model.net_.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def test_the_two_directions_are_language_models_over_the_same_tokens():
    model = elmo.BiLanguageModel(dim=8, hidden=12, max_len=8, seed=0).initialize(CORPUS)
    forward, backward = model.forward_lm_, model.backward_lm_
    v = model.vocab_
    assert v.itos[:3] == ["<unk>", "<s>", "</s>"] and v.itos[3:] == model.net_.words[3:]
    assert [model.net_.words[r] for r in forward.rows] == v.itos  # vocab_ id -> softmax row
    sentence = ["the", "cat", "saw", "a", "zebra"]
    for lm in (forward, backward):
        probs = lm.next_probs(sentence[:2])
        assert probs.shape == (len(v),) and probs.sum() == pytest.approx(1.0, abs=1e-9)
        assert lm.evaluate([sentence]).tokens == 6 and lm.evaluate([sentence]).oov == 1
    # forward: p(w_i | w_<i) and p(</s> | sentence); backward: p(w_i | w_>i) and p(<s> | sentence)
    f_chain = [forward.prob(w, sentence[:i]) for i, w in enumerate([*sentence, "</s>"])]
    b_chain = [backward.prob(w, sentence[i + 1 :]) for i, w in enumerate(sentence)] + [backward.prob("<s>", sentence)]
    assert [math.exp(p) for _, p in forward.token_logprobs(sentence)] == pytest.approx(f_chain, rel=1e-5)
    pairs = backward.token_logprobs(sentence)
    assert [w for w, _ in pairs] == [*sentence, "<s>"]
    assert [math.exp(p) for _, p in pairs] == pytest.approx(b_chain, rel=1e-5)
    # perplexity over the same tokens as the training loss, batched by length or not
    f_loss, b_loss = elmo.mean_losses(model.net_, CORPUS, batch_size=2)
    assert forward.perplexity(CORPUS) == pytest.approx(math.exp(f_loss), rel=1e-6)
    assert backward.perplexity(CORPUS) == pytest.approx(math.exp(b_loss), rel=1e-6)
    with torch.no_grad():
        f, b = model.net_.loss(*model.net_.batch(CORPUS))
    assert (f_loss, b_loss) == pytest.approx((float(f), float(b)), rel=1e-5)


def test_each_direction_generates_reproducibly_towards_its_own_boundary():
    model = elmo.BiLanguageModel(dim=8, hidden=12, max_len=8, seed=0, epochs=30, lr=2e-2).fit(CORPUS)
    for lm in (model.forward_lm_, model.backward_lm_):
        words = lm.generate(seed=1, max_words=8)
        assert words == lm.generate(seed=1, max_words=8) and len(words) <= 8
        assert all(w in model.vocab_ for w in words)
    # backward, one word is drawn from p(w | "mat") by the same inverse-CDF draw as the base class's
    cumulative = np.cumsum(model.backward_lm_.next_probs(["mat"]))
    first = model.vocab_.itos[int(np.searchsorted(cumulative, np.random.default_rng(5).random() * cumulative[-1]))]
    assert model.backward_lm_.generate(seed=5, max_words=1, context=["mat"]) == ([] if first == "<s>" else [first])
    with pytest.raises(ValueError, match="max_words"):
        model.backward_lm_.generate(max_words=-1)


def test_bad_input():
    with pytest.raises(ValueError, match="layers"):
        elmo.BiLM(["a"], elmo.CharVocab(["a"]), layers=0)
    with pytest.raises(ValueError, match="larger than dim"):
        elmo.BiLM(["a"], elmo.CharVocab(["a"]), dim=16, hidden=16)
    with pytest.raises(ValueError, match="empty"):
        elmo.BiLanguageModel().fit([])
    with pytest.raises(ValueError, match="epochs"):
        elmo.BiLanguageModel(epochs=0)
    with pytest.raises(ValueError, match="not fitted"):
        elmo.BiLanguageModel().represent([["a"]])
    with pytest.raises(ValueError, match="Vocab"):
        elmo.BiLanguageModel().fit(CORPUS, vocab=Vocab.build(CORPUS, specials=False))


def test_ptb_style_and_probe_sentences():
    assert [probes.ptb_style(w) for w in ("The", "1990s", "3.5", "U.S.")] == ["the", "N", "N", "u.s."]
    words, tags = probes.prepare_probe_sentences([[("Hi", "INTJ"), (",", "PUNCT"), ("Bob", "PROPN")], [("!", "PUNCT")]])
    assert words == [["hi", "bob"]] and tags == [["INTJ", "PROPN"]]


def test_linear_probe_finds_the_informative_layer_and_the_mix_weights_it():
    g = torch.Generator().manual_seed(0)
    n, dim = 600, 6
    y = torch.randint(0, 3, (n,), generator=g)
    noise = torch.randn(3, n, dim, generator=g)
    layers = noise.clone()
    layers[1, :, :3] += 3 * nn_one_hot(y, 3)  # only layer 1 carries the label
    train, test = slice(0, 400), slice(400, n)
    accs = [probes.linear_probe(layers[k, train], y[train], layers[k, test], y[test]).accuracy for k in range(3)]
    assert accs[1] > 0.95 and max(accs[0], accs[2]) < 0.6
    mixed = probes.linear_probe(layers[:, train], y[train], layers[:, test], y[test], mix=True)
    assert mixed.accuracy > 0.9 and max(mixed.weights) == mixed.weights[1]
    assert sum(mixed.weights) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="one label per token"):
        probes.linear_probe(layers[0], y[:10], layers[0], y)


def nn_one_hot(y, k):
    return torch.nn.functional.one_hot(y, k).float()


def test_checkpoints_round_trip_and_are_verified(tmp_path):
    model = tiny_model()
    sha = elmo.save_bilm(model, tmp_path / "bilm.pt")
    loaded = elmo.load_bilm(tmp_path / "bilm.pt", sha256=sha)
    sentences = [["the", "cat", "saw", "an", "unseen", "zebra"]]
    torch.testing.assert_close(loaded.represent(sentences)[0], model.represent(sentences)[0])
    assert loaded.words == model.words and loaded.chars.index == model.chars.index
    estimator = elmo.BiLanguageModel.from_net(loaded)
    torch.testing.assert_close(estimator.represent(sentences)[0], model.represent(sentences)[0])
    assert estimator.vocab_.itos[3:] == model.words[3:] and estimator.dim == model.dim
    with pytest.raises(ValueError, match="SHA-256"):
        elmo.load_bilm(tmp_path / "bilm.pt", sha256="0" * 64)


def test_half_precision_checkpoints_are_smaller_and_nearly_the_same(tmp_path):
    model = tiny_model()
    elmo.save_bilm(model, tmp_path / "full.pt")
    sha = elmo.save_bilm(model, tmp_path / "half.pt", half=True)
    assert (tmp_path / "half.pt").stat().st_size < (tmp_path / "full.pt").stat().st_size
    loaded = elmo.load_bilm(tmp_path / "half.pt", sha256=sha)
    assert all(p.dtype == torch.float32 for p in loaded.parameters())
    sentences = [["the", "cat", "sat"]]
    torch.testing.assert_close(loaded.represent(sentences)[0], model.represent(sentences)[0], atol=5e-3, rtol=5e-3)


def test_the_pretrained_ptb_model_is_verified_and_knows_english_word_order():
    model = elmo.pretrained_bilm()  # data/elmo-ptb.pt, checked against data/MANIFEST.json
    assert model.n_layers == 3 and len(model.net_.words) == 10_001 and len(model.vocab_) == 10_001
    assert (model.dim, model.hidden, model.layers) == (128, 256, 2)
    sentence = "the company said its profit rose N N in the third quarter".split()
    shuffled = "quarter the its N rose third company the in said profit N".split()
    for lm in (model.forward_lm_, model.backward_lm_):  # both directions have learned PTB's text (about 9 and 7)
        good, bad = lm.perplexity([sentence]), lm.perplexity([shuffled])
        assert good < 50 and bad > 10 * good
    assert model.forward_lm_.next_distribution(["the", "company"], top=1).keys() == {"said"}


def test_layer_word_vectors_average_each_words_occurrences():
    model = tiny_model()
    sentences = [["the", "cat", "sat"], ["the", "dog"], ["the", "cat"]]
    per_layer = probes.layer_word_vectors(model, sentences)
    assert len(per_layer) == model.n_layers and per_layer[0].words == ["cat", "dog", "sat", "the"]
    reps = model.represent(sentences)
    for k, wv in enumerate(per_layer):
        expected = (reps[0][k, 1] + reps[2][k, 1]) / 2  # "cat" in sentences 1 and 3
        torch.testing.assert_close(torch.from_numpy(wv["cat"]), expected)
    first_only = probes.layer_word_vectors(model, sentences, max_occurrences=1)
    torch.testing.assert_close(torch.from_numpy(first_only[1]["the"]), reps[0][1, 0])
    with pytest.raises(ValueError, match="empty"):
        probes.layer_word_vectors(model, [])
    with pytest.raises(ValueError, match="non-empty"):
        probes.layer_word_vectors(model, [[]])


def test_mixing_logits_is_the_same_function_as_classifying_the_mixed_features():
    torch.manual_seed(0)
    layers, classifier, scalar_mix = torch.randn(3, 20, 5), torch.nn.Linear(5, 4), elmo.ScalarMix(3)
    with torch.no_grad():
        scalar_mix.scalars.copy_(torch.tensor([0.3, -1.0, 2.0]))
        scalar_mix.gamma.fill_(1.7)
    direct = classifier(scalar_mix(layers))
    via_logits = scalar_mix(layers @ classifier.weight.T) + classifier.bias  # what linear_probe(mix=True) does
    torch.testing.assert_close(via_logits, direct)


def test_may_is_labelled_month_or_modal_by_its_neighbours():
    sentences = [s.split() for s in ["profits may rise", "in may sales fell", "may N was late", "she may"]]
    found = probes.may_occurrences(sentences)
    assert [(t, sense) for _, t, sense in found] == [(1, "modal"), (1, "month"), (0, "month"), (1, "modal")]
    assert [sense for *_, sense in probes.may_occurrences(sentences, per_sense=1)] == ["modal", "month"]


def test_nearest_neighbour_agreement_scores_clusters_one_and_identical_vectors_chance():
    g = torch.Generator().manual_seed(0)
    labels = ["a"] * 5 + ["b"] * 5
    centres = torch.tensor([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0]])
    clustered = centres[[0] * 5 + [1] * 5] + 0.1 * torch.randn(10, 3, generator=g)
    identical = torch.ones(10, 3)
    mixed_up = centres[[0, 1] * 5] + 0.1 * torch.randn(10, 3, generator=g)  # labels disagree with the clusters
    scores = probes.nearest_neighbour_agreement(torch.stack([clustered, identical, mixed_up]), labels)
    assert scores[0] == 1.0 and scores[1] == pytest.approx(4 / 9) and scores[2] < 0.5
    with pytest.raises(ValueError, match="one label per token"):
        probes.nearest_neighbour_agreement(identical[None], labels[:3])


def test_context_neighbours_find_the_same_token_first_and_the_table_explains_bad_words():
    from course_utils import widgets

    model = tiny_model()
    pool = [["the", "cat", "sat"], ["a", "dog", "saw", "a", "cat"]]
    pool_vectors = torch.cat(model.represent(pool), 1)
    hits = probes.context_neighbours(model, pool, pool_vectors, ["a", "dog", "saw", "a", "cat"], 1, k=2)
    assert len(hits) == model.n_layers
    for rows in hits:  # the query is pool sentence 2's "dog", so its own token is the nearest one
        assert rows[0][0] == pytest.approx(1.0, abs=1e-5) and rows[0][1] == "a [dog] saw a cat"
    with pytest.raises(ValueError, match="position"):
        probes.context_neighbours(model, pool, pool_vectors, ["a"], 3)
    with pytest.raises(ValueError, match="pool_vectors"):
        probes.context_neighbours(model, pool[:1], pool_vectors, ["a"], 0)
    text = widgets.context_neighbour_table(model, pool, pool_vectors, "A dog saw a cat", "DOG", k=1)
    assert text.splitlines()[0] == "'dog' in: a dog saw a cat" and "layer 2 (biLSTM 2)" in text
    assert "not in the sentence" in widgets.context_neighbour_table(model, pool, pool_vectors, "a cat", "zebra")
    widgets.context_explorer(model, pool, pool_vectors, "a dog saw a cat", "dog")  # builds without error


def test_static_features_give_one_row_per_token_and_zeros_for_unknown_words():
    import numpy as np

    from course_utils.embeddings import WordVectors

    wv = WordVectors(["cat", "dog"], np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32))
    x = probes.static_features(wv, [["cat", "zebra"], ["dog"]])
    torch.testing.assert_close(x, torch.tensor([[1.0, 2.0], [0.0, 0.0], [3.0, 4.0]]))
    with pytest.raises(ValueError, match="no tokens"):
        probes.static_features(wv, [[]])


def _probe_data(n=60, dim=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 3, (n,), generator=g)
    x = torch.randn(n, dim, generator=g) + 3 * torch.nn.functional.one_hot(y, dim).float()
    return x, y


def test_linear_probe_takes_numpy_and_lists_as_the_same_numbers():
    x, y = _probe_data()
    ref = probes.linear_probe(x[:40], y[:40], x[40:], y[40:], steps=50)
    from_numpy = probes.linear_probe(x[:40].numpy(), y[:40].numpy(), x[40:].numpy(), y[40:].numpy(), steps=50)
    from_lists = probes.linear_probe(
        x[:40].tolist(), y[:40].tolist(), x[40:].double().numpy(), y[40:].tolist(), steps=50
    )
    assert ref.accuracy == from_numpy.accuracy == from_lists.accuracy > 0.9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: {"train_y": a["train_y"].float()}, r"train_y must be integer class ids.*train_y\.long\(\)"),
        (lambda a: {"train_y": ["NOUN"] * 40}, "not strings; map each tag to an id"),
        (lambda a: {"train_y": a["train_y"] - 1}, "class ids >= 0, got -1"),
        (lambda a: {"train_y": a["train_y"][None]}, r"one class id per token, shape \(tokens,\)"),
        (lambda a: {"test_x": a["test_x"][:, :3]}, "same layers and feature size"),
        (lambda a: {"train_x": a["train_x"][:0], "train_y": a["train_y"][:0]}, "train_x is empty"),
        (lambda a: {"train_x": a["train_x"][:1], "train_y": a["train_y"][:1]}, "at least two training tokens"),
        (lambda a: {"train_y": a["train_y"][:5]}, "one label per token: train_x has 40 tokens .* 5 labels"),
        (lambda a: {"train_x": a["train_x"].index_fill(0, torch.tensor([7]), math.nan)}, "NaN .* at token 7"),
        (lambda a: {"test_x": a["test_x"] * math.inf}, "test_x contains NaN or infinite"),
        (lambda a: {"train_x": a["train_x"][None]}, "pass mix=True"),
        (lambda a: {"train_x": "features"}, "train_x must be a tensor"),
        (lambda a: {"train_x": a["train_x"].to(torch.complex64)}, "real numbers"),
    ],
)
def test_linear_probe_refuses_ordinary_mistakes_with_a_clear_message(change, message):
    x, y = _probe_data()
    args = {"train_x": x[:40], "train_y": y[:40], "test_x": x[40:], "test_y": y[40:]}
    with pytest.raises(ValueError, match=message):
        probes.linear_probe(**(args | change(args)), steps=5)


def test_linear_probe_with_a_huge_learning_rate_diverges_loudly_not_to_chance():
    x, y = _probe_data()
    with pytest.raises(training.TrainingDivergedError, match=r"diverged at step \d+ of 300.*try lr=1e\+29") as caught:
        probes.linear_probe(x[:40], y[:40], x[40:], y[40:], lr=1e30)
    assert caught.value.history and not all(math.isfinite(v) and v < 700 for v in caught.value.history)
    with pytest.raises(ValueError, match="mix=True learns a weighting"):
        probes.linear_probe(x[:40], y[:40], x[40:], y[40:], mix=True)


def test_the_other_probes_refuse_strings_and_empty_input():
    with pytest.raises(ValueError, match="corpus is one string"):
        probes.may_occurrences("in may sales fell")
    with pytest.raises(ValueError, match="per_sense"):
        probes.may_occurrences([["may"]], per_sense=0)
    with pytest.raises(ValueError, match="occurrences is empty"):
        probes.occurrence_vectors(tiny_model(), [])
    with pytest.raises(ValueError, match="not one string"):
        probes.occurrence_vectors(tiny_model(), [("in may", 1, "month")])
    with pytest.raises(ValueError, match="position of occurrence 0 must be between 0 and 1"):
        probes.occurrence_vectors(tiny_model(), [(["in", "may"], 2, "month")])
    with pytest.raises(ValueError, match=r"must be \(sentence, position, label\)"):
        probes.occurrence_vectors(tiny_model(), [(["in", "may"], 1)])
    vectors = torch.randn(2, 4, 3)
    with pytest.raises(ValueError, match="one label per token"):
        probes.nearest_neighbour_agreement(vectors, "abab")
    with pytest.raises(ValueError, match=r"pass vectors\[None\]"):
        probes.nearest_neighbour_agreement(vectors[0], list("abab"))
    with pytest.raises(ValueError, match="NaN"):
        probes.nearest_neighbour_agreement(vectors * math.nan, list("abab"))
    with pytest.raises(ValueError, match="hashable"):
        probes.nearest_neighbour_agreement(vectors, [[1], [2], [1], [2]])
    assert probes.nearest_neighbour_agreement(vectors.numpy(), list("abab")) == probes.nearest_neighbour_agreement(
        vectors, list("abab")
    )
    with pytest.raises(ValueError, match="pairs"):
        probes.prepare_probe_sentences(["The cat sat"])
    with pytest.raises(ValueError, match="drop_tags list must be a list of words, not one string"):
        probes.prepare_probe_sentences([[("a", "DET")]], drop_tags="PUNCT")
    with pytest.raises(ValueError, match="one word"):
        probes.ptb_style(None)
    with pytest.raises(ValueError, match="WordVectors"):
        probes.static_features({"cat": [1.0]}, [["cat"]])
