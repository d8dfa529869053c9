"""``newsroom report``: one self-contained HTML file to look at a topic (or the whole
warehouse): attention over time, the biggest stories, who is rising, who is quoted.

The charts are inline SVG drawn here, the style inline CSS: the file needs no network,
no script and no other file, opens in any browser and prints (``@media print``). Every
piece of text from the warehouse is escaped. The data is read by
``newsroom.warehouse.report``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

# A palette readable in colour and in grey print (Okabe–Ito, colour-blind safe).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
KIND_NAMES = {"person": "People", "org": "Organisations", "place": "Places"}
UNDATED = "no date (day first seen)"  # the attention chart's series of undated articles
UNDATED_COLOR = "#cccccc"


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    outlet: str
    articles: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    story_id: str
    title: str
    copies: int
    outlets: list[str]
    first_day: date | None
    dated: bool = True  # first_day is a publication day (else the day first seen)
    translated: tuple[str, ...] = ()  # languages its copies are translated into
    lead: str = ""  # the first words of its canonical copy's body, for a story with no title


RISING_DAYS = 7  # the recent window entities are counted in, against the one before


@dataclass(frozen=True, slots=True)
class Rising:
    kind: str
    entity: str
    recent: int  # articles naming it in the last days in view
    before: int  # in the days before those


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker: str
    quotes: int
    stories: int
    example: str


@dataclass(frozen=True, slots=True)
class ReportData:
    topic: str | None
    query: str | None
    since: date | None
    articles: int
    stories: int
    attention: list[DayCount]
    stories_per_day: list[tuple[date, int]]
    biggest: list[StoryRow]
    rising: list[Rising]
    speakers: list[SpeakerQuotes]
    undated: int = 0  # articles in view with no publication date (drawn apart)
    rising_until: date | None = None  # the last day the rising entities count
    stray: int = 0  # dated articles after it that stand apart from the rest, left out
    stray_from: date | None = None  # the first of their days
    until: date | None = None


def counted(n: int, noun: str) -> str:
    """ "1 article", "2,041 articles", "1 story", "3 stories": a count and its noun."""
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _period(since: date | None, until: date | None) -> str:
    """The dates in view, as the header says them."""
    if since and until:
        return f"{since:%Y-%m-%d} to {until:%Y-%m-%d}"
    if since:
        return f"since {since:%Y-%m-%d}"
    return f"until {until:%Y-%m-%d}" if until else "all dates"


def render_html(data: ReportData, generated: str) -> str:
    """The whole report as one HTML document."""
    title = f"Topic {data.topic}" if data.topic else "All articles"
    scope = f"query <code>{escape(data.query)}</code>, " if data.query else ""
    since = _period(data.since, data.until)
    body = [
        f"<h1>newsroom: {escape(title)}</h1>",
        f'<p class="meta">{scope}{since}: {counted(data.articles, "article")} in'
        f" {counted(data.stories, 'story')}. Made {escape(generated)}.</p>",
        '<section id="attention"><h2>Attention over time</h2>',
        _attention_chart(data.attention, data.stories_per_day),
        _undated_note(data.undated, data.articles),
        "</section>",
        '<section id="biggest"><h2>Biggest stories</h2>',
        _stories_table(data.biggest),
        "</section>",
        '<section id="rising"><h2>Rising: people, organisations, places</h2>',
        _rising_note(data),
        _rising_charts(data.rising),
        "</section>",
        '<section id="quotes"><h2>Quotes by speaker</h2>',
        _speakers_chart(data.speakers),
        "</section>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} - newsroom report</title><style>{_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


_CSS = """
.name { unicode-bidi: plaintext; }  /* a name in a chart: its own direction */
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 8px; } code { background: #f2f2f2; padding: 0 4px; }
svg { display: block; width: 100%; height: auto; overflow: visible; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e3e3;
         vertical-align: top; }
th { font-weight: 600; } td.day { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 6px 0; font-size: 13px; }
.legend span::before { content: ""; display: inline-block; width: 11px; height: 11px;
                       margin-right: 5px; background: var(--c); vertical-align: -1px; }
.kinds { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
         gap: 12px 24px; }
.empty { color: #777; font-style: italic; } .seen, .also { color: #777; }
.untitled { font-style: italic; }
blockquote { margin: 0; color: #444; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  section { break-inside: avoid; } a { color: inherit; text-decoration: none; }
}
"""


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _attention_chart(counts: list[DayCount], stories: list[tuple[date, int]]) -> str:
    """Stacked bars of articles per day by outlet, and a line of stories per day."""
    if not counts:
        return '<p class="empty">No articles in view.</p>'
    days = _days(min(c.day for c in counts), max(c.day for c in counts))
    totals = {d: 0 for d in days}
    for c in counts:
        totals[c.day] += c.articles
    outlets = sorted({c.outlet for c in counts}, key=lambda o: (o == UNDATED, o == "other", o))
    color = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outlets)}
    color[UNDATED] = UNDATED_COLOR
    width, height, left, bottom = 960, 260, 40, 40
    top = max(totals.values())
    step = (width - left) / len(days)
    bar = min(max(step * 0.7, 1.0), 48.0)  # one day is a bar, not a wall

    def y(value: float) -> float:
        return height - bottom - value / top * (height - bottom - 10)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Articles and stories'
        ' per day">',
        *_y_axis(top, y, left, width),
    ]
    stacked = {d: 0 for d in days}
    index = {d: i for i, d in enumerate(days)}
    for outlet in outlets:
        parts.append(f'<g class="series" data-series="{escape(outlet)}" fill="{color[outlet]}">')
        for c in (c for c in counts if c.outlet == outlet):
            x = left + index[c.day] * step + (step - bar) / 2
            low, high = y(stacked[c.day]), y(stacked[c.day] + c.articles)
            stacked[c.day] += c.articles
            parts.append(
                f'<rect x="{x:.1f}" y="{high:.1f}" width="{bar:.1f}" height="{low - high:.1f}">'
                f"<title>{escape(outlet)}, {c.day:%Y-%m-%d}: {counted(c.articles, 'article')}"
                "</title></rect>"
            )
        parts.append("</g>")
    # every day of the axis, none where no story began: a line drawn only between the
    # days that had stories crossed a trial's seven empty months as if stories had gone on
    new_stories = dict(stories)
    points = " ".join(
        f"{left + i * step + step / 2:.1f},{y(new_stories.get(d, 0)):.1f}"
        for i, d in enumerate(days)
    )
    parts.append(
        f'<g class="series" data-series="stories"><polyline points="{points}" fill="none"'
        ' stroke="#111" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    for d, n in stories:
        if d in index:
            cx = left + index[d] * step + step / 2
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{y(n):.1f}" r="3" fill="#111">'
                f"<title>{d:%Y-%m-%d}: {counted(n, 'story')}</title></circle>"
            )
    parts.append("</g>")
    every = max(1, len(days) // 10)
    # Within one year the month and day say which day; across years they would not.
    label = "%b %d" if days[0].year == days[-1].year else "%b %d %Y"
    for i, d in enumerate(days):
        if i % every == 0:
            x = left + i * step + step / 2
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{d.strftime(label)}</text>"
            )
    parts.append("</svg>")
    legend = "".join(f'<span style="--c:{color[o]}">{escape(o)}</span>' for o in outlets)
    legend += '<span style="--c:#111">stories (line)</span>'
    return f'<div class="legend">{legend}</div>' + "".join(parts)


def _undated_note(undated: int, articles: int) -> str:
    """Says how many articles have no publication date and where they are drawn, so an
    archive loaded at once does not read as the outlets' output of the day it was loaded."""
    if not undated:
        return ""
    rising = (
        "the rising people, organisations and places below count days first seen too, as"
        " no article in view is dated"
        if undated == articles
        else "the rising people, organisations and places below count dated articles only"
    )
    return (
        f'<p class="meta" id="undated">{undated:,} of {counted(articles, "article")}'
        f" {'has' if undated == 1 else 'have'} no publication date: they are drawn in grey"
        " on the day they were first seen;"
        f" {rising}.</p>"
    )


def _rising_note(data: ReportData) -> str:
    """Which days the rising entities count, and the articles left out as standing apart
    from the rest (a trial's year of archives had one page dated years ahead: the window
    ended there, with nothing else in it, and the report did not say which days it was)."""
    if data.rising_until is None:
        return ""
    note = (
        f"Articles of the {RISING_DAYS} days to {data.rising_until:%Y-%m-%d}, against the"
        f" {RISING_DAYS} days before."
    )
    if data.stray and data.stray_from:
        one = data.stray == 1
        some, verb = ("1 article", "stands") if one else (f"{data.stray} articles", "stand")
        note += (
            f" Left out: {some} dated {data.stray_from:%Y-%m-%d} or later, which {verb} alone"
            f" after weeks with none (newsroom report --since {data.stray_from:%Y-%m-%d}"
            " looks at them)."
        )
    return f'<p class="meta" id="rising-window">{escape(note)}</p>'


def _y_axis(top: int, y: Callable[[float], float], left: int, width: int) -> list[str]:
    ticks = sorted({0, top // 2, top})
    return [
        f'<line x1="{left}" x2="{width}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>'
        f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t}</text>'
        for t in ticks
    ]


def _stories_table(rows: list[StoryRow]) -> str:
    if not rows:
        return '<p class="empty">No stories in view.</p>'
    most = max(r.copies for r in rows)
    lines = [
        "<table><thead><tr><th>story</th><th>first day</th><th>copies</th>"
        "<th>outlets</th></tr></thead><tbody>"
    ]
    for r in rows:
        width = 80 * r.copies / most
        day = f"{r.first_day:%Y-%m-%d}" if r.first_day else ""
        if day and not r.dated:
            day = f'<span class="seen" title="no copy has a publication date">seen {day}</span>'
        also = ""
        if r.translated:  # its translations' languages
            also = f' <span class="also">also in {", ".join(r.translated)}</span>'
        name = f"<bdi>{escape(r.title)}</bdi>"
        if not r.title and r.lead:  # no title: its first words, marked as such
            name = (
                f'<bdi class="untitled" title="no title: the first words of the story">'
                f"{escape(r.lead)}…</bdi>"
            )
        lines.append(
            f'<tr><td>{name}{also}</td><td class="day">{day}</td>'
            f'<td class="n"><svg class="bar" viewBox="0 0 120 14" width="120" height="14"'
            f' style="width:120px;display:inline"><rect width="{width:.1f}" height="12"'
            f' y="1" fill="{PALETTE[0]}"/><text x="{width + 4:.1f}" y="11">{r.copies}</text>'
            f"</svg></td><td>{escape(', '.join(r.outlets))}</td></tr>"
        )
    lines.append("</tbody></table>")
    return "".join(lines)


def _rising_charts(rows: list[Rising]) -> str:
    """Per kind, paired bars: articles naming it in the recent days, and before them."""
    if not rows:
        return '<p class="empty">No people, organisations or places named in view.</p>'
    charts = []
    for kind, name in KIND_NAMES.items():
        mine = [r for r in rows if r.kind == kind]
        if not mine:
            continue
        most = max(max(r.recent, r.before) for r in mine)
        label, bar_room, row = 150, 140, 24
        height = row * len(mine) + 6
        parts = [
            f'<div><h3>{name}</h3><svg viewBox="0 0 {label + bar_room + 40} {height}"'
            f' role="img" aria-label="{name} rising">'
        ]
        for series, color, offset in (("before", "#bbbbbb", 2), ("recent", PALETTE[5], 11)):
            parts.append(f'<g class="series" data-series="{kind}-{series}" fill="{color}">')
            for i, r in enumerate(mine):
                value = r.before if series == "before" else r.recent
                parts.append(
                    f'<rect x="{label}" y="{i * row + offset}"'
                    f' width="{bar_room * value / most:.1f}" height="8">'
                    f"<title>{escape(r.entity)}: {counted(value, 'article')}"
                    f" ({series})</title></rect>"
                )
            parts.append("</g>")
        for i, r in enumerate(mine):
            parts.append(
                f'<text x="{label - 6}" y="{i * row + 14}" text-anchor="end">'
                f'<tspan class="name">{escape(_short(r.entity, 22))}</tspan></text>'
                f'<text x="{label + bar_room * max(r.recent, r.before) / most + 4:.1f}"'
                f' y="{i * row + 14}">{r.recent} (was {r.before})</text>'
            )
        parts.append("</svg></div>")
        charts.append("".join(parts))
    legend = (
        f'<div class="legend"><span style="--c:{PALETTE[5]}">articles in the last 7 days'
        ' in view</span><span style="--c:#bbbbbb">the 7 days before</span></div>'
    )
    return legend + f'<div class="kinds">{"".join(charts)}</div>'


def _speakers_chart(rows: list[SpeakerQuotes]) -> str:
    if not rows:
        return '<p class="empty">No attributed quotes in view.</p>'
    most = max(r.quotes for r in rows)
    lines = [
        "<table><thead><tr><th>speaker</th><th>quotes</th><th>stories</th>"
        "<th>for example</th></tr></thead><tbody>"
    ]
    for r in rows:
        width = 80 * r.quotes / most
        lines.append(
            f"<tr><td><bdi>{escape(r.speaker)}</bdi></td>"
            f'<td class="n"><svg class="series-bar" data-series="quotes" viewBox="0 0 120 14"'
            f' width="120" height="14" style="width:120px;display:inline"><rect'
            f' width="{width:.1f}" height="12" y="1" fill="{PALETTE[2]}"/>'
            f'<text x="{width + 4:.1f}" y="11">{r.quotes}</text></svg></td>'
            f'<td class="n">{r.stories}</td>'
            f"<td><blockquote>“<bdi>{escape(_short(r.example, 240))}</bdi>”</blockquote></td></tr>"
        )
    lines.append("</tbody></table>")
    return "".join(lines)


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
