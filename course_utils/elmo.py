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
* **the interface**: :class:`BiLanguageModel` trains the biLM with the course's loop
  (:func:`course_utils.training.fit`) and serves its two directions as language models
  (:class:`DirectionalLM`: ``forward_lm_`` and ``backward_lm_``); :func:`pretrained_bilm` loads the
  course's trained one. The probes of notebook 09 live in :mod:`course_utils.probes`.

Sentences are ragged: a batch is padded at the end, and a sentence's backward pass runs on its own
reversal, so padding never reaches a real word in either direction.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import numpy as np
import torch
from torch import nn

from . import checks
from .lm import LanguageModel
from .text import BOS, EOS, UNK, Vocab, check_sentences, check_words
from .training import History, LossFn, SentenceBatches, fit, train_config

#: the biLM's two language models: left to right, and right to left
DIRECTIONS = ("forward", "backward")

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
        words = check_words(words, "word list", empty=False)
        device = next(self.parameters()).device
        return self.encoder(torch.tensor([self.chars.encode(w) for w in words], device=device)).cpu()

    @torch.no_grad()
    def represent(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> list[torch.Tensor]:
        """Per sentence, a ``(n_layers, n_words, 2·dim)`` tensor of ELMo's layer representations (eq. 9.4)."""
        sentences = check_sentences(sentences, "sentences to represent")
        checks.integer(batch_size, "batch_size")
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


# ---------------------------------------------------------------- the biLM as two language models


def bilm_loss(bilm: BiLM) -> LossFn:
    """The loss of a :class:`BiLM` for :func:`course_utils.training.fit`: the mean of the two directions' (eq. 9.3).

    ``loss(net, sentences, state, reduction)`` calls ``net`` (the BiLM, or DistributedDataParallel around it)
    on ``bilm.batch(sentences)`` and returns ``((f + b) / 2, None)``: the forward and backward LMs predict
    the same number of tokens, so this is the mean over both directions' predictions. No state is carried.
    """

    def loss(net: nn.Module, sentences: Sequence[Sequence[str]], state, reduction: str = "mean"):
        f_loss, b_loss = net(*bilm.batch(sentences), reduction=reduction)
        return (f_loss + b_loss) / 2, None

    return loss


@torch.no_grad()
def token_log_probs(
    bilm: BiLM, sentences: Sequence[Sequence[str]], batch_size: int = 64, directions: Sequence[str] = DIRECTIONS
) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """Per sentence, ln p of every token the forward and the backward LM predict, in text order (eq. 9.2).

    Forward: ``w_1 .. w_m, </s>``, each given the words before it. Backward: ``w_1 .. w_m`` each given the
    words after it, then ``<s>`` given the whole sentence (its prediction that the sentence starts there).
    Computed in evaluation mode, in float64 from the float32 logits, over the softmax's own rows. Only the
    ``directions`` asked for are run (the other list is empty): one LM's perplexity needs one LSTM stack.
    """
    was_training = bilm.training
    bilm.eval()
    out = {d: [torch.empty(0)] * len(sentences) for d in DIRECTIONS}
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))  # batches of similar length pad less
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        chars, targets, lengths = bilm.batch([sentences[i] for i in chunk])
        tokens = bilm.encoder(chars)
        safe = targets.clamp(min=0)  # padding (-1) is cut off below
        if "forward" in directions:
            top = bilm._run(bilm.forward_lstms, tokens)[-1]
            f_logp = torch.log_softmax(bilm.softmax(top[:, :-1]).double(), -1)  # position t predicts t + 1
            f_pick = f_logp.gather(2, safe[:, 1:, None])[..., 0].cpu()
            for b, i in enumerate(chunk):
                out["forward"][i] = f_pick[b, : len(sentences[i]) + 1]
        if "backward" in directions:
            top = reverse_padded(bilm._run(bilm.backward_lstms, reverse_padded(tokens, lengths))[-1], lengths)
            b_logp = torch.log_softmax(bilm.softmax(top[:, 1:]).double(), -1)  # position t + 1 predicts t
            b_pick = b_logp.gather(2, safe[:, :-1, None])[..., 0].cpu()
            for b, i in enumerate(chunk):
                n = len(sentences[i])
                out["backward"][i] = torch.cat([b_pick[b, 1 : n + 1], b_pick[b, :1]])  # words, then <s>
    bilm.train(was_training)
    return out["forward"], out["backward"]


@torch.no_grad()
def mean_losses(bilm: BiLM, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> tuple[float, float]:
    """Mean cross-entropy (nats) per predicted token of the forward and of the backward LM, in float64 sums."""
    forward, backward = token_log_probs(bilm, sentences, batch_size)
    n = sum(len(f) for f in forward)
    return -float(torch.cat(forward).sum()) / n, -float(torch.cat(backward).sum()) / n


class DirectionalLM(LanguageModel):
    """One direction of a :class:`BiLM` as a language model of the course's interface (notebook 09).

    ``direction="forward"``: p(w_t | w_<t) over the words and ``</s>``, the usual chain rule (eq. 1.1).
    ``direction="backward"``: p(w_t | w_>t), reading right to left, over the words and ``<s>``: the same
    number of tokens, so the two perplexities compare. Sentences are always given in text order; for the
    backward LM a ``context`` is the words *after* the position predicted, in text order, and
    :meth:`generate` grows the sentence to the left until it predicts ``<s>``.

    The BiLM's softmax lists ``<s>, </s>, <unk>`` first, ``vocab_`` (a :class:`~course_utils.text.Vocab`)
    ``<unk>, <s>, </s>``; the words follow in the same order in both. ``rows[i]`` is the softmax row of
    ``vocab_`` id i, the one place ids are mapped, so the checkpoint's softmax keeps its order. Each
    softmax has a row for the token it never predicts (``<s>`` forward, ``</s>`` backward): its
    probability is small, not 0.
    """

    context_size = None

    def __init__(self, bilm: BiLM, vocab: Vocab, direction: str):
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'forward' or 'backward', got {direction!r}")
        if list(vocab.itos[3:]) != bilm.words[3:]:
            raise ValueError("vocab must list the BiLM's words in its order: use BiLanguageModel, which builds both")
        self.net_, self.vocab_, self.direction = bilm, vocab, direction
        self.rows = torch.tensor([bilm.word_index[w] for w in vocab.itos])

    def __repr__(self) -> str:
        return f"DirectionalLM({self.direction!r}, {len(self.vocab_)} words)"

    def _token_probs(self, sentences: list[list[str]]) -> np.ndarray:
        forward, backward = token_log_probs(self.net_, sentences, directions=(self.direction,))
        picked = forward if self.direction == "forward" else backward
        return torch.cat(picked).exp().numpy()

    @torch.no_grad()
    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v of ``vocab_``: the next word forward, the previous word backward."""
        self._check_fitted()
        context = self._check_context(context)
        bilm = self.net_.eval()
        chars, _, lengths = bilm.batch([context])  # <s> context </s>
        _, forward, backward = bilm.layers_for(chars, lengths)
        # forward: the state at the last word of <s> context; backward: the state at the first word after <s>
        h = forward[-1][0, len(context)] if self.direction == "forward" else backward[-1][0, 1]
        probs = torch.softmax(bilm.softmax(h).double(), -1).cpu()
        return probs[self.rows].numpy()

    def token_logprobs(self, sentence: Sequence[str]) -> list[tuple[str, float]]:
        """``(token, ln p)`` for every predicted token: the words, then ``</s>`` (forward) or ``<s>`` (backward)."""
        pairs = super().token_logprobs(sentence)
        return pairs if self.direction == "forward" else [*pairs[:-1], (BOS, pairs[-1][1])]

    def generate(self, max_words: int = 30, seed: int = 0, context: Sequence[str] = ()) -> list[str]:
        """Sample a sentence; backward, it grows to the left of ``context`` until ``<s>`` (see the base class)."""
        if self.direction == "forward":
            return super().generate(max_words, seed, context)
        self._check_fitted()
        words = self._check_context(context)
        max_words = checks.integer(max_words, "max_words", minimum=0)
        rng = np.random.default_rng(checks.seed(seed))
        for _ in range(max_words):
            previous = self._sample(self.next_probs(words), rng, never=self.vocab_.eos_id)
            if previous is None or previous == BOS:
                break
            words.insert(0, previous)
        return words[: len(words) - len(context)]


class BiLanguageModel:
    """ELMo's biLM (eqs. 9.1-9.3) as an estimator: ``fit`` trains it, and its two directions are language models.

    Hyper-parameters: ``dim``, ``hidden``, ``layers``, ``residual``, ``dropout``, ``encoder`` (see
    :class:`BiLM` and :class:`CharEncoder`), ``max_len`` (characters per word), ``max_vocab`` (softmax words,
    the most frequent), ``batch_size`` (sentences of similar length); any other keyword is a setting of the
    training loop (``epochs``, ``lr``, ``seed``, ... of :class:`~course_utils.training.TrainConfig`, defaults in
    :attr:`TRAINING`), gathered in ``config``. :meth:`fit` sets ``net_`` (the :class:`BiLM`), ``vocab_``,
    ``history_`` (validation: the mean of the two directions' losses) and the views ``forward_lm_`` and
    ``backward_lm_`` (:class:`DirectionalLM`). :meth:`represent` gives ELMo's layer representations (eq. 9.4).
    """

    #: the training loop's settings unless given: Adam, the gradient norm clipped at 1
    TRAINING: ClassVar[dict[str, Any]] = {"epochs": 1, "lr": 2e-3, "optimizer": "adam", "clip": 1.0, "desc": "biLM"}

    def __init__(
        self,
        *,
        dim: int = 128,
        hidden: int = 256,
        layers: int = 2,
        residual: bool = True,
        dropout: float = 0.1,
        encoder: dict | None = None,
        max_len: int = 20,
        max_vocab: int | None = None,
        batch_size: int = 32,
        **training_settings,
    ):
        for name, value in (("dim", dim), ("hidden", hidden), ("layers", layers), ("max_len", max_len)):
            checks.integer(value, name)
        checks.integer(batch_size, "batch_size")
        checks.integer(max_vocab, "max_vocab", optional=True)
        checks.between(dropout, "dropout", 0, 1, high_in=False)
        if hidden <= dim:
            raise ValueError(
                f"hidden ({hidden}) must be larger than dim ({dim}): each LSTM projects its state down to dim"
            )
        if encoder is not None:
            if not isinstance(encoder, dict):
                raise ValueError(f"encoder must be a dict of CharEncoder settings or None, got {encoder!r}")
            unknown = sorted(set(encoder) - {"char_dim", "filters", "highway"})
            if unknown:
                raise ValueError(
                    f"encoder got unknown setting(s) {', '.join(unknown)}; it takes char_dim, filters, highway"
                )
        self.dim, self.hidden, self.layers, self.residual, self.dropout = dim, hidden, layers, residual, dropout
        self.encoder, self.max_len, self.max_vocab, self.batch_size = encoder, max_len, max_vocab, batch_size
        # the one place the training settings are gathered (and checked before any work)
        self.config = train_config(self.TRAINING, training_settings, "BiLanguageModel")

    def __repr__(self) -> str:
        return f"BiLanguageModel(dim={self.dim}, hidden={self.hidden}, layers={self.layers})"

    def initialize(self, sentences: Iterable[Sequence[str]], vocab: Vocab | None = None) -> BiLanguageModel:
        """Build the untrained :class:`BiLM` for ``sentences`` (what :meth:`fit` starts from); returns ``self``.

        The softmax words are ``vocab``'s if given, else every training word (or the ``max_vocab`` most
        frequent), most frequent first; the characters are those of the training words.
        """
        return self._initialize(check_sentences(sentences, "training corpus"), vocab)

    def _initialize(self, sentences: list[list[str]], vocab: Vocab | None) -> BiLanguageModel:
        """:meth:`initialize` for sentences already checked."""
        counts = Counter(w for s in sentences for w in s)
        if vocab is None:
            words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][: self.max_vocab]
        elif isinstance(vocab, Vocab) and vocab.specials:
            words = vocab.itos[3:]
        else:
            raise ValueError("vocab must be a language model's text.Vocab (with <unk>, <s>, </s>), e.g. a .vocab_")
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.config.seed)
            net = BiLM(
                words,
                CharVocab(counts, self.max_len),
                self.dim,
                self.hidden,
                self.layers,
                self.residual,
                self.dropout,
                self.encoder,
            )
        return self._use(net.eval(), counts)

    def fit(
        self,
        sentences: Iterable[Sequence[str]],
        vocab: Vocab | None = None,
        valid: Iterable[Sequence[str]] | None = None,
    ) -> BiLanguageModel:
        """Train on ``sentences`` (validating on ``valid`` after every epoch if given); returns ``self``.

        With ``valid``, the weights of the epoch with the lowest mean validation loss of the two directions
        are kept. Seeded and device-agnostic; the global random state is left as it was.
        """
        self._initialize(check_sentences(sentences, "training corpus"), vocab)
        validate = None
        if valid is not None:
            valid = check_sentences(valid, "validation corpus")
            validate = lambda net: sum(mean_losses(net, valid)) / 2  # noqa: E731
        batches = SentenceBatches(sentences, self.batch_size)
        try:
            self.history_: History = fit(self.net_, batches, bilm_loss(self.net_), self.config, valid=validate)
        except checks.TrainingDivergedError as exc:  # the restored model stays usable, with its history
            self.history_ = exc.history
            raise
        return self

    def _use(self, net: BiLM, counts: dict[str, int] | None = None) -> BiLanguageModel:
        """Set ``net_``, ``vocab_`` and the two views for a BiLM."""
        self.net_ = net
        self.vocab_ = Vocab(net.words[3:], counts)
        self.forward_lm_ = DirectionalLM(net, self.vocab_, "forward")
        self.backward_lm_ = DirectionalLM(net, self.vocab_, "backward")
        return self

    @classmethod
    def from_net(cls, net: BiLM) -> BiLanguageModel:
        """A fitted estimator around a trained :class:`BiLM` (e.g. from :func:`load_bilm`), its settings read off it."""
        lstm = net.forward_lstms[0]
        model = cls(
            dim=net.dim,
            hidden=lstm.hidden_size,
            layers=len(net.forward_lstms),
            residual=net.residual,
            dropout=net.drop.p,
            encoder=net.encoder_config,
            max_len=net.chars.max_len,
        )
        return model._use(net)

    def _check_fitted(self) -> None:
        if not hasattr(self, "net_"):
            raise ValueError("this BiLanguageModel is not fitted yet: call .fit(train_sentences) first")

    @property
    def n_layers(self) -> int:
        """Representation layers: the token layer plus one per LSTM layer."""
        self._check_fitted()
        return self.net_.n_layers

    def represent(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> list[torch.Tensor]:
        """Per sentence, ``(n_layers, n_words, 2·dim)``: ELMo's layer representations (eq. 9.4), see :class:`BiLM`."""
        self._check_fitted()
        return self.net_.represent(sentences, batch_size)

    def token_vectors(self, words: Sequence[str]) -> torch.Tensor:
        """Layer 0 for a list of words: the token encoder alone, no context (eq. 9.1)."""
        self._check_fitted()
        return self.net_.token_vectors(words)


# ---------------------------------------------------------------- checkpoints


def save_bilm(model: BiLM, path, half: bool = False) -> str:
    """Save a :class:`BiLM` (configuration and weights) to ``path``; returns the file's SHA-256.

    Of a :class:`BiLanguageModel`, save its ``net_``. ``half=True`` stores the weights in float16, half the
    size (the copy in the course's ``data/`` folder); :func:`load_bilm` turns them back into float32.
    Perplexity moves in the fourth significant digit.
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


def pretrained_bilm() -> BiLanguageModel:
    """The course's small ELMo, trained on PTB by ``python -m course_utils.reproduce elmo`` (notebook 09),
    as a fitted :class:`BiLanguageModel` (its :class:`BiLM` is ``net_``).

    It is stored in float16 in the repository's ``data/`` folder and verified by its SHA-256 in
    ``data/MANIFEST.json`` before it is read.
    """
    from .data import toy_path

    return BiLanguageModel.from_net(load_bilm(toy_path(PRETRAINED)))
