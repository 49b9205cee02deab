"""Full-scale runs that are too long for a notebook: ``python -m course_utils.reproduce [NAME] [--out FILE]``.

With no argument it lists the experiments. Each experiment prints a markdown table (our numbers
beside the published reference where one exists), then its wall time, peak memory, device and versions,
and writes all of it as data to ``results/NAME.json`` (see :mod:`course_utils.results`): the committed
record that the README and the notebooks render their tables from. ``--out`` also writes the markdown to
a file; ``--tiny`` runs the same code on a sliver of the data (a smoke test) and writes under ``results/tiny/``.

``--out`` never overwrites what it did not write. With one experiment it is a markdown file (its name ends
in ``.md``) in an existing folder; with ``all`` a folder that gets one ``NAME.md`` each. It is never the
repository's ``README.md`` nor anything in its ``notebooks/``, ``course_utils/``, ``data/`` or ``tests/``
folders, and an existing file is written over only when it is empty or holds an earlier table of the same
experiment (it starts with the table's bold title and ends with the ``_Measured by `python -m
course_utils.reproduce NAME` ..._`` line a run writes): any other file is refused, to be deleted by hand
or replaced by a new name.

Before any work a run checks that it can write its outputs (``--out``, the results folder and any other
folder the experiment writes): one that cannot be written, or that ``--out`` refuses, stops it at once
with a one-line message and exit status 1 (a usage error, such as an unknown experiment or option, exits
with 2). An error inside an experiment is never caught: it ends the run with its full traceback.

This module is the small core: :class:`Table`, :class:`RunConfig`, the registry (:func:`experiment`,
``EXPERIMENTS``), the shared helpers and the command line. The experiments live in one module per
chapter (``ch01`` ... ``ch10``, as in :mod:`course_utils.exercises`); each is a function
``fn(config: RunConfig) -> Table`` that registers itself with ``@experiment(...)``.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import results
from ..paths import REPO_DATA, ROOT
from ..tools import distributed

#: the size of the vocabulary ``Vocab.build`` gives PTB's training text (its words with ``<s>`` and ``</s>``), for
#: counting a recipe's parameters without loading PTB (a data test checks it)
PTB_VOCAB_SIZE = 10_001

#: ``--tiny`` keeps PTB's first sentences of each split: 300 of train, 40 of valid and test
TINY_PTB = {"train": 300, "valid": 40, "test": 40}


@dataclass
class Table:
    """An experiment's result: a table with notes, and the training speed; :func:`run` turns it into a
    :class:`course_utils.results.Record`, which renders it."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    throughput: str = ""  # training speed, for the footer (experiments that train set it)


@dataclass(frozen=True)
class RunConfig:
    """How to run an experiment: at full scale or as a smoke run, and where its files go.

    ``tiny``: the same code on a sliver of the data (PTB's first 300 / 40 / 40 sentences, the smallest
    sizes, one epoch), a smoke test of seconds to a minute. ``results``: the folder of checkpoints
    (relative to the working directory, like ``--out``). ``data_copy``: where notebook 09's float16 ELMo
    copy goes; None means the repository's ``data/`` folder. A tiny run never writes over the real files:
    its checkpoints go to ``results/tiny`` and its data copy to ``results/tiny/data``.
    """

    tiny: bool = False
    results: Path = Path("results")
    data_copy: Path | None = None

    @property
    def checkpoint_dir(self) -> Path:
        """Folder of this run's checkpoints."""
        return self.results / "tiny" if self.tiny else self.results

    @property
    def data_copy_dir(self) -> Path:
        """Folder of the copies that notebooks load (the repository's ``data/`` for a real run)."""
        if self.data_copy is not None:
            return self.data_copy
        return self.checkpoint_dir / "data" if self.tiny else REPO_DATA


@dataclass(frozen=True)
class Experiment:
    name: str
    description: str
    notebook: str
    run: Callable[[RunConfig], Table]
    #: the folders it writes besides ``config.checkpoint_dir`` (checked before a run starts)
    writes: Callable[[RunConfig], tuple[Path, ...]] | None = None

    def folders(self, config: RunConfig) -> tuple[Path, ...]:
        """Every folder a run of this experiment writes into: the checkpoint folder first."""
        return (config.checkpoint_dir, *(self.writes(config) if self.writes else ()))


EXPERIMENTS: dict[str, Experiment] = {}


def experiment(
    name: str,
    description: str,
    notebook: str,
    writes: Callable[[RunConfig], tuple[Path, ...]] | None = None,
) -> Callable[[Callable[[RunConfig], Table]], Callable[[RunConfig], Table]]:
    """Register ``fn(config) -> Table`` as the experiment ``name`` (taught in ``notebook``); ``writes(config)``:
    the folders it writes besides the checkpoint folder, which a run checks before it starts."""

    def register(fn: Callable[[RunConfig], Table]) -> Callable[[RunConfig], Table]:
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} registered twice; give the new one another name")
        EXPERIMENTS[name] = Experiment(name, description, notebook, fn, writes)
        return fn

    return register


class UnknownExperimentError(KeyError):
    """An experiment name that is not registered; the message lists the known ones."""

    def __str__(self) -> str:  # the message itself, not KeyError's quoted repr of it
        return str(self.args[0]) if self.args else ""


class OutputError(ValueError):
    """An output of a run (``--out``, the results folder) that cannot be written; the message names the fix."""


def unknown_experiment(name: str) -> UnknownExperimentError:
    """The error for an unregistered ``name``: the closest known name, the list, and how to see it."""
    close = difflib.get_close_matches(name, EXPERIMENTS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UnknownExperimentError(
        f"unknown experiment {name!r}{hint}; known: {', '.join(EXPERIMENTS)}, or 'all' "
        "(python -m course_utils.reproduce lists them)"
    )


# ---------------------------------------------------------------- shared helpers


def load_ptb(config: RunConfig) -> dict[str, list[list[str]]]:
    """PTB (fetched if needed); with ``config.tiny``, its first 300 / 40 / 40 sentences (notebook 01's data)."""
    from .. import data

    ptb = data.load_ptb(download=True)
    return {k: v[: TINY_PTB.get(k, 40)] for k, v in ptb.items()} if config.tiny else ptb


def load_peoples_daily(config: RunConfig) -> dict[str, list[list[str]]]:
    """People's Daily 1998-01 as words in the course's split (:mod:`course_utils.chinese`; fetched if needed);
    with ``config.tiny``, the first 300 / 40 / 40 sentences of each split, as for PTB."""
    from .. import chinese, data

    data.fetch("peoples-daily-1998", quiet=True)
    pd = chinese.load_peoples_daily()
    return {k: v[: TINY_PTB.get(k, 40)] for k, v in pd.items()} if config.tiny else pd


#: the columns of the Chinese language-model tables: word perplexity, and the per-character cost of the same text
ZH_COLUMNS = ["model", "valid ppl", "test ppl", "test bits/char", "test ppl/char"]


def zh_row(label: str, lm: Any, pd: dict[str, list[list[str]]], speller: Any = None, words: bool = True) -> list[str]:
    """One row of a Chinese table: ``lm``'s validation and test perplexity and the test's bits per character.

    ``words``: ``lm`` is a word model (its unknown words pay their spelling by ``speller``, a fitted
    :class:`~course_utils.chinese.CharSpeller`); otherwise a character model, read on ``pd``'s characters.
    """
    from .. import chinese
    from ..notebook import fmt

    valid, test = pd["valid"], pd["test"]
    if not words:
        valid, test = chinese.characters(valid), chinese.characters(test)
    evaluation = lm.evaluate(test)
    vocab = lm.vocab_ if words else None
    bits = chinese.bits_per_character(evaluation.log_prob, pd["test"], vocab, speller if words else None)
    return [label, fmt(lm.perplexity(valid), 1), fmt(evaluation.perplexity, 1), f"{bits:.3f}", f"{2**bits:.2f}"]


def zh_speller(pd: dict[str, list[list[str]]]) -> Any:
    """The character unigram that spells a word model's unknown words, fitted on the training words."""
    from .. import chinese

    return chinese.CharSpeller().fit(w for s in pd["train"] for w in s)


def epochs(config: RunConfig, n: int) -> int:
    """``n`` epochs, or one for a tiny run."""
    return 1 if config.tiny else n


def curve(history: Any) -> str:
    """The validation perplexity and learning rate of every epoch, as a note prints them."""
    ppl = ", ".join(f"{x:.1f}" for x in history.valid_ppl)
    lrs = ", ".join(f"{x:g}" for x in history.lr)
    return f"validation perplexity by epoch: {ppl}; learning rate after each epoch: {lrs}"


def shown(path: Path) -> str:
    """A path as the notes print it: relative to the course folder when inside it."""
    return path.resolve().relative_to(ROOT).as_posix() if path.resolve().is_relative_to(ROOT) else str(path)


def peak_memory_mb() -> float | None:
    """Peak resident memory of this process in MB (None where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, KiB elsewhere


# ---------------------------------------------------------------- checking the outputs first


def _can_write(path: Path) -> OSError | None:
    """Whether ``path`` (a folder, or an existing file) can be written: None, or the error that writing met.

    A folder is tried by creating and removing a nameless file in it, an existing file by opening it to
    append (which changes nothing): this is what the run will do, so it is right where permission bits are
    not (a read-only disk, an ACL, root).
    """
    try:
        if path.is_dir():
            with tempfile.TemporaryFile(dir=path):
                pass
        else:
            with open(path, "a", encoding="utf-8"):
                pass
    except OSError as exc:
        return exc
    return None


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _can_make(folder: Path, label: str, fix: str) -> None:
    """An :class:`OutputError` unless ``folder`` exists or can be created, and can be written: no file in
    its place or above it, and the nearest folder of it (or above it) that exists can be written. Creates
    nothing."""
    file = next((f for f in (folder, *folder.parents) if f.exists() and not f.is_dir()), None)
    if file is not None:
        raise OutputError(f"{label}: {file} is a file, not a folder; {fix}")
    existing = next(f for f in (folder, *folder.parents, Path(".")) if f.is_dir())
    if (exc := _can_write(existing)) is not None:
        raise OutputError(f"{label}: cannot write to the folder {existing} ({_why(exc)}); {fix}")


def _make(folder: Path, label: str, fix: str) -> None:
    """Create ``folder`` (checked by :func:`_can_make`) if missing; an :class:`OutputError` if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{label}: cannot create the folder {folder} ({_why(exc)}); {fix}") from None


def check_outputs(names: Sequence[str], config: RunConfig, out: Path | None = None) -> None:
    """Make sure a run of the experiments ``names`` can write all it writes, before it does any work.

    Creates the results folder (``config.checkpoint_dir``) and every other folder the experiments write
    (``Experiment.writes``) if missing. ``out`` is ``--out``: with one experiment a file, whose folder must
    exist; with several a folder (created if missing) that gets one ``NAME.md`` each. Raises
    :class:`OutputError`, whose message names the option and the fix; :class:`UnknownExperimentError` for
    an unknown name. What can be told without writing is checked before any folder is created.
    """
    for name in names:
        if name not in EXPERIMENTS:
            raise unknown_experiment(name)
    folders: dict[Path, tuple[str, str]] = {}  # folder -> (label, fix), --out's first
    if out is not None and len(names) == 1:
        _out_file(out, names[0])
    elif out is not None:
        if (part := _course_files(out)) is not None:
            raise OutputError(
                f"--out {out} would write into {part}, which --out never touches; with 'all', give a folder "
                "of your own for the NAME.md files, e.g. --out results"
            )
        folders[out] = (f"--out {out}", "with 'all', --out is a folder you can write (one NAME.md each)")
        for name in names:  # files already there: only an earlier table of the same experiment is written over
            _out_target(out / f"{name}.md", name, f"--out {out}: {out / (name + '.md')}", "give another folder")
    for name in names:
        for folder in EXPERIMENTS[name].folders(config):
            if folder.is_relative_to(config.results):
                folders.setdefault(folder, (f"--results {config.results}", "give --results a folder you can write"))
            else:
                folders.setdefault(folder, (f"{name} writes to {folder}", "make it a folder you can write"))
    for folder, (label, fix) in folders.items():  # every check first, so that a refused run creates nothing
        _can_make(folder, label, fix)
    for folder, (label, fix) in folders.items():
        _make(folder, label, fix)


#: what ``--out`` never writes: the repository's README and everything in these folders of it
COURSE_FILES = ("README.md",)
COURSE_FOLDERS = ("notebooks", "course_utils", "data", "tests")
#: the first and last lines of what a run writes to ``--out`` (``results.Record.markdown``), and the name in it
_TITLE = re.compile(r"\*\*.*\*\*")
_FOOTER = re.compile(
    r"_Measured by `(?:python|torchrun)\b[^`]*? -m course_utils\.reproduce (?P<name>[\w.-]+)(?: --tiny)?`.*\._"
)
_OUT_MAX_BYTES = 1_000_000  # an earlier table is a few kB; anything this big is not one


def _course_files(path: Path) -> str | None:
    """Which of the course's own files ``path`` is or lies in (``"the repository's notebooks/ folder"``, ...), or
    None. Both the path as given (``..`` resolved) and the file it leads to through links are compared, and
    names in any case (a case-insensitive disk has one README.md)."""
    root = ROOT.resolve()
    for where in (Path(os.path.abspath(path)), path.resolve()):
        if not where.is_relative_to(root) or where == root:
            continue
        parts = where.relative_to(root).parts
        if len(parts) == 1 and parts[0].casefold() in {f.casefold() for f in COURSE_FILES}:
            return f"the repository's {parts[0]}"
        if parts[0].casefold() in {f.casefold() for f in COURSE_FOLDERS}:
            return f"the repository's {parts[0]}/ folder"
    return None


def _earlier_table(path: Path) -> str | None:
    """The experiment whose markdown (as :func:`run` writes it) the existing file ``path`` holds, ``""`` for an
    empty file, or None for anything else (a file it cannot read, or one that is not plain UTF-8 text)."""
    try:
        with open(path, "rb") as file:
            content = file.read(_OUT_MAX_BYTES + 1)
    except OSError:
        return None
    if not content:
        return ""
    try:
        lines = content.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None
    if len(content) > _OUT_MAX_BYTES or not _TITLE.fullmatch(lines[0]) or not lines[-1]:
        return None
    footer = _FOOTER.fullmatch(lines[-1])
    return footer["name"] if footer else None


def _out_target(out: Path, name: str, label: str, fix: str) -> None:
    """Check a file that ``--out`` will write for the experiment ``name``: not one of the course's own files,
    and, if it exists, a plain file that can be written and is empty or holds an earlier table of ``name``."""
    if (part := _course_files(out)) is not None:
        raise OutputError(f"{label} would write into {part}, which --out never touches; {fix}")
    if not out.exists():
        return
    if out.is_dir():
        raise OutputError(f"{label} is a folder; {fix}")
    if (exc := _can_write(out)) is not None:
        raise OutputError(f"{label}: cannot write {out} ({_why(exc)}); {fix}")
    earlier = _earlier_table(out) if out.is_file() else None
    if earlier == name or earlier == "":
        return
    holds = f"an earlier table of {earlier}" if earlier else "something other than an earlier table of " + name
    raise OutputError(f"{label} exists and holds {holds}, which --out would write over; delete it first or {fix}")


def _out_file(out: Path, name: str) -> None:
    """Check ``--out`` for one experiment: a new ``.md`` file in a folder that exists (or an earlier table of
    the same experiment, or an empty file), writable, and none of the course's own files."""
    example = f"--out {Path('results') / (name + '.md')}"
    if (part := _course_files(out)) is not None:
        raise OutputError(
            f"--out {out} would write into {part}, which --out never touches; give a file of your own, e.g. {example}"
        )
    if out.is_dir():
        raise OutputError(f"--out {out} is a folder; give a file name, e.g. --out {out / (name + '.md')}")
    if out.suffix.lower() != ".md":
        raise OutputError(f"--out {out}: --out writes the markdown table: give a file ending in .md, e.g. {example}")
    if not out.parent.is_dir():
        if out.parent.exists():
            raise OutputError(f"--out {out}: {out.parent} is a file, not a folder; give a file in a folder")
        raise OutputError(
            f"--out {out}: the folder {out.parent} does not exist; create it first (mkdir -p {out.parent}) "
            "or give a file in an existing folder"
        )
    if not out.exists() and (exc := _can_write(out.parent)) is not None:
        raise OutputError(f"--out {out}: cannot write the folder {out.parent} ({_why(exc)}); give a file you can write")
    _out_target(out, name, f"--out {out}", f"give a new file you can write, e.g. {example}")


# ---------------------------------------------------------------- running


def run(name: str, config: RunConfig, out: Path | None = None) -> Table:
    """Run the experiment ``name``; print its table and a footer; write its record ``NAME.json``.

    The record (table, notes, wall time, peak memory, throughput, device, versions, command, commit; see
    :mod:`course_utils.results`) goes to ``config.checkpoint_dir``: ``results/`` for a real run, whose
    records are committed and rendered into the README and the notebooks, ``results/tiny/`` for a smoke
    run. ``out``: also write the markdown to this file. First, before any work, checks that all of it can be
    written (:func:`check_outputs`): raises :class:`OutputError` if not, and :class:`UnknownExperimentError`
    (a ``KeyError``) for an unknown name.
    """
    check_outputs([name], config, out)
    start = time.perf_counter()
    table = EXPERIMENTS[name].run(config)
    wall = time.perf_counter() - start
    if not distributed.is_main():  # under torchrun, rank 0 reports
        return table
    if not table.throughput and any("words/s" in c for c in table.columns):
        table.throughput = "training words/s per model in the table"
    processes = distributed.world_size()
    command = f"python -m course_utils.reproduce {name}{' --tiny' if config.tiny else ''}"
    if processes > 1:
        command = f"torchrun --standalone --nproc_per_node {processes} -m course_utils.reproduce {name}"
    record = results.Record(
        experiment=name,
        notebook=EXPERIMENTS[name].notebook,
        title=table.title,
        columns=table.columns,
        rows=table.rows,
        notes=table.notes,
        wall_s=round(wall, 1),
        peak_mb=None if (peak := peak_memory_mb()) is None else round(peak),
        throughput=table.throughput,
        # under torchrun, this process's GPU (setup chose it) or the CPU
        device=distributed.default_device().type,
        processes=processes,
        command=command,
        tiny=config.tiny,
        **results.provenance(),
    )
    results.save(record, config.checkpoint_dir)
    text = record.markdown()
    print(text)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return table


_PROG = "python -m course_utils.reproduce"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_PROG, description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="experiment to run (omit to list them; 'all' runs every one)")
    parser.add_argument(
        "--out",
        type=Path,
        help="also write the markdown table to this .md file, in an existing folder (with 'all': a folder, "
        "created if missing, one NAME.md each); never the repository's README.md or anything in notebooks/, "
        "course_utils/, data/ or tests/, and an existing file only if empty or an earlier table of the same "
        "experiment (delete any other first)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=Path("results"),
        help="folder for the records (NAME.json) and checkpoints, created if missing "
        "(default: results/, whose records are committed)",
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="a smoke run: the same code on 300 PTB sentences, the smallest sizes and one epoch; "
        "its checkpoints go to results/tiny, never over the real ones",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: list the experiments, or run one (or 'all'); returns the exit status.

    0: done; 1: an output cannot be written (checked before any work; the message says which and how to fix
    it); 2: a usage error (an unknown option, reported by argparse, or an unknown experiment). An exception
    inside an experiment is not caught: it propagates with its traceback.
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2, already printed): report it as a status
        return int(exc.code or 0)
    config = RunConfig(tiny=args.tiny, results=args.results)
    if not args.name:
        print("experiments (python -m course_utils.reproduce NAME):")
        for e in EXPERIMENTS.values():
            print(f"  {e.name:20s} notebook {e.notebook}  {e.description}")
        return 0
    names = list(EXPERIMENTS) if args.name == "all" else [args.name]
    try:
        check_outputs(names, config, args.out)
    except UnknownExperimentError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 1
    distributed.setup()  # under torchrun: join the process group (gloo on CPUs, nccl on GPUs)
    try:
        for name in names:
            out = args.out if len(names) == 1 else (args.out / f"{name}.md" if args.out else None)
            run(name, config, out)
    finally:
        distributed.teardown()
    return 0


# the chapters register their experiments on import, in this order (the order of the listing)
from . import ch01, ch02, ch03, ch05, ch06, ch07, ch08, ch09, ch10  # noqa: E402, F401
