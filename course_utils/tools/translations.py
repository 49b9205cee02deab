"""The Chinese edition, built from the English notebooks and translation files (``python -m course_utils editions``).

One source: the code cells are shared, and the Chinese text of every markdown cell lives in
``translations/zh/NN_name.json``, keyed by cell id, each entry recording the SHA-256 of the English source it
translates (gettext's "fuzzy" idea)::

    {"notebook": "01_statistical_lm.ipynb", "language": "zh",
     "cells": {"<cell id>": {"source_sha256": "<sha256 of the English markdown>", "text": "<中文>"}}}

``editions`` writes ``notebooks/zh/NN_name.ipynb`` for every notebook that has a translation file: the English
notebook with each markdown cell replaced by its translation, its Colab badge pointing at the Chinese edition,
and everything else (code, stored outputs) unchanged. :func:`problems` is what the tests check: an English cell
edited after its translation, a markdown cell without a translation, a translation of a cell that is gone.
A contributor who edits one language is told which entry of the other to update. The run time in a header
is generated (``execute`` measures it), so a translation writes ``{seconds}`` there and its hash leaves it out.

A code cell may have an entry too: the same code with its comments, docstrings and the text it prints or draws
(``print``, figure titles and axis labels, ``label=``, assert messages) in Chinese. :func:`code_differences` is
the rule a test enforces: the Chinese code must parse to the English code's syntax tree once those texts are
set aside (an f-string keeps its expressions and formats, in any order), so it computes exactly the same things.
The first code cell (Colab set-up) becomes :data:`course_utils.notebook.COLAB_CELL_ZH`, which also sets
``COURSE_LANG=zh``, so the Chinese notebook speaks Chinese wherever it runs (JupyterLab, Colab, nbval).

Outputs: a Chinese notebook is executed like an English one (``python -m course_utils execute notebooks/zh/NN``)
and its outputs are Chinese. ``editions`` keeps a code cell's stored outputs while its Chinese source is
unchanged; a changed cell gets the English outputs until the notebook is executed again, and its recorded code
hash then no longer matches (``tests/test_translations.py`` names the command).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from pathlib import Path

from ..paths import NOTEBOOK_DIR, ROOT
from .execute import TIME_ROW

TRANSLATION_DIR = ROOT / "translations"
#: the generated Chinese notebooks
ZH_DIR = NOTEBOOK_DIR / "zh"
#: the Chinese notebooks the test command runs under nbval (the others are checked through their English twins,
#: see tests/test_translations.py): the course map and glossary (00), checkers and the stepper (04), and the
#: ladder, tables and attention explorer (10), the fastest three, about 25 s in all
NBVAL_SAMPLE = ("00_start_here.ipynb", "04_backprop.ipynb", "10_transformer.ipynb")
#: where a translated header says how long the notebook takes to run (filled in from the English header)
SECONDS = "{seconds}"

NOTE = (
    "> **中文版 · Chinese edition.** 由 `python -m course_utils editions` 根据[英文版](../{name})和 "
    "`translations/zh/{stem}.json` 生成：请修改译文文件，不要直接编辑本文件。"
    "代码与英文版相同，只有注释和显示的文字是中文。"
)


def _run_seconds(text: str) -> str | None:
    """The run time ``execute`` wrote into a header's time row (:data:`execute.TIME_ROW`), or None."""
    row = TIME_ROW.search(text)
    return re.search(r"\d+", row.group(0)).group(0) if row else None


def source_sha256(cell: dict) -> str:
    """The SHA-256 of a cell's source as one UTF-8 string: what a translation entry records.

    The run time in a header's time row is left out: ``execute`` rewrites it on every run, and the translation
    does not hold it either (it writes :data:`SECONDS`, which the build fills in from the English header)."""
    text = "".join(cell["source"])
    text = TIME_ROW.sub(lambda row: re.sub(r"\d+", "N", row.group(0)), text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def translation_files(language: str = "zh") -> list[Path]:
    """The translation files of ``language``, in notebook order."""
    folder = TRANSLATION_DIR / language
    return sorted(folder.glob("[0-9][0-9]_*.json")) if folder.is_dir() else []


def load_translation(path: Path) -> dict:
    """One translation file, checked for its shape (a clear error names the file and what is wrong)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} is not valid JSON ({exc}); fix it or regenerate it") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cells"), dict) or "notebook" not in data:
        raise ValueError(
            f"{path.name} must be an object with 'notebook' and 'cells' (see course_utils.tools.translations)"
        )
    for cell_id, entry in data["cells"].items():
        if not isinstance(entry, dict) or not {"source_sha256", "text"} <= set(entry):
            raise ValueError(f"{path.name}: the entry of cell {cell_id} needs 'source_sha256' and 'text'")
    return data


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def problems(language: str = "zh") -> list[str]:
    """Everything that keeps the translations from matching the English notebooks (empty when in step)."""
    found = []
    for path in translation_files(language):
        translation = load_translation(path)
        english = NOTEBOOK_DIR / translation["notebook"]
        where = f"translations/{language}/{path.name}"
        if not english.is_file():
            found.append(f"{where}: translates {translation['notebook']}, which does not exist")
            continue
        every = {c["id"]: c for c in _read(english)["cells"]}
        cells = {i: c for i, c in every.items() if c["cell_type"] == "markdown"}
        entries = translation["cells"]
        for cell_id, cell in every.items():
            if cell["cell_type"] != "code" or cell_id not in entries:
                continue
            if entries[cell_id]["source_sha256"] != source_sha256(cell):
                found.append(
                    f"{where}: code cell {cell_id} of {english.name} changed after its comments and printed text "
                    "were translated; update its text and its source_sha256"
                )
            elif why := code_differences("".join(cell["source"]), entries[cell_id]["text"]):
                found.append(f"{where}: code cell {cell_id}: {why[0]}; translate only comments and shown text")
        for cell_id, cell in cells.items():
            if cell_id not in entries:
                found.append(f"{where}: markdown cell {cell_id} of {english.name} has no translation; add one")
            elif entries[cell_id]["source_sha256"] != source_sha256(cell):
                found.append(
                    f"{where}: cell {cell_id} of {english.name} changed after it was translated; update its "
                    "text and its source_sha256"
                )
            elif _run_seconds("".join(cell["source"])) and SECONDS not in entries[cell_id]["text"]:
                found.append(f"{where}: cell {cell_id} states the run time: write {SECONDS} where the number goes")
        for cell_id in entries.keys() - every.keys():
            found.append(f"{where}: translates cell {cell_id}, which {english.name} no longer has")
    return found


#: calls whose string arguments are text for the reader (printed, drawn, or shown as a progress bar's label)
SHOWN_CALLS = frozenset(
    {
        "print", "display", "Markdown", "HTML", "set_title", "set_xlabel", "set_ylabel", "suptitle", "title",
        "xlabel", "ylabel", "text", "annotate", "legend", "set_xticklabels", "set_yticklabels", "figtext",
    }
)  # fmt: skip
#: keyword arguments that are text for the reader in any call
SHOWN_KEYWORDS = frozenset({"label", "title", "xlabel", "ylabel", "desc", "description", "msg"})


class _Blank(ast.NodeTransformer):
    """Set aside the texts a translation may change: strings, and f-strings down to their expressions."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("…") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        fields = sorted((v for v in node.values if isinstance(v, ast.FormattedValue)), key=ast.dump)
        return ast.JoinedStr(values=fields)


def _normalised(source: str) -> str:
    """The syntax tree of a code cell with every text shown to the reader blanked (see :func:`code_differences`)."""
    lines = ["pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    tree = ast.parse("\n".join(lines))
    blank = _Blank()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SHOWN_CALLS:
                node.args = [blank.visit(a) for a in node.args]
            for keyword in node.keywords:
                if name in SHOWN_CALLS or keyword.arg in SHOWN_KEYWORDS:
                    keyword.value = blank.visit(keyword.value)
        elif isinstance(node, ast.Assert) and node.msg is not None:
            node.msg = blank.visit(node.msg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # a docstring
                first.value = ast.Constant("…")
    return ast.dump(tree)


def code_differences(english: str, chinese: str) -> list[str]:
    """Why ``chinese`` is not the same code as ``english``; [] when it is.

    The same code: equal syntax trees once the texts a reader sees are set aside (comments, docstrings, the string
    arguments of ``print``/``display``/``Markdown`` and of the figure calls in :data:`SHOWN_CALLS`, keyword
    arguments named in :data:`SHOWN_KEYWORDS`, assert messages). Any other difference (a number, a name, a data
    string such as a PTB word) means the Chinese notebook would compute something else."""
    try:
        zh = _normalised(chinese)
    except SyntaxError as exc:
        return [f"the Chinese code is not Python: {exc.msg} (line {exc.lineno})"]
    try:
        en = _normalised(english)
    except SyntaxError:
        return [] if english == chinese else ["the English cell is not Python: only an exact copy is allowed"]
    return [] if en == zh else ["it differs from the English code in more than comments and the text it shows"]


def _relink(text: str, translated: set[str]) -> str:
    """Links to a notebook without a Chinese edition point at the English one (``../NAME``)."""

    def target(match: re.Match) -> str:
        name = match.group(1)
        return match.group(0) if name in translated else f"](../{name}{match.group(2) or ''})"

    return re.sub(r"\]\((\d\d_[\w.-]+\.ipynb)(#[^)]*)?\)", target, text)


def translated_notebook(
    nb: dict, name: str, translation: dict, translated: set[str] | None = None, previous: dict | None = None
) -> dict:
    """The Chinese edition of notebook ``name``: markdown, and code cells' comments and shown text, from
    ``translation``; the set-up cell that chooses Chinese; links to notebooks that have no Chinese edition (not in
    ``translated``) lead to the English one.

    Outputs come from ``previous`` (the Chinese notebook as last executed) for every code cell whose source is
    unchanged, else from the English notebook (until the Chinese one is executed again)."""
    from ..notebook import COLAB_CELL_ZH, colab_badge
    from .editions import COLAB_BADGE  # here: editions imports this module

    translated = {name} if translated is None else translated
    out = copy.deepcopy(nb)
    executed = {c["id"]: c for c in (previous or {}).get("cells", []) if c["cell_type"] == "code"}
    setup = next((c for c in out["cells"] if c["cell_type"] == "code" and "google.colab" in "".join(c["source"])), None)
    for cell in out["cells"]:
        if cell["cell_type"] == "code":
            if cell is setup:
                cell["source"] = COLAB_CELL_ZH.splitlines(keepends=True)
            elif cell["id"] in translation["cells"]:
                cell["source"] = translation["cells"][cell["id"]]["text"].splitlines(keepends=True)
            before = executed.get(cell["id"])
            if before is not None and "".join(before["source"]) == "".join(cell["source"]):
                cell["outputs"], cell["execution_count"] = before["outputs"], before["execution_count"]
        elif cell["cell_type"] == "markdown" and cell["id"] in translation["cells"]:
            text = _relink(translation["cells"][cell["id"]]["text"], translated)
            seconds = _run_seconds("".join(cell["source"]))
            text = text.replace(SECONDS, seconds) if seconds else text
            cell["source"] = text.splitlines(keepends=True)
    title = out["cells"][0]
    text = COLAB_BADGE.sub(colab_badge(f"notebooks/zh/{name}"), "".join(title["source"]), count=1)
    title["source"] = (text.rstrip("\n") + "\n\n" + NOTE.format(name=name, stem=Path(name).stem)).splitlines(
        keepends=True
    )
    out["metadata"]["language"] = "zh"
    if previous is not None and "lm_foundations" in previous.get("metadata", {}):
        # the code hash of the Chinese notebook's last execution: a test compares it with its code now
        out["metadata"]["lm_foundations"] = previous["metadata"]["lm_foundations"]
    return out


def dumps(nb: dict) -> str:
    """A notebook's text exactly as ``nbformat.write`` (and so ``execute``) writes it."""
    import nbformat

    text = nbformat.writes(nbformat.from_dict(copy.deepcopy(nb)), version=4)
    return text if text.endswith("\n") else text + "\n"


def expected_editions(language: str = "zh") -> dict[Path, str]:
    """What ``notebooks/zh/`` should hold: file → text, one per translation file."""
    expected = {}
    files = {path: load_translation(path) for path in translation_files(language)}
    translated = {t["notebook"] for t in files.values()}
    for translation in files.values():
        name = translation["notebook"]
        target = ZH_DIR / name
        previous = _read(target) if target.is_file() else None
        nb = translated_notebook(_read(NOTEBOOK_DIR / name), name, translation, translated, previous)
        expected[target] = dumps(nb)
    return expected


def stale_editions(language: str = "zh") -> list[str]:
    """Chinese notebooks that differ from what the translations generate, or have no translation file."""
    expected = expected_editions(language)
    stale = [p.name for p, text in expected.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    present = set(ZH_DIR.glob("*.ipynb")) if ZH_DIR.is_dir() else set()
    return stale + sorted(p.name for p in present - set(expected))


def write_editions(language: str = "zh") -> list[Path]:
    """Write ``notebooks/zh/`` from the translations (generated files only: nothing there is hand-edited)."""
    expected = expected_editions(language)
    ZH_DIR.mkdir(parents=True, exist_ok=True)
    for path in set(ZH_DIR.glob("*.ipynb")) - set(expected):
        path.unlink()
    for path, text in expected.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(expected)
