"""The one training loop of the course's neural language models (notebooks 03, 05 and 09).

:func:`fit` trains any ``torch.nn.Module`` from three parts that say what is particular to a model:

- a **batch source** (:class:`ShuffledBatches` for fixed-size examples such as the NNLM's contexts,
  :class:`StreamBatches` for a token stream read in order by a recurrent model, :class:`SentenceBatches`
  for whole sentences such as ELMo's), which yields one epoch's batches, says how many targets a batch
  predicts, and splits a batch between processes under ``torchrun``;
- a **loss** ``loss(net, batch, state, reduction) -> (loss, state)``: the batch's cross-entropy (its mean,
  or its sum with ``reduction="sum"``) and the recurrent state to carry to the next batch (``None`` for a
  model without one); the loop detaches the state between batches (truncated backpropagation through
  time, notebook 05);
- a :class:`TrainConfig`: optimiser, learning rate and its schedule, gradient clipping, early stopping with
  the best weights restored, seed, device, progress bar.

Everything else is shared: seeding (the caller's random state is left as it was), the progress bar
(``tqdm.auto``), validation after every epoch, the :class:`History` of the run, and data parallelism
(:mod:`course_utils.tools.distributed`): each process computes its share of every batch, scaled so that
DDP's gradient average is exactly the gradient of the whole batch's mean loss.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

import torch
from torch import nn

from . import checks
from .checks import TrainingDivergedError
from .tools import distributed as D
from .tools.distributed import default_device

#: ``loss(net, batch, state, reduction) -> (loss, new_state)``; see the module docstring
LossFn = Callable[[nn.Module, Any, Any, str], tuple[torch.Tensor, Any]]


@dataclass
class TrainConfig:
    """How to train: every setting of :func:`fit`, with the course's defaults.

    ``lr_decay`` (e.g. 0.5) is Mikolov's schedule: after an epoch that does not improve validation, go
    back to the best weights and multiply the learning rate by it. With ``decay_after=k`` the schedule is
    fixed instead (Zaremba et al. 2014): the rate is scaled by ``lr_decay`` after every epoch from the k-th
    on. With ``min_improvement=m`` (e.g. 0.003) it is the RNNLM toolkit's rule (``trainNet``):
    train at the full rate until an epoch lowers the validation loss by less than the fraction m, then scale
    the rate by ``lr_decay`` after every epoch, and stop at the next epoch that improves by less than m; an
    epoch that makes validation worse is undone (the best weights come back). ``patience`` stops after that
    many epochs without improvement; ``clip`` caps the global gradient norm (notebook 05 explains why).
    ``warmup=k`` raises the rate linearly from lr/k to lr over the first k steps (Vaswani et al. 2017; a
    Transformer's first Adam steps are otherwise too large, notebook 10).
    """

    epochs: int = 10
    lr: float = 1e-3
    optimizer: str = "adam"
    weight_decay: float = 0.0
    clip: float | None = None
    patience: int | None = None
    lr_decay: float | None = None
    decay_after: int | None = None
    min_improvement: float | None = None
    warmup: int | None = None
    seed: int = 0
    device: str | torch.device | None = None
    quiet: bool = True
    desc: str = "training"

    def __post_init__(self) -> None:
        self.epochs = checks.integer(self.epochs, "epochs")
        checks.positive(self.lr, "the learning rate lr", example=1e-3 if self.optimizer == "adam" else 0.1)
        checks.choice(self.optimizer, "optimizer", ("adam", "sgd"))
        checks.positive(self.weight_decay, "weight_decay", zero=True)
        checks.positive(self.clip, "clip (a gradient norm)", example=1.0, optional=True)
        self.patience = checks.integer(self.patience, "patience (epochs without improvement)", optional=True)
        if self.lr_decay is not None:
            checks.between(self.lr_decay, "lr_decay", 0, 1, low_in=False, high_in=False)
        if self.decay_after is not None:
            if self.lr_decay is None:
                raise ValueError("decay_after needs lr_decay (e.g. lr_decay=0.5): the factor to scale the rate by")
            self.decay_after = checks.integer(self.decay_after, "decay_after (the first epoch after which to decay)")
        if self.min_improvement is not None:
            checks.between(self.min_improvement, "min_improvement (a fraction of the loss)", 0, 1, high_in=False)
            if self.lr_decay is None or self.decay_after is not None:
                raise ValueError(
                    "min_improvement is the RNNLM toolkit's halving rule: it needs lr_decay (e.g. lr_decay=0.5) "
                    "and no decay_after (a fixed schedule)"
                )
        self.warmup = checks.integer(self.warmup, "warmup (steps)", optional=True)
        self.seed = checks.seed(self.seed)
        checks.device(self.device)


def train_config(defaults: dict[str, Any], settings: dict[str, Any], model: str) -> TrainConfig:
    """A model's :class:`TrainConfig`: its own ``defaults`` for the loop, overridden by the user's ``settings``.

    Models take the loop's settings as keyword arguments (``NeuralLM(3, epochs=2, lr=3e-3)``) without
    declaring each again: they pass them here, the one place they are checked.
    """
    known = [f.name for f in fields(TrainConfig)]
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise ValueError(
            f"{model} got unknown setting(s) {', '.join(unknown)}; besides its own hyper-parameters it takes "
            f"the training loop's: {', '.join(known)}"
        )
    return TrainConfig(**{**defaults, **settings})


@dataclass
class History:
    """What training measured, one entry per epoch: the one log type of every trained model (``history_``),
    from :func:`fit` and from the hand-written SGD of word2vec and GloVe (notebooks 06 and 08)."""

    train_loss: list[float] = field(default_factory=list)  # mean cross-entropy (nats) per predicted token
    valid_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # learning rate for the next epoch (with validation)
    best_epoch: int = 0  # 1-based epoch whose weights were kept
    stopped_early: bool = False
    seconds: float = 0.0  # wall time of the whole run
    examples: list[int] = field(default_factory=list)  # training examples (word2vec) or entries (GloVe) per epoch
    curve: list[tuple[int, float]] = field(default_factory=list)  # (examples seen, mean loss) within epochs
    words: int = 0  # corpus tokens read, over all epochs (word2vec)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else float("nan")

    @property
    def train_ppl(self) -> list[float]:
        return [checks.exp_or_inf(x) for x in self.train_loss]

    @property
    def valid_ppl(self) -> list[float]:
        return [checks.exp_or_inf(x) for x in self.valid_loss]


# ---------------------------------------------------------------- batch sources


class BatchSource(Protocol):
    """What :func:`fit` needs from the data: one epoch's batches, their sizes and each process's share."""

    def __len__(self) -> int: ...  # batches per epoch

    def epoch(self, generator: torch.Generator) -> Iterator[Any]: ...

    def size(self, batch: Any) -> int: ...  # predicted tokens in the batch (the mean's denominator)

    def share(self, batch: Any) -> Any: ...  # this process's part under torchrun


class ShuffledBatches:
    """Mini-batches of ``(inputs, targets)`` rows, reshuffled every epoch (no DataLoader: no worker processes)."""

    def __init__(self, inputs: torch.Tensor, targets: torch.Tensor, batch_size: int):
        if len(inputs) == 0 or len(inputs) != len(targets):
            raise ValueError(f"need as many targets as inputs, and at least one: got {len(inputs)} and {len(targets)}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
        self.inputs, self.targets, self.batch_size = inputs, targets, batch_size

    def __len__(self) -> int:
        return math.ceil(len(self.inputs) / self.batch_size)

    def epoch(self, generator: torch.Generator) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        order = torch.randperm(len(self.inputs), generator=generator)
        for start in range(0, len(self.inputs), self.batch_size):
            idx = order[start : start + self.batch_size]
            yield self.inputs[idx], self.targets[idx]

    def size(self, batch: tuple[torch.Tensor, torch.Tensor]) -> int:
        return len(batch[1])

    def share(self, batch: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        return D.share(batch[0]), D.share(batch[1])


def lm_batches(stream: torch.Tensor, batch_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut a stream into ``batch_size`` contiguous columns: inputs and next-token targets, each (T, B).

    Column b holds the b-th slice of the stream, so the state at the end of one batch is the right
    start for the next batch of the same column. Up to ``batch_size − 1`` tokens at the end are dropped.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
    steps = (len(stream) - 1) // batch_size  # every input needs a next token
    if steps < 1:
        raise ValueError(f"a stream of {len(stream)} tokens is too short for {batch_size} columns")
    x = stream[: steps * batch_size].view(batch_size, steps).t().contiguous()
    y = stream[1 : steps * batch_size + 1].view(batch_size, steps).t().contiguous()
    return x, y


class StreamBatches:
    """A token stream in ``batch_size`` columns, read ``bptt`` steps at a time in order (notebook 05).

    Batches are ``(inputs, targets)`` of shape (≤ bptt, batch_size); a recurrent model's loss carries its
    state from one to the next, so gradients flow back at most ``bptt`` steps (truncated BPTT).
    """

    def __init__(self, stream: torch.Tensor, batch_size: int, bptt: int):
        if isinstance(bptt, bool) or not isinstance(bptt, int) or bptt < 1:
            raise ValueError(f"bptt must be an integer >= 1 (steps per batch), got {bptt!r}")
        self.x, self.y = lm_batches(stream, batch_size)
        self.bptt = bptt

    def __len__(self) -> int:
        return math.ceil(len(self.x) / self.bptt)

    def epoch(self, generator: torch.Generator) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for start in range(0, len(self.x), self.bptt):
            yield self.x[start : start + self.bptt], self.y[start : start + self.bptt]

    def size(self, batch: tuple[torch.Tensor, torch.Tensor]) -> int:
        return batch[1].numel()

    def share(self, batch: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        return D.share(batch[0], dim=1), D.share(batch[1], dim=1)  # this process's columns


class SentenceBatches:
    """Sentences in batches of similar length (little padding), the batches in a new order every epoch.

    Each sentence predicts its words and one boundary token, so a batch's size is ``sum(len(s) + 1)``.
    """

    def __init__(self, sentences: Sequence[Sequence[str]], batch_size: int):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))  # length buckets
        self.sentences = sentences
        self.batches = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]

    def __len__(self) -> int:
        return len(self.batches)

    def epoch(self, generator: torch.Generator) -> Iterator[list[Sequence[str]]]:
        for k in torch.randperm(len(self.batches), generator=generator).tolist():
            yield [self.sentences[i] for i in self.batches[k]]

    def size(self, batch: list[Sequence[str]]) -> int:
        return sum(len(s) + 1 for s in batch)

    def share(self, batch: list[Sequence[str]]) -> list[Sequence[str]]:
        return D.share(batch)


# ---------------------------------------------------------------- the loop


class _BestKeeper:
    """End-of-epoch bookkeeping: validation, the best weights, early stopping, the learning-rate schedule."""

    def __init__(self, model: nn.Module, opt: torch.optim.Optimizer, config: TrainConfig):
        self.model, self.opt, self.config = model, opt, config
        self.history = History()
        self.best, self.best_state, self.waited = math.inf, None, 0
        self.halving = False  # min_improvement's rule: lowering the rate yet

    def _scale_lr(self) -> None:
        for group in self.opt.param_groups:
            group["lr"] *= self.config.lr_decay

    def end_epoch(self, epoch: int, valid: float | None) -> bool:
        """Record one epoch's validation loss (None without validation); returns True to stop training."""
        c = self.config
        if c.decay_after is not None and epoch >= c.decay_after:
            self._scale_lr()
        if valid is None:
            self.history.best_epoch = epoch
            return False
        self.history.valid_loss.append(valid)
        if c.min_improvement is not None:
            return self._halving_rule(epoch, valid)
        if valid < self.best:
            self.best, self.waited, self.history.best_epoch = valid, 0, epoch
            self.best_state = copy.deepcopy(self.model.state_dict())
        else:
            self.waited += 1
            if c.patience is not None and self.waited >= c.patience:
                self.history.stopped_early = True
                return True
            if c.lr_decay is not None and c.decay_after is None and self.best_state is not None:
                self.model.load_state_dict(self.best_state)
                self._scale_lr()
        self.history.lr.append(self.opt.param_groups[0]["lr"])
        return False

    def _halving_rule(self, epoch: int, valid: float) -> bool:
        """Mikolov's schedule (``min_improvement``): halve once progress is small, stop when it is small again."""
        small = valid > self.best * (1 - self.config.min_improvement)  # gained less than the fraction on the best
        if valid < self.best:
            self.best, self.history.best_epoch = valid, epoch
            self.best_state = copy.deepcopy(self.model.state_dict())
        elif self.best_state is not None:  # a worse epoch is undone, as the toolkit's restoreWeights does
            self.model.load_state_dict(self.best_state)
        if small and self.halving:
            self.history.stopped_early = epoch < self.config.epochs
            return True
        self.halving = self.halving or small
        if self.halving:
            self._scale_lr()
        self.history.lr.append(self.opt.param_groups[0]["lr"])
        return False

    def finish(self) -> History:
        """Restore the best weights (if validation was used) and return the history."""
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)
        return self.history


def detach_state(state: Any) -> Any:
    """A recurrent state cut from the graph of the batch that made it (None, a tensor or a tuple of them)."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def fit(
    model: nn.Module,
    batches: BatchSource,
    loss: LossFn,
    config: TrainConfig,
    valid: Callable[[nn.Module], float] | None = None,
) -> History:
    """Train ``model`` on ``batches`` to minimise ``loss``; returns the :class:`History`.

    ``valid(model)`` (optional) gives the mean validation loss after every epoch; with it, the weights of
    the best epoch are restored at the end, and ``config.patience`` and ``config.lr_decay`` act on it.
    Seeded by ``config.seed``: the batch order comes from its own generator and dropout masks from the
    global generator, forked so that the caller's random state is left as it was.
    """
    if len(batches) == 0:
        raise ValueError("there is nothing to train on: the batch source is empty")
    device = torch.device(config.device) if config.device is not None else default_device()
    model.to(device)
    net = D.wrap(model)  # DistributedDataParallel under torchrun, else the model itself
    opt_cls = torch.optim.Adam if config.optimizer == "adam" else torch.optim.SGD
    opt = opt_cls(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    generator = torch.Generator().manual_seed(config.seed)
    keeper = _BestKeeper(model, opt, config)
    history = keeper.history
    start_time = time.perf_counter()
    last_good = copy.deepcopy(model.state_dict())  # the weights to restore if the first epochs diverge
    steps_done = 0

    from tqdm.auto import tqdm

    bar = tqdm(total=config.epochs * len(batches), desc=config.desc, disable=config.quiet, leave=False)
    with torch.random.fork_rng(devices=[]), bar:
        torch.manual_seed(config.seed)  # dropout masks, without touching the caller's random state
        for epoch in range(1, config.epochs + 1):
            model.train()
            total, n_total, state = 0.0, 0, None
            for step, batch in enumerate(batches.epoch(generator), 1):
                n_batch = batches.size(batch)
                if D.world_size() == 1:
                    mean, state = loss(model, _to(batch, device), detach_state(state), "mean")
                    part = mean.item() * n_batch
                    if not checks.sane_loss(mean.item()):  # per batch: stop before NaN spreads into every weight
                        _diverged(
                            keeper, last_good, config, mean.item(), f"epoch {epoch}, batch {step} of {len(batches)}"
                        )
                else:  # this process's share, weighted as its part of the whole batch's mean
                    mine = batches.share(batch)
                    n_mine = batches.size(mine)
                    summed, state = loss(net, _to(mine, device), detach_state(state), "sum")
                    mean = summed * D.share_scale(n_mine, n_batch)
                    part = summed.item() / (D.world_size() if n_mine == n_batch else 1)
                opt.zero_grad(set_to_none=True)
                mean.backward()
                if config.clip is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), config.clip)
                _step(opt, config.warmup, steps_done)
                steps_done += 1
                total, n_total = total + part, n_total + n_batch
                bar.update()
            epoch_loss = D.total(total) / n_total  # the same on every process, so all of them stop together
            valid_loss = None if valid is None else D.broadcast(valid(model))
            for value in (epoch_loss, valid_loss):
                if value is not None and not checks.sane_loss(value):
                    _diverged(keeper, last_good, config, value, f"epoch {epoch}")
            history.train_loss.append(epoch_loss)
            last_good = copy.deepcopy(model.state_dict())
            if valid_loss is not None:
                bar.set_postfix(valid_ppl=f"{checks.exp_or_inf(valid_loss):.1f}")
            if keeper.end_epoch(epoch, valid_loss):
                break
    model.eval()
    history = keeper.finish()
    history.seconds = time.perf_counter() - start_time
    return history


def _step(opt: torch.optim.Optimizer, warmup: int | None, done: int) -> None:
    """One optimiser step; during the first ``warmup`` steps at the fraction (done + 1) / warmup of the rate."""
    if warmup is None or done >= warmup:
        opt.step()
        return
    rates = [group["lr"] for group in opt.param_groups]
    for group in opt.param_groups:
        group["lr"] *= (done + 1) / warmup
    opt.step()
    for group, rate in zip(opt.param_groups, rates, strict=True):
        group["lr"] = rate


def _diverged(keeper: _BestKeeper, last_good: dict, config: TrainConfig, value: float, where: str) -> None:
    """Stop a diverged run: restore the best weights (or the last finite epoch's) and raise the error that says why."""
    model = keeper.model
    if keeper.best_state is not None:
        model.load_state_dict(keeper.best_state)
        kept = f"the weights of epoch {keeper.history.best_epoch} (the best on validation) are restored"
    else:
        model.load_state_dict(last_good)
        done = len(keeper.history.train_loss)
        kept = f"the weights after epoch {done} are restored" if done else "the initial weights are restored"
    model.eval()
    smaller = f"{config.lr / 10:g}"
    fixes = f"lower the learning rate (lr={config.lr:g}; try lr={smaller})"
    if config.clip is None:
        fixes += " or clip the gradient norm (e.g. clip=1.0)"
    raise TrainingDivergedError(
        f"training diverged in {where}: the loss became {value:.4g} nats per token, so training stopped and "
        f"{kept}. The usual cause is a step that is too large: {fixes}.",
        keeper.finish(),
    )


def _to(batch: Any, device: torch.device) -> Any:
    """A batch's tensors on ``device`` (sentences, lists of str, stay as they are)."""
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, tuple):
        return tuple(_to(b, device) for b in batch)
    return batch


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor, reduction: str = "mean") -> torch.Tensor:
    """Cross-entropy of logits ``(..., |V|)`` against target ids ``(...)``, flattened over the leading dims."""
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction=reduction)


# ---------------------------------------------------------------- validation losses


@torch.no_grad()
def mean_loss(model: nn.Module, inputs: torch.Tensor, targets: torch.Tensor, batch_size: int = 512) -> float:
    """Mean cross-entropy (nats) of a model that maps inputs to logits, in evaluation mode, in float64 sums."""
    if len(inputs) == 0:
        raise ValueError("cannot evaluate on an empty dataset")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total = 0.0
    for start in range(0, len(inputs), batch_size):
        x = inputs[start : start + batch_size].to(device)
        y = targets[start : start + batch_size].to(device)
        total += nn.functional.cross_entropy(model(x), y, reduction="sum").double().item()
    model.train(was_training)
    return total / len(inputs)


@torch.no_grad()
def stream_loss(model: nn.Module, stream: torch.Tensor, bptt: int = 35, batch_size: int = 1) -> float:
    """Mean cross-entropy (nats) of a recurrent model over a token stream, state carried throughout.

    With ``batch_size=1`` every token after the first is scored once, in order (as Mikolov's RNNLM
    does). ``model(ids, state)`` returns (logits, state).
    """
    x, y = lm_batches(stream, batch_size)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total, state = 0.0, None
    for start in range(0, len(x), bptt):
        logits, state = model(x[start : start + bptt].to(device), state)
        total += cross_entropy(logits, y[start : start + bptt].to(device), "sum").double().item()
    model.train(was_training)
    return total / y.numel()
