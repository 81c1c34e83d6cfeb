"""The seed article's figures beside today's data.

Ikegami, M. 2007. "NATO and Japan: Strengthening Asian stability." NATO Review, issue 2
(https://www.nato.int/docu/review/2007/issue2/english/art4.html). Only figures quoted from
the article's text, or cited as the article's by the curated tables' sources, appear
here; a figure whose passage could not be retrieved says so instead of being supplied from
memory. Each row reads the data today and says "consistent", "differs" (and why) or
"cannot compare" (and what would allow it).
"""

from __future__ import annotations

import polars as pl

from socius.data import list_datasets, load
from socius.errors import SociusError
from socius.report.model import Block, Note, ReportContext, Section, Table, Text

__all__ = ["ARTICLE", "reconcile", "section"]

ARTICLE = (
    'Ikegami, Masako. 2007. "NATO and Japan: Strengthening Asian stability." NATO Review '
    "2007 (2). https://www.nato.int/docu/review/2007/issue2/english/art4.html"
)
SIPRI_IMPORT = "socius data import sipri-milex FILE"


def _milestone(prefix: str) -> str | None:
    frame = load("nato_japan_milestones")
    hit = frame.filter(pl.col("date").cast(pl.String).str.starts_with(prefix))
    if hit.is_empty():
        return None
    when = str(hit["date"][0])
    return f"{prefix if len(prefix) == 4 else when}: {hit['event'][0]}"


def _scrambles(fy: int) -> int | None:
    from socius import indicators as ind

    s = ind.scrambles(years=(fy, fy), origins=["china"])
    v = s["scrambles"][0] if s.height else None
    return None if v is None else int(v)


def _china_growth() -> tuple[str, str, str]:
    from socius import indicators as ind

    if "sipri_milex" in list_datasets():
        g = ind.milex_growth("CHN", start=1996, end=2006, source="sipri").row(0, named=True)
        if g["ratio"] is None:
            return "missing in the imported SIPRI release", "cannot compare", "SIPRI has no value"
        return (
            f"{g['ratio'] - 1:+.0%} ({g['unit']}, {g['source']})",
            "see the article",
            "SIPRI revises China's series between releases; compare with the article's own figure",
        )
    nmc = ind.milex_growth("CHN", start=1996, end=2006, source="nmc").row(0, named=True)
    breaks = ind.milex_breaks("CHN", years=(1997, 2006))
    if breaks.height:
        # a growth rate across the break is an artefact of the new series; no number is shown
        today = (
            f"no comparable figure: COW NMC v7.0 (current US$) breaks in "
            f"{breaks['year'][0]}, inside 1996-2006"
        )
    else:
        today = f"COW NMC v7.0: {nmc['ratio'] - 1:+.0%} in current US$ (inflation included)"
    return (
        today,
        "cannot compare",
        "NMC's China series breaks in 2005 and is in current prices; import SIPRI for the "
        f"constant-price series: {SIPRI_IMPORT}",
    )


def reconcile() -> pl.DataFrame:
    """The reconciliation table: ``figure, article, data_today, status, why``."""
    rows: list[dict[str, str]] = []
    first = _milestone("1990")
    rows.append(
        {
            "figure": "NATO-Japan security conferences",
            "article": "'a series of NATO-Japan Security Conference have been held since 1990'",
            "data_today": first or "not in the milestones table",
            "status": "consistent" if first else "cannot compare",
            "why": "curated milestones (nato_japan_milestones), NATO sources",
        }
    )
    abe = _milestone("2007-01")
    rows.append(
        {
            "figure": "Abe's visit to NATO headquarters",
            "article": "January 2007, 'the first visit by a Japanese head of government'",
            "data_today": abe or "not in the milestones table",
            "status": "consistent" if abe else "cannot compare",
            "why": "curated milestones, NATO speech archive",
        }
    )
    for fy, cited in ((2004, 13), (2005, 107)):
        got = _scrambles(fy)
        rows.append(
            {
                "figure": f"ASDF scrambles against Chinese aircraft, FY{fy}",
                "article": f"{cited} (as the curated table's sources cite the article; the "
                "passage itself was not retrieved)",
                "data_today": "missing" if got is None else str(got),
                "status": "cannot compare"
                if got is None
                else ("consistent" if got == cited else "differs"),
                "why": "japan_scrambles (Joint Staff Office figures via AP, AFP, MOD)",
            }
        )
    try:
        today, status, why = _china_growth()
    except SociusError as exc:
        today, status, why = "missing", "cannot compare", str(exc)
    rows.append(
        {
            "figure": "China's defence spending growth, 1996-2006",
            "article": "not available: the passage could not be retrieved, so no figure is quoted",
            "data_today": today,
            "status": status,
            "why": why,
        }
    )
    return pl.DataFrame(rows)


def section(ctx: ReportContext) -> Section:
    """The reconciliation section (the same table for every report year)."""
    blocks: list[Block] = [
        Text(
            f"The report's questions come from {ARTICLE} This table sets the figures the "
            "article states beside what the data give today."
        ),
        Table(reconcile(), "The article's figures, reconciled", annex=False),
    ]
    if "sipri_milex" not in list_datasets():
        blocks.append(
            Note(
                "Rows on military spending need SIPRI's constant-price series, which socius "
                f"cannot redistribute; import your SIPRI download with: {SIPRI_IMPORT}",
                kind="missing",
            )
        )
    return Section(
        "article",
        "The article's figures, reconciled",
        tuple(blocks),
        datasets=("nato_japan_milestones", "japan_scrambles", "nmc"),
    )
