"""A seat in the browser: the same Textual screens as `parley play`, with nothing to install.

textual-serve's way, kept inside the host's own server: the page (`GET /`) loads
textual-serve's terminal script (xterm.js), which opens `GET /terminal`; for each browser the
host starts `parley join` on this machine, under Textual's web driver, talking to the browser
through that socket. The join screen asks for the code, and from there the student plays
exactly the screens a terminal shows, through the same seat protocol as every other client
(so the browser gets only what its side may know: the screens are drawn from the seat).

Why not textual-serve's own `Server`: it is a separate aiohttp application on a port of its
own, builds its socket's address from its configured host name (wrong for a host bound to
0.0.0.0 and reached by its classroom address), and loads a font from the internet, which a
classroom network may not reach. Its `AppService` (the per-browser process) and its script
are used as they are.
"""

from __future__ import annotations

import html
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

if TYPE_CHECKING:
    from parley.host.server import Host

STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's script, style sheet and font."""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Parley: join your table</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<script src="/static/js/textual.js"></script>
<style>
@font-face {{ font-family: "Roboto Mono";
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf"); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; }}
#terminal {{ width: 100vw; height: 100vh; }}
noscript {{ color: white; font-family: sans-serif; }}
</style>
</head>
<body>
<noscript>Parley needs JavaScript to show its screens in the browser.</noscript>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{socket}"
     data-font-size="16"></div>
</body>
</html>
"""


async def page(request: web.Request) -> web.Response:
    """The page a student opens: a terminal that starts `parley join` on the host."""
    scheme = "wss" if request.secure else "ws"
    socket = html.escape(f"{scheme}://{request.host}/terminal", quote=True)
    return web.Response(text=PAGE.format(socket=socket), content_type="text/html",
                        headers={"Cache-Control": "no-store"})


class _JoinService(AppService):
    """textual-serve's per-browser process, with a ticket in its environment."""

    def __init__(self, command: str, ticket: str, **kwargs: object) -> None:
        super().__init__(command, **kwargs)  # type: ignore[arg-type]
        self.ticket = ticket

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["PARLEY_VIA"] = self.ticket
        return environment


async def terminal(request: web.Request, host: Host) -> web.WebSocketResponse:
    """One browser's terminal: `parley join` in a process of its own, for as long as the
    page is open."""
    ws = web.WebSocketResponse(heartbeat=15.0)
    await ws.prepare(request)
    width = _size(request.query.get("width"), 80)
    height = _size(request.query.get("height"), 24)
    command = shlex.join([sys.executable, "-m", "parley", "join", host.local_address])
    service = _JoinService(command, host.ticket(request.remote or "?"),
                           write_bytes=ws.send_bytes, write_str=ws.send_str, close=ws.close,
                           download_manager=DownloadManager())
    await service.start(width, height)
    try:
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            envelope = message.json()
            if not isinstance(envelope, list) or not envelope:
                continue
            if envelope[0] == "stdin":
                await service.send_bytes(str(envelope[1]).encode("utf-8"))
            elif envelope[0] == "resize":
                await service.set_terminal_size(_size(envelope[1].get("width"), width),
                                                _size(envelope[1].get("height"), height))
            elif envelope[0] == "ping":
                await ws.send_json(["pong", envelope[1]])
    finally:
        await service.stop()
    return ws


def _size(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 500)
