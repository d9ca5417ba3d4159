"""What the linter reads: standard input, sizes, encodings, syntax errors, odd files.

Each file given on the command line gets findings, or a clear error naming it (exit 2):
never a misleading finding, a hang, or an ``[Errno]`` line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from clearance import reading
from clearance.cli import main
from clearance.reading import Source, read
from clearance.report import DEFAULT_MAX_BODY_BYTES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLE = "POST /articles"
BAD_ARTICLE = """\
{
  "line_item_name": "Tee",
  "gross_amount_per_item": 3.5,
  "sales_tax_percentage": 7,
  "default_quantity": 1
}
"""
REQUEST_WITH_TRAILING_COMMA = """\
{
  "method": "POST",
  "url": "https://meinefirma.kassa.at/api/v1/articles",
  "body": {"line_item_name": "Tee",},
  "headers": {}
}
"""


def _run(
    argv: list[str], capsys: pytest.CaptureFixture[str], *, stdin: bytes | None = None
) -> tuple[int, str, str]:
    if stdin is not None:
        saved = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            status = main(["check", "--isolated", *argv])
        finally:
            sys.stdin = saved
    else:
        status = main(["check", "--isolated", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- syntax errors ---------------------------------------------------------------------


def test_a_request_file_with_a_syntax_error_says_so_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "request.json"
    path.write_text(REQUEST_WITH_TRAILING_COMMA, "utf-8")
    status, out, err = _run([str(path)], capsys)
    assert status == 2
    assert f"clearance: {path}:4:36: not valid JSON: " in err
    assert "cannot tell" not in err
    assert "Found" not in out


def test_a_placed_payload_with_a_syntax_error_points_at_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "article.json"
    path.write_text('{\n  "line_item_name": "Tee",\n  "unit": "Stk" "x"\n}\n', "utf-8")
    status, out, _ = _run(["--api", "kassa", "--endpoint", ARTICLE, str(path)], capsys)
    assert status == 1
    first, note = out.splitlines()[:2]
    assert first.startswith(f"{path}:3:17: kassa clearance:malformed-json ")
    assert note == "  note: not valid JSON: Expecting ',' delimiter"
    status, out, _ = _run(
        ["--api", "kassa", "--endpoint", ARTICLE, "--format", "json", str(path)], capsys
    )
    [item] = json.loads(out)
    assert (item["line"], item["column"]) == (3, 17)
    assert item["note"] == "not valid JSON: Expecting ',' delimiter"


# -- standard input --------------------------------------------------------------------


def test_dash_reads_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(
        ["--api", "kassa", "--endpoint", ARTICLE, "-"], capsys, stdin=BAD_ARTICLE.encode()
    )
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "-:4:27: kassa 1030 Parameter 'sales_tax_percentage' must be '0', '10', '13', '20' or '5'!",
        "Found 1 finding in 1 file.",
    ]


def test_a_request_file_on_standard_input_places_itself(
    capsys: pytest.CaptureFixture[str],
) -> None:
    request = {"method": "POST", "url": "https://meinefirma.kassa.at/api/v1/articles", "body": {}}
    status, out, _ = _run(["--format", "json", "-"], capsys, stdin=json.dumps(request).encode())
    assert status == 1
    assert {item["path"] for item in json.loads(out)} == {"-"}


def test_stdin_filename_names_and_places_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clearance.files]\n"fixtures/*.json" = { api = "kassa", endpoint = "POST /articles" }\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(BAD_ARTICLE.encode()), encoding="utf-8")
    try:
        status = main(["check", "--stdin-filename", "fixtures/tea.json", "-"])
    finally:
        sys.stdin = saved
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith("fixtures/tea.json:4:27: kassa 1030 ")


# -- sizes -------------------------------------------------------------------------------


def test_a_huge_file_is_too_large_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.json"
    size = DEFAULT_MAX_BODY_BYTES + 8 * 1024 * 1024
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: costs no disk
    tracemalloc.start()
    started = time.perf_counter()
    try:
        status, out, _ = _run(["--api", "kassa", "--endpoint", ARTICLE, str(path)], capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2  # it was 5 s for 48 MB
    assert status == 1
    assert out.startswith(f"{path}:1:1: kassa clearance:body-too-large ")
    assert peak < 4 * 1024 * 1024, peak  # nothing of the file was read


def test_a_small_file_costs_its_size_not_the_limit(tmp_path: Path) -> None:
    """A read of a small file allocates about the file (not the 32 MiB limit, once per file)."""
    path = tmp_path / "small.json"
    path.write_bytes(b'{"a": 1}')
    tracemalloc.start()
    try:
        source = read(str(path), DEFAULT_MAX_BODY_BYTES)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source.raw == b'{"a": 1}'
    assert peak < 64 * 1024, peak


@pytest.mark.parametrize("told", [0, 3])
def test_a_file_larger_than_its_stat_is_read_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: int
) -> None:
    """A file that grew after its ``stat`` (or reports no size, as /proc does) is read whole."""
    path = tmp_path / "growing.json"
    path.write_bytes(b"x" * 100)
    real = os.stat

    def stat(name: str, **options: bool) -> os.stat_result:
        fields = list(real(name, **options))
        fields[6] = told  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(reading.os, "stat", stat)
    assert read(str(path), 1000).raw == b"x" * 100
    assert read(str(path), 100).raw == b"x" * 100
    assert read(str(path), 99) == Source(None, 100)


def test_a_huge_unplaced_file_is_an_error_not_a_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BODY_BYTES + 1)
    status, _, err = _run([str(path)], capsys)
    assert status == 2
    assert f"{path}: too large to check" in err


# -- encodings and kinds of file -----------------------------------------------------------


def test_text_that_is_neither_json_nor_xml_is_not_a_co3_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (("notes.txt", "remember the milk\n"), ("c.yaml", "a: 1\nb: [2]\n")):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        status, out, err = _run([str(path)], capsys)
        assert status == 2
        assert "co3" not in out
        assert f"{path}: neither JSON nor XML" in err


def test_a_latin1_file_says_it_is_not_utf8_where_the_byte_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(BAD_ARTICLE.replace("Tee", "Caf\xe9").encode("latin-1"))
    status, out, _ = _run(["--api", "kassa", "--endpoint", ARTICLE, str(path)], capsys)
    assert status == 1
    first, note = out.splitlines()[:2]
    assert first.startswith(f"{path}:2:25: kassa clearance:malformed-json ")
    assert "not UTF-8" in note
    assert "0xE9" in note
    assert "Latin-1" in note


def test_a_utf16_co3_document_gets_real_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = (EXAMPLES / "co3" / "invoice-set-bad.xml").read_text("utf-8")
    assert document.startswith('<?xml version="1.0" encoding="utf-8"?>')
    utf8, utf16 = tmp_path / "utf8.xml", tmp_path / "utf16.xml"
    utf8.write_text(document, "utf-8")
    utf16.write_bytes(document.replace("utf-8", "UTF-16", 1).encode("utf-16"))
    _, expected, _ = _run(["--format", "json", str(utf8)], capsys)
    status, actual, _ = _run(["--format", "json", str(utf16)], capsys)
    assert status == 1
    where = [(item["line"], item["column"]) for item in json.loads(expected)]
    assert where
    assert (1, 1) not in where
    assert [(item["line"], item["column"]) for item in json.loads(actual)] == where


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    run = subprocess.run(
        [sys.executable, "-m", "clearance", "check", "--isolated", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert f"{fifo}: not a regular file" in run.stderr
    assert "use - for standard input" in run.stderr


def test_a_missing_file_suggests_the_closest_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "article.json").write_text(BAD_ARTICLE, "utf-8")
    status, _, err = _run([str(tmp_path / "artcle.json")], capsys)
    assert status == 2
    assert f"{tmp_path / 'artcle.json'}: no such file (did you mean " in err
    assert "article.json" in err


# -- the summary line ------------------------------------------------------------------


def test_the_summary_counts_errors_next_to_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "bad.json"
    good.write_text(BAD_ARTICLE, "utf-8")
    args = ["--api", "kassa", "--endpoint", ARTICLE, str(good), str(tmp_path / "missing.json")]
    status, out, _ = _run(args, capsys)
    assert status == 2
    assert out.splitlines()[-1] == "Found 1 finding in 1 file; 1 error (see above)."
