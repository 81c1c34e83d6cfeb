"""End-to-end flows in headless Chromium (Debian's package, driven by Playwright for
Python; no browser download), against a live server on loopback, on both engines.

Skips with the reason where /usr/bin/chromium or Playwright is absent.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from _webkit import PASSWORD, new_engine

from socius.cli import main
from socius.web import accounts

CHROMIUM = os.environ.get("SOCIUS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is absent")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, sa.Engine, str]]:
    """A server on 127.0.0.1 over a fresh database: (base URL, engine, database URL)."""
    import uvicorn

    from socius.web.app import Config, create_app

    engine, drop = new_engine(request.param, tmp_path)
    with engine.begin() as conn:
        accounts.add_user(conn, "ann", PASSWORD, role="analyst", actor="test")
        accounts.add_user(conn, "bob", PASSWORD, role="approver", actor="test")
    app = create_app(Config(secret_key="browser-test-" + "y" * 32), engine=engine)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", engine, engine.url.render_as_string(hide_password=False)
    server.should_exit = True
    thread.join(timeout=10)
    drop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _login(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/explore")


def _set_range(page: Any, name: str, value: float) -> None:
    page.eval_on_selector(
        f'input[name="{name}"]',
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        str(value),
    )


def test_the_whole_flow_in_a_browser(browser: Any, live: tuple[str, sa.Engine, str]) -> None:
    base, engine, db_url = live
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.set_default_timeout(30_000)

    # log in; explore; the map renders from the bundled shapes
    _login(page, base, "ann")
    page.goto(f"{base}/explore?year=2007")
    page.wait_for_selector("#map[data-rendered='1'] svg")
    assert page.locator("#tier-table tr[data-state='IND']").get_attribute("data-tier") == (
        "active_partner"
    )
    # a stricter democracy threshold: India changes tier, the URL keeps the state
    _set_range(page, "t.values.0", 0.7)
    page.wait_for_selector("#changes-table tr[data-state='IND']")
    assert "t.values.0=0.7" in page.url
    assert "values: pass -> fail" in page.inner_text("#changes-table")
    # the year slider
    _set_range(page, "year", 2012)
    page.wait_for_url("**year=2012**")
    page.wait_for_selector("#map[data-rendered='1'] svg")
    assert page.inner_text("#year-label") == "2012"

    # a profile
    page.goto(f"{base}/explore?year=2007")
    page.click("#tier-table tr[data-state='JPN'] a")
    page.wait_for_selector("#explain-card")
    # the card is the library's text (socius affiliation explain JPN --year 2007)
    assert "Japan (JPN; COW 740 JPN), 2007: active partner" in page.inner_text("#explain-card")

    # a what-if with checkboxes
    page.goto(f"{base}/whatif?year=2007")
    page.check("#whatif-form input[type=checkbox][value='JPN']")
    page.check("#whatif-form input[type=checkbox][value='AUS']")
    page.click("#whatif-form button[type=submit]")
    page.wait_for_selector("#whatif-summary")
    assert "add=JPN" in page.url and "add=AUS" in page.url
    assert "taiwan-strait" in page.inner_text("#whatif-deterrence")
    with page.expect_download() as download:  # every table downloads as CSV
        page.click("a[data-download-table='whatif-summary']")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("Measure,Source year,Members,With candidates,Change")

    # a scenario run draws its distribution, exportable as SVG or PNG from the chart menu
    page.goto(f"{base}/scenarios?kind=deterrence&name=taiwan-strait&run=1&draws=500")
    page.wait_for_selector("#distribution[data-rendered='1'] svg")
    actions = page.eval_on_selector_all(
        "#distribution .vega-actions a", "els => els.map(e => e.textContent)"
    )
    assert {"Save as SVG", "Save as PNG"} <= set(actions)
    # the judgements dated for the chosen year are named; switching the kind loads that
    # kind's first scenario instead of asking for a deterrence name among bargaining ones
    page.goto(f"{base}/scenarios?kind=deterrence&name=taiwan-strait&year=2015")
    assert "taiwan-strait-2007.toml" in page.inner_text("#selection")
    page.select_option("#scenario-pick select[name=kind]", "bargaining")
    page.wait_for_url("**kind=bargaining**")
    assert "not dated" in page.inner_text("#selection")

    # propose as the analyst (the rationale is shown as text, never run)
    page.goto(f"{base}/state/JPN?year=2007")
    page.fill(
        "#propose-form textarea[name=rationale]", "<script>window.pwned=1</script> shares values"
    )
    page.click("#propose-form button[type=submit]")
    page.wait_for_selector("#decision-status")
    assert page.inner_text("#decision-status") == "proposed"
    assert "<script>" in page.inner_text("#rationale")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#decide-form").count() == 0  # not one's own, not an analyst's
    decision_url = page.url
    page.click("header button[type=submit]")  # sign out
    page.wait_for_url(f"{base}/login")

    # approve as the approver
    _login(page, base, "bob")
    page.goto(decision_url)
    page.fill("#decide-form textarea[name=comment]", "agreed")
    page.click("#decide-form button[value=approve]")
    page.wait_for_selector("#decision-status:has-text('approved')")

    # the audit view
    page.goto(f"{base}/audit")
    text = page.inner_text("#audit")
    for action in ("login", "proposal", "approval", "logout"):
        assert action in text
    assert "verify" in page.inner_text("#audit-status")

    # usable at 390 px: no sideways scrolling of the page, the navigation visible
    small = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = small.new_page()
    phone.route("**/*", only_loopback)
    _login(phone, base, "bob")
    for path in (
        "/explore?year=2007",
        "/decisions",
        "/audit",
        "/state/JPN?year=2007",
        "/whatif?year=2007&add=JPN",
        "/scenarios?kind=deterrence&name=taiwan-strait&run=1&draws=200",
    ):
        phone.goto(base + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{path} is {width} px wide at 390 px"
        assert phone.locator("header nav a[href='/decisions']").is_visible()
    small.close()
    context.close()
    assert outside == []

    # socius audit verify: passes, then names the entry altered behind the application's back
    assert main(["audit", "verify", "--database", db_url]) == 0
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER USER")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        seq = conn.execute(sa.text("SELECT seq FROM audit WHERE action = 'approval'")).scalar_one()
        conn.execute(
            sa.text('UPDATE audit SET details = \'{"comment": "forged"}\' WHERE seq = :s'),
            {"s": seq},
        )
    assert main(["audit", "verify", "--database", db_url]) == 2
