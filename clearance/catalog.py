"""Rule catalogs: every documented server code, loaded from ``clearance/rules/<api>.toml``.

Each catalog is read and validated once, when its API is first used. A validator that
names a code missing from its catalog fails while its model class is being built, so a
typo in a code can never reach a user as a silent no-op.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from clearance.errors import CatalogError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["APIS", "INFERRED_BASES", "Catalog", "Rule", "Scope", "load_catalog", "parse_catalog"]

Scope = Literal["payload", "request", "context", "server"]
Severity = Literal["error", "warning"]
Basis = Literal["DOC", "FACT", "SPEC", "REC", "OFF-SDK", "LIB", "3P", "INF", "INFERENCE"]

#: Bases that rest on a reading or a guess rather than the vendor's own word. Rules with
#: one of these can be switched off one by one, or all together with the selector ``INF``.
INFERRED_BASES = frozenset({"LIB", "3P", "INF", "INFERENCE"})

#: The APIs clearance checks, by id: each names ``clearance/rules/<id>.toml`` (and
#: ``clearance.validators.<id>``, ``clearance.envelopes.<id>``).
APIS: tuple[str, ...] = ("kassa", "snelstart", "fortnox", "invoicexpress", "co3")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CODE = r"clearance:[a-z0-9]+(-[a-z0-9]+)*|[A-Za-z0-9][A-Za-z0-9 _.-]*"


#: The keys of a ``[rules.<code>]`` table, each with its type and whether it is required.
_RULE_KEYS: dict[str, tuple[type, bool]] = {
    "name": (str, True),
    "code": (str, False),
    "status": (int, True),
    "message": (str, True),
    "error": (str, False),
    "scope": (str, True),
    "basis": (str, True),
    "source": (str, False),
    "note": (str, False),
    "endpoints": (list, False),
    "head": (bool, False),
    "unenforced": (str, False),
    "removed": (str, False),
    "severity": (str, False),
    "answer": (str, False),
    "framework": (str, False),
}
_CATALOG_KEYS: dict[str, tuple[type, bool]] = {
    "api": (str, True),
    "title": (str, True),
    "source": (str, True),
    "rules": (dict, True),
}
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: An api id: the stem of a catalog file, nothing that could name another path.
_API_ID = re.compile(r"[a-z][a-z0-9]*")


class _MalformedError(ValueError):
    """What is wrong with a catalog's text."""


def _typed(where: str, table: object, keys: Mapping[str, tuple[type, bool]]) -> dict[str, Any]:
    """``table`` when it has only ``keys``, each of its type, the required ones present."""
    if not isinstance(table, dict):
        raise _MalformedError(f"{where}: not a table")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise _MalformedError(f"{where}: unknown keys {unknown}")
    for field, (kind, required) in keys.items():
        if field not in table:
            if required:
                raise _MalformedError(f"{where}: {field} is missing")
            continue
        value = table[field]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _MalformedError(f"{where}.{field}: {value!r} is not a {kind.__name__}")
    return table


def _rule_fields(key: str, table: object) -> dict[str, Any]:
    """The fields of one ``[rules.<key>]`` table, checked (a :class:`_MalformedError` if not).

    (Hand-written rather than a pydantic model: building one costs more at start-up than
    a whole check of a fixture.)
    """
    where = f"rules.{key}"
    if not re.fullmatch(_CODE, key):
        raise _MalformedError(f"{where}: not a code")
    fields = dict(_typed(where, table, _RULE_KEYS))
    if not _NAME.fullmatch(fields["name"]):
        raise _MalformedError(f"{where}.name: {fields['name']!r} is not kebab-case")
    if not fields["message"]:
        raise _MalformedError(f"{where}.message: empty")
    fields.setdefault("severity", "error")
    checked = (
        ("scope", get_args(Scope)),
        ("basis", get_args(Basis)),
        ("severity", get_args(Severity)),
    )
    for field, allowed in checked:
        if fields[field] not in allowed:
            raise _MalformedError(f"{where}.{field}: {fields[field]!r} is not one of {allowed}")
    endpoints = fields.get("endpoints", [])
    if not all(isinstance(e, str) for e in endpoints):
        raise _MalformedError(f"{where}.endpoints: not a list of strings")
    fields["endpoints"] = tuple(endpoints)
    fields["code"] = fields.get("code") or key
    return fields


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """One documented server answer: its code, status and verbatim message.

    ``code`` is always a string, exactly as the server writes it (``"1030"``,
    ``"REL-0011"``, ``"2000108"``). Codes that start with ``clearance:`` are
    clearance's own: checks the documentation asks for without giving them a code.
    ``key`` is the rule's key in its catalog: the code itself, except for APIs whose
    answers carry no code (InvoiceXpress), where the key is the rule's name and
    ``code`` is the HTTP status the server answers with.

    ``head`` marks a group code that only ever stands at the top of an envelope (KASSA's
    1000 above every validation detail); ``unenforced`` says why a rule the request
    could decide is not checked (e.g. no documented endpoint takes its parameter).

    ``severity`` is ``"error"`` for a refusal, or ``"warning"`` for what the server takes
    but users want to know before it happens (a value it cuts short, say): a warning never
    makes a report fail and never enters the server's body.

    ``answer`` names, for one of clearance's own checks, the rule of the same catalog
    whose code, message and status the server answers the case with (co3's
    ``password-not-md5`` is answered as 7, Authentication error); ``framework`` names the
    layer in front of the API that answers the case before the API's own code runs, with
    its own body and message and no code (SnelStart's Azure API Management, ASP.NET).
    """

    api: str
    key: str
    code: str
    name: str
    status: int
    message: str
    scope: Scope
    basis: Basis
    error: str | None = None
    source: str | None = None
    note: str | None = None
    endpoints: tuple[str, ...] = ()
    head: bool = False
    unenforced: str | None = None
    removed: str | None = None
    severity: Severity = "error"
    answer: str | None = None
    framework: str | None = None
    placeholders: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The rule's global id, ``"<api>:<key>"``: what selectors and config name."""
        return f"{self.api}:{self.key}"

    @property
    def warning(self) -> bool:
        """Whether the rule warns rather than refuses."""
        return self.severity == "warning"

    @property
    def inferred(self) -> bool:
        """Whether the rule rests on inference or third-party reading only."""
        return self.basis in INFERRED_BASES

    @property
    def own(self) -> bool:
        """Whether the rule is clearance's own check rather than a documented server code."""
        return self.key.startswith("clearance:")

    @property
    def undocumented(self) -> bool:
        """Whether the answer carries clearance's own code: the server's is not documented.

        An own rule whose server answer was found (in recorded traffic, the documentation
        or a client library) carries that code in the catalog's ``code``, or names the
        documented rule it is answered with in ``answer``, or the framework that answers
        it without a code in ``framework``.
        """
        return self.answer is None and self.framework is None and self.code.startswith("clearance:")

    def format(self, ctx: Mapping[str, object] | None = None) -> str:
        """Fill the message's placeholders the way the server does.

        Placeholders without a value in ``ctx`` stay as the documentation writes them.

        >>> Rule("x", "1", "1", "n", 400, "Parameter '{name}' is bad ({id-number})", "payload",
        ...      "DOC", placeholders=("name",)).format({"name": "sort"})
        "Parameter 'sort' is bad ({id-number})"
        """
        if not ctx or not self.placeholders:
            return self.message
        message = self.message
        for key in self.placeholders:
            if key in ctx:
                message = message.replace("{" + key + "}", str(ctx[key]))
        return message


class Catalog:
    """All rules of one API, keyed by the server's code (or the rule's name, see :class:`Rule`).

    >>> kassa = load_catalog("kassa")
    >>> kassa["1030"].status
    400
    >>> kassa["9999"]
    Traceback (most recent call last):
    ...
    clearance.errors.CatalogError: kassa has no rule with code '9999'
    """

    __slots__ = ("_rules", "api", "source", "title", "used")

    def __init__(self, api: str, title: str, source: str, rules: Mapping[str, Rule]) -> None:
        """Build a catalog; use :func:`load_catalog` rather than calling this."""
        self.api = api
        self.title = title
        self.source = source
        self._rules = dict(rules)
        #: Keys of the rules a validator or a request check has bound: the enforced rules.
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> Rule:
        """Return the rule with ``key``; an unknown key is a :class:`CatalogError`."""
        try:
            return self._rules[key]
        except KeyError:
            raise CatalogError(f"{self.api} has no rule with code {key!r}") from None

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` is in the catalog."""
        return code in self._rules

    def __iter__(self) -> Iterator[Rule]:
        """Iterate the rules in catalog order."""
        return iter(self._rules.values())

    def __len__(self) -> int:
        """Count the rules."""
        return len(self._rules)

    def use(self, key: str) -> Rule:
        """Return the rule with ``key`` and record it as enforced.

        Only ``payload``, ``request`` and ``context`` rules can be enforced: a ``server``
        rule needs server state, so binding one is a :class:`CatalogError`.
        """
        rule = self[key]
        if rule.scope == "server":
            raise CatalogError(f"{rule.id} has scope 'server' and cannot be checked locally")
        self.used.add(key)
        return rule

    def __repr__(self) -> str:
        """Show the api and the size."""
        return f"<Catalog {self.api}: {len(self)} rules>"


@cache
def load_catalog(api: str) -> Catalog:
    """Read and validate ``clearance/rules/<api>.toml`` (once per process).

    Raises:
        CatalogError: the file is missing or malformed.
    """
    if not isinstance(api, str) or not _API_ID.fullmatch(api):  # never a path of a caller's
        raise CatalogError(f"no catalog for api {api!r}")
    name = f"{api}.toml"
    try:
        # Next to this module, where an install puts it: importlib.resources (and the
        # zipfile it imports) only for a package that is not a folder on disk.
        text = (Path(__file__).parent / "rules" / name).read_text("utf-8")
    except OSError:  # not a folder on disk (a zip: NotADirectoryError)
        from importlib import resources  # noqa: PLC0415

        try:
            text = resources.files("clearance.rules").joinpath(name).read_text("utf-8")
        except FileNotFoundError:
            raise CatalogError(f"no catalog for api {api!r}") from None
    return parse_catalog(api, text)


def parse_catalog(api: str, text: str) -> Catalog:
    """Build the catalog of ``api`` from the text of its TOML file.

    Raises:
        CatalogError: the text is not TOML, or not a catalog of ``api``.
    """
    try:
        data = _typed("catalog", tomllib.loads(text), _CATALOG_KEYS)
        tables = {key: _rule_fields(key, table) for key, table in data["rules"].items()}
    except (tomllib.TOMLDecodeError, _MalformedError) as exc:
        raise CatalogError(f"rules/{api}.toml is malformed: {exc}") from None
    if data["api"] != api:
        raise CatalogError(f"rules/{api}.toml declares api {data['api']!r}")
    names: dict[str, str] = {}
    rules: dict[str, Rule] = {}
    for key, fields in tables.items():
        if fields["name"] in names:
            raise CatalogError(
                f"rules/{api}.toml: keys {names[fields['name']]!r} and {key!r} share the name "
                f"{fields['name']!r}"
            )
        names[fields["name"]] = key
        rules[key] = Rule(
            api=api,
            key=key,
            placeholders=tuple(dict.fromkeys(_PLACEHOLDER.findall(fields["message"]))),
            **fields,
        )
    for key, rule in rules.items():
        if rule.answer is not None and rule.answer not in rules:
            raise CatalogError(f"rules/{api}.toml: {key!r} answers as {rule.answer!r}, no rule")
    return Catalog(api, data["title"], data["source"], rules)
