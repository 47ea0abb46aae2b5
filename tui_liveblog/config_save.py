"""Saving a setting the reader changed (the theme chosen in the command palette) into the config
file, as the user wrote it: comments, blank lines and the order of keys are kept (``tomlkit``).

The file is replaced atomically (a temporary file beside it, then a rename): a reader that
stops half-way never leaves a half-written config. A file that does not read as TOML, or that
cannot be edited without changing anything else, is never written: :class:`NotSaved` says why.
"""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from pathlib import Path

from tui_liveblog.config import config_path


class NotSaved(Exception):
    """The setting was not saved; the message says why, in one line."""


def save_theme(theme: str, path: Path | None = None) -> bool:
    """Write ``theme = "<theme>"`` into the config file (creating it if there is none).

    False when the file already says so (nothing written). Raises :class:`NotSaved`."""
    return save_setting("theme", theme, path)


def save_setting(key: str, value: str, path: Path | None = None) -> bool:
    """Set the top-level ``key`` to ``value`` in the config file; False if it already was."""
    import tomlkit  # (only when something is saved: not on the way to the first screen)
    from tomlkit.exceptions import TOMLKitError

    shown = path or config_path()
    try:
        target = shown.resolve()  # a config linked from elsewhere (dotfiles) is written there
    except (OSError, RuntimeError) as err:  # (a symlink loop: RuntimeError before Python 3.13)
        raise NotSaved(f"cannot read {shown}: {err}") from err
    try:
        raw = target.read_bytes()
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        raw, mode = b"", None
    except OSError as err:
        raise NotSaved(f"cannot read {shown}: {err.strerror or err}") from err
    try:
        text = raw.decode("utf-8")
        before = tomllib.loads(text)
        document = tomlkit.parse(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, TOMLKitError) as err:
        raise NotSaved(f"{shown} has an error ({err}); it is left as it is") from err
    if before.get(key) == value:
        return False
    document[key] = value
    new = tomlkit.dumps(document)
    expected = {**before, key: value}
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:  # (never write a file that would read differently elsewhere)
        raise NotSaved(f"{shown} could not be edited without changing more than {key}")
    try:
        _replace(target, new.encode("utf-8"), mode)
    except OSError as err:
        raise NotSaved(f"cannot write {shown}: {err.strerror or err}") from err
    return True


def _replace(target: Path, data: bytes, mode: int | None) -> None:
    """Write ``data`` to ``target`` atomically, keeping its permissions (new: owner only)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
