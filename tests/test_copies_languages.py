"""The page-copy cleaner in languages other than English (issue 20): the prose evidence
(function words, sentence ends, sentence counts) holds for Japanese, Portuguese, Russian,
Arabic and for a language whose function-word list does not fit the page. The page copies
here are written with the tests, as a browser's select-all gives a news page."""

from __future__ import annotations

from newsroom.extract import extract_html
from newsroom.normalise import (
    TITLE_FEATURES,
    _count_sentences,
    _ends_like_sentence,
    clean_text,
    line_table,
    normalise_unicode,
)

JAPANESE_MENU = """ニュース
トップ
政治
経済
国際
スポーツ
ログイン
会員登録
"""

# Short sentences, as Japanese news writes them: each line is a paragraph of 12 to 16
# characters, particles (は, を, に, が, の, で, と) between its nouns and verbs.
JAPANESE_STORY = """市が新しい橋の計画を発表
2024年5月13日 18時00分

市は月曜日に新しい橋の計画を発表した。

工事は来年の春に始まる。

費用は市と国が半分ずつ出す。

住民の多くは計画に賛成している。

古い橋は八十年前に作られた。

市長は会見で安全を強調した。
"""

JAPANESE_FOOTER = """関連記事
台風で列車が止まる
プライバシーポリシー
利用規約
Copyright © 2024 Test Shimbun
"""


def test_a_japanese_page_copy_keeps_its_short_paragraphs() -> None:
    cleaned = clean_text(JAPANESE_MENU + "\n" + JAPANESE_STORY + "\n" + JAPANESE_FOOTER)
    for sentence in (
        "市は月曜日に新しい橋の計画を発表した。",
        "工事は来年の春に始まる。",
        "住民の多くは計画に賛成している。",
        "市長は会見で安全を強調した。",
    ):
        assert sentence in cleaned.body
    for furniture in ("ログイン", "会員登録", "利用規約", "台風で列車が止まる"):
        assert furniture not in cleaned.body


# Paragraphs of 39 to 54 characters, one a line with no blank line between (as a page
# copy gives them): a script written without spaces wraps between any two characters, so
# lines of such lengths are no sign of a text hard-wrapped at one width.
JAPANESE_PARAGRAPHS = (
    "市議会は火曜日、港の新しい橋の計画を賛成多数で可決した。六時間に及ぶ審議では、費用と工期が主な論点となった。",
    "古い橋は百年以上前に造られ、技術者が二つのアーチに深いひびを見つけたため、五月から車の通行を止める。",
    "市によると、バスは環状道路を通り、六月には橋の横に仮の歩道橋が開かれる予定だ。",
    "住民の多くは計画に賛成しているが、港の近くで店を営む人々からは、工事の間の客足を心配する声も上がっている。",
    "市長は会見で、新しい橋は地震に強い造りになると述べ、安全を最優先に工事を進める考えを示した。",
)


def test_a_japanese_page_copys_paragraphs_are_not_read_as_a_hard_wrapped_text() -> None:
    story = "港の新しい橋、市議会が計画を可決\n" + "\n".join(JAPANESE_PARAGRAPHS) + "\n"
    cleaned = clean_text(JAPANESE_MENU + "\n" + story + "\n" + JAPANESE_FOOTER)
    assert cleaned.body.split("\n\n") == list(JAPANESE_PARAGRAPHS)


PORTUGUESE_COPY = """Folha de Teste
Entrar
Assine
Menu
Política
Economia
Esporte

Câmara aprova novo plano para a ponte do porto
São Paulo

A Câmara Municipal aprovou na terça-feira o plano para a nova ponte do porto, depois de \
um debate de seis horas em que os vereadores discutiram o custo e o prazo da obra.

A ponte antiga, construída em 1887, será fechada para os carros a partir de maio, quando \
os engenheiros encontraram rachaduras profundas em dois dos seus três arcos de pedra.

Os ônibus vão passar pela avenida do anel, e uma passarela provisória será aberta ao lado \
da ponte em junho, segundo a prefeitura.

Leia mais
Polícia fecha estrada da costa depois de deslizamento
Termos de uso
Política de privacidade
© 2024 Folha de Teste. Todos os direitos reservados.
"""


def test_a_portuguese_page_copy_keeps_its_body_and_drops_the_page() -> None:
    cleaned = clean_text(PORTUGUESE_COPY)
    assert cleaned.body.startswith("A Câmara Municipal aprovou na terça-feira")
    assert cleaned.body.endswith("segundo a prefeitura.")
    assert cleaned.body.count("\n\n") == 2
    assert "Termos de uso" not in cleaned.body and "Assine" not in cleaned.body


def test_sentences_are_counted_in_any_cased_script_and_in_caseless_ones() -> None:
    assert _count_sentences("Он пришёл домой. Она ушла. Всё кончилось.") == 3
    assert _count_sentences("Ο υπουργός μίλησε. Η βουλή ψήφισε.") == 2
    assert _count_sentences("جاء الوزير. وقال إن الخطة جاهزة.") == 2
    # a lower-case word after a full stop continues the sentence (an abbreviation)
    assert _count_sentences("Он пришёл в 5 ч. утра домой.") == 1


# Paragraphs of one line each, between a photo credit and advertisements, as a page copy
# of a Russian site gives them, and a list of other stories after them.
RUSSIAN_COPY = """Главная
Новости
Политика
Войти

Городской совет утвердил план нового моста
Фото: пресс-служба
Городской совет во вторник утвердил план нового моста через реку. Заседание длилось шесть \
часов. Депутаты спорили о цене и сроках. Строительство начнётся весной.
Реклама
Старый мост построили в 1887 году. Инженеры нашли глубокие трещины в двух арках. С мая по \
нему закроют движение машин. Автобусы пустят по кольцевой дороге.
Реклама
Рядом с мостом в июне откроют временный пешеходный переход. Об этом сообщили в мэрии. \
Жители района просили об этом давно. Работы оплатит город.
Читайте также
В Москве открыли новую станцию метро
Пожар на складе под Тверью потушен
Курс рубля снова упал
Политика конфиденциальности
© 2024 Тестовая газета
"""


def test_a_russian_page_copy_with_furniture_between_paragraphs_keeps_them_all() -> None:
    body = clean_text(RUSSIAN_COPY).body
    assert "утвердил план нового моста через реку" in body
    assert "Инженеры нашли глубокие трещины" in body
    assert "временный пешеходный переход" in body
    assert "Курс рубля" not in body


ARABIC_COPY = """الرئيسية
أخبار
رياضة

المجلس البلدي يوافق على خطة الجسر الجديد

وافق المجلس البلدي يوم الثلاثاء على خطة الجسر الجديد فوق النهر، بعد نقاش استمر ست \
ساعات حول تكلفة المشروع ومدته.

وقال رئيس المجلس إن الجسر القديم الذي بني عام 1887 سيغلق أمام السيارات ابتداء من شهر \
مايو، بعد أن وجد المهندسون شقوقا عميقة في قوسين من أقواسه الثلاثة.

سياسة الخصوصية
"""


def test_right_to_left_text_keeps_its_order_and_its_direction_and_joining_marks() -> None:
    body = clean_text(ARABIC_COPY).body
    assert body.startswith("وافق المجلس البلدي يوم الثلاثاء")
    assert "سياسة الخصوصية" not in body
    # a right-to-left mark, a zero-width non-joiner (Persian) and a joiner stay as written
    text = "\u200fقال الوزير\u200c إن الخطة جاهزة.\u200d"
    assert normalise_unicode(text) == text


# Zulu: stopwords-iso's list for it holds few of the words a news story uses, so a page's
# sentences are not dense in them; the cleaner then reads the page without a list, by
# length and sentence ends, instead of taking every line for furniture.
ZULU_COPY = """Ikhaya
Izindaba
Ezemidlalo

UMkhandlu uvumile uhlelo lwebhuloho elisha

UMkhandlu wedolobha uvumile ngoLwesibili uhlelo lwebhuloho elisha phezu komfula, \
ngemuva kwengxoxo yamahora ayisithupha mayelana nezindleko nesikhathi somsebenzi.

Ibhuloho elidala elakhiwa ngo-1887 lizovalelwa izimoto kusukela ngoMeyi, ngemuva kokuba \
onjiniyela bethole imifantu ejulile ezingxenyeni zalo ezimbili.

Inqubomgomo yobumfihlo
"""


def test_a_language_whose_function_word_list_does_not_fit_keeps_its_body() -> None:
    body = clean_text(ZULU_COPY).body
    assert "UMkhandlu wedolobha uvumile ngoLwesibili" in body
    assert "Ibhuloho elidala" in body
    assert "Inqubomgomo" not in body


# An advertisement label between paragraphs, in the page's language: no list of such words
# is needed, the page printing it again and again shows it is furniture.
TURKISH_COPY = """Ana Sayfa
Gündem
Spor

Belediye meclisi yeni köprü planını onayladı

Belediye meclisi salı günü nehir üzerindeki yeni köprünün planını altı saat süren bir \
tartışmanın ardından onayladı.
REKLAM
Eski köprü 1887 yılında inşa edildi ve mühendisler taş kemerlerinden ikisinde derin \
çatlaklar buldu.
REKLAM
Otobüsler çevre yoluna yönlendirilecek ve haziran ayında köprünün yanında geçici bir yaya \
köprüsü açılacak.
REKLAM
Belediye başkanı çalışmaların güvenli bir şekilde yapılacağını söyledi ve sakinlerden \
anlayış bekledi.
Gizlilik politikası
"""


def test_a_label_the_page_repeats_between_paragraphs_is_dropped() -> None:
    body = clean_text(TURKISH_COPY).body
    assert "REKLAM" not in body
    assert "Eski köprü 1887 yılında" in body
    assert "Belediye başkanı çalışmaların" in body


# A short story and, further down, a long legal notice: the story is the prose under the
# line that repeats the page's title (its first line), whatever the language.
UKRAINIAN_COPY = """Мінцифри вперше встановить ліміти для гравців азартних ігор | Тестова правда
Головна
Новини
Політика
Економіка

Мінцифри вперше встановить ліміти для гравців азартних ігор
Іван Петренко — 24 жовтня, 15:26

Міністерство цифрової трансформації разом із регулятором підготувало документ про ліміти \
для гравців. Про це повідомила пресслужба міністерства в четвер.

Гравці самі визначатимуть, скільки часу та грошей можуть витратити на азартні ігри за \
місяць, а також найдовший час гри без перерви.

Після громадського обговорення документ подадуть на затвердження уряду. У міністерстві \
кажуть, що правила почнуть діяти з наступного року.

Матеріали за темою
Реєстр залежних від азартних ігор запрацює взимку
21 жовтня, 12:05
Курс гривні знову змінився
21 жовтня, 10:40
У Києві відкрили новий міст через Дніпро
20 жовтня, 18:15
Уряд затвердив бюджет на наступний рік
20 жовтня, 16:02
Погода на вихідні: очікуються дощі
20 жовтня, 09:30
Новини
Політика
Економіка
Спорт
Культура

Використання матеріалів сайту дозволене лише за умови посилання на видання, для \
інтернет-видань обов'язкове пряме гіперпосилання, відкрите для пошукових систем. Всі \
матеріали, які розміщені на цьому сайті з посиланням на агентство, не підлягають \
подальшому відтворенню та розповсюдженню в будь-якій формі без письмового дозволу. \
Матеріали з позначкою реклама є рекламними та публікуються на правах реклами, а \
редакція не несе відповідальності за їхній зміст і за те, що в них сказано. Думки \
авторів колонок можуть не збігатися з думкою редакції, яка за них не відповідає.
"""


def test_a_short_story_under_its_headline_outweighs_a_longer_legal_notice() -> None:
    body = clean_text(UKRAINIAN_COPY).body
    assert body.startswith("Міністерство цифрової трансформації")
    assert "документ подадуть на затвердження уряду" in body
    assert "Використання матеріалів сайту" not in body


CHINESE_MENU = """首页
新闻
财经
体育
登录
"""

# A Chinese news story as papers print it: the last paragraph closes with the reporters'
# names in full-width brackets; headlines of other stories follow the story.
CHINESE_STORY = """市政府公布新桥建设计划
2024年05月13日 18:00 来源：测试日报

市政府周一公布了在河上建设一座新桥的计划，工程预计明年春天开工，两年内完成。

新桥全长八百米，设有四条车道和一条自行车道，费用由市里和省里共同承担。

市长在记者会上表示，旧桥已经使用了八十年，新桥建成后将大大缓解交通压力。

不少居民对这一计划表示欢迎，也有人担心施工期间的噪音问题。（记者 王小明 李华）
"""

CHINESE_TEASERS = """相关新闻
省里将在三年内新建十所学校
台风过后全市公交恢复运行
"""

CHINESE_FOOTER = """关于我们
联系我们
版权所有 测试日报
"""


def test_a_chinese_story_keeps_its_last_paragraph_before_the_reporters_names() -> None:
    copy = "\n".join((CHINESE_MENU, CHINESE_STORY, CHINESE_TEASERS, CHINESE_FOOTER))
    body = clean_text(copy).body
    assert "市政府周一公布了在河上建设一座新桥的计划" in body
    assert "也有人担心施工期间的噪音问题。（记者 王小明 李华）" in body
    for furniture in ("新建十所学校", "公交恢复运行", "登录", "版权所有 测试日报"):
        assert furniture not in body


def test_a_paragraph_ends_like_a_sentence_before_its_reporters_names_in_brackets() -> None:
    assert _ends_like_sentence("ガザでは約100人の人質が拘束されている。【カイロ共同】")
    assert _ends_like_sentence("风雨过后，市民陆续返回家中。（记者 王小明）")
    assert not _ends_like_sentence("市政府公布新桥计划（图）")
    assert not _ends_like_sentence("市民陆续返回家中（记者 王小明）")
    assert not _ends_like_sentence("Rescuers search the river. (Getty Images)")


def test_share_buttons_cookie_notices_and_byline_dates_of_other_languages_are_no_titles() -> None:
    # page copies in German, Japanese, Chinese and Ukrainian got a share button, a cookie
    # notice or the byline's date as their title, and lost their headline
    cases = {
        "Russische Notenbank belässt Leitzins bei 16 Prozent": (
            ["Zum Inhalt springen", "Politik"],
            [
                "Von Alexander Marrow",
                "03.03.2024, 11:42 Uhr",
                "Artikel teilen",
                "Auf Facebook teilen",
                "Auf X teilen",
                "Link kopieren",
            ],
            "MOSKAU, 3. März (Reuters) - Die russische Zentralbank hat ihren Leitzins am"
            " Sonntag bei 16 Prozent belassen und eine Senkung in Aussicht gestellt.\n\n"
            "Von Reuters befragte Analysten hatten mit keiner Änderung gerechnet, sagte"
            " eine Sprecherin der Bank am Nachmittag in Moskau.",
        ),
        "石川県能登地方で震度5弱 津波の心配なし": (
            ["ホーム", "ニュース"],
            ["2024年3月3日 14時35分", "LINEで送る", "リンクをコピー"],
            "3日午後2時20分ごろ、石川県能登地方を震源とする地震があり、輪島市で震度5弱の"
            "揺れを観測しました。\n\nこの地震による津波の心配はありません。気象庁が詳しい"
            "状況を調べています。",
        ),
        "上海地铁19号线全线开工 预计2028年建成通车": (
            [
                "本网站使用Cookie以改善您的浏览体验。继续浏览即表示您同意我们使用Cookie。"
                " 接受 设置",
                "首页",
            ],
            ["2024-03-03 10:25", "分享到微博", "分享到微信"],
            "新华社上海3月3日电 上海市交通委员会3日宣布，上海轨道交通19号线全线开工建设。"
            "该线路全长约44.5公里，设车站30座。\n\n"
            "据介绍，19号线预计2028年建成通车，将有效缓解2号线的客流压力。",
        ),
        "ЦБ Росії зберіг ключову ставку на рівні 16%": (
            ["Головна", "Економіка"],
            ["3 березня 2024, 12:42", "Поділитися"],
            "МОСКВА, 3 березня (Рейтер) - Центральний банк Росії зберіг ключову ставку на"
            " рівні 16% і дав зрозуміти, що може знизити її в другому півріччі.\n\n"
            "Аналітики, опитані агентством, не очікували змін, повідомили в банку в неділю"
            " після засідання ради директорів.",
        ),
    }
    # a cookie notice of two sentences on the copy's first line
    cases["Sheinbaum y Gálvez cierran el primer debate sin acuerdos sobre seguridad"] = (
        [
            "Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si"
            " continúa navegando, consideramos que acepta su uso. Aceptar Configurar cookies",
            "Inicio",
        ],
        ["Por Alexander Marrow", "3 de marzo de 2024 - 11:42 CET", "Compartir en Facebook"],
        "CIUDAD DE MÉXICO, 3 de marzo de 2024 (EFE).- Las candidatas presidenciales"
        " cerraron el primer debate sin acuerdos sobre seguridad, dijeron analistas.\n\n"
        "El segundo debate se celebrará en abril en la capital, informó el instituto"
        " electoral en un comunicado difundido el domingo.",
    )
    for headline, (top, under, story) in cases.items():
        text = "\n\n".join([*top, headline, *under, story]) + "\n"
        cleaned = clean_text(text)
        assert cleaned.title == headline, (headline, cleaned.title)
        assert cleaned.body == story, headline


def test_a_brief_of_a_sentence_or_two_is_its_own_body_in_any_language() -> None:
    # one-line briefs in Chinese, Japanese and Korean were refused ("nothing left after
    # removing boilerplate (0 lines removed)"): the line was taken for a title over an
    # empty body, or no line read as prose
    for brief in (
        "岸田文雄首相は3日、首相官邸で記者団の取材に応じた。",
        "北京今日迎来降雪。气象台发布道路结冰黄色预警。",
        "서울시는 3일 새 정책을 발표했다.",
        "Police arrested two men after a robbery in the city centre on Monday night.",
    ):
        cleaned = clean_text(brief)
        assert cleaned.body == brief and cleaned.title == "", brief
    # under a headline and a date line: the headline is the title, the date the dateline
    text = (
        "제목\n\n입력 2024.03.03 19:42\n\n서울시는 3일 새 정책을 발표했다.\n\n"
        "시는 이달부터 시행한다고 밝혔다."
    )
    cleaned = clean_text(text)
    assert cleaned.title == "제목"
    assert cleaned.body == "서울시는 3일 새 정책을 발표했다.\n\n시는 이달부터 시행한다고 밝혔다."
    assert cleaned.dateline == "입력 2024.03.03 19:42"
    # furniture alone is still no article
    assert clean_text("Menu\n\nHome\n\nSign in").body == ""


def test_a_paragraph_that_is_a_quote_in_german_marks_ends_like_a_sentence() -> None:
    """A German paragraph opened and closed with „…“ (or »…«) was a photo's caption to the
    cleaner, which took “ and « for openers: the story lost its key quote (a trial's
    Reuters story in German lost Kaja Kallas's words and her name)."""
    quote = (
        "„Jeder Tanker, den wir listen, ist ein Tanker, der Putins Krieg nicht mehr"
        " finanziert“, sagte die EU-Außenbeauftragte Kaja Kallas vor Journalisten in Brüssel."
        " „Wir werden die Kosten weiter erhöhen, bis Russland aufhört.“"
    )
    assert _ends_like_sentence(quote)
    assert _ends_like_sentence("»Wir bleiben dabei«, sagte er. »Das ist klar.«")
    story = "\n\n".join(
        [
            "EU verhängt neue Sanktionen gegen 198 Tanker der Schattenflotte",
            "BRÜSSEL, 17. November (Reuters) – Die Regierungen der Europäischen Union haben am"
            " Montag ein 21. Sanktionspaket gegen Russland beschlossen, wie Diplomaten in"
            " Brüssel mitteilten.",
            "Das Paket senkt zudem den Preisdeckel für russisches Rohöl von 47,60 auf 44,10"
            " Dollar je Barrel und friert weitere Vermögen von 43 Unternehmen ein.",
            quote,
            "Der Kreml wies das Paket zurück. Sprecher Dmitri Peskow sagte in Moskau, die"
            " Sanktionen seien illegal und würden Europa mehr schaden als Russland.",
        ]
    )
    cleaned = clean_text(story)
    assert "Kaja Kallas" in cleaned.body, cleaned.removed
    assert not cleaned.removed, cleaned.removed


def test_a_chinese_or_japanese_headline_shares_words_with_its_lead() -> None:
    """A clause of a script written without spaces is one ``\\w`` run: a Japanese headline
    and its lead shared none, so the title model read the headline as unrelated to the
    story (and took the menu's "ニュース" once the boosted trees weighed that more). Their
    character pairs are their words."""
    headline = "石川県能登地方で震度5弱 津波の心配なし"
    page = (
        f"ホーム\n\nニュース\n\n{headline}\n\n2024年3月3日 14時35分\n\n"
        "3日午後2時20分ごろ、石川県能登地方を震源とする地震があり、輪島市で震度5弱の"
        "揺れを観測しました。\n\nこの地震による津波の心配はありません。\n"
    )
    table = line_table(page, titles=True)
    assert table.title_features is not None
    overlap = dict(
        zip(
            table.title_candidates,
            table.title_features[:, TITLE_FEATURES.index("lead_overlap")],
            strict=True,
        )
    )
    assert overlap[headline] > 0.5, overlap
    assert overlap["ニュース"] == 0.0, overlap


def test_a_photo_credit_labelled_in_the_pages_language_is_no_paragraph() -> None:
    # trial18: "Bild: Andreas Seidel" stayed in a German page's body, as "Фото: ТАСС"
    # would in a Russian one ("Foto:" and "Photo:" were read as credits already).
    paragraphs = [
        "Der Stadtrat hat die Abstimmung über die neue Brücke am Dienstag verschoben, nachdem"
        " die Anwohner des Ostufers eine zweite Anhörung zu den Kosten verlangt hatten.",
        "Bild: Andreas Seidel",
        "Die Stadträte sagten, die Anhörung finde noch vor Ende des Monats statt, und die"
        " Ingenieure würden die Fragen der Bürger im Rathaus beantworten.",
        "Der Fährbetreiber kündigte an, den Winterfahrplan beizubehalten, bis der Rat über"
        " die Brücke entschieden habe, und die Preise bis zum Frühjahr nicht zu ändern.",
    ]
    for credit in ("Bild: Andreas Seidel", "Фото: ТАСС"):
        html = (
            '<html lang="de"><head><title>Stadtrat verschiebt Abstimmung</title></head><body>'
            "<article><h1>Stadtrat verschiebt Abstimmung</h1>"
            + "".join(f"<p>{p.replace('Bild: Andreas Seidel', credit)}</p>" for p in paragraphs)
            + "</article></body></html>"
        )
        body = extract_html(html).body
        assert credit not in body and "Fährbetreiber" in body, body
