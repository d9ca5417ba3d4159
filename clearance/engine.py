"""check() and check_request(): find the endpoint, read the payload, run its compiled checks.

The engine is the one place that drives a check from end to end: it finds the API
(:mod:`clearance.apis`) and the endpoint, lets the API read a raw body and judge the URL
and headers, runs the endpoint's compiled validator (:mod:`clearance.compiler`), hands
the errors to the API to word as findings, leaves out the rules the caller switched off,
and returns a :class:`~clearance.report.Report` that renders through the API's envelope.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from clearance import _json
from clearance._http import FORM, parameters
from clearance.api import Api, Endpoint, Headers
from clearance.apis import get_api
from clearance.compiler import Collector, validator
from clearance.errors import CheckFailedWarning
from clearance.report import Context, Finding, Location, Report, rule_selected

__all__ = ["check", "check_request", "get_api"]

_DEFAULT_CONTEXT = Context()
_PATH = Location("path")


@dataclasses.dataclass(frozen=True, slots=True)
class _Lane:
    """What a check of one endpoint needs, built when the endpoint is first checked."""

    api: Api
    endpoint: Endpoint
    body: Collector
    path: Collector | None
    #: The field that holds a body sent as a JSON array (``None``: an object body).
    items: str | None
    #: The report of an accepted request written as JSON: reports are immutable, so every
    #: accepted check of the endpoint shares it.
    accepted: Report


#: Per api and endpoint id, filled as endpoints are first checked.
_LANES: dict[str, dict[str, _Lane]] = {}
#: The report of an accepted request, per (api, endpoint, form).
_ACCEPTED: dict[tuple[str, str, str], Report] = {}


def _lane(api: object, endpoint: object) -> _Lane:
    """The lane of ``endpoint`` of ``api`` (unknown ones raise, naming the known ones)."""
    spec = get_api(api)
    ep = spec.endpoint(endpoint)  # type: ignore[arg-type]
    lanes = _LANES.setdefault(spec.name, {})
    lane = lanes.get(ep.id)
    if lane is None:
        lane = _Lane(
            spec,
            ep,
            validator(ep.model, spec),
            validator(ep.path, spec) if ep.path is not None else None,
            ep.model.__clearance_items__,
            _accepted(spec, ep, "json"),
        )
        lanes[ep.id] = lane
    return lane


def _accepted(api: Api, endpoint: Endpoint, form: str) -> Report:
    key = (api.name, endpoint.id, form)
    accepted = _ACCEPTED.get(key)
    if accepted is None:
        accepted = _ACCEPTED[key] = Report(api.name, endpoint.id, (), form, api.render)
    return accepted


def _kept(findings: list[Finding], context: Context) -> list[Finding]:
    """The findings of the rules the caller did not switch off: the one place that selects."""
    if findings and context.ignore:
        return [f for f in findings if not rule_selected(f.rule, context.ignore)]
    return findings


def _report(lane: _Lane, findings: list[Finding], context: Context, form: str) -> Report:
    findings = _kept(findings, context)
    api = lane.api
    if findings and api.summaries:  # what the kept refusals call for, itself selected
        findings = _kept(api.summarised(lane.endpoint, findings), context)
    if findings:
        for finding in findings:
            if finding.rule.severity == "warning":
                warned = tuple(f for f in findings if f.rule.severity == "warning")
                refused = tuple(f for f in findings if f.rule.severity != "warning")
                return Report(api.name, lane.endpoint.id, refused, form, api.render, warned)
        return Report(api.name, lane.endpoint.id, tuple(findings), form, api.render)
    if form == "json":
        return lane.accepted
    return _accepted(api, lane.endpoint, form)


def _validate(
    lane: _Lane, collector: Collector, value: dict[Any, Any], context: Context, location: Location
) -> list[Finding]:
    errors: list[Any] = []
    try:
        collector(value, context, (), errors)
    except RecursionError:  # a cross check walking a payload nested beyond Python's stack
        return [lane.api.finding(lane.api.malformed_rule, pointer="", location=location)]
    except Exception as exc:  # noqa: BLE001 - a bug of clearance's: never a refusal
        _failed(lane, exc)
        return []
    if errors and lane.items is not None and location is Location.PAYLOAD:
        # The list was checked as the model's one field: locations start in the list.
        items = value[lane.items]
        located = [(loc[1:], rule, message) for loc, rule, message in errors]
        return lane.api.findings(located, items, location, context)
    return lane.api.findings(errors, value, location, context) if errors else []


def _failed(lane: _Lane, exc: Exception) -> None:
    """Report a check that raised: it leaves the payload without findings, loudly."""
    warnings.warn(
        f"clearance: a check of {lane.api.name} {lane.endpoint.id!r} failed with "
        f"{type(exc).__name__}: {exc}; the payload was not judged (a bug: please report it)",
        CheckFailedWarning,
        stacklevel=4,
    )


def _read(lane: _Lane, raw: str | bytes, context: Context) -> tuple[Any, list[Finding] | None]:
    """A raw body parsed, or the findings of a body that cannot be read."""
    api, endpoint = lane.api, lane.endpoint
    if len(raw) > context.max_body_bytes:
        return None, [api.finding(api.too_large_rule, pointer="")]
    try:
        return api.parse(raw, endpoint), None
    except _json.EmptyBodyError:
        if endpoint.optional:
            return None, None  # no body, which the server takes here: as JSON null
        return None, [api.finding(api.empty_rule, pointer="")]
    except _json.MalformedJsonError as exc:
        return None, [api.malformed(endpoint, exc)]


def _body(lane: _Lane, payload: Any, context: Context, *, parsed: bool = False) -> list[Finding]:
    """The findings of a payload: raw (parsed here) or ``parsed`` already."""
    api, endpoint = lane.api, lane.endpoint
    if endpoint.payload == "none":  # the server does not read the body: nothing to judge
        return []
    if isinstance(payload, bytearray | memoryview):
        payload = bytes(payload)
    if not parsed and isinstance(payload, str | bytes):
        payload, refused = _read(lane, payload, context)
        if refused is not None:
            return refused
    return _parsed(lane, api.prepare(payload, endpoint), context)


def _parsed(lane: _Lane, value: Any, context: Context) -> list[Finding]:
    """The findings of a parsed payload as the API prepared it."""
    api = lane.api
    if value is None:  # JSON null: a body that binds nothing
        return [] if lane.endpoint.optional else [api.finding(api.empty_rule, pointer="")]
    if value == {} and lane.endpoint.optional:  # an empty object binds nothing either
        return []
    if lane.items is not None:  # a body sent as a JSON array: checked as the model's field
        if type(value) is not list:
            return [api.not_an_object(lane.endpoint)]
        return _validate(lane, lane.body, {lane.items: value}, context, Location.PAYLOAD)
    if type(value) is not dict:
        if not isinstance(value, Mapping):
            return [api.not_an_object(lane.endpoint)]
        value = dict(value)
    return _validate(lane, lane.body, value, context, Location.PAYLOAD)


def _run(lane: _Lane, payload: Any, context: Context, *, parsed: bool = False) -> list[Finding]:
    findings: list[Finding] = []
    if lane.path is not None and context.path_params is not None:
        # An empty segment (``/warehouses//inventories``) leaves the parameter unset.
        params = {k: v for k, v in context.path_params.items() if v != ""}
        findings += _validate(lane, lane.path, params, context, _PATH)
    findings += _body(lane, payload, context, parsed=parsed)
    return findings


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
        lane = _LANES[api][endpoint]
    except (KeyError, TypeError):  # an endpoint's first check (or an unknown one)
        lane = _lane(api, endpoint)
    spec = lane.api
    kind = type(payload)
    form = spec.form_of(payload) if spec.notations and kind is not dict else "json"
    parsed = False
    if lane.items is None and (lane.path is None or ctx.path_params is None):
        # The common cases, an object or its raw text, in as few steps as they take (a
        # body the server does not read is not parsed: the long way takes it).
        if (kind is bytes or kind is str) and lane.endpoint.payload != "none":
            payload, refused = _read(lane, payload, ctx)
            if refused is not None:
                return _report(lane, refused, ctx, form)
            parsed = True
        if type(payload) is dict:
            value = spec.prepare(payload, lane.endpoint) if spec.prepares else payload
            if type(value) is dict:
                errors: list[Any] = []
                try:
                    lane.body(value, ctx, (), errors)
                except Exception:  # noqa: BLE001, S110 - answered below, by the long way
                    pass
                else:
                    if errors and not (value == {} and lane.endpoint.optional):
                        findings = spec.findings(errors, value, context=ctx)
                        return _report(lane, findings, ctx, form)
                    return lane.accepted if form == "json" else _accepted(spec, lane.endpoint, form)
    return _report(lane, _run(lane, payload, ctx, parsed=parsed), ctx, form)


def _form(headers: Headers) -> bool:
    """Whether the request's body is a form (``application/x-www-form-urlencoded``)."""
    return headers.get("Content-Type", "").split(";", 1)[0].strip().lower() == FORM


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
    spec = get_api(api)
    parts = urlsplit(url)
    path = parts.path
    if spec.base_path and path.startswith(spec.base_path):
        path = path[len(spec.base_path) :]
    endpoint, params = spec.match_request(method, path or "/", body)
    lane = _lane(spec.name, endpoint.id)
    params = {name: unquote(value) for name, value in params.items()}
    ctx = dataclasses.replace(
        context or _DEFAULT_CONTEXT,
        path_params={**params, **((context and context.path_params) or {})},
    )
    request_headers = Headers(headers)
    findings = _kept(spec.transport(endpoint, parts, request_headers, params), ctx)
    payload = parameters(parts.query) if endpoint.takes_query else body
    if payload is None and not endpoint.takes_query:
        payload = b""
    elif spec.reads_forms and _form(request_headers) and isinstance(payload, str | bytes):
        payload = parameters(payload)  # a form body: named parameters, as text
    form = spec.form_of(payload)
    if any(
        (f.status in {401, 403} or f.location.kind == "url") and f.rule.severity == "error"
        for f in findings
    ):
        # The server refuses before it reads the payload.
        return _report(lane, findings, ctx, form)
    findings += _run(lane, payload, ctx)
    return _report(lane, findings, ctx, form)
