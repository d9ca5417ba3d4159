"""Test-wide guards: no test may open a network connection."""

from __future__ import annotations

import socket
from typing import Any

import pytest


class NetworkAccessError(AssertionError):
    """A test tried to reach the network."""


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Any:
    """Fail any test that opens a socket: clearance works offline, always."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkAccessError(f"network access attempted: {args!r} {kwargs!r}")

    patched = {
        "socket": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "create_connection": socket.create_connection,
        "getaddrinfo": socket.getaddrinfo,
    }
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    yield
    socket.socket.connect = patched["socket"]  # type: ignore[method-assign]
    socket.socket.connect_ex = patched["connect_ex"]  # type: ignore[method-assign]
    socket.create_connection = patched["create_connection"]
    socket.getaddrinfo = patched["getaddrinfo"]
