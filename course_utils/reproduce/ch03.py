"""Notebook 03's full-scale run: Bengio's NNLM on Penn Treebank, alone and mixed with modified Kneser-Ney."""

from __future__ import annotations

import time
from typing import Any

from ..notebook import fmt
from . import ZH_COLUMNS, RunConfig, Table, curve, epochs, experiment, load_peoples_daily, load_ptb, zh_row, zh_speller

#: Bengio's NNLM as this course trains it on PTB; the recipe and the source of each setting are in
#: :func:`nnlm_ptb`'s docstring.
NNLM_RECIPE: dict[str, Any] = {
    "order": 5,
    "dim": 100,
    "hidden": 300,
    "direct": False,
    "dropout": 0.3,
    "batch_size": 256,
    "optimizer": "adam",
    "lr": 1e-3,
    "lr_decay": 0.5,
    "min_improvement": 0.003,
    "epochs": 11,
}


@experiment("nnlm-ptb", "Bengio's NNLM (n=5, m=100, h=300) on full PTB, alone and mixed with modified KN5", "03")
def nnlm_ptb(config: RunConfig) -> Table:
    """Bengio et al.'s (2003) feedforward NNLM, P(w_t | w_{t-4..t-1}) = softmax(U tanh(H x + d) + b) (notebook 03),
    and its linear interpolation with modified Kneser-Ney (notebook 02), the weight fitted by EM on valid only.

    The recipe (:data:`NNLM_RECIPE`), setting by setting, with its source:

    - **Sizes**: a 5-gram (n = 5, four words of context), the order of the KN5 it is compared with; word
      vectors m = 100; h = 300 hidden units. The softmax over PTB's 10,000 words is the cost that dominates,
      and 300 units is what the 90-minute budget on 2 cores allows (about 7 minutes an epoch at one thread).
      Table 4.1 does not give the published model's sizes.
    - **No direct connections** (W = 0; Bengio et al. tried models with and without them): on PTB they
      would triple the output layer's cost.
    - **The schedule: Mikolov's rule** (the RNNLM toolkit's ``min_improvement``, ``trainNet`` in ``rnnlmlib.cpp``):
      keep the learning rate while validation improves by at least 0.3% an epoch, then halve it every
      epoch, and stop when an epoch gains less than 0.3% again (at most 11 epochs). Bengio et al. decayed
      the rate as ε_0 / (1 + r t) over a fixed number of epochs instead.
    - **Departure: Adam** (lr 1e-3) on batches of 256 contexts instead of per-example SGD: it converges in
      a handful of epochs on a CPU.
    - **Departure: dropout 0.3** (on the concatenated context vectors and on the hidden layer) instead of
      Bengio et al.'s weight decay 1e-4: with Adam and no regulariser this network overfits PTB within a few
      epochs (the course's earlier run, h = 200 without dropout: 166.8 on test).
    """
    from .. import nnlm
    from .. import smoothing as sm
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    r = NNLM_RECIPE
    model = nnlm.NeuralLM(**{**r, "epochs": epochs(config, r["epochs"])}, seed=0, quiet=False)
    start = time.perf_counter()
    model.fit(ptb["train"], vocab=vocab, valid=ptb["valid"])
    train_seconds = time.perf_counter() - start
    epochs_run = len(model.history_.train_loss)
    kn5 = sm.ModifiedKneserNey(5).fit(ptb["train"], vocab=vocab)
    mix = sm.LinearMixture([model, kn5]).fit(ptb["valid"])
    table = Table(
        "Bengio's NNLM on Penn Treebank: test perplexity, alone and mixed with Kneser-Ney",
        ["model", "valid ppl", "test ppl", "published test"],
    )
    table.rows = [
        [
            f"NNLM n={r['order']}, m={r['dim']}, h={r['hidden']}, dropout {r['dropout']} (no direct connections)",
            fmt(model.perplexity(ptb["valid"]), 1),
            fmt(model.perplexity(ptb["test"]), 1),
            "140.2 (feedforward NNLM)",
        ],
        [
            "modified Kneser-Ney 5-gram",
            fmt(kn5.perplexity(ptb["valid"]), 1),
            fmt(kn5.perplexity(ptb["test"]), 1),
            "141.2",
        ],
        [
            f"NNLM + KN5 mixture (NNLM weight {mix.weights_[0]:.2f}, fitted on valid)",
            fmt(mix.perplexity(ptb["valid"]), 1),
            fmt(mix.perplexity(ptb["test"]), 1),
            "116.7",
        ],
    ]
    nnlm_test, kn5_test, mix_test = (float(r[2]) for r in table.rows)
    tokens = sum(len(s) + 1 for s in ptb["train"])
    table.throughput = f"{tokens * epochs_run / train_seconds:,.0f} training words/s"
    table.notes = [
        f"Training: Adam (lr {r['lr']:g}) on batches of {r['batch_size']} contexts, dropout {r['dropout']} on the "
        f"context vectors and the hidden layer, and the RNNLM toolkit's schedule: halve the rate once an epoch "
        f"gains less than 0.3% on validation, stop when one gains less than that again, undo an epoch that makes "
        f"it worse. {epochs_run} epochs (best: {model.history_.best_epoch}), {train_seconds / 60:.1f} min on this "
        f"machine's CPU, {tokens * epochs_run / train_seconds:,.0f} training words/s (validation passes "
        "included). The recipe's sources are in the experiment's docstring.",
        f"{curve(model.history_)}.",
        "Published: Mikolov et al. 2011 and Mikolov 2012, Table 4.1 (PTB test): feedforward NNLM 140.2, "
        "KN5 141.2, NNLM interpolated with KN5 116.7.",
        f"The mixture is {1 - mix_test / kn5_test:.0%} below Kneser-Ney's test perplexity (published: "
        f"{1 - 116.7 / 141.2:.0%}); the NNLM alone is {nnlm_test / 140.2 - 1:+.0%} against the published "
        "feedforward NNLM.",
        "The mixture weight is fitted by EM on the validation set only (so its validation number is "
        "optimistic); the test set chooses nothing.",
    ]
    return table


@experiment(
    "nnlm-pd", "Bengio's NNLM (the PTB recipe) on People's Daily 1998-01 words, beside and mixed with KN5", "03"
)
def nnlm_pd(config: RunConfig) -> Table:
    """The NNLM of ``nnlm-ptb`` with the same recipe (:data:`NNLM_RECIPE`) on the Chinese corpus (notebooks
    01 and 03): gold-segmented words, the 10,000-type vocabulary and the split of :mod:`course_utils.chinese`,
    modified Kneser-Ney 5-gram on the same split, and their mixture fitted on valid. Each model's test cost is
    also given per character (unknown words spelled by a character unigram), the measure that compares with
    a character model of the same text."""
    from .. import chinese, nnlm
    from .. import smoothing as sm

    pd = load_peoples_daily(config)
    vocab = chinese.word_vocab(pd["train"])
    speller = zh_speller(pd)
    r = NNLM_RECIPE
    model = nnlm.NeuralLM(**{**r, "epochs": epochs(config, r["epochs"])}, seed=0, quiet=False, desc="NNLM (PD)")
    start = time.perf_counter()
    model.fit(pd["train"], vocab=vocab, valid=pd["valid"])
    seconds = time.perf_counter() - start
    epochs_run = len(model.history_.train_loss)
    kn5 = sm.ModifiedKneserNey(5).fit(pd["train"], vocab=vocab)
    mix = sm.LinearMixture([model, kn5]).fit(pd["valid"])
    table = Table(
        "Bengio's NNLM on People's Daily (1998-01, gold words): perplexity and bits per character", ZH_COLUMNS
    )
    table.rows = [
        zh_row("modified Kneser-Ney 5-gram", kn5, pd, speller),
        zh_row(f"NNLM n={r['order']}, m={r['dim']}, h={r['hidden']}, dropout {r['dropout']}", model, pd, speller),
        zh_row(f"NNLM + KN5 mixture (NNLM weight {mix.weights_[0]:.2f}, fitted on valid)", mix, pd, speller),
    ]
    tokens = sum(len(s) + 1 for s in pd["train"])
    speed = tokens * epochs_run / seconds
    table.throughput = f"{speed:,.0f} training words/s"
    oov = sum(w not in vocab for s in pd["test"] for w in s) / sum(map(len, pd["test"]))
    ptb_test = load_ptb(config)["test"]
    ptb_oov = sum(s.count("<unk>") for s in ptb_test) / sum(map(len, ptb_test))
    table.notes = [
        f"The recipe of nnlm-ptb unchanged: {epochs_run} epochs (best: {model.history_.best_epoch}), "
        f"{seconds / 60:.1f} min on this machine's CPU, {speed:,.0f} training words/s (validation passes included).",
        f"{curve(model.history_)}.",
        f"Vocabulary: the {chinese.WORD_VOCAB:,} most frequent training words and <unk>, as PTB's; {oov:.1%} of the "
        f"test words are outside it (PTB's test: {ptb_oov:.1%} <unk>): Chinese news is full of names and numbers.",
        "Bits per character: the test set's whole cost (every word, one </s> per sentence, and the spelling of each "
        "unknown word by a character unigram fitted on train) over its characters (one per sentence end included), "
        "the measure that compares a word model with a character model of the same text; ppl/char = 2^bits.",
        "The mixture weight is fitted by EM on the validation set only; the test set chooses nothing.",
    ]
    return table
