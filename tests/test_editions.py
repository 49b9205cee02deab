"""Exercise-only editions (notebooks/exercises/) and the Colab set-up every notebook starts with."""

import json

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
    assert "](../00_start_here.ipynb)" in text and "../09_elmo.ipynb" in text
    with pytest.raises(ValueError, match="solution"):
        editions.exercise_edition({"cells": [full["cells"][0]]}, "x.ipynb")


def test_checks_catch_a_stale_edition(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(editions, "EXERCISE_DIR", tmp_path)
    assert editions.main([]) == 0 and len(list(tmp_path.glob("*.ipynb"))) == len(editions.notebooks_with_solutions())
    (tmp_path / "01_statistical_lm.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "99_old.ipynb").write_text("{}", encoding="utf-8")
    assert editions.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "01_statistical_lm.ipynb" in err and "99_old.ipynb" in err
    assert editions.main([]) == 0 and not (tmp_path / "99_old.ipynb").exists()


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
