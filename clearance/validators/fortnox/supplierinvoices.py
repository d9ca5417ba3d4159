"""Supplier invoices: ``POST /supplierinvoices`` and ``PUT /supplierinvoices/{GivenNumber}``.

Fields and enumerations from the OpenAPI description (``SupplierInvoice``) [SPEC]; written
here are the amounts it types as strings and the read-only fields. Two rules span fields:
the VAT codes of REVERSE and EUINTERNAL rows (2003115, the vendor blog's table [DOC]) and
the balance of the rows (2000755, checked only when the rows look complete [INF]).

More information:

* https://developer.fortnox.se/blog/clarification-on-using-supplier-invoices-with-vat-type-reverse-or-euinternal/
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from clearance.fields import to_decimal
from clearance.model import Violation
from clearance.report import Context
from clearance.validators.fortnox._common import NUMBER, Entity, K, entity, enum

__all__ = ["OVERLAYS", "SupplierInvoiceChecks"]

ROW_CODES = (
    "TOT", "VAT", "FRT", "AFE", "ROV", "CND", "CNC", "PRD", "PRC", "SRD", "SRC", "PRE", "GWB",
    "ACC",
)  # fmt: skip
#: The VAT row codes of the blog's table, and the pairs each VAT type and sales type take.
VAT_ROW_CODES = frozenset({"PRD", "PRC", "SRD", "SRC", "CND", "CNC"})
_PRODUCT, _SERVICE, _CONSTRUCTION = (
    frozenset({"PRD", "PRC"}),
    frozenset({"SRD", "SRC"}),
    frozenset({"CND", "CNC"}),
)
#: Header amounts the server may book on a row of its own, and the code of that row.
_HEADER_ROWS = (("VAT", "VAT"), ("Freight", "FRT"), ("AdministrationFee", "AFE"),
                ("RoundOffValue", "ROV"))  # fmt: skip
_HALF_CENT = Decimal("0.005")
#: The VAT types whose rows 2003115 judges.
_SELF_ASSESSED = frozenset({"REVERSE", "EUINTERNAL"})


def _word(value: Any) -> str | None:
    return value.strip().upper() if isinstance(value, str) else None


_ZERO = Decimal(0)


def _amount(value: Any) -> Decimal | None:
    """A set amount; ``0`` for not set; ``None`` when it is not a number."""
    if type(value) is int:  # as ``to_decimal`` reads it, without its type tests
        return Decimal(value)
    if not _set(value):
        return _ZERO
    return to_decimal(value, comma=True)


def _set(value: Any) -> bool:
    return value is not None and value != ""  # the empty string is "not set"


def _rows(data: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    rows = data.get("SupplierInvoiceRows")
    if not isinstance(rows, list) or not rows:
        return None
    for row in rows:
        if type(row) is not dict and not isinstance(row, Mapping):
            return None
    return rows


def _balance(rows: list[Mapping[str, Any]]) -> Decimal | None:
    """Debit minus credit over ``rows``; ``None`` when a row's amount cannot be told."""
    total = _ZERO
    for row in rows:
        debit, credit, amount = row.get("Debit"), row.get("Credit"), row.get("Total")
        if _set(debit) or _set(credit):
            debit_value, credit_value = _amount(debit), _amount(credit)
            if debit_value is None or credit_value is None:
                return None
            total += debit_value - credit_value
        elif _set(amount):
            value = _amount(amount)
            if value is None:
                return None
            total += value
        else:
            return None
    return total


class SupplierInvoiceChecks(Entity):
    """The rules over a supplier invoice's rows (the model's base)."""

    @K.cross_check("2003115")
    def _vat_row_codes(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        """REVERSE and EUINTERNAL rows that carry VAT codes carry exactly the matching pair."""
        del context
        vat_type = _word(data.get("VATType"))
        if vat_type not in _SELF_ASSESSED:
            return ()
        rows = _rows(data)
        if rows is None:
            return ()
        coded = [
            (n, code)
            for n, row in enumerate(rows)
            if (code := _word(row.get("Code"))) in VAT_ROW_CODES
        ]
        if not coded:
            return ()  # the server creates the two VAT rows itself
        if vat_type == "REVERSE":
            pairs = [_CONSTRUCTION]
        else:
            sales_type = _word(data.get("SalesType"))
            pairs = {"STOCK": [_PRODUCT], "SERVICE": [_SERVICE]}.get(
                sales_type or "", [_PRODUCT, _SERVICE]
            )
        used = {code for _, code in coded}
        if used in pairs:
            return ()
        allowed = frozenset().union(*pairs)
        stray = [n for n, code in coded if code not in allowed]
        loc: tuple[str | int, ...] = (
            ("SupplierInvoiceRows", stray[0], "Code") if stray else ("SupplierInvoiceRows",)
        )
        return [Violation(K["2003115"], loc)]

    @K.cross_check("2000755")
    def _balanced(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        """Debit equals credit over complete rows [INF: see the catalog for "complete"]."""
        del context
        rows = _rows(data)
        if rows is None:
            return ()
        codes = {_word(row.get("Code")) for row in rows}
        if "TOT" not in codes:
            return ()  # the server may book the supplier debt itself
        try:
            for field, row_code in _HEADER_ROWS:
                amount = _amount(data.get(field))
                if amount is None or (amount != 0 and row_code not in codes):
                    return ()  # the server may add that row itself
            balance = _balance(rows)
            if balance is None or abs(balance) < _HALF_CENT:
                return ()
        except ArithmeticError:  # amounts beyond Decimal's range: no verdict
            return ()
        return [Violation(K["2000755"], ("SupplierInvoiceRows",))]


OVERLAYS = {
    "SupplierInvoice": entity(
        {
            "AccountingMethod": enum("ACCRUAL", "CASH"),
            # Amounts the description types as strings [SPEC]:
            **dict.fromkeys(
                ("AdministrationFee", "CurrencyRate", "Freight", "RoundOffValue", "Total", "VAT"),
                NUMBER,
            ),
        },
        read_only=(
            "@url",
            "AuthorizerName",
            "Balance",
            "Booked",
            "Cancelled",
            "CreditReference",
            "GivenNumber",
            "SupplierName",
            "VoucherNumber",
            "VoucherSeries",
            "VoucherYear",
            "Vouchers",
        ),
        base=SupplierInvoiceChecks,
        source="OpenAPI SupplierInvoice [SPEC]",
    ),
    "SupplierInvoiceSupplierInvoiceRow": entity(
        {"Code": enum(*ROW_CODES)},
        read_only=("AccountDescription",),
        source="OpenAPI SupplierInvoiceSupplierInvoiceRow [SPEC]",
    ),
}
