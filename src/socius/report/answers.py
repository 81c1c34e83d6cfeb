"""The report's first screen: the article's questions answered for the year.

Each answer is one sentence with its number, how sure it is and a link to the section
holding the evidence (see docs/ANALYST-QUESTIONS.md for the questions). The answers
call the same library functions as the sections; a question the data cannot answer for
the year says so, with the reason. Explain cards follow for Japan, Russia and China and
for any state named with ``--focus``.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from socius.errors import SociusError
from socius.report.model import Answer, Block, Note, ReportContext, Section, Table, Text

__all__ = ["EXPLAIN_STATES", "section"]

EXPLAIN_STATES = ("JPN", "RUS", "CHN")
"""States with an explain card in every report (the article's cases)."""

_TIER = {"active_partner": "active partner", "associate": "associate", "none": "no affiliation"}
_DETER_DRAWS = 2_000
_SEED = 0


def _names(items: list[str], limit: int = 8) -> str:
    if not items:
        return "none"
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


class _Answers:
    """Computes each answer once; shares the affiliation table between answers."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self._table: pl.DataFrame | None = None
        self.draws = 0

    def table(self) -> pl.DataFrame:
        if self._table is None:
            from socius.affiliation import assess

            res = assess(self.ctx.year, policy=self.ctx.policy_path, alliance=self.ctx.alliance)
            self._table, self.draws = res.table, res.draws
        return self._table

    def tiers(self) -> Answer:
        t = self.table()
        parts = []
        for tier in ("active_partner", "associate"):
            sub = t.filter(pl.col("tier") == tier).sort("cinc", descending=True, nulls_last=True)
            parts.append(f"{sub.height} {_TIER[tier]}s ({_names(sub['stateabb'].to_list(), 6)})")
        sure = t.filter(pl.col("tier").is_in(["active_partner", "associate"]))["confidence"]
        low = int((sure < 0.8).sum())
        text = (
            f"{parts[0]} share the alliance's values and can work with it; {parts[1]} matter "
            "for its security without sharing them, so they are engaged in dialogue."
        )
        conf = f"{self.draws} Monte Carlo draws; {low} of {sure.len()} classifications below 80%"
        return Answer(
            "Who should be an active partner, who an associate?", text, conf, "affiliation"
        )

    def cohesion(self) -> Answer:
        from socius.cohesion import tiered_whatif

        t = self.table()
        tiers = {
            int(c): str(s)
            for c, s in t.select("ccode", "tier").iter_rows()
            if s in ("active_partner", "associate")
        }
        res = tiered_whatif(self.ctx.alliance, self.ctx.year, tiers)
        s = res.steps["s_un_mean"].to_list()
        if s[0] is None:
            raise SociusError("UN votes do not cover the year")
        text = (
            f"Mean UN-vote similarity of the members, {s[0]:.2f}, moves to {s[1]:.2f} with "
            f"Japan and {s[2]:.2f} with all active partners; engaging the associates without "
            f"admitting them leaves it at {s[2]:.2f} (admitting them would take it to {s[3]:.2f})."
        )
        return Answer(
            "Would the partners weaken the alliance's unity?",
            text,
            f"UN votes of {res.data_years.get('un')}; S on [-1, 1]",
            "cohesion",
        )

    def deterrence(self) -> Answer:
        from socius.deterrence import load_scenario, shipped_scenarios, simulate
        from socius.report.sections.deterrence import _capability_year

        year, _ = _capability_year(self.ctx.year)
        bits = []
        for name in shipped_scenarios():
            resolved = load_scenario(name, year=year)
            res = simulate(resolved.game, draws=_DETER_DRAWS, seed=_SEED)
            nato = res.parties.filter(pl.col("party").str.to_lowercase() == "nato")
            change = ""
            if nato.height and nato["p_deterrence_without"][0] is not None:
                without = float(nato["p_deterrence_without"][0])
                delta = res.p_deterrence - without
                change = f" ({_pct(without)} without NATO's signal: the wider signal " + (
                    "changes little)" if abs(delta) < 0.05 else f"adds {delta:+.0%})"
                )
            verdict = (
                "deterrence holds" if res.p_deterrence >= 0.5 else "deterrence fails: it holds only"
            )
            bits.append(
                f"{resolved.game.challenger} against {resolved.game.protege}: {verdict} in "
                f"{_pct(res.p_deterrence)} of draws{change}"
            )
        text = "; ".join(bits) + "."
        return Answer(
            "Does a wider signal of support deter?",
            text,
            f"{_DETER_DRAWS:,} draws; judgment inputs are illustrative assumptions",
            "deterrence",
        )

    def bargaining(self) -> Answer:
        from socius.bargaining import load_scenario, run

        sc = load_scenario("six-party", report_year=self.ctx.year)
        res = run(sc, rounds=10)
        conv = (
            f"converged by round {res.converged_round}"
            if res.converged_round is not None
            else f"still moving after {res.rounds_run} rounds (no fixed point)"
        )
        text = (
            f"The six-party forecast is {res.forecast:.0f} on a 0-100 scale from "
            f"'{sc.low_label}' to '{sc.high_label}'; the model is {conv}."
        )
        return Answer(
            "Where are the six-party talks heading?",
            text,
            "positions and saliences are illustrative assumptions",
            "bargaining",
        )

    def buildup(self) -> Answer:
        from socius import indicators as ind

        year = self.ctx.year
        hi = min(year, ind.milex_coverage(ind.milex_source())[1])
        lo = 1996 if hi - 1996 >= 5 else hi - 10  # the article's comparison starts in 1996
        g = ind.milex_growth("CHN", start=lo, end=hi).row(0, named=True)
        breaks = ind.milex_breaks("CHN", years=(lo + 1, hi))
        unit = str(g["unit"])
        if breaks.height:
            spend = (
                f"China's spending series ({g['source']}) breaks in "
                f"{breaks['year'][0]}, so its {lo}-{hi} growth cannot be read from it"
            )
        elif g["ratio"] is not None:
            spend = (
                f"China's military spending grew {g['ratio'] - 1:+.0%} from {lo} to {hi} "
                f"({unit}, {g['source']})"
            )
        else:
            spend = f"China's spending is missing for {lo} or {hi}"
        first = ind.scrambles(origins=["total"])["fiscal_year"].min()
        sc = (
            ind.scrambles(years=(max(int(first), year - 3), year), origins=["china", "total"])  # type: ignore[arg-type]
            if year >= int(first)  # type: ignore[arg-type]
            else pl.DataFrame(schema={"fiscal_year": pl.Int32, "scrambles": pl.Int32})
        )
        known = sc.filter(pl.col("scrambles").is_not_null()).sort("fiscal_year")
        scr = ""
        if known.height:
            last = known.filter(pl.col("fiscal_year") == known["fiscal_year"].max())
            scr = (
                "; Japan's air force scrambled "
                + ", ".join(
                    f"{r['scrambles']} times ({'all origins' if r['origin'] == 'total' else 'against Chinese aircraft'})"
                    for r in last.iter_rows(named=True)
                )
                + f" in FY{last['fiscal_year'][0]}"
            )
        try:
            imp = ind.arms_imports("CHN", years=(hi - 4, hi))
            arms = f"; China imported {float(imp['tiv'].sum()):,.0f} million TIV of arms in {hi - 4}-{hi}"
        except SociusError:
            arms = "; arms imports need SIPRI (socius data import sipri-arms FILE)"
        return Answer(
            "How fast is China building up?",
            spend + scr + arms + ".",
            "data; NMC is in current prices"
            if g["measure"] == "current"
            else "data, constant prices",
            "security",
        )

    def blocs(self) -> Answer:
        from socius import indicators as ind

        agg = ind.bloc_aggregates(["NATO", "SCO"], years=(self.ctx.year, self.ctx.year))
        if agg.is_empty():
            raise SociusError(f"no bloc data for {self.ctx.year}")
        rows = {r["bloc"]: r for r in agg.iter_rows(named=True)}
        bits = []
        for b in ("NATO", "SCO"):
            r = rows.get(b)
            if r is None:
                bits.append(f"{b}: not in existence")
                continue
            ms = r["milex_share_world"]
            bits.append(
                f"{b} {r['members']} members, {_pct(r['cinc'])} of world capabilities"
                + (f" and {_pct(ms)} of world military spending" if ms is not None else "")
            )
        return Answer(
            "Is the SCO becoming a rival bloc?",
            "; ".join(bits) + ".",
            f"data ({agg['milex_unit'][0]})",
            "security",
        )

    def proliferation(self) -> Answer:
        from socius.networks.khan import interdiction, khan_network

        net = khan_network()
        labels = dict(zip(net.nodes["id"], net.nodes["label"], strict=True))
        answer = interdiction(k=3)
        return Answer(
            "Whom should interdiction target?",
            answer.headline(labels),
            "A. Q. Khan network, every set scored, with and without alleged ties",
            "proliferation",
        )

    def roadmap(self) -> Answer:
        from socius.affiliation.roadmap import roadmap

        plan = roadmap(
            self.ctx.year,
            policy=self.ctx.policy_path,
            alliance=self.ctx.alliance,
            table=self.table(),
        )
        jpn = plan.filter(pl.col("stateabb") == "JPN")
        row = (jpn if jpn.height else plan).head(1)
        if row.is_empty():
            raise SociusError("no partners in the roadmap")
        r = row.row(0, named=True)
        steps = r["first_steps"]
        steps_text = "; ".join(steps) if isinstance(steps, list) else str(steps)
        return Answer(
            "What should NATO and Japan do first?",
            f"{r['stateabb']}: {steps_text}.",
            f"classification confidence {_pct(float(r['confidence']))}",
            "affiliation",
        )

    def members_failing(self) -> Answer:
        t = self.table().filter(pl.col("tier") == "member")
        fail = t.filter(pl.col("values") == "fail")["stateabb"].to_list()
        unknown = int((t["values"] == "insufficient").sum())
        low = t.filter(pl.col("v2x_libdem") < 0.5)["stateabb"].to_list()
        text = (
            (
                f"Members failing the values criterion: {_names(fail)}"
                if fail
                else "Every member passes the values criterion"
            )
            + (f"; below the 0.5 liberal-democracy threshold: {_names(low)}" if low else "")
            + ". The yardstick applied to partners is not met by every member."
            if fail or low
            else "Every member meets the values threshold the report applies to partners."
        )
        if unknown and not (fail or low):
            text = (
                f"The values evidence is insufficient for {unknown} of {t.height} members in "
                f"{self.ctx.year}, so the test cannot be applied to them"
                + ("." if unknown == t.height else "; the others meet it.")
            )
        elif unknown:
            text += f" For {unknown} of {t.height} members the values evidence is insufficient."
        return Answer(
            "Do the members meet their own values test?",
            text,
            "V-Dem, Freedom House, Fariss",
            "cohesion",
        )

    def cards(self) -> list[Block]:
        from socius.codes import to_ccode

        t = self.table()
        wanted = list(dict.fromkeys([*EXPLAIN_STATES, *self.ctx.focus]))
        rows = []
        notes: list[Block] = []
        for s in wanted:
            try:
                code = to_ccode(s, year=self.ctx.year)
            except SociusError as exc:
                notes.append(Note(f"--focus {s}: {exc}", kind="missing"))
                continue
            hit = t.filter(pl.col("ccode") == code)
            if hit.is_empty():
                notes.append(Note(f"{s} is not a state in {self.ctx.year}.", kind="missing"))
                continue
            r = hit.row(0, named=True)
            crit = ", ".join(
                f"{c} {r[c]}"
                for c in ("values", "significance", "capacity", "relationship", "alignment")
                if c in r and r[c] is not None
            )
            rows.append(
                {
                    "stateabb": r["stateabb"],
                    "statenme": r["statenme"],
                    "tier": r["tier"],
                    "confidence": r["confidence"],
                    "criteria": crit,
                    "v2x_libdem": r["v2x_libdem"],
                    "cinc": r["cinc"],
                    "idealpoint_divergence": r["idealpoint_divergence"],
                    "flag": r["trojan_horse"],
                }
            )
        blocks: list[Block] = []
        if rows:
            blocks.append(
                Table(
                    pl.DataFrame(rows),
                    f"Explain cards, {self.ctx.year}: tier, criteria and key evidence "
                    "(full rationale: socius affiliation explain STATE)",
                    annex=False,
                )
            )
        return blocks + notes


def section(ctx: ReportContext) -> Section:
    """The answers-first section: one sentence per question, then the explain cards."""
    a = _Answers(ctx)
    steps: list[tuple[str, Callable[[], Answer]]] = [
        ("Who should be an active partner, who an associate?", a.tiers),
        ("Would the partners weaken the alliance's unity?", a.cohesion),
        ("Do the members meet their own values test?", a.members_failing),
        ("Does a wider signal of support deter?", a.deterrence),
        ("Where are the six-party talks heading?", a.bargaining),
        ("How fast is China building up?", a.buildup),
        ("Is the SCO becoming a rival bloc?", a.blocs),
        ("Whom should interdiction target?", a.proliferation),
        ("What should NATO and Japan do first?", a.roadmap),
    ]
    blocks: list[Block] = []
    for question, fn in steps:
        try:
            blocks.append(fn())
        except SociusError as exc:
            blocks.append(
                Answer(
                    question,
                    f"Cannot be answered for {ctx.year}: {str(exc).rstrip('.')}.",
                    "no evidence",
                    "appendix",
                )
            )
        except (ValueError, KeyError, IndexError, TypeError, pl.exceptions.PolarsError) as exc:
            # one answer's failure must not cost the whole report; the sections still show
            # the evidence, and the message names the error for a bug report
            blocks.append(
                Answer(
                    question,
                    f"Could not be computed for {ctx.year} ({type(exc).__name__}: {exc}).",
                    "no answer",
                    "appendix",
                )
            )
    try:
        blocks += a.cards()
    except SociusError as exc:
        blocks.append(Note(f"explain cards could not be computed: {exc}", kind="missing"))
    blocks.append(
        Text(
            "The questions are those of Ikegami, 'NATO and Japan: Strengthening Asian stability', "
            "NATO Review 2007; the figures the article states are set beside today's data in the "
            "reconciliation section."
        )
    )
    return Section(
        "answers",
        f"Answers for {ctx.year}",
        tuple(blocks),
        datasets=("vdem", "freedom_house", "nmc", "unga_idealpoints", "japan_scrambles"),
    )
