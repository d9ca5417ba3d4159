"""Facts from the machine-readable specifications of Fortnox, SnelStart and InvoiceXpress.

``<api>.json`` beside this module is written by ``scripts/derive_specs.py`` (its docstring
and ``README.md`` here describe the format): operations, parameters, schemas and their
limits, with the constraints that may be artefacts of the source marked ``suspect``.
Nothing here is prose from the sources.

>>> load("snelstart")["operations"]["PUT /relaties/{id}"]["path_params"][0]["format"]
'uuid'
"""

from __future__ import annotations

import os.path
from functools import cache
from typing import Any

__all__ = ["SPECIFIED", "load"]

#: The APIs with a machine-readable specification (KASSA.AT and co3 publish none).
SPECIFIED = ("fortnox", "snelstart", "invoicexpress")


@cache
def load(api: str) -> dict[str, Any]:
    """The derived data of one API, read once (shared: do not change it)."""
    if api not in SPECIFIED:
        raise ValueError(f"no specification data for {api!r}; known: {', '.join(SPECIFIED)}")
    name = f"{api}.json"
    # Beside this module; importlib.resources only for a package that is not a folder, and
    # os.path, not pathlib: importing clearance does not import pathlib (4 ms).
    try:
        with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as handle:  # noqa: PTH118, PTH120, PTH123
            text = handle.read()
    except OSError:  # a zip: NotADirectoryError
        from importlib import resources  # noqa: PLC0415

        text = resources.files(__name__).joinpath(name).read_text("utf-8")
    import json  # noqa: PLC0415 - importing clearance does not import json either

    data: dict[str, Any] = json.loads(text)
    return data
