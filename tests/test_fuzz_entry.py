"""The atheris entry point runs (without atheris) on the hostile corpus and a few seeds."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hostile_inputs import HOSTILE_DIR

ROOT = Path(__file__).resolve().parent.parent


def _entry() -> object:
    spec = importlib.util.spec_from_file_location("fuzz_check", ROOT / "fuzz" / "fuzz_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_check"] = module
    spec.loader.exec_module(module)
    return module


FUZZ = _entry()
SEEDS = [path.read_bytes() for path in sorted(HOSTILE_DIR.iterdir()) if path.suffix != ".md"]


@pytest.mark.parametrize("selector", range(0, 256, 7))
def test_entry_point_survives_the_corpus(selector: int) -> None:
    for seed in [b"", b"{}", b"[]", b"<command/>", *SEEDS]:
        FUZZ.one_input(bytes([selector]) + seed)  # type: ignore[attr-defined]
