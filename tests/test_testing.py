"""``clearance.testing``: generated valid payloads pass; each mutation gives its rule's code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clearance
from clearance.engine import get_api
from clearance.testing import TODAY, mutations, payloads
from clearance.validators import APIS

#: APIs whose generated payloads are fast and reliable enough to run on every commit. The
#: others' nested documents (rows, wrappers, cross-field rules) make filtering by
#: ``check()`` too slow for the suite; they are tracked as open work.
COVERED_APIS = tuple(api for api in APIS if api == "kassa")
ENDPOINTS = [(api, endpoint) for api in COVERED_APIS for endpoint in get_api(api).endpoints]
CONTEXT = clearance.Context(today=TODAY)


def _one_per_rule() -> list[tuple[str, str, object, tuple[str | int, ...], object]]:
    """One mutation per rule (at its first endpoint and field): the suite stays quick."""
    seen: set[str] = set()
    chosen = []
    for api, endpoint in ENDPOINTS:
        for rule, loc, strategy in mutations(api, endpoint, context=CONTEXT):
            if rule.id not in seen:
                seen.add(rule.id)
                chosen.append((api, endpoint, rule, loc, strategy))
    return chosen


MUTATIONS = _one_per_rule()


@pytest.mark.parametrize(("api", "endpoint"), ENDPOINTS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_generated_payloads_are_valid(api: str, endpoint: str, data: st.DataObject) -> None:
    payload = data.draw(payloads(api, endpoint, context=CONTEXT))
    assert clearance.check(api, endpoint, payload, context=CONTEXT).ok
    # a payload a client can send: plain JSON, and still valid after a round trip
    raw = json.dumps(payload)
    assert clearance.check(api, endpoint, raw, context=CONTEXT).ok


@pytest.mark.parametrize(
    ("api", "endpoint", "rule", "loc", "strategy"),
    MUTATIONS,
    ids=[f"{m[0]}-{m[1]}-{m[2].key}-{'/'.join(map(str, m[3]))}" for m in MUTATIONS],
)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_breaking_one_rule_gives_its_code(  # noqa: PLR0917 - parametrized
    api: str,
    endpoint: str,
    rule: object,
    loc: tuple[str | int, ...],
    strategy: st.SearchStrategy[tuple[dict[str, object], object]],
    data: st.DataObject,
) -> None:
    payload, _value = data.draw(strategy)
    report = clearance.check(api, endpoint, payload, context=CONTEXT)
    pointer = "".join(f"/{step}" for step in loc)
    assert (rule.key, pointer) in [(f.rule.key, f.pointer) for f in report.findings]  # type: ignore[attr-defined]


def test_readme_example_runs() -> None:
    """The README's ``clearance.testing`` example, as written, runs as a test."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Generated payloads for your own tests", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    test = namespace["test_client_builds_articles"]
    settings(max_examples=5, deadline=None)(test)()  # type: ignore[operator]
