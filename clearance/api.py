"""The contract every API implements: :class:`Api`, :class:`Endpoint` and :class:`Headers`.

``clearance.validators.<api>`` defines one :class:`Api` subclass and its endpoint table;
the engine (:mod:`clearance.engine`) drives it: it finds the endpoint, lets the API read
the raw body and the URL and headers, runs the endpoint's compiled checks and hands the
errors back to the API, which turns them into findings in the server's own words.
Nothing here validates a payload, and nothing here knows pydantic.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from clearance import _json
from clearance.catalog import Catalog, load_catalog
from clearance.errors import CatalogError, UnknownEndpointError
from clearance.report import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Iterator
    from urllib.parse import SplitResult

    from clearance.model import Body, Error
    from clearance.report import Context

__all__ = ["Api", "Endpoint", "Headers", "Render", "Structure", "Summary", "document_order"]

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")

#: An envelope renderer: the findings (and the request's notation) to status, headers, body.
Render: TypeAlias = Callable[[Sequence[Finding], str], tuple[int, dict[str, str], bytes]]


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive view of request headers."""

    __slots__ = ("_items",)

    def __init__(
        self, headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None
    ) -> None:
        """Copy ``headers`` (a mapping or a list of pairs; later pairs win)."""
        items = headers.items() if isinstance(headers, Mapping) else (headers or ())
        self._items = {str(k).lower(): (str(k), str(v)) for k, v in items}

    def __getitem__(self, name: str) -> str:
        """The value of header ``name``, whatever its case."""
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        """The header names as given."""
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        """How many headers."""
        return len(self._items)


@dataclasses.dataclass(frozen=True, slots=True)
class Structure:
    """The rules an API answers for a value of the wrong JSON structure (catalog keys).

    ``object``: an object belongs there (a nested entity, a whole body); ``list``: an
    array belongs there; ``missing``: a required object is absent (Fortnox's entity
    wrapper). A nested model may name its own ``object`` rule
    (:attr:`clearance.model.Body.__clearance_object__`) and a list field its own ``list``
    rule (:meth:`clearance.model.Codes.listed`). A rule counts as enforced once a model
    that can answer it is compiled (see :func:`clearance.compiler.enforced`).
    """

    object: str = "clearance:invalid-type"
    list: str = "clearance:invalid-type"
    missing: str = "clearance:invalid-type"

    def rule_keys(self) -> tuple[str, ...]:
        """Every rule key named here."""
        return (self.object, self.list, self.missing)


@dataclasses.dataclass(frozen=True, slots=True)
class Summary:
    """A refusal the server puts before a part's own ones (InvoiceXpress: "Client is invalid").

    ``part`` matches, at the start of a finding's pointer, the pointer of the part
    (``/invoice/client``); it must match only where more of the pointer follows, since a
    finding about the part as a whole is not one of its own. Wherever the caller keeps a
    refusal inside a part, ``rule`` (a catalog key) is reported once for that part, at
    the part, before its first refusal, on the rule's own endpoints.
    """

    rule: str
    part: re.Pattern[str]


#: A model, or what builds it when the endpoint is first checked.
ModelSource: TypeAlias = "type[Body] | Callable[[], type[Body]]"


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One endpoint: its pinned id, the model of its payload, and of its path parameters.

    ``payload`` is ``"query"`` for endpoints that take query parameters (GET, DELETE),
    ``"body"`` for those that read a body, and ``"none"`` for those whose body the server
    does not read (an action such as ``PUT /invoices/{DocumentNumber}/bookkeep``, or a
    file upload): any body passes them, none included. Left empty, GET, DELETE and HEAD
    take the query, other methods a body. ``optional`` says that the server also takes
    the request without a body (nothing, blanks, JSON ``null`` or an empty object); a body
    that is sent is checked. ``auth`` says whether the server wants credentials.
    The models may be given as functions that build them: an API of hundreds of
    endpoints builds each one's models when it is first checked, never at import.
    """

    id: str
    body: ModelSource
    path_source: ModelSource | None = None
    auth: bool = True
    payload: str = ""
    optional: bool = False

    @property
    def model(self) -> type[Body]:
        """The model of the payload (built on first use)."""
        cached: type[Body] | None = self.__dict__.get("_body")
        return cached if cached is not None else self._resolved("body")

    @property
    def path(self) -> type[Body] | None:
        """The model of the path parameters, if the path has any worth checking."""
        return None if self.path_source is None else self._resolved("path_source")

    def _resolved(self, name: str) -> type[Body]:
        cached = self.__dict__.get(f"_{name}")
        if cached is None:
            source = getattr(self, name)
            cached = source if isinstance(source, type) else source()
            object.__setattr__(self, f"_{name}", cached)
        model: type[Body] = cached
        return model

    @property
    def method(self) -> str:
        """The HTTP method (or, for co3, the method name)."""
        return self.id.split(" ", 1)[0]

    @property
    def template(self) -> str:
        """The documented path, parameters in braces."""
        return self.id.split(" ", 1)[1] if " " in self.id else self.id

    @property
    def takes_query(self) -> bool:
        """Whether the payload is the query string rather than a body."""
        if self.payload:
            return self.payload == "query"
        return self.method in {"GET", "DELETE", "HEAD"}

    @property
    def reads_body(self) -> bool:
        """Whether the server reads a request body here (see ``payload``)."""
        return self.payload != "none" and not self.takes_query

    def path_pattern(self) -> re.Pattern[str]:
        """A regex matching the path, one group per parameter (empty segments too)."""
        parts = _PATH_PARAM.split(self.template)
        regex = "".join(
            f"(?P<{part}>[^/]*)" if n % 2 else re.escape(part) for n, part in enumerate(parts)
        )
        return re.compile(regex + "/?")


class Api:
    """What clearance knows of one API. Each ``clearance.validators.<api>`` module defines one.

    Subclasses set the class attributes and override the hooks they need: how a raw body
    is read, what a body that is not an object means, which request checks the server
    makes of the URL and headers, how a finding is worded, and how the error body is
    rendered.
    """

    name: ClassVar[str]
    #: Hosts the API answers on (full match, lower case).
    host: ClassVar[re.Pattern[str]]
    #: The base path every endpoint path is relative to.
    base_path: ClassVar[str] = ""
    #: The rules for a value of the wrong JSON structure.
    structure: ClassVar[Structure] = Structure()
    #: Whether a whole body that is not a JSON object reads as an object without keys (the
    #: servers that bind named parameters find none); otherwise it is refused with
    #: ``structure.object`` by the endpoint's model.
    non_object_is_empty: ClassVar[bool] = False
    #: Whether the server reads a form body (``application/x-www-form-urlencoded``) as named
    #: parameters, as it reads a JSON object's keys (Rails, ASP.NET Web API do).
    reads_forms: ClassVar[bool] = False
    #: The rule for a body that is not JSON, and for an empty one.
    malformed_rule: ClassVar[str] = "clearance:malformed-json"
    empty_rule: ClassVar[str] = "clearance:malformed-json"
    too_large_rule: ClassVar[str] = "clearance:body-too-large"
    #: Rule keys :meth:`transport` (or :meth:`parse`) reports: bound, i.e. enforced, when
    #: the API loads.
    transport_rules: ClassVar[tuple[str, ...]] = ()
    #: The summaries the server puts before a part's own refusals (see :class:`Summary`):
    #: added after the caller's selection, so that they follow what the caller keeps.
    summaries: ClassVar[tuple[Summary, ...]] = ()

    def __init__(self, endpoints: Sequence[Endpoint]) -> None:
        """Register ``endpoints``; the catalog loads with the API."""
        self.catalog: Catalog = load_catalog(self.name)
        self.endpoints: dict[str, Endpoint] = {}
        for endpoint in endpoints:
            if endpoint.id in self.endpoints:
                raise CatalogError(f"{self.name}: endpoint {endpoint.id!r} registered twice")
            self.endpoints[endpoint.id] = endpoint
        for key in (
            self.malformed_rule,
            self.empty_rule,
            self.too_large_rule,
            *self.transport_rules,
            *(summary.rule for summary in self.summaries),
        ):
            self.catalog.use(key)
        for key in self.structure.rule_keys():
            self.catalog[key]  # must exist; bound when a model that answers it is compiled
        #: Per method and first path segment, the endpoints' path patterns: each bucket
        #: compiled on its first match (an API of hundreds of endpoints compiles a few).
        self._buckets: dict[tuple[str, str], list[Endpoint]] | None = None
        self._patterns: dict[tuple[str, str], list[tuple[re.Pattern[str], Endpoint]]] = {}
        self._render: Render | None = None  # the envelope module loads on first use
        self._words = type(self).word is not Api.word
        self._writes = type(self).as_written is not Api.as_written
        #: Whether the API tells notations apart (:meth:`form_of`); else every body is JSON.
        self.notations = type(self).form_of is not Api.form_of
        #: Whether :meth:`prepare` may change an object (else an object is read as it is).
        self.prepares = type(self).prepare is not Api.prepare

    # -- hooks ------------------------------------------------------------------------

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """Parse a raw payload; raise :class:`_json.MalformedJsonError` when it is not valid."""
        del endpoint
        return _json.loads(raw)

    def prepare(self, value: Any, endpoint: Endpoint) -> Any:
        """The parsed payload as the endpoint's model reads it.

        A body that is not an object is read as ``{}`` where :attr:`non_object_is_empty`
        says so; subclasses adjust more (a wrapper key in another letter case, say).
        """
        del endpoint
        if self.non_object_is_empty and not isinstance(value, Mapping):
            return {}
        return value

    def malformed(self, endpoint: Endpoint, error: _json.MalformedJsonError) -> Finding:
        """The finding for a raw body that cannot be read (:attr:`malformed_rule`)."""
        del endpoint
        return self.finding(self.malformed_rule, pointer="", ctx={"Message": str(error)})

    def not_an_object(self, endpoint: Endpoint) -> Finding:
        """The finding for a whole body that is not an object (and not ``null``).

        The endpoint's model names its rule (:attr:`~clearance.model.Body.__clearance_body__`
        or ``__clearance_object__``), else the API's :attr:`Structure.object`. The server
        binds nothing of such a body, so the message shows no value.
        """
        model = endpoint.model
        key = model.__clearance_body__ or model.__clearance_object__ or self.structure.object
        return self.finding(key, pointer="", ctx={"field": "", "Value": "", "type": "an object"})

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """Findings about the URL and headers (scheme, host, credentials, content type)."""
        del endpoint, url, headers, path_params
        return []

    def word(self, finding: Finding, payload: Any, context: Context | None) -> Finding:
        """``finding`` as the server words it, where it completes messages (a field name...)."""
        del payload, context
        return finding

    def render(
        self, findings: Sequence[Finding], form: str = "json"
    ) -> tuple[int, dict[str, str], bytes]:
        """The server's error response for ``findings`` to a request written in ``form``.

        The envelope, ``clearance.envelopes.<api>.render``, is imported on first use.
        """
        if self._render is None:
            module = importlib.import_module(f"clearance.envelopes.{self.name}")
            self._render = module.render
        return self._render(findings, form)

    def form_of(self, payload: Any) -> str:
        """The notation a payload is written in (``"json"``; co3 also takes ``"xml"``)."""
        del payload
        return "json"

    def identify(self, raw: bytes) -> str | None:
        """The endpoint id a document names itself (co3's method element), if any."""
        del raw
        return None

    def locate(self, text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        """1-based (line, column) of each pointer's value in the document ``text``."""
        return _json.locate(text, pointers)

    # -- matching -----------------------------------------------------------------

    def endpoint(self, endpoint_id: str) -> Endpoint:
        """The endpoint with ``endpoint_id``; unknown ids raise :class:`UnknownEndpointError`."""
        try:
            return self.endpoints[endpoint_id]
        except (KeyError, TypeError):
            raise UnknownEndpointError(self.name, endpoint_id, self.endpoints) from None

    def match(self, method: str, path: str) -> tuple[Endpoint, dict[str, str]]:
        """The endpoint for ``method`` and a path relative to :attr:`base_path`.

        Literal paths win over templated ones (``/articles/product_categories`` is not
        ``/articles/{id}``).
        """
        method = method.upper()
        candidates: list[tuple[int, Endpoint, dict[str, str]]] = []
        for pattern, endpoint in self._candidates(method, path):
            found = pattern.fullmatch(path)
            if found:
                params = found.groupdict()
                candidates.append((len(params), endpoint, params))
        if not candidates:
            raise UnknownEndpointError(self.name, f"{method} {path}", self.endpoints)
        _, endpoint, params = min(candidates, key=lambda c: c[0])
        return endpoint, params

    def _candidates(self, method: str, path: str) -> list[tuple[re.Pattern[str], Endpoint]]:
        """The compiled patterns that may match: same method, same first path segment.

        A template whose first segment is a parameter may match any path: it is a
        candidate everywhere (its bucket's key is ``""``).
        """
        if self._buckets is None:
            buckets: dict[tuple[str, str], list[Endpoint]] = {}
            for ep in self.endpoints.values():
                first = _first_segment(ep.template)
                buckets.setdefault((ep.method, "" if "{" in first else first), []).append(ep)
            self._buckets = buckets
        found: list[tuple[re.Pattern[str], Endpoint]] = []
        for key in ((method, _first_segment(path)), (method, "")):
            compiled = self._patterns.get(key)
            if compiled is None:
                endpoints = self._buckets.get(key, ())
                compiled = self._patterns[key] = [(ep.path_pattern(), ep) for ep in endpoints]
            found += compiled
        return found

    def match_request(self, method: str, path: str, body: Any) -> tuple[Endpoint, dict[str, str]]:
        """The endpoint of a whole request; APIs that name the method in the body (co3) override."""
        del body
        return self.match(method, path)

    # -- findings -----------------------------------------------------------------

    def finding(
        self,
        key: str,
        *,
        pointer: str | None = None,
        location: Location = Location.PAYLOAD,
        ctx: Mapping[str, object] | None = None,
    ) -> Finding:
        """A finding for the rule ``key`` (used by request checks and parsers)."""
        rule = self.catalog[key]
        return Finding(rule.code, rule.format(ctx), rule.status, pointer, rule, location)

    def findings(
        self,
        errors: Sequence[Error],
        value: Any,
        location: Location = Location.PAYLOAD,
        context: Context | None = None,
    ) -> list[Finding]:
        """Findings from the compiled checks' errors, in document order of ``value``."""
        keyed: list[tuple[tuple[int, ...], Finding]] = []
        in_payload = location.kind == "payload"
        # One error needs no place in document order, unless the API spells locations its
        # own way (as_written): its location is the one the check reported.
        alone = len(errors) == 1 and not self._writes
        for error_loc, rule, message in errors:
            loc, order = (error_loc, ()) if alone else self.as_written(value, error_loc)
            if in_payload:
                finding = Finding(rule.code, message, rule.status, _json.pointer(loc), rule)
            else:
                where = location.at(str(loc[0])) if loc else location
                finding = Finding(rule.code, message, rule.status, None, rule, where)
            if self._words:
                finding = self.word(finding, value, context)
            keyed.append((order, finding))
        if len(keyed) > 1:
            keyed.sort(key=_first)
        return [finding for _, finding in keyed]

    def summarised(self, endpoint: Endpoint, findings: list[Finding]) -> list[Finding]:
        """``findings`` (kept by the caller) with the :attr:`summaries` they call for."""
        out: list[Finding] = []
        said: set[tuple[str, str]] = set()
        for finding in findings:
            pointer = finding.pointer
            if pointer and not finding.rule.warning:
                for summary in self.summaries:
                    part = summary.part.match(pointer)
                    if part is None or (summary.rule, part[0]) in said:
                        continue
                    rule = self.catalog[summary.rule]
                    if endpoint.id in rule.endpoints:
                        said.add((summary.rule, part[0]))
                        out.append(self.finding(summary.rule, pointer=part[0]))
            out.append(finding)
        return out

    def as_written(
        self, value: Any, loc: tuple[str | int, ...]
    ) -> tuple[tuple[str | int, ...], tuple[int, ...]]:
        """An error's location as the payload spells it, and its document-order sort key.

        APIs whose servers match keys in any letter case (SnelStart) override this so
        pointers name the key the payload actually wrote.
        """
        return loc, document_order(value, loc)


def _first_segment(path: str) -> str:
    """The first segment of a path (``/invoices/1/print`` -> ``invoices``)."""
    return path.lstrip("/").split("/", 1)[0]


def _first(item: tuple[tuple[int, ...], Finding]) -> tuple[int, ...]:
    return item[0]


def document_order(value: Any, loc: tuple[str | int, ...]) -> tuple[int, ...]:
    """Sort key of a location: the position of each step among its siblings.

    A key that is not in the object (a missing field) sorts after the keys that are.

    >>> document_order({"b": 1, "a": {"x": 2}}, ("a", "x")), document_order({}, ("z",))
    ((1, 0), (0,))
    """
    order: list[int] = []
    current = value
    for step in loc:
        if type(current) is dict or isinstance(current, Mapping):
            keys = list(current)
            position = keys.index(step) if step in current else len(keys)
            order.append(position)
            current = current.get(step) if step in current else None
        elif isinstance(current, list) and isinstance(step, int):
            order.append(step)
            current = current[step] if 0 <= step < len(current) else None
        else:
            order.append(0)
            current = None
    return tuple(order)
