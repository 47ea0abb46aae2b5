"""Saving into the config file what the reader or a command changed (the theme chosen in the
command palette, a blog saved or removed), as the user wrote it: comments, blank lines and the order of keys are kept (``tomlkit``).

The file is replaced atomically (a temporary file beside it, then a rename): a reader that
stops half-way never leaves a half-written config. A file that does not read as TOML, or that
cannot be edited without changing anything else, is never written: :class:`NotSaved` says why.
"""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui_liveblog.config import blog_name_problem, config_path


class NotSaved(Exception):
    """The setting was not saved; the message says why, in one line."""


def save_theme(theme: str, path: Path | None = None) -> bool:
    """Write ``theme = "<theme>"`` into the config file (creating it if there is none).

    False when the file already says so (nothing written). Raises :class:`NotSaved`."""
    return save_setting("theme", theme, path)


def save_setting(key: str, value: str, path: Path | None = None) -> bool:
    """Set the top-level ``key`` to ``value`` in the config file; False if it already was."""

    def change(document: Any, before: dict[str, Any]) -> dict[str, Any] | None:
        if before.get(key) == value:
            return None
        document[key] = value
        return {**before, key: value}

    return _edit(path, key, change)


def add_blog(name: str, url: str, path: Path | None = None) -> bool:
    """Save the blog ``url`` as ``name`` (``[blogs]``: ``name = "url"``), after the blogs saved
    before it; False when it is saved under that name already. Raises :class:`NotSaved` for a
    name that cannot be one (:func:`~tui_liveblog.config.blog_name_problem`) or that is taken
    by another blog (remove it first)."""
    problem = blog_name_problem(name)
    if problem:
        raise NotSaved(problem)

    def change(document: Any, before: dict[str, Any]) -> dict[str, Any] | None:
        import tomlkit

        blogs = before.get("blogs", {})
        if not isinstance(blogs, dict):
            raise NotSaved("blogs in the config is not a table; it is left as it is")
        saved = blogs.get(name)
        if saved is not None:
            if saved == url or (isinstance(saved, dict) and saved.get("url") == url):
                return None
            raise NotSaved(f"{name!r} is saved already, for another blog; remove it first")
        if "blogs" not in document:
            document["blogs"] = tomlkit.table()
        document["blogs"][name] = url
        return {**before, "blogs": {**blogs, name: url}}

    return _edit(path, f"blogs.{name}", change)


def remove_blog(name: str, path: Path | None = None) -> bool:
    """Forget the saved blog ``name``; False when there is none of that name."""

    def change(document: Any, before: dict[str, Any]) -> dict[str, Any] | None:
        blogs = before.get("blogs")
        if not isinstance(blogs, dict) or name not in blogs:
            return None
        del document["blogs"][name]
        return {**before, "blogs": {k: v for k, v in blogs.items() if k != name}}

    return _edit(path, f"blogs.{name}", change)


def _edit(
    path: Path | None,
    what: str,
    change: Callable[[Any, dict[str, Any]], dict[str, Any] | None],
) -> bool:
    """Apply ``change`` to the config file's document (tomlkit's) and write it back; ``change``
    gets the document and the file as read now, and returns what the file must read as after
    (None: nothing to change, nothing written)."""
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
    try:
        expected = change(document, before)
    except TOMLKitError as err:
        raise NotSaved(f"{shown} could not be edited ({err}); it is left as it is") from err
    if expected is None:
        return False
    new = tomlkit.dumps(document)
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:  # (never write a file that would read differently elsewhere)
        raise NotSaved(f"{shown} could not be edited without changing more than {what}")
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
