"""Hand labels for ``facts_eval.py``: the five seeds and short passages written for it.

Entity names: "A|B" means one entity that may be named either way (one prediction
matching it is right; a second one matching it as well counts as a false positive).
Quotes: (the first words of the quotation, the speaker or None when the text names
nobody). Amounts: (value, a word of what it counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Label:
    doc: str  # seed prefix ("000") or the passage text itself
    person: frozenset[str] = frozenset()
    org: frozenset[str] = frozenset()
    place: frozenset[str] = frozenset()
    quotes: tuple[tuple[str, str | None], ...] = ()
    sources: frozenset[str] = frozenset()
    amounts: tuple[tuple[float, str], ...] = ()
    credits: frozenset[str] = field(default_factory=frozenset)


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


SEEDS = [
    Label(
        "000",
        person=_s(
            "Vladimir Putin",
            "Valery Gerasimov",
            "Ivan Popov",
            "Andrei Gurulyov",
            "Yevgeny Prigozhin",
            "Sergei Shoigu",
        ),
        org=_s(
            "VChK-OGPU Telegram channel|VChK-OGPU",
            "58th Combined Arms Army|58th Army",
            "Kremlin",
            "General Staff",
            "Newsweek",
            "Defense Ministry|Russia's Defense Ministry",
            "Institute for the Study of War",
            "Wagner Group|Wagner",
        ),
        place=_s("Ukraine", "Zaporizhia", "Russia", "Bakhmut"),
        quotes=(
            ("The officers of the 58th Army", "VChK-OGPU Telegram channel"),
            ("You and I are absolutely alike", "Ivan Popov"),
            ("because he is less competent", "Institute for the Study of War"),
        ),
        sources=_s("VChK-OGPU Telegram channel", "Institute for the Study of War"),
        amounts=((23, "second"), (1000, "people")),
    ),
    Label(
        "001",
        person=_s("Vladimir Putin"),
        org=_s(
            "New York Times",
            "Russian Armed Forces",
            "331st Airborne Regiment",
            "2nd Battalion",
            "Ukrainian Armed Forces",
        ),
        place=_s("Ukraine", "Russia", "Bucha", "Kyiv", "Izium"),
        quotes=(
            ("We are in Bucha", "one of the Russian soldiers"),
            ("Mom, this war is the worst", "a Russian soldier"),
            ("Putin is an idiot, he wants", None),
        ),
        sources=_s("New York Times"),
        amounts=((600, "soldiers"), (2, "months")),
    ),
    Label(
        "002",
        person=_s("Vladimir Putin", "Andrei Soldatov", "Sergei Beseda", "Alexey Muraviev"),
        org=_s(
            "Agentura",
            "FSB",
            "KGB",
            "GRU",
            "FSO",
            "Kremlin",
            "Center for European Policy Analysis",
            "Fifth Service",
            "Sky News Australia",
        ),
        place=_s("Moscow", "Ukraine", "Eastern Europe|Europe", "Germany", "Russia"),
        quotes=(
            ("This matters? It is very important", "Andrei Soldatov"),
            ("This is the first time that the siloviki", "Andrei Soldatov"),
            ("The Russian president has been preparing", "Andrei Soldatov"),
            ("there were tensions between Russia", "Alexey Muraviev"),
            ("I think this kind of false narrative", "Alexey Muraviev"),
        ),
        sources=_s("Agentura", "Center for European Policy Analysis", "Sky News Australia"),
        amounts=((150, "spies"), (24, "hours"), (2, "officers")),
        credits=_s("Agencies"),
    ),
    Label(
        "003",
        person=_s(
            "Vladimir Putin",
            "Sergei Shoigu",
            "Andrei Belousov",
            "John Foreman",
            "Valery Gerasimov",
            "Timur Ivanov",
            "Vadim Shamarin",
        ),
        org=_s(
            "Armed Forces|Russian Armed Forces",
            "Kremlin",
            "Russian Defense Ministry|Ministry of Defense|MoD|Defense Ministry",
            "Federal Security Service|FSB",
            "General Staff|Russian General Staff",
        ),
        place=_s("Ukraine", "Moscow", "Russia", "UK"),
        quotes=(
            ("At last, the FSB has sunk its teeth", "John Foreman"),
            ("Shoigu and Gerasimov provided a buffer", "John Foreman"),
            ("the probability that Gerasimov", "John Foreman"),
        ),
        sources=_s(),
    ),
    Label(
        "004",
        person=_s("Vladimir Putin", "Vladimir Osechkin"),
        org=_s("Newsweek", "Federal Security Service|FSB", "Scorpions"),
        place=_s("Russia", "Ukraine"),
        quotes=(
            ("descend into the abyss of terror", None),
            ("Believe me", None),
            ("Chaos, civil war, collapse", "the FSB agent"),
            ("Too many in Russia have crossed", "the FSB agent"),
        ),
        sources=_s("Newsweek"),
        credits=_s("Newsweek"),
    ),
]

PASSAGES = [
    Label(
        "Prime Minister Keir Starmer met German Chancellor Olaf Scholz in Berlin on Monday. "
        "Starmer later flew to Paris, where he told reporters: “We have agreed a plan for "
        "the next two years.”",
        person=_s("Keir Starmer", "Olaf Scholz"),
        place=_s("Berlin", "Paris"),
        quotes=(("We have agreed a plan", "Keir Starmer"),),
        amounts=((2, "years"),),
    ),
    Label(
        "Since the World Health Organization warned of the outbreak, officials in Brazil "
        "have closed 1,200 schools, a spokesman for the Ministry of Health said.",
        org=_s("World Health Organization", "Ministry of Health"),
        place=_s("Brazil"),
        sources=_s("Ministry of Health"),  # "a spokesman for the Ministry of Health said"
        amounts=((1200, "schools"),),
    ),
    Label(
        "Lieutenant General Mark Smith, who leads the 82nd Airborne Division, said the "
        "3,000 troops would leave Kabul by August. Smith did not say when the last flight "
        "would depart. “We will bring every one of them home,” he said.",
        person=_s("Mark Smith"),
        org=_s("82nd Airborne Division"),
        place=_s("Kabul"),
        quotes=(("We will bring every one", "Mark Smith"),),
        amounts=((3000, "troops"),),
    ),
    Label(
        "Shares of Tesla fell 4% on Tuesday after the carmaker recalled 120,000 vehicles in "
        "China, according to Bloomberg. Chief Executive Elon Musk said on X that the "
        "problem was minor.",
        person=_s("Elon Musk"),
        org=_s("Tesla", "Bloomberg", "X"),
        place=_s("China"),
        sources=_s("Bloomberg"),
        amounts=((4, "percent"), (120000, "vehicles")),
    ),
    Label(
        "The European Central Bank raised rates again. “Inflation remains far too high for "
        "far too long,” ECB President Christine Lagarde told a news conference in "
        "Frankfurt. Lagarde added that the bank would decide meeting by meeting.",
        person=_s("Christine Lagarde"),
        org=_s("European Central Bank|ECB"),
        place=_s("Frankfurt"),
        quotes=(("Inflation remains far too high", "Christine Lagarde"),),
    ),
    Label(
        "Firefighters in California battled a 12,000-acre blaze near Los Angeles overnight. "
        "“The wind is our enemy tonight and we cannot stop it,” said Captain Maria Lopez of "
        "the Los Angeles Fire Department. About 500 homes were evacuated, the Associated "
        "Press reported.",
        person=_s("Maria Lopez"),
        org=_s("Los Angeles Fire Department", "Associated Press"),
        place=_s("California", "Los Angeles"),
        quotes=(("The wind is our enemy", "Maria Lopez"),),
        sources=_s("Associated Press"),
        amounts=((12000, "acre"), (500, "homes")),
    ),
    Label(
        "Manchester United sacked manager Erik ten Hag after a 2-1 defeat. The club said in a "
        "statement that Ruud van Nistelrooy would take charge. “It has been an honour to "
        "lead this club for two and a half years,” Ten Hag wrote in a farewell letter.",
        person=_s("Erik ten Hag", "Ruud van Nistelrooy"),
        org=_s("Manchester United"),
        quotes=(("It has been an honour", "Erik ten Hag"),),
    ),
    Label(
        "Ukrainian President Volodymyr Zelensky said on Telegram that Russian drones had "
        "struck Odesa overnight, killing three people. Russia's Defense Ministry said its "
        "forces had hit military targets. The claims could not be verified, Reuters said.",
        person=_s("Volodymyr Zelensky"),
        org=_s("Telegram", "Defense Ministry|Russia's Defense Ministry", "Reuters"),
        place=_s("Odesa", "Russia"),
        sources=_s("Reuters", "Defense Ministry"),
        amounts=((3, "people"),),
    ),
    Label(
        "Dr. Sarah Chen, a researcher at Stanford University, told the BBC that the findings "
        "were preliminary. “We need a much larger study before anyone changes what they "
        "eat,” she said. The study followed 4,500 adults in Japan for ten years.",
        person=_s("Sarah Chen"),
        org=_s("Stanford University", "BBC"),
        place=_s("Japan"),
        quotes=(("We need a much larger study", "Sarah Chen"),),
        sources=_s("BBC"),
        amounts=((4500, "adults"), (10, "years")),
    ),
    Label(
        "Officials in New Delhi said the monsoon arrived early this year. According to the "
        "India Meteorological Department, rainfall in Kerala was 30 percent above normal. "
        "Farmers' leader Rakesh Tikait welcomed the news.",
        person=_s("Rakesh Tikait"),
        org=_s("India Meteorological Department"),
        place=_s("New Delhi", "Kerala"),
        sources=_s("India Meteorological Department"),
        amounts=((30, "percent"),),
    ),
    Label(
        "Senator Elizabeth Warren questioned the Federal Reserve chair on Wednesday. "
        "“You have failed the American people,” Warren said. Jerome Powell replied that the "
        "Fed's mandate had not changed since 1977.",
        person=_s("Elizabeth Warren", "Jerome Powell"),
        org=_s("Federal Reserve|Fed"),
        quotes=(("You have failed the American people", "Elizabeth Warren"),),
    ),
]

# Datelines with a reference date and the right answer: a full date, or (month, day)
# for a partial one.
DATELINES: list[tuple[str, str | None, str | tuple[int, int] | None]] = [
    ("Sunday, February 25", "2024-03-01", "2024-02-25"),
    ("Sunday, February 25", None, (2, 25)),
    ("Sunday, February 25", "2026-11-25", (2, 25)),
    ("Monday, March 4, 2024", "2024-03-10", "2024-03-04"),
    ("March 4, 2024", None, "2024-03-04"),
    ("4 March 2024", "2024-03-10", "2024-03-04"),
    ("Tuesday 5 March", "2024-03-10", "2024-03-05"),
    ("Sat 2 Mar 2024 10.32 GMT", "2024-03-10", "2024-03-02"),
    ("2024-03-04", "2024-03-10", "2024-03-04"),
    ("Published: Thursday, November 21", "2024-11-25", "2024-11-21"),
    ("25 février 2024", "2024-03-01", "2024-02-25"),
    ("Mittwoch, 6. März 2024", "2024-03-10", "2024-03-06"),
    ("Friday, December 27", "2025-01-03", "2024-12-27"),
    ("December 27, 2031", "2025-01-03", None),  # after the reference: no date
]

# Written after the rules were tuned on SEEDS and PASSAGES, labelled before any option ran
# on them, and not tuned on since: the figures on these are the honest ones.
HELD_OUT = [
    Label(
        "Apple Chief Executive Tim Cook met Indian Prime Minister Narendra Modi in Mumbai on "
        "Thursday. Cook said the company would double its workforce in India. Analysts at "
        "Morgan Stanley estimated that 14 percent of iPhones are now assembled there.",
        person=_s("Tim Cook", "Narendra Modi"),
        org=_s("Apple", "Morgan Stanley"),
        place=_s("Mumbai", "India"),
        amounts=((14, "percent"),),
    ),
    Label(
        "Hurricane Milton made landfall near Sarasota, Florida, late on Wednesday, the "
        "National Hurricane Center said. Governor Ron DeSantis urged residents to stay "
        "indoors. “This is not the time to go outside and look around,” DeSantis told "
        "reporters in Tallahassee. More than two million homes lost power.",
        person=_s("Ron DeSantis"),
        org=_s("National Hurricane Center"),
        place=_s("Sarasota", "Florida", "Tallahassee"),
        quotes=(("This is not the time", "Ron DeSantis"),),
        sources=_s("National Hurricane Center"),
        amounts=((2_000_000, "homes"),),
    ),
    Label(
        "The United Nations Security Council met in New York after Israeli strikes on "
        "southern Lebanon. Secretary-General Antonio Guterres called for restraint, "
        "according to a statement from his office. Hezbollah said it had fired 40 rockets.",
        person=_s("Antonio Guterres"),
        org=_s("United Nations Security Council", "Hezbollah"),
        place=_s("New York", "Lebanon"),
        sources=_s("Hezbollah"),
        amounts=((40, "rockets"),),
    ),
    Label(
        "Novak Djokovic beat Carlos Alcaraz in straight sets to win the Olympic title in "
        "Paris. “I gave everything I had on that court today,” Djokovic said afterwards. The "
        "Serbian, 37, had lost to Alcaraz at Wimbledon a month earlier.",
        person=_s("Novak Djokovic", "Carlos Alcaraz"),
        place=_s("Paris"),
        quotes=(("I gave everything I had", "Novak Djokovic"),),
    ),
    Label(
        "Volkswagen will close three factories in Germany and cut thousands of jobs, the "
        "works council said on Monday. Daniela Cavallo, who heads the council, told "
        "employees in Wolfsburg that management wanted pay cuts of 10 percent. The company "
        "declined to comment, Handelsblatt reported.",
        person=_s("Daniela Cavallo"),
        org=_s("Volkswagen", "Handelsblatt"),
        place=_s("Germany", "Wolfsburg"),
        sources=_s("Handelsblatt"),
        amounts=((3, "factories"), (10, "percent")),
    ),
    Label(
        "Kenyan police fired tear gas at protesters in Nairobi on Tuesday. Amnesty "
        "International said at least 39 people had been killed since June. Interior "
        "Minister Kithure Kindiki said officers had acted lawfully. “We will not allow "
        "anarchy,” he said.",
        person=_s("Kithure Kindiki"),
        org=_s("Amnesty International"),
        place=_s("Nairobi"),
        quotes=(("We will not allow anarchy", "Kithure Kindiki"),),
        sources=_s("Amnesty International"),
        amounts=((39, "people"),),
    ),
    Label(
        "Researchers at the University of Tokyo said a 7.1-magnitude earthquake off "
        "Miyazaki had raised the risk of a larger quake along the Nankai Trough. Professor "
        "Naoshi Hirata chairs the government panel that issued the warning.",
        person=_s("Naoshi Hirata"),
        org=_s("University of Tokyo"),
        place=_s("Miyazaki", "Nankai Trough"),
        sources=_s("University of Tokyo"),
    ),
    Label(
        "Brazilian President Luiz Inacio Lula da Silva said on Friday that his government "
        "would not accept the result in Venezuela until the electoral council published the "
        "tallies. Lula spoke to reporters in Brasilia alongside Foreign Minister Mauro Vieira.",
        person=_s("Luiz Inacio Lula da Silva", "Mauro Vieira"),
        place=_s("Venezuela", "Brasilia"),
    ),
]
