"""Incidents: Japan's air-defence scrambles (bundled curated table) and user-supplied
incident series (a CSV with the schema below, validated on reading).

User CSV schema (UTF-8, header row, one row per observation):

=============  =========  ==============================================================
column         required   content
=============  =========  ==============================================================
date | year |  one of     ISO date ``2023-04-01``, calendar year ``2023``, or Japanese-style
fiscal_year    the three  fiscal year ``2023`` (give exactly one of the three columns)
series         yes        name of the series, e.g. ``scrambles`` or ``incursions``
origin         yes        state of origin (COW code, ISO3/COW abbreviation or name), or
                          ``unknown``, ``other`` or ``all``
count          yes        number of incidents, a whole number >= 0
source         yes        where the figure comes from (citation or URL)
note           no         free text
=============  =========  ==============================================================

Examples
--------
>>> s = scrambles(years=(2016, 2016), origins=["china"])
>>> int(s["scrambles"][0])
851
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from socius.codes import to_ccode
from socius.data import load
from socius.errors import SociusError, ValidationError, suggest
from socius.indicators._common import (
    Years,
    check_period,
    coverage,
    finish,
    source_label,
    to_polars,
)

__all__ = [
    "INCIDENT_COLUMNS",
    "SCRAMBLE_ORIGINS",
    "incident_counts",
    "read_incidents",
    "scramble_change",
    "scrambles",
]

#: scramble origin column -> COW code of the origin state (None: not one state)
SCRAMBLE_ORIGINS: dict[str, int | None] = {
    "total": None,
    "china": 710,
    "russia": 365,
    "taiwan": 713,
    "north_korea": 731,
    "other": None,
}
INCIDENT_COLUMNS = ("date", "year", "fiscal_year", "series", "origin", "count", "source", "note")
_TIME_COLUMNS = ("date", "year", "fiscal_year")
_ORIGIN_WORDS = ("unknown", "other", "all")
_MAX_LISTED = 12


def scrambles(*, years: Years = None, origins: Sequence[str] | None = None) -> pl.DataFrame:
    """Japan Air Self-Defense Force scrambles by fiscal year and origin (curated table).

    Parameters
    ----------
    years
        Inclusive range of Japanese fiscal years (FY2024 = April 2024 to March 2025).
    origins
        Subset of total, china, russia, taiwan, north_korea, other (default: all).

    Returns
    -------
    polars.DataFrame
        ``fiscal_year, origin, ccode, scrambles, reference, source``; breakdowns the
        Joint Staff Office did not publish are missing, never 0. ``reference`` cites
        the documents behind each fiscal year.
    """
    chosen = list(origins) if origins is not None else list(SCRAMBLE_ORIGINS)
    bad = [o for o in chosen if o not in SCRAMBLE_ORIGINS]
    if bad:
        raise ValidationError(
            f"origin '{bad[0]}' is not known{suggest(bad[0], list(SCRAMBLE_ORIGINS))}; "
            f"choose from: {', '.join(SCRAMBLE_ORIGINS)}"
        )
    lo, hi = check_period(
        years, coverage("japan_scrambles"), "the Japan scramble table (fiscal years)"
    )
    table = load("japan_scrambles").filter(pl.col("fiscal_year").is_between(lo, hi))
    long = table.unpivot(
        index=["fiscal_year", "source"], on=chosen, variable_name="origin", value_name="scrambles"
    ).rename({"source": "reference"})
    out = long.with_columns(
        pl.col("origin").replace_strict(SCRAMBLE_ORIGINS, return_dtype=pl.Int32).alias("ccode"),
        pl.lit(source_label("japan_scrambles")).alias("source"),
    ).select("fiscal_year", "origin", "ccode", "scrambles", "reference", "source")
    order = {o: i for i, o in enumerate(SCRAMBLE_ORIGINS)}
    out = out.sort(
        pl.col("fiscal_year"), pl.col("origin").replace_strict(order, return_dtype=pl.Int8)
    )
    return finish(out, ["japan_scrambles"])


def scramble_change(*, start: int, end: int) -> pl.DataFrame:
    """Change in scrambles by origin between two fiscal years.

    Parameters
    ----------
    start, end
        Two different Japanese fiscal years (FY2016 = April 2016 to March 2017) within the
        table's coverage (FY2003-FY2024); *end* may not precede *start*.

    Returns
    -------
    polars.DataFrame
        One row per origin (``total, china, russia, taiwan, north_korea, other``):
        ``origin``, ``start``, ``end``, ``scrambles_start`` and ``scrambles_end``
        [scrambles in the fiscal year; null where the Joint Staff Office did not publish the
        breakdown], ``ratio`` [end / start; null where either is missing or the start is 0]
        and ``source``.

    Raises
    ------
    ValidationError
        When *start* equals *end* or the period runs backwards.
    CoverageError
        When a fiscal year lies outside the table's coverage.

    Examples
    --------
    Scrambles against Chinese aircraft rose almost ninefold from FY2010 to FY2016:

    >>> import polars as pl
    >>> c = scramble_change(start=2010, end=2016).filter(pl.col("origin") == "china")
    >>> c.select("scrambles_start", "scrambles_end").row(0), round(c["ratio"][0], 1)
    ((96, 851), 8.9)
    """
    if start == end:
        raise ValidationError(f"start and end are both {start}; give two different fiscal years")
    data = scrambles(years=(start, end))
    first = data.filter(pl.col("fiscal_year") == start).select(
        "origin", pl.col("scrambles").alias("scrambles_start")
    )
    last = data.filter(pl.col("fiscal_year") == end).select(
        "origin", pl.col("scrambles").alias("scrambles_end")
    )
    out = first.join(last, on="origin", maintain_order="left").select(
        "origin",
        pl.lit(start, dtype=pl.Int32).alias("start"),
        pl.lit(end, dtype=pl.Int32).alias("end"),
        "scrambles_start",
        "scrambles_end",
        pl.when(pl.col("scrambles_start") > 0)
        .then(pl.col("scrambles_end") / pl.col("scrambles_start"))
        .alias("ratio"),
        pl.lit(source_label("japan_scrambles")).alias("source"),
    )
    return finish(out, ["japan_scrambles"])


# ----------------------------------------------------------------- user incident CSVs


def _problem(name: str, line: int, column: str, value: str, fix: str) -> str:
    return f"{name} line {line}, column {column}: {value!r} {fix}"


def _year(text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise ValueError(text)
    return int(text)


def read_incidents(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Read and validate a user incident CSV (schema in the module docstring).

    The file must be UTF-8 (a byte-order mark is accepted) with a header row naming exactly
    one time column (``date``, ``year`` or ``fiscal_year``) and the columns ``series``,
    ``origin``, ``count`` and ``source``; ``note`` is optional. Column names are read
    case-blind, cells are stripped of spaces and blank lines are skipped. An origin that
    names a state is resolved to its COW code for the row's year.

    Parameters
    ----------
    path
        Path of the CSV file.

    Returns
    -------
    polars.DataFrame
        One row per data line, in file order: ``series``, ``date``, ``year``,
        ``fiscal_year``, ``origin`` (as written), ``ccode`` [COW code], ``count``
        [incidents, whole number >= 0], ``source``, ``note``. The time column given is
        filled and the other two are null (``year`` is also filled from ``date``);
        ``ccode`` is null for ``unknown``, ``other`` and ``all``; ``note`` is null when
        empty.

    Raises
    ------
    ValidationError
        When the file is missing, not UTF-8 or empty, the header is bad (unknown or
        missing columns, not exactly one time column, a repeated name), a row is bad (a
        date or year that does not parse, an empty series or source, a count that is not
        a whole number >= 0, an origin that is no state in that year, a wrong number of
        cells), or, with ``year`` or ``fiscal_year``, a series, period and origin appears
        twice. The message lists every problem at once (the first 12, then a count),
        each with file, line, column, value and the fix.

    Examples
    --------
    Japan's scrambles against Chinese and Russian aircraft in FY2015 and FY2016, written
    to a file and read back:

    >>> import tempfile
    >>> from pathlib import Path
    >>> lines = [
    ...     "fiscal_year,series,origin,count,source",
    ...     "2015,scrambles,CHN,571,Joint Staff Office",
    ...     "2015,scrambles,RUS,288,Joint Staff Office",
    ...     "2016,scrambles,CHN,851,Joint Staff Office",
    ...     "2016,scrambles,RUS,301,Joint Staff Office",
    ... ]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "scrambles.csv"
    ...     _ = path.write_text("\\n".join(lines), encoding="utf-8")
    ...     frame = read_incidents(path)
    >>> frame.select("fiscal_year", "origin", "ccode", "count").row(0)
    (2015, 'CHN', 710, 571)
    """
    src = Path(path)
    if not src.is_file():
        raise ValidationError(f"incident file '{src}' does not exist; give the path of a CSV file")
    try:
        text = src.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"incident file '{src.name}' is not UTF-8 text ({exc}); save it as UTF-8 CSV"
        ) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise ValidationError(
            f"incident file '{src.name}' is empty; the first line must name the columns"
        )
    cols = [h.strip().lower() for h in header]
    problems: list[str] = []
    unknown = [c for c in cols if c not in INCIDENT_COLUMNS]
    for c in unknown:
        problems.append(
            f"{src.name} line 1: unknown column '{c}'{suggest(c, INCIDENT_COLUMNS)}; allowed: {', '.join(INCIDENT_COLUMNS)}"
        )
    missing = [c for c in ("series", "origin", "count", "source") if c not in cols]
    if missing:
        problems.append(f"{src.name} line 1: missing column(s) {', '.join(missing)}")
    times = [c for c in _TIME_COLUMNS if c in cols]
    if len(times) != 1:
        problems.append(
            f"{src.name} line 1: give exactly one time column (date, year or fiscal_year); found "
            f"{', '.join(times) if times else 'none'}"
        )
    if len(set(cols)) != len(cols):
        problems.append(f"{src.name} line 1: a column name appears twice")
    if problems:
        raise ValidationError(_listing(f"incident file '{src.name}' has a bad header", problems))
    when = times[0]
    rows: list[dict[str, Any]] = []
    for raw in reader:
        line = reader.line_num
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(cols):
            problems.append(f"{src.name} line {line}: {len(raw)} cells, the header has {len(cols)}")
            continue
        cell = {c: v.strip() for c, v in zip(cols, raw, strict=True)}
        row = _check_row(src.name, line, cell, when, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(f"{src.name}: no data rows after the header")
    if problems:
        raise ValidationError(
            _listing(f"incident file '{src.name}' has {len(problems)} problem(s)", problems)
        )
    schema = {
        "series": pl.String,
        "date": pl.Date,
        "year": pl.Int32,
        "fiscal_year": pl.Int32,
        "origin": pl.String,
        "ccode": pl.Int32,
        "count": pl.Int64,
        "source": pl.String,
        "note": pl.String,
        "_line": pl.Int64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    if when != "date":
        who = pl.coalesce(pl.col("ccode").cast(pl.String), pl.col("origin").str.to_lowercase())
        dupes = frame.filter(pl.struct(pl.col("series"), pl.col(when), who).is_duplicated())
        if dupes.height:
            listed = [
                f"{src.name} line {r['_line']}: {r['series']}, {r[when]}, {r['origin']} appears more than once"
                for r in dupes.iter_rows(named=True)
            ]
            raise ValidationError(_listing("give one row per series, period and origin", listed))
    return finish(frame.drop("_line"), [])


def _check_row(
    name: str, line: int, cell: dict[str, str], when: str, problems: list[str]
) -> dict[str, Any] | None:
    before = len(problems)
    row: dict[str, Any] = {"date": None, "year": None, "fiscal_year": None, "_line": line}
    value = cell[when]
    try:
        if when == "date":
            day = dt.date.fromisoformat(value)
            row["date"], row["year"] = day, day.year
        else:
            row[when] = _year(value)
    except ValueError:
        fix = (
            "is not an ISO date; write it as 2023-04-01"
            if when == "date"
            else "is not a four-digit year such as 2023"
        )
        problems.append(_problem(name, line, when, value, fix))
    for col in ("series", "source"):
        if not cell[col]:
            problems.append(_problem(name, line, col, cell[col], "is empty; every row needs it"))
    count = cell["count"]
    if not count.isdigit():
        problems.append(
            _problem(name, line, "count", count, "is not a whole number >= 0; write 0, 1, 2, ...")
        )
    origin = cell["origin"]
    ccode: int | None = None
    if not origin:
        problems.append(
            _problem(name, line, "origin", origin, "is empty; give a state or unknown, other, all")
        )
    elif origin.lower() not in _ORIGIN_WORDS:
        year = row["year"] if row["year"] is not None else row["fiscal_year"]
        try:
            ccode = to_ccode(origin, year=year)
        except SociusError as exc:
            problems.append(_problem(name, line, "origin", origin, f"is not a state ({exc})"))
    if len(problems) > before:
        return None
    row.update(
        series=cell["series"],
        origin=origin,
        ccode=ccode,
        count=int(count),
        source=cell["source"],
        note=cell.get("note") or None,
    )
    return row


def incident_counts(frame: Any, *, by: Sequence[str] | None = None) -> pl.DataFrame:
    """Sum a validated incident frame (from :func:`read_incidents`; polars or pandas) by *by* columns.

    The default groups by series, period and origin, the period being ``fiscal_year`` for a
    file of fiscal years and ``year`` otherwise. Grouping by a period the file does not give
    is refused rather than summed into one group without a year.

    Parameters
    ----------
    frame
        Incidents as :func:`read_incidents` returns them, as a polars or pandas frame; it
        needs ``count``, ``source`` and the columns grouped by.
    by
        Columns to group by, any of ``series``, ``year``, ``fiscal_year``, ``origin`` and
        ``ccode``; None for the default above. Grouping by ``ccode`` puts ``unknown``,
        ``other`` and ``all`` together in one null group.

    Returns
    -------
    polars.DataFrame
        One row per group, sorted by the *by* columns (nulls last): the *by* columns,
        ``count`` [incidents, summed] and ``source`` (the distinct sources of the group,
        sorted and joined with ``"; "``).

    Raises
    ------
    ValidationError
        When a *by* column is not one of the five above, or names a period (``year`` or
        ``fiscal_year``) that is null in every row of a non-empty frame.

    Examples
    --------
    Japan's scrambles against Chinese and Russian aircraft in FY2015 and FY2016, summed
    by state of origin:

    >>> import tempfile
    >>> from pathlib import Path
    >>> lines = [
    ...     "fiscal_year,series,origin,count,source",
    ...     "2015,scrambles,CHN,571,Joint Staff Office",
    ...     "2015,scrambles,RUS,288,Joint Staff Office",
    ...     "2016,scrambles,CHN,851,Joint Staff Office",
    ...     "2016,scrambles,RUS,301,Joint Staff Office",
    ... ]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "scrambles.csv"
    ...     _ = path.write_text("\\n".join(lines), encoding="utf-8")
    ...     frame = read_incidents(path)
    >>> incident_counts(frame).height
    4
    >>> incident_counts(frame, by=["ccode"]).select("ccode", "count").rows()
    [(365, 589), (710, 1422)]

    A file of fiscal years cannot be grouped by calendar year:

    >>> incident_counts(frame, by=["year"])
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: cannot group by 'year': the file gives no years; group by 'fiscal_year' instead
    """
    data = to_polars(frame)
    if by is None:
        fiscal = _gives(data, "fiscal_year") and not _gives(data, "year")
        by = ("series", "fiscal_year" if fiscal else "year", "origin")
    allowed = ("series", "year", "fiscal_year", "origin", "ccode")
    bad = [b for b in by if b not in allowed]
    if bad:
        raise ValidationError(
            f"cannot group by '{bad[0]}'{suggest(bad[0], allowed)}; choose from: {', '.join(allowed)}"
        )
    for period, other in (("year", "fiscal_year"), ("fiscal_year", "year")):
        # summing every period into one null group would read as a total for "no year"
        if period in by and data.height and not _gives(data, period):
            raise ValidationError(
                f"cannot group by '{period}': the file gives no {period.replace('_', ' ')}s"
                f"; group by '{other}' instead"
            )
    out = data.group_by(list(by)).agg(
        pl.col("count").sum(), pl.col("source").unique().sort().str.join("; ")
    )
    return out.sort(list(by), nulls_last=True)


def _gives(data: pl.DataFrame, column: str) -> bool:
    """Whether *column* gives a value for at least one row of *data*."""
    return column in data.columns and data[column].null_count() < data.height


def _listing(head: str, items: Sequence[str]) -> str:
    shown = "; ".join(items[:_MAX_LISTED])
    more = f"; and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else ""
    return f"{head}: {shown}{more}"
