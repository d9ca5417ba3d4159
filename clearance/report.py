"""What a check returns: findings in the server's own words, and the server's own response.

Also the facts a check may need beyond the payload (:class:`Context`). Nothing here
checks anything: the engine fills a :class:`Report`, and the report renders the server's
body through the renderer the engine hands it (its API's envelope).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Self

from clearance.errors import AccountError
from clearance.selectors import matches as rule_selected
from clearance.selectors import validate as validate_selectors

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from clearance.catalog import Rule

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "FACTS",
    "Account",
    "Context",
    "Fact",
    "Finding",
    "Location",
    "Report",
    "fact_for",
    "read_date",
    "rule_selected",
]

#: Bodies larger than this are not parsed (a finding ``clearance:body-too-large`` instead).
#: The largest documented payload is a SnelStart attachment of 10 MB after base64 decoding.
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024


# -- account facts ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """One fact of the caller's account that some rule needs for its strict reading.

    While a fact is unknown (``None``), the rules that read it take the lenient reading:
    they never refuse what an account with any value of the fact might accept.

    Attributes:
        api: the api whose accounts have the fact.
        name: its name in ``[tool.clearance.account.<api>]`` (kebab-case).
        kind: ``"currencies"`` (a list of ISO 4217 codes), ``"flag"`` (true or false)
            or ``"date"``.
        rules: the ids of the rules that read it.
        means: what the fact says of the account.
        lenient: what those rules do while the fact is unknown.
        strict: what they do once it is set.
        example: a value, as written in TOML.
    """

    api: str
    name: str
    kind: Literal["currencies", "flag", "date"]
    rules: tuple[str, ...]
    means: str
    lenient: str
    strict: str
    example: str

    @property
    def attribute(self) -> str:
        """The :class:`Account` attribute that holds it (``co3_currencies``)."""
        return f"{self.api}_{self.name.replace('-', '_')}"

    @property
    def setting(self) -> str:
        """How to set it in ``pyproject.toml``: ``[tool.clearance.account.co3] currencies``."""
        return f"[tool.clearance.account.{self.api}] {self.name}"

    @property
    def help(self) -> str:
        """What a finding of one of its rules says about its reading."""
        return (
            f"This rule depends on the account: {self.means}. While that is unknown, "
            f"{self.lenient}. Set {self.setting} = {self.example} (in Python: "
            f"clearance.Account({self.attribute}=...)) to turn the strict reading on: "
            f"{self.strict}."
        )


#: Every account fact clearance knows, in the order the documentation lists them.
FACTS: tuple[Fact, ...] = (
    Fact(
        "co3",
        "currencies",
        "currencies",
        ("co3:21",),
        means=(
            "the currencies enabled on the co3 account (the documentation lists USD, GBP, "
            "EUR, HUF, 'if you need other please contact us')"
        ),
        lenient="any ISO 4217 currency passes, and only a code that is no currency at all gets 21",
        strict="a currency outside the account's list gets 21, and the message lists them",
        example='["USD", "GBP", "EUR", "HUF"]',
    ),
    Fact(
        "fortnox",
        "warehouse",
        "flag",
        ("fortnox:2003126",),
        means=(
            "whether the Fortnox account has the warehouse module (Lager), whose rules "
            "accounts without it never check"
        ),
        lenient="OutboundDate is not compared with today",
        strict="with true, an OutboundDate after today gets 2003126 (false never checks it)",
        example="true",
    ),
    Fact(
        "snelstart",
        "fiscal-year-start",
        "date",
        ("snelstart:BOE-0033",),
        means=(
            "the first day of the administration's current boekjaar (huidig boekjaar), "
            "an administration setting that may lag behind the calendar"
        ),
        lenient="no booking date is refused for its age",
        strict="a booking date more than five years before that day gets BOE-0033",
        example="2026-01-01",
    ),
    Fact(
        "snelstart",
        "kvk-dutch-only",
        "flag",
        ("snelstart:REL-0006",),
        means=(
            "whether the administration refuses a kvkNummer that is not a Dutch KvK number "
            "(relaties abroad carry other registry numbers)"
        ),
        lenient="kvkNummer is not judged, so foreign registry numbers pass",
        strict=(
            "with true, a kvkNummer that is not 8 digits (spaces, dots and dashes aside) "
            "gets REL-0006"
        ),
        example="true",
    ),
)

_FACT_BY_RULE = {rule: fact for fact in FACTS for rule in fact.rules}
_KINDS = {
    "currencies": "a list of ISO 4217 currency codes",
    "flag": "true or false",
    "date": "a date (2026-01-01)",
}


def fact_for(rule_id: str) -> Fact | None:
    """The account fact the rule ``rule_id`` (``"co3:21"``) reads, if any.

    >>> fact_for("co3:21").setting
    '[tool.clearance.account.co3] currencies'
    >>> fact_for("kassa:1030") is None
    True
    """
    return _FACT_BY_RULE.get(rule_id)


def _known_facts() -> str:
    return ", ".join(f"{fact.api}.{fact.name}" for fact in FACTS)


@cache
def _iso_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies  # noqa: PLC0415 - only when a list is given

    return frozenset(list_currencies())


def _currencies(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise AccountError(
            f"{where}: expected a list of ISO 4217 currency codes, such as "
            f'["USD", "GBP", "EUR", "HUF"], got {value!r}'
        )
    codes: list[str] = []
    for item in value:
        code = item.strip().upper() if isinstance(item, str) else None
        if code is None or code not in _iso_currencies():
            raise AccountError(f"{where}: {item!r} is not an ISO 4217 currency code")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise AccountError(f"{where}: expected true or false, got {value!r}")
    return value


def read_date(value: object, where: str) -> date:
    """A calendar date given as a ``date`` or ISO text (``2026-01-01``), else AccountError."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise AccountError(f"{where}: expected a date (2026-01-01), got {value!r}")


_READERS = {"currencies": _currencies, "flag": _flag, "date": read_date}


@dataclasses.dataclass(frozen=True, slots=True)
class Account:
    """Facts of your accounts at the APIs, for the rules that depend on them.

    Every fact is ``None`` (unknown) by default, and a rule that reads an unknown fact
    takes the lenient reading: it refuses nothing an account might accept. Set a fact
    to turn the rule's strict reading on (see :data:`FACTS`). The same facts come from
    ``[tool.clearance.account.<api>]`` in ``pyproject.toml``, or from a mapping keyed per
    api (:meth:`of`).

    >>> Account(co3_currencies=["usd", "chf"]).co3_currencies
    ('USD', 'CHF')
    >>> Account.of({"fortnox": {"warehouse": True}}) == Account(fortnox_warehouse=True)
    True
    >>> Account.of({"co3": {"currency": ["EUR"]}})
    Traceback (most recent call last):
    ...
    clearance.errors.AccountError: account: unknown fact 'co3.currency'; known facts: \
co3.currencies, fortnox.warehouse, snelstart.fiscal-year-start, snelstart.kvk-dutch-only

    Attributes:
        co3_currencies: the currencies enabled on the co3 account (co3 21).
        fortnox_warehouse: whether the Fortnox account has the warehouse module (2003126).
        snelstart_fiscal_year_start: the first day of the administration's current
            boekjaar (BOE-0033).
        snelstart_kvk_dutch_only: whether the administration refuses a kvkNummer that is
            not a Dutch KvK number (REL-0006).
    """

    co3_currencies: tuple[str, ...] | None = None
    fortnox_warehouse: bool | None = None
    snelstart_fiscal_year_start: date | None = None
    snelstart_kvk_dutch_only: bool | None = None

    def __post_init__(self) -> None:
        """Check each fact that is set, and store it in its one form (lists as tuples)."""
        for fact in FACTS:
            value = getattr(self, fact.attribute)
            if value is not None:
                where = f"account: {fact.api}.{fact.name}"
                object.__setattr__(self, fact.attribute, _READERS[fact.kind](value, where))

    @classmethod
    def of(cls, facts: Account | Mapping[str, object] | None, *, where: str = "account") -> Account:
        """An account from facts keyed per api: ``{"co3": {"currencies": [...]}}``.

        Names are written as in ``pyproject.toml`` (``fiscal-year-start``); the Python
        spelling (``fiscal_year_start``) is read too.

        Raises:
            AccountError: an api without facts, a fact clearance does not know, or a
                value of the wrong kind; the message names the known facts.
        """
        if facts is None:
            return cls()
        if isinstance(facts, Account):
            return facts
        if not isinstance(facts, Mapping):
            raise AccountError(
                f"{where}: expected facts keyed per api, such as "
                f'{{"co3": {{"currencies": ["USD", "EUR"]}}}}, got {facts!r}'
            )
        by_name = {(fact.api, fact.name): fact for fact in FACTS}
        values: dict[str, object] = {}
        for api, table in facts.items():
            if not isinstance(table, Mapping):
                raise AccountError(f"{where}: {api!r}: expected a table of facts, got {table!r}")
            for name, value in table.items():
                fact = by_name.get((api, str(name).replace("_", "-")))
                if fact is None:
                    raise AccountError(
                        f"{where}: unknown fact '{api}.{name}'; known facts: {_known_facts()}"
                    )
                values[fact.attribute] = _READERS[fact.kind](value, f"{where}: {api}.{fact.name}")
        return cls(**values)  # type: ignore[arg-type]

    def facts(self) -> dict[str, dict[str, object]]:
        """The facts that are set, keyed per api, as :meth:`of` reads them.

        >>> Account(fortnox_warehouse=False).facts()
        {'fortnox': {'warehouse': False}}
        """
        found: dict[str, dict[str, object]] = {}
        for fact in FACTS:
            value = getattr(self, fact.attribute)
            if value is not None:
                found.setdefault(fact.api, {})[fact.name] = (
                    list(value) if isinstance(value, tuple) else value
                )
        return found


_UNKNOWN_ACCOUNT = Account()


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
        account: facts of your accounts that some rules need (:class:`Account`; a
            mapping keyed per api is read with :meth:`Account.of`). Unknown facts make
            those rules lenient.
    """

    today: date | None = None
    path_params: Mapping[str, str] | None = None
    ignore: frozenset[str] = frozenset()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    account: Account = _UNKNOWN_ACCOUNT

    def __post_init__(self) -> None:
        """Check the selectors of ``ignore``, and read an ``account`` given as a mapping.

        A selector that names no rule raises (a typo must not leave a rule on unseen); an
        account may come keyed per api, as :meth:`Account.of` reads it.
        """
        if self.ignore:
            object.__setattr__(self, "ignore", validate_selectors(self.ignore))
        if type(self.account) is not Account:
            object.__setattr__(self, "account", Account.of(self.account))

    def current_date(self) -> date:
        """``today``, or the real date when it is not set."""
        return self.today if self.today is not None else date.today()  # noqa: DTZ011 - local date, as a caller means it


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


class _FindingSlots:
    """:class:`Finding`'s slots, filled as a plain class fills them (see :class:`Finding`)."""

    __slots__ = ("code", "location", "message", "pointer", "rule", "status")

    def __init__(  # noqa: PLR0917 - Finding's fields, in order
        self,
        code: str,
        message: str,
        status: int,
        pointer: str | None,
        rule: Rule,
        location: Location = Location.PAYLOAD,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.pointer = pointer
        self.rule = rule
        self.location = location


@dataclasses.dataclass(frozen=True, slots=True, init=False)
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

    def __new__(  # noqa: PLR0917 - the fields, in order
        cls,
        code: str,
        message: str,
        status: int,
        pointer: str | None,
        rule: Rule,
        location: Location = Location.PAYLOAD,
    ) -> Self:
        """A finding, built at a plain class's speed.

        A frozen dataclass sets each field through ``object.__setattr__``, which costs a
        finding about five times as much: the slots are filled by :class:`_FindingSlots`,
        whose layout is the same, and the object then becomes a ``Finding``.
        """
        self: Any = _FindingSlots(code, message, status, pointer, rule, location)
        self.__class__ = cls
        return self  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        """Pickle and copy by the fields."""
        fields = (self.code, self.message, self.status, self.pointer, self.rule, self.location)
        return (type(self), fields)

    @property
    def api(self) -> str:
        """The api this finding belongs to."""
        return self.rule.api

    @property
    def severity(self) -> str:
        """``"error"`` (the server refuses) or ``"warning"`` (it takes the request)."""
        return self.rule.severity

    @property
    def help(self) -> str | None:
        """For a rule that depends on an account fact: its reading and how to change it."""
        fact = fact_for(self.rule.id)
        return fact.help if fact is not None else None


class _ReportSlots:
    """:class:`Report`'s slots, filled as a plain class fills them (as :class:`Finding`)."""

    __slots__ = ("api", "endpoint", "findings", "form", "renderer", "warnings")

    def __init__(  # noqa: PLR0917 - Report's fields, in order
        self,
        api: str,
        endpoint: str,
        findings: tuple[Finding, ...],
        form: str,
        renderer: Callable[[Sequence[Finding], str], tuple[int, dict[str, str], bytes]] | None,
        warnings: tuple[Finding, ...],
    ) -> None:
        self.api = api
        self.endpoint = endpoint
        self.findings = findings
        self.form = form
        self.renderer = renderer
        self.warnings = warnings


@dataclasses.dataclass(frozen=True, slots=True, init=False)
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

    def __new__(  # noqa: PLR0917 - the fields, in order
        cls,
        api: str,
        endpoint: str,
        findings: tuple[Finding, ...] = (),
        form: str = "json",
        renderer: Callable[[Sequence[Finding], str], tuple[int, dict[str, str], bytes]]
        | None = None,
        warnings: tuple[Finding, ...] = (),
    ) -> Self:
        """A report, built at a plain class's speed (see :meth:`Finding.__new__`)."""
        self: Any = _ReportSlots(api, endpoint, findings, form, renderer, warnings)
        self.__class__ = cls
        return self  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        """Pickle and copy by the fields."""
        fields = (self.api, self.endpoint, self.findings, self.form, self.renderer, self.warnings)
        return (type(self), fields)

    @property
    def reported(self) -> tuple[Finding, ...]:
        """Every finding, then every warning: all a linter reports of the request."""
        return (*self.findings, *self.warnings) if self.warnings else self.findings

    def only(self, kept: tuple[Finding, ...]) -> Report:
        """The same report with only the findings and warnings of ``kept``."""
        return dataclasses.replace(
            self,
            findings=tuple(f for f in kept if f.rule.severity != "warning"),
            warnings=tuple(f for f in kept if f.rule.severity == "warning"),
        )

    @property
    def ok(self) -> bool:
        """``True`` when the server would accept the request as far as clearance can tell."""
        return not self.findings

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """The response the server would send: HTTP status, headers and the exact body.

        Where the body carries one of clearance's own codes because the server's for the
        case is not documented, the headers say so: ``Clearance-Undocumented`` names
        those rules' ids (``fortnox:clearance:field-required``).

        Raises:
            NoFindingsError: the report has no findings (:attr:`ok`): the server would
                accept the request, and clearance cannot render a success. A
                ``ValueError``, as every :class:`~clearance.ClearanceError`.
        """
        if not self.findings:
            from clearance.errors import NoFindingsError  # noqa: PLC0415 - the rare path

            raise NoFindingsError(self)
        if self.renderer is None:
            raise ValueError(f"this report of {self.api} was built without its envelope")
        return self.renderer(self.findings, self.form)
