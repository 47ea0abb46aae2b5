"""The real reader (``python -m tui_liveblog SOURCE``) in a subprocess on a pseudo-terminal, for
the kill and sharing tests: what it drew is collected as it comes, and it can be killed.

What the reader *showed* is read from what it wrote to the terminal: the text between escape
sequences (each sequence is replaced by a NUL, so that two pieces of text drawn apart never
join). Anything found there was on the screen at some moment, so "every entry it showed" is at
most what :meth:`PtyReader.drawn` finds, never an entry it did not draw.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading

WAIT = 20.0

# CSI (with its parameters), OSC / DCS / APC / PM / SOS strings, and the two-byte escapes
_ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    rb"|\x1b[ -/]*[0-~]"
    rb"|[\x00-\x08\x0b-\x1f\x7f]"
)


class PtyReader:
    """The reader on a ``columns`` x ``rows`` pseudo-terminal."""

    def __init__(self, *args: str, columns: int = 100, rows: int = 30) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("TEXTUAL", None)
        try:
            self.p = subprocess.Popen(
                [sys.executable, "-m", "tui_liveblog", *args],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        finally:
            os.close(slave)
        self._master = master
        self._lock = threading.Lock()
        self._raw = bytearray()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the reader's side is closed
                break
            if not data:
                break
            with self._lock:
                self._raw.extend(data)

    def text(self) -> str:
        """Everything drawn so far, escape sequences as NULs."""
        with self._lock:
            raw = bytes(self._raw)
        return _ESCAPE.sub(b"\x00", raw).decode("utf-8", "replace")

    def drawn(self, pattern: re.Pattern[str]) -> set[str]:
        """Every match of ``pattern`` (its first group) in what was drawn so far."""
        return {m.group(1) for m in pattern.finditer(self.text())}

    def send(self, keys: str) -> None:
        """Type ``keys``."""
        os.write(self._master, keys.encode())

    def wait(self) -> int:
        """Wait for it to end by itself (after ``q``, say); its exit status."""
        return self.p.wait(WAIT)

    def kill(self) -> None:
        """SIGKILL (unless it ended), then collect the rest of what it wrote."""
        if self.p.poll() is None:
            os.kill(self.p.pid, signal.SIGKILL)
        self.p.wait(WAIT)
        self._thread.join(WAIT)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
