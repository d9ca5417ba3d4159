"""Checking files: which endpoint a file is for, what to report, and where in the file.

A file is placed by, in this order: ``--api``/``--endpoint``; the first glob of
``[tool.clearance.files]`` that matches it; the request-file form
``{"method", "url", "headers", "body"}`` (the api is told by the URL's host, and the
URL and headers are checked too); a document that names its own endpoint (a co3 body
names its method, see :meth:`clearance.engine.Api.identify`). A file that none of these
places is a :class:`PlacementError` that says how to place it, with the endpoints its
keys and path suggest (:mod:`clearance.guess`). A request file whose URL names no
endpoint, or a host of another api than ``--api`` says, is one too, naming the file and
the closest endpoints.

Files are read as :mod:`clearance.reading` reads them: ``-`` is standard input, a file
larger than the body limit is not read at all, a FIFO is refused rather than waited on,
and a file that does not parse says where.

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
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from clearance import _json
from clearance.apis import APIS, get_api
from clearance.config import UNUSED_SUPPRESSION, Config, ConfigError, Resolver, Suppression
from clearance.engine import check, check_request
from clearance.errors import ClearanceError, UnknownEndpointError, closest
from clearance.reading import STDIN, InputError, Source, decode, notation, read, syntax
from clearance.report import Account, Context, Report, rule_selected

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import date

    from clearance.catalog import Rule
    from clearance.report import Finding

__all__ = [
    "Diagnostic",
    "FileResult",
    "InputError",
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
#: The suffix of HAR files (``clearance.har.SUFFIX``; that module loads for the first one).
_HAR = ".har"
SUFFIXES = (".json", ".xml", _HAR)
#: Folders a directory walk never enters (besides hidden ones).
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv"})


class PlacementError(ClearanceError):
    """A file whose API and endpoint cannot be told."""


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported finding with its place in the file.

    ``finding`` is the check's own :class:`~clearance.Finding`; the linter's own findings
    (an unused suppression) have none, and give their code and message as ``own``.
    ``target`` is the pointer into the file itself (``/body/...`` in a request file,
    ``/url``, ``/headers/<Name>``), which is what suppressions name. ``note`` is what the
    linter adds to the server's message, such as where a file fails to parse.
    """

    path: str
    api: str
    endpoint: str | None
    finding: Finding | None
    line: int
    column: int
    target: str = ""
    note: str | None = None
    own: tuple[str, str] = ("", "")

    @property
    def code(self) -> str:
        """The server's code (or the linter's own)."""
        return self.finding.code if self.finding is not None else self.own[0]

    @property
    def message(self) -> str:
        """The server's message (or the linter's own)."""
        return self.finding.message if self.finding is not None else self.own[1]

    @property
    def status(self) -> int | None:
        """The HTTP status the server answers with (``None`` for the linter's own)."""
        return self.finding.status if self.finding is not None else None

    @property
    def pointer(self) -> str | None:
        """The JSON pointer into the payload (CONTRACT section 4)."""
        return self.finding.pointer if self.finding is not None else None

    @property
    def rule(self) -> Rule | None:
        """The catalog entry (``None`` for the linter's own findings)."""
        return self.finding.rule if self.finding is not None else None

    @property
    def severity(self) -> str:
        """``"error"`` (the server would refuse) or ``"warning"`` (it takes the request)."""
        return self.finding.severity if self.finding is not None else "error"

    @property
    def rule_id(self) -> str:
        """The rule's id (``kassa:1030``); the code of the linter's own findings."""
        return self.rule.id if self.rule is not None else self.code

    @property
    def label(self) -> str:
        """``api CODE``, and the rule id where the code alone does not tell the rule.

        InvoiceXpress answers carry no code: ``422`` stands for most of its rules, so its
        findings read ``invoicexpress 422 [invoicexpress:document-client-invalid]``: the
        id that ``--ignore`` and ``clearance explain`` take.
        """
        head = f"{self.api} {self.code}"
        if self.rule is not None and self.rule.key != self.rule.code:
            return f"{head} [{self.rule.id}]"
        return head

    def to_json(self) -> dict[str, Any]:
        """The ``--format json`` object: the keys CONTRACT section 4 pins, then ``rule``.

        ``rule`` is the rule's id (what ``--ignore`` and ``clearance explain`` take);
        ``note``, only where there is one, what the linter adds to the server's message.
        """
        item: dict[str, Any] = {
            "path": self.path,
            "api": self.api,
            "endpoint": self.endpoint,
            "code": self.code,
            "message": self.message,
            "status": self.status,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "rule": self.rule_id,
            "severity": self.severity,
        }
        if self.note is not None:
            item["note"] = self.note
        return item


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


def _readable_host(api: str) -> str:
    """The host an api answers on, as people write it (``kassa.at``, ``api.fortnox.se``)."""
    pattern = get_api(api).host.pattern
    optional = re.sub(r"\(\?:(?:[^()]|\([^()]*\))*\)\?", "", pattern)  # optional parts
    return optional.replace("\\", "")


def _owner(host: str) -> str | None:
    """The api that answers on ``host`` (lower case), if any."""
    for name in APIS:
        if get_api(name).host.fullmatch(host):
            return name
    return None


def _request_api(name: str, url: str, api: str | None, api_from: str) -> str:
    """The api of a request file: its URL's host, which must agree with ``api`` if given."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    owner = _owner(host) if host else None
    if api is None:
        if owner is None:
            raise PlacementError(_unknown_host(name, host))
        return owner
    if owner is not None and owner != api:
        raise PlacementError(
            f"{name}: the URL's host {host} is {owner}'s, but {api_from} says {api}"
        )
    return api


def _unknown_host(name: str, host: str) -> str:
    hosts = {api: _readable_host(api) for api in APIS}
    close = []
    for api, known in hosts.items():
        tail = ".".join(host.split(".")[-len(known.split(".")) :])
        if closest(tail, [known]):
            close.append(f"{api}, on {known}")
    if close:
        return f"{name}: no api answers on host {host!r} (did you mean {' or '.join(close)}?)"
    listing = ", ".join(f"{known} ({api})" for api, known in hosts.items())
    return f"{name}: no api answers on host {host!r}; the apis answer on {listing}"


def _unknown_request(name: str, api: str, method: str, url: str) -> str:
    """Why no endpoint of ``api`` takes ``method`` ``url``, and the closest that do."""
    spec = get_api(api)
    try:
        path = urlsplit(url).path
    except ValueError:
        path = url
    path = (path.removeprefix(spec.base_path) if spec.base_path else path) or "/"
    asked = f"{method.upper()} {path}"
    head = f"{name}: no {api} endpoint is {asked}"
    endpoints = list(spec.endpoints.values())
    other = [ep for ep in endpoints if " " in ep.id and ep.path_pattern().fullmatch(path)]
    if other:
        methods = ", ".join(dict.fromkeys(ep.method for ep in other))
        ids = ", ".join(ep.id for ep in other)
        return f"{head}: that path takes {methods} ({ids})"
    near = closest(asked, [ep.id for ep in endpoints])
    return head + (f" (did you mean {' or '.join(near)}?)" if near else "")


def unknown_endpoint(api: str, endpoint: str) -> str:
    """``no <api> endpoint is '<endpoint>'``, with the closest ids (or, failing those, all)."""
    known = list(get_api(api).endpoints)
    near = closest(endpoint, known)
    if near:
        return f"no {api} endpoint is {endpoint!r} (did you mean {' or '.join(map(repr, near))}?)"
    return f"no {api} endpoint is {endpoint!r}; {api}'s endpoints: {', '.join(known)}"


def _identify(raw: bytes, api: str | None) -> tuple[str, str] | None:
    """The (api, endpoint) a document names itself (a co3 body names its method)."""
    for name in (api,) if api else APIS:
        endpoint = get_api(name).identify(raw)
        if endpoint is not None:
            return name, endpoint
    return None


def _request_form(value: Any) -> dict[str, Any] | None:
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
        elif finding.location.kind == "header" and finding.location.name:
            wanted = finding.location.name.lower()
            headers = request.get("headers")
            names = [k for k in headers if k.lower() == wanted] if isinstance(headers, dict) else []
            targets.append(f"/headers/{_json.escape_pointer(names[0])}" if names else "/headers")
        else:
            targets.append("/url")
    return targets


_REQUEST_FILE = (
    '{{"method": "{method}", "url": "https://.../{path}", "headers": {{...}}, "body": {{...}}}}'
)


def _how_to_place(name: str, relative: str, api: str | None, value: Any) -> str:
    """The error of a file that cannot be placed: the likely endpoints, and how to say so."""
    from clearance.guess import guess  # noqa: PLC0415 - only for files that need a hint

    apis = (api,) if api else APIS
    found = guess(value, relative, apis, known=api is not None)
    which = f"which {api} endpoint" if api else "which endpoint"
    head = f"{name}: cannot tell {which} this file is for"
    if found.best is None:
        return (
            f"{head}, and nothing in it suggests an endpoint. Place it in pyproject.toml:\n"
            "    [tool.clearance.files]\n"
            f'    "{relative}" = {{ api = "API", endpoint = "METHOD /path" }}\n'
            f"  (API: {', '.join(apis)}), or pass --api and --endpoint, or write it as a "
            f"request file: {_REQUEST_FILE.format(method='POST', path='...')}"
        )
    best_api, best = found.best
    if found.sure:
        head += f"; it looks like a {best_api} {best} payload. Place it in pyproject.toml:\n"
    else:
        likely = "".join(f"    {a} {e}\n" for a, e in found.candidates)
        head += f"; likely, most likely first:\n{likely}  Place it in pyproject.toml:\n"
    if " " in best:
        method, _, template = best.partition(" ")
        other = "write it as a request file: " + _REQUEST_FILE.format(
            method=method, path=template.lstrip("/")
        )
    else:  # co3: a document names its method
        other = f'wrap it as a co3 document: {{"command": {{"{best}": {{...}}}}}}'
    return (
        f"{head}    [tool.clearance.files]\n"
        f'    "{relative}" = {{ api = "{best_api}", endpoint = "{best}" }}\n'
        f"  or pass --api and --endpoint, or {other}"
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Examined:
    report: Report
    targets: list[str]
    locate: Callable[[str, Iterable[str]], dict[str, tuple[int, int]]]
    #: The rule keys whose findings say the file does not parse (placed at the error).
    malformed: frozenset[str] = frozenset()


def _checked(api: str, report: Report, targets: list[str]) -> _Examined:
    spec = get_api(api)
    return _Examined(report, targets, spec.locate, frozenset({spec.malformed_rule}))


def _examine(
    name: str,
    source: Source,
    *,
    api: str | None,
    endpoint: str | None,
    context: Context,
    relative: str,
    api_from: str = "--api",
) -> _Examined:
    """Place and check one file's contents (no selection yet)."""
    raw = source.raw
    if raw is None:
        if api is None or endpoint is None:
            limit = context.max_body_bytes
            size = f"{source.size:,} bytes" if source.size is not None else "more"
            raise InputError(
                f"{name}: too large to check ({size}; clearance reads bodies of up to "
                f"{limit:,} bytes)"
            )
        # The size is the first thing a check looks at: a one-byte body over a zero
        # limit gets exactly the report of the real body, which need not be read.
        report = check(api, endpoint, b" ", context=dataclasses.replace(context, max_body_bytes=0))
        return _checked(api, report, _targets(report.reported, None))
    if api is not None and endpoint is not None:
        report = check(api, endpoint, raw, context=context)
        return _checked(api, report, _targets(report.reported, None))
    kind = notation(raw)
    if kind == "other":
        start = decode(raw[:400]).strip().partition("\n")[0][:40]
        raise InputError(
            f"{name}: neither JSON nor XML (it starts {start!r}); clearance checks JSON "
            "payloads, request files and co3 XML documents"
        )
    if kind == "empty":
        raise InputError(f"{name}: empty; nothing tells which endpoint it is for")
    value = None
    if kind == "json":
        try:
            value = _json.loads(raw)
        except _json.MalformedJsonError as exc:
            problem = syntax(raw)
            where = f"{name}:{problem.line}:{problem.column}" if problem else name
            raise InputError(f"{where}: {problem.message if problem else exc}") from None
        request = _request_form(value)
        if request is not None:
            return _request(name, request, api, context, api_from)
    named = _identify(raw, api)
    if named is None:
        raise PlacementError(_how_to_place(name, relative, api, value))
    report = check(named[0], named[1], raw, context=context)
    return _checked(named[0], report, _targets(report.reported, None))


def _request(
    name: str, request: dict[str, Any], api: str | None, context: Context, api_from: str
) -> _Examined:
    """Check a request file: its URL names the api (and the endpoint)."""
    method, url = request["method"], request["url"]
    owner = _request_api(name, url, api, api_from)
    headers = request.get("headers")
    try:
        report = check_request(
            owner,
            method,
            url,
            headers=headers if isinstance(headers, dict) else None,
            body=request.get("body"),
            context=context,
        )
    except UnknownEndpointError:
        raise PlacementError(_unknown_request(name, owner, method, url)) from None
    return _Examined(report, _targets(report.reported, request), _json.locate)


def _diagnostics(
    name: str,
    raw: bytes,
    examined: _Examined,
    keep: list[int],
) -> tuple[Diagnostic, ...]:
    if not keep:
        return ()
    report, targets = examined.report, examined.targets
    reported = report.reported
    broken = {n for n in keep if reported[n].rule.key in examined.malformed}
    problem = syntax(raw) if broken and raw else None
    if problem is None:  # nothing to place there: the API's own locator answers
        broken = set()
    # Positions only where a finding needs one (a file too large to read is not read:
    # its finding is at 1:1).
    wanted = [targets[n] for n in keep if n not in broken]
    where = examined.locate(decode(raw), wanted) if wanted else {}
    items = []
    for n in keep:
        finding = reported[n]
        line, column = where.get(targets[n], (1, 1))
        note = None
        if n in broken and problem is not None:
            line, column, note = problem
        items.append(
            Diagnostic(name, report.api, report.endpoint, finding, line, column, targets[n], note)
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
        InputError: the file cannot be read, or does not parse where that must tell
            its endpoint.
        PlacementError: the file's endpoint cannot be told.
        UnknownApiError, UnknownEndpointError: ``api`` or ``endpoint`` are not known.
    """
    name = os.fspath(path)
    context = context or Context()
    source = read(name, context.max_body_bytes)
    examined = _examine(name, source, api=api, endpoint=endpoint, context=context, relative=name)
    keep = list(range(len(examined.report.reported)))
    raw = source.raw or b""
    return FileResult(name, examined.report, _diagnostics(name, raw, examined, keep))


# -- a run ------------------------------------------------------------------------------


class Linter:
    """Checks many files in one process: configuration read once per folder, models once.

    ``select`` (when given) replaces the configuration's; ``ignore`` adds to it. The path
    ``-`` is standard input, named (and placed, as if it were that file) by
    ``stdin_filename`` when given.
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
        stdin_filename: str | None = None,
    ) -> None:
        """Prepare a run.

        Raises:
            ConfigError: ``config`` cannot be used, or ``endpoint`` is not one of ``api``.
            UnknownApiError: ``api`` is not known.
        """
        if endpoint is not None:
            if api is None:
                raise ConfigError("--api and --endpoint go together (--api alone: request files)")
            if endpoint not in get_api(api).endpoints:
                raise ConfigError(f"--endpoint: {unknown_endpoint(api, endpoint)}")
        elif api is not None:
            get_api(api)
        self.stdin_filename = stdin_filename
        self.api = api
        self.endpoint = endpoint
        self.select = select
        self.ignore = ignore
        self.today = today
        self.resolver = Resolver(config, isolated=isolated)
        self._contexts: dict[tuple[date | None, Account], Context] = {}

    def _context(self, config: Config) -> Context:
        key = (self.today or config.today, config.account)
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = Context(today=key[0], account=key[1])
        return context

    def _place(
        self, name: str, config: Config, relative: str
    ) -> tuple[str | None, str | None, str]:
        """The file's api and endpoint, and what said the api (for messages)."""
        api, endpoint = self.api, self.endpoint
        if endpoint is None:
            placement = config.placement(relative)
            if placement is not None:
                if api is not None and placement.api != api:
                    raise PlacementError(
                        f"{name}: {config.path} places this file in api {placement.api!r}, "
                        f"but --api says {api!r}"
                    )
                if placement.endpoint is not None and (
                    placement.endpoint not in get_api(placement.api).endpoints
                ):
                    shown = _display_path(config.path) if config.path else "pyproject.toml"
                    line, column = config.locate_key(placement.glob.pattern)
                    raise ConfigError(
                        f"{shown}:{line}:{column}: [tool.clearance.files] "
                        f"{placement.glob.pattern!r}: "
                        f"{unknown_endpoint(placement.api, placement.endpoint)}"
                    )
                source = _display_path(config.path) if config.path else "pyproject.toml"
                return placement.api, placement.endpoint, source
        return api, endpoint, "--api"

    def _selected(self, rule: Rule, select: frozenset[str], ignore: frozenset[str]) -> bool:
        if select and not rule_selected(rule, select):
            return False
        return not (ignore and rule_selected(rule, ignore))

    def check(self, name: str) -> FileResult | None:
        """Check one file; ``None`` when the configuration excludes it.

        Raises:
            ClearanceError: the file cannot be read or placed, or its configuration used.
        """
        shown = self.stdin_filename if name == STDIN and self.stdin_filename else name
        absolute = os.path.abspath(shown)  # noqa: PTH100 - strings: this runs per file
        config = self.resolver.for_file(absolute)
        relative = config.relative(absolute)
        if config.exclude and config.excluded(relative):
            return None
        api, endpoint, api_from = self._place(shown, config, relative)
        context = self._context(config)
        source = read(name, context.max_body_bytes)
        raw = source.raw or b""
        examined = _examine(
            shown,
            source,
            api=api,
            endpoint=endpoint,
            context=context,
            relative=relative,
            api_from=api_from,
        )
        return self._selected_result(shown, raw, examined, config, relative)

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
        reported = report.reported
        if not reported:  # most files: nothing to select, suppress or place
            for suppression in config.suppressions(relative):
                suppression.checked = True
            return FileResult(name, report, (), 0, entry)
        select = self.select or config.select
        ignore = config.ignores(relative) | self.ignore
        keep = [n for n, f in enumerate(reported) if self._selected(f.rule, select, ignore)]
        selected = len(keep)
        for suppression in config.suppressions(relative):
            suppression.checked = True
            keep = [n for n in keep if not self._suppress(suppression, report, examined, n)]
        suppressed = selected - len(keep)
        if len(keep) != len(reported):
            report = report.only(tuple(reported[n] for n in keep))
            targets = [examined.targets[n] for n in keep]
            examined = dataclasses.replace(examined, report=report, targets=targets)
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
        from clearance import har  # noqa: PLC0415 - only runs that hold a HAR file load it

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
        rule = report.reported[n].rule
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
                        None,
                        line,
                        column,
                        own=(
                            UNUSED_SUPPRESSION,
                            f"Unused suppression {suppression.key!r}: {reason}",
                        ),
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
                if name.lower().endswith(_HAR):  # har.is_har, without loading the module
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
