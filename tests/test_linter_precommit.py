"""The pre-commit hooks: the manifest, and a real ``pre-commit try-repo`` on a sample repository.

``pre-commit try-repo`` installs this checkout into an environment of its own (from the
package index, as a user's pre-commit would) and runs its hooks on a sample repository
with a good and a bad fixture for every API. Allow it a few minutes the first time.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from casefiles import CASES, load

from clearance.apis import APIS
from clearance.linter import Linter

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


hooks = _script("hooks")


def test_hooks_file_is_current() -> None:
    assert hooks.main(["--check"]) == 0


def test_hooks_manifest() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert manifest[0] == {
        "id": "clearance",
        "name": "clearance (API request fixtures)",
        "description": (
            "Check API request fixtures locally, with the server's own codes and messages."
        ),
        "entry": "clearance check",
        "language": "python",
        "types_or": ["json", "xml"],
    }
    by_id = {hook["id"]: hook for hook in manifest}
    assert len(by_id) == len(manifest) == len(APIS) + 1
    for api in APIS:
        hook = by_id[f"clearance-{api}"]
        assert hook["entry"] == f"clearance check --api {api}"
        assert hook["language"] == "python"
        assert "json" in hook["types_or"]
        files = re.compile(hook["files"])
        assert files.search(f"tests/fixtures/{api}/invoice.json")
        assert files.search(f"{api}/invoice.json")
        assert not files.search(f"tests/fixtures/not{api}/invoice.json")
        assert not files.search(f"tests/fixtures/{api}.json")


# -- the real thing ------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return env


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        [GIT, "-c", "user.name=clearance", "-c", "user.email=tests@clearance.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _hook_repository(tmp_path: Path) -> Path:
    """The checkout under test, as a repository ``pre-commit try-repo`` can clone.

    ``try-repo`` takes a local repository's uncommitted changes to tracked files, but
    not files git does not track yet; while there are such files, it gets a snapshot of
    the work tree (tracked and untracked files, less the ignored ones) committed in a
    repository of its own.
    """
    try:
        untracked = _git(ROOT, "ls-files", "--others", "--exclude-standard")
        listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard")
    except (subprocess.CalledProcessError, OSError):  # not a git checkout (an sdist)
        untracked, listed = "?", ""
    if not untracked.strip():
        return ROOT
    snapshot = tmp_path / "clearance-snapshot"
    if listed:
        for name in listed.splitlines():
            source = ROOT / name
            if source.is_file():
                target = snapshot / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    else:
        shutil.copytree(
            ROOT,
            snapshot,
            ignore=shutil.ignore_patterns(".git", ".venv", "*cache*", ".hypothesis", "dist"),
        )
    _git(snapshot, "init", "--quiet")
    _git(snapshot, "add", "--all")
    _git(snapshot, "commit", "--quiet", "--message", "snapshot of the checkout under test")
    return snapshot


def _fixtures() -> dict[str, dict[str, tuple[str, bytes, tuple[str, str] | None]]]:
    """Per API, a ``good`` and a ``bad`` fixture: (file name, contents, placement).

    They come from ``examples/<api>/`` (files that place themselves); an API whose
    examples lack one kind takes it from its test cases, placed by configuration.
    """
    linter = Linter(isolated=True)
    chosen: dict[str, dict[str, tuple[str, bytes, tuple[str, str] | None]]] = {}
    for api in APIS:
        found: dict[str, tuple[str, bytes, tuple[str, str] | None]] = {}
        for path in sorted((ROOT / "examples" / api).glob("*")):
            outcome = linter.run([str(path)])
            if outcome.problems or not outcome.results:
                continue
            kind = "bad" if any(True for _ in outcome.diagnostics) else "good"
            found.setdefault(kind, (path.name, path.read_bytes(), None))
        for path in CASES:
            if path.parts[-3] != api or "context" in (case := load(path)):
                continue
            kind = "good" if path.parts[-2] == "valid" else "bad"
            if kind in found or "endpoint" not in case:
                continue
            payload = case["payload"]
            raw = payload if isinstance(payload, str) else _dumps(payload)
            suffix = ".xml" if raw.lstrip().startswith("<") else ".json"
            found[kind] = (f"case-{path.stem}{suffix}", raw.encode(), (api, case["endpoint"]))
        assert {"good", "bad"} <= found.keys(), f"{api}: no good or no bad fixture"
        chosen[api] = found
    return chosen


def _dumps(value: object) -> str:
    import json  # noqa: PLC0415

    return json.dumps(value, ensure_ascii=False, indent=2)


def _sample(root: Path) -> tuple[list[str], list[str], set[str]]:
    """Write the sample repository; returns good files, bad files, expected finding lines."""
    good: list[str] = []
    bad: list[str] = []
    places: list[str] = []
    for api, kinds in _fixtures().items():
        for kind, (name, data, placement) in kinds.items():
            relative = f"fixtures/{api}/{kind}-{name}"
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            (good if kind == "good" else bad).append(relative)
            if placement is not None:
                places.append(f'"{relative}" = {{ api = "{placement[0]}", endpoint = '
                              f'"{placement[1]}" }}')  # fmt: skip
    (root / "pyproject.toml").write_text(
        "[tool.clearance]\n[tool.clearance.files]\n" + "\n".join(places) + "\n", "utf-8"
    )
    cwd = Path.cwd()
    os.chdir(root)
    try:
        outcome = Linter().run([*good, *bad])
    finally:
        os.chdir(cwd)
    assert not outcome.problems, outcome.problems
    expected = {f"{d.path}:{d.line}:{d.column}: {d.label} {d.message}" for d in outcome.diagnostics}
    assert {line.split(":", 1)[0] for line in expected} == set(bad)
    return good, bad, expected


def test_pre_commit_try_repo_fails_bad_fixtures_and_passes_good_ones(tmp_path: Path) -> None:
    repository = _hook_repository(tmp_path)
    sample = tmp_path / "sample"
    sample.mkdir()
    good, bad, expected = _sample(sample)
    _git(sample, "init", "--quiet")
    _git(sample, "add", "pyproject.toml", *good)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(repository), "--all-files"]
    env = _env(tmp_path)

    passing = subprocess.run(
        [*command, "--color", "never"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    output = passing.stdout + passing.stderr
    assert passing.returncode == 0, output
    names = [hook["name"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())]
    for name in names:  # the generic hook and one per API, each ran and passed
        assert re.search(rf"^{re.escape(name)}\.+Passed$", output, re.MULTILINE), name

    _git(sample, "add", *bad)
    failing = subprocess.run(
        [*command, "--color", "never"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    for name in names:
        assert re.search(rf"^{re.escape(name)}\.+Failed$", output, re.MULTILINE), name
    lines = set(output.splitlines())
    missing = sorted(expected - lines)
    assert not missing, output
