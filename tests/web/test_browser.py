"""Every page in a real headless Chromium (Debian's, driven by playwright's sync API)
against uvicorn on 127.0.0.1; screenshots kept in tests/web/screenshots/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def server(app):
    yield from _serve(app)


def _serve(app):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    context.close()


PAGES = {
    "overview": "/",
    "documents": "/documents",
    "article": "/documents/kasachstan",
    "hostile": "/documents/hostile",
    "entities": "/entities",
    "quotes": "/quotes",
    "events": "/events",
    "timeline": "/timeline",
    "graph": "/graph",
    "search": "/search?q=Kasachstan",
    "api-docs": "/api/docs",
}


@pytest.mark.parametrize("name", PAGES)
def test_browser_page_renders(server, page, name):
    SHOTS.mkdir(exist_ok=True)
    answer = page.goto(server + PAGES[name])
    assert answer.status == 200
    assert page.locator("main h1").count() == 1
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.dialogs == [] and page.errors == []


def test_browser_entity_page_of_putin(server, page):
    page.goto(server + "/documents/kasachstan")
    link = page.locator("a.ent-PER", has_text="Putin").first
    link.click()
    page.wait_for_load_state()
    assert "/entities/" in page.url
    assert "Putin" in page.locator("main h1").inner_text()
    page.screenshot(path=str(SHOTS / "entity.png"), full_page=True)


def test_browser_hostile_article_is_inert(server, page):
    page.goto(server + "/documents/hostile")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert "<script>alert(1)</script>" in page.locator(".text").inner_text()


def test_browser_graph_is_drawn_and_nodes_link_to_entities(server, page):
    page.goto(server + "/graph")
    page.wait_for_selector("#graph[data-ready]", timeout=5000)
    nodes = page.locator("#graph a.node")
    assert nodes.count() > 2
    assert nodes.first.get_attribute("href").startswith("/entities/")
    assert page.errors == []


@pytest.fixture
def copy_server(store_path, tmp_path):
    """A server over a copy of the store: the merge below changes it."""
    import shutil
    import sqlite3

    from lagebild.web.app import Settings, create_app

    from .conftest import TOKEN

    with sqlite3.connect(store_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(store_path, tmp_path / "copy.db")
    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'copy.db'}", token=TOKEN))
    yield from _serve(app)


def test_browser_merge_form_merges_with_the_token(copy_server, page):
    import httpx

    from .conftest import TOKEN

    places = httpx.get(copy_server + "/api/entities", params={"type": "LOC"}).json()["items"]
    keep, other = places[0], places[1]
    page.goto(f"{copy_server}/entities/{keep['id']}")
    form = page.locator(f'form[action="/entities/{keep["id"]}/merge"]')
    form.locator('input[name="other"]').fill(other["id"])
    form.locator('input[name="token"]').fill("wrong")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "403" in page.locator("main").inner_text()
    page.errors.clear()  # Chromium logs the 403 answer as a console error
    page.goto(f"{copy_server}/entities/{keep['id']}")
    form.locator('input[name="other"]').fill(other["id"])
    form.locator('input[name="token"]').fill(TOKEN)
    form.locator("button").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/entities/{keep['id']}")
    merged = httpx.get(f"{copy_server}/api/entities/{other['id']}").json()
    assert merged["id"] == keep["id"]
    assert page.dialogs == [] and page.errors == []
