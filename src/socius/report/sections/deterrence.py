"""Report section: extended deterrence in the shipped scenarios, with and without each signal."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import polars as pl

from socius.data import info
from socius.deterrence import (
    ASSUMPTION_NOTE,
    Assessment,
    DeterrenceResult,
    ResolvedScenario,
    assess,
    read_scenario,
    resolve,
    select_dated,
    shipped_scenarios,
    sweep,
)
from socius.errors import CoverageError, SociusError
from socius.report.figures import (
    SERIES_COLOURS,
    new_figure,
    percent_axis,
    source_line,
    takeaway,
    threshold,
    to_svg,
)
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["assessments", "party_names", "plain", "section"]

DRAWS = 5_000
SEED = 0
SWEEP_VALUES = np.round(np.arange(0.0, 1.0001, 0.1), 10)
COLOURS = SERIES_COLOURS


def _capability_year(year: int) -> tuple[int, str]:
    meta = info("nmc")
    last = int(meta.end or year)
    if year <= last:
        return year, ""
    return last, (
        f"COW NMC v{meta.version} ends in {last}; the scenarios use the capabilities of {last} "
        f"for the report year {year}."
    )


def party_names(resolved: ResolvedScenario) -> dict[str, str]:
    """Display names of a scenario's actors, keyed by their labels in the file ("AUS" is
    Australia in the Taiwan Strait file, so labels are decoded from each party's state)."""
    from socius.codes import display_name, to_ccode

    year = resolved.year
    out: dict[str, str] = {}
    for label, state in (
        (resolved.spec.challenger, resolved.spec.challenger),
        (resolved.spec.protege, resolved.spec.protege),
        *((p.label, p.state) for p in resolved.spec.parties()),
    ):
        if state is None:
            continue
        try:
            out[str(label)] = display_name(to_ccode(state, year=year), year)
        except SociusError:
            continue
    return out


def plain(text: str, names: dict[str, str]) -> str:
    """*text* with each actor label replaced by its display name (whole words only)."""
    if not names:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b"
    )
    return pattern.sub(lambda m: names[m.group(1)], text)


@lru_cache(maxsize=4)
def assessments(
    report_year: int,
) -> tuple[tuple[str, ResolvedScenario | None, Assessment | None, str], ...]:
    """Each shipped scenario for *report_year*: ``(name, resolved, assessment, problem)``.

    The judgements are those dated closest to, and not after, the report year; the
    capabilities those of the report year (or NMC's last year). The answers page and this
    section share these runs (same draws and seed), so their numbers agree.
    """
    year, _ = _capability_year(report_year)
    out: list[tuple[str, ResolvedScenario | None, Assessment | None, str]] = []
    for name in shipped_scenarios():
        try:
            path, why = select_dated(name, report_year)
            resolved = resolve(read_scenario(path), year=year, selection=why)
        except CoverageError as exc:
            out.append((name, None, None, str(exc)))
            continue
        verdict = assess(resolved.game, focus=resolved.spec.focus, draws=DRAWS, seed=SEED)
        out.append((name, resolved, verdict, ""))
    return tuple(out)


def _nato_party(resolved: ResolvedScenario) -> str | None:
    for party in resolved.game.parties:
        if party.name.lower() == "nato":
            return party.name
    return None


def _party_rows(name: str, resolved: ResolvedScenario, result: DeterrenceResult) -> pl.DataFrame:
    return result.parties.select(
        pl.lit(name).alias("scenario"),
        "party",
        "role",
        "probability",
        "marginal_value",
        pl.col("p_deterrence_with").alias("p_deter_with_signal"),
        pl.col("p_deterrence_without").alias("p_deter_without_signal"),
    )


def section(ctx: ReportContext) -> Section:
    """Each shipped scenario for the report year: the judgements dated closest to and not
    after it, the verdict on NATO's signal, what it would take, each party's signal, and
    the NATO-probability sweep."""
    year, fallback = _capability_year(ctx.year)
    blocks: list[Block] = [
        Text(
            "Would a challenger be deterred if more powers signalled that they might support the "
            "defender? Each scenario weighs the challenger's expected utility of war over the "
            "coalitions that may form against the status quo (Bueno de Mesquita 1981; Huth "
            f"1988). Capabilities are COW CINC scores of {year}, discounted for distance to "
            f"the protégé by the War Trap loss-of-strength gradient; {DRAWS:,} Monte Carlo "
            "draws of the uncertain inputs."
        ),
        Note(ASSUMPTION_NOTE, kind="assumption"),
    ]
    if fallback:
        blocks.append(Note(fallback, kind="caveat"))
    summary_rows = []
    party_tables = []
    assumption_tables = []
    curves: list[tuple[str, pl.DataFrame]] = []
    for name, resolved, verdict, problem in assessments(ctx.year):
        if resolved is None or verdict is None:
            blocks.append(
                Note(f"Scenario {name} cannot run for {ctx.year}: {problem}", kind="missing")
            )
            continue
        result = verdict.result
        names = party_names(resolved)
        summary_rows.append(
            {
                "scenario": name,
                "judgements_dated": resolved.dated,
                "challenger": names.get(resolved.game.challenger, resolved.game.challenger),
                "protege": names.get(resolved.game.protege, resolved.game.protege),
                "p_deterrence": result.p_deterrence,
                "eu_at_means": result.eu_at_means,
                "threshold_patron_probability": result.threshold,
            }
        )
        blocks.append(Text(f"{resolved.spec.title}. {plain(verdict.summary, names)}"))
        blocks.append(
            Note(f"{resolved.selection} {plain(result.verdict(), names)}", kind="assumption")
        )
        party_tables.append(
            _party_rows(name, resolved, result).with_columns(pl.col("party").replace(names))
        )
        assumption_tables.append(
            resolved.assumptions.select(
                pl.lit(name).alias("scenario"),
                pl.lit(resolved.dated).alias("dated"),
                "input",
                "value",
                "rationale",
            )
        )
        nato = _nato_party(resolved)
        if nato is not None:
            table = sweep(
                resolved.game, f"{nato.lower()}.probability", SWEEP_VALUES, draws=DRAWS, seed=SEED
            )
            curves.append(
                (f"{resolved.spec.title.split(':')[0]} (judgements {resolved.dated})", table)
            )
    if summary_rows:
        blocks.append(
            Table(
                pl.DataFrame(summary_rows),
                f"Deterrence in the shipped scenarios, capabilities of {year} "
                "(threshold above 1: the patron alone cannot deter)",
            )
        )
        blocks.append(
            Table(
                pl.concat(party_tables, how="vertical"),
                "P(deterrence holds) with and without each party's signal (probability set to 0); "
                "marginal value = fall in the challenger's expected utility due to the signal",
            )
        )
        blocks.append(
            Table(
                pl.concat(assumption_tables, how="vertical"),
                "Judgement inputs of each scenario with their rationale, dated by the year whose "
                "knowledge they use (illustrative assumptions, not estimates)",
            )
        )
    if curves:
        blocks.append(
            Figure(
                _sweep_figure(curves, year),
                "P(deterrence holds) as NATO's probability of joining (if the patron does) rises "
                "from 0 to 1, other inputs at their distributions; judgment inputs are "
                "illustrative assumptions.",
            )
        )
    return Section(
        id="deterrence",
        title="Extended deterrence: does a wider signal of support deter?",
        blocks=tuple(blocks),
        datasets=("nmc", "capitals", "contiguity", "alliance_membership", "cow_states"),
    )


def _sweep_figure(curves: list[tuple[str, pl.DataFrame]], year: int) -> str:
    fig, ax = new_figure(7.0, 4.2)
    for (label, table), colour in zip(curves, COLOURS, strict=False):
        ax.plot(
            table["value"].to_list(),
            (table["p_deterrence"] * 100).to_list(),
            marker="o",
            ms=3,
            color=colour,
            label=label,
        )
    threshold(ax, 50.0, "holds in half of the draws", axis="y")
    ax.set_xlabel("NATO's probability of joining, given the patron joins")
    ax.set_ylabel("P(deterrence holds)")
    ax.set_ylim(-2, 102)
    percent_axis(ax, "y")
    ax.legend(loc="lower right", frameon=False)  # clear of the one-half label
    lows = [t for _, t in curves if float(t["p_deterrence"].max()) < 0.5]  # type: ignore[arg-type]
    takeaway(
        fig,
        "Even a certain NATO signal leaves deterrence below one half in "
        + (f"{len(lows)} of {len(curves)} scenarios" if lows else "no scenario"),
    )
    source_line(
        fig,
        f"socius deterrence model; COW NMC v7.0 CINC of {year}; {DRAWS:,} draws, seed {SEED}; "
        "judgement inputs are illustrative assumptions",
    )
    return to_svg(fig)
