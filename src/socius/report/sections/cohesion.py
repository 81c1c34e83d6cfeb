"""Report section: alliance cohesion over time (NATO and SCO side by side) and the what-if
for the current partners, associates and a named list of candidates."""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.affiliation import classify
from socius.codes import to_ccode
from socius.cohesion import (
    SOURCES,
    CohesionData,
    WhatIf,
    compare,
    load_data,
    tiered_whatif,
    whatif,
)
from socius.cohesion.measures import canonical_alliance, member_years
from socius.errors import SociusError
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
) -> tuple[list[int], dict[int, str], list[Block], pl.DataFrame | None]:
    notes: list[Block] = []
    group: dict[int, str] = {}
    tiers: pl.DataFrame | None = None
    try:
        tiers = classify(ctx.year, policy=ctx.policy_path, alliance=ctx.alliance, draws=1)
        for row in tiers.filter(pl.col("tier").is_in(list(TIER_NAMES))).iter_rows(named=True):
            group[int(row["ccode"])] = TIER_NAMES[row["tier"]]
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
    return codes, group, notes, tiers


def _two_tier(ctx: ReportContext, data: CohesionData, tiers: pl.DataFrame) -> list[Block]:
    """Members alone; + Japan; + all active partners; + associates engaged, not admitted."""
    codes = {
        int(c): str(t)
        for c, t in tiers.select("ccode", "tier").iter_rows()
        if t in ("active_partner", "associate")
    }
    try:
        res = tiered_whatif(ctx.alliance, ctx.year, codes, focus="JPN", data=data)
    except SociusError as exc:
        return [Note(f"the two-tier what-if could not be computed: {exc}", kind="missing")]
    steps = res.steps
    s = steps["s_un_mean"].to_list()
    sd = steps["idealpoint_sd"].to_list()
    blocks: list[Block] = []
    if s[0] is not None and sd[0] is not None:
        blocks.append(
            Text(
                "The two-tier logic admits no one: active partners work with the alliance and "
                "associates are engaged in dialogue. Step by step, the members' mean UN-vote "
                f"similarity (S) is {s[0]:.2f} alone, {s[1]:.2f} with Japan ({s[1] - s[0]:+.3f}) "
                f"and {s[2]:.2f} with all active partners ({s[2] - s[0]:+.3f}); the spread of UN "
                f"ideal points goes from {sd[0]:.2f} to {sd[1]:.2f} and {sd[2]:.2f}. Engaging the "
                "associates without admitting them leaves the alliance's own cohesion as in step "
                f"3; the last row shows what admitting them would do (S {s[3]:.2f}, ideal-point "
                f"spread {sd[3]:.2f}), which is why they are engaged rather than admitted."
            )
        )
    shown = steps.select(
        "step",
        "label",
        "n_states",
        "s_un_mean",
        "d_s_un_mean",
        "idealpoint_sd",
        "d_idealpoint_sd",
        "libdem_sd",
        "cinc_hhi",
    )
    blocks.append(
        Table(
            shown,
            f"Two-tier what-if for {res.alliance}, {ctx.year}: cohesion at each step "
            "(d_*: change from the members alone)",
            annex=False,
        )
    )
    blocks.append(
        Table(
            steps.select("step", "label", "added"),
            "States added at each step",
            annex=True,
        )
    )
    return blocks


def _members_failing(ctx: ReportContext, tiers: pl.DataFrame) -> list[Block]:
    """Members that fail the values criterion or sit below the 0.5 democracy threshold."""
    members = tiers.filter(pl.col("tier") == "member")
    if "values" not in members.columns:
        return []
    fail = members.filter(pl.col("values") == "fail").select(
        "stateabb", "statenme", "values", "v2x_libdem"
    )
    low = members.filter(pl.col("v2x_libdem") < 0.5).select(
        "stateabb", "statenme", "values", "v2x_libdem"
    )
    both = pl.concat([fail, low]).unique("stateabb", keep="first", maintain_order=True)
    if both.is_empty():
        return [
            Text(
                f"Finding: every {ctx.alliance} member meets the values threshold the report "
                f"applies to partners in {ctx.year}."
            )
        ]
    return [
        Text(
            f"Finding: {both.height} {ctx.alliance} member(s) fail the report's own values test "
            f"in {ctx.year} ({', '.join(both['statenme'].to_list())}): the values criterion "
            "the policy applies to partners, or the 0.5 liberal-democracy threshold. The "
            "yardstick for partners is not met by every member, which bounds how much weight "
            "a values gap can carry in excluding a partner."
        ),
        Table(
            both,
            f"{ctx.alliance} members below the values threshold, {ctx.year}",
            annex=False,
        ),
    ]


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
    codes, group, notes, tiers = _candidates(ctx, data, members)
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
    if tiers is not None:
        blocks += _two_tier(ctx, data, tiers)
        blocks += _members_failing(ctx, tiers)
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
            pl.col("risk").alias("divergence_from_core"),
            pl.col("risk_vote").alias("vote_divergence"),
            "s_un_members",
            "d_s_un_mean",
            "d_idealpoint_sd",
            "d_libdem_sd",
            "d_cinc_hhi",
        )
        blocks += [
            Text(
                f"What if {name} added its {ctx.year} active partners and associates (from the "
                "affiliation policy) and the named candidates all at once, as full members? The "
                f"annexes compare the {len(result.members)} members alone with the members plus "
                f"all {len(result.candidates)} candidates, and rank the candidates by their "
                "divergence from the alliance's core (the 'Trojan horse' measure, named here for "
                "what it measures): the distance of the candidate's UN ideal point from the "
                "members' median relative to the members' own 90th-percentile distance (above 1: "
                "further out than 90% of members), and the same idea on its mean UN-vote S with "
                "the members (vote_divergence). d_* columns give the change in a measure when "
                "that candidate alone joins."
            ),
            Table(
                result.summary.select(
                    "measure", "label", "source_year", "members", "with_candidates", "change"
                ),
                f"{name} {ctx.year}: members alone vs. with all candidates",
                max_rows=40,
                annex=True,
            ),
            Table(
                table,
                f"Candidates ranked by divergence from the core, {ctx.year}",
                max_rows=80,
                annex=True,
            ),
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
