"""Each API's error body, byte for byte, against golden files in ``tests/envelopes/<api>/``.

A golden is a pair: ``<name>.json`` (the input, as a case, and the expected status and
headers) and ``<name>.body`` (the exact body the server sends).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casefiles import run

import clearance

GOLDEN = sorted((Path(__file__).parent / "envelopes").glob("*/*.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_envelope_matches_golden(path: Path) -> None:
    spec = json.loads(path.read_text(encoding="utf-8"))
    report = run(spec["input"])
    status, headers, body = report.response()
    assert status == spec["status"]
    assert headers == spec["headers"]
    assert body == path.with_suffix(".body").read_bytes()


def test_response_of_a_clean_report_is_refused() -> None:
    report = clearance.check("kassa", "GET /warehouses", {})
    assert report.ok
    with pytest.raises(clearance.NoFindingsError, match="no findings"):
        report.response()
