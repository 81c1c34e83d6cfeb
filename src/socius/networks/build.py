"""Real networks built from the bundled data (and from imported SIPRI transfers).

* ``nuclear``: civil nuclear cooperation agreements (Fuhrmann 2012), one tie per agreement
  signed in the period, undirected, weight = number of agreements;
* ``alliances``: ATOP alliance ties in force in the period, undirected, weight = the
  strongest obligation (3 defence or offence, 2 neutrality or consultation, 1 non-aggression);
* ``arms``: SIPRI arms transfers (imported by the user), supplier -> recipient, weight = TIV
  (millions, 1990 prices) summed over the period;
* ``khan``: the A. Q. Khan proliferation network (individuals, firms, organisations, customer
  states and a vessel; see :mod:`socius.networks.khan`), the ties possibly active in the period
  (undated ties in every period), undirected, weight 1 per documented tie.

Nodes of the state networks are states, identified by COW abbreviation, with ``country`` =
COW code; the Khan network's ``country`` is the COW abbreviation of an actor's base.
"""

from __future__ import annotations

import polars as pl

from socius.data import info, list_datasets, load
from socius.errors import CoverageError, DataError, UnknownNameError, ValidationError, suggest
from socius.networks.io import Network, network_from_frames

__all__ = ["NETWORK_SOURCES", "build_network"]

NETWORK_SOURCES = ("khan", "nuclear", "alliances", "arms")


def _check_period(name: str, dataset: str, start: int, end: int) -> None:
    if end < start:
        raise ValidationError(f"period {start}-{end} runs backwards; write {end}-{start}")
    meta = info(dataset)
    lo, hi = meta.start, meta.end
    if lo is not None and hi is not None and (end < lo or start > hi):
        raise CoverageError(
            f"the {name} network covers {lo}-{hi} ({dataset} {meta.version}); choose years within it"
        )


def _nodes(codes: list[int]) -> pl.DataFrame:
    states = load("cow_states").unique("ccode", keep="last").select("ccode", "stateabb", "statenme")
    table = pl.DataFrame({"ccode": sorted(set(codes))}, schema={"ccode": pl.Int32}).join(
        states, on="ccode", how="left"
    )
    return table.select(
        pl.col("stateabb").alias("id"),
        pl.col("statenme").alias("label"),
        pl.lit("state").alias("kind"),
        pl.col("ccode").cast(pl.String).alias("country"),
    )


def _label_edges(edges: pl.DataFrame) -> pl.DataFrame:
    abb = load("cow_states").unique("ccode", keep="last").select("ccode", "stateabb")
    out = edges.join(
        abb.rename({"ccode": "source_c", "stateabb": "source"}), on="source_c", how="left"
    )
    out = out.join(
        abb.rename({"ccode": "target_c", "stateabb": "target"}), on="target_c", how="left"
    )
    return out.drop("source_c", "target_c")


def build_network(
    source: str,
    *,
    start: int | None = None,
    end: int | None = None,
    alleged: bool = True,
    primary_only: bool = False,
) -> Network:
    """Build a network from *source* (``khan``, ``nuclear``, ``alliances`` or ``arms``) for
    years *start*..*end* inclusive.

    *start* and *end* are required for the state networks; for ``khan`` they are optional
    (open), *alleged* = False drops the ties that rest on allegations and *primary_only* keeps
    only the ties sourced to a primary document.

    Raises
    ------
    UnknownNameError
        For an unknown source.
    CoverageError, ValidationError
        For a period outside the source's coverage or running backwards.
    DataError
        For ``arms`` when SIPRI transfers have not been imported.
    """
    if source not in NETWORK_SOURCES:
        raise UnknownNameError(
            f"unknown network source '{source}'{suggest(source, NETWORK_SOURCES)}; choose from: {', '.join(NETWORK_SOURCES)}"
        )
    if source == "khan":
        return _khan(start, end, alleged, primary_only)
    if start is None or end is None:
        raise ValidationError(
            f"the {source} network needs a period; give both the first and the last year "
            "(CLI: --from and --to)"
        )
    if source == "nuclear":
        _check_period(source, "nuclear_cooperation", start, end)
        nca = load("nuclear_cooperation").filter(pl.col("year").is_between(start, end))
        pairs = nca.select(
            pl.min_horizontal("ccode1", "ccode2").alias("source_c"),
            pl.max_horizontal("ccode1", "ccode2").alias("target_c"),
        )
        edges = pairs.group_by("source_c", "target_c").agg(
            pl.len().cast(pl.Float64).alias("weight")
        )
        edges = edges.with_columns(pl.lit("nuclear cooperation agreement").alias("kind"))
        directed, origin = False, f"nuclear cooperation agreements {start}-{end} (Fuhrmann 2012)"
    elif source == "alliances":
        _check_period(source, "atop", start, end)
        from socius.similarity._inputs import atop_values

        valued = atop_values(
            load("atop").filter(
                pl.col("year").is_between(start, end) & (pl.col("ccode1") < pl.col("ccode2"))
            )
        )
        edges = (
            valued.group_by(
                pl.col("ccode1").cast(pl.Int32).alias("source_c"),
                pl.col("ccode2").cast(pl.Int32).alias("target_c"),
            )
            .agg(pl.col("value").max().cast(pl.Float64).alias("weight"))
            .with_columns(
                pl.lit(
                    "alliance (ATOP; 3 defence/offence, 2 neutrality/consultation, 1 non-aggression)"
                ).alias("kind")
            )
        )
        directed, origin = False, f"ATOP v5.1 alliance ties {start}-{end}"
    else:
        if "sipri_arms" not in list_datasets():
            raise DataError(
                "the arms network needs SIPRI arms-transfer data, which socius does not bundle; download the TIV "
                "tables from https://www.sipri.org/databases/armstransfers and run `socius data import sipri-arms FILE...`"
            )
        _check_period(source, "sipri_arms", start, end)
        arms = load("sipri_arms")
        cols = set(arms.columns)
        sup, rec = (
            ("supplier_ccode", "recipient_ccode")
            if "supplier_ccode" in cols
            else ("ccode1", "ccode2")
        )
        tiv = "tiv" if "tiv" in cols else "value"
        edges = (
            arms.filter(
                pl.col("year").is_between(start, end)
                & pl.col(sup).is_not_null()
                & pl.col(rec).is_not_null()
            )
            .group_by(
                pl.col(sup).cast(pl.Int32).alias("source_c"),
                pl.col(rec).cast(pl.Int32).alias("target_c"),
            )
            .agg(pl.col(tiv).sum().cast(pl.Float64).alias("weight"))
            .filter(pl.col("weight") > 0)
            .with_columns(pl.lit("arms transfers (SIPRI TIV, millions)").alias("kind"))
        )
        directed, origin = True, f"SIPRI arms transfers {start}-{end} (TIV)"
    if edges.is_empty():
        raise CoverageError(
            f"no {source} ties in {start}-{end}; choose a longer or different period"
        )
    codes = edges["source_c"].to_list() + edges["target_c"].to_list()
    labelled = _label_edges(edges.sort("source_c", "target_c")).select(
        "source", "target", "weight", "kind"
    )
    return network_from_frames(labelled, _nodes(codes), directed=directed, origin=origin)


def _khan(start: int | None, end: int | None, alleged: bool, primary_only: bool) -> Network:
    import datetime as dt

    from socius.networks.khan import khan_network

    if start is not None and end is not None and end < start:
        raise ValidationError(f"period {start}-{end} runs backwards; write {end}-{start}")
    if start is None and end is None:
        return khan_network(alleged=alleged, primary_only=primary_only)
    window = (
        None if start is None else dt.date(start, 1, 1),
        None if end is None else dt.date(end, 12, 31),
    )
    net = khan_network(alleged=alleged, primary_only=primary_only, active=window)
    if net.nodes.height == 0:
        raise CoverageError(
            f"no Khan-network ties in {start}-{end}; choose years between 1972 and 2004"
        )
    return net
