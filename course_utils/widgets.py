"""Interactive explorers for the notebooks, each with a headless default.

Every explorer is a plain function that returns text (tested, and printed by the notebook so nbval
compares it) wrapped in an ipywidgets front end for readers in JupyterLab. Each explorer first prints
(or plots) its default view as ordinary output, which is what a page without a kernel shows; without
ipywidgets that view is all there is.

Whatever a reader types in a text box gets a line of text back, never a traceback: an empty or malformed
entry gets a usage line, an unknown word the message that names it (tested with odd input: empty, spaces,
punctuation, very long, CJK, numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .i18n import N_, tr
from .ngram import NGramLM
from .notebook import fmt, ljust
from .text import BOS


def _explorer(show: Callable[..., None], defaults: dict, controls: Callable, vertical: bool = False):
    """The pattern of every explorer: ``show(**defaults)`` as ordinary output, then controls that re-run ``show``.

    The default view is printed (or plotted) once, as ordinary output, so a page without a kernel (GitHub,
    the static site, a projector before Run All) shows it; the returned ipywidgets box redraws the view in
    its own output area whenever a control moves. ``controls(w)`` gets the ipywidgets module and returns
    {argument name: widget}, in display order. Without ipywidgets the default view is all there is.
    """
    show(**defaults)
    try:
        import ipywidgets as w
    except ImportError:
        return None
    widgets = controls(w)
    out = w.Output()

    def redraw(_change=None) -> None:
        with out:
            out.clear_output(wait=True)
            show(**{name: widget.value for name, widget in widgets.items()})

    for widget in widgets.values():
        widget.observe(redraw, names="value")
    label = w.HTML(f"<i>{tr('Move a control: the view redraws below (the one above is the default).')}</i>")
    row = list(widgets.values())
    return w.VBox([label, *row, out]) if vertical else w.VBox([label, w.HBox(row), out])


def _words(context: str | Sequence[str]) -> list[str]:
    return context.split() if isinstance(context, str) else list(context)


def _typed(text: object) -> str:
    """What a reader typed in a text box, without the spaces around it (a non-str becomes its text)."""
    return (text if isinstance(text, str) else str(text)).strip()


def _quoted(word: str, limit: int = 40) -> str:
    """A typed word for a message: quoted, and cut to ``limit`` characters so a pasted page stays one line."""
    return repr(_clipped(word, limit))


def _clipped(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters (ending in …), for echoing what was typed in one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(exc: Exception) -> str:
    """The sentence of an error raised for a typed word (a ``KeyError``'s message without the quotes around it)."""
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


def next_word_table(models: Mapping[str, NGramLM], context: str | Sequence[str], top: int = 5, digits: int = 3) -> str:
    """The ``top`` most probable next words after ``context`` under each model, as aligned text.

    Each model sees only the last n-1 words; a shorter context means the sentence starts there
    (``<s>`` padding). Words outside a model's vocabulary are shown as ``<unk>``. (Notebook 01.)
    """
    if top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    words = _words(context)
    lines = [_clipped(tr("context: {context}", context=" ".join(words) or tr("(start of a sentence)")))]
    width = max(len(name) for name in models) if models else 0
    for name, model in models.items():
        model._check_fitted()
        ctx = words[-(model.order - 1) :] if model.order > 1 else []
        seen = [w if w in model.vocab_ else "<unk>" for w in ctx]
        shown = " ".join([BOS] * (model.order - 1 - len(ctx)) + seen)
        head = f"{name:<{width}}  p(w | {shown})" if shown else f"{name:<{width}}  p(w)"
        dist = model.next_distribution(ctx, top=top)
        if dist:
            body = "  ".join(f"{w} {fmt(p, digits)}" for w, p in dist.items())
        else:
            body = tr("context never seen in training: no estimate (the sparsity problem)")
        lines.append(f"{head}:  {body}")
    return "\n".join(lines)


def next_word_explorer(models: Mapping[str, NGramLM], context: str = "the stock", top: int = 5):
    """Type a context, see the most probable next words under each model (notebook 01).

    Returns an ipywidgets box to display; prints the default view when ipywidgets is missing.
    """
    return _explorer(
        lambda context, k: print(next_word_table(models, context, k)),
        {"context": context, "k": top},
        lambda w: {
            "context": w.Text(value=context, description=tr("context"), continuous_update=False),
            "k": w.IntSlider(value=top, min=1, max=12, description=tr("top k")),
        },
    )


def smoothing_report(addk, jm, kn, sentences, k: float, lam: float, discount: float) -> str:
    """Set add-k's ``k``, the top-order lambda of Jelinek-Mercer and Kneser-Ney's discount, and report
    each model's perplexity on ``sentences`` (notebook 02). The models are changed in place.
    """
    if not k > 0 or not 0 <= lam < 1 or not 0 < discount < 1:
        raise ValueError(
            tr("need k > 0, 0 <= lambda < 1 and 0 < D < 1, got k={k}, lambda={lam}, D={d}", k=k, lam=lam, d=discount)
        )
    if getattr(kn, "modified", False) or getattr(jm, "lambdas_", None) is None:
        raise ValueError("give a KneserNey (one discount, not modified) and a fitted JelinekMercer")
    addk.k = k
    jm.lambdas_ = [*jm.lambdas_[:-1], lam]  # the fitted top-order weight, moved by hand
    kn.discount = discount
    rows = [
        (f"add-k          k = {k:.4g}", addk.perplexity(sentences)),
        (f"Jelinek-Mercer lambda_{jm.order} = {lam:.2f}", jm.perplexity(sentences)),
        (f"Kneser-Ney     D = {discount:.2f}", kn.perplexity(sentences)),
    ]
    return "\n".join(ljust(label, 32) + " " + tr("perplexity {ppl}", ppl=fmt(ppl, 1)) for label, ppl in rows)


def smoothing_explorer(addk, jm, kn, sentences, k: float = 0.01, lam: float = 0.3, discount: float = 0.75):
    """Sliders for add-k's k, the top interpolation weight and the KN discount, with live perplexity.

    Returns an ipywidgets box; prints the default view when ipywidgets is missing (notebook 02).
    """
    style = {"description_width": "initial"}
    return _explorer(
        lambda k, lam, d: print(smoothing_report(addk, jm, kn, sentences, k, lam, d)),
        {"k": k, "lam": lam, "d": discount},
        lambda w: {
            "k": w.FloatLogSlider(value=k, base=10, min=-4, max=0, step=0.25, description=tr("add-k: k"), style=style),
            "lam": w.FloatSlider(value=lam, min=0, max=0.99, step=0.01, description=tr("JM: top lambda"), style=style),
            "d": w.FloatSlider(value=discount, min=0.05, max=0.95, step=0.05, description=tr("KN: D"), style=style),
        },
        vertical=True,
    )


def backprop_stepper(net, x, d, lr: float = 0.5, step: int = 11):
    """Step through one forward and backward pass of a small BP network (notebook 04).

    A slider reveals the lines of :func:`course_utils.backprop.backprop_steps` one at a time; without
    ipywidgets (or in a headless run) the first ``step`` lines are printed.
    """
    from .backprop import backprop_steps

    n_lines = len(backprop_steps(net, x, d, lr))
    return _explorer(
        lambda k, eta: print("\n".join(backprop_steps(net, x, d, eta)[:k])),
        {"k": step, "eta": lr},
        lambda w: {
            "k": w.IntSlider(value=min(step, n_lines), min=1, max=n_lines, description=tr("step")),
            "eta": w.FloatLogSlider(value=lr, base=10, min=-2, max=1, description="η"),
        },
    )


def _plot_jacobian_norms(rhos, length: int, input_scale: float):
    import matplotlib.pyplot as plt

    from .rnn import simulate_jacobian_norms

    _, ax = plt.subplots(figsize=(6.5, 3.5))
    for rho in rhos:
        norms = simulate_jacobian_norms(rho, length, input_scale)
        ax.semilogy(np.arange(len(norms)), norms, label=f"ρ = {rho:.2f}")
        ax.semilogy(np.arange(len(norms)), rho ** np.arange(len(norms)), ":", color=ax.lines[-1].get_color())
    ax.set_xlabel(tr("steps back, T − t"))
    ax.set_ylabel("‖∂h_T / ∂h_t‖")
    ax.set_title(tr("tanh RNN, inputs of size {scale} (dotted: ρ^(T−t))", scale=f"{input_scale:g}"))
    ax.legend()
    plt.show()


def jacobian_norm_explorer(rho: float = 1.0, length: int = 50, input_scale: float = 0.1):
    """Sliders for ρ (the singular values of W_hh), the sequence length and the input size (notebook 05).

    Redraws ‖∂h_T/∂h_t‖ against the prediction ρ^(T−t); without ipywidgets it draws the default view.
    """
    return _explorer(
        lambda rho, length, scale: _plot_jacobian_norms([rho], length, scale),
        {"rho": rho, "length": length, "scale": input_scale},
        lambda w: {
            "rho": w.FloatSlider(value=rho, min=0.5, max=1.5, step=0.05, description="ρ"),
            "length": w.IntSlider(value=length, min=5, max=200, step=5, description=tr("length")),
            "scale": w.FloatLogSlider(value=input_scale, base=10, min=-4, max=1, description=tr("input size")),
        },
    )


#: what the neighbour explorer reads, shown whenever a query cannot be read that way
NEIGHBOUR_USAGE = N_(
    "type one word, or an analogy as  a : b :: c  (for example  france : paris :: japan,  北京 : 中国 :: 东京)"
)


def neighbour_table(vectors: Mapping[str, object], query: str, topn: int = 5) -> str:
    """Nearest neighbours of a word, or the answers to an analogy written ``a : b :: c``, per model.

    Anything typed gets an answer, never an exception: an empty or malformed query gets the usage line
    (:data:`NEIGHBOUR_USAGE`), a word a model does not know gets that model's message on its line.
    """
    query = _typed(query)
    # a Chinese keyboard types the full-width colon (北京：中国::东京)
    parts = [p.strip() for p in query.replace("：", ":").replace("::", ":").split(":")]
    usage = tr(NEIGHBOUR_USAGE)
    if len(parts) not in (1, 3) or not all(parts):
        return usage
    spaced = [p for p in parts if len(p.split()) > 1]
    if spaced:
        return tr("{word} is several words: {usage}", word=_quoted(spaced[0]), usage=usage)
    long = [p for p in parts if len(p) > 100]
    if long:
        return tr(
            "{word} is {n} characters long, not a word: {usage}", word=_quoted(long[0]), n=len(long[0]), usage=usage
        )
    lines = []
    for name, wv in vectors.items():
        try:
            hits = wv.analogy(*parts, topn=topn) if len(parts) == 3 else wv.most_similar(parts[0], topn)
        except (KeyError, ValueError) as exc:
            lines.append(f"{ljust(name, 10)} {_message(exc)}")
            continue
        lines.append(f"{ljust(name, 10)} " + ", ".join(f"{w} {s:.2f}" for w, s in hits))
    return "\n".join(lines)


def neighbour_explorer(vectors: Mapping[str, object], query: str = "money", topn: int = 5):
    """A text box for a word or an analogy ``a : b :: c``; shows each model's answers (notebooks 06-09)."""
    return _explorer(
        lambda q, n: print(neighbour_table(vectors, q, n)),
        {"q": query, "n": topn},
        lambda w: {
            "q": w.Text(value=query, description=tr("query"), continuous_update=False),
            "n": w.IntSlider(value=topn, min=1, max=15, description=tr("top n")),
        },
    )


def noise_report(words: Sequence[str], counts, power: float, top: int = 6) -> str:
    """How the noise exponent reshapes the negative-sampling distribution: the most and least frequent words."""
    from .word2vec import noise_distribution

    counts = np.asarray(counts)
    p = noise_distribution(counts, power)
    share = counts / counts.sum()
    order = np.argsort(-counts, kind="stable")
    rows = [tr("power {power}: noise probability (unigram probability)", power=f"{power:.2f}")]
    for i in [*order[:top], *order[-2:]]:
        rows.append(f"  {words[i]:12s} {p[i]:.5f}  ({share[i]:.5f})")
    return "\n".join(rows)


def noise_explorer(words: Sequence[str], counts, power: float = 0.75):
    """A slider for the noise exponent of negative sampling (0 = uniform, 1 = unigram); notebook 06."""
    return _explorer(
        lambda p: print(noise_report(words, counts, p)),
        {"p": power},
        lambda w: {"p": w.FloatSlider(value=power, min=0.0, max=1.0, step=0.05, description=tr("exponent"))},
    )


def count_vectors_report(model, query: str, sets: Mapping[str, object], rank: int, topn: int = 6) -> str:
    """Neighbours of ``query`` and the three shared scores of a fitted ``CountVectors`` cut to ``rank`` (nb. 07).

    A ``query`` that is empty, several words or not in the vocabulary gets a line saying so instead of neighbours.
    """
    from .embeddings import score_word_vectors

    rank = min(rank, len(model.svd_.S))  # a slider may ask for more than the model was fitted with
    wv = model.vectors(rank)
    c = model.cooccurrence_
    window = tr("sentence") if c.window is None else c.window
    lines = [tr("window {window}, {weighting}, rank {rank}:", window=window, weighting=model.weighting, rank=rank)]
    query = _typed(query)
    if query in wv:
        lines.append(f"  {query} → " + ", ".join(f"{w} {s:.2f}" for w, s in wv.most_similar(query, topn)))
    elif not query:
        lines.append("  " + tr("type a word to see its nearest neighbours"))
    elif len(query.split()) > 1:
        lines.append("  " + tr("{word} is several words: type one word", word=_quoted(query)))
    else:
        lines.append("  " + tr("{word} is not in the vocabulary", word=_quoted(query)))
    scores = score_word_vectors(wv, sets)
    ws, sl, an = scores.wordsim353, scores.simlex999, scores.analogies
    lines.append(
        "  "
        + tr(
            "WS-353 ρ {ws} · SimLex-999 ρ {sl} · analogies {an}",
            ws=f"{ws.spearman:.3f}",
            sl=f"{sl.spearman:.3f}",
            an=f"{an.accuracy:.3f}",
        )
    )
    return "\n".join(lines)


def count_vectors_explorer(
    sentences,
    sets: Mapping[str, object],
    fitted: Mapping[tuple, object] | None = None,
    query: str = "money",
    window: int = 5,
    weighting: str = "ppmi",
    rank: int = 100,
):
    """Window, weighting and rank of count-based vectors (notebook 07); models are fitted on first use and kept.

    ``fitted`` maps ``(window, weighting)`` to already fitted ``CountVectors`` (of dim 100), so the default view
    costs nothing; any other choice counts and decomposes once (a few seconds on PTB), and the rank slider only
    cuts the SVD that is already there.
    """
    from .cooccurrence import CountVectors

    cache = dict(fitted or {})

    def show(query, window, weighting, rank):
        if (window, weighting) not in cache:
            cache[window, weighting] = CountVectors(window, weighting=weighting, dim=100, method="truncated").fit(
                sentences
            )
        print(count_vectors_report(cache[window, weighting], query, sets, rank))

    return _explorer(
        show,
        {"query": query, "window": window, "weighting": weighting, "rank": rank},
        lambda w: {
            "query": w.Text(value=query, description=tr("word"), continuous_update=False),
            "window": w.Dropdown(options=[2, 5, 10], value=window, description=tr("window")),
            "weighting": w.Dropdown(options=["raw", "log", "ppmi"], value=weighting, description=tr("weighting")),
            "rank": w.IntSlider(value=rank, min=5, max=100, step=5, description=tr("rank"), continuous_update=False),
        },
        vertical=True,
    )


def ratio_table(cooccurrence, i: str, j: str, probes: str | Sequence[str]) -> str:
    """GloVe's table 1 on our corpus (notebook 08): P(k|i), P(k|j) and their ratio for each probe word k.

    Anything typed gets an answer, never an exception: a missing word gets a usage line, an unknown one the
    message that names it.
    """
    from .glove import cooccurrence_ratios

    i, j = _typed(i), _typed(j)
    probes = _words(probes)
    if not i or not j:
        return tr(
            "type two words i and j (for example  ice  and  steam) and probe words k (for example  solid gas water)"
        )
    if not probes:
        return tr("type some probe words k, separated by spaces (for example  solid gas water fashion)")
    spaced = [w for w in (i, j) if len(w.split()) > 1]
    if spaced:
        return tr("{word} is several words: type one word for i and one for j", word=_quoted(spaced[0]))
    try:
        rows = cooccurrence_ratios(cooccurrence, i, j, probes)
    except (KeyError, ValueError) as exc:
        return _message(exc)
    width = max(len("k"), *(len(k) for k in probes))
    lines = [f"{'k':<{width}}  {'P(k|' + i + ')':>12}  {'P(k|' + j + ')':>12}  " + tr("ratio")]
    for k, p_i, p_j, ratio in rows:
        lines.append(f"{k:<{width}}  {p_i:12.2e}  {p_j:12.2e}  {ratio:.2f}")
    return "\n".join(lines)


def ratio_explorer(cooccurrence, i: str = "stock", j: str = "bond", probes: str = "shares yield market said"):
    """Two words and some probes; shows the co-occurrence probability ratios (notebook 08)."""
    return _explorer(
        lambda i, j, probes: print(ratio_table(cooccurrence, i, j, probes)),
        {"i": i, "j": j, "probes": probes},
        lambda w: {
            "i": w.Text(value=i, description=tr("word i"), continuous_update=False),
            "j": w.Text(value=j, description=tr("word j"), continuous_update=False),
            "probes": w.Text(value=probes, description=tr("probes k"), continuous_update=False),
        },
        vertical=True,
    )


def context_neighbour_table(model, pool, pool_vectors, sentence: str, word: str, k: int = 4) -> str:
    """Per ELMo layer, the tokens of ``pool`` nearest to ``word`` as used in ``sentence`` (notebook 09).

    Anything typed gets an answer: an empty sentence or a word not in it gets a line that says what to type.
    """
    from .probes import context_neighbours, ptb_style

    words = [ptb_style(w) for w in _typed(sentence).split()]
    word = ptb_style(_typed(word))
    if not words:
        return tr("type a sentence, then one of its words (for example  the company may sell the unit  and  may)")
    if word not in words:
        shown = _clipped(" ".join(words))
        if not word:
            return tr("type one of the sentence's words ({shown})", shown=shown)
        if len(word.split()) > 1:
            return tr(
                "{word} is several words: type one of the sentence's words ({shown})", word=_quoted(word), shown=shown
            )
        return tr("{word} is not in the sentence: type one of its words ({shown})", word=_quoted(word), shown=shown)
    try:
        hits = context_neighbours(model, pool, pool_vectors, words, words.index(word), k)
    except (KeyError, ValueError) as exc:
        return _message(exc)
    names = [tr("layer 0 (characters only)"), tr("layer 1 (biLSTM 1)"), tr("layer 2 (biLSTM 2)")]
    lines = [_clipped(tr("'{word}' in: {sentence}", word=word, sentence=" ".join(words)), 400)]
    for k_layer, rows in enumerate(hits):
        lines.append(names[k_layer] if k_layer < len(names) else tr("layer {k}", k=k_layer))
        lines += [f"  {score:.2f}  {context}" for score, context in rows]
    return "\n".join(lines)


def context_explorer(
    model, pool, pool_vectors, sentence: str = "the company may sell the unit in may", word: str = "may"
):
    """Type a sentence and one of its words: its nearest tokens in a pool of PTB sentences, per layer (nb. 09)."""
    return _explorer(
        lambda s, w, k: print(context_neighbour_table(model, pool, pool_vectors, s, w, k)),
        {"s": sentence, "w": word, "k": 4},
        lambda w: {
            "s": w.Text(value=sentence, description=tr("sentence"), continuous_update=False, layout={"width": "60%"}),
            "w": w.Text(value=word, description=tr("word"), continuous_update=False),
            "k": w.IntSlider(value=4, min=1, max=10, description=tr("neighbours")),
        },
        vertical=True,
    )


def attention_table(lm, sentence: str | Sequence[str], layer: int = 1, head: int = 1, top: int = 3) -> str:
    """Where each token of ``sentence`` looks, in one head of a Transformer LM (notebook 10): for every token,
    the ``top`` earlier tokens (itself included) with the largest attention weights. ``layer`` and ``head``
    count from 1. Unknown words are read as ``<unk>``; the sentence starts after ``</s>``."""
    words = _words(sentence) if isinstance(sentence, str) else list(sentence)
    if not words:
        return tr("type a sentence (words separated by spaces) to see where each word looks")
    if top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    try:
        tokens, weights = lm.attention(words)
    except ValueError as exc:  # a boundary marker typed as a word, ...: the model's own message
        return _clipped(_message(exc))
    if not 1 <= layer <= len(weights) or not 1 <= head <= weights[0].shape[0]:
        return tr(
            "layer must be 1 to {layers} and head 1 to {heads}; got layer {layer}, head {head}",
            layers=len(weights),
            heads=weights[0].shape[0],
            layer=layer,
            head=head,
        )
    w = weights[layer - 1][head - 1]
    shown = [t if t in lm.vocab_ else "<unk>" for t in tokens]  # what the model read
    if len(words) >= lm.context:
        lines_before = [
            tr("(the model reads at most {context} tokens: the last {n} are shown)", context=lm.context, n=len(tokens))
        ]
    else:
        lines_before = []
    width = max(len(t) for t in shown)
    lines = [_clipped(tr("layer {layer}, head {head}: where each token looks (weight)", layer=layer, head=head))]
    lines += lines_before
    for i, token in enumerate(shown):
        order = np.argsort(-w[i, : i + 1], kind="stable")[:top]
        looks = "  ".join(f"{shown[j]} {fmt(float(w[i, j]), 2)}" for j in order)
        lines.append(f"{token:>{width}} → {looks}")
    return "\n".join(lines)


def _plot_attention(lm, sentence: str, layer: int, head: int) -> None:
    import matplotlib.pyplot as plt

    words = _words(sentence)
    if not words:
        print(attention_table(lm, words))
        return
    try:
        tokens, weights = lm.attention(words)
    except ValueError as exc:
        print(_clipped(_message(exc)))
        return
    tokens = [t if t in lm.vocab_ else "<unk>" for t in tokens]
    w = weights[layer - 1][head - 1]
    _, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.imshow(w, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), tokens, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=8)
    ax.set_xlabel(tr("key: the token looked at"))
    ax.set_ylabel(tr("query: the token looking"))
    ax.set_title(tr("layer {layer}, head {head}", layer=layer, head=head))
    ax.grid(False)
    plt.show()


def attention_explorer(lm, sentence: str = "the company said its profit rose sharply", layer: int = 1, head: int = 1):
    """Type a sentence and pick a layer and a head: a heatmap of that head's attention weights (notebook 10)."""
    layers, heads = lm.layers, lm.heads
    return _explorer(
        lambda sentence, layer, head: _plot_attention(lm, sentence, layer, head),
        {"sentence": sentence, "layer": layer, "head": head},
        lambda w: {
            "sentence": w.Text(value=sentence, description=tr("sentence"), continuous_update=False),
            "layer": w.IntSlider(value=layer, min=1, max=layers, description=tr("layer")),
            "head": w.IntSlider(value=head, min=1, max=heads, description=tr("head")),
        },
    )
