"""Notebook 05's full-scale runs: vanilla-RNN and LSTM language models on Penn Treebank (Zaremba's small set-up)."""

from __future__ import annotations

import time

from ..notebook import fmt
from . import RunConfig, Table, epochs, experiment, load_ptb

#: Zaremba et al.'s (2014) "small" non-regularised set-up, used for both cells so they compare fairly. Their
#: loss is summed over the 20 steps of a batch (and averaged over the batch); ours is the mean per token, so
#: their learning rate 1 and clipping norm 5 are our 20 and 0.25 (the values of PyTorch's own example).
RNNLM_CONFIG = {
    "dim": 200,
    "hidden": 200,
    "batch_size": 20,
    "bptt": 20,
    "clip": 0.25,
    "init_range": 0.1,
}
#: cell -> (description, layers, learning rate, published test perplexity). The vanilla RNN diverged at the
#: LSTM's rate 20 (validation perplexity above 10^7 after one epoch, despite clipping), so it uses 1.
RNNLM_MODELS = {
    "rnn": ("vanilla RNN, 1 layer of 200 tanh units", 1, 1.0, "124.7 (RNNLM, Mikolov et al. 2011)"),
    "lstm": ("LSTM, 2 layers of 200 units", 2, 20.0, "114.5 (small LSTM, Zaremba et al. 2014)"),
}
RNNLM_EPOCHS, RNNLM_DECAY_AFTER = 10, 5


def rnnlm_rows(config: RunConfig, cells: tuple[str, ...]) -> Table:
    """Train and score the recurrent LMs ``cells`` (``"rnn"``, ``"lstm"``) of notebook 05 on PTB.

    h_t = tanh(W x_t + U h_{t-1} + b) or the LSTM's gated update, P(w_{t+1} | w_{≤t}) = softmax(V h_t + c),
    trained by truncated backpropagation through time with the state carried across batches.
    """
    from .. import rnn
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    train_tokens = sum(len(s) + 1 for s in ptb["train"])  # the stream's predicted tokens: words and one </s> each
    c = RNNLM_CONFIG
    table = Table(
        "Recurrent language models on Penn Treebank (truncated BPTT, state carried across batches)",
        ["model", "epochs", "valid ppl", "test ppl", "published test", "train time", "words/s"],
    )
    still = []  # models whose last epoch was their best: still improving when training stopped
    for cell in cells:
        about, layers, lr, published = RNNLM_MODELS[cell]
        model = rnn.RecurrentLM(
            cell,
            layers=layers,
            epochs=epochs(config, RNNLM_EPOCHS),
            lr=lr,
            optimizer="sgd",
            lr_decay=0.5,
            decay_after=RNNLM_DECAY_AFTER,
            seed=0,
            quiet=False,
            desc=cell,
            **c,
        )
        start = time.perf_counter()
        model.fit(ptb["train"], vocab=vocab, valid=ptb["valid"])
        seconds = time.perf_counter() - start
        hist = model.history_
        epochs_run = len(hist.train_loss)
        table.rows.append(
            [
                about,
                f"{epochs_run} (best {hist.best_epoch})",
                fmt(model.perplexity(ptb["valid"]), 1),
                fmt(model.perplexity(ptb["test"]), 1),
                published,
                f"{seconds / 60:.1f} min",
                f"{train_tokens * epochs_run / seconds:,.0f}",
            ]
        )
        table.throughput = f"{train_tokens * epochs_run / seconds:,.0f} training words/s ({cell})"
        if hist.best_epoch == epochs_run:
            still.append(about)
    table.notes = [
        f"Both cells: embeddings and hidden size 200, every weight drawn from ±0.1, batch 20, BPTT 20 steps, "
        f"SGD with learning rate 20 for the LSTM on the mean loss per token (Zaremba's 1 on the loss summed over "
        f"the 20 steps) and 1 for the vanilla RNN (which diverged at 20), "
        f"halved after every epoch from epoch {RNNLM_DECAY_AFTER} on, gradient norm clipped at 0.25 (their 5), "
        f"no dropout, {epochs(config, RNNLM_EPOCHS)} epochs (Zaremba et al. train 13), the best validation epoch kept.",
        "Perplexity counts every word and one </s> per sentence, as for the n-gram models (KN5: 141.2 on "
        "test); the state runs on across sentences, as in Mikolov's RNNLM. Words/s include validation passes.",
        *[f"{m} was still improving at its last epoch: under-trained, not a reproduction." for m in still],
    ]
    return table


@experiment("rnnlm-ptb", "vanilla RNN and LSTM language models on full PTB (Zaremba's small set-up)", "05")
def rnnlm_ptb(config: RunConfig) -> Table:
    """Both cells of :func:`rnnlm_rows`, one after the other."""
    return rnnlm_rows(config, ("rnn", "lstm"))


@experiment("rnnlm-ptb-rnn", "the vanilla-RNN half of rnnlm-ptb alone (to run the two in parallel)", "05", False)
def rnnlm_ptb_rnn(config: RunConfig) -> Table:
    """The vanilla-RNN row of :func:`rnnlm_rows` alone."""
    return rnnlm_rows(config, ("rnn",))


@experiment("rnnlm-ptb-lstm", "the LSTM half of rnnlm-ptb alone (to run the two in parallel)", "05", False)
def rnnlm_ptb_lstm(config: RunConfig) -> Table:
    """The LSTM row of :func:`rnnlm_rows` alone."""
    return rnnlm_rows(config, ("lstm",))
