"""Saved blogs, watch words and alerts in the config file (issue 15): read in both forms, and
saved or removed with the user's comments and order kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui_liveblog.config import RESERVED_NAMES, blog_name_problem, load_config
from tui_liveblog.config_save import NotSaved, add_blog, remove_blog

CONFIG = """\
# my live blogs
interval = 60
watch = ["ceasefire"]  # everywhere

[blogs]
# the storm first
storm = "https://news.example/live/storm"

[blogs.trial]
url = "https://news.example/live/trial"  # the big one
watch = ["verdict", "ceasefire"]

[alerts]
desktop = false
"""


def test_blogs_read_as_a_url_or_a_table_with_its_own_watch_words(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    config = load_config(path)
    assert config.warnings == []
    assert config.blogs == {
        "storm": "https://news.example/live/storm",
        "trial": "https://news.example/live/trial",
    }
    assert config.watch_for("trial") == ["ceasefire", "verdict"]  # (each word once)
    assert config.watch_for("storm") == ["ceasefire"]
    assert config.watch_for(None) == ["ceasefire"]
    assert config.alerts == {"bell": True, "notice": True, "desktop": False}


def test_bad_blogs_and_alerts_are_named_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[blogs]\nok = "https://a.example/"\nbad = 3\n[blogs.t]\nwatch = ["x"]\n'
        '[blogs.w]\nurl = "https://w.example/"\nwatch = "x"\n'
        '[alerts]\nbell = "no"\nsiren = true\n'
    )
    config = load_config(path)
    assert config.blogs == {"ok": "https://a.example/", "w": "https://w.example/"}
    assert config.blog_watch == {}
    text = "\n".join(config.warnings)
    for key in ("blogs.bad", "blogs.t.url", "blogs.w.watch", "alerts.bell", "alerts.siren"):
        assert f"{key} = " in text
    assert config.alerts["bell"] is True  # (the default stays)


@pytest.mark.parametrize(
    "name", ["dump", "list", "add", "", " ", "-x", "a b", "a/b", "x:y", ".hidden", "tab\there"]
)
def test_names_that_cannot_be_saved_say_why(name: str) -> None:
    assert blog_name_problem(name)


def test_every_subcommand_is_a_reserved_name() -> None:
    from tui_liveblog.cli.parser import build_parser

    parser = build_parser()
    commands = {
        choice
        for action in parser._actions
        if action.__class__.__name__ == "_SubParsersAction"
        for choice in action.choices  # type: ignore[union-attr]
    }
    assert commands and commands <= RESERVED_NAMES
    assert blog_name_problem("storm") is None and blog_name_problem("élection-2026") is None


def test_a_blog_added_and_removed_keeps_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    assert add_blog("harbour", "https://news.example/live/harbour", path)
    text = path.read_text()
    # (after the last blog written as a URL: in TOML, [blogs]'s own keys come before its tables)
    storm = 'storm = "https://news.example/live/storm"\n'
    assert storm + 'harbour = "https://news.example/live/harbour"\n' in text
    assert text.replace('harbour = "https://news.example/live/harbour"\n', "") == CONFIG
    names = list(tomllib.loads(text)["blogs"])
    assert names == ["storm", "harbour", "trial"]
    assert not add_blog("harbour", "https://news.example/live/harbour", path)  # (already)
    with pytest.raises(NotSaved, match="saved already"):
        add_blog("storm", "https://other.example/", path)
    with pytest.raises(NotSaved, match="command"):
        add_blog("dump", "https://other.example/", path)
    assert remove_blog("storm", path)
    assert not remove_blog("storm", path)
    assert remove_blog("trial", path)
    config = load_config(path)
    assert config.blogs == {"harbour": "https://news.example/live/harbour"}
    assert config.blog_watch == {} and config.alerts["desktop"] is False
    assert "# my live blogs" in path.read_text()


def test_a_blog_is_added_to_a_new_config_and_a_broken_one_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    assert add_blog("storm", "https://news.example/live/storm", path)
    assert load_config(path).blogs == {"storm": "https://news.example/live/storm"}
    broken = tmp_path / "broken.toml"
    broken.write_text("[blogs\nstorm = 1\n")
    with pytest.raises(NotSaved, match="left as it is"):
        add_blog("harbour", "https://news.example/", broken)
    assert broken.read_text() == "[blogs\nstorm = 1\n"
    odd = tmp_path / "odd.toml"
    odd.write_text('blogs = "not a table"\n')
    with pytest.raises(NotSaved, match="not a table"):
        add_blog("harbour", "https://news.example/", odd)
