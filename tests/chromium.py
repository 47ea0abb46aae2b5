"""Headless Chromium driven over the Chrome DevTools protocol, to read what a textual-serve
page shows: the lines of its xterm.js terminal.

The terminal draws on a canvas (no text in the DOM), and textual-serve's script keeps its
terminal object to itself: a script run before the page's own catches the object that holds it
(the first to be given a ``websocket_url``), and the test reads the terminal's screen buffer.

Hermetic: every host name but 127.0.0.1 resolves to nothing, and the browser's own background
traffic (updates, sync, first-run) is switched off.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

_CATCH_TERMINAL = r"""
Object.defineProperty(Object.prototype, "websocket_url", {
  configurable: true,
  set(value) {
    window.__liveblogSession = this;
    Object.defineProperty(this, "websocket_url",
      {value, writable: true, configurable: true, enumerable: true});
  },
});
"""

_SCREEN = r"""
(() => {
  const session = window.__liveblogSession;
  const terminal = session && session.terminal;
  if (!terminal) return "(no terminal; the page's classes: " + document.body.className + ")";
  const buffer = terminal.buffer.active, lines = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\n");
})()
"""


def lines_of(stream: Any) -> queue.Queue[str]:
    """The lines of a text stream, read by a daemon thread, as a queue ("" at its end)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in iter(stream.readline, ""):
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def stop_group(process: subprocess.Popen[str]) -> None:
    """Kill a process started with ``start_new_session`` and everything in its group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(10)


@contextlib.contextmanager
def chromium(profile: Path, timeout: float = 30) -> Iterator[str]:
    """Headless Chromium with an empty page; yields its DevTools address (127.0.0.1:PORT)."""
    assert CHROMIUM is not None
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        lines = lines_of(process.stderr)
        deadline = time.monotonic() + timeout
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line, "Chromium ended before it listened for DevTools"
            found = re.search(r"DevTools listening on ws://(127\.0\.0\.1:\d+)/", line)
            if found:
                break
        yield found.group(1)
    finally:
        stop_group(process)


class Page:
    """A page open in the browser, over the DevTools protocol: its terminal's text, and keys."""

    def __init__(self, call: Any) -> None:
        self._call = call

    async def text(self) -> str:
        reply = await self._call("Runtime.evaluate", expression=_SCREEN, returnByValue=True)
        return str(reply.get("result", {}).get("result", {}).get("value") or "")

    async def wait_for(self, wanted: str | tuple[str, ...], timeout: float) -> str:
        """The terminal's text once it holds ``wanted`` (all of them), or what it held when
        ``timeout`` seconds ran out."""
        every = (wanted,) if isinstance(wanted, str) else wanted
        text = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = await self.text()
            if all(w in text for w in every):
                break
            await asyncio.sleep(0.25)
        return text

    async def screenshot(self, path: Path) -> None:
        """The page as the browser shows it, as a PNG."""
        import base64

        reply = await self._call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(reply["result"]["data"]))

    async def ended(self, timeout: float) -> bool:
        """Has the page's session ended (its app quit: the page says it is closed)?"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = await self._call(
                "Runtime.evaluate", expression="document.body.className", returnByValue=True
            )
            if "-closed" in str(reply.get("result", {}).get("result", {}).get("value")):
                return True
            await asyncio.sleep(0.25)
        return False

    async def press(self, key: str) -> None:
        """Type a key into the page's terminal, as a user would ("Enter", "Escape" or a
        character)."""
        await self._call("Runtime.evaluate", expression="window.__liveblogSession.terminal.focus()")
        codes = {"Enter": (13, "\r"), "Escape": (27, "")}
        code, text = codes[key] if key in codes else (ord(key.upper()), key)
        down: dict[str, Any] = {"key": key, "windowsVirtualKeyCode": code}
        if text:
            down["text"] = text
        await self._call("Input.dispatchKeyEvent", type="keyDown", **down)
        await self._call("Input.dispatchKeyEvent", type="keyUp", key=key)


@contextlib.asynccontextmanager
async def open_page(devtools: str, url: str) -> AsyncIterator[Page]:
    """``url`` opened in the browser's page, whose terminal's script is caught."""
    import aiohttp  # (textual-serve's own dependency: there when it is)

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://{devtools}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 1_000_000))

            async def call(method: str, **params: Any) -> dict[str, Any]:
                sent = next(ids)
                await ws.send_json({"id": sent, "method": method, "params": params})
                while True:
                    message: dict[str, Any] = await ws.receive_json()
                    if message.get("id") == sent:
                        return message

            await call("Page.enable")
            await call("Emulation.setFocusEmulationEnabled", enabled=True)  # (keys reach it)
            await call("Page.addScriptToEvaluateOnNewDocument", source=_CATCH_TERMINAL)
            await call("Page.navigate", url=url)
            yield Page(call)


async def screen_text(
    devtools: str, url: str, wanted: str | tuple[str, ...], timeout: float
) -> str:
    """Open ``url`` in the browser's page; the terminal's text once it holds ``wanted`` (all
    of them), or what it held when ``timeout`` seconds ran out."""
    async with open_page(devtools, url) as page:
        return await page.wait_for(wanted, timeout)
