"""word2vec: CBOW and skip-gram, with negative sampling or a full softmax (notebook 06).

Mikolov et al. (2013a, b), as the reading notes describe it and as the original C tool and gensim
implement it:

* **data** (eqs. 6.1-6.2): frequent words are subsampled with word2vec's keep probability
  ``(sqrt(f / (s T)) + 1) (s T) / f``; each centre word gets a *dynamic* window ``b ~ U{1..window}``;
  skip-gram trains on (centre, context) pairs, CBOW on (mean of the contexts, centre) examples. The
  examples of an epoch are built with numpy array operations, not a Python loop per word.
* **models**: an input matrix ``W`` (the word vectors) and an output matrix ``W'``. Skip-gram predicts
  each context word from the centre's vector; CBOW predicts the centre from the mean of the context
  vectors (eq. 6.3). The prediction is either a softmax over the vocabulary (eq. 6.4) or negative
  sampling (eq. 6.5): a logistic loss for the true word against ``negative`` words drawn from the
  unigram distribution raised to ``ns_exponent`` (0.75).
* **training**: plain SGD with the learning rate falling linearly from ``lr`` to ``min_lr`` over the run,
  on mini-batches of examples, with the gradients written by hand and applied as sparse row updates
  (``index_add_``), so an update touches only the rows of the words in the batch. Seeded and
  device-agnostic.

:class:`Word2Vec` follows scikit-learn's habits: hyper-parameters in ``__init__``, ``fit(sentences)``,
and the result in ``wv_`` (a :class:`course_utils.embeddings.WordVectors`).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from . import checks
from .embeddings import WordVectors
from .text import check_sentences, indexed_corpus
from .tools.distributed import default_device
from .training import History

# ---------------------------------------------------------------- data


def keep_probabilities(counts: np.ndarray, sample: float) -> np.ndarray:
    """word2vec's subsampling, eq. (6.1): keep a word of count f with ``(sqrt(f/(sT)) + 1) (sT)/f``, at most 1.

    T is the corpus size and ``sample`` the threshold s (1e-3 in gensim): words rarer than about s·T
    are always kept, the most frequent ones mostly dropped. ``sample=0`` keeps everything.
    """
    counts = np.asarray(counts, dtype=np.float64)
    checks.positive(sample, "sample (the subsampling threshold)", zero=True, example=1e-3)
    if sample == 0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    with np.errstate(divide="ignore"):
        p = (np.sqrt(counts / threshold) + 1) * threshold / counts
    return np.minimum(np.nan_to_num(p, nan=1.0, posinf=1.0), 1.0)


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """The negative-sampling distribution, eq. (6.5): ``count^power``, normalised (power 0 = uniform)."""
    checks.finite(power, "power")
    w = np.asarray(counts, dtype=np.float64) ** power
    if not w.sum() > 0:
        raise ValueError("need at least one word with a positive count")
    return w / w.sum()


def noise_table(counts: np.ndarray, power: float, rng: np.random.Generator, size: int = 1_000_000) -> torch.Tensor:
    """word2vec's unigram table: word ids in proportion to count^power, so a uniform index draws from eq. (6.5)."""
    p = noise_distribution(counts, power)
    table = np.repeat(np.arange(len(p)), np.floor(p * size).astype(np.int64))
    rest = size - len(table)  # the rounding remainder, drawn from the same distribution
    table = np.concatenate([table, rng.choice(len(p), size=rest, p=p)]) if rest > 0 else table
    return torch.from_numpy(table.astype(np.int64))


def _windows(n: int, window: int, rng: np.random.Generator) -> np.ndarray:
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    return rng.integers(1, window + 1, size=n)  # dynamic window: nearer words are used more often


def _offset_pairs(sentence: np.ndarray, b: np.ndarray, window: int):
    """For each offset o = ±1..±window: the positions i whose word at i + o is in i's window and sentence.

    Yields ``(o, lo, ok)``: ``ok[k]`` says whether position ``lo + k`` pairs with ``lo + k + o``. Slices, not
    index arrays, so each offset costs a few passes over contiguous memory.
    """
    n = len(sentence)
    for offset in range(1, min(window, n - 1) + 1):  # no pair is further apart than the corpus is long
        for o in (-offset, offset):
            lo, hi = max(0, -o), n - max(0, o)
            ok = (b[lo:hi] >= offset) & (sentence[lo:hi] == sentence[lo + o : hi + o])
            yield o, lo, ok


def skipgram_pairs(
    ids: np.ndarray, sentence: np.ndarray, window: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(centre, context) pairs, eq. (6.2): every word with the words within its dynamic window.

    ``ids`` is the (subsampled) corpus as one array and ``sentence`` the sentence number of each token;
    pairs never cross a sentence boundary. One array operation per offset, none per word.
    """
    b = _windows(len(ids), window, rng)
    centres, contexts = [], []
    for o, lo, ok in _offset_pairs(sentence, b, window):
        centres.append(ids[lo : lo + len(ok)][ok])
        contexts.append(ids[lo + o : lo + o + len(ok)][ok])
    if not centres:  # a corpus of at most one token has no pairs
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(centres), np.concatenate(contexts)


def cbow_examples(
    ids: np.ndarray, sentence: np.ndarray, window: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """CBOW examples: for each word with at least one context word, its contexts and itself.

    Returns ``(contexts (N, 2·window) padded with -1, centres (N,))``.
    """
    b = _windows(len(ids), window, rng)
    n = len(ids)
    ctx = np.full((2 * window, n), -1, dtype=np.int64)  # one contiguous row per offset, transposed at the end
    for col, (o, lo, ok) in enumerate(_offset_pairs(sentence, b, window)):
        ctx[col, lo : lo + len(ok)] = np.where(ok, ids[lo + o : lo + o + len(ok)], -1)
    has = (ctx >= 0).any(axis=0)
    return np.ascontiguousarray(ctx[:, has].T), ids[has]


# ---------------------------------------------------------------- losses and gradients


def one_word_scores(W: np.ndarray, W_out: np.ndarray, word: int) -> tuple[np.ndarray, np.ndarray]:
    """The notes' simple CBOW (one context word, one target), eq. (6.3) with C = 1.

    ``h = Wᵀ x`` for the one-hot ``x`` of ``word`` — simply row ``word`` of W (|V| x d) — and the output
    scores ``y = W'ᵀ h`` with W' of shape d x |V|: score j is h · (column j of W'). Returns ``(h, y)``.
    """
    x = np.zeros(W.shape[0])
    x[word] = 1.0
    h = W.T @ x
    return h, W_out.T @ h


def ns_loss_and_grads(
    h: torch.Tensor, out_vectors: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Negative sampling, eq. (6.5): ``Σ_j w_j · [−log σ(u_j·h)]`` for true words, ``[−log σ(−u_j·h)]`` for noise.

    ``h`` (B, d) are the hidden vectors (a centre word's input vector for skip-gram, the mean of the
    context vectors for CBOW); ``out_vectors`` (B, J, d) the output vectors of the true word(s) and the
    noise words; ``labels`` (B, J) is 1 for a true word and 0 for a noise word; ``weights`` (B, J) weight each
    term (0 for padding). Returns the weighted loss sum and its gradients with respect to ``h`` and
    ``out_vectors`` (eq. 6.8): with ``e_j = w_j (σ(u_j·h) − label_j)``, ``∂/∂h = Σ_j e_j u_j``, ``∂/∂u_j = e_j h``.
    """
    # h as a (1, d) row times (d, J): this bmm is several times faster on a CPU than (J, d) times a column
    scores = torch.bmm(h.unsqueeze(1), out_vectors.transpose(1, 2)).squeeze(1)  # (B, J)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(scores, labels, weight=weights, reduction="sum")
    e = weights * (torch.sigmoid(scores) - labels)
    grad_h = torch.bmm(e.unsqueeze(1), out_vectors).squeeze(1)
    grad_out = e.unsqueeze(2) * h.unsqueeze(1)
    return loss, grad_h, grad_out


def softmax_loss_and_grads(
    h: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor, out_matrix: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Full softmax, eq. (6.4): ``Σ_j −log softmax(W' h)[target_j]`` over each row's (unmasked) targets.

    ``targets`` (B, P) are word ids (any value where ``mask`` is 0). Returns the loss and the gradients with
    respect to ``h`` (B, d) and the whole output matrix (|V|, d): with ``e = n·softmax − Σ_j onehot(target_j)``
    (n the number of targets), ``∂/∂h = e W'`` and ``∂/∂W' = eᵀ h`` (eq. 4.11 of notebook 04).
    """
    logp = torch.log_softmax(h @ out_matrix.T, dim=1)
    t = targets.clamp(min=0)
    loss = -(logp.gather(1, t) * mask).sum()
    e = mask.sum(1, keepdim=True) * logp.exp()
    e.scatter_add_(1, t, -mask)
    return loss, e @ out_matrix, e.T @ h


# ---------------------------------------------------------------- the model


class Word2Vec:
    """CBOW or skip-gram word vectors, trained with negative sampling or a full softmax (notebook 06).

    ``architecture`` is ``"skipgram"`` or ``"cbow"``; ``objective`` ``"negative"`` (with ``negative`` noise
    words per example drawn from unigram^``ns_exponent``) or ``"softmax"`` (small vocabularies only).
    ``dim``, ``window`` (the maximum of the dynamic window), ``min_count``, ``sample`` (subsampling), ``epochs``,
    ``lr`` → ``min_lr`` (linear decay), ``batch_size`` (examples per update), ``seed``, ``device``, ``quiet``.
    Defaults follow gensim's (dim 100, window 5, negative 5, sample 1e-3, lr 0.025, min_count 5), except
    that CBOW's default learning rate is 0.05 as in the original C tool.
    """

    def __init__(
        self,
        architecture: str = "skipgram",
        *,
        objective: str = "negative",
        dim: int = 100,
        window: int = 5,
        negative: int = 5,
        ns_exponent: float = 0.75,
        min_count: int = 5,
        sample: float = 1e-3,
        epochs: int = 5,
        lr: float | None = None,
        min_lr: float = 1e-4,
        batch_size: int = 1024,
        seed: int = 0,
        device: str | None = None,
        quiet: bool = True,
    ):
        checks.choice(architecture, "architecture", ("skipgram", "cbow"))
        checks.choice(objective, "objective", ("negative", "softmax"))
        sizes = {"dim": dim, "window": window, "epochs": epochs, "batch_size": batch_size, "min_count": min_count}
        for name, value in sizes.items():
            checks.integer(value, name)
        checks.integer(negative, "negative (noise words per example)", minimum=1 if objective == "negative" else 0)
        checks.between(ns_exponent, "ns_exponent (the noise distribution's power; word2vec uses 0.75)", -2, 2)
        checks.positive(sample, "sample (the subsampling threshold; 0 keeps every word)", zero=True, example=1e-3)
        checks.positive(lr, "the learning rate lr", example=0.025, optional=True)
        checks.positive(min_lr, "min_lr", zero=True, example=1e-4)
        start_lr = lr if lr is not None else (0.05 if architecture == "cbow" else 0.025)
        if min_lr > start_lr:
            raise ValueError(f"min_lr ({min_lr}) must not exceed the starting learning rate lr ({start_lr})")
        seed = checks.seed(seed)
        checks.device(device)
        self.architecture, self.objective = architecture, objective
        self.dim, self.window, self.negative, self.ns_exponent = dim, window, negative, ns_exponent
        self.min_count, self.sample, self.epochs = min_count, sample, epochs
        self.lr = lr if lr is not None else (0.05 if architecture == "cbow" else 0.025)
        self.min_lr, self.batch_size, self.seed, self.device, self.quiet = min_lr, batch_size, seed, device, quiet

    # -- vocabulary and corpus
    def _build(self, sentences: list[list[str]]):
        # a Vocab without specials: row i of W is word i, "<unk>" is an ordinary word (text.indexed_corpus)
        self.vocab_, ids, sent = indexed_corpus(sentences, self.min_count, checked=True)
        self.words_, self.counts_ = self.vocab_.itos, self.vocab_.count_array()
        known = ids >= 0  # words below min_count are dropped before the windows are taken, as in word2vec
        return ids[known], sent[known], len(ids)

    def _examples(self, ids, sent, rng):
        keep = rng.random(len(ids)) < self.keep_[ids]
        make = skipgram_pairs if self.architecture == "skipgram" else cbow_examples
        x, y = make(ids[keep], sent[keep], self.window, rng)
        order = rng.permutation(len(y))
        return torch.from_numpy(x[order]), torch.from_numpy(y[order])

    def fit(self, sentences: Iterable[Sequence[str]]):
        """Train on tokenised sentences; returns ``self`` with ``wv_`` (the input vectors) and ``history_``.

        Also ``vocab_`` (a :class:`course_utils.text.Vocab` without special tokens), its ``words_`` and ``counts_``.
        """
        sentences = check_sentences(sentences, "training corpus")
        ids, sent, n_tokens = self._build(sentences)
        V, d = len(self.words_), self.dim
        device = torch.device(self.device) if self.device else default_device()
        rng = np.random.default_rng(self.seed)
        g = torch.Generator().manual_seed(self.seed)
        # word2vec's initialisation: input vectors uniform in ±0.5/d, output vectors zero
        self.W_ = ((torch.rand(V, d, generator=g) - 0.5) / d).to(device)
        self.W_out_ = torch.zeros(V, d, device=device)
        self.keep_ = keep_probabilities(self.counts_, self.sample)
        noise = noise_table(self.counts_, self.ns_exponent, rng)
        self.history_ = History()
        # the learning rate falls linearly with the share of the corpus processed, as in word2vec
        total_steps, done = None, 0
        from tqdm.auto import tqdm

        start = time.perf_counter()
        with tqdm(total=self.epochs, desc=f"word2vec {self.architecture}", disable=self.quiet, leave=False) as bar:
            for epoch in range(1, self.epochs + 1):
                x, y = self._examples(ids, sent, rng)
                steps = math.ceil(len(y) / self.batch_size)
                total_steps = total_steps or steps * self.epochs
                loss_sum, part_sum, part_n = 0.0, 0.0, 0
                every = max(1, total_steps // 20)
                good = (self.W_.clone(), self.W_out_.clone())  # restored if this epoch diverges
                for s in range(0, len(y), self.batch_size):
                    lr = self.lr - (self.lr - self.min_lr) * done / total_steps
                    xb, yb = x[s : s + self.batch_size].to(device), y[s : s + self.batch_size].to(device)
                    step_loss = self._step(xb, yb, lr, noise, g, device)
                    if not checks.sane_loss(step_loss / len(yb)):
                        self._diverged(good, epoch, step_loss / len(yb), n_tokens)
                    loss_sum, part_sum, part_n = loss_sum + step_loss, part_sum + step_loss, part_n + len(yb)
                    done += 1
                    if done % every == 0:
                        seen = (self.history_.curve[-1][0] if self.history_.curve else 0) + part_n
                        self.history_.curve.append((seen, part_sum / part_n))
                        part_sum, part_n = 0.0, 0
                # an epoch without examples measured no loss: NaN, not a reassuring 0.0
                self.history_.train_loss.append(loss_sum / len(y) if len(y) else math.nan)
                self.history_.examples.append(len(y))
                bar.update()
        self.history_.seconds = time.perf_counter() - start
        self.history_.words = n_tokens * self.epochs
        self._check_examples(n_tokens)
        self.wv_ = WordVectors(self.words_, self.W_.cpu().numpy())
        return self

    def _check_examples(self, n_tokens: int) -> None:
        """Refuse a run that trained on nothing; warn about one that trained on almost nothing."""
        examples = self.history_.examples
        fixes = ["give a larger corpus (sentences of at least two words)"]
        if self.min_count > 1:
            fixes.append(f"lower min_count (now {self.min_count})")
        if self.sample > 0:
            fixes.append(f"turn subsampling off with sample=0 (now {self.sample})")
        fixes = ", or ".join(fixes)
        if sum(examples) == 0:
            raise ValueError(
                f"word2vec found no training examples in a corpus of {n_tokens} tokens: every word needs a context "
                f"word within the window in its own sentence, after words seen fewer than min_count times and "
                f"subsampled words are dropped; {fixes}"
            )
        if min(examples) == 0 or sum(examples) < self.batch_size:
            warnings.warn(
                f"word2vec trained on very few examples ({', '.join(map(str, examples))} per epoch, from "
                f"{n_tokens} tokens): the vectors are close to their random start; {fixes}",
                stacklevel=3,
            )

    def _diverged(self, good: tuple[torch.Tensor, torch.Tensor], epoch: int, loss: float, n_tokens: int) -> None:
        self.W_, self.W_out_ = good
        self.history_.words = n_tokens * (epoch - 1)
        self.wv_ = WordVectors(self.words_, self.W_.cpu().numpy())
        start = "the initial vectors are" if epoch == 1 else f"the vectors after epoch {epoch - 1} are"
        raise checks.TrainingDivergedError(
            f"word2vec diverged in epoch {epoch}: the loss became {loss:.4g} nats per example, so training stopped "
            f"and {start} restored. The learning rate is too large: lower lr (now {self.lr:g}; word2vec uses "
            f"{0.05 if self.architecture == 'cbow' else 0.025})",
            self.history_,
        )

    def _step(self, x, y, lr: float, noise_table, g, device) -> float:
        """One SGD step on a batch of examples; returns the summed loss.

        Skip-gram: ``x`` are centre ids and ``y`` context ids (one pair per row). CBOW: ``x`` are the
        padded contexts (B, 2·window) and ``y`` the centres.
        """
        if self.architecture == "skipgram":  # the centre's vector predicts the context word
            h = self.W_.index_select(0, x)
        else:  # the mean of the context vectors predicts the centre (eq. 6.3)
            valid = x >= 0
            context = x[valid]  # the real context words, row by row (padding dropped)
            count = valid.sum(1)
            offsets = torch.cumsum(count, 0) - count
            h = torch.nn.functional.embedding_bag(context, self.W_, offsets, mode="mean")
        B = len(y)
        if self.objective == "negative":
            # K noise words of its own for every example, drawn from the unigram table
            draws = torch.randint(0, len(noise_table), (B * self.negative,), generator=g)
            negs = noise_table.index_select(0, draws).view(B, self.negative)
            out_ids = torch.cat([y.unsqueeze(1), negs.to(device)], 1)
            labels, weights = self._ns_labels(B, device)
            out_vectors = self.W_out_.index_select(0, out_ids.view(-1)).view(B, self.negative + 1, self.dim)
            loss, grad_h, grad_out = ns_loss_and_grads(h, out_vectors, labels, weights)
            # scale first, then index_add_ without alpha: its alpha path is about 3x slower on a CPU
            self.W_out_.index_add_(0, out_ids.view(-1), grad_out.mul_(-lr).view(-1, self.dim))
        else:
            ones = torch.ones(B, 1, device=device)
            loss, grad_h, grad_out = softmax_loss_and_grads(h, y.unsqueeze(1), ones, self.W_out_)
            self.W_out_.add_(grad_out, alpha=-lr)
        grad_h.mul_(-lr)
        if self.architecture == "skipgram":
            self.W_.index_add_(0, x, grad_h)
        else:  # as in word2vec.c and gensim (cbow_mean=1), every context word receives the mean's whole error
            self.W_.index_add_(0, context, grad_h.repeat_interleave(count, dim=0))
        return float(loss)

    def _ns_labels(self, batch: int, device) -> tuple[torch.Tensor, torch.Tensor]:
        """Labels (1 for the true word, then 0 for each noise word) and unit weights, cached per batch size."""
        key = (batch, str(device))
        if getattr(self, "_labels_cache", (None,))[0] != key:
            labels = torch.zeros(batch, self.negative + 1, device=device)
            labels[:, 0] = 1.0
            self._labels_cache = (key, labels, torch.ones_like(labels))
        return self._labels_cache[1], self._labels_cache[2]


# ---------------------------------------------------------------- the industrial peer


def train_gensim(
    sentences: Sequence[Sequence[str]],
    architecture: str,
    *,
    dim: int,
    window: int,
    negative: int,
    sample: float,
    min_count: int,
    epochs: int,
    threads: int = 1,
    seed: int = 0,
) -> tuple[WordVectors, float]:
    """gensim's Word2Vec with the same hyper-parameters as :class:`Word2Vec`; returns ``(vectors, seconds)``.

    The industrial peer of notebook 06: the learning rate is word2vec's (0.025 for skip-gram, 0.05 for CBOW,
    falling linearly), ``threads`` gensim workers. The seconds include building gensim's vocabulary.
    """
    if architecture not in ("skipgram", "cbow"):
        raise ValueError(f"architecture must be 'skipgram' or 'cbow', got {architecture!r}")
    from gensim.models import Word2Vec as GensimWord2Vec

    start = time.perf_counter()
    model = GensimWord2Vec(
        sentences,
        vector_size=dim,
        window=window,
        negative=negative,
        sample=sample,
        min_count=min_count,
        epochs=epochs,
        sg=int(architecture == "skipgram"),
        alpha=0.025 if architecture == "skipgram" else 0.05,
        workers=threads,
        seed=seed,
    )
    seconds = time.perf_counter() - start
    return WordVectors(model.wv.index_to_key, model.wv.vectors), seconds
