"""`parley host PACK/` and `parley join ADDRESS [CODE]`: a whole class at once.

`host` serves every table of a pack written with `parley class --per-table K`; students join
from a browser (the address it prints) or with `join` from a terminal. The web stack is
imported only by these handlers: no other command needs it.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from parley.cli import UsageError, console, errors

if TYPE_CHECKING:
    from sim.play.seat import Seated

DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add `parley host` and `parley join`."""
    h = sub.add_parser("host", help="host a class pack's tables: students join from a "
                       "browser or with `parley join`")
    h.add_argument("pack", metavar="PACK", help="a class pack written with --per-table")
    h.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                   help="the address to listen on (default 127.0.0.1: this machine only; "
                   "0.0.0.0 opens the host to the classroom's network)")
    h.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"the port to listen on (default {DEFAULT_PORT}; 0: any free port)")
    shown = h.add_mutually_exclusive_group()
    shown.add_argument("--console", action="store_true", default=None,
                       help="show the instructor's console in this terminal (the default "
                       "when the terminal is interactive)")
    shown.add_argument("--no-console", dest="console", action="store_false",
                       help="print the host's log instead of the console")
    h.set_defaults(func=cmd_host)

    j = sub.add_parser("join", help="play your seat at a class host in the terminal")
    j.add_argument("address", metavar="ADDRESS", help="the host's address, as your teacher "
                   "gives it (such as http://192.168.1.20:8765)")
    j.add_argument("code", nargs="?", metavar="CODE",
                   help="your join code, from your brief (default: asked on screen)")
    j.set_defaults(func=cmd_join)


def cmd_host(args: argparse.Namespace) -> int:
    """Start the host and serve until Ctrl+C (or SIGTERM)."""
    import asyncio  # here, not at the top: every other command builds this parser too

    from parley.host.server import Host, HostError, serve

    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be from 0 to 65535")
    try:
        ipaddress.ip_address(args.bind)
    except ValueError:
        raise UsageError(f"--bind {args.bind}: not an IP address (such as 127.0.0.1, "
                         "0.0.0.0 or this machine's classroom address)") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stdout)
    try:
        host = Host(Path(args.pack))
    except HostError as exc:
        raise UsageError(str(exc)) from None

    def ready(addresses: list[tuple[str, int]]) -> None:
        port = addresses[0][1]
        shown = _addresses(args.bind, port)
        console.print(f"Class host for {args.pack}: {len(host.tables)} tables "
                      f"({', '.join(_progress(host))}).", markup=False, soft_wrap=True)
        console.print("Students open this address in a browser and type the join code on "
                      "their brief (or type `parley join ADDRESS CODE`):", markup=False)
        for address in shown:
            console.print(f"    {address}", markup=False)
        if args.bind == "127.0.0.1":
            console.print("Only this machine can join: start with --bind 0.0.0.0 to open the "
                          "host to the classroom's network.", markup=False, soft_wrap=True)
        console.print("Every move is recorded in the pack as it is made; Ctrl+C stops the "
                      "host, and starting it again resumes every table.", markup=False,
                      soft_wrap=True)
        console.print(f"The instructor's console: {shown[0]}/console in a browser, with the "
                      "teacher's code (or start the host with --console).", markup=False,
                      soft_wrap=True)
        sys.stdout.flush()

    console_here = args.console if args.console is not None else (
        sys.stdin.isatty() and sys.stdout.isatty())

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(host, args.bind, args.port, ready, stop)

    try:
        if console_here:
            from parley.host.console_run import run_console

            run_console(host, args.bind, args.port, _addresses)
        else:
            asyncio.run(main())
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.bind}:{args.port} ({exc.strerror or exc}); "
                         "is another host running? choose another --port") from None
    console.print("host stopped; every move so far is in the pack", markup=False)
    return 0


def _progress(host: object) -> list[str]:
    tables = getattr(host, "tables", {})
    return [f"{label}: " + ("finished" if t.session.finished else
                            f"round {t.session.round + 1}" if t.session.decisions else "new")
            for label, t in tables.items()]


def _addresses(bind: str, port: int) -> list[str]:
    """The addresses students type: this machine's on the classroom network when the host
    listens on every interface."""
    if bind not in ("0.0.0.0", "::"):
        shown = f"[{bind}]" if ":" in bind else bind
        return [f"http://{shown}:{port}"]
    found: list[str] = []
    # The interface a packet out would leave by (connecting a datagram socket sends nothing).
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        found.append(str(probe.getsockname()[0]))
    with contextlib.suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None,
                                                                 socket.AF_INET)]
    ours = [a for a in dict.fromkeys(found) if not a.startswith("127.")]
    return [f"http://{a}:{port}" for a in ours] or [f"http://127.0.0.1:{port}"]


def cmd_join(args: argparse.Namespace) -> int:
    """Join a seat and play it in the terminal (or, under the host's browser terminal, in
    the browser)."""
    from parley.host.client import JoinError, RemoteSession, seat_url

    try:
        seat_url(args.address)
    except JoinError as exc:
        raise UsageError(str(exc)) from None
    session = None
    if args.code:
        try:
            session = RemoteSession.connect(args.address, args.code)
        except JoinError as exc:
            errors.print(f"parley: {exc}", markup=False, soft_wrap=True)
            return 2

    def join(code: str) -> RemoteSession:
        return RemoteSession.connect(args.address, code)

    from tui.app import make_app

    seated: Callable[[str], Seated] = join
    app = make_app(session=session, join=seated)
    try:
        app.run()
    finally:
        if isinstance(app.session, RemoteSession):
            app.session.close()
    if app.session is not None and app.session.finished:
        errors.print("game over: your teacher has the transcript", markup=False)
    elif app.session is not None:
        errors.print(f"you left the table; join again with `parley join {args.address} "
                     "CODE` to come back to the same move", markup=False, soft_wrap=True)
    return 0
