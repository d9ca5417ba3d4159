"""Test-wide guards: no test may open a network connection.

Tests of ``clearance serve`` talk to a server on this machine: the ``loopback`` fixture
lets a test connect to loopback addresses (127.0.0.0/8, ::1, ``localhost``) and to
nothing else.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest


class NetworkAccessError(AssertionError):
    """A test tried to reach the network."""


#: Whether the running test may connect to loopback addresses (``loopback`` fixture).
_LOOPBACK = {"allowed": False}


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _target(args: tuple[Any, ...], kwargs: dict[str, Any]) -> object:
    address = args[0] if args else kwargs.get("address", kwargs.get("host"))
    return address[0] if isinstance(address, tuple) else address


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Any:
    """Fail any test that opens a socket: clearance works offline, always."""
    patched = {
        "socket": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "create_connection": socket.create_connection,
        "getaddrinfo": socket.getaddrinfo,
    }

    def guard(name: str, *, method: bool) -> Any:
        original = patched[name]

        def refuse(*args: Any, **kwargs: Any) -> Any:
            target = _target(args[1:] if method else args, kwargs)
            if _LOOPBACK["allowed"] and _is_loopback(target):
                return original(*args, **kwargs)
            raise NetworkAccessError(f"network access attempted: {args!r} {kwargs!r}")

        return refuse

    socket.socket.connect = guard("socket", method=True)  # type: ignore[method-assign]
    socket.socket.connect_ex = guard("connect_ex", method=True)  # type: ignore[method-assign]
    socket.create_connection = guard("create_connection", method=False)
    socket.getaddrinfo = guard("getaddrinfo", method=False)
    yield
    socket.socket.connect = patched["socket"]  # type: ignore[method-assign]
    socket.socket.connect_ex = patched["connect_ex"]  # type: ignore[method-assign]
    socket.create_connection = patched["create_connection"]
    socket.getaddrinfo = patched["getaddrinfo"]


@pytest.fixture
def loopback() -> Any:
    """Let the test connect to this machine's loopback addresses, and only to them."""
    _LOOPBACK["allowed"] = True
    yield
    _LOOPBACK["allowed"] = False
