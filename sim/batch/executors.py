"""Where chunks run: this process, local worker processes, or a Dask cluster.

Each executor takes the batch's `BatchJob` once and yields `(chunk, rows)` as chunks finish,
in whatever order they finish; the caller writes them. At most a few chunks per worker are in
flight, so memory stays flat however many runs a batch has. Closing the generator (on Ctrl+C
or an error) cancels what has not started and shuts the workers down.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from collections.abc import Generator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sim.batch.chunks import Chunk
from sim.batch.job import BatchJob, run_chunk

IN_FLIGHT_PER_WORKER = 2

Stream = Generator[tuple[Chunk, pa.Table], None, None]
"""Finished chunks with their rows, as they finish."""

_worker_job: BatchJob | None = None


def run_inline(job: BatchJob, chunks: list[Chunk]) -> Stream:
    """Run chunks one after another in this process (`--jobs 1`)."""
    for chunk in chunks:
        yield chunk, run_chunk(job, chunk.start, chunk.count)


PARENT_CHECK_SECONDS = 0.5
"""How often a worker checks that the batch that started it is still there."""


def _init_worker(job: BatchJob, parent: int) -> None:
    # Ctrl+C is the parent's to handle: it stops handing out chunks and shuts workers down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (kill -9, an out-of-memory kill) cannot shut its workers down:
    # they notice and exit, and with them the pipe that keeps the resource tracker alive.
    _exit_with_parent(parent)
    global _worker_job
    _worker_job = job


def _exit_with_parent(parent: int) -> None:
    """End this process as soon as the process `parent` is gone (checked twice a second)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="parley-parent-watch", daemon=True).start()


def _worker_chunk(start: int, count: int) -> pa.Table:
    assert _worker_job is not None, "worker started without its batch"
    return run_chunk(_worker_job, start, count)


def run_processes(job: BatchJob, chunks: list[Chunk],
                  jobs: int) -> Stream:
    """Run chunks on `jobs` local processes (started with `spawn`, safe on every platform)."""
    # Imported here: the process pool's machinery costs `--jobs 1` batches ~15 ms otherwise.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_init_worker, initargs=(job, os.getpid()))
    try:
        yield from _drain(pool.submit, chunks, jobs, _worker_chunk)
    finally:
        try:
            pool.shutdown(wait=True, cancel_futures=True)  # the running chunks end first
        except KeyboardInterrupt:
            # A second Ctrl+C: no waiting for chunks whose rows are dropped anyway. The
            # workers are ended here: a shutdown cut short leaves them waiting for work,
            # and the process would wait for them at exit for ever.
            for process in list((pool._processes or {}).values()):
                process.terminate()
            raise


def _drain(submit: Any, chunks: list[Chunk], workers: int,
           fn: Any, *lead: Any) -> Stream:
    todo = list(reversed(chunks))
    running: dict[Future[pa.Table], Chunk] = {}
    limit = IN_FLIGHT_PER_WORKER * workers
    while todo or running:
        while todo and len(running) < limit:
            chunk = todo.pop()
            running[submit(fn, *lead, chunk.start, chunk.count)] = chunk
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield running.pop(future), future.result()


DASK_TIMEOUT = 10
"""Seconds to wait for a Dask scheduler to answer before saying it cannot be reached."""

_ADDRESS = re.compile(r"^(?:(?P<scheme>tcp|tls|ws|wss|ucx|inproc)://)?"
                      r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):(?P<port>\d{1,5})$")


class DaskUnavailable(Exception):
    """The Dask scheduler named cannot be used; the message says why, in one line."""


@dataclass
class DaskConnection:
    """A client of a Dask scheduler (and the cluster, when `local` started one)."""

    client: Any
    cluster: Any = None

    def close(self) -> None:
        """Close the client, and the cluster if this connection started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect_dask(address: str, workers: int) -> DaskConnection:
    """Connect to the scheduler at `address` (`local` starts a `LocalCluster` of `workers`
    processes), before anything is written: a wrong or unreachable address fails at once.

    Raises:
        DaskUnavailable: the address is not one, or nothing answers there.
    """
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return DaskConnection(Client(cluster), cluster)
    match = _ADDRESS.match(address)
    if match is None or not 0 < int(match["port"]) < 65536:
        raise DaskUnavailable(f"--dask {address}: not a scheduler address; give `local` or "
                              "one such as tcp://host:8786")
    if match["scheme"] in (None, "tcp"):
        # A refused or unroutable address answers a plain connection at once, where the
        # Dask client would retry for its whole timeout.
        try:
            socket.create_connection((match["host"].strip("[]"), int(match["port"])),
                                     timeout=DASK_TIMEOUT).close()
        except OSError as exc:
            raise DaskUnavailable(f"--dask {address}: no Dask scheduler answers there "
                                  f"({exc.strerror or exc}); start one with `dask scheduler`"
                                  " or check the address") from None
    try:
        return DaskConnection(Client(address, timeout=DASK_TIMEOUT))
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"--dask {address}: cannot connect to a Dask scheduler "
                              f"({exc})") from None
    except Exception as exc:  # whatever answered there does not speak Dask's protocol
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise DaskUnavailable(f"--dask {address}: something answers there, but not a Dask "
                              f"scheduler ({reason})") from None


def run_dask(job: BatchJob, chunks: list[Chunk], connection: DaskConnection) -> Stream:
    """Run chunks on the Dask cluster of `connection` (closed when the stream ends)."""
    from distributed import as_completed

    client = connection.client
    try:
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        shared = client.scatter(job, broadcast=True)
        todo = list(reversed(chunks))
        futures: dict[Any, Chunk] = {}
        pending = as_completed()
        limit = IN_FLIGHT_PER_WORKER * n_workers

        def top_up() -> None:
            while todo and len(futures) < limit:
                chunk = todo.pop()
                future = client.submit(run_chunk, shared, chunk.start, chunk.count, pure=False)
                futures[future] = chunk
                pending.add(future)

        top_up()
        for future in pending:
            chunk = futures.pop(future)
            table = future.result()
            top_up()
            yield chunk, table
    finally:
        connection.close()
