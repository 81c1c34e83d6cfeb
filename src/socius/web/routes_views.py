"""Analysis views: explore a year, a country profile, what-if, scenarios."""

from __future__ import annotations

import functools
from typing import Any

import polars as pl
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from socius.affiliation import default_policy
from socius.affiliation.explain import tier_words
from socius.codes import from_ccode
from socius.errors import ValidationError
from socius.limits import check_count
from socius.web import analysis
from socius.web.app import int_param, page
from socius.web.decisions import TIERS

__all__ = ["FIRST_YEAR", "add", "check_year", "latest_year", "report_html"]

FIRST_YEAR = 1990
TIER_COLOURS = {
    "member": "#1f4e79",
    "active partner": "#2e8b57",
    "associate": "#e0a030",
    "no affiliation": "#d9d9d9",
    "no data": "#f4f4f4",
}


@functools.lru_cache(maxsize=1)
def latest_year() -> int:
    """The latest year with data (the report's default year)."""
    from socius.report import default_year

    return default_year()


@functools.lru_cache(maxsize=4)
def report_html(year: int) -> str:
    """The HTML report of *year* (the same document as ``socius report --year``), cached."""
    from socius.report import build_report

    return build_report(year, workers=1).html()


def _year(request: Request) -> int:
    return check_year(int_param(request.query_params.get("year"), "year", latest_year()))


def check_year(year: int) -> int:
    """*year* if the workspace covers it, else one clear error."""
    if not FIRST_YEAR <= year <= latest_year():
        raise ValidationError(
            f"year={year} is outside the workspace's range; choose {FIRST_YEAR}-{latest_year()}"
        )
    return year


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def _selected(request: Request, year: int) -> set[int]:
    """COW codes of the states named in ``states=JPN,KOR`` (empty: all)."""
    text = request.query_params.get("states", "")
    names = [t.strip() for t in text.split(",") if t.strip()]
    if len(names) > 50:
        raise ValidationError(f"states= names {len(names)} states; select at most 50")
    return {analysis.state_code(n, year) for n in names}


def map_spec(values: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """Vega-Lite spec of the world map coloured by tier (Natural Earth 110m, bundled)."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": f"Affiliation tiers, {year}",
        "width": "container",
        "height": 320,
        "data": {
            "url": "/static/vendor/countries-110m.json",
            "format": {"type": "topojson", "feature": "countries"},
        },
        "transform": [
            {
                "lookup": "id",
                "from": {
                    "data": {"values": values},
                    "key": "id",
                    "fields": ["state", "name", "tier", "confidence"],
                },
            },
            {"calculate": "datum.tier ? datum.tier : 'no data'", "as": "tier"},
        ],
        "projection": {"type": "equalEarth"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "tier",
                "type": "nominal",
                "scale": {"domain": list(TIER_COLOURS), "range": list(TIER_COLOURS.values())},
                "legend": {"orient": "bottom", "title": None},
            },
            "tooltip": [
                {"field": "name", "title": "state"},
                {"field": "tier"},
                {"field": "confidence", "format": ".0%"},
            ],
        },
    }


def histogram_spec(dist: list[dict[str, Any]], x_label: str) -> dict[str, Any]:
    """Vega-Lite spec of a pre-binned distribution."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 200,
        "data": {"values": dist},
        "mark": "bar",
        "encoding": {
            "x": {"field": "low", "bin": {"binned": True}, "title": x_label},
            "x2": {"field": "high"},
            "y": {"field": "count", "type": "quantitative", "title": "draws"},
        },
    }


def add(app: FastAPI, templates: Jinja2Templates) -> None:
    """Attach the analysis views to *app*."""

    @app.get("/explore")
    def explore(request: Request) -> Response:
        request.state.ctx.need("view")
        year = _year(request)
        overrides = analysis.parse_overrides(dict(request.query_params))
        result, digest = analysis.assessment(year, overrides)
        table = result.table
        conf = [analysis.confidence_interval(float(c), result.draws) for c in table["confidence"]]
        picked = _selected(request, year)
        show_all = request.query_params.get("all") == "1"
        rows = [
            {**r, "tier_words": tier_words(r["tier"]), "ci": ci}
            for r, ci in zip(
                table.select(
                    "ccode",
                    "stateabb",
                    "name",
                    "iso3",
                    "tier",
                    "tier_label",
                    "confidence",
                    "trojan_horse",
                    "exclusion",
                    "exclusion_reason",
                    "treatment",
                    "tier_before_exclusion",
                    "rests_on_stale",
                    "evidence_gaps",
                ).to_dicts(),
                conf,
                strict=True,
            )
            if ((r["ccode"] in picked) if picked else (r["tier"] != "none" or show_all))
        ]
        counts = dict(table.group_by("tier").len().iter_rows())
        changed = analysis.changes(year, overrides)
        return page(
            templates,
            request,
            "explore.html",
            year=year,
            first_year=FIRST_YEAR,
            last_year=latest_year(),
            sliders=analysis.sliders(overrides),
            overrides=overrides,
            rows=rows,
            counts={tier_words(k): counts[k] for k in result.policy.tier_codes() if k in counts},
            changes=_rows(changed),
            names=dict(zip(table["stateabb"], table["name"], strict=True)),
            map_spec=map_spec(analysis.map_values(table), year),
            policy_hash=digest,
            draws=result.draws,
            show_all=show_all,
            states=request.query_params.get("states", ""),
        )

    @app.get("/explore.csv")
    def explore_csv(request: Request) -> Response:
        request.state.ctx.need("view")
        year = _year(request)
        overrides = analysis.parse_overrides(dict(request.query_params))
        result, digest = analysis.assessment(year, overrides)
        flat = result.table.select(
            [c for c, t in result.table.schema.items() if not isinstance(t, pl.List | pl.Struct)]
        )
        return Response(
            flat.write_csv(),
            media_type="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="tiers-{year}-{digest[:8]}.csv"'
            },
        )

    @app.get("/state/{state}")
    def state(request: Request, state: str) -> Response:
        request.state.ctx.need("view")
        year = _year(request)
        ccode = analysis.state_code(state, year)
        prof = analysis.profile(ccode, year)
        card = prof["card"]
        pol = default_policy()
        evidence = card.evidence
        return page(
            templates,
            request,
            "state.html",
            year=year,
            ccode=ccode,
            abb=from_ccode(ccode),
            card=card,
            tier_label=tier_words(card.tier),
            tier_long=pol.tier_label(card.tier),
            row=prof["row"],
            history=_rows(prof["history"]),
            evidence=_rows(evidence),
            counterfactuals=_rows(card.counterfactuals),
            tiers=[(t, pol.tier_label(t)) for t in TIERS],
        )

    @app.get("/report")
    def report(request: Request) -> Response:
        request.state.ctx.need("view")
        return HTMLResponse(report_html(_year(request)))

    @app.get("/whatif")
    def whatif(request: Request) -> Response:
        request.state.ctx.need("view")
        year = _year(request)
        picked = [
            s.strip().upper()
            for v in request.query_params.getlist("add")
            for s in v.split(",")
            if s.strip()
        ]
        partners, _ = analysis.assessment(year, {})
        choices = (
            partners.table.filter(pl.col("tier").is_in(["active_partner", "associate"]))
            .select("ccode", "stateabb", "iso3", "name", "tier", "tier_label")
            .to_dicts()
        )
        result = analysis.whatif_view(year, picked) if picked else None
        return page(
            templates,
            request,
            "whatif.html",
            year=year,
            first_year=FIRST_YEAR,
            last_year=latest_year(),
            picked=picked,
            picked_codes={analysis.state_code(s, year) for s in picked},
            choices=choices,
            summary=_rows(result["result"].summary) if result else [],
            ranking=_rows(result["result"].table) if result else [],
            deterrence=_rows(result["deterrence"]) if result else [],
            deterrence_notes=result["deterrence_notes"] if result else (),
        )

    @app.get("/scenarios")
    def scenarios(request: Request) -> Response:
        request.state.ctx.need("view")
        q = request.query_params
        kind = q.get("kind") or "deterrence"
        if kind not in analysis.SCENARIO_KINDS:
            raise ValidationError(f"kind={kind!r} is not known; choose deterrence or bargaining")
        names = analysis.scenario_names(kind)
        name = q.get("name") or names[0]
        year = None
        if kind == "deterrence" and q.get("year"):
            year = check_year(int_param(q.get("year"), "year", latest_year()))
        shipped, selection = analysis.scenario_file(kind, name, year)
        text = q.get("text") or shipped
        edited = text.replace("\r\n", "\n") != shipped.replace("\r\n", "\n")
        draws = int_param(q.get("draws"), "draws", 2000 if kind == "deterrence" else 100)
        check_count("draws", draws, option="draws")
        if kind == "bargaining" and draws > 1000:
            raise ValidationError(
                f"draws={draws} is too many for an interactive bargaining run; use at most 1000 here (the CLI has no such cap)"
            )
        result = analysis.run_scenario(kind, text, draws=draws, year=year) if q.get("run") else None
        return page(
            templates,
            request,
            "scenarios.html",
            kind=kind,
            names=names,
            name=name,
            year=year,
            first_year=FIRST_YEAR,
            last_year=latest_year(),
            selection=selection,
            edited=edited,
            text=text,
            draws=draws,
            result=result,
            assumptions=_rows(result["assumptions"]) if result else [],
            summary=_rows(result["summary"]) if result else [],
            parties=_rows(result["parties"]) if result else [],
            chart=histogram_spec(result["distribution"], result["x_label"]) if result else None,
        )
