"""The training loops of the course (notebooks 03, 05, 06, 08, 09).

:func:`train` fits any ``torch.nn.Module`` that maps a batch of inputs to logits over classes with
cross-entropy: shuffled mini-batches from tensors (no DataLoader, so no worker processes on Windows),
Adam or SGD, optional gradient clipping, validation loss and perplexity after every epoch, early
stopping with the best weights kept in memory, a ``tqdm.auto`` progress bar (``quiet=True`` hides it),
and a :class:`History` for plotting. It is seeded and device-agnostic (CUDA when available).

:func:`train_lm` is its twin for recurrent language models: the text is one stream cut into parallel
columns, read in order, with the recurrent state carried from batch to batch and detached (truncated
backpropagation through time, notebook 05); :func:`lm_loss` scores a stream the same way.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import torch
from torch import nn


def default_device() -> torch.device:
    """CUDA if available, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class History:
    """What :func:`train` measured: one entry per epoch."""

    train_loss: list[float] = field(default_factory=list)  # mean cross-entropy (nats) over the epoch
    valid_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # learning rate for the next epoch (with validation)
    best_epoch: int = 0  # 1-based epoch whose weights were kept
    stopped_early: bool = False

    @property
    def train_ppl(self) -> list[float]:
        return [math.exp(x) for x in self.train_loss]

    @property
    def valid_ppl(self) -> list[float]:
        return [math.exp(x) for x in self.valid_loss]


class _BestKeeper:
    """End-of-epoch bookkeeping shared by :func:`train` and :func:`train_lm`.

    Records the validation loss, keeps a copy of the best weights, counts epochs without improvement
    (stopping after ``patience``), and on a plateau applies ``lr_decay``: back to the best weights with
    the learning rate scaled. With ``decay_after=k`` the schedule is fixed instead (Zaremba et al. 2014):
    the rate is scaled by ``lr_decay`` after every epoch from epoch k on.
    """

    def __init__(
        self,
        model: nn.Module,
        opt: torch.optim.Optimizer,
        patience: int | None,
        lr_decay: float | None,
        decay_after: int | None = None,
    ):
        if lr_decay is not None and not 0 < lr_decay < 1:
            raise ValueError(f"lr_decay must lie strictly between 0 and 1 (e.g. 0.5), got {lr_decay}")
        if decay_after is not None and (lr_decay is None or decay_after < 1):
            raise ValueError("decay_after needs lr_decay and must be >= 1 (the first epoch after which to decay)")
        self.model, self.opt, self.patience, self.lr_decay = model, opt, patience, lr_decay
        self.decay_after = decay_after
        self.history = History()
        self.best, self.best_state, self.waited = math.inf, None, 0

    def _scale_lr(self) -> None:
        for group in self.opt.param_groups:
            group["lr"] *= self.lr_decay

    def end_epoch(self, epoch: int, valid: float | None) -> bool:
        """Record one epoch's validation loss (None without validation); returns True to stop training."""
        if self.decay_after is not None and epoch >= self.decay_after:
            self._scale_lr()
        if valid is None:
            self.history.best_epoch = epoch
            return False
        self.history.valid_loss.append(valid)
        if valid < self.best:
            self.best, self.waited, self.history.best_epoch = valid, 0, epoch
            self.best_state = copy.deepcopy(self.model.state_dict())
        else:
            self.waited += 1
            if self.patience is not None and self.waited >= self.patience:
                self.history.stopped_early = True
                return True
            if self.lr_decay is not None and self.decay_after is None and self.best_state is not None:
                self.model.load_state_dict(self.best_state)
                self._scale_lr()
        self.history.lr.append(self.opt.param_groups[0]["lr"])
        return False

    def finish(self) -> History:
        """Restore the best weights (if validation was used) and return the history."""
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)
        return self.history


@torch.no_grad()
def mean_loss(model: nn.Module, inputs: torch.Tensor, targets: torch.Tensor, batch_size: int = 512) -> float:
    """Mean cross-entropy (natural log) of ``model`` on a dataset, in evaluation mode, in float64 sums."""
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


def train(
    model: nn.Module,
    train_data: tuple[torch.Tensor, torch.Tensor],
    valid_data: tuple[torch.Tensor, torch.Tensor] | None = None,
    *,
    epochs: int = 10,
    batch_size: int = 64,
    lr: float = 1e-3,
    optimizer: str = "adam",
    weight_decay: float = 0.0,
    clip: float | None = None,
    patience: int | None = None,
    lr_decay: float | None = None,
    seed: int = 0,
    device: torch.device | str | None = None,
    quiet: bool = False,
    desc: str = "training",
) -> History:
    """Train ``model`` on ``(inputs, targets)`` with cross-entropy; returns the :class:`History`.

    With ``valid_data``, the weights of the epoch with the lowest validation loss are restored at the
    end, and ``patience`` stops training after that many epochs without improvement. ``lr_decay`` (e.g.
    0.5) is Mikolov's schedule: after an epoch that does not improve, go back to the best weights and
    multiply the learning rate by it. ``clip`` caps the gradient norm (notebook 05 explains why).
    """
    inputs, targets = train_data
    if len(inputs) == 0 or len(inputs) != len(targets):
        raise ValueError(f"need as many targets as inputs, and at least one: got {len(inputs)} and {len(targets)}")
    if epochs < 1 or batch_size < 1 or not lr > 0:
        raise ValueError(f"need epochs >= 1, batch_size >= 1 and lr > 0, got {epochs}, {batch_size}, {lr}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    from . import distributed as D

    device = torch.device(device) if device is not None else default_device()
    model.to(device)
    net = D.wrap(model)  # DistributedDataParallel under torchrun, else the model itself
    opt_cls = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    opt = opt_cls(model.parameters(), lr=lr, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(seed)
    keeper = _BestKeeper(model, opt, patience, lr_decay)
    history = keeper.history
    steps = math.ceil(len(inputs) / batch_size)

    from tqdm.auto import tqdm

    with tqdm(total=epochs * steps, desc=desc, disable=quiet, leave=False) as bar:
        for epoch in range(1, epochs + 1):
            model.train()
            order = torch.randperm(len(inputs), generator=generator)
            total = 0.0
            for start in range(0, len(inputs), batch_size):
                idx = order[start : start + batch_size]
                if D.world_size() == 1:
                    x, y = inputs[idx].to(device), targets[idx].to(device)
                    loss = nn.functional.cross_entropy(model(x), y)
                    part = loss.item() * len(idx)
                else:  # this process's share of the batch, weighted as its part of the whole batch's mean
                    mine = D.share(idx)
                    x, y = inputs[mine].to(device), targets[mine].to(device)
                    summed = nn.functional.cross_entropy(net(x), y, reduction="sum")
                    loss = summed * D.share_scale(len(mine), len(idx))
                    part = summed.item() / (D.world_size() if len(mine) == len(idx) else 1)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                if clip is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), clip)
                opt.step()
                total += part
                bar.update()
            history.train_loss.append(D.total(total) / len(inputs))
            if valid_data is None:
                history.best_epoch = epoch
                continue
            valid = D.broadcast(mean_loss(model, *valid_data))
            bar.set_postfix(valid_ppl=f"{math.exp(valid):.1f}")
            if keeper.end_epoch(epoch, valid):
                break
    return keeper.finish()


def _detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


@torch.no_grad()
def lm_loss(model: nn.Module, stream: torch.Tensor, bptt: int = 35, batch_size: int = 1) -> float:
    """Mean cross-entropy (nats) of a recurrent LM over a token stream, state carried throughout.

    With ``batch_size=1`` every token after the first is scored once, in order (as Mikolov's RNNLM
    does), so ``exp`` of this is the stream's perplexity. ``model(ids, state)`` returns (logits, state).
    """
    from .rnn import lm_batches

    x, y = lm_batches(stream, batch_size)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total, state = 0.0, None
    for start in range(0, len(x), bptt):
        logits, state = model(x[start : start + bptt].to(device), state)
        target = y[start : start + bptt].to(device)
        total += (
            nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), reduction="sum")
            .double()
            .item()
        )
    model.train(was_training)
    return total / y.numel()


def train_lm(
    model: nn.Module,
    train_stream: torch.Tensor,
    valid_stream: torch.Tensor | None = None,
    *,
    epochs: int = 5,
    batch_size: int = 20,
    bptt: int = 35,
    lr: float = 1.0,
    optimizer: str = "sgd",
    clip: float | None = 5.0,
    lr_decay: float | None = None,
    decay_after: int | None = None,
    patience: int | None = None,
    seed: int = 0,
    device: torch.device | str | None = None,
    quiet: bool = False,
    desc: str = "RNN LM",
) -> History:
    """Train a recurrent LM on a token stream with truncated BPTT; returns the :class:`History`.

    The stream is cut into ``batch_size`` columns and read ``bptt`` steps at a time, in order; the state
    at the end of a batch starts the next one, detached, so gradients flow back at most ``bptt`` steps.
    ``clip`` caps the global gradient norm (on by default: vanilla RNNs explode without it). As in
    :func:`train`, the best validation epoch's weights are kept, ``lr_decay`` halves (or scales) the rate
    after an epoch without improvement, and ``patience`` stops early; with ``decay_after=k`` the rate is
    instead scaled by ``lr_decay`` after every epoch from the k-th on (Zaremba et al.'s fixed schedule).
    """
    from .rnn import lm_batches

    if epochs < 1 or bptt < 1 or not lr > 0:
        raise ValueError(f"need epochs >= 1, bptt >= 1 and lr > 0, got {epochs}, {bptt}, {lr}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    from . import distributed as D

    x, y = lm_batches(train_stream, batch_size)
    x_mine, y_mine = D.share(x, dim=1), D.share(y, dim=1)  # under torchrun: this process's columns
    device = torch.device(device) if device is not None else default_device()
    model.to(device)
    net = D.wrap(model)
    opt = (torch.optim.Adam if optimizer == "adam" else torch.optim.SGD)(model.parameters(), lr=lr)
    keeper = _BestKeeper(model, opt, patience, lr_decay, decay_after)
    history = keeper.history
    steps = math.ceil(len(x) / bptt)

    from tqdm.auto import tqdm

    with torch.random.fork_rng(devices=[]), tqdm(total=epochs * steps, desc=desc, disable=quiet, leave=False) as bar:
        torch.manual_seed(seed)  # dropout masks, without touching the caller's random state
        for epoch in range(1, epochs + 1):
            model.train()
            total, state = 0.0, None
            for start in range(0, len(x), bptt):
                if D.world_size() == 1:
                    xb, yb = x[start : start + bptt].to(device), y[start : start + bptt].to(device)
                    logits, state = model(xb, _detach(state))
                    loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), yb.reshape(-1))
                    part = loss.item() * yb.numel()
                else:  # this process's columns, weighted as their part of the whole batch's mean
                    xb, yb = x_mine[start : start + bptt].to(device), y_mine[start : start + bptt].to(device)
                    logits, state = net(xb, _detach(state))
                    summed = nn.functional.cross_entropy(
                        logits.reshape(-1, logits.shape[-1]), yb.reshape(-1), reduction="sum"
                    )
                    n_batch = y[start : start + bptt].numel()
                    loss = summed * D.share_scale(yb.numel(), n_batch)
                    part = summed.item() / (D.world_size() if yb.numel() == n_batch else 1)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                if clip is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), clip)
                opt.step()
                total += part
                bar.update()
            history.train_loss.append(D.total(total) / y.numel())
            valid = None if valid_stream is None else D.broadcast(lm_loss(model, valid_stream, bptt))
            if valid is not None:
                bar.set_postfix(valid_ppl=f"{math.exp(valid):.1f}")
            if keeper.end_epoch(epoch, valid):
                break
    return keeper.finish()
