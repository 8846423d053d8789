"""The API against its own OpenAPI schema: generated requests (valid and invalid) never cause a server error.

schemathesis reads ``/openapi.json`` from the app and generates requests for
every operation from the declared parameters, then checks each response: no
5xx, a content type the schema declares, a body that matches the response
schema. (Status codes are not checked against the schema: the API answers
invalid input with 400, which its schema does not list yet.) The app serves a small store holding hand-built articles,
events and stories (tests/store_fixtures.py), in-process over ASGI.

Examples per operation: ``DATELINE_SCHEMATHESIS_EXAMPLES`` (default 20; the
full run uses 300).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from dateline.config import Settings
from dateline.store import Store
from tests.store_fixtures import (
    article_a,
    article_b,
    article_c,
    extraction_a,
    extraction_b,
    stories_for,
)
from tests.trust.conftest import env_int

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (pip install schemathesis)")
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = env_int("DATELINE_SCHEMATHESIS_EXAMPLES", 20)


_FOLDER = tempfile.TemporaryDirectory(prefix="dateline-schemathesis-")
"""Built when the module is collected (schemathesis parametrizes from a schema object), removed at exit."""


def _app():
    from dateline.api import create_app

    db = Path(_FOLDER.name) / "store.db"
    with Store(f"sqlite:///{db}") as store:
        a, b = article_a(), article_b()
        ea, eb = extraction_a(a), extraction_b(b)
        store.save_article(a, ea)
        store.save_article(b, eb)
        store.save_article(article_c())
        store.save_stories(stories_for(ea, eb), [])
    return create_app(Settings(db=f"sqlite:///{db}"))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_generated_request_causes_a_server_error(case) -> None:
    case.call_and_validate(checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
                           excluded_checks=[status_code_conformance])


def test_the_schema_lists_the_read_endpoints() -> None:
    paths = set(schema.raw_schema["paths"])
    assert {"/events", "/stories", "/articles"} <= {p.rstrip("/") for p in paths}, sorted(paths)
