"""Validation of tie and actor tables: every problem is collected, then reported once."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from socius._frames import as_polars as _as_polars
from socius.errors import ValidationError, suggest

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "NODE_KINDS",
    "NODE_SCHEMA",
    "SHOWN_PROBLEMS",
    "as_polars",
    "check_edges",
    "check_nodes",
    "columns",
    "locate",
    "summarise",
]

NODE_KINDS = ("state", "firm", "individual", "organisation", "vessel")
_KIND_ALIASES = {"organization": "organisation", "org": "organisation", "person": "individual"}
EDGE_COLUMNS = ("source", "target", "weight", "kind", "year", "start", "end")
NODE_COLUMNS = ("id", "label", "kind", "country")
SHOWN_PROBLEMS = 12

NODE_SCHEMA = {"id": pl.String, "label": pl.String, "kind": pl.String, "country": pl.String}
_EDGE_SCHEMA = {
    "source": pl.String,
    "target": pl.String,
    "weight": pl.Float64,
    "kind": pl.String,
    "year": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
}


def as_polars(frame: Any, what: str) -> pl.DataFrame:
    """Accept a polars or pandas DataFrame; anything else is a ValidationError."""
    return _as_polars(frame, what=what)


def columns(
    frame: pl.DataFrame, required: Sequence[str], known: Sequence[str], file: str
) -> list[str]:
    """The known columns present (names compared case-insensitively); required ones or raise."""
    lowered = {c.strip().lower(): c for c in frame.columns}
    missing = [c for c in required if c not in lowered]
    if missing:
        found = ", ".join(frame.columns) or "(none)"
        hints = "".join(suggest(m, lowered) for m in missing[:1])
        raise ValidationError(
            f"{file} has no {', '.join(repr(m) for m in missing)} column (found: {found}){hints}; "
            f"name the columns {', '.join(required)}"
        )
    return [c for c in known if c in lowered]


def locate(file: str, row: int, positions: bool) -> str:
    """Where a row is: its CSV line (header is line 1) or its tie number."""
    return f"{file} line {row + 2}" if positions else f"{file} tie {row + 1}"


def _column_text(frame: pl.DataFrame, name: str) -> list[str | None]:
    lowered = {c.strip().lower(): c for c in frame.columns}
    if name not in lowered:
        return [None] * frame.height
    values = frame[lowered[name]].cast(pl.String, strict=False).to_list()
    out: list[str | None] = []
    for v in values:
        text = None if v is None else str(v).strip()
        out.append(text if text else None)
    return out


def check_nodes(
    frame: pl.DataFrame, file: str, positions: bool, problems: list[str]
) -> pl.DataFrame:
    """Typed actor table; appends empty ids, repeated ids and unknown kinds to *problems*."""
    ids = _column_text(frame, "id")
    labels = _column_text(frame, "label")
    kinds = _column_text(frame, "kind")
    countries = _column_text(frame, "country")
    seen: dict[str, int] = {}
    out_kinds: list[str | None] = []
    for row, (node, kind) in enumerate(zip(ids, kinds, strict=True)):
        where = f"{file} line {row + 2}" if positions else f"{file} node {row + 1}"
        if node is None:
            problems.append(f"{where}: id is empty; give every actor an id")
        elif node in seen:
            first = seen[node]
            problems.append(
                f"{where}: node id '{node}' repeats "
                f"{'line ' + str(first + 2) if positions else 'node ' + str(first + 1)}; "
                "keep one row per actor"
            )
        else:
            seen[node] = row
        out_kinds.append(_node_kind(kind, where, problems))
    return pl.DataFrame(
        {
            "id": ids,
            "label": [
                lab if lab is not None else node for lab, node in zip(labels, ids, strict=True)
            ],
            "kind": out_kinds,
            "country": countries,
        },
        schema=NODE_SCHEMA,
    )


def _node_kind(kind: str | None, where: str, problems: list[str]) -> str | None:
    if kind is None:
        return None
    key = kind.lower()
    key = _KIND_ALIASES.get(key, key)
    if key in NODE_KINDS:
        return key
    problems.append(
        f"{where}: kind '{kind}' is not one of {', '.join(NODE_KINDS)}"
        f"{suggest(kind, NODE_KINDS)}; use one of them or leave the cell empty"
    )
    return None


def check_edges(
    frame: pl.DataFrame, cols: list[str], file: str, positions: bool, problems: list[str]
) -> pl.DataFrame:
    """Typed tie table; appends bad ends, self-ties, weights and years to *problems*."""
    sources = _column_text(frame, "source")
    targets = _column_text(frame, "target")
    has_weight = "weight" in cols
    weights_text = _column_text(frame, "weight")
    years = _column_text(frame, "year")
    starts = _column_text(frame, "start")
    ends = _column_text(frame, "end")
    weights: list[float | None] = []
    year_out: list[int | None] = []
    start_out: list[int | None] = []
    end_out: list[int | None] = []
    for row in range(frame.height):
        where = locate(file, row, positions)
        src, tgt = sources[row], targets[row]
        for end, value in (("source", src), ("target", tgt)):
            if value is None:
                problems.append(f"{where}: {end} is empty; give the id of the actor at each end")
        if src is not None and src == tgt:
            problems.append(
                f"{where}: tie from '{src}' to itself; delete the row (a self-tie links no one)"
            )
        weights.append(_weight(weights_text[row], has_weight, where, problems))
        year_out.append(_year(years[row], "year", where, problems))
        first = _date(starts[row], "start", where, problems)
        last = _date(ends[row], "end", where, problems)
        start_out.append(None if first is None else first[0].year)
        end_out.append(None if last is None else last[1].year)
        if first is not None and last is not None and first[0] > last[1]:
            problems.append(f"{where}: start {starts[row]} is after end {ends[row]}; swap them")
    return pl.DataFrame(
        {
            "source": sources,
            "target": targets,
            "weight": weights,
            "kind": _column_text(frame, "kind"),
            "year": year_out,
            "start": start_out,
            "end": end_out,
        },
        schema=_EDGE_SCHEMA,
    )


def _weight(text: str | None, has_column: bool, where: str, problems: list[str]) -> float | None:
    if not has_column:
        return 1.0
    if text is None:
        problems.append(
            f"{where}: weight is empty; give a number > 0 or drop the weight column "
            "to give every tie weight 1"
        )
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where}: weight '{text}' is not a number; give a tie strength > 0")
        return None
    if not math.isfinite(value):
        problems.append(f"{where}: weight '{text}' is not finite; give a tie strength > 0")
        return None
    if value < 0:
        problems.append(
            f"{where}: weight {text} is negative; weights are tie strengths > 0 "
            "(the distance along a tie is 1 / weight)"
        )
        return None
    if value == 0:
        problems.append(
            f"{where}: weight 0 is not a tie; delete the row if the actors are not linked, "
            "or give the strength of the tie (> 0)"
        )
        return None
    return value


def _year(text: str | None, name: str, where: str, problems: list[str]) -> int | None:
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not number.is_integer():
        problems.append(f"{where}: {name} '{text}' is not a whole year; write it as e.g. 1998")
        return None
    return int(number)


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date(
    text: str | None, name: str, where: str, problems: list[str]
) -> tuple[dt.date, dt.date] | None:
    """The first and last day a year or partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) stands for."""
    if text is None:
        return None
    hit = _DATE.match(text)
    if hit is None:
        year = _year(text, name, where, problems)
        return None if year is None else (dt.date(year, 1, 1), dt.date(year, 12, 31))
    year, month, day = (int(g) if g else None for g in hit.groups())
    assert year is not None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:
        problems.append(
            f"{where}: {name} '{text}' is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD"
        )
        return None


def summarise(file: str, problems: list[str]) -> str:
    """One line listing the problems (the first 12, then a count)."""
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    tail = f"; ... and {more} more" if more else ""
    noun = "problem" if len(problems) == 1 else "problems"
    return f"network '{file}' has {len(problems)} {noun}: " + "; ".join(shown) + tail
