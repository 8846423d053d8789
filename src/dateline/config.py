"""Settings: one validated model, read from defaults < dateline.toml < DATELINE_* env < CLI flags.

Functions take settings explicitly; nothing reads the environment behind the
caller's back except :func:`load_settings`, which the CLI and API call once.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_DB = "sqlite:///dateline.db"


class Settings(BaseModel):
    """Every knob dateline has, with its default."""

    model_config = ConfigDict(extra="forbid")

    db: str = Field(DEFAULT_DB, description="Store URL: sqlite:///path.db or postgresql+psycopg://...")
    actors_file: Path | None = Field(None, description="Extra actors (YAML or CSV) added to the knowledge base")
    places_file: Path | None = Field(None, description="Extra places (CSV) added to the gazetteer")
    batch_size: int = Field(64, ge=1, description="Articles per extraction batch and per store flush (parsed in size-bounded nlp.pipe batches)")
    near_duplicate_threshold: float = Field(0.8, gt=0, le=1, description="MinHash Jaccard above which an article is a near-duplicate")
    max_chars: int = Field(5_000_000, ge=1, description="Articles longer than this are skipped with a reason")
    event_classifier: str = Field("rules", description="Event type classifier: 'rules' (default)")


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Build settings from ``dateline.toml`` (or ``config_file``), ``DATELINE_*`` env and overrides.

    ``overrides`` with value None are ignored so CLI flags that were not given
    do not mask the file or the environment.
    """
    values: dict[str, object] = {}
    path = config_file or Path("dateline.toml")
    if path.is_file():
        with path.open("rb") as fh:
            values.update(tomllib.load(fh))
    for name in Settings.model_fields:
        env = os.environ.get(f"DATELINE_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
