"""Report section: alliance cohesion over time (NATO and SCO side by side) and the what-if
for the current partners, associates and a named list of candidates."""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.affiliation import classify
from socius.codes import to_ccode
from socius.cohesion import SOURCES, CohesionData, WhatIf, compare, load_data, whatif
from socius.cohesion.measures import canonical_alliance, member_years
from socius.errors import IntegrityError, SociusError
from socius.plots import cohesion_figure
from socius.report.figures import to_svg
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["section"]

BLOCS = ("NATO", "SCO")
NAMED_CANDIDATES = ("JPN", "AUS", "KOR", "NZL", "RUS", "CHN")
SERIES_COLUMNS = (
    "alliance",
    "year",
    "n_members",
    "s_un_mean",
    "s_atop_mean",
    "idealpoint_sd",
    "libdem_sd",
    "polyarchy_sd",
    "cinc_hhi",
)
TIER_NAMES = {"active_partner": "active partner", "associate": "associate"}


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _blocs(ctx: ReportContext) -> list[str]:
    wanted = list(dict.fromkeys([*BLOCS, canonical_alliance(ctx.alliance)]))
    return [b for b in wanted if member_years(b, (1900, ctx.year))]


def _figure(series: pl.DataFrame, blocs: list[str]) -> str:
    return to_svg(cohesion_figure(series.filter(pl.col("alliance").is_in(blocs))))


def _selected_years(series: pl.DataFrame, year: int) -> pl.DataFrame:
    first = int(series["year"].min())  # type: ignore[arg-type]
    keep = {y for y in range(first, year + 1) if y % 10 == 0} | {year}
    return series.filter(pl.col("year").is_in(sorted(keep))).select(SERIES_COLUMNS)


def _candidates(
    ctx: ReportContext, data: CohesionData, members: set[int]
) -> tuple[list[int], dict[int, str], list[Block]]:
    notes: list[Block] = []
    group: dict[int, str] = {}
    try:
        tiers = classify(ctx.year, policy=ctx.policy_path, alliance=ctx.alliance, draws=1)
        for row in tiers.filter(pl.col("tier").is_in(list(TIER_NAMES))).iter_rows(named=True):
            group[int(row["ccode"])] = TIER_NAMES[row["tier"]]
    except IntegrityError:
        raise
    except SociusError as exc:
        notes.append(Note(f"the affiliation tiers could not be computed: {exc}", kind="missing"))
    system = set(data.system.get(ctx.year, np.zeros(0, dtype=np.int64)).tolist())
    for code in NAMED_CANDIDATES:
        try:
            c = to_ccode(code, year=ctx.year)
        except SociusError:
            continue
        if c not in members and c in system:
            group.setdefault(c, "named candidate")
    codes = [c for c in group if c not in members and c in system]
    return codes, group, notes


def _coverage_notes(result: WhatIf, year: int) -> list[Block]:
    notes: list[Block] = []
    for key, used in result.data_years.items():
        label = SOURCES[key].label
        if used is None:
            notes.append(Note(f"{label} do not cover {year}; those measures are empty.", "caveat"))
        elif used != year:
            notes.append(
                Note(
                    f"{label} end before {year}: the what-if reads them from {used}, with the "
                    f"{year} member set and candidates.",
                    kind="caveat",
                )
            )
    return notes


def section(ctx: ReportContext) -> Section:
    blocs = _blocs(ctx)
    found = {b: member_years(b, (1900, ctx.year)) for b in blocs}
    first = min(min(f) for f in found.values())
    data = load_data((first, ctx.year))
    series = compare(blocs, (first, ctx.year), data=data)
    name = canonical_alliance(ctx.alliance)
    members = set(found[name][ctx.year].tolist()) if ctx.year in found[name] else set()
    codes, group, notes = _candidates(ctx, data, members)
    blocks: list[Block] = [
        Text(
            "Cohesion is measured the way the alliance literature does: how alike the members' "
            "foreign policies are (mean Signorino-Ritter S of all member pairs on UN General "
            "Assembly votes and on ATOP alliance portfolios), how dispersed their UN ideal "
            "points and democracy scores are (standard deviations), and how concentrated their "
            "capabilities are (Herfindahl index of the members' CINC shares; 1 when one member "
            "holds everything). Higher S and lower dispersion mean a more cohesive bloc."
        ),
        Figure(
            _figure(series, blocs),
            f"Cohesion of {_names(blocs)}, {first}-{ctx.year}. UN votes end in 2019, "
            "ATOP in 2018, V-Dem liberal democracy starts in 1970 (dashed: electoral "
            "democracy, available earlier).",
        ),
        Table(
            _selected_years(series, ctx.year),
            f"Cohesion in selected years up to {ctx.year} (empty: outside a source's coverage)",
            max_rows=40,
        ),
    ]
    if not codes:
        blocks.append(Note(f"no non-member candidates for {name} in {ctx.year}.", "missing"))
    else:
        result = whatif(name, ctx.year, add=codes, latest=True, data=data)
        kinds = pl.DataFrame(
            {"ccode": list(group), "group": list(group.values())},
            schema={"ccode": pl.Int32, "group": pl.String},
        )
        table = result.table.join(kinds, on="ccode", how="left").select(
            "rank",
            "stateabb",
            "statenme",
            "group",
            "risk",
            "risk_vote",
            "s_un_members",
            "d_s_un_mean",
            "d_idealpoint_sd",
            "d_libdem_sd",
            "d_cinc_hhi",
        )
        blocks += [
            Text(
                f"What if {name} added its {ctx.year} active partners and associates (from the "
                "affiliation policy) and the named candidates? The first table compares the "
                f"{len(result.members)} members alone with the members plus all "
                f"{len(result.candidates)} candidates; the second ranks the candidates by "
                "Trojan-horse risk: the distance of the candidate's UN ideal point from the "
                "members' median relative to the members' own 90th-percentile distance (risk; "
                "above 1 means further out than 90% of members), and the same idea on its mean "
                "UN-vote S with the members (risk_vote). d_* columns give the change in a "
                "measure when that candidate alone joins."
            ),
            Table(
                result.summary.select(
                    "measure", "label", "source_year", "members", "with_candidates", "change"
                ),
                f"{name} {ctx.year}: members alone vs. with all candidates",
                max_rows=40,
            ),
            Table(table, f"Candidates ranked by Trojan-horse risk, {ctx.year}", max_rows=80),
            *_coverage_notes(result, ctx.year),
            Note(
                "The named candidates (Japan, Australia, South Korea, New Zealand, Russia, "
                "China) are an illustrative list for comparison, not a recommendation; "
                "partners and associates come from the affiliation policy's tiers.",
                kind="assumption",
            ),
        ]
    blocks += notes
    return Section(
        "cohesion",
        f"Alliance cohesion and what-if partner sets, {ctx.year}",
        tuple(blocks),
        datasets=(*data.datasets, "alliance_membership"),
    )
