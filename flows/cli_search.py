"""The ``newsroom`` commands for following a topic: ``search`` and ``report``
(registered on the command in ``flows.cli``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli_base import (
    EXIT_USAGE,
    JsonOption,
    WarehouseOption,
    console,
    escaped,
    fail,
    print_json,
    say,
    shown,
    which_warehouse,
)
from newsroom.errors import NewsroomError
from newsroom.report import counted

if TYPE_CHECKING:
    from newsroom.warehouse.search import Filters


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        fail(option, f"{escaped(value)} is not a date like 2026-03-01", EXIT_USAGE)


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words (all must be there), "a phrase", AND, OR, NOT or -word, (brackets).',
        ),
    ],
    warehouse: WarehouseOption = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Published (else first seen) on or after.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="Published (else first seen) on or before.")
    ] = None,
    outlet: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help="From this outlet (repeatable): its name as the results show it"
            " ('BBC News'; 'file' for files), or its domain ('bbc.co.uk').",
        ),
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option(metavar="CODE", help="In this language, e.g. en.")
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help='Mentioning this person, in full: "Vladimir Putin".'),
    ] = None,
    org: Annotated[
        list[str] | None, typer.Option(metavar="NAME", help="Mentioning this organisation.")
    ] = None,
    place: Annotated[
        list[str] | None, typer.Option(metavar="NAME", help="Mentioning this place.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many stories.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search the articles: stories ranked by BM25 over title and body, copies folded in.

    Exit 1 when there is no warehouse or no index, 2 when the query cannot be read.
    """
    from newsroom.search_query import QueryError, parse
    from newsroom.warehouse import Warehouse
    from newsroom.warehouse.search import Filters

    try:
        node = parse(query)
    except QueryError as exc:
        fail("query", shown(exc), EXIT_USAGE)
    filters = Filters(
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        outlets=tuple(outlet or ()),
        languages=tuple(language or ()),
        people=tuple(person or ()),
        orgs=tuple(org or ()),
        places=tuple(place or ()),
    )
    where = which_warehouse(ctx, warehouse)
    try:
        hits = Warehouse(where.warehouse).search(node, filters, limit)
    except QueryError as exc:
        fail("query", shown(exc), EXIT_USAGE)
    except NewsroomError as exc:
        fail("error", shown(exc))
    if as_json:
        stories = [asdict(hit) for hit in hits]
        print_json({"query": query, "filters": _filters_json(filters), "stories": stories})
        return
    if not hits:
        say("no matching articles")
        return
    from rich.table import Table

    table = Table("score", "story", "title", "copies", "outlets", "date", title=f"search: {query}")
    for hit in hits:
        table.add_row(
            f"{hit.score:.2f}",
            hit.story_id,
            escaped(hit.title),
            f"{hit.matching}/{hit.copies}",
            escaped(", ".join(hit.outlets)),
            f"{hit.published:%Y-%m-%d}" if hit.published else f"seen {hit.first_seen:%Y-%m-%d}",
        )
    console().print(table)


def _filters_json(filters: Filters) -> dict[str, object]:
    return {k: v for k, v in asdict(filters).items() if v not in (None, ())}


def report(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("report.html"),
    topic: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="A topic of newsroom.toml; default: every article."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Published (else first seen) on or after.")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Published (else first seen) on or before."),
    ] = None,
    warehouse: WarehouseOption = None,
) -> None:
    """Write one self-contained HTML report: attention per day by outlet, the biggest
    stories, the people, organisations and places rising, quotes by speaker. The
    rising are those of the last seven days in view: --until ends the view (an archive's
    month, say).

    Exit 1 when there is no warehouse, 2 when the topic is not declared.
    """
    from datetime import UTC, datetime

    from newsroom.config import declared_topics
    from newsroom.report import render_html
    from newsroom.warehouse import Warehouse

    chosen = None
    if topic is not None:
        try:
            declared = {t.name: t for t in declared_topics()}
        except NewsroomError as exc:
            fail("config", shown(exc), EXIT_USAGE)
        if topic not in declared:
            known = ", ".join(sorted(declared)) or "none"
            fail("--topic", f"no topic {escaped(topic)} in newsroom.toml (declared: {known})", 2)
        chosen = declared[topic]
    where = which_warehouse(ctx, warehouse)
    try:
        data = Warehouse(where.warehouse).report(
            chosen, _day(since, "--since"), _day(until, "--until")
        )
    except NewsroomError as exc:
        fail("error", shown(exc))
    made = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC from {where.warehouse}"
    try:
        out.write_text(render_html(data, made), encoding="utf-8")
    except OSError as exc:
        fail("--out", f"cannot write {escaped(out)}: {exc.strerror}")
    say(f"{escaped(out)}: {counted(data.articles, 'article')} in {counted(data.stories, 'story')}")
