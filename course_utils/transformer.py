"""A Transformer language model from its equations (notebook 10; Vaswani et al. 2017, Radford et al. 2018/2019).

The pieces, each a function or a small module, in the order notebook 10 derives them::

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k + M) V                           (10.1) scaled dot-product
    M_ij = 0 if j ≤ i (and j is not padding), −∞ otherwise                    (10.2) the causal mask
    head_h = Attention(X W_h^Q, X W_h^K, X W_h^V),  MHA(X) = [head_1 … head_H] W^O   (10.3) multiple heads
    X_0 = E[w] + P                                                            (10.4) token + position
    X' = X + MHA(LN(X)),  X'' = X' + MLP(LN(X'))                              (10.5) a pre-norm block
    p(w_{t+1} | w_≤t) = softmax(LN(X_L)[t] Eᵀ)                                (10.6) weight tying

:class:`TransformerNet` is the ``torch.nn.Module``; :class:`TransformerLM` puts it behind the course's
language-model interface (:class:`~course_utils.lm.LanguageModel`) as a stream model, like the recurrent LMs of
notebook 05: the training text is one stream ``</s> s_1 </s> s_2 …`` read in windows of ``bptt`` tokens, and
scoring reads the test text as one stream with a sliding window, each token seeing up to ``context − 1``
tokens before it. It trains with the course's one loop, :func:`course_utils.training.fit` (DDP included).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import torch
from torch import nn

from . import checks
from .rnn import RecurrentLM
from .text import check_sentences
from .training import cross_entropy, train_config

# ---------------------------------------------------------------- the equations


def causal_mask(length: int, device: torch.device | str | None = None) -> torch.Tensor:
    """Eq. (10.2): a (length, length) boolean matrix, True where query i may look at key j (j ≤ i)."""
    return torch.ones(length, length, dtype=torch.bool, device=device).tril()


def attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Scaled dot-product attention, eq. (10.1): ``softmax(q kᵀ / √d_k) v`` over the keys ``mask`` allows.

    ``q`` is (..., T_q, d_k), ``k`` (..., T_k, d_k), ``v`` (..., T_k, d_v); ``mask`` (broadcastable to
    (..., T_q, T_k)) is True where a query may attend. Returns the output (..., T_q, d_v) and the weights
    (..., T_q, T_k), each row a distribution over the allowed keys (a row with no allowed key is all 0).
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:  # a query that may see nothing (all padding) gets weights 0, not NaN
        weights = weights.masked_fill(~mask.any(dim=-1, keepdim=True), 0.0)
    return weights @ v, weights


def sinusoidal_positions(length: int, dim: int) -> torch.Tensor:
    """The fixed positions of Vaswani et al. (2017, section 3.5): P[t, 2i] = sin(t / 10000^(2i/d)),
    P[t, 2i+1] = cos(t / 10000^(2i/d))."""
    position = torch.arange(length, dtype=torch.float32)[:, None]
    rate = torch.exp(-math.log(10000.0) * torch.arange(0, dim, 2, dtype=torch.float32) / dim)
    table = torch.zeros(length, dim)
    table[:, 0::2] = torch.sin(position * rate)
    table[:, 1::2] = torch.cos(position * rate)[:, : dim // 2]
    return table


class MultiHeadAttention(nn.Module):
    """Eq. (10.3): ``heads`` attentions of size dim/heads side by side, concatenated and projected by W^O.

    ``forward(x (B, T, dim), mask)`` with ``mask`` (B or 1, 1, T, T) True where allowed. With ``keep=True``
    the last weights (B, heads, T, T) are kept in ``.weights`` for the explorer of notebook 10.
    """

    def __init__(self, dim: int, heads: int, dropout: float = 0.0):
        super().__init__()
        if dim % heads:
            raise ValueError(
                f"dim must be a multiple of heads (each head gets dim/heads), got dim={dim}, heads={heads}"
            )
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)  # W^Q, W^K, W^V of every head, as one matrix
        self.out = nn.Linear(dim, dim)  # W^O
        self.drop = nn.Dropout(dropout)
        self.keep = False
        self.weights: torch.Tensor | None = None

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        B, T, D = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)  # each (B, H, T, d)
        y, weights = attention(q, k, v, mask)
        if self.keep:
            self.weights = weights.detach()
        y = self.drop(y) if self.training else y
        return self.out(y.transpose(1, 2).reshape(B, T, D))


class Block(nn.Module):
    """Eq. (10.5), a pre-norm Transformer block: ``x + MHA(LN(x))``, then ``x + MLP(LN(x))`` (MLP: dim → 4·dim → dim,
    GELU). ``mlp=False`` leaves attention only (the induction-head model of notebook 10)."""

    def __init__(self, dim: int, heads: int, dropout: float = 0.0, mlp: bool = True):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, dropout)
        self.ln2 = nn.LayerNorm(dim) if mlp else None
        self.mlp = (
            nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim), nn.Dropout(dropout))
            if mlp
            else None
        )
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.drop(self.attn(self.ln1(x), mask))
        if self.mlp is not None:
            x = x + self.mlp(self.ln2(x))
        return x


class TransformerNet(nn.Module):
    """A decoder-only Transformer (GPT's shape): token and position embeddings (eq. 10.4), ``layers`` pre-norm
    blocks (eq. 10.5), a final LayerNorm and the output layer tied to the embeddings (eq. 10.6).

    ``context`` is the longest window it reads (the number of positions); ``positions`` is ``"learned"`` (GPT) or
    ``"sinusoidal"`` (Vaswani et al.). ``forward(ids (T, B), state=None, pad=None)`` returns logits (T, B, |V|)
    and a new state, so it reads a stream like the recurrent LMs of notebook 05: the state is the last
    ``context − 1`` token ids read (a sliding window; no gradient flows through it), and each new token attends
    to them and to the new tokens before it. ``pad`` (T, B), True at padding, masks those keys. Seeded.
    """

    def __init__(
        self,
        vocab_size: int,
        dim: int = 64,
        heads: int = 4,
        layers: int = 2,
        context: int = 64,
        dropout: float = 0.0,
        positions: str = "learned",
        mlp: bool = True,
        tie: bool = True,
        seed: int = 0,
    ):
        super().__init__()
        if min(vocab_size, dim, heads, layers, context) < 1:
            raise ValueError(
                "vocab_size, dim, heads, layers and context must all be >= 1, "
                f"got {vocab_size}, {dim}, {heads}, {layers}, {context}"
            )
        checks.choice(positions, "positions", ("learned", "sinusoidal"))
        self.context = context
        #: the arguments that rebuild this network (saved with its weights by :func:`save_net`)
        self.settings = {
            "vocab_size": vocab_size, "dim": dim, "heads": heads, "layers": layers, "context": context,
            "dropout": dropout, "positions": positions, "mlp": mlp, "tie": tie,
        }  # fmt: skip
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embed = nn.Embedding(vocab_size, dim)
            if positions == "learned":
                self.pos = nn.Parameter(torch.zeros(context, dim))
            else:
                self.register_buffer("pos", sinusoidal_positions(context, dim), persistent=False)
            self.drop = nn.Dropout(dropout)
            self.blocks = nn.ModuleList(Block(dim, heads, dropout, mlp) for _ in range(layers))
            self.ln = nn.LayerNorm(dim)
            self.head = nn.Linear(dim, vocab_size, bias=False)
            for name, p in self.named_parameters():  # GPT-2's initialisation: N(0, 0.02), biases 0
                if p.dim() > 1:
                    nn.init.normal_(p, std=0.02)
                elif name.endswith("bias"):
                    nn.init.zeros_(p)
            if positions == "learned":
                nn.init.normal_(self.pos, std=0.01)
            if tie:
                self.head.weight = self.embed.weight

    def forward(
        self, ids: torch.Tensor, state: torch.Tensor | None = None, pad: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        T = ids.shape[0]
        if T > self.context:
            raise ValueError(
                f"this Transformer reads at most {self.context} tokens at once, got {T}: feed it in chunks"
            )
        seen = ids if state is None else torch.cat([state, ids])[-self.context :]
        if pad is not None:
            pad = torch.cat([pad.new_zeros(len(seen) - T, pad.shape[1]), pad])
        x = seen.t()  # (B, L): batch first inside the network
        L = x.shape[1]
        h = self.drop(self.embed(x) + self.pos[:L])
        mask = causal_mask(L, x.device)[None, None]  # (1, 1, L, L)
        if pad is not None:
            mask = mask & ~pad.t()[:, None, None, :]  # no query attends to a padding key
        for block in self.blocks:
            h = block(h, mask)
        logits = self.head(self.ln(h[:, L - T :]))  # the new tokens only
        return logits.transpose(0, 1), seen[-(self.context - 1) :].detach() if self.context > 1 else seen[:0]

    def keep_attention(self, keep: bool = True) -> None:
        """Keep (or stop keeping) every head's last attention weights, in ``block.attn.weights``."""
        for block in self.blocks:
            block.attn.keep = keep
            if not keep:
                block.attn.weights = None

    def attention_weights(self) -> list[torch.Tensor]:
        """The weights kept by the last forward pass: one (B, heads, L, L) tensor per layer."""
        return [block.attn.weights for block in self.blocks]

    @torch.no_grad()
    def attention_maps(self, ids: torch.Tensor) -> list[torch.Tensor]:
        """Every layer's attention weights for ``ids`` (T, B), one (B, heads, T, T) tensor per layer, read in
        evaluation mode (the explorer, the induction scores and notebook 10's heatmaps all look through this)."""
        self.eval().keep_attention(True)
        try:
            self(ids.to(next(self.parameters()).device))
            return [w.cpu() for w in self.attention_weights()]
        finally:
            self.keep_attention(False)


def transformer_loss(
    net: nn.Module, batch: tuple[torch.Tensor, torch.Tensor], state: Any, reduction: str = "mean"
) -> tuple[torch.Tensor, None]:
    """The training loss of :class:`TransformerLM` for :func:`course_utils.training.fit`: every position of a
    window predicts its next token, with no state carried from the window before (as GPT trains)."""
    inputs, targets = batch
    logits, _ = net(inputs)
    return cross_entropy(logits, targets, reduction), None


def count_parameters(net: nn.Module, embeddings: bool = True) -> int:
    """The number of distinct trained parameters (a tied matrix counted once); ``embeddings=False`` leaves out
    the token and position embeddings, as scaling laws count N (Kaplan et al. 2020)."""
    seen: dict[int, int] = {}
    for name, p in net.named_parameters():
        if not embeddings and (name.startswith("embed") or name == "pos"):
            continue
        seen[id(p)] = p.numel()
    return sum(seen.values())


def fit_power_law(n: Sequence[float], loss: Sequence[float]) -> tuple[float, float, float]:
    """Fit L(N) = a·N^(−α) + L∞ to measured (N, L) points; returns (a, α, L∞). Notebook 10's scaling law.

    For each L∞ on a fine grid below the smallest loss, log(L − L∞) against log N is a line whose slope is −α;
    the L∞ whose line fits the losses best (least squares on L itself) wins. Needs three points or more.
    """
    n_arr, l_arr = np.asarray(n, dtype=np.float64), np.asarray(loss, dtype=np.float64)
    if n_arr.shape != l_arr.shape or n_arr.size < 3:
        raise ValueError(f"need three (N, loss) points or more, of equal length; got {n_arr.size} and {l_arr.size}")
    if (n_arr <= 0).any() or not np.isfinite(l_arr).all():
        raise ValueError("N must be positive and every loss finite")
    log_n = np.log(n_arr)
    best = (np.inf, 0.0, 0.0, 0.0)
    for floor in np.linspace(0.0, l_arr.min(), 2001)[:-1]:
        slope, intercept = np.polyfit(log_n, np.log(l_arr - floor), 1)
        fitted = np.exp(intercept) * n_arr**slope + floor
        error = float(np.square(fitted - l_arr).sum())
        if error < best[0]:
            best = (error, float(np.exp(intercept)), float(-slope), float(floor))
    return best[1], best[2], best[3]


# ---------------------------------------------------------------- behind the interface


class TransformerLM(RecurrentLM):
    """A Transformer language model behind the course's interface (notebook 10): eqs. (10.1)–(10.6).

    Training reads the stream ``</s> s_1 </s> s_2 …`` in windows of ``bptt`` tokens (``bptt ≤ context``), every
    position predicting the next token. Scoring reads a text as one stream, ``stride`` tokens per step, each
    token seeing up to ``context − 1`` tokens before it (a sliding window, so no token of the test set is
    scored without context except the first). Hyper-parameters: the network's ``dim``, ``heads``, ``layers``,
    ``context``, ``dropout``, ``positions`` (see :class:`TransformerNet`); the stream's ``batch_size``, ``bptt``
    and ``stride``; the vocabulary's ``min_count`` and ``max_vocab``; any other keyword is a setting of the
    training loop (:class:`~course_utils.training.TrainConfig`; the defaults in :attr:`TRAINING`: Adam at
    1e-3, gradient norm clipped at 1, warmup, halve the rate when validation stops improving).
    """

    #: the training loop's settings unless given: Adam, clipped, warmed up, halved on a plateau
    TRAINING: ClassVar[dict[str, Any]] = {
        "epochs": 5,
        "lr": 1e-3,
        "optimizer": "adam",
        "clip": 1.0,
        "warmup": 200,
        "lr_decay": 0.5,
        "desc": "Transformer LM",
    }
    _loss = staticmethod(transformer_loss)

    def __init__(
        self,
        *,
        dim: int = 64,
        heads: int = 4,
        layers: int = 2,
        context: int = 64,
        dropout: float = 0.0,
        positions: str = "learned",
        batch_size: int = 20,
        bptt: int | None = None,
        stride: int | None = None,
        min_count: int = 1,
        max_vocab: int | None = None,
        **training_settings,
    ):
        for name, value in (("dim", dim), ("heads", heads), ("layers", layers), ("context", context)):
            checks.integer(value, name)
        checks.integer(batch_size, "batch_size")
        if dim % heads:
            raise ValueError(
                f"dim must be a multiple of heads (each head gets dim/heads), got dim={dim}, heads={heads}"
            )
        bptt = context if bptt is None else checks.integer(bptt, "bptt")
        stride = max(1, context // 2) if stride is None else checks.integer(stride, "stride")
        if bptt > context or stride > context:
            raise ValueError(
                f"bptt ({bptt}) and stride ({stride}) must be at most context ({context}): the network reads at most "
                "context tokens at once"
            )
        checks.between(dropout, "dropout", 0, 1, high_in=False)
        checks.choice(positions, "positions", ("learned", "sinusoidal"))
        self.cell = "transformer"
        self.dim, self.heads, self.layers, self.context = dim, heads, layers, context
        self.dropout, self.positions = dropout, positions
        self.batch_size, self.bptt, self.stride = batch_size, bptt, stride
        self.min_count = checks.integer(min_count, "min_count")
        self.max_vocab = checks.integer(max_vocab, "max_vocab", optional=True)
        self.config = train_config(self.TRAINING, training_settings, "TransformerLM")

    def __repr__(self) -> str:
        return f"TransformerLM(dim={self.dim}, heads={self.heads}, layers={self.layers}, context={self.context})"

    def _network(self, vocab_size: int) -> nn.Module:
        return TransformerNet(
            vocab_size,
            self.dim,
            self.heads,
            self.layers,
            self.context,
            self.dropout,
            self.positions,
            seed=self.config.seed,
        )

    @property
    def _eval_step(self) -> int:
        return self.stride

    @torch.no_grad()
    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """p(v | context) for every id v: the softmax after ``</s>`` and the last ``context − 1`` words of
        ``context``."""
        self._check_fitted()
        v = self.vocab_
        ids = torch.tensor([v.eos_id, *v.encode(self._check_context(context))])[-self.context :]
        net = self.net_.eval()
        logits, _ = net(ids[:, None].to(next(net.parameters()).device))
        return torch.softmax(logits[-1, 0].double(), dim=-1).cpu().numpy()

    @torch.no_grad()
    def context_perplexity(
        self, sentences: Sequence[Sequence[str]], lengths: Sequence[int], targets: int = 1000
    ) -> dict[int, float]:
        """Perplexity when each token is predicted from the k tokens before it, for each k in ``lengths`` (notebook 10:
        how much a model gains from a longer context, the small-scale trace of multi-turn dialogue).

        ``sentences`` are read as one stream (``</s>`` between them, as for scoring); the same ``targets``
        tokens (spread evenly over the stream, each with at least ``max(lengths)`` tokens before it) are scored
        for every k, so the numbers differ only by the context."""
        self._check_fitted()
        if not lengths or any(
            isinstance(k, bool) or not isinstance(k, int) or not 0 < k <= self.context for k in lengths
        ):
            raise ValueError(f"every context length must be an integer from 1 to {self.context}, got {list(lengths)}")
        targets = checks.integer(targets, "targets")
        v = self.vocab_
        from .rnn import lm_stream

        stream = lm_stream(v.encode_sentences(check_sentences(sentences, "sentences"), checked=True), v.eos_id)
        first = max(lengths)
        if len(stream) - first < 1:
            raise ValueError(f"the sentences have {len(stream)} tokens: too few for a context of {first}")
        count = min(targets, len(stream) - first)  # spread evenly over the text, so no one passage decides
        positions = torch.linspace(first, len(stream) - 1, count).round().long().unique()
        net = self.net_.eval()
        device = next(net.parameters()).device
        out = {}
        for k in lengths:
            window = stream[positions[None, :] - torch.arange(k, 0, -1)[:, None]]  # (k, n): the k tokens before each
            logits, _ = net(window[-1:].to(device), window[:-1].to(device) if k > 1 else None)
            logp = torch.log_softmax(logits[0].double(), dim=-1).gather(1, stream[positions][:, None].to(device))
            out[k] = math.exp(-float(logp.mean()))
        return out

    def attention(self, words: Sequence[str]) -> tuple[list[str], list[np.ndarray]]:
        """The tokens read (``</s>`` first, at most ``context``) and every layer's attention weights, each
        (heads, T, T): row i is where token i looked. For notebook 10's explorer."""
        self._check_fitted()
        v = self.vocab_
        ids = [v.eos_id, *v.encode(self._check_context(words))][-self.context :]
        weights = [w[0].numpy() for w in self.net_.attention_maps(torch.tensor(ids)[:, None])]
        return [v.itos[i] for i in ids], weights


# ---------------------------------------------------------------- in-context learning, in miniature


def repeated_sequences(n: int, length: int, vocab_size: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` sequences of ``2·length`` tokens (as columns, shape (2·length, n)) and the length m of each one's
    repeated segment: random filler, then a random segment of m tokens (m between length/2 and length, drawn per
    sequence), then the same segment again. The filler and the first copy cannot be predicted; the second copy
    can, by a model that looks back for the same token and reads what came next (notebook 10's induction task;
    Olsson et al. 2022). Because m varies, the repeat is not at a fixed distance: position alone cannot find it.
    """
    for name, value in (("n", n), ("length", length), ("vocab_size", vocab_size)):
        checks.integer(value, name, minimum=2)
    g = torch.Generator().manual_seed(checks.seed(seed))
    tokens = torch.randint(0, vocab_size, (2 * length, n), generator=g)
    m = torch.randint((length + 1) // 2, length + 1, (n,), generator=g)
    rows = torch.arange(2 * length)[:, None]
    second = rows >= 2 * length - m  # the second copy's positions
    source = (rows - m).clamp(min=0)  # position p of the second copy repeats position p − m
    tokens = torch.where(second, tokens.gather(0, source), tokens)
    return tokens, m


def _copies(m: torch.Tensor, length: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Masks (2·length − 1, n) over next-token targets: targets in the first copy, and targets in the second copy
    after its first token (the first token of the repeat cannot be known to start one)."""
    target = torch.arange(1, 2 * length)[:, None]
    first = (target > 2 * length - 2 * m) & (target < 2 * length - m)
    second = target > 2 * length - m
    return first, second


@torch.no_grad()
def repeat_losses(net: TransformerNet, sequences: tuple[torch.Tensor, torch.Tensor]) -> tuple[float, float]:
    """Mean next-token loss (nats) on the first copy and on the second copy of :func:`repeated_sequences`.

    On the first copy no model can beat ln |V| (the tokens are random); on the second, every target appeared
    one step after the same token in the first copy."""
    tokens, m = sequences
    first, second = _copies(m, tokens.shape[0] // 2)
    logits, _ = net.eval()(tokens[:-1])
    losses = nn.functional.cross_entropy(logits.transpose(1, 2), tokens[1:], reduction="none")  # (2L − 1, n)
    return float(losses[first].mean()), float(losses[second].mean())


@torch.no_grad()
def induction_scores(
    net: TransformerNet, sequences: tuple[torch.Tensor, torch.Tensor]
) -> tuple[np.ndarray, np.ndarray]:
    """Two attention scores per layer and head, each an array (layers, heads), on :func:`repeated_sequences`:

    - *previous token*: the mean weight a position puts on the one just before it (a first-layer head can
      learn this from positions alone);
    - *induction*: in the second copy, the mean weight position p puts on p − m + 1, the position *just after*
      the earlier occurrence of the same token: "what came next last time", the pattern that copies.
    """
    tokens, m = sequences
    T = tokens.shape[0]
    weights = net.attention_maps(tokens)  # per layer (n, heads, T, T)
    t = torch.arange(1, T)
    _, second = _copies(m, T // 2)
    p, b = second.nonzero(as_tuple=True)  # row k is the target at k + 1, predicted by the query at position k
    previous = np.array([w[:, :, t, t - 1].mean((0, 2)).numpy() for w in weights])
    induction = np.array([w[b, :, p, p - m[b] + 1].mean(0).numpy() for w in weights])
    return previous, induction


def train_induction(
    layers: int = 2,
    heads: int = 2,
    dim: int = 64,
    vocab_size: int = 64,
    length: int = 24,
    steps: int = 3000,
    batch_size: int = 64,
    lr: float = 3e-3,
    seed: int = 0,
    every: int = 50,
    positions: str = "learned",
) -> tuple[TransformerNet, list[tuple[int, float, float]]]:
    """Train an attention-only Transformer (no MLP) on :func:`repeated_sequences` by plain next-token prediction.

    Nothing tells it that the second half repeats the first; it finds out. Returns the network and, every
    ``every`` steps, ``(step, loss on the first copy, loss on the second copy)`` on held-out sequences.
    About two minutes on one CPU thread with the defaults: the experiment ``induction`` runs it, and notebook 10
    loads the trained network (seconds for a small setting)."""
    net = TransformerNet(vocab_size, dim, heads, layers, 2 * length, positions=positions, mlp=False, seed=seed)
    held_out = repeated_sequences(256, length, vocab_size, seed=seed + 10_000)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    curve = [(0, *repeat_losses(net, held_out))]
    for step in range(1, steps + 1):
        net.train()
        batch, _ = repeated_sequences(batch_size, length, vocab_size, seed=seed * 1_000_003 + step)
        logits, _ = net(batch[:-1])
        loss = cross_entropy(logits, batch[1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            curve.append((step, *repeat_losses(net, held_out)))
    return net.eval(), curve


# ---------------------------------------------------------------- checkpoints


def save_lm(model: TransformerLM, path, half: bool = False) -> str:
    """Save a fitted :class:`TransformerLM` (hyper-parameters, vocabulary, weights) to ``path``; returns its SHA-256.

    ``half=True`` stores the weights in float16 (the copy in the course's ``data/`` folder, notebook 10);
    :func:`load_lm` turns them back into float32. Perplexity moves in the fourth significant digit."""
    import hashlib
    from pathlib import Path

    model._check_fitted()
    config = {
        "dim": model.dim,
        "heads": model.heads,
        "layers": model.layers,
        "context": model.context,
        "positions": model.positions,
        "stride": model.stride,
        "words": model.vocab_.itos,
    }
    net = model.net_
    tied = net.head.weight is net.embed.weight  # one matrix: stored once (load_lm ties it again)
    state = {
        k: (v.half() if half and v.is_floating_point() else v)
        for k, v in net.state_dict().items()
        if not (tied and k == "head.weight")
    }
    path = Path(path)
    torch.save({"config": config, "state": state}, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_lm(path, sha256: str | None = None) -> TransformerLM:
    """A fitted :class:`TransformerLM` from a :func:`save_lm` file (refused if ``sha256`` is given and differs)."""
    import hashlib
    from pathlib import Path

    from .text import Vocab

    path = Path(path)
    if sha256 is not None and hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise ValueError(f"{path.name}: SHA-256 differs from the expected one; the file is corrupted or another model")
    saved = torch.load(path, map_location="cpu", weights_only=True)
    c = saved["config"]
    model = TransformerLM(
        dim=c["dim"], heads=c["heads"], layers=c["layers"], context=c["context"], positions=c["positions"],
        stride=c["stride"],
    )  # fmt: skip
    model.vocab_ = Vocab(c["words"])
    model.net_ = model._network(len(model.vocab_))
    state = {k: v.float() if v.is_floating_point() else v for k, v in saved["state"].items()}
    missing, unexpected = model.net_.load_state_dict(state, strict=False)
    if unexpected or set(missing) - {"head.weight"}:  # the tied output matrix is the embedding, stored once
        raise ValueError(f"{path.name} does not fit this model: missing {missing}, unexpected {unexpected}")
    model.net_.eval()
    return model


def save_net(net: TransformerNet, path) -> str:
    """Save a :class:`TransformerNet` (its settings and float32 weights) to ``path``; returns the file's SHA-256."""
    import hashlib
    from pathlib import Path

    path = Path(path)
    torch.save({"settings": net.settings, "state": net.state_dict()}, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_net(path) -> TransformerNet:
    """A :class:`TransformerNet` from a :func:`save_net` file, in eval mode."""
    saved = torch.load(path, map_location="cpu", weights_only=True)
    net = TransformerNet(**saved["settings"])
    net.load_state_dict(saved["state"])
    return net.eval()
