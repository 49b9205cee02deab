"""Data parallelism: the training loop under torchrun with 2 CPU processes (gloo) match one process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from course_utils.tools import distributed

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
# torchrun's rendezvous and gloo are not reliable on Windows; the course's CI (Linux) runs these
multiprocess = pytest.mark.skipif(sys.platform == "win32", reason="torchrun with gloo: tested on Linux and macOS")


def _torchrun(*args: str, processes: int = 2) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}", *args]
    return subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)


def _close(a, b, tol=1e-5):
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(u, v, tol) for u, v in zip(a, b, strict=True))
    return a == pytest.approx(b, rel=tol, abs=tol)


def test_without_torchrun_nothing_is_split():
    assert distributed.world_size() == 1 and distributed.rank() == 0 and distributed.is_main()
    assert distributed.share([1, 2, 3]) == [1, 2, 3] and distributed.share_scale(3, 3) == 1 / 3
    model = torch.nn.Linear(2, 2)
    assert distributed.wrap(model) is model and distributed.broadcast(2.5) == 2.5 and distributed.total(2.5) == 2.5


class _HeldTensor:
    """Stands in for a tensor that a backend thread still references for ``held`` more checks."""

    def __init__(self, held: int):
        self.held, self.checks = held, 0

    def _use_count(self) -> int:
        self.checks += 1
        return 1 if self.checks > self.held else 2


def test_a_collective_waits_until_the_backend_lets_go_of_its_tensor():
    t = _HeldTensor(held=5)
    distributed._await_release(t)
    assert t.checks == 6  # waited through five checks that found the reference still held, then stopped
    stuck = _HeldTensor(held=10**9)
    distributed._await_release(stuck, timeout=0.05)  # a reference that never goes: give up, do not hang
    assert stuck.checks > 1


@multiprocess
def test_two_processes_train_the_same_models_as_one():
    alone = subprocess.run(
        [sys.executable, "tests/ddp_worker.py"], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300
    )
    assert alone.returncode == 0, alone.stderr[-2000:]
    run = _torchrun("tests/ddp_worker.py")
    assert run.returncode == 0, run.stderr[-3000:]
    one, two = json.loads(alone.stdout), json.loads(run.stdout)
    assert one["processes"] == 1 and two["processes"] == 2
    # after each collective the backend's thread had let go of the tensor (else exit can abort: see _await_release)
    assert two["released"] == [1] * 40
    for key in (
        "mlp",
        "rnnlm",
        "transformer",
        "bilm",
    ):  # losses per epoch, validation, weights: equal up to summation order
        assert _close(one[key], two[key]), f"{key}: {one[key]} vs {two[key]}"


@multiprocess
@pytest.mark.data
def test_a_reproduce_command_runs_unchanged_under_torchrun(tmp_path, real_data):
    real_data("ptb")
    one = subprocess.run(
        [sys.executable, "-m", "course_utils.reproduce", "lstm-ptb", "--tiny", "--out", str(tmp_path / "one.md")],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert one.returncode == 0, one.stderr[-2000:]
    # lstm-ptb: no dropout, so one process and two compute the same numbers (with dropout, each process draws
    # its own masks: the same distribution, not the same digits)
    two = _torchrun("-m", "course_utils.reproduce", "lstm-ptb", "--tiny", "--out", str(tmp_path / "two.md"))
    assert two.returncode == 0, two.stderr[-3000:]
    rows = [(tmp_path / f).read_text(encoding="utf-8").splitlines() for f in ("one.md", "two.md")]
    # model, epochs, valid and test perplexity: the same to the printed digit (time and words/s differ)
    table = [[line.split(" | ")[:4] for line in r if line.startswith("| LSTM")] for r in rows]
    assert table[0] == table[1] and table[0]
    assert "2 processes" in rows[1][-1] and "training words/s" in rows[1][-1] and "peak memory" in rows[1][-1]
