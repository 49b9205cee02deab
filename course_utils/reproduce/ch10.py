"""Notebook 10's full-scale runs on Penn Treebank: a Transformer LM beside the course's LSTM (``transformer-ptb``)
and a scaling law in miniature (``scaling-ptb``)."""

from __future__ import annotations

import math
import time
from typing import Any

from ..notebook import fmt
from ..paths import REPO_DATA
from ..tools import distributed
from . import RunConfig, Table, ch05, curve, epochs, experiment, load_ptb

#: the Transformer LM of ``transformer-ptb``: about the small LSTM's parameter count (4.6 M) and wall time
TRANSFORMER_RECIPE: dict[str, Any] = {
    "dim": 200,
    "heads": 4,
    "layers": 5,
    "context": 64,
    "dropout": 0.2,
    "batch_size": 32,
    "optimizer": "adam",
    "lr": 1e-3,
    "warmup": 500,
    "clip": 1.0,
    "lr_decay": 0.5,
    "decay_after": 3,
    "epochs": 6,
}
#: (PTB test perplexity, source) of the numbers ``transformer-ptb`` is read beside
PUBLISHED = {
    "lstm": ("114.5", "small LSTM, Zaremba et al. 2014"),
    "transformer-xl": ("54.5", "Transformer-XL, 24 M parameters, Dai et al. 2019"),
    "gpt-2": ("35.8", "GPT-2 1.5 B, zero-shot, Radford et al. 2019"),
}
#: the sizes of ``scaling-ptb``: (dim, layers, heads), about 3 k to 3 M non-embedding parameters
SCALING_SIZES: list[tuple[int, int, int]] = [(16, 1, 2), (32, 2, 2), (64, 2, 4), (128, 3, 4), (192, 4, 4), (256, 4, 4)]
#: every size of ``scaling-ptb`` trains on the same tokens: one pass over PTB's training stream, no dropout
SCALING_RECIPE: dict[str, Any] = {
    "context": 64,
    "batch_size": 32,
    "optimizer": "adam",
    "warmup": 200,
    "clip": 1.0,
    "epochs": 1,
}


def kaplan_lr(n: int) -> float:
    """The learning rate Kaplan et al. (2020, appendix D.1) found good for a model of ``n`` non-embedding
    parameters: 0.003239 − 0.0001395·ln N (larger models want smaller steps; one rate for all made the largest
    model of a first run worse than the one below it)."""
    import math

    return 0.003239 - 0.0001395 * math.log(n)


def _train(config: RunConfig, ptb: dict, vocab, recipe: dict[str, Any], desc: str, valid: bool = True):
    """A :class:`~course_utils.transformer.TransformerLM` trained on PTB by ``recipe``; (model, seconds, tokens/s)."""
    from .. import transformer

    settings = {**recipe, "epochs": epochs(config, recipe["epochs"])}
    model = transformer.TransformerLM(seed=0, quiet=False, desc=desc, **settings)
    start = time.perf_counter()
    model.fit(ptb["train"], vocab=vocab, valid=ptb["valid"] if valid else None)
    seconds = time.perf_counter() - start
    tokens = sum(len(s) + 1 for s in ptb["train"])
    return model, seconds, tokens * len(model.history_.train_loss) / seconds


#: the float16 copy of ``transformer-ptb``'s model that notebook 10 loads (``data/``, listed in its manifest)
PRETRAINED = "transformer-ptb.pt"


@experiment(
    "transformer-ptb",
    "A Transformer LM (5 pre-norm blocks of 200, dropout 0.2) on full PTB, beside the LSTM",
    "10",
    writes=lambda config: (config.data_copy_dir,),  # its float16 copy (data/ for a real run), checked up front
)
def transformer_ptb(config: RunConfig) -> Table:
    """A decoder-only Transformer LM (notebook 10, eqs. 10.1-10.6) on Penn Treebank, at about the small LSTM's
    parameter count and wall time (:data:`TRANSFORMER_RECIPE`).

    Training reads the stream in windows of ``context`` tokens, every position predicting the next (as GPT);
    scoring slides the window ``context/2`` tokens at a time, so each test token sees 32 to 63 tokens before
    it, across sentence boundaries as the LSTM's state does. Adam with a linear warmup, the rate halved after
    every epoch from the 3rd on (Zaremba's fixed schedule; the best validation epoch kept), dropout 0.2 on the
    embeddings, the attention output, the attention's residual branch and the MLP. Weight tying halves the
    output layer; the width is the LSTM's 200, so the two read the same embedding size.
    """
    from .. import data, transformer
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    r = TRANSFORMER_RECIPE
    model, seconds, speed = _train(config, ptb, vocab, r, "Transformer LM")
    hist = model.history_
    params = transformer.count_parameters(model.net_)
    valid_ppl, test_ppl = model.perplexity(ptb["valid"]), model.perplexity(ptb["test"])
    if not distributed.is_main():  # every process trained the same model; one writes it
        return Table("Transformer LM (another process's copy)", [])
    transformer.save_lm(model, config.checkpoint_dir / "transformer-ptb-full.pt")
    transformer.save_lm(model, config.data_copy_dir / PRETRAINED, half=True)
    if config.data_copy_dir == REPO_DATA:
        data.write_toy_manifest(
            {
                PRETRAINED: f"The Transformer LM ({r['layers']} pre-norm blocks of {r['dim']}, {r['heads']} heads, "
                f"context {r['context']}, {params / 1e6:.2f} M parameters) that python -m course_utils.reproduce "
                f"transformer-ptb trained on PTB train (test perplexity {test_ppl:.1f}), weights in float16 "
                "(notebook 10)."
            }
        )
    lstm_params = ch05.recurrent_parameters(ch05.LSTM_RECIPE, len(vocab))
    table = Table(
        "A Transformer language model on Penn Treebank, beside the small LSTM",
        ["model", "parameters", "epochs", "valid ppl", "test ppl", "published test", "train time", "words/s"],
    )
    table.rows = [
        [
            f"Transformer LM, {r['layers']} blocks of {r['dim']} ({r['heads']} heads), context {r['context']}",
            f"{params / 1e6:.2f} M",
            f"{len(hist.train_loss)} (best {hist.best_epoch})",
            fmt(valid_ppl, 1),
            fmt(test_ppl, 1),
            "-",
            f"{seconds / 60:.1f} min",
            f"{speed:,.0f}",
        ],
        [
            "LSTM, 2 layers of 200 (lstm-ptb)",
            f"{lstm_params / 1e6:.2f} M",
            "",
            "",
            "",
            "{} ({})".format(*PUBLISHED["lstm"]),
            "",
            "",
        ],
        ["Transformer-XL (published)", "24 M", "", "", "", "{} ({})".format(*PUBLISHED["transformer-xl"]), "", ""],
        ["GPT-2 (published)", "1,542 M", "", "", "", "{} ({})".format(*PUBLISHED["gpt-2"]), "", ""],
    ]
    table.throughput = f"{speed:,.0f} training words/s"
    table.notes = [
        f"Recipe: embeddings and blocks of {r['dim']}, {r['heads']} heads, MLP 4×{r['dim']}, learned positions, "
        f"windows of {r['context']} tokens in batches of {r['batch_size']}, Adam at {r['lr']:g} after {r['warmup']} "
        f"warmup steps, gradient norm clipped at {r['clip']}, dropout {r['dropout']}, the rate halved after every "
        f"epoch from epoch {r['decay_after']} on, {r['epochs']} epochs, the best validation epoch kept.",
        f"{curve(hist)}.",
        "Perplexity counts every word and one </s> per sentence, as for every model of the course; the test text is "
        f"read as one stream through a sliding window (each token sees {r['context'] // 2} to {r['context'] - 1} "
        "tokens before it).",
        "The published Transformers are not this model made bigger only: Transformer-XL (Dai et al. 2019) adds "
        "recurrence over segments, relative positions and heavy regularisation (variational dropout, 24 M "
        "parameters); GPT-2's 35.8 is zero-shot, from 1.5 B parameters trained on 40 GB of web text "
        "(WebText), with detokenisation of PTB's text. The gap to them is mostly data and size.",
    ]
    return table


@experiment("scaling-ptb", "Six Transformer LMs from 3 k to 3 M parameters on one pass over PTB: L(N) fitted", "10")
def scaling_ptb(config: RunConfig) -> Table:
    """Scaling in miniature (notebook 10): Transformer LMs of :data:`SCALING_SIZES` each trained on the same tokens
    (one pass over PTB's training stream, :data:`SCALING_RECIPE`), their validation loss fitted by
    L(N) = a·N^(−α) + L∞ with N the non-embedding parameters, as Kaplan et al. (2020) count them."""
    from .. import transformer
    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    sizes = SCALING_SIZES[:3] if config.tiny else SCALING_SIZES
    table = Table(
        "Scaling in miniature: Transformer LMs of six sizes, each trained on one pass over PTB",
        [
            "dim",
            "layers",
            "heads",
            "N (non-embedding)",
            "all parameters",
            "learning rate",
            "valid loss (nats)",
            "valid ppl",
            "test ppl",
            "train time",
        ],
    )
    points = []
    for dim, layers, heads in sizes:
        n_blocks = transformer.count_parameters(
            transformer.TransformerNet(len(vocab), dim, heads, layers, SCALING_RECIPE["context"]), embeddings=False
        )
        recipe = {**SCALING_RECIPE, "dim": dim, "layers": layers, "heads": heads, "lr": kaplan_lr(n_blocks)}
        model, seconds, _ = _train(config, ptb, vocab, recipe, f"Transformer {dim}×{layers}", valid=False)
        n = transformer.count_parameters(model.net_, embeddings=False)
        valid = model.evaluate(ptb["valid"])
        loss = -valid.log_prob / valid.tokens
        points.append((n, loss))
        table.rows.append(
            [
                str(dim),
                str(layers),
                str(heads),
                f"{n:,}",
                f"{transformer.count_parameters(model.net_):,}",
                f"{recipe['lr']:.2e}",
                f"{loss:.3f}",
                fmt(valid.perplexity, 1),
                fmt(model.perplexity(ptb["test"]), 1),
                f"{seconds / 60:.1f} min",
            ]
        )
    a, alpha, floor = transformer.fit_power_law([p[0] for p in points], [p[1] for p in points])
    tokens = sum(len(s) + 1 for s in ptb["train"])
    table.notes = [
        f"Fit: L(N) = {a:.3g}·N^(−{alpha:.3f}) + {floor:.3f} nats (least squares over L∞, then a line in log-log).",
        f"Every model saw the same {tokens:,} training tokens once (windows of {SCALING_RECIPE['context']}, batches "
        f"of {SCALING_RECIPE['batch_size']}, Adam at Kaplan et al.'s rate for each size after "
        f"{SCALING_RECIPE['warmup']} warmup steps, no dropout); N counts the blocks and the final LayerNorm, not "
        "the embeddings (tied with the output layer).",
        "Published exponents for comparison: Kaplan et al. (2020) α_N ≈ 0.076 for L(N) with data unlimited; "
        "Hoffmann et al. (2022) fit α ≈ 0.34 for the model-size term of L(N, D). With one pass over 0.9 M tokens "
        "the largest models are data-limited: L∞ here absorbs what a corpus this small cannot teach.",
    ]
    return table


#: the induction-task run (``induction``): the settings of :func:`course_utils.transformer.train_induction`
INDUCTION_SETTINGS: dict[str, Any] = {
    "layers": 2,
    "heads": 2,
    "dim": 64,
    "vocab_size": 64,
    "length": 24,
    "steps": 3000,
    "batch_size": 64,
    "lr": 3e-3,
}
#: the trained attention-only network that notebook 10 loads (``data/``)
INDUCTION_NET = "induction.pt"


@experiment(
    "induction",
    "A two-layer attention-only Transformer learns to copy repeated segments (an induction head)",
    "10",
    writes=lambda config: (config.data_copy_dir,),
)
def induction(config: RunConfig) -> Table:
    """In-context learning in miniature (notebook 10): a two-layer attention-only Transformer trained by next-token
    prediction on random sequences whose second part repeats a segment of the first
    (:func:`course_utils.transformer.repeated_sequences`). Nothing tells it about the repeat; the loss on the
    second copy falls far below the loss on the first, and an attention head in the second layer looks at the
    token *after* the earlier occurrence of the current token (Olsson et al. 2022)."""
    from .. import data, transformer

    settings = {**INDUCTION_SETTINGS, "steps": 200 if config.tiny else INDUCTION_SETTINGS["steps"]}
    start = time.perf_counter()
    net, curve_points = transformer.train_induction(**settings, every=100)
    seconds = time.perf_counter() - start
    held_out = transformer.repeated_sequences(512, settings["length"], settings["vocab_size"], seed=123)
    previous, induct = transformer.induction_scores(net, held_out)
    if distributed.is_main():
        transformer.save_net(net, config.data_copy_dir / INDUCTION_NET)
        if config.data_copy_dir == REPO_DATA:
            data.write_toy_manifest(
                {
                    INDUCTION_NET: "The two-layer attention-only Transformer that python -m course_utils.reproduce "
                    "induction trained on repeated random segments (notebook 10's induction head)."
                }
            )
    table = Table(
        "Next-token prediction on random sequences with a repeated segment: loss on each copy during training",
        ["step", "loss, first copy (nats)", "loss, second copy (nats)"],
    )
    table.rows = [[str(step), f"{first:.3f}", f"{second:.3f}"] for step, first, second in curve_points]
    s = settings
    heads = "; ".join(
        f"layer {i + 1} head {h + 1}: previous-token {previous[i, h]:.2f}, induction {induct[i, h]:.2f}"
        for i in range(previous.shape[0])
        for h in range(previous.shape[1])
    )
    table.throughput = f"{s['steps'] * s['batch_size'] / seconds:,.0f} sequences/s"
    table.notes = [
        f"{s['layers']} attention-only layers (no MLP) of width {s['dim']}, {s['heads']} heads, learned positions; "
        f"sequences of {2 * s['length']} tokens over {s['vocab_size']} symbols, the repeated segment {s['length'] // 2}"
        f" to {s['length']} tokens long; Adam at {s['lr']:g}, {s['steps']} steps of {s['batch_size']} fresh "
        f"sequences; losses on 256 held-out sequences. ln {s['vocab_size']} = "
        f"{math.log(s['vocab_size']):.3f} nats is guessing.",
        f"Attention scores on 512 new sequences (mean weight on the previous token; on the token after the earlier "
        f"occurrence, in the second copy): {heads}.",
        f"Trained in {seconds / 60:.1f} min on one CPU thread.",
    ]
    return table
