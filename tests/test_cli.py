"""The course's command line (python -m course_utils COMMAND): bad input is refused before anything runs.

Every command has an argparse parser: ``--help`` prints its usage and does nothing else (exit 0), an unknown
option or an option without its value is argparse's error (exit 2, naming the problem). ``lab`` and ``test``
pass the options they do not know on to JupyterLab and pytest. The commands run in-process here, with every
function that would act (install, download, write, run) replaced by one that fails the test.
"""

import pytest

from course_utils import __main__ as launcher
from course_utils import data, results
from course_utils.paths import EXERCISE_DIR, NOTEBOOK_DIR, ROOT
from course_utils.tools import editions, execute, labcheck, site

COMMANDS = [*launcher.COMMANDS, *launcher.MODULE_COMMANDS]
#: the commands whose parser is strict (``lab`` and ``test`` pass unknown options on)
STRICT = [c for c in COMMANDS if c not in ("lab", "test")]


def run(argv: list[str]) -> int:
    """``python -m course_utils ARGV`` in-process: its exit status, whether returned or raised."""
    try:
        return launcher.main(argv)
    except SystemExit as exc:
        return exc.code


def _snapshot() -> dict:
    """What a command could change in the repository: the notebooks (editions included) and generated folders."""
    files = [*sorted(NOTEBOOK_DIR.rglob("*.ipynb")), ROOT / "README.md", NOTEBOOK_DIR / "run_times.json"]
    state = {str(p): p.stat().st_mtime_ns for p in files if p.is_file()}
    for folder in ("site", "backups", "artifacts"):
        path = ROOT / folder
        state[folder] = path.stat().st_mtime_ns if path.exists() else None
    return state


@pytest.fixture
def inert(monkeypatch):
    """Every function a command would act with fails the test when called; the repository must not change."""

    def forbid(name):
        def fail(*args, **kwargs):
            raise AssertionError(f"{name} was called")

        return fail

    for owner, name in [
        (launcher, "ensure_installed"),
        (launcher, "_reexec_in_venv"),
        (launcher.subprocess, "call"),
        (data, "fetch"),
        (data, "write_toy_manifest"),
        (execute, "execute"),
        (editions, "write_editions"),
        (editions, "expected_badges"),
        (site, "build_site"),
        (labcheck, "run"),
        (results, "sync_readme"),
    ]:
        monkeypatch.setattr(owner, name, forbid(f"{owner.__name__}.{name}"))
    before = _snapshot()
    yield
    assert _snapshot() == before, "the command changed files in the repository"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_prints_usage_and_does_nothing_else(command, inert, capsys):
    assert run([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"usage: python -m course_utils {command}" in out


@pytest.mark.parametrize("command", [c for c in STRICT if c != "data"])  # data's parser has subcommands
@pytest.mark.parametrize("option", ["--chek", "--out-dir=x"])
def test_an_unknown_option_is_refused(command, option, inert, capsys):
    assert run([command, option]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err and option in err
    assert f"usage: python -m course_utils {command}" in err  # what the command does accept
    assert f"python -m course_utils {command} --help" in err  # where to read more


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["site", "--out"], "argument --out: expected one argument"),
        (["lab-check", "--out"], "argument --out: expected one argument"),
        (["lab-check", "--chromium"], "argument --chromium: expected one argument"),
        (["lab-check", "--port", "x"], "argument --port: invalid int value: 'x'"),
        (["editions", "--check", "extra"], "unrecognized arguments: extra"),
        (["results", "stale"], "unrecognized arguments: stale"),
        (["check", "now"], "unrecognized arguments: now"),
    ],
)
def test_bad_values_are_argparse_errors(argv, message, inert, capsys):
    assert run(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["frobnicate"], ["edition"], ["--chek"], ["--here", "lab"]])
def test_an_unknown_command_lists_the_commands(argv, inert, capsys):
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert repr(argv[0]) in err and "lab, test, check, execute, editions, site" in err and "--help" in err


def test_no_command_prints_the_overview(inert, capsys):
    assert run([]) == 0 and run(["-h"]) == 0
    out = capsys.readouterr().out
    assert all(f"    {c} " in out for c in COMMANDS) and "COMMAND --help" in out


def test_execute_checks_its_notebooks_before_downloading_anything(inert, tmp_path, capsys):
    assert run(["execute", str(tmp_path / "nope.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err  # data.fetch and execute would have failed the test


def test_test_passes_unknown_options_to_pytest(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(launcher, "ensure_installed", lambda test: None)
    monkeypatch.setattr(data, "NOTEBOOK_DATASETS", ())
    monkeypatch.setattr(launcher.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert run(["test", "--here", "-k", "ngram", "-x"]) == 0
    assert len(calls) == 2 and all(cmd[-3:] == ["-k", "ngram", "-x"] for cmd in calls)
    assert not any("--here" in cmd for cmd in calls)


def test_lab_passes_unknown_options_to_jupyterlab(monkeypatch):
    calls = []
    monkeypatch.setattr(launcher, "ensure_installed", lambda test: None)
    monkeypatch.setattr(launcher.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert run(["lab", "--port", "8890", "--here"]) == 0
    (cmd,) = calls
    assert cmd[2] == "jupyterlab" and cmd[4:6] == ["--port", "8890"] and "--here" not in cmd


@pytest.mark.parametrize("command", ["lab", "test"])
def test_outside_an_environment_lab_and_test_continue_in_the_venv_with_the_same_arguments(command, monkeypatch):
    calls = []
    monkeypatch.setattr(launcher, "_in_env", lambda: False)
    monkeypatch.setattr(launcher, "_reexec_in_venv", lambda argv: calls.append(argv) or 0)
    monkeypatch.setattr(launcher, "ensure_installed", lambda test: pytest.fail("installed outside .venv"))
    assert run([command, "-k", "x"]) == 0
    assert calls == [[command, "-k", "x"]]


def test_editions_help_leaves_the_exercise_editions_alone(inert, capsys):
    stamps = {p: p.stat().st_mtime_ns for p in EXERCISE_DIR.glob("*.ipynb")}
    assert run(["editions", "--help"]) == 0 and run(["editions", "--chek"]) == 2
    assert "--check" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in EXERCISE_DIR.glob("*.ipynb")} == stamps


# ---------------------------------------------------------------- pip: the reader's configuration, and a mirror hint

NO_INDEX_OPTIONS = ("--index-url", "-i", "--extra-index-url", "--no-index", "--isolated", "--find-links", "-f")


@pytest.fixture
def hint_not_shown(monkeypatch):
    """A fresh run of the launcher: the mirror hint not printed yet, ``pip config list`` never run."""
    monkeypatch.setattr(launcher, "_hint_shown", False)
    monkeypatch.setattr(launcher, "_pip_config_list", lambda: "")


def test_pip_adds_no_index_option_and_keeps_the_environment(monkeypatch, hint_not_shown):
    """pip.conf and PIP_INDEX_URL (a mirror) apply to every install the launcher runs."""
    calls = []
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    monkeypatch.setattr(launcher.subprocess, "check_call", lambda cmd, **kw: calls.append((cmd, kw)) or 0)
    launcher._pip("-e", str(ROOT))
    ((cmd, kw),) = calls
    assert cmd[1:4] == ["-m", "pip", "install"] and not set(cmd) & set(NO_INDEX_OPTIONS)
    assert kw.get("env") is None  # the child inherits os.environ, PIP_* variables included


def test_the_first_big_install_prints_the_mirror_hint_once_and_installs_torch_from_the_configured_index(
    monkeypatch, hint_not_shown, capsys
):
    installs = []
    real = launcher.importlib.util.find_spec
    monkeypatch.delenv("COURSE_TORCH_INDEX", raising=False)
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    monkeypatch.setattr(
        launcher.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    monkeypatch.setattr(launcher, "_pip", lambda *args: installs.append(args))
    launcher.ensure_installed(test=False)
    launcher.ensure_installed(test=False)
    assert installs[0] == (launcher.TORCH_SPEC,)  # no --index-url: the reader's mirror applies
    err = capsys.readouterr().err
    assert err.count(launcher.MIRROR) == 1 and "https://mirror.example/simple (set by PIP_INDEX_URL)" in err


def test_a_failed_install_prints_the_mirror_hint_with_the_index_in_effect(monkeypatch, hint_not_shown, capsys):
    def fail(cmd, **kw):
        raise launcher.subprocess.CalledProcessError(1, cmd)

    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    monkeypatch.setattr(launcher.subprocess, "check_call", fail)
    for _ in range(2):
        with pytest.raises(launcher.subprocess.CalledProcessError):
            launcher._pip("-e", str(ROOT))
    err = capsys.readouterr().err
    assert err == launcher.mirror_hint("https://mirror.example/simple (set by PIP_INDEX_URL)") + "\n"  # once
    assert 3 <= len(err.splitlines()) <= 4
    assert f"python -m pip config set global.index-url {launcher.MIRROR}" in err
    assert f"python -m pip install {launcher.TORCH_SPEC} --index-url {launcher.TORCH_CPU_INDEX}" in err


@pytest.mark.parametrize(
    ("environ", "config", "index"),
    [
        ({}, "", "https://pypi.org/simple (pip's default)"),
        ({}, "global.index-url='https://g/simple'\n", "https://g/simple (set by pip config global.index-url)"),
        (
            {},
            "global.index-url='https://g/simple'\ninstall.index-url='https://i/simple'\n",
            "https://i/simple (set by pip config install.index-url)",
        ),
        (
            {"PIP_INDEX_URL": "https://e/simple"},
            "global.index-url='https://g/simple'\n:env:.index-url='https://e/simple'\n",
            "https://e/simple (set by PIP_INDEX_URL)",
        ),
        (
            {},
            "global.extra-index-url='file:///opt/pypi/simple'\n",
            "https://pypi.org/simple (pip's default), and also file:///opt/pypi/simple "
            "(pip config global.extra-index-url)",
        ),
    ],
)
def test_configured_index_reads_pip_as_pip_does(environ, config, index):
    assert launcher.configured_index(environ, config) == index


@pytest.mark.parametrize("command", ["lab", "test"])
def test_a_failed_install_ends_the_command_with_pips_status(command, monkeypatch, capsys):
    def fail(test):
        raise launcher.subprocess.CalledProcessError(3, ["pip"])

    monkeypatch.setattr(launcher, "ensure_installed", fail)
    monkeypatch.setattr(launcher.subprocess, "call", lambda *a, **kw: pytest.fail("ran after a failed install"))
    assert run([command, "--here"]) == 3
    assert "pip exited with status 3" in capsys.readouterr().err


# ---------------------------------------------------------------- test: the notebooks run offline


def _run_test_command(monkeypatch) -> list[tuple[list[str], dict]]:
    calls = []
    monkeypatch.setattr(launcher, "ensure_installed", lambda test: None)
    monkeypatch.setattr(data, "NOTEBOOK_DATASETS", ())
    monkeypatch.setattr(launcher.subprocess, "call", lambda cmd, **kw: calls.append((cmd, kw["env"])) or 0)
    assert run(["test", "--here"]) == 0
    return calls


def test_test_runs_the_notebooks_with_the_network_blocked(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    (unit, unit_env), (nbval, nbval_env) = _run_test_command(monkeypatch)
    assert "tests" in unit and "COURSE_OFFLINE" not in unit_env  # the unit tests block it themselves (conftest)
    assert "--nbval" in nbval and nbval_env["COURSE_OFFLINE"] == "1"
    assert "notebooks (nbval) (network blocked: COURSE_OFFLINE=1)" in capsys.readouterr().out


def test_course_offline_0_lets_the_notebooks_use_the_network(monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "0")
    (_, unit_env), (_, nbval_env) = _run_test_command(monkeypatch)
    assert unit_env["COURSE_OFFLINE"] == nbval_env["COURSE_OFFLINE"] == "0"


def test_without_the_data_the_notebooks_are_not_run_and_the_fetch_command_is_named(monkeypatch, capsys):
    calls = []

    def offline_fetch(name):
        raise data.DataError("no network")

    monkeypatch.setattr(launcher, "ensure_installed", lambda test: None)
    monkeypatch.setattr(data, "NOTEBOOK_DATASETS", ("ptb", "hongloumeng"))
    monkeypatch.setattr(data, "fetch", offline_fetch)
    monkeypatch.setattr(launcher.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert run(["test", "--here"]) == 1
    assert len(calls) == 1 and "--nbval" not in calls[0]  # the unit tests still run
    out = capsys.readouterr().out
    assert "python -m course_utils data fetch ptb hongloumeng" in out and "notebooks (nbval): FAILED" in out


def test_readme_gives_the_same_mirror_commands_as_the_hint():
    """The README's steps for mainland China and the hint that lab/test print must not drift apart."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m pip config set global.index-url {launcher.MIRROR}" in readme
    assert launcher.TORCH_CPU_INDEX in readme and launcher.TORCH_SPEC in readme
    assert data.MIRRORS_ENV_VAR in readme and "data fetch --from" in readme
