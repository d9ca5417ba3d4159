"""What a check returns: findings in the server's own words, and the server's own response."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from clearance.selectors import matches as rule_selected
from clearance.selectors import validate as validate_selectors

if TYPE_CHECKING:
    from collections.abc import Mapping

    from clearance.catalog import Rule

__all__ = ["DEFAULT_MAX_BODY_BYTES", "Context", "Finding", "Report", "rule_selected"]

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
            (``"kassa:1064"``), an api (``"kassa"``), a basis (``"INF"``), ``"inferred"``
            for every rule that rests on inference or third-party reading, or ``"*"`` for
            every rule (see :mod:`clearance.selectors`). A selector that names no rule
            raises :class:`~clearance.UnknownSelectorError`.
        max_body_bytes: raw bodies larger than this are not parsed.
    """

    today: date | None = None
    path_params: Mapping[str, str] | None = None
    ignore: frozenset[str] = frozenset()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def __post_init__(self) -> None:
        """Check the selectors of ``ignore`` (a typo must not leave a rule on unseen)."""
        if self.ignore:
            object.__setattr__(self, "ignore", validate_selectors(self.ignore))

    def current_date(self) -> date:
        """``today``, or the real date when it is not set."""
        return self.today if self.today is not None else date.today()  # noqa: DTZ011 - local date, as a caller means it


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
        location: ``"payload"``, or ``"url"``, ``"path:<name>"``, ``"header:<Name>"``,
            ``"query:<name>"`` for what the server reads from the request itself.
        rule: the catalog entry.
    """

    code: str
    message: str
    status: int
    pointer: str | None
    rule: Rule = dataclasses.field(repr=False, compare=False)
    location: str = "payload"

    @property
    def api(self) -> str:
        """The api this finding belongs to."""
        return self.rule.api


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """The result of one check: every finding, in document order of the payload."""

    api: str
    endpoint: str
    findings: tuple[Finding, ...] = ()
    #: The notation the request was written in (``"json"``, or ``"xml"`` for co3): the
    #: server answers in the same one.
    form: str = "json"

    @property
    def ok(self) -> bool:
        """``True`` when the server would accept the request as far as clearance can tell."""
        return not self.findings

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """The response the server would send: HTTP status, headers and the exact body.

        Raises:
            NoFindingsError: the report has no findings (:attr:`ok`): the server would
                accept the request, and clearance cannot render a success. A
                ``ValueError``, as every :class:`~clearance.ClearanceError`.
        """
        if not self.findings:
            from clearance.errors import NoFindingsError  # noqa: PLC0415 - the rare path

            raise NoFindingsError(self)
        from clearance.engine import get_api  # noqa: PLC0415 - renderers load with their api

        return get_api(self.api).render(self.findings, self.form)
