"""Exceptions raised by clearance for misuse, never for a payload.

A payload that the server would reject is a finding in a :class:`~clearance.Report`;
the exceptions below are for the caller's own mistakes::

    ClearanceError(ValueError)
    ├── UnknownApiError        # names the known APIs
    ├── UnknownEndpointError   # names the known endpoints
    ├── AccountError           # an account fact clearance does not know, or cannot use
    ├── CatalogError           # a malformed rules/*.toml or a validator naming an unknown code
    ├── NoFindingsError        # Report.response() of a report the server would accept
    └── UnknownSelectorError   # a rule selector that names no rule, written in code

    UserWarning
    └── UnknownSelectorWarning # the same, arriving in a request header (not an error there)

    RuntimeWarning
    └── CheckFailedWarning     # a check of clearance's that failed: a bug, never a refusal

A check that fails in a way it never should is left out of the verdict (a bug must never
refuse a request the server would accept) and reported as a :class:`CheckFailedWarning`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from clearance.report import Report

__all__ = [
    "AccountError",
    "CatalogError",
    "CheckFailedWarning",
    "ClearanceError",
    "NoFindingsError",
    "UnknownApiError",
    "UnknownEndpointError",
    "UnknownSelectorError",
    "UnknownSelectorWarning",
    "closest",
]


class ClearanceError(ValueError):
    """Base class of every exception clearance raises on purpose."""


class UnknownApiError(ClearanceError):
    """The api id is not one clearance knows."""

    def __init__(self, api: object, known: Iterable[str]) -> None:
        """Name the unknown api and list the known ones."""
        self.api = api
        self.known = tuple(known)
        self.suggestions = tuple(closest(api, self.known)) if isinstance(api, str) else ()
        super().__init__(
            f"unknown api {api!r}{_did_you_mean(self.suggestions)}; "
            f"known apis: {', '.join(self.known)}"
        )


class UnknownEndpointError(ClearanceError):
    """The endpoint id (or request) does not match any endpoint of the api."""

    def __init__(self, api: str, endpoint: object, known: Iterable[str]) -> None:
        """Name the unknown endpoint and list the api's known ones."""
        self.api = api
        self.endpoint = endpoint
        self.known = tuple(known)
        #: The known endpoints closest to the one asked for, closest first.
        self.suggestions = tuple(closest(endpoint, self.known)) if isinstance(endpoint, str) else ()
        listing = "\n  ".join(self.known)
        super().__init__(
            f"unknown {api} endpoint {endpoint!r}{_did_you_mean(self.suggestions)}; "
            f"known endpoints:\n  {listing}"
        )


class CatalogError(ClearanceError):
    """A rule catalog is malformed, or code refers to a rule that is not in it."""


class AccountError(ClearanceError):
    """An account fact (:class:`~clearance.Account`) that clearance does not know or cannot use."""


class CheckFailedWarning(RuntimeWarning):
    """A check raised an unexpected exception: a bug in clearance, never in the payload.

    The payload's check is then left without findings (clearance must never refuse what
    the server would accept); please report the warning's text.
    """


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


#: What a selector is, for messages (:mod:`clearance.selectors` has the full table).
SELECTOR_FORMS = (
    'a selector is a code ("1030"), a rule id ("kassa:1030"), an api ("kassa"), a basis '
    '("DOC", "INF", ...), "inferred", or "*" for every rule'
)


def _did_you_mean(suggestions: Iterable[str]) -> str:
    names = " or ".join(repr(s) for s in suggestions)
    return f" (did you mean {names}?)" if names else ""


class UnknownSelectorError(ClearanceError):
    """A rule selector that names no rule, written in code or configuration.

    Attributes:
        selector: the selector as written.
        suggestions: up to three selectors close to it that do name rules.
    """

    def __init__(
        self, selector: str, suggestions: Iterable[str] = (), where: str | None = None
    ) -> None:
        """Name the selector, the closest ones that exist, and what a selector is."""
        self.selector = selector
        self.suggestions = tuple(suggestions)
        prefix = f"{where}: " if where else ""
        super().__init__(
            f"{prefix}unknown selector {selector!r}{_did_you_mean(self.suggestions)}; "
            f"{SELECTOR_FORMS}"
        )


class UnknownSelectorWarning(UserWarning):
    """A rule selector in a ``Clearance-Ignore`` header that names no rule: it is left out."""


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``candidates`` close to ``word``: the closest, and those nearly as close.

    >>> closest("POST /artikles", ["POST /articles", "PUT /articles/{id}", "GET /articles"])
    ['POST /articles']
    """
    import difflib  # noqa: PLC0415 - only when something is wrong

    matcher = difflib.SequenceMatcher(b=word)
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            if ratio >= _CUTOFF:
                scored.append((ratio, candidate))
    scored.sort(key=lambda item: -item[0])
    best = scored[0][0] if scored else 0.0
    return [candidate for ratio, candidate in scored[:n] if ratio >= best - _MARGIN]


#: How close a suggestion must be (difflib's ratio), and how far behind the closest one.
_CUTOFF, _MARGIN = 0.7, 0.05
