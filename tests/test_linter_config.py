"""``[tool.clearance]``: discovery, placement, select/ignore, per-file ignores, suppressions."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from clearance import config as config_module
from clearance.cli import main
from clearance.config import Glob, Resolver
from clearance.linter import Linter

ARTICLE_BAD = """\
{
  "line_item_name": "Tee",
  "gross_amount_per_item": "3,5O",
  "sales_tax_percentage": 7,
  "default_quantity": 1,
  "unit": "Portionsbeutel"
}
"""
#: 1064 rests on inference (INF): the documentation does not list every allowed field.
QUERY_INFERRED = '{"fields": "id,preis"}\n'
MOVEMENT_REQUEST = """\
{
  "method": "POST",
  "url": "https://meinefirma.kassa.at/api/v1/warehouses/1/inventories/15/movements",
  "headers": {"Content-Type": "application/json"},
  "body": {"quantity": -2, "text": "Ich hatte hunger"}
}
"""
PLACE = """
[tool.clearance.files]
"fixtures/articles/*.json" = { api = "kassa", endpoint = "POST /articles" }
"fixtures/queries/*.json" = { api = "kassa", endpoint = "GET /articles" }
"""


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")


def _lint(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    paths: tuple[str, ...] = ("fixtures",),
) -> tuple[int, list[dict[str, object]], str]:
    monkeypatch.chdir(root)
    status = main(["check", "--format", "json", *args, *paths])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def _codes(items: list[dict[str, object]]) -> list[str]:
    return [f"{item['path']}:{item['code']}" for item in items]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.clearance]\n" + PLACE,
            "fixtures/articles/bad.json": ARTICLE_BAD,
            "fixtures/queries/inferred.json": QUERY_INFERRED,
            "fixtures/requests/no-token.json": MOVEMENT_REQUEST,
        },
    )
    return tmp_path


# -- globs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("fixtures/*.json", "fixtures/a.json", True),
        ("fixtures/*.json", "fixtures/kassa/a.json", False),
        ("fixtures/**/*.json", "fixtures/a.json", True),
        ("fixtures/**/*.json", "fixtures/kassa/deep/a.json", True),
        ("**/kassa/*.json", "x/kassa/a.json", True),
        ("*.xml", "deep/down/a.xml", True),
        ("a?.json", "ab.json", True),
        ("a?.json", "a/.json", False),
        ("[ab].json", "b.json", True),
        ("[!ab].json", "b.json", False),
        ("fixtures/legacy", "fixtures/legacy/a/b.json", True),
        ("fixtures/legacy/", "fixtures/legacy/a.json", True),
        ("legacy", "fixtures/legacy/a.json", True),
        ("/fixtures/a.json", "fixtures/a.json", True),
        ("fixtures/a.json", "other/fixtures/a.json", False),
        ("fixtures/**", "fixtures/x/y.json", True),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert Glob(pattern).matches(path) is matches


# -- discovery and placement -----------------------------------------------------------


def test_files_place_payloads_relative_to_the_pyproject(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, items, err = _lint(repo, monkeypatch, capsys)
    assert status == 1, err
    assert _codes(items) == [
        "fixtures/articles/bad.json:1029",
        "fixtures/articles/bad.json:1030",
        "fixtures/articles/bad.json:1068",
        "fixtures/queries/inferred.json:1064",
        "fixtures/requests/no-token.json:2003",
    ]
    # from another folder the same globs apply: they are relative to the pyproject.toml
    status, items, _ = _lint(repo / "fixtures", monkeypatch, capsys, paths=("articles/bad.json",))
    assert status == 1
    assert [item["endpoint"] for item in items] == ["POST /articles"] * 3


def test_the_nearest_pyproject_with_a_table_wins(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a pyproject.toml without [tool.clearance] is passed over, as ruff does
    _tree(repo, {"fixtures/pyproject.toml": "[project]\nname = 'x'\n"})
    assert _lint(repo, monkeypatch, capsys)[0] == 1
    # a nearer one with a table governs its folder, globs relative to it
    _tree(
        repo,
        {
            "fixtures/articles/pyproject.toml": """\
            [tool.clearance]
            ignore = ["1068"]
            [tool.clearance.files]
            "bad.json" = { api = "kassa", endpoint = "POST /articles" }
            """
        },
    )
    status, items, _ = _lint(repo, monkeypatch, capsys)
    assert status == 1
    assert "fixtures/articles/bad.json:1068" not in _codes(items)
    assert "fixtures/articles/bad.json:1030" in _codes(items)
    assert "fixtures/queries/inferred.json:1064" in _codes(items)


def test_config_option_and_isolated(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = repo / "other.toml"
    other.write_text('[tool.clearance]\nignore = ["kassa"]\n' + PLACE, "utf-8")
    status, items, _ = _lint(repo, monkeypatch, capsys, "--config", str(other))
    assert (status, items) == (0, [])
    status, _, err = _lint(repo, monkeypatch, capsys, "--isolated")
    assert status == 2
    assert "fixtures/articles/bad.json: cannot tell which endpoint" in err
    assert '"fixtures/articles/bad.json" = { api = "kassa"' in err


def test_unplaceable_file_says_how_to_place_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(repo, {"fixtures/stray.json": '{"a": 1}'})
    status, items, err = _lint(repo, monkeypatch, capsys)
    assert status == 2
    assert len(items) == 5  # the other files are still checked and reported
    assert "clearance: fixtures/stray.json: cannot tell which endpoint this file is for" in err
    assert "[tool.clearance.files]" in err
    assert "--api and --endpoint" in err
    assert "request file" in err


def test_exclude_skips_files_even_when_named(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(repo, {"fixtures/drafts/stray.json": "{}"})
    pyproject = repo / "pyproject.toml"
    pyproject.write_text('[tool.clearance]\nexclude = ["fixtures/drafts"]\n' + PLACE, "utf-8")
    assert _lint(repo, monkeypatch, capsys)[0] == 1
    status, items, err = _lint(repo, monkeypatch, capsys, paths=("fixtures/drafts/stray.json",))
    assert (status, items, err) == (0, [], "")


def test_api_alone_takes_request_files_and_checks_config_agrees(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, items, _ = _lint(
        repo, monkeypatch, capsys, "--api", "kassa", paths=("fixtures/requests",)
    )
    assert (status, _codes(items)) == (1, ["fixtures/requests/no-token.json:2003"])
    status, _, err = _lint(
        repo, monkeypatch, capsys, "--api", "invoicexpress", paths=("fixtures/articles",)
    )
    assert status == 2
    assert "places this file in api 'kassa', but --api says 'invoicexpress'" in err


def test_config_is_read_once_per_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(50):
        _tree(repo, {f"fixtures/articles/copy-{n}.json": ARTICLE_BAD})
    reads: list[Path] = []
    real = config_module.load

    def counting(path: str | Path) -> object:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(config_module, "load", counting)
    status, items, _ = _lint(repo, monkeypatch, capsys)
    assert status == 1
    assert len(items) == 3 * 51 + 2
    assert reads == [repo / "pyproject.toml"]


def test_resolver_caches_per_folder(repo: Path) -> None:
    resolver = Resolver()
    first = resolver.for_file(str(repo / "fixtures" / "articles" / "bad.json"))
    assert resolver.for_file(str(repo / "fixtures" / "queries" / "x.json")) is first
    assert first.path == repo / "pyproject.toml"


# -- select and ignore -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "selectors", "left"),
    [
        ("--ignore", "1030", {"1029", "1068", "1064", "2003"}),
        ("--ignore", "kassa:1030,kassa:1068", {"1029", "1064", "2003"}),
        ("--ignore", "inferred", {"1029", "1030", "1068", "2003"}),
        ("--ignore", "INF", {"1029", "1030", "1068", "2003"}),
        ("--ignore", "kassa", set()),
        ("--select", "1030", {"1030"}),
        ("--select", "kassa:2003", {"2003"}),
        ("--select", "kassa", {"1029", "1030", "1068", "1064", "2003"}),
        ("--select", "DOC", {"1029", "1030", "1068", "2003"}),
        ("--select", "inferred", {"1064"}),
    ],
)
def test_select_and_ignore_on_the_command_line(
    *,
    option: str,
    selectors: str,
    left: set[str],
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, items, _ = _lint(repo, monkeypatch, capsys, option, selectors)
    assert {item["code"] for item in items} == left
    assert status == (1 if left else 0)


def test_select_and_ignore_in_the_config(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        '[tool.clearance]\nselect = ["kassa:1030", "kassa:1064", "2003"]\n'
        'ignore = ["inferred"]\n' + PLACE,
        "utf-8",
    )
    _, items, _ = _lint(repo, monkeypatch, capsys)
    assert {item["code"] for item in items} == {"1030", "2003"}
    # --select replaces the configuration's select; --ignore adds to its ignore
    _, items, _ = _lint(repo, monkeypatch, capsys, "--select", "kassa", "--ignore", "1029")
    assert {item["code"] for item in items} == {"1030", "1068", "2003"}


def test_per_file_ignores(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.clearance]\n"
        + PLACE
        + '[tool.clearance.per-file-ignores]\n"fixtures/articles/*.json" = ["1029", "1068"]\n'
        '"queries" = ["inferred"]\n',
        "utf-8",
    )
    _, items, _ = _lint(repo, monkeypatch, capsys)
    assert _codes(items) == [
        "fixtures/articles/bad.json:1030",
        "fixtures/requests/no-token.json:2003",
    ]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('ignore = ["kasa:1030"]', "unknown selector 'kasa:1030'"),
        ('select = ["9999"]', "unknown selector '9999'"),
        ('ignore = "1030"\nfoo = 1', "unknown key 'foo'"),
        ("ignore = 1030", "expected a list of strings"),
        ('today = "tomorrow"', "expected a date"),
        ('[tool.clearance.files]\n"a/*.json" = { api = "nope" }', "unknown api 'nope'"),
        ('[tool.clearance.files]\n"a/*.json" = "kassa"', "expected a table"),
        ('[tool.clearance.files]\n"a/*.json" = { endpoint = "POST /x" }', "expected { api"),
        ('[tool.clearance.per-file-ignores]\n"a/*.json" = ["kassa:99"]', "unknown selector"),
        ('[tool.clearance.suppress]\n"a.json" = ["1030"]', 'is not "file#/json/pointer"'),
        ('[tool.clearance.suppress]\n"a.json#x" = ["1030"]', 'is not "file#/json/pointer"'),
        ('[tool.clearance.suppress]\n"a.json#/x" = []', "expected a non-empty list"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_configuration_is_an_error(
    *,
    table: str,
    message: str,
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (repo / "pyproject.toml").write_text("[tool.clearance]\n" + table + "\n", "utf-8")
    status, items, err = _lint(repo, monkeypatch, capsys)
    assert status == 2
    assert items == []
    assert message in err
    assert err.count("\n") == 1 or "not valid TOML" in err  # reported once, not per file


def test_unknown_selector_on_the_command_line(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["check", "--ignore", "kassa:1o30", "fixtures"]) == 2
    assert "--ignore: unknown selector 'kassa:1o30'" in capsys.readouterr().err


def test_today_from_config_and_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linter = Linter(isolated=True)
    assert linter.today is None
    _tree(tmp_path, {"pyproject.toml": '[tool.clearance]\ntoday = "2026-11-21"\n' + PLACE})
    found = Resolver().for_file(str(tmp_path / "fixtures" / "a.json"))
    assert str(found.today) == "2026-11-21"
    del monkeypatch, capsys


# -- suppressions ----------------------------------------------------------------------


SUPPRESS = """
[tool.clearance.suppress]
"fixtures/articles/bad.json#/sales_tax_percentage" = ["1030"]
"fixtures/requests/no-token.json#/headers" = ["kassa:2003"]
"fixtures/queries/*.json#/fields" = ["inferred"]
"""


def test_suppressions_take_out_one_finding_each(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text("[tool.clearance]\n" + PLACE + SUPPRESS, "utf-8")
    status, items, _ = _lint(repo, monkeypatch, capsys)
    assert status == 1
    assert _codes(items) == ["fixtures/articles/bad.json:1029", "fixtures/articles/bad.json:1068"]
    monkeypatch.chdir(repo)
    assert main(["check", "fixtures"]) == 1
    assert "Found 2 findings in 1 file (3 suppressed)." in capsys.readouterr().out


def test_a_suppression_matches_its_pointer_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.clearance]\n"
        + PLACE
        + '[tool.clearance.suppress]\n"fixtures/articles/bad.json#/unit" = ["1030"]\n',
        "utf-8",
    )
    _, items, _ = _lint(repo, monkeypatch, capsys, paths=("fixtures/articles",))
    assert [item["code"] for item in items] == [
        "1029",
        "1030",
        "1068",
        "clearance:unused-suppression",
    ]


def test_unused_suppression_is_a_finding_at_its_line(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        "[tool.clearance]\n"
        + PLACE
        + SUPPRESS
        + '"fixtures/articles/bad.json#/unit" = ["1068", "1029"]\n'
        + "'fixtures/articles/gone.json#/unit' = [\"1068\"]\n",
        "utf-8",
    )
    status, items, _ = _lint(repo, monkeypatch, capsys)
    assert status == 1
    unused = [item for item in items if item["code"] == "clearance:unused-suppression"]
    assert unused == [
        {
            "path": "pyproject.toml",
            "api": "clearance",
            "endpoint": None,
            "code": "clearance:unused-suppression",
            "message": "Unused suppression 'fixtures/articles/bad.json#/unit': "
            "'1029' matches no finding there",
            "status": None,
            "pointer": None,
            "line": 11,
            "column": 1,
            "rule": "clearance:unused-suppression",
            "severity": "error",
        },
        {
            "path": "pyproject.toml",
            "api": "clearance",
            "endpoint": None,
            "code": "clearance:unused-suppression",
            "message": "Unused suppression 'fixtures/articles/gone.json#/unit': names "
            "'fixtures/articles/gone.json', which does not exist",
            "status": None,
            "pointer": None,
            "line": 12,
            "column": 1,
            "rule": "clearance:unused-suppression",
            "severity": "error",
        },
    ]
    # the finding the suppression was written for is gone: only the checked file counts
    status, items, _ = _lint(repo, monkeypatch, capsys, paths=("fixtures/requests",))
    assert [item["message"] for item in items if item["path"] == "pyproject.toml"] == [
        unused[1]["message"]
    ]
    # the linter's own code can be switched off like any other
    status, items, _ = _lint(repo, monkeypatch, capsys, "--ignore", "clearance:unused-suppression")
    assert "clearance:unused-suppression" not in {item["code"] for item in items}


def test_suppression_of_an_ignored_finding_is_unused(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.clearance]\nignore = ["1030"]\n'
        + PLACE
        + '[tool.clearance.suppress]\n"fixtures/articles/bad.json#/sales_tax_percentage" = '
        '["1030"]\n',
        "utf-8",
    )
    _, items, _ = _lint(repo, monkeypatch, capsys)
    assert "clearance:unused-suppression" in {item["code"] for item in items}


def test_unused_suppression_in_text_output(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.clearance]\n"
        + PLACE
        + '[tool.clearance.suppress]\n"fixtures/articles/bad.json#/unit" = ["1030"]\n',
        "utf-8",
    )
    monkeypatch.chdir(repo)
    assert main(["check", "--ignore", "kassa", "fixtures"]) == 1
    assert capsys.readouterr().out == (
        "pyproject.toml:7:1: clearance clearance:unused-suppression Unused suppression "
        "'fixtures/articles/bad.json#/unit': '1030' matches no finding there\n"
        "Found 1 finding in 1 file.\n"
    )
