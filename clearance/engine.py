"""The core: find the API and endpoint, parse, validate, and turn errors into findings."""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from pydantic import ValidationError

from clearance import _json
from clearance.catalog import Catalog, Rule, load_catalog
from clearance.errors import CatalogError, UnknownApiError, UnknownEndpointError
from clearance.model import Body, Codes, Error, collect, display
from clearance.report import Context, Finding, Report, rule_selected
from clearance.validators import APIS

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["Api", "Endpoint", "Headers", "check", "check_request", "get_api"]

_DEFAULT_CONTEXT = Context()
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")

Render = Callable[[Sequence[Finding]], tuple[int, dict[str, str], bytes]]


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

    def __iter__(self) -> Any:
        """The header names as given."""
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        """How many headers."""
        return len(self._items)


@dataclasses.dataclass(frozen=True, slots=True)
class Endpoint:
    """One endpoint: its pinned id, the model of its payload, and of its path parameters.

    ``payload`` is ``"query"`` for endpoints that take query parameters (GET, DELETE)
    and ``"body"`` otherwise; ``auth`` says whether the server wants credentials.
    """

    id: str
    model: type[Body]
    path: type[Body] | None = None
    auth: bool = True
    payload: str = ""

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
    is parsed, how pydantic's own errors map to codes, which request checks the server
    makes of the URL and headers, and how the error body is rendered.
    """

    name: ClassVar[str]
    #: Hosts the API answers on (full match, lower case).
    host: ClassVar[re.Pattern[str]]
    #: The base path every endpoint path is relative to.
    base_path: ClassVar[str] = ""
    #: Rule keys for pydantic's own error types (wrong JSON type of a nested object, an
    #: unknown key where the model forbids them, ...). Others get ``clearance:invalid-type``.
    builtin_errors: ClassVar[Mapping[str, str]] = {}
    #: The rule for a body that is not JSON, and for an empty one.
    malformed_rule: ClassVar[str] = "clearance:malformed-json"
    empty_rule: ClassVar[str] = "clearance:malformed-json"
    too_large_rule: ClassVar[str] = "clearance:body-too-large"
    #: Rule keys :meth:`transport` reports (bound, i.e. enforced, when the API loads).
    transport_rules: ClassVar[tuple[str, ...]] = ()

    def __init__(self, endpoints: Sequence[Endpoint]) -> None:
        """Register ``endpoints``; the catalog loads with the API."""
        self.catalog: Catalog = load_catalog(self.name)
        self.codes = Codes(self.catalog)
        self.endpoints: dict[str, Endpoint] = {}
        for endpoint in endpoints:
            if endpoint.id in self.endpoints:
                raise CatalogError(f"{self.name}: endpoint {endpoint.id!r} registered twice")
            self.endpoints[endpoint.id] = endpoint
        for key in (
            self.malformed_rule,
            self.empty_rule,
            self.too_large_rule,
            *self.builtin_errors.values(),
            *self.transport_rules,
        ):
            self.codes[key]
        self.catalog["clearance:invalid-type"]  # the fallback must exist
        self._patterns = {ep.id: (ep.method, ep.path_pattern()) for ep in self.endpoints.values()}

    # -- hooks ------------------------------------------------------------------------

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """Parse a raw payload; raise :class:`_json.MalformedJsonError` when it is not valid."""
        del endpoint
        return _json.loads(raw)

    def prepare(self, value: Any, endpoint: Endpoint) -> Any:
        """Adjust a parsed payload before validation (e.g. a non-object body)."""
        del endpoint
        return value

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """Findings about the URL and headers (scheme, host, credentials, content type)."""
        del endpoint, url, headers, path_params
        return []

    def render(
        self, findings: Sequence[Finding], form: str = "json"
    ) -> tuple[int, dict[str, str], bytes]:
        """The server's error response for ``findings`` to a request written in ``form``."""
        del form  # one body shape, whatever the request was written in
        module = importlib.import_module(f"clearance.envelopes.{self.name}")
        render: Render = module.render
        return render(findings)

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
        for endpoint_id, (ep_method, pattern) in self._patterns.items():
            if ep_method != method:
                continue
            found = pattern.fullmatch(path)
            if found:
                params = found.groupdict()
                candidates.append((len(params), self.endpoints[endpoint_id], params))
        if not candidates:
            raise UnknownEndpointError(self.name, f"{method} {path}", self.endpoints)
        _, endpoint, params = min(candidates, key=lambda c: c[0])
        return endpoint, params

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
        location: str = "payload",
        ctx: Mapping[str, object] | None = None,
    ) -> Finding:
        """A finding for the rule ``key`` (used by request checks and parsers)."""
        rule = self.catalog[key]
        return Finding(rule.code, rule.format(ctx), rule.status, pointer, rule, location)

    def _translate(self, error: ErrorDetails) -> tuple[Rule, str]:
        """The rule behind a pydantic error, and the message to report."""
        kind = error["type"]
        api, sep, key = kind.partition(":")
        if sep and api == self.name and key in self.catalog:
            return self.catalog[key], error["msg"]
        # One of pydantic's own errors (a nested object of the wrong JSON type, a key the
        # model forbids): the API maps it to a code, with the field and value at hand.
        rule = self.catalog[self.builtin_errors.get(kind, "clearance:invalid-type")]
        loc = error["loc"]
        ctx = {"field": loc[-1] if loc else "", "Value": display(error.get("input"))}
        return rule, rule.format(ctx)

    def errors(self, exc: ValidationError) -> list[Error]:
        """A pydantic validation error's entries, each as (location, rule, message)."""
        return [
            (error["loc"], *self._translate(error))
            for error in exc.errors(include_url=False, include_context=False)
        ]

    def findings(
        self, errors: Sequence[Error], value: Any, location: str = "payload"
    ) -> list[Finding]:
        """Findings from validation errors, sorted in document order of ``value``."""
        keyed: list[tuple[tuple[int, ...], Finding]] = []
        for error_loc, rule, message in errors:
            loc, order = self.as_written(value, error_loc)
            if location == "payload":
                finding = Finding(rule.code, message, rule.status, _json.pointer(loc), rule)
            else:
                where = f"{location}:{loc[0]}" if loc else location
                finding = Finding(rule.code, message, rule.status, None, rule, where)
            keyed.append((order, finding))
        if len(keyed) > 1:
            keyed.sort(key=_first)
        return [finding for _, finding in keyed]

    def as_written(
        self, value: Any, loc: tuple[str | int, ...]
    ) -> tuple[tuple[str | int, ...], tuple[int, ...]]:
        """An error's location as the payload spells it, and its document-order sort key.

        APIs whose servers match keys in any letter case (SnelStart) override this so
        pointers name the key the payload actually wrote.
        """
        return loc, _document_order(value, loc)


def _first(item: tuple[tuple[int, ...], Finding]) -> tuple[int, ...]:
    return item[0]


def _document_order(value: Any, loc: tuple[str | int, ...]) -> tuple[int, ...]:
    """Sort key of a location: the position of each step among its siblings.

    A key that is not in the object (a missing field) sorts after the keys that are.
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


@cache
def get_api(name: str) -> Api:
    """The :class:`Api` of ``name``, imported on first use.

    Raises:
        UnknownApiError: ``name`` is not an api clearance knows.
    """
    if name not in APIS:
        raise UnknownApiError(name, APIS)
    module = importlib.import_module(f"clearance.validators.{name}")
    api: Api = module.API
    return api


def _api(name: object) -> Api:
    if not isinstance(name, str):
        raise UnknownApiError(name, APIS)
    return get_api(name)


def _validate(
    api: Api, model: type[Body], value: Any, context: Context, location: str
) -> list[Finding]:
    errors = collect(model, value, context)  # the fast path: what full validation would say
    if errors is None:
        return _full(api, model, value, context, location)
    return api.findings(errors, value, location) if errors else []


def _full(
    api: Api, model: type[Body], value: Any, context: Context, location: str
) -> list[Finding]:
    """The full validation by pydantic: where the fast path gives up."""
    try:
        model.model_validate(value, context={"clearance": context})
    except ValidationError as exc:
        return api.findings(api.errors(exc), value, location)
    except RecursionError:
        return [api.finding(api.malformed_rule, pointer="", location=location)]
    return []


def _run(api: Api, endpoint: Endpoint, payload: Any, context: Context) -> list[Finding]:
    findings: list[Finding] = []
    if endpoint.path is not None and context.path_params is not None:
        # An empty segment (``/warehouses//inventories``) leaves the parameter unset.
        params = {k: v for k, v in context.path_params.items() if v != ""}
        findings += _validate(api, endpoint.path, params, context, "path")
    if type(payload) is not dict:  # a parsed object (the common case) needs none of this
        return _raw(api, endpoint, payload, context, findings)
    payload = api.prepare(payload, endpoint)
    findings += _validate(api, endpoint.model, payload, context, "payload")
    return findings


def _raw(
    api: Api, endpoint: Endpoint, payload: Any, context: Context, findings: list[Finding]
) -> list[Finding]:
    """:func:`_run` for a payload that is not a ``dict``: raw bytes or text, or another value."""
    if isinstance(payload, bytearray | memoryview):
        payload = bytes(payload)
    if isinstance(payload, str | bytes):
        if len(payload) > context.max_body_bytes:
            return [*findings, api.finding(api.too_large_rule, pointer="")]
        try:
            payload = api.parse(payload, endpoint)
        except _json.EmptyBodyError:
            return [*findings, api.finding(api.empty_rule, pointer="")]
        except _json.MalformedJsonError as exc:
            return [
                *findings,
                api.finding(api.malformed_rule, pointer="", ctx={"Message": str(exc)}),
            ]
    payload = api.prepare(payload, endpoint)
    findings += _validate(api, endpoint.model, payload, context, "payload")
    return findings


#: Per api and endpoint id, what :func:`check` needs to accept a valid object at once: the
#: api, the endpoint and its accepted report. Filled as endpoints are first checked.
_LANES: dict[str, dict[str, tuple[Api, Endpoint, Report]]] = {}

#: The report of an accepted request, per (api, endpoint, form): reports are immutable,
#: so every accepted check of an endpoint can share one.
_ACCEPTED: dict[tuple[str, str, str], Report] = {}


def _report(
    api: Api, endpoint: Endpoint, findings: list[Finding], context: Context, form: str
) -> Report:
    if findings and context.ignore:
        findings = [f for f in findings if not rule_selected(f.rule, context.ignore)]
    if findings:
        return Report(api.name, endpoint.id, tuple(findings), form)
    return _accepted(api, endpoint, form)


def _accepted(api: Api, endpoint: Endpoint, form: str) -> Report:
    key = (api.name, endpoint.id, form)
    accepted = _ACCEPTED.get(key)
    if accepted is None:
        accepted = _ACCEPTED[key] = Report(api.name, endpoint.id, (), form)
    return accepted


def check(
    api: str,
    endpoint: str,
    payload: Any,
    *,
    context: Context | None = None,
) -> Report:
    """Check a request payload against everything the API's server checks of it.

    Args:
        api: ``kassa``, ``snelstart``, ``fortnox``, ``invoicexpress`` or ``co3``.
        endpoint: the endpoint id, e.g. ``"POST /articles"`` (co3: the method name).
        payload: the body as parsed JSON (``dict``/``list``) or raw ``str``/``bytes``;
            for endpoints that take query parameters, the mapping of parameters.
        context: facts the payload does not carry (today's date, the URL's ids).

    Returns:
        A :class:`Report`; it never raises for any payload.

    Raises:
        UnknownApiError: ``api`` is not known.
        UnknownEndpointError: ``endpoint`` is not an endpoint of ``api``.
    """
    ctx = context or _DEFAULT_CONTEXT
    try:
        spec, ep, accepted = _LANES[api][endpoint]
    except (KeyError, TypeError):  # an endpoint's first check (or an unknown one)
        spec = _api(api)
        ep = spec.endpoint(endpoint)
        _LANES.setdefault(spec.name, {})[ep.id] = (spec, ep, _accepted(spec, ep, "json"))
    else:
        if type(payload) is dict and (ep.path is None or ctx.path_params is None):
            # The common case, an object, in as few steps as it takes.
            prepared = spec.prepare(payload, ep)
            errors = collect(ep.model, prepared, ctx)
            if errors == []:
                return accepted
            found = (
                spec.findings(errors, prepared)
                if errors is not None
                else _full(spec, ep.model, prepared, ctx, "payload")
            )
            return _report(spec, ep, found, ctx, "json")
    return _report(spec, ep, _run(spec, ep, payload, ctx), ctx, spec.form_of(payload))


def _query(url: SplitResult) -> dict[str, str | list[str]]:
    """Query parameters as the servers read them; ``a[]=1&a[]=2`` and repeats make lists."""
    result: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(url.query, keep_blank_values=True):
        name = key.removesuffix("[]")
        if key.endswith("[]") or name in result:
            previous = result.get(name)
            items = (
                previous
                if isinstance(previous, list)
                else ([previous] if previous is not None else [])
            )
            result[name] = [*items, value]
        else:
            result[name] = value
    return result


def check_request(
    api: str,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    body: Any = None,
    context: Context | None = None,
) -> Report:
    """Check a whole HTTP request: URL and headers as the server checks them, then the payload.

    The endpoint is found from ``method`` and ``url``; path parameters go into
    :attr:`Context.path_params`, and for endpoints that take query parameters the
    query string is the payload.

    Raises:
        UnknownApiError: ``api`` is not known.
        UnknownEndpointError: no endpoint of ``api`` matches ``method`` and ``url``.
    """
    spec = _api(api)
    parts = urlsplit(url)
    path = parts.path
    if spec.base_path and path.startswith(spec.base_path):
        path = path[len(spec.base_path) :]
    endpoint, params = spec.match_request(method, path or "/", body)
    params = {name: unquote(value) for name, value in params.items()}
    ctx = dataclasses.replace(
        context or _DEFAULT_CONTEXT,
        path_params={**params, **((context and context.path_params) or {})},
    )
    findings = [
        f
        for f in spec.transport(endpoint, parts, Headers(headers), params)
        if not rule_selected(f.rule, ctx.ignore)
    ]
    payload = _query(parts) if endpoint.takes_query else body
    if payload is None and not endpoint.takes_query:
        payload = b""
    form = spec.form_of(payload)
    if any(f.status in {401, 403} for f in findings) or any(f.location == "url" for f in findings):
        # The server refuses before it reads the payload.
        return _report(spec, endpoint, findings, ctx, form)
    findings += _run(spec, endpoint, payload, ctx)
    return _report(spec, endpoint, findings, ctx, form)
