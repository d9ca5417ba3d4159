"""One process checks thousands of fixtures: the per-file cost stays small.

The bound is generous (CI machines are small and may be busy); what it guards against is
per-file work that does not belong there: re-reading configuration, re-importing or
re-building models, walking every API for every file.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from clearance import config as config_module
from clearance.linter import Linter

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = 1000
BOUND_MS = 5.0


def test_a_thousand_fixtures_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = sorted(p for p in (ROOT / "examples").glob("*/*") if p.is_file())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clearance]\nignore = ["inferred"]\n'
        '[tool.clearance.files]\n"payloads/**/*.json" = { api = "kassa", endpoint = "POST /articles" }\n',
        "utf-8",
    )
    payload = '{"line_item_name": "Tee", "sales_tax_percentage": 7}'
    for n in range(FILES):
        folder = tmp_path / ("payloads" if n % 2 else "requests") / f"d{n % 20}"
        folder.mkdir(parents=True, exist_ok=True)
        if n % 2:
            (folder / f"{n}.json").write_text(payload, "utf-8")
        else:
            source = examples[n // 2 % len(examples)]
            shutil.copy(source, folder / f"{n}-{source.name}")
    reads: list[object] = []
    load = config_module.load

    def counting(path: str) -> config_module.Config | None:
        reads.append(path)
        return load(path)

    monkeypatch.setattr(config_module, "load", counting)
    linter = Linter()
    linter.run([str(tmp_path / "requests" / "d0")])  # first use: imports and model builds
    started = time.perf_counter()
    outcome = linter.run([str(tmp_path)])
    elapsed = time.perf_counter() - started
    assert not outcome.problems, outcome.problems[:3]
    assert outcome.files == FILES
    assert len(reads) == 1
    assert elapsed / FILES * 1000 < BOUND_MS, f"{elapsed / FILES * 1000:.2f} ms per file"
