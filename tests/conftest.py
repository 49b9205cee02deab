"""Shared test setup. Unit tests never touch the network; real data comes from $COURSE_DATA_DIR.

The network is blocked for the whole session (:mod:`course_utils.offline`, from ``pytest_configure`` on, so
collection is covered too): a test that tries to reach another machine fails with ``NetworkBlockedError``,
which proves every test runs offline; loopback and Unix sockets keep working. ``COURSE_OFFLINE=0`` turns the
guard off (to find out whether a failure is the guard's).
"""

import os

import pytest
from hypothesis import settings

from course_utils import data, offline
from course_utils.paths import ROOT

# CI runs the property tests on a fixed sequence of examples, so a green run can be repeated exactly;
# locally hypothesis keeps exploring new examples (and remembers failures in .hypothesis/)
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(offline.ENV_VAR, "").strip() != "0":
        offline.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    offline.uninstall()


SHARED = ROOT.parent / "shared" / "data"
if "COURSE_DATA_DIR" not in os.environ and SHARED.is_dir():
    # the course's own workspace keeps a read-only copy of every data set next to the repository
    os.environ["COURSE_DATA_DIR"] = str(SHARED)


def _have(name: str) -> bool:
    ds = data.REGISTRY[name]
    return all((data.data_dir() / name / f.name).is_file() for f in ds.files)


@pytest.fixture
def real_data():
    """Skip (or, with COURSE_REQUIRE_DATA=1 as in CI, fail) when a real data set is not cached."""

    def need(name: str) -> None:
        if _have(name):
            return
        message = f"data set {name!r} is not in {data.data_dir()}: python -m course_utils data fetch {name}"
        if os.environ.get("COURSE_REQUIRE_DATA") == "1":
            pytest.fail(message)
        pytest.skip(message)

    return need
