"""OData v3 system query options (``$filter``, ``$top``, ``$skip``), judged by their syntax.

The ``$filter`` check knows the grammar's structure, not the entity's properties: it
refuses an expression only when no OData parser could read it (an unclosed string or
parenthesis, an operand where an operator belongs, an operator without operands, a
keyword written in the wrong case). Property names, function names and literal forms
are not judged, so a filter the server reads never fails here.

More information:

* https://www.odata.org/documentation/odata-version-3-0/url-conventions/

>>> filter_syntax()("Relatiesoort/any(r:r eq 'Eigen') and substringof('Test', Naam) eq true")
"Relatiesoort/any(r:r eq 'Eigen') and substringof('Test', Naam) eq true"
>>> filter_syntax()("Email Eq 'bart@snelstart.nl'")
Traceback (most recent call last):
...
clearance.fields.Invalid: 'Eq' at position 7: an operator was expected
>>> count()("500"), count()(" 0")
(500, 0)
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from clearance.fields import Check, Invalid, Kind, Traits, schema_pattern

__all__ = ["BINARY_OPERATORS", "count", "filter_syntax", "filter_tokens"]

#: Binary operators of the OData v3 ``$filter`` grammar (case-sensitive, lower case).
BINARY_OPERATORS = frozenset(
    {"and", "or", "eq", "ne", "gt", "ge", "lt", "le", "has", "add", "sub", "mul", "div", "mod"}
)
_UNARY = frozenset({"not", "-"})
_PUNCTUATION = frozenset("(),/:")
_CLOSERS = frozenset(",)")  # what ends an expression (as does the end of the filter)
_OPERANDS = frozenset({"word", "string"})
_COUNT = re.compile(r"\s*\d{1,400}\s*")
#: A filter longer than this is not parsed (none the server takes is anywhere near).
MAX_FILTER = 20_000
#: Filters nested deeper than this are not judged.
MAX_DEPTH = 64


class _Token:
    __slots__ = ("kind", "position", "text")

    def __init__(self, kind: str, text: str, position: int) -> None:
        self.kind = kind  # "word", "string", or the punctuation character itself
        self.text = text
        self.position = position


#: The tokens, left to right: punctuation, a word, a string literal (possibly typed:
#: ``datetime'...'``; ``''`` inside is a quote), or a quote no later quote closes. Only
#: white space, and the word part of such an unclosed literal, match nothing.
_TOKEN = re.compile(
    # A word or typed literal starts only where no word character precedes it: without
    # the look-behind, a long word before an unclosed quote is tried again from each of
    # its characters, and each try scans to the end (quadratic, seconds on hostile input).
    r"[(),/:]|(?<![^\s'(),/:])(?:[^\s'(),/:]++(?!')|[^\s'(),/:]*+'[^']*+(?:''[^']*+)*+')|'",
)


def filter_tokens(text: str) -> list[_Token]:
    """Split a filter into words, string literals (``'O''Brien'``, ``guid'...'``), punctuation."""
    tokens: list[_Token] = []
    for found in _TOKEN.finditer(text):
        lexeme, start = found.group(), found.start()
        if lexeme == "'":  # unterminated: the literal starts with the word before the quote
            begin = start
            while begin and text[begin - 1] not in _PUNCTUATION and text[begin - 1] != "'":
                if text[begin - 1].isspace():
                    break
                begin -= 1
            raise Invalid(f"unterminated string literal at position {begin + 1}")
        tokens.append(_Token(_kind(lexeme), lexeme, start))
    return tokens


def _kind(lexeme: str) -> str:
    """A token's kind, from its text alone (see :data:`_TOKEN`)."""
    if lexeme in _PUNCTUATION:
        return lexeme
    return "string" if lexeme[-1] == "'" else "word"


class _Parser:
    """Recursive descent over the tokens; depth is bounded by the parenthesis count.

    The tokens are read as two plain lists (kinds, texts) with one ``None`` kind past the
    end, so that looking ahead needs no bounds check; positions are only looked up for a
    message.
    """

    def __init__(self, text: str, lexemes: list[str]) -> None:
        self.text = text
        self.kinds: list[str | None] = [  # _kind(lexeme), written out
            lexeme if lexeme in _PUNCTUATION else "string" if lexeme[-1] == "'" else "word"
            for lexeme in lexemes
        ]
        self.kinds.append(None)
        self.texts = [*lexemes, ""]
        self.i = 0

    def fail(self, expected: str) -> Invalid:
        if self.kinds[self.i] is None:
            return Invalid(f"the filter ends where {expected} was expected")
        token = filter_tokens(self.text)[self.i]
        return Invalid(f"{token.text!r} at position {token.position + 1}: {expected} was expected")

    def expect(self, kind: str) -> None:
        if self.kinds[self.i] != kind:
            raise self.fail(f"'{kind}'")
        self.i += 1

    def expression(self) -> None:
        kinds, texts = self.kinds, self.texts
        self.unary()
        while True:
            kind = kinds[self.i]
            if kind is None or kind in _CLOSERS:
                return
            if kind != "word" or texts[self.i] not in BINARY_OPERATORS:
                raise self.fail("an operator")
            self.i += 1
            self.unary()

    def unary(self) -> None:
        kinds, texts = self.kinds, self.texts
        while kinds[self.i] == "word" and texts[self.i] in _UNARY:
            self.i += 1
        self.primary()

    def primary(self) -> None:
        if self.kinds[self.i] == "(":
            self.i += 1
            self.expression()
            self.expect(")")
            return
        self.atom()
        while self.kinds[self.i] == "/":
            self.i += 1
            self.atom()

    def atom(self) -> None:
        i = self.i
        kind = self.kinds[i]
        if kind not in _OPERANDS or self.texts[i] in BINARY_OPERATORS:
            raise self.fail("an operand")
        self.i = i + 1
        if kind == "word" and self.kinds[i + 1] == "(":
            self.i = i + 2
            self.arguments()

    def arguments(self) -> None:
        kinds = self.kinds
        if kinds[self.i] == ")":
            self.i += 1
            return
        while True:
            if kinds[self.i] == "word" and kinds[self.i + 1] == ":":
                self.i += 2  # a lambda variable: any(r: ...)
            self.expression()
            if kinds[self.i] == ",":
                self.i += 1
                continue
            self.expect(")")
            return


def _deepest(text: str, lexemes: list[str]) -> int:
    """How deep the parentheses nest; :class:`Invalid` when they do not pair up."""
    depth = deepest = 0
    for n, lexeme in enumerate(lexemes):
        if lexeme == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif lexeme == ")":
            depth -= 1
            if depth < 0:
                position = filter_tokens(text)[n].position
                raise Invalid(f"')' at position {position + 1} closes nothing")
    if depth:
        raise Invalid("a parenthesis is not closed")
    return deepest


def filter_syntax() -> Check:
    """An OData v3 ``$filter`` expression whose structure a parser can read."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("not text")
        if not value.strip() or len(value) > MAX_FILTER:
            return value
        lexemes = _TOKEN.findall(value)
        if "'" in lexemes:
            filter_tokens(value)  # raises: a literal is not closed (it says where)
        if _deepest(value, lexemes) > MAX_DEPTH:
            return value  # deeper than any real filter: not judged (and no deep recursion)
        parser = _Parser(value, lexemes)
        parser.expression()
        if parser.kinds[parser.i] is not None:
            raise parser.fail("the end of the filter")
        return value

    return Check("odata_filter", check, {"type": "string"}, Traits(Kind.ODATA_FILTER))


def count() -> Check:
    """A ``$top``/``$skip`` count: a non-negative whole number (spaces around it pass)."""

    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and _COUNT.fullmatch(value):
            return int(value)
        raise Invalid("not a non-negative whole number")

    text = {"type": "string", "pattern": schema_pattern(f"^{_COUNT.pattern}$")}
    return Check(
        "odata_count",
        check,
        {"anyOf": [{"type": "integer", "minimum": 0}, text]},
        Traits(Kind.NUMBER, minimum=Decimal(0), whole=True, floats=False, whole_text=True),
    )
