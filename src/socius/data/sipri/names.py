"""SIPRI entity names: the alias tables, their classification and the mapping to COW codes."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.codes import add_ccode, normalize_name
from socius.errors import UnknownNameError, suggest

# SIPRI spellings that socius.codes does not know, with the kind of entity and the
# name socius.codes resolves (None for entities that are not states).
_ALIASES: dict[str, tuple[str, str | None]] = {
    "Congo, DR": ("state", "Democratic Republic of the Congo"),  # milex workbook
    "DR Congo": ("state", "Democratic Republic of the Congo"),  # TIV tables
    "Congo, Republic": ("state", "Republic of the Congo"),  # milex workbook
    "Gambia, The": ("state", "Gambia"),  # milex workbook
    "Korea, North": ("state", "North Korea"),  # milex workbook
    "Korea, South": ("state", "South Korea"),  # milex workbook
    "Viet Nam": ("state", "Vietnam"),  # both: SIPRI uses the UN spelling
    "Yemen, North": ("state", "North Yemen"),  # milex: Yemen Arab Republic, COW 678
    "East Germany (GDR)": ("state", "East Germany"),  # TIV tables, COW 265
    "Saint Vincent": ("state", "Saint Vincent and the Grenadines"),  # TIV tables
    # SIPRI lists the Tripoli-based General National Congress government without an
    # asterisk, i.e. as a government of Libya (COW 620), unlike "Libya HoR*".
    "Libya GNC": ("state", "Libya"),
    "European Union": ("organisation", None),  # milex workbook (from 2022)
    "Aruba": ("territory", None),  # constituent country of the Kingdom of the Netherlands
    "Biafra": ("territory", None),  # secessionist entity in Nigeria, 1967-1970
    "Katanga": ("territory", None),  # secessionist entity in Congo, 1960-1963
    "Unknown recipient(s)": ("unknown", None),
    "Unknown supplier(s)": ("unknown", None),
}

# Where two SIPRI rows name the same COW state (predecessor and successor), each row
# is used only within its entity's years; values outside are reported, not used.
_SPANS: dict[str, tuple[int | None, int | None]] = {
    "USSR": (None, 1991),
    "Russia": (1992, None),
    "Yugoslavia": (None, 1991),
    "Serbia": (1992, None),
    "Czechoslovakia": (None, 1992),
    "Czechia": (1993, None),
    "Yemen, North": (None, 1989),
    "Yemen": (1990, None),
    "German Democratic Republic": (None, 1990),
}


def classify_name(name: str) -> tuple[str, str | None]:
    """Kind of a SIPRI entity name and the spelling to look up in :mod:`socius.codes`.

    Returns ``(kind, lookup)``: kind is "state", "organisation" (SIPRI marks them
    ``**``), "nonstate" (armed non-state actors, marked ``*``), "territory" or
    "unknown"; lookup is None for anything but states.
    """
    text = name.strip()
    if text in _ALIASES:
        return _ALIASES[text]
    if text.endswith("**"):
        return "organisation", None
    if text.endswith("*"):
        return "nonstate", None
    if text.lower().startswith("unknown"):
        return "unknown", None
    return "state", text


def _alias_table() -> pl.DataFrame:
    from socius.data import load

    return load("country_codes", columns=["alias", "alias_norm", "kind"])


def _resolve(
    pairs: pl.DataFrame, *, skip_unmatched: bool, what: str
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Map ``name, year`` pairs to ``ccode`` and ``kind``; collect what is not a state.

    Raises UnknownNameError listing every unknown name with suggestions, unless
    *skip_unmatched*, in which case those names get kind "unmatched".
    """
    names = sorted(set(pairs["name"].to_list()))
    aliases = _alias_table()
    norm_kind: dict[str, set[str]] = {}
    for norm, kind in zip(aliases["alias_norm"].to_list(), aliases["kind"].to_list(), strict=True):
        norm_kind.setdefault(norm, set()).add(kind)
    pool = aliases["alias"].to_list() + list(_ALIASES)
    kinds: dict[str, str] = {}
    lookups: dict[str, str] = {}
    unmatched: list[tuple[str, str]] = []
    for name in names:
        kind, lookup = classify_name(name)
        if kind == "state" and lookup is not None:
            found = norm_kind.get(normalize_name(lookup))
            if found is None:
                unmatched.append((name, suggest(name, pool)))
                kind = "unmatched"
            elif found == {"nonstate"}:
                kind = "territory"
            else:
                lookups[name] = lookup
        kinds[name] = kind
    if unmatched and not skip_unmatched:
        detail = "; ".join(f"'{n}'{s}" for n, s in unmatched)
        raise UnknownNameError(
            f"{len(unmatched)} {what} name(s) match no state, territory or organisation: {detail}; "
            "check the file is an unmodified SIPRI download, or pass --skip-unmatched "
            "(skip_unmatched=True) to import without them (they are listed in the manifest notes)"
        )
    known = pairs.filter(pl.col("name").is_in(list(lookups)))
    known = known.with_columns(
        pl.col("name").replace_strict(lookups, return_dtype=pl.String).alias("_lookup")
    )
    coded = add_ccode(known, "_lookup", year_column="year", drop_nonstates=False).drop("_lookup")
    out = pairs.join(coded, on=["name", "year"], how="left").with_columns(
        pl.col("name").replace_strict(kinds, return_dtype=pl.String).alias("kind"),
        pl.col("ccode").cast(pl.Int32),
    )
    info = {
        "non_states": sorted((n, k) for n, k in kinds.items() if k not in ("state", "unmatched")),
        "unmatched": unmatched,
    }
    return out, info
