"""Read SIPRI arms-transfer TIV tables and supplier-recipient-year CSV files."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from socius.data.sipri._common import (
    ARMS_DATASET,
    ImportSummary,
    ParsedImport,
    _check_file,
    _listing,
    _short,
)
from socius.data.sipri.names import _resolve
from socius.errors import ValidationError

_TIV_TITLE = re.compile(
    r"^\s*TIV of arms (?P<dir>exports from|imports to) (?P<name>.+?),\s*(?P<y0>\d{4})\s*-\s*(?P<y1>\d{4})\s*$"
)


def _read_text(src: Path) -> str:
    raw = src.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        f"'{src}' is neither UTF-8 nor Windows-1252 text; save the SIPRI CSV export again"
    )


def _number(text: str) -> float:
    value = float(text.strip().replace(",", ""))
    if value < 0 or value != value:
        raise ValueError(text)
    return value


def _parse_tiv_table(
    src: Path, rows: list[list[str]], problems: list[str]
) -> tuple[list[tuple[Any, ...]], tuple[int, int]]:
    m = _TIV_TITLE.match(rows[0][0] if rows and rows[0] else "")
    assert m is not None
    party = m.group("name").strip()
    exports = m.group("dir") == "exports from"
    y0, y1 = int(m.group("y0")), int(m.group("y1"))
    header_at = next(
        (
            i
            for i, r in enumerate(rows[:40])
            if len(r) > 2 and r[0].strip() == "" and r[1].strip().isdigit()
        ),
        None,
    )
    if header_at is None:
        problems.append(
            f"{src.name}: no year header row (',{y0},{y0 + 1},...,Total') in the first 40 lines"
        )
        return [], (y0, y1)
    header = [c.strip() for c in rows[header_at]]
    while header and header[-1] == "":
        header.pop()
    if header[-1].lower() != "total":
        problems.append(
            f"{src.name} line {header_at + 1}: the last column should be 'Total', found '{header[-1]}'"
        )
        return [], (y0, y1)
    try:
        years = [int(h) for h in header[1:-1]]
    except ValueError:
        problems.append(
            f"{src.name} line {header_at + 1}: year header has a non-year cell: {header[1:-1]}"
        )
        return [], (y0, y1)
    if years != list(range(y0, y1 + 1)):
        problems.append(
            f"{src.name} line {header_at + 1}: year columns {years[0]}-{years[-1]} do not match the title's {y0}-{y1}"
        )
        return [], (y0, y1)
    width = len(header)
    records: list[tuple[Any, ...]] = []
    column_sums = [0.0] * len(years)
    column_cells = [0] * len(years)
    totals_row: list[str] | None = None
    for i in range(header_at + 1, len(rows)):
        row = [c.strip() for c in rows[i]]
        if not any(row):
            continue
        row = row + [""] * (width - len(row))
        if any(row[width:]):
            problems.append(
                f"{src.name} line {i + 1}: {len(rows[i])} cells, the header has {width}"
            )
            continue
        name = row[0]
        if name.lower() == "total":
            totals_row = row
            continue
        values: list[float] = []
        for k, (year, text) in enumerate(zip(years, row[1 : width - 1], strict=True)):
            if text == "":
                continue
            try:
                value = _number(text)
            except ValueError:
                problems.append(
                    f"{src.name} line {i + 1}, column {year} ({name}): '{text}' is not a TIV figure"
                )
                continue
            values.append(value)
            column_sums[k] += value
            column_cells[k] += 1
            supplier, recipient = (party, name) if exports else (name, party)
            records.append((supplier, recipient, year, value, src.name))
        total = row[width - 1]
        if total and values and abs(sum(values) - _safe(total)) > 0.5 * len(values) + 0.5:
            problems.append(
                f"{src.name} line {i + 1} ({name}): the years add up to {sum(values):g} but Total says {total}; "
                "the table layout was altered (columns shifted or cells edited)"
            )
    if totals_row is not None:
        for k, year in enumerate(years):
            text = totals_row[k + 1]
            if text and abs(column_sums[k] - _safe(text)) > 0.5 * column_cells[k] + 0.5:
                problems.append(
                    f"{src.name}: the {year} column adds up to {column_sums[k]:g} but the Total row says {text}; "
                    "rows were removed or edited"
                )
    return records, (y0, y1)


def _safe(text: str) -> float:
    try:
        return _number(text)
    except ValueError:
        return float("nan")


#: A SIPRI TIV table (one state's exports or imports) is well under 1 MB; larger files
#: are refused before they are read into memory as rows of text.
MAX_TIV_TABLE_BYTES = 64 * 1024 * 1024
_MAX_LINE_PROBLEMS = 100
_LONG_SCHEMA = {
    "supplier": pl.String,
    "recipient": pl.String,
    "year": pl.Int32,
    "tiv": pl.Float64,
    "file": pl.String,
}


def _first_line(src: Path) -> str:
    with src.open("rb") as fh:
        head = fh.read(64 * 1024)
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return head.decode(enc).splitlines()[0] if head.strip() else ""
        except UnicodeDecodeError:
            continue
    return head.decode("utf-8", errors="replace").splitlines()[0]


def _scan_long_csv(src: Path) -> pl.DataFrame:
    """The four needed columns of a long CSV, read by polars' streaming engine
    (bounded memory: no Python row objects, only the projected columns)."""
    header = [h.strip().lstrip("\ufeff").lower() for h in next(csv.reader([_first_line(src)]))]
    value_col = "value" if "value" in header else "tiv"
    raw_names = next(csv.reader([_first_line(src)]))
    pick = {raw_names[header.index(c)]: c for c in ("supplier", "recipient", "year", value_col)}
    try:
        lazy = pl.scan_csv(src, infer_schema=False, encoding="utf8")
        return lazy.select([pl.col(k).alias(v) for k, v in pick.items()]).collect(
            engine="streaming"
        )
    except pl.exceptions.ComputeError as exc:
        if "utf" not in str(exc).lower():
            raise
    data = io.BytesIO(_read_text(src).encode("utf-8"))  # Windows-1252: rare and small
    frame = pl.read_csv(data, infer_schema=False)
    return frame.select([pl.col(k).alias(v) for k, v in pick.items()])


def _parse_long_csv(src: Path, problems: list[str]) -> tuple[pl.DataFrame, tuple[int, int]]:
    """Validate a ``supplier, recipient, year, value`` CSV, vectorised; report bad lines."""
    header = [h.strip().lstrip("\ufeff").lower() for h in next(csv.reader([_first_line(src)]))]
    value_col = "value" if "value" in header else "tiv"
    try:
        cols = _scan_long_csv(src)
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        problems.append(f"{src.name}: cannot be read as CSV ({reason})")
        return pl.DataFrame(schema=_LONG_SCHEMA), (0, 0)
    year_text = pl.col("year").str.strip_chars()
    value_num = (
        pl.col(value_col).str.strip_chars().str.replace_all(",", "").cast(pl.Float64, strict=False)
    )
    checked = (
        cols.with_row_index("line", offset=2)
        .with_columns(
            pl.col("supplier").str.strip_chars(),
            pl.col("recipient").str.strip_chars(),
            year_text.alias("_year_text"),
            pl.col(value_col).str.strip_chars().fill_null("").alias("_value_text"),
            year_text.cast(pl.Int32, strict=False).alias("_year"),
            value_num.alias("_value"),
        )
        .with_columns(
            (
                pl.col("supplier").fill_null("").eq("") | pl.col("recipient").fill_null("").eq("")
            ).alias("_bad_names"),
            (
                ~pl.col("_year_text").fill_null("").str.contains(r"^\d{4}$")
                | ~pl.col("_year").is_between(1900, 2100).fill_null(False)
            ).alias("_bad_year"),
            (pl.col("_value").is_null() | pl.col("_value").is_nan() | (pl.col("_value") < 0)).alias(
                "_bad_value"
            ),
        )
    )
    bad = checked.filter(pl.col("_bad_names") | pl.col("_bad_year") | pl.col("_bad_value"))
    if bad.height > _MAX_LINE_PROBLEMS:
        problems.append(
            f"{src.name}: {bad.height:,} bad lines (the first {_MAX_LINE_PROBLEMS} are listed)"
        )
    for r in bad.head(_MAX_LINE_PROBLEMS).iter_rows(named=True):
        i = r["line"]
        if r["_bad_names"]:
            problems.append(f"{src.name} line {i}: supplier and recipient must not be empty")
        if r["_bad_year"]:
            problems.append(
                f"{src.name} line {i}, column year: '{r['_year_text'] or ''}' is not a year (1950, 2021...)"
            )
        if r["_bad_value"]:
            problems.append(
                f"{src.name} line {i}, column {value_col}: '{r['_value_text']}' is not a non-negative TIV figure"
            )
    good = checked.filter(~(pl.col("_bad_names") | pl.col("_bad_year") | pl.col("_bad_value")))
    frame = good.select(
        "supplier",
        "recipient",
        pl.col("_year").alias("year"),
        pl.col("_value").alias("tiv"),
        pl.lit(src.name).alias("file"),
    )
    span = (int(frame["year"].min()), int(frame["year"].max())) if frame.height else (0, 0)  # type: ignore[arg-type]
    return frame, span


def read_arms(
    paths: Sequence[str | os.PathLike[str]], *, skip_unmatched: bool = False
) -> ParsedImport:
    """Read and validate SIPRI arms-transfer files (nothing is written).

    Each file is either a SIPRI TIV table ("TIV of arms exports from X, 1950-2021" or
    "TIV of arms imports to X, ...": header lines, a year header row, one row per
    partner, a Total column and a Total row) or a CSV with columns ``supplier,
    recipient, year, value`` (``tiv`` is accepted for ``value``).

    Returns an object with ``frame`` (``year, supplier, recipient, ccode1, ccode2,
    supplier_type, recipient_type, tiv``; ccode1 is the supplier, ccode2 the recipient)
    and ``summary``. A flow given by two files must agree.
    """
    if not paths:
        raise ValidationError(
            "no arms-transfer file given; pass one or more SIPRI TIV tables or CSV files"
        )
    problems: list[str] = []
    records: list[tuple[Any, ...]] = []
    spans: list[tuple[int, int]] = []
    sources: list[Path] = []
    generated: list[str] = []
    long_frames: list[pl.DataFrame] = []
    for p in paths:
        src = _check_file(p)
        sources.append(src)
        first = _first_line(src)
        header = {h.strip().lstrip("\ufeff").lower() for h in next(csv.reader([first]), [])}
        if _TIV_TITLE.match(next(csv.reader([first]), [""])[0] if first else ""):
            size = src.stat().st_size
            if size > MAX_TIV_TABLE_BYTES:
                problems.append(
                    f"{src.name}: {size / 2**20:,.0f} MiB is far larger than a SIPRI TIV table "
                    f"(limit {MAX_TIV_TABLE_BYTES / 2**20:,.0f} MiB); give the tables as downloaded"
                )
                continue
            rows = list(csv.reader(io.StringIO(_read_text(src))))
            recs, span = _parse_tiv_table(src, rows, problems)
            generated.extend(
                r[0].split(":", 1)[1].strip()
                for r in rows[:15]
                if r and r[0].lower().startswith("generated:")
            )
            records.extend(recs)
        elif {"supplier", "recipient", "year"} <= header and header & {"value", "tiv"}:
            frame, span = _parse_long_csv(src, problems)
            long_frames.append(frame)
            recs = [()] * min(frame.height, 1)
        elif not first.strip():
            problems.append(f"{src.name}: the file is empty")
            continue
        else:
            problems.append(
                f"{src.name}: neither a SIPRI TIV table (first line 'TIV of arms exports from <state>, 1950-2021') "
                "nor a CSV with columns supplier, recipient, year, value"
            )
            continue
        if recs or span != (0, 0):
            spans.append(span)
    if problems:
        raise ValidationError(
            _listing(f"{len(problems)} problem(s) in the arms-transfer file(s)", problems)
        )
    raw = pl.concat(
        [pl.DataFrame(records, schema=_LONG_SCHEMA, orient="row"), *long_frames], how="vertical"
    )
    if not raw.height:
        raise ValidationError("the arms-transfer file(s) hold no transfers")
    clash = (
        raw.group_by("supplier", "recipient", "year")
        .agg(pl.col("tiv").n_unique().alias("n"), pl.col("tiv"), pl.col("file"))
        .filter(pl.col("n") > 1)
    )
    if clash.height:
        listed = [
            f"{r['supplier']} -> {r['recipient']} {r['year']}: "
            + ", ".join(f"{v:g} in {f}" for v, f in zip(r["tiv"], r["file"], strict=True))
            for r in clash.sort("supplier", "recipient", "year").iter_rows(named=True)
        ]
        raise ValidationError(_listing("the files disagree on some transfers", listed))
    flows = raw.unique(["supplier", "recipient", "year"], keep="first").drop("file")
    pairs = pl.concat(
        [
            flows.select(pl.col("supplier").alias("name"), "year"),
            flows.select(pl.col("recipient").alias("name"), "year"),
        ]
    ).unique()
    coded, info = _resolve(pairs, skip_unmatched=skip_unmatched, what="supplier/recipient")
    side = coded.select("name", "year", "ccode", "kind")
    frame = (
        flows.join(
            side.rename({"name": "supplier", "ccode": "ccode1", "kind": "supplier_type"}),
            on=["supplier", "year"],
        )
        .join(
            side.rename({"name": "recipient", "ccode": "ccode2", "kind": "recipient_type"}),
            on=["recipient", "year"],
        )
        .select(
            "year",
            "supplier",
            "recipient",
            "ccode1",
            "ccode2",
            "supplier_type",
            "recipient_type",
            "tiv",
        )
        .sort("supplier", "recipient", "year")
    )
    notes: list[str] = []
    lost = frame.filter(
        ((pl.col("supplier_type") == "state") & pl.col("ccode1").is_null())
        | ((pl.col("recipient_type") == "state") & pl.col("ccode2").is_null())
    )
    if lost.height:
        names = sorted(
            {f"{r['supplier']} -> {r['recipient']} {r['year']}" for r in lost.iter_rows(named=True)}
        )
        notes.append(
            f"{lost.height} transfers name a state outside its COW membership years (kept, no code): {_short(names)}"
        )
    if info["unmatched"]:
        notes.append(
            "unmatched names kept without a code: " + ", ".join(n for n, _ in info["unmatched"])
        )
    notes.append(
        "TIV '0' means deliveries worth less than 0.5 million TIV; a missing flow means none recorded"
    )
    span = (min(s[0] for s in spans), max(s[1] for s in spans))
    files = tuple(s.name for s in sources)
    when = sorted(set(generated))
    version = f"TIV {span[0]}-{span[1]}" + (f" (generated {', '.join(when)})" if when else "")
    codes = pl.concat([frame["ccode1"], frame["ccode2"]]).drop_nulls()
    summary = ImportSummary(
        dataset=ARMS_DATASET,
        version=version,
        files=files,
        rows=frame.height,
        states=codes.n_unique(),
        years=span,
        non_states=tuple(info["non_states"]),
        unmatched=tuple(info["unmatched"]),
        notes=tuple(notes),
    )
    return ParsedImport(frame, summary, _arms_entry(frame, span, version, notes))


def _arms_entry(
    frame: pl.DataFrame, span: tuple[int, int], version: str, notes: list[str]
) -> dict[str, Any]:
    kinds = "state, organisation (SIPRI **), nonstate (armed non-state actor, SIPRI *), territory, unknown, unmatched"
    cols = {
        "year": "year of delivery",
        "supplier": "SIPRI supplier name",
        "recipient": "SIPRI recipient name",
        "ccode1": "COW code of the supplier (null if not a state)",
        "ccode2": "COW code of the recipient (null if not a state)",
        "supplier_type": kinds,
        "recipient_type": kinds,
        "tiv": "SIPRI trend-indicator value, millions (a volume measure at constant 1990 prices, not US$)",
    }
    return {
        "title": "SIPRI Arms Transfers Database, TIV by supplier, recipient and year (imported by the user)",
        "description": "Volume of deliveries of major conventional weapons, supplier-recipient-year.",
        "upstream": "SIPRI Arms Transfers Database (TIV tables)",
        "version": version,
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "citation_text": "Information from the SIPRI Arms Transfers Database, Stockholm International "
        "Peace Research Institute, https://www.sipri.org/databases/armstransfers",
        "citation_bibtex": "@misc{sipri_arms,\n  author = {{Stockholm International Peace Research Institute}},\n"
        "  title = {{SIPRI} Arms Transfers Database},\n  url = {https://www.sipri.org/databases/armstransfers},\n"
        f"  note = {{Trend-indicator values {span[0]}--{span[1]}}}\n}}",
        "licence": "SIPRI terms: free for non-commercial use with attribution; not redistributed by socius",
        "unit": "directed dyad-year (supplier, recipient)",
        "key": ["supplier", "recipient", "year"],
        "coverage": {"start": span[0], "end": span[1]},
        "columns": {c: {"type": str(frame.schema[c]), "description": d} for c, d in cols.items()},
        "notes": " ".join(notes),
    }
