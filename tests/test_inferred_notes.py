"""Every enforced rule that rests on inference says what it refuses and why the server would.

A rule whose basis is a reading or a guess (``catalog.INFERRED_BASES``: INF, INFERENCE, 3P,
LIB) may refuse a request only when its catalog note says, in two labelled parts, what it
refuses (``Refuses: ...``) and why the server refuses that too (``Server: ...``): the
reasoning ``clearance explain`` shows a user before they switch the rule off.
"""

from __future__ import annotations

import re

import pytest

from clearance.apis import APIS, get_api
from clearance.catalog import INFERRED_BASES, Rule
from clearance.compiler import enforced

#: ``Refuses: <what>`` first, then ``Server: <why>``, each a sentence or more of its own; a
#: warning's note says what it warns of (``Warns: <what>``) and why the server may not take it.
_SHAPE = re.compile(r"(?P<label>Refuses|Warns): (?P<what>.+?)\s+Server: (?P<why>.+)", re.DOTALL)
#: Fewer words than this say nothing: "Refuses: values." names no case.
_FEWEST_WORDS = 3


def _enforced_inferred(api: str) -> list[Rule]:
    spec = get_api(api)
    return [r for r in spec.catalog if r.basis in INFERRED_BASES and r.key in enforced(spec)]


def test_inferred_bases_are_the_catalogs() -> None:
    assert {"INF", "INFERENCE", "3P", "LIB"} <= INFERRED_BASES


@pytest.mark.parametrize("api", APIS)
def test_there_are_inferred_rules_to_walk(api: str) -> None:
    assert _enforced_inferred(api), f"{api}: no enforced inferred rule: is the walk broken?"


@pytest.mark.parametrize(
    "rule",
    [rule for api in APIS for rule in _enforced_inferred(api)],
    ids=lambda rule: rule.id,
)
def test_note_says_what_it_refuses_and_why_the_server_does(rule: Rule) -> None:
    found = _SHAPE.match(rule.note or "")
    label = "Warns" if rule.warning else "Refuses"
    assert found, f"{rule.id}: its note must read '{label}: ... Server: ...'"
    assert found.group("label") == label, f"{rule.id}: a {rule.severity} {label.lower()}"
    what, why = found.group("what"), found.group("why")
    assert len(what.split()) >= _FEWEST_WORDS, f"{rule.id}: say what is refused"
    assert len(why.split()) >= _FEWEST_WORDS, f"{rule.id}: say why the server refuses it"


@pytest.mark.parametrize("api", APIS)
def test_rules_not_enforced_claim_no_refusal(api: str) -> None:
    """A rule clearance does not check must not read as if it refused something."""
    spec = get_api(api)
    for rule in spec.catalog:
        if rule.key not in enforced(spec):
            assert not (rule.note or "").startswith("Refuses: "), rule.id
