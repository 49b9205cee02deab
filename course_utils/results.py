"""The course's measured results, kept as data: one ``results/NAME.json`` per experiment.

``python -m course_utils.reproduce NAME`` writes the record (its table, notes, wall time, peak memory,
throughput, device, versions, command and commit); the files are committed, and everything that reports a
measured number renders it from them: the README's results sections (``python -m course_utils results``
rewrites them; ``--check`` fails when one is stale) and the reproduction tables in the notebooks
(``results.show(NAME)``). So nothing measured is typed by hand, and a re-run updates every page at once.

Standard library only, so the launcher and the tests can read the records without torch.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from .checks import NotFoundError
from .paths import ROOT

#: the committed records (a ``--tiny`` run writes to ``results/tiny/``, which git ignores)
RESULTS_DIR = ROOT / "results"
README = ROOT / "README.md"
#: the Chinese README: the same generated blocks, rendered in Chinese (``python -m course_utils results``)
README_ZH = ROOT / "README.zh.md"
#: a generated README block: ``<!-- results NAME -->`` ... ``<!-- /results -->`` (written by ``sync_readme``)
BLOCK = re.compile(r"(<!-- results (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /results -->)", re.S)
#: a decimal number (``141.2``, ``0.108``, ``3,205.5``); one with three significant digits or more is
#: specific enough that finding it typed in prose means it was copied from a record
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*\.\d+(?![\w.])")


def _specific(number: str) -> bool:
    return len(number.replace(",", "").replace(".", "").lstrip("0")) >= 3


@dataclass
class Record:
    """One experiment's result as data: what ``results/NAME.json`` holds.

    ``columns``/``rows``: the table as printed (our numbers beside the published ones, as strings);
    ``notes``: the experiment's remarks, computed from its numbers; the rest is the run's provenance.
    ``provenance`` is ``"measured"`` for a record the command wrote, or a sentence saying where a record
    written by hand came from (only the runs made before records existed, see the README).
    """

    experiment: str
    notebook: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    wall_s: float | None = None
    peak_mb: float | None = None
    throughput: str = ""
    device: str = ""
    processes: int = 1
    command: str = ""
    commit: str | None = None
    date: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    machine: dict[str, str | int] = field(default_factory=dict)
    tiny: bool = False
    provenance: str = "measured"

    def footer(self) -> str:
        """One line saying how, where and with what the numbers were measured."""
        from .i18n import tr

        parts = []
        if self.wall_s is not None:
            minutes = self.wall_s / 60
            wall = f"{self.wall_s:.1f} s" if minutes < 2 else f"{minutes:.1f} min"
            parts.append(tr("wall time {time}", time=wall))
        if self.peak_mb is not None:
            parts.append(tr("peak memory {mb} MB", mb=f"{self.peak_mb:,.0f}"))
        if self.throughput:
            parts.append(self.throughput)
        if self.device:
            cores = self.machine.get("cpu_count")
            where = tr("device {device}", device=self.device)
            if cores and self.device == "cpu":
                where += " " + tr("({cores} CPU cores)", cores=cores)
            parts.append(where + (", " + tr("{n} processes", n=self.processes) if self.processes > 1 else ""))
        if self.versions:
            parts.append(", ".join(f"{k} {v}" for k, v in self.versions.items() if k != "python"))
        how = f"`{self.command}`" if self.command else f"`python -m course_utils.reproduce {self.experiment}`"
        when = tr(" on {date}", date=self.date) if self.date else ""
        at = tr(" at commit {commit}", commit=self.commit) if self.commit else ""
        if self.provenance == "measured":
            return (
                "_"
                + tr("Measured by {how}{at}{when}: {parts}.", how=how, at=at, when=when, parts="; ".join(parts))
                + "_"
            )
        return f"_{self.provenance} {'; '.join(parts)}._".replace(" ._", "._")

    def markdown(self) -> str:
        """The table, its notes and the footer, as markdown (what the README and the notebooks show).

        In the Chinese edition the title and the column headers are Chinese (:func:`course_utils.i18n.tr_data`);
        row labels and cells are the record's own text; the notes are Chinese where the catalogue has this run's
        exact note."""
        from .i18n import tr_data

        columns = [tr_data(c) for c in self.columns]
        lines = [f"**{tr_data(self.title)}**", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        lines += [""] + [f"- {tr_data(n)}" for n in self.notes] + ([""] if self.notes else []) + [self.footer()]
        return "\n".join(lines) + "\n"

    def cell(self, row: str | tuple[str, ...], column: str) -> str:
        """The printed value under ``column`` in the row whose first cell is ``row`` (or, failing that, the one
        row whose first cell starts with it). A tuple ``row`` names the first cells of a row (a table whose
        first column repeats, such as a corpus with one row per method); a ``column`` may be the start of one
        column's name (a name that carries a count, such as ``wordsim-240 ρ (172/240)``)."""
        if column not in self.columns:
            starting = [c for c in self.columns if c.startswith(column)]
            if len(starting) != 1:
                raise NotFoundError(f"{self.experiment} has no column {column!r}; its columns: {self.columns}")
            column = starting[0]
        keys = (row,) if isinstance(row, str) else tuple(row)
        if not 1 <= len(keys) < len(self.columns) or not all(isinstance(k, str) for k in keys):
            raise ValueError(f"row must be a label or a tuple of 1 to {len(self.columns) - 1} labels, got {row!r}")
        head, last = keys[:-1], keys[-1]
        candidates = [r for r in self.rows if tuple(r[: len(head)]) == head]
        at = len(head)
        matches = [r for r in candidates if r[at] == last] or [r for r in candidates if r[at].startswith(last)]
        if len(matches) != 1:
            labels = [" | ".join(r[: len(keys)]) for r in self.rows]
            raise NotFoundError(f"{len(matches)} rows of {self.experiment} start with {row!r}; its rows: {labels}")
        return matches[0][self.columns.index(column)]

    def number(self, row: str | tuple[str, ...], column: str, part: int = 0) -> float:
        """``cell`` as a number; ``part`` picks one of ``a / b`` (0: the first)."""
        text = self.cell(row, column).split("/")[part]
        found = re.search(r"-?[\d,]*\.?\d+", text.replace("−", "-"))
        if not found:
            raise ValueError(f"{self.experiment}[{row!r}, {column!r}] is {text!r}, not a number")
        return float(found.group().replace(",", ""))

    def curve(self) -> tuple[list[float], list[float]]:
        """The training curve a neural experiment notes (``reproduce.curve``): the validation perplexity after
        each epoch, and the learning rate each epoch ended with (one fewer when the rule stopped training)."""
        prefix = "validation perplexity by epoch: "
        note = next((n for n in self.notes if n.startswith(prefix)), None)
        if note is None:
            raise NotFoundError(f"{self.experiment} notes no training curve (a note starting {prefix!r})")
        ppl, _, lrs = note[len(prefix) :].rstrip(".").partition("; learning rate after each epoch: ")
        return [float(x) for x in ppl.split(", ")], [float(x) for x in lrs.split(", ") if x]

    def epochs_at_start_rate(self) -> int:
        """How many epochs of the curve trained at the starting learning rate (the rest at lowered rates)."""
        ppl, lrs = self.curve()
        return min(len(ppl), 1 + next((i for i, r in enumerate(lrs) if r < lrs[0]), len(lrs)))

    def schedule_summary(self) -> str:
        """What the learning-rate schedule did in this run (notebooks 03 and 05): the epochs at the starting
        rate, the last one's gain, and what the epochs at lowered rates added."""
        from .i18n import tr

        ppl, _ = self.curve()
        k = self.epochs_at_start_rate()
        text = tr("epochs 1-{k} at the starting rate: {a} → {b}", k=k, a=f"{ppl[0]:.1f}", b=f"{ppl[k - 1]:.1f}")
        if k > 1:
            text += tr(", the last of them gaining {gain}", gain=f"{1 - ppl[k - 1] / ppl[k - 2]:.1%}")
        if k < len(ppl):
            best = min(ppl[k:])
            text += tr(
                "; epochs {first}-{last} at lowered rates: → {best} ({change})",
                first=k + 1,
                last=len(ppl),
                best=f"{best:.1f}",
                change=f"{best / ppl[k - 1] - 1:+.1%}",
            )
            text += tr(", the last of them gaining {gain}", gain=f"{1 - ppl[-1] / ppl[-2]:.1%}")
        return text

    def measured_numbers(self) -> set[str]:
        """The specific decimals this run measured: its cells' numbers, less any the published columns cite
        (a paper's number may be quoted anywhere, and ours equal to it then reads as the citation)."""
        published = {i for i, c in enumerate(self.columns) if "published" in c.lower()}
        found: dict[bool, set[str]] = {True: set(), False: set()}
        for row in self.rows:
            for i, cell in enumerate(row):
                found[i in published].update(n for n in NUMBER.findall(cell) if _specific(n))
        return found[False] - found[True]

    def _repr_markdown_(self) -> str:  # Jupyter renders the table
        return self.markdown()

    def __repr__(self) -> str:  # a page without markdown rendering still shows the table as text
        return self.markdown()


def path(name: str, folder: Path | None = None) -> Path:
    """Where the record of experiment ``name`` lives (default folder: the repository's ``results/``)."""
    return Path(folder or RESULTS_DIR) / f"{name}.json"


def load(name: str, folder: Path | None = None) -> Record:
    """The record of experiment ``name``; a clear error naming the command when there is none."""
    file = path(name, folder)
    if not file.is_file():
        raise FileNotFoundError(
            f"no results file {file.name} in {file.parent.name}/: run `python -m course_utils.reproduce {name}` "
            "to measure it (the list: python -m course_utils.reproduce)"
        )
    return Record(**json.loads(file.read_text(encoding="utf-8")))


def names(folder: Path | None = None) -> list[str]:
    """The experiments that have a record, in name order."""
    return sorted(p.stem for p in Path(folder or RESULTS_DIR).glob("*.json"))


def show(name: str) -> Record:
    """A notebook's reproduction table: the record, which Jupyter shows as a table (and text elsewhere)."""
    return load(name)


def save(record: Record, folder: Path) -> Path:
    """Write ``record`` as ``folder/NAME.json`` (UTF-8, stable key order, one row per line)."""
    folder.mkdir(parents=True, exist_ok=True)
    file = path(record.experiment, folder)
    fields = asdict(record)
    # one line per row and per note, so a re-run's diff shows which numbers moved
    lines = [
        f" {json.dumps(k)}: "
        + (
            "[\n" + ",\n".join(f"  {json.dumps(x, ensure_ascii=False)}" for x in v) + "\n ]"
            if k in ("rows", "notes") and v
            else json.dumps(v, ensure_ascii=False)
        )
        for k, v in fields.items()
    ]
    file.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return file


def provenance() -> dict:
    """The facts a record keeps about where it was measured: commit, date, versions, machine."""
    versions = {"python": platform.python_version()}
    for module in ("torch", "numpy", "scipy", "gensim", "nltk"):
        if module in sys.modules:
            versions[module] = getattr(sys.modules[module], "__version__", "?")
    return {"commit": git_commit(), "date": date.today().isoformat(), "versions": versions, "machine": machine()}


def machine() -> dict[str, str | int]:
    """The machine a measurement ran on: system, CPU cores, and torch's thread count when torch is loaded."""
    facts: dict[str, str | int] = {"system": platform.system(), "cpu_count": os.cpu_count() or 0}
    if "torch" in sys.modules:
        facts["torch_threads"] = sys.modules["torch"].get_num_threads()
    return facts


def git_commit() -> str | None:
    """The checkout's short commit, with ``+local changes`` when tracked files outside ``results/`` differ from
    it; None without git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            # the records themselves are outputs: a run that rewrites one does not make the next run "dirty"
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return None
    if head.returncode:
        return None
    return head.stdout.strip() + (" +local changes" if dirty.stdout.strip() else "")


# ---------------------------------------------------------------- the README's generated sections


#: the README's generated list of notebook run times (from notebooks/run_times.json, see tools.execute)
RUN_TIMES_BLOCK = re.compile(r"(<!-- run-times -->\n)(?P<body>.*?)(<!-- /run-times -->)", re.S)
HEADLINES_BLOCK = re.compile(r"(<!-- headlines -->\n)(?P<body>.*?)(<!-- /headlines -->)", re.S)
#: the README's generated table of each notebook's reading load (course_utils.sessions)
READING_LOAD_BLOCK = re.compile(r"(<!-- reading-load -->\n)(?P<body>.*?)(<!-- /reading-load -->)", re.S)


def render_readme(text: str, folder: Path | None = None) -> str:
    """``text`` with every ``<!-- results NAME -->`` block replaced by the record's markdown, the
    ``<!-- headlines -->`` block by each chapter's numbers on English and Chinese text side by side, and the
    ``<!-- run-times -->`` block by the measured notebook run times and ``<!-- reading-load -->`` by each
    notebook's reading load and whether it fits a 90-minute session."""
    from .sessions import session_overview_markdown
    from .syllabus import headlines_markdown
    from .tools.execute import run_times_markdown

    text = BLOCK.sub(lambda m: m.group(1) + load(m.group("name"), folder).markdown() + m.group(4), text)
    text = HEADLINES_BLOCK.sub(lambda m: m.group(1) + headlines_markdown() + "\n" + m.group(3), text)
    text = READING_LOAD_BLOCK.sub(lambda m: m.group(1) + session_overview_markdown().rstrip() + "\n" + m.group(3), text)
    return RUN_TIMES_BLOCK.sub(lambda m: m.group(1) + run_times_markdown() + m.group(3), text)


def typed_numbers(text: str, folder: Path | None = None) -> list[str]:
    """Measured numbers that appear in ``text`` outside generated blocks: typed by hand, so they can drift."""
    measured = set().union(*(load(n, folder).measured_numbers() for n in names(folder)))
    outside = READING_LOAD_BLOCK.sub("", HEADLINES_BLOCK.sub("", RUN_TIMES_BLOCK.sub("", BLOCK.sub("", text))))
    return sorted({n for n in NUMBER.findall(outside) if n in measured})


def sync_readme(check: bool = False, readme: Path = README) -> list[str]:
    """Rewrite the README's results blocks from the records (``check``: only report); the problems found.

    The Chinese README (``README.zh.md``, when it exists beside it) gets the same blocks rendered in Chinese."""
    problems = _sync_one(check, readme)
    chinese = readme.with_name(README_ZH.name)
    if readme.name == README.name and chinese.is_file():
        from .i18n import using

        with using("zh"):
            problems += [f"{chinese.name}: {p}" for p in _sync_one(check, chinese)]
    return problems


def _sync_one(check: bool, readme: Path) -> list[str]:
    text = readme.read_text(encoding="utf-8")
    problems = []
    blocks = [m.group("name") for m in BLOCK.finditer(text)]
    problems += [
        f"README has no results block for {n} (add <!-- results {n} --><!-- /results -->)"
        for n in names()
        if n not in blocks
    ]
    if not RUN_TIMES_BLOCK.search(text):
        problems.append("README has no run-times block (add <!-- run-times --><!-- /run-times -->)")
    rendered = render_readme(text)
    if rendered != text:
        if check:
            problems.append("README's results blocks differ from results/*.json: run python -m course_utils results")
        else:
            readme.write_text(rendered, encoding="utf-8", newline="\n")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m course_utils results [--check]``: regenerate (or check) the README's results sections."""
    parser = argparse.ArgumentParser(prog="python -m course_utils results", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a section is stale")
    args = parser.parse_args(argv)
    problems = sync_readme(check=args.check)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("README results sections " + ("match results/*.json" if args.check else "written from results/*.json"))
    return 1 if problems else 0
