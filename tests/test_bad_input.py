"""A learner's mistakes, as a table: every public model refuses each bad value with a message that names the
argument and the fix, and every training loop stops a diverging run with one clear error (issue 19).

The other tables of bad input live beside the code they test: the course CLI in ``test_cli.py``, the data layer
in ``test_data.py``, the experiments CLI in ``test_reproduce.py`` and the exercise checkers in
``test_exercises.py``. A new public model or training loop must be added here: ``test_every_model_is_in_the_table``
fails until it is.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
import warnings

import numpy as np
import pytest
import torch

from course_utils import checks, data, embeddings, notebook, probes, text, training
from course_utils.backprop import MLP, BPNetwork
from course_utils.checks import TrainingDivergedError, UnknownWordError
from course_utils.cooccurrence import Cooccurrence, CountVectors, count_matrix, svd
from course_utils.elmo import BiLanguageModel
from course_utils.glove import GloVe
from course_utils.ngram import MLE
from course_utils.nnlm import NeuralLM
from course_utils.rnn import RecurrentLM, clip_by_global_norm, train_first_token
from course_utils.smoothing import (
    AbsoluteDiscounting,
    AddK,
    JelinekMercer,
    Katz,
    KneserNey,
    Laplace,
    LinearMixture,
    ModifiedKneserNey,
    StupidBackoff,
    unseen_mass,
)
from course_utils.transformer import TransformerLM
from course_utils.word2vec import Word2Vec

CORPUS = [s.split() for s in ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog met"]] * 4
NAN, INF = float("nan"), float("inf")

# ---------------------------------------------------------------- hyper-parameters, refused before any work

#: per model: (the bad keyword arguments, a word the message must contain)
SETTINGS = {
    NeuralLM: [
        ({"dim": 0}, "dim"),
        ({"hidden": 2.5}, "hidden"),
        ({"batch_size": 0}, "batch_size"),
        ({"lr": NAN}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"lr": INF}, "lr"),
        ({"epochs": 1.5}, "epochs"),
        ({"epochs": 0}, "epochs"),
        ({"clip": -1.0}, "clip"),
        ({"clip": NAN}, "clip"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**70}, "seed"),
        ({"optimizer": "adamw"}, "optimizer"),
        ({"weight_decay": -0.1}, "weight_decay"),
        ({"patience": 0}, "patience"),
        ({"lr_decay": 1.5}, "lr_decay"),
        ({"lr_decay": 0.5, "decay_after": 1.5}, "decay_after"),
        ({"decay_after": 2}, "needs lr_decay"),
        ({"lrr": 0.1}, "unknown setting"),
        ({"min_count": 0}, "min_count"),
        ({"max_vocab": 2.5}, "max_vocab"),
        ({"device": "gpu"}, "device"),
    ],
    RecurrentLM: [
        ({"cell": "transformer"}, "cell"),
        ({"hidden": 0}, "hidden"),
        ({"layers": 0}, "layers"),
        ({"bptt": 0}, "bptt"),
        ({"batch_size": True}, "batch_size"),
        ({"dropout": 1.0}, "dropout"),
        ({"dropout": -0.1}, "dropout"),
        ({"init_range": 0.0}, "init_range"),
        ({"lr": NAN}, "lr"),
        ({"clip": INF}, "clip"),
        ({"epochs": "3"}, "epochs"),
        ({"min_count": NAN}, "min_count"),
        ({"max_vocab": 0}, "max_vocab"),
        ({"device": "cuda:7"}, "device"),
    ],
    TransformerLM: [
        ({"heads": 0}, "heads"),
        ({"dim": 10, "heads": 3}, "multiple of heads"),
        ({"context": 0}, "context"),
        ({"context": 8, "stride": 9}, "at most context"),
        ({"positions": "rope"}, "positions"),
        ({"dropout": NAN}, "dropout"),
        ({"warmup": 0.5}, "warmup"),
        ({"lr": -1.0}, "lr"),
    ],
    BiLanguageModel: [
        ({"dim": 0}, "dim"),
        ({"layers": 1.0}, "layers"),
        ({"max_len": 0}, "max_len"),
        ({"batch_size": 0}, "batch_size"),
        ({"dropout": NAN}, "dropout"),
        ({"max_vocab": 0}, "max_vocab"),
        ({"lr": -1e-3}, "lr"),
        ({"dim": 16, "hidden": 16}, "larger than dim"),
        ({"encoder": "cnn"}, "encoder"),
        ({"encoder": {"chars": 3}}, "unknown setting"),
    ],
    Word2Vec: [
        ({"architecture": "glove"}, "architecture"),
        ({"objective": "hs"}, "objective"),
        ({"dim": 0}, "dim"),
        ({"window": 2.5}, "window"),
        ({"negative": 0}, "negative"),
        ({"lr": NAN}, "lr"),
        ({"lr": -0.1}, "lr"),
        ({"min_lr": -1.0}, "min_lr"),
        ({"lr": 0.01, "min_lr": 0.1}, "min_lr"),
        ({"min_lr": 0.1}, "min_lr"),
        ({"sample": -1e-3}, "sample"),
        ({"ns_exponent": NAN}, "ns_exponent"),
        ({"ns_exponent": 500}, "ns_exponent"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"seed": 1.5}, "seed"),
        ({"device": "tpu"}, "device"),
    ],
    GloVe: [
        ({"dim": 0}, "dim"),
        ({"lr": -0.05}, "lr"),
        ({"lr": NAN}, "lr"),
        ({"x_max": 0}, "x_max"),
        ({"alpha": -0.75}, "alpha"),
        ({"optimizer": "sgd"}, "optimizer"),
        ({"vectors": "mean"}, "vectors"),
        ({"window": 0}, "window"),
        ({"max_vocab": 0}, "max_vocab"),
        ({"epochs": 2.0}, "epochs"),
        ({"device": "gpu"}, "device"),
    ],
    Cooccurrence: [
        ({"window": 0}, "window"),
        ({"window": 2.5}, "window"),
        ({"min_count": 0}, "min_count"),
        ({"max_vocab": 0}, "max_vocab"),
    ],
    CountVectors: [
        ({"weighting": "tfidf"}, "weighting"),
        ({"dim": 0}, "dim"),
        ({"alpha": 0.0}, "alpha"),
        ({"shift": -1}, "shift"),
        ({"p": NAN}, "p"),
        ({"method": "qr"}, "method"),
        ({"window": 1.5}, "window"),
    ],
    MLE: [
        ({"order": 0}, "order"),
        ({"order": 2.5}, "order"),
        ({"max_vocab": 0}, "max_vocab"),
        ({"min_count": NAN}, "min_count"),
        ({"min_count": 2.5}, "min_count"),
        ({"max_vocab": 2.5}, "max_vocab"),
    ],
    Laplace: [({"order": 0}, "order")],
    AddK: [({"k": -1.0}, "k"), ({"k": NAN}, "k"), ({"k": True}, "k")],
    Katz: [({"k": -1}, "k"), ({"cutoffs": [0]}, "cutoffs")],
    StupidBackoff: [({"alpha": 1.5}, "alpha"), ({"alpha": NAN}, "alpha")],
    JelinekMercer: [({"lambdas": [0.5, 0.6]}, "lambdas"), ({"em_iterations": 0}, "em_it")],
    AbsoluteDiscounting: [({"discount": 1.5}, "discount"), ({"discount": NAN}, "discount")],
    KneserNey: [({"order": 0}, "order"), ({"discount": -0.1}, "discount")],
    ModifiedKneserNey: [({"order": 1.5}, "order")],
    LinearMixture: [({"models": []}, "at least one"), ({"models": "ab"}, "language models")],
}
BAD_SETTINGS = [(model, kwargs, word) for model, rows in SETTINGS.items() for kwargs, word in rows]


@pytest.mark.parametrize(("model", "kwargs", "word"), BAD_SETTINGS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_bad_settings_are_refused_by_the_constructor(model, kwargs, word):
    with pytest.raises(ValueError, match=word):
        model(**kwargs)


def _probe(**settings):
    """A linear probe on four tokens of two features, with ``settings``."""
    labels = torch.tensor([0, 1, 0, 1])
    return probes.linear_probe(torch.zeros(4, 2), labels, torch.zeros(2, 2), labels[:2], **settings)


#: (a call with a bad argument, a word the message must contain)
BAD_CALLS = [
    (lambda: BPNetwork(2, 2, 1).fit(np.zeros((1, 2)), np.zeros((1, 1)), lr=NAN), "lr"),
    (lambda: BPNetwork(2, 2, 1).fit(np.zeros((1, 2)), np.zeros((1, 1)), epochs=0), "epochs"),
    (lambda: MLP((2, 2)).fit(np.zeros((2, 2)), np.array([0, 1]), lr=-1.0), "lr"),
    (lambda: MLP((2, 2)).fit(np.zeros((2, 2)), np.array([0, 1]), batch_size=0), "batch_size"),
    (lambda: train_first_token("rnn", 5, lr=INF), "lr"),
    (lambda: train_first_token("rnn", 0), "length"),
    (lambda: clip_by_global_norm({"W": np.ones(2)}, NAN), "max_norm"),
    (lambda: count_matrix(np.array([0, 1]), np.array([0, 0]), 2, window=1.5), "window"),
    (lambda: svd(np.eye(3), 1.5), "rank"),
    (lambda: LinearMixture([MLE(1).fit(CORPUS)]).fit("the cat"), "one string"),
    (lambda: LinearMixture([MLE(1).fit(CORPUS), AddK(1).fit(CORPUS)], weights=[NAN, 1.0]), "weights"),
    (lambda: unseen_mass(MLE(2).fit(CORPUS), "the cat"), "list of word lists"),
    (lambda: unseen_mass(MLE(2).fit(CORPUS), ["the cat"]), "not one string"),
    (lambda: text.Vocab.build(CORPUS).decode("12"), "not a string"),
    (lambda: text.check_sentences(None), "got NoneType"),
    (lambda: text.check_sentences({"train": CORPUS}), "is a dict"),
    (lambda: text.check_sentences(b"the cat"), "got bytes"),
    (lambda: text.check_sentences([b"the cat"]), "not a list of tokens"),
    (lambda: text.split_sentences_zh(["我很好。"]), "one str"),
    (lambda: CountVectors(2, dim=100, min_count=1).fit(CORPUS), "dim=100 is too large"),
    (lambda: MLE(2).fit(CORPUS).generate(seed=-1), "seed"),
    (lambda: training.TrainConfig(device="cuda:9"), "device"),
    (lambda: data.path("ptbb"), r"^unknown data set 'ptbb'. Did you mean 'ptb'"),  # a sentence, not a quoted key
    (lambda: notebook.fmt(None), "fmt formats a number"),
    (lambda: _probe(lr=-1.0), "lr"),
    (lambda: _probe(steps=0), "steps"),
]


@pytest.mark.parametrize(("call", "word"), BAD_CALLS)
def test_bad_arguments_of_functions_are_refused(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def test_numpy_integers_and_none_are_accepted_where_an_int_or_nothing_is_meant(vectors):
    counts = CountVectors(2, dim=np.int64(2), min_count=1).fit(CORPUS)
    assert counts.vectors(np.int64(1)).dim == 1
    assert svd(np.eye(4) + 1, np.int64(2)).S.shape == (2,)
    mle = MLE(np.int64(2)).fit(CORPUS)
    assert len(mle.next_distribution(top=np.int64(2))) == 2 and len(mle.generate(np.int64(3))) <= 3
    assert NeuralLM(2, epochs=np.int64(1), seed=np.int64(1)).config.seed == 1
    assert len(vectors.most_similar("king", exclude=None)) == 3
    assert ["king"] not in vectors  # a list is not a word: False, not a TypeError
    query = torch.tensor(vectors["king"], requires_grad=True)
    assert vectors.most_similar(query, topn=1)[0][0] == "king"


# ---------------------------------------------------------------- sentences and words: one helper, one wording

#: what a learner passes instead of a corpus, and what the message says
BAD_CORPORA = [
    ("the cat sat", "one string"),
    (["the cat sat", "a dog"], "not a list of tokens"),
    ([[1, 2, 3]], "not str"),
    ([["the", "<s>", "cat"]], "boundary markers"),
    ([], "empty"),
]
FITTABLE = {
    "MLE": lambda: MLE(2),
    "KneserNey": lambda: KneserNey(2),
    "Laplace": lambda: Laplace(2),
    "Katz": lambda: Katz(2),
    "StupidBackoff": lambda: StupidBackoff(2),
    "JelinekMercer": lambda: JelinekMercer(2, lambdas=[0.3, 0.6]),
    "AbsoluteDiscounting": lambda: AbsoluteDiscounting(2),
    "ModifiedKneserNey": lambda: ModifiedKneserNey(2),
    "NeuralLM": lambda: NeuralLM(2, epochs=1),
    "RecurrentLM": lambda: RecurrentLM("rnn", epochs=1),
    "TransformerLM": lambda: TransformerLM(dim=8, heads=2, layers=1, context=4, epochs=1),
    "BiLanguageModel": lambda: BiLanguageModel(dim=4, hidden=8, layers=1, epochs=1),
    "Word2Vec": lambda: Word2Vec(min_count=1, epochs=1),
    "GloVe": lambda: GloVe(dim=4, min_count=1, epochs=1),
    "Cooccurrence": lambda: Cooccurrence(),
    "CountVectors": lambda: CountVectors(dim=2, min_count=1),
}


@pytest.mark.parametrize("name", FITTABLE)
@pytest.mark.parametrize(("corpus", "word"), BAD_CORPORA)
def test_every_fit_refuses_a_malformed_corpus_in_the_same_words(name, corpus, word):
    with pytest.raises(ValueError, match=word):
        FITTABLE[name]().fit(corpus)


@pytest.fixture(scope="module")
def language_models():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bilm = BiLanguageModel(dim=4, hidden=8, layers=1, epochs=1).fit(CORPUS)
        return {
            "MLE": MLE(2).fit(CORPUS),
            "NeuralLM": NeuralLM(2, epochs=1).fit(CORPUS),
            "RecurrentLM": RecurrentLM("rnn", epochs=1, batch_size=2, bptt=4).fit(CORPUS),
            "TransformerLM": TransformerLM(dim=8, heads=2, layers=1, context=4, batch_size=2, epochs=1).fit(CORPUS),
            "forward_lm_": bilm.forward_lm_,
            "backward_lm_": bilm.backward_lm_,
        }


#: (method call on a fitted language model, a word the message must contain)
BAD_LM_CALLS = [
    (lambda m: m.next_probs("the cat"), "not one string"),
    (lambda m: m.next_probs(["the", 3]), "not str"),
    (lambda m: m.prob(3, ["the"]), "must be a str"),
    (lambda m: m.prob(["cat"], ["the"]), "one word, not a list"),
    (lambda m: m.perplexity("the cat sat"), "one string"),
    (lambda m: m.perplexity([]), "empty"),
    (lambda m: m.token_logprobs("the cat"), "not a list of tokens"),
    (lambda m: m.generate(context="the cat"), "not one string"),
    (lambda m: m.generate(max_words=-1), "max_words"),
    (lambda m: m.next_distribution(top=0), "top"),
]


@pytest.mark.parametrize("name", ["MLE", "NeuralLM", "RecurrentLM", "TransformerLM", "forward_lm_", "backward_lm_"])
@pytest.mark.parametrize(("call", "word"), BAD_LM_CALLS)
def test_every_language_model_reads_words_the_same_way(language_models, name, call, word):
    with pytest.raises(ValueError, match=word):
        call(language_models[name])


@pytest.fixture(scope="module")
def vectors():
    return embeddings.WordVectors(["king", "queen", "man", "woman"], np.eye(4) + 0.1)


#: (a call on WordVectors or the shared evaluation, a word the message must contain)
BAD_VECTOR_CALLS = [
    (lambda wv: wv.most_similar("king", topn=-1), "topn"),
    (lambda wv: wv.most_similar("king", topn=2.5), "topn"),
    (lambda wv: wv.most_similar(["king", "man"]), "average their vectors"),
    (lambda wv: wv.most_similar(np.ones(3)), "4 finite numbers"),
    (lambda wv: wv.most_similar(np.full(4, NAN)), "finite"),
    (lambda wv: wv.most_similar("king", exclude="man"), "not one string"),
    (lambda wv: wv.similarity(1, "king"), "must be a str"),
    (lambda wv: wv.similarity("emperor", "king"), "not in the vocabulary"),
    (lambda wv: wv.analogy("man", "king", "woman", topn=0), "topn"),
    (lambda wv: wv.analogy("man", "king", "woman", method="cos"), "method"),
    (lambda wv: embeddings.evaluate_similarity(wv, ["king queen"]), "tuple"),
    (lambda wv: embeddings.evaluate_analogies(wv, "man king woman queen"), "one string"),
    (lambda wv: embeddings.WordVectors("abc", np.eye(3)), "not one string"),
    (lambda wv: embeddings.WordVectors(["a"], [[NAN]]), "NaN"),
    (lambda wv: embeddings.WordVectors([], np.zeros((0, 2))), "empty"),
    (lambda wv: embeddings.project_2d(np.ones((1, 3))), "at least 2"),
    (lambda wv: embeddings.project_2d(np.full((3, 3), NAN)), "NaN"),
    (lambda wv: probes.static_features(wv, "king queen"), "one string"),
]


@pytest.mark.parametrize(("call", "word"), BAD_VECTOR_CALLS)
def test_word_vectors_refuse_bad_queries(vectors, call, word):
    with pytest.raises(ValueError, match=word):
        call(vectors)


def test_an_unknown_word_is_a_key_error_and_a_value_error_that_reads_as_a_sentence(vectors):
    with pytest.raises(UnknownWordError) as caught:
        vectors["emperor"]
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("'emperor' is not in the vocabulary")  # no quotes around the message


def test_elmo_representations_refuse_strings(language_models):
    bilm = BiLanguageModel.from_net(language_models["forward_lm_"].net_)
    for call, word in [
        (lambda: bilm.represent("the cat sat"), "one string"),
        (lambda: bilm.represent(["the cat sat"]), "not a list of tokens"),
        (lambda: bilm.token_vectors("cat"), "not one string"),
        (lambda: bilm.token_vectors([]), "empty"),
        (lambda: bilm.token_vectors([3]), "not str"),
    ]:
        with pytest.raises(ValueError, match=word):
            call()


# ---------------------------------------------------------------- divergence: stop, restore, say why


def _finite(module: torch.nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in module.parameters())


#: a model whose learning rate explodes within two epochs on the toy corpus, and how to read its weights
DIVERGING = {
    "NeuralLM": lambda: NeuralLM(3, epochs=3, lr=1e6, optimizer="sgd"),
    "RecurrentLM": lambda: RecurrentLM("rnn", epochs=3, lr=1e6, clip=None, batch_size=2, bptt=5),
    "RecurrentLM, clipped": lambda: RecurrentLM("lstm", epochs=3, lr=1e4, batch_size=2, bptt=5),
    "TransformerLM": lambda: TransformerLM(
        dim=8, heads=2, layers=1, context=5, epochs=3, lr=1e6, optimizer="sgd", clip=None, warmup=None, batch_size=2
    ),
    "BiLanguageModel": lambda: BiLanguageModel(
        dim=8, hidden=16, layers=1, epochs=3, lr=1e6, optimizer="sgd", clip=None
    ),
}


@pytest.mark.parametrize("name", DIVERGING)
def test_a_diverging_neural_lm_stops_with_its_weights_restored(name):
    model = DIVERGING[name]()
    with pytest.raises(TrainingDivergedError, match=r"diverged.*restored.*learning rate") as caught:
        model.fit(CORPUS, valid=CORPUS[:3])
    assert caught.value.history is model.history_
    assert _finite(model.net_)
    lm = model.forward_lm_ if name == "BiLanguageModel" else model
    assert math.isfinite(lm.perplexity(CORPUS[:3]))  # the restored model is usable


def test_fit_restores_the_best_epoch_when_a_later_one_diverges():
    torch.manual_seed(0)
    net = torch.nn.Linear(2, 2)
    x, y = torch.randn(8, 2), torch.tensor([0, 1] * 4)
    seen = {"batches": 0}
    saved = {}

    def loss(net, batch, state, reduction):
        seen["batches"] += 1
        value = training.cross_entropy(net(batch[0]), batch[1], reduction)
        return (value * math.nan if seen["batches"] > 2 else value), None  # epoch 3 diverges

    def valid(net):
        saved[len(saved) + 1] = {k: v.clone() for k, v in net.state_dict().items()}
        return 1.0 / (len(saved))  # every epoch improves, so the last finite one is the best

    config = training.TrainConfig(epochs=5, lr=0.1, optimizer="sgd")
    with pytest.raises(TrainingDivergedError, match=r"epoch 2 .the best on validation. are restored") as caught:
        training.fit(net, training.ShuffledBatches(x, y, 8), loss, config, valid)
    for key, value in net.state_dict().items():
        torch.testing.assert_close(value, saved[2][key])
    assert caught.value.history.train_loss and len(caught.value.history.train_loss) == 2


def test_word2vec_and_glove_stop_a_diverging_run():
    model = Word2Vec(min_count=1, sample=0, window=2, lr=1e9, batch_size=2, epochs=3)
    with pytest.raises(TrainingDivergedError, match=r"word2vec diverged.*lower lr"):
        model.fit(CORPUS)
    assert np.isfinite(model.wv_.vectors).all()
    glove = GloVe(dim=4, min_count=1, lr=1e30, optimizer="adam", epochs=5)
    with pytest.raises(TrainingDivergedError, match=r"GloVe training diverged.*lower lr"):
        glove.fit(CORPUS)
    assert torch.isfinite(glove.W_).all() and torch.isfinite(glove.b_).all()


def test_the_vanishing_gradient_experiment_stops_a_diverging_run():
    with pytest.raises(TrainingDivergedError, match=r"Lower the learning rate \(lr=1e\+30"):
        train_first_token("rnn", 5, steps=30, lr=1e30, clip=1e30)


def test_a_diverging_mlp_restores_the_weights_before_the_bad_epoch():
    X, y = np.random.default_rng(0).normal(size=(20, 2)) * 100, np.arange(20) % 2
    mlp = MLP((2, 16, 2), activation="relu")
    with pytest.raises(TrainingDivergedError, match="Lower the learning rate"):
        mlp.fit(X, y, lr=1e12, epochs=5)
    assert all(np.isfinite(p).all() for p in mlp.params.values())


def test_perplexities_overflow_to_inf_never_to_an_exception():
    history = training.History(train_loss=[1.0, 1e4, NAN], valid_loss=[800.0])
    assert history.train_ppl[1] == math.inf and math.isnan(history.train_ppl[2])
    assert history.valid_ppl == [math.inf]
    assert checks.exp_or_inf(1e6) == math.inf
    assert not checks.sane_loss(1e4) and not checks.sane_loss(NAN) and checks.sane_loss(9.2)


# ---------------------------------------------------------------- too little data


def test_word2vec_on_a_tiny_corpus_trains_or_says_how_little_it_had():
    tiny = [list("abcdefghijkl")]
    with pytest.warns(UserWarning, match="very few examples"):
        Word2Vec(min_count=1, sample=0, window=13, dim=5).fit(tiny)  # a window wider than the corpus
    with pytest.raises(ValueError, match=r"no training examples.*larger corpus"):
        Word2Vec(min_count=1, sample=0).fit([["alone"]])
    with pytest.warns(UserWarning, match=r"sample=0"):  # subsampling removed (almost) everything
        model = Word2Vec("cbow", min_count=1, window=2, dim=5).fit(tiny)
    assert any(math.isnan(x) for x in model.history_.train_loss)  # an epoch without examples is no 0.0 loss


# ---------------------------------------------------------------- Unicode


def test_text_is_read_in_nfc_with_full_width_forms_kept():
    decomposed, composed = "cafe\u0301", "caf\u00e9"
    assert text.word_tokenize(f"{decomposed} {composed}") == [composed, composed]
    assert text.word_tokenize("nai\u0308ve") == ["na\u00efve"]
    assert text.word_tokenize("x\u0323\u0302y") == ["x\u0323\u0302y"]  # marks with no precomposed form stay with x
    assert text.char_tokenize("e\u0301我") == ["\u00e9", "我"]
    assert text.char_tokenize("\u8c48") == ["\u8c48"]
    assert text.char_tokenize("\uf900") == ["\u8c48"]  # a CJK compatibility ideograph is the unified one
    assert text.char_tokenize("你好，１９９８。") == ["你", "好", "，", "１", "９", "９", "８", "。"]  # full width kept
    assert text.char_tokenize("你好，１９９８。", keep_punct=False) == ["你", "好"]
    with pytest.raises(ValueError, match="decode"):
        text.normalize(b"bytes")
    assert text.word_tokenize("don’t don't") == ["don’t", "don't"]  # curly apostrophes join words as straight ones
    assert text.word_tokenize("\ufeffThe co\u00adop a\u200bb") == ["The", "coop", "ab"]  # invisible Cf dropped
    assert text.word_tokenize("क्ष नमस्ते") == ["क्ष", "नमस्ते"]  # marks of any script stay with their letters
    assert text.char_tokenize("\ufeff我\u200b你") == ["我", "你"]


# ---------------------------------------------------------------- the table covers every model


MODEL_MODULES = ["ngram", "smoothing", "nnlm", "rnn", "elmo", "word2vec", "glove", "cooccurrence", "backprop"]


#: every training loop of the course, each with a divergence test (here, or for GloVe and the probes in
#: test_glove.py and test_elmo.py); a loop is found by its update step
DIVERGENCE_TESTED = {
    "training.fit",
    "rnn.train_first_token",
    "word2vec.Word2Vec.fit",
    "glove.GloVe._fit_counts",
    "backprop.BPNetwork.fit",
    "backprop.MLP.fit",
    "probes.linear_probe",
}
#: one backward pass to measure gradients, and one update step: no loop
NOT_TRAINING = {"rnn.grad_norms_by_step", "backprop.BPNetwork.step"}


def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except OSError:  # generated code (a dataclass's __init__) has none, and trains nothing
        return ""


def test_every_training_loop_has_a_divergence_test():
    update = re.compile(r"\.backward\(\)|opt\.step\(|self\._?step\(|-= lr")
    found = set()
    for name in [*MODEL_MODULES, "training", "probes"]:
        module = importlib.import_module(f"course_utils.{name}")
        for attr, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__ or attr.startswith("_"):
                continue
            members = [(attr, obj)] if inspect.isfunction(obj) else []
            if inspect.isclass(obj):
                members = [(f"{attr}.{m}", f) for m, f in vars(obj).items() if inspect.isfunction(f)]
            found |= {f"{name}.{q}" for q, f in members if update.search(_source(f))}
    assert found - NOT_TRAINING == DIVERGENCE_TESTED, "give each new training loop a divergence test here"


def test_every_model_is_in_the_table():
    """Every public class with a ``fit`` is fitted on malformed corpora above or has its bad settings listed."""
    in_table = set(FITTABLE) | {m.__name__ for m in SETTINGS} | {"BPNetwork", "MLP"}
    missing = []
    for name in MODEL_MODULES:
        module = importlib.import_module(f"course_utils.{name}")
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and not cls_name.startswith("_") and hasattr(cls, "fit"):
                if cls_name not in in_table and not inspect.isabstract(cls):
                    missing.append(f"{name}.{cls_name}")
    assert not missing, f"add these models to the bad-input tables of tests/test_bad_input.py: {missing}"
