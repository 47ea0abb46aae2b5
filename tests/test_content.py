from __future__ import annotations

import pytest

from tui_liveblog.content import inline_text, parse_body, parse_html, parse_plain
from tui_liveblog.content.text import CUT_NOTE

BASE = "https://example.org/live/storm"


def test_paragraphs_inline_styles_and_links() -> None:
    body = parse_html('<p>Winds <b>rise</b> and <a href="/maps">the map</a> &amp; more.</p>', BASE)
    assert [b.kind for b in body.body] == ["p"]
    spans = body.body[0].spans
    assert "".join(s.text for s in spans) == "Winds rise and the map & more."
    assert any(s.bold and s.text == "rise" for s in spans)
    link = next(s for s in spans if s.href)
    assert link.href == "https://example.org/maps"
    assert body.links == ("https://example.org/maps",)


def test_headings_lists_quotes_and_text_form() -> None:
    html = (
        "<h2>Latest</h2><ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
        "<ol><li>first</li></ol><blockquote><p>We are ready.</p><p>Truly.</p></blockquote>"
    )
    parsed = parse_html(html)
    assert [b.kind for b in parsed.body] == ["h", "ul", "ol", "quote"]
    assert parsed.body[0].level == 2
    assert parsed.text == "Latest\n\n- one\n- two\n- nested\n\n1. first\n\nWe are ready.\nTruly."


def test_media_placeholders_and_tracking_pixels() -> None:
    html = (
        '<figure><img src="/a.jpg" alt="alt"><figcaption>The harbour</figcaption></figure>'
        '<img src="https://t.example/p.gif" width="1" height="1">'
        '<img class="ScribbleLiveCountImage" src="https://t.example/c.gif">'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
        '<blockquote class="twitter-tweet"><p>Gusts of 100 km/h</p>'
        '<a href="https://x.com/met/status/123">May 1</a></blockquote>'
        '<video><source src="/clip.mp4"></video><audio src="/pod.mp3"></audio>'
    )
    parsed = parse_html(html, BASE)
    kinds = [(m.kind, m.url) for m in parsed.media]
    assert kinds == [
        ("image", "https://example.org/a.jpg"),
        ("video", "https://www.youtube.com/embed/abc"),
        ("tweet", "https://x.com/met/status/123"),
        ("video", "https://example.org/clip.mp4"),
        ("audio", "https://example.org/pod.mp3"),
    ]
    assert parsed.media[0].caption == "The harbour"
    assert "Gusts of 100 km/h" in parsed.text


def test_hostile_markup_is_neutralised() -> None:
    html = (
        '<p onclick="x()">A \x1b[31mred\x1b[0m [bold red]title[/] \u202eevil</p>'
        '<a href="javascript:alert(1)">click</a><script>alert(1)</script><style>p{}</style>'
        '<a href="data:text/html,x">data</a>'
    )
    parsed = parse_html(html)
    assert parsed.links == ()
    assert "\x1b" not in parsed.text and "\u202e" not in parsed.text
    assert "[bold red]title[/]" in parsed.text
    assert "alert" not in parsed.text and "p{}" not in parsed.text
    assert all(s.href is None for b in parsed.body for s in b.spans)


def test_plain_text_with_entities_and_paragraphs() -> None:
    parsed = parse_plain("It&#39;s &quot;calm&quot;\n\nThen   the\nstorm")
    assert parsed.text == 'It\'s "calm"\n\nThen the storm'
    parsed = parse_plain("Line one\nLine two")
    assert [b.spans[0].text for b in parsed.body] == ["Line one", "Line two"]


def test_parse_body_chooses_html_or_text() -> None:
    assert parse_body("<p>x &lt; y</p>").text == "x < y"
    assert parse_body("x < y & z").text == "x < y & z"
    assert parse_body(None).body == ()
    assert parse_body("   ").text == ""


def test_line_breaks_and_tables() -> None:
    parsed = parse_html("<p>one<br>two<br><br></p><table><tr><td>A</td><td>1</td></tr></table>")
    assert parsed.text == "one\ntwo\n\nA | 1"


def test_inline_text() -> None:
    assert inline_text("<b>Breaking</b>: it&#39;s   here") == "Breaking: it's here"
    assert inline_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert inline_text("  ") is None
    assert inline_text("\x1b[2Jclear") == "clear"


def test_preformatted_text_is_sanitised() -> None:
    parsed = parse_html("<pre>a\x1b[31mb \u202ec\x07d\x9b1m  e\n  f</pre>")
    assert [b.kind for b in parsed.body] == ["pre"]
    assert parsed.body[0].spans[0].text == "ab cd  e\n  f"  # spacing and lines kept
    assert parsed.text == "ab cd  e\n  f"


def test_an_absurdly_long_entry_is_cut_with_a_note() -> None:
    """A hostile entry of megabytes would take seconds to read: it is cut, and says so."""
    from tui_liveblog.content import MAX_BODY_CHARS, parse_body

    html_body = parse_body("<p><span>word</span> " * 200_000 + "THE END</p>")
    assert "THE END" not in html_body.text
    assert html_body.text.endswith("longer than any live-blog entry should be.")
    assert len(html_body.text) < MAX_BODY_CHARS
    plain = parse_body("word " * 200_000 + "THE END")
    assert "THE END" not in plain.text and plain.text.endswith("should be.")
    short = parse_body("<p>A short entry.</p>")
    assert short.text == "A short entry."


def test_lazy_loaded_images_give_their_real_address() -> None:
    body = parse_html(
        '<figure><img src="data:image/gif;base64,R0lG" data-src="https://img.example/a.jpg">'
        "<figcaption>The road</figcaption></figure>"
        '<img src="https://img.example/pixel.gif" srcset="https://img.example/s.jpg 320w, '
        'https://img.example/l.jpg 1024w, https://img.example/m.jpg 640w" alt="undefined">'
    )
    assert [(m.url, m.caption) for m in body.media] == [
        ("https://img.example/a.jpg", "The road"),
        ("https://img.example/l.jpg", None),  # the widest; alt="undefined" is no caption
    ]
    assert "undefined" not in body.text


def test_share_buttons_are_not_part_of_an_entry() -> None:
    body = parse_html(
        '<p>Read <a href="https://news.example/story">the story</a>.'
        '<a href="https://twitter.com/intent/tweet?text=Storm&url=x">Tweet</a>'
        '<a href="https://www.facebook.com/dialog/share?app_id=1&href=x">Share</a>'
        '<a href="https://api.whatsapp.com/send?text=x">WhatsApp</a></p>'
    )
    assert body.links == ("https://news.example/story",)
    assert body.text == "Read the story."


def test_an_embedded_tweet_is_a_tweet_whatever_its_class() -> None:
    body = parse_html(
        '<blockquote class="nojs-tweet"><p lang="en">We are on our way</p>&mdash; Crew '
        '(@crew) <a href="https://twitter.com/crew/status/165806437?ref_src=twsrc">May 15</a>'
        "</blockquote><blockquote><p>An ordinary quote, with "
        '<a href="https://news.example/">a link</a>.</p></blockquote>'
    )
    assert [(m.kind, m.url) for m in body.media] == [
        ("tweet", "https://twitter.com/crew/status/165806437?ref_src=twsrc")
    ]
    assert [b.kind for b in body.body] == ["media", "quote"]


def test_an_embed_placeholder_is_the_post_it_stands_for() -> None:
    body = parse_html(
        '<h3>Cafe news</h3><div class="tweet" data-url="https://twitter.com/cafe/status/131"></div>'
        '<div class="video" data-url="https://www.youtube.com/watch?v=abc"></div>'
        '<div data-url="https://news.example/not-an-embed"></div>'
    )
    assert [(m.kind, m.url) for m in body.media] == [
        ("tweet", "https://twitter.com/cafe/status/131"),
        ("video", "https://www.youtube.com/watch?v=abc"),
    ]


def test_a_caption_after_its_image_is_the_images_caption() -> None:
    """A caption placed after the picture (a span with a caption class, a figcaption after
    the figure) captions it, in place of the alt text, which readers of the page never see."""
    parsed = parse_html(
        '<div class="photo"><p><picture><img src="https://i.example/b.jpg" alt="harbour wall">'
        '</picture></p><span class="pictureCaption">Waves over the harbour wall '
        '<span class="credit">(Image: Jo Lens)</span></span></div><p>The storm went on.</p>'
    )
    assert [(m.url, m.caption) for m in parsed.media] == [
        ("https://i.example/b.jpg", "Waves over the harbour wall (Image: Jo Lens)")
    ]
    assert parsed.text == "Waves over the harbour wall (Image: Jo Lens)\n\nThe storm went on."
    # a figcaption after the figure, its credit's label in a block of its own
    parsed = parse_html(
        '<figure><img src="https://i.example/c.jpg"></figure><figcaption><span> (<div class="icon">'
        "<span></span>Image:</div>Agency)</span></figcaption><p>Next.</p>"
    )
    assert parsed.media[0].caption == "(Image: Agency)"
    assert parsed.text == "(Image: Agency)\n\nNext."
    # a paragraph with a caption class far from any image stays a paragraph
    parsed = parse_html('<p>Intro.</p><p class="caption">A caption of nothing</p>')
    assert parsed.text == "Intro.\n\nA caption of nothing" and not parsed.media


def test_amp_elements_are_media() -> None:
    parsed = parse_html(
        '<figure><amp-img src="https://i.example/a.jpg" layout="fill"></amp-img>'
        "<figcaption>The crowd <b>tonight</b></figcaption></figure>"
        '<amp-twitter data-tweetid="1234567890"></amp-twitter>'
        '<amp-youtube data-videoid="dQw4w9WgXcQ"></amp-youtube>'
        '<amp-instagram data-shortcode="Cx1"></amp-instagram>'
        '<amp-youtube data-videoid="../../evil?x=1"></amp-youtube>'
        '<amp-img src="javascript:alert(1)" alt="not an image"></amp-img>'
    )
    assert [(m.kind, m.url, m.caption) for m in parsed.media] == [
        ("image", "https://i.example/a.jpg", "The crowd tonight"),
        ("tweet", "https://twitter.com/i/status/1234567890", None),
        ("video", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("embed", "https://www.instagram.com/p/Cx1/", None),
    ]
    assert parsed.text == "The crowd tonight\n\nnot an image"


def test_an_embedded_posts_text_is_whole_and_read_as_shown() -> None:
    said = "A long post. " * 30  # 390 characters: more than a tweet had
    parsed = parse_html(
        f'<blockquote class="twitter-tweet"><p>{said}<a href="https://t.co/x">https://t.co/x</a>'
        '</p>— Jo (@jo) <a href="https://twitter.com/jo/status/1">@jo-news 1 May</a>'
        "</blockquote>"
    )
    caption = parsed.media[0].caption or ""
    assert caption.startswith(said.strip()) and caption.endswith("— Jo (@jo) @jo-news 1 May")
    assert "A long post. https://t.co/x" in caption  # a bare address set apart


def test_empty_embed_placeholders_and_players_are_media() -> None:
    parsed = parse_html(
        '<h3>More on it</h3><div class="embedded" data-embedded-content-path='
        '"https://news.example/story-1"></div>'
        '<span class="zoom" data-img="https://i.example/z.jpg"></span>'  # a zoom button
        '<div class="share" data-url="https://news.example/live"></div>'  # a share widget
        '<figure><site-video-player data-src="https://video.example/embed/7">'
        '<img src="https://i.example/poster.jpg"></site-video-player></figure>'
        '<figure><picture><source srcset="https://i.example/p-300.jpg 300w, '
        'https://i.example/p-900.jpg 900w"><img alt="poster"></picture>'
        "<figcaption>The scene</figcaption></figure>",
        "https://news.example/live",
    )
    assert [(m.kind, m.url) for m in parsed.media] == [
        ("embed", "https://news.example/story-1"),
        ("video", "https://video.example/embed/7"),
        ("image", "https://i.example/p-900.jpg"),
    ]
    assert parsed.links == ("https://news.example/story-1",)
    assert parsed.media[2].caption == "The scene"


@pytest.mark.parametrize(
    "value",
    [
        "plain", "&quot;loud bang&quot; &#x2019;s", "&amp;quot; stays a reference",
        "&amp;amp;", "&lt;b&gt; &amp; &nbsp;", "&eacute;t&eacute; &#233; &quot;", "&quot",
        "AT&T &copy; 2031", "&#x201C;x&#x201D; &hellip; &pound;5", "&&amp;&",
    ],
)  # fmt: skip
def test_unescape_is_html_unescape(value: str) -> None:
    import html

    from tui_liveblog.content.text import unescape

    assert unescape(value) == html.unescape(value)


def test_only_a_line_of_text_after_an_image_is_its_caption() -> None:
    # two captioned images back to back: each keeps its own caption
    parsed = parse_html(
        '<div class="wp-caption"><img src="https://i.example/1.jpg" alt="one">'
        '<p class="wp-caption-text">First</p></div>'
        '<div class="wp-caption"><img src="https://i.example/2.jpg" alt="two">'
        '<p class="wp-caption-text">Second</p></div>'
    )
    assert [(m.url[-5:], m.caption) for m in parsed.media] == [
        ("1.jpg", "First"),
        ("2.jpg", "Second"),
    ]
    # a block with "caption" in its class holding paragraphs and a list is not a caption
    parsed = parse_html(
        '<img src="https://i.example/3.jpg" alt="three"><div class="captioned"><p>Para one.</p>'
        "<ul><li>Item</li></ul></div>"
    )
    assert parsed.media[0].caption == "three" and "Para one." in parsed.text
    # a custom element wrapping words keeps them
    parsed = parse_html(
        '<p>Officials said <story-link data-href="https://e.example/video/1">the storm '
        "footage</story-link> clearly.</p>"
    )
    assert parsed.text == "Officials said the storm footage clearly." and not parsed.media


def test_many_images_in_a_picture_and_nested_captions_are_read_in_linear_time() -> None:
    """(Hostile bodies: each img looked at the whole picture, each nested caption at its
    whole subtree.)"""
    parsed = parse_html("<picture>" + '<img alt="a">' * 20_000 + "</picture>")
    assert parsed.text.count("a") == 20_000
    parsed = parse_html(
        '<img src="https://e.example/a.jpg">' + '<div class="caption">' * 200 + "<i></i>" * 20_000
    )
    assert parsed.media[0].caption is None


# -- issue 17 (2): no content silently dropped ---------------------------------------------------

# the void elements of WHATWG's HTML parser: they hold nothing, whether written <x> or <x/>
VOID_ELEMENTS = (
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "image", "keygen", "param",
)  # fmt: skip


@pytest.mark.parametrize("tag", VOID_ELEMENTS)
def test_a_void_element_without_its_slash_holds_nothing(tag: str) -> None:
    """libxml2 does not know ``<embed>`` and ``<track>`` (among others) to be void: written
    without ``/>``, they held the rest of the body, and it was dropped with them."""
    from tui_liveblog.content import read_body

    markup = f'<p>Before <{tag} src="https://media.example/clip"> after it.</p><p>Second.</p>'
    for parsed in (parse_html(markup), read_body(markup)):
        assert "after it." in parsed.text
        assert parsed.text.endswith("\n\nSecond.")
        assert [b.kind for b in parsed.body][-1] == "p"


def test_a_void_element_does_not_change_what_follows_it() -> None:
    parsed = parse_html(
        "<ul><li>One <embed src=https://media.example/a.swf>clip<li>Two</ul>"
        '<video><source src="https://media.example/v.mp4"><track src="v.vtt" kind="captions">'
        "</video><p>After the <wbr>video.</p>"
    )
    assert parsed.text == "- One clip\n- Two\n\nAfter the video."
    assert [m.url for m in parsed.media] == ["https://media.example/v.mp4"]


@pytest.mark.parametrize("depth", [300, 5000])
@pytest.mark.parametrize("tag", ["blockquote", "ul", "table", "section", "span"])
def test_html_nested_past_the_parsers_limit_keeps_its_text(tag: str, depth: int) -> None:
    """libxml2 stops at 256 nested elements and drops the rest: the deepest are read as text."""
    from tui_liveblog.content import read_body

    markup = (
        '<p>Start <img src="https://img.example/a.jpg" alt="A photo"></p>'
        + f"<{tag}>" * depth
        + "Deep words."
        + f"</{tag}>" * depth
        + "<p>The end.</p>"
    )
    for parsed in (parse_html(markup), read_body(markup)):
        assert parsed.text.startswith("Start\n\nA photo")
        assert "Deep words." in parsed.text
        assert parsed.text.endswith("The end.")
        assert CUT_NOTE not in parsed.text


def test_an_inline_data_image_does_not_count_towards_the_cap() -> None:
    """A 600 KB data: image counted as body: the entry was cut after 45 visible characters."""
    from tui_liveblog.content import read_body

    text = " ".join(f"word{n}" for n in range(330))  # (2,000 characters and more)
    assert len(text) > 2000
    markup = (
        '<p>A chart of the results:</p><p><img alt="" src="data:image/png;base64,'
        + "iVBORw0KGgo" * 55_000
        + f'"></p><p>{text}</p><p><a href="data:text/html;base64,PHA+">Open</a> it.</p>'
    )
    assert len(markup) > 600_000
    for parsed in (parse_html(markup), read_body(markup)):
        assert parsed.text == f"A chart of the results:\n\n{text}\n\nOpen it."
        assert parsed.media == () and parsed.links == ()  # (data: is no web address)
    kept = read_body(markup).body
    assert len(kept.markup) < 3000  # type: ignore[attr-defined]  # (what the cache keeps)
    assert tuple(kept) == parse_html(markup).body


def test_what_is_shown_is_capped_not_the_markup() -> None:
    from tui_liveblog.content import MAX_BODY_CHARS, read_body

    words = "<p>" + "<b>word</b> " * 35_000 + "</p>"  # 420,000 characters, 175,000 shown
    assert parse_body(words).text == " ".join(["word"] * 35_000)
    shown = "<p>" + "word " * 100_000 + "THE END</p>"  # 500,000 characters shown
    for parsed in (parse_body(shown), read_body(shown)):
        assert parsed.text.startswith("word word")
        assert "THE END" not in parsed.text
        assert parsed.text.endswith("\n\n" + CUT_NOTE)
        assert len(parsed.text) <= MAX_BODY_CHARS + len(CUT_NOTE) + 2
