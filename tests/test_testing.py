"""``clearance.testing``: generated valid payloads pass; each mutation gives its rule's code.

Every endpoint of every API draws valid payloads, unfiltered: each value as its field's
generator makes it, the whole payload not checked before the test checks it, so a payload
clearance refuses fails the test (a false rejection, or a generator that is wrong). Every
rule bound to a field check of a request body, and every "not set" rule of a required
field, is broken once (at the endpoint with the fewest fields to draw), or is listed in
:data:`SKIPPED` with the reason no value can break it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clearance
from clearance.engine import get_api
from clearance.fields import Invalid
from clearance.model import Param, iter_params
from clearance.testing import TODAY, _fields, _unfiltered, mutations
from clearance.validators import APIS

ENDPOINTS = [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]
CONTEXT = clearance.Context(today=TODAY)

#: Field rules no generated value breaks, with the reason. The guard below keeps this list
#: exact: a rule that gains a mutation must leave it, and no rule may drop out silently.
SKIPPED: dict[str, str] = {}

#: The fewest field rules each API must have mutation-tested (measured: all of them today).
FLOORS = {"kassa": 97, "snelstart": 89, "fortnox": 10, "invoicexpress": 25, "co3": 18}

_QUIET = [HealthCheck.too_slow, HealthCheck.filter_too_much]


def _size(api: str, endpoint: str) -> int:
    """How much there is to draw for an endpoint (its fields, nested ones included)."""
    return len(_fields(get_api(api).endpoint(endpoint).model))


def _one_per_rule() -> list[tuple[str, str, Any, tuple[str | int, ...], Any]]:
    """One mutation per rule, at the endpoint with the fewest fields to draw: quick."""
    chosen: dict[str, tuple[int, tuple[str, str, Any, tuple[str | int, ...], Any]]] = {}
    for api, endpoint in ENDPOINTS:
        size = _size(api, endpoint)
        for rule, loc, strategy in mutations(api, endpoint, context=CONTEXT):
            if rule.id not in chosen or size < chosen[rule.id][0]:
                chosen[rule.id] = (size, (api, endpoint, rule, loc, strategy))
    return [item for _, item in sorted(chosen.values(), key=lambda c: c[1][2].id)]


MUTATIONS = _one_per_rule()


def _pascal(value: Any) -> Any:
    """Keys as a .NET client writes them (``Naam`` for ``naam``), at every depth."""
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: _pascal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal(item) for item in value]
    return value


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(tag: str, value: Any, depth: int = 0) -> str:
    """An element as a co3 client writes it, pretty-printed: one element a line, text set
    off by white space (which co3 does not judge), repeats for a list, 0/1 for a flag.
    """
    pad = "\n" + "  " * depth
    if isinstance(value, list):
        return "".join(_xml(tag, item, depth) for item in value)
    if isinstance(value, dict):
        inner = "".join(_xml(key, item, depth + 1) for key, item in value.items()) + pad
    elif value is None:
        inner = ""
    else:
        text = ("1" if value else "0") if isinstance(value, bool) else value
        text = text if isinstance(text, str) else json.dumps(text)
        inner = f"{pad}  {escape(text)}{pad}"
    return f"{pad}<{tag}>{inner}</{tag}>"


def _in_url(value: Any) -> Any:
    """A query parameter's value as it travels in a URL: text (a list: repeated)."""
    if isinstance(value, list):
        return [_in_url(item) for item in value]
    return value if isinstance(value, str) else json.dumps(value)


def _twins(api: str, endpoint: str, payload: Any) -> list[tuple[str, Any]]:
    """The same payload as a client may also send it, which must pass alike."""
    twins: list[tuple[str, Any]] = [("as raw JSON", json.dumps(payload))]
    query = get_api(api).endpoint(endpoint).takes_query
    if query:
        twins.append(("as in a URL", {k: _in_url(v) for k, v in payload.items() if v is not None}))
    if api == "snelstart" and not query:
        twins.append(("keys in PascalCase", _pascal(payload)))  # Json.NET binds any case
    if api == "co3":
        document = _xml("command", payload["command"]).lstrip()
        if not _NOT_IN_XML.search(document):  # text XML cannot carry is JSON only
            twins.append(("as XML", document))
    return twins


def _field_rules() -> dict[str, set[str]]:
    """Per API, the ids of every rule a field check of a request body is bound to."""
    found: dict[str, set[str]] = {api: set() for api in APIS}
    for api, endpoint in ENDPOINTS:
        for _, param in _fields(get_api(api).endpoint(endpoint).model):
            found[api] |= {rule.id for rule, _ in param.steps}
            if param.required is not None:
                found[api].add(param.required.id)
    return found


@pytest.mark.parametrize(("api", "endpoint"), ENDPOINTS)
@settings(max_examples=20, deadline=None, suppress_health_check=_QUIET)
@given(data=st.data())
def test_generated_payloads_are_valid(api: str, endpoint: str, data: st.DataObject) -> None:
    payload = data.draw(_unfiltered(api, endpoint, CONTEXT))
    for form, twin in [("as drawn", payload), *_twins(api, endpoint, payload)]:
        report = clearance.check(api, endpoint, twin, context=CONTEXT)
        assert report.ok, (form, [(f.code, f.pointer, f.message) for f in report.findings])


@pytest.mark.parametrize(
    ("api", "endpoint", "rule", "loc", "strategy"),
    MUTATIONS,
    ids=[f"{m[0]}-{m[1]}-{m[2].key}-{'/'.join(map(str, m[3]))}" for m in MUTATIONS],
)
@settings(max_examples=5, deadline=None, suppress_health_check=_QUIET)
@given(data=st.data())
def test_breaking_one_rule_gives_its_code(  # noqa: PLR0917 - parametrized
    api: str,
    endpoint: str,
    rule: Any,
    loc: tuple[str | int, ...],
    strategy: st.SearchStrategy[tuple[dict[str, object], object]],
    data: st.DataObject,
) -> None:
    payload, _value = data.draw(strategy)
    report = clearance.check(api, endpoint, payload, context=CONTEXT)
    pointer = "".join(f"/{step}" for step in loc)
    assert (rule.key, pointer) in [(f.rule.key, f.pointer) for f in report.findings]


def test_every_api_draws_every_endpoint() -> None:
    """The valid-payload test runs every endpoint of every API."""
    for api in APIS:
        drawn = {endpoint for name, endpoint in ENDPOINTS if name == api}
        assert drawn == set(get_api(api).endpoints)
        assert drawn


def test_every_field_rule_is_mutated_or_listed() -> None:
    """Coverage cannot shrink silently: a rule without a mutation must be in ``SKIPPED``."""
    mutated = {m[2].id for m in MUTATIONS}
    unmutated = set().union(*_field_rules().values()) - mutated
    assert unmutated == set(SKIPPED)


@pytest.mark.parametrize("api", APIS)
def test_mutated_rules_per_api_stay_above_the_floor(api: str) -> None:
    counts = Counter(m[0] for m in MUTATIONS)
    assert counts[api] >= FLOORS[api]


def _checks() -> list[Any]:
    seen: dict[int, Any] = {}
    for api, endpoint in ENDPOINTS:
        spec = get_api(api).endpoint(endpoint)
        for model in (spec.model, spec.path):
            if model is None:
                continue
            params: list[Param] = [p for _, p in _fields(model)]
            params += [p for _, p in iter_params(model)]
            for param in params:
                for _, step in param.steps:
                    seen.setdefault(id(step), step)
    return list(seen.values())


@pytest.mark.parametrize("step", _checks(), ids=lambda step: step.name)
def test_what_checks_say_of_themselves_is_true(step: Any) -> None:
    """A check's ``examples`` and listed ``values`` pass it, its ``refused`` values fail it.

    Generated payloads rely on them: a wrong example would be a generated payload that is
    not valid, or a false rejection hidden as "the generator's fault".
    """
    for value in (*step.examples, *step.params.get("values", ())):
        step.fn(value)  # must not raise
    for value in step.params.get("refused", ()):
        with pytest.raises(Invalid):
            step.fn(value)


def test_readme_example_runs() -> None:
    """The README's ``clearance.testing`` example, as written, runs as a test."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Generated payloads for your own tests", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    test = namespace["test_client_builds_articles"]
    settings(max_examples=5, deadline=None)(test)()  # type: ignore[operator]
