"""Build the small SIPRI fixtures in this folder from the full files in ../shared.

Run from the repository root: ``python tests/data/sipri/build_fixtures.py``. The
fixtures keep SIPRI's layout (title and note lines, header rows, region header rows,
sheet names, markers) so that the importers are tested on the real structure, but
hold only a handful of states and years (see README.md).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
RAW = HERE.parents[2].parent / "shared" / "data" / "raw"
WORKBOOK = RAW / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"
TABLES = RAW / "sipri_arms_transfers" / "trademap-raw"
FLOWS = RAW / "sipri_arms_transfers" / "sipri-exports-processed.csv"

COUNTRIES = (
    "China",
    "Japan",
    "Korea, North",
    "Korea, South",
    "India",
    "United States of America",
    "Russia",
    "USSR",
    "European Union",
)
FIRST_YEAR = 1988
TOP_REGIONS = ("Africa", "Americas", "Asia & Oceania", "Europe", "Middle East")
DATA_SHEETS = (
    "Constant (2023) US$",
    "Current US$",
    "Share of GDP",
    "Per capita",
    "Share of Govt. spending",
)
TEXT_ROWS = {
    "Front page": 1,
    "Regional totals": 7,
    "Local currency financial years": 7,
    "Local currency calendar years": 6,
    "Footnotes": 10,
}
EXPORTS = {
    "RUS": ("China", "India", "Viet Nam", "Unknown recipient(s)", "Ukraine Rebels*"),
    "USA": ("Japan", "South Korea", "Taiwan", "Germany", "NATO**"),
    "USR": ("China", "India", "East Germany (GDR)", "Viet Nam"),
    "UKR": ("China", "India", "Pakistan"),
}
IMPORTS_TO = ("China", ("Russia", "Soviet Union", "Ukraine", "France"))
FLOW_SUPPLIERS, FLOW_RECIPIENTS, FLOW_YEARS = ("France", "Israel"), ("China", "India"), (2000, 2010)


def build_workbook() -> None:
    src = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for title in src.sheetnames:
        rows = list(src[title].iter_rows(values_only=True))
        ws = out.create_sheet(title)
        if title not in DATA_SHEETS:
            for row in rows[: TEXT_ROWS[title]]:
                ws.append(list(row))
            continue
        at = next(i for i, r in enumerate(rows) if r and r[0] == "Country")
        header = rows[at]
        first = next(j for j, v in enumerate(header) if isinstance(v, int))
        keep = list(range(first)) + [
            j for j, v in enumerate(header) if isinstance(v, int) and v >= FIRST_YEAR
        ]
        for row in rows[:at]:
            ws.append([row[0]])
        ws.append([header[j] for j in keep])
        if not any(rows[at + 1]):
            ws.append([None])
        top: str | None = None
        sub: str | None = None
        written: set[str] = set()
        for row in rows[at + 1 :]:
            if not row or row[0] is None:
                continue
            cells = [row[j] if j < len(row) else None for j in keep]
            if all(v is None for v in cells[first:]):
                if row[0] in TOP_REGIONS:
                    top, sub = str(row[0]), None
                else:
                    sub = str(row[0])
                continue
            if row[0] not in COUNTRIES:
                continue
            for head in (top, sub):
                if head is not None and head not in written:
                    written.add(head)
                    ws.append([head])
            ws.append(cells)
    out.save(HERE / "SIPRI-Milex-fixture.xlsx")


def _table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(rows: list[list[str]], path: Path) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _with_totals(head: list[list[str]], body: list[list[str]]) -> list[list[str]]:
    width = len(head[-1])
    totals = ["Total"]
    for j in range(1, width):
        vals = [float(r[j]) for r in body if r[j] != ""]
        totals.append(str(round(sum(vals))) if vals else "")
    return [*head, *body, [""] * width, totals]


def build_tables() -> None:
    for code, keep in EXPORTS.items():
        rows = _table(TABLES / f"TIV-Export-{code}-1950-2021.csv")
        at = next(
            i for i, r in enumerate(rows) if r and r[0] == "" and len(r) > 1 and r[1] == "1950"
        )
        body = [r for r in rows[at + 1 :] if r and r[0] in keep]
        _write(_with_totals(rows[: at + 1], body), HERE / f"TIV-Export-{code}-1950-2021.csv")
    recipient, suppliers = IMPORTS_TO
    files = {"Russia": "RUS", "Soviet Union": "USR", "Ukraine": "UKR", "France": "FRA"}
    template = _table(TABLES / "TIV-Export-RUS-1950-2021.csv")
    at = next(
        i for i, r in enumerate(template) if r and r[0] == "" and len(r) > 1 and r[1] == "1950"
    )
    head = [list(r) for r in template[: at + 1]]
    head[0][0] = f"TIV of arms imports to {recipient}, 1950-2021"
    body = []
    for supplier in suppliers:
        rows = _table(TABLES / f"TIV-Export-{files[supplier]}-1950-2021.csv")
        row = next(r for r in rows if r and r[0] == recipient)
        body.append([supplier, *row[1:]])
    _write(_with_totals(head, body), HERE / "TIV-Import-CHN-1950-2021.csv")


def build_flows() -> None:
    rows = _table(FLOWS)
    header = rows[0]
    idx = {c: header.index(c) for c in ("supplier", "recipient", "year", "value")}
    keep = [
        [r[idx["supplier"]], r[idx["recipient"]], r[idx["year"]], r[idx["value"]]]
        for r in rows[1:]
        if r[idx["supplier"]] in FLOW_SUPPLIERS
        and r[idx["recipient"]] in FLOW_RECIPIENTS
        and FLOW_YEARS[0] <= int(r[idx["year"]]) <= FLOW_YEARS[1]
    ]
    _write(
        [["supplier", "recipient", "year", "value"], *sorted(keep)],
        HERE / "sipri-flows-fixture.csv",
    )


if __name__ == "__main__":
    build_workbook()
    build_tables()
    build_flows()
