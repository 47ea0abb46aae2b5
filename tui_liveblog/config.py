"""User configuration: TOML at ``platformdirs.user_config_path("tui-liveblog")/config.toml``.

```toml
interval = 30            # default refresh interval, seconds
deadline = 60            # seconds a fetch may take, its retries included
tz = "Europe/London"     # time zone for displayed times (default: the system's)
theme = "textual-dark"
guardian_api_key = "..."
scribblelive_token = "..."
watch = ["ceasefire"]    # words and phrases to watch, in every blog

[blogs]                  # saved blogs: name = URL
storm = "https://example.org/live/storm"

[blogs.trial]            # or a table: its URL, and words watched in it alone
url = "https://example.org/live/trial"
watch = ["verdict"]

[groups]                 # several saved blogs as one timeline: liveblog election
election = ["storm", "trial"]

[alerts]                 # what a new entry with a watch word sets off (all on by default)
bell = true              # the terminal bell
notice = true            # a notification inside the reader
desktop = true           # a desktop notification (notify-send, else OSC 777 and OSC 9)
```
A broken config never stops the program: it is ignored with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "tui-liveblog"


# names a saved blog cannot take: the subcommands (``liveblog NAME`` would run them instead)
RESERVED_NAMES = frozenset(
    {"read", "dump", "follow", "demo", "cache", "add", "remove", "list", "completion", "serve"}
)
ALERTS = ("bell", "notice", "desktop")  # the kinds of alert ([alerts] in the config)


def blog_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a saved blog, or None when it can."""
    if not name or not name.strip():
        return "a name cannot be empty"
    if name in RESERVED_NAMES:
        return f"{name!r} is a liveblog command; choose another name"
    if name.startswith("-"):
        return f"{name!r} starts with '-', which would read as an option"
    if any(not c.isprintable() or c.isspace() for c in name):
        return f"{name!r} holds spaces or control characters"
    if "/" in name or "\\" in name or ":" in name or name.startswith("."):
        return f"{name!r} reads as a URL or a file name; choose a plain word"
    return None


def config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


class Config:
    """Settings read from the config file; every field is optional there.

    (A plain class, not a dataclass: the config is read before the reader's first screen,
    and importing dataclasses costs ~12 ms there.)
    """

    __slots__ = (
        "alerts",
        "blog_watch",
        "blogs",
        "deadline",
        "groups",
        "guardian_api_key",
        "interval",
        "scribblelive_token",
        "theme",
        "tz",
        "warnings",
        "watch",
    )

    def __init__(
        self,
        interval: float | None = None,
        tz: str | None = None,
        theme: str | None = None,
        guardian_api_key: str | None = None,
        scribblelive_token: str | None = None,
        watch: list[str] | None = None,
        blogs: dict[str, str] | None = None,
        warnings: list[str] | None = None,
        blog_watch: dict[str, list[str]] | None = None,
        alerts: dict[str, bool] | None = None,
        groups: dict[str, list[str]] | None = None,
        deadline: float | None = None,
    ) -> None:
        self.interval = interval
        self.deadline = deadline  # seconds a fetch may take (None: the default)
        self.tz = tz
        self.theme = theme
        self.guardian_api_key = guardian_api_key
        self.scribblelive_token = scribblelive_token
        self.watch: list[str] = [] if watch is None else watch
        self.blogs: dict[str, str] = {} if blogs is None else blogs
        self.warnings: list[str] = [] if warnings is None else warnings
        # words watched in one saved blog alone ([blogs.NAME] watch = [...])
        self.blog_watch: dict[str, list[str]] = {} if blog_watch is None else blog_watch
        # several sources under one name ([groups] NAME = [saved names, URLs or files])
        self.groups: dict[str, list[str]] = {} if groups is None else groups
        # which kinds of alert are on (ALERTS; all of them unless the config says otherwise)
        self.alerts: dict[str, bool] = {kind: True for kind in ALERTS}
        if alerts:
            self.alerts.update(alerts)

    def watch_for(self, name: str | None) -> list[str]:
        """The words watched in the saved blog ``name`` (None: not a saved blog): the config's
        own, then the blog's."""
        words = list(self.watch)
        for word in self.blog_watch.get(name or "", ()):
            if word not in words:
                words.append(word)
        return words

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # (mutable, like the dataclass it was)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Config({inner})"


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    config = Config()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as err:
        config.warnings.append(f"cannot read {path}: {err.strerror or err}")
        return config
    import tomllib  # (only when there is a file to read: 10 ms before the first screen)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        config.warnings.append(f"ignoring {path}: {err}")
        return config
    where = path.name

    def bad(key: str, value: object, what: str) -> None:
        config.warnings.append(f"{where}: {key} = {value!r} is not {what}; the default is used")

    interval = data.get("interval")
    if isinstance(interval, int | float) and not isinstance(interval, bool) and interval > 0:
        config.interval = float(interval)
    elif interval is not None:
        bad("interval", interval, "a number of seconds above 0")
    deadline = data.get("deadline")
    if (
        isinstance(deadline, int | float)
        and not isinstance(deadline, bool)
        and 0 < deadline < float("inf")
    ):
        config.deadline = float(deadline)
    elif deadline is not None:
        bad("deadline", deadline, "a number of seconds above 0")
    for key in ("tz", "theme", "guardian_api_key", "scribblelive_token"):
        value = data.get(key)
        if value is not None and _str(value) is None:
            bad(key, value, "a text")
        setattr(config, key, _str(value))
    config.watch = _words(data.get("watch"), "watch", bad)
    blogs = data.get("blogs")
    if isinstance(blogs, dict):
        for name, value in blogs.items():
            _read_blog(config, name, value, bad)
    elif blogs is not None:
        bad("blogs", blogs, "a table of names and URLs")
    groups = data.get("groups")
    if isinstance(groups, dict):
        for name, members in groups.items():
            words = _words(members, f"groups.{name}", bad)
            if words:
                config.groups[name] = words
            elif isinstance(members, list):
                bad(f"groups.{name}", members, "a list of saved names, URLs or files")
    elif groups is not None:
        bad("groups", groups, "a table of names and lists of blogs")
    alerts = data.get("alerts")
    if isinstance(alerts, dict):
        for kind, value in alerts.items():
            if kind in ALERTS and isinstance(value, bool):
                config.alerts[kind] = value
            else:
                bad(f"alerts.{kind}", value, f"true or false for one of {', '.join(ALERTS)}")
    elif alerts is not None:
        bad("alerts", alerts, "a table of true or false")
    return config


def _words(value: object, key: str, bad: Callable[[str, object, str], None]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        bad(key, value, "a list of words")
        return []
    return [w for w in value if isinstance(w, str) and w.strip()]


def _read_blog(
    config: Config, name: str, value: object, bad: Callable[[str, object, str], None]
) -> None:
    """One saved blog: ``name = "URL"``, or a table with its ``url`` and ``watch``."""
    if isinstance(value, dict):
        url = value.get("url")
        if not (isinstance(url, str) and url):
            bad(f"blogs.{name}.url", url, "a URL")
            return
        config.blogs[name] = url
        words = _words(value.get("watch"), f"blogs.{name}.watch", bad)
        if words:
            config.blog_watch[name] = words
    elif isinstance(value, str) and value:
        config.blogs[name] = value
    else:
        bad(f"blogs.{name}", value, "a URL")
