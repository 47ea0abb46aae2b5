"""The demo blog's posts from liftoff to orbit, on the blog when the server starts.

They follow :data:`~tui_liveblog.demo.countdown_posts.COUNTDOWN`, dated by their ``minute`` offset
from the start of coverage; the newest is :data:`~tui_liveblog.demo.blog.LEAD_MINUTES` old when
the server starts.
"""

from __future__ import annotations

from tui_liveblog.demo.blog import CALLUM, INES, MAREN, SUNNIVA, TOMAS, Post

FLIGHT: tuple[Post, ...] = (
    Post(
        INES,
        "<p><strong>Selene 1 has lifted off.</strong> The Tern Heavy booster cleared the tower "
        "on a column of flame and is climbing steadily out over the sea; the roar reached the "
        "press site several seconds later.</p>"
        "<p>Commander Castellan&rsquo;s first call: &ldquo;Liftoff, and we&rsquo;ve got a good "
        "ride.&rdquo;</p>",
        "Liftoff!",
        minute=128,
        key_event=True,
    ),
    Post(
        MAREN,
        "<p>The vehicle has passed through the period of maximum aerodynamic pressure. Mission "
        "control reports all engines performing normally and cabin pressure steady.</p>",
        minute=129,
    ),
    Post(
        MAREN,
        "<p>The booster has separated cleanly and the Selene Shuttle&rsquo;s own engine has "
        "ignited. From the beach, the crowd could see two bright dots drift apart before the "
        "shuttle disappeared into high cloud.</p>",
        "Booster separation confirmed",
        minute=131,
        key_event=True,
    ),
    Post(
        TOMAS,
        "<p>Huge cheers in the press stand: the Tern Heavy booster has touched down on the "
        "recovery barge <em>Patient Gull</em>, 600 km offshore. It is the fourth successful "
        "landing for this particular booster.</p>",
        "Booster lands on the barge",
        minute=134,
    ),
    Post(
        MAREN,
        "<p>The Selene Shuttle&rsquo;s engine has shut down on schedule. Mission control is "
        "checking the orbit against the plan; first indications are that it is very close to "
        "target.</p>",
        minute=137,
    ),
    Post(
        MAREN,
        "<p><strong>The Selene Shuttle is in orbit.</strong> Flight director Oona Feld confirmed "
        "that the orbit is within a few hundred metres of the plan, a result she called "
        "&ldquo;textbook&rdquo;.</p>"
        "<p>The nine people on board are the first to reach orbit on a commercial lunar ferry. "
        "The next major step is the burn that will send them towards the Moon, expected in a "
        "little under two hours.</p>",
        "Selene 1 is in orbit",
        minute=139,
        key_event=True,
    ),
    Post(
        INES,
        "<p>The crew&rsquo;s first message from orbit has just been played in the control room. "
        "Commander Castellan said:</p>"
        "<blockquote><p>Good afternoon from Wayfarer. Everyone on board is safe, smiling and, "
        "in one case, asking when lunch is. Thank you to every single person on the ground who "
        "got us here.</p></blockquote>"
        "<p>The passengers have been cleared to loosen their harnesses, though not yet to leave "
        "their seats.</p>",
        "First words from orbit",
        minute=145,
    ),
    Post(
        INES,
        "<p>Here is a summary of the day so far:</p>"
        "<ul>"
        "<li>The Selene Shuttle <em>Wayfarer</em> lifted off from Skarholm Spaceport with three "
        "crew and six passengers on the first crewed flight of Corrivale Lunar Lines&rsquo; "
        "lunar ferry.</li>"
        "<li>High-altitude winds held the countdown and delayed liftoff by about a quarter of "
        "an hour.</li>"
        "<li>The Tern Heavy booster landed safely on its recovery barge.</li>"
        "<li>The shuttle reached orbit on target about nine minutes after liftoff, and all nine "
        "people on board are reported well.</li>"
        "<li>Next comes the trans-lunar injection burn, which will send the shuttle on a "
        "journey of just under three days to Lantern Station.</li>"
        "</ul>",
        "What we know so far",
        minute=151,
        updated_minute=176,
        pinned=True,
    ),
    Post(
        SUNNIVA,
        "<p>Corrivale&rsquo;s chief executive, Anselm Quay, has been speaking to reporters at "
        "the spaceport. He said the company plans a second crewed flight within six months, and "
        "a regular monthly service &ldquo;within three years, if the regulators and the weather "
        "allow&rdquo;.</p>"
        "<blockquote><p>Today the Moon got a timetable. It is a very short timetable, with one "
        "departure on it, but it is a start.</p></blockquote>",
        "Corrivale chief: ‘Today the Moon got a timetable’",
        minute=157,
    ),
    Post(
        CALLUM,
        "<p>Wilhelmina Parr&rsquo;s grandson has posted a message from the family kitchen in "
        "Orrin Bay, where they watched the launch on television.</p>"
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Gran is in ORBIT. We have '
        "been screaming for ten minutes. The dog has gone to hide in the shed.</p>&mdash; Finn "
        '(@example) <a href="https://x.com/example/status/1790000000000000002">watching from '
        "Orrin Bay</a></blockquote>",
        "Ballot winner’s family: ‘Gran is in orbit’",
        minute=163,
    ),
    Post(
        SUNNIVA,
        "<p>For all the cheering on the beach, the commercial case for the Selene Shuttle is "
        "still unproven. Each flight costs far more than Corrivale can yet charge, and the "
        "company is relying on station operators and research agencies to buy most seats for "
        "the next few years.</p>"
        "<p>But a clean first crewed flight matters enormously for insurance costs and investor "
        "confidence. Two rival lunar ferry projects will have been watching closely; "
        '<a href="https://example.com/markets/lunar-ferries">our markets team looks at what '
        "comes next</a>.</p>",
        "Analysis: a launch the whole industry was watching",
        minute=168,
    ),
    Post(
        MAREN,
        "<p>With the shuttle safely in orbit, here is the plan for the rest of the day:</p>"
        "<ol>"
        "<li>Checks of the cabin, power and communications systems, which are under way "
        "now.</li>"
        "<li>A go/no-go decision on the trans-lunar injection burn.</li>"
        "<li>The burn itself: about six minutes on the shuttle&rsquo;s main engine.</li>"
        "<li>A press conference at the spaceport with the flight director and Corrivale&rsquo;s "
        "leadership.</li>"
        "</ol>",
        "Coming up: the burn towards the Moon",
        minute=173,
    ),
    Post(
        TOMAS,
        "<p>Mission control has released the first picture taken by a passenger. Wilhelmina "
        "Parr shot it on her phone through the cabin&rsquo;s left-hand window; it shows the Vell "
        "Peninsula under a ragged line of cloud.</p>"
        '<figure><img src="https://example.org/images/selene/window-view.jpg" '
        'alt="A curved blue horizon seen through a thick spacecraft window">'
        "<figcaption>The Vell Peninsula seen from the Selene Shuttle. Photograph: Wilhelmina "
        "Parr / Corrivale Lunar Lines</figcaption></figure>",
        "Photo: Earth from Wayfarer’s window",
        minute=178,
    ),
)
