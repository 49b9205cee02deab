"""``python -m course_utils COMMAND``: set up, open, test and maintain the course from one place.

    lab       install what the course needs (first time only) and open JupyterLab at notebook 00 (--lang zh)
    test      install the test extras (first time only) and run every test: unit tests, then nbval
    check     print OK/FAIL for every required package, with the command that fixes each FAIL
    execute   re-run notebooks and store their outputs cleanly (the only way outputs are stored)
    editions  write the exercise-only editions to notebooks/exercises/ (--check: fail if they are stale)
    site      build the static, readable edition of the course into site/ (open site/index.html)
    slides    build offline slide decks (reveal.js) for the projector into slides/ (NN, or --all)
    lab-check run every notebook in JupyterLab in headless Chromium, check errors and widgets, screenshot
    results   rewrite the README's results sections from results/*.json (--check: fail if they are stale)
    data      list, fetch or verify data sets (python -m course_utils data --help)

Run from the course folder with any Python 3.11+. Outside a virtual environment (or conda
environment), ``lab`` and ``test`` first create ``.venv`` in the course folder and continue inside
it, so nothing is installed into your system Python; ``--here`` skips that. Only the standard
library is imported before the install step, so this works on a bare Python. Installs run
``python -m pip install`` with your pip configuration untouched (a mirror set with ``pip config`` or
``PIP_INDEX_URL`` applies); before a first large install, and when one fails, ``lab`` and ``test`` print
the index in effect, how to use a mirror, and how to get the small CPU-only PyTorch.

Every command has its own help, which does nothing else: python -m course_utils COMMAND --help
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from .offline import ENV_VAR as OFFLINE_VAR
from .paths import ROOT

#: the exact torch this course is tested with; a looser spec can pull a multi-GB CUDA build
TORCH_SPEC = "torch==2.13.0"
TEST_MODULES = ("pytest", "xdist", "nbval", "hypothesis", "ruff")
CORE_MODULES = ("numpy", "matplotlib", "ipywidgets", "tqdm", "jupyterlab", "nbclient", "ipykernel")


def _in_env() -> bool:
    return sys.prefix != sys.base_prefix or bool(os.environ.get("CONDA_PREFIX"))


def _venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _reexec_in_venv(argv: list[str]) -> int:
    """Create ``.venv`` if needed and run this same command with its Python."""
    import venv

    folder = ROOT / ".venv"
    python = _venv_python(folder)
    if not python.exists():
        print(f"Creating a virtual environment in {folder} (once) ...", flush=True)
        try:
            venv.create(folder, with_pip=True)
        except Exception as exc:  # e.g. Debian without python3-venv
            print(
                f"Could not create {folder}: {exc}\nInstall venv support (Debian/Ubuntu: sudo apt install "
                "python3-venv), or use conda (see README), or pass --here to install into this Python.",
                file=sys.stderr,
            )
            return 1
    return subprocess.call([str(python), "-m", "course_utils", *argv], cwd=ROOT)


#: a PyPI mirror many readers in mainland China use (Tsinghua University's); any mirror works the same way
MIRROR = "https://pypi.tuna.tsinghua.edu.cn/simple"
#: PyTorch's own index of CPU-only builds: a fraction of the size of the default (CUDA) build on Linux
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PYPI = "https://pypi.org/simple"
#: whether the mirror hint has been printed in this run (it is printed at most once)
_hint_shown = False


def _pip_config_list() -> str:
    """``python -m pip config list``: pip's settings in effect, a ``section.key='value'`` a line ("" if pip fails)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60, cwd=ROOT
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def configured_index(environ: dict[str, str] | None = None, config: str | None = None) -> str:
    """The package index ``pip install`` uses now, and where that setting comes from.

    As pip decides: ``PIP_INDEX_URL``, else ``install.index-url``, else ``global.index-url`` of pip's
    configuration files (``config``: the output of ``pip config list``, read if not given), else PyPI.
    Extra indexes (``extra-index-url``), which pip searches as well, are named after it.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for key in ("index-url", "extra-index-url"):  # the environment wins over every configuration file
        value = environ.get(f"PIP_{key.upper().replace('-', '_')}", "").strip()
        if value:
            found[f":env:.{key}"] = value
    for line in (_pip_config_list() if config is None else config).splitlines():
        key, sep, value = line.partition("=")
        value = value.strip().strip("'\"")
        if sep and value:
            found.setdefault(key.strip(), value)

    def first(key: str) -> tuple[str, str] | None:
        env = f"PIP_{key.upper().replace('-', '_')}"
        for section, origin in ((":env:", env), ("install", "pip config install."), ("global", "pip config global.")):
            origin = origin if section == ":env:" else origin + key
            if found.get(f"{section}.{key}"):
                return found[f"{section}.{key}"], origin
        return None

    index = first("index-url")
    text = f"{index[0]} (set by {index[1]})" if index else f"{PYPI} (pip's default)"
    extra = first("extra-index-url")
    return text + (f", and also {extra[0]} ({extra[1]})" if extra else "")


def mirror_hint(index: str | None = None) -> str:
    """How to download faster from a mirror, and the CPU-only PyTorch: what ``lab`` and ``test`` print (once)
    before a large first install and when an install fails, and what the README says.

    ``index``: the index in effect (default: :func:`configured_index`).
    """
    index = configured_index() if index is None else index
    return "\n".join(
        [
            f"pip downloads from {index}. Slow? Use a mirror near you:",
            f"    python -m pip config set global.index-url {MIRROR}   (one run only: set PIP_INDEX_URL to it)",
            "Linux without an NVIDIA GPU? The CPU-only PyTorch is much smaller; install it first, then run this again:",
            f"    python -m pip install {TORCH_SPEC} --index-url {TORCH_CPU_INDEX}",
        ]
    )


def _show_mirror_hint() -> None:
    """Print :func:`mirror_hint` to stderr, the first time only."""
    global _hint_shown
    if not _hint_shown:
        _hint_shown = True
        print(mirror_hint(), file=sys.stderr, flush=True)


def _pip(*args: str) -> None:
    """``python -m pip install ARGS`` in the course folder, with this environment unchanged.

    No index option is added here, so the reader's pip configuration (``pip.conf``, ``PIP_INDEX_URL``: a
    mirror) applies. A failed install prints the mirror hint (if not printed yet) and raises
    ``subprocess.CalledProcessError``.
    """
    cmd = [sys.executable, "-m", "pip", "install", *args]
    print("$ " + " ".join(cmd), flush=True)
    try:
        subprocess.check_call(cmd, cwd=ROOT)
    except subprocess.CalledProcessError:
        _show_mirror_hint()
        raise


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def ensure_installed(test: bool) -> None:
    """Install torch (exact version) and the course (editable, with test extras) if anything is missing.

    Before a first install of torch or the core stack (hundreds of MB) the mirror hint is printed once.
    """
    if importlib.util.find_spec("torch") is None or _missing(CORE_MODULES):
        _show_mirror_hint()
    if importlib.util.find_spec("torch") is None:
        index = os.environ.get("COURSE_TORCH_INDEX")  # e.g. https://download.pytorch.org/whl/cpu
        _pip(TORCH_SPEC, *(["--index-url", index] if index else []))
    missing = _missing(CORE_MODULES + (TEST_MODULES if test else ()))
    try:
        import importlib.metadata as md

        md.version("lm-foundations")
    except Exception:
        missing.append("lm-foundations")
    if missing:
        print(f"Installing the course and its dependencies (missing: {', '.join(missing)}) ...", flush=True)
        _pip("-e", f"{ROOT}[test]" if test else str(ROOT))


def _install_failed(exc: subprocess.CalledProcessError) -> int:
    """Say that pip failed (its own message is above; the mirror hint too) and return its exit status."""
    print(f"The install stopped: pip exited with status {exc.returncode}; nothing else was run.", file=sys.stderr)
    return exc.returncode or 1


def _summary(command: str) -> str:
    """The command's line in this module's docstring (the top-level help)."""
    for line in __doc__.splitlines():
        if line.startswith(f"    {command} "):
            return line[len(command) + 4 :].strip()
    return ""


def _parser(command: str, epilog: str | None = None, usage: str | None = None) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog=f"python -m course_utils {command}",
        usage=usage,
        description=_summary(command),
        epilog=epilog,
        allow_abbrev=False,  # `lab` and `test` pass unknown options on: never read one as an abbreviation of ours
    )


HERE_HELP = (
    "install into the Python that runs this command instead of creating .venv in the course folder "
    "(only matters outside a virtual or conda environment)"
)


def _passing_on(command: str, argv: list[str], usage: str, epilog: str) -> tuple[bool, list[str]]:
    """Parse ``lab``/``test``: ``(here, rest)``, where ``rest`` goes to JupyterLab or pytest unchanged.

    ``--help`` prints the usage and exits before anything is installed.
    """
    parser = _parser(command, epilog=epilog, usage=f"%(prog)s [-h] [--here] [{usage} ...]")
    parser.add_argument("--here", action="store_true", help=HERE_HELP)
    args, rest = parser.parse_known_args(argv)
    return args.here or _in_env(), rest


def system_language(environ: dict[str, str] | None = None) -> str:
    """``"zh"`` when the system's locale is Chinese (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` or the locale module),
    else ``"en"``: the language ``lab`` opens when ``--lang`` is not given."""
    import locale

    environ = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):
            return "zh" if environ[var].lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith(("zh", "chinese")) else "en"


def _language(argv: list[str]) -> tuple[str, list[str]]:
    """Take ``--lang en|zh`` (or ``--lang=zh``) out of ``argv``; without it, the system's language."""
    rest, language = [], None
    items = iter(argv)
    for item in items:
        if item == "--lang":
            language = next(items, "")
        elif item.startswith("--lang="):
            language = item.split("=", 1)[1]
        else:
            rest.append(item)
    if language is None:
        return system_language(), rest
    if language not in ("en", "zh"):
        raise SystemExit(f"--lang must be en or zh (the course's two editions), got {language!r}")
    return language, rest


def cmd_lab(argv: list[str]) -> int:
    here, rest = _passing_on(
        "lab",
        argv,
        "JUPYTERLAB OPTION",
        "--lang zh opens the Chinese edition (default: the system's language). Any other option goes to "
        "JupyterLab, e.g. python -m course_utils lab --port 8890 --no-browser",
    )
    if not here:
        return _reexec_in_venv(["lab", *argv])
    try:
        ensure_installed(test=False)
    except subprocess.CalledProcessError as exc:
        return _install_failed(exc)
    language, rest = _language(rest)
    start = Path("notebooks") / ("zh" if language == "zh" else "") / "00_start_here.ipynb"
    if not (ROOT / start).is_file():  # no Chinese edition of the start page yet: the bilingual English one
        start = Path("notebooks") / "00_start_here.ipynb"
    cmd = [sys.executable, "-m", "jupyterlab", str(start), *rest]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--ServerApp.allow_root=True")  # containers and Binder-like machines run as root
    # the notebooks' kernels inherit it: the checkers of this session answer in its language (course_utils.i18n)
    from course_utils.tools.execute import SAME_ARITHMETIC

    # the same arithmetic as when the notebooks' outputs were stored: a reader sees the printed numbers
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, **SAME_ARITHMETIC, "COURSE_LANG": language})


def cmd_test(argv: list[str]) -> int:
    here, rest = _passing_on(
        "test",
        argv,
        "PYTEST ARGUMENT",
        "Any other argument goes to both pytest runs, e.g. python -m course_utils test -k ngram -x",
    )
    if not here:
        return _reexec_in_venv(["test", *argv])
    try:
        ensure_installed(test=True)
    except subprocess.CalledProcessError as exc:
        return _install_failed(exc)
    from course_utils import data

    missing = []
    for name in data.NOTEBOOK_DATASETS:  # fetched once, verified always
        try:
            data.fetch(name)
        except data.DataError as exc:  # offline or corrupted: say so, and still run what can run
            print(f"data set {name!r} unavailable: {exc}", file=sys.stderr)
            missing.append(name)
    from course_utils.tools.execute import SAME_ARITHMETIC

    # the notebooks' kernels compute as they did when their outputs were stored (execute.KERNEL_ENV)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", **SAME_ARITHMETIC}
    # the notebooks run with the network blocked (course_utils.offline, installed by setup_notebook): they run
    # only when every data set they read is in the cache (above), so this proves they need nothing else from
    # the network. The unit tests block it themselves (tests/conftest.py). COURSE_OFFLINE=0 turns both off.
    # the English notebooks' outputs are English: a reader's COURSE_LANG=zh must not make nbval see Chinese (the
    # Chinese notebooks choose Chinese themselves, in their first cell)
    nbval_env = {**env, OFFLINE_VAR: os.environ.get(OFFLINE_VAR, "1"), "COURSE_LANG": "en"}
    workers = min(2, os.cpu_count() or 1)
    parallel = ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []
    unit = [sys.executable, "-m", "pytest", "tests", *parallel, *rest]
    from course_utils.paths import course_notebooks
    from course_utils.tools.translations import NBVAL_SAMPLE, ZH_DIR

    # every English notebook. The exercise editions are the full notebooks without their solution cells,
    # provably run the same way (tools.editions.independence_problems, checked by the unit tests): executing them
    # again adds nothing. The Chinese notebooks compute exactly what the English ones do (translations.
    # code_differences) and their outputs come from executing them when the English outputs were what nbval now
    # checks (both hashes checked by tests/test_translations.py): nbval runs a sample of them, end to end in Chinese
    notebooks = [p.relative_to(ROOT) for p in course_notebooks()]
    notebooks += [(ZH_DIR / name).relative_to(ROOT) for name in NBVAL_SAMPLE if (ZH_DIR / name).is_file()]
    nbval = [
        sys.executable,
        "-m",
        "pytest",
        *map(str, notebooks),
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(Path("notebooks") / "nbval_sanitize.cfg"),
        *parallel,
        *rest,
    ]
    results = {}
    for label, cmd, cmd_env in (("unit tests", unit, env), ("notebooks (nbval)", nbval, nbval_env)):
        if label.startswith("notebooks") and missing:
            print(
                f"\n=== {label}: not run, the notebooks need the data sets {', '.join(missing)}; fetch them once "
                f"while online (python -m course_utils data fetch {' '.join(missing)}), then the tests run offline",
                flush=True,
            )
            results[label] = 1
            continue
        offline = f" (network blocked: {OFFLINE_VAR}=1)" if cmd is nbval and cmd_env[OFFLINE_VAR] == "1" else ""
        print(f"\n=== {label}{offline}: {' '.join(cmd[1:])}", flush=True)
        results[label] = subprocess.call(cmd, cwd=ROOT, env=cmd_env)
    print("\n" + "\n".join(f"{label}: {'passed' if rc == 0 else 'FAILED'}" for label, rc in results.items()))
    return 0 if all(rc == 0 for rc in results.values()) else 1


def cmd_check(argv: list[str]) -> int:
    _parser("check").parse_args(argv)  # no options: --help, and an unknown option is an error (exit 2)
    try:
        from course_utils.notebook import environment_check
    except ImportError as exc:
        print(f"[FAIL] the course is not installed ({exc}).\n       fix: python -m course_utils lab")
        return 1

    return 0 if environment_check(include_test=True) else 1


#: the commands this file runs itself, on any Python
COMMANDS = {"lab": cmd_lab, "test": cmd_test, "check": cmd_check}
#: the commands that live in their own module, each run by that module's ``main(argv)``
MODULE_COMMANDS = {
    "execute": "course_utils.tools.execute",
    "editions": "course_utils.tools.editions",
    "site": "course_utils.tools.site",
    "slides": "course_utils.tools.slides",
    "lab-check": "course_utils.tools.labcheck",
    "results": "course_utils.results",
    "data": "course_utils.data",
}


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m course_utils COMMAND [ARGS]``; the exit status (2 for an unknown command).

    Each command parses its own arguments with argparse: ``--help`` prints its usage and does nothing else
    (exit 0); an unknown option, or an option without its value, is an error (exit 2) before anything runs.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS.keys() | MODULE_COMMANDS.keys():
        names = ", ".join([*COMMANDS, *MODULE_COMMANDS])
        problem = f"unknown command {command!r}"
        if command.startswith("-"):
            problem = f"unknown option {command!r}: options go after the command (python -m course_utils lab --here)"
        print(
            f"usage: python -m course_utils COMMAND [ARGS]\npython -m course_utils: error: {problem}\n"
            f"The commands are: {names}. See what each does: python -m course_utils --help",
            file=sys.stderr,
        )
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on whatever Python the reader has
        print(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.", file=sys.stderr)
        return 1
    try:
        if command in MODULE_COMMANDS:
            # imported only now: these modules need what `lab` and `test` install
            return importlib.import_module(MODULE_COMMANDS[command]).main(rest)
        return COMMANDS[command](rest)
    except SystemExit as exc:
        if exc.code == 2:  # argparse refused the arguments (it has printed the usage and the problem)
            print(f"See what {command} accepts: python -m course_utils {command} --help", file=sys.stderr)
        raise


if __name__ == "__main__":
    sys.exit(main())
