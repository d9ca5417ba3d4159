"""The example requests both HTTP client integrations are tested with.

Per API, one request the server would reject and one it would accept, read from the
shipped ``examples/<api>/*.json`` request files and checked by :func:`clearance.check_request`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import clearance

ROOT = Path(__file__).parents[1]


@dataclasses.dataclass(frozen=True)
class Example:
    """One ``examples/<api>/*.json`` request, and what clearance says of it."""

    path: Path
    api: str
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    report: clearance.Report

    def response(self) -> tuple[int, dict[str, str], bytes]:
        return self.report.response()


def load(path: Path) -> Example | None:
    """The request file at ``path`` (``None`` where it names no endpoint clearance knows)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    body = data.get("body")
    raw = (
        None
        if body is None
        else body.encode()
        if isinstance(body, str)
        else json.dumps(body, ensure_ascii=False).encode()
    )
    api = path.parent.name
    headers = dict(data.get("headers") or {})
    try:
        report = clearance.check_request(
            api, data["method"], data["url"], headers=headers, body=raw
        )
    except clearance.UnknownEndpointError:
        return None
    return Example(path, api, data["method"], data["url"], headers, raw, report)


def find_examples(api: str) -> tuple[Example | None, Example | None]:
    """The first rejected and the first accepted example request of ``api``."""
    loaded = [e for p in sorted((ROOT / "examples" / api).glob("*.json")) if (e := load(p))]
    bad = next((e for e in loaded if not e.report.ok), None)
    good = next((e for e in loaded if e.report.ok), None)
    return bad, good


def examples(api: str) -> tuple[Example, Example]:
    """Both examples; without them the test skips (the guard test fails instead)."""
    bad, good = find_examples(api)
    if bad is None or good is None:
        pytest.skip(f"examples/{api}/ lacks a rejected or an accepted request")
    return bad, good
