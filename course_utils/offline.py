"""A socket guard that proves the course runs offline once its data is cached.

While the guard is on, connecting to any address that is not this machine, or looking up any name that is
not local, raises :class:`NetworkBlockedError` (an ``OSError``) before a single packet leaves:

- ``socket.socket.connect``, ``connect_ex`` and ``sendto`` to an IPv4 or IPv6 address other than loopback
  (``127.0.0.0/8``, ``::1``, also IPv4-mapped) or the unspecified address (``0.0.0.0``, ``::``);
- ``socket.create_connection`` to such an address or name;
- name lookups (``socket.getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``, ``gethostbyaddr``) of
  anything but ``localhost`` (and ``*.localhost``), this machine's own host name and numeric addresses (a
  numeric address needs no DNS; connecting to it is what the guard refuses).

Loopback and Unix sockets keep working, and so does every other address family (netlink): JupyterLab,
the kernels' ZMQ channels, torch's distributed rendezvous on localhost and the tests' local servers use
them. Everything built on Python's ``socket`` module is covered (``urllib``, ``http.client``, ``ssl``,
``asyncio``, requests); a C library that opens its own sockets (libcurl, libzmq) is not.

Where it is on:

- the unit tests, for the whole session (``tests/conftest.py``; ``COURSE_OFFLINE=0`` turns it off there);
- a notebook kernel, when ``COURSE_OFFLINE=1`` is in its environment: ``notebook.setup_notebook`` calls
  :func:`install_from_env`. ``python -m course_utils test`` sets it for its nbval run, after checking that
  every data set the notebooks read is in the cache.

Use it as ``with block_network(): ...`` or with :func:`install` / :func:`uninstall`.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

#: the environment variable that turns the guard on in notebook kernels ("1") or off in the unit tests ("0")
ENV_VAR = "COURSE_OFFLINE"
#: the names that always mean this machine (besides its own host name)
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_INET = (socket.AF_INET, socket.AF_INET6)


class NetworkBlockedError(ConnectionError):
    """Raised instead of network traffic while the guard is on; the message says what was attempted."""

    def __init__(self, attempted: str):
        super().__init__(
            "network access blocked: the course must run offline once its data is cached; "
            f"{attempted} was attempted (course_utils.offline: on in the unit tests and with {ENV_VAR}=1)"
        )
        self.errno = errno.ENETUNREACH
        self.attempted = attempted


class NetworkBlockedLookupError(NetworkBlockedError, socket.gaierror):
    """A blocked name lookup: also a ``socket.gaierror``, as a failed lookup on an offline machine is."""


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _text(host: object) -> str | None:
    if isinstance(host, bytes | bytearray):
        return bytes(host).decode("ascii", "replace")
    return host if isinstance(host, str) else None


def is_local(host: object) -> bool:
    """Whether ``host`` (a name or a numeric address) means this machine: a connection to it stays local."""
    name = _text(host)
    if name is None:
        return host is None  # getaddrinfo(None, port): the local (passive) address
    name = name.strip().rstrip(".").lower()
    if name in ("", *LOCAL_NAMES) or name.endswith(".localhost") or name == socket.gethostname().lower():
        return True
    ip = _ip(name)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _needs_no_dns(host: object) -> bool:
    """A lookup of ``host`` stays on this machine: a local name, or a numeric address."""
    name = _text(host)
    return is_local(host) or (name is not None and _ip(name.strip()) is not None)


def _where(host: object, port: object) -> str:
    name = _text(host) or repr(host)
    return f"[{name}]:{port}" if ":" in name else f"{name}:{port}"


def _check_address(family: int, address: object, verb: str) -> None:
    """Raise :class:`NetworkBlockedError` if ``address`` of a socket of ``family`` is not this machine."""
    if family not in _INET or not isinstance(address, tuple) or not address:
        return  # Unix sockets, netlink, ...; a malformed address is left to the real call to refuse
    host = address[0]
    if _text(host) is not None and not is_local(host):  # a host of a wrong type is the real call's error
        raise NetworkBlockedError(f"{verb} to {_where(host, address[1] if len(address) > 1 else '?')}")


def _check_lookup(host: object, verb: str) -> None:
    if not _needs_no_dns(host):
        raise NetworkBlockedLookupError(f"{verb} of {_text(host) or host!r}")


def _guards(original: Callable[[str], Any]) -> dict[tuple[Any, str], Callable[..., Any]]:
    """The replacements, each calling ``original(name)`` (the function it replaces) when the call is local."""
    connect, connect_ex, sendto = original("connect"), original("connect_ex"), original("sendto")
    getaddrinfo, create_connection = original("getaddrinfo"), original("create_connection")
    by_name, by_name_ex, by_addr = original("gethostbyname"), original("gethostbyname_ex"), original("gethostbyaddr")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        _check_address(self.family, address, "a connection")
        return connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(self.family, address, "a connection")
        return connect_ex(self, address)

    def guarded_sendto(self: socket.socket, data: Any, *args: Any) -> int:
        if args:
            _check_address(self.family, args[-1], "sending a datagram")
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> list:
        _check_lookup(host, "a DNS lookup")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if isinstance(address, tuple) and address and not is_local(address[0]):
            host, port = address[0], address[1] if len(address) > 1 else "?"
            numeric = _ip(str(_text(host)).strip()) is not None
            # a name would be looked up first: refused as a lookup, as it fails on a machine without network
            error = NetworkBlockedError if numeric else NetworkBlockedLookupError
            raise error(f"a connection to {_where(host, port)}")
        return create_connection(address, *args, **kwargs)

    def guarded_gethostbyname(host: Any) -> str:
        _check_lookup(host, "a DNS lookup")
        return by_name(host)

    def guarded_gethostbyname_ex(host: Any) -> tuple:
        _check_lookup(host, "a DNS lookup")
        return by_name_ex(host)

    def guarded_gethostbyaddr(host: Any) -> tuple:
        if not is_local(host):  # a reverse lookup of any address but this machine's asks a DNS server
            raise NetworkBlockedLookupError(f"a reverse DNS lookup of {_text(host) or host!r}")
        return by_addr(host)

    return {
        (socket.socket, "connect"): guarded_connect,
        (socket.socket, "connect_ex"): guarded_connect_ex,
        (socket.socket, "sendto"): guarded_sendto,
        (socket, "getaddrinfo"): guarded_getaddrinfo,
        (socket, "create_connection"): guarded_create_connection,
        (socket, "gethostbyname"): guarded_gethostbyname,
        (socket, "gethostbyname_ex"): guarded_gethostbyname_ex,
        (socket, "gethostbyaddr"): guarded_gethostbyaddr,
    }


_lock = threading.RLock()
#: (owner, name) -> what was there before install: the attribute, or _ABSENT if it was inherited
_saved: dict[tuple[Any, str], Any] = {}
_ABSENT = object()


def is_installed() -> bool:
    """Whether the guard is on in this process."""
    return bool(_saved)


def install() -> None:
    """Turn the guard on for this process (all threads); a second call does nothing."""
    with _lock:
        if _saved:
            return

        def original(name: str) -> Any:
            return getattr(socket.socket if name in ("connect", "connect_ex", "sendto") else socket, name)

        for (owner, name), guard in _guards(original).items():
            _saved[owner, name] = vars(owner).get(name, _ABSENT)
            setattr(owner, name, guard)


def uninstall() -> None:
    """Turn the guard off: every replaced function is restored; nothing happens if it was off."""
    with _lock:
        for (owner, name), before in _saved.items():
            if before is _ABSENT:
                delattr(owner, name)  # the method was inherited from _socket.socket
            else:
                setattr(owner, name, before)
        _saved.clear()


@contextlib.contextmanager
def block_network() -> Iterator[None]:
    """``with block_network(): ...`` runs the block with the guard on; afterwards it is as it was before."""
    was_on = is_installed()
    install()
    try:
        yield
    finally:
        if not was_on:
            uninstall()


def install_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """Turn the guard on if ``COURSE_OFFLINE`` is ``1`` (or true/yes/on) in ``environ``; True if it is on.

    Called by ``notebook.setup_notebook``: silent, so a notebook's stored outputs do not change.
    """
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    if value.strip().lower() in ("1", "true", "yes", "on"):
        install()
    return is_installed()
