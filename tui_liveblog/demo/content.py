"""The bundled demo blog: an invented live blog, written for this project.

Everything here is fiction: the Selene Shuttle, Corrivale Lunar Lines, Skarholm Spaceport, the
Vell Peninsula, Lantern Station, every person quoted and every reporter. Links point only at
example.org / example.com, tweets at x.com/example, videos at made-up YouTube embed ids.

The data is split the way the demo server uses it:

- :data:`INITIAL`: the posts already on the blog when the server starts, each dated by its
  ``minute`` offset from the start of coverage (the server dates them back from its start time,
  so the newest is :data:`LEAD_MINUTES` old);
- :data:`SCRIPT`: what happens while the demo runs, one step per tick: a :class:`Post` is
  published "now", an :class:`Amendment` rewrites an earlier post (found by its ``key``) and gives
  it a new modification time. When the script is exhausted the coverage ends.
"""

from __future__ import annotations

from dataclasses import dataclass

SLUG = "selene-shuttle"
PATH = f"/live/{SLUG}"
TITLE = "Selene Shuttle launch live: first crewed lunar ferry lifts off from Skarholm"
DESCRIPTION = (
    "Live updates as Corrivale Lunar Lines' Selene Shuttle carries three crew and six "
    "passengers from Skarholm Spaceport towards Lantern Station in lunar orbit."
)
PUBLISHER = "The Lantern Quay Courier"
PUBLISHER_URL = "https://example.org/"
LEAD_MINUTES = 3
"""How long before the server's start the newest initial post is dated."""


@dataclass(frozen=True, slots=True)
class Post:
    """One live-blog post: ``body`` is HTML, ``headline`` plain text.

    ``minute`` (and ``updated_minute``, an edit made before the server started) only matter
    for :data:`INITIAL`; scripted posts are dated when they are published. ``key`` names a post
    an :class:`Amendment` refers to.
    """

    author: str
    body: str
    headline: str | None = None
    minute: int = 0
    updated_minute: int | None = None
    pinned: bool = False
    key_event: bool = False
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """A later edit of the post whose ``key`` matches: new body (and headline, if given)."""

    key: str
    body: str
    headline: str | None = None


INES = "Ines Valcourt"
TOMAS = "Tomás Achterberg"
MAREN = "Maren Oduya"
CALLUM = "Callum Brightwater"
SUNNIVA = "Sunniva Dahl"

AUTHORS = (INES, TOMAS, MAREN, CALLUM, SUNNIVA)

_BALLOT_BODY = (
    "<p>The passenger drawing the most attention today is Wilhelmina Parr, {age}, a retired "
    "geography teacher from Orrin Bay who won her seat in a public ballot that drew more than "
    "two million entries.</p>"
    "<p>Speaking to reporters last week, she said she had taught the phases of the Moon "
    "&ldquo;to about 900 children, and not one of them believed I&rsquo;d go&rdquo;.</p>"
    "<blockquote><p>I&rsquo;ve packed a cardigan, a notebook and a photo of my class of 1987. "
    "The cardigan was the hardest decision.</p></blockquote>"
)

INITIAL: tuple[Post, ...] = (
    Post(
        INES,
        "<p>Good morning and welcome to our live coverage of the first crewed flight of the "
        "Selene Shuttle, the lunar ferry that Corrivale Lunar Lines hopes will make a trip to "
        "the Moon feel more like a long-haul flight than an expedition.</p>"
        "<p>Three crew and six passengers are due to lift off from Skarholm Spaceport on the "
        "Vell Peninsula later today, bound for Lantern Station in lunar orbit. I&rsquo;ll be "
        "steering the blog, with Tomás Achterberg at the spaceport and Maren Oduya at mission "
        "control.</p>"
        '<p>While we wait, you can read our <a href="https://example.org/selene/explainer">'
        "full explainer on the mission</a>.</p>",
        "Welcome to our coverage of the Selene 1 launch",
        minute=0,
    ),
    Post(
        MAREN,
        "<p>For those just joining us, here is a quick guide to the vehicle at the centre of "
        "today&rsquo;s launch.</p>"
        "<ul>"
        "<li>The shuttle, named <em>Wayfarer</em>, is 21 metres long and carries up to nine "
        "people.</li>"
        "<li>It rides to orbit on a reusable Tern Heavy booster, which is due to land on a "
        "barge 600 km offshore.</li>"
        "<li>The trip to Lantern Station should take just under three days.</li>"
        "<li>Corrivale says a return ticket will one day cost &ldquo;about the price of a small "
        "flat&rdquo;; today&rsquo;s passengers were sponsored or won their seats.</li>"
        "</ul>",
        "The Selene Shuttle in numbers",
        minute=4,
    ),
    Post(
        TOMAS,
        "<p>It is bright and cold here at Skarholm, but the flags on the press stand are "
        "standing straight out. The launch weather officer&rsquo;s morning briefing put the "
        "chance of acceptable conditions at 70%, with upper-level winds the main concern.</p>"
        "<p>Ground winds are within limits for now. The team will release a fresh weather "
        "balloon about an hour before the planned liftoff.</p>",
        "Wind is the word at the pad",
        minute=9,
    ),
    Post(
        INES,
        "<p>The three professional crew have trained together for almost four years. In order "
        "of seniority:</p>"
        "<ol>"
        "<li><strong>Rhea Castellan</strong>, commander, a former test pilot on her third "
        "spaceflight.</li>"
        "<li><strong>Jonah Whitlock</strong>, pilot, who flew the uncrewed Selene "
        "demonstration mission from the ground.</li>"
        "<li><strong>Amara Lindqvist</strong>, flight engineer, responsible for the "
        "cabin&rsquo;s life-support systems.</li>"
        "</ol>"
        "<p>They are joined by six passengers, chosen through a mix of sponsorship and a public "
        "ballot.</p>",
        "Meet the crew",
        minute=14,
    ),
    Post(
        TOMAS,
        "<p>Cheers from the small crowd of families as the nine travellers stepped out of the "
        "crew building a few minutes ago. Castellan gave a thumbs up; Whitlock appeared to be "
        "filming the crowd filming him.</p>"
        '<figure><img src="https://example.org/images/selene/walkout.jpg" '
        'alt="Nine people in white pressure suits walking past a line of spectators">'
        "<figcaption>The Selene 1 crew and passengers leave the crew building at Skarholm. "
        "Photograph: Example Pictures</figcaption></figure>",
        "Crew walk out to the transfer van",
        minute=20,
    ),
    Post(
        CALLUM,
        "<p>The operator&rsquo;s official account has posted its first photo of the morning, "
        "taken inside the transfer van on the way to the pad.</p>"
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Suits on, spirits high. '
        "Nine travellers on their way to the pad for Selene 1. Next stop: Lantern Station. "
        "\N{CRESCENT MOON}</p>&mdash; Corrivale Lunar Lines (@example) "
        '<a href="https://x.com/example/status/1790000000000000001">launch morning</a>'
        "</blockquote>",
        "Corrivale: ‘Suits on, spirits high’",
        minute=26,
    ),
    Post(
        INES,
        _BALLOT_BODY.format(age="71"),
        "Who is Wilhelmina Parr?",
        minute=31,
        key="ballot-winner",
    ),
    Post(
        MAREN,
        "<p>Mission control has given the go to begin loading propellant into the Tern Heavy "
        "booster. The process takes around 45 minutes and is the last major step before the "
        "passengers are strapped in.</p>"
        "<p>Fuelling with people close to the rocket was one of the most debated decisions in "
        "the programme&rsquo;s safety review. Corrivale says the travellers will wait in a "
        "protected room at the base of the tower until it is complete.</p>",
        "Fuelling under way",
        minute=37,
    ),
    Post(
        MAREN,
        "<p>Flight director Oona Feld spoke briefly to the press pool as fuelling began. Asked "
        "whether the wind forecast worried her, she said:</p>"
        "<blockquote><p>We have a three-hour window and a team that is very comfortable saying "
        "&lsquo;not today&rsquo;. If the numbers are not right, nobody is going anywhere, and I "
        "will happily buy everyone coffee for a second attempt tomorrow.</p></blockquote>",
        "Flight director: ‘We will not be rushed’",
        minute=43,
    ),
    Post(
        TOMAS,
        "<p>Local police estimate that more than 8,000 people have gathered along the harbour "
        "wall at Skarholm, about 6 km from the pad. Cafés opened at 4am; one is selling "
        "&ldquo;Moon buns&rdquo; with a blob of lemon curd in the middle.</p>"
        "<p>The regional transport authority is asking anyone still on their way to use the "
        "extra buses rather than drive. "
        '<a href="https://example.com/vell-transport/launch-day">Details of road closures are '
        "here</a>.</p>",
        "Thousands gather along the harbour wall",
        minute=49,
    ),
    Post(
        MAREN,
        "<p>The booster is fully fuelled and all tanks are reported stable. Mission control says "
        "there were no leaks, and the one sensor that had been giving an intermittent reading "
        "this morning has behaved itself for the past hour.</p>",
        "Fuelling complete",
        minute=55,
        key_event=True,
    ),
    Post(
        TOMAS,
        "<p>The hatch is closed. Commander Castellan has completed her communication checks "
        "with mission control, and each passenger has reported &ldquo;comfortable and "
        "secure&rdquo; over the intercom, one at a time.</p>"
        "<p>Wilhelmina Parr&rsquo;s check-in drew laughter in the control room: she asked "
        "whether anyone had seen her reading glasses.</p>",
        "All nine on board and strapped in",
        minute=62,
        key_event=True,
    ),
    Post(
        INES,
        "<p>Our live stream from the spaceport is now running, with commentary from our science "
        "team. It will follow the flight until the shuttle separates from its booster and "
        "reaches orbit.</p>"
        '<figure><iframe src="https://www.youtube.com/embed/selene1-livestream" '
        'title="Selene 1 launch live stream" width="560" height="315"></iframe>'
        "<figcaption>Live: the Selene 1 launch from Skarholm Spaceport</figcaption></figure>",
        "Watch the launch live",
        minute=68,
    ),
    Post(
        MAREN,
        "<p>The countdown has been paused at T-minus 40 minutes. The latest weather balloon "
        "measured winds at around 11 km altitude above the limit for the booster&rsquo;s "
        "ascent.</p>"
        "<p>Mission control says there is no problem with the vehicle or the crew. The team "
        "will wait for the next balloon reading, due in about 20 minutes, before deciding "
        "whether to use the rest of today&rsquo;s window.</p>",
        "Launch on hold: high-altitude winds out of limits",
        minute=74,
        key_event=True,
    ),
    Post(
        MAREN,
        "<p>If the winds co-operate, here is what to watch for in the first ten minutes of the "
        "flight:</p>"
        "<ol>"
        "<li><strong>Liftoff</strong>: the nine engines of the Tern Heavy booster ignite and "
        "the vehicle clears the tower within seconds.</li>"
        "<li><strong>Max Q</strong>: about a minute in, the moment of greatest aerodynamic "
        "stress.</li>"
        "<li><strong>Booster separation</strong>: at around two and a half minutes, the "
        "booster falls away and turns back for its landing.</li>"
        "<li><strong>Shuttle engine start</strong>: the Selene Shuttle&rsquo;s own engine fires "
        "for about six minutes.</li>"
        "<li><strong>Orbit</strong>: engine cutoff, roughly nine minutes after launch.</li>"
        "</ol>",
        "What happens at liftoff",
        minute=80,
    ),
    Post(
        CALLUM,
        "<p>Plenty of you have been writing in while we wait. Here are answers to three of the "
        "most common questions:</p>"
        "<ul>"
        "<li><strong>Can the passengers see out?</strong> Yes: the cabin has four windows, and "
        "every seat has a screen showing the external cameras.</li>"
        "<li><strong>What happens if something goes wrong during launch?</strong> The shuttle "
        "has an escape system that can pull the cabin clear of the booster at any point until "
        "orbit.</li>"
        "<li><strong>Is there a toilet?</strong> There is, and Corrivale insists it is "
        "&ldquo;the most tested part of the vehicle&rdquo;.</li>"
        "</ul>"
        '<p>Keep them coming through <a href="https://example.org/contact/live">our contact '
        "form</a>.</p>",
        "Your questions answered",
        minute=87,
    ),
    Post(
        TOMAS,
        "<p>A little optimism at the press site. The weather team&rsquo;s latest update says the "
        "high-altitude winds are easing faster than forecast. A new target liftoff time, about "
        "35 minutes from now, is being discussed, pending one more balloon reading.</p>",
        "Winds easing, says weather team",
        minute=93,
    ),
    Post(
        MAREN,
        "<p>The hold is over. The final balloon reading came back within limits, and flight "
        "director Oona Feld has polled her team: every station answered &ldquo;go&rdquo; to "
        "resume the count.</p>"
        "<p>The clock is running again, with liftoff now set for just under half an hour from "
        "now.</p>",
        "Countdown resumes",
        minute=99,
        key_event=True,
    ),
    Post(
        INES,
        "<p>The governor of the Vell region, Halldóra Vik, is watching from the "
        "spaceport&rsquo;s visitor centre with a group of schoolchildren from Orrin Bay, "
        "Wilhelmina Parr&rsquo;s home town.</p>"
        "<blockquote><p>Twenty years ago this peninsula had a fishing fleet and not much else. "
        "Today children here can watch a ship leave for the Moon from their own harbour. "
        "Whatever happens in the next half hour, that is worth celebrating.</p></blockquote>",
        "Regional governor: ‘A good day for the peninsula’",
        minute=104,
    ),
    Post(
        TOMAS,
        "<p>The crowd on the north beach has gone quiet, which is the surest sign that "
        "something is about to happen. Somebody has set up a stall renting deckchairs.</p>"
        '<figure><img src="https://example.org/images/selene/north-beach.jpg" '
        'alt="Crowds on a pebble beach facing a distant launch tower">'
        "<figcaption>Spectators on the north beach at Skarholm, with the launch tower on the "
        "horizon. Photograph: Example Pictures</figcaption></figure>",
        "The view from the beach",
        minute=108,
    ),
    Post(
        MAREN,
        "<p>Flight director Feld has just run the final poll, and every position answered "
        "go:</p>"
        "<ul>"
        "<li>Booster: go</li>"
        "<li>Shuttle: go</li>"
        "<li>Weather: go</li>"
        "<li>Range safety: go</li>"
        "<li>Recovery ships: go</li>"
        "<li>Crew: &ldquo;Go, and then some,&rdquo; according to Commander Castellan</li>"
        "</ul>",
        "Final go/no-go poll: all stations go",
        minute=112,
    ),
    Post(
        INES,
        "<p>We are at T-minus ten minutes. The escape system has been armed, and the access arm "
        "has swung back from the shuttle&rsquo;s hatch.</p>"
        "<p>If you are following on our stream, the cabin camera shows all nine travellers "
        "with their visors down.</p>",
        "Ten minutes to launch",
        minute=118,
    ),
    Post(
        MAREN,
        "<p>At T-minus two minutes the launch sequencer has taken control. From here, only an "
        "automatic abort or a call from the flight director can stop the launch.</p>",
        minute=126,
    ),
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

SCRIPT: tuple[Post | Amendment, ...] = (
    Post(
        MAREN,
        "<p>An update from mission control: checks of the cabin&rsquo;s power, cooling and "
        "communications are complete, with no issues logged. Flight engineer Amara Lindqvist "
        "reports cabin pressure and carbon dioxide levels &ldquo;exactly where we want "
        "them&rdquo;.</p>",
        "Systems checks complete",
    ),
    Post(
        TOMAS,
        "<p>The crowd at the harbour wall is thinning out, but the queue for Moon buns is, if "
        "anything, longer than before the launch. One café owner told me she had sold out twice "
        "and sent her son to the wholesaler for more lemon curd.</p>",
    ),
    Post(
        CALLUM,
        "<p>Corrivale has released footage from a camera on the recovery barge showing the "
        "booster&rsquo;s landing. It emerges from the haze on its final engine burn and settles "
        "onto the deck with only a slight wobble.</p>"
        '<figure><iframe src="https://www.youtube.com/embed/selene1-booster-landing" '
        'title="Tern Heavy booster landing on the barge Patient Gull" width="560" '
        'height="315"></iframe><figcaption>The booster lands on the recovery barge '
        "<em>Patient Gull</em>. Video: Corrivale Lunar Lines</figcaption></figure>",
        "Watch: the booster landing",
    ),
    Post(
        INES,
        "<p>The passengers have now been cleared to unstrap and move around the cabin. The video "
        "feed in mission control showed one of them, a marine biologist, slowly turning a "
        "somersault to applause from the rest of the cabin.</p>"
        "<p>Commander Castellan then asked everyone to return to their seats ahead of the next "
        "manoeuvre. &ldquo;Briefly,&rdquo; she added.</p>",
        "Passengers out of their seats",
    ),
    Amendment(
        "ballot-winner",
        _BALLOT_BODY.format(age="72")
        + "<p><em>This post was amended to correct Ms Parr&rsquo;s age: she is 72, not "
        "71.</em></p>",
    ),
    Post(
        MAREN,
        "<p>Flight director Oona Feld has polled her team and Selene 1 is go for trans-lunar "
        "injection. The burn will use the shuttle&rsquo;s main engine to add about 3 km a second "
        "to its speed, enough to leave Earth orbit and set a course for the Moon.</p>",
        "Go for trans-lunar injection",
        key_event=True,
    ),
    Post(
        MAREN,
        "<p>The trans-lunar injection burn has started. Telemetry on the big screen in mission "
        "control shows the engine at full thrust and the shuttle&rsquo;s speed climbing "
        "steadily. The burn is planned to last six minutes and ten seconds.</p>",
        "Burn under way",
    ),
    Post(
        MAREN,
        "<p><strong>The burn is complete and the Selene Shuttle is on course for the "
        "Moon.</strong> Mission control says the engine shut down within a second of the planned "
        "time, and the trajectory looks accurate enough that the first course correction may not "
        "be needed.</p>"
        "<p>The nine people on board are now further from home than any commercial passengers "
        "have ever been, and getting further every second.</p>",
        "Selene 1 is on its way to the Moon",
        key_event=True,
    ),
    Post(
        MAREN,
        "<p>The journey ahead, by the numbers:</p>"
        "<ul>"
        "<li>Distance to Lantern Station: about 384,000 km.</li>"
        "<li>Planned travel time: 2 days and 21 hours.</li>"
        "<li>Course corrections planned: up to three, each a few seconds long.</li>"
        "<li>Meals on board: 54, of which Corrivale says nine are &ldquo;celebration "
        "desserts&rdquo;.</li>"
        "</ul>",
        "The journey ahead in numbers",
    ),
    Post(
        CALLUM,
        "<p>Several readers have asked whether the shuttle will be visible from the ground "
        "tonight. Sadly, after the burn it is too fast and too far away to see without a "
        'telescope. But <a href="https://example.org/selene/tracker">our live tracker</a> shows '
        "where it is, and Lantern Station itself can sometimes be spotted with binoculars near "
        "the edge of the Moon.</p>",
        "Reader question: can I see the shuttle tonight?",
    ),
    Post(
        CALLUM,
        "<p>The crew of Lantern Station, who will welcome the shuttle in three days&rsquo; time, "
        "have sent their congratulations.</p>"
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Watched you go from here, '
        "Wayfarer. Docking port B is clear, the kettle is on and we have saved you the good "
        "biscuits. See you in three days.</p>&mdash; Lantern Station (@example) "
        '<a href="https://x.com/example/status/1790000000000000003">message to Selene 1</a>'
        "</blockquote>",
        "Lantern Station: ‘The kettle is on’",
    ),
    Post(
        TOMAS,
        "<p>The post-launch press conference has started at the spaceport media centre. On the "
        "panel are flight director Oona Feld, Corrivale chief executive Anselm Quay and the "
        "programme&rsquo;s chief engineer, Bram Oyelaran.</p>"
        "<p>Feld opened by thanking the launch team and the weather officers, &ldquo;who were "
        "right about the wind, and right about when it would stop&rdquo;.</p>",
        "Press conference begins",
    ),
    Post(
        TOMAS,
        "<p>The main points from the press conference so far:</p>"
        "<ul>"
        "<li>All nine on board are well; one passenger has mild space sickness and is "
        "&ldquo;recovering with ginger biscuits&rdquo;.</li>"
        "<li>The shuttle will spend four days docked at Lantern Station before the return "
        "flight.</li>"
        "<li>Today&rsquo;s booster will be inspected and could fly again within ten weeks.</li>"
        "<li>Corrivale will publish a full flight report within a month.</li>"
        "</ul>",
        "Press conference: the key lines",
    ),
    Post(
        TOMAS,
        "<p>Asked whether holding the count had put the launch window at risk, the flight "
        "director was unapologetic:</p>"
        "<blockquote><p>We had the margin, so we used it. The whole point of a ferry is that it "
        "is boring. If I had to choose between a late launch and an exciting one, I would "
        "choose late every time.</p></blockquote>",
        "Feld defends the decision to wait",
    ),
    Post(
        INES,
        "<p>Corrivale has shared a short audio message from Wilhelmina Parr, recorded after the "
        "burn. Her verdict on spaceflight so far:</p>"
        "<blockquote><p>The view is better than any atlas I ever taught from. The food is "
        "exactly as advertised. And I have found my glasses: they were floating behind my head "
        "the whole time.</p></blockquote>",
        "A message from Wilhelmina Parr",
    ),
    Post(
        MAREN,
        "<p>Here is what happens over the coming days:</p>"
        "<ol>"
        "<li>Tonight: the first sleep period on board, about eight hours after launch.</li>"
        "<li>Tomorrow: the first course correction, if needed, and a video call with schools in "
        "Orrin Bay.</li>"
        "<li>In just under three days: arrival and docking at Lantern Station.</li>"
        "<li>A week from today: the return flight, ending with a splashdown off the Vell "
        "Peninsula.</li>"
        "</ol>",
        "What happens next",
    ),
    Post(
        SUNNIVA,
        "<p>Investors liked what they saw: Corrivale&rsquo;s shares rose 14% on the regional "
        "exchange during the afternoon. The harder test comes later, when the company has to "
        "show it can fly every month without the three-hour window and the small army of "
        "engineers it had today. "
        '<a href="https://example.com/markets/corrivale-outlook">Read our full analysis</a>.</p>',
        "What today means for Corrivale",
    ),
    Post(
        INES,
        "<p>That is where we will pause our live coverage. The Selene Shuttle <em>Wayfarer</em> "
        "is on course for Lantern Station with nine people on board, after a launch that was "
        "held for the wind and then went, in the flight director&rsquo;s word, "
        "&ldquo;textbook&rdquo;.</p>"
        "<p>Thank you for following along, and for all your questions. We will be back with "
        "live coverage of the docking in three days; until then, "
        '<a href="https://example.org/selene">our Selene 1 page</a> has all our reporting.</p>',
        "That’s all from us for today",
    ),
)
