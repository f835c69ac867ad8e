"""Warm worker processes: each imports the heavy libraries once, then runs one item at a time with a time
limit. An item past its limit has its worker killed and replaced; the other workers are not disturbed.

The pool knows nothing of notebooks or briefings: it calls a module-level function on each item and
hands back what it returned, or a `Lost` saying the item timed out or its worker died.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any


@dataclass
class Lost:
    """An item that returned nothing: it ran past its time limit ('timeout') or its worker died ('died')."""

    status: str
    seconds: float


def _die_with_parent() -> None:
    """Have Linux kill this worker when the parent dies, however it dies (no orphan ever keeps running)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the parent's own clean-up still stops the workers
        pass


def can_fork() -> bool:
    """Return whether a child forked now is safe: fork exists and no other thread runs here (a forked child
    inherits the other threads' locks in whatever state they were, and can hang on one)."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def run_beside(compute: Callable[[], Any], alongside: Callable[[], None]) -> Any:
    """Return `compute()`, run in a forked child process while `alongside()` runs here; raise what it raised.

    Two cores do at once what would follow one another (a batch plans in the child while this process imports
    what its workers need). Where forking is not safe, `compute()` then `alongside()` run here in turn.
    """
    if not can_fork():
        result = compute()
        alongside()
        return result
    context = mp.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_compute_in_child, args=(writer, compute), daemon=True)
    child.start()
    writer.close()
    try:
        alongside()
        kind, value = reader.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"the child process computing {compute!r} died (exit code {child.exitcode})") from None
    except BaseException:  # Ctrl-C, or `alongside` failed: the child is not waited for
        child.kill()
        raise
    finally:
        reader.close()
        child.join()
    if kind == "raised":
        raise value
    return value


def _compute_in_child(conn, compute: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops this child
    _die_with_parent()
    try:
        outcome = ("returned", compute())
    except BaseException as err:  # noqa: BLE001  (raised again in the parent)
        outcome = ("raised", _portable(err))
    conn.send(outcome)
    conn.close()


def _portable(err: BaseException) -> BaseException:
    """Return `err` if it survives pickling, else a RuntimeError holding its traceback."""
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001  (an exception class that cannot be made again from its arguments)
        return RuntimeError("".join(traceback.format_exception(err)))


def _worker(conn, work: Callable[[Any], Any], warm_up: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if warm_up is not None:
        warm_up()
    while True:
        item = conn.recv()
        if item is None:
            return
        conn.send(work(item))


class WarmPool:
    """`size` worker processes that call `work(item)` on the items they are given, one at a time each."""

    def __init__(self, size: int, work: Callable[[Any], Any], warm_up: Callable[[], None] | None = None):
        # Fork from a warm parent (workers start with everything imported) unless that is not safe (`can_fork`:
        # a notebook run in this process, a Dask client). Then each worker starts afresh and warms up itself.
        fork = can_fork()
        self.context = mp.get_context("fork" if fork else "spawn")
        if fork and warm_up is not None:
            warm_up()
        self.work, self.warm_up = work, warm_up
        self.workers: list[tuple] = [self._start() for _ in range(size)]

    def _start(self) -> tuple:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.work, self.warm_up), daemon=True)
        process.start()
        child.close()
        return process, parent

    def run(self, items: Iterable, timeout: float, on_done: Callable[[Any, Any], None]) -> list[tuple[Any, Any]]:
        """Run every item; call `on_done(item, outcome)` as each finishes; return (item, outcome) pairs in
        completion order, where the outcome is what `work` returned or a `Lost`."""
        pending, done = list(items), []
        busy: dict = {}  # connection → (worker index, item, deadline, started)

        def finish(item, outcome) -> None:
            done.append((item, outcome))
            on_done(item, outcome)

        while pending or busy:
            for index, (_, conn) in enumerate(self.workers):
                if pending and conn not in busy:
                    item = pending.pop(0)
                    conn.send(item)
                    busy[conn] = (index, item, time.monotonic() + timeout, time.perf_counter())
            for conn in wait(list(busy), timeout=0.2):
                index, item, _, started = busy.pop(conn)
                try:
                    outcome = conn.recv()
                except (EOFError, OSError):  # the worker died (e.g. killed by the system): replace it
                    outcome = Lost("died", round(time.perf_counter() - started, 3))
                    self.workers[index] = self._restart(index)
                finish(item, outcome)
            now = time.monotonic()
            for conn, (index, item, deadline, started) in list(busy.items()):
                if now > deadline:
                    busy.pop(conn)
                    self.workers[index] = self._restart(index)
                    finish(item, Lost("timeout", round(time.perf_counter() - started, 3)))
        return done

    def _restart(self, index: int) -> tuple:
        process, conn = self.workers[index]
        process.kill()
        process.join(5)
        conn.close()
        return self._start()

    def close(self, *, now: bool = False) -> None:
        """Stop every worker: after its current item, or at once (`now`, when the run was interrupted)."""
        for process, conn in self.workers:
            try:
                if now:
                    process.kill()
                else:
                    conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for process, conn in self.workers:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
            conn.close()
