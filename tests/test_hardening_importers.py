"""SIPRI importers against hostile files: zip bombs, XML entities, oversized tables,
and large CSV files read with bounded memory (vectorised, projected columns)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from socius.cli import main
from socius.data.sipri import arms, milex, read_arms, read_milex
from socius.errors import ValidationError

FIXTURES = Path(__file__).parent / "data" / "sipri"
WORKBOOK = FIXTURES / "SIPRI-Milex-fixture.xlsx"
TABLES = sorted(FIXTURES.glob("TIV-*.csv"))
FLOWS = FIXTURES / "sipri-flows-fixture.csv"


def _rewrite_member(src: Path, dst: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == member else zin.read(info))
    return dst


def test_zip_bomb_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = _rewrite_member(
        WORKBOOK, tmp_path / "bomb.xlsx", "xl/worksheets/sheet5.xml", b"\0" * (8 << 20)
    )
    assert bomb.stat().st_size < 200_000  # 8 MiB of zeros compress about 1000:1
    with pytest.raises(ValidationError, match=r"compressed \d[\d,]*:1.*the limit is 256 MiB"):
        read_milex(bomb)
    assert main(["data", "import", "sipri-milex", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: workbook 'bomb.xlsx' unpacks to") and err.count("\n") == 1


def test_total_unpacked_size_has_a_stated_limit() -> None:
    milex.check_workbook_size(WORKBOOK)  # the real layout passes
    with pytest.raises(ValidationError, match="the limit is 0 MiB"):
        milex.check_workbook_size(WORKBOOK, limit=1000)


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData><row><c t='inlineStr'><is><t>&e;</t></is></c></row></sheetData></worksheet>",
        b"<worksheet><sheetData><row>&undefined;</row></sheetData></worksheet>",
        b"<worksheet><sheetData><row>",  # truncated
    ],
)
def test_xml_entities_and_broken_sheets_are_one_line(
    xml: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _rewrite_member(WORKBOOK, tmp_path / "x.xlsx", "xl/worksheets/sheet5.xml", xml)
    with pytest.raises(ValidationError, match=r"x\.xlsx.*(cannot be parsed|not a readable)"):
        read_milex(bad)
    assert main(["data", "import", "sipri-milex", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "root:" not in err


def test_not_a_zip_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Country,2020\n")
    with pytest.raises(ValidationError, match="is not a readable Excel workbook"):
        read_milex(fake)


def test_oversized_tiv_table_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / TABLES[0].name
    shutil.copy(TABLES[0], table)
    monkeypatch.setattr(arms, "MAX_TIV_TABLE_BYTES", 100)
    with pytest.raises(ValidationError, match="far larger than a SIPRI TIV table"):
        read_arms([table])


def test_long_csv_is_read_vectorised_and_equals_the_row_reader(tmp_path: Path) -> None:
    """The streamed reader gives the same transfers as the cells of the file."""
    read = read_arms([FLOWS])
    lines = FLOWS.read_text().strip().splitlines()[1:]
    cells = {(s, r, int(y)): float(v) for s, r, y, v in (ln.split(",") for ln in lines)}
    got = {
        (row["supplier"], row["recipient"], row["year"]): row["tiv"]
        for row in read.frame.iter_rows(named=True)
    }
    assert got == cells


def test_long_csv_in_windows_1252_and_many_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    rows = ["supplier,recipient,year,value", "France,Côte d'Ivoire,2005,3"]
    path.write_bytes("\n".join(rows).encode("cp1252") + b"\n")
    read = read_arms([path], skip_unmatched=True)
    assert read.frame["recipient"].to_list() == ["Côte d'Ivoire"]
    bad = tmp_path / "bad.csv"
    bad.write_text("supplier,recipient,year,value\n" + "France,China,x,1\n" * 150)
    with pytest.raises(ValidationError) as info:
        read_arms([bad])
    assert "bad.csv line 2, column year: 'x'" in str(info.value)
    assert "bad.csv: 150 bad lines (the first 100 are listed)" in str(info.value)
