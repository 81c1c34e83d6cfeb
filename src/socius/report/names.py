"""States by name in the report, never by COW abbreviation.

The library's tables carry the Correlates of War abbreviations (``GMY``, ``TAW``, ``ROK``),
which an analyst reads as noise. Before a section is rendered, :func:`decode_section`
turns them into people's words: prose gets today's common name for the year
(:func:`socius.codes.display_names`: "Germany", "Taiwan", "South Korea"), a table's
``stateabb`` column becomes a ``state`` column of names, and chart labels get the ISO 3166
code (``DEU``, ``TWN``, ``KOR``), which has the same width, so labels that did not overlap
still do not.

Examples
--------
>>> decode_text("CHN, RUS: the series breaks in 2005.", 2007)
'China, Russia: the series breaks in 2005.'
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

import polars as pl

from socius.report.model import Answer, Block, Figure, Note, Section, Table, Text

__all__ = ["decode_section", "decode_text", "source_label", "state_words"]

# upper-case words that are not states in prose even where a COW abbreviation matches
_KEEP = frozenset({"NATO", "SCO", "CSTO", "PSI", "TIV", "NMC", "CNS", "SLV", "UN", "FY"})


@functools.lru_cache(maxsize=8)
def state_words(year: int) -> dict[str, tuple[str, str | None]]:
    """COW abbreviation -> (display name in *year*, ISO3 or None) for every COW state."""
    from socius.codes import display_names
    from socius.data import load

    states = load("cow_states").unique("ccode", keep="last").select("ccode", "stateabb")
    named = display_names(states.with_columns(pl.lit(year).alias("year")))
    return {
        str(r["stateabb"]): (str(r["name"]), r["iso3"])
        for r in named.iter_rows(named=True)
        if str(r["stateabb"]) not in _KEEP
    }


def source_label(source: str) -> str:
    """A dataset tag as an analyst cites it: ``"nmc 7.0"`` -> ``"COW NMC v7.0"``.

    >>> source_label("nmc 7.0"), source_label("other 1")
    ('COW NMC v7.0', 'other 1')
    """
    name, _, version = source.partition(" ")
    if name == "nmc":
        return f"COW NMC v{version}" if version else "COW NMC"
    return source


def _pattern(words: dict[str, tuple[str, str | None]]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


def decode_text(text: str, year: int) -> str:
    """*text* with each COW abbreviation (an upper-case word) replaced by the state's name."""
    words = state_words(year)
    return _pattern(words).sub(lambda m: words[m.group(1)][0], text)


# columns whose text lists states (what-if labels such as "+ JPN", states added at a step)
_STATE_TEXT = ("label", "added", "party", "challenger", "protege", "evidence")


def _table(table: Table, year: int) -> Table:
    frame = table.frame
    text_cols = [c for c in _STATE_TEXT if c in frame.columns and frame[c].dtype == pl.String]
    if text_cols:
        words = state_words(year)
        pattern = _pattern(words)
        frame = frame.with_columns(
            pl.col(c).replace(
                {v: pattern.sub(lambda m: words[m.group(1)][0], v) for v in frame[c].drop_nulls()}
            )
            for c in text_cols
        )
        table = replace(table, frame=frame)
    if "stateabb" not in frame.columns:
        return table
    words = state_words(year)
    names = {k: v[0] for k, v in words.items()}
    if "name" in frame.columns or "state" in frame.columns:
        frame = frame.drop("stateabb")
    else:
        frame = frame.with_columns(pl.col("stateabb").replace(names)).rename({"stateabb": "state"})
    if "statenme" in frame.columns:
        frame = frame.drop("statenme")
    return replace(table, frame=frame)


def _svg(svg: str, year: int) -> str:
    words = state_words(year)

    def sub(m: re.Match[str]) -> str:
        iso = words.get(m.group(1), ("", None))[1]
        return f">{iso or m.group(1)}<"

    return re.sub(r">([A-Z]{3})<", sub, svg)


def _block(block: Block, year: int) -> Block:
    if isinstance(block, Text | Note):
        return replace(block, text=decode_text(block.text, year))
    if isinstance(block, Answer):
        return replace(block, text=decode_text(block.text, year))
    if isinstance(block, Table):
        return _table(block, year)
    if isinstance(block, Figure):
        return replace(block, svg=_svg(block.svg, year))
    return block  # code (the policy file) stays verbatim


def decode_section(section: Section, year: int) -> Section:
    """*section* with states named in prose and tables and ISO3-labelled in charts."""
    return replace(section, blocks=tuple(_block(b, year) for b in section.blocks))
