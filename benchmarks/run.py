"""clearance against the schema validators people would use instead (issue 10).

In one run, on the same payloads, for a representative endpoint of every API present:

* library throughput, valid and invalid payloads, ``dict`` input and raw JSON ``bytes``
  input: ``clearance.check`` against ``jsonschema`` (Draft 2020-12, ``iter_errors``: all
  errors), ``fastjsonschema`` (compiled; stops at the first error) and ``jsonschema-rs``
  (``validator_for(schema).iter_errors``: all errors), each validating the JSON Schema
  that ``clearance schema`` exports for the endpoint, with ``orjson.loads`` alone as the
  floor for bytes (peers get bytes through ``orjson.loads``);
* the command line: one fixture, and 2,000 fixtures in one process, against
  ``check-jsonschema`` on the same files with the same exported schema; the start-up
  of ``clearance --version`` against ``check-jsonschema --version``; and a check of the
  shipped ``examples/`` in one process, against another checkout of clearance given by
  ``--baseline DIR`` (the same command, with that checkout first on the path);
* memory: the peak (``tracemalloc``) of a check of a raw body, at sizes up to the body
  limit, as a multiple of the body's size, for two shapes of body: one long text value
  (an attachment) and many small objects (rows).

Payloads come from ``tests/cases/<api>/{valid,invalid}/*.json`` (parsed payloads only;
a valid case's payload, and an invalid case's corrected ``twin``, are valid payloads).
Times are medians of repeated passes over all payloads, in microseconds per payload
(library) or milliseconds per run (command line). By default they are CPU time (of this
process, or of the command's process): on a shared machine another process's load
stretches wall time but not the CPU time of the work measured. ``--clock wall`` times
by the wall clock instead. A ratio is ``peer / clearance``:
above 1 means clearance is faster. A peer that is not installed is skipped with a note.

The targets (issue 22), each reported as held or missed: per API, valid ``dict``
payloads at least as fast as fastjsonschema and at least half as fast as jsonschema-rs,
invalid ones at least as fast as jsonschema-rs, valid bytes within 8x of
``orjson.loads`` alone, and every cold row within 2x of its warm one; one fixture on the
command line at least 2.5x and 2,000 fixtures at least 3x faster than check-jsonschema,
``examples/`` no slower than the baseline; a raw body's peak memory at most 5x its size.

Usage: ``python benchmarks/run.py [--quick] [--json FILE] [--baseline DIR] [--enforce]``;
``--enforce`` exits 1 when a target is missed (CI's ``--quick`` run only reports).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import clearance
from clearance import schema as clearance_schema
from clearance.apis import APIS, get_api
from clearance.report import DEFAULT_MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"

#: The representative endpoint of each API (its busiest body endpoint in the case files).
ENDPOINTS: dict[str, str] = {
    "kassa": "POST /articles",
    "snelstart": "POST /relaties",
    "fortnox": "POST /customers",
    "invoicexpress": "POST /invoices.json",
    "co3": "setProduct",
}

#: The API whose fixtures the command-line runs use in ``--quick`` mode.
CLI_API = "kassa"

Validate = Callable[[Any], object]

#: The clock every timing reads (``--clock``): CPU time of this process by default.
_CLOCK: list[Callable[[], float]] = [time.process_time]


# -- payloads ---------------------------------------------------------------------------


def _cases(api: str, endpoint: str) -> Iterator[dict[str, Any]]:
    """The case files of ``endpoint`` that need no context, in file order."""
    for path in sorted(CASES.glob(f"{api}/*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if case.get("endpoint") == endpoint and not case.get("context"):
            yield case


def _payloads(api: str, endpoint: str) -> tuple[list[Any], list[Any]]:
    """Valid and invalid parsed payloads of ``endpoint`` (cases without a context)."""
    valid: list[Any] = []
    invalid: list[Any] = []
    for case in _cases(api, endpoint):
        payload = case.get("payload")
        if not isinstance(payload, dict):
            continue  # raw XML or text bodies: not comparable with a JSON Schema validator
        if case.get("expect"):
            invalid.append(payload)
            twin = case.get("twin")
            if isinstance(twin, dict) and "twin_context" not in case:
                valid.append(twin)
        else:
            valid.append(payload)
    # Only payloads clearance itself judges as the case says.
    valid = [p for p in valid if clearance.check(api, endpoint, p).ok]
    invalid = [p for p in invalid if not clearance.check(api, endpoint, p).ok]
    return valid, invalid


def _xml_payloads(api: str, endpoint: str) -> tuple[list[bytes], list[bytes]]:
    """Valid and invalid raw XML bodies of ``endpoint`` (co3's own notation)."""
    valid: list[bytes] = []
    invalid: list[bytes] = []
    for case in _cases(api, endpoint):
        for body, refused in (
            (case.get("payload"), bool(case.get("expect"))),
            (case.get("twin"), False),
        ):
            if isinstance(body, str) and body.lstrip().startswith("<"):
                raw = body.encode("utf-8")
                if clearance.check(api, endpoint, raw).ok is not refused:
                    (invalid if refused else valid).append(raw)
    return valid, invalid


def _encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


# -- peers ------------------------------------------------------------------------------


def _optional(name: str, notes: list[str]) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        notes.append(f"{name} is not installed: skipped (pip install {name.replace('_', '-')})")
        return None


def _peers(schema: dict[str, Any], notes: list[str]) -> dict[str, Validate]:
    """Each installed peer as a function validating one parsed payload, all errors where it can."""
    peers: dict[str, Validate] = {}
    jsonschema = _optional("jsonschema", notes)
    if jsonschema is not None:
        draft = jsonschema.Draft202012Validator(schema)
        peers["jsonschema"] = lambda value: list(draft.iter_errors(value))
    fastjsonschema = _optional("fastjsonschema", notes)
    if fastjsonschema is not None:
        # fastjsonschema knows drafts 4, 6 and 7; the exported schema uses nothing newer.
        compiled = fastjsonschema.compile({k: v for k, v in schema.items() if k != "$schema"})
        failure = fastjsonschema.JsonSchemaException

        def fast(value: Any) -> object:
            try:
                return compiled(value)
            except failure as exc:  # it stops at the first error
                return exc

        peers["fastjsonschema"] = fast
    jsonschema_rs = _optional("jsonschema_rs", notes)
    if jsonschema_rs is not None:
        rs = jsonschema_rs.validator_for(schema)
        peers["jsonschema-rs"] = lambda value: list(rs.iter_errors(value))
    return peers


def _agreement(peer: Validate, payloads: list[Any]) -> int:
    """How many payloads ``peer`` finds at least one error in."""
    flagged = 0
    for payload in payloads:
        result = peer(payload)
        if result not in (None, []) and not isinstance(result, dict):
            flagged += 1
    return flagged


# -- timing -----------------------------------------------------------------------------


def _race(
    runs: dict[str, Callable[[], object]], count: int, repeats: int, budget: float
) -> dict[str, float]:
    """Median µs per payload of each pass in ``runs`` (one pass = ``count`` payloads).

    The passes take turns, one sample each per round, for ``repeats`` rounds, so that
    whatever else the machine does in the meantime falls on all of them alike. Each
    sample repeats its pass for about ``budget`` seconds.
    """
    clock = _CLOCK[0]
    inner: dict[str, int] = {}
    for name, run in runs.items():
        started = clock()
        run()  # warm caches: every implementation gets the same chance
        inner[name] = max(1, int(budget / max(clock() - started, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            started = clock()
            for _ in range(inner[name]):
                run()
            samples[name].append((clock() - started) / inner[name] / max(count, 1) * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def _pass(function: Callable[[Any], object], items: list[Any]) -> Callable[[], object]:
    def run() -> None:
        for item in items:
            function(item)

    return run


def _parsed(peer: Validate, loads: Callable[[bytes], Any]) -> Validate:
    """``peer`` on raw bytes: parsed by ``loads`` first."""

    def run(value: bytes) -> object:
        return peer(loads(value))

    return run


def _memos() -> list[Any]:
    """The memos of clearance: the bounded ``lru_cache`` functions of its loaded modules."""
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if name == "clearance" or name.startswith("clearance."):
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if callable(info) and info().maxsize is not None:
                    found[id(value)] = value
    return list(found.values())


def _cold(function: Callable[[Any], object], items: list[Any]) -> Callable[[], object]:
    """A pass with every memo emptied first (the same payloads repeat pass after pass)."""
    function(items[0])  # loads what the pass uses, and with it its memos
    memos = _memos()

    def run() -> None:
        for memo in memos:
            memo.cache_clear()
        for item in items:
            function(item)

    return run


def _library(api: str, timing: tuple[int, float], notes: list[str]) -> dict[str, Any] | None:
    endpoint = ENDPOINTS[api]
    try:
        get_api(api).endpoint(endpoint)
        schema = clearance_schema.endpoint_schema(api, endpoint)
    except Exception as exc:  # noqa: BLE001 - an API in progress must not stop the run
        notes.append(f"{api}: skipped, it does not load ({type(exc).__name__}: {exc})")
        return None
    valid, invalid = _payloads(api, endpoint)
    peers = _peers(schema, notes)
    orjson = _optional("orjson", notes)
    loads: Callable[[bytes], Any] = orjson.loads if orjson is not None else json.loads
    result: dict[str, Any] = {"endpoint": endpoint, "valid": len(valid), "invalid": len(invalid)}
    rows: dict[str, dict[str, float]] = {}

    def checker(value: Any) -> object:
        return clearance.check(api, endpoint, value)

    for kind, payloads in (("valid", valid), ("invalid", invalid)):
        if not payloads:
            notes.append(f"{api}: no {kind} payloads for {endpoint}")
            continue
        raw = [_encode(p) for p in payloads]
        floor = "orjson.loads" if orjson is not None else "json.loads"
        # clearance memoizes pure verdicts (IBAN, BIC and VAT numbers, e-mail addresses,
        # dates), and these payloads repeat: the same pass with every memo emptied first
        # shows the cold cost.
        dicts = _race(
            {
                "clearance": _pass(checker, payloads),
                "clearance, cold": _cold(checker, payloads),
                **{name: _pass(peer, payloads) for name, peer in peers.items()},
            },
            len(payloads),
            *timing,
        )
        on_bytes = _race(
            {
                "clearance": _pass(checker, raw),
                **{name: _pass(_parsed(peer, loads), raw) for name, peer in peers.items()},
                floor: _pass(loads, raw),
            },
            len(raw),
            *timing,
        )
        peer_times = {name: dicts[name] for name in peers}
        rows[f"{kind} dict"] = {"clearance": dicts["clearance"], **peer_times}
        rows[f"{kind} dict, cold"] = {"clearance": dicts["clearance, cold"], **peer_times}
        rows[f"{kind} bytes"] = on_bytes
    if api == "co3":  # co3's own notation, what most of its clients send
        from defusedxml.ElementTree import fromstring  # noqa: PLC0415

        for kind, bodies in zip(("valid", "invalid"), _xml_payloads(api, endpoint), strict=True):
            if bodies:
                rows[f"{kind} xml"] = _race(
                    {
                        "clearance": _pass(checker, bodies),
                        "defusedxml parse": _pass(fromstring, bodies),
                    },
                    len(bodies),
                    *timing,
                )
    result["rows"] = rows
    result["peer_flags_valid"] = {name: _agreement(peer, valid) for name, peer in peers.items()}
    result["peer_misses_invalid"] = {
        name: len(invalid) - _agreement(peer, invalid) for name, peer in peers.items()
    }
    return result


# -- command line -----------------------------------------------------------------------


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _commands_ms(
    commands: dict[str, list[str]], repeats: int, envs: dict[str, dict[str, str]] | None = None
) -> dict[str, float]:
    """Median time of running each command, in ms: CPU time, or wall time (``--clock wall``).

    The commands take turns, one run each per round, as in :func:`_race`; ``envs`` gives
    a command its own environment.
    """
    clock = _children_cpu if _CLOCK[0] is time.process_time else time.perf_counter
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            started = clock()
            env = (envs or {}).get(name)
            subprocess.run(argv, check=False, capture_output=True, cwd=ROOT, env=env)
            samples[name].append((clock() - started) * 1e3)
    return {name: statistics.median(values) for name, values in samples.items()}


def _examples(baseline: str | None, repeats: int, notes: list[str]) -> dict[str, float]:
    """``clearance check examples/`` in one process: this clearance and the baseline's."""
    # -P: the working folder (this checkout) must not come before the baseline on the path.
    argv = [sys.executable, "-P", "-m", "clearance", "check", "examples"]
    commands = {"clearance": argv}
    envs: dict[str, dict[str, str]] = {}
    if baseline is not None:
        package = Path(baseline).resolve() / "clearance"
        if not package.is_dir():
            notes.append(f"--baseline {baseline}: no clearance package there: skipped")
        else:
            compiled = [sys.executable, "-m", "compileall", "-q", str(package)]
            subprocess.run(compiled, check=True)
            commands["baseline"] = argv
            envs["baseline"] = {**os.environ, "PYTHONPATH": str(package.parent)}
    return _commands_ms(commands, repeats, envs)


def _command_line(
    api: str, files: int, repeats: int, notes: list[str], baseline: str | None = None
) -> dict[str, Any] | None:
    endpoint = ENDPOINTS[api]
    ours, theirs = _tool("clearance"), _tool("check-jsonschema")
    if ours is None:
        notes.append("the clearance command is not installed: command-line runs skipped")
        return None
    try:
        valid, _ = _payloads(api, endpoint)
        schema = clearance_schema.endpoint_schema(api, endpoint)
    except Exception as exc:  # noqa: BLE001
        notes.append(f"{api}: command-line runs skipped ({type(exc).__name__}: {exc})")
        return None
    if theirs is None:
        notes.append("check-jsonschema is not installed: skipped (pip install check-jsonschema)")
    rows: dict[str, dict[str, float]] = {}
    # As an installed wheel has it (and check-jsonschema, installed by pip, has it): the
    # package's bytecode, which an editable install never writes under
    # PYTHONDONTWRITEBYTECODE. Without it each run compiles clearance's source first.
    package = Path(clearance.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        schema_file = base / "schema.json"
        schema_file.write_text(json.dumps(schema), encoding="utf-8")
        paths = []
        for n in range(files):
            path = base / f"fixture-{n:04d}.json"
            path.write_text(json.dumps(valid[n % len(valid)], ensure_ascii=False), "utf-8")
            paths.append(str(path))
        ours_check = [ours, "check", "--api", api, "--endpoint", endpoint]
        theirs_check = [theirs or "", "--schemafile", str(schema_file)]
        for label, chosen in (("1 fixture", paths[:1]), (f"{files} fixtures", paths)):
            commands = {"clearance": [*ours_check, *chosen]}
            if theirs is not None:
                commands["check-jsonschema"] = [*theirs_check, *chosen]
            runs = repeats if len(chosen) == 1 else max(1, repeats // 2)
            rows[label] = _commands_ms(commands, runs)
        commands = {"clearance": [ours, "--version"]}
        if theirs is not None:
            commands["check-jsonschema"] = [theirs, "--version"]
        rows["--version"] = _commands_ms(commands, repeats)
    rows["examples/"] = _examples(baseline, repeats, notes)
    return {"api": api, "endpoint": endpoint, "rows": rows}


# -- memory -----------------------------------------------------------------------------

#: Body sizes whose peak memory is measured (the last: the body limit; ``--quick``: three).
SIZES = (1 << 10, 1 << 16, 1 << 20, 1 << 23, DEFAULT_MAX_BODY_BYTES)


#: The most memory a check of a raw body may take, as a multiple of the body's size.
MEMORY_BOUND = 5


def _body(payload: dict[str, Any], shape: str, size: int) -> bytes:
    """``payload`` grown to about ``size`` bytes (at most): one long text, or many rows."""
    raw = _encode(payload)
    if shape == "text":  # an attachment: base64 text
        room = size - len(raw) - len(', "attachment": ""')
        return _encode({**payload, "attachment": "QUJD" * max(0, room // 4)})
    row = _encode(payload)
    count = max(1, (size - len(raw) - len(', "rows": []')) // (len(row) + 2))
    return _encode({**payload, "rows": [payload] * count})


def _memory(api: str, sizes: tuple[int, ...], notes: list[str]) -> dict[str, Any] | None:
    """Peak traced memory of a check of a raw body, as a multiple of the body's size."""
    endpoint = ENDPOINTS[api]
    try:
        valid, _ = _payloads(api, endpoint)
    except Exception as exc:  # noqa: BLE001
        notes.append(f"{api}: memory skipped ({type(exc).__name__}: {exc})")
        return None
    clearance.check(api, endpoint, _encode(valid[0]))  # the endpoint built, the parser loaded
    rows: dict[str, dict[str, float]] = {}
    for shape in ("text", "rows"):
        for size in sizes:
            raw = _body(valid[0], shape, size)
            tracemalloc.start()
            clearance.check(api, endpoint, raw)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.setdefault(shape, {})[_size(size)] = peak / len(raw)
            del raw
    return {"api": api, "endpoint": endpoint, "rows": rows}


def _size(size: int) -> str:
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB"


# -- report -----------------------------------------------------------------------------

#: The distributions whose versions a run records: clearance, its parser, and the peers.
_MEASURED = (
    "clearance",
    "msgspec",
    "jsonschema",
    "fastjsonschema",
    "jsonschema-rs",
    "orjson",
    "check-jsonschema",
)


def _versions() -> dict[str, str]:
    """The installed version of each measured distribution (absent ones left out)."""
    found: dict[str, str] = {}
    for name in _MEASURED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def _ratio(row: dict[str, float], peer: str) -> float | None:
    if peer not in row or not row.get("clearance"):
        return None
    return row[peer] / row["clearance"]


def _targets(results: dict[str, Any]) -> list[tuple[str, bool]]:  # noqa: C901 - one list
    """Each target, per API where it is per API, and whether it holds."""
    verdicts: list[tuple[str, bool]] = []
    for api, lib in results["library"].items():
        rows = lib["rows"]

        def holds(row: str, peer: str, at_least: float, rows: dict[str, Any] = rows) -> bool | None:
            ratio = _ratio(rows.get(row, {}), peer)
            return None if ratio is None else ratio >= at_least

        for text, row, peer, at_least in (
            ("valid dict >= fastjsonschema", "valid dict", "fastjsonschema", 1.0),
            ("valid dict >= 1/2 jsonschema-rs", "valid dict", "jsonschema-rs", 0.5),
            ("invalid dict >= jsonschema-rs", "invalid dict", "jsonschema-rs", 1.0),
            ("valid bytes within 8x orjson.loads", "valid bytes", "orjson.loads", 1 / 8),
        ):
            verdict = holds(row, peer, at_least)
            if verdict is not None:
                verdicts.append((f"{api}: {text}", verdict))
        for kind in ("valid", "invalid"):
            warm, cold = rows.get(f"{kind} dict"), rows.get(f"{kind} dict, cold")
            if warm and cold:
                verdicts.append(
                    (
                        f"{api}: {kind} dict, cold within 2x warm",
                        cold["clearance"] <= 2 * warm["clearance"],
                    )
                )
    cli = results.get("command_line")
    if cli:
        for row, peer, at_least, text in (
            ("1 fixture", "check-jsonschema", 2.5, ">= 2.5x check-jsonschema"),
            (
                next((r for r in cli["rows"] if r.endswith("fixtures")), ""),
                "check-jsonschema",
                3.0,
                ">= 3x check-jsonschema",
            ),
            ("examples/", "baseline", 1.0, "no slower than the baseline"),
        ):
            ratio = _ratio(cli["rows"].get(row, {}), peer)
            if ratio is not None:
                verdicts.append((f"cli {row} {text}", ratio >= at_least))
    memory = results.get("memory")
    if memory:
        worst = max(x for shape in memory["rows"].values() for x in shape.values())
        text = f"memory: a raw body's peak at most {MEMORY_BOUND}x its size (worst {worst:.1f}x)"
        verdicts.append((text, worst <= MEMORY_BOUND))
    return verdicts


def _table(title: str, rows: dict[str, dict[str, float]], unit: str) -> list[str]:
    columns: list[str] = []
    for row in rows.values():
        columns += [c for c in row if c not in columns]
    lines = [title, f"{'':22}" + "".join(f"{c:>18}" for c in columns)]
    for name, row in rows.items():
        cells = []
        for column in columns:
            if column not in row:
                cells.append(f"{'-':>18}")
                continue
            ratio = _ratio(row, column)
            shown = f"{row[column]:.1f}{unit}"
            if column != "clearance" and ratio is not None:
                shown += f" ({ratio:.2f}x)"
            cells.append(f"{shown:>18}")
        lines.append(f"{name:22}" + "".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the tables; 1 when ``--enforce`` and a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (CI)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--enforce", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--apis", nargs="*", default=None, help="APIs to measure (default: all)")
    parser.add_argument(
        "--baseline", metavar="DIR", help="a checkout of clearance to time examples/ against"
    )
    parser.add_argument(
        "--clock", choices=["cpu", "wall"], default="cpu", help="what to time (default: cpu)"
    )
    args = parser.parse_args(argv)
    _CLOCK[0] = time.process_time if args.clock == "cpu" else time.perf_counter
    repeats = 5 if args.quick else 15
    notes: list[str] = []
    apis = [a for a in (args.apis or APIS) if a in ENDPOINTS]
    results: dict[str, Any] = {
        "quick": args.quick,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "unit": {"library": "microseconds per payload", "command_line": "milliseconds per run"},
        "clock": args.clock,
        "versions": _versions(),
        "library": {},
    }
    for api in apis:
        measured = _library(api, (repeats, 0.01 if args.quick else 0.05), notes)
        if measured is not None:
            results["library"][api] = measured
    cli_apis = [CLI_API] if args.quick else apis
    results["command_line"] = _command_line(
        CLI_API if CLI_API in cli_apis else apis[0],
        2000,
        3 if args.quick else 7,
        notes,
        args.baseline,
    )
    memory_api = CLI_API if CLI_API in apis else apis[0]
    results["memory"] = _memory(memory_api, SIZES[:3] if args.quick else SIZES, notes)
    results["targets"] = [{"target": t, "holds": ok} for t, ok in _targets(results)]
    results["notes"] = sorted(set(notes))

    lines = [
        f"CPython {results['python']}, {results['cpus']} CPUs, {args.clock} time; "
        + ", ".join(f"{name} {version}" for name, version in results["versions"].items()),
        "",
    ]
    for api, lib in results["library"].items():
        title = f"{api} {lib['endpoint']} ({lib['valid']} valid, {lib['invalid']} invalid)"
        lines += [*_table(title + ", µs per payload; (peer/clearance)", lib["rows"], ""), ""]
        lines.append(
            "  peers flag valid payloads: "
            + ", ".join(f"{k} {v}" for k, v in lib["peer_flags_valid"].items())
            + "; pass invalid ones: "
            + ", ".join(f"{k} {v}" for k, v in lib["peer_misses_invalid"].items())
        )
        lines.append("")
    cli = results["command_line"]
    if cli:
        lines += [*_table(f"command line, {cli['api']} {cli['endpoint']}, ms", cli["rows"], ""), ""]
    memory = results["memory"]
    if memory:
        lines.append(
            f"peak memory of a raw body, x its size ({memory['api']} {memory['endpoint']})"
        )
        for shape, row in memory["rows"].items():
            lines.append(f"{shape:22}" + "".join(f"{k:>10} {v:5.1f}x" for k, v in row.items()))
        lines.append("")
    lines += [
        f"{'holds' if t['holds'] else 'MISSED':>7}  {t['target']}" for t in results["targets"]
    ]
    lines += [f"note: {n}" for n in results["notes"]]
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    missed = [t for t in results["targets"] if not t["holds"]]
    return 1 if args.enforce and missed else 0


if __name__ == "__main__":
    sys.exit(main())
