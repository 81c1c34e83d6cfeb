"""The analysis views show what the library computes (the web adds no analysis of its own)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from socius.affiliation import classify, default_policy
from socius.affiliation.explain import explain
from socius.deterrence import assess, load_scenario, simulate
from socius.web import analysis
from socius.web.db import audit

pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


def _text(page: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert m, element_id
    return html.unescape(m.group(1))


def test_moving_a_threshold_shows_the_states_that_change_tier(clients: dict[str, Any]) -> None:
    """With the liberal-democracy threshold at 0.7 instead of 0.5, the states whose tier
    changes in 2007 are those the library's classification gives."""
    viewer = clients["viewer"]
    base = classify(2007, policy=default_policy())
    moved = classify(2007, policy=default_policy().with_threshold("values", 0, 0.7))
    expected = (
        base.join(moved, on="ccode", suffix="_after")
        .filter(pl.col("tier") != pl.col("tier_after"))
        .select("stateabb", "tier", "tier_after")
    )
    assert expected.height >= 1
    page = viewer.get("/explore", params={"year": 2007, "t.values.0": 0.7}).text
    shown = re.findall(
        r'<tr data-state="([A-Z]+)"><td><a href="/state/', page.split("tier-table")[0]
    )
    assert sorted(shown) == sorted(expected["stateabb"].to_list())
    for r in expected.iter_rows(named=True):
        row = re.search(rf'<tr data-state="{r["stateabb"]}" data-tier="([a-z_]+)"', page)
        if r["tier_after"] != "none":
            assert row and row.group(1) == r["tier_after"]
    unchanged = viewer.get("/explore", params={"year": 2007}).text
    assert "change tier compared" not in unchanged


def test_the_url_reproduces_the_view_and_the_table_downloads(clients: dict[str, Any]) -> None:
    viewer = clients["viewer"]
    url = "/explore?year=2010&t.alignment.0=1.2"
    assert viewer.get(url).text.count('data-state="') == viewer.get(url).text.count('data-state="')
    r = viewer.get("/explore.csv?year=2010&t.alignment.0=1.2")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    overrides = {"alignment.0": 1.2}
    digest = analysis.policy_hash(analysis.effective_policy(overrides))
    assert digest[:8] in r.headers["content-disposition"]
    lib = classify(2010, policy=analysis.effective_policy(overrides))
    assert len(rows) == lib.height
    assert {r["stateabb"]: r["tier"] for r in rows} == dict(
        zip(lib["stateabb"], lib["tier"], strict=True)
    )


def test_selected_states_live_in_the_url(clients: dict[str, Any]) -> None:
    page = (
        clients["viewer"].get("/explore", params={"year": 2007, "states": "JPN, kor,Brazil"}).text
    )
    table = page.split('id="tier-table"')[1]
    assert sorted(re.findall(r'<tr data-state="([A-Z]+)"', table)) == ["BRA", "JPN", "ROK"]
    r = clients["viewer"].get("/explore", params={"year": 2007, "states": "Atlantis"})
    assert r.status_code == 404 and "Atlantis" in html.unescape(r.text)


def test_an_unknown_threshold_is_one_clear_error(clients: dict[str, Any]) -> None:
    r = clients["viewer"].get("/explore", params={"year": 2007, "t.values.9": 1})
    assert r.status_code == 400
    assert "threshold 'values.9' is not in the policy" in html.unescape(r.text)
    r = clients["viewer"].get("/explore", params={"year": 1850})
    assert r.status_code == 400 and "choose 1990-" in r.text


def test_the_profile_shows_the_explain_card(clients: dict[str, Any]) -> None:
    page = clients["viewer"].get("/state/JPN", params={"year": 2007}).text
    assert _text(page, "explain-card") == explain("JPN", 2007).text
    assert _text(page, "state-tier") == "active partner"
    assert 'id="history"' in page and "<td>2007</td>" in page


def test_the_profile_links_to_the_report(
    clients: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from socius.web import routes_views

    asked: list[int] = []

    def fake(year: int) -> str:
        asked.append(year)
        return f'<section id="affiliation">report {year}</section>'

    monkeypatch.setattr(routes_views, "report_html", fake)
    viewer = clients["viewer"]
    page = viewer.get("/state/KOR", params={"year": 2007}).text
    href = html.unescape(re.search(r'href="([^"]+)" id="report-link"', page).group(1))
    assert href == "/report?year=2007#affiliation"
    assert "report 2007" in viewer.get(href.split("#")[0]).text
    assert asked == [2007]


def test_the_what_if_reports_cohesion_risk_and_deterrence(clients: dict[str, Any]) -> None:
    page = clients["viewer"].get("/whatif", params={"year": 2007, "add": ["JPN", "AUS"]}).text
    assert "members on 31 December" in page
    assert re.search(r"<td>26\.000</td><td>28\.000</td><td>\+2\.000</td>", page)
    assert 'id="whatif-ranking"' in page
    deterrence = page.split('id="whatif-deterrence"')[1]
    assert "taiwan-strait" in deterrence and "JPN" in deterrence


def test_the_what_if_checks_the_state_it_ran_for(clients: dict[str, Any]) -> None:
    """ISO3 "AUS" is Australia (COW "AUL"), not Austria (COW "AUS"): the checked box is the
    state the what-if ran for, and boxes carry ISO3 codes."""
    page = clients["viewer"].get("/whatif", params={"year": 2007, "add": "AUS"}).text
    checked = re.findall(r'<input type="checkbox" name="add" value="([A-Z]+)" checked>', page)
    assert checked == ["AUS"]
    label = page.split('value="AUS" checked>')[1].split("<small>")[0]
    assert "Australia" in label
    assert "Austria" not in page.split('value="AUS" checked>')[1].split("</label>")[0]
    ranking = page.split('id="whatif-ranking"')[1].split("</table>")[0]
    assert "AUL" in ranking and ">AUS<" not in ranking


def test_a_deterrence_scenario_runs_as_the_library_does(clients: dict[str, Any]) -> None:
    page = (
        clients["viewer"]
        .get(
            "/scenarios",
            params={"kind": "deterrence", "name": "taiwan-strait", "run": 1, "draws": 500},
        )
        .text
    )
    latest = load_scenario("taiwan-strait")
    expected = simulate(latest.game, draws=500, seed=0).verdict()
    assert _text(page, "verdict") == expected
    judged = assess(latest.game, focus=latest.spec.focus, draws=500, seed=0)
    assert _text(page, "assessment") == judged.verdict
    assert judged.what_it_would_take.sentence in html.unescape(page)
    assert "taiwan-strait-2022.toml" in _text(page, "selection")
    spec = json.loads(html.unescape(page.split('id="dist-spec">')[1].split("</script>")[0]))
    assert sum(b["count"] for b in spec["data"]["values"]) == 500
    assert "Illustrative" in page


def test_the_scenario_dated_for_the_year_is_used_and_named(clients: dict[str, Any]) -> None:
    """A deterrence scenario in the URL with a year uses the file dated closest to, and not
    after, that year (taiwan-strait-2007.toml for 2015), says so, and runs as the library
    does for that year; a year before every file is one clear error."""
    viewer = clients["viewer"]
    params = {"kind": "deterrence", "name": "taiwan-strait", "year": 2015, "run": 1, "draws": 300}
    page = viewer.get("/scenarios", params=params).text
    dated = load_scenario("taiwan-strait", year=2015)
    assert _text(page, "selection").startswith(dated.selection)
    assert "taiwan-strait-2007.toml" in dated.selection
    assert "war_cost" in page and 'value="2015"' in page
    expected = simulate(dated.game, draws=300, seed=0).verdict()
    assert _text(page, "verdict") == expected
    r = viewer.get("/scenarios", params={**params, "year": 2000})
    assert r.status_code == 400 and "no judgements dated on or before 2000" in r.text


def test_an_edited_scenario_changes_the_verdict(clients: dict[str, Any]) -> None:
    text = analysis.scenario_text("deterrence", "taiwan-strait")
    edited = text.replace("war_cost = 0.2", "war_cost = 0.9", 1)
    assert edited != text
    viewer = clients["viewer"]
    params = {"kind": "deterrence", "name": "taiwan-strait", "run": 1, "draws": 300}
    before = _text(viewer.get("/scenarios", params={**params, "text": text}).text, "verdict")
    after = _text(viewer.get("/scenarios", params={**params, "text": edited}).text, "verdict")
    assert before != after


def test_a_bargaining_scenario_shows_its_convergence(clients: dict[str, Any]) -> None:
    page = (
        clients["viewer"]
        .get(
            "/scenarios", params={"kind": "bargaining", "name": "six-party", "run": 1, "draws": 20}
        )
        .text
    )
    from socius.bargaining import load_scenario as load_bargaining
    from socius.bargaining import run

    base = run(load_bargaining("six-party"), rounds=10)
    assert base.status in ("converged", "cycle", "neither")
    assert "Forecast settlement" in _text(page, "verdict")
    assert _text(page, "convergence-status") == base.status
    assert base.convergence in html.unescape(page)


def test_a_broken_scenario_file_is_one_clear_error(clients: dict[str, Any]) -> None:
    r = clients["viewer"].get(
        "/scenarios", params={"kind": "deterrence", "run": 1, "text": "stakes = [oops"}
    )
    assert r.status_code == 400
    assert "Traceback" not in r.text


def test_proposals_store_the_evidence_and_exports_are_audited(
    clients: dict[str, Any], populated: sa.Engine
) -> None:
    analyst = clients["analyst"]
    r = analyst.post(
        "/decisions",
        data={
            "state": "JPN",
            "year": "2007",
            "tier": "active_partner",
            "rationale": "values and capacity",
            "csrf_token": analyst.csrf,
        },
        follow_redirects=False,
    )
    page = analyst.get(r.headers["location"]).text
    digest = analysis.policy_hash(default_policy())
    assert digest in page and "Classification row" in page and "Japan (JPN), 2007" in page
    exported = json.loads(analyst.get("/decisions.json", params={"year": 2007}).text)
    assert [d["stateabb"] for d in exported] == ["JPN"]
    assert exported[0]["policy_hash"] == digest
    with populated.connect() as conn:
        actions = conn.execute(sa.select(audit.c.action).order_by(audit.c.seq)).scalars().all()
    assert actions[-2:] == ["proposal", "export"]


def test_exclusions_show_their_reason_and_states_their_display_names(
    clients: dict[str, Any],
) -> None:
    """Iran and North Korea in 2007 fall under the nonproliferation-sanctions rule and Taiwan
    under recognition: the explore table and the profile give the library's reason, as
    ``socius affiliation explain`` does, and name the states as the library does."""
    viewer = clients["viewer"]
    lib = classify(2007, policy=default_policy())
    excluded = lib.filter(pl.col("exclusion").is_not_null())
    assert set(excluded["stateabb"].to_list()) >= {"IRN", "PRK"}
    page = html.unescape(
        viewer.get("/explore", params={"year": 2007, "states": "IRN,PRK,TWN"}).text
    )
    table = page.split('id="tier-table"')[1]
    for r in excluded.iter_rows(named=True):
        row = table.split(f'data-state="{r["stateabb"]}"')[1].split("</tr>")[0]
        assert r["name"] in row
        assert f"exclusion rule '{r['exclusion']}': {r['exclusion_reason']}" in row
    profile = viewer.get("/state/IRN", params={"year": 2007}).text
    iran = excluded.filter(pl.col("stateabb") == "IRN").row(0, named=True)
    shown = _text(profile, "exclusion")
    assert iran["exclusion_reason"] in shown and "would give associate" in shown
    assert "Exclusion rule 'nonproliferation_sanctions' applies" in _text(profile, "explain-card")


def test_profile_links_name_the_state_unambiguously(clients: dict[str, Any]) -> None:
    """COW "AUS" is Austria but ISO3 "AUS" is Australia: the explore table links each state
    by its COW code, so Austria's link opens Austria's profile."""
    viewer = clients["viewer"]
    page = viewer.get("/explore", params={"year": 2007, "states": "Austria,Australia"}).text
    href = re.search(r'<tr data-state="AUS"[^>]*><td><a href="([^"]+)"', page).group(1)
    assert html.unescape(href) == "/state/305?year=2007"
    profile = viewer.get(html.unescape(href)).text
    assert _text(profile, "explain-card") == explain(305, 2007).text
    assert 'name="state" value="305"' in clients["analyst"].get(html.unescape(href)).text
