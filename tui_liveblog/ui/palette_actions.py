"""The command palette's own commands: a screenshot saved where it can be, and the theme the
reader chose kept for next time.

- "Screenshot" saves an SVG of the screen in the Downloads folder, or in the current folder
  when there is none (Textual's own would fail), and says where the file went;
- a theme chosen in the palette is written into the config file (:mod:`tui_liveblog.config_save`
  keeps its comments and order, and never writes a file that has an error: a notice says so).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path

from platformdirs import user_downloads_path
from textual import on, work
from textual.command import CommandPalette
from textual.message import Message
from textual.theme import ThemeProvider

from tui_liveblog.config import config_path
from tui_liveblog.ui.reader_contents import ReaderContents


class ThemeChosen(Message):
    """A theme was chosen in the command palette (not set by the program)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ChosenThemeProvider(ThemeProvider):
    """Textual's theme list, where choosing a theme also tells the app to keep it."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        return [(name, partial(self._choose, name)) for name in sorted(self.app.available_themes)]

    def _choose(self, name: str) -> None:
        self.app.theme = name
        self.app.post_message(ThemeChosen(name))


class PaletteActions(ReaderContents):
    """The reader's part that runs the palette's screenshot and theme commands."""

    def search_themes(self) -> None:
        """The palette's "Theme" command: Textual's list of themes, the choice saved."""
        self.push_screen(
            CommandPalette(providers=[ChosenThemeProvider], placeholder="Search for themes…")
        )

    @on(ThemeChosen)
    def _theme_chosen(self, message: ThemeChosen) -> None:
        self._save_theme(message.name)

    @work(group="config", exclusive=True, exit_on_error=False)
    async def _save_theme(self, name: str) -> None:
        from tui_liveblog.config_save import NotSaved, save_theme  # (not before the first frame)

        try:
            written = await asyncio.to_thread(save_theme, name)
        except NotSaved as why:
            self.notify(f"Theme {name!r} not saved: {why}", severity="warning", markup=False)
            return
        path = config_path()
        said = f"saved in {path}" if written else f"already the one in {path}"
        self.notify(f"Theme {name!r} {said}", markup=False)

    def action_save_screenshot(self) -> None:
        """Save an SVG of the screen in ~/Downloads (else the current folder); say where."""
        downloads = user_downloads_path()
        folder = downloads if downloads.is_dir() else Path.cwd()
        stamp = self.now().strftime("%Y-%m-%d_%H-%M-%S")
        self._write_screenshot(folder, f"tui-liveblog_{stamp}", self.export_screenshot())

    @work(group="screenshot", exit_on_error=False)
    async def _write_screenshot(self, folder: Path, stem: str, svg: str) -> None:
        try:
            path = await asyncio.to_thread(_write_new, folder, stem, svg)
        except OSError as err:
            self.notify(
                f"Screenshot not saved: cannot write in {folder}: {err.strerror or err}",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Screenshot saved: {path}", markup=False, timeout=10)


def _write_new(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to a new file ``stem.svg`` in ``folder`` (``stem-2.svg``… if taken)."""
    for n in range(1, 100):
        path = folder / (f"{stem}.svg" if n == 1 else f"{stem}-{n}.svg")
        try:
            with path.open("x", encoding="utf-8") as out:
                out.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(17, "too many screenshots with this name", str(folder))
