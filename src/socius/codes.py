"""Year-aware conversion between COW codes, COW and Gleditsch-Ward abbreviations,
Gleditsch-Ward codes, ISO3 codes and English names.

Names are matched after normalisation (case, accents, punctuation, "St."/"Saint",
a leading "The"), against an alias table compiled from the COW and Gleditsch-Ward
state lists, the UN ideal-point file and hand-checked variants used by V-Dem,
Freedom House, OWID and the UN data (snapshot ``country_codes``).

Known traps, handled by year:

* Germany: COW 255 (to 1945 and from 1990), 260 West Germany (1955-1990), 265 East
  Germany (1954-1990); "Germany" in 1946-1989 means West Germany.
* Yemen: 678 Yemen Arab Republic (to 1990), 679 unified Yemen (from 1990), 680 South Yemen;
  Gleditsch-Ward keep 678 for unified Yemen (see :func:`cow_to_gw`).
* Vietnam 816 / Republic of Vietnam 817; Serbia, Yugoslavia and Serbia and Montenegro
  all 345 in COW (Gleditsch-Ward: 340 Serbia from 2006); Russia and the USSR 365;
  Czechoslovakia 315 and Czechia 316; Sudan 625 and South Sudan 626.

Three-letter codes are read as ISO3 first, then as COW abbreviations, then as
Gleditsch-Ward abbreviations. Six strings mean different states in ISO3 and COW
(AUS, CZE, KOR, MNG, SLV, SWZ); write ``cow:AUS`` to force the COW reading
(Austria) or pass ``system="cowabb"``.

Examples
--------
>>> to_ccode("Japan")
740
>>> to_ccode("Germany", year=1970), to_ccode("Germany", year=2000)
(260, 255)
>>> to_ccode("AUS"), to_ccode("cow:AUS")
(900, 305)
>>> cow_to_gw(679, year=2000)
678
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

import polars as pl

from socius.errors import UnknownNameError, ValidationError, suggest

__all__ = [
    "AMBIGUOUS_CODES",
    "add_ccode",
    "ccode_name",
    "cow_to_gw",
    "display_name",
    "display_names",
    "from_ccode",
    "gw_to_cow",
    "normalize_name",
    "to_ccode",
    "to_ccodes",
]

System = Literal["auto", "iso3", "cowabb", "gwabb", "name", "ccode"]
_KIND_ORDER = {"iso3": 0, "cowabb": 1, "gwabb": 2, "name": 3, "nonstate": 4}
AMBIGUOUS_CODES = ("AUS", "CZE", "KOR", "MNG", "SLV", "SWZ")
_PREFIXES = {"cow": "cowabb", "iso": "iso3", "iso3": "iso3", "gw": "gwabb"}


def normalize_name(text: str) -> str:
    """Normalise a country spelling for matching.

    Accents are dropped, letters lower-cased, "&" becomes "and", every run of other
    characters one space; a leading "the" is dropped and a leading "saint" becomes "st".

    Parameters
    ----------
    text
        Any spelling (converted with ``str()`` first).

    Returns
    -------
    str
        The key under which the alias table is searched.

    Examples
    --------
    >>> normalize_name("  Côte d'Ivoire ")
    'cote d ivoire'
    >>> normalize_name("Saint Lucia") == normalize_name("St. Lucia")
    True
    """
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"^saint ", "st ", s)
    return s


@functools.lru_cache(maxsize=1)
def _aliases() -> pl.DataFrame:
    from socius.data import load

    table = load("country_codes")
    return table.with_columns(
        pl.col("kind").replace_strict(_KIND_ORDER, return_dtype=pl.Int8).alias("kind_rank")
    )


@functools.lru_cache(maxsize=1)
def _states() -> pl.DataFrame:
    from socius.data import load

    return load("cow_states")


def _split_prefix(value: str, system: System) -> tuple[str, System]:
    if ":" in value:
        head, tail = value.split(":", 1)
        kind = _PREFIXES.get(head.strip().lower())
        if kind is None:
            raise ValidationError(
                f"country '{value}' has unknown prefix '{head}'; use cow:, iso: or gw: (for example cow:AUS)"
            )
        return tail.strip(), kind  # type: ignore[return-value]
    return value, system


def _candidates(value: str, system: System) -> pl.DataFrame:
    table = _aliases()
    norm = normalize_name(value)
    hits = table.filter(pl.col("alias_norm") == norm)
    if system != "auto":
        hits = hits.filter(pl.col("kind") == system)
    elif not (len(value.strip()) == 3 and value.strip().isalpha()):
        hits = hits.filter(pl.col("kind").is_in(["name", "nonstate"]))
    return hits


def to_ccode(value: str | int, *, year: int | None = None, system: System = "auto") -> int:
    """Return the COW code for a name, abbreviation, ISO3 code or COW code.

    Parameters
    ----------
    value
        "Japan", "JPN", "cow:AUS", 740 or "740".
    year
        Resolve spellings whose meaning changed over time (Germany, Yemen...). Without a
        year the most recent meaning is used.
    system
        Restrict matching to one kind of spelling; "auto" tries ISO3, COW, then
        Gleditsch-Ward abbreviations for three-letter codes, and names otherwise.

    Raises
    ------
    UnknownNameError
        Unknown spelling (with the closest matches), or a territory that is not a state.
    """
    if isinstance(value, bool):
        raise ValidationError(f"country {value!r} is not a name or code")
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        code = int(value)
        if code not in set(_states()["ccode"].to_list()):
            raise UnknownNameError(
                f"unknown COW code {code}; see `socius data list` and the cow_states dataset"
            )
        return code
    text, kind = _split_prefix(str(value), system)
    hits = _candidates(text, kind)
    if hits.is_empty():
        pool = _aliases()["alias"].to_list()
        raise UnknownNameError(
            f"unknown country '{value}'{suggest(text, pool)}; use a COW code, COW abbreviation, ISO3 code or English name"
        )
    if (hits["kind"] == "nonstate").all():
        raise UnknownNameError(
            f"'{value}' is not a state in the COW or Gleditsch-Ward lists ({hits['source'][0]})"
        )
    hits = hits.filter(pl.col("kind") != "nonstate")
    if year is not None:
        in_year = hits.filter((pl.col("first_year") <= year) & (pl.col("last_year") >= year))
        if in_year.is_empty():
            spans = ", ".join(
                f"COW {r['ccode']} in {r['first_year']}-{r['last_year'] if r['last_year'] < 2100 else 'today'}"
                for r in hits.sort("first_year").iter_rows(named=True)
            )
            raise UnknownNameError(
                f"'{value}' does not name a state in {year}; it refers to {spans}"
            )
        hits = in_year
        return int(hits.sort(["kind_rank", "priority"])["ccode"][0])
    return int(
        hits.sort(["kind_rank", "priority", "last_year"], descending=[False, False, True])["ccode"][
            0
        ]
    )


def to_ccodes(
    values: Iterable[str | int], *, year: int | None = None, system: System = "auto"
) -> list[int]:
    """Convert several values; every unknown value is reported in one error.

    Parameters
    ----------
    values
        Names, ISO3 codes, COW or Gleditsch-Ward abbreviations or COW codes, as for
        :func:`to_ccode` (prefixes such as ``cow:AUS`` included).
    year
        Resolve spellings whose meaning changed over time (see :func:`to_ccode`).
    system
        Restrict matching to one kind of spelling; "auto" as in :func:`to_ccode`.

    Returns
    -------
    list of int
        COW codes, in the order of *values*.

    Raises
    ------
    UnknownNameError
        One message listing every value that does not name a state (with suggestions).
    ValidationError
        A value with an unknown prefix, or a bool.

    Examples
    --------
    >>> to_ccodes(["Japan", "KOR", "cow:AUS", 2])
    [740, 732, 305, 2]
    """
    codes: list[int] = []
    problems: list[str] = []
    for v in values:
        try:
            codes.append(to_ccode(v, year=year, system=system))
        except UnknownNameError as exc:
            problems.append(str(exc))
    if problems:
        raise UnknownNameError("; ".join(problems))
    return codes


def ccode_name(ccode: int) -> str:
    """COW name of *ccode* ("Japan" for 740).

    Parameters
    ----------
    ccode
        A COW state code.

    Returns
    -------
    str
        The state's latest COW name, whatever the year ("Russia" for 365, also in 1980; use
        :func:`display_name` for the name of a given year).

    Raises
    ------
    UnknownNameError
        *ccode* is not in the COW state list.

    Examples
    --------
    >>> ccode_name(740), ccode_name(365)
    ('Japan', 'Russia')
    """
    return from_ccode(ccode, to="name")


def from_ccode(
    ccode: int,
    *,
    to: Literal["name", "cowabb", "iso3", "gwcode"] = "cowabb",
    year: int | None = None,
) -> str:
    """Convert a COW code to a COW name, COW abbreviation, ISO3 code or Gleditsch-Ward code (as text).

    Parameters
    ----------
    ccode
        A COW state code.
    to
        "cowabb" (default), "name" (latest COW name), "iso3" or "gwcode".
    year
        Needed for "gwcode" (see :func:`cow_to_gw`); for "iso3" picks the code valid in that
        year (Yugoslavia's YUG rather than SRB); ignored for "name" and "cowabb".

    Returns
    -------
    str
        The code or name; a Gleditsch-Ward code comes back as digits ("260").

    Raises
    ------
    UnknownNameError
        *ccode* is not in the COW state list, has no ISO3 code (in *year*), or has no
        Gleditsch-Ward counterpart in *year*.
    ValidationError
        *to* is "gwcode" without a *year*, or not one of the four choices.

    Examples
    --------
    >>> from_ccode(740), from_ccode(740, to="iso3"), from_ccode(740, to="name")
    ('JPN', 'JPN', 'Japan')
    >>> from_ccode(345, to="iso3", year=1990), from_ccode(255, to="gwcode", year=2000)
    ('YUG', '260')
    """
    states = _states().filter(pl.col("ccode") == ccode)
    if states.is_empty():
        raise UnknownNameError(
            f"unknown COW code {ccode}; see the cow_states dataset (`socius data list`)"
        )
    if to == "name":
        return str(states["statenme"][-1])
    if to == "cowabb":
        return str(states["stateabb"][-1])
    if to == "gwcode":
        if year is None:
            raise ValidationError("converting to a Gleditsch-Ward code needs a year; pass year=...")
        return str(cow_to_gw(ccode, year=year))
    if to == "iso3":
        iso = _aliases().filter((pl.col("kind") == "iso3") & (pl.col("ccode") == ccode))
        if year is not None:
            iso = iso.filter((pl.col("first_year") <= year) & (pl.col("last_year") >= year))
        if iso.is_empty():
            raise UnknownNameError(
                f"COW code {ccode} has no ISO3 code{'' if year is None else f' in {year}'}"
            )
        return str(iso.sort(["priority", "last_year"], descending=[False, True])["alias"][0])
    raise ValidationError(f"cannot convert to '{to}'; choose name, cowabb, iso3 or gwcode")


@functools.lru_cache(maxsize=1)
def _crosswalk() -> pl.DataFrame:
    from socius.data import load

    return load("cow_gw")


def cow_to_gw(ccode: int, *, year: int) -> int:
    """Gleditsch-Ward code of COW state *ccode* in *year* (e.g. 679 -> 678 after 1990).

    Parameters
    ----------
    ccode
        A COW state code.
    year
        The year of the crosswalk (snapshot ``cow_gw``); the two lists differ in when some
        states begin and end, and in the codes of Germany, Yemen and Serbia.

    Returns
    -------
    int
        The Gleditsch-Ward code.

    Raises
    ------
    UnknownNameError
        The state has no Gleditsch-Ward counterpart in *year* (not in either list that year,
        or outside the crosswalk's years).

    Examples
    --------
    >>> cow_to_gw(679, year=2000), cow_to_gw(255, year=2000), cow_to_gw(740, year=2007)
    (678, 260, 740)
    """
    hit = _crosswalk().filter(
        (pl.col("ccode") == ccode) & (pl.col("year") == year) & pl.col("gwcode").is_not_null()
    )
    if hit.is_empty():
        raise UnknownNameError(f"COW state {ccode} has no Gleditsch-Ward counterpart in {year}")
    return int(hit["gwcode"][0])


def gw_to_cow(gwcode: int, *, year: int) -> int:
    """COW code of Gleditsch-Ward state *gwcode* in *year* (e.g. 340 -> 345 after 2006).

    Parameters
    ----------
    gwcode
        A Gleditsch-Ward state code.
    year
        The year of the crosswalk (snapshot ``cow_gw``).

    Returns
    -------
    int
        The COW code.

    Raises
    ------
    UnknownNameError
        The state has no COW counterpart in *year*.

    Examples
    --------
    >>> gw_to_cow(340, year=2010), gw_to_cow(678, year=2000)
    (345, 679)
    """
    hit = _crosswalk().filter(
        (pl.col("gwcode") == gwcode) & (pl.col("year") == year) & pl.col("ccode").is_not_null()
    )
    if hit.is_empty():
        raise UnknownNameError(f"Gleditsch-Ward state {gwcode} has no COW counterpart in {year}")
    return int(hit["ccode"][0])


def add_ccode(
    frame: pl.DataFrame,
    column: str,
    *,
    year_column: str | None = "year",
    system: System = "auto",
    out: str = "ccode",
    drop_nonstates: bool = True,
) -> pl.DataFrame:
    """Add a COW code column by matching *column* (names or codes), vectorised.

    Territories and aggregates listed as non-states, and known states in years when
    they were not independent (a colony's years in a source that covers it), get a
    null code and are dropped when *drop_nonstates*; any other unmatched spelling raises one
    :class:`UnknownNameError` listing all of them with suggestions. Never changes the
    order of the rows it keeps.

    Parameters
    ----------
    frame
        The table to extend.
    column
        Column of *frame* with the spellings: names, ISO3 codes, COW or Gleditsch-Ward
        abbreviations (matched after :func:`normalize_name`).
    year_column
        Column of years used to resolve spellings whose meaning changed (Germany in 1970 is
        West Germany, 260); None for a frame without years, where the first match by kind
        of spelling wins whatever the year.
    system
        Restrict matching to one kind of spelling ("iso3", "cowabb", "gwabb", "name");
        "auto" tries ISO3, then COW and Gleditsch-Ward abbreviations, then names.
    out
        Name of the new column [COW code].
    drop_nonstates
        Drop rows whose code is null (non-states, a state outside its years); False keeps
        them with a null code.

    Returns
    -------
    polars.DataFrame
        *frame* with *out* (Int32) added.

    Raises
    ------
    UnknownNameError
        *column* is not in *frame*, or some spellings match no state or territory (all of
        them named in one message, the first ten with suggestions).

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"country": ["Japan", "Hong Kong", "Germany"], "year": [2007, 2007, 1970]})
    >>> add_ccode(f, "country")["ccode"].to_list()
    [740, 260]
    >>> add_ccode(f, "country", drop_nonstates=False)["ccode"].to_list()
    [740, None, 260]
    """
    if column not in frame.columns:
        raise UnknownNameError(f"column '{column}' not in frame{suggest(column, frame.columns)}")
    table = _aliases()
    if system != "auto":
        table = table.filter(pl.col("kind").is_in([system, "nonstate"]))
    keys = [column] + ([year_column] if year_column else [])
    uniq = (
        frame.select(keys)
        .unique()
        .with_columns(
            pl.col(column)
            .cast(pl.String)
            .map_elements(normalize_name, return_dtype=pl.String)
            .alias("_norm")
        )
    )
    joined = uniq.join(table, left_on="_norm", right_on="alias_norm", how="left")
    if year_column:
        joined = joined.filter(
            pl.col("first_year").is_null()
            | (
                (pl.col("first_year") <= pl.col(year_column))
                & (pl.col("last_year") >= pl.col(year_column))
            )
        )
    best = (
        joined.sort(["kind_rank", "priority"])
        .unique(keys, keep="first")
        .select([*keys, pl.col("kind"), pl.col("ccode")])
    )
    resolved = uniq.select(keys).join(best, on=keys, how="left", nulls_equal=True)
    known = set(table["alias_norm"].to_list())
    unknown = uniq.filter(~pl.col("_norm").is_in(list(known)))
    if unknown.height:
        names = sorted({str(v) for v in unknown[column].to_list()})
        pool = _aliases()["alias"].to_list()
        detail = "; ".join(f"'{n}'{suggest(n, pool)}" for n in names[:10])
        raise UnknownNameError(
            f"{len(names)} value(s) in column '{column}' do not match a state: {detail}; "
            "fix the spelling or convert them with socius.codes.to_ccode"
        )
    result = frame.join(
        resolved.select([*keys, pl.col("ccode").alias(out)]),
        on=keys,
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    if drop_nonstates:
        result = result.filter(pl.col(out).is_not_null())
    return result


def parse_states(values: Sequence[str | int], *, year: int | None = None) -> list[int]:
    """Alias of :func:`to_ccodes` for CLI lists such as ``JPN,AUS,KOR``."""
    return to_ccodes(values, year=year)


# Display names: today's common English name of a COW state in a given year, where the COW
# name is not it (COW keeps "Yugoslavia" for 345 after 2006 and "Russia" for the USSR). Spans
# are inclusive years; every other state shows its COW name.
_DISPLAY_NAMES: tuple[tuple[int, int, int, str], ...] = (
    (2, 1816, 2100, "United States"),
    (58, 1981, 2100, "Antigua and Barbuda"),
    (260, 1949, 1990, "West Germany"),
    (265, 1949, 1990, "East Germany"),
    (343, 1993, 2018, "Macedonia"),
    (343, 2019, 2100, "North Macedonia"),
    (345, 1816, 1991, "Yugoslavia"),
    (345, 1992, 2002, "Federal Republic of Yugoslavia"),
    (345, 2003, 2005, "Serbia and Montenegro"),
    (345, 2006, 2100, "Serbia"),
    (365, 1922, 1991, "Soviet Union"),
    (484, 1960, 2100, "Republic of the Congo"),
    (490, 1971, 1996, "Zaire"),
    (572, 2018, 2100, "Eswatini"),
    (678, 1926, 1990, "North Yemen"),
    (680, 1967, 1990, "South Yemen"),
    (775, 1948, 1988, "Burma"),
    (780, 1948, 1971, "Ceylon"),
    (816, 1954, 1975, "North Vietnam"),
    (817, 1954, 1975, "South Vietnam"),
)


@functools.lru_cache(maxsize=1)
def _display_table() -> pl.DataFrame:
    return pl.DataFrame(
        _DISPLAY_NAMES,
        schema={"ccode": pl.Int32, "first": pl.Int32, "last": pl.Int32, "display": pl.String},
        orient="row",
    )


@functools.lru_cache(maxsize=1)
def _iso3_spans() -> pl.DataFrame:
    """ISO3 spans per COW code. Most spans come from UN ideal-point presence, which is not ISO
    membership: the latest span runs on to today (Venezuela after its arrears, 2022-2023) and a
    state with a single ISO3 code has it throughout (Switzerland before it joined the UN)."""
    iso = (
        _aliases()
        .filter(pl.col("kind") == "iso3")
        .select(pl.col("ccode").alias("_c"), "alias", "first_year", "last_year", "priority")
    )
    latest = pl.col("last_year") == pl.col("last_year").max().over("_c")
    single = pl.col("alias").n_unique().over("_c") == 1
    return iso.with_columns(
        pl.when(latest).then(pl.lit(2100)).otherwise(pl.col("last_year")).alias("last_year"),
        pl.when(single).then(pl.lit(1800)).otherwise(pl.col("first_year")).alias("first_year"),
    )


def display_names(frame: pl.DataFrame, *, ccode: str = "ccode", year: str = "year") -> pl.DataFrame:
    """Add ``name`` (today's common English name for the year) and ``iso3`` beside the COW code,
    vectorised; the COW name is used where no other common name applies, and ``iso3`` is null
    for states without one (Taiwan has TWN; historical states such as Bavaria have none).

    Parameters
    ----------
    frame
        A table with a COW code column and a year column; existing ``name`` and ``iso3``
        columns are replaced.
    ccode
        Name of the COW code column.
    year
        Name of the year column.

    Returns
    -------
    polars.DataFrame
        *frame* (rows in order) with ``name`` and ``iso3`` appended; both null for a code
        that is not in the COW state list.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"ccode": [345, 345, 900], "year": [1990, 2022, 2007]})
    >>> display_names(f).select("name", "iso3").rows()
    [('Yugoslavia', 'YUG'), ('Serbia', 'SRB'), ('Australia', 'AUS')]
    """
    keys = frame.select(
        pl.col(ccode).cast(pl.Int32).alias("_c"), pl.col(year).cast(pl.Int32).alias("_y")
    ).unique()
    cow = (
        _states()
        .unique("ccode", keep="last")
        .select(pl.col("ccode").alias("_c"), pl.col("statenme"))
    )
    spans = _display_table().rename({"ccode": "_c"})
    named = (
        keys.join(spans, on="_c", how="left")
        .filter(
            pl.col("first").is_null() | pl.col("_y").is_between(pl.col("first"), pl.col("last"))
        )
        .unique(["_c", "_y"], keep="first")
        .select("_c", "_y", "display")
    )
    iso = _iso3_spans()
    iso_hits = (
        keys.join(iso, on="_c", how="inner")
        .filter(pl.col("_y").is_between(pl.col("first_year"), pl.col("last_year")))
        .sort(["priority", "last_year"], descending=[False, True])
        .unique(["_c", "_y"], keep="first")
        .select("_c", "_y", pl.col("alias").alias("iso3"))
    )
    table = (
        keys.join(named, on=["_c", "_y"], how="left")
        .join(cow, on="_c", how="left")
        .join(iso_hits, on=["_c", "_y"], how="left")
        .select(
            "_c",
            "_y",
            pl.coalesce("display", "statenme").alias("name"),
            "iso3",
        )
    )
    base = frame.drop([c for c in ("name", "iso3") if c in frame.columns])
    return (
        base.with_columns(
            pl.col(ccode).cast(pl.Int32).alias("_c"), pl.col(year).cast(pl.Int32).alias("_y")
        )
        .join(table, on=["_c", "_y"], how="left", maintain_order="left")
        .drop("_c", "_y")
    )


def display_name(ccode: int, year: int) -> str:
    """Today's common English name of COW state *ccode* in *year*.

    Parameters
    ----------
    ccode
        A COW state code.
    year
        The year: the name that state is known by for that year ("West Germany" for 260,
        "Soviet Union" for 365 up to 1991), the COW name where no other applies.

    Returns
    -------
    str
        The name, as in the ``name`` column of :func:`display_names`.

    Raises
    ------
    UnknownNameError
        *ccode* is not in the COW state list.

    Examples
    --------
    >>> display_name(345, 2022), display_name(345, 1990), display_name(365, 1980)
    ('Serbia', 'Yugoslavia', 'Soviet Union')
    """
    frame = display_names(pl.DataFrame({"ccode": [ccode], "year": [year]}))
    name = frame["name"][0]
    if name is None:
        raise UnknownNameError(
            f"unknown COW code {ccode}; see the cow_states dataset (`socius data list`)"
        )
    return str(name)
