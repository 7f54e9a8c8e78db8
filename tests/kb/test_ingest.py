"""``lagebild ingest`` end to end: files, folders, feeds and a real HTTP server on 127.0.0.1,
with every kind of bad input named and the rest ingested."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from lagebild.cli import cli

PAGE = """<html><head><title>Tokajew empfängt Putin</title>
<meta property="og:site_name" content="Testzeitung">
<meta name="date" content="2024-11-27"></head><body><nav>Start | Politik</nav>
<article><h1>Tokajew empfängt Putin</h1>
<p>Der kasachische Präsident Kassym-Schomart Tokajew hat am Mittwoch in Astana den russischen
Präsidenten Wladimir Putin empfangen. Beide Seiten unterzeichneten ein Abkommen über Erdöl.</p>
<p>Putin sagte, Kasachstan sei ein enger Verbündeter Russlands. Die Gespräche dauerten mehrere
Stunden, teilte der Kreml mit. Danach reiste Putin nach Moskau zurück.</p></article>
<footer>Impressum</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Testfeed</title><link>http://127.0.0.1/</link>
<item><title>Scholz in Kiew</title><link>http://127.0.0.1/scholz</link>
<pubDate>Thu, 28 Nov 2024 10:00:00 GMT</pubDate>
<description>Bundeskanzler Olaf Scholz ist in Kiew eingetroffen. Er sagte, Deutschland werde
die Ukraine weiter unterstützen.</description></item>
</channel></rss>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title>
<description>&lol3;</description></item></channel></rss>"""

ROUTES = {
    "/page.html": (200, "text/html; charset=utf-8", PAGE.encode()),
    "/feed.xml": (200, "application/rss+xml", FEED.encode()),
    "/notxml.xml": (200, "application/rss+xml", b"this is { not xml"),
    "/bomb.xml": (200, "application/rss+xml", BOMB.encode()),
    "/empty.html": (200, "text/html", b"<html><body><nav>Start</nav></body></html>"),
    "/500": (500, "text/plain", b"boom"),
}
HUGE = 50 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    seen_agents: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: the client must stop reading by itself
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(HUGE // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        status, ctype, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def run(*args):
    return CliRunner().invoke(cli, [*args], catch_exceptions=False)


def test_bad_inputs_are_named_and_the_rest_is_ingested(server, tmp_path, db_url):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(
        "Olaf Scholz traf am Dienstag in Berlin Emmanuel Macron.", encoding="utf-8"
    )
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Wladimir Putin reist nach Astana.",
                    "published": "2024-11-26"}) + "\n{broken\n", encoding="utf-8"
    )  # fmt: skip
    (folder / "c.html").write_text(PAGE, encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    paths = ["/page.html", "/feed.xml", "/404", "/500", "/notxml.xml", "/bomb.xml"]
    paths += ["/empty.html", "/huge.html", "/loop"]
    urls = [f"{server}{p}" for p in paths]
    unreachable = "http://127.0.0.1:9/nothing"
    result = run("ingest", str(folder), *urls, unreachable, "--db", db_url, "--model", "fast",
                 "--date", "2024-11-26")  # fmt: skip
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("lagebild: error")]
    expected = {
        f"{folder / 'b.jsonl'}:2": "malformed JSON",
        str(folder / "image.png"): "binary",
        f"{server}/404": "HTTP 404",
        f"{server}/500": "HTTP 500",
        f"{server}/notxml.xml": "not an RSS/Atom feed",
        f"{server}/bomb.xml": "entities",
        f"{server}/empty.html": "no main text",
        f"{server}/huge.html": "too big",
        f"{server}/loop": "redirects",
        unreachable: "cannot be fetched",
    }
    for where, what in expected.items():
        assert any(f"{where}: " in e and what in e for e in errors), (where, errors)
    assert len(errors) == len(expected)
    assert "5 added, 0 unchanged, 0 replaced, 10 failed" in result.stderr
    assert all(agent.startswith("Lagebild/") for agent in Handler.seen_agents)

    docs = json.loads(run("documents", "--db", db_url, "--format", "json").output)
    by_url = {d["url"]: d for d in docs}
    page = by_url[f"{server}/page.html"]
    assert page["title"] == "Tokajew empfängt Putin" and page["published"] == "2024-11-27"
    assert page["site"] == "Testzeitung"
    assert by_url["http://127.0.0.1/scholz"]["title"] == "Scholz in Kiew"

    again = run("ingest", str(folder), f"{server}/page.html", "--db", db_url, "--model", "fast")
    assert "0 added, 4 unchanged, 0 replaced, 2 failed" in again.stderr


def test_query_commands_print_their_columns(tmp_path, analysed):
    from lagebild.kb import Store

    url = f"sqlite:///{tmp_path / 'q.db'}"
    store = Store(url)
    for _, analysis in analysed:
        store.add(analysis.model_copy(deep=True))
    store.close()
    header = run("entities", "--db", url).output.splitlines()[0].split()
    assert header == ["id", "name", "type", "mentions", "documents", "first_seen", "last_seen"]
    csv_out = run("quotes", "--db", url, "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("document,published,speaker,speaker_name")
    profile = run("entity", "Olaf Scholz", "--db", url)
    assert profile.exit_code == 0 and profile.output.startswith("Olaf Scholz (PER, K")
    missing = run("entity", "Niemand", "--db", url)
    assert missing.exit_code == 1 and "no entity 'Niemand'" in missing.stderr
    assert "[Kiew]" in run("search", "Kiew", "--db", url).output
    lines = run("export", "--db", url).output.splitlines()
    assert [json.loads(line)["document"]["id"] for line in lines] == ["a1", "a2", "a3"]
    assert run("timeline", "--db", url, "--format", "jsonl").output.strip()
    rows = run("export", "--db", url, "--format", "csv").output.splitlines()
    assert rows[0] == "document,published,start,end,text,type,kind,kb_id,entity_name"
    assert len(rows) - 1 == sum(len(json.loads(line)["mentions"]) for line in lines)
    bad = run("documents", "--db", "nonsense")
    assert bad.exit_code == 2 and "not a database URL" in bad.stderr


def test_parquet_export_has_one_row_a_mention(tmp_path, analysed):
    pq = pytest.importorskip("pyarrow.parquet")
    from lagebild.kb import Store

    url = f"sqlite:///{tmp_path / 'p.db'}"
    store = Store(url)
    for _, analysis in analysed:
        store.add(analysis.model_copy(deep=True))
    store.close()
    out = tmp_path / "m.parquet"
    assert run("export", "--db", url, "--format", "parquet", "--out", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == sum(len(a.mentions) for _, a in analysed)
    assert "kb_id" in table.column_names


def test_progress_line_counts_rate_and_time_left():
    from lagebild.kb.progress import Progress

    now = [100.0]
    progress = Progress(total=4, stream=io.StringIO(), clock=lambda: now[0])
    for status in ("added", "added", "unchanged"):
        now[0] += 1.0
        progress.step(status)
    assert progress.line(now[0]) == (
        "[##################------] 3/4 documents, 1.0/s, 0:01 left (2 added, 1 unchanged)"
    )
    assert not progress.tty and progress.stream.getvalue() == ""  # no terminal, no bar


@pytest.mark.slow  # two real ingest processes (spaCy each)
def test_ingest_draws_a_progress_bar_on_a_terminal_only(tmp_path):
    # A real pseudo-terminal as stderr: the bar counts to the total; through a pipe, only
    # the summary line.
    source = tmp_path / "in.jsonl"
    texts = ["Olaf Scholz ist in Kiew.", "Wladimir Putin reist nach Astana."]
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    args = ["ingest", str(source), "--model", "fast", "--lang", "de"]
    on_tty = _run_on_pty([*args, "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    assert "2/2 documents" in on_tty and "[####" in on_tty
    piped = subprocess.run(
        [sys.executable, "-m", "lagebild", *args, "--db", f"sqlite:///{tmp_path / 'b.db'}"],
        capture_output=True, text=True, env=_env(), timeout=300,
    )  # fmt: skip
    assert piped.returncode == 0 and "documents" not in piped.stderr
    assert "2 added" in piped.stderr and "\r" not in piped.stderr


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def _run_on_pty(args: list[str]) -> str:
    main, child_end = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "lagebild", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child_end, env=_env(),
    )  # fmt: skip
    os.close(child_end)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert child.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", "replace")
