"""The demo blog's first posts, on the blog when the server starts: the morning up to liftoff.

:data:`COUNTDOWN` is dated by each post's ``minute`` offset from the start of coverage
(:data:`~tui_liveblog.demo.flight_posts.FLIGHT` follows it); :data:`BALLOT_BODY` is the ballot
winner's post, which a scripted :class:`~tui_liveblog.demo.blog.Amendment` corrects later.
"""

from __future__ import annotations

from tui_liveblog.demo.blog import CALLUM, INES, MAREN, TOMAS, Post

BALLOT_BODY = (
    "<p>The passenger drawing the most attention today is Wilhelmina Parr, {age}, a retired "
    "geography teacher from Orrin Bay who won her seat in a public ballot that drew more than "
    "two million entries.</p>"
    "<p>Speaking to reporters last week, she said she had taught the phases of the Moon "
    "&ldquo;to about 900 children, and not one of them believed I&rsquo;d go&rdquo;.</p>"
    "<blockquote><p>I&rsquo;ve packed a cardigan, a notebook and a photo of my class of 1987. "
    "The cardigan was the hardest decision.</p></blockquote>"
)

COUNTDOWN: tuple[Post, ...] = (
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
        BALLOT_BODY.format(age="71"),
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
)
