"""Notebook hygiene: what makes stored outputs trustworthy, checked without running a kernel.

nbval (``python -m course_utils test``) re-runs the notebooks and compares outputs; these tests catch
what nbval cannot see or reports badly: cells never executed, outputs stored after the code changed,
error outputs, machine paths, timing metadata, missing tags, and the course's notebook template.
"""

import json
import re

import pytest

from course_utils import syllabus
from course_utils.paths import EXERCISE_DIR, course_notebooks
from course_utils.tools.execute import code_hash

NOTEBOOKS = course_notebooks()
EDITIONS = NOTEBOOKS + course_notebooks(EXERCISE_DIR)  # every page a reader can open
WIDGET_REPR = re.compile(r"^(VBox|HBox|Box|interactive|Output|IntSlider|FloatSlider|Text|Dropdown|HTML|\w+Progress)\(")
UNFINISHED_BAR = re.compile(r"\b\d{1,2}%\|")
MACHINE_PATH = re.compile(r"(?<![\w.:/~<])/(?:[\w.@-]+/)+[\w.@-]*|[A-Za-z]:\\|site-packages|ipykernel_\d+")
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
FIGURE_REPR = re.compile(r"<(Figure|matplotlib\.[\w.]+) .*>")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def output_text(out):
    if out["output_type"] == "stream":
        return "".join(out["text"])
    if out["output_type"] == "error":
        return f"{out['ename']}: {out['evalue']}"
    return "".join("".join(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))


ids = [p.name for p in NOTEBOOKS]


def test_notebooks_exist_and_match_the_course_map():
    ready = {c.file for c in syllabus.COURSE_MAP if c.status == "ready"}
    assert {p.name for p in NOTEBOOKS} == ready


def test_glossary_terms_belong_to_chapters():
    numbers = {c.number for c in syllabus.COURSE_MAP}
    for term in syllabus.GLOSSARY:
        assert term.notebook in numbers, term


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_code_cell_was_executed_in_order(path):
    cells = [c for c in code_cells(load(path)) if "skip-execution" not in tags(c)]
    counts = [c["execution_count"] for c in cells]
    assert None not in counts, f"{path.name}: cells never executed; run python -m course_utils execute {path}"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: cells were run out of order or partly"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_outputs_are_not_stale(path):
    nb = load(path)
    stored = nb["metadata"].get("lm_foundations", {}).get("code_sha256")
    assert stored == code_hash(nb), (
        f"{path.name} was edited after its outputs were stored: python -m course_utils execute notebooks/{path.name}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_outputs_are_machine_independent(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "widget state stored: re-run with python -m course_utils execute"
    for i, cell in enumerate(code_cells(nb)):
        where = f"{path.name} code cell {i}"
        assert "execution" not in cell["metadata"], f"{where}: timing metadata stored"
        for out in cell["outputs"]:
            text = output_text(out)
            if out["output_type"] == "error":
                assert "raises-exception" in tags(cell), f"{where}: stored error {text[:120]!r}"
            assert not MACHINE_PATH.search(text), f"{where}: machine path {MACHINE_PATH.search(text).group(0)!r}"
            assert not ADDRESS.search(text), f"{where}: memory address in output"
            assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), f"{where}: widget model id"
            if FIGURE_REPR.search(text):
                assert "nbval-ignore-output" in tags(cell), f"{where}: figure repr compared by nbval"


def unreadable(out) -> str | None:
    """Why a stored output says nothing on a page without a kernel (None if it reads fine)."""
    data = out.get("data", {})
    text = output_text(out)
    if UNFINISHED_BAR.search(text) and "100%|" not in text:
        return "an unfinished progress bar"
    if out["output_type"] in ("display_data", "execute_result") and set(data) <= {"text/plain"}:
        if WIDGET_REPR.match(text.strip()):
            return f"only a widget repr ({text.strip()[:40]}...)"
    return None


@pytest.mark.parametrize("path", EDITIONS, ids=[f"{p.parent.name}/{p.name}" for p in EDITIONS])
def test_stored_outputs_read_without_a_kernel(path):
    # GitHub, the static site and a projector before Run All show stored outputs only: an explorer's default
    # view must be ordinary output, and a widget or a progress bar must not be stored as its repr
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell["outputs"]:
            why = unreadable(out)
            assert why is None, (
                f"{path.name} code cell {i}: stored output is {why}; re-run python -m course_utils execute"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_cell_tags_follow_the_rules(path):
    for i, cell in enumerate(code_cells(load(path))):
        where = f"{path.name} code cell {i}"
        source = "".join(cell["source"])
        t = tags(cell)
        assert "NBVAL_" not in source and "PYTEST_VALIDATE" not in source, f"{where}: use cell tags, not comments"
        assert ("nbval-skip" in t) == ("skip-execution" in t), f"{where}: nbval-skip goes with skip-execution"
        if "plt.show()" in source or "_explorer(" in source or "tqdm" in source:
            assert "nbval-ignore-output" in t, f"{where}: plots, widgets and progress bars need nbval-ignore-output"
        if "plt.show()" in source:
            assert source.rstrip().endswith("plt.show();"), f"{where}: end plot cells with plt.show();"
        for out in cell["outputs"]:
            assert "image/svg+xml" not in out.get("data", {}), f"{where}: SVG output (embeds a date); use PNG"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_notebook_template(path):
    cells = load(path)["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown"
    assert re.match(r"# \d\d · ", first), "title: # NN · 中文 · English"
    assert re.search(r"[\u4e00-\u9fff]", first.splitlines()[0]) and first.splitlines()[0].count(" · ") >= 2
    headings = [
        line
        for c in cells
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("## ")
    ]
    assert headings[0] == "## 中文导读", "each notebook opens with a short 中文导读"
    assert any(h.startswith("## 小结") for h in headings), "each notebook closes with a 小结"
    for h in headings[1:]:
        assert " · " in h, f"{path.name}: section heading is not bilingual (中文 · English): {h!r}"


#: every chapter's headings, in this order: the opening, numbered sections, then the same closing four
OPENING = ["## 中文导读", "## 学习目标 · Learning goals"]
CLOSING = [
    "练习 · Exercises",
    "## 勘误 · Errata: where the reading notes slip",
    "## 小结 · Summary",
    "## 延伸阅读 · Further reading",
]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00")], ids=ids[1:])
def test_chapters_share_one_template(path):
    """Notebook 00 tells readers where to look (勘误 · Errata, 小结 · Summary): every chapter has them, in order,
    each heading opening its own cell (a heading at the end of a results cell is easy to miss)."""
    cells = [c for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    headings = []
    for c in cells:
        lines = "".join(c["source"]).splitlines()
        for j, line in enumerate(lines):
            if line.startswith("## "):
                assert j == 0, f"{path.name}: {line!r} is not the first line of its cell; split the cell there"
                headings.append(line)
    assert headings[:2] == OPENING, headings[:2]
    numbered = headings[2:-3]
    for k, h in enumerate(numbered, start=1):
        assert h.startswith(f"## {k} "), f"{path.name}: section {k} is {h!r}"
    assert numbered[-1].endswith(CLOSING[0]) and headings[-3:] == CLOSING[1:], headings[-4:]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00")], ids=ids[1:])
def test_think_about_it_questions_have_hidden_answers(path):
    """Like the exercises' reference solutions, each "Think about it" has its answers, folded away."""
    cells = ["".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    questions = [c for c in cells if "**Think about it.**" in c]
    assert questions, f"{path.name} has no Think about it questions"
    for cell in questions:
        asked = len(re.findall(r"(?<!\w)\(\d\)", cell.split("<details>")[0]))  # (1), not f(0)
        assert "<details><summary>答案 · Answers" in cell and cell.rstrip().endswith("</details>"), path.name
        answered = len(re.findall(r"^\(\d\)", cell.split("<details>")[1], re.M))
        assert answered == asked, f"{path.name}: {asked} questions, {answered} answers"


def test_run_times_come_from_one_measurement():
    """The header's "time" row and the README's list both render notebooks/run_times.json, which the
    re-execute command writes: no run time is typed by hand."""
    from course_utils.tools.execute import TIME_ROW, load_run_times, time_row

    measured = load_run_times()["notebooks"]
    assert set(measured) == {p.name for p in NOTEBOOKS}, "run python -m course_utils execute"
    for path in NOTEBOOKS:
        header = "".join(load(path)["cells"][0]["source"])
        rows = TIME_ROW.findall(header)
        assert rows in ([], [time_row(measured[path.name])]), f"{path.name}: {rows}"
    assert sum(bool(TIME_ROW.search("".join(load(p)["cells"][0]["source"]))) for p in NOTEBOOKS) >= 9


def test_every_glossary_term_is_used_where_the_glossary_says_it_is_introduced():
    """Jargon at first use: a term's glossary entry names the notebook that explains it, so that notebook's
    prose must use the term (in one of its spellings); a term the text never uses is a glossary error."""
    full = [p for p in NOTEBOOKS if p.parent.name == "notebooks"]  # not the exercise editions
    prose = {
        p.name[:2]: " ".join("".join(c["source"]) for c in load(p)["cells"] if c["cell_type"] == "markdown")
        for p in full
    }
    missing = []
    for term in syllabus.GLOSSARY:
        forms = syllabus.term_forms(term)
        # a term may be broken across two lines of the markdown source
        spelled = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
        pattern = "|".join(rf"(?<![\w-]){form}" for form in spelled)
        if not re.search(pattern, prose[term.notebook], flags=re.IGNORECASE):
            missing.append(f"{term.en} ({term.notebook}: looked for {', '.join(forms)})")
    assert not missing, "glossary terms never used in their own notebook: " + "; ".join(missing)
