"""Exceptions raised by clearance for misuse, never for a payload.

A payload that the server would reject is a finding in a :class:`~clearance.Report`;
the exceptions below are for the caller's own mistakes::

    ClearanceError(ValueError)
    ├── UnknownApiError        # names the known APIs
    ├── UnknownEndpointError   # names the known endpoints
    ├── CatalogError           # a malformed rules/*.toml or a validator naming an unknown code
    └── NoFindingsError        # Report.response() of a report the server would accept
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from clearance.report import Report

__all__ = [
    "CatalogError",
    "ClearanceError",
    "NoFindingsError",
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


class NoFindingsError(ClearanceError):
    """``Report.response()`` of a report without findings: there is no error to answer.

    The server would accept the request, and what it answers then (the created
    resource, its id) is the server's own: clearance cannot render it. Check
    ``report.ok`` first. ``report`` is the report that was asked.
    """

    def __init__(self, report: Report) -> None:
        """Name the api and endpoint of the accepted request."""
        self.report = report
        super().__init__(
            f"{report.api} {report.endpoint}: the report has no findings (report.ok is True): "
            "the server would accept the request, so there is no error response to render; "
            "check report.ok before calling report.response()"
        )
