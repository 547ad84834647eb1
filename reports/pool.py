"""Worker processes for a batch: each task under a time and memory allowance, all stopped at once on a signal.

``concurrent.futures`` can neither stop one task that runs too long nor kill its workers when the batch is
interrupted (they were left orphaned, asleep forever). Here each worker is a process with a pipe: the parent
hands it one task at a time and waits on all pipes and process sentinels with a deadline, so it can

- kill a worker whose task overran its time allowance, report that task, and start a fresh worker;
- notice a worker that died (its memory allowance, enforced by ``RLIMIT_AS``, or a crash) and go on;
- on SIGINT or SIGTERM, stop every worker (SIGTERM, which unwinds its ``finally`` blocks so temporary files
  go, then SIGKILL after a grace period), join them all, and let the caller clean what was in flight.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from scorer.limits import WORKER_STOP_GRACE_SECONDS

__all__ = ["LimitHit", "Terminated", "run_pool", "stop_on_signals"]


class Terminated(BaseException):  # a signal, like KeyboardInterrupt, not an error
    """SIGTERM arrived (raised in the main thread by :func:`stop_on_signals`)."""

    def __init__(self, signum: int) -> None:
        """Keep the signal number."""
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` in the main thread (SIGINT already raises KeyboardInterrupt)."""
    def handler(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: the caller handles signals
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass(frozen=True)
class LimitHit:
    """A task stopped by its allowance: ``kind`` is ``time`` or ``memory``; ``limit`` in seconds or bytes."""

    kind: str
    limit: float


def _exit_on_term(_signum: int, _frame: object) -> None:
    raise SystemExit(143)  # unwinds finally blocks: a temporary output file is removed


def _vm_size() -> int | None:
    """This process's address space in bytes (Linux), ``None`` when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # noqa: PTH123 - a /proc file
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_memory(allowance: int | None) -> None:
    """Cap this process's address space at its present size plus ``allowance`` (MemoryError beyond)."""
    if not allowance:
        return
    try:
        import resource
    except ImportError:  # not POSIX: the time allowance still holds
        return
    base = _vm_size()
    if base is None:
        return
    limit = base + allowance
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, even by SIGKILL, instead of living on as an orphan."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1


def _worker(conn: Connection, work: Callable[[Any], Any], start: Callable[[], None] | None,
            memory: int | None, parent: int) -> None:
    """A worker's life: ignore Ctrl-C (the parent decides), exit cleanly on SIGTERM, run tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        return
    if start is not None:
        start()
    _limit_memory(memory)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, task = item
        try:
            result: Any = work(task)
        except MemoryError:
            result = LimitHit("memory", float(memory or 0))
        conn.send((index, result))


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any], start: Callable[[], None] | None,
                 memory: int | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, work, start, memory, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def give(self, index: int, task: Any) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send((index, task))

    def stop(self, grace: float) -> None:
        """SIGTERM, wait up to ``grace`` seconds, then SIGKILL; always joined (no zombie, no orphan)."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _context() -> Any:
    # fork shares what the parent loaded (rubric, dictionary) copy-on-write; elsewhere spawn
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Pool:
    """The running workers of one :func:`run_pool` call."""

    def __init__(self, work: Callable[[Any], Any], start: Callable[[], None] | None, memory: int | None,
                 seconds: float | None, done: Callable[[int, Any], None],
                 in_flight: Callable[[list[int]], None] | None) -> None:
        self.context = _context()
        self.work, self.start, self.memory, self.seconds = work, start, memory, seconds
        self.done, self.in_flight = done, in_flight
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []

    def spawn(self) -> None:
        self.idle.append(_Worker(self.context, self.work, self.start, self.memory))

    def retire(self, worker: _Worker, hit: LimitHit) -> None:
        """Stop a worker whose task overran or died, report the task, and start a fresh worker."""
        self.busy.remove(worker)
        index = worker.index
        worker.stop(0 if hit.kind == "time" else WORKER_STOP_GRACE_SECONDS)  # an overrun may not heed SIGTERM
        self.spawn()
        if index is not None:
            if self.in_flight is not None:
                self.in_flight([index])
            self.done(index, hit)

    def answered(self, worker: _Worker) -> None:
        try:
            index, result = worker.conn.recv()
        except (EOFError, OSError):  # died while answering
            self.retire(worker, LimitHit("crash", 0))
            return
        self.busy.remove(worker)
        worker.index = None
        if isinstance(result, LimitHit):  # out of memory: its heap may be in any state, so a fresh worker
            worker.stop(WORKER_STOP_GRACE_SECONDS)
            self.spawn()
        else:
            self.idle.append(worker)
        self.done(index, result)

    def step(self) -> None:
        """Wait for the first answer, death or deadline among the busy workers, and deal with it."""
        now = time.monotonic()
        deadline = min(w.started for w in self.busy) + self.seconds if self.seconds else None
        ready = set(wait([w.conn for w in self.busy] + [w.process.sentinel for w in self.busy],
                         None if deadline is None else max(0.0, deadline - now)))
        for worker in list(self.busy):
            if worker.conn in ready:
                self.answered(worker)
            elif worker.process.sentinel in ready:
                self.retire(worker, LimitHit("memory" if self.memory else "crash", float(self.memory or 0)))
            elif self.seconds and time.monotonic() - worker.started > self.seconds:
                self.retire(worker, LimitHit("time", self.seconds))

    def close(self) -> None:
        """Stop and join every worker; tell ``in_flight`` which tasks were running (none after a full run)."""
        running = [w.index for w in self.busy if w.index is not None]
        for worker in self.idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.busy + self.idle:
            worker.stop(WORKER_STOP_GRACE_SECONDS)
        if running and self.in_flight is not None:
            self.in_flight(running)


def run_pool(tasks: Sequence[Any], order: Sequence[int], work: Callable[[Any], Any], *, workers: int,
             seconds: float | None, memory: int | None, done: Callable[[int, Any], None],
             start: Callable[[], None] | None = None, in_flight: Callable[[list[int]], None] | None = None) -> None:
    """Run ``work(tasks[i])`` for each ``i`` of ``order`` in ``workers`` processes; ``done(i, result)`` as each ends.

    A task over ``seconds`` (its worker killed) or whose worker ran out of ``memory`` ends with a
    :class:`LimitHit` as its result; a worker that died otherwise gives ``LimitHit("crash", 0)``. Whatever
    happens here (KeyboardInterrupt, :class:`Terminated`), every worker is stopped and joined before this
    returns or raises, and ``in_flight`` gets the indexes of the tasks that were still running.
    """
    pending = deque(order)
    pool = _Pool(work, start, memory, seconds, done, in_flight)
    try:
        for _ in range(min(workers, len(order))):
            pool.spawn()
        while pending or pool.busy:
            while pool.idle and pending:
                worker = pool.idle.pop()
                index = pending.popleft()
                try:
                    worker.give(index, tasks[index])
                except OSError:  # it died while idle (killed from outside): a fresh one takes the task
                    worker.stop(0)
                    pool.spawn()
                    pending.appendleft(index)
                    continue
                pool.busy.append(worker)
            pool.step()
    finally:
        pool.close()
