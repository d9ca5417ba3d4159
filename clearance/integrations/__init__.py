"""Check every request an HTTP client sends, before it leaves.

``clearance.integrations.httpx`` (sync and async transports) and
``clearance.integrations.requests`` (a transport adapter) stand on the
:class:`Checkpoint` defined here, which knows no HTTP library:

* a request to a host no API in :data:`clearance.validators.APIS` answers on passes
  through untouched, body unread;
* a request to a known host whose method and path match none of the API's documented
  endpoints passes through too: clearance only speaks for what it knows, and an
  undocumented endpoint is the server's business, not a reason to block;
* any other request is checked with :func:`clearance.check_request`. If the server
  would accept it, it is sent exactly as it was built; if not, it never leaves: in
  mode ``"raise"`` (the default) a :class:`RequestRejectedError` carries the
  :class:`~clearance.Report` and the server's response, in mode ``"answer"`` that
  response is returned as if the server had sent it.

Switching rules off (the escape hatch for a client-side rule that drifted from the
server): selectors as in :attr:`clearance.Context.ignore` (a code ``"1064"``, a rule id
``"kassa:1064"``, an api ``"kassa"``, a basis, ``"inferred"``) or ``"*"`` for no check at
all, given per client (``ignore=``) or per call (the ``Clearance-Ignore`` header, a
comma-separated list, stripped before the request is sent; with httpx also the request
extension ``"clearance"``).

The exceptions, for both libraries::

    ClearanceError(ValueError)
    └── RequestRejectedError                # clearance.integrations.RequestRejectedError
        ├── httpx.RequestRejectedError      # also an httpx.HTTPStatusError
        └── requests.RequestRejectedError   # also a requests.HTTPError
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple
from urllib.parse import urlsplit

from clearance._http import decoded_body
from clearance.engine import check_request, get_api
from clearance.errors import ClearanceError, UnknownEndpointError
from clearance.report import Context
from clearance.validators import APIS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Report

__all__ = [
    "ALL",
    "EXTENSION",
    "IGNORE_HEADER",
    "Checkpoint",
    "Mode",
    "Plan",
    "RequestRejectedError",
    "api_for_host",
    "describe",
    "selectors",
]

#: What a checkpoint does with a request the server would reject.
Mode = Literal["raise", "answer"]
#: The per-call header (comma-separated selectors); never sent to the server.
IGNORE_HEADER = "Clearance-Ignore"
#: The per-call httpx request extension (selectors, or ``False`` for no check).
EXTENSION = "clearance"
#: The selector that switches every check off.
ALL = "*"

_MODES = ("raise", "answer")


class RequestRejectedError(ClearanceError):
    """The API's server would reject this request, so it was not sent.

    Attributes:
        report: the :class:`~clearance.Report` with every finding.
        response: the server's own answer (status, headers, body), as a response
            object of the HTTP library in use.
    """

    report: Report


@lru_cache(maxsize=512)
def api_for_host(host: str) -> str | None:
    """The api that answers on ``host`` (lower case), or ``None`` when no api does.

    >>> api_for_host("meinefirma.kassa.at")
    'kassa'
    >>> api_for_host("example.com") is None
    True
    """
    for name in APIS:
        if get_api(name).host.fullmatch(host):
            return name
    return None


def selectors(value: object) -> frozenset[str]:
    """Rule selectors from an ``ignore`` argument, header value or extension.

    A string is a comma-separated list; ``False`` means ``"*"`` (no check at all).

    >>> sorted(selectors("kassa:1064, inferred"))
    ['inferred', 'kassa:1064']
    >>> selectors(False)
    frozenset({'*'})
    >>> selectors(None)
    frozenset()
    """
    if value is None or value is True:
        return frozenset()
    if value is False:
        return frozenset({ALL})
    if isinstance(value, str | bytes):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        return frozenset(part.strip() for part in text.split(",") if part.strip())
    if isinstance(value, Iterable):
        found: set[str] = set()
        for item in value:
            if not isinstance(item, str):
                raise TypeError(f"clearance: a rule selector must be a str, not {item!r}")
            found |= selectors(item)
        return frozenset(found)
    raise TypeError(f"clearance: ignore takes a str, an iterable of str or False, not {value!r}")


def describe(report: Report, status: int) -> str:
    """The message of a :class:`RequestRejectedError`: the server's answer, and the way out."""
    said = "; ".join(f"[{f.code}] {f.message}" for f in report.findings)
    ids = ", ".join(dict.fromkeys(f.rule.id for f in report.findings))
    return (
        f"not sent: {report.api} would answer {status} to {report.endpoint}: {said} "
        f"(to send it anyway, ignore {ids})"
    )


class Plan(NamedTuple):
    """A request that is to be checked: its api and the selectors switched off for it."""

    api: str
    ignore: frozenset[str]


@dataclasses.dataclass(frozen=True, slots=True)
class Checkpoint:
    """Decides, for each outgoing request, whether it may leave.

    HTTP-library integrations call :meth:`plan` with the URL and the per-call option
    (before reading any body), then, when a plan comes back, :meth:`verdict` with the
    request's headers and body bytes.

    Attributes:
        mode: ``"raise"`` or ``"answer"`` (see the module docstring).
        ignore: selectors switched off for every request.
        context: facts for the checks (e.g. ``today``); its own ``ignore`` adds up with
            the selectors above.
    """

    mode: Mode = "raise"
    ignore: frozenset[str] = frozenset()
    context: Context = dataclasses.field(default_factory=Context)

    @classmethod
    def configure(
        cls,
        *,
        mode: Mode = "raise",
        ignore: str | Iterable[str] = (),
        context: Context | None = None,
    ) -> Checkpoint:
        """A checkpoint from the keyword arguments the integrations take.

        Raises:
            ValueError: ``mode`` is neither ``"raise"`` nor ``"answer"``.
        """
        if mode not in _MODES:
            raise ValueError(f"clearance: mode must be 'raise' or 'answer', not {mode!r}")
        return cls(mode, selectors(ignore), context or Context())

    def plan(self, url: str, *options: object) -> Plan | None:
        """What to check of a request to ``url``; ``None`` to let it pass unchecked.

        ``options`` are the per-call escape hatches: selectors, or ``False``.
        """
        ignore = self.ignore.union(self.context.ignore, *map(selectors, options))
        if ALL in ignore:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:  # a URL the client could not send either
            return None
        api = api_for_host(host) if host else None
        return None if api is None else Plan(api, ignore)

    def verdict(
        self,
        plan: Plan,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]],
        body: bytes | None,
    ) -> Report | None:
        """The report of a request the server would reject; ``None`` if it may leave.

        A request whose endpoint clearance does not know, or whose body is encoded in a
        way clearance cannot read, may leave.
        """
        if body:
            body = decoded_body(headers, body, self.context.max_body_bytes)
            if body is None:
                return None
        context = dataclasses.replace(self.context, ignore=plan.ignore)
        try:
            report = check_request(
                plan.api, method, url, headers=headers, body=body, context=context
            )
        except UnknownEndpointError:
            return None
        return None if report.ok else report
