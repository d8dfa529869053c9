"""The language corpus's check of what a page can hold (issue 20): the true paragraphs a
page's text holds, counted in characters so that Chinese counts as any language, and the
source text the corpus builder reads it in (scripts kept, escapes read). Texts written
with the tests."""

from __future__ import annotations

from bench._language_corpus import held_share, held_text
from bench.get_language_corpus import source_text

MAYOR = "The mayor said the old bridge was eighty years old."
GOLD = f"市政府周一公布了在河上建设一座新桥的计划。\n新桥全长八百米，设有四条车道。\n{MAYOR}"


def test_only_the_paragraphs_the_page_copy_holds_are_kept() -> None:
    copy = f"首页\n市政府 周一公布了在河上建设一座新桥的计划。\n关于我们\n{MAYOR}"
    assert held_text(GOLD, copy).splitlines() == [GOLD.splitlines()[0], GOLD.splitlines()[2]]
    assert 0.5 < held_share(GOLD, copy) < 0.9
    assert held_text(GOLD, "首页\n关于我们") == ""


def test_the_source_text_reads_scripts_and_escapes() -> None:
    html = (
        '<html><body><div id=app></div><script>render({"body": '
        '"\\u65b0\\u6865\\u5168\\u957f\\u516b\\u767e\\u7c73\\uff0c\\u8bbe\\u6709\\u56db'
        '\\u6761\\u8f66\\u9053\\u3002"})</script><p>Caf&eacute; &amp; bar</p></body></html>'
    )
    text = source_text(html)
    assert "新桥全长八百米，设有四条车道。" in text
    assert "Café & bar" in text
    assert "<p>" not in text
