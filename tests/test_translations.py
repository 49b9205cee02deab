"""The Chinese edition stays in step with the English one (course_utils.tools.translations)."""

from __future__ import annotations

import json

import pytest

from course_utils import __main__ as launcher
from course_utils.notebook import COLAB_CELL_ZH
from course_utils.tools import translations as T
from course_utils.tools.execute import checked_outputs_hash, code_hash


def test_translations_match_the_english_notebooks():
    assert T.problems() == [], "\n".join(T.problems())


def test_chinese_notebooks_are_what_the_translations_generate():
    assert T.stale_editions() == [], "run: python -m course_utils editions"


@pytest.mark.parametrize("path", sorted(T.ZH_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_a_chinese_notebook_computes_exactly_what_the_english_one_does(path):
    """The same cells, and each code cell the English code up to its comments and the text it shows."""
    zh = json.loads(path.read_text(encoding="utf-8"))
    en = json.loads((T.NOTEBOOK_DIR / path.name).read_text(encoding="utf-8"))
    assert [c["id"] for c in zh["cells"]] == [c["id"] for c in en["cells"]]
    pairs = [(e, z) for e, z in zip(en["cells"], zh["cells"], strict=True) if e["cell_type"] == "code"]
    setup, *rest = pairs
    assert "".join(setup[1]["source"]) == COLAB_CELL_ZH  # the set-up cell, which also chooses Chinese
    for e, z in rest:
        assert T.code_differences("".join(e["source"]), "".join(z["source"])) == [], z["id"]
        assert e["metadata"].get("tags", []) == z["metadata"].get("tags", []), z["id"]
    assert zh["metadata"]["language"] == "zh" and "notebooks/zh/" in "".join(zh["cells"][0]["source"])


@pytest.mark.parametrize("path", sorted(T.ZH_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_a_chinese_notebooks_outputs_come_from_running_its_code(path):
    """Its outputs were stored by executing it as it is now (Chinese), not copied from the English edition, and
    the English notebook's checked outputs are still those of that run.

    This is why the test command needs nbval on only a few Chinese notebooks: the Chinese code computes exactly
    what the English code computes (test above), nbval checks the English outputs on every run, and the Chinese
    outputs were produced by executing the Chinese code when the English outputs were what they are now."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"].get("lm_foundations", {})
    again = f"run: python -m course_utils execute notebooks/zh/{path.name}"
    assert meta.get("code_sha256") == code_hash(nb), f"{path.name}'s code changed since it was executed; {again}"
    english = json.loads((T.NOTEBOOK_DIR / path.name).read_text(encoding="utf-8"))
    assert meta.get("english_outputs_sha256") == checked_outputs_hash(english), (
        f"the English {path.name}'s outputs changed since the Chinese one was executed; {again}"
    )


@pytest.mark.parametrize(
    ("english", "chinese", "same"),
    [
        ('print(f"perplexity {ppl:.1f}")  # test set', 'print(f"困惑度 {ppl:.1f}")  # 测试集', True),
        ('print(f"{n} tokens, {v} types")', 'print(f"{v} 个词型，{n} 个词元")', True),  # fields may move
        (
            'ax.set_title("MLE"); ax.plot(x, label="add-one")',
            'ax.set_title("最大似然"); ax.plot(x, label="加一")',
            True,
        ),
        ('assert ppl < 200, "too high"', 'assert ppl < 200, "太高了"', True),
        ('def f():\n    """Doc."""\n    return 1', 'def f():\n    """文档。"""\n    return 1', True),
        ('print(f"{ppl:.1f}")', 'print(f"{ppl:.2f}")', False),  # a different format: different output
        ('model.prob("fine", ["I"])', 'model.prob("好", ["I"])', False),  # data, not shown text
        ("x = 1", "x = 2", False),
        ("x = 1", "x = (", False),
    ],
)
def test_code_differences_allow_only_shown_text_and_comments(english, chinese, same):
    assert (T.code_differences(english, chinese) == []) is same


def _cell(cell_id: str, kind: str, text: str) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        cell |= {"execution_count": 1, "outputs": []}
    return cell


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A one-notebook course with a translation file, in tmp_path."""
    notebooks, folder = tmp_path / "notebooks", tmp_path / "translations" / "zh"
    notebooks.mkdir()
    folder.mkdir(parents=True)
    monkeypatch.setattr(T, "NOTEBOOK_DIR", notebooks)
    monkeypatch.setattr(T, "TRANSLATION_DIR", tmp_path / "translations")
    monkeypatch.setattr(T, "ZH_DIR", notebooks / "zh")
    nb = {
        "cells": [_cell("t", "markdown", "# 01 · Title"), _cell("c", "code", "x = 1"), _cell("m", "markdown", "Text")]
    }
    nb |= {"metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (notebooks / "01_x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    cells = {
        c["id"]: {"source_sha256": T.source_sha256(c), "text": f"中文 {c['id']}"}
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
    }
    (folder / "01_x.json").write_text(
        json.dumps({"notebook": "01_x.ipynb", "language": "zh", "cells": cells}), encoding="utf-8"
    )
    return notebooks / "01_x.ipynb", folder / "01_x.json"


def test_an_english_edit_makes_its_translation_stale(course):
    english, _ = course
    assert T.problems() == []
    nb = json.loads(english.read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = ["Text, edited"]
    english.write_text(json.dumps(nb), encoding="utf-8")
    assert ["cell m of 01_x.ipynb changed after it was translated" in p for p in T.problems()] == [True]


def test_a_missing_or_orphaned_translation_is_named(course):
    _, translation = course
    data = json.loads(translation.read_text(encoding="utf-8"))
    data["cells"]["gone"] = data["cells"].pop("m")
    translation.write_text(json.dumps(data), encoding="utf-8")
    found = " | ".join(T.problems())
    assert "markdown cell m of 01_x.ipynb has no translation" in found and "translates cell gone" in found


def test_the_chinese_edition_is_generated_and_checked(course):
    assert T.stale_editions() == ["01_x.ipynb"]  # not written yet
    T.write_editions()
    assert T.stale_editions() == []
    zh = json.loads((T.ZH_DIR / "01_x.ipynb").read_text(encoding="utf-8"))
    assert "".join(zh["cells"][2]["source"]) == "中文 m" and zh["cells"][1]["source"] == ["x = 1"]
    (T.ZH_DIR / "01_x.ipynb").write_text("{}", encoding="utf-8")  # edited by hand
    assert T.stale_editions() == ["01_x.ipynb"]


def test_a_malformed_translation_gets_a_clear_error(course):
    _, translation = course
    translation.write_text('{"notebook": "01_x.ipynb", "cells": {"m": {"text": "x"}}}', encoding="utf-8")
    with pytest.raises(ValueError, match="needs 'source_sha256' and 'text'"):
        T.problems()


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_TW"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_lab_opens_the_system_language(environ, language):
    assert launcher.system_language(environ) == language


def test_lab_takes_lang_out_of_the_jupyterlab_options():
    assert launcher._language(["--lang", "zh", "--port", "8890"]) == ("zh", ["--port", "8890"])
    assert launcher._language(["--lang=en"]) == ("en", [])
    with pytest.raises(SystemExit, match="--lang must be en or zh"):
        launcher._language(["--lang", "fr"])


def test_links_to_untranslated_notebooks_lead_to_the_english_edition():
    text = "见 [01](01_statistical_lm.ipynb) 与 [02](02_smoothing.ipynb#5)"
    assert (
        T._relink(text, {"01_statistical_lm.ipynb"})
        == "见 [01](01_statistical_lm.ipynb) 与 [02](../02_smoothing.ipynb#5)"
    )


def test_a_new_run_time_keeps_the_translation_and_reaches_the_chinese_header(course):
    english, translation = course
    nb = json.loads(english.read_text(encoding="utf-8"))
    row = "| time | about {} s to run all cells (measured by the re-execute command, one thread); 90 min |"
    nb["cells"][0]["source"] = ["# 01 · Title\n", row.format(35)]
    english.write_text(json.dumps(nb), encoding="utf-8")
    data = json.loads(translation.read_text(encoding="utf-8"))
    data["cells"]["t"] = {"source_sha256": T.source_sha256(nb["cells"][0]), "text": "# 01 · 标题\n| 用时 | 约 35 秒 |"}
    translation.write_text(json.dumps(data), encoding="utf-8")
    assert ["write {seconds} where the number goes" in p for p in T.problems()] == [True]
    data["cells"]["t"]["text"] = "# 01 · 标题\n| 用时 | 约 {seconds} 秒 |"
    translation.write_text(json.dumps(data), encoding="utf-8")
    nb["cells"][0]["source"] = ["# 01 · Title\n", row.format(45)]  # execute measured again
    english.write_text(json.dumps(nb), encoding="utf-8")
    assert T.problems() == []  # the run time is generated: the translation is not stale
    T.write_editions()
    zh = json.loads((T.ZH_DIR / "01_x.ipynb").read_text(encoding="utf-8"))
    assert "| 用时 | 约 45 秒 |" in "".join(zh["cells"][0]["source"])
