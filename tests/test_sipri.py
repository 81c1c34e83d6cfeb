"""SIPRI importers on small extracts of the real files (tests/data/sipri): layout,
names, markers, the user store and its manifest, and bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

import socius.data as sd
from socius.cli import main
from socius.data.catalog import file_sha256, user_dir
from socius.data.sipri import classify_name, import_arms, import_milex, read_arms, read_milex
from socius.errors import DataError, UnknownNameError, ValidationError

FIXTURES = Path(__file__).parent / "data" / "sipri"
WORKBOOK = FIXTURES / "SIPRI-Milex-fixture.xlsx"
TABLES = sorted(FIXTURES.glob("TIV-*.csv"))
FLOWS = FIXTURES / "sipri-flows-fixture.csv"


def _copy_workbook(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = tmp_path / "milex.xlsx"
    shutil.copy(WORKBOOK, path)
    return path, openpyxl.load_workbook(path)


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(rows: list[list[str]], path: Path) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# ------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "kind", "lookup"),
    [
        ("Korea, South", "state", "South Korea"),
        ("Viet Nam", "state", "Vietnam"),
        ("Hamas (Palestine)*", "nonstate", None),
        ("African Union**", "organisation", None),
        ("Unknown recipient(s)", "unknown", None),
        ("Biafra", "territory", None),
        ("Türkiye", "state", "Türkiye"),
    ],
)
def test_sipri_names_are_classified(name: str, kind: str, lookup: str | None) -> None:
    assert classify_name(name) == (kind, lookup)


# ------------------------------------------------------------------ milex workbook


def test_milex_fixture_reads_states_years_and_markers() -> None:
    read = read_milex(WORKBOOK)
    frame, summary = read.frame, read.summary
    assert summary.years == (1988, 2024)
    assert set(frame["ccode"].to_list()) == {2, 365, 710, 731, 732, 740, 750}
    assert ("European Union", "organisation") in summary.non_states
    assert {"Asia & Oceania", "East Asia", "North America"} <= set(summary.region_rows)
    assert not frame.select("ccode", "year").is_duplicated().any()
    # USSR rows cover COW 365 to 1991 and Russia from 1992; 'xxx' years have no row
    rus = frame.filter(pl.col("ccode") == 365).sort("year")
    assert rus.filter(pl.col("year") <= 1991)["country"].unique().to_list() == ["USSR"]
    assert rus.filter(pl.col("year") >= 1992)["country"].unique().to_list() == ["Russia"]
    # '...' is missing, never 0: North Korea reports nothing in constant US$
    prk = frame.filter(pl.col("ccode") == 731)
    assert prk["milex_constant"].null_count() == prk.height
    # zeros in 'Current US$' where the constant-price sheet has none are missing, and noted
    assert (prk["milex_current"] == 0).sum() == 0
    assert prk["milex_current"].null_count() > 20
    assert any("stored as missing" in n for n in summary.notes)


def test_milex_fixture_matches_sipri_fact_sheet_2024() -> None:
    """Reference: Liang, Tian, Scarazzato et al., 'Trends in World Military Expenditure,
    2024', SIPRI Fact Sheet, April 2025, Table 1 (US$ b., current prices): USA 997,
    China 314 (estimate), Russia 149 (estimate), India 86.1, Japan 55.3."""
    frame = read_milex(WORKBOOK).frame.filter(pl.col("year") == 2024)
    current = dict(zip(frame["ccode"].to_list(), frame["milex_current"].to_list(), strict=True))
    assert current[2] == pytest.approx(997_000, abs=500)
    assert current[710] == pytest.approx(314_000, abs=500)
    assert current[365] == pytest.approx(149_000, abs=500)
    assert current[750] == pytest.approx(86_100, abs=50)
    assert current[740] == pytest.approx(55_300, abs=50)


def test_import_milex_stores_snapshot_and_manifest_outside_the_package() -> None:
    summary = import_milex(WORKBOOK)
    folder = user_dir()
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    entry = manifest["datasets"]["sipri_milex"]
    assert manifest["format"] == 1
    assert entry["sources"] == [{"path": WORKBOOK.name, "sha256": file_sha256(WORKBOOK)}]
    assert (folder / entry["file"]).is_file()
    assert Path(summary.path).is_relative_to(folder)
    assert not Path(summary.path).is_relative_to(Path(sd.__file__).parent)
    loaded = sd.load("sipri_milex")
    assert loaded.height == entry["rows"] == summary.rows
    assert {c: str(t) for c, t in loaded.schema.items()} == {
        c: v["type"] for c, v in entry["columns"].items()
    }
    assert sd.info("sipri_milex").origin == "user"
    assert sd.verify(["sipri_milex"])["status"].to_list() == ["ok"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("rename_sheet", "lacks the sheet.*'Current US\\$'.*did you mean: Current USD"),
        ("no_header", "no header row starting with 'Country'"),
        ("bad_cell", "cell .* 'n/a' is not a number or a SIPRI marker"),
        ("gap_years", "year columns are not consecutive"),
        ("negative", "is negative"),
    ],
)
def test_bad_workbooks_fail_with_clear_errors(tmp_path: Path, edit: str, message: str) -> None:
    path, wb = _copy_workbook(tmp_path)
    ws = wb["Current US$"]
    if edit == "rename_sheet":
        ws.title = "Current USD"
    elif edit == "no_header":
        ws.cell(row=6, column=1).value = "State"
    elif edit == "bad_cell":
        ws.cell(row=10, column=5).value = "n/a"
    elif edit == "gap_years":
        ws.cell(row=6, column=5).value = 1950
    else:
        ws.cell(row=10, column=5).value = -3.0
    wb.save(path)
    with pytest.raises(ValidationError, match=message):
        read_milex(path)


def test_unknown_country_is_listed_with_suggestions_or_skipped_explicitly(tmp_path: Path) -> None:
    path, wb = _copy_workbook(tmp_path)
    for title in (
        "Constant (2023) US$",
        "Current US$",
        "Share of GDP",
        "Per capita",
        "Share of Govt. spending",
    ):
        ws = wb[title]
        for row in ws.iter_rows():
            if row[0].value == "Japan":
                row[0].value = "Japon"
    wb.save(path)
    with pytest.raises(UnknownNameError, match="'Japon'; did you mean: Japan"):
        read_milex(path)
    summary = import_milex(path, skip_unmatched=True)
    assert summary.unmatched[0][0] == "Japon"
    assert "Japon" in sd.info("sipri_milex").entry["notes"]
    assert 740 not in sd.load("sipri_milex")["ccode"].to_list()


def test_not_a_workbook_and_missing_file(tmp_path: Path) -> None:
    fake = tmp_path / "milex.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(ValidationError, match="not a readable Excel workbook"):
        read_milex(fake)
    with pytest.raises(ValidationError, match="does not exist"):
        read_milex(tmp_path / "absent.xlsx")


def test_failed_import_leaves_previous_snapshot_untouched(tmp_path: Path) -> None:
    import_milex(WORKBOOK)
    folder = user_dir()
    manifest_before = (folder / "MANIFEST.json").read_bytes()
    snapshot = folder / json.loads(manifest_before)["datasets"]["sipri_milex"]["file"]
    sha_before = file_sha256(snapshot)
    path, wb = _copy_workbook(tmp_path)
    wb["Share of GDP"].title = "GDP share"
    wb.save(path)
    with pytest.raises(ValidationError):
        import_milex(path)
    assert (folder / "MANIFEST.json").read_bytes() == manifest_before
    assert file_sha256(snapshot) == sha_before
    assert sorted(p.name for p in (folder / "snapshots").iterdir()) == [snapshot.name]
    assert sd.load("sipri_milex").height > 0


def test_reimport_replaces_the_old_file(tmp_path: Path) -> None:
    import_milex(WORKBOOK)
    path, wb = _copy_workbook(tmp_path)
    wb["Constant (2023) US$"].cell(row=10, column=4).value = 1.0
    wb.save(path)
    import_milex(path)
    files = list((user_dir() / "snapshots").iterdir())
    assert len(files) == 1
    assert sd.info("sipri_milex").entry["sources"][0]["sha256"] == file_sha256(path)


def test_unreadable_user_manifest_is_reported_not_overwritten() -> None:
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "MANIFEST.json").write_text("{broken")
    with pytest.raises(DataError, match="cannot be read"):
        import_milex(WORKBOOK)
    assert (folder / "MANIFEST.json").read_text() == "{broken"


# ------------------------------------------------------------------ arms transfers


def test_arms_tables_and_csv_read_together() -> None:
    read = read_arms([*TABLES, FLOWS])
    frame = read.frame
    assert read.summary.years == (1950, 2021)
    assert "28 July 2022" in read.summary.version
    kinds = dict(read.summary.non_states)
    assert kinds == {
        "NATO**": "organisation",
        "Ukraine Rebels*": "nonstate",
        "Unknown recipient(s)": "unknown",
    }
    # non-state recipients are kept (without a code) so that world totals stay complete
    nato = frame.filter(pl.col("recipient") == "NATO**")
    assert nato.height > 0 and nato["ccode2"].null_count() == nato.height
    # a flow in both the Russia table and the China import table is stored once
    pair = frame.filter(
        (pl.col("supplier") == "Russia")
        & (pl.col("recipient") == "China")
        & (pl.col("year") == 2005)
    )
    assert pair["tiv"].to_list() == [3077.0]
    # the Soviet Union and Russia are both COW 365; Germany and East Germany are told apart
    assert set(frame.filter(pl.col("supplier") == "Soviet Union")["ccode1"].to_list()) == {365}
    gdr = frame.filter(pl.col("recipient") == "East Germany (GDR)")
    assert set(gdr["ccode2"].to_list()) == {265}
    ger = frame.filter((pl.col("recipient") == "Germany") & (pl.col("year") == 1985))
    assert set(ger["ccode2"].to_list()) == {260}


def test_arms_values_equal_the_source_cells() -> None:
    rows = _rows(FIXTURES / "TIV-Export-USA-1950-2021.csv")
    header = rows[10]
    japan = next(r for r in rows if r and r[0] == "Japan")
    expected = {int(y): float(v) for y, v in zip(header[1:-1], japan[1:-1], strict=True) if v != ""}
    frame = read_arms(TABLES).frame.filter(
        (pl.col("supplier") == "United States") & (pl.col("recipient") == "Japan")
    )
    got = dict(zip(frame["year"].to_list(), frame["tiv"].to_list(), strict=True))
    assert got == expected


def test_shifted_table_is_rejected(tmp_path: Path) -> None:
    rows = _rows(FIXTURES / "TIV-Export-RUS-1950-2021.csv")
    china = next(i for i, r in enumerate(rows) if r and r[0] == "China")
    cells = rows[china]
    rows[china] = [cells[0], *cells[2:-1], "", cells[-1]]
    with pytest.raises(ValidationError, match=r"China.*adds up to|column adds up"):
        read_arms([_write(rows, tmp_path / "TIV-Export-RUS-1950-2021.csv")])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("title", "neither a SIPRI TIV table"),
        ("header", "no year header row"),
        ("cell", "'abc' is not a TIV figure"),
        ("years", "do not match the title"),
    ],
)
def test_bad_tables_fail_with_file_and_line(tmp_path: Path, edit: str, message: str) -> None:
    rows = _rows(FIXTURES / "TIV-Export-USA-1950-2021.csv")
    if edit == "title":
        rows[0][0] = "Arms exports of the United States"
    elif edit == "header":
        rows[10] = ["Recipient", *rows[10][1:]]
    elif edit == "cell":
        japan = next(r for r in rows if r and r[0] == "Japan")
        japan[60] = "abc"
    else:
        rows[0][0] = "TIV of arms exports from United States, 1950-2020"
    path = _write(rows, tmp_path / "table.csv")
    with pytest.raises(ValidationError, match=message) as info:
        read_arms([path])
    assert "table.csv" in str(info.value)


def test_unknown_recipient_listed_with_suggestion_or_skipped(tmp_path: Path) -> None:
    rows = _rows(FIXTURES / "TIV-Export-UKR-1950-2021.csv")
    for r in rows:
        if r and r[0] == "Pakistan":
            r[0] = "Pakistn"
    path = _write(rows, tmp_path / "TIV-Export-UKR-1950-2021.csv")
    with pytest.raises(UnknownNameError, match="'Pakistn'; did you mean: Pakistan"):
        read_arms([path])
    read = read_arms([path], skip_unmatched=True)
    assert read.summary.unmatched[0][0] == "Pakistn"
    assert set(read.frame.filter(pl.col("recipient") == "Pakistn")["recipient_type"].to_list()) == {
        "unmatched"
    }


def test_files_that_disagree_are_rejected(tmp_path: Path) -> None:
    rows = _rows(FLOWS)
    rows[1][3] = str(float(rows[1][3]) + 7)
    path = _write(rows, tmp_path / "flows.csv")
    with pytest.raises(ValidationError, match="disagree"):
        read_arms([FLOWS, path])


def test_long_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = _write(
        [
            ["supplier", "recipient", "year", "value"],
            ["France", "China", "20x5", "3"],
            ["France", "India", "2005", "-1"],
        ],
        tmp_path / "flows.csv",
    )
    with pytest.raises(
        ValidationError, match=r"flows.csv line 2, column year: '20x5'.*line 3, column value"
    ):
        read_arms([path])


def test_failed_arms_import_keeps_previous(tmp_path: Path) -> None:
    import_arms(TABLES)
    before = sd.load("sipri_arms")
    bad = _write(
        [["supplier", "recipient", "year", "value"], ["Atlantis", "China", "2005", "3"]],
        tmp_path / "x.csv",
    )
    with pytest.raises(UnknownNameError):
        import_arms([bad])
    assert sd.load("sipri_arms").equals(before)


# ------------------------------------------------------------------ CLI


def test_cli_import_commands_report_what_they_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "import", "sipri-milex", str(WORKBOOK)]) == 0
    out = capsys.readouterr().out
    assert "sipri_milex" in out and "1988-2024" in out and "European Union" in out
    assert main(["data", "import", "sipri-arms", *map(str, TABLES), str(FLOWS)]) == 0
    out = capsys.readouterr().out
    assert "Ukraine Rebels*" in out and "stored at" in out
    assert set(sd.list_datasets()) >= {"sipri_milex", "sipri_arms"}


def test_cli_import_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, wb = _copy_workbook(tmp_path)
    wb["Per capita"].title = "Per head"
    wb.save(path)
    assert main(["data", "import", "sipri-milex", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "'Per capita'" in err and "\n" not in err
    assert main(["data", "import", "sipri-arms", str(tmp_path / "absent.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
