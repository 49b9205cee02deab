"""ELMo: a small, faithful bidirectional language model and its contextual word vectors (notebook 09).

Peters et al. (2018), scaled down to a CPU:

* **token encoder** (eq. 9.1): every word is spelled out in characters (with begin/end-of-word marks), the
  characters are embedded, convolved with filters of several widths, max-pooled over the word, passed
  through highway layers and projected (Kim et al. 2016). Any string gets a vector, even an unseen word.
* **biLM** (eqs. 9.2-9.3): a forward LSTM language model reads the sentence left to right and predicts the
  next word; a backward one reads right to left and predicts the previous word. Both have ``layers``
  LSTM layers (with a projection back to the token dimension and, optionally, residual connections
  between layers), and they **share** the token encoder and the softmax. Training minimises the sum of
  both directions' negative log-likelihoods.
* **representations** (eq. 9.4): for each word, layer 0 is the token vector (repeated for both directions,
  as in the paper) and layer k is ``[h_forward_k ; h_backward_k]``; :class:`ScalarMix` combines them as
  ``γ Σ_j softmax(s)_j h_j`` with ``s`` and ``γ`` learned for a downstream task.

Sentences are ragged: a batch is padded at the end, and a sentence's backward pass runs on its own
reversal, so padding never reaches a real word in either direction.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from .text import BOS, EOS, UNK, check_sentences
from .training import default_device

# torch warns that its oneDNN kernels do not cover LSTMs with projections and falls back to its own: harmless
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")

PAD, BOW, EOW, UNK_CHAR = 0, 1, 2, 3  # reserved character ids
SENTENCE_MARKS = {BOS: 4, EOS: 5}  # <s> and </s> are spelled with one special character each


class CharVocab:
    """Characters → ids for the token encoder; words become ``[BOW, c1, ..., cn, EOW]`` padded to ``max_len``.

    Characters seen fewer than ``min_count`` times in the training words map to one unknown character.
    """

    def __init__(self, words: Iterable[str], max_len: int = 20, min_count: int = 1):
        if max_len < 3:
            raise ValueError(f"max_len must be >= 3 (begin mark, a character, end mark), got {max_len}")
        counts = Counter(c for w in words for c in w)
        chars = sorted(c for c, n in counts.items() if n >= min_count)
        first = max(SENTENCE_MARKS.values()) + 1
        self.index = {c: first + k for k, c in enumerate(chars)}
        self.max_len = max_len

    def __len__(self) -> int:
        return max(SENTENCE_MARKS.values()) + 1 + len(self.index)

    def encode(self, word: str) -> list[int]:
        """The padded character ids of one word (long words keep their first ``max_len - 2`` characters)."""
        if word in SENTENCE_MARKS:
            body = [SENTENCE_MARKS[word]]
        else:
            body = [self.index.get(c, UNK_CHAR) for c in word[: self.max_len - 2]]
        ids = [BOW, *body, EOW]
        return ids + [PAD] * (self.max_len - len(ids))


class Highway(nn.Module):
    """``y = t ⊙ relu(W_h x) + (1 − t) ⊙ x`` with the gate ``t = σ(W_t x)`` (Srivastava et al. 2015).

    The gate bias starts at −2 so that a new layer first passes its input through almost unchanged.
    """

    def __init__(self, dim: int):
        super().__init__()
        self.transform, self.gate = nn.Linear(dim, dim), nn.Linear(dim, dim)
        nn.init.constant_(self.gate.bias, -2.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = torch.sigmoid(self.gate(x))
        return t * torch.relu(self.transform(x)) + (1 - t) * x


class CharEncoder(nn.Module):
    """Token encoder, eq. (9.1): characters → embeddings → convolutions of several widths → max over the word
    → highway layers → projection to ``dim``. Input ``(..., max_len)`` character ids, output ``(..., dim)``."""

    def __init__(
        self,
        n_chars: int,
        dim: int = 128,
        char_dim: int = 16,
        filters: Sequence[tuple[int, int]] = ((1, 32), (2, 32), (3, 64), (4, 128), (5, 128)),
        highway: int = 1,
    ):
        super().__init__()
        self.embed = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.convs = nn.ModuleList(nn.Conv1d(char_dim, n, width) for width, n in filters)
        width = sum(n for _, n in filters)
        self.highways = nn.ModuleList(Highway(width) for _ in range(highway))
        self.project = nn.Linear(width, dim)
        self.max_width = max(w for w, _ in filters)

    def forward(self, chars: torch.Tensor) -> torch.Tensor:
        shape = chars.shape[:-1]
        # a batch spells the same words (and padding) many times over: encode each distinct spelling once
        unique, inverse = torch.unique(chars.reshape(-1, chars.shape[-1]), dim=0, return_inverse=True)
        x = self.embed(unique).transpose(1, 2)  # (N, char_dim, max_len)
        if x.shape[-1] < self.max_width:
            raise ValueError(f"words must be padded to at least {self.max_width} characters (the widest filter)")
        pooled = [torch.relu(conv(x)).max(dim=2).values for conv in self.convs]  # max over positions
        h = torch.cat(pooled, dim=1)
        for layer in self.highways:
            h = layer(h)
        return self.project(h)[inverse].reshape(*shape, -1)


class ScalarMix(nn.Module):
    """ELMo's task-specific combination of layers, eq. (9.4): ``γ Σ_j softmax(s)_j h_j``."""

    def __init__(self, n_layers: int):
        super().__init__()
        self.scalars = nn.Parameter(torch.zeros(n_layers))
        self.gamma = nn.Parameter(torch.ones(()))

    @property
    def weights(self) -> torch.Tensor:
        """The normalised layer weights softmax(s): non-negative, summing to 1."""
        return torch.softmax(self.scalars, dim=0)

    def forward(self, layers: torch.Tensor) -> torch.Tensor:
        """``layers`` (n_layers, ..., dim) → (..., dim)."""
        if layers.shape[0] != len(self.scalars):
            raise ValueError(f"expected {len(self.scalars)} layers, got {layers.shape[0]}")
        w = self.weights.reshape(-1, *([1] * (layers.dim() - 1)))
        return self.gamma * (w * layers).sum(0)


def reverse_padded(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Reverse each row's first ``lengths[b]`` steps along dim 1 and leave its padding at the end."""
    T = x.shape[1]
    t = torch.arange(T, device=x.device).expand(len(lengths), T)
    idx = torch.where(t < lengths[:, None], lengths[:, None] - 1 - t, t)
    return x.gather(1, idx.reshape(*idx.shape, *([1] * (x.dim() - 2))).expand_as(x))


class BiLM(nn.Module):
    """ELMo's bidirectional language model (eqs. 9.2-9.3) over a word vocabulary ``words`` (the softmax).

    ``dim`` is the token and projection size, ``hidden`` the LSTM cell size, ``layers`` the LSTM depth per
    direction, ``residual`` adds each layer's input to its output (from the second layer on), ``dropout``
    applies between layers. Words outside ``words`` are still encoded from their characters; as targets they
    count as ``<unk>``.
    """

    def __init__(
        self,
        words: Sequence[str],
        chars: CharVocab,
        dim: int = 128,
        hidden: int = 256,
        layers: int = 2,
        residual: bool = True,
        dropout: float = 0.1,
        encoder: dict | None = None,
    ):
        super().__init__()
        if layers < 1:
            raise ValueError(f"layers must be >= 1, got {layers}")
        if hidden <= dim:
            raise ValueError(
                f"hidden ({hidden}) must be larger than dim ({dim}): each LSTM projects its state down to dim"
            )
        self.words = [BOS, EOS, UNK, *[w for w in words if w not in (BOS, EOS, UNK)]]
        self.word_index = {w: i for i, w in enumerate(self.words)}
        self.chars, self.dim, self.residual, self.encoder_config = chars, dim, residual, dict(encoder or {})
        self.encoder = CharEncoder(len(chars), dim, **self.encoder_config)
        self.forward_lstms = nn.ModuleList(nn.LSTM(dim, hidden, batch_first=True, proj_size=dim) for _ in range(layers))
        self.backward_lstms = nn.ModuleList(
            nn.LSTM(dim, hidden, batch_first=True, proj_size=dim) for _ in range(layers)
        )
        self.drop = nn.Dropout(dropout)
        self.softmax = nn.Linear(dim, len(self.words))  # shared by both directions

    @property
    def n_layers(self) -> int:
        """Representation layers: the token layer plus one per LSTM layer."""
        return 1 + len(self.forward_lstms)

    def batch(self, sentences: Sequence[Sequence[str]], device=None):
        """Pad a batch: ``(chars (B, T, max_len), targets (B, T), lengths (B,))`` with ``<s>``/``</s>`` added."""
        device = device or next(self.parameters()).device
        seqs = [[BOS, *s, EOS] for s in sentences]
        T = max(map(len, seqs))
        blank = [PAD] * self.chars.max_len
        chars = torch.tensor([[self.chars.encode(w) for w in s] + [blank] * (T - len(s)) for s in seqs])
        unk = self.word_index[UNK]
        targets = torch.tensor([[self.word_index.get(w, unk) for w in s] + [-1] * (T - len(s)) for s in seqs])
        lengths = torch.tensor([len(s) for s in seqs])
        return chars.to(device), targets.to(device), lengths.to(device)

    def _run(self, lstms, x: torch.Tensor) -> list[torch.Tensor]:
        outs, h = [], x
        for k, lstm in enumerate(lstms):
            y, _ = lstm(self.drop(h))
            h = y + h if self.residual and k > 0 else y
            outs.append(h)
        return outs

    def layers_for(self, chars: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, list, list]:
        """Token vectors (B, T, dim) and each layer's forward and backward states, aligned with the input."""
        tokens = self.encoder(chars)
        forward = self._run(self.forward_lstms, tokens)
        backward = [reverse_padded(h, lengths) for h in self._run(self.backward_lstms, reverse_padded(tokens, lengths))]
        return tokens, forward, backward

    def forward(self, chars: torch.Tensor, targets: torch.Tensor, lengths: torch.Tensor, reduction: str = "mean"):
        """The training loss, :meth:`loss` (the call DistributedDataParallel wraps)."""
        return self.loss(chars, targets, lengths, reduction)

    def loss(
        self, chars: torch.Tensor, targets: torch.Tensor, lengths: torch.Tensor, reduction: str = "mean"
    ) -> tuple[torch.Tensor, ...]:
        """Mean negative log-likelihood per predicted word of the forward and of the backward LM (eq. 9.3).

        At position t the forward LM (top layer) predicts the word at t + 1, the backward LM the word at t − 1;
        ``<s>`` is never a forward target and ``</s>`` never a backward one. ``reduction="sum"`` sums instead.
        """
        _, forward, backward = self.layers_for(chars, lengths)
        ce = nn.functional.cross_entropy
        f_logits = self.softmax(self.drop(forward[-1][:, :-1]))
        b_logits = self.softmax(self.drop(backward[-1][:, 1:]))
        f_loss = ce(
            f_logits.reshape(-1, len(self.words)), targets[:, 1:].reshape(-1), ignore_index=-1, reduction=reduction
        )
        b_targets = torch.where(targets[:, 1:] >= 0, targets[:, :-1], -1)  # the previous word, where t is real
        b_loss = ce(b_logits.reshape(-1, len(self.words)), b_targets.reshape(-1), ignore_index=-1, reduction=reduction)
        return f_loss, b_loss

    @torch.no_grad()
    def token_vectors(self, words: Sequence[str]) -> torch.Tensor:
        """Layer 0 for a list of words, ``(len(words), dim)``: the token encoder alone, no context (eq. 9.1)."""
        device = next(self.parameters()).device
        return self.encoder(torch.tensor([self.chars.encode(w) for w in words], device=device)).cpu()

    @torch.no_grad()
    def represent(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> list[torch.Tensor]:
        """Per sentence, a ``(n_layers, n_words, 2·dim)`` tensor of ELMo's layer representations (eq. 9.4)."""
        was_training = self.training
        self.eval()
        out: list[torch.Tensor] = [torch.empty(0)] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))  # batches of similar length pad less
        for s in range(0, len(order), batch_size):
            chunk = order[s : s + batch_size]
            chars, _, lengths = self.batch([sentences[i] for i in chunk])
            tokens, forward, backward = self.layers_for(chars, lengths)
            layers = [torch.cat([tokens, tokens], -1)] + [torch.cat(p, -1) for p in zip(forward, backward, strict=True)]
            stacked = torch.stack(layers)  # (n_layers, B, T, 2·dim)
            for b, i in enumerate(chunk):
                out[i] = stacked[:, b, 1 : 1 + len(sentences[i])].cpu()  # drop <s> and </s>
        self.train(was_training)
        return out

    @torch.no_grad()
    def perplexity(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> tuple[float, float]:
        """Forward and backward perplexity over the words and one ``</s>`` (``<s>``) per sentence."""
        was_training = self.training
        self.eval()
        totals, n = [0.0, 0.0], 0
        ordered = sorted(sentences, key=len)  # batches of similar length pad less
        for s in range(0, len(ordered), batch_size):
            chunk = ordered[s : s + batch_size]
            chars, targets, lengths = self.batch(chunk)
            count = int((lengths - 1).sum())
            for k, loss in enumerate(self.loss(chars, targets, lengths)):
                totals[k] += float(loss) * count
            n += count
        self.train(was_training)
        return math.exp(totals[0] / n), math.exp(totals[1] / n)


@dataclass
class BiLMLog:
    """What :func:`train_bilm` measured: mean (forward + backward) / 2 loss per epoch, validation perplexities."""

    loss: list[float] = field(default_factory=list)
    valid: list[tuple[float, float]] = field(default_factory=list)
    seconds: float = 0.0


def train_bilm(
    sentences: Iterable[Sequence[str]],
    *,
    valid: Sequence[Sequence[str]] | None = None,
    dim: int = 128,
    hidden: int = 256,
    layers: int = 2,
    residual: bool = True,
    dropout: float = 0.1,
    max_vocab: int | None = None,
    epochs: int = 1,
    batch_size: int = 32,
    lr: float = 2e-3,
    clip: float = 1.0,
    max_len: int = 20,
    encoder: dict | None = None,
    seed: int = 0,
    device: str | None = None,
    quiet: bool = True,
) -> tuple[BiLM, BiLMLog]:
    """Train a :class:`BiLM` on tokenised sentences with Adam and gradient clipping (notebook 09).

    The softmax vocabulary is every training word (or the ``max_vocab`` most frequent); batches are formed
    from sentences of similar length so that little is padding. Seeded and device-agnostic; the global RNG
    is untouched. Returns the model and a :class:`BiLMLog`.
    """
    sentences = check_sentences(sentences, "training corpus")
    counts = Counter(w for s in sentences for w in s)
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:max_vocab]
    g = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = BiLM(words, CharVocab(counts, max_len), dim, hidden, layers, residual, dropout, encoder)
    from . import distributed as D

    model.to(torch.device(device) if device else default_device())
    net = D.wrap(model)  # DistributedDataParallel under torchrun
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))  # length buckets
    batches = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]
    log = BiLMLog()
    from tqdm.auto import tqdm

    start = time.perf_counter()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)  # dropout masks: reproducible, and the caller's RNG stays as it was
        for _ in range(epochs):
            total, n = 0.0, 0
            for k in tqdm(torch.randperm(len(batches), generator=g).tolist(), disable=quiet, leave=False):
                batch = [sentences[i] for i in batches[k]]
                if D.world_size() == 1:
                    f_loss, b_loss = model.loss(*model.batch(batch))
                    loss = (f_loss + b_loss) / 2
                else:  # this process's sentences, weighted as their part of the whole batch's mean
                    mine = D.share(batch)
                    f_sum, b_sum = net(*model.batch(mine), reduction="sum")
                    scale = D.share_scale(sum(len(s) + 1 for s in mine), sum(len(s) + 1 for s in batch))
                    loss = (f_sum + b_sum) / 2 * scale
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), clip)
                opt.step()
                total, n = total + loss.item(), n + 1
            log.loss.append(D.total(total) / (n * D.world_size()))  # each process holds its part of the mean
            if valid is not None:
                forward_ppl, backward_ppl = model.perplexity(valid)
                log.valid.append((D.broadcast(forward_ppl), D.broadcast(backward_ppl)))
    log.seconds = time.perf_counter() - start
    model.eval()
    return model, log


# ---------------------------------------------------------------- probing


def ptb_style(word: str) -> str:
    """Spell a word as Penn Treebank's LM text does: lower case, and any token with a digit becomes ``N``."""
    return "N" if any(c.isdigit() for c in word) else word.lower()


def prepare_probe_sentences(
    tagged: Sequence[Sequence[tuple[str, str]]], drop_tags: Sequence[str] = ("PUNCT", "SYM", "X")
) -> tuple[list[list[str]], list[list[str]]]:
    """Words (PTB-style) and tags of tagged sentences, without the tokens whose tags are in ``drop_tags``.

    A model trained on PTB's LM text has never seen punctuation, symbols or foreign words, so they are
    dropped from both the input and the task. Sentences left empty are skipped.
    """
    words, tags = [], []
    for sentence in tagged:
        kept = [(ptb_style(w), t) for w, t in sentence if t not in drop_tags]
        if kept:
            words.append([w for w, _ in kept])
            tags.append([t for _, t in kept])
    return words, tags


def static_features(wv, sentences: Sequence[Sequence[str]]) -> torch.Tensor:
    """``(tokens, dim)`` probe features from static word vectors ``wv`` (a ``WordVectors``), one row per token of
    ``sentences``; a word without a vector gets zeros (notebook 09 compares these with ELMo's layers)."""
    import numpy as np

    zero = np.zeros(wv.dim, dtype=np.float32)
    rows = [wv[w] if w in wv else zero for s in sentences for w in s]
    if not rows:
        raise ValueError("no tokens: give at least one non-empty sentence")
    return torch.tensor(np.stack(rows))


@dataclass
class ProbeResult:
    """Accuracy of a linear probe on held-out tokens, and (for a scalar-mix probe) the learned layer weights."""

    accuracy: float
    weights: list[float] | None = None


def linear_probe(
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    test_x: torch.Tensor,
    test_y: torch.Tensor,
    *,
    mix: bool = False,
    steps: int = 300,
    lr: float = 0.01,
    weight_decay: float = 1e-4,
    seed: int = 0,
) -> ProbeResult:
    """A softmax-regression probe, trained full-batch with Adam; returns its accuracy on the test tokens.

    ``train_x`` is ``(N, dim)`` for one layer, or ``(n_layers, N, dim)`` with ``mix=True``: then a
    :class:`ScalarMix` is learned jointly with the classifier (eq. 9.4) and its weights are returned. The
    features are standardised with the training set's mean and spread, so that layers of different
    scales are compared fairly. Seeded; the global RNG is untouched.
    """
    if train_x.shape[-2] != len(train_y) or test_x.shape[-2] != len(test_y):
        raise ValueError("need one label per token: features (..., N, dim) and labels (N,)")
    dims = tuple(range(train_x.dim() - 1))
    mean, std = train_x.mean(dim=dims, keepdim=True), train_x.std(dim=dims, keepdim=True) + 1e-6
    train_x, test_x = (train_x - mean) / std, (test_x - mean) / std
    n_classes = int(max(train_y.max(), test_y.max())) + 1
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        classifier = nn.Linear(train_x.shape[-1], n_classes)
        scalar_mix = ScalarMix(train_x.shape[0]) if mix else None
    params = list(classifier.parameters()) + (list(scalar_mix.parameters()) if mix else [])
    opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)

    def logits(x):
        if not mix:
            return classifier(x)
        # W·(γ Σ_j s_j h_j) + b = γ Σ_j s_j (W h_j) + b: mixing each layer's logits never builds the mixed
        # (N, dim) features, several times faster and the same function
        per_layer = x @ classifier.weight.T  # (n_layers, N, classes)
        return scalar_mix(per_layer) + classifier.bias

    for _ in range(steps):
        loss = nn.functional.cross_entropy(logits(train_x), train_y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        accuracy = float((logits(test_x).argmax(1) == test_y).float().mean())
    return ProbeResult(accuracy, scalar_mix.weights.tolist() if mix else None)


def layer_word_vectors(
    model: BiLM, sentences: Sequence[Sequence[str]], max_occurrences: int = 50, batch_size: int = 64
):
    """One static vector per word and layer: the mean of its layer-k representations over its first
    ``max_occurrences`` occurrences in ``sentences`` (Bommasani et al. 2020).

    Returns a list of :class:`course_utils.embeddings.WordVectors`, one per layer, so the shared similarity
    and analogy evaluation can ask which layer carries word meaning (a semantic probe that needs no labels).
    """
    from .embeddings import WordVectors

    sums: dict[str, torch.Tensor] = {}
    seen: Counter = Counter()
    for sentence, reps in zip(sentences, model.represent(sentences, batch_size), strict=True):
        for t, word in enumerate(sentence):
            if seen[word] < max_occurrences:
                seen[word] += 1
                sums[word] = sums[word] + reps[:, t] if word in sums else reps[:, t].clone()
    if not sums:
        raise ValueError("no words to average: give at least one non-empty sentence")
    words = sorted(sums)
    means = torch.stack([sums[w] / seen[w] for w in words], 1)  # (n_layers, |words|, 2·dim)
    return [WordVectors(words, layer.numpy()) for layer in means]


# ---------------------------------------------------------------- one word, several senses

MONTH_CUES = frozenset("in last next since until through early late mid by from during this of end".split())


def may_occurrences(
    sentences: Iterable[Sequence[str]], per_sense: int | None = None
) -> list[tuple[list[str], int, str]]:
    """Occurrences ``(sentence, position, sense)`` of lower-cased *may* (notebook 09), labelled ``"month"`` when
    the word before is a time cue (*in may*, *last may*) or a number follows (*may N*), else ``"modal"``.

    A heuristic from the neighbouring words, right for the PTB sentences we read by hand; ``per_sense`` keeps
    the first that many of each sense.
    """
    found: list[tuple[list[str], int, str]] = []
    kept: Counter = Counter()
    for sentence in sentences:
        sentence = list(sentence)
        for t, word in enumerate(sentence):
            if word != "may":
                continue
            before = sentence[t - 1] if t else BOS
            after = sentence[t + 1] if t + 1 < len(sentence) else EOS
            sense = "month" if before in MONTH_CUES or after == "N" else "modal"
            if per_sense is None or kept[sense] < per_sense:
                kept[sense] += 1
                found.append((sentence, t, sense))
    return found


def occurrence_vectors(model: BiLM, occurrences: Sequence[tuple[Sequence[str], int, object]]) -> torch.Tensor:
    """``(n_layers, len(occurrences), 2·dim)``: each layer's vector for the word at each (sentence, position)."""
    reps = model.represent([sentence for sentence, _, _ in occurrences])
    return torch.stack([r[:, t] for r, (_, t, _) in zip(reps, occurrences, strict=True)], 1)


def nearest_neighbour_agreement(vectors: torch.Tensor, labels: Sequence) -> list[float]:
    """Per layer, how often a token's nearest other token (by cosine) has the same label: a 1-NN sense probe.

    ``vectors`` is ``(n_layers, N, dim)``. Ties share the credit: if several tokens are equally near, the
    token scores the fraction of them with its label, so a layer that gives every token the same vector
    scores the chance level, not whatever the first index happens to be.
    """
    if vectors.shape[-2] != len(labels) or len(labels) < 2:
        raise ValueError("need one label per token and at least two tokens")
    ids = {label: k for k, label in enumerate(dict.fromkeys(labels))}
    y = torch.tensor([ids[label] for label in labels])
    same = y[:, None] == y[None, :]
    scores = []
    for layer in vectors:
        unit = nn.functional.normalize(layer.double(), dim=-1)
        sim = unit @ unit.T
        sim.fill_diagonal_(-math.inf)
        nearest = sim >= sim.max(1, keepdim=True).values - 1e-9
        scores.append(float(((nearest & same).sum(1) / nearest.sum(1)).mean()))
    return scores


def context_neighbours(
    model: BiLM,
    pool: Sequence[Sequence[str]],
    pool_vectors: torch.Tensor,
    sentence: Sequence[str],
    position: int,
    k: int = 5,
) -> list[list[tuple[float, str]]]:
    """Per layer, the ``k`` tokens of ``pool`` whose vectors are nearest (cosine) to the word at ``position`` of
    ``sentence``, each as (similarity, its sentence with the token in [brackets]); notebook 09's explorer.

    ``pool_vectors`` is ``torch.cat(model.represent(pool), 1)``, computed once for the pool.
    """
    if not 0 <= position < len(sentence):
        raise ValueError(f"position must be between 0 and {len(sentence) - 1}, got {position}")
    where = [(i, t) for i, s in enumerate(pool) for t in range(len(s))]
    if pool_vectors.shape[1] != len(where):
        raise ValueError("pool_vectors must be torch.cat(model.represent(pool), 1) for this pool")
    query = model.represent([list(sentence)])[0][:, position]  # (n_layers, 2·dim)
    out = []
    for layer, q in zip(pool_vectors, query, strict=True):
        sim = nn.functional.normalize(layer, dim=-1) @ nn.functional.normalize(q, dim=0)
        top = torch.topk(sim, min(k, len(where)))
        rows = []
        for score, j in zip(top.values.tolist(), top.indices.tolist(), strict=True):
            i, t = where[j]
            s = pool[i]
            rows.append((score, " ".join([*s[max(0, t - 5) : t], f"[{s[t]}]", *s[t + 1 : t + 6]])))
        out.append(rows)
    return out


# ---------------------------------------------------------------- checkpoints


def save_bilm(model: BiLM, path, half: bool = False) -> str:
    """Save a :class:`BiLM` (configuration and weights) to ``path``; returns the file's SHA-256.

    ``half=True`` stores the weights in float16, half the size (the copy in the course's ``data/`` folder);
    :func:`load_bilm` turns them back into float32. Perplexity moves in the fourth significant digit.
    """
    import hashlib
    from pathlib import Path

    lstm = model.forward_lstms[0]
    config = {
        "words": model.words[3:],
        "chars": sorted(model.chars.index, key=model.chars.index.get),
        "max_len": model.chars.max_len,
        "dim": model.dim,
        "hidden": lstm.hidden_size,
        "layers": len(model.forward_lstms),
        "residual": model.residual,
        "dropout": model.drop.p,
        "encoder": model.encoder_config,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.half() if half and v.is_floating_point() else v for k, v in model.state_dict().items()}
    torch.save({"config": config, "state": state}, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_bilm(path, sha256: str | None = None) -> BiLM:
    """Load a :func:`save_bilm` checkpoint (refused if ``sha256`` is given and differs), in eval mode."""
    import hashlib
    from pathlib import Path

    path = Path(path)
    if sha256 is not None and hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise ValueError(f"{path.name}: SHA-256 differs from the expected one; the file is corrupted or another model")
    saved = torch.load(path, map_location="cpu", weights_only=True)
    c = saved["config"]
    chars = CharVocab([], c["max_len"])
    first = max(SENTENCE_MARKS.values()) + 1
    chars.index = {ch: first + k for k, ch in enumerate(c["chars"])}
    model = BiLM(c["words"], chars, c["dim"], c["hidden"], c["layers"], c["residual"], c["dropout"], c["encoder"])
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in saved["state"].items()})
    return model.eval()


PRETRAINED = "elmo-ptb.pt"


def pretrained_bilm() -> BiLM:
    """The course's small ELMo, trained on PTB by ``python -m course_utils.reproduce elmo`` (notebook 09).

    It is stored in float16 in the repository's ``data/`` folder and verified by its SHA-256 in
    ``data/MANIFEST.json`` before it is read.
    """
    from .data import toy_path

    return load_bilm(toy_path(PRETRAINED))
