"""``liveblog serve``'s web server: textual-serve (the optional extra ``[web]``) runs the reader
once per browser session, its screen an xterm.js terminal in the page.

It listens on 127.0.0.1 only, on a socket bound before its URL is printed (the URL printed is
one a browser can open at once), and says nothing else on stdout: no banner, no request log.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
from typing import Any, TextIO

from aiohttp import web
from textual_serve.server import Server

HOST = "127.0.0.1"


def listen(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1:``port`` (0: a free port). Raises OSError."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class _QuietServer(Server):
    """textual-serve's server without its banner and its log on the console, which ends the
    readers of the pages still open when it stops (Ctrl-C), and waits for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sessions: set[asyncio.Task[Any]] = set()

    def initialize_logging(self) -> None:
        logging.getLogger("textual-serve").setLevel(logging.CRITICAL)

    async def on_startup(self, app: web.Application) -> None:
        pass

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        # a session cancelled tells its reader to quit and waits for it (AppService.stop)
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)
        # (their subprocess transports, in reference cycles: closed while the loop runs)
        gc.collect()


def serve(command: str, sock: socket.socket, title: str, out: TextIO) -> None:
    """Serve ``command`` (a shell command line: the reader) on ``sock``; print its URL first;
    return on Ctrl-C or SIGTERM."""
    port = sock.getsockname()[1]
    server = _QuietServer(command, host=HOST, port=port, title=title)
    server.initialize_logging()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, server.request_exit)
    out.write(f"{server.public_url}/\n")
    out.flush()
    try:
        web.run_app(
            server._make_app(),  # (its routes: the page, the websocket, the static files)
            sock=sock,
            handle_signals=False,
            loop=loop,
            print=None,
        )
    finally:
        with contextlib.suppress(Exception):
            loop.close()
        asyncio.set_event_loop(None)
