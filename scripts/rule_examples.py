"""Ship each rule's failing example and its fix inside the package, for ``clearance explain``.

The examples are the invalid cases under ``tests/cases/<api>/invalid/``, and the valid
ones that expect warnings (each has a ``twin``, the corrected payload); ``tests/`` is not
installed, so this script copies one case per rule key into
``clearance/rule_examples/<api>.json``. A case that names only
the rule is preferred over one that names several.

Usage: ``python scripts/rule_examples.py`` rewrites the files; ``--check`` fails (exit 1)
when one is stale, so the test suite catches a new case without its example.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from clearance.apis import APIS

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
OUT = ROOT / "clearance" / "rule_examples"


#: Strings longer than this are shortened in the shipped example (a length-limit case
#: may carry megabytes); the entry then says ``"abridged": true``.
LONGEST = 120


def _abridge(value: Any) -> tuple[Any, bool]:
    if isinstance(value, dict) and "$repeat" in value:  # a long string, written compactly
        value = value["$repeat"] * value["times"] + value.get("end", "")
    if isinstance(value, str) and len(value) > LONGEST:
        return f"{value[:40]}… ({len(value):,} characters in all)", True
    if isinstance(value, dict):
        pairs = [(k, *_abridge(v)) for k, v in value.items()]
        return {k: v for k, v, _ in pairs}, any(cut for _, _, cut in pairs)
    if isinstance(value, list):
        items = [_abridge(v) for v in value]
        return [v for v, _ in items], any(cut for _, cut in items)
    return value, False


def _entry(path: Path, case: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"case": path.name}
    if case.get("doc"):
        entry["doc"] = case["doc"]
    if "request" in case:
        entry["request"] = case["request"]
    else:
        entry["endpoint"] = case["endpoint"]
        entry["payload"] = case["payload"]
    if "context" in case:
        entry["context"] = case["context"]
    entry["fix"] = case.get("twin")
    if "twin_context" in case:
        entry["fix_context"] = case["twin_context"]
    entry, abridged = _abridge(entry)
    if abridged:
        entry["abridged"] = True
    return entry


def build(api: str) -> str:
    """The text of ``rule_examples/<api>.json``."""
    ranked: dict[str, tuple[tuple[int, int, int, str], dict[str, Any]]] = {}
    paths = [*(CASES / api / "invalid").glob("*.json"), *(CASES / api / "valid").glob("*.json")]
    for path in sorted(paths, key=lambda found: found.name):
        text = path.read_text(encoding="utf-8")
        case = json.loads(text)
        if "twin" not in case:
            continue  # a valid case that neither fails nor warns
        items = [*case.get("expect", []), *case.get("warn", [])]
        keys = [item.split(" ", 1)[0] for item in items]
        for key in dict.fromkeys(keys):
            rank = (int(len(set(keys)) > 1), len(keys), int(len(text) > LONGEST * 40), path.name)
            if key not in ranked or rank < ranked[key][0]:
                ranked[key] = (rank, _entry(path, case))
    document = {
        "api": api,
        "generated_by": "scripts/rule_examples.py from tests/cases/" + api + "/invalid",
        "examples": {key: ranked[key][1] for key in sorted(ranked)},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the example files, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    wanted = {OUT / f"{api}.json": build(api) for api in APIS}
    stale = [
        path
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    extra = sorted(set(OUT.glob("*.json")) - set(wanted))
    if args.check:
        for path in [*stale, *extra]:
            print(
                f"{path.relative_to(ROOT)} is stale: run python scripts/rule_examples.py",
                file=sys.stderr,
            )
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    for path in extra:
        path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
