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


def repository() -> str:
    """The course's GitHub repository as ``owner/name``, from ``[project.urls] Repository`` in pyproject.toml.

    Read from the checkout's pyproject.toml, else from the installed package's metadata.
    """
    import re

    url = ""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        url = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get("urls", {}).get("Repository", "")
    else:
        from importlib.metadata import PackageNotFoundError, metadata

        try:
            urls = metadata("lm-foundations").get_all("Project-URL") or []
        except PackageNotFoundError:
            urls = []
        url = next((u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("repository")), "")
    found = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", url)
    if not found:
        raise ValueError(f"[project.urls] Repository must be https://github.com/OWNER/NAME, got {url!r}")
    return found.group(1)
