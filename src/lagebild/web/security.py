"""The server's safety rules: where it may listen, who may write, what it sends and accepts.

- It listens on 127.0.0.1 unless told otherwise; any other address needs an access token.
- Every write (and ``POST /api/analyze``) needs the token as ``Authorization: Bearer …``:
  none gives 401, a wrong one 403; without a configured token, writes are off (403).
- Every response carries a Content-Security-Policy that allows scripts from the server's own
  files only (no inline script, no other origin), so injected markup could not run even if
  escaping ever failed.
- A request body over the limit is refused with 413 before the app sees it.
- On a loopback bind, only loopback Host headers are served (a DNS-rebinding page cannot
  read the store through the user's browser).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import UsageError

TOKEN_ENV = "LAGEBILD_TOKEN"
DEFAULT_BODY_LIMIT = 1 << 20  # 1 MiB: far above any article, far below a memory problem
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(token: str | None) -> str | None:
    """The access token from ``--token``, else ``$LAGEBILD_TOKEN``; blank means none."""
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    return token.strip() or None if token else None


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token: the store would be open to the network."""
    if not is_loopback(host) and not token:
        raise UsageError(
            f"refusing to listen on {host} without an access token: "
            f"pass --token or set {TOKEN_ENV} (or listen on 127.0.0.1)"
        )


_bearer = HTTPBearer(auto_error=False, description="the access token given to `lagebild serve`")


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """A FastAPI dependency for every write."""
    check_token(request, credentials.credentials if credentials else None)


def check_token(request: Request, given: str | None) -> None:
    """The token rule of every write, from a Bearer header (API) or a form field (a page's
    form: a browser cannot send the header; the token in the body also stops a foreign
    page from posting the form, as it cannot know it)."""
    expected = request.app.state.settings.token
    if expected is None:
        raise HTTPException(403, "writes are disabled: start `lagebild serve` with --token")
    if not given:
        raise HTTPException(401, "this needs the access token", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "wrong access token")


class SecurityMiddleware:
    """Plain ASGI (cheaper per request than BaseHTTPMiddleware): headers, body limit, Host."""

    def __init__(self, app, body_limit: int = DEFAULT_BODY_LIMIT, loopback_only: bool = True):
        self.app = app
        self.body_limit = body_limit
        self.loopback_only = loopback_only

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        headers = dict(scope.get("headers", []))
        if self.loopback_only and not _loopback_host(headers.get(b"host", b"").decode("latin-1")):
            return await _plain(send_with_headers, 421, "this server answers to 127.0.0.1 only")
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.body_limit):
            return await _plain(send_with_headers, 413, "request body too large")
        body = await _read_body(receive, self.body_limit)
        if body is None:
            return await _plain(send_with_headers, 413, "request body too large")
        return await self.app(scope, _replay(body, receive), send_with_headers)


def _loopback_host(host: str) -> bool:
    """Whether a Host header ("127.0.0.1:8000", "[::1]:8000", "localhost") is loopback;
    a request without one (HTTP/1.0) cannot come from a rebound name."""
    if host.startswith("["):
        name = host[1 : host.find("]")]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return not host or is_loopback(name)


async def _read_body(receive, limit: int) -> bytes | None:
    """The whole body, or None once it passes ``limit`` (a chunked body has no length)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _plain(send, status: int, text: str) -> None:
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
