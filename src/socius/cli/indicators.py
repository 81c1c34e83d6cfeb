"""``socius indicators``: security-environment indicators for states, regions and blocs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from socius import indicators as ind
from socius.cli._common import check_out, console, emit_frame, parse_list, print_frame
from socius.errors import ValidationError
from socius.provenance import get_provenance

NAME = "indicators"
app = typer.Typer(
    help="Security-environment indicators: military spending, arms transfers, capabilities, "
    "nuclear and missile tests, incidents and blocs.",
    no_args_is_help=True,
)

FromOpt = Annotated[int | None, typer.Option("--from", help="First year of the period")]
ToOpt = Annotated[int | None, typer.Option("--to", help="Last year of the period")]
OutOpt = Annotated[
    Path | None, typer.Option(help="Write the table to a file (.parquet, .csv or .json)")
]
SourceOpt = Annotated[
    str, typer.Option(help="Military expenditure source: auto (SIPRI if imported), sipri or nmc")
]


def period(start: int | None, end: int | None) -> tuple[int, int] | None:
    """``--from``/``--to`` as a period (None when both are omitted)."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValidationError("give both --from and --to (for one year, the same year twice)")
    if end < start:
        raise ValidationError(
            f"--from {start} --to {end} runs backwards; write --from {end} --to {start}"
        )
    return start, end


def sources_line(frame: pl.DataFrame) -> str:
    """``source: dataset version; ...`` from a frame's provenance."""
    prov = get_provenance(frame)
    names = [f"{p['dataset']} {p.get('version', '')}".strip() for p in prov]
    return "source: " + ("; ".join(names) if names else "none recorded")


LABELS = ("indicator", "measure", "unit", "source", "caveat")


def show_frame(frame: pl.DataFrame, out: Path | None, *, title: str) -> None:
    """Print (or write) a frame, then its sources and any caveat.

    When printing, label columns that hold one value for every row (unit, source,
    caveat...) are shown once under the table instead of on every row.
    """
    if out is not None:
        emit_frame(frame, out, title=title)
        return
    shared = [c for c in LABELS if c in frame.columns and frame[c].n_unique() == 1]
    print_frame(frame.drop(shared), title=title)
    for col in shared:
        value = frame[col][0]
        if value is not None and col != "source":
            console.print(f"{col}: {value}", highlight=False, markup=False)
    console.print(sources_line(frame), highlight=False, markup=False)


PROFILE_VIEWS = (
    (
        "spending and capabilities",
        ("milex", "milex_growth_pct", "milex_gdp", "milex_rank", "cinc", "cinc_rank"),
    ),
    (
        "arms, nuclear forces and missile tests",
        (
            "arms_imports",
            "arms_imports_rank",
            "arms_exports",
            "nuclear_status",
            "warheads",
            "nuclear_tests",
            "missile_tests",
        ),
    ),
)
SHORT = {
    "milex_growth_pct": "growth %",
    "milex_gdp": "of GDP",
    "milex_rank": "rank",
    "cinc_rank": "CINC rank",
    "arms_imports": "imports",
    "arms_imports_rank": "imp. rank",
    "arms_exports": "exports",
    "nuclear_status": "nuclear",
    "nuclear_tests": "nuc. tests",
    "missile_tests": "missiles",
}


@app.command("show")
def show(
    state: Annotated[str, typer.Argument(help="State: ISO3 or COW abbreviation, COW code or name")],
    start: FromOpt = None,
    end: ToOpt = None,
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """One state's indicators by year, with a summary (growth, ranks, arms, nuclear).

    Without --from/--to: the last 15 years with military expenditure data.
    """
    target = check_out(out)
    years = period(start, end)
    if years is None:  # default: the last 15 years with military expenditure data
        last = ind.milex_coverage(ind.milex_source(source))[1]
        years = (last - 14, last)
    frame = ind.profile(state, years=years, source=source)
    lo, hi = int(frame["year"][0]), int(frame["year"][-1])
    abb = frame["stateabb"][0]
    if target is not None:
        show_frame(frame, target, title=f"{abb}: security indicators {lo}-{hi}")
    else:
        for title, columns in PROFILE_VIEWS:
            view = frame.select(
                "year", *[c for c in columns if frame[c].null_count() < frame.height]
            )
            if view.width > 1:
                print_frame(view.rename(SHORT, strict=False), title=f"{abb}: {title}, {lo}-{hi}")
        unit = (
            "constant US$ m (SIPRI)"
            if ind.milex_source(source) != "nmc"
            else "current US$ m (COW NMC)"
        )
        console.print(
            f"milex in {unit}; TIV in millions. " + sources_line(frame),
            highlight=False,
            markup=False,
        )
    if lo < hi:
        summary = ind.profile_summary(state, years=(lo, hi), source=source)
        print_frame(summary, title=f"{abb}: summary {lo}-{hi}")


@app.command("rank")
def rank(
    indicator: Annotated[str, typer.Argument(help=f"One of: {', '.join(ind.RANKINGS)}")],
    start: FromOpt = None,
    end: ToOpt = None,
    top: Annotated[int, typer.Option(help="Number of states to show")] = 20,
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """Rank all states on an indicator over a period (e.g. arms-imports)."""
    target = check_out(out)
    if top < 1:
        raise ValidationError(f"--top {top} must be 1 or more")
    frame = ind.rank(indicator, years=period(start, end), top=top, source=source)
    span = f"{start}-{end}" if start is not None else "all years"
    show_frame(frame, target, title=f"{indicator}, {span}: {ind.RANKINGS[indicator]}")


@app.command("share")
def share(
    supplier: Annotated[str, typer.Option("--supplier", help="Supplying state, e.g. RUS")],
    recipient: Annotated[str, typer.Option("--recipient", help="Receiving state, e.g. CHN")],
    year: Annotated[
        int | None, typer.Option("--year", help="One year (or use --from/--to)")
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
) -> None:
    """A supplier's share of a recipient's arms imports and the recipient's share of its exports."""
    if year is not None and (start is not None or end is not None):
        raise ValidationError("give either --year or --from/--to, not both")
    years = (year, year) if year is not None else period(start, end)
    row = ind.supplier_share(supplier, recipient, years=years)
    r = row.row(0, named=True)
    items = pl.DataFrame(
        {
            "item": [k for k in r if k != "source"],
            "value": [_text(v) for k, v in r.items() if k != "source"],
        }
    )
    print_frame(
        items, title=f"arms transfers {r['supplier']} -> {r['recipient']}, {r['start']}-{r['end']}"
    )
    console.print(sources_line(row), highlight=False, markup=False)
    customers = ind.customer_shares(supplier, years=(int(r["start"]), int(r["end"])))
    print_frame(customers.drop("source").head(10), title=f"largest customers of {r['supplier']}")


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:,.0f}"
    return "" if value is None else str(value)


@app.command("milex")
def milex(
    states: Annotated[
        str | None, typer.Argument(help="Comma-separated states (default: all)")
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    measure: Annotated[str, typer.Option(help=f"One of: {', '.join(ind.MEASURES)}")] = "constant",
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """Military expenditure by state and year."""
    target = check_out(out)
    frame = ind.milex(
        parse_list(states) or None, years=period(start, end), measure=measure, source=source
    )
    show_frame(frame, target, title="military expenditure")


@app.command("growth")
def growth(
    states: Annotated[str, typer.Argument(help="Comma-separated states, e.g. CHN,JPN")],
    start: Annotated[int, typer.Option("--from", help="Base year")],
    end: Annotated[int, typer.Option("--to", help="End year")],
    measure: Annotated[str, typer.Option(help=f"One of: {', '.join(ind.MEASURES)}")] = "constant",
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """Growth of military spending between two years: ratio, percent and compound annual growth."""
    target = check_out(out)
    period(start, end)
    frame = ind.milex_growth(
        parse_list(states), start=start, end=end, measure=measure, source=source
    )
    show_frame(frame, target, title=f"military expenditure growth {start}-{end}")


@app.command("totals")
def totals(
    by: Annotated[str, typer.Option(help="region, subregion (SIPRI) or world")] = "region",
    start: FromOpt = None,
    end: ToOpt = None,
    measure: Annotated[str, typer.Option(help="constant or current")] = "constant",
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """Regional or world totals of military expenditure by year."""
    target = check_out(out)
    frame = ind.milex_totals(years=period(start, end), by=by, measure=measure, source=source)
    show_frame(frame, target, title=f"military expenditure by {by}")


@app.command("bloc")
def bloc(
    blocs: Annotated[
        str, typer.Argument(help="Comma-separated alliances: NATO, SCO, CSTO")
    ] = "NATO,SCO",
    group: Annotated[
        list[str] | None,
        typer.Option(
            help="A user-defined group NAME=STATE,STATE,... (repeatable), e.g. Quad=USA,JPN,IND,AUL"
        ),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    source: SourceOpt = "auto",
    out: OutOpt = None,
) -> None:
    """Blocs over time: members, spending and its world share, CINC, arms flows inside the bloc."""
    target = check_out(out)
    specs: list[str | ind.Bloc] = [*parse_list(blocs)]
    for item in group or []:
        name, sep, members = item.partition("=")
        if not sep or not name.strip() or not parse_list(members):
            raise ValidationError(
                f"--group '{item}' is not NAME=STATE,STATE,...; e.g. --group Quad=USA,JPN,IND,AUL"
            )
        specs.append(ind.bloc(name.strip(), parse_list(members)))
    frame = ind.bloc_aggregates(specs, years=period(start, end), source=source)
    show_frame(frame, target, title="bloc comparison")


@app.command("cinc")
def cinc(
    states: Annotated[str, typer.Argument(help="Comma-separated states, e.g. CHN,USA,JPN")],
    start: Annotated[int, typer.Option("--from", help="First year")],
    end: Annotated[int, typer.Option("--to", help="Last year")],
    out: OutOpt = None,
) -> None:
    """Shares of world capabilities (CINC) and their trend over a period."""
    target = check_out(out)
    years = period(start, end)
    show_frame(
        ind.cinc_trend(parse_list(states), years=years or (start, end)), target, title="CINC trend"
    )


@app.command("nuclear")
def nuclear(
    states: Annotated[str, typer.Argument(help="Comma-separated states")],
    start: FromOpt = None,
    end: ToOpt = None,
    out: OutOpt = None,
) -> None:
    """Nuclear status, warheads and nuclear tests by year."""
    target = check_out(out)
    show_frame(
        ind.nuclear(parse_list(states), years=period(start, end)), target, title="nuclear status"
    )


@app.command("missiles")
def missiles(
    states: Annotated[
        str | None, typer.Argument(help="PRK, IRN, IND, PAK (default: all four)")
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    by_type: Annotated[
        bool, typer.Option("--by-type", help="Split by missile class (North Korea)")
    ] = False,
    out: OutOpt = None,
) -> None:
    """Missile and space-launch tests per year (CNS databases)."""
    target = check_out(out)
    frame = ind.missile_tests(parse_list(states) or None, years=period(start, end), by_type=by_type)
    show_frame(frame, target, title="missile tests")


@app.command("scrambles")
def scrambles(
    start: FromOpt = None,
    end: ToOpt = None,
    out: OutOpt = None,
) -> None:
    """Japan's air-defence scrambles by fiscal year and origin."""
    target = check_out(out)
    frame = ind.scrambles(years=period(start, end))
    wide = frame.pivot(
        on="origin", index="fiscal_year", values="scrambles", aggregate_function="first"
    )
    if target is not None:
        show_frame(frame, target, title="scrambles")
        return
    print_frame(wide, title="Japan ASDF scrambles by fiscal year (empty = breakdown not published)")
    console.print(sources_line(frame), highlight=False, markup=False)


@app.command("incidents")
def incidents(
    file: Annotated[
        Path, typer.Argument(help="Incident CSV (see docs/indicators.md for the columns)")
    ],
    by: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated grouping columns (default: series, the file's period, "
            "year or fiscal_year, and origin)"
        ),
    ] = None,
    out: OutOpt = None,
) -> None:
    """Validate a user incident CSV and show its counts."""
    target = check_out(out)
    frame = ind.read_incidents(file)
    keys = parse_list(by) if by else None
    emit_frame(ind.incident_counts(frame, by=keys), target, title=f"incidents in {file.name}")
    console.print(
        f"source: {file.name} ({frame.height} rows, validated)", highlight=False, markup=False
    )
