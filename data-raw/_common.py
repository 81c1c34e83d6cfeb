"""Shared machinery for the build scripts in data-raw/.

Each ``build_<name>.py`` reads real files from ``../shared/data/raw`` (or the
folder named by ``SOCIUS_SHARED``), checks each input's sha256 against the value
pinned in the script, transforms the data, and calls :func:`publish`, which

* writes a compact, deterministic Parquet snapshot into ``src/socius/data/snapshots/``,
* records a manifest entry (source, version, publisher, citation, licence,
  retrieval date, unit, code system, key, coverage, columns, sha256 of inputs and output)
  in ``src/socius/data/MANIFEST.json``.

Build scripts are run by maintainers (``make data``), never by users: the built
snapshots are committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
SHARED = Path(os.environ.get("SOCIUS_SHARED", REPO.parent / "shared"))
RAW = SHARED / "data" / "raw"
CURATED = SHARED / "data" / "curated"
PKG_DATA = REPO / "src" / "socius" / "data"
SNAPSHOTS = PKG_DATA / "snapshots"
MANIFEST = PKG_DATA / "MANIFEST.json"

MISSING_NOTE = "Outside a source's coverage values are missing (null), never 0."


class BuildError(RuntimeError):
    """A build input is missing or differs from the pinned version."""


def sha256_file(path: Path) -> str:
    from socius.data.catalog import file_sha256

    return file_sha256(path)


def source(rel: str, sha256: str, *, base: Path = RAW) -> Path:
    """Return the path of input *rel* after checking its sha256 against the pinned value."""
    path = base / rel
    if not path.is_file():
        raise BuildError(f"input {path} is missing; see ../shared/data/SOURCES.md for its origin")
    actual = sha256_file(path)
    if actual != sha256:
        raise BuildError(
            f"input {path} has sha256 {actual}, expected {sha256}; the file changed upstream"
        )
    return path


def read_rda(path: Path, name: str | None = None) -> pl.DataFrame:
    """Read one object of an .rda/.rds file into polars (via pyreadr)."""
    import pyreadr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = pyreadr.read_r(str(path))
    key = name if name is not None else next(iter(result))
    frame = result[key]
    return pl.from_pandas(frame)


def shrink(
    frame: pl.DataFrame, *, ints: Sequence[str] = (), small_ints: Sequence[str] = ()
) -> pl.DataFrame:
    """Cast code and year columns to compact integer types (after checking they are whole)."""
    exprs = []
    for col in ints:
        exprs.append(pl.col(col).cast(pl.Int32, strict=True))
    for col in small_ints:
        exprs.append(pl.col(col).cast(pl.Int8, strict=True))
    return frame.with_columns(exprs) if exprs else frame


def _coverage(frame: pl.DataFrame, coverage: Mapping[str, Any] | None) -> dict[str, Any]:
    if coverage is not None:
        return dict(coverage)
    if "year" in frame.columns and frame.height:
        return {"start": int(frame["year"].min()), "end": int(frame["year"].max())}  # type: ignore[arg-type]
    return {}


def publish(
    name: str,
    frame: pl.DataFrame,
    *,
    title: str,
    description: str,
    upstream: str,
    version: str,
    publisher: str,
    citation_text: str,
    citation_bibtex: str,
    licence: str,
    retrieved: str,
    unit: str,
    code_system: str,
    key: Sequence[str],
    columns: Mapping[str, str],
    inputs: Sequence[Path],
    coverage: Mapping[str, Any] | None = None,
    notes: str = "",
) -> None:
    """Write the snapshot for *name* and its manifest entry."""
    missing_docs = [c for c in frame.columns if c not in columns]
    extra_docs = [c for c in columns if c not in frame.columns]
    if missing_docs or extra_docs:
        raise BuildError(
            f"{name}: undocumented columns {missing_docs}, documented but absent {extra_docs}"
        )
    if key:
        dupes = frame.select(list(key)).is_duplicated().sum()
        if dupes:
            raise BuildError(f"{name}: key {list(key)} is not unique ({dupes} duplicated rows)")
        frame = frame.sort(list(key))
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    out = SNAPSHOTS / f"{name}.parquet"
    tmp = out.with_suffix(".parquet.tmp")
    frame.write_parquet(
        tmp, compression="zstd", compression_level=19, statistics=True, row_group_size=1 << 20
    )
    os.replace(tmp, out)
    entry = {
        "name": name,
        "title": title,
        "description": description,
        "upstream": upstream,
        "version": version,
        "publisher": publisher,
        "citation_text": citation_text,
        "citation_bibtex": citation_bibtex.strip(),
        "licence": licence,
        "retrieved": retrieved,
        "unit": unit,
        "code_system": code_system,
        "key": list(key),
        "coverage": _coverage(frame, coverage),
        "rows": frame.height,
        "columns": {
            c: {"type": str(frame.schema[c]), "description": columns[c]} for c in frame.columns
        },
        "file": f"snapshots/{name}.parquet",
        "sha256": sha256_file(out),
        "bytes": out.stat().st_size,
        "sources": [
            {
                "path": str(p.relative_to(SHARED)) if p.is_relative_to(SHARED) else p.name,
                "sha256": sha256_file(p),
            }
            for p in inputs
        ],
        "build_script": f"data-raw/build_{name}.py"
        if (REPO / f"data-raw/build_{name}.py").exists()
        else _caller(),
        "built": dt.date.today().isoformat(),
        "built_with": {"polars": pl.__version__, "python": sys.version.split()[0]},
        "notes": (notes + " " + MISSING_NOTE).strip(),
    }
    manifest = (
        json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {"format": 1, "datasets": {}}
    )
    manifest["datasets"][name] = entry
    manifest["datasets"] = dict(sorted(manifest["datasets"].items()))
    tmpm = MANIFEST.with_suffix(".json.tmp")
    tmpm.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmpm, MANIFEST)
    print(
        f"{name}: {frame.height:,} rows, {out.stat().st_size / 1024:,.0f} KiB -> {out.relative_to(REPO)}"
    )


def _caller() -> str:
    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None)
    return str(Path(file).resolve().relative_to(REPO)) if file else "data-raw"


def date_col(frame: pl.DataFrame, col: str) -> pl.Expr:
    """Parse a column of ISO date strings or R dates into a polars Date expression."""
    dtype = frame.schema[col]
    if dtype == pl.Date:
        return pl.col(col)
    if dtype in (pl.Datetime, pl.Datetime("us"), pl.Datetime("ns"), pl.Datetime("ms")):
        return pl.col(col).cast(pl.Date)
    return pl.col(col).cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=True)


def cow_date(prefix: str) -> pl.Expr:
    """The date from COW's split year/month/day columns (``st`` or ``end`` prefix)."""
    return pl.date(
        pl.col(f"{prefix}year").cast(pl.Int32),
        pl.col(f"{prefix}month").cast(pl.Int8),
        pl.col(f"{prefix}day").cast(pl.Int8),
    )


def partial_date(col: str) -> list[pl.Expr]:
    """Parse an ISO date of year, month or day precision into ``<col>`` (first day) and ``<col>_precision``."""
    text = pl.col(col).cast(pl.String).str.strip_chars()
    padded = (
        pl.when(text.str.len_chars() == 4)
        .then(text + "-01-01")
        .when(text.str.len_chars() == 7)
        .then(text + "-01")
        .otherwise(text)
    )
    precision = (
        pl.when(text.str.len_chars() == 4)
        .then(pl.lit("year"))
        .when(text.str.len_chars() == 7)
        .then(pl.lit("month"))
        .when(text.str.len_chars() == 10)
        .then(pl.lit("day"))
        .otherwise(None)
    )
    return [
        pl.when(text == "")
        .then(None)
        .otherwise(padded)
        .str.to_date("%Y-%m-%d", strict=True)
        .alias(col),
        pl.when(text == "").then(None).otherwise(precision).alias(f"{col}_precision"),
    ]
