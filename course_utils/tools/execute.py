"""The one way to store notebook outputs: ``python -m course_utils execute [NOTEBOOK ...]``.

It runs each notebook top to bottom in a fresh kernel of this Python, with one thread
(``OMP_NUM_THREADS=1``, as nbval runs them in CI) and a fixed hash seed, then stores the outputs
without the noise that makes diffs unreadable and nbval flaky: no timing metadata, no widget state,
no widget outputs (stored, a widget is a repr or an unfinished progress bar), a fixed kernelspec. It
also records a hash of the code cells, so a test can tell when a notebook was edited after its outputs
were stored (``tests/test_notebooks.py``).

It also measures: each notebook's wall time goes to ``notebooks/run_times.json`` and into the "time" row
of the notebook's header table, and ``python -m course_utils results`` renders the README's list from the
same file. So the run times a reader sees come from one measurement, never typed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

from ..paths import NOTEBOOK_DIR, course_notebooks

#: the same arithmetic on every x86-64 CPU with AVX2: without these, torch, MKL, oneDNN and OpenBLAS pick kernels
#: by the CPU they find (AVX-512 here, AVX2 there), which round differently, and a chaotic training run (notebook
#: 05's first-token task, 07's word2vec scores) prints other digits on another machine. Only on x86-64 (torch
#: warns about an x86 capability on ARM, and a warning would be an output).
SAME_ARITHMETIC = (
    {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2", "OPENBLAS_CORETYPE": "Haswell"}
    if platform.machine().lower() in ("x86_64", "amd64")
    else {}
)
KERNEL_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", **SAME_ARITHMETIC}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
RUN_TIMES = NOTEBOOK_DIR / "run_times.json"
#: the header table's row that states the run time; ``execute`` rewrites it from the measurement
TIME_ROW = re.compile(r"^\| time \| about \d+ s to run all cells[^;|]*;", re.M)
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def code_hash(nb) -> str:
    """SHA-256 of the code cells' sources and tags: what the stored outputs depend on."""
    cells = [
        ["".join(c["source"]), sorted(c.get("metadata", {}).get("tags", []))]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def checked_outputs_hash(nb) -> str:
    """SHA-256 of the stored outputs nbval compares: every code cell's, except those tagged ``nbval-ignore-output``
    or ``nbval-skip`` (figures, widgets, timings). What a Chinese notebook records of its English one when it is
    executed: while this hash and its own code are unchanged, its outputs are what executing it would give."""
    ignored = {"nbval-ignore-output", "nbval-skip"}
    cells = [
        c.get("outputs", [])
        for c in nb["cells"]
        if c["cell_type"] == "code" and not ignored & set(c.get("metadata", {}).get("tags", []))
    ]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def clean(nb) -> None:
    """Drop what changes from run to run without meaning anything (in place)."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        merged = []
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                # a live widget (an explorer's controls, a progress bar) stores a random model id and a repr such
                # as "VBox(...)" or "  0%|": junk on a page without a kernel. Explorers print their default view
                # as ordinary output beside it, so the widget itself is not stored.
                continue
            # the kernel flushes stdout in chunks that vary from run to run; store one block per stream
            if (
                out.output_type == "stream"
                and merged
                and merged[-1].output_type == "stream"
                and merged[-1].name == out.name
            ):
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged
    nb.metadata["lm_foundations"] = {"code_sha256": code_hash(nb)}


def about(seconds: float) -> int:
    """A run time as the header states it: rounded to 5 s, at least 5."""
    return max(5, int(5 * round(seconds / 5)))


def time_row(seconds: float) -> str:
    """The start of a header's "time" row for a measured run time (up to the study-session part)."""
    return f"| time | about {about(seconds)} s to run all cells (measured by the re-execute command, one thread);"


def load_run_times(path: Path = RUN_TIMES) -> dict:
    """``{"machine": ..., "notebooks": {name: seconds}}`` as ``execute`` last measured them."""
    if not path.is_file():
        return {"machine": {}, "notebooks": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def record_run_time(name: str, seconds: float, path: Path = RUN_TIMES) -> None:
    """Store one notebook's measured run time (others keep theirs) with the machine it was measured on."""
    times = load_run_times(path)
    times["notebooks"][name] = round(seconds, 1)
    times["notebooks"] = dict(sorted(times["notebooks"].items()))
    from ..results import machine

    times["machine"] = {**machine(), "threads": 1}  # KERNEL_ENV: the kernel runs one thread
    path.write_text(json.dumps(times, indent=1) + "\n", encoding="utf-8")


def run_times_markdown(times: dict | None = None) -> str:
    """The README's table of run times, from ``notebooks/run_times.json``."""
    times = times or load_run_times()
    cores = times["machine"].get("cpu_count", "?")
    names = list(times["notebooks"])
    total = sum(times["notebooks"].values())
    from ..i18n import tr

    intro = tr(
        "Run times measured by `python -m course_utils execute` (one thread, on a {cores}-core CPU; {minutes} "
        "minutes for all of them), also shown in each notebook's header:",
        cores=cores,
        minutes=f"{total / 60:.1f}",
    )
    return (
        "\n".join(
            [
                intro,
                "",
                f"| {tr('notebook')} | " + " | ".join(n[:2] for n in names) + " |",
                "|---|" + "---|" * len(names),
                f"| {tr('seconds, about')} | " + " | ".join(str(about(times["notebooks"][n])) for n in names) + " |",
            ]
        )
        + "\n"
    )


def execute(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place and store clean outputs; returns the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ.update(KERNEL_ENV)  # inherited by the kernel the client starts
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = round(time.perf_counter() - start, 1)  # as stored, so the header and run_times.json agree
    clean(nb)
    english = NOTEBOOK_DIR / path.name
    if path.resolve().parent == (NOTEBOOK_DIR / "zh").resolve() and english.is_file():
        # the English outputs this Chinese run corresponds to (tests/test_translations.py compares them)
        source = json.loads(english.read_text(encoding="utf-8"))
        nb.metadata["lm_foundations"]["english_outputs_sha256"] = checked_outputs_hash(source)
    header = nb.cells[0]
    if header.cell_type == "markdown" and TIME_ROW.search(header.source):
        header.source = TIME_ROW.sub(time_row(elapsed), header.source, count=1)
    nbformat.write(nb, path)
    if path.resolve().parent == NOTEBOOK_DIR.resolve():  # a course notebook, not a copy elsewhere
        record_run_time(path.name, elapsed)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """python -m course_utils execute [NOTEBOOK ...]   (default: every notebook in notebooks/)"""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils execute",
        description=(
            "Re-run notebooks top to bottom in a fresh kernel (one thread) and store their outputs cleanly, "
            "with the measured run time in each header and notebooks/run_times.json. The data sets the "
            "notebooks need are downloaded first, if they are not cached."
        ),
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        metavar="NOTEBOOK",
        help="the notebooks to run, e.g. notebooks/03_nnlm.ipynb (default: every notebook in notebooks/)",
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or course_notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:  # before any download or run
        print(
            f"no such notebook: {', '.join(missing)}. Give paths such as notebooks/03_nnlm.ipynb, "
            "or no path for every notebook.",
            file=sys.stderr,
        )
        return 2
    from .. import data

    try:
        for name in data.NOTEBOOK_DATASETS:  # download now, not inside a cell whose output gets stored
            data.fetch(name)
    except data.DataError as exc:
        print(f"cannot execute the notebooks without their data: {exc}", file=sys.stderr)
        return 1
    failed = 0
    for p in paths:
        try:
            seconds = execute(p)
        except Exception as exc:  # report the failing notebook and go on with the others
            print(f"FAILED {p.name}: {type(exc).__name__}: {str(exc)[-2000:]}", file=sys.stderr)
            failed += 1
            continue
        print(f"executed {p.name} in {seconds:.1f} s (outputs stored)")
    return 1 if failed else 0
