"""Notebook 03's full-scale run: Bengio's NNLM on Penn Treebank, alone and mixed with modified Kneser-Ney."""

from __future__ import annotations

import time

from ..notebook import fmt
from . import RunConfig, Table, epochs, experiment, load_ptb

NNLM_EPOCHS = 12


@experiment("nnlm-ptb", "Bengio's NNLM (n=5, m=100, h=200) on full PTB, alone and mixed with modified KN5", "03")
def nnlm_ptb(config: RunConfig) -> Table:
    """Bengio et al.'s (2003) feedforward NNLM, P(w_t | w_{t-4..t-1}) = softmax(U tanh(H x + d) + b) (notebook 03),
    and its linear interpolation with modified Kneser-Ney (notebook 02), the mixture weight fitted by EM."""
    from .. import nnlm
    from .. import smoothing as sm
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    model = nnlm.NeuralLM(
        5,
        dim=100,
        hidden=200,
        direct=False,
        epochs=epochs(config, NNLM_EPOCHS),
        batch_size=256,
        lr=1e-3,
        lr_decay=0.5,
        patience=3,
        seed=0,
        quiet=False,
    )
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
            "NNLM n=5, m=100, h=200 (no direct connections)",
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
        f"Training: Adam (lr 1e-3, halved with a return to the best weights after every epoch that does not "
        f"improve validation), batch 256, {epochs_run} epochs (best: {model.history_.best_epoch}, stop after 3 "
        f"epochs without improvement), {train_seconds / 60:.1f} min on this machine's CPU, "
        f"{tokens * epochs_run / train_seconds:,.0f} training words/s (validation passes included).",
        "Published: Mikolov et al. 2011 and Mikolov 2012, Table 4.1 (PTB test): feedforward NNLM 140.2, "
        "KN5 141.2, NNLM interpolated with KN5 116.7.",
        f"The mixture is {1 - mix_test / kn5_test:.0%} below Kneser-Ney's test perplexity (published: "
        f"{1 - 116.7 / 141.2:.0%}); the NNLM alone is {nnlm_test / 140.2 - 1:+.0%} against the published "
        "feedforward NNLM, which had direct connections, weight decay and days of training.",
        "The mixture weight is fitted by EM on the validation set, so its validation number is optimistic.",
    ]
    return table
