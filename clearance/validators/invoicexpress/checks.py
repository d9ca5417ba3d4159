"""The vocabulary of InvoiceXpress's checks: numbers, units, states, countries, dates, codes.

Each is a neutral check (:mod:`clearance.fields`) shaped as the server reads the value;
the models (:mod:`.documents`, :mod:`.resources`) bind them to the catalog's rules.
"""

import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any

from clearance.catalog import load_catalog
from clearance.fields import (
    Check,
    Inline,
    Invalid,
    Kind,
    Traits,
    any_case,
    email,
    schema_pattern,
)
from clearance.fields.countries import country_name
from clearance.fields.email_lists import email_list
from clearance.fields.identifiers import stdnum_number
from clearance.fields.rails import numericality, unless_blank, unless_false
from clearance.model import Codes, Violation

__all__ = [
    "COUNTRY",
    "EMAIL",
    "EMAILS",
    "EMAIL_COPIES",
    "IX",
    "LIBRARY_COUNTRIES",
    "MOVEMENT_TYPE",
    "MOVEMENT_TYPES",
    "NIF",
    "NONE",
    "NUMBER",
    "PAYMENT_MECHANISM",
    "PAYMENT_MECHANISMS",
    "POSTAL_CODE",
    "STATE",
    "STATES",
    "TAX_REGION",
    "TERMS",
    "UNIT",
    "UNITS",
    "is_portugal",
    "read_date",
    "tax_regions",
]

IX = Codes(load_catalog("invoicexpress"))

# -- shared vocabulary ----------------------------------------------------------------

#: Numbers: JSON numbers and numeric strings (every vendor example sends strings). A
#: decimal comma is taken as well: whether the server reads one is not documented.
NUMBER = numericality(comma=True)

#: Units two third-party clients agree on [LIB]; see the catalog's note.
UNITS = frozenset({"service", "unit", "hour", "day", "month", "other"})

#: Every state a document type documents for change-state (invoices, estimates, guides,
#: the Redocly enum and API v1). Which transition is allowed is the server's business.
STATES = frozenset(
    {"finalized", "deleted", "canceled", "settled", "unsettled", "second_copy",
     "accept", "refuse", "accepted", "refused"}
)  # fmt: skip


def _unit(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().casefold() not in UNITS:
        raise Invalid("not an accepted unit")
    return value


#: Shortcut: a unit written exactly as listed (its stripped, folded form is itself).
def _spellings(words: frozenset[str]) -> frozenset[str]:
    """The words as listed, in capitals and capitalised: the fast path's shortcut takes them."""
    variants = (spelling for w in words for spelling in (w, w.upper(), w.capitalize(), w.title()))
    return frozenset(s for s in variants if s.strip().casefold() in words)


UNIT = unless_blank(
    Check(
        "unit",
        _unit,
        any_case(sorted(UNITS), padded=True),
        Traits(Kind.CHOICE, values=tuple(sorted(UNITS))),
        inline=Inline(
            "type({v}) is str and {v} in {units}", {"units": _spellings(UNITS)}, same=True
        ),
    )
)


def _state(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().casefold() not in STATES:
        raise Invalid("not a documented state")
    return value


STATE = Check(
    "state",
    _state,
    any_case(sorted(STATES), padded=True),
    Traits(Kind.CHOICE, values=tuple(sorted(STATES))),
    inline=Inline(
        "type({v}) is str and {v} in {states}", {"states": _spellings(STATES)}, same=True
    ),
)


@cache
def tax_regions() -> frozenset[str]:
    """PT, PT-AC, PT-MA and country codes (CLDR's two-letter territories and AN), upper case."""
    from babel import Locale  # noqa: PLC0415 - lazy: babel's data loads on first use

    territories = {
        code
        for code in Locale("en").territories
        if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)
    }
    return frozenset({"PT", "PT-AC", "PT-MA", "AN", *territories})


def _tax_region(value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else ""
    if text.upper() not in tax_regions() and text.casefold() != "desconhecido":
        raise Invalid("not a tax region")
    return value


#: Shortcut: a code as listed (upper case, no spaces); the regions load on first use.
TAX_REGION = Check(
    "tax_region",
    _tax_region,
    {"type": "string"},
    examples=("PT", "PT-AC", "PT-MA", "ES", "pt", "Desconhecido"),
    inline=Inline("type({v}) is str and {v} in {regions}()", {"regions": tax_regions}, same=True),
)

#: The country names the public InvoiceXpress clients send (square-bit/invoicexpress_for_laravel
#: src/Enums/CountryEnum.php; filipetoscano/invoice-express src/InvoiceXpress/Map/
#: IXCountry-Data.cs, a subset) [LIB]: some are no CLDR name ("Korea, South", "Zaïre").
LIBRARY_COUNTRIES = (
    "Portugal", "United States", "UK", "Ireland", "Canada", "Australia", "New Zealand",
    "South Africa", "Spain", "Afghanistan", "Albania", "Algeria", "American Samoa", "Andorra",
    "Angola", "Anguilla", "Antigua and Barbuda", "Argentina", "Armenia", "Aruba", "Austria",
    "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize",
    "Benin", "Bermuda", "Bhutan", "Bolivia", "Bosnia-Herzegovina", "Botswana", "Brazil",
    "British Indian Ocean Territory", "Brunei", "Bulgaria", "Burkina Faso", "Burma", "Burundi",
    "Cambodia", "Cameroon", "Canton and Enderbury Islands", "Cape Verde", "Cayman Islands",
    "Central African Republic", "Chad", "Chile", "China", "Christmas Island",
    "Cocos (Keeling) Islands", "Colombia", "Comoros", "Congo", "Congo, Democratic Republic",
    "Cook Islands", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Curaçao", "Cyprus",
    "Czech Republic", "Denmark", "Djibouti", "Dominica", "Dominican Republic",
    "Dronning Maud Land", "East Timor", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea",
    "Eritrea", "Estonia", "Ethiopia", "Faeroe Islands (Føroyar)", "Falkland Islands", "Fiji",
    "Finland", "France", "French Guiana", "French Polynesia", "Gabon", "Gambia", "Georgia",
    "Germany", "Ghana", "Gibraltar", "Great Britain", "Greece", "Greenland", "Grenada",
    "Guadeloupe", "Guam", "Guatemala", "Guernsey", "Guinea", "Guinea-Bissau", "Guyana", "Haiti",
    "Heard and McDonald Islands", "Honduras", "Hong Kong", "Hungary", "Iceland", "India",
    "Indonesia", "International Monetary Fund", "Iran", "Iraq", "Isle of Man", "Israel", "Italy",
    "Ivory Coast", "Jamaica", "Japan", "Jersey", "Johnston Island", "Jordan", "Kampuchea",
    "Kazakhstan", "Kenya", "Kiribati", "Korea, North", "Korea, South", "Kosovo", "Kuwait",
    "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein",
    "Lithuania", "Luxembourg", "Macau", "Macedonia (Former Yug. Rep.)", "Madagascar", "Malawi",
    "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Martinique", "Mauritania",
    "Mauritius", "Mayotte", "Mexico", "Micronesia", "Midway Islands", "Moldova", "Monaco",
    "Mongolia", "Montenegro", "Montserrat", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru",
    "Nepal", "Netherlands", "Netherlands Antilles", "New Caledonia", "Nicaragua", "Niger",
    "Nigeria", "Niue", "Norfolk Island", "Northern Mariana Islands", "Norway", "Oman", "Pakistan",
    "Palau", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Pitcairn Island", "Poland", "Puerto Rico", "Qatar", "Reunion", "Romania", "Russia", "Rwanda",
    "Saint Barthelemy", "Samoa (America)", "Samoa (Western)", "San Marino",
    "São Tomé and Príncipe", "Saudi Arabia", "Sénégal", "Serbia", "Seychelles", "Sierra Leone",
    "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "Sri Lanka", "St. Helena",
    "St. Kitts and Nevis", "St. Lucia", "St. Vincent and the Grenadines", "Sudan", "Suriname",
    "Svalbard and Jan Mayen Islands", "Swaziland", "Sweden", "Switzerland", "Syria", "Tahiti",
    "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Timor-Leste", "Togo", "Trinidad and Tobago",
    "Tunisia", "Turkey", "Turkmenistan", "Turks and Caicos Islands", "Tuvalu", "Uganda", "Ukraine",
    "United Arab Emirates", "Upper Volta", "Uruguay", "Uzbekistan", "Vanuatu", "Vatican",
    "Venezuela", "Vietnam", "Virgin Islands", "Wake Island", "Wallis and Futuna Islands",
    "Western Sahara", "Western Samoa", "Yemen", "Zaïre", "Zambia", "Zimbabwe",
)  # fmt: skip

#: A client's country: a name or code in any CLDR locale, or as the clients above send it.
COUNTRY = unless_blank(country_name(LIBRARY_COUNTRIES))

_DDDD_DDD = re.compile(r"\d{4}-\d{3}")


def _postal_code(value: Any) -> Any:
    if not isinstance(value, str) or not _DDDD_DDD.fullmatch(value.strip()):
        raise Invalid("not DDDD-DDD")
    return value


#: Shortcut: a code with no white space around it (stripping it changes nothing).
POSTAL_CODE = unless_blank(
    Check(
        "postal_code",
        _postal_code,
        {"type": "string", "pattern": schema_pattern(r"^\s*\d{4}-\d{3}\s*$")},
        Traits(Kind.TEXT, pattern=r"\d{4}-\d{3}"),
        inline=Inline(
            "type({v}) is str and {code}.fullmatch({v}) is not None",
            {"code": _DDDD_DDD},
            same=True,
        ),
    )
)

_DECLINED = frozenset({"0", "false"})


def _terms(value: Any) -> Any:
    if value in (0, False) or (isinstance(value, str) and value.strip().lower() in _DECLINED):
        raise Invalid("declined")
    return value


#: Shortcut: ``true``, a JSON integer other than 0, or a string that is not "0" or "false".
TERMS = Check(
    "terms",
    _terms,
    {},
    examples=(True, 1, "1", "true"),
    inline=Inline(
        "{v} is True or (type({v}) is int and {v} != 0)"
        " or (type({v}) is str and {v}.strip().lower() not in {declined})",
        {"declined": _DECLINED},
        same=True,
    ),
)
EMAIL = unless_blank(email())
EMAILS = email_list()
#: A message's copies (``cc``, ``bcc``): addresses, or ``false`` for none, which Rails
#: reads as blank (the OCA Odoo module's idiom) [INF].
EMAIL_COPIES = unless_false(EMAILS)
NIF = stdnum_number("pt.nif", "nif")

# ``datetime.strptime``'s own patterns for ``%d/%m/%Y`` and ``%Y-%m-%d`` (``\d``: any
# Unicode digit, as there; one leading space allowed in ``%d``); a match is then a date
# exactly when ``date()`` takes its numbers, as in strptime. A few times faster than it.
_DAY = r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
_MONTH = r"(1[0-2]|0[1-9]|[1-9])"
_YEAR = r"(\d\d\d\d)"
_DMY = re.compile(f"{_DAY}/{_MONTH}/{_YEAR}", re.IGNORECASE)
_YMD = re.compile(f"{_YEAR}-{_MONTH}-{_DAY}", re.IGNORECASE)


def _read_date(value: str) -> date | None:
    """``read_date`` of a string of at most 64 characters."""
    text = value.strip()
    found = _DMY.fullmatch(text)
    if found is not None:
        day, month, year = found.groups()
    else:
        found = _YMD.fullmatch(text)
        if found is None:
            return None
        year, month, day = found.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # a day the month does not have, or year 0
        return None


#: Recent verdicts: the same few dates recur from one document to the next.
_read_date_cached = lru_cache(maxsize=1024)(_read_date)


def read_date(value: Any) -> date | None:
    """A documented date (``dd/mm/yyyy``; ISO read too), or ``None``: the format is not judged.

    The same answer as ``strptime(value.strip(), fmt)`` for each format in turn.
    """
    if type(value) is str:
        return _read_date_cached(value) if len(value) <= 64 else None  # noqa: PLR2004
    if isinstance(value, str) and len(value) <= 64:  # noqa: PLR2004
        return _read_date(value)  # a subclass of str: not kept
    return None


def is_portugal(country: Any) -> bool:
    """Whether a client's country is Portugal (by name, as the clients send it)."""
    return isinstance(country, str) and country.strip().casefold() == "portugal"


# Cross checks return a tuple of violations (usually the empty one) rather than yielding
# them: on the fast path, where they run for every valid payload, that spares a generator.
NONE: tuple[Violation, ...] = ()

# -- codes listed without a message for another one: their checks only warn -----------

#: The payment mechanisms the vendor documents (docs.invoicexpress.com, "Payment
#: mechanisms") [DOC], and three that public clients send besides (CI in
#: square-bit/invoicexpress_for_laravel, DIN and MW in voluzi/go-invoicexpress) [3P].
PAYMENT_MECHANISMS = ("CC", "CD", "CH", "CO", "CS", "DE", "LC", "MB", "NU", "OU", "PR", "TB", "TR")
_PAYMENT_MECHANISMS_SENT = ("CI", "DIN", "MW")

#: A treasury movement's type: the live-checked specification's enumeration [3P], of which
#: the vendor's example shows Reimbursement [DOC].
MOVEMENT_TYPES = ("Payment", "Reimbursement")


def _listed(name: str, words: Iterable[str], shown: tuple[str, ...]) -> Check:
    """One of ``words`` exactly, or blank (not judged). Its schema offers ``shown``."""
    known = frozenset(words)

    def check(value: Any) -> Any:
        if isinstance(value, str) and value in known:
            return value
        raise Invalid(f"not a documented {name}", listed=", ".join(shown))

    return unless_blank(
        Check(
            name,
            check,
            {"type": "string", "enum": sorted(known)},
            Traits(Kind.CHOICE, values=tuple(sorted(known))),
            inline=Inline("type({v}) is str and {v} in {known}", {"known": known}, same=True),
        )
    )


PAYMENT_MECHANISM = _listed(
    "payment_mechanism", (*PAYMENT_MECHANISMS, *_PAYMENT_MECHANISMS_SENT), PAYMENT_MECHANISMS
)
MOVEMENT_TYPE = _listed("movement_type", MOVEMENT_TYPES, MOVEMENT_TYPES)
