"""The web app's pages and static files, served by the API process.

Pages are fixed HTML files: no template ever sees article text. Each page
loads its script, which fetches JSON from the API and inserts untrusted text
with ``textContent`` only. Static files come from three folders, each
served by Starlette's ``StaticFiles`` (which refuses any path that resolves
outside its folder): the app's own ``web/static``, Leaflet from the
``xstatic-leaflet`` package, and Swagger UI (for ``/docs``) from the
``fastapi-offline`` package. Nothing is fetched from another origin.

Routes::

    /                        map, timeline and event list (filters in the query string)
    /event/{id}              an event: evidence, coding, every source side by side
    /story/{id}              a story: its member events and sources side by side
    /article/{id}            an article's text with every extracted span highlighted
    /actor/{code or name}    an actor's events
    /place/{place id}        a place's events
    /docs                    the API's OpenAPI description, browsable
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import FastAPI
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).parent / "web"
STATIC_DIR = WEB_DIR / "static"
PAGES_DIR = WEB_DIR / "templates"
"""Page shells: fixed HTML, never filled in on the server (the name is the package-data folder)."""

PAGES = {"event": "event.html", "story": "story.html", "article": "article.html", "actor": "actor.html",
         "place": "place.html"}
"""Page kind (first path segment) -> the HTML file that renders it."""


def mount(app: FastAPI) -> None:
    """Add the page routes and static file mounts to ``app``."""
    import fastapi_offline
    from xstatic.pkg import leaflet

    swagger_dir = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/static/vendor/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/vendor/swagger-ui", StaticFiles(directory=swagger_dir), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> FileResponse:
        return _page("index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return _page("docs.html")

    for kind, filename in PAGES.items():
        _add_page(app, kind, filename)


def _add_page(app: FastAPI, kind: str, filename: str) -> None:
    # The id is read by the page's script from the URL; the server only checks its size.
    def page(item: Annotated[str, PathParam(max_length=300)]) -> FileResponse:
        return _page(filename)

    app.add_api_route(f"/{kind}/{{item:path}}", page, methods=["GET"], include_in_schema=False,
                      name=f"{kind}_page")


def _page(filename: str) -> FileResponse:
    return FileResponse(PAGES_DIR / filename, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})
