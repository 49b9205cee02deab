"""The launcher (python -m course_utils ...), the re-execute command and the style check."""

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_utils import __main__ as launcher
from course_utils.paths import NOTEBOOK_DIR, ROOT, course_notebooks
from course_utils.tools import execute


def test_help_and_unknown_command(capsys):
    assert launcher.main([]) == 0
    assert "lab " in capsys.readouterr().out
    assert launcher.main(["frobnicate"]) == 2


def test_every_module_command_has_a_main():
    for command, module in launcher.MODULE_COMMANDS.items():
        assert callable(importlib.import_module(module).main), command


def test_course_notebooks_are_the_chapters_in_order():
    names = [p.name for p in course_notebooks()]
    assert names[0] == "00_start_here.ipynb" and names[-1] == "10_transformer.ipynb" and names == sorted(names)
    assert all(p.parent == NOTEBOOK_DIR for p in course_notebooks())


def test_launcher_runs_on_a_bare_python_import():
    # the launcher module must not import numpy/torch before it has installed them
    code = "import sys, course_utils.__main__; print([m for m in ('numpy', 'torch') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_execute_stores_clean_outputs(tmp_path):
    source = "import os, sys\nprint(os.environ['OMP_NUM_THREADS'])\nsys.stdout.flush()\nprint('two')"
    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell(source)])
    nb.metadata["widgets"] = {"state": {}}
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    assert execute.main([str(path)]) == 0
    stored = json.loads(path.read_text(encoding="utf-8"))
    cell = stored["cells"][1]
    assert cell["execution_count"] == 1 and "".join(cell["outputs"][0]["text"]) == "1\ntwo\n"  # one thread, as in CI
    assert len(cell["outputs"]) == 1  # stream chunks merged: no churn from flush timing
    assert "execution" not in cell["metadata"] and "widgets" not in stored["metadata"]
    assert stored["metadata"]["lm_foundations"]["code_sha256"] == execute.code_hash(nbformat.read(path, 4))


def test_execute_keeps_old_outputs_when_a_cell_fails(tmp_path, capsys):
    path = tmp_path / "bad.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1/0")]), path)
    before = path.read_text(encoding="utf-8")
    assert execute.main([str(path)]) == 1
    assert "FAILED bad.ipynb" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before


def test_code_hash_ignores_markdown_and_outputs():
    a = new_notebook(cells=[new_markdown_cell("x"), new_code_cell("1")])
    b = new_notebook(cells=[new_markdown_cell("y"), new_code_cell("1")])
    b.cells[1].outputs = [nbformat.v4.new_output("stream", text="1")]
    assert execute.code_hash(a) == execute.code_hash(b)
    b.cells[1].metadata["tags"] = ["nbval-skip"]
    assert execute.code_hash(a) != execute.code_hash(b)


def test_ruff_clean():
    # ruff is in the test extras: missing, it is a failure, not a skip
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, 'ruff is not installed: python -m pip install -e ".[test]"'
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_clean_merges_stream_chunks_and_drops_widget_outputs():
    cell = new_code_cell("print(1)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "Box()", execute.WIDGET_VIEW: {"model_id": "x"}}),
    ]
    cell.metadata["execution"] = {"iopub.status.busy": "2026"}
    nb = new_notebook(cells=[cell])
    execute.clean(nb)
    outs = nb.cells[0].outputs
    assert [(o.output_type, o.get("name"), o.get("text")) for o in outs[:2]] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "w\n"),
    ]
    assert len(outs) == 2, "a widget output (its repr, e.g. 'Box()' or '  0%|') is not stored"
    assert "execution" not in nb.cells[0].metadata
