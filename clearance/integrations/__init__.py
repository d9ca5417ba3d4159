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

Facts of your accounts (``account=``, see :class:`clearance.Account`) turn on the strict
reading of the rules that depend on them, such as co3's currency list; while a fact is
unknown, its rules stay lenient.

Switching rules off (the escape hatch for a client-side rule that drifted from the
server): selectors as in :attr:`clearance.Context.ignore` and :mod:`clearance.selectors`
(a code ``"1064"``, a rule id ``"kassa:1064"``, an api ``"kassa"``, a basis,
``"inferred"``, or ``"*"`` for every rule: such a request is not checked at all), given
per client (``ignore=``) or per call (the ``Clearance-Ignore`` header, a comma-separated
list, stripped before the request is sent; with httpx also the request extension
``"clearance"``).

A selector that names no rule is an :class:`~clearance.UnknownSelectorError` where it is
written in code (``ignore=``, ``context=``, httpx's extension). In a header it is left
out with an :class:`~clearance.UnknownSelectorWarning`, and if the request is then
rejected, the :class:`RequestRejectedError` names it too; a response given in mode
``"answer"`` stays exactly the server's.

The exceptions, for both libraries::

    ClearanceError(ValueError)
    └── RequestRejectedError                # clearance.integrations.RequestRejectedError
        ├── httpx.RequestRejectedError      # also an httpx.HTTPStatusError
        └── requests.RequestRejectedError   # also a requests.HTTPError
"""

from __future__ import annotations

import dataclasses
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple
from urllib.parse import urlsplit

from clearance._http import decoded_body
from clearance.apis import APIS, get_api
from clearance.engine import check_request
from clearance.errors import ClearanceError, UnknownEndpointError, UnknownSelectorWarning
from clearance.report import Account, Context
from clearance.selectors import ALL, parse, suggest, unknown, validate
from clearance.selectors import parse as selectors

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

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


def describe(report: Report, status: int, unknown: Sequence[str] = ()) -> str:
    """The message of a :class:`RequestRejectedError`: the server's answer, and the way out.

    ``unknown`` are selectors of the ``Clearance-Ignore`` header that named no rule.
    """
    said = "; ".join(f"[{f.code}] {f.message}" for f in report.findings)
    ids = ", ".join(dict.fromkeys(f.rule.id for f in report.findings))
    message = (
        f"not sent: {report.api} would answer {status} to {report.endpoint}: {said} "
        f"(to send it anyway, ignore {ids})"
    )
    for selector in unknown:
        message += f"; {_header_note(selector)}"
    return message


def _header_note(selector: str) -> str:
    hint = " or ".join(repr(s) for s in suggest(selector))
    return f"{IGNORE_HEADER}: {selector!r} names no rule" + (
        f" (did you mean {hint}?)" if hint else ""
    )


class Plan(NamedTuple):
    """A request that is to be checked: its api and the selectors switched off for it.

    ``unknown`` are the selectors of the ``Clearance-Ignore`` header that named no rule.
    """

    api: str
    ignore: frozenset[str]
    unknown: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Checkpoint:
    """Decides, for each outgoing request, whether it may leave.

    HTTP-library integrations call :meth:`plan` with the URL and the per-call option
    (before reading any body), then, when a plan comes back, :meth:`verdict` with the
    request's headers and body bytes.

    Attributes:
        mode: ``"raise"`` or ``"answer"`` (see the module docstring).
        ignore: selectors switched off for every request.
        context: facts for the checks (e.g. ``today``, ``account``); its own ``ignore``
            adds up with the selectors above.
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
        account: Account | Mapping[str, object] | None = None,
    ) -> Checkpoint:
        """A checkpoint from the keyword arguments the integrations take.

        ``account`` (an :class:`~clearance.Account`, or facts keyed per api) replaces
        the context's account.

        Raises:
            ValueError: ``mode`` is neither ``"raise"`` nor ``"answer"``.
            AccountError: ``account`` names a fact clearance does not know.
            UnknownSelectorError: a selector of ``ignore`` names no rule.
        """
        if mode not in _MODES:
            raise ValueError(f"clearance: mode must be 'raise' or 'answer', not {mode!r}")
        context = context or Context()
        if account is not None:
            context = dataclasses.replace(context, account=Account.of(account))
        return cls(mode, validate(ignore, where="ignore"), context)

    def plan(self, url: str, *options: object, header: object = None) -> Plan | None:
        """What to check of a request to ``url``; ``None`` to let it pass unchecked.

        ``options`` are per-call escape hatches written in code (httpx's extension):
        selectors, or ``False``. ``header`` is the ``Clearance-Ignore`` header's value
        (or values): its selectors that name no rule are left out, with a warning.

        Raises:
            UnknownSelectorError: a selector of ``options`` names no rule.
        """
        ignore = self.ignore.union(
            self.context.ignore, *(validate(o, where=EXTENSION) for o in options)
        )
        sent = parse(header)
        missing = tuple(unknown(sent))
        for selector in missing:
            warnings.warn(_header_note(selector), UnknownSelectorWarning, stacklevel=3)
        ignore = ignore.union(sent.difference(missing))
        if ALL in ignore:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:  # a URL the client could not send either
            return None
        api = api_for_host(host) if host else None
        return None if api is None else Plan(api, ignore, missing)

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
