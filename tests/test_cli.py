"""The command line, called as ``main(argv)`` the way the console script calls it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clearance.apis import APIS, get_api
from clearance.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BAD = EXAMPLES / "kassa" / "article-create-bad.json"


def test_examples_fail_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "kassa")]) == 1
    out = capsys.readouterr().out
    assert f"{BAD}:8:29: kassa 1030 Parameter 'sales_tax_percentage' must be" in out
    assert f"{BAD}:7:30: kassa 1029 " in out
    assert "movement-without-token.json:4:14: kassa 2003 No token given!" in out
    assert "Found 4 findings in 2 files." in out


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "kassa" / "article-create.json")]) == 0
    assert "All checks passed (1 file)." in capsys.readouterr().out


def test_json_format_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(BAD)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [item["code"] for item in items] == ["1029", "1030", "1068"]
    assert items[1] == {
        "path": str(BAD),
        "api": "kassa",
        "endpoint": "POST /articles",
        "code": "1030",
        "message": "Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!",
        "status": 400,
        "pointer": "/sales_tax_percentage",
        "line": 8,
        "column": 29,
        "rule": "kassa:1030",
        "severity": "error",
    }


def test_server_format_prints_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["check", "--format", "server", str(EXAMPLES / "kassa" / "movement-without-token.json")]
        )
        == 1
    )
    assert json.loads(capsys.readouterr().out) == {
        "status": 401,
        "error_code": 2009,
        "error": "Unauthorized!",
        "details": [
            {"error_code": 2003, "error": "Unauthorized!", "error_message": "No token given!"}
        ],
    }


def test_payload_file_with_api_and_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = tmp_path / "article.json"
    fixture.write_text(
        '{\n  "line_item_name": "Tee",\n  "gross_amount_per_item": 3.5\n}\n', "utf-8"
    )
    assert main(["check", "--api", "kassa", "--endpoint", "POST /articles", str(fixture)]) == 1
    out = capsys.readouterr().out
    # missing keys point at the enclosing object
    assert f"{fixture}:1:1: kassa 1026 Parameter 'sales_tax_percentage' is not set!" in out


def test_ignore_switches_a_rule_off(tmp_path: Path) -> None:
    fixture = tmp_path / "q.json"
    fixture.write_text('{"fields": "id,preis"}', "utf-8")
    args = ["check", "--api", "kassa", "--endpoint", "GET /articles", str(fixture)]
    assert main(args) == 1
    assert main([*args, "--ignore", "inferred"]) == 0
    assert main([*args, "--ignore", "kassa:1064"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--endpoint", "POST /articles", "EXAMPLE"],
        ["check", "--api", "nope", "--endpoint", "POST /articles", "EXAMPLE"],
        ["check", "--api", "kassa", "--endpoint", "POST /nothing", "EXAMPLE"],
        ["check", "MISSING"],
        ["check", "PAYLOAD"],
    ],
    ids=["endpoint-without-api", "unknown-api", "unknown-endpoint", "missing-file", "unplaceable"],
)
def test_usage_errors_exit_two(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "payload.json"
    payload.write_text('{"line_item_name": "Tee"}', "utf-8")
    names = {"EXAMPLE": str(BAD), "MISSING": str(tmp_path / "nope.json"), "PAYLOAD": str(payload)}
    assert main([names.get(a, a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clearance: ")
    if "PAYLOAD" in argv:
        assert "--api and --endpoint" in err
        assert "request file" in err


def test_usage_error_from_argparse_exits_two() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml", str(BAD)])
    assert exc.value.code == 2


def test_rules_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--api", "kassa", "--format", "json"]) == 0
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["1030"]["enforced"] is True
    assert rows["2004"] == rows["2004"] | {"scope": "server", "enforced": False}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("clearance ")


def test_version_loads_no_models() -> None:
    """``clearance --version`` (and the parser) stay light: no pydantic, no API module."""
    code = (
        "import sys\n"
        "from clearance.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'\n"
        "               or m.startswith(('clearance.validators.', 'clearance.engine',\n"
        "                                'clearance.catalog', 'clearance.linter')))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("clearance ")
    assert result.stdout.splitlines()[-1] == "[]"


def test_check_loads_only_the_apis_it_touches(tmp_path: Path) -> None:
    fixture = tmp_path / "article.json"
    fixture.write_text('{"line_item_name": "Tee"}', "utf-8")
    code = (
        "import sys\n"
        "from clearance.cli import main\n"
        f"main(['check', '--isolated', '--api', 'kassa', '--endpoint', 'POST /articles', {str(fixture)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('clearance.validators.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "['clearance.validators.kassa']"


def test_output_file_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    assert main(["check", "--format", "json", "-o", str(report), "--exit-zero", str(BAD)]) == 0
    assert capsys.readouterr().out == ""
    assert [item["code"] for item in json.loads(report.read_text("utf-8"))] == [
        "1029",
        "1030",
        "1068",
    ]
    # --exit-zero does not hide errors
    assert main(["check", "--exit-zero", str(tmp_path / "missing.json")]) == 2
    assert main(["check", "-o", str(tmp_path / "no" / "dir" / "x"), str(BAD)]) == 2


def test_rules_text_shows_scope_basis_and_enforcement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--api", "kassa"]) == 0
    lines = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()}
    assert lines["kassa:1030"][1:5] == ["400", "payload", "DOC", "enforced"]
    assert lines["kassa:2004"][1:5] == ["401", "server", "DOC", "-"]
    assert main(["rules", "--api", "nope"]) == 2


def test_rules_cover_every_api(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["api"] for row in rows} == set(APIS)
    assert all({"scope", "basis", "enforced", "status"} <= row.keys() for row in rows)


def test_schema_of_one_endpoint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--api", "kassa", "--endpoint", "POST /articles"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "KASSA.AT API v1: POST /articles"
    assert "sales_tax_percentage" in schema["properties"]
    out = tmp_path / "article.schema.json"
    assert main(["schema", "--api", "kassa", "--endpoint", "POST /articles", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == schema


def test_schema_all_writes_one_file_per_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--all", str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    for api in APIS:
        files = sorted((tmp_path / api).glob("*.schema.json"))
        assert len(files) == len(get_api(api).endpoints)
    assert len(written) == sum(len(get_api(api).endpoints) for api in APIS)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["schema", "--api", "kassa"], "needs --api and --endpoint"),
        (["schema", "--api", "kassa", "--endpoint", "POST /nope"], "unknown kassa endpoint"),
        (["schema", "--api", "nope", "--endpoint", "POST /articles"], "unknown api"),
        (["schema", "--all", "DIR", "--endpoint", "POST /articles"], "--all writes every"),
    ],
)
def test_schema_usage_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path) if a == "DIR" else a for a in argv]) == 2
    assert message in capsys.readouterr().err


def test_the_command_flushes_its_output_and_exits_with_the_status() -> None:
    """``python -m clearance`` ends without Python's teardown: all output, the right status."""
    for arguments, status in ((["--format", "json", str(BAD)], 1), (["--version"], 0)):
        result = subprocess.run(
            [sys.executable, "-m", "clearance", *(["check"] if status else []), *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == status, result.stderr
        if status:
            assert json.loads(result.stdout)[0]["code"]
        else:
            assert result.stdout.startswith("clearance ")


def test_the_command_collects_garbage_while_it_checks_files() -> None:
    """The collector is off for start-up (the linter built) only: files are checked with it on."""
    code = (
        "import gc, sys\n"
        "from clearance import linter\n"
        "checked, built = linter.Linter.run, linter.Linter.__init__\n"
        "def init(self, **options):\n"
        "    print(gc.isenabled(), flush=True)\n"
        "    built(self, **options)\n"
        "linter.Linter.__init__ = init\n"
        "def run(self, paths):\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 0, flush=True)\n"
        "    return checked(self, paths)\n"
        "linter.Linter.run = run\n"
        "from clearance.cli import run as command\n"
        f"sys.argv = ['clearance', 'check', {str(BAD)!r}]\n"
        "print(gc.isenabled(), flush=True)\n"
        "command()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:3] == ["True", "False", "True True"]
