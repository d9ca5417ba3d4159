"""Field checks that know no API.

Each check takes a JSON value (as parsed: ``str``, ``int``, ``Decimal`` or ``float``,
``bool``, ``None``, ``list``, ``dict``) and returns it, possibly normalised, or raises
:class:`Invalid`. A check never names a server code: an API binds a check to its own
code with :meth:`clearance.model.Codes.param`.

Checks are lenient where the servers are (clearance must never be stricter than the
server): a number may arrive as a JSON number or as a numeric string, because servers
built on Rails, ASP.NET or PHP coerce query and form values the same way.

>>> number()("9.99")
Decimal('9.99')
>>> number()("9,99")
Traceback (most recent call last):
...
clearance.fields.Invalid: not a number
>>> text(max_length=3)("abcd")
Traceback (most recent call last):
...
clearance.fields.Invalid: longer than 3 characters
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping

__all__ = [
    "DIGIT",
    "SPACE",
    "Alphabet",
    "Check",
    "Inline",
    "Invalid",
    "Kind",
    "Traits",
    "any_case",
    "boolean_word",
    "date_format",
    "decimal_in",
    "digits",
    "email",
    "matches",
    "nonzero",
    "number",
    "one_of",
    "schema_pattern",
    "text",
]


class Invalid(Exception):  # noqa: N818 - a signal, not an error for users
    """A check's verdict: the value is not acceptable. ``ctx`` fills message placeholders."""

    def __init__(self, reason: str, **ctx: object) -> None:
        """Record why, and any placeholder values for the server's message."""
        super().__init__(reason)
        self.ctx = ctx


@dataclasses.dataclass(frozen=True, slots=True)
class Inline:
    """A shortcut the compiled validator (:mod:`clearance.compiler`) may write in place.

    ``test`` is a Python expression over ``{v}`` (the value) and ``{name}`` for each entry
    of ``env``. Whenever it is true, the check certainly accepts the value (it does not
    raise), and, with ``same``, it returns the value unchanged. When it is false nothing
    is known: the fast path calls the check itself. A check without one is always called.

    >>> Inline("type({v}) is str", same=True).render("value", {})
    'type(value) is str'
    """

    test: str
    env: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    same: bool = False

    def render(self, value: str, names: dict[str, Any]) -> str:
        """``test`` over the variable ``value``; ``env`` entries are added to ``names``."""
        spelled: dict[str, str] = {"v": value}
        for key, obj in self.env.items():
            name = f"_i{len(names)}_{key}"
            names[name] = obj
            spelled[key] = name
        return self.test.format_map(spelled)


class Kind(enum.Enum):
    """The family of values a check reads: what generated payloads draw for it.

    A check of a kind judges values of that family; :class:`Traits` bound them.
    """

    #: Not told by its kind: its examples, refused values or bounds say what it takes.
    ANY = "any"
    #: Text (lengths, an alphabet, a pattern); numbers are measured as printed.
    TEXT = "text"
    #: A number, as a JSON number or numeric text.
    NUMBER = "number"
    #: ``true``/``false`` (and the words where :attr:`Traits.values` lists them).
    BOOLEAN = "boolean"
    #: ``0`` or ``1``, as a number or text.
    FLAG = "flag"
    #: One of :attr:`Traits.values`.
    CHOICE = "choice"
    #: A calendar date written in one of :attr:`Traits.formats` (none: ISO 8601).
    DATE = "date"
    #: A moment, ISO 8601 (between :attr:`Traits.earliest` and ``latest``).
    DATETIME = "datetime"
    #: An e-mail address, or several (:attr:`Traits.separators`).
    EMAIL = "email"
    #: A GUID in one of .NET's forms.
    GUID = "guid"
    #: Base64 text, or an array of bytes.
    BASE64 = "base64"
    #: Exactly :attr:`Traits.count` digits, :attr:`Traits.ignore` in between.
    DIGITS = "digits"
    #: A web address.
    WEB = "web"
    #: An OData ``$filter`` expression.
    ODATA_FILTER = "odata_filter"


@dataclasses.dataclass(frozen=True, slots=True)
class Alphabet:
    """The characters a text may hold: letters, the digits 0-9, and ``others``."""

    letters: bool = False
    digits: bool = False
    others: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Traits:
    """What a check accepts, as data: its kind and its bounds.

    Nothing runs on these: the check's function decides. They describe it for those who
    make values: :mod:`clearance.testing` draws valid values from the traits of all of a
    field's checks together, and values that break one check.
    """

    kind: Kind = Kind.ANY
    #: Text: lengths (inclusive), not blank, the characters it may hold, a pattern.
    min_length: int | None = None
    max_length: int | None = None
    nonblank: bool = False
    alphabet: Alphabet | None = None
    pattern: str | None = None
    #: Numbers: bounds (``above``: exclusive), whole numbers only, not zero.
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    above: Decimal | None = None
    whole: bool = False
    nonzero: bool = False
    #: How numbers may be written: a JSON float (``floats``), as text only whole numbers
    #: (``whole_text``: ``"12"``, not ``"12.0"``), a decimal comma (``comma``).
    floats: bool = True
    whole_text: bool = False
    comma: bool = False
    #: A choice: the values (numbers compare as numbers).
    values: tuple[Any, ...] = ()
    #: Dates: ``strptime`` formats; moments: the range.
    formats: tuple[str, ...] = ()
    earliest: datetime | None = None
    latest: datetime | None = None
    #: E-mail: the separators of a list of addresses.
    separators: str = ""
    #: Digits: how many, and the characters that may stand between them.
    count: int | None = None
    ignore: str = ""
    #: Base64: the decoded size.
    min_bytes: int | None = None
    max_bytes: int | None = None
    #: Values the check is known to refuse (for tests that break it).
    refused: tuple[Any, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    """A neutral check: its function, and its description as data.

    ``name`` is a label for people (reprs, docs); nothing dispatches on it. ``schema`` is
    the JSON Schema fragment the check stands for (``clearance schema``); ``traits`` its
    kind and bounds and ``examples`` values it accepts (:mod:`clearance.testing`);
    ``inline`` the shortcut the compiled validator writes in place
    (:mod:`clearance.compiler`).
    """

    name: str
    fn: Callable[[Any], Any]
    schema: dict[str, Any] = dataclasses.field(default_factory=dict)
    traits: Traits = Traits()
    examples: tuple[Any, ...] = ()
    inline: Inline | None = dataclasses.field(default=None, compare=False)

    def __call__(self, value: Any) -> Any:
        """Run the check."""
        return self.fn(value)


#: A JSON number that :func:`to_decimal` reads as a finite ``Decimal`` (``x - x == 0``: finite).
_FINITE_NUMBER = Inline(
    "(type({v}) is int or (type({v}) is float and {v} - {v} == 0)"
    " or (type({v}) is {Decimal} and {v}.is_finite()))",
    {"Decimal": Decimal},
)

_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
_NUMBER_COMMA = re.compile(r"\s*[+-]?(\d+[.,]?\d*|[.,]\d+)([eE][+-]?\d+)?\s*")
_DIGITS = re.compile(r"[0-9]+")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def as_text(value: Any) -> str | None:
    """The text a server would see for a scalar: strings as they are, numbers printed.

    Lists, objects, booleans and null have no text form here (``None``). A non-integral
    JSON number is a float to the servers, printed the way a float prints, whether it
    arrives parsed as a ``float`` or (from raw JSON) as a ``Decimal``.

    >>> as_text(12), as_text("ab"), as_text(True), as_text(Decimal("1.1710295837548034e+16"))
    ('12', 'ab', None, '1.1710295837548034e+16')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():  # NaN, sNaN (which float() refuses), Infinity
            return str(value)
        as_float = float(value)
        return repr(as_float) if math.isfinite(as_float) else str(value)
    if _is_number(value):
        return str(value) if isinstance(value, int) else repr(value)
    return None


def to_decimal(value: Any, *, comma: bool = False) -> Decimal | None:
    """Read a JSON number or numeric string as a finite ``Decimal``; ``None`` if it is not one.

    >>> to_decimal("1e3"), to_decimal(" 2 "), to_decimal("NaN"), to_decimal(True)
    (Decimal('1E+3'), Decimal('2'), None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value)) if value == value else Decimal("NaN")  # noqa: PLR0124
    elif isinstance(value, str):
        pattern = _NUMBER_COMMA if comma else _NUMBER
        if len(value) > 400 or not pattern.fullmatch(value):  # noqa: PLR2004 - no real amount is longer
            return None
        try:
            result = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            return None
    else:
        return None
    return result if result.is_finite() else None


#: The white space ``str.strip()`` removes, as a JSON Schema pattern (``\s`` and the few
#: more characters Python counts as space).
SPACE = r"[\s\x1c-\x1f\x85]"
#: Characters a JSON Schema (ECMA-262) pattern gives a meaning to.
_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}/")
#: A digit as Python's ``\d`` reads it, in a JSON Schema pattern: ``[0-9]`` or any
#: character outside ASCII (a superset: ECMA-262's ``\d`` knows ASCII digits only).
DIGIT = r"[^\x00-\x2f\x3a-\x7f]"
#: The letters outside ASCII that fold, lower or upper to an ASCII letter: the Kelvin
#: sign to ``k``, the long s to ``s``, the dotless i to ``I``.
_FOLDED_INTO = {"i": "\u0131", "k": "\u212a", "s": "\u017f"}
#: The characters that fold (or upper) to several ASCII letters: ``"ß".casefold()`` is
#: ``"ss"``, the ligature ``"ﬁ"`` folds to ``"fi"``.
_FOLDED_FROM = {
    "ss": "\u00df\u1e9e",
    "ff": "\ufb00",
    "fi": "\ufb01",
    "fl": "\ufb02",
    "ffi": "\ufb03",
    "ffl": "\ufb04",
    "st": "\ufb05\ufb06",
}
#: Above this many places where a ligature may stand, a word's pattern would grow too
#: large: such a word is described as any text.
_MOST_FOLDS = 6


def schema_pattern(pattern: str) -> str:
    r"""A Python pattern's ``\d`` and ``\s`` (outside brackets) as a JSON Schema pattern.

    For a schema derived from a check's own regular expression, which Python runs with
    Unicode classes: the schema must not refuse what the check takes.

    >>> schema_pattern(r"\s*\d+") == f"{SPACE}*{DIGIT}+"
    True
    """
    return pattern.replace(r"\d", DIGIT).replace(r"\s", SPACE)


def _spelled(value: str) -> str | None:
    """A pattern of ``value`` in any letter case; ``None`` if it would be too large."""

    def letter(c: str) -> str:
        if c.lower() != c.upper():
            return f"[{c.lower()}{c.upper()}{_FOLDED_INTO.get(c.lower(), '')}]"
        return f"\\{c}" if c in _REGEX_SPECIAL else c

    folds = [
        (start, seq, chars)
        for start in range(len(value))
        for seq, chars in _FOLDED_FROM.items()
        if value[start : start + len(seq)].lower() == seq
    ]
    if len(folds) > _MOST_FOLDS:
        return None
    spelled: dict[int, str] = {len(value): ""}
    for start in range(len(value) - 1, -1, -1):  # each place: its letter, or a ligature
        options = [letter(value[start]) + spelled[start + 1]]
        options += [
            f"[{chars}]{spelled[start + len(seq)]}" for i, seq, chars in folds if i == start
        ]
        spelled[start] = options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
    return spelled[0]


def any_case(
    values: Iterable[str], *, padded: bool = False, separator: str | None = None
) -> dict[str, Any]:
    """JSON Schema of one of ``values`` in any letter case (``padded``: white space around).

    For a check that folds case: an ``enum`` alone would refuse ``"Klant"`` where the
    check takes ``"klant"``. The values stay listed, for editors to offer them: the result
    is always ``{"anyOf": [{"enum": values}, <any spelling>]}``. With ``separator``, a
    list of the values joined by it (white space around each, with ``padded``) is taken
    as well.

    >>> any_case(["day"])["anyOf"][1]["pattern"]
    '^(?:[dD][aA][yY])$'
    >>> any_case(["a"], separator=",")["anyOf"][1]["pattern"]
    '^(?:[aA])(?:,(?:[aA]))*$'
    """
    listed = list(values)
    spelled = []
    for value in listed:
        word = _spelled(value) if value.isascii() else None
        if word is None:  # a word outside ASCII (whose letters may fold into several)
            return {"anyOf": [{"enum": listed}, {"type": "string"}]}
        spelled.append(word)
    space = f"{SPACE}*" if padded else ""
    one = f"{space}(?:{'|'.join(spelled)}){space}"
    more = ""
    if separator is not None:
        between = "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in separator)
        more = f"(?:{between}{one})*"
    return {"anyOf": [{"enum": listed}, {"type": "string", "pattern": f"^{one}{more}$"}]}


def text(min_length: int | None = None, max_length: int | None = None) -> Check:
    """A string of ``min_length`` to ``max_length`` characters (both inclusive).

    Numbers are measured as the server prints them. Other JSON types are not judged:
    whether a server takes them is not documented, so they pass.
    """

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None:
            return value
        if max_length is not None and len(shown) > max_length:
            raise Invalid(f"longer than {max_length} characters")
        if min_length is not None and len(shown) < min_length:
            raise Invalid(f"shorter than {min_length} characters")
        return value

    # No "type": numbers pass as printed, other values unjudged. The lengths constrain
    # strings only (a number printed too long passes the schema, not the check).
    schema: dict[str, Any] = {}
    test = "type({v}) is str"
    if min_length is not None:
        schema["minLength"] = min_length
        test += f" and len({{v}}) >= {int(min_length)}"
    if max_length is not None:
        schema["maxLength"] = max_length
        test += f" and len({{v}}) <= {int(max_length)}"
    if min_length is None and max_length is None:
        test = "True"  # nothing to measure: every value passes unchanged
    return Check(
        "text",
        check,
        schema,
        Traits(Kind.TEXT, min_length=min_length, max_length=max_length),
        inline=Inline(test, same=True),
    )


def number(*, comma: bool = False) -> Check:
    """A finite number, as a JSON number or a numeric string (``comma``: ``"9,99"`` too)."""

    def check(value: Any) -> Decimal:
        result = to_decimal(value, comma=comma)
        if result is None:
            raise Invalid("not a number")
        return result

    pattern = _NUMBER_COMMA.pattern if comma else _NUMBER.pattern
    return Check(
        "number",
        check,
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^{schema_pattern(pattern)}$"},
            ]
        },
        Traits(Kind.NUMBER, comma=comma),
        inline=_FINITE_NUMBER,
    )


def digits() -> Check:
    """A non-negative whole number written with the digits 0-9 only (or a JSON integer >= 0)."""

    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and _DIGITS.fullmatch(value) and len(value) <= 400:  # noqa: PLR2004
            return int(value)
        raise Invalid("not made of the digits 0-9")

    return Check(
        "digits",
        check,
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+$"}]},
        Traits(Kind.NUMBER, minimum=Decimal(0), whole=True, floats=False, whole_text=True),
        inline=Inline("type({v}) is int and {v} >= 0", same=True),
    )


def boolean_word(*, strings: bool = True) -> Check:
    """``true`` or ``false``: a JSON boolean, or (``strings``) the words in any letter case."""

    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if strings and isinstance(value, str):
            word = value.strip().lower()
            if word in {"true", "false"}:
                return word == "true"
        raise Invalid("not true or false")

    schema: dict[str, Any] = {"type": "boolean"}
    if strings:  # the words in any letter case, white space around
        schema = {"anyOf": [schema, any_case(["true", "false"], padded=True)]}
    words = ("true", "false") if strings else ()
    return Check(
        "boolean",
        check,
        schema,
        Traits(Kind.BOOLEAN, values=words),
        inline=Inline("type({v}) is bool", same=True),
    )


def one_of(values: Iterable[str], *, case_sensitive: bool = True) -> Check:
    """One of the listed words."""
    allowed = tuple(values)
    folded = frozenset(allowed if case_sensitive else (v.casefold() for v in allowed))

    def check(value: Any) -> Any:
        if isinstance(value, str) and (value if case_sensitive else value.casefold()) in folded:
            return value
        raise Invalid("not one of the allowed values")

    test = "{v}" if case_sensitive else "{v}.casefold()"
    return Check(
        "one_of",
        check,
        {"type": "string", "enum": list(allowed)} if case_sensitive else any_case(allowed),
        Traits(Kind.CHOICE, values=allowed),
        inline=Inline(
            f"type({{v}}) is str and {test} in {{allowed}}", {"allowed": folded}, same=True
        ),
    )


def decimal_in(values: Collection[int | str]) -> Check:
    """A number equal to one of ``values`` (``20``, ``20.0`` and ``"20"`` are one value)."""
    allowed = frozenset(Decimal(str(v)) for v in values)

    def check(value: Any) -> Any:
        result = to_decimal(value)
        if result is None or result not in allowed:
            raise Invalid("not an allowed value")
        return result

    listed = sorted(allowed)
    # A whole JSON number (int, or a float below 2**53, whose repr then spells the same
    # integer) equal to an allowed whole value: ``to_decimal`` reads it as that value.
    whole = frozenset(int(v) for v in allowed if v == v.to_integral_value() and abs(v) < 2**53)
    return Check(
        "decimal_in",
        check,
        {
            "anyOf": [
                {"enum": [int(v) if v == v.to_integral() else float(v) for v in listed]},
                {"type": "string", "enum": [str(v) for v in listed]},
                # Any other spelling of the values ("20.00", " 20 ", "2e1"): any number text.
                {"type": "string", "pattern": f"^{schema_pattern(_NUMBER.pattern)}$"},
            ]
        },
        Traits(Kind.CHOICE, values=tuple(listed)),
        inline=Inline(
            "(type({v}) is int or type({v}) is float) and {v} in {whole}", {"whole": whole}
        ),
    )


def nonzero() -> Check:
    """A number other than zero (run after :func:`number`)."""

    def check(value: Any) -> Any:
        if to_decimal(value) == 0:
            raise Invalid("zero")
        return value

    return Check(
        "nonzero",
        check,
        {"not": {"const": 0}},
        Traits(nonzero=True),
        inline=Inline(
            "(type({v}) is int or type({v}) is float or type({v}) is {Decimal}) and {v} != 0",
            {"Decimal": Decimal},
            same=True,
        ),
    )


def matches(pattern: str, *, flags: int = 0) -> Check:
    """A string that matches ``pattern`` in full."""
    compiled = re.compile(pattern, flags)

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is not None and not compiled.fullmatch(shown):
            raise Invalid("does not match the required pattern")
        return value

    return Check(
        "matches",
        check,
        # Numbers are matched as printed, other types pass. Under flags (IGNORECASE, say)
        # the pattern means more than a JSON Schema pattern would: nothing is said then.
        {"pattern": f"^(?:{pattern})$"} if not flags else {},
        Traits(Kind.TEXT, pattern=pattern),
        inline=Inline(
            "type({v}) is str and {pattern}.fullmatch({v}) is not None",
            {"pattern": compiled},
            same=True,
        ),
    )


def date_format(*formats: str) -> Check:
    """A date written in one of the ``strptime`` formats; returned as a :class:`date`.

    >>> date_format("%d.%m.%Y", "%Y-%m-%d")("25.06.2024")
    datetime.date(2024, 6, 25)
    """

    def check(value: Any) -> date:
        if isinstance(value, str) and len(value) <= 64:  # noqa: PLR2004
            for fmt in formats:
                try:
                    return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
                except ValueError:
                    continue
        raise Invalid("not a date in the documented format")

    # Not "format": "date": strptime takes "2024-6-5" too, and other notations here.
    return Check("date", check, {"type": "string"}, Traits(Kind.DATE, formats=formats))


#: No address is longer (RFC 5321 allows 254 characters): longer texts are judged each
#: time, never kept in the cache, whose keys would hold them alive.
_CACHED_ADDRESS = 320
#: Not even Unicode normalization (which may join three characters into one) brings a
#: text this long down to 254 characters: it is no address, whatever it holds.
_NO_ADDRESS = 1280


#: A plain ASCII address that email-validator certainly takes (with the options of
#: :func:`_email_validator_refusal`): a dot-atom local part (RFC 5322 atext) and host-name
#: labels (letters, digits, inner hyphens, at most 63 characters). Not here, so judged by
#: email-validator: quotes, brackets, non-ASCII text, and any ``--`` after the @-sign
#: (Punycode ``xn--`` labels and the reserved ``ab--`` ones).
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?!.*--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
#: RFC 5321's limit of an address, which email-validator applies (its limit of a domain,
#: 253 characters, is then never reached here).
_ADDRESS_LENGTH = 254


def _plain_address(value: str) -> bool:
    """Whether ``value`` is a plain ASCII address that email-validator certainly takes.

    A shortcut: ``False`` says nothing, the value is then judged in full. That it never
    takes what email-validator refuses is tested against email-validator itself.

    >>> _plain_address("kassa+2026@meine-firma.co.at"), _plain_address("a@xn--bcher-kva.ch")
    (True, False)
    """
    return len(value) <= _ADDRESS_LENGTH and _PLAIN_ADDRESS.fullmatch(value) is not None


def _email_refusal(value: str) -> str | None:
    """Why ``value`` is not an e-mail address, or ``None`` (cached: the verdict is pure)."""
    if len(value) <= _CACHED_ADDRESS:
        return _email_refusal_cached(value)
    if len(value) > _NO_ADDRESS:  # email-validator would refuse it too, after a long while
        return "The email address is too long."
    return _email_refusal_of(value)


def _email_refusal_of(value: str) -> str | None:
    """:func:`_email_refusal`, uncached: a plain address at once, else email-validator's."""
    return None if _plain_address(value) else _email_validator_refusal(value)


def _email_validator_refusal(value: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415 - lazy

    try:
        validate_email(
            value,
            check_deliverability=False,  # clearance never touches the network
            globally_deliverable=False,
            test_environment=True,
            allow_quoted_local=True,
            allow_domain_literal=True,
        )
    except EmailNotValidError as exc:
        reason = str(exc)
        # email-validator refuses special-use names (localhost, .local) even offline;
        # a server's syntax check has no such list, so they pass here.
        if "special-use or reserved" not in reason:
            return reason
    return None


_email_refusal_cached = functools.lru_cache(maxsize=4096)(_email_refusal_of)


def email(*, max_length: int | None = None) -> Check:
    """An e-mail address by the syntax rules of RFC 5322 / 6531, never looked up in DNS.

    Lenient where servers usually are: a domain without a dot (``admin@localhost``),
    special-use domains and internationalised addresses pass.

    >>> email()("admin@meinefirma.at")
    'admin@meinefirma.at'
    >>> email()("admin@@meinefirma.at")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: The part after the @-sign contains invalid characters: '@'.
    """

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("not a string")
        if max_length is not None and len(value) > max_length:
            raise Invalid(f"longer than {max_length} characters")
        reason = _email_refusal(value)
        if reason is not None:
            raise Invalid(reason)
        return value

    # Internationalised addresses pass: RFC 6531's "idn-email", not "email".
    schema: dict[str, Any] = {"type": "string", "format": "idn-email"}
    test = "{refusal}({v}) is None"
    if max_length is not None:
        schema["maxLength"] = max_length
        test = f"len({{v}}) <= {int(max_length)} and {test}"
    test = f"type({{v}}) is str and {test}"
    return Check(
        "email",
        check,
        schema,
        Traits(Kind.EMAIL, max_length=max_length),
        inline=Inline(test, {"refusal": _email_refusal}, same=True),
    )
