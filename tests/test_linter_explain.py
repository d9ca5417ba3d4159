"""``clearance explain``: a rule's message, scope, basis, source, a failing example and its fix."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from casefiles import run, summary, warned

from clearance import explain
from clearance.apis import APIS, get_api
from clearance.cli import main
from clearance.compiler import enforced

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


rule_examples = _script("rule_examples")


def test_shipped_examples_are_current() -> None:
    """``clearance/rule_examples/`` is generated from ``tests/cases`` (see the script)."""
    assert rule_examples.main(["--check"]) == 0


def _shipped() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for api in APIS:
        path = ROOT / "clearance" / "rule_examples" / f"{api}.json"
        examples = json.loads(path.read_text("utf-8"))["examples"]
        found += [(api, key, entry) for key, entry in examples.items()]
    return found


@pytest.mark.parametrize(
    ("api", "key", "entry"), _shipped(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_example_fails_with_its_rule_and_its_fix_passes(
    api: str, key: str, entry: dict[str, Any]
) -> None:
    if entry.get("abridged"):
        return  # long strings shortened for display; the full case runs in test_cases
    case = {"api": api, **entry, "twin": entry["fix"]}
    if "fix_context" in entry:
        case["twin_context"] = entry["fix_context"]
    report = run(case)
    assert key in [item.split(" ", 1)[0] for item in [*summary(report), *warned(report)]]
    fixed = run(case, twin=True)
    assert fixed.ok
    assert key not in [item.split(" ", 1)[0] for item in warned(fixed)]


@pytest.mark.parametrize("api", APIS)
def test_every_enforced_rule_has_an_example(api: str) -> None:
    spec = get_api(api)
    shipped = {key for name, key, _ in _shipped() if name == api}
    for rule in spec.catalog:
        if rule.key in enforced(spec) and not rule.head:
            assert rule.key in shipped, rule.id
            assert explain.example(rule) is not None


def test_explain_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "1030"]) == 0
    text = capsys.readouterr().out
    assert main(["explain", "kassa:1030"]) == 0
    assert capsys.readouterr().out == text
    assert text.startswith("kassa:1030  sales-tax-percentage-not-allowed  (KASSA.AT API v1)\n")
    for part in (
        "  Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!\n",
        "status    400\n",
        "scope     payload: decidable from the body (or the query) alone\n",
        "basis     DOC: the vendor's documentation\n",
        "enforced  yes\n",
        "source    https://kassa.at/api-dokumentation/\n",
        "Refused payload (POST /articles):\n",
        '      "sales_tax_percentage": 7,\n',
        "Accepted (the fix):\n",
        '      "sales_tax_percentage": 5,\n',
        'Check a payload: clearance check --api kassa --endpoint "POST /articles" FILE\n',
    ):
        assert part in text


def test_explain_by_name_and_request_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "token-missing"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("kassa:2003  token-missing")
    assert "scope     request: needs the URL, method or headers" in text
    assert "Refused request (POST https://meinefirma.kassa.at/api/v1/" in text
    assert "Check a request file: clearance check FILE" in text


def test_explain_a_server_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "kassa:2004"]) == 0
    text = capsys.readouterr().out
    assert "enforced  no: only the server can tell\n" in text
    assert "Refused" not in text


def test_ambiguous_code_lists_the_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "clearance:malformed-json"]) == 2
    err = capsys.readouterr().err
    assert "'clearance:malformed-json' names several rules; say which one:" in err
    for api in APIS:
        if "clearance:malformed-json" in get_api(api).catalog:
            assert f"  {api}:clearance:malformed-json  " in err


def test_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "kassa:9999"]) == 2
    assert "no rule 'kassa:9999'" in capsys.readouterr().err
    assert main(["explain", "nothing-like-this"]) == 2


def test_explain_the_linters_own_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "clearance:unused-suppression"]) == 0
    assert "[tool.clearance.suppress]" in capsys.readouterr().out
    assert main(["explain", "--format", "json", "clearance:unused-suppression"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "clearance:unused-suppression"


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--format", "json", "kassa:1030"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "kassa:1030"
    assert (data["status"], data["scope"], data["basis"], data["enforced"]) == (
        400,
        "payload",
        "DOC",
        True,
    )
    assert data["example"]["payload"]["sales_tax_percentage"] == 7
    assert data["example"]["fix"]["sales_tax_percentage"] == 5


@pytest.mark.parametrize("api", APIS)
def test_every_rule_explains(api: str) -> None:
    for rule in get_api(api).catalog:
        text = explain.to_text(rule)
        assert rule.message in text
        assert f"status    {rule.status}" in text
        try:
            found = explain.find(rule.id)
        except explain.AmbiguousRuleError:  # pragma: no cover - ids are unique
            pytest.fail(rule.id)
        assert found == rule
