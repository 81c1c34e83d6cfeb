"""Render a report (sections of text, tables, figures) to one self-contained HTML page.

The page is written for people and for assistive technology: a skip link to the answers,
headings in order, every SVG with ``role="img"``, a title and a description, tables with a
caption and ``scope`` on header cells, numbers formatted for reading (units in headers,
codes decoded), raw tables in collapsed annexes, and a CSV download for every table as a
``data:`` URI (no request leaves the file). At 390 px the page does not scroll sideways:
wide tables and figures scroll inside their own box, and figures keep their natural size
there so that chart text stays at least 10 px.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import urllib.parse
from collections.abc import Mapping, Sequence

import polars as pl

from socius.figstyle import accessible_svg
from socius.report.model import ANNEX_ROWS, Answer, Code, Figure, Note, Section, Table, Text

__all__ = ["HEADERS", "VALUE_LABELS", "csv_data_uri", "format_number", "render"]

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:1.2rem auto;padding:0 1rem;color:#1d2733;line-height:1.45;overflow-wrap:break-word}
a{color:#0b5394} .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem} .skip:focus{left:.5rem}
h1{font-size:1.6rem;margin:.2rem 0} h2{border-bottom:2px solid #0072B2;padding-bottom:.2rem;margin-top:2.2rem;font-size:1.3rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.meta{color:#4d5a66;font-size:.85rem;margin:.2rem 0 .6rem}
nav ol{columns:2;font-size:.9rem;margin:.3rem 0} nav{border-top:1px solid #dde3e8;border-bottom:1px solid #dde3e8;padding:.2rem 0}
ol.answers{padding-left:1.2rem;margin:.4rem 0} ol.answers li{margin:.35rem 0}
.q{font-weight:600} .conf{color:#4d5a66;font-size:.85rem}
table{border-collapse:collapse;font-size:.82rem;margin:.4rem 0 .3rem;width:100%}
th,td{border-bottom:1px solid #dde3e8;padding:.25rem .45rem;text-align:left;vertical-align:top}
td{overflow-wrap:break-word;min-width:4.5em} th{background:#eef3f7;min-width:4.5em} td.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal;white-space:nowrap}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:1rem 0 1.6rem} .figwrap{overflow-x:auto;max-width:100%} figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.85rem;color:#3d4852}
.note{border-left:4px solid #A86F00;background:#fff7ea;padding:.5rem .8rem;margin:.8rem 0;font-size:.9rem}
.note.caveat{border-color:#767676;background:#f3f5f7} .note.missing{border-color:#b03a2e;background:#fbeeee}
.tablewrap{overflow-x:auto;max-width:100%} .more,.dl{color:#4d5a66;font-size:.8rem;margin:.1rem 0 1rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.75rem;background:#f6f8fa;padding:.6rem}
details.annex{border:1px solid #dde3e8;border-radius:4px;padding:.3rem .6rem;margin:.6rem 0}
details.annex summary{cursor:pointer;font-weight:600;font-size:.9rem}
@media (max-width:600px){
 body{padding:0 .6rem} nav ol{columns:1} h1{font-size:1.3rem}
 figure svg{max-width:none;width:auto}
}
"""

HEADERS: Mapping[str, str] = {
    "ccode": "COW code",
    "stateabb": "state",
    "statenme": "name",
    "cinc": "CINC share [0-1]",
    "cinc_rank": "CINC rank",
    "milex": "military spending",
    "milper": "military personnel (thousands)",
    "v2x_libdem": "liberal democracy (V-Dem) [0-1]",
    "v2x_polyarchy": "electoral democracy (V-Dem) [0-1]",
    "fh_status": "Freedom House status",
    "hr_protection": "human-rights protection (latent)",
    "nuclear_status": "nuclear status",
    "warheads": "nuclear warheads",
    "idealpoint": "UN ideal point",
    "cowmaj": "COW major power",
    "tier": "tier",
    "confidence": "confidence [0-1]",
}
"""Column name -> header shown (with its unit); other columns: underscores become spaces."""

_TIERS: dict[object, str] = {
    "member": "member",
    "active_partner": "active partner",
    "associate": "associate",
    "none": "no affiliation",
}
VALUE_LABELS: Mapping[str, Mapping[object, str]] = {
    "tier": _TIERS,
    "nuclear_status": {
        0: "no consideration",
        1: "consideration",
        2: "pursuit",
        3: "possession",
    },
    "fh_status": {0: "not free", 1: "partly free", 2: "free"},
}
"""Column name -> code -> words (codes are decoded in every table)."""


def format_number(value: float, digits: int = 3) -> str:
    """A number for people: thousands separators, no more decimals than it needs.

    At most *digits* decimals, fewer for larger numbers (about three significant digits
    before the point): ``980000.0 -> '980,000'``, ``12.3456 -> '12.3'``, ``0.01234 ->
    '0.012'``.

    Examples
    --------
    >>> format_number(980000.0), format_number(12.3456), format_number(0.01234)
    ('980,000', '12.3', '0.012')
    """
    if math.isnan(value) or math.isinf(value):
        return ""
    if value == 0:
        return "0"
    mag = math.floor(math.log10(abs(value)))
    decimals = max(0, min(digits, 2 - mag))
    return f"{value:,.{decimals}f}"


def _cell(value: object, digits: int, column: str) -> tuple[str, bool]:
    labels = VALUE_LABELS.get(column)
    if labels is not None and value in labels:
        return html.escape(labels[value]), False
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, float):
        return format_number(value, digits), True
    if isinstance(value, int):
        return (f"{value:,}" if abs(value) >= 10_000 else f"{value}"), True
    if isinstance(value, list):
        return html.escape(", ".join(str(v) for v in value)), False
    text = str(value)
    return html.escape(_TIERS.get(text, text) if "_" in text else text), False


def _header(column: str) -> str:
    return HEADERS.get(column, column.replace("_", " "))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "table"


def csv_data_uri(frame: pl.DataFrame) -> str:
    """*frame* as a ``data:text/csv`` URI (list columns joined with "; ").

    Examples
    --------
    >>> csv_data_uri(pl.DataFrame({"a": [1, 2]}))
    'data:text/csv;charset=utf-8,a%0A1%0A2%0A'
    """
    flat = frame.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join("; ")
        for c, t in frame.schema.items()
        if isinstance(t, pl.List)
    )
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(flat.write_csv(), safe="")


def _table(block: Table) -> str:
    frame = block.frame
    head = "".join(f'<th scope="col">{html.escape(_header(c))}</th>' for c in frame.columns)
    rows = []
    for row in frame.head(block.max_rows).iter_rows():
        cells = []
        for col, v in zip(frame.columns, row, strict=True):
            text, num = _cell(v, block.float_digits, col)
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if frame.height > block.max_rows:
        more = (
            f'<p class="more">{frame.height - block.max_rows} more rows not shown here; '
            "the CSV holds them all.</p>"
        )
    name = _slug(block.caption) + ".csv"
    link = (
        f'<p class="dl"><a download="{html.escape(name)}" href="{csv_data_uri(frame)}">'
        f"Download this table as CSV</a> ({frame.height:,} rows)</p>"
    )
    table = (
        f'<div class="tablewrap"><table><caption>{html.escape(block.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}{link}"
    )
    annex = block.annex if block.annex is not None else frame.height > ANNEX_ROWS
    if annex:
        return (
            f'<details class="annex"><summary>Annex: {html.escape(block.caption)} '
            f"({frame.height:,} rows)</summary>{table}</details>"
        )
    return table


def _figure(block: Figure) -> str:
    svg = accessible_svg(block.svg, block.caption, block.caption)
    return (
        f'<figure><div class="figwrap">{svg}</div>'
        f"<figcaption>{html.escape(block.caption)}</figcaption></figure>"
    )


def _answers(items: Sequence[Answer]) -> str:
    lis = []
    for a in items:
        lis.append(
            f'<li><span class="q">{html.escape(a.question)}</span> {html.escape(a.text)} '
            f'<span class="conf">({html.escape(a.confidence)}; '
            f'<a href="#{html.escape(a.section)}">evidence</a>)</span></li>'
        )
    return f'<ol class="answers">{"".join(lis)}</ol>'


def _block(block: object) -> str:
    if isinstance(block, Text):
        return f"<p>{html.escape(block.text)}</p>"
    if isinstance(block, Note):
        label = {
            "assumption": "Illustrative assumption",
            "caveat": "Caveat",
            "missing": "Missing evidence",
        }.get(block.kind, "Note")
        return f'<div class="note {html.escape(block.kind)}"><strong>{label}:</strong> {html.escape(block.text)}</div>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        cap = html.escape(block.caption or "Text")
        return f'<details class="annex"><summary>Annex: {cap}</summary><pre>{html.escape(block.text)}</pre></details>'
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Answer):
        return _answers([block])
    raise TypeError(f"unknown report block {type(block).__name__}")


def _blocks(blocks: Sequence[object]) -> str:
    out: list[str] = []
    run: list[Answer] = []
    for b in blocks:
        if isinstance(b, Answer):
            run.append(b)
            continue
        if run:
            out.append(_answers(run))
            run = []
        out.append(_block(b))
    if run:
        out.append(_answers(run))
    return "".join(out)


def render(
    title: str, subtitle: str, sections: Sequence[Section], *, generated: dt.datetime | None = None
) -> str:
    """Return the complete HTML document (inline CSS and SVG; no scripts, no external
    resources). The first section is the one the skip link leads to."""
    when = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    toc = "".join(
        f'<li><a href="#{html.escape(s.id)}">{html.escape(s.title)}</a></li>' for s in sections
    )
    body = []
    for s in sections:
        body.append(
            f'<section id="{html.escape(s.id)}" aria-labelledby="h-{html.escape(s.id)}">'
            f'<h2 id="h-{html.escape(s.id)}">{html.escape(s.title)}</h2>{_blocks(s.blocks)}</section>'
        )
    first = html.escape(sections[0].id) if sections else "main"
    from socius import __version__

    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style></head><body>"
        f'<a class="skip" href="#{first}">Skip to the answers</a>'
        f'<header><h1>{html.escape(title)}</h1><p class="meta">{html.escape(subtitle)} &middot; socius {__version__} &middot; generated {when} &middot; <a href="#contents">contents</a></p></header>'
        f'<main id="main">{"".join(body)}</main>'
        f'<nav id="contents" aria-label="Contents"><h2>Contents</h2><ol>{toc}</ol></nav></body></html>\n'
    )


def frame_for_html(frame: pl.DataFrame) -> pl.DataFrame:
    """Return *frame* unchanged; a hook for column formatting shared by sections."""
    return frame
