"""Data parallelism for the neural ``reproduce`` runs: the same commands under ``torchrun``.

    torchrun --standalone --nproc_per_node 2 -m course_utils.reproduce nnlm-ptb

Each process holds a full copy of the model (wrapped in :class:`~torch.nn.parallel.DistributedDataParallel`,
gloo on CPUs, nccl on GPUs) and the same seed, so all copies start equal and walk the batches in the same
order. Every batch is split between the processes; each computes the loss of its share **divided by the
whole batch's size** and multiplied by the number of processes, so that DDP's gradient average is exactly
the gradient of the whole batch's mean loss. One process or several, the training is the same computation,
up to the order of floating-point sums. Validation runs on every process and rank 0's number is broadcast,
so early stopping and learning-rate decay decide alike everywhere. Without ``torchrun`` nothing changes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import torch
from torch import nn


def default_device() -> torch.device:
    """CUDA if available, else the CPU (under torchrun, :func:`setup` has already chosen this process's GPU)."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def world_size() -> int:
    """Number of processes (1 without torchrun)."""
    return torch.distributed.get_world_size() if torch.distributed.is_initialized() else 1


def rank() -> int:
    """This process's rank (0 without torchrun)."""
    return torch.distributed.get_rank() if torch.distributed.is_initialized() else 0


def is_main() -> bool:
    """True on the process that prints and writes results."""
    return rank() == 0


def setup() -> torch.device | None:
    """Join the process group that ``torchrun`` describes in the environment; returns this process's device.

    Returns None (and does nothing) when not started by torchrun with more than one process.
    """
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return None
    if not torch.distributed.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
        return device
    return torch.device("cpu")


def teardown() -> None:
    if torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()


def wrap(model: nn.Module) -> nn.Module:
    """``model`` in DistributedDataParallel when running under torchrun, else ``model`` itself."""
    if world_size() == 1:
        return model
    device = next(model.parameters()).device
    return nn.parallel.DistributedDataParallel(model, device_ids=[device] if device.type == "cuda" else None)


def share(items: Sequence | torch.Tensor, dim: int = 0):
    """This process's share of a batch: every ``world_size()``-th item along ``dim``, starting at ``rank()``.

    A batch with fewer items than processes is not split (each process computes it whole), so that
    every process always has work and gradients stay in step.
    """
    n, size = (items.shape[dim] if isinstance(items, torch.Tensor) else len(items)), world_size()
    if size == 1 or n < size:
        return items
    if isinstance(items, torch.Tensor):
        return items.index_select(dim, torch.arange(rank(), n, size, device=items.device))
    return items[rank() :: size]


def share_scale(n_share: int, n_batch: int) -> float:
    """The factor that turns a share's summed loss into its part of the whole batch's mean.

    DDP averages gradients over processes, so each share's sum is divided by the batch's size and
    multiplied by the number of processes; an unsplit batch (see :func:`share`) is simply averaged.
    """
    size = world_size()
    return 1.0 / n_batch if size == 1 or n_share == n_batch else size / n_batch


def _collective(value: float, op) -> float:
    if world_size() == 1:
        return value
    t = torch.tensor([value], dtype=torch.float64)
    if torch.distributed.get_backend() == "nccl":  # nccl only moves GPU tensors
        t = t.cuda()
    op(t)
    result = float(t.item())
    _await_release(t)
    return result


def _await_release(t: torch.Tensor, timeout: float = 10.0) -> None:
    """Wait until the backend's worker thread has dropped its reference to ``t``.

    A collective returns as soon as its work is done, but gloo's worker thread frees the work (and its
    reference to ``t``) a moment later. Freeing a tensor that has a Python object takes the GIL; if the
    interpreter is already shutting down, that thread dies inside a C++ destructor and the process
    aborts ("terminate called without an active exception"). That happens when DDP keeps the process
    group alive past ``destroy_process_group`` and a process exits right after its last collective,
    so after each collective we wait, usually not at all, until ``t`` is ours alone.
    """
    deadline = time.monotonic() + timeout
    while t._use_count() > 1 and time.monotonic() < deadline:
        time.sleep(0)


def broadcast(value: float) -> float:
    """Rank 0's ``value`` on every process (identical decisions everywhere); ``value`` itself without torchrun."""
    return _collective(value, lambda t: torch.distributed.broadcast(t, 0))


def total(value: float) -> float:
    """The sum of ``value`` over all processes (e.g. a training loss summed over each share)."""
    return _collective(value, torch.distributed.all_reduce)
