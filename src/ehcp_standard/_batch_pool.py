"""The worker pool of a batch (see :mod:`ehcp_standard.batch`, step 4): worker processes fed one task at a time,
each stopped and replaced when it crashes or passes its time limit, its input reported and the rest going on."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from ._batch_results import BatchOptions, InputResult, Status
from ._batch_worker import Task, WorkerSettings, convert_one, task_result

# -- the worker pool ---------------------------------------------------------------------------------------------


def run_tasks(tasks: list[Task], settings: WorkerSettings, options: BatchOptions,
              on_result: Callable[[InputResult], None]) -> None:
    """Convert ``tasks`` in worker processes, calling ``on_result`` with each result as it comes. A worker that
    dies or passes ``options.timeout`` is stopped and replaced, and its input reported; the rest go on."""
    if not tasks:
        return
    size = max(1, min(options.workers or os.cpu_count() or 1, len(tasks)))
    pool = _Pool(settings, size, options.timeout, options.tasks_per_worker, _context(options.start_method))
    try:
        pool.run(deque(tasks), on_result)
    finally:
        pool.close()


def _context(method: str | None) -> multiprocessing.context.BaseContext:
    if method is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the server loads the converter and compiles the template once; every worker forked from it shares them
        context.set_forkserver_preload(["ehcp_standard.batch", "ehcp_standard._preload"])
    return context


#: What a worker sends as it starts converting a task: the task's time limit runs from then, not from when it was
#: sent, so that a new worker's start-up (importing, compiling the renderer's template) is never charged to a file.
_STARTED = "started"
#: Seconds a task sent to a worker may wait, beyond its time limit, for the worker to start it (a worker that hangs
#: while starting up loses its task as ``timeout``; one that dies, as ``crashed``).
_STARTUP_LIMIT = 120.0


def _worker_main(connection: Connection, settings: WorkerSettings) -> None:
    """A worker: start up, then convert each task received until told to stop (``None``) or the parent goes
    away, saying :data:`_STARTED` as it starts each one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _warm_up(settings)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        connection.send(_STARTED)
        connection.send(convert_one(task, settings))


def _warm_up(settings: WorkerSettings) -> None:
    """Do, once per worker, what every conversion needs first: compile the renderer's template and, for the
    default converter, load the built-in profiles. A failure here is left for the first task to report."""
    with contextlib.suppress(Exception):
        from .render import compiled_template

        compiled_template()
        if settings.convert is None:
            from .convert.profile import builtin_profiles

            builtin_profiles()
            builtin_profiles(tabular=True)


@dataclass
class _Slot:
    """One worker process, the task it is working on (if any), since when (sent, then ``running`` once the worker
    has started it), and how many it has done."""

    process: Any
    connection: Connection
    task: Task | None = None
    started: float = 0.0
    running: bool = False
    done: int = 0


class _Pool:
    """Worker processes fed one task at a time, so that the task of a worker that dies or hangs is known."""

    def __init__(self, settings: WorkerSettings, size: int, timeout: float, tasks_per_worker: int,
                 context: multiprocessing.context.BaseContext):
        self.settings, self.size, self.timeout = settings, size, timeout
        self.tasks_per_worker, self.context = max(1, tasks_per_worker), context
        self.slots: list[_Slot | None] = [None] * size

    def run(self, pending: deque[Task], on_result: Callable[[InputResult], None]) -> None:
        """Run every task in ``pending``."""
        while pending or any(slot and slot.task for slot in self.slots):
            self._dispatch(pending)
            self._collect(on_result)

    def close(self) -> None:
        """Stop every worker: politely when idle, at once when still busy (an interrupted run)."""
        for index, slot in enumerate(self.slots):
            if slot is not None:
                self._stop(index, kill=slot.task is not None)

    def _dispatch(self, pending: deque[Task]) -> None:
        for index in range(self.size):
            slot = self.slots[index]
            if not pending or (slot is not None and slot.task is not None):
                continue
            if slot is None or slot.done >= self.tasks_per_worker or not slot.process.is_alive():
                slot = self._replace(index)
            slot.task, slot.started, slot.running = pending.popleft(), time.monotonic(), False
            slot.connection.send(slot.task)

    def _deadline(self, slot: _Slot) -> float:
        """Return when the slot's task is over its time: the limit from when the worker started it, or, until then,
        the limit and the start-up allowance from when it was sent."""
        return slot.started + self.timeout + (0.0 if slot.running else _STARTUP_LIMIT)

    def _collect(self, on_result: Callable[[InputResult], None]) -> None:
        busy = [(index, slot) for index, slot in enumerate(self.slots) if slot and slot.task]
        if not busy:
            return
        deadline = min(self._deadline(slot) for _, slot in busy)
        waits = [slot.connection for _, slot in busy] + [slot.process.sentinel for _, slot in busy]
        wait(waits, timeout=max(0.01, min(1.0, deadline - time.monotonic())))
        for index, slot in busy:
            result = self._outcome(index, slot)
            if result is not None:
                slot.task = None
                on_result(result)

    def _outcome(self, index: int, slot: _Slot) -> InputResult | None:
        """Return the result of the slot's task if it has one now: the worker's, or a crash or timeout."""
        task = slot.task
        assert task is not None
        broken = False
        while slot.connection.poll():
            try:
                message = slot.connection.recv()
            except (EOFError, OSError):
                broken = True
                break
            if isinstance(message, str):  # _STARTED: the time limit runs from now
                slot.started, slot.running = time.monotonic(), True
                continue
            slot.done += 1
            return message
        if not broken and slot.process.is_alive():
            if time.monotonic() <= self._deadline(slot):
                return None
            ran = time.monotonic() - slot.started
            self._stop(index, kill=True)
            return replace(self._timed_out(task, slot.running), seconds=round(ran, 3))
        slot.process.join(5)
        code = slot.process.exitcode
        self._stop(index, kill=True)
        return _lost(task, Status.CRASHED, f"{task.name}: the worker converting it stopped unexpectedly "
                     f"({_exit_reason(code)}); the rest of the batch went on")

    def _timed_out(self, task: Task, running: bool) -> InputResult:
        if running:
            why = f"the conversion took longer than {self.timeout:g} s"
        else:
            why = f"its worker did not start converting it within {self.timeout + _STARTUP_LIMIT:g} s"
        return _lost(task, Status.TIMEOUT, f"{task.name}: {why}, so its worker was stopped; the rest of the batch "
                     "went on")

    def _replace(self, index: int) -> _Slot:
        if self.slots[index] is not None:
            self._stop(index, kill=False)
        parent, child = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_worker_main, args=(child, self.settings), daemon=True,
                                       name=f"ehcp-convert-worker-{index}")
        process.start()
        child.close()
        self.slots[index] = slot = _Slot(process, parent)
        return slot

    def _stop(self, index: int, *, kill: bool) -> None:
        slot = self.slots[index]
        self.slots[index] = None
        if slot is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if not kill:
                slot.connection.send(None)
                slot.process.join(10)
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join(5)
        slot.connection.close()
        with contextlib.suppress(ValueError):
            slot.process.close()


def _lost(task: Task, status: Status, reason: str) -> InputResult:
    return task_result(task, status, reason)


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = "; out of memory?" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit status {code}"


__all__ = ["run_tasks"]
