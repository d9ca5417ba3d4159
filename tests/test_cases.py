"""Every case file: the payload gives exactly the expected findings and warnings; the twin
gives none."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from casefiles import CASES, case_id, load, run, summary, warned

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_case(path: Path) -> None:
    case = load(path)
    report = run(case)
    assert summary(report) == case["expect"]
    assert warned(report) == case.get("warn", [])


_TWINNED = [p for p in CASES if p.parts[-2] == "invalid" or "warn" in load(p)]


@pytest.mark.parametrize("path", _TWINNED, ids=case_id)
def test_twin_passes(path: Path) -> None:
    case = load(path)
    assert "twin" in case, "an invalid case, and a case that warns, needs a passing twin"
    report = run(case, twin=True)
    assert summary(report) == []
    if "warn" in case:
        assert warned(report) == []


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_case_is_well_formed(path: Path) -> None:
    case = load(path)
    kind = path.parts[-2]
    assert kind in {"valid", "invalid"}
    assert case["api"] == path.parts[-3]
    assert ("request" in case) != ("endpoint" in case)
    assert bool(case["expect"]) == (kind == "invalid")
