"""Make ``scripts/`` importable from the tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import derive_specs
import generate

__all__ = ["derive_specs", "generate"]
