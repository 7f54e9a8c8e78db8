"""Merge and split from the web (API and the entity page's forms), behind the token; the
response cache forgets everything once the store is written. Each test works on its own
copy of the session store, as the writes change it."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writable(store_path, tmp_path):
    """A client over a copy of the store, with writes allowed (the token set)."""
    from fastapi.testclient import TestClient

    from lagebild.web.app import Settings, create_app

    with sqlite3.connect(store_path) as conn:  # the WAL into the file before the copy
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "copy.db"
    shutil.copy(store_path, db)
    app = create_app(Settings(db=f"sqlite:///{db}", token=TOKEN, model="fast"))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        c.db = db
        yield c


def two_of_a_type(client) -> tuple[dict, dict]:
    """Two stored entities of one type (a merge joins only those)."""
    for type_ in ("LOC", "PER", "ORG"):
        items = client.get("/api/entities", params={"type": type_}).json()["items"]
        if len(items) >= 2:
            return items[0], items[1]
    pytest.fail("the store has no two entities of one type")


def test_writes_merge_needs_the_token(writable):
    a, b = two_of_a_type(writable)
    url = f"/api/entities/{a['id']}/merge"
    assert writable.post(url, json={"other": b["id"]}).status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    assert writable.post(url, json={"other": b["id"]}, headers=wrong).status_code == 403
    assert writable.post(f"/entities/{a['id']}/merge", data={"other": b["id"]}).status_code == 401
    form = {"other": b["id"], "token": "wrong"}
    assert writable.post(f"/entities/{a['id']}/merge", data=form).status_code == 403
    # nothing moved
    assert writable.get(f"/api/entities/{b['id']}").json()["id"] == b["id"]


def test_writes_merge_through_the_api_moves_the_links_and_redirects(writable):
    a, b = two_of_a_type(writable)
    before = writable.get(f"/api/entities/{a['id']}").json()
    assert writable.get(f"/entities/{a['id']}").headers["x-cache"] == "miss"
    assert writable.get(f"/entities/{a['id']}").headers["x-cache"] == "hit"
    answer = writable.post(f"/api/entities/{a['id']}/merge", json={"other": b["id"]}, headers=AUTH)
    assert answer.status_code == 200 and answer.json() == {"id": a["id"]}
    after = writable.get(f"/api/entities/{a['id']}").json()
    assert after["mentions"] == before["mentions"] + b["mentions"]
    # the merged-away id shows the entity it went into
    assert writable.get(f"/api/entities/{b['id']}").json()["id"] == a["id"]
    # the cached page was dropped with the write
    assert writable.get(f"/entities/{a['id']}").headers["x-cache"] == "miss"


def test_writes_merge_of_different_types_is_a_400(writable):
    per = writable.get("/api/entities", params={"type": "PER"}).json()["items"][0]
    loc = writable.get("/api/entities", params={"type": "LOC"}).json()["items"][0]
    answer = writable.post(
        f"/api/entities/{per['id']}/merge", json={"other": loc["id"]}, headers=AUTH
    )
    assert answer.status_code == 400 and "cannot merge" in answer.json()["detail"]


def test_writes_split_through_the_form(writable):
    # an entity named in two articles, one of them by a name the other lacks
    people = writable.get("/api/entities", params={"limit": 200}).json()["items"]
    for p in (p for p in people if p["documents"] >= 2):
        entity = writable.get(f"/api/entities/{p['id']}").json()
        for alias in entity["aliases"][::-1]:
            moving = alias["alias"]
            answer = writable.post(
                f"/entities/{entity['id']}/split", data={"name": moving, "token": TOKEN}
            )
            if answer.status_code == 303:
                break
            assert answer.status_code == 400, answer.text  # every name would move
        else:
            continue
        break
    else:
        pytest.skip("no entity to split in this store")
    new_id = answer.headers["location"].rsplit("/", 1)[1]
    assert new_id != entity["id"]
    new = writable.get(f"/api/entities/{new_id}").json()
    assert moving in {a["alias"] for a in new["aliases"]}
    kept = writable.get(f"/api/entities/{entity['id']}").json()
    assert moving not in {a["alias"] for a in kept["aliases"]}


def test_writes_forms_only_when_writes_are_allowed(client, writable):
    a, _ = two_of_a_type(writable)
    html = writable.get(f"/entities/{a['id']}").text
    assert f'action="/entities/{a["id"]}/merge"' in html and 'name="token"' in html
    # the session app has a token too; one without shows no forms
    from fastapi.testclient import TestClient

    from lagebild.web.app import Settings, create_app

    app = create_app(Settings(db=f"sqlite:///{writable.db}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert "/merge" not in c.get(f"/entities/{a['id']}").text


def test_writes_get_is_not_a_write(writable):
    a, b = two_of_a_type(writable)
    assert writable.get(f"/api/entities/{a['id']}/merge").status_code in (404, 405)


def test_cache_sees_a_write_by_another_process(writable):
    """An ingest or merge by the command line (another connection) empties the cache too."""
    from lagebild.kb import Store, judgements

    a, b = two_of_a_type(writable)
    assert writable.get("/api/overview").headers["x-cache"] == "miss"
    first = writable.get("/api/overview")
    assert first.headers["x-cache"] == "hit"
    with Store(f"sqlite:///{writable.db}") as other:
        judgements.merge(other, a["id"], b["id"])
    again = writable.get("/api/overview")
    assert again.headers["x-cache"] == "miss"
    top = {e["id"] for t in again.json()["entities"].values() for e in t}
    assert b["id"] not in top


def test_cache_keys_the_language(writable):
    de = writable.get("/", headers={"accept-language": "de"})
    en = writable.get("/", headers={"accept-language": "en"})
    assert '<html lang="de">' in de.text and '<html lang="en">' in en.text
    assert writable.get("/", headers={"accept-language": "en"}).headers["x-cache"] == "hit"
    assert '<html lang="de">' in writable.get("/?lang=de", headers={"accept-language": "en"}).text


def test_cache_keeps_no_error(writable):
    assert writable.get("/api/documents/nope").status_code == 404
    assert writable.get("/api/documents/nope").headers.get("x-cache") == "miss"


def test_serve_with_two_workers_answers_without_delay(store_path):
    """``serve --workers 2``: both processes serve the store, and a cached answer comes
    without Nagle's ~40 ms wait for a delayed ACK (every answer took >= 40 ms before)."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = Path(__file__).resolve().parents[2] / "src"
    server = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "serve", "--db", f"sqlite:///{store_path}",
         "--port", str(port), "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(src)},
    )  # fmt: skip
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for _ in range(300):
                try:
                    if http.get("/api/overview").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            answers, times = [], []
            for _ in range(8):
                start = time.perf_counter()
                answers.append(http.get("/api/overview"))
                times.append(time.perf_counter() - start)
        assert all(a.status_code == 200 for a in answers)
        assert "hit" in {a.headers["x-cache"] for a in answers}
        assert min(times) < 0.03, times
    finally:
        server.terminate()
        server.wait(timeout=30)
