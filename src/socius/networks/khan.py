"""The A. Q. Khan network: the article's proliferation network, its phases and whom to interdict.

The bundled snapshots ``khan_nodes`` (28 actors: individuals, firms, organisations, the
customer states and one vessel) and ``khan_ties`` (36 dated ties, each with the document it
rests on) are curated from public sources; see ``docs/networks.md``. Ties that rest on an
allegation (``alleged``) or only on press and NGO reporting (``source_kind = secondary``) can
be left out, so that every answer can be given with and without them.

Dates are kept at the precision of the source. A tie counts as possibly active on a day when
its earliest possible start (the first day of its start period; open when unknown) is on or
before that day and its latest possible end (the last day of its end period; open when
unknown) is on or after it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import networkx as nx
import polars as pl

from socius.data import load
from socius.errors import ValidationError
from socius.networks.io import Network, network_from_frames
from socius.networks.keyplayer import KeyPlayerResult, fragmentation, key_players
from socius.networks.measures import network_change, node_measures

__all__ = [
    "KHAN_EVENTS",
    "Event",
    "Interdiction",
    "Phase",
    "interdiction",
    "khan_change",
    "khan_network",
    "khan_phases",
    "khan_ties",
    "phase_table",
]


@dataclass(frozen=True)
class Event:
    """A dated event that exposed or disrupted the network."""

    name: str
    date: dt.date
    source: str


KHAN_EVENTS: tuple[Event, ...] = (
    Event(
        "BBC China interdiction",
        dt.date(2003, 10, 4),
        "psi_interdictions (RUSI 2023): the ship was diverted to Taranto and five containers "
        "of centrifuge parts removed",
    ),
    Event(
        "Malaysian police report",
        dt.date(2004, 2, 20),
        "Royal Malaysia Police, IGP press release 2004-02-20 (khan_ties evidence)",
    ),
)


def khan_ties(*, alleged: bool = True, primary_only: bool = False) -> pl.DataFrame:
    """The Khan network's ties with their earliest and latest possible dates.

    Parameters
    ----------
    alleged : bool
        Keep the ties that rest on allegations (denied or unproven); ``False`` drops them.
    primary_only : bool
        Keep only ties sourced to a primary document (government, parliamentary, IAEA or UN).

    Returns
    -------
    polars.DataFrame
        The ``khan_ties`` snapshot plus ``first_day`` (earliest possible start, null when
        unknown) and ``last_day`` (latest possible end, null when unknown).

    Examples
    --------
    >>> khan_ties().height, khan_ties(alleged=False).height
    (36, 29)
    """
    ties = load("khan_ties")
    if not alleged:
        ties = ties.filter(~pl.col("alleged"))
    if primary_only:
        ties = ties.filter(pl.col("source_kind") == "primary")
    return ties.with_columns(
        pl.col("start").alias("first_day"),
        _period_end("end", "end_precision").alias("last_day"),
    )


def _period_end(col: str, precision: str) -> pl.Expr:
    """Last day of the period a partial date stands for (year, month or day)."""
    value = pl.col(col)
    return (
        pl.when(pl.col(precision) == "year")
        .then(pl.date(value.dt.year(), 12, 31))
        .when(pl.col(precision) == "month")
        .then(value.dt.month_end())
        .otherwise(value)
    )


def khan_network(
    *,
    alleged: bool = True,
    primary_only: bool = False,
    directed: bool = False,
    dated_only: bool = False,
    active: tuple[dt.date | None, dt.date | None] | None = None,
) -> Network:
    """The A. Q. Khan network as a :class:`Network`.

    Parameters
    ----------
    alleged, primary_only
        Which ties to keep (see :func:`khan_ties`).
    directed : bool
        Keep the direction of each tie (supplier to customer, employee to employer, payer
        to payee, buyer to seller for ``customer`` ties); the default undirected view treats
        every documented relationship as a channel both ways, as key-player analysis of
        covert networks usually does (Borgatti 2006).
    dated_only : bool
        Keep only ties with a start or an end date.
    active : (date or None, date or None), optional
        Keep only the ties possibly active at some time in this window (inclusive; None is
        open), and the actors they link.

    Returns
    -------
    Network
        Node ``country`` is the COW abbreviation of the actor's base; tie ``kind`` is
        supply, manufacture, transshipment, finance, customer or employment; ``start`` and
        ``end`` are the years of the tie's dates (null when unknown). Without *active*,
        every actor is kept, including any left without a tie.

    Examples
    --------
    >>> khan_network()
    Network(28 actors, 33 undirected ties, from A. Q. Khan network (khan_ties, all ties))
    """
    ties = khan_ties(alleged=alleged, primary_only=primary_only)
    if dated_only:
        ties = ties.filter(pl.col("start").is_not_null() | pl.col("end").is_not_null())
    if active is not None:
        lo, hi = active
        if lo is not None and hi is not None and hi < lo:
            raise ValidationError(f"window {lo} to {hi} runs backwards; give the earlier day first")
        keep = pl.lit(True)
        if hi is not None:
            keep = keep & (pl.col("first_day").is_null() | (pl.col("first_day") <= hi))
        if lo is not None:
            keep = keep & (pl.col("last_day").is_null() | (pl.col("last_day") >= lo))
        ties = ties.filter(keep)
    nodes = load("khan_nodes").select("id", "label", "kind", "country")
    if active is not None:
        present = set(ties["source_id"]) | set(ties["target_id"])
        nodes = nodes.filter(pl.col("id").is_in(sorted(present)))
    edges = ties.select(
        pl.col("source_id").alias("source"),
        pl.col("target_id").alias("target"),
        "kind",
        pl.col("start").dt.year().alias("start"),
        pl.col("end").dt.year().alias("end"),
    )
    what = "all ties" if alleged else "without alleged ties"
    if primary_only:
        what += ", primary sources only"
    if dated_only:
        what += ", dated ties only"
    return network_from_frames(
        edges,
        nodes,
        directed=directed,
        origin=f"A. Q. Khan network (khan_ties, {what})",
        edge_file="khan_ties",
        node_file="khan_nodes",
        positions=False,
    )


@dataclass(frozen=True)
class Phase:
    """The network as it possibly stood in one period."""

    label: str
    start: dt.date | None
    end: dt.date | None
    network: Network


def khan_phases(*, alleged: bool = True, dated_only: bool = False) -> tuple[Phase, ...]:
    """The network before the BBC China interdiction, between it and the Malaysian police
    report, and after the report (see :data:`KHAN_EVENTS`).

    Undated ties cannot be placed in time and count in every phase unless *dated_only*.
    A tie counts in a phase when it was possibly active on some day of it (see the module
    notes on dates).

    Parameters
    ----------
    alleged : bool
        Keep the ties that rest on allegations; ``False`` drops them.
    dated_only : bool
        Keep only ties with a start or an end date.

    Returns
    -------
    tuple of Phase
        Three phases in time order, each with ``label``, ``start`` and ``end`` (inclusive
        dates; None is open: before 2003-10-04, 2003-10-04 to 2004-02-19, from 2004-02-20)
        and ``network``, the undirected :class:`~socius.networks.io.Network` of the ties of
        that phase and the actors they link.

    Examples
    --------
    >>> [p.network.graph.number_of_edges() for p in khan_phases(dated_only=True)]
    [18, 10, 3]
    """
    bbc, report = (e.date for e in KHAN_EVENTS)
    day = dt.timedelta(days=1)
    windows = (
        (f"before the {KHAN_EVENTS[0].name} ({bbc})", None, bbc - day),
        (f"between it and the {KHAN_EVENTS[1].name}", bbc, report - day),
        (f"after the {KHAN_EVENTS[1].name} ({report})", report, None),
    )
    return tuple(
        Phase(
            label,
            lo,
            hi,
            khan_network(alleged=alleged, dated_only=dated_only, active=(lo, hi)),
        )
        for label, lo, hi in windows
    )


def phase_table(*, alleged: bool = True, dated_only: bool = False) -> pl.DataFrame:
    """Size, cohesion and the most central actor of each phase (see :func:`khan_phases`).

    Parameters
    ----------
    alleged : bool
        Keep the ties that rest on allegations; ``False`` drops them.
    dated_only : bool
        Keep only ties with a start or an end date.

    Returns
    -------
    polars.DataFrame
        One row per phase, in time order: ``phase`` (its label), ``actors``, ``ties``
        (connected pairs), ``components``, ``fragmentation`` [0-1, share of actor pairs
        that cannot reach each other, F; null with fewer than two actors], ``top_broker``
        (label of the actor with the highest betweenness, every tie at length 1; the first
        in node order on a tie) and ``customers`` (labels of the customer states still
        linked, sorted and comma-separated).

    Examples
    --------
    With the dated ties only, the network was connected between the interdiction and the
    police report and most fragmented after it:

    >>> t = phase_table(dated_only=True)
    >>> [round(f, 2) for f in t["fragmentation"]]
    [0.21, 0.0, 0.6]
    """
    rows = []
    for phase in khan_phases(alleged=alleged, dated_only=dated_only):
        net = phase.network
        n = net.nodes.height
        measures = node_measures(net, binary=True) if n else None
        broker = (
            None
            if measures is None
            else measures.sort("betweenness", descending=True, maintain_order=True)["label"][0]
        )
        rows.append(
            {
                "phase": phase.label,
                "actors": n,
                "ties": net.graph.number_of_edges(),
                "components": _components(net),
                "fragmentation": fragmentation(net, method="f", binary=True) if n >= 2 else None,
                "top_broker": broker,
                "customers": ", ".join(
                    sorted(net.nodes.filter(pl.col("kind") == "state")["label"].to_list())
                ),
            }
        )
    return pl.DataFrame(rows)


def khan_change(
    first: int = 1997, last: int = 2005, *, alleged: bool = True, dated_only: bool = True
) -> pl.DataFrame:
    """Per-year size of the network and the actors entering and leaving (``network_change``).

    Years come from the ties' start and end years; by default only dated ties are used, so
    that the years show documented activity.

    Parameters
    ----------
    first, last
        First and last calendar year to show, inclusive; years outside the ties' dates give
        no rows.
    alleged : bool
        Keep the ties that rest on allegations; ``False`` drops them.
    dated_only : bool
        Keep only ties with a start or an end date (default); ``False`` lets undated ties
        count in every year.

    Returns
    -------
    polars.DataFrame
        One row per year: ``year``, ``actors``, ``ties``, ``components``, ``entered`` and
        ``left`` (ids of the actors that appear or disappear compared with the year before,
        comma-separated; empty when none).

    Raises
    ------
    ValidationError
        When *last* precedes *first*.

    Examples
    --------
    >>> khan_change(2003, 2004)["ties"].to_list()
    [13, 3]
    """
    if last < first:
        raise ValidationError(f"years {first}-{last} run backwards; write {last}-{first}")
    change = network_change(khan_network(alleged=alleged, dated_only=dated_only))
    return change.filter(pl.col("year").is_between(first, last)).select(
        "year",
        "actors",
        "ties",
        "components",
        pl.col("entered").list.join(", "),
        pl.col("left").list.join(", "),
    )


def _and(items: list[str]) -> str:
    return (
        items[0]
        if len(items) == 1
        else ", ".join(items[:-1]) + " and " + items[-1]
        if items
        else ""
    )


def _components(net: Network) -> int:
    if net.directed:
        return int(nx.number_weakly_connected_components(net.graph))
    return int(nx.number_connected_components(net.graph))


@dataclass(frozen=True)
class Interdiction:
    """Whom to interdict (KPP-Neg) and whom to watch (KPP-Pos), with and without alleged ties."""

    k: int
    disrupt: KeyPlayerResult
    disrupt_proven: KeyPlayerResult
    watch: KeyPlayerResult
    watch_proven: KeyPlayerResult
    baseline: float  # fragmentation (F) of the intact network with all ties
    supply: KeyPlayerResult | None = None  # the best set among the non-state actors
    supply_proven: KeyPlayerResult | None = None  # the same without the alleged ties

    @property
    def robust(self) -> tuple[str, ...]:
        """Actors in the disrupting set with and without the alleged ties."""
        return tuple(p for p in self.disrupt.players if p in self.disrupt_proven.players)

    def headline(self, labels: dict[str, str] | None = None) -> str:
        """The answer in one sentence: the non-state actors to interdict first."""
        name = labels or {}
        if self.supply is None or self.supply_proven is None:
            return self.sentences(labels)[0]
        both = [p for p in self.supply.players if p in self.supply_proven.players]
        lo, hi = sorted((self.supply.score, self.supply_proven.score))
        who = _and([name.get(p, p) for p in both]) or "no actor"
        full = ", ".join(name.get(p, p) for p in self.disrupt.players)
        return (
            f"Interdict {who} first: they are in the best set of {self.k} non-state actors with "
            f"and without the alleged ties (fragmentation {lo:.3f}-{hi:.3f}, every set scored); "
            f"counting states, removing {full} fragments the network most ({self.disrupt.score:.3f})."
        )

    def sentences(self, labels: dict[str, str] | None = None) -> tuple[str, ...]:
        """The answer in words."""
        name = labels or {}

        def names(result: KeyPlayerResult) -> str:
            return ", ".join(name.get(p, p) for p in result.players)

        def watchers(result: KeyPlayerResult) -> str:
            ties = result.n_equally_good or 1
            if ties == 1:
                return names(result)
            core = [name.get(p, p) for p in result.core]
            others = len({p for s in result.equally_good for p in s} - set(result.core))
            return (
                f"{', '.join(core)} plus any one of {others} actors that add the same reach "
                f"({ties} equally good sets; e.g. {names(result)})"
                if len(core) == result.k - 1
                else f"{names(result)} (one of {ties} equally good sets)"
            )

        same = set(self.disrupt.players) == set(self.disrupt_proven.players)
        out = [
            f"To fragment the network most, interdict {names(self.disrupt)}: removing these "
            f"{self.k} leaves fragmentation {self.disrupt.score:.3f} (distance-weighted, 0-1), "
            + (
                "where the intact network is connected; "
                if self.baseline == 0
                else f"where {self.baseline:.0%} of actor pairs are already unlinked; "
            )
            + (
                "proven optimal (every set scored)"
                + (
                    " and the only set that scores this."
                    if self.disrupt.n_equally_good == 1
                    else "."
                )
                if self.disrupt.optimal
                else "a local optimum."
            ),
            (
                "Without the alleged ties the answer is the same"
                if same
                else f"Without the alleged ties the best set is {names(self.disrupt_proven)}"
            )
            + f" (fragmentation {self.disrupt_proven.score:.3f}), so the choice "
            + ("does not rest on allegations." if same else "depends on contested evidence."),
            *(
                []
                if self.supply is None
                else [
                    f"States cannot be arrested or searched; among the {self.supply.evaluations:,} "
                    f"sets of {self.k} non-state actors (individuals, firms, organisations, the "
                    f"vessel) the best to interdict is {names(self.supply)}, leaving "
                    f"fragmentation {self.supply.score:.3f}"
                    + (
                        ""
                        if self.supply_proven is None
                        else (
                            "; the same without the alleged ties."
                            if set(self.supply_proven.players) == set(self.supply.players)
                            else f"; without the alleged ties it is {names(self.supply_proven)} "
                            f"({self.supply_proven.score:.3f})."
                        )
                    )
                ]
            ),
            f"To watch most of the network, monitor {watchers(self.watch)}: such a set is in "
            f"direct contact with {self.watch.score:.0%} of the other actors "
            f"({self.watch_proven.score:.0%} without the alleged ties).",
        ]
        return tuple(out)


@functools.lru_cache(maxsize=8)
def interdiction(*, k: int = 3) -> Interdiction:
    """Key players of the Khan network, with and without the alleged ties.

    Uses the undirected network with every tie at distance 1 (a documented relationship is
    a channel; how many kinds of tie link two actors is an artefact of the coding), exact
    search over every set of *k* actors, distance-weighted fragmentation (KPP-Neg) and the
    share of actors within one tie (KPP-Pos). The bundled data do not change within a
    session, so answers are cached by *k*.

    Examples
    --------
    >>> answer = interdiction(k=3)
    >>> answer.disrupt.optimal, "aq_khan" in answer.disrupt.players
    (True, True)
    """
    full = khan_network()
    proven = khan_network(alleged=False)
    movable = full.nodes.filter(pl.col("kind") != "state")["id"].to_list()
    # An actor left without ties once the alleged ones are dropped stays as an isolate.

    def run(net: Network, measure: str) -> KeyPlayerResult:
        return key_players(net, k, measure=measure, binary=True, exact=True)  # type: ignore[arg-type]

    return Interdiction(
        k=k,
        disrupt=run(full, "df"),
        disrupt_proven=run(proven, "df"),
        watch=run(full, "reach"),
        watch_proven=run(proven, "reach"),
        baseline=fragmentation(full, method="f", binary=True),
        supply=key_players(full, k, binary=True, candidates=movable),
        supply_proven=key_players(proven, k, binary=True, candidates=movable),
    )
