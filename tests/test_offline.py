"""The offline guard (course_utils.offline): no packet leaves for another machine, loopback keeps working.

The unit tests run under the guard (tests/conftest.py); ``spied`` puts it over spies of the real socket
functions, so a test can also show that a blocked call never reached them: no network traffic at all.
"""

import http.server
import os
import socket
import threading
import urllib.error
import urllib.request

import pytest

from course_utils import notebook, offline
from course_utils.offline import NetworkBlockedError, NetworkBlockedLookupError

#: TEST-NET-3 (RFC 5737) and the IPv6 documentation prefix (RFC 3849): never routed anywhere
REMOTE_V4, REMOTE_V6 = "203.0.113.1", "2001:db8::1"
MESSAGE = "network access blocked: the course must run offline once its data is cached"


@pytest.fixture
def guard_off():
    """The guard off during the test, and back as it was afterwards."""
    was_on = offline.is_installed()
    offline.uninstall()
    yield
    offline.uninstall()
    if was_on:
        offline.install()


@pytest.fixture
def spied(guard_off, monkeypatch):
    """The guard on, over spies of the real functions: what got past it is recorded in the list."""
    calls = []

    def spy(owner, name):
        real = getattr(owner, name)

        def record(*args, **kwargs):
            calls.append((name, args[1:] if owner is socket.socket else args))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, record)

    for name in ("connect", "connect_ex", "sendto"):
        spy(socket.socket, name)
    for name in ("getaddrinfo", "create_connection", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        spy(socket, name)
    offline.install()
    yield calls
    offline.uninstall()
    monkeypatch.undo()  # the real functions back before guard_off restores the session's guard


def test_the_unit_tests_run_under_the_guard():
    if os.environ.get(offline.ENV_VAR, "").strip() == "0":
        pytest.skip("COURSE_OFFLINE=0 turned the guard off")
    assert offline.is_installed()
    with pytest.raises(NetworkBlockedError, match=MESSAGE):
        socket.create_connection((REMOTE_V4, 80), timeout=1)


def test_a_connection_to_another_machine_is_refused_before_any_traffic(spied):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setblocking(False)  # a real connect would start and raise BlockingIOError (or fail with no route)
        with pytest.raises(NetworkBlockedError, match=rf"{MESSAGE}; a connection to 203\.0\.113\.1:80 was attempted"):
            s.connect((REMOTE_V4, 80))
        with pytest.raises(NetworkBlockedError):
            s.connect_ex((REMOTE_V4, 443))
        with pytest.raises(OSError):
            s.getpeername()  # not connected
    with pytest.raises(NetworkBlockedError, match=r"203\.0\.113\.1:80"):
        socket.create_connection((REMOTE_V4, 80), timeout=1)
    with pytest.raises(NetworkBlockedError, match=r"example\.org:443"):
        socket.create_connection(("example.org", 443), timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        with pytest.raises(NetworkBlockedError, match=r"sending a datagram to 8\.8\.8\.8:53"):
            u.sendto(b"x", ("8.8.8.8", 53))
    assert spied == []


def test_a_lookup_of_a_remote_name_is_refused_before_any_traffic(spied):
    for lookup in (
        lambda: socket.getaddrinfo("example.org", 80),
        lambda: socket.gethostbyname("example.org"),
        lambda: socket.gethostbyname_ex("example.org"),
        lambda: socket.gethostbyaddr(REMOTE_V4),
    ):
        with pytest.raises(NetworkBlockedLookupError, match=f"{MESSAGE}; a (reverse )?DNS lookup of") as caught:
            lookup()
        assert isinstance(caught.value, socket.gaierror)  # what code that handles a failed lookup catches
    assert spied == []


def test_urllib_fails_with_the_guards_message():
    with offline.block_network(), pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert isinstance(caught.value.reason, NetworkBlockedLookupError)
    assert "a connection to example.org:80 was attempted" in str(caught.value)


def test_ipv6_to_another_machine_is_refused(spied):
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        pytest.skip("no IPv6 on this machine")
    with s, pytest.raises(NetworkBlockedError, match=r"\[2001:db8::1\]:80"):
        s.connect((REMOTE_V6, 80, 0, 0))
    assert spied == []


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::", "", "localhost", "LOCALHOST.",
     "ip6-localhost", "jupyter.localhost", b"localhost", None],
)  # fmt: skip
def test_local_hosts(host):
    assert offline.is_local(host)


@pytest.mark.parametrize("host", [REMOTE_V4, REMOTE_V6, "10.0.0.1", "fe80::1%lo", "example.org", "pypi.org", 80])
def test_other_hosts(host):
    assert not offline.is_local(host)


def test_this_machines_own_name_is_local():
    assert offline.is_local(socket.gethostname())


def test_loopback_keeps_working(spied):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            conn, _ = server.accept()
            with conn:
                c.sendall(b"ping")
                assert conn.recv(4) == b"ping"
        with socket.socket() as c:
            assert c.connect_ex(("localhost", port)) == 0  # resolved by the real getaddrinfo
        assert socket.getaddrinfo("localhost", port)
    assert ("connect", (("127.0.0.1", port),)) in spied  # it went to the real function


def test_ipv6_loopback_keeps_working(spied):
    try:
        server = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    with server, socket.create_connection(("::1", server.getsockname()[1]), timeout=5):
        pass


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_unix_sockets_keep_working(spied, tmp_path):
    path = str(tmp_path / "s")
    if len(path) > 100:
        pytest.skip("temporary path too long for a Unix socket")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen()
        client.connect(path)


def test_a_local_http_server_keeps_working():
    class Hello(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"hello")

        def log_message(self, *args):
            pass

    with offline.block_network(), http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            for host in ("127.0.0.1", "localhost"):
                with urllib.request.urlopen(f"http://{host}:{server.server_port}/", timeout=5) as response:
                    assert response.read() == b"hello"
        finally:
            server.shutdown()


def test_uninstall_restores_every_function(guard_off):
    before = {name: getattr(socket, name) for name in ("getaddrinfo", "create_connection", "gethostbyname")}
    with offline.block_network():
        assert offline.is_installed() and "connect" in vars(socket.socket)
        with offline.block_network():  # nested: the inner block leaves the guard on
            pass
        assert offline.is_installed()
    assert not offline.is_installed()
    assert not {"connect", "connect_ex", "sendto"} & vars(socket.socket).keys()  # inherited again
    assert {name: getattr(socket, name) for name in before} == before
    offline.install()
    offline.install()  # a second install changes nothing
    offline.uninstall()
    assert socket.getaddrinfo is before["getaddrinfo"]


@pytest.mark.parametrize(("value", "on"), [("1", True), ("true", True), (" yes ", True), ("0", False), ("", False)])
def test_install_from_env(guard_off, value, on):
    assert offline.install_from_env({offline.ENV_VAR: value}) is on
    assert offline.is_installed() is on
    assert offline.install_from_env({}) is on  # nothing in the environment: left as it is


@pytest.mark.parametrize("value", ["1", None])
def test_setup_notebook_blocks_the_network_with_course_offline_silently(guard_off, monkeypatch, capsys, value):
    if value is None:
        monkeypatch.delenv(offline.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(offline.ENV_VAR, value)
    notebook.setup_notebook(seed=0)
    assert offline.is_installed() is (value == "1")
    assert capsys.readouterr() == ("", "")  # nbval compares stored outputs: nothing new may appear
