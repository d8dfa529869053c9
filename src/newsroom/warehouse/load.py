"""A run's rows into the warehouse: articles, links, archived responses, facts, errors.

Functions over an open connection inside the caller's transaction (``newsroom.warehouse.
runs`` owns the transactions): ``load_articles`` adds a chunk of a run, ``record_run``
writes the run's errors and its row in ``runs``. Arrow tables carry the rows in, so
DuckDB scans them without a per-value Python conversion.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain, islice
from operator import attrgetter
from pathlib import PurePosixPath
from typing import Any, TypeVar

import duckdb
import numpy as np
import pyarrow as pa

from newsroom.dedup import Link, story_id_for
from newsroom.records import (
    NO_FILE_STATES,
    ArchivedResponse,
    Article,
    FileStates,
    LoadResult,
    Rejection,
    RunRecord,
    utcnow,
)
from newsroom.warehouse.arrow import registered, strings

CHUNK = 2000
_BODY_CHUNK = 10_000
_TIMESTAMP = pa.timestamp("us", tz="UTC")
T = TypeVar("T")


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def load_articles(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    articles: Iterable[Article],
    links: Iterable[Link],
    responses: Iterable[ArchivedResponse],
    now: datetime,
) -> LoadResult:
    """Articles, their links and archived responses; the run's row is not written."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS"
        " SELECT * EXCLUDE (article_id, document_id, version, is_canonical, superseded_at,"
        " superseded_by, body), 0::BIGINT AS row_no FROM article_versions LIMIT 0"
    )
    # Bands refer to their article by its row number in this load: 8 bytes a key row,
    # not a URI. The temp tables hold no bodies: they go from the articles straight
    # into article_versions below, so a million of them are not held twice.
    if not isinstance(articles, Sequence):
        articles = list(articles)
    con.execute("CREATE OR REPLACE TEMP TABLE staged_bands (row_no BIGINT, band_key BIGINT)")
    for table, target in _FACT_TABLES.items():
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS"
            f" SELECT 0::BIGINT AS row_no, * EXCLUDE (article_id) FROM {target} LIMIT 0"
        )
    row_no = 0
    for chunk in chunks(articles):
        stage_articles(con, chunk, row_no, run_id, now)
        row_no += len(chunk)

    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming AS
        WITH latest AS (
            SELECT source_uri, max(version) AS version
            FROM article_versions
            WHERE source_uri IN (SELECT source_uri FROM staged)
            GROUP BY source_uri
        )
        SELECT s.row_no, s.source_uri, s.raw_sha256, s.story_id,
               cur.article_id AS prev_id,
               cur.raw_sha256 AS prev_sha,
               coalesce(latest.version, 0) + 1 AS version
        FROM staged s
        LEFT JOIN article_versions cur
               ON cur.source_uri = s.source_uri AND cur.superseded_at IS NULL
        LEFT JOIN latest ON latest.source_uri = s.source_uri
        """
    )
    unchanged, changed, new = con.execute(
        "SELECT count(*) FILTER (prev_sha = raw_sha256),"
        " count(*) FILTER (prev_sha <> raw_sha256),"
        " count(*) FILTER (prev_sha IS NULL) FROM incoming"
    ).fetchone() or (0, 0, 0)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inserts AS
        SELECT *, 'a_' || substr(sha256(source_uri || chr(0) || version::VARCHAR), 1, 20)
                  AS article_id
        FROM incoming
        WHERE prev_sha IS NULL OR prev_sha <> raw_sha256
        ORDER BY row_no
        """
    )
    con.execute(
        """
        UPDATE article_versions
        SET superseded_at = ?, superseded_by = i.article_id, is_canonical = false
        FROM inserts i
        WHERE article_versions.article_id = i.prev_id
        """,
        [now],
    )
    row_no = 0
    for chunk in chunks(articles, _BODY_CHUNK):
        _insert_versions(con, chunk, row_no)
        row_no += len(chunk)
    # Bands and links of the new versions; superseded versions leave the band index.
    con.execute(
        "DELETE FROM article_bands WHERE article_id IN"
        " (SELECT prev_id FROM inserts WHERE prev_id IS NOT NULL)"
    )
    con.execute(
        "INSERT INTO article_bands SELECT i.article_id, b.band_key"
        " FROM staged_bands b JOIN inserts i USING (row_no)"
    )
    for table, target in _FACT_TABLES.items():
        con.execute(
            f"INSERT INTO {target} BY NAME SELECT i.article_id, f.* EXCLUDE (row_no)"
            f" FROM {table} f JOIN inserts i USING (row_no)"
        )
    _people_by_surname(con)
    _surnames_as_the_person(con)
    _scripts_as_one(con)
    _spellings_as_one(con)
    brings_german = con.execute(
        "SELECT 1 FROM inserts i JOIN articles a USING (article_id) WHERE a.language = 'de' LIMIT 1"
    ).fetchone()
    if brings_german:  # a scan of every German mention: only when there is something new
        _german_forms_filed(con)
    new_links = 0
    for chunk_links in chunks(links):
        new_links += _insert_links(con, chunk_links, run_id, now)
    # Canonical row of every story the load touched
    recanonicalise(
        con,
        """
        SELECT story_id FROM inserts
        UNION
        SELECT a.story_id FROM article_versions a JOIN inserts i ON a.article_id = i.prev_id
        """,
    )
    # A new row is a copy when its story has a member loaded before it: a member not
    # in this load (an earlier run, or an earlier chunk of this one), or one of this
    # load's with a smaller source URI (the founder). A new version that kept its earlier
    # version's story is neither a copy nor a new story.
    copies_row = con.execute(
        """
        SELECT count(*) FILTER (copy AND NOT kept), count(*) FILTER (NOT copy AND NOT kept)
        FROM (
            SELECT EXISTS (
                SELECT 1 FROM articles a
                WHERE a.story_id = i.story_id AND a.article_id <> i.article_id
                  AND (a.article_id NOT IN (SELECT article_id FROM inserts)
                       OR a.source_uri < i.source_uri)
            ) AS copy,
            EXISTS (
                SELECT 1 FROM article_versions p
                WHERE p.article_id = i.prev_id AND p.story_id = i.story_id
            ) AS kept
            FROM inserts i
        )
        """
    ).fetchone()
    duplicates, new_stories = copies_row if copies_row else (0, 0)

    for archived in chunks(responses, 200):
        _archive(con, archived, run_id)

    for table in ("staged", "staged_bands", "incoming", "inserts", "canon", *_FACT_TABLES):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return LoadResult(
        new=new,
        unchanged=unchanged,
        changed=changed,
        duplicates=duplicates,
        errors=0,
        new_stories=new_stories,
    )


def recanonicalise(con: duckdb.DuckDBPyConnection, stories: str) -> None:
    """Choose the canonical row of every story ``stories`` (a query of ``story_id``s)
    selects (see the warehouse README): a copy that corrects the story (a wire's
    "(Corrects …)" note), else one whose file is not gone from its folder
    (``gone_files``: a renamed file's old path yields to its new one), else one that is no
    republication of another outlet's ("This article first appeared in …"), else one read
    from a page's structure (HTML, NITF: ``extraction_method``) over a plain text (a page
    copied as text keeps boxes and prompts the extractor drops: more words, not a better
    copy), else the one with most words, then the earliest."""
    con.execute(
        rf"""
        CREATE OR REPLACE TEMP TABLE canon AS
        SELECT story_id,
               first(article_id ORDER BY c.article_id IS NOT NULL DESC,
                     g.source_uri IS NULL DESC, r.article_id IS NULL DESC,
                     extraction_method IS NOT NULL DESC, word_count DESC,
                     coalesce(published_at, first_seen_at), first_seen_at, source_uri, version)
                   AS canonical_id
        FROM article_versions
        LEFT JOIN (
            SELECT DISTINCT article_id FROM article_fields
            WHERE field = 'editors_note' AND regexp_matches(value, '^\W*correct', 'i')
        ) c USING (article_id)
        LEFT JOIN (
            SELECT DISTINCT f.article_id FROM article_fields f
            JOIN article_versions v USING (article_id)
            WHERE f.field = 'credit_outlet' AND f.method = 'republished'
              AND lower(f.value) IS DISTINCT FROM lower(trim(v.site_name))
        ) r USING (article_id)
        LEFT JOIN (SELECT DISTINCT source_uri FROM gone_files) g USING (source_uri)
        WHERE superseded_at IS NULL AND story_id IN ({stories})
        GROUP BY story_id
        """
    )
    con.execute(
        """
        UPDATE article_versions
        SET is_canonical = (article_versions.article_id = canon.canonical_id)
        FROM canon
        WHERE article_versions.story_id = canon.story_id
          AND article_versions.superseded_at IS NULL
        """
    )


def _people_by_surname(con: duckdb.DuckDBPyConnection) -> None:
    """A lone word a speech verb went with ("Putin said on Tuesday …"), which the facts
    step could only guess an organisation (method ``lone_speaker``, and the name tagger
    leaning the other way: confidence under 0.5), is a person when the warehouse's other
    articles name a person of that surname in full ("Vladimir Putin") in more articles
    than they name the word an organisation on firmer evidence. The mention becomes that
    person's (method ``warehouse_surname``, confidence the tagger's for not an
    organisation), filed under the full name (``canonical``) when one full name has two
    thirds of that surname's articles. Every load asks again, so an article loaded before
    the first that names the person in full is settled by the load that brings it. (The
    two methods are ``facts.Method.LONE_SPEAKER`` and ``facts.WAREHOUSE_SURNAME``, written
    out: the warehouse does not import the facts package.)"""
    con.execute(
        r"""
        UPDATE mentions
        SET kind = 'person', method = 'warehouse_surname', confidence = 1 - confidence,
            canonical = CASE WHEN r.one_person THEN r.full_name END
        FROM (
            WITH lone AS (
                SELECT DISTINCT lower(entity) AS surname FROM mentions
                WHERE method = 'lone_speaker' AND kind = 'org' AND confidence < 0.5
            ),
            people AS (
                SELECT lower(regexp_extract(entity, '(\S+)$', 1)) AS surname, entity,
                       count(DISTINCT article_id) AS articles
                FROM mentions
                WHERE kind = 'person' AND contains(entity, ' ')
                  AND method IS DISTINCT FROM 'teaser'
                  AND lower(regexp_extract(entity, '(\S+)$', 1)) IN (SELECT surname FROM lone)
                GROUP BY ALL
            ),
            orgs AS (
                SELECT lower(entity) AS surname, count(DISTINCT article_id) AS articles
                FROM mentions
                WHERE kind = 'org' AND method NOT IN ('lone_speaker', 'teaser')
                  AND lower(entity) IN (SELECT surname FROM lone)
                GROUP BY ALL
            )
            SELECT p.surname, arg_max(p.entity, p.articles) AS full_name,
                   3 * max(p.articles) >= 2 * sum(p.articles) AS one_person
            FROM people p LEFT JOIN orgs o USING (surname)
            GROUP BY p.surname
            HAVING sum(p.articles) > coalesce(max(o.articles), 0)
        ) r
        WHERE mentions.method = 'lone_speaker' AND mentions.kind = 'org'
          AND mentions.confidence < 0.5 AND lower(mentions.entity) = r.surname
        """
    )


def _surnames_as_the_person(con: duckdb.DuckDBPyConnection) -> None:
    """A person named by the surname alone in an article that never gives the full name
    ("Obama said …") is filed under the full name the warehouse's other articles use for
    that surname (``canonical``: "Barack Obama"), when one full name has two thirds of the
    articles that name someone of that surname in full ("Bush" beside "George W. Bush",
    "George H. W. Bush" and "Jeb Bush" in as many stays as written). Each form stays a row
    of its own. A trial's archive counted "Barack Obama" in 35 articles and "Obama" in 27
    apart. Asked for the surnames and full names the load brings, so a surname loaded
    before its full name is settled by the load that brings the full name. A word that
    is a first name is left alone ("John" is no "Elton John", "Pope Francis" no "Charlie
    Francis": trial20)."""
    from newsroom.facts.lexicon import is_given_name  # the facts package, only when asked

    lone = con.execute(
        r"""
        SELECT DISTINCT coalesce(m.canonical, m.entity)
        FROM mentions m JOIN inserts i USING (article_id)
        WHERE m.kind = 'person' AND NOT contains(coalesce(m.canonical, m.entity), ' ')
        UNION
        SELECT DISTINCT regexp_extract(coalesce(m.canonical, m.entity), '(\S+)$', 1)
        FROM mentions m JOIN inserts i USING (article_id)
        WHERE m.kind = 'person' AND contains(coalesce(m.canonical, m.entity), ' ')
        """
    ).fetchall()
    surnames = {name.lower() for (name,) in lone if name and not is_given_name(name)}
    if not surnames:
        return
    with registered(con, "brought_surnames", strings(surnames)):
        _file_surnames(con)


def _file_surnames(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        r"""
        UPDATE mentions
        SET canonical = r.full_name
        FROM (
            WITH named AS (
                SELECT m.article_id, coalesce(m.canonical, m.entity) AS name,
                       contains(coalesce(m.canonical, m.entity), ' ') AS full,
                       lower(regexp_extract(coalesce(m.canonical, m.entity), '(\S+)$', 1))
                           AS surname
                FROM mentions m
                WHERE m.kind = 'person' AND m.method IS DISTINCT FROM 'teaser'
            ),
            people AS (
                SELECT n.surname, n.name, count(DISTINCT n.article_id) AS articles
                FROM named n JOIN brought_surnames b ON b.value = n.surname
                WHERE n.full
                GROUP BY ALL
            )
            SELECT surname, arg_max(name, articles) AS full_name
            FROM people
            GROUP BY surname
            HAVING 3 * max(articles) >= 2 * sum(articles)
        ) r
        WHERE mentions.kind = 'person' AND mentions.method IS DISTINCT FROM 'teaser'
          AND NOT contains(coalesce(mentions.canonical, mentions.entity), ' ')
          AND lower(coalesce(mentions.canonical, mentions.entity)) = r.surname
        """
    )


# A letter of a script other than Latin (Greek, Cyrillic, … CJK), as RE2 writes it.
_NOT_LATIN = r"[\x{0370}-\x{1DFF}\x{2E80}-\x{D7FF}\x{F900}-\x{FFEF}]"


def _name_sounds(name: str) -> tuple[str, ...]:
    """A full name's words as they sound (``translations.name_sound``; "ks" as "x"), the
    way two scripts' spellings of one name meet."""
    from newsroom.translations import name_sound

    return tuple(name_sound(word.replace("кс", "x").replace("ks", "x")) for word in name.split())


def _scripts_as_one(con: duckdb.DuckDBPyConnection) -> None:
    """A person's full name as another language writes it is filed under the spelling
    the warehouse's English articles use, when every word of the two sounds alike
    (transliterated, the spellings of one sound made one: "Зеленский", "Selenskyj" and
    "Zelensky"): a name in another script ("Владимир Путин", its nominative where the
    facts step gave one), and a Latin spelling no English article uses ("Wladimir
    Putin", "Sergej Lawrow"). Of several English spellings, the one most English articles
    use; a name in another script with none is filed under the Latin spelling most
    articles use. Names of one word are left alone (a surname many people share). trial18
    followed one story in Russian, Ukrainian and English and found each language's people
    apart; trial20 found a Ukrainian name filed under the German spelling."""
    names = con.execute(
        f"""
        SELECT coalesce(m.canonical, m.entity) AS name,
               regexp_matches(coalesce(m.canonical, m.entity), '{_NOT_LATIN}') AS foreign,
               count(DISTINCT m.article_id) FILTER (WHERE v.language = 'en') AS english,
               count(DISTINCT m.article_id) AS articles
        FROM mentions m JOIN article_versions v USING (article_id)
        WHERE m.kind = 'person' AND contains(coalesce(m.canonical, m.entity), ' ')
          AND m.method IS DISTINCT FROM 'teaser' AND v.superseded_at IS NULL
        GROUP BY ALL
        """
    ).fetchall()
    wanted: dict[tuple[str, ...], list[tuple[str, bool]]] = {}  # names and whether foreign
    spellings: list[Spelling] = []
    for name, foreign, english, articles in names:
        sounds = _name_sounds(name)
        if (foreign or not english) and all(len(s) >= 2 for s in sounds):
            wanted.setdefault(sounds, []).append((name, foreign))
        if not foreign:
            spellings.append((name, sounds, english, articles))
    best: dict[tuple[str, ...], tuple[int, int, str]] = {}
    for name, sounds, english, articles in spellings:
        if sounds in wanted and (english, articles, name) > best.get(sounds, (0, 0, "")):
            best[sounds] = (english, articles, name)
    filed = [
        (other, target)
        for sounds, others in wanted.items()
        if sounds in best
        for english, _, target in [best[sounds]]
        for other, foreign in others
        # a Latin spelling goes to an English one only; no name to itself
        if other != target and (english or foreign)
    ]
    filed += _surnames_across_scripts(con, spellings)
    if not filed:
        return
    table = pa.table({"name": [o for o, _ in filed], "filed": [f for _, f in filed]})
    with registered(con, "script_filed", table):
        con.execute(
            """
            UPDATE mentions SET canonical = f.filed
            FROM script_filed f
            WHERE mentions.kind = 'person' AND mentions.method IS DISTINCT FROM 'teaser'
              AND coalesce(mentions.canonical, mentions.entity) = f.name
            """
        )


# A Latin full name of a person: the name, its words' sounds (``_name_sounds``), and the
# English and all articles naming it.
Spelling = tuple[str, tuple[str, ...], int, int]


def _surnames_across_scripts(
    con: duckdb.DuckDBPyConnection, spellings: list[Spelling]
) -> list[tuple[str, str]]:
    """A surname alone in another script ("Путин", in an article that never gives the full
    name) with the full name in Latin letters whose surname sounds alike: (the surname,
    the full name), when one full name has two thirds of the articles naming someone of
    that surname in full, as ``_surnames_as_the_person`` asks within a script; not a
    first name. ``spellings``: the Latin full names (``Spelling``)."""
    from newsroom.facts.lexicon import is_given_name  # the facts package, only when asked

    lone = con.execute(
        f"""
        SELECT DISTINCT coalesce(canonical, entity) FROM mentions
        WHERE kind = 'person' AND NOT contains(coalesce(canonical, entity), ' ')
          AND regexp_matches(coalesce(canonical, entity), '{_NOT_LATIN}')
          AND method IS DISTINCT FROM 'teaser'
        """
    ).fetchall()
    if not lone:
        return []
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for name, sounds, _, articles in spellings:
        by_surname.setdefault(sounds[-1], []).append((articles, name))
    out = []
    for (word,) in lone:
        people = by_surname.get(_name_sounds(word)[0]) if not is_given_name(word) else None
        if people and 3 * (most := max(people))[0] >= 2 * sum(n for n, _ in people):
            out.append((word, most[1]))
    return out


def _spellings_as_one(con: duckdb.DuckDBPyConnection) -> None:
    """A name the warehouse holds spelt with and without its accents, or in capitals
    ("Péter Szijjártó" and "Peter Szijjarto", "Bruselas" and "BRUSELAS"), is filed under
    one spelling (``canonical``): the accented one, else the one not in capitals, the most
    used among those; each form stays a row of its own. Outlets that drop accents, and
    datelines in capitals, had made one person or place two in the ``entities`` view and
    the report (trial11), while search already folded them. Asked for the names the load
    brings, so a form loaded before its other spelling is settled by the load that brings
    it."""
    con.execute(
        r"""
        UPDATE mentions
        SET canonical = r.filed
        FROM (
            WITH brought AS (
                SELECT DISTINCT strip_accents(lower(m.entity)) AS folded, m.kind
                FROM mentions m JOIN inserts i USING (article_id)
                WHERE m.canonical IS NULL AND m.method IS DISTINCT FROM 'teaser'
            ),
            forms AS (
                SELECT b.folded, m.kind, m.entity, count(DISTINCT m.article_id) AS articles
                FROM mentions m
                JOIN brought b ON b.kind = m.kind AND b.folded = strip_accents(lower(m.entity))
                WHERE m.canonical IS NULL AND m.method IS DISTINCT FROM 'teaser'
                GROUP BY ALL
            )
            SELECT folded, kind,
                   arg_max(
                       entity,
                       (CASE WHEN entity <> strip_accents(entity) THEN 2 ELSE 0 END
                        + CASE WHEN entity <> upper(entity) THEN 1 ELSE 0 END) * 1000000
                       + articles
                   ) AS filed
            FROM forms
            GROUP BY ALL
            HAVING count(*) > 1
        ) r
        WHERE mentions.canonical IS NULL AND mentions.kind = r.kind
          AND strip_accents(lower(mentions.entity)) = r.folded AND mentions.entity <> r.filed
          AND mentions.method IS DISTINCT FROM 'teaser'
        """
    )


def _german_forms_filed(con: duckdb.DuckDBPyConnection) -> None:
    """A German organisation's or place's name in a declined form alone in its article
    ("der Deutschen Bahn", "der Europäischen Union"), which the facts step files under
    its nominative only when the same article uses both, is filed under the nominative
    form the warehouse's German articles use most ("Deutsche Bahn": its first word ends
    in "-e"), when the two are the same name but for the adjectives' endings. Every load
    asks again, so a declined form loaded before its nominative is settled later."""
    con.execute(
        r"""
        UPDATE mentions
        SET canonical = r.filed
        FROM (
            WITH german AS (
                SELECT m.entity, m.kind, m.article_id, m.canonical,
                       lower(regexp_replace(m.entity, '(?:e|en|er|es|em)(\s+)', '\1', 'g'))
                           AS stem,
                       regexp_matches(m.entity, '^\S+e\s') AS nominative,
                       m.method IS DISTINCT FROM 'teaser' AS in_body
                FROM mentions m JOIN articles a USING (article_id)
                WHERE a.language = 'de' AND m.kind IN ('org', 'place')
                  AND contains(m.entity, ' ')
            ),
            filed AS (
                SELECT stem, kind, arg_max(entity, articles) AS filed
                FROM (
                    SELECT stem, kind, entity, count(DISTINCT article_id) AS articles
                    FROM german WHERE nominative AND in_body GROUP BY ALL
                )
                GROUP BY ALL
            )
            SELECT DISTINCT g.article_id, g.entity, g.kind, f.filed
            FROM german g JOIN filed f USING (stem, kind)
            WHERE NOT g.nominative AND g.canonical IS NULL
        ) r
        WHERE mentions.article_id = r.article_id AND mentions.entity = r.entity
          AND mentions.kind = r.kind AND mentions.canonical IS NULL
        """
    )


def _moves(
    con: duckdb.DuckDBPyConnection, run_id: str
) -> list[tuple[str, str, str, str, bool, bool]]:
    """Files found gone (``found_gone``, this run's; or an earlier run's, in ``gone_files``
    with nowhere found) whose bytes this run loaded new at another path, in the same story:
    files renamed or moved within the folders read, or moved out and back in under another
    name; and files found gone in this run whose bytes an earlier run loaded new at another
    path after them (the new folder read alone first, the old path not looked at then).
    Each was counted new and a copy of its story by the load. Paired one to one, a
    file name kept first ("039.txt" to "x/039.txt", not to its copy's new path), then in
    order: (old_uri, old_id, new_uri, new_id, gone in this run, new path loaded in this
    run)."""
    rows = con.execute(
        """
        WITH gone AS (
            SELECT value AS uri, true AS now FROM found_gone
            UNION ALL
            SELECT source_uri, false FROM gone_files
            WHERE moved_to IS NULL AND source_uri NOT IN (SELECT value FROM found_gone)
        )
        SELECT g.uri, o.article_id, n.source_uri, n.article_id, g.now, o.raw_sha256,
               n.run_id = ? AS loaded_now
        FROM gone g
        JOIN article_versions o ON o.source_uri = g.uri AND o.superseded_at IS NULL
        JOIN article_versions n
          ON n.raw_sha256 = o.raw_sha256 AND n.story_id = o.story_id
         AND n.superseded_at IS NULL AND n.source_uri <> g.uri
        -- new at its path in this run; or, for a file found gone in this run, in an earlier
        -- run after the old path's article was (its folder read alone, the old path not
        -- looked at), where no move went already and it is not gone itself
        WHERE (
            n.run_id = ?
            OR (
                g.now AND n.first_seen_at > o.first_seen_at
                AND n.source_uri NOT IN (SELECT value FROM found_gone)
                AND n.source_uri NOT IN (SELECT source_uri FROM gone_files)
                AND n.source_uri NOT IN (
                    SELECT moved_to FROM gone_files WHERE moved_to IS NOT NULL
                )
            )
        )
        -- not a new version of a file there before
        AND NOT EXISTS (
            SELECT 1 FROM article_versions p
            WHERE p.source_uri = n.source_uri AND p.superseded_by = n.article_id
        )
        ORDER BY o.raw_sha256, g.uri, n.source_uri
        """,
        [run_id, run_id],
    ).fetchall()
    moves: list[tuple[str, str, str, str, bool, bool]] = []
    olds: set[str] = set()
    news: set[str] = set()
    for same_name in (True, False):
        for old_uri, old_id, new_uri, new_id, now, _, loaded_now in rows:
            if old_uri in olds or new_uri in news:
                continue
            if same_name and PurePosixPath(old_uri).name != PurePosixPath(new_uri).name:
                continue
            olds.add(old_uri)
            news.add(new_uri)
            moves.append((old_uri, old_id, new_uri, new_id, bool(now), bool(loaded_now)))
    return moves


def _supersede_moved(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """The articles at the new paths of ``moves`` supersede those of the old paths: one
    article, not two copies, first seen when the old path's was (a move is no news: the
    topics and the days of undated articles read ``first_seen_at``) and published when it
    was, where the new path gives no date; an earlier run's gone file names where it
    went."""
    con.execute(
        """
        UPDATE article_versions
        SET first_seen_at = o.first_seen_at
        FROM moves m JOIN article_versions o ON o.article_id = m.old_id
        WHERE article_versions.article_id = m.new_id
        """
    )
    # A move publishes nothing: an article its new path leaves undated keeps the date the
    # old path gave it (a file moved into a later day's folder: that day is after the file
    # was last written, and the old folder's day went with the old path), and says so.
    con.execute(
        """
        INSERT INTO article_fields
        SELECT m.new_id, 'published_at', f.value, 'moved_from:' || f.method, f.confidence
        FROM moves m
        JOIN article_versions n ON n.article_id = m.new_id AND n.published_at IS NULL
        JOIN article_versions o ON o.article_id = m.old_id AND o.published_at IS NOT NULL
        JOIN article_fields f ON f.article_id = m.old_id AND f.field = 'published_at'
        QUALIFY row_number() OVER (PARTITION BY m.new_id ORDER BY f.confidence DESC) = 1
        """
    )
    con.execute(
        """
        UPDATE article_versions
        SET published_at = o.published_at
        FROM moves m JOIN article_versions o ON o.article_id = m.old_id
        WHERE article_versions.article_id = m.new_id
          AND article_versions.published_at IS NULL AND o.published_at IS NOT NULL
        """
    )
    con.execute(
        """
        UPDATE article_versions
        SET superseded_at = ?, superseded_by = m.new_id, is_canonical = false
        FROM moves m WHERE article_versions.article_id = m.old_id
        """,
        [now],
    )
    # A new path an earlier run loaded was linked then, if at all, while the old path held
    # the translation it shares (one a language): the old path's links are now its own
    # (trial20: a file moved to another folder, ingested alone first, lost its link). A new
    # path loaded in this run is linked after the load, as any new article.
    for mine, their_language in (  # the moved article on either side of a link
        ("article_id", "translated_language"),
        ("translated_article_id", "language"),
    ):
        con.execute(
            f"""
            INSERT INTO translation_links BY NAME
            SELECT t.* REPLACE (m.new_id AS {mine})
            FROM moves m JOIN translation_links t ON t.{mine} = m.old_id
            WHERE NOT m.loaded_now AND NOT EXISTS (
                SELECT 1 FROM translation_links x
                WHERE (x.article_id = m.new_id AND x.translated_language = t.{their_language})
                   OR (x.translated_article_id = m.new_id AND x.language = t.{their_language})
            )
            """
        )
    con.execute("DELETE FROM article_bands WHERE article_id IN (SELECT old_id FROM moves)")
    con.execute(
        "UPDATE gone_files SET moved_to = m.new_uri FROM moves m"
        " WHERE gone_files.source_uri = m.old_uri AND gone_files.moved_to IS NULL"
    )


def record_run(
    con: duckdb.DuckDBPyConnection,
    run: RunRecord,
    loaded: LoadResult,
    rejections: Iterable[Rejection],
    now: datetime,
    unchanged_before: int,
    failed_before: int = 0,
    files: FileStates = NO_FILE_STATES,
) -> LoadResult:
    """The run's ``ingest_errors`` rows, what it found of files gone (``gone_files``) and
    its row in ``runs``, with its totals."""
    unchanged = loaded.unchanged + unchanged_before
    errors = 0
    for failed in chunks(rejections):
        errors += len(failed)
        _insert_errors(con, failed, run.run_id, now)
    with registered(con, "found_again", strings(files.back)):
        con.execute("DELETE FROM gone_files WHERE source_uri IN (SELECT value FROM found_again)")
    with registered(con, "found_gone", strings(files.gone)):
        moves = _moves(con, run.run_id)
        table = pa.table(
            {
                name: pa.array([m[k] for m in moves], pa.string())
                for k, name in enumerate(("old_uri", "old_id", "new_uri", "new_id"))
            }
            | {"loaded_now": pa.array([m[5] for m in moves], pa.bool_())}
        )
        # a failing file moved: its failure recorded at the new path (a later run skips it
        # there), not counted as failed anew; the old path's row names where it went
        carried = pa.table(
            {
                "old_uri": pa.array([old for old, _ in files.carried], pa.string()),
                "new_uri": pa.array([r.source_uri for _, r in files.carried], pa.string()),
            }
        )
        for failed in chunks([r for _, r in files.carried]):
            _insert_errors(con, failed, run.run_id, now)
        with registered(con, "moves", table), registered(con, "carried", carried):
            con.execute(
                "INSERT INTO gone_files SELECT g.value, ?, ?, coalesce(m.new_uri, c.new_uri)"
                " FROM found_gone g LEFT JOIN moves m ON m.old_uri = g.value"
                " LEFT JOIN carried c ON c.old_uri = g.value",
                [run.run_id, now],
            )
            if moves:
                _supersede_moved(con, now)
    moved = len(moves) + len(files.carried)
    moved_to = [m[2] for m in moves]
    if files.resaved:  # the same text in other bytes: the version takes the new bytes'
        resaved = pa.table(
            {
                name: [row[i] for row in files.resaved]
                for i, name in enumerate(("source_uri", "raw_sha256", "raw_size", "raw_mtime"))
            },
            schema=pa.schema(
                [
                    ("source_uri", pa.string()),
                    ("raw_sha256", pa.string()),
                    ("raw_size", pa.int64()),
                    ("raw_mtime", _TIMESTAMP),
                ]
            ),
        )
        with registered(con, "resaved", resaved):
            con.execute(
                """
                UPDATE article_versions v
                SET raw_sha256 = r.raw_sha256, raw_size = r.raw_size, raw_mtime = r.raw_mtime
                FROM resaved r
                WHERE v.source_uri = r.source_uri AND v.superseded_at IS NULL
                """
            )
    if files.gone or files.back or moved_to:  # a file there now leads, not one gone
        changed_files = strings([*files.gone, *files.back, *moved_to])
        with registered(con, "changed_files", changed_files):
            recanonicalise(
                con,
                "SELECT story_id FROM article_versions WHERE superseded_at IS NULL"
                " AND source_uri IN (SELECT value FROM changed_files)",
            )

    # a moved file is neither new, nor a copy of its own story, nor gone (a new path an
    # earlier run loaded was counted by that run: trial20's counts went to -1)
    loaded_here = sum(1 for m in moves if m[5])
    new, duplicates = loaded.new - loaded_here, loaded.duplicates - loaded_here
    changed = loaded.changed
    gone = len(files.gone) - sum(1 for m in moves if m[4]) - len(files.carried)
    con.execute(
        """
        MERGE INTO runs USING (
            SELECT ? AS run_id, ? AS flow, ?::TIMESTAMPTZ AS started_at,
                   ?::TIMESTAMPTZ AS finished_at, 'completed' AS state, ?::INTEGER AS seen,
                   ?::INTEGER AS new, ?::INTEGER AS changed, ?::INTEGER AS unchanged,
                   ?::INTEGER AS duplicates, ?::INTEGER AS failed, ? AS parameters,
                   ?::INTEGER AS failed_before, ?::INTEGER AS gone, ?::INTEGER AS moved
        ) AS run USING (run_id)
        WHEN MATCHED THEN UPDATE
        WHEN NOT MATCHED THEN INSERT
        """,
        [
            run.run_id,
            run.flow,
            run.started_at,
            utcnow(),
            run.seen,
            new,
            changed,
            unchanged,
            duplicates,
            errors,
            json.dumps(run.parameters, default=str, sort_keys=True),
            failed_before,
            gone,
            moved,
        ],
    )
    return LoadResult(
        new=new,
        unchanged=unchanged,
        changed=changed,
        duplicates=duplicates,
        errors=errors,
        new_stories=loaded.new_stories,
        failed_before=failed_before,
        gone=gone,
        moved=moved,
        moved_to=tuple(moved_to),
    )


def stage_articles(
    con: duckdb.DuckDBPyConnection,
    chunk: list[Article],
    first_row: int,
    run_id: str,
    now: datetime,
) -> None:
    # Arrow columns: DuckDB scans them natively, with no per-value Python conversion.
    row_nos = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
    table = pa.table(
        {
            "row_no": row_nos,
            "source_uri": [a.source_uri for a in chunk],
            "source_kind": [a.source_kind for a in chunk],
            "title": _utf8(a.title for a in chunk),
            "published_at": pa.array([a.published_at for a in chunk], _TIMESTAMP),
            "dateline": pa.array([a.dateline for a in chunk], pa.string()),
            "credits": pa.array([list(a.credits) for a in chunk], pa.list_(pa.string())),
            "language": pa.array([a.language for a in chunk], pa.string()),
            "word_count": pa.array([a.word_count for a in chunk], pa.int32()),
            "content_sha256": [a.content_sha256 for a in chunk],
            "raw_sha256": [a.raw_sha256 for a in chunk],
            "raw_size": pa.array([a.raw_size for a in chunk], pa.int64()),
            "raw_mtime": pa.array([a.raw_mtime for a in chunk], _TIMESTAMP),
            "encoding": [a.encoding for a in chunk],
            "removed_lines": pa.array([a.removed_lines for a in chunk], pa.int32()),
            "story_id": [a.story_id or story_id_for(a.content_sha256) for a in chunk],
            "fetched_at": pa.array([a.fetched_at for a in chunk], _TIMESTAMP),
            "authors": pa.array([list(a.authors) for a in chunk], pa.list_(pa.string())),
            "site_name": pa.array([a.site_name for a in chunk], pa.string()),
            "description": pa.array([a.description for a in chunk], pa.string()),
            "tags": pa.array([list(a.tags) for a in chunk], pa.list_(pa.string())),
            "updated_at": pa.array([a.updated_at for a in chunk], _TIMESTAMP),
            "extraction_method": pa.array([a.extraction_method for a in chunk], pa.string()),
        }
    )
    counts = [len(a.band_keys) for a in chunk]
    bands = pa.table(
        {
            "row_no": np.repeat(row_nos, counts),
            "band_key": np.fromiter(
                chain.from_iterable(a.band_keys for a in chunk), np.int64, sum(counts)
            ),
        }
    )
    con.register("staged_chunk", table)
    con.register("bands_chunk", bands)
    try:
        con.execute(
            "INSERT INTO staged BY NAME SELECT *, ?::TIMESTAMPTZ AS first_seen_at,"
            " ? AS run_id FROM staged_chunk",
            [now, run_id],
        )
        con.execute("INSERT INTO staged_bands BY NAME SELECT * FROM bands_chunk")
    finally:
        con.unregister("staged_chunk")
        con.unregister("bands_chunk")
    _stage_facts(con, chunk, first_row)


def _stage_facts(con: duckdb.DuckDBPyConnection, chunk: list[Article], first_row: int) -> None:
    """Entities, quotes, sources, amounts and field provenance, keyed by row number."""
    row_nos = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
    for table, (listing, columns) in _FACT_ROWS.items():
        # The chunk's items in one list, then each column with ``map`` over a getter (a
        # loop in C): no tuple an item to transpose, no Python step a value. Arrow builds
        # the columns without a per-row dict either way.
        of_listing = attrgetter(listing)
        lists = [() if a.facts is None else of_listing(a.facts) for a in chunk]
        items = list(chain.from_iterable(lists))
        if not items:
            continue
        counts = np.fromiter(map(len, lists), np.int64, len(lists))
        cols: dict[str, Any] = {"row_no": np.repeat(row_nos, counts)}
        for name, attribute in columns.items():
            cols[name] = list(map(attrgetter(attribute), items))
        with registered(con, "facts_chunk", pa.table(cols)):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM facts_chunk")


def _insert_versions(
    con: duckdb.DuckDBPyConnection, chunk: Sequence[Article], first_row: int
) -> None:
    """The new versions among one chunk of the staged articles, with their bodies."""
    last_row = first_row + len(chunk) - 1
    bodies = pa.table(
        {
            "row_no": np.arange(first_row, last_row + 1, dtype=np.int64),
            "body": _utf8(a.body for a in chunk),
        }
    )
    with registered(con, "bodies_chunk", bodies):
        con.execute(
            """
            INSERT INTO article_versions BY NAME
            SELECT s.* EXCLUDE (row_no),
                   b.body,
                   i.version,
                   i.article_id,
                   'd_' || substr(sha256(s.source_uri), 1, 20) AS document_id,
                   false AS is_canonical,
                   NULL AS superseded_at,
                   NULL AS superseded_by
            FROM bodies_chunk b
            JOIN inserts i ON i.row_no = b.row_no AND i.row_no BETWEEN $first AND $last
            JOIN staged s ON s.row_no = b.row_no AND s.row_no BETWEEN $first AND $last
            """,
            {"first": first_row, "last": last_row},
        )


def _insert_links(
    con: duckdb.DuckDBPyConnection, chunk: list[Link], run_id: str, now: datetime
) -> int:
    """Links of this load's new rows; a new similar article is found by its URI."""
    table = pa.table(
        {
            "source_uri": [link.source_uri for link in chunk],
            "similar_key": [link.similar_key for link in chunk],
            "similar_is_new": [link.similar_is_new for link in chunk],
            "similarity": [link.similarity for link in chunk],
            "containment": [link.containment for link in chunk],
            "method": [link.method for link in chunk],
        }
    )
    with registered(con, "links_chunk", table):
        row = con.execute(
            """
            INSERT INTO article_links
            SELECT i.article_id,
                   CASE WHEN l.similar_is_new THEN j.article_id ELSE l.similar_key END,
                   l.similarity, l.containment, l.method, ?, ?
            FROM links_chunk l
            JOIN inserts i ON i.source_uri = l.source_uri
            LEFT JOIN inserts j ON l.similar_is_new AND j.source_uri = l.similar_key
            WHERE NOT l.similar_is_new OR j.article_id IS NOT NULL
            """,
            [run_id, now],
        ).fetchone()
    return int(row[0]) if row else 0


def _archive(con: duckdb.DuckDBPyConnection, chunk: list[ArchivedResponse], run_id: str) -> None:
    """Keep full responses (compressed) and each URL's validators for conditional GET."""
    bodies = [r for r in chunk if r.status != 304]
    if bodies:
        table = pa.table(
            {
                "response_id": [
                    "r_"
                    + hashlib.sha256(f"{r.url}\0{r.fetched_at.isoformat()}".encode()).hexdigest()[
                        :24
                    ]
                    for r in bodies
                ],
                "url": [r.url for r in bodies],
                "final_url": [r.final_url for r in bodies],
                "document_uri": pa.array([r.document_uri for r in bodies], pa.string()),
                "status": pa.array([r.status for r in bodies], pa.int32()),
                "headers": [json.dumps(list(r.headers)) for r in bodies],
                "content_type": [r.content_type for r in bodies],
                "charset": pa.array([r.charset for r in bodies], pa.string()),
                "body_gzip": pa.array([gzip.compress(r.content, 6) for r in bodies], pa.binary()),
                "body_size": pa.array([len(r.content) for r in bodies], pa.int64()),
                "body_sha256": [hashlib.sha256(r.content).hexdigest() for r in bodies],
                "redirects": pa.array([list(r.redirects) for r in bodies], pa.list_(pa.string())),
                "attempts": pa.array([r.attempts for r in bodies], pa.int32()),
                "elapsed_ms": [r.elapsed * 1000 for r in bodies],
                "fetched_at": pa.array([r.fetched_at for r in bodies], _TIMESTAMP),
            }
        )
        with registered(con, "responses_chunk", table):
            con.execute(
                "MERGE INTO http_responses"
                " USING (SELECT *, ? AS run_id FROM responses_chunk) AS r USING (response_id)"
                " WHEN NOT MATCHED THEN INSERT BY NAME",
                [run_id],
            )
    state = pa.table(
        {
            "url": [r.url for r in chunk],
            "etag": pa.array([r.etag for r in chunk], pa.string()),
            "last_modified": pa.array([r.last_modified for r in chunk], pa.string()),
            "last_status": pa.array([r.status for r in chunk], pa.int32()),
            "last_fetched_at": pa.array([r.fetched_at for r in chunk], _TIMESTAMP),
            "document_uri": pa.array([r.document_uri for r in chunk], pa.string()),
        }
    )
    with registered(con, "state_chunk", state):
        con.execute(
            """
            MERGE INTO url_state USING state_chunk AS s USING (url)
            WHEN MATCHED THEN UPDATE SET
                etag = coalesce(s.etag, url_state.etag),
                last_modified = coalesce(s.last_modified, url_state.last_modified),
                last_status = s.last_status,
                last_fetched_at = s.last_fetched_at,
                document_uri = coalesce(s.document_uri, url_state.document_uri)
            WHEN NOT MATCHED THEN INSERT BY NAME
            """
        )


def _insert_errors(
    con: duckdb.DuckDBPyConnection, chunk: list[Rejection], run_id: str, now: datetime
) -> None:
    table = pa.table(
        {
            "source_uri": [r.source_uri for r in chunk],
            "stage": [r.stage for r in chunk],
            "error": [r.error for r in chunk],
            "detail": [r.detail for r in chunk],
            "raw_sha256": pa.array([r.raw_sha256 for r in chunk], pa.string()),
            "raw_size": pa.array([r.raw_size for r in chunk], pa.int64()),
            "raw_mtime": pa.array([r.raw_mtime for r in chunk], _TIMESTAMP),
        }
    )
    with registered(con, "errors_chunk", table):
        con.execute(
            "INSERT INTO ingest_errors BY NAME SELECT *, ? AS run_id,"
            ' ?::TIMESTAMPTZ AS "at" FROM errors_chunk',
            [run_id, now],
        )


def _utf8(texts: Iterable[str]) -> pa.Array:
    """A string column from texts encoded here: handing pyarrow the ``str`` objects
    themselves makes CPython cache a UTF-8 copy inside every non-ASCII one, for as long
    as the text lives (a body's size again, per article held by the caller)."""
    return pa.array([t.encode("utf-8") for t in texts], pa.string())


# Temporary staging table → warehouse table of the facts found in each article.
_FACT_TABLES = {
    "staged_fields": "article_fields",
    "staged_mentions": "mentions",
    "staged_quotes": "quotes",
    "staged_sources": "sources_cited",
    "staged_amounts": "amounts",
}


def _fact_rows(listing: str, **columns: str) -> tuple[str, dict[str, str]]:
    """Which list of ``Facts`` fills a staging table, and its columns (``column=attribute``
    of an item)."""
    return listing, columns


# Staging table → the facts it holds: ``Facts.<listing>``, one row per item.
_FACT_ROWS = {
    "staged_fields": _fact_rows(
        "fields", field="field", value="value", method="method", confidence="confidence"
    ),
    "staged_mentions": _fact_rows(
        "entities",
        entity="name",
        kind="kind",
        count="count",
        first_offset="body_offset",
        titles="titles",
        method="method",
        confidence="confidence",
        forms="forms",
        canonical="canonical",
    ),
    "staged_quotes": _fact_rows(
        "quotes",
        text="text",
        speaker="speaker",
        offset="offset",
        method="method",
        confidence="confidence",
    ),
    "staged_sources": _fact_rows("sources", source="name", phrase="phrase", offset="offset"),
    "staged_amounts": _fact_rows(
        "amounts", value="value", what="what", text="text", offset="offset"
    ),
}
