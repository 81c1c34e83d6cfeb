"""``socius report``: one self-contained HTML report for a year.

The report gathers a section from each topic module (see
:mod:`socius.report.sections`) and ends with an appendix of every dataset used,
with versions and citations.

Examples
--------
>>> from socius.report import default_year
>>> default_year()
2022
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from socius._io import atomic_write_text, check_output_path
from socius.data import cite, info
from socius.errors import CoverageError, IntegrityError, SociusError, ValidationError
from socius.report.html import render
from socius.report.model import Block, Note, ReportContext, Section, Table, Text

__all__ = [
    "SECTION_ORDER",
    "Report",
    "build_report",
    "check_request",
    "default_year",
    "write_report",
]

# Section modules in report order; a module that does not exist (yet) is skipped.
SECTION_ORDER = (
    "answers",
    "article",
    "overview",
    "affiliation",
    "robustness",
    "cohesion",
    "deterrence",
    "security",
    "bargaining",
    "proliferation",
)
# rough relative cost of each section (seconds, 2007), used to start the slowest first
_COST = {
    "answers": 6.0,
    "cohesion": 1.8,
    "security": 1.4,
    "bargaining": 1.0,
    "affiliation": 0.9,
    "robustness": 0.8,
}
CORE_DATASETS = ("nmc", "vdem", "unga_idealpoints", "democracy")


def default_year() -> int:
    """The latest year in which all core evidence (NMC, V-Dem, ideal points) exists."""
    ends = [info(n).end for n in CORE_DATASETS]
    return min(int(e) for e in ends if e is not None)


def _check_year(year: int) -> None:
    lo = 1946
    hi = default_year()
    if not lo <= year <= hi:
        raise CoverageError(
            f"report year {year} is outside {lo}-{hi}, the years with capability, democracy and UN ideal-point data; "
            f"choose a year in {lo}-{hi}"
        )


@dataclass(frozen=True)
class Report:
    """A built report: its sections and timing, ready to render."""

    context: ReportContext
    sections: tuple[Section, ...]
    seconds: dict[str, float]

    def html(self) -> str:
        """The whole report as one self-contained HTML page, with the appendix last."""
        appendix = _appendix(self.sections)
        title = f"socius report: {self.context.alliance} partnerships, {self.context.year}"
        subtitle = "Evidence-based two-tier affiliation analysis on real open data"
        return render(title, subtitle, [*self.sections, appendix])


# report-wide sections live beside the renderer; topic sections in socius.report.sections
_REPORT_WIDE = {"answers": "socius.report.answers", "article": "socius.report.article"}


def _load_section(name: str) -> Callable[[ReportContext], Section] | None:
    path = _REPORT_WIDE.get(name, f"socius.report.sections.{name}")
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            return None
        raise
    fn = getattr(module, "section", None)
    return fn if callable(fn) else None


def check_request(
    year: int | None,
    *,
    alliance: str = "NATO",
    policy_path: str | None = None,
    focus: Sequence[str] = (),
) -> int:
    """Validate a report request before any work starts; return the year to report on.

    The checks run in order and the first failure raises, so that a bad request fails in
    a second rather than after minutes of computing.

    Parameters
    ----------
    year
        The report year; None for :func:`default_year` (the latest year with capability,
        democracy and UN ideal-point data).
    alliance
        NATO, SCO or CSTO (any case); it must have members in the year.
    policy_path
        A policy TOML file to validate (see :func:`socius.affiliation.load_policy`); None
        for the shipped default.
    focus
        States for extra explain cards (names, ISO3 or COW codes), each of which must name a
        state in the year; blank entries are ignored.

    Returns
    -------
    int
        The year to report on.

    Raises
    ------
    CoverageError
        A year outside 1946 to :func:`default_year`, or one before the alliance existed.
    UnknownNameError
        An unknown alliance, or a *focus* entry that does not name a state in the year.
    ValidationError
        A policy file that is missing or invalid.

    Examples
    --------
    >>> check_request(2007, focus=["Japan", "KOR"])
    2007
    >>> check_request(1900)
    Traceback (most recent call last):
    ...
    socius.errors.CoverageError: report year 1900 is outside 1946-2022, the years with capability, democracy and UN ideal-point data; choose a year in 1946-2022
    """
    yr = default_year() if year is None else int(year)
    _check_year(yr)
    if focus:
        from socius.codes import to_ccode

        for name in focus:
            if name.strip():
                to_ccode(name.strip(), year=yr)
    from socius.alliances import members

    members(alliance, yr)
    if policy_path is not None:
        from socius.affiliation import load_policy

        load_policy(policy_path)
    return yr


def _run_section(name: str, ctx: ReportContext) -> tuple[str, Section | None, float]:
    """Compute one section (in this process or a worker); SociusError becomes a note."""
    fn = _load_section(name)
    if fn is None:
        return name, None, 0.0
    t0 = time.perf_counter()
    try:
        from socius.report.names import decode_section

        section = decode_section(fn(ctx), ctx.year)  # states by name, never COW codes
    except IntegrityError:
        raise  # a damaged snapshot fails the report; missing coverage stays a note
    except SociusError as exc:
        section = Section(
            name,
            name.title(),
            (Note(f"this section could not be computed: {exc}", kind="missing"),),
        )
    return name, section, time.perf_counter() - t0


def build_report(
    year: int | None = None,
    *,
    alliance: str = "NATO",
    policy_path: str | None = None,
    sections: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    focus: Sequence[str] = (),
) -> Report:
    """Compute every section of the report for *year* (default: :func:`default_year`).

    Sections are independent, so with *workers* > 1 (default: up to 2, the CPU count
    permitting) they are computed in separate processes (spawned, so no state is shared)
    and reassembled in report order; ``workers=1`` computes them here, one after another.
    The workers never import the caller's ``__main__``, so a plain script may call this at
    top level without an ``if __name__ == "__main__":`` guard.
    The report opens with the answers (one sentence per question of the seed article, with
    explain cards for Japan, Russia, China and the states in *focus*) and the article's
    figures reconciled with today's data.

    Parameters
    ----------
    year
        The report year; None for :func:`default_year`. Checked with
        :func:`check_request` before any section starts.
    alliance
        NATO (default), SCO or CSTO.
    policy_path
        A policy TOML file for the affiliation sections; None for the shipped default.
    sections
        Names from :data:`SECTION_ORDER` to compute; the report keeps the order given.
        None for all of them, in :data:`SECTION_ORDER`.
    progress
        Called with each section's name: as it starts (one process) or as it finishes
        (workers).
    workers
        Processes to compute sections in; None for up to 2 (the CPU count permitting);
        1 (or a single section) computes everything in this process.
    focus
        Extra states (names, ISO3 or COW codes) that get explain cards in the answers.

    Returns
    -------
    Report
        ``context`` (year, alliance, policy path, focus), ``sections`` (in report order;
        a section whose module does not exist is left out) and ``seconds`` (compute time
        per section [s]); :meth:`Report.html` renders it, :func:`write_report` saves it.

    Raises
    ------
    CoverageError, UnknownNameError, ValidationError
        A bad request (see :func:`check_request`), or an unknown section name.
    IntegrityError
        A damaged data snapshot. Any other socius error inside a section (for example
        missing coverage) does not raise: the section shows it as a note.

    Examples
    --------
    >>> report = build_report(2007, sections=["overview"], workers=1)
    >>> [s.title for s in report.sections]
    ['NATO and the states system in 2007']
    """
    yr = check_request(year, alliance=alliance, policy_path=policy_path, focus=focus)
    ctx = ReportContext(
        year=yr,
        alliance=alliance,
        policy_path=policy_path,
        focus=tuple(f.strip() for f in focus if f.strip()),
    )
    names = list(sections) if sections is not None else list(SECTION_ORDER)
    unknown = [n for n in names if n not in SECTION_ORDER]
    if unknown:
        raise ValidationError(
            f"unknown report section '{unknown[0]}'; choose from: {', '.join(SECTION_ORDER)}"
        )
    n_workers = min(2, os.cpu_count() or 1) if workers is None else max(1, int(workers))
    results: dict[str, tuple[Section | None, float]] = {}
    if n_workers > 1 and len(names) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from socius._spawn import script_free_spawn

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as pool:
            ordered = sorted(names, key=lambda n: _COST.get(n, 0.0), reverse=True)
            # workers start on submit; they must not re-run a caller's unguarded script
            with script_free_spawn():
                futures = {pool.submit(_run_section, name, ctx): name for name in ordered}
            try:
                for future in as_completed(futures):
                    name, section, seconds = future.result()
                    results[name] = (section, seconds)
                    if progress is not None:
                        progress(name)
            except BaseException:  # an error or an interrupt: stop the workers, don't wait
                procs = list((getattr(pool, "_processes", None) or {}).values())
                pool.shutdown(wait=False, cancel_futures=True)
                for proc in procs:
                    proc.terminate()
                raise
    else:
        for name in names:
            if progress is not None:
                progress(name)
            _, section, seconds = _run_section(name, ctx)
            results[name] = (section, seconds)
    built = tuple(s for n in names if (s := results[n][0]) is not None)
    timing = {n: results[n][1] for n in names if results[n][0] is not None}
    return Report(ctx, built, timing)


def _appendix(sections: Sequence[Section]) -> Section:
    used = sorted({d for s in sections for d in s.datasets})
    rows = []
    for name in used:
        e = info(name).entry
        rows.append(
            {
                "dataset": name,
                "title": e.get("title", ""),
                "version": e.get("version", ""),
                "coverage": f"{e.get('coverage', {}).get('start', '')}-{e.get('coverage', {}).get('end', '')}",
                "licence": e.get("licence", ""),
            }
        )
    table = pl.DataFrame(
        rows,
        schema={
            "dataset": pl.String,
            "title": pl.String,
            "version": pl.String,
            "coverage": pl.String,
            "licence": pl.String,
        },
    )
    citations = cite(used, style="text") if used else ""
    from socius.report.article import ARTICLE

    blocks: list[Block] = [
        Text(f"Seed article: {ARTICLE}"),
        Text(
            "Every figure and table above rests on the datasets listed here, at the versions shown. Outside a source's coverage values are missing, never zero."
        ),
        Table(table, "Datasets used", max_rows=200, annex=False),
        Text("Citations:"),
        *[Text(line) for line in citations.split("\n\n") if line.strip()],
        Text("BibTeX for all of them: socius data cite " + ",".join(used) + " --style bibtex"),
    ]
    return Section("appendix", "Appendix: data sources and citations", tuple(blocks))


def write_report(path: str | os.PathLike[str], report: Report) -> str:
    """Write *report* atomically to *path* (.html) and return the path.

    Parameters
    ----------
    path
        The output file, ending in .html or .htm; its folder must exist. An existing file
        is replaced; a partly written file is never left behind.
    report
        A :func:`build_report` result.

    Returns
    -------
    str
        *path* as a string.

    Raises
    ------
    ValidationError
        Another extension, a folder, a folder that does not exist or is not writable, or a
        name that is too long; checked before the report is rendered.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> report = build_report(2007, sections=["article"], workers=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_report(pathlib.Path(folder) / "nato-2007.html", report)
    ...     pathlib.Path(out).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    out = check_output_path(path, allowed=(".html", ".htm"))
    atomic_write_text(out, report.html())
    return str(out)
