"""``POST /articles``: the API's only write, off unless the server was started to allow it.

Three gates, in order: the server must run with ``allow_ingest`` (else 403,
whatever the token), the request must carry ``Authorization: Bearer <token>``
matching the server's (else 401), and the article must fit the size limits
(else 400 or 413). A posted article then takes exactly the path of a file
given to ``dateline ingest``: the same preparation, de-duplication,
extraction and store transaction, then cross-source resolution. Ingests are
serialised (one at a time) because the near-duplicate check must see every
article stored before it.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response

from dateline.api import get_store, token_matches
from dateline.api_schemas import ArticleIn
from dateline.ingest import RawItem
from dateline.model import Outcome
from dateline.store import Store

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
) -> Any:
    """Ingest one article (text plus optional title, url, source, published) and resolve stories.

    Needs a server started with ``--allow-ingest --token TOKEN`` and the header
    ``Authorization: Bearer TOKEN``. Returns the article's outcome: 201
    ``ingested`` or ``near_duplicate``, 200 ``duplicate``, 400 ``skipped`` or
    ``error`` with the reason.
    """
    from dateline.resolve_store import resolve_store

    settings = request.app.state.settings
    if len(article.text) > settings.max_chars:
        raise HTTPException(413, f"article text has {len(article.text)} characters; the limit is "
                                 f"{settings.max_chars} (setting max_chars)")
    item = RawItem(text=article.text, origin="POST /articles", title=article.title, url=article.url,
                   source=article.source, published=article.published)
    with _INGEST_LOCK:
        pipeline = _pipeline(request)
        (outcome,) = list(pipeline.ingest_items([item], store))
        if outcome.status in ("ingested", "near_duplicate"):
            report = resolve_store(store, pipeline)
            log.info("ingested article %s over the API; %s", outcome.article_id, report.line())
    response.status_code = _STATUS[outcome.status]
    return outcome


def _pipeline(request: Request) -> Any:
    """The app's pipeline, built on the first ingest (importing and loading the language model takes seconds)."""
    from dateline.pipeline import Pipeline

    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        state.pipeline = Pipeline(state.settings)
    return state.pipeline
