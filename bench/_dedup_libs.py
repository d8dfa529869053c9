"""The baselines of ``dedup_eval.py`` run by the libraries themselves (dev dependencies).

datatrove
    Its four MinHash steps at their defaults (``MinhashConfig()``: 5-grams, 14 buckets of
    8 hashes, seed 1, 64-bit xxhash; ``TextNormConfig()`` normalisation), each step's
    ``run`` called in order on one rank, over files in a temporary folder, with
    ``save_cluster_id`` / ``load_cluster_ids`` so that every document learns its cluster.
    One substitution: datatrove's English word tokenizer is NLTK's, which needs the
    ``punkt`` data downloaded at run time, and its fallback needs spaCy; the evaluation runs
    offline, so a ``WordTokenizer`` subclass (the extension point datatrove documents)
    splits at white space instead: after ``simplify_text`` has removed the punctuation
    NLTK would split off, the two give nearly the same words.

text-dedup's settings on datasketch
    text-dedup's ``minhash`` defaults (5-grams of ``re.split(r"\\W")`` tokens, lower-cased,
    documents under 5 tokens get an empty signature, 256 permutations, seed 42, Jaccard
    threshold 0.7) on ``datasketch.MinHash`` (sha1, 32 bits, as text-dedup) and
    ``datasketch.MinHashLSH(threshold=0.7, num_perm=256)``, whose band / row choice is the
    one text-dedup copies; every document queried, colliding documents joined
    (union-find), no verification, as text-dedup does.
"""

from __future__ import annotations

import inspect
import re
import tempfile
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _drain(result: Any) -> None:
    if inspect.isgenerator(result):
        deque(result, maxlen=0)


def union_find(n: int, pairs: Sequence[tuple[int, int]]) -> list[str]:
    """A cluster key per item, items joined by ``pairs`` in one cluster."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [f"c{find(i)}" for i in range(n)]


def datatrove_available() -> str:
    try:
        import datatrove.pipeline.dedup.minhash  # noqa: F401
    except Exception as exc:
        return f"datatrove cannot be imported: {exc!r}"
    return ""


def datatrove_library(texts: Sequence[str]) -> list[str]:
    from datatrove.data import Document
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.utils.word_tokenizers import WordTokenizer

    class SplitTokenizer(WordTokenizer):
        """Words split at white space (datatrove's extension point for tokenizers)."""

        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def sent_tokenize(self, text: str) -> list[str]:
            return [text]

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    from loguru import logger

    logger.disable("datatrove")  # its progress logging, per step
    config = MinhashConfig()
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory(prefix="datatrove-") as tmp:
        root = Path(tmp)
        sigs, buckets, clusters = root / "sigs", root / "buckets", root / "clusters"
        _drain(
            MinhashDedupSignature(
                output_folder=str(sigs), config=config, language=SplitTokenizer("en")
            ).run(iter(docs), rank=0, world_size=1)
        )
        for bucket in range(config.num_buckets):
            _drain(
                MinhashDedupBuckets(
                    input_folder=str(sigs), output_folder=str(buckets), config=config
                ).run(None, rank=bucket, world_size=config.num_buckets)
            )
        _drain(
            MinhashDedupCluster(
                input_folder=str(buckets),
                output_folder=str(clusters),
                config=config,
                save_cluster_id=True,
            ).run(None, 0, 1)
        )
        _drain(
            MinhashDedupFilter(input_folder=str(clusters), load_cluster_ids=True).run(
                iter(docs), rank=0, world_size=1
            )
        )
    keys = []
    for i, doc in enumerate(docs):
        cluster = doc.metadata.get("minhash_cluster_id", -1)
        keys.append(f"c{cluster}" if cluster != -1 else f"d{i}")
    return keys


TD_NGRAM, TD_MIN_LENGTH, TD_SEED, TD_NUM_PERM, TD_THRESHOLD = 5, 5, 42, 256, 0.7
_TD_NON_ALPHA = re.compile(r"\W", re.UNICODE)


def datasketch_available() -> str:
    try:
        import datasketch  # noqa: F401
    except Exception as exc:
        return f"datasketch cannot be imported: {exc!r}"
    return ""


def _td_grams(text: str) -> set[bytes]:
    tokens = _TD_NON_ALPHA.split(text)
    if len(tokens) < TD_MIN_LENGTH:
        return set()
    return {
        " ".join(tokens[i : i + TD_NGRAM]).lower().encode("utf-8")
        for i in range(max(1, len(tokens) - TD_NGRAM + 1))
    }


def textdedup_datasketch(texts: Sequence[str]) -> list[str]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=TD_THRESHOLD, num_perm=TD_NUM_PERM)
    hashes = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=TD_NUM_PERM, seed=TD_SEED)
        m.update_batch(list(_td_grams(text)))
        lsh.insert(i, m)
        hashes.append(m)
    pairs = [(i, j) for i, m in enumerate(hashes) for j in lsh.query(m) if j != i]
    return union_find(len(texts), pairs)


def textdedup_bands() -> tuple[int, int]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=TD_THRESHOLD, num_perm=TD_NUM_PERM)
    return lsh.b, lsh.r
