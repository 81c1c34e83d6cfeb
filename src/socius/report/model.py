"""The building blocks of a socius report.

A report is a list of :class:`Section` objects. Each topic module offers a
function ``section(ctx: ReportContext) -> Section`` (see ``socius.report.sections``)
that computes its results and returns text, tables and figures; the renderer turns
them into one self-contained HTML file. Sections name the datasets they used so
that the appendix can cite them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

__all__ = [
    "Answer",
    "Code",
    "Figure",
    "Note",
    "ReportContext",
    "Section",
    "Table",
    "Text",
]


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text (HTML is escaped)."""

    text: str


@dataclass(frozen=True)
class Code:
    """Preformatted text, such as a policy file, shown verbatim."""

    text: str
    caption: str = ""


@dataclass(frozen=True)
class Note:
    """A highlighted remark: an assumption, a caveat, or missing evidence."""

    text: str
    kind: str = "assumption"  # assumption | caveat | missing


@dataclass(frozen=True)
class Table:
    """A table with a caption; *max_rows* limits what the HTML shows.

    Every table is offered as a CSV download (a data URI, so it works offline). *annex*
    puts it in a collapsed ``<details>`` block; None (default) does so for raw tables of
    more than :data:`ANNEX_ROWS` rows.
    """

    frame: pl.DataFrame
    caption: str
    max_rows: int = 60
    float_digits: int = 3
    annex: bool | None = None


@dataclass(frozen=True)
class Figure:
    """An inline SVG figure (made with :func:`socius.report.figures.to_svg`)."""

    svg: str
    caption: str


@dataclass(frozen=True)
class Answer:
    """One answer on the report's first screen: a sentence with its number, how sure it
    is, and the section holding its evidence."""

    question: str
    text: str
    confidence: str
    section: str


Block = Text | Note | Table | Figure | Code | Answer
ANNEX_ROWS = 15


@dataclass(frozen=True)
class Section:
    """One titled part of a report."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    datasets: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportContext:
    """What every section needs to know: the year and the alliance under study."""

    year: int
    alliance: str = "NATO"
    policy_path: str | None = None
    focus: tuple[str, ...] = ()
