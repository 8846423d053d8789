"""The ``dateline`` command: thin wrappers over importable functions.

Conventions (shared by every command):

* ``--db URL`` goes before the command (``dateline --db sqlite:///x.db ingest ...``)
  and is also read from ``DATELINE_DB``; the default is ``sqlite:///dateline.db``.
* Records go to stdout: a table on a terminal, JSON lines (one record per line)
  when piped or with ``--json``. Logs, progress and summaries go to stderr.
* ``-`` reads standard input wherever a file is expected.
* Exit codes: 0 all good; 1 the run finished but some inputs were skipped or
  failed; 2 usage or configuration error; 3 a resource (model, gazetteer,
  database) is missing.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from dateline.config import Settings, load_settings
from dateline.errors import DatelineError, NotAvailable, ResourceMissing

log = logging.getLogger(__name__)

EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_RESOURCE = 3


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _is_tty() -> bool:
    return sys.stdout.isatty()


def emit(rows: Iterable[dict[str, Any]], *, columns: Sequence[str], as_json: bool, title: str | None = None) -> int:
    """Write rows as JSON lines (piped or ``--json``) or as a table (terminal). Returns the row count."""
    n = 0
    if as_json or not _is_tty():
        for row in rows:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
            n += 1
        return n
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        n += 1
    Console().print(table)
    return n


def _emit_record(record: Any, as_json: bool) -> None:
    """Print one model record: JSON, or its human rendering on a terminal."""
    if as_json or not _is_tty():
        click.echo(record.to_json() if hasattr(record, "to_json") else json.dumps(record, default=str))
    else:
        from dateline.render import render_record

        click.echo(render_record(record))


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="JSON lines on stdout, one record per line.")(f)


# ---------------------------------------------------------------------------
# Group
# ---------------------------------------------------------------------------


class _Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store = None
        self.mapped_reads = True  # a command that mostly writes sets False before its first use of store

    @property
    def store(self):
        if self._store is None:
            from dateline.store import Store

            self._store = Store(self.settings.db, mapped_reads=self.mapped_reads)
        return self._store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="DATELINE_DB", default=None, metavar="URL",
              help="Store URL (default sqlite:///dateline.db); also DATELINE_DB.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None,
              help="Settings file (default ./dateline.toml if present).")
@click.option("-v", "--verbose", count=True, help="-v for info, -vv for debug logs on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar or summary.")
@click.version_option(package_name="dateline")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_file: Path | None, verbose: int, quiet: bool) -> None:
    """dateline: news articles in, political and conflict events out.

    \b
    Examples:
      dateline ingest examples/
      dateline events
      dateline --db sqlite:///news.db ingest feeds/ --json | jq .status
      dateline export --format csv -o events.csv
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = _Context(load_settings(config_file, db=db))
    ctx.obj.quiet = quiet


def main() -> None:
    """Console-script entry point: maps dateline's errors to documented exit codes."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except ResourceMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_RESOURCE)
    except (NotAvailable, DatelineError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if isinstance(code, int) and code:  # without standalone mode, click returns ctx.exit(N) instead of raising
        sys.exit(code)


# ---------------------------------------------------------------------------
# ingest
# ---------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_json_option
@click.option("--text-column", default=None, help="CSV/JSON field holding the article text.")
@click.option("--title-column", default=None, help="CSV/JSON field holding the title.")
@click.option("--date-column", default=None, help="CSV/JSON field holding the publication date.")
@click.option("--url-column", default=None, help="CSV/JSON field holding the URL.")
@click.option("--source-column", default=None, help="CSV/JSON field holding the outlet name.")
@click.option("--actors", "actors_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Extra actors (YAML or CSV) for the knowledge base.")
@click.option("--places", "places_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Extra places (CSV) for the gazetteer.")
@click.option("--no-resolve", is_flag=True, help="Skip cross-source resolution after ingest.")
@click.option("--workers", type=int, default=None, help="Run extraction on a local Dask cluster of N workers.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Run extraction on an existing Dask scheduler.")
@click.pass_obj
def ingest(obj: _Context, paths: tuple[str, ...], as_json: bool, text_column: str | None, title_column: str | None,
           date_column: str | None, url_column: str | None, source_column: str | None, actors_file: Path | None,
           places_file: Path | None, no_resolve: bool, workers: int | None, scheduler: str | None) -> None:
    """Read articles (files, folders, - for stdin), extract events, store them.

    Formats: .txt, .json, .jsonl, .csv, .html, .rss/.atom/.xml, folders
    (recursive). Every item ends in one outcome: ingested, duplicate,
    near-duplicate, skipped or error (with the reason). Exit code 1 when some
    items were skipped or failed.

    \b
    Examples:
      dateline ingest examples/
      dateline ingest news.csv --text-column body --date-column pubdate
      cat article.txt | dateline ingest - --json
    """
    from dateline.ingest import ColumnMap
    from dateline.pipeline import Pipeline, RunSummary
    from dateline.progress import progress_outcomes

    obj.mapped_reads = False  # the writer reads little; mapped store pages would only swell its resident memory
    settings = obj.settings.model_copy(update={k: v for k, v in
                                               {"actors_file": actors_file, "places_file": places_file}.items()
                                               if v is not None})
    columns = ColumnMap.with_overrides(text=text_column, title=title_column, published=date_column,
                                       url=url_column, source=source_column)
    pipeline = Pipeline(settings)
    summary = RunSummary()
    if workers or scheduler:
        from dateline.scale import ingest_distributed

        outcomes = ingest_distributed(pipeline, paths, obj.store, columns=columns, workers=workers,
                                      scheduler=scheduler)
    else:
        outcomes = pipeline.ingest(paths, obj.store, columns=columns)
    for outcome in progress_outcomes(outcomes, enabled=not obj.quiet):
        summary.add(outcome)
        if as_json or not _is_tty():
            click.echo(outcome.to_json())
        elif outcome.status in ("error", "skipped"):
            click.echo(f"{outcome.status}: {outcome.origin}: {outcome.reason}", err=True)
    stored = summary.counts.get("ingested", 0) + summary.counts.get("near_duplicate", 0)
    if not no_resolve and (stored or obj.store.resolution_pending()):  # pending: an earlier pass was cut short
        from dateline.resolve_store import resolve_store

        pipeline.release()  # the pass loads the model again only if it re-dates an article
        report = resolve_store(obj.store, pipeline)
        if not obj.quiet:
            click.echo(report.line(), err=True)
    if not obj.quiet:
        click.echo(summary.line(), err=True)
        if summary.counts.get("duplicate") and not summary.counts.get("ingested"):
            click.echo("nothing new: every article was already in the store", err=True)
    click.get_current_context().exit(EXIT_PARTIAL if summary.failed else 0)


# ---------------------------------------------------------------------------
# read commands
# ---------------------------------------------------------------------------


ARTICLE_COLUMNS = ("id", "published", "found_in", "source", "kind", "title")


@cli.command()
@_json_option
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--offset", type=int, default=0)
@click.pass_obj
def articles(obj: _Context, as_json: bool, limit: int, offset: int) -> None:
    """List stored articles.

    \b
    Example:
      dateline articles --limit 10
    """
    from dateline.render import article_row

    rows = (article_row(a, as_json=as_json or not _is_tty()) for a in obj.store.articles(limit=limit, offset=offset))
    if not emit(rows, columns=ARTICLE_COLUMNS, as_json=as_json, title="articles"):
        click.echo("no articles yet: run `dateline ingest PATH`", err=True)


EVENT_COLUMNS = ("date", "type", "acled", "source → target", "place", "modality", "conf", "article")


def _event_filters(f):
    opts = [
        click.option("--from", "date_from", default=None, metavar="YYYY-MM-DD", help="Events on or after this day."),
        click.option("--to", "date_to", default=None, metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option("--type", "type_", default=None, help="PLOVER type, e.g. ASSAULT."),
        click.option("--mode", default=None, help="PLOVER mode, e.g. heavy-weapons."),
        click.option("--acled-type", default=None, help="ACLED event type."),
        click.option("--actor", default=None, help="Actor code or text (substring)."),
        click.option("--country", default=None, help="ISO 3166-1 alpha-2 country of the event place."),
        click.option("--story", "story_id", default=None, help="Story id."),
        click.option("--source", default=None, help="Outlet."),
        click.option("--modality", default=None, help="asserted, negated, threatened, hypothetical, claimed, opinion."),
        click.option("--min-confidence", type=float, default=None),
        click.option("--q", "q", default=None, help="Full-text search over evidence."),
        click.option("--article", "article_id", default=None, help="Only this article's events."),
        click.option("--sort", default="date", show_default=True, help="date, -date, confidence, -confidence, type."),
        click.option("--limit", type=int, default=1000, show_default=True),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    renamed = {"type_": "type"}
    return {renamed.get(k, k): v for k, v in kwargs.items() if v is not None}


@cli.command()
@_json_option
@_event_filters
@click.pass_obj
def events(obj: _Context, as_json: bool, **kwargs: Any) -> None:
    """List extracted events: date, type, who did what to whom, where, how sure.

    \b
    Examples:
      dateline events
      dateline events --type ASSAULT --country IQ --json
      dateline events --q "rocket fire"
    """
    from dateline.render import event_row

    structured = as_json or not _is_tty()
    rows = (e.model_dump(mode="json") if structured else event_row(e)
            for e in obj.store.events(**_filters(kwargs)))
    if not emit(rows, columns=EVENT_COLUMNS, as_json=as_json, title="events"):
        if obj.store.count_articles() == 0:
            click.echo("no events: the store has no articles yet; run `dateline ingest PATH`", err=True)
        else:
            click.echo("no events match", err=True)


STORY_COLUMNS = ("id", "dates", "type", "summary", "sources", "independent", "events", "disagreements")


@cli.command()
@_json_option
@click.option("--limit", type=int, default=1000, show_default=True)
@click.pass_obj
def stories(obj: _Context, as_json: bool, limit: int) -> None:
    """List resolved events: one happening, every source that reported it.

    \b
    Example:
      dateline stories
    """
    from dateline.render import story_row

    structured = as_json or not _is_tty()
    rows = (s.model_dump(mode="json") if structured else story_row(s) for s in obj.store.stories(limit=limit))
    if not emit(rows, columns=STORY_COLUMNS, as_json=as_json, title="stories"):
        click.echo("no stories yet: ingest articles first", err=True)


@cli.command()
@click.argument("item_id")
@_json_option
@click.pass_obj
def show(obj: _Context, item_id: str, as_json: bool) -> None:
    """Show an article, event or story by id, with everything extracted and its evidence.

    \b
    Example:
      dateline show 3f9a1c2e4b5d6a7f
    """
    from dateline.render import gather

    record = gather(obj.store, item_id)
    if record is None:
        raise click.ClickException(f"no article, event or story with id {item_id!r}; list ids with `dateline articles`")
    _emit_record(record, as_json)


@cli.command()
@_json_option
@click.pass_obj
def stats(obj: _Context, as_json: bool) -> None:
    """Counts of articles, events and stories, by day, type and country.

    \b
    Example:
      dateline stats --json
    """
    data = obj.store.stats()
    if as_json or not _is_tty():
        click.echo(json.dumps(data, default=str))
    else:
        from dateline.render import render_stats

        click.echo(render_stats(data))


# ---------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled", "geojson", "parquet", "plover", "cameo"]),
              default="jsonl", show_default=True)
@click.option("-o", "--output", default="-", help="Output file (default stdout; parquet needs a file).")
@_event_filters
@click.pass_obj
def export(obj: _Context, fmt: str, output: str, **kwargs: Any) -> None:
    """Export events: JSON lines, ACLED-style CSV, GeoJSON, Parquet, PLOVER JSON, CAMEO TSV.

    Streams: the whole store never sits in memory.

    \b
    Examples:
      dateline export --format csv -o events.csv
      dateline export --format geojson --country IQ > iraq.geojson
      dateline export --format parquet -o events.parquet
    """
    from dateline.export import write_export

    filters = _filters(kwargs)
    limit = filters.pop("limit", None)
    if fmt == "parquet" and output == "-":
        raise click.UsageError("parquet is a binary format: give a file with -o events.parquet")
    n = write_export(obj.store, fmt, output, filters=filters, limit=None if limit == 1000 else limit)
    if not obj.quiet:
        click.echo(f"exported {n} events as {fmt}" + ("" if output == "-" else f" to {output}"), err=True)


# ---------------------------------------------------------------------------
# eval
# ---------------------------------------------------------------------------


@cli.command(name="eval")
@click.argument("task", type=click.Choice(["geo", "events", "plover", "timex", "dedup", "ipe"]))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_json_option
@click.option("--gold-spans", is_flag=True, help="geo: score resolution on the gold toponym spans.")
@click.option("--limit", type=int, default=None, help="Score only the first N gold documents.")
def eval_(task: str, gold: Path, as_json: bool, gold_spans: bool, limit: int | None) -> None:
    """Score an extractor against gold data.

    \b
    Examples:
      dateline eval geo ../shared/eval/geo_lgl.jsonl --gold-spans
      dateline eval events ../shared/eval/event_type_case2021_task2.jsonl --json
      dateline eval plover ../shared/eval/plover_gsr/dev.jsonl
    """
    from dateline.evaluate import run_task

    report = run_task(task, gold, gold_spans=gold_spans, limit=limit)
    if as_json:
        click.echo(json.dumps(report.metrics, default=str))
    else:
        click.echo(report.render())


# ---------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True, help="Enable POST /articles and POST /resolve (needs --token).")
@click.option("--token", envvar="DATELINE_TOKEN", default=None, help="Bearer token for the writes; also DATELINE_TOKEN.")
@click.pass_obj
def serve(obj: _Context, host: str, port: int, allow_ingest: bool, token: str | None) -> None:
    """Serve the JSON API (OpenAPI at /docs) and the web app (map, timeline, evidence).

    \b
    Example:
      dateline serve --port 8000    # then open http://127.0.0.1:8000/
    """
    if allow_ingest and not token:
        raise click.UsageError("--allow-ingest needs --token (or DATELINE_TOKEN) so writes are authenticated")
    import uvicorn

    from dateline.api import create_app

    app = create_app(obj.settings, allow_ingest=allow_ingest, token=token)
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()
