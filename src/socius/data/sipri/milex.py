"""Read the SIPRI Military Expenditure Database workbook (nothing is written here)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl

from socius.data.sipri._common import (
    MILEX_DATASET,
    ImportSummary,
    ParsedImport,
    _check_file,
    _listing,
    _short,
)
from socius.data.sipri.names import _SPANS, _resolve
from socius.errors import ValidationError, suggest

_MILEX_SHEETS: tuple[tuple[str, str, str], ...] = (
    # (column, regular expression for the normalised sheet title, title as SIPRI writes it)
    ("milex_constant", r"constant \((\d{4})\) us\$", "Constant (YYYY) US$"),
    ("milex_current", r"current us\$", "Current US$"),
    ("milex_gdp", r"share of gdp", "Share of GDP"),
    ("milex_per_capita", r"per capita", "Per capita"),
    ("milex_gov", r"share of govt\.? spending", "Share of Govt. spending"),
)
_TOP_REGIONS = ("Africa", "Americas", "Asia & Oceania", "Europe", "Middle East")
_SIPRI_CITATION = "Stockholm International Peace Research Institute (SIPRI). {db}. https://www.sipri.org/databases/{path}"


def _norm_title(title: str) -> str:
    return " ".join(title.strip().lower().split())


def _marker(value: Any) -> tuple[float | None, str]:
    """Return ``(number, "value")``, ``(None, "na")`` for ". .", ``(None, "xxx")``, or raise."""
    if value is None:
        return None, "na"
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, int | float):
        return float(value), "value"
    text = str(value).strip()
    squeezed = text.replace(" ", "")
    if squeezed in ("", "..", "..."):
        return None, "na"
    if squeezed.lower() == "xxx":
        return None, "xxx"
    try:
        return float(text.replace(",", "")), "value"
    except ValueError:
        raise TypeError from None


def _cell(col: int, row: int) -> str:
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _sheet_records(
    ws: Any, title: str, column: str, problems: list[str]
) -> tuple[list[tuple[Any, ...]], list[str], list[int]]:
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(
        (
            i
            for i, r in enumerate(rows[:20])
            if r and isinstance(r[0], str) and r[0].strip().lower() == "country"
        ),
        None,
    )
    if header_at is None:
        problems.append(
            f"sheet '{title}' has no header row starting with 'Country' in its first 20 rows; "
            "SIPRI's sheets have one (row 6-8)"
        )
        return [], [], []
    header = rows[header_at]
    year_cols: list[tuple[int, int]] = []
    for j, v in enumerate(header):
        if (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and float(v).is_integer()
            and 1900 <= v <= 2100
        ):
            year_cols.append((j, int(v)))
        elif isinstance(v, str) and v.strip().isdigit() and len(v.strip()) == 4:
            year_cols.append((j, int(v.strip())))
    years = [y for _, y in year_cols]
    if not years:
        problems.append(f"sheet '{title}' header row {header_at + 1} has no year columns")
        return [], [], []
    if years != list(range(years[0], years[0] + len(years))):
        problems.append(
            f"sheet '{title}' header row {header_at + 1}: year columns are not consecutive "
            f"({years[0]}...{years[-1]}); the sheet layout was altered"
        )
        return [], [], []
    notes_col = next(
        (j for j, v in enumerate(header) if isinstance(v, str) and v.strip().lower() == "notes"),
        None,
    )
    region: str | None = None
    subregion: str | None = None
    records: list[tuple[Any, ...]] = []
    headers: list[str] = []
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        if not row or row[0] is None or str(row[0]).strip() == "":
            continue
        name = str(row[0]).strip()
        cells = [row[j] if j < len(row) else None for j, _ in year_cols]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            headers.append(name)
            if name in _TOP_REGIONS:
                region, subregion = name, None
            else:
                subregion = name
            continue
        notes = row[notes_col] if notes_col is not None and notes_col < len(row) else None
        for (j, year), value in zip(year_cols, cells, strict=True):
            try:
                number, mark = _marker(value)
            except TypeError:
                problems.append(
                    f"sheet '{title}' cell {_cell(j, i)} ({name}, {year}): {value!r} is not a number "
                    "or a SIPRI marker ('. .' unavailable, 'xxx' not applicable)"
                )
                continue
            if number is not None and number < 0:
                problems.append(
                    f"sheet '{title}' cell {_cell(j, i)} ({name}, {year}): {number} is negative"
                )
                continue
            records.append(
                (name, region, subregion, None if notes is None else str(notes), year, number, mark)
            )
    return records, headers, years


#: Largest total uncompressed size of a workbook's members that an import accepts.
#: SIPRI's Military Expenditure Database workbook (1949-2024) unpacks to 3.7 MB; the limit
#: refuses a "zip bomb" (a small file that unpacks to gigabytes) before parsing.
MAX_WORKBOOK_UNPACKED = 256 * 1024 * 1024
#: Largest ratio of uncompressed to compressed size of one member.
MAX_MEMBER_RATIO = 200


def check_workbook_size(src: Path, *, limit: int | None = None) -> None:
    """Refuse a workbook whose members unpack past :data:`MAX_WORKBOOK_UNPACKED` bytes.

    The sizes come from the archive's directory; ``zipfile`` (used by openpyxl)
    never decompresses a member past its declared size, so the check bounds memory.

    Raises
    ------
    ValidationError
        Not a zip archive (so not an .xlsx), or too large once unpacked.
    """
    cap = MAX_WORKBOOK_UNPACKED if limit is None else limit
    try:
        with zipfile.ZipFile(src) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ValidationError(
            f"'{src}' is not a readable Excel workbook ({type(exc).__name__}: {exc}); give the .xlsx "
            "file downloaded from https://www.sipri.org/databases/milex"
        ) from None
    total = sum(m.file_size for m in members)
    worst = max(members, key=lambda m: m.file_size / max(m.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst is not None else 0.0
    if total > cap or (
        ratio > MAX_MEMBER_RATIO and worst is not None and worst.file_size > 1 << 20
    ):
        raise ValidationError(
            f"workbook '{src.name}' unpacks to {total / 2**20:,.0f} MiB (member "
            f"'{worst.filename if worst else ''}' is compressed {ratio:,.0f}:1); the limit is "
            f"{cap / 2**20:,.0f} MiB and {MAX_MEMBER_RATIO}:1, and SIPRI's workbook unpacks to "
            "about 4 MB; give the unmodified SIPRI download"
        )


def read_milex(path: str | os.PathLike[str], *, skip_unmatched: bool = False) -> ParsedImport:
    """Read and validate a SIPRI Military Expenditure Database workbook (nothing is written).

    Returns an object with ``frame`` (one row per COW state-year: ``ccode, year,
    country, region, subregion, milex_constant, milex_current, milex_gdp,
    milex_per_capita, milex_gov, sipri_notes``) and ``summary``.

    Raises
    ------
    ValidationError
        The file is not an xlsx workbook, a sheet is missing or renamed, a header row
        is missing, or cells hold text that is neither a number nor a SIPRI marker.
    UnknownNameError
        Country names that match no state, listed with suggestions (unless
        *skip_unmatched*).
    """
    src = _check_file(path)
    check_workbook_size(src)
    import openpyxl

    handle = src.open("rb")  # ours, so that it is closed whatever openpyxl raises
    try:
        wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for non-workbooks
        handle.close()
        raise ValidationError(
            f"'{src}' is not a readable Excel workbook ({type(exc).__name__}: {exc}); give the .xlsx file "
            "downloaded from https://www.sipri.org/databases/milex"
        ) from exc
    try:
        titles = list(wb.sheetnames)
        chosen: dict[str, str] = {}
        base_year: int | None = None
        missing: list[str] = []
        for column, pattern, shown in _MILEX_SHEETS:
            hit = next((t for t in titles if re.fullmatch(pattern, _norm_title(t))), None)
            if hit is None:
                missing.append(f"'{shown}'{suggest(shown, titles)}")
                continue
            chosen[column] = hit
            if column == "milex_constant":
                m = re.fullmatch(pattern, _norm_title(hit))
                base_year = int(m.group(1)) if m else None
        if missing:
            raise ValidationError(
                f"workbook '{src.name}' lacks the sheet(s) {', '.join(missing)}; it has: {', '.join(titles)}; "
                "import the unmodified SIPRI Military Expenditure Database workbook (sheet names as SIPRI writes them)"
            )
        problems: list[str] = []
        frames: list[pl.DataFrame] = []
        region_rows: list[str] = []
        span: tuple[int, int] | None = None
        schema = {
            "country": pl.String,
            "region": pl.String,
            "subregion": pl.String,
            "sipri_notes": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "mark": pl.String,
        }
        for column, _, _ in _MILEX_SHEETS:
            records, headers, years = _sheet_records(
                wb[chosen[column]], chosen[column], column, problems
            )
            frame = pl.DataFrame(records, schema=schema, orient="row").with_columns(
                pl.lit(column).alias("measure")
            )
            frames.append(frame)
            if column == "milex_constant":
                region_rows = list(dict.fromkeys(headers))
                span = (years[0], years[-1]) if years else None
    except (SyntaxError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        # ElementTree's ParseError (an XML entity, a truncated or malformed sheet) is a
        # SyntaxError; a damaged archive member is BadZipFile or EOFError
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(
            f"workbook '{src.name}' cannot be parsed ({type(exc).__name__}: "
            f"{' '.join(str(exc).split())[:200]}); give the unmodified .xlsx file downloaded from "
            "https://www.sipri.org/databases/milex"
        ) from None
    finally:
        wb.close()
        handle.close()
    if problems:
        raise ValidationError(
            _listing(f"workbook '{src.name}' has {len(problems)} problem(s)", problems)
        )
    assert span is not None and base_year is not None
    long = pl.concat(frames)
    return _finish_milex(long, src, span, base_year, region_rows, skip_unmatched)


def _finish_milex(
    long: pl.DataFrame,
    src: Path,
    span: tuple[int, int],
    base_year: int,
    region_rows: list[str],
    skip_unmatched: bool,
) -> ParsedImport:
    measures = [c for c, _, _ in _MILEX_SHEETS]
    meta = (
        long.filter(pl.col("measure") == "milex_constant")
        .select("country", "region", "subregion", "sipri_notes")
        .unique("country", keep="first")
    )
    wide = long.pivot(
        on="measure", index=["country", "year"], values="value", aggregate_function="first"
    )
    marks = long.pivot(
        on="measure", index=["country", "year"], values="mark", aggregate_function="first"
    )
    for m in measures:
        if m not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(m))
        if m not in marks.columns:
            marks = marks.with_columns(pl.lit(None, dtype=pl.String).alias(m))
    # a state-year exists when some sheet gives a value or marks it unavailable (". ."),
    # not when every sheet marks it 'xxx' (no such state) or lacks the year
    exists = marks.select(
        "country",
        "year",
        pl.any_horizontal(
            [pl.col(m).is_in(["value", "na"]).fill_null(False) for m in measures]
        ).alias("_exists"),
    )
    wide = wide.join(exists, on=["country", "year"]).filter(pl.col("_exists")).drop("_exists")
    # SIPRI prints 0 in some sheets where the constant-price sheet has no zero: not a true zero
    zero_fix = [
        pl.when(
            (pl.col(m) == 0)
            & (pl.col("milex_constant").is_null() | (pl.col("milex_constant") != 0))
        )
        .then(None)
        .otherwise(pl.col(m))
        .alias(m)
        for m in measures
        if m != "milex_constant"
    ]
    zeros = wide.filter(
        pl.any_horizontal(
            [
                (pl.col(m) == 0)
                & (pl.col("milex_constant").is_null() | (pl.col("milex_constant") != 0))
                for m in measures
                if m != "milex_constant"
            ]
        )
    )
    wide = wide.with_columns(zero_fix)
    pairs = wide.select(pl.col("country").alias("name"), "year").unique()
    coded, info = _resolve(pairs, skip_unmatched=skip_unmatched, what="country")
    wide = wide.join(coded.rename({"name": "country"}), on=["country", "year"], how="left")
    has_value = pl.any_horizontal([pl.col(m).is_not_null() for m in measures])
    notes: list[str] = []
    if zeros.height:
        names = sorted(set(zeros["country"].to_list()))
        notes.append(
            f"{zeros.height} state-years with 0 in a sheet while the constant-price sheet shows no 0 are "
            f"stored as missing: {_short(names)}"
        )
    out_of_span = pl.lit(False)
    for name, (lo, hi) in _SPANS.items():
        cond = pl.col("country") == name
        bounds = pl.lit(False)
        if lo is not None:
            bounds = bounds | (pl.col("year") < lo)
        if hi is not None:
            bounds = bounds | (pl.col("year") > hi)
        out_of_span = out_of_span | (cond & bounds)
    dropped_span = wide.filter(out_of_span & has_value)
    if dropped_span.height:
        notes.append(
            "values outside the entity's years are not used (its predecessor or successor row covers them): "
            + _short([f"{r['country']} {r['year']}" for r in dropped_span.iter_rows(named=True)])
        )
    no_code = wide.filter(
        (pl.col("kind") == "state") & pl.col("ccode").is_null() & has_value & ~out_of_span
    )
    if no_code.height:
        notes.append(
            "values in years when the name is not a COW state are not used: "
            + _short([f"{r['country']} {r['year']}" for r in no_code.iter_rows(named=True)])
        )
    if info["unmatched"]:
        notes.append("unmatched names skipped: " + ", ".join(n for n, _ in info["unmatched"]))
    states = wide.filter((pl.col("kind") == "state") & pl.col("ccode").is_not_null() & ~out_of_span)
    dupes = states.filter(pl.struct("ccode", "year").is_duplicated() & has_value)
    conflicts = (
        dupes.group_by("ccode", "year")
        .agg(pl.col("country"), *[(pl.col(m).is_not_null().sum() > 1).alias(m) for m in measures])
        .filter(pl.any_horizontal(measures))
    )
    if conflicts.height:
        listed = [
            f"{'/'.join(r['country'])} (COW {r['ccode']}) {r['year']}"
            for r in conflicts.iter_rows(named=True)
        ]
        raise ValidationError(_listing("two rows give values for the same COW state-year", listed))
    frame = (
        states.group_by("ccode", "year")
        .agg(
            pl.col("country").sort_by(has_value, descending=True).first(),
            *[pl.col(m).drop_nulls().first().alias(m) for m in measures],
        )
        .join(meta, on="country", how="left")
        .select(
            pl.col("ccode").cast(pl.Int32),
            pl.col("year").cast(pl.Int32),
            "country",
            "region",
            "subregion",
            *measures,
            "sipri_notes",
        )
        .sort("ccode", "year")
    )
    if frame.is_empty():
        raise ValidationError(
            f"workbook '{src.name}' holds no state-year with data; is it the SIPRI milex workbook?"
        )
    version = f"{span[0]}-{span[1]} (constant {base_year} US$)"
    summary = ImportSummary(
        dataset=MILEX_DATASET,
        version=version,
        files=(src.name,),
        rows=frame.height,
        states=frame["ccode"].n_unique(),
        years=span,
        non_states=tuple(info["non_states"]),
        region_rows=tuple(region_rows),
        unmatched=tuple(info["unmatched"]),
        notes=tuple(notes),
    )
    entry = _milex_entry(frame, base_year, span, version, notes)
    return ParsedImport(frame, summary, entry)


def _milex_entry(
    frame: pl.DataFrame, base: int, span: tuple[int, int], version: str, notes: list[str]
) -> dict[str, Any]:
    cols = {
        "ccode": "COW state code",
        "year": "calendar year (SIPRI converts financial years)",
        "country": "SIPRI country name",
        "region": "SIPRI region (Africa, Americas, Asia & Oceania, Europe, Middle East)",
        "subregion": "SIPRI subregion (null where the region has none)",
        "milex_constant": f"military expenditure, US$ m. at constant {base} prices and exchange rates",
        "milex_current": "military expenditure, US$ m. at current prices and exchange rates",
        "milex_gdp": "military expenditure as a share of GDP [0, 1]",
        "milex_per_capita": "military expenditure per capita, current US$ (from 1988)",
        "milex_gov": "military expenditure as a share of general government expenditure [0, 1] (from 1988)",
        "sipri_notes": "SIPRI note marks: † no military pensions, ‡ current spending only, § adopted budget, "
        "¶ no paramilitary forces, ‖ currency changed; numbers refer to the workbook's Footnotes sheet",
    }
    return {
        "title": "SIPRI Military Expenditure Database (imported by the user)",
        "description": "Military expenditure by country and year in constant and current US$, share of GDP, "
        "per capita and share of government spending.",
        "upstream": "SIPRI Military Expenditure Database",
        "version": version,
        "publisher": "Stockholm International Peace Research Institute (SIPRI)",
        "citation_text": _SIPRI_CITATION.format(
            db="SIPRI Military Expenditure Database", path="milex"
        ),
        "citation_bibtex": "@misc{sipri_milex,\n  author = {{Stockholm International Peace Research Institute}},\n"
        "  title = {{SIPRI} Military Expenditure Database},\n  url = {https://www.sipri.org/databases/milex},\n"
        f"  note = {{Data {span[0]}--{span[1]}}}\n}}",
        "licence": "SIPRI terms: free for non-commercial use with attribution; not redistributed by socius",
        "unit": "state-year",
        "key": ["ccode", "year"],
        "coverage": {"start": span[0], "end": span[1]},
        "price_base": base,
        "columns": {c: {"type": str(frame.schema[c]), "description": d} for c, d in cols.items()},
        "notes": " ".join(notes),
    }
