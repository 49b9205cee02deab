"""Notebook 05's full-scale runs on Penn Treebank: Mikolov's recurrent LM, alone and mixed with Kneser-Ney
(``rnnlm-ptb``), and Zaremba's small LSTM (``lstm-ptb``)."""

from __future__ import annotations

import time
from typing import Any

from ..notebook import fmt
from . import ZH_COLUMNS, RunConfig, Table, curve, epochs, experiment, load_peoples_daily, load_ptb, zh_row, zh_speller

#: Mikolov's RNN LM as this course trains it (``rnnlm-ptb``); the recipe and the source of each setting are in
#: :func:`rnnlm_ptb`'s docstring.
RNN_RECIPE: dict[str, Any] = {
    "cell": "rnn",
    "layers": 1,
    "dim": 200,
    "hidden": 300,
    "dropout": 0.3,
    "init_range": 0.1,
    "batch_size": 20,
    "bptt": 20,
    "optimizer": "adam",
    "lr": 2e-3,
    "clip": 0.25,
    "lr_decay": 0.5,
    "min_improvement": 0.003,
    "epochs": 11,
}
#: Zaremba et al.'s (2014) "small" non-regularised LSTM (``lstm-ptb``). Their loss is summed over the 20 steps
#: of a batch (and averaged over the batch); ours is the mean per token, so their learning rate 1 and clipping
#: norm 5 are our 20 and 0.25 (the values of PyTorch's own example).
LSTM_RECIPE: dict[str, Any] = {
    "cell": "lstm",
    "layers": 2,
    "dim": 200,
    "hidden": 200,
    "init_range": 0.1,
    "batch_size": 20,
    "bptt": 20,
    "optimizer": "sgd",
    "lr": 20.0,
    "clip": 0.25,
    "lr_decay": 0.5,
    "decay_after": 5,
    "epochs": 10,
}
#: (PTB test perplexity, source) of what each experiment reproduces (Mikolov 2012, Table 4.1)
PUBLISHED = {
    "rnn": ("124.7", "RNN LM, Mikolov 2012, Table 4.1"),
    "kn5": ("141.2", "KN5, ibid."),
    "rnn+kn5": ("105.7", "RNN LM + KN5, ibid."),
    "lstm": ("114.5", "small LSTM, Zaremba et al. 2014"),
}


def recurrent_parameters(recipe: dict[str, Any], vocab_size: int) -> int:
    """The parameter count of the network ``recipe`` builds over ``vocab_size`` words (built, not trained)."""
    from .. import rnn

    net = rnn.RNNLM(vocab_size, recipe["dim"], recipe["hidden"], recipe["layers"], recipe["cell"])
    return sum(p.numel() for p in net.parameters())


def train_recurrent(config: RunConfig, ptb: dict, vocab, recipe: dict[str, Any], desc: str):
    """A :class:`~course_utils.rnn.RecurrentLM` trained on PTB by ``recipe``; returns (model, seconds, words/s)."""
    from .. import rnn

    settings = {**recipe, "epochs": epochs(config, recipe["epochs"])}
    model = rnn.RecurrentLM(seed=0, quiet=False, desc=desc, **settings)
    start = time.perf_counter()
    model.fit(ptb["train"], vocab=vocab, valid=ptb["valid"])
    seconds = time.perf_counter() - start
    train_tokens = sum(len(s) + 1 for s in ptb["train"])  # the stream's predicted tokens: words and one </s> each
    return model, seconds, train_tokens * len(model.history_.train_loss) / seconds


COLUMNS = ["model", "epochs", "valid ppl", "test ppl", "published test", "train time", "words/s"]


def row(label: str, lm, ptb: dict, published: str, trained: tuple[float, float] | None = None) -> list[str]:
    """One table row: ``lm``'s validation and test perplexity beside the published number (a key of
    :data:`PUBLISHED`); with ``trained=(seconds, words/s)``, its epochs, train time and speed too."""
    number, source = PUBLISHED[published]
    cells = [label, "", fmt(lm.perplexity(ptb["valid"]), 1), fmt(lm.perplexity(ptb["test"]), 1)]
    cells += [f"{number} ({source})", "", ""]
    if trained is not None:
        hist, (seconds, speed) = lm.history_, trained
        cells[1] = f"{len(hist.train_loss)} (best {hist.best_epoch})"
        cells[5:] = [f"{seconds / 60:.1f} min", f"{speed:,.0f}"]
    return cells


@experiment("rnnlm-ptb", "Mikolov's RNN LM (one tanh layer of 300) on full PTB, alone and mixed with KN5", "05")
def rnnlm_ptb(config: RunConfig) -> Table:
    """Mikolov's recurrent LM (notebook 05): h_t = tanh(W x_t + U h_{t-1} + b), P(w_{t+1} | w_{≤t}) =
    softmax(V h_t + c), trained by truncated BPTT with the state carried across batches; then mixed with
    modified Kneser-Ney (notebook 02), p = λ p_RNN + (1 − λ) p_KN5, λ fitted by EM on the validation set only.

    The recipe (:data:`RNN_RECIPE`), setting by setting, with its source:

    - **The schedule: the rule of Mikolov's RNNLM toolkit** (Mikolov et al. 2011; ``trainNet`` in its
      ``rnnlmlib.cpp``, ``min_improvement=1.003``): keep the learning rate until an epoch improves the
      validation log-likelihood by less than 0.3%, then halve it after every epoch, and stop at the next
      epoch that improves by less than 0.3%; an epoch that makes validation worse is undone. Here
      ``lr_decay=0.5, min_improvement=0.003``, and at most 11 epochs (the time budget).
    - **One recurrent layer, full softmax.** The toolkit's hidden units are sigmoids and its output layer is
      factored into 100 word classes (for speed); ours are tanh units (``nn.RNN``; a sigmoid is a shifted,
      scaled tanh) and an exact softmax over all 10,000 words. Hidden size 300, embeddings 200: Table 4.1
      does not give the published model's size; 300 is what the 90-minute budget on 2 CPU cores allows
      (an epoch takes about 7 minutes at one thread).
    - **Truncated BPTT**: the toolkit unrolls ``bptt + bptt_block - 2`` steps (13 with its usual
      ``-bptt 4 -bptt-block 10``); ours 20 steps, the state carried across batches and sentences, as the
      toolkit carries it.
    - **Initialisation** ±0.1 uniform (the toolkit sums three draws from ±0.1).
    - **Departure: mini-batches and Adam.** The toolkit updates after every word with plain SGD at rate 0.1. On a
      CPU, per-word updates in PyTorch are far too slow, so we train on batches of 20 streams × 20 steps.
      Plain SGD on those batches learns slowly (rate 5: validation perplexity 281 after one epoch, measured;
      rate 20, the LSTM's, diverges); Adam at 2e-3 reaches 202 in the same epoch, so we use Adam.
    - **Departure: clipping.** The toolkit clips each component of the back-propagated error at ±15; we clip
      the whole gradient's norm at 0.25 (PyTorch's word-language-model example; notebook 05 shows why a
      vanilla RNN needs it).
    - **Departure: dropout instead of L2.** The toolkit's L2 penalty (1e-7, applied every 10th word) is
      tiny because one pass of per-word SGD barely overfits; mini-batch training of a 300-unit network does,
      within a few epochs. Dropout 0.3 on the embeddings and on the hidden layer's output (not on the
      recurrent connection; Zaremba et al. 2014, Pachitariu and Sahani 2013) lets it train longer.
    """
    from .. import smoothing as sm
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    model, seconds, speed = train_recurrent(config, ptb, vocab, RNN_RECIPE, "RNN")
    hist = model.history_
    kn5 = sm.ModifiedKneserNey(5).fit(ptb["train"], vocab=vocab)
    mix = sm.LinearMixture([model, kn5]).fit(ptb["valid"])
    r = RNN_RECIPE
    table = Table("Mikolov's recurrent LM on Penn Treebank: test perplexity, alone and mixed with Kneser-Ney", COLUMNS)
    table.rows = [
        row(f"RNN LM, 1 layer of {r['hidden']} tanh units", model, ptb, "rnn", (seconds, speed)),
        row("modified Kneser-Ney 5-gram", kn5, ptb, "kn5"),
        row(f"RNN LM + KN5 (RNN weight {mix.weights_[0]:.2f}, fitted on valid)", mix, ptb, "rnn+kn5"),
    ]
    table.throughput = f"{speed:,.0f} training words/s"
    table.notes = [
        f"Recipe: embeddings {r['dim']}, {r['hidden']} tanh units, weights from ±{r['init_range']}, batches of "
        f"{r['batch_size']} streams × {r['bptt']} steps (truncated BPTT, state carried across batches), Adam at "
        f"{r['lr']:g}, gradient norm clipped at {r['clip']}, dropout {r['dropout']} on the embeddings and the "
        f"RNN's output, and the RNNLM toolkit's schedule: halve the rate once an epoch gains less than 0.3% on "
        f"validation, stop when one gains less than that again, undo an epoch that makes it worse "
        f"(at most {r['epochs']} epochs). The recipe's sources are in the experiment's docstring.",
        f"{curve(hist)}.",
        "Perplexity counts every word and one </s> per sentence, as for the n-gram models; the state runs on "
        "across sentences, as in Mikolov's RNNLM. Words/s include validation passes.",
        "The mixture weight is fitted by EM on the validation set only (so its validation number is "
        "optimistic); the test set chooses nothing.",
    ]
    return table


@experiment("lstm-ptb", "Zaremba's small LSTM (2 layers of 200, no dropout) on full PTB", "05")
def lstm_ptb(config: RunConfig) -> Table:
    """Zaremba et al.'s (2014) small non-regularised LSTM (:data:`LSTM_RECIPE`): the gated update of eq. (5.7),
    two layers of 200, plain SGD at their rate, halved after every epoch from the 5th (notebook 05)."""
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    r = LSTM_RECIPE
    model, seconds, speed = train_recurrent(config, ptb, vocab, r, "LSTM")
    hist = model.history_
    table = Table("Zaremba's small LSTM on Penn Treebank (truncated BPTT, state carried across batches)", COLUMNS)
    table.rows = [row(f"LSTM, {r['layers']} layers of {r['hidden']} units", model, ptb, "lstm", (seconds, speed))]
    table.throughput = f"{speed:,.0f} training words/s"
    table.notes = [
        f"Embeddings {r['dim']} and hidden size {r['hidden']}, every weight drawn from ±{r['init_range']}, batch "
        f"{r['batch_size']}, BPTT {r['bptt']} steps, SGD with learning rate {r['lr']:g} on the mean loss per token "
        f"(Zaremba's 1 on the loss summed over the 20 steps), halved after every epoch from epoch "
        f"{r['decay_after']} on, gradient norm clipped at {r['clip']} (their 5), no dropout, {r['epochs']} epochs "
        "(Zaremba et al. train 13), the best validation epoch kept.",
        f"{curve(hist)}.",
        "Perplexity counts every word and one </s> per sentence, as for the n-gram models (KN5: 141.2 on "
        "test); the state runs on across sentences, as in Mikolov's RNNLM. Words/s include validation passes.",
    ]
    return table


@experiment(
    "lstm-pd", "Zaremba's small LSTM (the PTB recipe) on People's Daily 1998-01 words, beside and mixed with KN5", "05"
)
def lstm_pd(config: RunConfig) -> Table:
    """The LSTM of ``lstm-ptb`` with the same recipe (:data:`LSTM_RECIPE`) on the Chinese corpus (notebooks 01
    and 05): gold-segmented words, the split and vocabulary of :mod:`course_utils.chinese`, modified Kneser-Ney
    5-gram on the same split and their mixture fitted on valid, each also per character."""
    from .. import chinese
    from .. import smoothing as sm

    pd = load_peoples_daily(config)
    vocab = chinese.word_vocab(pd["train"])
    speller = zh_speller(pd)
    r = LSTM_RECIPE
    model, seconds, speed = train_recurrent(config, pd, vocab, r, "LSTM (PD)")
    kn5 = sm.ModifiedKneserNey(5).fit(pd["train"], vocab=vocab)
    mix = sm.LinearMixture([model, kn5]).fit(pd["valid"])
    hist = model.history_
    table = Table(
        "Zaremba's small LSTM on People's Daily (1998-01, gold words): perplexity and bits per character", ZH_COLUMNS
    )
    table.rows = [
        zh_row("modified Kneser-Ney 5-gram", kn5, pd, speller),
        zh_row(f"LSTM, {r['layers']} layers of {r['hidden']} units", model, pd, speller),
        zh_row(f"LSTM + KN5 mixture (LSTM weight {mix.weights_[0]:.2f}, fitted on valid)", mix, pd, speller),
    ]
    table.throughput = f"{speed:,.0f} training words/s"
    table.notes = [
        f"The recipe of lstm-ptb unchanged: {len(hist.train_loss)} epochs (best: {hist.best_epoch}), "
        f"{seconds / 60:.1f} min on this machine's CPU, {speed:,.0f} training words/s (validation passes included).",
        f"{curve(hist)}.",
        "Words, vocabulary and bits per character as in nnlm-pd (course_utils.chinese); the state runs on across "
        "sentences, as on PTB. The mixture weight is fitted by EM on the validation set only.",
    ]
    return table
