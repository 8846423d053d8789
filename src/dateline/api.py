"""dateline's HTTP API and web app: one FastAPI process over one store.

Safe by default, because article text is untrusted and a store may hold an
analyst's private collection:

* **read-only** unless started with ``allow_ingest`` *and* a token; then only
  ``POST /articles`` writes, and only with ``Authorization: Bearer <token>``;
* every response carries a strict Content-Security-Policy (scripts, styles,
  images and connections from this origin only; no inline script or style), so
  even text that slipped through unescaped could not run;
* request bodies are capped (:data:`MAX_REQUEST_BYTES`) and pages are capped
  (:data:`dateline.api_query.MAX_LIMIT`);
* queries go through the store's validated filters (bound parameters only);
  a filter the store refuses is an HTTP 400 with a JSON ``{"error": ...}``.

The JSON endpoints are in :mod:`dateline.api_routes`, the ingest endpoint in
:mod:`dateline.api_ingest`, the web pages and static files in
:mod:`dateline.api_web`. OpenAPI is at ``/openapi.json`` and browsable at
``/docs``.

Example::

    from dateline.api import create_app
    from dateline.config import Settings
    app = create_app(Settings(db="sqlite:///events.db"))   # then: uvicorn.run(app, host="127.0.0.1")
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline import __version__
from dateline.config import Settings
from dateline.errors import InvalidQuery, StoreError
from dateline.store import Store

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 8 * 1024 * 1024
"""Largest request body accepted (an ingested article with its metadata); larger ones get 413."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline scripts, no inline style attributes, nothing from another origin."""

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def create_app(
    settings: Settings | None = None,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    store: Store | None = None,
) -> FastAPI:
    """Build the API and web app over the store at ``settings.db`` (or over ``store``).

    Args:
        settings: dateline settings; ``settings.db`` is the store URL.
        allow_ingest: enable ``POST /articles``; requires ``token``.
        token: the bearer token ``POST /articles`` must present.
        store: an open store to serve instead of opening ``settings.db``
            (the caller keeps ownership and closes it).

    Raises:
        ValueError: ``allow_ingest`` without a token (writes must be authenticated).
    """
    from dateline import api_ingest, api_routes, api_web

    settings = settings or Settings()
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token: pass token=... (dateline serve --allow-ingest --token ...)")
    owned = store is None
    opened = Store(settings.db) if store is None else store

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Political and conflict events extracted from news articles, with their evidence. "
        "Read-only unless the server was started with --allow-ingest and a token.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = opened
    app.state.settings = settings
    app.state.allow_ingest = allow_ingest
    app.state.token = token
    _add_error_handlers(app)
    app.include_router(api_routes.router)
    app.include_router(api_ingest.router)
    api_web.mount(app)
    _describe_errors(app)
    app.add_middleware(_BodyLimit, max_bytes=MAX_REQUEST_BYTES)
    app.add_middleware(_SecurityHeaders)
    return app


def get_store(request: Request) -> Store:
    """The app's store (a FastAPI dependency; tests may override it)."""
    return request.app.state.store


def token_matches(request: Request, presented: str) -> bool:
    """Whether ``presented`` is the app's token (compared in constant time)."""
    expected = request.app.state.token
    return bool(expected) and hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


# ---------------------------------------------------------------------------
# Errors: always JSON {"error": message}
# ---------------------------------------------------------------------------


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InvalidQuery)
    async def invalid_query(_: Request, exc: InvalidQuery) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(500, "the store could not answer this request; see the server log")


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    "required": ["error", "status"],
}


def _describe_errors(app: FastAPI) -> None:
    """Make the OpenAPI description say what the API does on errors: 400 (not 422) and 404, as JSON."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        components["Error"] = ERROR_SCHEMA
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                responses.pop("422", None)
                responses.setdefault("400", {"description": "Invalid parameters or body; the message says which."})
                if "{" in path:
                    responses.setdefault("404", {"description": "No record with this id."})
                for code, response in responses.items():
                    if code.startswith(("4", "5")):
                        response["content"] = content
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _validation_message(exc: RequestValidationError) -> str:
    """One readable sentence per invalid parameter: ``limit: Input should be less than or equal to 1000``."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


# ---------------------------------------------------------------------------
# Middleware (plain ASGI, so static files and error pages are covered too)
# ---------------------------------------------------------------------------


class _SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(StarletteHTTPException):
    """Raised while reading a body that outgrew the limit; handled like any HTTP error (413, JSON)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body over {max_bytes} bytes; send a smaller article")


class _BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = _TooLarge(self.max_bytes)
        await error_response(exc.status_code, exc.detail)(scope, receive, send)
