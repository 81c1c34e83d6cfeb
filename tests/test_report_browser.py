"""The 2007 report in a real browser (headless Chromium from the system, via Playwright):
at 1440 and 390 px, no console errors, no request leaving the file, no horizontal scroll
at 390 px, the answers on the first screen, every SVG an image with a title, every table
with a header row and chart text at least 10 px.

Slow on purpose (about 10-15 s on 2 cores): the check is only meaningful on the whole page,
so the module builds the full 2007 report once and both widths share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _browser import launch
from socius.report import build_report, write_report

WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}

CHECKS = """() => {
  const root = document.documentElement;
  const svgs = [...document.querySelectorAll('svg')];
  const tables = [...document.querySelectorAll('table')];
  const answers = document.querySelector('#answers ol.answers');
  const small = [];
  for (const svg of svgs) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const w = svg.getBoundingClientRect().width;
    if (!vb || !vb.width || !w) continue;
    const scale = w / vb.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 9.95) small.push(px);
    }
  }
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    answersTop: answers ? answers.getBoundingClientRect().top + window.scrollY : null,
    svgCount: svgs.length,
    svgWithoutRole: svgs.filter(s => s.getAttribute('role') !== 'img').length,
    svgWithoutTitle: svgs.filter(s => !(s.querySelector(':scope > title') || {}).textContent).length,
    tableCount: tables.length,
    tablesWithoutHeader: tables.filter(t => !t.querySelector('thead tr th[scope=col]')).length,
    smallText: small.length,
    h1: document.querySelectorAll('h1').length,
    skip: !!document.querySelector('a.skip[href^="#"]'),
  };
}"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "nato-2007.html"
    write_report(out, build_report(2007, focus=["KOR"]))
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    with launch() as b:
        yield b


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_report_renders_cleanly(report_file: Path, browser: Any, device: str) -> None:
    width, height = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    got = page.evaluate(CHECKS)
    page.close()
    assert errors == []
    assert outside == []
    assert got["answersTop"] is not None and got["answersTop"] < height, got
    assert got["svgCount"] >= 5 and got["svgWithoutRole"] == 0 and got["svgWithoutTitle"] == 0
    assert got["tableCount"] >= 5 and got["tablesWithoutHeader"] == 0
    assert got["h1"] == 1 and got["skip"]
    if device == "phone":
        assert got["scrollWidth"] <= got["clientWidth"], got
        assert got["smallText"] == 0, got
