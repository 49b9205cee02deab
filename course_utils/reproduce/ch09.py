"""Notebook 09's full-scale runs: train a small ELMo on Penn Treebank, and probe its layers."""

from __future__ import annotations

import time
from pathlib import Path

from ..paths import REPO_DATA
from ..tools import distributed
from . import RunConfig, Table, ch06, ch07, epochs, experiment, load_peoples_daily, load_ptb, shown, zh_speller

ELMO_SETTINGS = {"dim": 128, "hidden": 256, "layers": 2, "residual": True, "dropout": 0.1, "batch_size": 32}
ELMO_EPOCHS = 5
ELMO_LR = 1e-3
#: the full-precision checkpoint's name in the run's checkpoint folder (RunConfig.checkpoint_dir)
ELMO_CHECKPOINT = "elmo-ptb.pt"
#: a tiny run probes the first 100 sentences of UD EWT dev and test
TINY_PROBE_SENTENCES = 100

PROBE_COLUMNS = [
    "representation",
    "POS accuracy",
    "may: sense 1-NN",
    "WS-353 ρ",
    "SimLex ρ",
    "analogy semantic",
    "analogy syntactic",
    "scalar-mix weights (layers 0 / 1 / 2)",
]


def _analogy_split(result) -> tuple[str, str]:
    """Accuracy on the Google set's semantic sections and on its syntactic (gram*) sections."""

    def share(parts):
        used = sum(n for _, n in parts)
        return f"{sum(c for c, _ in parts) / used:.3f}" if used else "-"

    sections = result.sections.items()
    return share([v for k, v in sections if not k.startswith("gram")]), share(
        [v for k, v in sections if k.startswith("gram")]
    )


def probe_rows(model, static: dict, probe_train, probe_test, ptb_train) -> list[list[str]]:
    """The probes of notebook 09, one row per ELMo layer, the scalar mix and each static vector set.

    Syntactic: a softmax-regression POS probe (UD EWT dev → test). Semantic: the 1-NN agreement of *may*'s
    month/modal senses over PTB occurrences, and each layer averaged into one vector per word
    (:func:`course_utils.probes.layer_word_vectors`, at most 20 occurrences over PTB train) scored on
    WS-353, SimLex-999 and the Google analogies, split into semantic and syntactic sections.
    """
    import torch

    from ..embeddings import evaluation_sets, score_word_vectors
    from ..probes import (
        layer_word_vectors,
        linear_probe,
        may_occurrences,
        nearest_neighbour_agreement,
        occurrence_vectors,
        static_features,
    )

    (train_words, train_tags), (test_words, test_tags) = probe_train, probe_test
    tagset = sorted({t for s in train_tags + test_tags for t in s})
    index = {t: i for i, t in enumerate(tagset)}
    y = torch.tensor([index[t] for s in train_tags for t in s])
    y_test = torch.tensor([index[t] for s in test_tags for t in s])
    X, X_test = torch.cat(model.represent(train_words), 1), torch.cat(model.represent(test_words), 1)
    may = may_occurrences(ptb_train, per_sense=100)
    senses = [sense for *_, sense in may]
    may_scores = nearest_neighbour_agreement(occurrence_vectors(model, may), senses)
    sets = evaluation_sets()
    per_layer = layer_word_vectors(model, ptb_train, max_occurrences=20)

    def semantic_cells(wv):
        scores = score_word_vectors(wv, sets)
        spearman = [f"{scores.wordsim353.spearman:.3f}", f"{scores.simlex999.spearman:.3f}"]
        return [*spearman, *_analogy_split(scores.analogies)]

    names = ["ELMo layer 0 (characters, no context)", "ELMo layer 1 (biLSTM 1)", "ELMo layer 2 (biLSTM 2)"]
    rows = []
    for k in range(len(X)):
        accuracy = linear_probe(X[k], y, X_test[k], y_test).accuracy
        rows.append([names[k], f"{accuracy:.3f}", f"{may_scores[k]:.3f}", *semantic_cells(per_layer[k]), ""])
    mixed = linear_probe(X, y, X_test, y_test, mix=True)
    weights = " / ".join(f"{w:.2f}" for w in mixed.weights)
    rows.append(["ELMo scalar mix (fitted for POS)", f"{mixed.accuracy:.3f}", "", "", "", "", "", weights])
    chance = nearest_neighbour_agreement(torch.ones(1, len(senses), 1), senses)[0]  # one vector for every token
    for label, wv in static.items():
        accuracy = linear_probe(static_features(wv, train_words), y, static_features(wv, test_words), y_test).accuracy
        rows.append([label, f"{accuracy:.3f}", f"{chance:.3f}", *semantic_cells(wv), ""])
    return rows


def _probe_notes(probe_train, probe_test) -> list[str]:
    return [
        f"POS probe: softmax regression on standardised features, trained on UD EWT dev "
        f"({sum(map(len, probe_train[1])):,} tokens), tested on UD EWT test ({sum(map(len, probe_test[1])):,} "
        "tokens), 14 universal POS tags (punctuation, symbols and foreign words removed: PTB's text has none); "
        "words lower-cased, digits as N. Static vectors give words outside PTB's vocabulary a zero vector.",
        "may: sense 1-NN: the first 100 PTB-train occurrences of each sense of *may* (month after a time word or "
        "before a number, else modal); the share whose nearest other occurrence has the same sense. Static "
        "vectors give every occurrence the same vector: chance.",
        "WS-353, SimLex, analogies: each ELMo layer averaged over a word's first 20 PTB-train occurrences into "
        "one vector per word; the Google analogies split into semantic and syntactic (gram*) sections.",
    ]


def _probe_sentences(config: RunConfig) -> tuple:
    """UD EWT dev and test prepared for the POS probe (their first 100 sentences when tiny)."""
    from .. import data
    from ..probes import prepare_probe_sentences

    stop = TINY_PROBE_SENTENCES if config.tiny else None
    return tuple(prepare_probe_sentences(data.load_ud_pos(s, download=True)[:stop]) for s in ("dev", "test"))


def _static_vectors(config: RunConfig, train) -> dict:
    """The static vectors the probes compare with, at their own chapters' settings (a tiny run's: one epoch of
    word2vec, the small SVD rank)."""
    from ..cooccurrence import CountVectors
    from ..word2vec import Word2Vec

    return {
        "PPMI-SVD (notebook 07), static": CountVectors(5, dim=ch07.rank(config), method="truncated").fit(train).wv_,
        "word2vec CBOW (notebook 06), static": Word2Vec("cbow", seed=0, **ch06.w2v_settings(config)).fit(train).wv_,
    }


@experiment(
    "elmo",
    "train a small ELMo biLM on PTB (50 min): perplexity per direction (then run elmo-probes)",
    "09",
    writes=lambda config: (config.data_copy_dir,),  # its float16 copy (data/ for a real run), checked up front
)
def elmo_ptb(config: RunConfig) -> Table:
    """Train ELMo's biLM (notebook 09): a char-CNN token encoder and forward/backward LSTMs maximising
    Σ_k log p(t_k | t_<k) + log p(t_k | t_>k); report each direction's perplexity and save it (the float16
    copy in ``data/`` is what notebook 09 and ``elmo-probes`` load)."""
    import torch

    from .. import data
    from ..elmo import PRETRAINED, BiLanguageModel, save_bilm

    ptb = load_ptb(config)
    start = time.perf_counter()
    model = BiLanguageModel(epochs=epochs(config, ELMO_EPOCHS), lr=ELMO_LR, seed=0, quiet=False, **ELMO_SETTINGS).fit(
        ptb["train"], valid=ptb["valid"]
    )
    train_seconds = time.perf_counter() - start
    history = model.history_
    tokens = sum(len(s) + 1 for s in ptb["train"]) * len(history.train_loss)
    test_f, test_b = model.forward_lm_.perplexity(ptb["test"]), model.backward_lm_.perplexity(ptb["test"])
    if not distributed.is_main():  # every process trained the same model; one writes it
        return Table("ELMo (another process's copy)", [])
    checkpoint = config.checkpoint_dir / ELMO_CHECKPOINT
    sha = save_bilm(model.net_, checkpoint)
    # the float16 copy that notebook 09 loads lives in the repository's data/ folder, listed in its manifest
    copy_dir = config.data_copy_dir
    save_bilm(model.net_, copy_dir / PRETRAINED, half=True)
    if copy_dir == REPO_DATA:
        data.write_toy_manifest()
    valid_f, valid_b = model.forward_lm_.perplexity(ptb["valid"]), model.backward_lm_.perplexity(ptb["valid"])
    table = Table(
        "ELMo's biLM (small) on Penn Treebank: perplexity per direction",
        ["model", "epochs (best)", "valid ppl (forward / backward)", "test ppl (forward / backward)"],
    )
    table.rows = [
        [
            "biLM: char-CNN, 2 LSTM layers per direction",
            f"{len(history.train_loss)} (best {history.best_epoch})",
            f"{valid_f:.1f} / {valid_b:.1f}",
            f"{test_f:.1f} / {test_b:.1f}",
        ]
    ]
    table.throughput = f"{tokens / train_seconds:,.0f} training words/s (validation passes included)"
    n_params = sum(p.numel() for p in model.net_.parameters())
    table.notes = [
        f"biLM: char-CNN token encoder, {ELMO_SETTINGS['layers']} LSTM layers of {ELMO_SETTINGS['hidden']} cells "
        f"projected to {ELMO_SETTINGS['dim']} per direction, residual, dropout {ELMO_SETTINGS['dropout']}, "
        f"{n_params:,} parameters; Adam at {ELMO_LR:g}, batch {ELMO_SETTINGS['batch_size']}, "
        f"{epochs(config, ELMO_EPOCHS)} epochs "
        f"over PTB train in {train_seconds / 60:.1f} min ({torch.get_num_threads()} thread(s)).",
        "Perplexity counts the words and one </s> per sentence; each sentence starts afresh (no state carried). "
        "Valid by epoch (geometric mean of the two directions): "
        + ", ".join(f"{v:.1f}" for v in history.valid_ppl)
        + ".",
        f"Checkpoint: {shown(checkpoint)} (SHA-256 {sha[:12]}...); its float16 copy {shown(copy_dir / PRETRAINED)} "
        "is what notebook 09 loads; python -m course_utils.reproduce elmo-probes runs the probes on it in minutes.",
    ]
    return table


def _pretrained(config: RunConfig) -> Path:
    """The float16 ELMo that ``elmo-probes`` reads: the run's data copy, else the course's ``data/elmo-ptb.pt``."""
    from .. import data
    from ..elmo import PRETRAINED

    copy = config.data_copy_dir / PRETRAINED
    # a tiny run reads the course's model when no `elmo --tiny` wrote its own (reading never overwrites it)
    if config.data_copy_dir == REPO_DATA or (config.tiny and not copy.is_file()):
        return data.toy_path(PRETRAINED)
    return copy


@experiment("elmo-probes", "the probes of notebook 09 on the course's trained ELMo (data/elmo-ptb.pt)", "09")
def elmo_probes(config: RunConfig) -> Table:
    """The probes of :func:`probe_rows` on the saved float16 ELMo, without training it again."""
    from ..elmo import BiLanguageModel, load_bilm

    ptb = load_ptb(config)
    probe_train, probe_test = _probe_sentences(config)
    model = BiLanguageModel.from_net(load_bilm(_pretrained(config)))
    test_f, test_b = model.forward_lm_.perplexity(ptb["test"]), model.backward_lm_.perplexity(ptb["test"])
    table = Table("ELMo (small, data/elmo-ptb.pt) on PTB: probes per layer, beside static vectors", PROBE_COLUMNS)
    table.rows = probe_rows(model, _static_vectors(config, ptb["train"]), probe_train, probe_test, ptb["train"])
    table.notes = [
        f"The float16 checkpoint's test perplexity: {test_f:.1f} forward / {test_b:.1f} backward.",
        *_probe_notes(probe_train, probe_test),
    ]
    return table


#: the float16 copy of the Chinese biLM in ``data/`` (notebook 09), and its full-precision checkpoint's name
PRETRAINED_PD = "elmo-pd.pt"
#: epochs of the Chinese biLM: fewer than the PTB run's 5, so that it trains in about 40 minutes on a 2-core CPU
#: beside the other Chinese runs (the validation curve in its notes shows what more epochs would still give)
ELMO_PD_EPOCHS = 2
ELMO_PD_ABOUT = (
    "The small ELMo biLM (char-CNN over each word's characters, 2 biLSTM layers per direction) trained on People's "
    "Daily 1998-01 words by python -m course_utils.reproduce elmo-pd, float16: notebook 09's Chinese probes load it"
)


@experiment(
    "elmo-pd",
    "train the small ELMo biLM on People's Daily 1998-01 words (the PTB settings): perplexity per direction",
    "09",
    writes=lambda config: (config.data_copy_dir,),
)
def elmo_pd(config: RunConfig) -> Table:
    """ELMo's biLM (notebook 09) with the settings of ``elmo`` on the Chinese corpus: each word's characters (字)
    go through the character CNN, so a Chinese word outside the 10,000-word softmax still gets a vector from its
    characters; the split and vocabulary of :mod:`course_utils.chinese`. Reports each direction's word
    perplexity and bits per character, and saves the model (float16 copy ``data/elmo-pd.pt``)."""
    import torch

    from .. import chinese, data
    from ..elmo import BiLanguageModel, save_bilm

    pd = load_peoples_daily(config)
    vocab = chinese.word_vocab(pd["train"])
    speller = zh_speller(pd)
    start = time.perf_counter()
    model = BiLanguageModel(epochs=epochs(config, ELMO_PD_EPOCHS), lr=ELMO_LR, seed=0, quiet=False, **ELMO_SETTINGS)
    model.fit(pd["train"], vocab=vocab, valid=pd["valid"])
    train_seconds = time.perf_counter() - start
    history = model.history_
    directions = {"forward": model.forward_lm_, "backward": model.backward_lm_}
    valid = {k: lm.perplexity(pd["valid"]) for k, lm in directions.items()}
    tests = {k: lm.evaluate(pd["test"]) for k, lm in directions.items()}
    bits = {k: chinese.bits_per_character(t.log_prob, pd["test"], vocab, speller) for k, t in tests.items()}
    if not distributed.is_main():
        return Table("ELMo (another process's copy)", [])
    checkpoint = config.checkpoint_dir / PRETRAINED_PD
    sha = save_bilm(model.net_, checkpoint)
    copy_dir = config.data_copy_dir
    save_bilm(model.net_, copy_dir / PRETRAINED_PD, half=True)
    if copy_dir == REPO_DATA:
        data.write_toy_manifest({PRETRAINED_PD: ELMO_PD_ABOUT})
    table = Table(
        "ELMo's biLM (small) on People's Daily (1998-01, gold words): perplexity and bits per character per direction",
        [
            "model",
            "epochs (best)",
            "valid ppl (forward / backward)",
            "test ppl (forward / backward)",
            "test bits/char (forward / backward)",
        ],
    )
    table.rows = [
        [
            "biLM: char-CNN over 字, 2 LSTM layers per direction",
            f"{len(history.train_loss)} (best {history.best_epoch})",
            f"{valid['forward']:.1f} / {valid['backward']:.1f}",
            f"{tests['forward'].perplexity:.1f} / {tests['backward'].perplexity:.1f}",
            f"{bits['forward']:.3f} / {bits['backward']:.3f}",
        ]
    ]
    tokens = sum(len(s) + 1 for s in pd["train"]) * len(history.train_loss)
    table.throughput = f"{tokens / train_seconds:,.0f} training words/s (validation passes included)"
    table.notes = [
        f"The settings of the PTB run (`elmo`): {ELMO_SETTINGS['layers']} LSTM layers of {ELMO_SETTINGS['hidden']} "
        f"cells projected to {ELMO_SETTINGS['dim']} per direction, Adam at {ELMO_LR:g}, batch "
        f"{ELMO_SETTINGS['batch_size']} sentences; {epochs(config, ELMO_PD_EPOCHS)} epochs instead of the PTB run's "
        f"{ELMO_EPOCHS} (a CPU budget: {train_seconds / 60:.1f} min with {torch.get_num_threads()} thread(s), beside "
        "the other Chinese runs), so it is less trained than the English biLM; the character CNN reads each "
        "word's characters.",
        "Valid by epoch (geometric mean of the two directions): "
        + ", ".join(f"{v:.1f}" for v in history.valid_ppl)
        + ". Each sentence starts afresh (no state carried), as for the PTB biLM: these perplexities compare with "
        "models that read one sentence at a time, not with lstm-pd's LSTM, which carries its state across sentences.",
        "Bits per character as in nnlm-pd: every unknown word also pays for its spelling by a character unigram.",
        f"Checkpoint: {shown(checkpoint)} (SHA-256 {sha[:12]}...); its float16 copy {shown(copy_dir / PRETRAINED_PD)} "
        "is what notebook 09 loads.",
    ]
    return table


#: the Chinese twins of the *may* test: a word whose gold PKU tag tells its senses apart (notebook 09)
ZH_TWINS = {
    "地": {"particle (u, 认真地)": ("u",), "noun (n, 土地, 在地上)": ("n",)},
    "上": {"locative (f, 桌上)": ("f",), "verb (v, 上学)": ("v",)},
}
#: the probes' Chinese sentences: the first this many of People's Daily's valid (probe training) and test splits
ZH_PROBE_SENTENCES = 1000
ZH_PROBE_COLUMNS = [
    "representation",
    "POS accuracy",
    *[f"{w}: sense 1-NN" for w in ZH_TWINS],
    "wordsim-240 ρ",
    "CA8 semantic",
    "CA8 morphological",
    "scalar-mix weights (layers 0 / 1 / 2)",
]


@experiment(
    "elmo-probes-pd", "the probes of notebook 09 on the Chinese biLM (data/elmo-pd.pt): POS, 地/上 senses", "09"
)
def elmo_probes_pd(config: RunConfig) -> Table:
    """The probes of ``elmo-probes`` on the Chinese biLM that ``elmo-pd`` saved: a POS probe per layer on held-out
    People's Daily with PKU's tags mapped to the universal ones (:data:`course_utils.chinese.PKU_TO_UPOS`), the
    sense twins of *may* read from the gold tags (:data:`ZH_TWINS`), and each layer averaged into word vectors
    scored on the Chinese sets, beside static PPMI-SVD and CBOW vectors trained on the same text."""
    import torch

    from .. import chinese, data
    from ..elmo import BiLanguageModel, load_bilm
    from ..embeddings import score_zh_word_vectors, zh_evaluation_sets
    from ..probes import (
        layer_word_vectors,
        linear_probe,
        nearest_neighbour_agreement,
        occurrence_vectors,
        static_features,
    )

    data.fetch("peoples-daily-1998", quiet=True)
    tagged = chinese.load_peoples_daily(tags=True)
    limit = 40 if config.tiny else ZH_PROBE_SENTENCES
    train = load_peoples_daily(config)["train"]
    copy = config.data_copy_dir / PRETRAINED_PD
    source = data.toy_path(PRETRAINED_PD) if config.data_copy_dir == REPO_DATA or not copy.is_file() else copy
    model = BiLanguageModel.from_net(load_bilm(source))
    (train_words, train_tags) = chinese.probe_sentences(tagged["valid"][:limit])
    (test_words, test_tags) = chinese.probe_sentences(tagged["test"][:limit])
    tagset = sorted({t for s in train_tags + test_tags for t in s})
    index = {t: i for i, t in enumerate(tagset)}
    y = torch.tensor([index[t] for s in train_tags for t in s])
    y_test = torch.tensor([index[t] for s in test_tags for t in s])
    X, X_test = torch.cat(model.represent(train_words), 1), torch.cat(model.represent(test_words), 1)
    twins, chance = {}, {}
    for word, senses in ZH_TWINS.items():
        occurrences = chinese.sense_occurrences(tagged["train"][: len(train)], word, senses, per_sense=100)
        labels = [sense for *_, sense in occurrences]
        twins[word] = nearest_neighbour_agreement(occurrence_vectors(model, occurrences), labels)
        chance[word] = nearest_neighbour_agreement(torch.ones(1, len(labels), 1), labels)[0]
    sets = zh_evaluation_sets()
    per_layer = layer_word_vectors(model, train, max_occurrences=20)

    def semantic(wv) -> list[str]:
        scores = score_zh_word_vectors(wv, sets)
        return [
            f"{scores[k].spearman if k == 'wordsim240' else scores[k].accuracy:.3f}"
            for k in ("wordsim240", "ca8_semantic", "ca8_morphological")
        ]

    names = ["ELMo layer 0 (characters, no context)", "ELMo layer 1 (biLSTM 1)", "ELMo layer 2 (biLSTM 2)"]
    table = Table(
        "ELMo (small, data/elmo-pd.pt) on People's Daily: probes per layer, beside static vectors", ZH_PROBE_COLUMNS
    )
    for k in range(len(X)):
        accuracy = linear_probe(X[k], y, X_test[k], y_test).accuracy
        cells = [f"{twins[w][k]:.3f}" for w in ZH_TWINS]
        table.rows.append([names[k], f"{accuracy:.3f}", *cells, *semantic(per_layer[k]), ""])
    mixed = linear_probe(X, y, X_test, y_test, mix=True)
    weights = " / ".join(f"{w:.2f}" for w in mixed.weights)
    table.rows.append(
        ["ELMo scalar mix (fitted for POS)", f"{mixed.accuracy:.3f}", *[""] * (len(ZH_TWINS) + 3), weights]
    )
    for label, wv in _static_vectors(config, train).items():
        accuracy = linear_probe(static_features(wv, train_words), y, static_features(wv, test_words), y_test).accuracy
        table.rows.append([label, f"{accuracy:.3f}", *[f"{chance[w]:.3f}" for w in ZH_TWINS], *semantic(wv), ""])
    noun_hui = sum(1 for s in tagged["train"] for w, t in s if w == "会" and t == "n")
    table.notes = [
        f"POS probe: softmax regression on standardised features, trained on the first {limit:,} sentences of People's "
        f"Daily valid ({sum(map(len, train_tags)):,} tokens), tested on the first {limit:,} of test "
        f"({sum(map(len, test_tags)):,} tokens); PKU's tags mapped to {len(tagset)} universal POS tags "
        "(course_utils.chinese.PKU_TO_UPOS: classifiers as NOUN, localisers as ADP, as UD's Chinese treebanks do), "
        "punctuation removed as in the English probe. Both splits are held out from the biLM's training.",
        "Sense 1-NN: the first 100 People's Daily train occurrences of each sense, the sense read from the gold tag "
        "(地: particle u or noun n; 上: localiser f or verb v); the share whose nearest other occurrence has the "
        "same sense. Static vectors give every occurrence one vector: their cell is chance. 会 as a noun "
        f"(meeting) would be the closest twin of *may*, but PKU segments 会议 and 大会 as words, so 会/n occurs "
        f"only {noun_hui} times in train.",
        "wordsim-240, CA8: each layer averaged over a word's first 20 train occurrences into one vector per word.",
    ]
    return table
