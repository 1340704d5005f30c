"""`parley host --console`: the host and the instructor's console in one terminal, one loop.

The host listens first (so a port in use is a one-line error, not a broken screen); then the
console (`tui.console.ConsoleApp`) runs in the same event loop, reading the host's state and
taking the teacher's actions directly. The host's log lines go to the console's log pane
instead of the terminal.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import webbrowser
from collections import deque
from collections.abc import Callable

from parley.host.server import Host, serve


class _Lines(logging.Handler):
    """Log records as lines for the console's log pane."""

    def __init__(self, lines: deque[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines
        self.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def open_page(uri: str) -> None:
    """Open a page in the desktop's browser; without a desktop (a terminal over SSH) do
    nothing: the console's log gives the file, and a text browser must not take over the
    console's terminal."""
    if sys.platform in ("darwin", "win32") or os.environ.get("DISPLAY") \
            or os.environ.get("WAYLAND_DISPLAY"):
        webbrowser.open(uri)


def run_console(host: Host, bind: str, port: int,
                addresses: Callable[[str, int], list[str]]) -> int:
    """Serve `host` on `bind`:`port` with the console in this terminal until the teacher
    stops it.

    Raises:
        OSError: the host cannot listen there.
    """
    from tui.console import ConsoleApp

    lines: deque[str] = deque(maxlen=2000)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_Lines(lines))
    root.setLevel(logging.INFO)

    async def main() -> None:
        stop = asyncio.Event()
        listening: asyncio.Future[list[tuple[str, int]]] = \
            asyncio.get_running_loop().create_future()
        server = asyncio.ensure_future(serve(host, bind, port, listening.set_result, stop))
        watched: set[asyncio.Future[object]] = {server, listening}  # type: ignore[arg-type]
        await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
        if server.done():
            server.result()  # it could not listen: the reason
        shown = addresses(bind, listening.result()[0][1])
        lines.append(f"Students open {' or '.join(shown)} in a browser and type the join "
                     "code on their brief (or `parley join ADDRESS CODE`); the console is "
                     f"also at {shown[0]}/console with the teacher's code.")
        app = ConsoleApp(host.teacher.state, host.teacher.act, lines, shown, open_page)
        try:
            await app.run_async()
        finally:
            stop.set()
            await server

    asyncio.run(main())
    return 0
