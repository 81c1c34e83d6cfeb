"""Flashpoints: a registry of East Asian flashpoints with their parties and patrons
(curated ``flashpoints`` table), and for each a dashboard of the parties' indicators.

Examples
--------
>>> flashpoint_parties("taiwan-strait")["stateabb"].to_list()
['USA', 'CHN', 'TAW']
>>> d = dashboard("korean-peninsula", years=(2005, 2015))
>>> "missile tests" in [key for key, _, _ in d.panels]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from socius.data import load
from socius.errors import CoverageError, UnknownNameError, ValidationError, suggest
from socius.indicators import arms as _arms
from socius.indicators import expenditure as _milex
from socius.indicators._common import SIPRI_ARMS, Years, coverage, finish, has_dataset, source_label
from socius.indicators.capabilities import cinc, cinc_trend, missile_tests, nuclear
from socius.indicators.incidents import scrambles
from socius.provenance import copy_provenance

__all__ = ["Dashboard", "dashboard", "flashpoint_parties", "flashpoints", "slug"]

JAPAN = 740
WINDOW = 15


def slug(name: str) -> str:
    """Short name of a flashpoint: "Taiwan Strait" -> "taiwan-strait" (text in brackets dropped)."""
    head = name.split("(")[0]
    return re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-")


def _table() -> pl.DataFrame:
    table = load("flashpoints")
    return table.with_columns(
        pl.col("flashpoint").map_elements(slug, return_dtype=pl.String).alias("slug")
    )


def flashpoints() -> pl.DataFrame:
    """The registry: ``slug, flashpoint, parties, patrons, source`` (one row per flashpoint)."""
    table = _table()
    out = (
        table.group_by("slug", "flashpoint")
        .agg(
            pl.col("stateabb")
            .filter(pl.col("role") != "patron")
            .sort()
            .str.join(", ")
            .alias("parties"),
            pl.col("stateabb")
            .filter(pl.col("role") == "patron")
            .sort()
            .str.join(", ")
            .alias("patrons"),
        )
        .with_columns(pl.lit(source_label("flashpoints")).alias("source"))
        .sort("slug")
    )
    return finish(out, ["flashpoints"])


def _resolve(name: str) -> tuple[str, str]:
    table = _table()
    pairs = dict(zip(table["slug"].to_list(), table["flashpoint"].to_list(), strict=True))
    key = name.strip().lower()
    for s, full in pairs.items():
        if key in (s, full.lower(), slug(full)):
            return s, full
    raise UnknownNameError(
        f"unknown flashpoint '{name}'{suggest(key, list(pairs))}; choose one of: {', '.join(sorted(pairs))}"
    )


def flashpoint_parties(name: str) -> pl.DataFrame:
    """States of a flashpoint: ``slug, flashpoint, ccode, stateabb, role, reference, source``.

    Roles are "claimant" or "party" (the disputants) and "patron" (a state with a
    treaty or declared commitment to a party), as curated with the cited sources.

    Parameters
    ----------
    name
        The flashpoint's slug (``korean-peninsula``, ``taiwan-strait``,
        ``east-china-sea``, ``south-china-sea``) or its full name, in any case.

    Returns
    -------
    polars.DataFrame
        One row per state, patrons first, then the disputants by COW code: ``slug``,
        ``flashpoint`` (full name), ``ccode`` [COW code], ``stateabb``, ``role``,
        ``reference`` (the sources behind the role) and ``source`` (the curated table and
        its version). Roles are those as of 2024.

    Raises
    ------
    UnknownNameError
        When *name* is not a flashpoint in the registry (with a suggestion).

    Examples
    --------
    >>> flashpoint_parties("Taiwan Strait").select("stateabb", "role").rows()
    [('USA', 'patron'), ('CHN', 'claimant'), ('TAW', 'party')]
    """
    s, _ = _resolve(name)
    rows = _table().filter(pl.col("slug") == s)
    order = {"patron": 0, "claimant": 1, "party": 1}
    out = (
        rows.rename({"source": "reference"})
        .with_columns(pl.lit(source_label("flashpoints")).alias("source"))
        .sort(pl.col("role").replace_strict(order, default=2, return_dtype=pl.Int8), "ccode")
        .select("slug", "flashpoint", "ccode", "stateabb", "role", "reference", "source")
    )
    return finish(out, ["flashpoints"])


@dataclass(frozen=True)
class Dashboard:
    """A flashpoint's parties and one table per indicator (``panels``: key, title, frame)."""

    slug: str
    name: str
    years: tuple[int, int]
    parties: pl.DataFrame
    panels: tuple[tuple[str, str, pl.DataFrame], ...]
    notes: tuple[str, ...]

    def panel(self, key: str) -> pl.DataFrame:
        """The frame of panel *key* (e.g. "military expenditure", "cinc")."""
        for k, _, frame in self.panels:
            if k == key:
                return frame
        keys = [k for k, _, _ in self.panels]
        raise UnknownNameError(
            f"dashboard '{self.slug}' has no panel '{key}'{suggest(key, keys)}; it has: {', '.join(keys)}"
        )


def _clip(span: tuple[int, int], cover: tuple[int, int]) -> tuple[int, int] | None:
    lo, hi = max(span[0], cover[0]), min(span[1], cover[1])
    return (lo, hi) if lo <= hi else None


def _default_years() -> tuple[int, int]:
    end = coverage("nmc")[1]
    return end - WINDOW + 1, end


def dashboard(name: str, *, years: Years = None, source: _milex.Source = "auto") -> Dashboard:
    """Indicators of every party and patron of flashpoint *name* over *years*.

    The default period is the 15 years up to the last year of COW NMC. Each panel is
    limited to its source's coverage (noted in ``notes``): military expenditure
    (level and growth; SIPRI if imported, else NMC), CINC shares and trend, nuclear
    status and warheads, missile tests (CNS: North Korea, Iran, India, Pakistan),
    Japan's scrambles when Japan is a party, and arms imports and the patrons'
    deliveries to the parties when SIPRI arms data has been imported.

    Parameters
    ----------
    name
        The flashpoint's slug (e.g. ``korean-peninsula``) or full name; see
        :func:`flashpoints`.
    years
        Inclusive ``(start, end)`` [calendar years; fiscal years for the scrambles]; a
        period reaching beyond a source is cut to that source's years, with a note. Default
        the 15 years up to NMC's last year (2008-2022).
    source
        Spending source: ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or
        ``"nmc"``.

    Returns
    -------
    Dashboard
        ``slug``, ``name``, ``years`` (the period asked for), ``parties`` (as
        :func:`flashpoint_parties` returns them), ``panels`` (a tuple of
        ``(key, title, frame)``; keys ``military expenditure``, ``spending growth``,
        ``cinc``, ``cinc trend``, ``nuclear``, ``missile tests``, ``scrambles``,
        ``arms imports``, ``patron deliveries``, each present only where its source
        covers the period and the states) and ``notes`` (the cuts, the NMC caveat, and
        that arms transfers need SIPRI). ``Dashboard.panel(key)`` returns one frame.

    Raises
    ------
    UnknownNameError
        When *name* is not a flashpoint in the registry.
    ValidationError
        When the period runs backwards or *source* is unknown.
    CoverageError
        When no indicator covers any year of the period.
    DataError
        When ``source="sipri"`` is asked for without SIPRI imported.

    Examples
    --------
    >>> board = dashboard("korean-peninsula", years=(2005, 2015), source="nmc")
    >>> [key for key, _, _ in board.panels]
    ['military expenditure', 'spending growth', 'cinc', 'cinc trend', 'nuclear', 'missile tests']
    >>> board.panel("missile tests")["stateabb"].unique().to_list()
    ['PRK']
    """
    s, full = _resolve(name)
    span = _default_years() if years is None else (int(years[0]), int(years[1]))
    if span[1] < span[0]:
        raise ValidationError(f"years {span[0]}-{span[1]} run backwards; write {span[1]}-{span[0]}")
    parties = flashpoint_parties(s)
    codes = parties["ccode"].to_list()
    roles = parties.select("ccode", "role")
    panels: list[tuple[str, str, pl.DataFrame]] = []
    notes: list[str] = []

    def clipped(what: str, cover: tuple[int, int]) -> tuple[int, int] | None:
        part = _clip(span, cover)
        if part is None:
            notes.append(
                f"{what}: no data in {span[0]}-{span[1]} (source covers {cover[0]}-{cover[1]})"
            )
        elif part != span:
            notes.append(
                f"{what}: shown for {part[0]}-{part[1]}, the part of {span[0]}-{span[1]} the source covers"
            )
        return part

    mdata = _milex.milex_source(source)
    mspan = clipped("military expenditure", _milex.milex_coverage(mdata))
    if mspan is not None:
        level = _milex.milex(codes, years=mspan, source=source)
        with_roles = copy_provenance(level, level.join(roles, on="ccode", how="left"))
        panels.append(("military expenditure", "Military expenditure by year", with_roles))
        if mspan[0] < mspan[1]:
            growth = _milex.milex_growth(codes, start=mspan[0], end=mspan[1], source=source)
            panels.append(
                ("spending growth", f"Growth of military expenditure {mspan[0]}-{mspan[1]}", growth)
            )
        if level.height and level["caveat"][0]:
            notes.append(str(level["caveat"][0]))
    cspan = clipped("capabilities (CINC)", coverage("nmc"))
    if cspan is not None:
        panels.append(
            ("cinc", "Share of world capabilities (CINC) by year", cinc(codes, years=cspan))
        )
        if cspan[0] < cspan[1]:
            panels.append(
                ("cinc trend", f"CINC trend {cspan[0]}-{cspan[1]}", cinc_trend(codes, years=cspan))
            )
    nspan = clipped(
        "nuclear status and warheads",
        (coverage("nuclear_status")[0], coverage("nuclear_stockpiles")[1]),
    )
    if nspan is not None:
        panels.append(
            ("nuclear", "Nuclear status, warheads and tests", nuclear(codes, years=nspan))
        )
    covered = set(load("missile_tests", columns=["ccode"])["ccode"].to_list())
    tested = [c for c in codes if c in covered]
    if tested:
        tspan = clipped("missile tests", coverage("missile_tests"))
        if tspan is not None:
            panels.append(
                (
                    "missile tests",
                    "Missile and SLV tests by year (CNS)",
                    missile_tests(tested, years=tspan),
                )
            )
    if JAPAN in codes:
        fspan = clipped("Japan's scrambles", coverage("japan_scrambles"))
        if fspan is not None:
            panels.append(
                (
                    "scrambles",
                    "Japan ASDF scrambles by fiscal year and origin",
                    scrambles(years=fspan),
                )
            )
    if has_dataset(SIPRI_ARMS):
        aspan = clipped("arms transfers", coverage(SIPRI_ARMS))
        if aspan is not None:
            panels.append(
                (
                    "arms imports",
                    "Arms imports (SIPRI TIV) by year",
                    _arms.arms_imports(codes, years=aspan),
                )
            )
            patrons = parties.filter(pl.col("role") == "patron")["ccode"].to_list()
            others = [c for c in codes if c not in patrons]
            if patrons and others:
                flows = _arms.arms_transfers(suppliers=patrons, recipients=others, years=aspan)
                panels.append(
                    ("patron deliveries", "Deliveries from patrons to parties (SIPRI TIV)", flows)
                )
    else:
        notes.append(
            "arms transfers are not shown: import SIPRI's TIV tables with `socius data import sipri-arms FILE...`"
        )
    if not panels:
        raise CoverageError(
            f"no indicator covers {span[0]}-{span[1]} for {full}: "
            + "; ".join(notes)
            + "; choose other years"
        )
    return Dashboard(s, full, span, parties, tuple(panels), tuple(notes))
