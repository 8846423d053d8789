"""``POST /articles`` and ``POST /resolve``: the API's writes, off unless the server was started to allow them.

Three gates, in order: the server must run with ``allow_ingest`` (else 403,
whatever the token), the request must carry ``Authorization: Bearer <token>``
matching the server's (else 401), and the article must fit the size limits
(else 400 or 413). A posted article then takes exactly the path of a file
given to ``dateline ingest``: the same preparation, de-duplication,
extraction and store transaction, then cross-source resolution. Ingests are
serialised (one at a time) because the near-duplicate check must see every
article stored before it.

Resolution passes over the whole store, so on a large store it takes far
longer than the ingest itself. A feed posting many articles sends them with
``?resolve=false`` and then ``POST /resolve`` once, the API's counterpart of
``dateline ingest --no-resolve`` followed by a resolving ingest.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response

from dateline.api import get_store, token_matches
from dateline.api_schemas import ArticleIn, Resolution
from dateline.ingest import RawItem
from dateline.model import Outcome
from dateline.store import Store

if TYPE_CHECKING:
    from dateline.resolve_store import ResolveReport

log = logging.getLogger(__name__)

router = APIRouter()

_INGEST_LOCK = threading.Lock()

_STATUS = {"ingested": 201, "near_duplicate": 201, "duplicate": 200, "skipped": 400, "error": 400}


def require_writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Let the request through only if ingest is enabled and it presents the server's token."""
    if not request.app.state.allow_ingest:
        raise HTTPException(403, "this server is read-only; start it with "
                                 "`dateline serve --allow-ingest --token TOKEN` to accept articles")
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(request, presented.strip()):
        raise HTTPException(401, "missing or wrong token: send the header `Authorization: Bearer TOKEN`",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post(
    "/articles",
    response_model=Outcome,
    status_code=201,
    tags=["articles"],
    dependencies=[Depends(require_writer)],
    responses={200: {"description": "Already stored (same normalised text)."},
               400: {"description": "Skipped (e.g. empty or not English) or failed, with the reason."},
               401: {"description": "Missing or wrong bearer token."},
               403: {"description": "The server is read-only."}},
)
def post_article(
    article: ArticleIn,
    request: Request,
    response: Response,
    store: Annotated[Store, Depends(get_store)],
    resolve: Annotated[bool, Query(description="Resolve stories after storing it; false leaves that to "
                                               "POST /resolve, for a feed posting many articles.")] = True,
) -> Any:
    """Ingest one article (text plus optional title, url, source, published) and resolve stories.

    Needs a server started with ``--allow-ingest --token TOKEN`` and the header
    ``Authorization: Bearer TOKEN``. Returns the article's outcome: 201
    ``ingested`` or ``near_duplicate``, 200 ``duplicate``, 400 ``skipped`` or
    ``error`` with the reason.
    """
    settings = request.app.state.settings
    if len(article.text) > settings.max_chars:
        raise HTTPException(413, f"article text has {len(article.text)} characters; the limit is "
                                 f"{settings.max_chars} (setting max_chars)")
    item = RawItem(text=article.text, origin="POST /articles", title=article.title, url=article.url,
                   source=article.source, published=article.published)
    with _INGEST_LOCK:
        pipeline = _pipeline(request)
        (outcome,) = list(pipeline.ingest_items([item], store))
        if resolve and outcome.status in ("ingested", "near_duplicate"):
            log.info("ingested article %s over the API; %s", outcome.article_id,
                     _resolve(store, pipeline).line())
    response.status_code = _STATUS[outcome.status]
    return outcome


@router.post(
    "/resolve",
    response_model=Resolution,
    tags=["articles"],
    dependencies=[Depends(require_writer)],
    responses={401: {"description": "Missing or wrong bearer token."},
               403: {"description": "The server is read-only."}},
)
def post_resolve(request: Request, store: Annotated[Store, Depends(get_store)]) -> Any:
    """Resolve stories over the whole store, if some stored article is not yet resolved.

    For articles posted with ``?resolve=false`` (or ingested with
    ``dateline ingest --no-resolve``). Needs the same server settings and
    token as ``POST /articles``. Answers when the pass has finished.
    """
    with _INGEST_LOCK:
        if not store.resolution_pending():
            return Resolution(ran=False)
        report = _resolve(store, _pipeline(request))
    log.info("resolved over the API; %s", report.line())
    return Resolution(ran=True, **asdict(report))


def _resolve(store: Store, pipeline: Any) -> ResolveReport:
    """One resolution pass (imported here: the read-only server never loads the resolver)."""
    from dateline.resolve_store import resolve_store

    return resolve_store(store, pipeline)


def _pipeline(request: Request) -> Any:
    """The app's pipeline, built on the first ingest (importing and loading the language model takes seconds)."""
    from dateline.pipeline import Pipeline

    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        state.pipeline = Pipeline(state.settings)
    return state.pipeline
