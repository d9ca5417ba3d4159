"""The package's layers point one way, and no module imports itself in a circle.

Read from the source (every ``import`` statement, inside functions too), bottom to top:

==========  ======================================================================
base        ``errors``, ``_json``, ``_xml``, ``fields``, ``rules``, ``specs``: exceptions,
            the JSON and XML readers, neutral checks, the catalogs' and specifications' data
data        ``catalog``, ``report``, ``selectors``: rules as data; findings, reports,
            context; how a rule is named to switch it off
declare     ``model``, ``specmodels``: how a request model ties each constraint to its
            code, and models built from a specification's schemas
contract    ``api``, ``apis``: what an API implements, and which APIs exist
compile     ``compiler``: the one validator, compiled from the declarations
domain      ``validators``, ``envelopes``: each API's models, checks and bodies
engine      ``engine``: ``check()`` and ``check_request()``
users       ``linter``, ``config``, ``reporters``, ``explain``, ``schema``,
            ``testing``, ``integrations``, ``serve``...: what users touch
top         ``cli``, ``__main__``, the package itself
==========  ======================================================================

A module may import from its own layer and the ones below. Imports only a type checker
reads (``if TYPE_CHECKING:``) may also point up: they name a type, they load nothing. The registry
(``apis``) and the API contract (``api``) load validators and envelopes by name, at run
time: that is their job, and no ``import`` statement says it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "clearance"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_json", "_xml", "_http", "_version", "fields", "rules", "specs"),
    ("catalog", "report", "selectors"),
    ("model", "specmodels"),
    ("api", "apis"),
    ("compiler",),
    ("validators", "envelopes"),
    ("engine",),
    (
        "linter",
        "config",
        "reporters",
        "explain",
        "schema",
        "testing",
        "integrations",
        "reading",
        "guess",
        "arguments",
        "serve",
        "har",
    ),
    ("cli", "__main__", "__init__"),
)
_LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _top(module: str) -> str:
    """The first name below ``clearance`` (``clearance`` itself: ``__init__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """Each clearance module ``name`` imports, and whether only a type checker reads it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(inner) for inner in ast.walk(node))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from clearance import compiler``: a name may be a module itself
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        found += [
            (target, id(node) in typing_only)
            for target in targets
            if target in MODULES and target != name
        ]
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted({_top(name) for name in MODULES} - set(_LEVEL))
    assert not missing, f"modules without a layer (add them to LAYERS): {missing}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name: str) -> None:
    """No module imports from a layer above its own."""
    level = _LEVEL[_top(name)]
    upward = [
        target
        for target, typing_only in _imports(name, MODULES[name])
        if _LEVEL[_top(target)] > level and not typing_only
    ]
    assert not upward, f"{name} (layer {level}) imports from layers above it: {upward}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:  # noqa: C901 - one algorithm
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles() -> None:
    graph = {
        name: {target for target, typing_only in _imports(name, path) if not typing_only}
        for name, path in MODULES.items()
    }
    # A package's ``__init__`` imports its submodules; a submodule importing its own
    # package's name is Python's import of the parent, not a dependency on what it defines.
    for name, targets in graph.items():
        targets -= {parent for parent in targets if name.startswith(parent + ".")}
    assert not _cycles(graph)


def test_a_cycle_is_found() -> None:
    """The cycle finder itself finds one (the test above could not fail otherwise)."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
