# ruff: noqa: E501  (the passages are data)
"""No language is dropped whole: text files in scripts with and without spaces, and in
UTF-16 saved without a byte-order mark, load with their body and language.

The passages are written for this test (short made-up news reports), three paragraphs
each under a headline, as a text file of an article would be.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from newsroom.engine import ingest_files
from newsroom.metadata import LanguageGuess, language_of
from newsroom.normalise import clean_text

ARTICLES = {
    "zh": (
        "市政府宣布明年起关闭旧港口大桥",
        [
            "市政府周二宣布，由于工程师在检查中发现两根主要支柱出现严重腐蚀，旧港口大桥将从明年六月起禁止汽车通行。",
            "市政府表示，维修期间行人和自行车仍可通过大桥，早高峰期间每二十分钟将有一班临时渡轮往返两岸。",
            "南岸的商户担心封桥会让他们失去顾客，并要求政府加快工程进度，同时免除附近停车场的收费。",
        ],
    ),
    "ja": (
        "市議会、老朽化した港の橋を来年から車両通行止めに",
        [
            "市議会は火曜日、点検で主要な支柱二本に深刻な腐食が見つかったことを受け、古い港の橋を来年六月から車両通行止めにすると決めた。",
            "市によると、修理の間も歩行者と自転車は橋を渡ることができ、朝の混雑時間帯には二十分ごとに臨時のフェリーが運航される。",
            "南岸の商店主らは客足が遠のくことを心配しており、工事を急ぐことと近くの駐車場の料金を免除することを市に求めている。",
        ],
    ),
    "ko": (
        "시의회, 낡은 항구 다리 내년부터 차량 통행 금지",
        [
            "시의회는 화요일 점검에서 주요 기둥 두 곳에 심한 부식이 발견됨에 따라 낡은 항구 다리를 내년 6월부터 차량 통행 금지하기로 결정했다.",
            "시는 보수 공사 기간에도 보행자와 자전거는 다리를 건널 수 있으며 출근 시간대에는 20분마다 임시 여객선이 운항한다고 밝혔다.",
            "남쪽 지역 상인들은 손님이 줄어들 것을 걱정하며 공사를 서둘러 달라고 요구하고 인근 주차장 요금 면제를 요청했다.",
        ],
    ),
    "ar": (
        "مجلس المدينة يغلق جسر الميناء القديم أمام السيارات",
        [
            "صوّت مجلس المدينة يوم الثلاثاء على إغلاق جسر الميناء القديم أمام السيارات اعتبارًا من يونيو، بعد أن اكتشف المهندسون تآكلًا في دعامتين رئيسيتين.",
            "وقال المجلس إن المشاة وراكبي الدراجات سيتمكنون من العبور أثناء الإصلاحات، وإن عبّارة مؤقتة ستعمل كل عشرين دقيقة في ساعات الذروة الصباحية.",
            "وحذّر أصحاب المتاجر على الضفة الجنوبية من أن الإغلاق قد يكلفهم زبائنهم، وطالبوا المجلس بتسريع الأعمال وإلغاء رسوم المواقف القريبة.",
        ],
    ),
    "ru": (
        "Городской совет закроет старый мост для машин",
        [
            "Городской совет во вторник проголосовал за закрытие старого моста в гавани для автомобилей с июня, после того как инженеры обнаружили коррозию двух главных опор.",
            "По словам представителей совета, пешеходы и велосипедисты смогут пересекать мост во время ремонта, а временный паром будет ходить каждые двадцать минут в утренний час пик.",
            "Владельцы магазинов на южном берегу предупредили, что закрытие может лишить их покупателей, и попросили ускорить работы и отменить плату за парковку поблизости.",
        ],
    ),
    "hi": (
        "नगर परिषद ने पुराने बंदरगाह पुल को कारों के लिए बंद किया",
        [
            "नगर परिषद ने मंगलवार को जून से पुराने बंदरगाह पुल को कारों के लिए बंद करने का फैसला किया, क्योंकि इंजीनियरों को जांच में दो मुख्य खंभों में जंग मिली।",
            "परिषद ने कहा कि मरम्मत के दौरान पैदल चलने वाले और साइकिल सवार पुल पार कर सकेंगे, और सुबह की भीड़ के समय हर बीस मिनट में एक अस्थायी नाव चलेगी।",
            "दक्षिणी किनारे के दुकानदारों ने चेतावनी दी कि पुल बंद होने से उनके ग्राहक कम हो सकते हैं, और उन्होंने काम जल्दी पूरा करने की मांग की।",
        ],
    ),
    "th": (
        "สภาเมืองสั่งปิดสะพานท่าเรือเก่าไม่ให้รถยนต์ผ่าน",
        [
            "สภาเมืองลงมติเมื่อวันอังคารให้ปิดสะพานท่าเรือเก่าไม่ให้รถยนต์ผ่านตั้งแต่เดือนมิถุนายน หลังจากวิศวกรพบการกัดกร่อนที่เสาหลักสองต้นระหว่างการตรวจสอบ",
            "สภาเมืองระบุว่าคนเดินเท้าและผู้ขี่จักรยานยังคงข้ามสะพานได้ระหว่างการซ่อมแซม และจะมีเรือข้ามฟากชั่วคราวให้บริการทุกยี่สิบนาทีในช่วงเช้า",
            "เจ้าของร้านค้าฝั่งใต้เตือนว่าการปิดสะพานอาจทำให้ลูกค้าลดลง และขอให้สภาเร่งงานซ่อมพร้อมยกเว้นค่าจอดรถในบริเวณใกล้เคียง",
        ],
    ),
}


def article_text(language: str) -> str:
    title, paragraphs = ARTICLES[language]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_the_cleaner_keeps_every_paragraph_in_every_script(language: str) -> None:
    title, paragraphs = ARTICLES[language]
    cleaned = clean_text(article_text(language))
    assert cleaned.title == title
    for paragraph in paragraphs:
        assert paragraph in cleaned.body


def test_files_in_every_script_and_in_utf16_without_a_bom_load_whole(
    tmp_path: Path, warehouse_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for language in ARTICLES:
        (folder / f"{language}.txt").write_text(article_text(language), encoding="utf-8")
    # Saved as UTF-16 without a byte-order mark, as some Windows tools do.
    (folder / "zh-utf16le.txt").write_bytes(
        article_text("zh").replace("市政府", "区政府").encode("utf-16-le")
    )
    (folder / "ru-utf16be.txt").write_bytes(
        article_text("ru").replace("Городской", "Областной").encode("utf-16-be")
    )
    summary = ingest_files([str(folder)], warehouse_path).summary
    assert summary.failed == 0
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        rows = con.execute("SELECT source_uri, title, body, language FROM articles").fetchall()
        errors = con.execute("SELECT source_uri, error FROM ingest_errors").fetchall()
    finally:
        con.close()
    assert errors == []
    loaded = {Path(str(uri)).stem: (title, body, lang) for uri, title, body, lang in rows}
    assert set(loaded) == {*ARTICLES, "zh-utf16le", "ru-utf16be"}
    for language, (title, paragraphs) in ARTICLES.items():
        got_title, body, got_language = loaded[language]
        assert got_title == title and got_language == language
        assert all(p in str(body) for p in paragraphs)
    assert "区政府" in str(loaded["zh-utf16le"][1]) and loaded["zh-utf16le"][2] == "zh"
    # A Chinese article of some 130 characters counts some 60 words, not the 9 runs
    # between its punctuation (which made outlet health call it a short body).
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        [(words,)] = con.execute(
            "SELECT word_count FROM articles WHERE source_uri LIKE '%/zh.txt'"
        ).fetchall()
    finally:
        con.close()
    assert 50 <= int(str(words)) <= 90
    assert "Областной" in str(loaded["ru-utf16be"][0]) and loaded["ru-utf16be"][2] == "ru"


# ---- language_of: the text decides, a page's declaration is a prior (issue 20)


def test_a_headline_of_a_few_words_gets_a_language_and_a_modest_confidence() -> None:
    guess = language_of("Der Stadtrat sperrt die Brücke")
    assert (guess.code, guess.method) == ("de", "py3langid")
    assert 0.0 < guess.confidence <= 1.0


def test_a_place_name_alone_is_no_language_unless_the_page_declares_one() -> None:
    assert language_of("Berlin.") == LanguageGuess(None, None, 0.0)
    declared = language_of("Berlin.", "de", "html_lang")
    assert (declared.code, declared.method) == ("de", "html_lang")


def test_a_sentence_outweighs_a_wrong_declaration_and_a_name_does_not() -> None:
    text = "Le conseil municipal a approuvé mardi le plan du nouveau pont sur la rivière."
    wrong = language_of(text, "en", "html_lang")
    assert (wrong.code, wrong.method) == ("fr", "py3langid")
    agreeing = language_of(text, "fr", "html_lang")
    assert (agreeing.code, agreeing.method) == ("fr", "py3langid+html_lang")
    assert agreeing.confidence > wrong.confidence
    brand = language_of("Apple iPhone Pro Max", "fr", "meta_tag")
    assert (brand.code, brand.method) == ("fr", "meta_tag")


_RESULTS = (
    "Results of Belgian first division soccer matches at the weekend:\n\n"
    "Genk 1 Club Brugge 1\n\nHarelbeke 3 Mechelen 3\n\nStandard Liege 3 Molenbeek 0\n\n"
    "Anderlecht 2 Lokeren 2\n\nCercle Brugge 2 Mouscron 2\n\nAntwerp 1 Lommel 4\n\n"
    "Ghent 3 Aalst 2\n\nLierse 4 Charleroi 0\n\nSint Truiden 3 Ekeren 1\n"
)
_SCORES = (
    "Scores after three rounds (Britain unless stated):\n\n"
    "193 Ian Woosnam 64 64 65.\n\n199 Thomas Gogele (Germany) 67 65 67, Robert Karlsson\n\n"
    "(Sweden) 67 62 70, Ian Pyman 66 64 69, Fernando Roca\n\n(Spain) 66 64 69.\n\n"
    "200 Diego Borrego (Spain) 69 63 68, Miguel Angel Martin\n\n(Spain) 66 66 68.\n"
)


def test_a_table_of_names_and_figures_is_read_by_its_running_text_alone(
    tmp_path: Path,
) -> None:
    # py3langid read such tables as Dutch or Nigerian Pidgin
    assert language_of(_RESULTS).code == "en"  # by its first line
    assert language_of(_SCORES).code is None  # too few words of a language to tell
    german = (
        "Die Deutsche Bahn erhöht zum Sommer die Preise für Fernverkehrstickets.\n\n"
        "Der Konzern begründete den Schritt mit gestiegenen Energiekosten und Löhnen.\n\n"
        "Fahrgastverbände kritisierten die Erhöhungen scharf und forderten Hilfe vom Bund.\n"
    )
    assert language_of(german).code == "de"
    # tables in no language are no one's translation
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "golf.txt").write_text(f"Golf scores\n\n{_SCORES}", encoding="utf-8")
    (tmp_path / "in" / "more.txt").write_text(
        "Golf leaders\n\n" + _SCORES.replace("193", "194").replace("Woosnam", "Faldo"),
        encoding="utf-8",
    )
    summary = ingest_files([str(tmp_path / "in")], tmp_path / "w.duckdb").summary
    assert summary.new == 2
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM translation_links").fetchone() == (0,)
    finally:
        con.close()


def test_codes_are_iso_639_1_and_the_script_rules_out_what_cannot_write_it() -> None:
    # py3langid's regional varieties came out as codes the warehouse does not promise
    # ("wuu" for a Xinhua story, "ext" for a Spanish wire sentence), and a Japanese line
    # of kanji and a particle as Chinese
    xinhua = "上海市交通委员会3日宣布，上海轨道交通19号线全线开工建设。该线路全长约44.5公里。"
    cases = {
        xinhua: "zh",
        "MOSCÚ, 3 mar (Reuters) - El banco central mantuvo su tasa.": "es",
        "岸田首相、衆院予算委員会で答弁": "ja",
        "石川県能登地方で震度5弱": "ja",
        "서울시는 3일 새 정책을 발표했다.": "ko",
        # Chinese prints the katakana middle dot between a name's parts: still Chinese
        "国家主席习近平会见法国总统埃马纽埃尔・马克龙，双方就中法关系交换意见。": "zh",
    }
    for text, code in cases.items():
        assert language_of(text).code == code, text
    for text in (xinhua, "مصر تعلن خفض أسعار الوقود اعتبارا من اليوم", "Sae nae guid a day"):
        found = language_of(text).code
        assert found is None or len(found) == 2, (text, found)


def test_a_word_written_with_vowel_signs_is_one_word() -> None:
    """Hindi writes its vowels with combining marks, which ``re``'s ``\\w`` leaves out: a
    Hindi article counted twice its words (and a translation of it looked twice as long
    as its English original)."""
    from newsroom.metadata import word_count

    assert word_count("भारत के प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को कहा") == 9
    assert word_count("বাংলাদেশের রাজধানী ঢাকা") == 3  # Bengali
    assert word_count("தமிழ்நாடு அரசு அறிவித்தது") == 3  # Tamil
    assert word_count("Café crème brûlée, naïve résumé") == 5
