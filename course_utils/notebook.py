"""Plumbing every notebook uses: seeds, stable number formatting, showing the package's source, and
the environment check of notebook 00.

The rule behind all of it: a notebook's stored outputs must come out the same on every run, thread
count and CPU, so nbval can compare them. Print few digits, seed everything, never print timings,
addresses or paths.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import math
import random
import re
import sys
import textwrap
from dataclasses import dataclass

import numpy as np

from .paths import repository

DIST_NAME = "lm-foundations"


def set_seed(seed: int = 0) -> None:
    """Seed Python's, numpy's and (if installed) torch's global generators.

    Library code in ``course_utils`` uses its own seeded generators (``np.random.default_rng(seed)``,
    ``torch.Generator``); this is for the reader's own cells.
    """
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:  # notebooks 00-02 do not need torch
        return
    torch.manual_seed(seed)


def fmt(x: float, digits: int = 4) -> str:
    """``x`` with a fixed number of decimals, never ``-0.0000``; ``inf`` and ``nan`` spelled out.

    Stored notebook outputs are compared as text, so every printed float goes through this.
    """
    try:
        x = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"fmt formats a number, got {type(x).__name__} {x!r:.40}") from None
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{digits}f}"
    return s[1:] if re.fullmatch(r"-0\.?0*", s) else s


def pct(x: float, digits: int = 1) -> str:
    """A share as a percentage: ``pct(0.2048) == '20.5%'``."""
    return fmt(100 * x, digits) + "%"


class Source:
    """Source code that renders as a highlighted block in Jupyter and as plain text elsewhere."""

    def __init__(self, code: str, title: str):
        self.code, self.title = code, title

    def _repr_markdown_(self) -> str:
        return f"`{self.title}`\n```python\n{self.code}```"

    def __repr__(self) -> str:
        return f"# {self.title}\n{self.code}"


#: where the course is published (``[project.urls]`` in pyproject.toml); Colab and Binder open the notebooks from there
REPOSITORY = repository()
COLAB_CELL = f"""# Google Colab only: fetch the course and install it (this cell does nothing anywhere else)
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    if not os.path.isdir("/content/lm-foundations"):
        url = "https://github.com/{REPOSITORY}"
        subprocess.run(["git", "clone", "--depth", "1", url, "/content/lm-foundations"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/lm-foundations"], check=True)
    sys.path.insert(0, "/content/lm-foundations")  # the running kernel does not see the new install otherwise
    os.chdir("/content/lm-foundations/notebooks")"""

#: the Chinese edition's first cell: the same set-up, and the language of everything course_utils prints
#: (checkers, explorers, tables, figure labels: course_utils.i18n), wherever the notebook runs
COLAB_CELL_ZH = f"""# 中文版：course_utils 打印的一切（检查器的反馈、探索器、表格、图中的文字）都用中文
import os
import sys

os.environ["COURSE_LANG"] = "zh"

# 仅在 Google Colab 中：下载并安装本课程（在其他环境中，下面这几行什么也不做）
if "google.colab" in sys.modules:
    import subprocess

    if not os.path.isdir("/content/lm-foundations"):
        url = "https://github.com/{REPOSITORY}"
        subprocess.run(["git", "clone", "--depth", "1", url, "/content/lm-foundations"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "/content/lm-foundations"], check=True)
    sys.path.insert(0, "/content/lm-foundations")  # 否则正在运行的内核看不到刚装好的包
    os.chdir("/content/lm-foundations/notebooks/zh")"""


def ljust(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns as a terminal or a notebook shows it: a Chinese
    character (or any East Asian wide or full-width form, ，１) takes two columns, so ``str.ljust`` would
    misalign every table that mixes Chinese and Latin text (notebooks 01, 02 and 06-09)."""
    return text + " " * max(0, width - text_width(text))


def rjust(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` columns as a terminal shows it (a Chinese character takes two)."""
    return " " * max(0, width - text_width(text)) + text


def text_width(text: str) -> int:
    """The columns ``text`` takes in a terminal or a notebook's output: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def binder_badge(path: str = "notebooks/00_start_here.ipynb") -> str:
    """Markdown for the README's "Launch Binder" badge, opening JupyterLab at ``path``."""
    url = f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?labpath={path.replace('/', '%2F')}"
    return f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({url})"


def colab_badge(path: str) -> str:
    """Markdown for an "Open in Colab" badge of ``path`` (relative to the repository root)."""
    url = f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/{path}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


def show_source(obj) -> Source:
    """The source of a function, class or method of the package, to display in a notebook.

    Notebooks show the tested code itself rather than a copy that could drift from it.
    """
    code = textwrap.dedent(inspect.getsource(obj))
    module = getattr(obj, "__module__", None) or getattr(inspect.getmodule(obj), "__name__", "")
    return Source(code, f"{module}.{getattr(obj, '__qualname__', obj.__class__.__name__)}")


def setup_notebook(seed: int = 0) -> None:
    """One call at the top of every notebook: seeds and the course's figure style.

    With ``COURSE_OFFLINE=1`` in the environment (the test command's nbval run sets it) it also blocks the
    network in this kernel (:mod:`course_utils.offline`), so the notebook proves it runs from the data cache
    alone. It prints nothing: stored outputs stay the same either way.
    """
    from .offline import install_from_env
    from .plotting import use_course_style

    install_from_env()
    set_seed(seed)
    use_course_style()


# ---------------------------------------------------------------- environment check (notebook 00)

FIXES = {
    "torch": 'python -m pip install "torch==2.13.0"   (Linux without a GPU: add '
    "--index-url https://download.pytorch.org/whl/cpu for the small CPU build)",
    "python": "install Python 3.11 or newer (3.11 is what CI tests) and create a fresh virtual environment",
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    needed: str
    fix: str

    def line(self) -> str:
        from .i18n import tr

        status = "OK  " if self.ok else "FAIL"
        text = f"[{status}] {self.name:12s} {self.found:14s} " + tr("(needs {needed})", needed=self.needed)
        return text if self.ok else text + "\n       " + tr("fix: {fix}", fix=self.fix)


def _requirements(extra: str | None) -> list[tuple[str, str]]:
    """(name, specifier) of the course's requirements (``extra`` = None for the core set)."""
    try:
        reqs = importlib.metadata.requires(DIST_NAME) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    out = []
    for r in reqs:
        spec, _, marker = r.partition(";")
        in_extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
        if (in_extra.group(1) if in_extra else None) != extra:
            continue
        m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
        if m:
            out.append((m.group(1), m.group(2).strip() or "any version"))
    return out


def _satisfies(version: str, spec: str) -> bool:
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:  # packaging comes with pip and jupyterlab; without it only presence is checked
        return True
    return spec == "any version" or SpecifierSet(spec).contains(version, prereleases=True)


def environment_checks(include_test: bool = False) -> list[Check]:
    """One :class:`Check` per requirement of the course (and of its tests with ``include_test``)."""
    py = ".".join(map(str, sys.version_info[:3]))
    checks = [Check("python", sys.version_info >= (3, 11), py, ">=3.11", FIXES["python"])]
    reqs = _requirements(None)
    if not reqs:
        checks.append(Check(DIST_NAME, False, "not installed", "installed", "python -m pip install -e ."))
        reqs = [(n, "any version") for n in ("torch", "numpy", "matplotlib", "ipywidgets", "tqdm", "jupyterlab")]
    extras = _requirements("test") if include_test else []
    for (name, spec), extra in [(r, False) for r in reqs] + [(r, True) for r in extras]:
        fix = FIXES.get(name, 'python -m pip install -e ".[test]"' if extra else "python -m pip install -e .")
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            checks.append(Check(name, False, "not installed", spec, fix))
            continue
        checks.append(Check(name, _satisfies(version, spec), version, spec, fix))
    return checks


def environment_check(include_test: bool = False) -> bool:
    """Print OK/FAIL per required package with the command that fixes each FAIL; True if all OK."""
    checks = environment_checks(include_test)
    for c in checks:
        print(c.line())
    from . import data

    wanted = data.NOTEBOOK_DATASETS
    cached = [name for name in wanted if (data.data_dir() / name).is_dir()]
    from .i18n import tr

    print(
        "[info] "
        + tr(
            "data cache: {cached} of the {wanted} data sets the notebooks read are present; the others are "
            "downloaded on first use (python -m course_utils data fetch {names})",
            cached=len(cached),
            wanted=len(wanted),
            names=" ".join(wanted),
        )
    )
    from .plotting import cjk_font_hint

    print(f"[info] {cjk_font_hint()}")
    ok = all(c.ok for c in checks)
    print(
        tr("All good: open notebooks/01_statistical_lm.ipynb.") if ok else tr("Fix the FAIL lines above, then re-run.")
    )
    return ok
