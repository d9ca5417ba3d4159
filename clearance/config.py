"""The linter's configuration: ``[tool.clearance]`` in ``pyproject.toml``.

Discovery follows ruff: each file is governed by the nearest ``pyproject.toml`` above it
that has a ``[tool.clearance]`` table (one without the table is passed over), and every
glob in it is relative to that file's folder::

    [tool.clearance]
    select = ["kassa", "fortnox"]            # default: every rule of every api
    ignore = ["inferred", "kassa:1064"]      # never reported
    exclude = ["fixtures/drafts"]            # never checked, even when named
    today = "2026-11-21"                     # the date that date rules compare with

    [tool.clearance.account.co3]             # facts of your account, per api: rules that
    currencies = ["USD", "GBP", "EUR", "HUF"]  # depend on one are lenient while it is unset

    [tool.clearance.files]                   # which endpoint a file is for: first match wins
    "fixtures/kassa/articles/*.json" = { api = "kassa", endpoint = "POST /articles" }
    "fixtures/co3/*.xml" = { api = "co3" }   # a co3 document names its own method

    [tool.clearance.per-file-ignores]
    "fixtures/legacy/**" = ["inferred"]

    [tool.clearance.suppress]                # one finding: file#/json/pointer = [codes]
    "fixtures/kassa/old.json#/body/unit" = ["1068"]

Selectors (in ``select``, ``ignore``, per-file ignores and suppressions) name a code
(``"1030"``), a rule id (``"kassa:1030"``), an api (``"kassa"``), a basis (``"DOC"``,
``"INF"``, ...), ``"inferred"`` for every rule that rests on inference, or ``"*"`` for
every rule: the forms of :mod:`clearance.selectors`, which reads them everywhere. A
selector that names nothing is a configuration error, so a typo cannot switch a check
off unseen.

Reading a configuration costs one TOML parse per ``pyproject.toml``; :class:`Resolver`
keeps the result per folder, so a run over thousands of files reads each file once.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clearance.errors import AccountError, ClearanceError
from clearance.report import Account, read_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import date

__all__ = [
    "CONFIG_FILE",
    "OWN_CODES",
    "UNUSED_SUPPRESSION",
    "Config",
    "ConfigError",
    "Glob",
    "Placement",
    "Resolver",
    "Suppression",
    "load",
    "parse_selectors",
    "validate_selectors",
]

CONFIG_FILE = "pyproject.toml"
#: The linter's own finding: a suppression that matches no finding any more.
UNUSED_SUPPRESSION = "clearance:unused-suppression"
#: Codes of the linter itself (not of any API); ``ignore`` can name them.
OWN_CODES = frozenset({UNUSED_SUPPRESSION})

_KEYS = (
    "select", "ignore", "exclude", "today", "account", "files", "per-file-ignores", "suppress",
)  # fmt: skip
_GLOB_META = re.compile(r"[*?\[]")


class ConfigError(ClearanceError):
    """A ``[tool.clearance]`` table (or a selector on the command line) that cannot be used."""


class Glob:
    """A path glob, matched against a path relative to the configuration's folder.

    ``*`` and ``?`` stay within one folder, ``**`` spans folders, ``[abc]`` is a class.
    A glob without ``/`` matches a name at any depth; a glob that matches a folder
    matches every file below it.

    >>> Glob("fixtures/**/*.json").matches("fixtures/kassa/a.json")
    True
    >>> Glob("*.xml").matches("deep/down/invoice.xml"), Glob("fixtures/legacy").matches(
    ...     "fixtures/legacy/a/b.json")
    (True, True)
    >>> Glob("fixtures/*.json").matches("fixtures/kassa/a.json")
    False
    """

    __slots__ = ("_fullmatch", "pattern")

    def __init__(self, pattern: str) -> None:
        """Compile ``pattern`` into one expression: the path, or a folder above it."""
        self.pattern = pattern
        stripped = pattern.strip("/")
        anywhere = "(?:.*/)?" if "/" not in stripped else ""
        self._fullmatch = re.compile(
            f"{anywhere}{_translate(stripped)}(?:/.*)?", re.DOTALL
        ).fullmatch

    def matches(self, relative: str) -> bool:
        """Whether the file at ``relative`` (``/``-separated) or a folder above it matches."""
        return self._fullmatch(relative) is not None

    @property
    def literal(self) -> bool:
        """Whether the glob names one path (no wildcard)."""
        return not _GLOB_META.search(self.pattern)

    def __repr__(self) -> str:
        """Show the pattern."""
        return f"Glob({self.pattern!r})"


def _translate(pattern: str) -> str:
    """A regular expression for a glob (see :class:`Glob`)."""
    out: list[str] = []
    i, end = 0, len(pattern)
    while i < end:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close]
            negate = body.startswith("!")
            body = re.escape(body[1:] if negate else body).replace("\\-", "-")
            out.append(f"[{'^' if negate else ''}{body}]")
            i = close + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


@dataclasses.dataclass(frozen=True, slots=True)
class Placement:
    """A ``[tool.clearance.files]`` entry: the files a glob matches are for this endpoint."""

    glob: Glob
    api: str
    endpoint: str | None = None


@dataclasses.dataclass(slots=True)
class Suppression:
    """A ``[tool.clearance.suppress]`` entry: findings at one pointer of one file.

    ``used`` collects the selectors that suppressed a finding in this run, ``checked``
    says whether a file the entry names was checked at all: only then can the entry be
    reported as unused.
    """

    key: str
    glob: Glob
    pointer: str
    selectors: tuple[str, ...]
    used: set[str] = dataclasses.field(default_factory=set)
    checked: bool = False


@dataclasses.dataclass(slots=True)
class Config:
    """One ``[tool.clearance]`` table, with its globs compiled.

    ``path`` is the ``pyproject.toml`` it comes from (``None``: no configuration, the
    defaults) and ``root`` the folder its globs are relative to.
    """

    root: Path
    path: Path | None = None
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    exclude: tuple[Glob, ...] = ()
    today: date | None = None
    account: Account = dataclasses.field(default_factory=Account)
    files: tuple[Placement, ...] = ()
    per_file_ignores: tuple[tuple[Glob, frozenset[str]], ...] = ()
    suppress: tuple[Suppression, ...] = ()

    def relative(self, path: str) -> str:
        """``path`` (absolute) relative to :attr:`root`, ``/``-separated.

        A file outside the root keeps its absolute path, so only name globs match it.
        Strings, not :class:`~pathlib.Path` objects: this runs once per file checked.
        """
        prefix = os.path.join(self.root, "")  # noqa: PTH118
        relative = path.removeprefix(prefix)
        return relative.replace(os.sep, "/") if os.sep != "/" else relative

    def excluded(self, relative: str) -> bool:
        """Whether ``exclude`` names the file."""
        return any(glob.matches(relative) for glob in self.exclude)

    def placement(self, relative: str) -> Placement | None:
        """The first ``files`` entry that matches the file."""
        for placement in self.files:
            if placement.glob.matches(relative):
                return placement
        return None

    def ignores(self, relative: str) -> frozenset[str]:
        """``ignore`` plus the per-file ignores of the file."""
        found = self.ignore
        for glob, selectors in self.per_file_ignores:
            if glob.matches(relative):
                found |= selectors
        return found

    def suppressions(self, relative: str) -> list[Suppression]:
        """The suppressions that name the file."""
        return [s for s in self.suppress if s.glob.matches(relative)]

    def locate_key(self, key: str) -> tuple[int, int]:
        """1-based line and column of ``key`` as written in the configuration file."""
        if self.path is None:
            return 1, 1
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return 1, 1
        for quoted in (_toml_basic(key), f"'{key}'"):
            offset = text.find(quoted)
            if offset != -1:
                line = text.count("\n", 0, offset)
                return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
        return 1, 1


def _toml_basic(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- selectors ----------------------------------------------------------------------------


def parse_selectors(values: Iterable[str]) -> frozenset[str]:
    """Selectors from command-line values: repeated options and comma-separated lists.

    >>> sorted(parse_selectors(["kassa:1030, INF", "1064"]))
    ['1064', 'INF', 'kassa:1030']
    """
    from clearance.selectors import parse  # noqa: PLC0415 - the catalogs load only when needed

    return parse(list(values))


def validate_selectors(selectors: Iterable[str], where: str) -> None:
    """Raise :class:`ConfigError` for a selector that names no rule (:mod:`clearance.selectors`).

    The linter's own codes (:data:`OWN_CODES`) are selectors here too.
    """
    from clearance.errors import UnknownSelectorError  # noqa: PLC0415
    from clearance.selectors import validate  # noqa: PLC0415

    try:
        validate(list(selectors), where=where, extra=OWN_CODES)
    except UnknownSelectorError as exc:
        raise ConfigError(str(exc)) from None


# -- reading --------------------------------------------------------------------------------


def _strings(value: object, where: str, *, empty: bool = True) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) and v for v in value)
        or not (value or empty)
    ):
        kind = "a list of strings" if empty else "a non-empty list of strings"
        raise ConfigError(f"{where}: expected {kind}, got {value!r}")
    return tuple(value)


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table, got {value!r}")
    return value


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    try:
        return read_date(value, where)
    except AccountError as exc:
        raise ConfigError(str(exc)) from None


def _placement(pattern: str, value: object, where: str) -> Placement:
    from clearance.apis import APIS  # noqa: PLC0415

    spec = _table(value, f"{where}.{pattern!r}")
    unknown = sorted(set(spec) - {"api", "endpoint"})
    api, endpoint = spec.get("api"), spec.get("endpoint")
    if unknown or not isinstance(api, str) or not isinstance(endpoint, str | None):
        raise ConfigError(
            f'{where}.{pattern!r}: expected {{ api = "kassa", endpoint = "POST /articles" }}'
            " (endpoint optional for request files and self-naming documents)"
        )
    if api not in APIS:
        raise ConfigError(f"{where}.{pattern!r}: unknown api {api!r}; known: {', '.join(APIS)}")
    return Placement(Glob(pattern), api, endpoint)


def _suppression(key: str, value: object, where: str) -> Suppression:
    file, sep, pointer = key.partition("#")
    if not sep or not file or (pointer and not pointer.startswith("/")):
        raise ConfigError(
            f'{where}: {key!r} is not "file#/json/pointer" (e.g. "fixtures/a.json#/body/unit")'
        )
    selectors = _strings(value, f"{where}.{key!r}", empty=False)
    validate_selectors(selectors, f"{where}.{key!r}")
    return Suppression(key, Glob(file), pointer, selectors)


def from_table(table: Mapping[str, Any], root: Path, path: Path | None = None) -> Config:
    """A :class:`Config` from the contents of ``[tool.clearance]``.

    Raises:
        ConfigError: a key, value or selector that cannot be used.
    """
    where = f"{path or CONFIG_FILE}: [tool.clearance]"
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(_KEYS)}")
    select = frozenset(_strings(table.get("select", []), f"{where} select"))
    ignore = frozenset(_strings(table.get("ignore", []), f"{where} ignore"))
    validate_selectors(sorted(select), f"{where} select")
    validate_selectors(sorted(ignore), f"{where} ignore")
    today = _date(table.get("today"), f"{where} today")
    try:
        account = Account.of(
            _table(table.get("account", {}), f"{where}.account"), where=f"{where}.account"
        )
    except AccountError as exc:
        raise ConfigError(str(exc)) from None
    files = tuple(
        _placement(pattern, value, f"{where}.files")
        for pattern, value in _table(table.get("files", {}), f"{where}.files").items()
    )
    per_file: list[tuple[Glob, frozenset[str]]] = []
    section = f"{where}.per-file-ignores"
    for pattern, value in _table(table.get("per-file-ignores", {}), section).items():
        selectors = _strings(value, f"{section}.{pattern!r}", empty=False)
        validate_selectors(selectors, f"{section}.{pattern!r}")
        per_file.append((Glob(pattern), frozenset(selectors)))
    suppress = tuple(
        _suppression(key, value, f"{where}.suppress")
        for key, value in _table(table.get("suppress", {}), f"{where}.suppress").items()
    )
    return Config(
        root=root,
        path=path,
        select=select,
        ignore=ignore,
        exclude=tuple(Glob(p) for p in _strings(table.get("exclude", []), f"{where} exclude")),
        today=today,
        account=account,
        files=files,
        per_file_ignores=tuple(per_file),
        suppress=suppress,
    )


def load(path: str | os.PathLike[str]) -> Config | None:
    """The ``[tool.clearance]`` table of one ``pyproject.toml``; ``None`` when it has none.

    Raises:
        ConfigError: the file cannot be read, is not valid TOML, or the table cannot be used.
    """
    path = Path(path).absolute()
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "clearance" not in tool:
        return None
    table = _table(tool["clearance"], f"{path}: [tool.clearance]")
    return from_table(table, path.parent, path)


def _config_file(config: str | os.PathLike[str]) -> Path:
    """The file ``--config`` names; a folder or a missing file is a :class:`ConfigError`."""
    path = Path(config)
    if path.is_dir():
        inside = path / CONFIG_FILE
        if inside.is_file():
            raise ConfigError(f"--config {config}: is a folder; name the file: --config {inside}")
        raise ConfigError(f"--config {config}: is a folder, and holds no {CONFIG_FILE}")
    if not path.exists():
        raise ConfigError(f"--config {config}: no such file")
    return path


class Resolver:
    """Finds the configuration of each file, reading each ``pyproject.toml`` once.

    ``config`` forces one configuration file for every path (``--config``);
    ``isolated`` uses none (``--isolated``).
    """

    def __init__(
        self, config: str | os.PathLike[str] | None = None, *, isolated: bool = False
    ) -> None:
        """Prepare; nothing is read until a file asks."""
        self._forced: Config | None = None
        self._fixed = isolated or config is not None
        if config is not None:
            forced = load(_config_file(config))
            if forced is None:
                raise ConfigError(f"{config}: has no [tool.clearance] table")
            self._forced = forced
        self._by_folder: dict[str, Config | ConfigError | None] = {}
        self._default: Config | None = None
        #: The configuration files used so far, in the order they were first used.
        self.seen: dict[Path, Config] = {}

    def for_file(self, path: str) -> Config:
        """The configuration governing the file at ``path`` (absolute)."""
        found = self._forced if self._fixed else self._discover(os.path.dirname(path))  # noqa: PTH120
        if found is None:
            if self._default is None:
                self._default = Config(root=Path.cwd())
            return self._default
        if found.path is not None:
            self.seen.setdefault(found.path, found)
        return found

    def _discover(self, folder: str) -> Config | None:
        """The configuration of ``folder``: looked up once per folder, then remembered."""
        visited: list[str] = []
        found: Config | ConfigError | None = None
        while True:
            if folder in self._by_folder:
                found = self._by_folder[folder]
                break
            visited.append(folder)
            candidate = os.path.join(folder, CONFIG_FILE)  # noqa: PTH118
            if os.path.isfile(candidate):  # noqa: PTH113
                try:
                    found = load(candidate)
                except (ConfigError, OSError) as exc:
                    found = exc if isinstance(exc, ConfigError) else ConfigError(str(exc))
                if found is not None:
                    break
            parent = os.path.dirname(folder)  # noqa: PTH120
            if parent == folder:
                break
            folder = parent
        for name in visited:
            self._by_folder[name] = found
        if isinstance(found, ConfigError):
            raise ConfigError(*found.args)
        return found
