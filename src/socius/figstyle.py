"""One figure style for every socius chart: the report, :mod:`socius.plots` and the network
figures.

One palette, one meaning per colour, the same in every figure: the alliance under study and
its members (blue), the SCO (vermilion), the CSTO (purple), active partners (green),
associates (ochre), states with no affiliation (grey). The colours are the Okabe-Ito
colour-blind-safe set, darkened where needed so that every mark has at least 3:1 contrast
against the white background (WCAG 2.1, non-text contrast). Charts carry a takeaway title
(:func:`takeaway`), a source line under the plot (:func:`source_line`: dataset, version,
units, price basis), threshold lines where a threshold decides something
(:func:`threshold`) and readable axes (:func:`percent_axis`, :func:`log_share_axis`:
never raw log10 exponents). :func:`to_svg` renders a figure to inline SVG with
``role="img"``, a ``<title>`` and a ``<desc>``.

Examples
--------
>>> from socius.figstyle import PALETTE, contrast_ratio
>>> contrast_ratio(PALETTE["member"]) >= 3.0
True
>>> fig, ax = new_figure()
>>> svg = to_svg(fig, title="An empty chart", desc="Nothing is drawn.")
>>> svg.startswith('<svg role="img"') and "<title>An empty chart</title>" in svg
True
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

__all__ = [
    "BLOC_COLOURS",
    "MIN_FONT_PT",
    "PALETTE",
    "SERIES_COLOURS",
    "TIER_COLOURS",
    "TIER_LABELS",
    "accessible_svg",
    "contrast_ratio",
    "log_share_axis",
    "new_figure",
    "percent_axis",
    "source_line",
    "takeaway",
    "threshold",
    "to_svg",
]

PALETTE: Mapping[str, str] = MappingProxyType(
    {
        "member": "#0072B2",  # the alliance under study and its members (NATO by default)
        "sco": "#C24E00",  # the Shanghai Cooperation Organisation
        "csto": "#A8488A",  # the Collective Security Treaty Organization
        "active_partner": "#00845F",
        "associate": "#A86F00",
        "none": "#767676",  # no affiliation / other states
        "flag": "#1A1A1A",  # flagged states, thresholds, breaks
    }
)
"""One meaning per colour; every colour has >= 3:1 contrast on white."""

SERIES_COLOURS: tuple[str, ...] = (
    "#332288",
    "#882255",
    "#117733",
    "#000000",
    "#CC6677",
    "#8C510A",
    "#999933",
    "#5F4690",
)
"""Colours for lines that stand for single states (no tier or bloc meaning): from Paul Tol's
colour-blind-safe sets, none of them in :data:`PALETTE`, each >= 3:1 on white."""

TIER_COLOURS: Mapping[str, str] = MappingProxyType(
    {t: PALETTE[t] for t in ("member", "active_partner", "associate", "none")}
)
BLOC_COLOURS: Mapping[str, str] = MappingProxyType(
    {"NATO": PALETTE["member"], "SCO": PALETTE["sco"], "CSTO": PALETTE["csto"]}
)
TIER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "member": "member",
        "active_partner": "active partner",
        "associate": "associate",
        "none": "no affiliation",
    }
)
MIN_FONT_PT = 8.0
"""Smallest chart text [pt]; figures keep their natural size on narrow screens (the report
scrolls the figure, not the page), so 8 pt renders at >= 10 CSS px."""

_RC: dict[str, Any] = {
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "svg.fonttype": "none",
}


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours [1, 21].

    Parameters
    ----------
    colour
        A ``#RRGGBB`` hex colour (the leading ``#`` may be left out).
    background
        The colour it is compared with; white by default. The order of the two does not
        matter.

    Returns
    -------
    float
        The ratio [1, 21]; WCAG 2.1 asks for at least 3 for chart marks and 4.5 for text.

    Notes
    -----
    With relative luminances :math:`L_1 \\ge L_2` (sRGB channels linearised, weighted
    0.2126, 0.7152, 0.0722), the ratio is :math:`(L_1 + 0.05) / (L_2 + 0.05)`.

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1)
    21.0
    >>> round(contrast_ratio(PALETTE["none"]), 2)
    4.54
    """
    a, b = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def new_figure(width: float = 7.0, height: float = 4.0) -> tuple[Any, Any]:
    """Return ``(figure, axes)`` with the house style (no top/right spines, light grid).

    Parameters
    ----------
    width, height
        Figure size [inches] at 100 dpi (7 x 4 by default).

    Returns
    -------
    tuple
        A matplotlib ``Figure`` and its single ``Axes``, with 9 pt text and 8 pt tick
        labels (:data:`MIN_FONT_PT`). Close it with :func:`to_svg` or
        ``matplotlib.pyplot.close``.

    Examples
    --------
    >>> fig, ax = new_figure(6, 3)
    >>> fig.get_size_inches().tolist(), ax.spines["top"].get_visible()
    ([6.0, 3.0], False)
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(alpha=0.25, linewidth=0.6)
    ax.tick_params(labelsize=MIN_FONT_PT)
    return fig, ax


def takeaway(fig: Any, text: str) -> None:
    """Give *fig* a takeaway title: a sentence saying what the chart shows, left-aligned.

    Parameters
    ----------
    fig
        A matplotlib figure (from :func:`new_figure`).
    text
        The sentence, e.g. "Japan spends more on defence than any non-member in Asia but
        China"; it also becomes the SVG ``<title>`` in :func:`to_svg` unless one is given.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> takeaway(fig, "Few large powers outside NATO pass the democracy threshold, 2007")
    >>> fig.get_suptitle()
    'Few large powers outside NATO pass the democracy threshold, 2007'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    fig.suptitle(text, x=0.01, ha="left", fontsize=10, fontweight="bold")


_SOURCE_GID = "socius-source-line"


def source_line(fig: Any, text: str) -> None:
    """Write the source line under *fig*: dataset and version, units, price basis (in a strip
    that the constrained layout keeps free).

    Parameters
    ----------
    fig
        A matplotlib figure (from :func:`new_figure`).
    text
        The source without the "Source: " prefix, which is added; long text wraps, and the
        strip grows with the number of lines (up to a quarter of the figure height).

    Notes
    -----
    Sets the figure's layout engine to constrained layout with the strip left free; call it
    after the plot is drawn. A second call replaces the first source line (as a second
    :func:`takeaway` replaces the first), so two lines are never printed over each other.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> source_line(fig, "COW NMC v7.0 (CINC, share of world capabilities)")
    >>> fig.texts[-1].get_text()
    'Source: COW NMC v7.0 (CINC, share of world capabilities)'
    >>> source_line(fig, "V-Dem v14 (v2x_libdem)")
    >>> [t.get_text() for t in fig.texts]
    ['Source: V-Dem v14 (v2x_libdem)']
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    width_pt = float(fig.get_figwidth()) * 72
    lines = max(1, math.ceil(len(text) * MIN_FONT_PT * 0.55 / width_pt))
    band = min(0.25, (0.14 + 0.15 * lines) / float(fig.get_figheight()))
    fig.set_layout_engine("constrained", rect=(0.0, band, 1.0, 1.0 - band))
    for earlier in [t for t in fig.texts if t.get_gid() == _SOURCE_GID]:
        earlier.remove()
    fig.text(
        0.01,
        0.01,
        f"Source: {text}",
        ha="left",
        va="bottom",
        fontsize=MIN_FONT_PT,
        color="#3d3d3d",
        wrap=True,
        gid=_SOURCE_GID,
    )


def threshold(ax: Any, value: float, label: str, *, axis: str = "x") -> None:
    """Draw a dashed threshold line at *value* (data units) with its *label*.

    Parameters
    ----------
    ax
        A matplotlib axes.
    value
        Where the threshold lies, in the axis's data units (0.5 for the V-Dem liberal
        democracy threshold on [0, 1]).
    label
        Short text beside the line ("democracy 0.5"), in 8 pt.
    axis
        "x" for a vertical line at x = *value* (label at the top); any other value draws a
        horizontal line at y = *value* (label at the right end).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> threshold(ax, 0.5, "democracy 0.5")
    >>> len(ax.lines), ax.texts[-1].get_text()
    (1, 'democracy 0.5')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    line = ax.axvline if axis == "x" else ax.axhline
    line(value, color=PALETTE["flag"], linestyle="--", linewidth=0.9, zorder=1)
    if axis == "x":
        ax.annotate(
            label,
            (value, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            fontsize=MIN_FONT_PT,
            color=PALETTE["flag"],
        )
    else:
        ax.annotate(
            label,
            (1.0, value),
            xycoords=("axes fraction", "data"),
            xytext=(-3, 3),
            textcoords="offset points",
            ha="right",
            fontsize=MIN_FONT_PT,
            color=PALETTE["flag"],
        )


def _pct(v: float, _pos: object = None) -> str:
    if v == 0:
        return "0%"
    if abs(v) >= 1:
        return f"{v:,.0f}%" if float(v).is_integer() else f"{v:,.1f}%"
    if abs(v) >= 0.1:
        return f"{v:.1f}%"
    return f"{v:.2g}%"


def percent_axis(ax: Any, axis: str = "y") -> None:
    """Label *axis* of *ax* in percent (values already in %).

    Parameters
    ----------
    ax
        A matplotlib axes.
    axis
        "y" (default) or, for any other value, the x axis.

    Notes
    -----
    Labels: whole numbers without decimals ("50%"), other values from 1 with one decimal,
    values below 1 with two significant digits ("0.05%"); the scale is not changed.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> percent_axis(ax)
    >>> fmt = ax.yaxis.get_major_formatter()
    >>> fmt(50), fmt(12.5), fmt(0.05)
    ('50%', '12.5%', '0.05%')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(_pct))


def log_share_axis(ax: Any, axis: str = "y") -> None:
    """Put *axis* on a log scale with readable percent labels (0.01%, 0.1%, 1%, 10%);
    plot the share itself in percent, not its log10.

    Parameters
    ----------
    ax
        A matplotlib axes whose data are shares in percent (a CINC of 0.0399 is 3.99);
        values of 0 or below cannot be shown on a log scale.
    axis
        "y" (default) or "x" (any other value is read as "x").

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> log_share_axis(ax)
    >>> ax.get_yscale(), ax.yaxis.get_major_formatter()(0.01)
    ('log', '0.01%')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    if axis == "y":
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_pct))
    else:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(_pct))


def _text(fig: Any) -> str:
    titles = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        titles.append(sup.get_text())
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def to_svg(fig: Any, *, title: str | None = None, desc: str | None = None) -> str:
    """Render *fig* to an accessible inline SVG string (no XML prolog), then close it.

    The root element gets ``role="img"``, a ``<title>`` (*title*, default: the figure's
    titles) and a ``<desc>`` (*desc*, default: the title). Text stays text
    (``svg.fonttype = "none"``), which keeps the files small and rendering fast; the layout is
    computed once, during the draw (constrained layout) unless the figure chose one.

    Parameters
    ----------
    fig
        A matplotlib figure; it is closed afterwards, so do not reuse it.
    title
        Accessible name of the chart; default: its takeaway title and axes titles joined
        with "; ", or "Chart" where it has none.
    desc
        Longer description (what the chart shows); default: the title.

    Returns
    -------
    str
        The ``<svg ...>`` element and its content, ready to inline in HTML; creation date
        left out (so the same figure gives the same SVG), creator "socius", text below
        :data:`MIN_FONT_PT` raised to it (see :func:`accessible_svg`).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> takeaway(fig, "NATO members, 2007")
    >>> svg = to_svg(fig, desc="Bar chart of the 26 members' shares of world capabilities.")
    >>> svg.startswith('<svg role="img"'), "<title>NATO members, 2007</title>" in svg
    (True, True)
    """
    label = title if title is not None else (_text(fig) or "Chart")
    buf = io.StringIO()
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "socius"})
    plt.close(fig)
    svg = buf.getvalue()
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    return accessible_svg(svg, label, desc or label)


def _min_font(match: re.Match[str]) -> str:
    size = float(match.group(1))
    return f"font-size: {max(size, MIN_FONT_PT):g}px"


def accessible_svg(svg: str, title: str, desc: str) -> str:
    """Add ``role="img"``, ``<title>`` and ``<desc>`` to the root of *svg* unless present,
    and raise any text smaller than :data:`MIN_FONT_PT` to it (legible at 390 px).

    Parameters
    ----------
    svg
        SVG markup starting with the ``<svg>`` element (an XML prolog is not skipped: text
        that does not start with ``<svg`` only gets its font sizes raised).
    title
        Text of the ``<title>`` element (HTML-escaped), the chart's accessible name.
    desc
        Text of the ``<desc>`` element (HTML-escaped).

    Returns
    -------
    str
        The SVG; an existing ``role`` attribute or a ``<title>`` right after the root are
        kept (no second ``<title>``/``<desc>`` is added). Font sizes are read only in the
        ``font-size: Npx`` form that matplotlib writes.

    Examples
    --------
    >>> accessible_svg('<svg><text style="font-size: 6px">a</text></svg>', "T", "D")
    '<svg role="img"><title>T</title><desc>D</desc><text style="font-size: 8px">a</text></svg>'
    """
    svg = re.sub(r"font-size: ?([0-9.]+)px", _min_font, svg)
    head = re.match(r"\s*<svg\b[^>]*>", svg)
    if head is None:
        return svg
    root = head.group(0)
    if "role=" not in root:
        root = root.replace("<svg", '<svg role="img"', 1)
    rest = svg[head.end() :]
    if not re.match(r"\s*<title>", rest):
        rest = f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>" + rest
    return root.lstrip() + rest
