"""Rule selectors: how a rule is named to switch it off (or, in the linter, to pick it).

This module is the one place that knows the forms. :class:`clearance.Context`
(``ignore=``), the httpx and requests integrations (``ignore=``, the ``Clearance-Ignore``
header, httpx's ``clearance`` extension), the command line (``--select``, ``--ignore``)
and ``[tool.clearance]`` all read selectors through it, so each form means the same
everywhere:

================  =============================================================
``"1030"``        a code: the rules with that code (InvoiceXpress answers carry no
                  code: ``"422"`` is the HTTP status that most of its rules share)
``"kassa:1030"``  a rule id: ``api:key``, also ``api:code``
                  (``"invoicexpress:document-client-invalid"``)
``"kassa"``       an api: all of its rules
``"DOC"``         a basis (``"INF"`` also takes the other inferred bases)
``"inferred"``    every rule that rests on inference or a third-party reading
``"*"``           every rule
================  =============================================================

A selector that names no rule is refused where it is written in code
(:class:`~clearance.errors.UnknownSelectorError`, with the closest selectors that do
name one), so that a typo cannot leave a check on, or switch one off, unseen. Where a
selector arrives with a request (the ``Clearance-Ignore`` header), the integrations warn
instead (:class:`~clearance.errors.UnknownSelectorWarning`): the request is not the
place to fail a program.

>>> sorted(parse("kassa:1030, inferred"))
['inferred', 'kassa:1030']
>>> validate({"kasa:1030"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
clearance.errors.UnknownSelectorError: unknown selector 'kasa:1030' (did you mean 'kassa:1030'?)...
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, get_args

from clearance.catalog import APIS, Basis, load_catalog
from clearance.errors import UnknownSelectorError, closest

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from clearance.catalog import Rule

__all__ = ["ALL", "INFERRED", "matches", "parse", "suggest", "unknown", "validate"]

#: The selector of every rule.
ALL = "*"
#: The selector of every rule that rests on inference or a third-party reading.
INFERRED = "inferred"
#: The basis selector that, besides its own rules, takes every inferred one.
_INF = "INF"


def parse(value: object) -> frozenset[str]:
    """Selectors from what a caller gives: a comma-separated ``str``, an iterable of them.

    ``None`` and ``True`` mean none; ``False`` means ``"*"`` (no check at all, as httpx's
    extension takes it). Nothing is validated here: see :func:`validate`.

    >>> sorted(parse(["kassa:1030, 1064", "inferred"])), parse(False), parse(None)
    (['1064', 'inferred', 'kassa:1030'], frozenset({'*'}), frozenset())

    Raises:
        TypeError: ``value`` is none of these.
    """
    if value is None or value is True:
        return frozenset()
    if value is False:
        return frozenset({ALL})
    if isinstance(value, str | bytes):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        return frozenset(part.strip() for part in text.split(",") if part.strip())
    if isinstance(value, Iterable):
        found: set[str] = set()
        for item in value:
            if not isinstance(item, str):
                raise TypeError(f"clearance: a rule selector must be a str, not {item!r}")
            found |= parse(item)
        return frozenset(found)
    raise TypeError(f"clearance: ignore takes a str, an iterable of str or False, not {value!r}")


def matches(rule: Rule, selectors: AbstractSet[str]) -> bool:
    """Whether any of ``selectors`` names ``rule``."""
    if not selectors:
        return False
    if ALL in selectors:
        return True
    if rule.inferred and (INFERRED in selectors or _INF in selectors):
        return True
    names = {rule.code, rule.key, rule.id, rule.api, rule.basis, f"{rule.api}:{rule.code}"}
    return not selectors.isdisjoint(names)


@cache
def _words() -> frozenset[str]:
    """The selectors that name no single rule: ``*``, ``inferred``, the bases and apis."""
    return frozenset({ALL, INFERRED, *get_args(Basis), *APIS})


@lru_cache(maxsize=1024)
def _known(selector: str, extra: frozenset[str]) -> bool:
    """Whether ``selector`` names at least one rule (or is one of ``extra``)."""
    if selector in _words() or selector in extra:
        return True
    api, sep, key = selector.partition(":")
    if sep and api in APIS:
        catalog = load_catalog(api)
        return key in catalog or any(rule.code == key for rule in catalog)
    return any(
        selector in catalog or any(rule.code == selector for rule in catalog)
        for catalog in map(load_catalog, APIS)
    )


@lru_cache(maxsize=1024)
def _named(selector: object) -> bool:
    return isinstance(selector, str) and _known(selector, frozenset())


def unknown(selectors: Iterable[str], extra: frozenset[str] = frozenset()) -> list[str]:
    """The selectors that name no rule, sorted (``extra``: further words the caller takes)."""
    return sorted(s for s in set(selectors) if not _known(s, extra))


def validate(
    value: object, *, where: str | None = None, extra: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The selectors in ``value`` (see :func:`parse`), each of which names a rule.

    Args:
        value: the selectors as given.
        where: where they were written (``"--ignore"``, a configuration key), for the
            message.
        extra: further words the caller takes (the linter's own codes).

    Raises:
        UnknownSelectorError: the first (in sorted order) selector that names no rule.
        TypeError: ``value`` is not a ``str`` or an iterable of ``str``.
    """
    if type(value) is frozenset and not extra and all(map(_named, value)):
        return value  # the common case, as a Context is copied request after request
    found = parse(value)
    missing = unknown(found, extra)
    if missing:
        raise UnknownSelectorError(missing[0], suggest(missing[0], extra), where)
    return found


def suggest(selector: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Up to three selectors close to ``selector`` that name a rule, closest first."""
    api, sep, _ = selector.partition(":")
    names = {*_words(), *extra}
    for name in (api,) if sep and api in APIS else APIS:
        for rule in load_catalog(name):
            names.update((rule.id, f"{rule.api}:{rule.code}", rule.code, rule.key))
    ordered = sorted(names)
    folded = [name for name in ordered if name.casefold() == selector.casefold()]
    return list(dict.fromkeys([*folded, *closest(selector, ordered)]))[:3]
