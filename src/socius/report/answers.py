"""The report's first screen: the article's questions answered for the year.

Each answer is one sentence with its number, how sure it is and a link to the section
holding the evidence (see docs/ANALYST-QUESTIONS.md for the questions). The answers
call the same library functions as the sections; a question the data cannot answer for
the year says so, with the reason. Explain cards follow for Japan, Russia and China and
for any state named with ``--focus``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import polars as pl

from socius.errors import SociusError
from socius.report.model import Answer, Block, Note, ReportContext, Section, Table, Text
from socius.report.names import source_label

__all__ = ["EXPLAIN_STATES", "section"]

EXPLAIN_STATES = ("JPN", "RUS", "CHN")
"""States with an explain card in every report (the article's cases)."""

_TIER = {"active_partner": "active partner", "associate": "associate", "none": "no affiliation"}
_JAPAN = 740  # COW code of Japan, the article's partner
_STALE_JUDGEMENT = 5  # years after which a scenario's judgements are called dated


_CRITERIA = ("values", "significance", "capacity", "relationship", "alignment")


def _card(r: dict[str, Any]) -> str:
    """One explain card as a sentence: tier, how sure, criteria passed and failed, and what
    qualifies it (exclusion, evidence gaps, stale evidence)."""
    passed = [c for c in _CRITERIA if r.get(c) == "pass"]
    failed = [c for c in _CRITERIA if r.get(c) == "fail"]
    unknown = [c for c in _CRITERIA if r.get(c) not in ("pass", "fail", None)]
    tier = str(r["tier_label"])
    if r.get("treatment") == "contain":
        before = _TIER.get(str(r.get("tier_before_exclusion")), "a partner")
        tier = f"contained, not engaged (otherwise {_article(before)})"
    text = (
        f"{r['name']}: {tier} in {_pct(float(r['confidence']))} of draws; "
        f"passes {_names(passed)}"
        + (f", fails {_names(failed)}" if failed else "")
        + (f", evidence insufficient for {_names(unknown)}" if unknown else "")
    )
    if r.get("exclusion_reason"):
        text += f"; {str(r['exclusion_reason']).split(':')[0]}"
    if r.get("evidence_gaps"):
        text += f"; evidence missing: {_evidence_words(str(r['evidence_gaps']))}"
    if r.get("rests_on_stale"):
        text += f"; rests on stale evidence ({_evidence_words(str(r['stale_evidence']))})"
    return text + "."


_INDICATORS = {
    "v2x_libdem": "liberal democracy (V-Dem)",
    "fh_cl": "civil liberties (Freedom House)",
    "hr_protection": "human-rights protection (Fariss)",
    "cinc": "CINC",
    "milex_share": "share of world military spending",
    "armed_forces": "armed forces",
    "idealpoint_divergence": "UN ideal-point divergence",
    "vote_divergence": "UN vote divergence",
    "partnership_framework": "NATO partnership framework",
    "flashpoint_party": "party to a flashpoint",
}


def _evidence_words(text: str) -> str:
    """Indicator column names in *text* as words (``hr_protection`` -> human-rights
    protection (Fariss)); any other snake_case name loses its underscores."""
    return re.sub(
        r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b",
        lambda m: _INDICATORS.get(m.group(0), m.group(0).replace("_", " ")),
        text,
    )


def _article(label: str) -> str:
    return ("an " if label[:1] in "aeiou" else "a ") + label


def _exclusions(t: pl.DataFrame) -> str:
    """``; contained: North Korea, Iran (under UN Security Council ... sanctions)``."""
    out = []
    ex = t.filter(pl.col("exclusion_reason").is_not_null())
    for treatment, sub in ex.group_by("treatment", "exclusion", maintain_order=True):
        why = str(sub["exclusion_reason"][0]).split(":")[0]
        if treatment[0] == "contain":
            out.append(f"contained rather than engaged: {_names(sub['name'].to_list())} ({why})")
            continue
        kept = sub.filter(pl.col("tier") != "none")
        if kept.height:
            verb = "qualifies" if kept.height == 1 else "qualify"
            out.append(
                f"{_names(kept['name'].to_list())} {verb} but no formal programme is offered: {why}"
            )
    return "".join(f"; {o}" for o in out)


def _stale(t: pl.DataFrame) -> str:
    stale = t.filter(
        pl.col("rests_on_stale") & pl.col("tier").is_in(["active_partner", "associate"])
    )
    if stale.is_empty():
        return ""
    return f"; {_names(stale['name'].to_list())} would drop a tier without their stale evidence"


def _the(name: str) -> str:
    """``"United States"`` -> ``"the United States"`` (names read with an article)."""
    return f"the {name}" if name.startswith(("United ", "Netherlands", "Philippines")) else name


def _deterrence_bit(title: str, verdict: Any, names: dict[str, str]) -> str:
    """One scenario in a clause: P(deterrence holds), the focus party's effect and what it
    would take to reach one half."""
    from socius.report.sections.deterrence import plain

    focus = plain(str(verdict.focus), names)
    bit = (
        f"{title}: deterrence holds in {_pct(verdict.p_with)} of draws "
        f"({_pct(verdict.p_without)} without {focus}'s signal, {_pct(verdict.p_certain)} "
        f"with {focus} certain to join)"
    )
    wit = verdict.what_it_would_take
    if verdict.p_with >= 0.5:
        return bit
    if wit.probability is not None:
        return bit + f"; it would take {focus} joining with probability {wit.probability:.2f}"
    if wit.capability_factor is not None:
        return bit + f"; it would take {wit.capability_factor:.1f} times {focus}'s capability"
    alone = [
        f"{_the(plain(n, names))} joining with probability {v:.2f}"
        for n, v in wit.others
        if v is not None
    ]
    if alone:
        return bit + f"; {focus} alone cannot lift it to one half, but {' or '.join(alone)} would"
    return bit + "; no single party can lift it to one half"


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
            label = str(sub["tier_label"][0]) if sub.height else _TIER[tier]
            m = re.fullmatch(
                r"(.+?) \((.+)\)", label
            )  # the policy's label: "associate (engagement ...)"
            noun = f"{m[1]}s for {m[2]}" if m else f"{label}s"
            parts.append(f"{sub.height} {noun} ({_names(sub['name'].to_list(), 6)})")
        text = (
            f"{parts[0]} share the alliance's values and can work with it; {parts[1]} matter "
            "for its security without sharing them, so they are engaged in dialogue"
        )
        text += _exclusions(t) + _stale(t) + "."
        sure = t.filter(pl.col("tier").is_in(["active_partner", "associate"]))["confidence"]
        low = int((sure < 0.8).sum())
        gaps = t.filter(
            pl.col("tier").is_in(["active_partner", "associate"])
            & pl.col("evidence_gaps").is_not_null()
        ).height
        conf = (
            f"{self.draws:,} Monte Carlo draws; {low} of {sure.len()} classifications below 80%; "
            f"{gaps} rest on incomplete evidence (gaps listed in the section)"
        )
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
        from socius.report.sections.deterrence import DRAWS, assessments, party_names

        bits, dated, missing = [], [], []
        for name, resolved, verdict, problem in assessments(self.ctx.year):
            if resolved is None or verdict is None:
                missing.append(f"{name}: {problem.rstrip('.')}")
                continue
            names = party_names(resolved)
            bits.append(_deterrence_bit(resolved.spec.title.split(":")[0], verdict, names))
            dated.append(f"{name}-{resolved.dated}")
        if not bits:
            raise SociusError("; ".join(missing) or "no deterrence scenario is shipped")
        text = "; ".join(bits) + "."
        return Answer(
            "Does a wider signal of support deter?",
            text,
            f"{DRAWS:,} draws; judgements of {', '.join(dated)} (the files dated closest to, "
            "not after, the year); judgment inputs are illustrative assumptions",
            "deterrence",
        )

    def bargaining(self) -> Answer:
        from socius.report.sections.bargaining import judged_year, run_scenario

        sc, res = run_scenario("six-party", self.ctx.year)
        if res.status == "converged":
            how = f"the positions converge by round {res.converged_round}"
        elif res.status == "cycle":
            how = (
                f"the positions cycle every {res.period} rounds, so the forecast is the mean "
                "over the last cycle"
            )
        else:
            how = (
                f"the positions neither converge nor cycle within {res.rounds_run} rounds, so "
                "the forecast depends on that limit"
            )
        top = res.weights.row(0, named=True)
        dated = judged_year(sc)
        when = ""
        if dated is not None and dated > self.ctx.year:
            when = (
                f"; its assumptions are dated {dated}, after {self.ctx.year}, so it is not a "
                f"{self.ctx.year} judgement"
            )
        elif dated is not None and self.ctx.year - dated > _STALE_JUDGEMENT:
            when = (
                f"; its assumptions are dated {dated}, {self.ctx.year - dated} years before "
                f"{self.ctx.year}, so it is the {dated} judgement, not today's"
            )
        text = (
            f"The six-party forecast is {res.forecast:.0f} on a 0-100 scale from "
            f"'{sc.low_label}' to '{sc.high_label}'; {how}; {top['actor']} holds "
            f"{top['share']:.0%} of the weight (capability x salience){when}."
        )
        return Answer(
            "Where are the six-party talks heading?",
            text,
            f"positions and saliences are illustrative assumptions dated {dated}; "
            f"capabilities CINC {sc.year}",
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
        source = source_label(str(g["source"]))
        if breaks.height:
            spend = (
                f"China's spending series ({source}) breaks in "
                f"{breaks['year'][0]}, so its {lo}-{hi} growth cannot be read from it"
            )
        elif g["ratio"] is not None:
            spend = (
                f"China's military spending grew {g['ratio'] - 1:+.0%} from {lo} to {hi} "
                f"({unit}, {source})"
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
        from socius.affiliation.roadmap import roadmap_steps

        steps = roadmap_steps(
            self.ctx.year,
            policy=self.ctx.policy_path,
            alliance=self.ctx.alliance,
            table=self.table(),
        )
        jpn = steps.filter(pl.col("ccode") == _JAPAN)
        plan = jpn if jpn.height else steps.filter(pl.col("ccode") == steps["ccode"].first())
        if plan.is_empty():
            raise SociusError("no partners in the roadmap")
        near = plan.filter(pl.col("phase") == "near term")
        later = plan.height - near.height
        first = near if near.height else plan.head(1)
        who = str(plan["name"][0])
        text = (
            f"{who}, {_article(str(plan['tier_label'][0]))}, near term: "
            + "; ".join(f"{r['step']} (owner: {r['owner']})" for r in first.iter_rows(named=True))
            + (f"; then {later} medium- and long-term steps" if later else "")
            + "."
        )
        row = self.table().filter(pl.col("ccode") == int(plan["ccode"][0]))
        conf = (
            f"classification confidence {_pct(float(row['confidence'][0]))}" if row.height else ""
        )
        return Answer(
            "What should NATO and Japan do first?",
            text,
            (conf + "; " if conf else "")
            + "each step, its owner and its evidence: the roadmap table in the section",
            "affiliation",
        )

    def members_failing(self) -> Answer:
        t = self.table().filter(pl.col("tier") == "member")
        fail = t.filter(pl.col("values") == "fail")["name"].to_list()
        unknown = int((t["values"] == "insufficient").sum())
        low = t.filter(pl.col("v2x_libdem") < 0.5)["name"].to_list()
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
        cards: list[Block] = []
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
            why = r.get("exclusion_reason")
            cards.append(Text(_card(r)))
            rows.append(
                {
                    "state": r["name"],
                    "iso3": r["iso3"],
                    "tier": r["tier_label"],
                    "confidence": r["confidence"],
                    "criteria": crit,
                    "v2x_libdem": r["v2x_libdem"],
                    "cinc": r["cinc"],
                    "idealpoint_divergence": r["idealpoint_divergence"],
                    "flag": r["trojan_horse"],
                    "excluded": why.split(":")[0] if why else None,
                    "evidence_gaps": _evidence_words(r["evidence_gaps"])
                    if r.get("evidence_gaps")
                    else None,
                    "stale_evidence": _evidence_words(r["stale_evidence"])
                    if r.get("rests_on_stale")
                    else None,
                }
            )
        blocks: list[Block] = list(cards)
        if rows:
            blocks.append(
                Table(
                    pl.DataFrame(rows),
                    f"Explain cards, {self.ctx.year}: the evidence behind the sentences above "
                    "(full rationale: socius affiliation explain STATE)",
                    annex=True,  # the sentences above carry the cards; the table is evidence
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
