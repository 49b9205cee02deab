"""Where the course's files are: the repository root, its notebooks and the course's own data folder.

One place for what modules and tests would otherwise each compute from ``Path(__file__)``. Standard library
only: the launcher (``python -m course_utils``) imports it on a bare Python, before anything is installed.
"""

from __future__ import annotations

from pathlib import Path

#: the repository (course folder): this package is installed from a clone with ``pip install -e .``
ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
#: the generated exercise-only editions (``python -m course_utils editions``)
EXERCISE_DIR = NOTEBOOK_DIR / "exercises"
#: the course's own small data files, listed in ``data/MANIFEST.json`` (not the data-set cache)
REPO_DATA = ROOT / "data"
#: a course notebook's name: two digits, an underscore, a name (``00_start_here.ipynb`` ... ``09_elmo.ipynb``)
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Every course notebook in ``folder`` (default ``notebooks/``), in chapter order."""
    return sorted(Path(folder).glob(NOTEBOOK_GLOB))
