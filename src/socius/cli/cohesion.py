"""``socius cohesion``: alliance cohesion over time, blocs compared, what-if partner sets."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from socius.cli._common import (
    check_out,
    console,
    emit_frame,
    err_console,
    parse_list,
    parse_years,
    print_frame,
    track,
)
from socius.cohesion import SOURCES, compare, tiered_whatif, whatif
from socius.cohesion.measures import canonical_alliance

NAME = "cohesion"
app = typer.Typer(
    help="Alliance cohesion: members' similarity, dispersion and capability concentration "
    "over time, blocs side by side, and what-if partner sets with each candidate's divergence from the core.",
    no_args_is_help=True,
)

SHOWN = (
    "alliance",
    "year",
    "n_members",
    "s_un_mean",
    "s_un_sd",
    "s_atop_mean",
    "idealpoint_sd",
    "libdem_sd",
    "polyarchy_sd",
    "cinc_hhi",
)
CANDIDATES_SHOWN = (
    "rank",
    "stateabb",
    "risk",
    "risk_vote",
    "s_un_members",
    "d_s_un_mean",
    "d_s_atop_mean",
    "d_idealpoint_sd",
    "d_libdem_sd",
    "d_cinc_hhi",
)

YearsOpt = Annotated[
    str | None,
    typer.Option(help="Years, e.g. 1949-2023 (default: from the founding to the latest data)"),
]
OutOpt = Annotated[Path | None, typer.Option(help="Write the full table (.csv, .parquet or .json)")]
AllOpt = Annotated[
    bool, typer.Option("--all-columns", help="Print every measure, not just the main ones")
]


def _progress(items: Iterable[int], total: int) -> Iterable[int]:
    return track(
        items, total=total, description="computing cohesion", console=err_console, transient=True
    )


def _series(names: list[str], years: str | None, out: Path | None, all_columns: bool) -> None:
    target = check_out(out)
    span = parse_years(years) if years is not None else None
    alliances = [canonical_alliance(n) for n in names]
    frame = compare(alliances, span, progress=_progress)
    if target is not None:
        emit_frame(frame, target)
        return
    shown = frame if all_columns else frame.select(SHOWN)
    first, last = int(frame["year"].min()), int(frame["year"].max())  # type: ignore[arg-type]
    print_frame(
        shown,
        title=f"Cohesion of {', '.join(alliances)}, {first}-{last}",
        max_rows=400,
    )
    console.print(
        "[dim]s_*: mean Signorino-Ritter S of member pairs (un: UN votes 1946-2019; atop: "
        "alliance portfolios to 2018); *_sd: dispersion; cinc_hhi: Herfindahl index of "
        "members' capability shares. Empty cells: outside a source's coverage.[/dim]"
    )


@app.command()
def show(
    alliance: Annotated[str, typer.Argument(help="Alliance: NATO, SCO or CSTO")],
    years: YearsOpt = None,
    compare_with: Annotated[
        str | None,
        typer.Option("--compare", help="Also show these alliances, e.g. SCO or SCO,CSTO"),
    ] = None,
    all_columns: AllOpt = False,
    out: OutOpt = None,
) -> None:
    """Cohesion of one alliance year by year (optionally next to others)."""
    _series([alliance, *parse_list(compare_with)], years, out, all_columns)


@app.command("compare")
def compare_cmd(
    alliances: Annotated[str, typer.Argument(help="Alliances, comma-separated: NATO,SCO")],
    years: YearsOpt = None,
    all_columns: AllOpt = False,
    out: OutOpt = None,
) -> None:
    """Cohesion of several alliances stacked for side-by-side comparison."""
    _series(parse_list(alliances), years, out, all_columns)


@app.command("whatif")
def whatif_cmd(
    alliance: Annotated[str, typer.Argument(help="Alliance: NATO, SCO or CSTO")],
    add: Annotated[
        str,
        typer.Option(help="Candidate states, comma-separated (ISO3, COW codes or names)"),
    ],
    year: Annotated[
        int | None, typer.Option(help="Year of the member set (default: the latest with data)")
    ] = None,
    latest: Annotated[
        bool,
        typer.Option(
            "--latest",
            help="Read sources that end before the year (UN votes 2019, ATOP 2018) "
            "from their last year",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Write the ranked candidate table (.csv, .parquet or .json)"),
    ] = None,
) -> None:
    """Cohesion with and without candidate partners; each one's effect and risk, ranked."""
    target = check_out(out)
    name = canonical_alliance(alliance)
    if year is None:
        from socius.report import default_year

        year = default_year()
    candidates = parse_list(add)
    result = whatif(name, year, add=candidates, latest=latest)
    summary = result.summary.select(
        "measure", "source_year", "members", "with_candidates", "change"
    )
    print_frame(
        summary,
        title=f"{name} {year}: {len(result.members)} members alone vs. with "
        f"{len(result.candidates)} candidates",
        max_rows=100,
    )
    missing = [SOURCES[k].label for k, y in result.data_years.items() if y is None]
    if missing:
        hint = "" if latest else "; pass --latest to read them from their last year"
        console.print(f"[dim]not covered in {year}: {', '.join(missing)}{hint}[/dim]")
    shifted = {k: y for k, y in result.data_years.items() if y is not None and y != year}
    if shifted:
        console.print(
            "[dim]read from earlier years: "
            + ", ".join(f"{SOURCES[k].label} {y}" for k, y in shifted.items())
            + "[/dim]"
        )
    if target is not None:
        emit_frame(result.table, target)
        return
    print_frame(
        result.table.select(CANDIDATES_SHOWN),
        title="Candidates ranked by divergence from the core ('Trojan-horse' risk; 1 = as far "
        "from the core as the members' 90th percentile)",
        max_rows=200,
    )
    console.print(
        "[dim]risk: ideal-point distance from the members' median relative to the members' "
        "90th-percentile distance; risk_vote: the same idea on mean UN-vote S with the "
        "members; d_*: change in a measure when that candidate alone joins.[/dim]"
    )


@app.command("tiers")
def tiers_cmd(
    alliance: Annotated[str, typer.Argument(help="Alliance: NATO, SCO or CSTO")] = "NATO",
    year: Annotated[
        int | None, typer.Option(help="Year of the member set (default: the latest with data)")
    ] = None,
    focus: Annotated[
        str, typer.Option(help="The partner added alone in step 2 (ISO3, COW code or name)")
    ] = "JPN",
    policy: Annotated[
        Path | None, typer.Option(help="Affiliation policy file (TOML); default: the shipped one")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the steps table (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Two-tier what-if: members alone; + FOCUS; + all active partners; + associates engaged."""
    from socius.affiliation import classify

    target = check_out(out)
    name = canonical_alliance(alliance)
    if year is None:
        from socius.report import default_year

        year = default_year()
    table = classify(year, policy=policy, alliance=name, draws=1)
    tiers = {
        int(c): str(t)
        for c, t in table.select("ccode", "tier").iter_rows()
        if t in ("active_partner", "associate")
    }
    result = tiered_whatif(name, year, tiers, focus=focus, latest=True)
    if target is not None:
        emit_frame(result.steps, target)
        return
    print_frame(
        result.steps.drop("added"),
        title=f"{name} {year}: cohesion at each step (d_*: change from the members alone)",
        max_rows=10,
    )
    print_frame(
        result.divergence.head(15),
        title="Divergence from the core of the states added (1 = members' 90th percentile)",
        max_rows=15,
    )
    console.print(
        "[dim]Associates are engaged, not admitted: the alliance's own cohesion stays as in "
        "step 3; step 4 shows what admitting them would do.[/dim]"
    )
