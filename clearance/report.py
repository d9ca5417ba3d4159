"""What a check returns: findings in the server's own words, and the server's own response.

Also the facts a check may need beyond the payload (:class:`Context`). Nothing here
checks anything: the engine fills a :class:`Report`, and the report renders the server's
body through the renderer the engine hands it (its API's envelope).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from clearance.catalog import Rule

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "Context",
    "Finding",
    "Location",
    "Report",
    "rule_selected",
]

#: Bodies larger than this are not parsed (a finding ``clearance:body-too-large`` instead).
#: The largest documented payload is a SnelStart attachment of 10 MB after base64 decoding.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024


@dataclasses.dataclass(frozen=True, slots=True)
class Context:
    """Facts a check may need that are not in the payload.

    Attributes:
        today: the date "today" for date rules (``None``: the real date at check time).
        path_params: the ids in the URL, e.g. ``{"id": "..."}`` for ``PUT /relaties/{id}``.
        ignore: selectors of rules to switch off: a code (``"1064"``), a rule id
            (``"kassa:1064"``), an api (``"kassa"``), a basis (``"INF"``), or ``"inferred"``
            for every rule that rests on inference or third-party reading.
        max_body_bytes: raw bodies larger than this are not parsed.
    """

    today: date | None = None
    path_params: Mapping[str, str] | None = None
    ignore: frozenset[str] = frozenset()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def current_date(self) -> date:
        """``today``, or the real date when it is not set."""
        return self.today if self.today is not None else date.today()  # noqa: DTZ011 - local date, as a caller means it


def rule_selected(rule: Rule, selectors: frozenset[str]) -> bool:
    """Whether any selector names ``rule`` (see :attr:`Context.ignore` for the forms)."""
    if not selectors:
        return False
    return bool(
        {rule.code, rule.key, rule.id, rule.api, rule.basis} & selectors
        or (rule.inferred and "inferred" in selectors)
        or (rule.inferred and "INF" in selectors)
    )


LocationKind = Literal["payload", "url", "path", "header", "query"]


class Location(str):  # noqa: SLOT000 - its parts live in the instance dict
    """Where in the request a finding is: the payload, the URL, or one named part of it.

    Built from its parts, never parsed: ``Location("header", "Authorization")``. It reads
    (and compares) as the text users see, ``"header:Authorization"``, ``"path:id"``,
    ``"url"``, ``"payload"``, and keeps its parts as :attr:`kind` and :attr:`name`.

    >>> where = Location("header", "Authorization")
    >>> where == "header:Authorization", where.kind, where.name
    (True, 'header', 'Authorization')
    >>> Location.PAYLOAD.kind, Location.URL.name
    ('payload', None)
    """

    kind: LocationKind
    name: str | None
    PAYLOAD: Location
    URL: Location

    def __new__(cls, kind: LocationKind, name: str | None = None) -> Location:  # noqa: PYI034
        """The location of ``kind`` (and, for a part of the URL or a header, its ``name``)."""
        self = super().__new__(cls, kind if name is None else f"{kind}:{name}")
        self.kind = kind
        self.name = name
        return self

    def at(self, name: str) -> Location:
        """The named part of this kind of location (``Location("path").at("id")``)."""
        return Location(self.kind, name)

    def __reduce__(self) -> tuple[type[Location], tuple[LocationKind, str | None]]:
        """Pickle and copy by the parts."""
        return (Location, (self.kind, self.name))


Location.PAYLOAD = Location("payload")
Location.URL = Location("url")


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """One reason the server would reject the request.

    Attributes:
        code: the server's code, always a string (``"1030"``, ``"REL-0011"``; ``"422"``
            for InvoiceXpress, whose answers carry no code; ``"clearance:..."`` for
            clearance's own checks that the documentation gives no code).
        message: the server's message, placeholders filled as the server fills them.
        status: the HTTP status the server answers with.
        pointer: RFC 6901 JSON pointer to the offending value in the payload (for a
            missing key: where it belongs). ``None`` for URL and header findings.
        location: :class:`Location`: the payload, or the URL, a path parameter, a header
            or a query parameter the server reads from the request itself (it reads as
            ``"payload"``, ``"url"``, ``"path:<name>"``, ``"header:<Name>"``,
            ``"query:<name>"``).
        rule: the catalog entry.
    """

    code: str
    message: str
    status: int
    pointer: str | None
    rule: Rule = dataclasses.field(repr=False, compare=False)
    location: Location = Location.PAYLOAD

    @property
    def api(self) -> str:
        """The api this finding belongs to."""
        return self.rule.api

    @property
    def severity(self) -> str:
        """``"error"`` (the server refuses) or ``"warning"`` (it takes the request)."""
        return self.rule.severity


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """The result of one check: every finding, in document order of the payload.

    ``findings`` are the reasons the server would refuse the request; ``warnings`` are
    what it would take but change or may change (a value cut short): they never make the
    report fail and never enter the server's body.
    """

    api: str
    endpoint: str
    findings: tuple[Finding, ...] = ()
    #: The notation the request was written in (``"json"``, or ``"xml"`` for co3): the
    #: server answers in the same one.
    form: str = "json"
    #: The API's envelope, which :meth:`response` renders through (set by the engine).
    renderer: Callable[[Sequence[Finding], str], tuple[int, dict[str, str], bytes]] | None = (
        dataclasses.field(default=None, repr=False, compare=False)
    )
    warnings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """``True`` when the server would accept the request as far as clearance can tell."""
        return not self.findings

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """The response the server would send: HTTP status, headers and the exact body.

        Raises:
            ValueError: the report has no findings, so there is no error to render.
        """
        if not self.findings:
            raise ValueError("the report has no findings: the server would accept the request")
        if self.renderer is None:
            raise ValueError(f"this report of {self.api} was built without its envelope")
        return self.renderer(self.findings, self.form)
