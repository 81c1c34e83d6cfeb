"""Import the SIPRI files a user downloads into the user's data store.

SIPRI's terms do not allow socius to redistribute its tables, so socius reads the
user's own download, validates it completely, maps country names to COW codes, and
stores a Parquet snapshot with a manifest entry in :func:`socius.data.user_dir`
(``$SOCIUS_DATA_DIR`` or the platform's user data folder). After an import,
``socius.data.load("sipri_milex")`` and ``load("sipri_arms")`` work like the bundled
datasets.

Two readers:

* :func:`read_milex`: the SIPRI Military Expenditure Database workbook (sheets
  "Constant (YYYY) US$", "Current US$", "Share of GDP", "Per capita" and "Share of
  Govt. spending"; ``". ."`` marks unavailable data, ``"xxx"`` a state that did not
  exist).
* :func:`read_arms`: SIPRI arms-transfer TIV tables ("TIV of arms exports from X" or
  "TIV of arms imports to X", one row per partner, one column per year and a Total)
  and supplier-recipient-year CSV files (columns supplier, recipient, year, value).

Nothing is written until the whole input has been read and checked; the snapshot and
the manifest are then replaced atomically, so a failed import leaves the previous
snapshot untouched.

Examples
--------
>>> classify_name("Hamas (Palestine)*")
('nonstate', None)
>>> classify_name("Korea, South")
('state', 'South Korea')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from socius._io import atomic_write_text
from socius.codes import add_ccode, normalize_name
from socius.data.catalog import USER_DIR_ENV, file_sha256, user_dir
from socius.errors import DataError, UnknownNameError, ValidationError, suggest

__all__ = [
    "ARMS_DATASET",
    "MILEX_DATASET",
    "ImportSummary",
    "ParsedImport",
    "classify_name",
    "import_arms",
    "import_milex",
    "read_arms",
    "read_milex",
]

MILEX_DATASET = "sipri_milex"
ARMS_DATASET = "sipri_arms"
_MAX_LISTED = 12

# SIPRI spellings that socius.codes does not know, with the kind of entity and the
# name socius.codes resolves (None for entities that are not states).
_ALIASES: dict[str, tuple[str, str | None]] = {
    "Congo, DR": ("state", "Democratic Republic of the Congo"),  # milex workbook
    "DR Congo": ("state", "Democratic Republic of the Congo"),  # TIV tables
    "Congo, Republic": ("state", "Republic of the Congo"),  # milex workbook
    "Gambia, The": ("state", "Gambia"),  # milex workbook
    "Korea, North": ("state", "North Korea"),  # milex workbook
    "Korea, South": ("state", "South Korea"),  # milex workbook
    "Viet Nam": ("state", "Vietnam"),  # both: SIPRI uses the UN spelling
    "Yemen, North": ("state", "North Yemen"),  # milex: Yemen Arab Republic, COW 678
    "East Germany (GDR)": ("state", "East Germany"),  # TIV tables, COW 265
    "Saint Vincent": ("state", "Saint Vincent and the Grenadines"),  # TIV tables
    # SIPRI lists the Tripoli-based General National Congress government without an
    # asterisk, i.e. as a government of Libya (COW 620), unlike "Libya HoR*".
    "Libya GNC": ("state", "Libya"),
    "European Union": ("organisation", None),  # milex workbook (from 2022)
    "Aruba": ("territory", None),  # constituent country of the Kingdom of the Netherlands
    "Biafra": ("territory", None),  # secessionist entity in Nigeria, 1967-1970
    "Katanga": ("territory", None),  # secessionist entity in Congo, 1960-1963
    "Unknown recipient(s)": ("unknown", None),
    "Unknown supplier(s)": ("unknown", None),
}

# Where two SIPRI rows name the same COW state (predecessor and successor), each row
# is used only within its entity's years; values outside are reported, not used.
_SPANS: dict[str, tuple[int | None, int | None]] = {
    "USSR": (None, 1991),
    "Russia": (1992, None),
    "Yugoslavia": (None, 1991),
    "Serbia": (1992, None),
    "Czechoslovakia": (None, 1992),
    "Czechia": (1993, None),
    "Yemen, North": (None, 1989),
    "Yemen": (1990, None),
    "German Democratic Republic": (None, 1990),
}

_MILEX_SHEETS: tuple[tuple[str, str, str], ...] = (
    # (column, regular expression for the normalised sheet title, title as SIPRI writes it)
    ("milex_constant", r"constant \((\d{4})\) us\$", "Constant (YYYY) US$"),
    ("milex_current", r"current us\$", "Current US$"),
    ("milex_gdp", r"share of gdp", "Share of GDP"),
    ("milex_per_capita", r"per capita", "Per capita"),
    ("milex_gov", r"share of govt\.? spending", "Share of Govt. spending"),
)
_TOP_REGIONS = ("Africa", "Americas", "Asia & Oceania", "Europe", "Middle East")
_TIV_TITLE = re.compile(
    r"^\s*TIV of arms (?P<dir>exports from|imports to) (?P<name>.+?),\s*(?P<y0>\d{4})\s*-\s*(?P<y1>\d{4})\s*$"
)
_SIPRI_CITATION = "Stockholm International Peace Research Institute (SIPRI). {db}. https://www.sipri.org/databases/{path}"


@dataclass(frozen=True)
class ImportSummary:
    """What an import read: rows, states, years, non-state names and unmatched names."""

    dataset: str
    version: str
    files: tuple[str, ...]
    rows: int
    states: int
    years: tuple[int, int]
    non_states: tuple[tuple[str, str], ...] = ()
    region_rows: tuple[str, ...] = ()
    unmatched: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    path: str = ""

    def table(self) -> pl.DataFrame:
        """The summary as ``item, value`` rows (what the CLI prints)."""
        items: list[tuple[str, str]] = [
            ("dataset", self.dataset),
            ("version", self.version),
            ("files", _short(list(self.files), 6)),
            ("rows", f"{self.rows:,}"),
            ("states (COW codes)", str(self.states)),
            ("years", f"{self.years[0]}-{self.years[1]}"),
        ]
        if self.region_rows:
            items.append(("region header rows", ", ".join(self.region_rows)))
        kinds: dict[str, list[str]] = {}
        for n, k in self.non_states:
            kinds.setdefault(k, []).append(n)
        items.extend((f"not a state: {k}", ", ".join(ns)) for k, ns in sorted(kinds.items()))
        if self.unmatched:
            items.append(("unmatched names", "; ".join(f"{n}{s}" for n, s in self.unmatched)))
        items.extend(("note", n) for n in self.notes)
        if self.path:
            items.append(("stored at", self.path))
        return pl.DataFrame(items, schema={"item": pl.String, "value": pl.String}, orient="row")


@dataclass(frozen=True)
class ParsedImport:
    """A validated SIPRI input: the frame to store, its summary and its manifest fields."""

    frame: pl.DataFrame
    summary: ImportSummary
    entry: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- names


def classify_name(name: str) -> tuple[str, str | None]:
    """Kind of a SIPRI entity name and the spelling to look up in :mod:`socius.codes`.

    Returns ``(kind, lookup)``: kind is "state", "organisation" (SIPRI marks them
    ``**``), "nonstate" (armed non-state actors, marked ``*``), "territory" or
    "unknown"; lookup is None for anything but states.
    """
    text = name.strip()
    if text in _ALIASES:
        return _ALIASES[text]
    if text.endswith("**"):
        return "organisation", None
    if text.endswith("*"):
        return "nonstate", None
    if text.lower().startswith("unknown"):
        return "unknown", None
    return "state", text


def _alias_table() -> pl.DataFrame:
    from socius.data import load

    return load("country_codes", columns=["alias", "alias_norm", "kind"])


def _resolve(
    pairs: pl.DataFrame, *, skip_unmatched: bool, what: str
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Map ``name, year`` pairs to ``ccode`` and ``kind``; collect what is not a state.

    Raises UnknownNameError listing every unknown name with suggestions, unless
    *skip_unmatched*, in which case those names get kind "unmatched".
    """
    names = sorted(set(pairs["name"].to_list()))
    aliases = _alias_table()
    norm_kind: dict[str, set[str]] = {}
    for norm, kind in zip(aliases["alias_norm"].to_list(), aliases["kind"].to_list(), strict=True):
        norm_kind.setdefault(norm, set()).add(kind)
    pool = aliases["alias"].to_list() + list(_ALIASES)
    kinds: dict[str, str] = {}
    lookups: dict[str, str] = {}
    unmatched: list[tuple[str, str]] = []
    for name in names:
        kind, lookup = classify_name(name)
        if kind == "state" and lookup is not None:
            found = norm_kind.get(normalize_name(lookup))
            if found is None:
                unmatched.append((name, suggest(name, pool)))
                kind = "unmatched"
            elif found == {"nonstate"}:
                kind = "territory"
            else:
                lookups[name] = lookup
        kinds[name] = kind
    if unmatched and not skip_unmatched:
        detail = "; ".join(f"'{n}'{s}" for n, s in unmatched)
        raise UnknownNameError(
            f"{len(unmatched)} {what} name(s) match no state, territory or organisation: {detail}; "
            "check the file is an unmodified SIPRI download, or pass --skip-unmatched "
            "(skip_unmatched=True) to import without them (they are listed in the manifest notes)"
        )
    known = pairs.filter(pl.col("name").is_in(list(lookups)))
    known = known.with_columns(
        pl.col("name").replace_strict(lookups, return_dtype=pl.String).alias("_lookup")
    )
    coded = add_ccode(known, "_lookup", year_column="year", drop_nonstates=False).drop("_lookup")
    out = pairs.join(coded, on=["name", "year"], how="left").with_columns(
        pl.col("name").replace_strict(kinds, return_dtype=pl.String).alias("kind"),
        pl.col("ccode").cast(pl.Int32),
    )
    info = {
        "non_states": sorted((n, k) for n, k in kinds.items() if k not in ("state", "unmatched")),
        "unmatched": unmatched,
    }
    return out, info


# --------------------------------------------------------------------------- milex


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
    try:
        import openpyxl

        wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for non-workbooks
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
    finally:
        wb.close()
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


# --------------------------------------------------------------------------- arms


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


def _parse_long_csv(
    src: Path, rows: list[list[str]], problems: list[str]
) -> tuple[list[tuple[Any, ...]], tuple[int, int]]:
    header = [h.strip().lower() for h in rows[0]]
    value_col = "value" if "value" in header else "tiv"
    idx = {c: header.index(c) for c in ("supplier", "recipient", "year", value_col)}
    records: list[tuple[Any, ...]] = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            problems.append(f"{src.name} line {i}: {len(row)} cells, the header has {len(header)}")
            continue
        supplier, recipient = row[idx["supplier"]].strip(), row[idx["recipient"]].strip()
        year_text, value_text = row[idx["year"]].strip(), row[idx[value_col]].strip()
        bad = False
        if not supplier or not recipient:
            problems.append(f"{src.name} line {i}: supplier and recipient must not be empty")
            bad = True
        if not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
            problems.append(
                f"{src.name} line {i}, column year: '{year_text}' is not a year (1950, 2021...)"
            )
            bad = True
        try:
            value = _number(value_text)
        except ValueError:
            problems.append(
                f"{src.name} line {i}, column {value_col}: '{value_text}' is not a non-negative TIV figure"
            )
            bad = True
        if not bad:
            records.append((supplier, recipient, int(year_text), value, src.name))
    years = [r[2] for r in records]
    return records, ((min(years), max(years)) if years else (0, 0))


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
    for p in paths:
        src = _check_file(p)
        sources.append(src)
        rows = list(csv.reader(io.StringIO(_read_text(src))))
        if not rows:
            problems.append(f"{src.name}: the file is empty")
            continue
        first = rows[0][0] if rows[0] else ""
        header = {h.strip().lower() for h in rows[0]}
        if _TIV_TITLE.match(first):
            recs, span = _parse_tiv_table(src, rows, problems)
            generated.extend(
                r[0].split(":", 1)[1].strip()
                for r in rows[:15]
                if r and r[0].lower().startswith("generated:")
            )
        elif {"supplier", "recipient", "year"} <= header and header & {"value", "tiv"}:
            recs, span = _parse_long_csv(src, rows, problems)
        else:
            problems.append(
                f"{src.name}: neither a SIPRI TIV table (first line 'TIV of arms exports from <state>, 1950-2021') "
                "nor a CSV with columns supplier, recipient, year, value"
            )
            continue
        records.extend(recs)
        if recs or span != (0, 0):
            spans.append(span)
    if problems:
        raise ValidationError(
            _listing(f"{len(problems)} problem(s) in the arms-transfer file(s)", problems)
        )
    if not records:
        raise ValidationError("the arms-transfer file(s) hold no transfers")
    raw = pl.DataFrame(
        records,
        schema={
            "supplier": pl.String,
            "recipient": pl.String,
            "year": pl.Int32,
            "tiv": pl.Float64,
            "file": pl.String,
        },
        orient="row",
    )
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


# --------------------------------------------------------------------------- store


def _check_file(path: str | os.PathLike[str]) -> Path:
    src = Path(path)
    if not src.is_file():
        raise ValidationError(
            f"file '{src}' does not exist or is not a file; give the path of your SIPRI download"
        )
    return src


def _listing(head: str, items: Sequence[str]) -> str:
    shown = "; ".join(items[:_MAX_LISTED])
    more = f"; and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else ""
    return f"{head}: {shown}{more}"


def _short(items: Sequence[str], n: int = 8) -> str:
    return ", ".join(items[:n]) + (f" and {len(items) - n} more" if len(items) > n else "")


def _store(name: str, read: ParsedImport, sources: Iterable[Path]) -> ImportSummary:
    """Write the snapshot under a content-derived name, then swap the manifest entry."""
    folder = user_dir()
    snaps = folder / "snapshots"
    try:
        snaps.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the user data folder {snaps} ({exc}); set {USER_DIR_ENV} to a writable folder"
        ) from exc
    manifest_path = folder / "MANIFEST.json"
    manifest: dict[str, Any] = {"format": 1, "datasets": {}}
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(
                f"the user manifest {manifest_path} cannot be read ({exc}); repair or delete it, then import again"
            ) from exc
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=snaps)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        read.frame.write_parquet(tmp, compression="zstd", statistics=True)
        digest = file_sha256(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        target = snaps / f"{name}-{digest[:16]}.parquet"
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    old = manifest.get("datasets", {}).get(name, {}).get("file")
    import socius

    entry = {
        "name": name,
        **read.entry,
        "retrieved": "downloaded by the user from sipri.org",
        "imported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "code_system": "cow",
        "rows": read.frame.height,
        "file": f"snapshots/{target.name}",
        "sha256": digest,
        "bytes": target.stat().st_size,
        "sources": [{"path": s.name, "sha256": file_sha256(s)} for s in sources],
        "build_script": f"socius data import {name.replace('_', '-')}",
        "built": dt.date.today().isoformat(),
        "built_with": {
            "socius": socius.__version__,
            "polars": pl.__version__,
            "python": sys.version.split()[0],
        },
    }
    manifest.setdefault("datasets", {})[name] = entry
    manifest["datasets"] = dict(sorted(manifest["datasets"].items()))
    try:
        atomic_write_text(manifest_path, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    except BaseException:
        if old != entry["file"]:
            target.unlink(missing_ok=True)
        raise
    if old and old != entry["file"]:
        (folder / old).unlink(missing_ok=True)
    s = read.summary
    return ImportSummary(
        s.dataset,
        s.version,
        s.files,
        s.rows,
        s.states,
        s.years,
        s.non_states,
        s.region_rows,
        s.unmatched,
        s.notes,
        str(folder / entry["file"]),
    )


def import_milex(path: str | os.PathLike[str], *, skip_unmatched: bool = False) -> ImportSummary:
    """Validate the SIPRI milex workbook at *path* and store it as dataset ``sipri_milex``.

    See :func:`read_milex` for what is checked. Nothing is written if any check fails.
    """
    read = read_milex(path, skip_unmatched=skip_unmatched)
    return _store(MILEX_DATASET, read, [Path(path)])


def import_arms(
    paths: Sequence[str | os.PathLike[str]], *, skip_unmatched: bool = False
) -> ImportSummary:
    """Validate SIPRI arms-transfer files and store them together as dataset ``sipri_arms``.

    All files of one import form the snapshot (an import replaces the previous one).
    See :func:`read_arms`.
    """
    read = read_arms(paths, skip_unmatched=skip_unmatched)
    return _store(ARMS_DATASET, read, [Path(p) for p in paths])
