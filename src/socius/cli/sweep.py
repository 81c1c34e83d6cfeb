"""``socius sweep``: policy-space and Monte Carlo sweeps on Dask (this machine or a cluster)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.progress import BarColumn, TextColumn, TimeElapsedColumn

from socius.cli._common import Progress, err_console, parse_years, print_frame

NAME = "sweep"
app = typer.Typer(
    help="Sweeps over policies, draws and scenario inputs, on Dask (this machine or a cluster).",
    no_args_is_help=True,
)

OutOpt = Annotated[
    Path,
    typer.Option(help="Folder for the sweep (sweep.json, parts/, result.parquet); rerun to resume"),
]
GridOpt = Annotated[Path, typer.Option(help="Grid TOML file (see `socius sweep example-grid`)")]
DrawsOpt = Annotated[int, typer.Option(help="Monte Carlo draws")]
SeedOpt = Annotated[int | None, typer.Option(help="Root seed (chunk i uses its i-th child)")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        envvar="SOCIUS_DASK_SCHEDULER",
        help="Dask scheduler address (tcp://host:8786) or 'synchronous'; default: a "
        "LocalCluster on this machine's cores",
    ),
]
WorkersOpt = Annotated[
    int | None, typer.Option(help="Workers of the local cluster (default: one per core)")
]
TimeoutOpt = Annotated[
    float, typer.Option(help="Seconds to wait for the scheduler to answer", min=0.1, max=600)
]
FreshOpt = Annotated[
    bool, typer.Option("--fresh", help="Discard finished chunks instead of resuming")
]


DashboardOpt = Annotated[
    bool,
    typer.Option(
        "--dashboard", help="Print the link to the Dask dashboard (needs bokeh installed)"
    ),
]


def _progress(units: str, *, dashboard: bool = False) -> tuple[Progress, Callable[[Any], None]]:
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} chunks"),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA {task.fields[eta]}"),
        TimeElapsedColumn(),
    )
    task = bar.add_task("sweep", total=None, rate="", eta="?")
    shown = {"dashboard": False}

    def update(p: Any) -> None:
        if dashboard and not shown["dashboard"]:
            shown["dashboard"] = True
            err_console.print(
                f"Dask dashboard: {p.dashboard}"
                if p.dashboard
                else "no Dask dashboard (synchronous run, or bokeh is not installed: "
                "pip install bokeh)"
            )
        eta = "?" if math.isinf(p.eta) else f"{p.eta:,.0f} s"
        bar.update(
            task,
            completed=p.done,
            total=p.total,
            rate=f"{p.throughput:,.0f} {units}/s",
            eta=eta,
        )

    return bar, update


def _report(result: Any) -> None:
    err_console.print(
        f"wrote {result.table.height:,} rows to {result.folder / 'result.parquet'} "
        f"({result.computed} chunk(s) computed in {result.seconds:,.1f} s on "
        f"{result.workers} worker(s), {result.skipped} resumed from an earlier run)"
    )


@app.command("example-grid")
def example_grid() -> None:
    """Print the example policy grid (copy it: socius sweep example-grid > grid.toml)."""
    from socius.sweep import example_grid_text

    typer.echo(example_grid_text(), nl=False)


@app.command("policy")
def policy_cmd(
    grid: GridOpt,
    out: OutOpt,
    years: Annotated[str, typer.Option(help="Years, e.g. 1949-2024")] = "1949-2024",
    draws: DrawsOpt = 100,
    policy: Annotated[
        Path | None, typer.Option(help="Base policy TOML (default: the shipped policy)")
    ] = None,
    alliance: Annotated[str | None, typer.Option(help="NATO, SCO or CSTO")] = None,
    seed: SeedOpt = None,
    years_per_chunk: Annotated[int, typer.Option(help="Years per chunk")] = 5,
    points_per_chunk: Annotated[int, typer.Option(help="Grid points per chunk")] = 100,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    connect_timeout: TimeoutOpt = 10.0,
    fresh: FreshOpt = False,
    dashboard: DashboardOpt = False,
) -> None:
    """Robustness map: per state-year, the share of the policy grid giving each tier."""
    from socius.sweep import read_grid, sweep_policy

    span = parse_years(years)
    g = read_grid(grid)
    bar, update = _progress("draw-point-years", dashboard=dashboard)
    with bar:
        result = sweep_policy(
            g,
            years=span,
            out=out,
            policy=policy,
            alliance=alliance,
            draws=draws,
            seed=seed,
            years_per_chunk=years_per_chunk,
            points_per_chunk=points_per_chunk,
            scheduler=scheduler,
            workers=workers,
            connect_timeout=connect_timeout,
            fresh=fresh,
            progress=update,
        )
    _report(result)
    least = (
        result.table.filter(pl.col("share_member") < 1)
        .sort("robustness", "year", "name")
        .select("year", "name", "iso3", "modal_tier", "robustness")
    )
    print_frame(
        least,
        title="Least robust state-years (share of the grid giving the modal tier)",
        max_rows=20,
    )


@app.command("eu")
def eu_cmd(
    out: OutOpt,
    years: Annotated[str, typer.Option(help="Years within 1816-2022")] = "1816-2022",
    draws: DrawsOpt = 1000,
    sigma: Annotated[
        float, typer.Option(help="Relative CINC measurement error (lognormal; 0.1 = about 10%)")
    ] = 0.1,
    level: Annotated[
        float, typer.Option(help="Interval coverage (0.9 = 5th-95th percentile)")
    ] = 0.9,
    seed: Annotated[int, typer.Option(help="Root seed (chunk i uses its i-th child)")] = 0,
    similarity: Annotated[str, typer.Option(help="tau_b or s")] = "tau_b",
    third_parties: Annotated[str, typer.Option(help="region or all")] = "region",
    years_per_chunk: Annotated[int, typer.Option(help="Years per chunk")] = 1,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    connect_timeout: TimeoutOpt = 10.0,
    fresh: FreshOpt = False,
    dashboard: DashboardOpt = False,
) -> None:
    """War Trap expected utility of every directed dyad-year under capability error: mean and interval."""
    from socius.sweep import sweep_eu

    span = parse_years(years)
    bar, update = _progress("draw-dyad-years", dashboard=dashboard)
    with bar:
        result = sweep_eu(
            years=span,
            out=out,
            draws=draws,
            sigma=sigma,
            level=level,
            seed=seed,
            similarity=similarity,
            third_parties=third_parties,
            years_per_chunk=years_per_chunk,
            scheduler=scheduler,
            workers=workers,
            connect_timeout=connect_timeout,
            fresh=fresh,
            progress=update,
        )
    _report(result)
    widest = (
        result.table.drop_nulls("eu_ij_sd")
        .sort("eu_ij_sd", descending=True)
        .select("ccode1", "ccode2", "year", "eu_ij", "eu_ij_mean", "eu_ij_low", "eu_ij_high")
    )
    print_frame(widest, title="Most uncertain dyad-years", max_rows=15)


@app.command("scenario")
def scenario_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="A shipped deterrence or bargaining scenario (taiwan-strait, six-party, ...) or a file"
        ),
    ],
    grid: GridOpt,
    out: OutOpt,
    draws: DrawsOpt = 10_000,
    year: Annotated[int | None, typer.Option(help="Year of the capability data")] = None,
    seed: Annotated[int, typer.Option(help="Seed (the same draws at every grid point)")] = 0,
    points_per_chunk: Annotated[int, typer.Option(help="Grid points per chunk")] = 20,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    connect_timeout: TimeoutOpt = 10.0,
    fresh: FreshOpt = False,
    dashboard: DashboardOpt = False,
) -> None:
    """Run a deterrence or bargaining scenario over a grid of its inputs; rank the inputs by influence."""
    from socius.sweep import read_grid, sweep_scenario

    g = read_grid(grid)
    bar, update = _progress("draw-points", dashboard=dashboard)
    with bar:
        result = sweep_scenario(
            scenario,
            g,
            out=out,
            year=year,
            draws=draws,
            seed=seed,
            points_per_chunk=points_per_chunk,
            scheduler=scheduler,
            workers=workers,
            connect_timeout=connect_timeout,
            fresh=fresh,
            progress=update,
        )
    _report(result)
    assert result.extra is not None
    print_frame(result.extra, title="Influence of each input on the outcome")
