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

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "tui-liveblog"


def config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


@dataclass(slots=True)
class Config:
    """Settings read from the config file; every field is optional there."""

    interval: float | None = None
    tz: str | None = None
    theme: str | None = None
    guardian_api_key: str | None = None
    scribblelive_token: str | None = None
    watch: list[str] = field(default_factory=list)
    blogs: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


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
    interval = data.get("interval")
    if isinstance(interval, int | float) and not isinstance(interval, bool) and interval > 0:
        config.interval = float(interval)
    config.tz = _str(data.get("tz"))
    config.theme = _str(data.get("theme"))
    config.guardian_api_key = _str(data.get("guardian_api_key"))
    config.scribblelive_token = _str(data.get("scribblelive_token"))
    watch = data.get("watch")
    if isinstance(watch, list):
        config.watch = [w for w in watch if isinstance(w, str) and w]
    blogs = data.get("blogs")
    if isinstance(blogs, dict):
        config.blogs = {k: v for k, v in blogs.items() if isinstance(v, str) and v}
    return config
