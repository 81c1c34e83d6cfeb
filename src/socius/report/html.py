"""Render a report (sections of text, tables, figures) to one self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import polars as pl

from socius.report.model import Code, Figure, Note, Section, Table, Text

__all__ = ["render"]

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem} h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.4rem}
.meta{color:#5a6772;font-size:.9rem} nav ol{columns:2;font-size:.95rem}
table{border-collapse:collapse;font-size:.82rem;margin:.6rem 0 1.2rem;width:100%}
th,td{border-bottom:1px solid #dde3e8;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef3f7;position:sticky;top:0} td.num{text-align:right;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:1rem 0 1.6rem} figure svg{max-width:100%;height:auto} figcaption{font-size:.85rem;color:#46525c}
.note{border-left:4px solid #d98c1f;background:#fff7ea;padding:.5rem .8rem;margin:.8rem 0;font-size:.9rem}
.note.caveat{border-color:#7a8a99;background:#f3f5f7} .note.missing{border-color:#b03a2e;background:#fbeeee}
.tablewrap{overflow-x:auto;max-width:100%} .more{color:#5a6772;font-size:.8rem} pre{white-space:pre-wrap;font-size:.75rem;background:#f6f8fa;padding:.6rem}
"""


def _cell(value: object, digits: int) -> tuple[str, bool]:
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, float):
        return (f"{value:,.{digits}f}" if abs(value) < 1e6 else f"{value:,.0f}"), True
    if isinstance(value, int):
        return f"{value}", True
    if isinstance(value, list):
        return html.escape(", ".join(str(v) for v in value)), False
    return html.escape(str(value)), False


def _table(block: Table) -> str:
    frame = block.frame
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.head(block.max_rows).iter_rows():
        cells = []
        for v in row:
            text, num = _cell(v, block.float_digits)
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if frame.height > block.max_rows:
        more = f'<p class="more">{frame.height - block.max_rows} more rows not shown; the full table is available through the Python API and CLI.</p>'
    return (
        f'<div class="tablewrap"><table><caption>{html.escape(block.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


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
        cap = f"<p><strong>{html.escape(block.caption)}</strong></p>" if block.caption else ""
        return f"{cap}<pre>{html.escape(block.text)}</pre>"
    if isinstance(block, Figure):
        return f"<figure>{block.svg}<figcaption>{html.escape(block.caption)}</figcaption></figure>"
    raise TypeError(f"unknown report block {type(block).__name__}")


def render(
    title: str, subtitle: str, sections: Sequence[Section], *, generated: dt.datetime | None = None
) -> str:
    """Return the complete HTML document (inline CSS and SVG; no external resources)."""
    when = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    toc = "".join(
        f'<li><a href="#{html.escape(s.id)}">{html.escape(s.title)}</a></li>' for s in sections
    )
    body = []
    for s in sections:
        inner = "".join(_block(b) for b in s.blocks)
        body.append(
            f'<section id="{html.escape(s.id)}"><h2>{html.escape(s.title)}</h2>{inner}</section>'
        )
    from socius import __version__

    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style></head><body>"
        f'<header><h1>{html.escape(title)}</h1><p class="meta">{html.escape(subtitle)} &middot; socius {__version__} &middot; generated {when}</p></header>'
        f"<nav><ol>{toc}</ol></nav>{''.join(body)}</body></html>\n"
    )


def frame_for_html(frame: pl.DataFrame) -> pl.DataFrame:
    """Return *frame* unchanged; a hook for column formatting shared by sections."""
    return frame
