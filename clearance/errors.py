"""Exceptions raised by clearance for misuse, never for a payload.

A payload that the server would reject is a finding in a :class:`~clearance.Report`;
the exceptions below are for the caller's own mistakes::

    ClearanceError(ValueError)
    ├── UnknownApiError        # names the known APIs
    ├── UnknownEndpointError   # names the known endpoints
    ├── AccountError           # an account fact clearance does not know, or cannot use
    └── CatalogError           # a malformed rules/*.toml or a validator naming an unknown code

One warning, for clearance's own bugs: a check that fails in a way it never should is
left out of the verdict (a bug must never refuse a request the server would accept) and
reported as a :class:`CheckFailedWarning`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "AccountError",
    "CatalogError",
    "CheckFailedWarning",
    "ClearanceError",
    "UnknownApiError",
    "UnknownEndpointError",
]


class ClearanceError(ValueError):
    """Base class of every exception clearance raises on purpose."""


class UnknownApiError(ClearanceError):
    """The api id is not one clearance knows."""

    def __init__(self, api: object, known: Iterable[str]) -> None:
        """Name the unknown api and list the known ones."""
        self.api = api
        self.known = tuple(known)
        super().__init__(f"unknown api {api!r}; known apis: {', '.join(self.known)}")


class UnknownEndpointError(ClearanceError):
    """The endpoint id (or request) does not match any endpoint of the api."""

    def __init__(self, api: str, endpoint: object, known: Iterable[str]) -> None:
        """Name the unknown endpoint and list the api's known ones."""
        self.api = api
        self.endpoint = endpoint
        self.known = tuple(known)
        listing = "\n  ".join(self.known)
        super().__init__(f"unknown {api} endpoint {endpoint!r}; known endpoints:\n  {listing}")


class CatalogError(ClearanceError):
    """A rule catalog is malformed, or code refers to a rule that is not in it."""


class CheckFailedWarning(RuntimeWarning):
    """A check raised an unexpected exception: a bug in clearance, never in the payload.

    The payload's check is then left without findings (clearance must never refuse what
    the server would accept); please report the warning's text.
    """


class AccountError(ClearanceError):
    """An account fact (:class:`~clearance.Account`) that clearance does not know or cannot use."""
