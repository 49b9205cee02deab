"""Exercise-only editions (notebooks/exercises/) and the Colab set-up every notebook starts with."""

import json
import shutil
import subprocess

import pytest

from course_utils.notebook import COLAB_CELL, colab_badge
from course_utils.paths import NOTEBOOK_DIR, course_notebooks
from course_utils.tools import editions

NOTEBOOKS = course_notebooks()


def test_committed_editions_are_what_the_command_generates(capsys):
    assert editions.main(["--check"]) == 0, "run: python -m course_utils editions"
    assert "up to date" in capsys.readouterr().out


def test_an_edition_drops_the_solutions_and_keeps_everything_else():
    full = json.loads((NOTEBOOK_DIR / "09_elmo.ipynb").read_text(encoding="utf-8"))
    edition = editions.exercise_edition(full, "09_elmo.ipynb")
    kept = [c for c in full["cells"] if "solution" not in c["metadata"].get("tags", [])]
    assert editions.solution_count(edition) == 0 and len(edition["cells"]) == len(kept) + 1
    code = [c for c in edition["cells"] if c["cell_type"] == "code"]
    assert code == [c for c in kept if c["cell_type"] == "code"]  # sources and stored outputs unchanged
    stub = next(c for c in code if "raise NotImplementedError" in "".join(c["source"]))
    assert "not written yet" in "".join(stub["outputs"][0]["text"])  # what a reader sees before solving
    text = "\n".join("".join(c["source"]) for c in edition["cells"] if c["cell_type"] == "markdown")
    assert "blob/main/notebooks/exercises/09_elmo.ipynb" in text  # Colab opens the edition
    assert "](10_transformer.ipynb)" in text and "../09_elmo.ipynb" in text  # 10 has an edition of its own
    # a notebook without an exercise edition (00) is reached in the full notebooks' folder
    assert "](../00_start_here.ipynb)" in editions._relink("[00](00_start_here.ipynb)", {"09_elmo.ipynb"})
    with pytest.raises(ValueError, match="solution"):
        editions.exercise_edition({"cells": [full["cells"][0]]}, "x.ipynb")


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """``editions`` writing to a scratch exercise folder and backup folder; the badges are not touched."""
    monkeypatch.setattr(editions, "EXERCISE_DIR", tmp_path / "exercises")
    monkeypatch.setattr(editions, "ZH_EXERCISE_DIR", tmp_path / "zh" / "exercises")
    monkeypatch.setattr(editions.translations, "ZH_DIR", tmp_path / "zh")
    monkeypatch.setattr(editions, "BACKUP_DIR", tmp_path / "backups")
    monkeypatch.setattr(editions, "expected_badges", dict)
    return tmp_path


def test_checks_catch_a_stale_edition(scratch, capsys):
    folder = scratch / "exercises"
    assert editions.main([]) == 0 and len(list(folder.glob("*.ipynb"))) == len(editions.notebooks_with_solutions())
    assert not (scratch / "backups").exists()  # a first generation has nothing to keep
    (folder / "01_statistical_lm.ipynb").write_text("{}", encoding="utf-8")
    (folder / "99_old.ipynb").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert editions.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "01_statistical_lm.ipynb" in err and "99_old.ipynb" in err and "python -m course_utils editions" in err
    assert (folder / "01_statistical_lm.ipynb").read_text(encoding="utf-8") == "{}"  # --check writes nothing
    assert not (scratch / "backups").exists()
    assert editions.main([]) == 0 and not (folder / "99_old.ipynb").exists()
    assert editions.main(["--check"]) == 0


def _solve(text: str) -> str:
    """An edition as a reader leaves it: the first exercise stub replaced by an answer."""
    nb = json.loads(text)
    stub = next(c for c in nb["cells"] if "raise NotImplementedError" in "".join(c["source"]))
    stub["source"] = ["def my_answer():\n", "    return 42  # 我的答案\n"]
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def test_regenerating_keeps_a_copy_of_a_learners_work(scratch, capsys):
    folder = scratch / "exercises"
    assert editions.main([]) == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.ipynb")}
    solved = _solve(fresh["01_statistical_lm.ipynb"])
    (folder / "01_statistical_lm.ipynb").write_text(solved, encoding="utf-8")
    (folder / "my_notes.ipynb").write_text('{"cells": []}', encoding="utf-8")  # a notebook of the reader's own
    capsys.readouterr()

    assert editions.main([]) == 0
    out = capsys.readouterr().out
    (backup,) = (scratch / "backups").iterdir()  # one folder for this run
    assert sorted(p.name for p in backup.iterdir()) == ["01_statistical_lm.ipynb", "my_notes.ipynb"]
    assert (backup / "01_statistical_lm.ipynb").read_text(encoding="utf-8") == solved
    assert (backup / "my_notes.ipynb").read_text(encoding="utf-8") == '{"cells": []}'
    assert str(backup) in out and "01_statistical_lm.ipynb" in out and "my_notes.ipynb" in out
    assert "carry your cells over" in out and "outside notebooks/" in out  # what to do next
    # the folder holds exactly the generated editions again, so CI's check passes
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.ipynb")} == fresh
    assert editions.main(["--check"]) == 0

    capsys.readouterr()
    assert editions.main([]) == 0  # nothing differs: nothing more to keep
    assert len(list((scratch / "backups").iterdir())) == 1 and "copies" not in capsys.readouterr().out


def test_two_runs_in_the_same_second_keep_both_copies(scratch, monkeypatch):
    monkeypatch.setattr(editions.time, "strftime", lambda fmt: "20260101-120000")
    folder = scratch / "exercises"
    editions.main([])
    for answer in ("first", "second"):
        (folder / "02_smoothing.ipynb").write_text(answer, encoding="utf-8")
        editions.main([])
    kept = sorted((scratch / "backups").iterdir())
    assert [p.name for p in kept] == ["20260101-120000", "20260101-120000-2"]
    assert [(p / "02_smoothing.ipynb").read_text(encoding="utf-8") for p in kept] == ["first", "second"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_file_git_holds_is_replaced_without_a_copy(scratch, capsys):
    folder = scratch / "exercises"
    editions.main([])
    (folder / "03_nnlm.ipynb").write_text("committed, then the chapter changed", encoding="utf-8")
    (folder / "98_renamed.ipynb").write_text("an edition whose chapter was renamed", encoding="utf-8")
    (folder / "04_backprop.ipynb").write_text("staged, then edited again", encoding="utf-8")
    git = ["git", "-c", "core.autocrlf=false"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "."], cwd=folder, check=True)  # the index is what counts; no commit needed
    (folder / "04_backprop.ipynb").write_text("a reader's answers, not in git", encoding="utf-8")
    assert editions._in_git(sorted(folder.glob("0[34]_*.ipynb"))) == {folder / "03_nnlm.ipynb"}
    capsys.readouterr()

    assert editions.main([]) == 0
    out = capsys.readouterr().out
    (backup,) = (scratch / "backups").iterdir()
    assert [p.name for p in backup.iterdir()] == ["04_backprop.ipynb"]  # only what git cannot bring back
    assert "updated 03_nnlm.ipynb" in out and "removed 98_renamed.ipynb" in out and "git checkout" in out
    assert not (folder / "98_renamed.ipynb").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_opens_in_colab(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert colab_badge(f"notebooks/{path.name}") in "".join(cells[0]["source"])
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert "".join(first_code["source"]) == COLAB_CELL and first_code["outputs"] == []


def test_the_repository_address_lives_in_pyproject_and_every_badge_follows_it(monkeypatch, tmp_path):
    from course_utils import notebook, paths

    assert notebook.REPOSITORY == paths.repository() == "lm-foundations/lm-foundations"
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert notebook.binder_badge() in readme
    assert editions.expected_badges()[paths.ROOT / "README.md"] == readme  # nothing stale today
    # a new address in pyproject.toml makes every badge and Colab cell stale until `editions` regenerates them
    monkeypatch.setattr(notebook, "REPOSITORY", "someone/fork")
    monkeypatch.setattr(
        notebook, "COLAB_CELL", notebook.COLAB_CELL.replace("lm-foundations/lm-foundations", "someone/fork")
    )
    fresh = editions.expected_badges()
    assert all("someone/fork" in text for text in fresh.values())
    assert editions.main(["--check"]) == 1


def test_repository_rejects_an_address_that_is_not_github(monkeypatch, tmp_path):
    from course_utils import paths

    (tmp_path / "pyproject.toml").write_text(
        '[project]\nurls = {Repository = "https://example.org/x"}\n', encoding="utf-8"
    )
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    with pytest.raises(ValueError, match=r"must be https://github\.com/OWNER/NAME"):
        paths.repository()


def test_every_exercise_edition_runs_exactly_like_its_full_notebook():
    # the reason the test command's nbval runs the full notebooks only (tools.editions.independence_problems)
    for path in editions.notebooks_with_solutions():
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert editions.independence_problems(nb, path.name) == []


def _cell(source, solution=False):
    meta = {"tags": ["solution"]} if solution else {}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [], "execution_count": None}


def test_an_edition_that_could_run_differently_is_caught():
    stub = _cell("def f(x):\n    raise NotImplementedError\n\n\ncheck.f(f)")
    solution = _cell("def f(x):\n    return 2 * x\n\n\ncheck.f(f)", solution=True)
    fine = {"cells": [stub, solution, _cell('Markdown(glossary_markdown("01"))')]}
    assert editions.independence_problems(fine) == []
    reads = {"cells": [stub, solution, _cell("print(f(3))")]}
    assert "reads f" in editions.independence_problems(reads)[0]
    rebinds = {"cells": [stub, solution, _cell("def f(x):\n    return x\n\n\nprint(f(3))")]}
    assert editions.independence_problems(rebinds) == []  # its own f, not the solution's
    state = {"cells": [stub, _cell("def f(x):\n    return 2 * x\n\n\ntable = f(3)", solution=True)]}
    assert "only def, class, import and check" in editions.independence_problems(state)[0]
