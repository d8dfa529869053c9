"""Article texts for the held-out synthetic page copies (written for this benchmark).

None of them comes from the dev pages. Each is (title, paragraphs); short lines among the
paragraphs are subheadings or list items that belong to the article.
"""

from __future__ import annotations

ARTICLES: list[tuple[str, list[str]]] = [
    (
        "Harbour town votes to replace its 90-year-old sea wall",
        [
            "Residents of Port Ellery voted by a wide margin on Saturday to borrow money "
            "for a new sea wall, after two winters in which storm surges flooded the lower "
            "streets of the town.",
            "The old wall, built in the 1930s from local granite, has cracked in several "
            "places. Engineers told a public meeting last month that it could fail in a "
            "storm of the kind the town now sees every few years.",
            "“We have been patching it for twenty years,” said the harbour master, Ruth "
            "Calloway. “There is nothing left to patch.”",
            "The loan will be repaid over 30 years through a small rise in property taxes. "
            "Work is expected to start next spring and to take about two years.",
            "What happens to the harbour",
            "Fishing boats will move to a temporary mooring on the north side of the bay "
            "while the work goes on. Some owners said they were worried about the cost of "
            "the move, which the council has promised to cover.",
            "Not everyone was in favour. A group of shop owners on the quay argued that the "
            "works would keep visitors away for two summers, and asked for the project to be "
            "split into phases.",
        ],
    ),
    (
        "Chipmaker cuts forecast as demand for phones slows",
        [
            "SAN JOSE — A large maker of memory chips cut its sales forecast for the rest of "
            "the year on Tuesday, saying that demand from smartphone makers had fallen more "
            "than expected.",
            "The company now expects revenue of between $4.1 billion and $4.3 billion for "
            "the quarter, down from its earlier estimate of $4.8 billion. Its shares fell 7% "
            "in trading after the close.",
            "Analysts said the warning was not a surprise. Phone sales have been weak in "
            "several large markets since the spring, and stocks of unsold chips have been "
            "building up in warehouses.",
            "The chief executive said on a call with investors that orders from data centres "
            "remained strong and that he expected the market to recover early next year.",
        ],
    ),
    (
        "How to keep tomatoes growing into the autumn",
        [
            "Most gardeners give up on their tomatoes when the nights turn cold, but a few "
            "simple steps can keep the plants producing for several more weeks.",
            "First, remove any leaves that have turned yellow or show spots. They take "
            "energy from the plant and can spread disease to the fruit.",
            "Second, cut off the growing tips and any new flowers. Fruit that sets this late "
            "will not ripen, and the plant is better off putting its energy into the "
            "tomatoes it already has.",
            "You will need:",
            "garden fleece or an old bed sheet",
            "a pair of clean secateurs",
            "a few canes to hold the cover off the leaves",
            "On cold nights, cover the plants with the fleece. Take it off in the morning so "
            "the fruit gets the sun. Green tomatoes that are left at the end can be ripened "
            "indoors in a drawer with a banana.",
        ],
    ),
    (
        "Striker's late goal sends City into the cup quarter-finals",
        [
            "A goal in the 88th minute from substitute Danny Okafor gave City a 2-1 win over "
            "Rovers on Wednesday night and a place in the last eight of the cup.",
            "Rovers had taken the lead just before half-time when their captain headed in "
            "from a corner, and they defended well for most of the second half.",
            "City equalised with 20 minutes left through a penalty, awarded after a long "
            "check by the video referee. Okafor, who had been on the pitch for less than ten "
            "minutes, then turned in a low cross at the near post.",
            "“It was not our best performance, but in the cup it is all about getting "
            "through,” the City manager said. “The players showed a lot of character.”",
            "The draw for the quarter-finals will be made on Sunday.",
        ],
    ),
    (
        "Library reopens after two-year renovation",
        [
            "The central library reopened to the public on Monday after a renovation that "
            "took two years and cost more than planned.",
            "Visitors found a new reading room on the top floor, a larger children's "
            "section and a café by the entrance. The building's old card catalogue has been "
            "kept as a display in the main hall.",
        ],
    ),
    (
        "Scientists map the songs of a rare whale population",
        [
            "Researchers who spent three years listening to the ocean off the southern coast "
            "have recorded the songs of a small group of whales that had rarely been heard "
            "before.",
            "The team placed underwater microphones at six points along the continental "
            "shelf and collected more than 40,000 hours of sound. Most of it was the noise "
            "of ships and waves, but the whales could be picked out by their low, repeating "
            "calls.",
            "The songs change from year to year",
            "The recordings show that the whales change their songs a little every year, "
            "and that the changes spread from one animal to the others over a few months. "
            "The same pattern has been seen in larger populations, but never in one this "
            "small.",
            "“It tells us that this group is still healthy enough to have a culture of its "
            "own,” said the lead author of the study, which was published this week.",
            "The researchers now hope to use the recordings to count the animals, which are "
            "difficult to see from the air because they spend so little time at the surface.",
            "The population is thought to number fewer than 300 animals. Collisions with "
            "ships and entanglement in fishing gear are the main threats to its survival.",
        ],
    ),
    (
        "Rail strike to go ahead after talks break down",
        [
            "Train drivers will walk out for 48 hours from Thursday after talks between their "
            "union and the rail companies ended without an agreement late on Monday.",
            "The union said the companies had offered a pay rise of 4% over two years, well "
            "below the rate of inflation. The companies said the offer was the best they "
            "could afford without cutting services.",
            "Passengers are being advised to travel only if they must. Most lines will run "
            "no trains at all, and those that do will run a reduced timetable from 7.30am to "
            "6.30pm.",
            "It is the third strike this year. Business groups said the walkouts were "
            "costing city centre shops and restaurants millions in lost trade.",
        ],
    ),
    (
        "Couple celebrate 70 years of marriage with a dance",
        [
            "Margaret and Albert Finch met at a dance hall in 1952 and, seventy years after "
            "their wedding, they marked the day the same way: with a waltz.",
            "Family and friends gathered at the village hall on Saturday, where the couple, "
            "now 91 and 93, took to the floor to the song they first danced to.",
            "Asked for the secret of a long marriage, Mr Finch said: “Never go to bed "
            "angry, and always let her have the last word.”",
        ],
    ),
]
