"""What happens on the demo blog while it runs: one step per tick, in order.

A :class:`~tui_liveblog.demo.blog.Post` is published "now"; an
:class:`~tui_liveblog.demo.blog.Amendment` rewrites an earlier post (found by its ``key``). When
the script is exhausted the coverage ends.
"""

from __future__ import annotations

from tui_liveblog.demo.blog import CALLUM, INES, MAREN, SUNNIVA, TOMAS, Amendment, Post
from tui_liveblog.demo.countdown_posts import BALLOT_BODY

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
        BALLOT_BODY.format(age="72")
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
