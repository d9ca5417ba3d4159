"""Checking files: which endpoint a file is for, what to report, and where in the file.

A file is placed by, in this order: ``--api``/``--endpoint``; the first glob of
``[tool.clearance.files]`` that matches it; the request-file form
``{"method", "url", "headers", "body"}`` (the api is told by the URL's host, and the
URL and headers are checked too); a document that names its own endpoint (a co3 body
names its method, see :meth:`clearance.engine.Api.identify`). A file that none of these
places is a :class:`PlacementError` that says how to place it.

Findings then pass ``select``/``ignore`` (command line and configuration), the per-file
ignores and the suppressions of the file's configuration (see :mod:`clearance.config`),
and each one that is left gets the 1-based line and column of its value in the file.

A ``.har`` file (recorded traffic) is read by :mod:`clearance.har`: each request in it is
checked and gets its own :class:`FileResult` (``entry`` is its index in the file).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clearance import _json, har
from clearance.config import UNUSED_SUPPRESSION, Config, ConfigError, Resolver, Suppression
from clearance.engine import check, check_request, get_api
from clearance.errors import ClearanceError
from clearance.report import Context, Report, rule_selected
from clearance.validators import APIS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import date

    from clearance.catalog import Rule
    from clearance.report import Finding

__all__ = [
    "Diagnostic",
    "FileResult",
    "Linter",
    "Outcome",
    "PlacementError",
    "Problem",
    "check_file",
    "dumps",
    "expand_paths",
]

#: Keys of the request-file form: ``{"method": ..., "url": ..., "headers": ..., "body": ...}``.
REQUEST_KEYS = frozenset({"method", "url", "headers", "body"})
SUFFIXES = (".json", ".xml", har.SUFFIX)
#: Folders a directory walk never enters (besides hidden ones).
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


class PlacementError(ClearanceError):
    """A file whose API and endpoint cannot be told."""


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported finding with its place in the file.

    ``pointer`` is the JSON pointer into the payload (CONTRACT section 4); ``target`` is
    the pointer into the file itself (``/body/...`` in a request file, ``/url``,
    ``/headers/<Name>``), which is what suppressions name. ``rule`` is ``None`` for the
    linter's own findings, which have no HTTP status either.
    """

    path: str
    api: str
    endpoint: str | None
    code: str
    message: str
    status: int | None
    pointer: str | None
    line: int
    column: int
    rule: Rule | None = dataclasses.field(default=None, repr=False, compare=False)
    target: str = ""

    def to_json(self) -> dict[str, Any]:
        """The ``--format json`` object, exactly the keys CONTRACT section 4 pins."""
        return {
            "path": self.path,
            "api": self.api,
            "endpoint": self.endpoint,
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class FileResult:
    """The check of one file: its report (findings after selection) and what is shown.

    ``report`` is ``None`` for the configuration files that carry the linter's own
    findings (unused suppressions).
    """

    path: str
    report: Report | None
    diagnostics: tuple[Diagnostic, ...] = ()
    suppressed: int = 0
    #: The request's index in a HAR file (``None`` for other files).
    entry: int | None = None

    @property
    def api(self) -> str | None:
        """The file's api."""
        return self.report.api if self.report else None

    @property
    def endpoint(self) -> str | None:
        """The file's endpoint id."""
        return self.report.endpoint if self.report else None


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be checked, or a configuration that cannot be used (exit 2)."""

    path: str
    message: str


@dataclasses.dataclass(slots=True)
class Outcome:
    """Everything one run found."""

    results: list[FileResult] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    #: Requests of HAR files not checked, per reason (see :mod:`clearance.har`).
    skipped: dict[str, int] = dataclasses.field(default_factory=dict)
    #: The HAR files read (one counts as a file checked even when none of its requests was).
    traffic: set[str] = dataclasses.field(default_factory=set)

    @property
    def diagnostics(self) -> Iterator[Diagnostic]:
        """Every reported finding, file by file."""
        for result in self.results:
            yield from result.diagnostics

    @property
    def files(self) -> int:
        """How many fixture files were checked (a HAR file counts once)."""
        return len({r.path for r in self.results if r.report is not None} | self.traffic)

    @property
    def suppressed(self) -> int:
        """How many findings suppressions and per-file ignores took out."""
        return sum(r.suppressed for r in self.results)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders expand to the JSON and XML files below them, sorted.

    Hidden folders and ``node_modules``, ``__pycache__``, ``site-packages``, ``venv``
    are not entered.
    """
    for name in paths:
        if not os.path.isdir(name):  # noqa: PTH112
            yield name
            continue
        found: list[str] = []
        for folder, dirs, files in os.walk(name):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
            found.extend(f"{folder}{os.sep}{f}" for f in files if f.endswith(SUFFIXES))
        yield from sorted(found)


# -- one file ---------------------------------------------------------------------------


def _api_for_url(url: str) -> str:
    from urllib.parse import urlsplit  # noqa: PLC0415

    host = (urlsplit(url).hostname or "").lower()
    for name in APIS:
        if get_api(name).host.fullmatch(host):
            return name
    raise PlacementError(f"no api answers on host {host!r} (known apis: {', '.join(APIS)})")


def _identify(raw: bytes, api: str | None) -> tuple[str, str] | None:
    """The (api, endpoint) a document names itself (a co3 body names its method)."""
    for name in (api,) if api else APIS:
        endpoint = get_api(name).identify(raw)
        if endpoint is not None:
            return name, endpoint
    return None


def _request_form(raw: bytes) -> dict[str, Any] | None:
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        value = _json.loads(raw)
    except _json.MalformedJsonError:
        return None
    if (
        isinstance(value, dict)
        and {"method", "url"} <= value.keys() <= REQUEST_KEYS
        and isinstance(value["method"], str)
        and isinstance(value["url"], str)
    ):
        return value
    return None


def _targets(findings: Iterable[Finding], request: dict[str, Any] | None) -> list[str]:
    """The JSON pointer in the file of each finding."""
    targets: list[str] = []
    for finding in findings:
        if request is None:
            targets.append(finding.pointer or "")
        elif finding.pointer is not None:
            targets.append("/body" + finding.pointer)
        elif finding.location.startswith("header:"):
            wanted = finding.location.partition(":")[2].lower()
            headers = request.get("headers")
            names = [k for k in headers if k.lower() == wanted] if isinstance(headers, dict) else []
            targets.append(f"/headers/{_json.escape_pointer(names[0])}" if names else "/headers")
        else:
            targets.append("/url")
    return targets


def _how_to_place(name: str, relative: str, api: str | None) -> str:
    which = f"which {api} endpoint" if api else "which endpoint"
    example_api = api or "kassa"
    return (
        f"{name}: cannot tell {which} this file is for. Place it in pyproject.toml:\n"
        f"    [tool.clearance.files]\n"
        f'    "{relative}" = {{ api = "{example_api}", endpoint = "POST /articles" }}\n'
        "  or pass --api and --endpoint, or write it as a request file: "
        '{"method": "POST", "url": "https://.../articles", "headers": {...}, "body": {...}}'
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Examined:
    report: Report
    targets: list[str]
    locate: Callable[[str, Iterable[str]], dict[str, tuple[int, int]]]


def _examine(
    name: str,
    raw: bytes,
    *,
    api: str | None,
    endpoint: str | None,
    context: Context,
    relative: str,
) -> _Examined:
    """Place and check one file's contents (no selection yet)."""
    if api is not None and endpoint is not None:
        report = check(api, endpoint, raw, context=context)
        return _Examined(report, _targets(report.findings, None), get_api(api).locate)
    request = _request_form(raw)
    if request is not None:
        headers = request.get("headers")
        report = check_request(
            api or _api_for_url(request["url"]),
            request["method"],
            request["url"],
            headers=headers if isinstance(headers, dict) else None,
            body=request.get("body"),
            context=context,
        )
        return _Examined(report, _targets(report.findings, request), _json.locate)
    named = _identify(raw, api)
    if named is None:
        raise PlacementError(_how_to_place(name, relative, api))
    report = check(named[0], named[1], raw, context=context)
    return _Examined(report, _targets(report.findings, None), get_api(named[0]).locate)


def _diagnostics(
    name: str,
    raw: bytes,
    examined: _Examined,
    keep: list[int],
) -> tuple[Diagnostic, ...]:
    if not keep:
        return ()
    report, targets = examined.report, examined.targets
    text = raw.decode("utf-8", errors="replace")
    where = examined.locate(text, [targets[n] for n in keep])
    items = []
    for n in keep:
        finding = report.findings[n]
        line, column = where.get(targets[n], (1, 1))
        items.append(
            Diagnostic(
                name,
                report.api,
                report.endpoint,
                finding.code,
                finding.message,
                finding.status,
                finding.pointer,
                line,
                column,
                finding.rule,
                targets[n],
            )
        )
    return tuple(items)


def check_file(
    path: str | os.PathLike[str],
    *,
    api: str | None = None,
    endpoint: str | None = None,
    context: Context | None = None,
) -> FileResult:
    """Check one fixture file, without any configuration.

    With ``api`` and ``endpoint`` the file is the payload. Without them, the file must
    say what it is: a request file ``{"method", "url", "headers", "body"}`` (the api is
    told by the URL's host, and URL and headers are checked too) or a document that
    names its endpoint (co3).

    Raises:
        OSError: the file cannot be read.
        PlacementError: the file's endpoint cannot be told.
        UnknownApiError, UnknownEndpointError: ``api`` or ``endpoint`` are not known.
    """
    name = os.fspath(path)
    raw = Path(name).read_bytes()
    examined = _examine(
        name, raw, api=api, endpoint=endpoint, context=context or Context(), relative=name
    )
    keep = list(range(len(examined.report.findings)))
    return FileResult(name, examined.report, _diagnostics(name, raw, examined, keep))


# -- a run ------------------------------------------------------------------------------


class Linter:
    """Checks many files in one process: configuration read once per folder, models once.

    ``select`` (when given) replaces the configuration's; ``ignore`` adds to it.
    """

    def __init__(
        self,
        *,
        api: str | None = None,
        endpoint: str | None = None,
        select: frozenset[str] = frozenset(),
        ignore: frozenset[str] = frozenset(),
        today: date | None = None,
        config: str | os.PathLike[str] | None = None,
        isolated: bool = False,
    ) -> None:
        """Prepare a run.

        Raises:
            ConfigError: ``config`` cannot be used.
            UnknownApiError, UnknownEndpointError: ``api`` or ``endpoint`` are not known.
        """
        if endpoint is not None:
            if api is None:
                raise ConfigError("--endpoint needs --api")
            get_api(api).endpoint(endpoint)
        elif api is not None:
            get_api(api)
        self.api = api
        self.endpoint = endpoint
        self.select = select
        self.ignore = ignore
        self.today = today
        self.resolver = Resolver(config, isolated=isolated)
        self._contexts: dict[date | None, Context] = {}

    def _context(self, config: Config) -> Context:
        today = self.today or config.today
        context = self._contexts.get(today)
        if context is None:
            context = self._contexts[today] = Context(today=today)
        return context

    def _place(self, name: str, config: Config, relative: str) -> tuple[str | None, str | None]:
        api, endpoint = self.api, self.endpoint
        if endpoint is None:
            placement = config.placement(relative)
            if placement is not None:
                if api is not None and placement.api != api:
                    raise PlacementError(
                        f"{name}: {config.path} places this file in api {placement.api!r}, "
                        f"but --api says {api!r}"
                    )
                api, endpoint = placement.api, placement.endpoint
        return api, endpoint

    def _selected(self, rule: Rule, select: frozenset[str], ignore: frozenset[str]) -> bool:
        if select and not rule_selected(rule, select):
            return False
        return not (ignore and rule_selected(rule, ignore))

    def check(self, name: str) -> FileResult | None:
        """Check one file; ``None`` when the configuration excludes it.

        Raises:
            OSError: the file cannot be read.
            ClearanceError: the file cannot be placed, or its configuration used.
        """
        absolute = os.path.abspath(name)  # noqa: PTH100 - strings: this runs per file
        config = self.resolver.for_file(absolute)
        relative = config.relative(absolute)
        if config.exclude and config.excluded(relative):
            return None
        with open(name, "rb", buffering=0) as handle:  # noqa: PTH123 - unbuffered: one read
            raw = handle.read()
        api, endpoint = self._place(name, config, relative)
        examined = _examine(
            name,
            raw,
            api=api,
            endpoint=endpoint,
            context=self._context(config),
            relative=relative,
        )
        return self._selected_result(name, raw, examined, config, relative)

    def _selected_result(  # noqa: PLR0917 - the parts of one checked file
        self,
        name: str,
        raw: bytes,
        examined: _Examined,
        config: Config,
        relative: str,
        entry: int | None = None,
    ) -> FileResult:
        """The result of a checked file (or HAR entry) after selection and suppressions."""
        report = examined.report
        select = self.select or config.select
        ignore = config.ignores(relative) | self.ignore
        keep = [n for n, f in enumerate(report.findings) if self._selected(f.rule, select, ignore)]
        selected = len(keep)
        for suppression in config.suppressions(relative):
            suppression.checked = True
            keep = [n for n in keep if not self._suppress(suppression, report, examined, n)]
        suppressed = selected - len(keep)
        if len(keep) != len(report.findings):
            report = dataclasses.replace(report, findings=tuple(report.findings[n] for n in keep))
            examined = _Examined(report, [examined.targets[n] for n in keep], examined.locate)
            keep = list(range(len(keep)))
        return FileResult(name, report, _diagnostics(name, raw, examined, keep), suppressed, entry)

    def check_traffic(self, name: str) -> tuple[list[FileResult], dict[str, int]] | None:
        """Check every request of a HAR file; ``None`` when the configuration excludes it.

        Returns one result per request checked, and the count of requests not checked
        per reason.

        Raises:
            OSError: the file cannot be read.
            ClearanceError: the file is not a HAR file, or ``--endpoint`` was given.
        """
        absolute = os.path.abspath(name)  # noqa: PTH100
        config = self.resolver.for_file(absolute)
        relative = config.relative(absolute)
        if config.exclude and config.excluded(relative):
            return None
        if self.endpoint is not None:
            raise PlacementError(f"{name}: a HAR file names each request's endpoint: no --endpoint")
        raw = Path(name).read_bytes()
        traffic = har.examine(raw, context=self._context(config), api=self.api)
        results = [
            self._selected_result(
                name, raw, _Examined(c.report, c.targets, c.locate), config, relative, c.entry.index
            )
            for c in traffic.checked
        ]
        return results, traffic.skipped

    @staticmethod
    def _suppress(suppression: Suppression, report: Report, examined: _Examined, n: int) -> bool:
        """Whether ``suppression`` takes out finding ``n``; records the selectors used."""
        if examined.targets[n] != suppression.pointer:
            return False
        rule = report.findings[n].rule
        hits = [s for s in suppression.selectors if rule_selected(rule, frozenset((s,)))]
        suppression.used.update(hits)
        return bool(hits)

    def unused_suppressions(self) -> list[FileResult]:
        """Findings for suppressions that matched nothing, per configuration file.

        A suppression counts once a file it names was checked in this run; one that
        names a single file that does not exist counts whenever its configuration is used.
        """
        results = []
        for config in self.resolver.seen.values():
            if UNUSED_SUPPRESSION in self.ignore | config.ignore or config.path is None:
                continue
            shown = _display_path(config.path)
            items: list[Diagnostic] = []
            for suppression in config.suppress:
                missing = (
                    suppression.glob.literal
                    and not (config.root / suppression.glob.pattern.strip("/")).exists()
                )
                if missing:
                    unused = [f"names {suppression.glob.pattern!r}, which does not exist"]
                elif suppression.checked:
                    unused = [
                        f"{selector!r} matches no finding there"
                        for selector in suppression.selectors
                        if selector not in suppression.used
                    ]
                else:
                    continue
                line, column = config.locate_key(suppression.key)
                items.extend(
                    Diagnostic(
                        shown,
                        "clearance",
                        None,
                        UNUSED_SUPPRESSION,
                        f"Unused suppression {suppression.key!r}: {reason}",
                        None,
                        None,
                        line,
                        column,
                        None,
                        "",
                    )
                    for reason in unused
                )
            if items:
                results.append(FileResult(shown, None, tuple(items)))
        return results

    def run(self, paths: Iterable[str]) -> Outcome:
        """Check every file (folders expand, see :func:`expand_paths`)."""
        outcome = Outcome()
        reported: set[str] = set()
        for name in expand_paths(paths):
            try:
                if har.is_har(name):
                    self._traffic(name, outcome)
                    continue
                result = self.check(name)
            except ConfigError as exc:
                if str(exc) not in reported:
                    reported.add(str(exc))
                    outcome.problems.append(Problem(name, str(exc)))
                continue
            except (OSError, ClearanceError) as exc:
                message = str(exc)
                if isinstance(exc, OSError):
                    message = f"{name}: {exc.strerror or exc}"
                outcome.problems.append(Problem(name, message))
                continue
            except Exception as exc:  # noqa: BLE001 - one broken module must not hide the rest
                message = f"{name}: internal error, please report it: {type(exc).__name__}: {exc}"
                outcome.problems.append(Problem(name, message))
                continue
            if result is not None:
                outcome.results.append(result)
        outcome.results.extend(self.unused_suppressions())
        return outcome

    def _traffic(self, name: str, outcome: Outcome) -> None:
        found = self.check_traffic(name)
        if found is not None:
            results, skipped = found
            outcome.traffic.add(name)
            outcome.results.extend(results)
            for reason, count in skipped.items():
                outcome.skipped[reason] = outcome.skipped.get(reason, 0) + count


def _display_path(path: Path) -> str:
    """``path`` relative to the working folder (``../pyproject.toml`` too), as users type it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def dumps(value: Any) -> str:
    """JSON for humans and machines: UTF-8, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2)
