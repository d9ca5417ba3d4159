"""The built wheel ships the catalogs and works on its own (not only the source tree)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clearance.apis import APIS
from clearance.specs import SPECIFIED

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("clearance-*.whl")
    return built


def test_wheel_contains_every_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for api in APIS:
        assert f"clearance/rules/{api}.toml" in names
        # a validators module, or a package once it grows
        assert {f"clearance/validators/{api}.py", f"clearance/validators/{api}/__init__.py"} & names
        assert f"clearance/envelopes/{api}.py" in names
        assert f"clearance/rule_examples/{api}.json" in names
    for api in SPECIFIED:
        assert f"clearance/specs/{api}.json" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    assert not any(name.startswith("tests/") for name in names)


def test_wheel_runs_from_the_zip(wheel: Path, tmp_path: Path) -> None:
    code = (
        "import clearance, importlib.resources as r;"
        "assert 'site-packages' not in clearance.__file__ and '.whl' in clearance.__file__, clearance.__file__;"
        "print(sum(1 for _ in r.files('clearance.rules').iterdir()));"
        "print(clearance.check('kassa', 'POST /articles', {}).findings[0].code);"
        "import clearance.specs; print(len(clearance.specs.load('fortnox')['operations']))"
    )
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    # PYTHONPATH comes before site-packages, so the wheel is what gets imported
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(APIS) + 1), "1013", "331"]
