"""Reliability: hostile input gives findings, never a traceback; output is deterministic."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import TARGETED, corpus

import clearance
from clearance.apis import APIS, get_api
from clearance.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
CORPUS = corpus()


def test_every_module_imports_without_network() -> None:
    """The session-wide socket guard (conftest) is active while every module imports."""
    names = [m.name for m in pkgutil.walk_packages(clearance.__path__, "clearance.")]
    assert "clearance.engine" in names
    for name in names:
        if name.endswith("__main__"):
            continue
        importlib.import_module(name)


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_input_gives_findings(api: str, name: str) -> None:
    raw = CORPUS[name]()
    spec = get_api(api)
    catalog = load_catalog(api)
    endpoints = list(spec.endpoints)
    # a body endpoint and a query endpoint where the API has both, else the first two
    chosen = {
        next((e for e in endpoints if not spec.endpoints[e].takes_query), endpoints[0]),
        next((e for e in endpoints if spec.endpoints[e].takes_query), endpoints[-1]),
    }
    for endpoint in sorted(chosen):
        report = clearance.check(api, endpoint, raw)
        for finding in report.findings:
            assert finding.rule.key in catalog
        if not report.ok:
            status, _, body = report.response()
            assert 400 <= status < 600
            assert body


@pytest.mark.parametrize("name", sorted(TARGETED))
def test_targeted_hostile_input_gives_findings(name: str) -> None:
    """Inputs aimed at one endpoint's checks: findings, no crash (time: benchmarks/hostile.py)."""
    api, endpoint, build = TARGETED[name]
    report = clearance.check(api, endpoint, build())
    assert not report.ok
    catalog = load_catalog(api)
    assert all(finding.rule.key in catalog for finding in report.findings)


def test_oversized_body_is_refused_unparsed() -> None:
    report = clearance.check("kassa", "POST /articles", CORPUS["fifty-megabytes"]())
    assert [f.code for f in report.findings] == ["clearance:body-too-large"]
    bigger = clearance.Context(max_body_bytes=64 * 1024 * 1024)
    report = clearance.check("kassa", "POST /articles", CORPUS["fifty-megabytes"](), context=bigger)
    assert "clearance:body-too-large" not in [f.code for f in report.findings]


def test_deep_nesting_is_malformed_not_a_crash() -> None:
    report = clearance.check("kassa", "POST /articles", CORPUS["deep-arrays"]())
    assert [f.code for f in report.findings] == ["clearance:malformed-json"]


@pytest.mark.parametrize("fmt", ["json", "server", "text"])
def test_output_is_identical_across_hash_seeds(fmt: str) -> None:
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "clearance", "check", "--format", fmt, "examples"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        assert result.returncode in {0, 1}, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    if fmt == "json":
        assert json.loads(outputs.pop())
