import errno
import hashlib
import http.client
import io
import re
import urllib.error

import pytest

from course_utils import data


@pytest.fixture(autouse=True)
def no_mirrors_from_the_environment(monkeypatch):
    """A reader's own $COURSE_DATA_MIRRORS must not change what these tests see (tests/test_data_mirrors.py
    tests the mirrors)."""
    monkeypatch.delenv(data.MIRRORS_ENV_VAR, raising=False)


@pytest.fixture
def fake_set(tmp_path, monkeypatch):
    """A registered one-file data set in a temporary cache, with its true bytes."""
    payload = b"hello world\nsecond line\n"
    entry = data.DataFile("f.txt", len(payload), hashlib.sha256(payload).hexdigest(), "https://example.invalid/f.txt")
    ds = data.DataSet("fake", "a fake data set", (entry,), "none", "tests")
    monkeypatch.setitem(data.REGISTRY, "fake", ds)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    return payload, tmp_path


def test_data_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    assert data.data_dir() == tmp_path
    monkeypatch.delenv(data.ENV_VAR)
    assert data.data_dir().name == "lm-foundations"


def test_unknown_data_set_lists_known_and_suggests():
    with pytest.raises(KeyError, match=r"Did you mean 'ptb'\?.*Known data sets: .*hongloumeng"):
        data.dataset("ptbb")


def test_missing_file_says_how_to_fetch(fake_set):
    with pytest.raises(data.DataNotFoundError, match="python -m course_utils data fetch fake"):
        data.path("fake")
    with pytest.raises(FileNotFoundError):  # also a FileNotFoundError for generic handlers
        data.path("fake")


def test_verified_file_is_read_as_utf8(fake_set):
    payload, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(payload)
    assert data.read_text("fake") == payload.decode()


@pytest.mark.parametrize("bad", [b"hello world\nsecond linX\n", b"short"])
def test_corrupted_file_is_refused(fake_set, bad):
    _, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(bad)
    with pytest.raises(data.DataCorruptedError, match=r"corrupted.*Delete it and fetch it again"):
        data.read_text("fake")


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_retries_then_writes_atomically(fake_set, monkeypatch):
    payload, root = fake_set
    calls = []

    def opener(url, timeout):
        calls.append(timeout)
        if len(calls) == 1:
            raise OSError("connection reset")
        return FakeResponse(payload)

    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", opener)
    paths = data.fetch("fake", timeout=7, quiet=True)
    assert paths["f.txt"].read_bytes() == payload
    assert calls == [7, 7]
    assert sorted(p.name for p in (root / "fake").iterdir()) == ["f.txt"]  # no .part left behind


def test_download_of_wrong_bytes_is_never_kept(fake_set, monkeypatch):
    _, root = fake_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(b"an error page"))
    with pytest.raises(data.DataError, match="after 3 attempts"):
        data.fetch("fake", quiet=True)
    assert list((root / "fake").iterdir()) == []


def test_path_download_true_fetches_missing(fake_set, monkeypatch):
    payload, _ = fake_set
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload))
    assert data.path("fake", download=True).read_bytes() == payload


def test_registry_entries_are_well_formed():
    for ds in data.REGISTRY.values():
        for f in ds.files:
            assert len(f.sha256) == 64 and set(f.sha256) <= set("0123456789abcdef")
            assert f.size > 0 and f.url.startswith("https://")


def test_toy_manifest_matches_files():
    for name, entry in data.toy_manifest().items():
        path = data.toy_path(name)  # verifies size and sha256
        assert path.stat().st_size == entry["size"]
        assert entry["description"]


def test_toy_manifest_lists_every_file_in_data():
    listed = set(data.toy_manifest())
    present = {p.name for p in data.REPO_DATA.iterdir() if p.is_file() and p.name != "MANIFEST.json"}
    assert present == listed


def test_unknown_toy_file():
    with pytest.raises(KeyError, match="MANIFEST"):
        data.toy_path("nope.txt")


@pytest.mark.data
def test_ptb_counts_match_sources(real_data):
    real_data("ptb")
    ptb = data.load_ptb()
    assert [len(ptb[s]) for s in ("train", "valid", "test")] == [42_068, 3_370, 3_761]
    assert [sum(map(len, ptb[s])) for s in ("train", "valid", "test")] == [887_521, 70_390, 78_669]
    with pytest.raises(ValueError, match="split"):
        data.load_ptb("dev")


@pytest.mark.data
def test_hongloumeng_length(real_data):
    real_data("hongloumeng")
    text = data.load_hongloumeng()
    assert len(text) == 879_195 and text.count("回") > 120


def test_http_errors_are_retried_and_leave_no_partial_file(fake_set, monkeypatch):
    payload, root = fake_set
    calls = []

    class Broken(FakeResponse):
        def read(self, n=-1):
            raise http.client.IncompleteRead(b"hel")

    def opener(url, timeout):
        calls.append(url)
        return Broken(b"") if len(calls) < 3 else FakeResponse(payload)

    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", opener)
    assert data.fetch("fake", quiet=True)["f.txt"].read_bytes() == payload
    assert len(calls) == 3 and sorted(p.name for p in (root / "fake").iterdir()) == ["f.txt"]


def test_download_larger_than_registered_is_cut_short(fake_set, monkeypatch):
    payload, root = fake_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload * 10))
    with pytest.raises(data.DataError, match="more than the expected"):
        data.fetch("fake", quiet=True)
    assert list((root / "fake").iterdir()) == []


def test_fetch_refuses_a_corrupted_cached_file(fake_set):
    _, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(b"x" * 24)
    with pytest.raises(data.DataCorruptedError, match="data fetch fake"):
        data.fetch("fake", quiet=True)


def test_corrupted_course_file_says_restore_with_git(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("changed", encoding="utf-8")
    manifest = {"files": {"a.txt": {"size": 7, "sha256": "0" * 64, "description": "d"}}}
    (tmp_path / "MANIFEST.json").write_text(__import__("json").dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(data, "REPO_DATA", tmp_path)
    with pytest.raises(data.DataCorruptedError, match=r"git checkout -- data/a\.txt"):
        data.toy_path("a.txt")


def test_data_dir_ignores_empty_variables_and_knows_windows(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, "  ")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert data.data_dir() == data.Path.home() / ".cache" / "lm-foundations"
    monkeypatch.setattr(data.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert data.data_dir() == tmp_path / "lm-foundations"
    monkeypatch.setenv(data.ENV_VAR, "relative/cache")
    assert data.data_dir().is_absolute()


def test_command_line_list_fetch_verify(fake_set, monkeypatch, capsys):
    payload, _ = fake_set
    assert data.main(["list"]) == 0
    assert "fake" in capsys.readouterr().out
    assert data.main(["verify", "fake"]) == 1  # not cached yet
    assert "fake: FAIL" in capsys.readouterr().out
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload))
    assert data.main(["fetch", "fake"]) == 0
    assert data.main(["verify", "fake"]) == 0
    assert data.main(["fetch", "nope"]) == 1
    assert "unknown data set 'nope'" in capsys.readouterr().out


def test_conllu_parsing_keeps_words_and_tags_and_skips_multiword_ranges():
    text = (
        "# text = Today's fine.\n"
        "1-2\tToday's\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tToday\ttoday\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
        "2\t's\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_\n"
        "2.1\tis\tbe\tAUX\t_\t_\t_\t_\t_\t_\n"
        "3\tfine\tfine\tADJ\tJJ\t_\t0\troot\t_\t_\n\n"
        "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"
    )
    assert data.parse_conllu(text) == [[("Today", "NOUN"), ("'s", "AUX"), ("fine", "ADJ")], [("Hi", "INTJ")]]
    with pytest.raises(ValueError, match="CoNLL-U"):
        data.parse_conllu("1\tbroken line\n")


def test_ud_english_ewt(real_data):
    dev = data.load_ud_pos("dev")
    assert len(dev) == 2001 and sum(map(len, dev)) == 25_147  # as SOURCES.md and the UD release notes say
    tags = {t for s in dev for _, t in s}
    assert {"NOUN", "VERB", "ADJ", "PUNCT", "DET"} <= tags and len(tags) == 17
    with pytest.raises(ValueError, match="dev"):
        data.load_ud_pos("train")


# ---------------------------------------------------------------- the data layer and the operating system
# Permissions are simulated with monkeypatch (tests may run as root, where chmod changes nothing), a
# hanging server by an opener that raises the socket timeout urlopen would raise after `timeout` seconds.


def _raise(exc):
    def raiser(*args, **kwargs):
        raise exc

    return raiser


def _denied(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


def _cache_is_a_file(root, monkeypatch):
    (root / "cache.txt").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(root / "cache.txt"))


def _cache_inside_a_file(root, monkeypatch):
    (root / "cache.txt").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(root / "cache.txt" / "sub"))


def _default_cache_inside_a_file(root, monkeypatch):
    (root / "xdg").write_text("not a folder", encoding="utf-8")
    monkeypatch.delenv(data.ENV_VAR)
    monkeypatch.setattr(data.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "xdg"))


def _unreadable_file(root, monkeypatch):
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(b"hello world\nsecond line\n")
    monkeypatch.setattr(data, "open", _denied, raising=False)  # sha256_of's open(path, "rb")


def _unreadable_folder(root, monkeypatch):
    monkeypatch.setattr(data.Path, "is_file", _denied)  # a folder on the way that cannot be entered


def _read_only_cache(root, monkeypatch):
    monkeypatch.setattr(data.Path, "mkdir", _denied)


def _read_only_cache_folder(root, monkeypatch):
    (root / "fake").mkdir()
    monkeypatch.setattr(data.tempfile, "mkstemp", _denied)


def _full_disk(root, monkeypatch):
    monkeypatch.setattr(data.tempfile, "mkstemp", _raise(OSError(errno.ENOSPC, "No space left on device")))


def _cannot_replace(root, monkeypatch):
    monkeypatch.setattr(data.os, "replace", _denied)


def _read_timeout(root, monkeypatch):
    monkeypatch.setattr(data, "_urlopen", _raise(TimeoutError("The read operation timed out")))


def _connect_timeout(root, monkeypatch):
    monkeypatch.setattr(data, "_urlopen", _raise(urllib.error.URLError(TimeoutError("timed out"))))


def _path(root):
    return data.path("fake")


def _read(root):
    return data.read_text("fake")


def _download(root):
    return data.path("fake", download=True)


def _fetch(root):
    return data.fetch("fake", quiet=True)


A_FILE = r"is a file, not a folder; point it at a folder or unset it"
WRITABLE = r"cannot write to the data cache .*fake.*: make it writable or set COURSE_DATA_DIR to a folder you can write"
BY_HAND = r"by hand into .*fake \(it must have sha256 [0-9a-f]{64}\)"
AGAIN = r"Try again later with python -m course_utils data fetch fake \(add --timeout 120"
SILENT = r"no answer from https://example\.invalid/f\.txt for 30 s \(timed out\)"
Access, Error = data.DataAccessError, data.DataError

# what is wrong: how it is set up, what is done, the error class, what its message must say
BAD_SITUATIONS = {
    "cache is a file": (_cache_is_a_file, _path, Access, rf"COURSE_DATA_DIR=.*cache\.txt {A_FILE}"),
    "cache is a file, fetching": (_cache_is_a_file, _fetch, Access, A_FILE),
    "cache inside a file": (_cache_inside_a_file, _download, Access, rf"=.*sub is inside .*cache\.txt, which {A_FILE}"),
    "default cache inside a file": (
        _default_cache_inside_a_file,
        _path,
        Access,
        r"data cache .*lm-foundations is inside .*xdg, which is a file, not a folder; move that file away or set "
        r"COURSE_DATA_DIR to a folder",
    ),
    "unreadable file": (_unreadable_file, _read, Access, r"cannot read .*f\.txt .*: check its permissions"),
    "unreadable folder": (_unreadable_folder, _path, Access, r"cannot read .*fake .*: check its permissions"),
    "read-only cache": (_read_only_cache, _download, Access, WRITABLE),
    "read-only data set folder": (_read_only_cache_folder, _fetch, Access, WRITABLE),
    "file cannot be put in place": (_cannot_replace, _fetch, Access, WRITABLE),
    "full disk": (
        _full_disk,
        _fetch,
        Access,
        r"data cache .*No space left.*free some disk space or set COURSE_DATA_DIR",
    ),
    "server never answers (read)": (_read_timeout, _fetch, Error, rf"{SILENT}.*{AGAIN}.*{BY_HAND}"),
    "server never answers (connect)": (_connect_timeout, _download, Error, rf"{SILENT}.*{AGAIN}.*{BY_HAND}"),
}


@pytest.mark.parametrize("setup, action, error, message", BAD_SITUATIONS.values(), ids=BAD_SITUATIONS)
def test_bad_situations_raise_a_data_error_that_names_the_thing_and_the_fix(
    fake_set, monkeypatch, setup, action, error, message
):
    _, root = fake_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(b"hello world\nsecond line\n"))
    setup(root, monkeypatch)
    with pytest.raises(error, match=message) as info:
        action(root)
    assert isinstance(info.value, data.DataError)  # the one `except data.DataError` callers rely on
    assert not list(root.rglob("*.part"))  # nothing half-written left behind


def test_access_errors_are_also_os_errors(fake_set, monkeypatch):
    _cache_is_a_file(fake_set[1], monkeypatch)
    with pytest.raises(OSError):
        data.path("fake")


def test_a_hanging_server_is_given_up_on_after_the_timeout_without_retrying(fake_set, monkeypatch):
    timeouts = []

    def opener(url, timeout):
        timeouts.append(timeout)
        raise TimeoutError("timed out")

    monkeypatch.setattr(data, "_urlopen", opener)
    monkeypatch.setattr(data.time, "sleep", _raise(AssertionError("a timeout must not wait to retry")))
    with pytest.raises(data.DataError, match="for 30 s"):
        data.fetch("fake", quiet=True)
    with pytest.raises(data.DataError, match="for 5 s"):
        data.fetch("fake", timeout=5, quiet=True)
    assert timeouts == [data.DEFAULT_TIMEOUT, 5] and data.DEFAULT_TIMEOUT == 30


def test_download_shows_progress_and_retries_on_stderr(fake_set, monkeypatch, capsys):
    payload, _ = fake_set
    calls = []

    def opener(url, timeout):
        calls.append(url)
        if len(calls) == 1:
            raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
        return FakeResponse(payload)

    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", opener)
    data.fetch("fake")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "downloading https://example.invalid/f.txt" in captured.err
    assert "attempt 1 of 3 failed (" in captured.err and "Connection reset" in captured.err
    assert "f.txt: 100% (0.0 of 0.0 MB)" in captured.err


def test_progress_is_redrawn_in_place_on_a_terminal_and_quarterly_elsewhere(monkeypatch, capsys):
    monkeypatch.setattr(data.sys.stderr, "isatty", lambda: True, raising=False)
    bar = data._Progress("big.txt", 4_000_000, quiet=False)
    for done in (1_000_000, 2_000_000):
        bar.update(done)
        bar.drawn = 0.0  # as if 0.2 s had passed
    bar.close()  # stopped half-way: the line is ended
    err = capsys.readouterr().err
    assert err == "\r  big.txt:  25% (1.0 of 4.0 MB)\r  big.txt:  50% (2.0 of 4.0 MB)\n"
    monkeypatch.setattr(data.sys.stderr, "isatty", lambda: False, raising=False)
    bar = data._Progress("big.txt", 4_000_000, quiet=False)
    for done in range(0, 4_000_001, 100_000):
        bar.update(done)
    assert [line.split(": ")[1][:4] for line in capsys.readouterr().err.splitlines()] == [
        "  0%",
        " 25%",
        " 50%",
        " 75%",
        "100%",
    ]
    data._Progress("big.txt", 4_000_000, quiet=True).update(4_000_000)
    assert capsys.readouterr().err == ""


def _register(monkeypatch, root, name, payload, stored=None):
    """A registered one-file data set ``name``; ``stored`` (default: the true bytes) is put in the cache."""
    entry = data.DataFile(f"{name}.txt", len(payload), hashlib.sha256(payload).hexdigest(), f"https://x.invalid/{name}")
    monkeypatch.setitem(data.REGISTRY, name, data.DataSet(name, name, (entry,), "none", "tests"))
    if stored is not False:
        (root / name).mkdir()
        (root / name / entry.name).write_bytes(payload if stored is None else stored)


def _only_test_sets(monkeypatch, names):
    monkeypatch.setattr(data, "REGISTRY", {n: data.REGISTRY[n] for n in names})


def test_verify_reports_every_problem_and_goes_on(fake_set, monkeypatch, capsys):
    _, root = fake_set
    for name, stored in [("a-ok", None), ("b-corrupt", b"x" * 5), ("c-unreadable", None), ("d-ok", None)]:
        _register(monkeypatch, root, name, b"12345", stored)
    (root / "fake").mkdir()  # its file is missing
    real_sha = data.sha256_of
    monkeypatch.setattr(data, "sha256_of", lambda p: _denied() if "unreadable" in str(p) else real_sha(p))
    _only_test_sets(monkeypatch, ["a-ok", "b-corrupt", "c-unreadable", "d-ok", "fake"])
    assert data.main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "a-ok: OK (1 file)" in out and "d-ok: OK (1 file)" in out  # checked after the failures
    assert "b-corrupt: FAIL" in out and "is corrupted or a different version" in out
    assert "c-unreadable: FAIL" in out and "cannot read" in out and "check its permissions" in out
    assert "fake: FAIL" in out and "data fetch fake" in out
    assert "FAILED: 2 of 5 files verified in 5 data sets; problems in b-corrupt, c-unreadable, fake" in out


def _no_cache_folder(root, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(root / "missing"))


def _empty_cache_folder(root, monkeypatch):
    pass


def _hanging_server(root, monkeypatch):
    monkeypatch.setattr(data, "_urlopen", _raise(TimeoutError("timed out")))


def _cache_with_one_good_set(root, monkeypatch):
    _register(monkeypatch, root, "good", b"12345")
    _only_test_sets(monkeypatch, ["good", "fake"])


NO_SETUP = _empty_cache_folder
FETCH_THEM = r"fetch them with python -m course_utils data fetch NAME, or set COURSE_DATA_DIR"


def _run(argv):
    """``python -m course_utils data ARGV``: its exit status, returned or raised (argparse's --help and errors)."""
    try:
        return data.main(argv)
    except SystemExit as exc:
        return exc.code


# what is wrong: how it is set up, the arguments, the exit status, where the message goes, what it says
BAD_COMMANDS = {
    "verify: no cache folder": (
        _no_cache_folder,
        ["verify"],
        1,
        "err",
        rf"nothing verified: the data cache .*missing does not exist; {FETCH_THEM}",
    ),
    "verify: none registered": (
        _empty_cache_folder,
        ["verify"],
        1,
        "err",
        rf"nothing verified: .* holds none of the registered data sets \(.*ptb.*\); {FETCH_THEM}",
    ),
    "verify: cache is a file": (_cache_is_a_file, ["verify"], 1, "err", rf"error: COURSE_DATA_DIR=.*\.txt {A_FILE}"),
    "list: cache is a file": (_cache_is_a_file, ["list"], 1, "err", A_FILE),
    "fetch: cache is a file": (_cache_is_a_file, ["fetch", "fake"], 1, "err", A_FILE),
    "verify: unreadable folder": (
        _unreadable_folder,
        ["verify", "fake"],
        1,
        "out",
        r"fake: FAIL.*\n.*cannot read .*: check its permissions",
    ),
    "verify: named set missing": (
        NO_SETUP,
        ["verify", "fake"],
        1,
        "out",
        r"fake: FAIL .*\n    f\.txt: f\.txt of data set 'fake' is not in the data cache",
    ),
    "verify: unknown name": (
        _cache_with_one_good_set,
        ["verify", "good", "nope"],
        1,
        "out",
        r"good: OK(.|\n)*nope: FAIL unknown data set 'nope'",
    ),
    "fetch: read-only cache": (_read_only_cache, ["fetch", "fake"], 1, "out", rf"fake: FAIL {WRITABLE}"),
    "fetch: server never answers": (
        _hanging_server,
        ["fetch", "fake", "--timeout", "7"],
        1,
        "out",
        rf"fake: FAIL no answer from https://example\.invalid/f\.txt for 7 s.*{BY_HAND}",
    ),
    "fetch: timeout of 0": (NO_SETUP, ["fetch", "fake", "--timeout", "0"], 2, "err", r"--timeout: must be .* above 0"),
    "fetch: timeout not a number": (NO_SETUP, ["fetch", "fake", "--timeout", "soon"], 2, "err", r"--timeout: must"),
    "unknown option": (NO_SETUP, ["verify", "--bogus"], 2, "err", r"unrecognized arguments: --bogus"),
    "unknown command": (NO_SETUP, ["check"], 2, "err", r"invalid choice: 'check'"),
    "no command": (NO_SETUP, [], 2, "err", r"usage: python -m course_utils data"),
}


@pytest.mark.parametrize("setup, argv, status, stream, message", BAD_COMMANDS.values(), ids=BAD_COMMANDS)
def test_bad_situations_on_the_command_line(fake_set, monkeypatch, capsys, setup, argv, status, stream, message):
    _, root = fake_set
    setup(root, monkeypatch)
    assert _run(argv) == status
    captured = capsys.readouterr()
    assert re.search(message, getattr(captured, stream)), getattr(captured, stream)
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["verify", "--help"], ["fetch", "--help"]])
def test_help_only_prints_help(fake_set, monkeypatch, capsys, argv):
    monkeypatch.setattr(data, "_cache_dir", _raise(AssertionError("--help must not look at the cache")))
    monkeypatch.setattr(data, "fetch", _raise(AssertionError("--help must not fetch")))
    monkeypatch.setattr(data, "fetch_report", _raise(AssertionError("--help must not fetch")))
    assert _run(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("usage: python -m course_utils data") and captured.err == ""


def test_verify_of_a_good_cache_sums_up_and_exits_0(fake_set, monkeypatch, capsys):
    _, root = fake_set
    _cache_with_one_good_set(root, monkeypatch)
    assert data.main(["verify"]) == 0  # "fake" has no folder, so only "good" is checked
    out = capsys.readouterr().out
    assert "good: OK (1 file)" in out and "all OK: 1 of 1 files verified in 1 data sets" in out


def _sdist(member: str, payload: bytes) -> bytes:
    """A .tar.gz in memory holding ``payload`` at ``member`` and one other file (as a PyPI sdist does)."""
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in ((member, payload), ("pkg-1.0/setup.py", b"# other\n")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


@pytest.fixture
def archived_set(tmp_path, monkeypatch):
    """A registered data set whose one file is a member of a .tar.gz archive."""
    payload = "迈向/v  充满/v  希望/n\n".encode()
    packed = _sdist("pkg-1.0/pkg/corpus.txt", payload)
    archive = data.Archive(len(packed), hashlib.sha256(packed).hexdigest(), "pkg-1.0/pkg/corpus.txt")
    entry = data.DataFile(
        "corpus.txt", len(payload), hashlib.sha256(payload).hexdigest(), "https://example.invalid/pkg.tar.gz", archive
    )
    monkeypatch.setitem(data.REGISTRY, "packed", data.DataSet("packed", "an archived set", (entry,), "none", "tests"))
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    return payload, packed, tmp_path


def test_fetch_from_an_archive_verifies_archive_and_member_and_keeps_only_the_member(archived_set, monkeypatch):
    payload, packed, root = archived_set
    urls = []
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: urls.append(url) or FakeResponse(packed))
    assert data.fetch("packed", quiet=True)["corpus.txt"].read_bytes() == payload
    assert urls == ["https://example.invalid/pkg.tar.gz"]
    assert sorted(p.name for p in (root / "packed").iterdir()) == ["corpus.txt"]  # the archive is gone


def test_an_archive_with_other_bytes_or_without_the_member_is_refused(archived_set, monkeypatch):
    payload, packed, root = archived_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(packed[:-1] + b"x"))
    with pytest.raises(data.DataError, match="after 3 attempts"):
        data.fetch("packed", quiet=True)
    assert list((root / "packed").iterdir()) == []
    other = _sdist("pkg-1.0/elsewhere.txt", payload)
    entry = data.REGISTRY["packed"].files[0]
    moved = data.DataFile(
        entry.name,
        entry.size,
        entry.sha256,
        entry.url,
        data.Archive(len(other), hashlib.sha256(other).hexdigest(), entry.archive.member),
    )
    monkeypatch.setitem(data.REGISTRY, "packed", data.DataSet("packed", "t", (moved,), "none", "tests"))
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(other))
    with pytest.raises(data.DataCorruptedError, match=r"has no file pkg-1\.0/pkg/corpus\.txt"):
        data.fetch("packed", quiet=True)
    assert list((root / "packed").iterdir()) == []


def test_missing_archived_file_says_how_to_get_it_by_hand(archived_set):
    with pytest.raises(data.DataNotFoundError, match=r"unpack pkg-1.0/pkg/corpus.txt from it"):
        data.path("packed")


def test_a_member_that_fails_its_check_blames_the_registry_and_a_failed_download_says_what_to_unpack(
    archived_set, monkeypatch
):
    _, packed, root = archived_set
    entry = data.REGISTRY["packed"].files[0]
    wrong = data.DataFile(entry.name, entry.size, "0" * 64, entry.url, entry.archive)
    monkeypatch.setitem(data.REGISTRY, "packed", data.DataSet("packed", "t", (wrong,), "none", "tests"))
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(packed))
    with pytest.raises(data.DataCorruptedError, match=r"registry entry is wrong; please report it\. Nothing was saved"):
        data.fetch("packed", quiet=True)
    assert list((root / "packed").iterdir()) == []
    monkeypatch.setitem(data.REGISTRY, "packed", data.DataSet("packed", "t", (entry,), "none", "tests"))
    monkeypatch.setattr(data.time, "sleep", lambda s: None)

    def offline(url, timeout):
        raise OSError("network unreachable")

    monkeypatch.setattr(data, "_urlopen", offline)
    with pytest.raises(data.DataError, match=r"unpack pkg-1\.0/pkg/corpus\.txt from it and put it into"):
        data.fetch("packed", quiet=True)
    assert list((root / "packed").iterdir()) == []
