"""User configuration: TOML at ``platformdirs.user_config_path("tui-liveblog")/config.toml``.

```toml
interval = 30            # default refresh interval, seconds
tz = "Europe/London"     # time zone for displayed times (default: the system's)
theme = "textual-dark"
guardian_api_key = "..."
scribblelive_token = "..."
watch = ["ceasefire"]    # keywords to watch

[blogs]                  # saved blogs: name = URL
storm = "https://example.org/live/storm"
```
A broken config never stops the program: it is ignored with a warning.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "tui-liveblog"


def config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


class Config:
    """Settings read from the config file; every field is optional there.

    (A plain class, not a dataclass: the config is read before the reader's first screen,
    and importing dataclasses costs ~12 ms there.)
    """

    __slots__ = (
        "blogs",
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
    ) -> None:
        self.interval = interval
        self.tz = tz
        self.theme = theme
        self.guardian_api_key = guardian_api_key
        self.scribblelive_token = scribblelive_token
        self.watch: list[str] = [] if watch is None else watch
        self.blogs: dict[str, str] = {} if blogs is None else blogs
        self.warnings: list[str] = [] if warnings is None else warnings

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
    for key in ("tz", "theme", "guardian_api_key", "scribblelive_token"):
        value = data.get(key)
        if value is not None and _str(value) is None:
            bad(key, value, "a text")
        setattr(config, key, _str(value))
    watch = data.get("watch")
    if isinstance(watch, list):
        config.watch = [w for w in watch if isinstance(w, str) and w]
    elif watch is not None:
        bad("watch", watch, "a list of words")
    blogs = data.get("blogs")
    if isinstance(blogs, dict):
        config.blogs = {k: v for k, v in blogs.items() if isinstance(v, str) and v}
        for name, value in blogs.items():
            if not (isinstance(value, str) and value):
                bad(f"blogs.{name}", value, "a URL")
    elif blogs is not None:
        bad("blogs", blogs, "a table of names and URLs")
    return config
