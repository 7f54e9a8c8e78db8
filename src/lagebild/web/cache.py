"""A response cache for the GET pages and listings, keyed by (URL, language, store version).

Every page and listing is a pure function of its URL, its language and the store's content,
so a response computed once can be sent again until the store changes. The store's version
is asked for on every request (cheaply, see ``StoreVersion``); when it moved (an ingest, a
merge or split, from this server or any other process), the whole cache is dropped. So a
cached response is never older than the store: writes invalidate it, nothing expires.

A response is stored only when it is a 200 and the version did not move while it was being
computed. The ``x-cache`` header says ``hit`` or ``miss`` (the load test reports both).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict

from sqlalchemy import text
from sqlalchemy.engine import make_url

from . import i18n

# Paths never cached: static files have their own caching, the rest writes or is tiny.
UNCACHED_PREFIXES = ("/static/", "/api/analyze")
MAX_ENTRY = 4 << 20  # a single response larger than this is not kept
DEFAULT_CACHE_MB = 64  # per server process: a few thousand pages and listings


class StoreVersion:
    """A value that changes whenever a write to the store commits.

    SQLite: ``PRAGMA data_version`` on a connection of its own that never writes; it
    changes when any other connection (of this or another process) commits. PostgreSQL:
    the server's WAL position, which every commit advances (and so does any other write
    on the server: more misses, never a stale answer). ``None`` means "do not cache"
    (an in-memory SQLite store is one per connection)."""

    def __init__(self, store):
        self.store = store
        self.lock = threading.Lock()
        self.conn = None
        url = make_url(store.url)
        if store.dialect == "sqlite" and url.database and url.database != ":memory:":
            self.conn = sqlite3.connect(
                f"file:{url.database}?mode=ro", uri=True, check_same_thread=False
            )
        self.enabled = self.conn is not None or store.dialect == "postgresql"

    def current(self):
        if self.conn is not None:
            with self.lock:
                return self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self.store.dialect == "postgresql":
            with self.store.engine.connect() as conn:
                return conn.scalar(text("SELECT pg_current_wal_lsn()::text"))
        return None


class ResponseCache:
    """An LRU of whole responses, at most ``max_bytes`` of bodies."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.size = 0
        self.version = None
        self.lock = threading.Lock()

    def get(self, key: tuple, version):
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.size, self.version = 0, version
                return None
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, version, entry: tuple[int, list, bytes]) -> None:
        body = entry[2]
        if len(body) > min(MAX_ENTRY, self.max_bytes):
            return
        with self.lock:
            if version != self.version or key in self.entries:
                return
            self.entries[key] = entry
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, _, old) = self.entries.popitem(last=False)
                self.size -= len(old)


class CacheMiddleware:
    """Plain ASGI: answers a GET from the cache, else runs the app and keeps its answer."""

    def __init__(self, app, store, max_bytes: int):
        self.app = app
        self.version = StoreVersion(store)
        self.cache = ResponseCache(max_bytes)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not self.version.enabled
            or path.startswith(UNCACHED_PREFIXES)
        ):
            return await self.app(scope, receive, send)
        version = self.version.current()
        key = (path, scope.get("query_string", b""), _language(scope))
        found = self.cache.get(key, version)
        if found is not None:
            status, headers, body = found
            await send(
                {"type": "http.response.start", "status": status,
                 "headers": [*headers, (b"x-cache", b"hit")]}
            )  # fmt: skip
            await send({"type": "http.response.body", "body": body})
            return
        start, chunks = {}, []

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-cache", b"miss")]}  # fmt: skip
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        if start.get("status") == 200 and self.version.current() == version:
            headers = list(start.get("headers", []))
            self.cache.put(key, version, (200, headers, b"".join(chunks)))


def _language(scope) -> str:
    """The language the page is rendered in (what of the headers a response depends on)."""
    query = scope.get("query_string", b"").decode("latin-1")
    asked = None
    for part in query.split("&"):
        if part.startswith("lang="):
            asked = part[5:]
    headers = dict(scope.get("headers", []))
    return i18n.choose(asked, headers.get(b"accept-language", b"").decode("latin-1"))
