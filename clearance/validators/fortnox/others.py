"""The other ``/3`` entities: where live clients show the description wrong or short.

The OpenAPI rebuild's schemas serve every other write as they are (:mod:`._policy` reads
them). Written here is what live-tested clients, run against real accounts, show it gets
wrong [3P-live: ``softwerkab/fortnox-csharp-api-sdk`` entities and
``FortnoxSDK.Tests/ConnectorTests``, ``zenta-ab/fortnox.NET``]:

* currencies are ``Code``/``Description``/``BuyRate``/``SellRate``/``Unit``, not the
  description's ``currency``/``rate``/``unit``;
* ``POST /assets`` is wrapped in ``Asset`` with the asset's own fields (the description
  wraps an asset type); asset types carry ``Number``, ``Type`` and account ids on changes
  too;
* asset file connections and supplier-invoice URL connections are sent wrapped
  (``{"AssetFileConnection": {...}}``) as well as flat;
* a voucher's ``Year`` is never sent; an employee is created with its ``EmployeeId``
  alone (the description requires a name and an e-mail address); a supplier-invoice
  accrual without ``Times``;
* fields the description lacks: a financial year's ``AccountChartType``, a contract
  template row's ``RowId``, fields the server writes that a client may send back;
* absence and attendance cause codes are the account's own register, which Fortnox
  extends without documenting it (softwerkab issues 231 and 313): not judged; a
  supplier-invoice payment's ``Source`` is also ``file`` or ``settle``.

``EXTRA`` holds schema nodes the description lacks (or has wrong), read as its own;
``OVERLAYS`` the rest.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from clearance.model import Body, Violation
from clearance.report import Context
from clearance.specmodels import Overlay, SpecNode
from clearance.validators.fortnox._common import ANY, K, entity, enum, present

__all__ = ["EXTRA", "OVERLAYS"]

_TEXT: SpecNode = {"type": "string"}
_NUMBER: SpecNode = {"type": "number"}
_INTEGER: SpecNode = {"type": "integer"}
_DATE: SpecNode = {"type": "string", "format": "date"}

#: ``softwerkab`` ``Entities/Assets/Asset.cs`` (read-only: @url, Id, Status, StatusId,
#: Type, DepreciatedTo, ManualOb).
_ASSET: SpecNode = {
    "type": "object",
    "properties": {
        "@url": _TEXT, "Id": _INTEGER, "Description": _TEXT, "Status": _TEXT,
        "StatusId": _TEXT, "Type": _TEXT, "TypeId": _INTEGER, "CostCenter": _TEXT,
        "Project": _TEXT, "AcquisitionValue": _NUMBER, "AcquisitionDate": _DATE,
        "Number": _TEXT, "AcquisitionStart": _DATE, "DepreciationFinal": _DATE,
        "DepreciatedTo": _DATE, "DepreciationMethod": _TEXT,
        "DepreciateToResidualValue": _NUMBER, "ManualOb": _NUMBER, "Notes": _TEXT,
        "Reference": _TEXT, "InsuredNumber": _TEXT, "InsuredWith": _TEXT, "Group": _TEXT,
        "Room": _TEXT, "Placement": _TEXT, "Department": _TEXT,
    },
}  # fmt: skip
#: ``softwerkab`` ``Entities/Asset Types/AssetType.cs``: what an asset type carries.
_ASSET_TYPE_PROPERTIES: Mapping[str, SpecNode] = {
    "@url": _TEXT, "Number": _TEXT, "Id": _INTEGER, "Description": _TEXT, "Type": _TEXT,
    "InUse": {"type": "boolean"}, "AccountAssetId": _INTEGER, "AccountValueLossId": _INTEGER,
    "AccountSaleLossId": _INTEGER, "AccountSaleWinId": _INTEGER,
    "AccountRevaluationId": _INTEGER, "AccountWriteDownAckId": _INTEGER,
    "AccountWriteDownId": _INTEGER, "AccountDepreciationId": _INTEGER,
    "AccountAsset": _TEXT, "AccountValueLoss": _TEXT, "AccountSaleLoss": _TEXT,
    "AccountSaleWin": _TEXT, "AccountRevaluation": _TEXT, "AccountWriteDownAck": _TEXT,
    "AccountWriteDown": _TEXT, "AccountDepreciation": _TEXT, "Notes": _TEXT,
}  # fmt: skip


def _with(name: str, extra: Mapping[str, SpecNode]) -> SpecNode:
    """A schema of the description with more properties (read when first needed)."""
    return {"type": "object", "properties": dict(extra), "extends": name}


class _AssetOrType(Body):
    """``POST /assets``: ``{"Asset": {...}}`` [3P-live], or ``{"AssetType": {...}}`` [SPEC]."""

    @K.cross_check("2001392")
    def _wrapped(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        if present(data, "Asset") or present(data, "AssetType"):
            return ()
        return [Violation(K["2001392"], ("Asset",))]


#: Schema nodes the description lacks; ``extends`` names a schema of the description
#: whose properties come first (see :func:`resolve_extra`).
EXTRA: dict[str, SpecNode] = {
    "Asset": _ASSET,
    "AssetCreateWrap": {
        "type": "object",
        "properties": {"Asset": {"ref": "Asset"}, "AssetType": {"ref": "CreateAsset"}},
    },
    "CreateAsset": _with("CreateAsset", _ASSET_TYPE_PROPERTIES),
    "UpdateAsset": _with("UpdateAsset", _ASSET_TYPE_PROPERTIES),
    # Live clients send the connection wrapped as well as flat.
    "AssetFileConnection": _with("CreateAssetFileConnection", {"Name": _TEXT, "@url": _TEXT}),
    "CreateAssetFileConnection": _with(
        "CreateAssetFileConnection", {"AssetFileConnection": {"ref": "AssetFileConnection"}}
    ),
    "SupplierInvoiceExternalURLConnection": _with(
        "SupplierInvoiceExternalURLConnectionUpdate", {"Id": _INTEGER, "@url": _TEXT}
    ),
    "SupplierInvoiceExternalURLConnectionUpdate": _with(
        "SupplierInvoiceExternalURLConnectionUpdate",
        {"SupplierInvoiceExternalURLConnection": {"ref": "SupplierInvoiceExternalURLConnection"}},
    ),
    # ``softwerkab`` ``Entities/Financial Years/FinancialYear.cs``: the chart a year uses.
    "FinancialYear": _with("FinancialYear", {"AccountChartType": _TEXT}),
    # ``softwerkab`` ``ContractTemplateInvoiceRow.cs``: the row id every other row has.
    "ContractTemplateInvoiceRow": _with("ContractTemplateInvoiceRow", {"RowId": _INTEGER}),
    # ``softwerkab`` ``Entities/Currencies/Currency.cs``; the description's names stay known.
    "Currency": _with(
        "Currency",
        {
            "@url": _TEXT,
            "Code": _TEXT,
            "Description": _TEXT,
            "BuyRate": _NUMBER,
            "SellRate": _NUMBER,
            "Unit": _NUMBER,
            "Date": _DATE,
            "IsAutomatic": {"type": "boolean"},
        },
    ),
}


def resolve_extra(schemas: Mapping[str, SpecNode]) -> dict[str, SpecNode]:
    """:data:`EXTRA` with each ``extends`` read: the description's properties, then these."""
    resolved: dict[str, SpecNode] = {}
    for name, node in EXTRA.items():
        base = node.get("extends")
        if base is None:
            resolved[name] = node
            continue
        inherited = schemas[base]
        resolved[name] = {
            **{k: v for k, v in inherited.items() if k != "properties"},
            "properties": {**inherited.get("properties", {}), **node["properties"]},
        }
    return resolved


#: The fields of an asset type the server writes (its accounts among them): not judged.
_ASSET_TYPE_READ_ONLY = (
    "@url",
    "Id",
    "InUse",
    "AccountAsset",
    "AccountValueLoss",
    "AccountSaleLoss",
    "AccountSaleWin",
    "AccountRevaluation",
    "AccountWriteDownAck",
    "AccountWriteDown",
    "AccountDepreciation",
)

OVERLAYS: dict[str, Overlay] = {
    "AssetCreateWrap": Overlay(base=_AssetOrType, source="softwerkab Asset.cs [3P-live]"),
    "Asset": entity(
        read_only=("@url", "Id", "Status", "StatusId", "Type", "DepreciatedTo", "ManualOb"),
        source="softwerkab Asset.cs [3P-live]",
    ),
    "CreateAsset": entity(
        read_only=_ASSET_TYPE_READ_ONLY,
        source="OpenAPI CreateAsset [SPEC]; softwerkab AssetType.cs [3P-live]",
    ),
    "UpdateAsset": entity(
        read_only=_ASSET_TYPE_READ_ONLY,
        source="OpenAPI UpdateAsset [SPEC]; softwerkab AssetType.cs [3P-live]",
    ),
    "Currency": entity(
        read_only=("@url", "Date", "IsAutomatic"),
        required=(),  # the description's currency and rate belong to another schema
        source="softwerkab Currency.cs [3P-live]",
    ),
    "Voucher": entity(
        read_only=("@url",),
        required=("Description", "TransactionDate", "VoucherSeries"),  # Year: never sent
        source="OpenAPI Voucher [SPEC]; softwerkab VoucherTests [3P-live]",
    ),
    "Employee": entity(
        required=(),  # created with EmployeeId alone [3P-live: softwerkab EmployeeTests]
        source="OpenAPI Employee [SPEC]; softwerkab EmployeeTests, AbsenceTransactionTests",
    ),
    # What the server writes and a client may send back [3P-live: softwerkab entities'
    # ReadOnly properties the description lacks].
    "AccountPayload": entity(
        read_only=("@url", "BalanceCarriedForward", "Year", "QuantitySettings", "QuantityUnit"),
        source="OpenAPI AccountPayload [SPEC]; softwerkab Account.cs [3P-live]",
    ),
    "CreateAssetFileConnection": entity(
        read_only=("@url", "Name"), source="softwerkab AssetFileConnection.cs [3P-live]"
    ),
    "SupplierInvoiceExternalURLConnectionUpdate": entity(
        read_only=("@url", "Id"),
        source="softwerkab SupplierInvoiceExternalURLConnection.cs [3P-live]",
    ),
    "VoucherFileConnection": entity(
        read_only=("Name",), source="softwerkab VoucherFileConnection.cs [3P-live]"
    ),
    # The account's own register of cause codes: the description's list is a subset of
    # it (ARS, NVX, FRX ... [3P-live: softwerkab AbsenceCauseCode.cs, AttendanceCauseCode.cs
    # and issues 231, 313]).
    "AbsenceTransactionPayload": entity(
        {"CauseCode": ANY}, source="softwerkab AbsenceCauseCode.cs, issue 231 [3P-live]"
    ),
    "AttendanceTransaction": entity(
        {"CauseCode": ANY}, source="softwerkab AttendanceCauseCode.cs, issue 313 [3P-live]"
    ),
    "SupplierInvoicePayment": entity(
        {"Source": enum("manual", "direct", "file", "settle")},
        source="OpenAPI SupplierInvoicePayment [SPEC]; softwerkab Source.cs [3P-live]",
    ),
    "SupplierInvoiceAccrual": entity(
        required=(
            "AccrualAccount",
            "CostAccount",
            "EndDate",
            "SupplierInvoiceNumber",
            "Period",
            "StartDate",
            "Total",
            "SupplierInvoiceAccrualRows",
        ),  # Times: left out by softwerkab's SupplierInvoiceAccrualTests [3P]
        source="OpenAPI SupplierInvoiceAccrual [SPEC]; softwerkab tests [3P]",
    ),
}
