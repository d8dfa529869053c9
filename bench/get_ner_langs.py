"""Build the name-tagging corpora of languages other than English from local git mirrors.

Benches never use the network, so this script only copies out of mirrors fetched
beforehand (``git clone --bare https://github.com/OWNER/NAME MIRRORS/OWNER+NAME/repo``)
into ``NEWSROOM_NER_LANGS_DIR`` (default ``~/.cache/newsroom-bench/ner-langs``), read by
``_ner_langs.py``:

    DIR/<lang>/train.conllu    WikiNEuRal's validation split: the tagger learns from it
                               (``train_foreign_taggers.py`` keeps its last tenth to tune on)
    DIR/<lang>/report.conllu   WikiNEuRal's held-out split: reported figures only, never
                               read case by case, never trained or tuned on
    DIR/<lang>/news.conll      gold labels on news: CoNLL-2002's development split (es,
                               nl), GermEval 2014's test split (de), ner-uk's test split
                               (uk); never trained or tuned on
    DIR/<lang>/news-train.conll  CoNLL-2002's training split (es, nl), GermEval 2014's
                               development split (de), ner-uk's training split (uk):
                               these taggers learn from it as well (its last tenth is
                               kept to tune on)
    DIR/MANIFEST.json          sources, commits and licences

Sources and licences:

wikineural  ``Babelscape/wikineural`` data/wikineural/<lang> (de, es, fr, it, nl, pl, pt,
            ru): Wikipedia sentences with PER, ORG, LOC, MISC labels made by a model and
            Wikipedia's links (silver labels, not checked by hand). CC BY-NC-SA 4.0: free
            to use and share with attribution, **non-commercial**, same licence for what is
            derived from it. Its training split is not in the mirror (too large for it);
            the validation split is what the taggers learn from.
conll2002   ``nltk/nltk_data`` packages/corpora/conll2002.zip: the CoNLL-2002 shared task
            (Spanish EFE newswire, Dutch De Morgen), gold labels. Distributed for research
            use. ``esp.train``, ``ned.train``, ``esp.testa`` and ``ned.testa`` are
            copied; the ``testb`` files are never opened.

germeval    ``LSX-UniWue/SuperGLEBer`` data/NER/Wiki_News: GermEval 2014 (Benikova et al.),
            German Wikipedia and news sentences, gold labels (NoSta-D guidelines), CC BY
            4.0. Its training split is not in the mirror; its development and test splits
            are.

ner-uk     ``lang-uk/ner-uk`` v2.0/iob: Ukrainian texts (the investigative outlet "Наші
            гроші" and the BRUK corpus) labelled by two annotators and an editor (PERS,
            ORG, LOC, MISC and nine kinds that are no name), split by its makers into
            train and test: ``train.iob`` is ``uk/news-train.conll``, ``test.iob``
            ``uk/news.conll`` (never trained or tuned on). CC BY-NC-SA 4.0.

WikiNER (Nothman et al., CC BY) would be the freer training source, but its files are
not in any mirror reachable here.

    .venv/bin/python bench/get_ner_langs.py [--mirrors /work/.mirror] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _ner_langs import GOLD_ONLY, LANGUAGES, NEWS_LANGUAGES, corpus_dir
from get_extraction_corpus import Mirror

WIKINEURAL = "Babelscape/wikineural"
NER_UK = "lang-uk/ner-uk"
# (our file, their file): ner-uk 2.0's standard split, as IOB
NER_UK_FILES = (("news.conll", "v2.0/iob/test.iob"), ("news-train.conll", "v2.0/iob/train.iob"))
NLTK_DATA = "nltk/nltk_data"
SUPERGLEBER = "LSX-UniWue/SuperGLEBer"
# (our file, their member) of conll2002.zip
CONLL2002 = {
    "es": (("news.conll", "esp.testa"), ("news-train.conll", "esp.train")),
    "nl": (("news.conll", "ned.testa"), ("news-train.conll", "ned.train")),
}
GERMEVAL = (("news.conll", "test.tsv"), ("news-train.conll", "dev.tsv"))
# what each of our files is copied from: WikiNEuRal's split names
WIKINEURAL_SPLITS = {"train.conllu": "val.conllu", "report.conllu": "test.conllu"}
CONLL2002_ZIP = "packages/corpora/conll2002.zip"
LICENCES = {
    WIKINEURAL: "CC BY-NC-SA 4.0 (silver labels; non-commercial, share-alike)",
    NLTK_DATA: "CoNLL-2002 data: distributed for research use (gold labels)",
    SUPERGLEBER: "GermEval 2014 data: CC BY 4.0 (gold labels)",
    NER_UK: "CC BY-NC-SA 4.0 (gold labels; non-commercial, share-alike)",
}


def copy_wikineural(mirror: Mirror, out: Path) -> None:
    for lang in LANGUAGES:
        if lang in GOLD_ONLY:
            continue
        (out / lang).mkdir(parents=True, exist_ok=True)
        for ours, theirs in WIKINEURAL_SPLITS.items():
            data = mirror.read(f"data/wikineural/{lang}/{theirs}")
            (out / lang / ours).write_bytes(data)


def copy_conll2002(mirror: Mirror, out: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(mirror.read(CONLL2002_ZIP))) as archive:
        for lang, files in CONLL2002.items():
            (out / lang).mkdir(parents=True, exist_ok=True)
            for ours, theirs in files:
                raw = archive.read(f"conll2002/{theirs}")
                try:
                    data = raw.decode("utf-8")
                except UnicodeDecodeError:
                    data = raw.decode("latin-1")
                (out / lang / ours).write_text(data, encoding="utf-8")


def copy_germeval(mirror: Mirror, out: Path) -> None:
    (out / "de").mkdir(parents=True, exist_ok=True)
    for ours, theirs in GERMEVAL:
        (out / "de" / ours).write_bytes(mirror.read(f"data/NER/Wiki_News/{theirs}"))


def copy_ner_uk(mirror: Mirror, out: Path) -> None:
    (out / "uk").mkdir(parents=True, exist_ok=True)
    for ours, theirs in NER_UK_FILES:
        (out / "uk" / ours).write_bytes(mirror.read(theirs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=corpus_dir())
    args = ap.parse_args()
    mirrors = {r: Mirror(args.mirrors, r) for r in (WIKINEURAL, NLTK_DATA, SUPERGLEBER, NER_UK)}
    args.out.mkdir(parents=True, exist_ok=True)
    copy_wikineural(mirrors[WIKINEURAL], args.out)
    copy_conll2002(mirrors[NLTK_DATA], args.out)
    copy_germeval(mirrors[SUPERGLEBER], args.out)
    copy_ner_uk(mirrors[NER_UK], args.out)
    manifest = {
        "sources": {r: {"commit": m.commit, "licence": LICENCES[r]} for r, m in mirrors.items()},
        "languages": list(LANGUAGES),
        "news": list(NEWS_LANGUAGES),
    }
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    news = ", ".join(NEWS_LANGUAGES)
    print(f"wrote {args.out}: {', '.join(LANGUAGES)}; news (gold) for {news}")


if __name__ == "__main__":
    main()
