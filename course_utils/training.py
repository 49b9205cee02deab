"""The one training loop of the course (notebooks 03, 05, 06, 08, 09).

:func:`train` fits any ``torch.nn.Module`` that maps a batch of inputs to logits over classes with
cross-entropy: shuffled mini-batches from tensors (no DataLoader, so no worker processes on Windows),
Adam or SGD, optional gradient clipping, validation loss and perplexity after every epoch, early
stopping with the best weights kept in memory, a ``tqdm.auto`` progress bar (``quiet=True`` hides it),
and a :class:`History` for plotting. It is seeded and device-agnostic (CUDA when available).
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
    if lr_decay is not None and not 0 < lr_decay < 1:
        raise ValueError(f"lr_decay must lie strictly between 0 and 1 (e.g. 0.5), got {lr_decay}")
    device = torch.device(device) if device is not None else default_device()
    model.to(device)
    opt_cls = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    opt = opt_cls(model.parameters(), lr=lr, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(seed)
    history = History()
    best, best_state, waited = math.inf, None, 0
    steps = math.ceil(len(inputs) / batch_size)

    from tqdm.auto import tqdm

    with tqdm(total=epochs * steps, desc=desc, disable=quiet, leave=False) as bar:
        for epoch in range(1, epochs + 1):
            model.train()
            order = torch.randperm(len(inputs), generator=generator)
            total = 0.0
            for start in range(0, len(inputs), batch_size):
                idx = order[start : start + batch_size]
                x, y = inputs[idx].to(device), targets[idx].to(device)
                loss = nn.functional.cross_entropy(model(x), y)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                if clip is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), clip)
                opt.step()
                total += loss.item() * len(idx)
                bar.update()
            history.train_loss.append(total / len(inputs))
            if valid_data is None:
                history.best_epoch = epoch
                continue
            valid = mean_loss(model, *valid_data)
            history.valid_loss.append(valid)
            bar.set_postfix(valid_ppl=f"{math.exp(valid):.1f}")
            if valid < best:
                best, waited, history.best_epoch = valid, 0, epoch
                best_state = copy.deepcopy(model.state_dict())
            else:
                waited += 1
                if patience is not None and waited >= patience:
                    history.stopped_early = True
                    break
                if lr_decay is not None and best_state is not None:
                    model.load_state_dict(best_state)
                    for group in opt.param_groups:
                        group["lr"] *= lr_decay
            history.lr.append(opt.param_groups[0]["lr"])
    if best_state is not None:
        model.load_state_dict(best_state)
    return history
