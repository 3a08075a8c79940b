"""Writing a batch's files so that none is ever seen half-written (see **Atomicity** in
:mod:`ehcp_standard.batch`): atomic writes, one input's outputs staged and renamed together, the temporary files a
killed run leaves, and removing an input's outputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

#: Where plans and their reports are written, inside the output folder.
PLANS_DIR = "plans"
#: Where the run's state (options, completion records) is kept, inside the output folder.
STATE_DIR = ".ehcp-convert"
#: The prefix of every temporary file; such files are incomplete by definition and removed by the next run.
TEMP_PREFIX = ".ehcp-tmp-"
#: The files written for each plan: kind → suffix of the file name.
OUTPUT_SUFFIXES = {"json": ".json", "docx": ".docx", "report_json": ".report.json", "report_txt": ".report.txt"}


# -- writing -----------------------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent, its old content, or all of ``data``: written
    to a temporary file in the same folder, flushed (and, if ``durable``, synced to disk), then renamed over it."""
    with atomic_stream(path, durable=durable) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_stream(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path`` to write into piece by piece; when the block ends it is flushed (and,
    if ``durable``, synced to disk) and renamed over ``path``, so that ``path`` is either absent, its old content,
    or all that was written. An exception in the block removes the temporary file and leaves ``path`` alone."""
    handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                getattr(os, "fdatasync", os.fsync)(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_temporary_files(folders: Iterable[Path]) -> int:
    """Remove the temporary files a killed run left in ``folders``; return how many."""
    removed = 0
    for folder in folders:
        for path in folder.glob(f"{TEMP_PREFIX}*") if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def output_stem_of(file_name: str) -> str:
    """Return the input's output name that a file in ``plans/`` belongs to (``a__REF.report.json`` → ``a``)."""
    return file_name.split(".", 1)[0].split("__", 1)[0]


def remove_outputs(out_dir: Path, stems: set[str]) -> None:
    """Remove every file in ``plans/`` that belongs to an input whose output name is in ``stems``."""
    folder = out_dir / PLANS_DIR
    if not stems or not folder.is_dir():
        return
    for entry in os.scandir(folder):
        if output_stem_of(entry.name) in stems and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


# -- staging one input's outputs ---------------------------------------------------------------------------------


class StagedFiles:
    """One input's output files, staged as temporary files in ``folder`` and then renamed into place together
    (:meth:`commit`), or removed (:meth:`discard`).

    When ``durable``, each file is synced to disk on a background thread as soon as it is staged, so the wait for
    the disk overlaps the making of the next file (syncing releases the interpreter lock); :meth:`commit` waits
    for every sync before renaming any file, then syncs the folder."""

    def __init__(self, folder: Path, durable: bool):
        self.folder, self.durable = folder, durable
        self.staged: list[tuple[str, Path]] = []
        self.syncs: list[Any] = []

    def add(self, name: str, data: bytes) -> None:
        """Write ``data`` to a new temporary file that is to become ``name``; start syncing it if durable."""
        handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.folder)
        self.staged.append((name, Path(temporary)))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if self.durable:
            self.syncs.append(_sync_threads().submit(_sync_file, temporary))

    def commit(self) -> None:
        """Wait until every staged file is on disk, rename each to its name, and make the renames durable."""
        self._wait()
        for name, temporary in self.staged:
            os.replace(temporary, self.folder / name)
        self.staged = []
        if self.durable:
            sync_folder(self.folder)

    def discard(self) -> None:
        """Remove every staged file not yet renamed (after any sync still running on it has finished)."""
        with contextlib.suppress(Exception):
            self._wait()
        for _name, temporary in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.staged = []

    def _wait(self) -> None:
        syncs, self.syncs = self.syncs, []
        errors = [error for error in (sync.exception() for sync in syncs) if error is not None]
        if errors:
            raise errors[0]


#: This process's id and its pool of threads that sync staged files (see :func:`_sync_threads`).
_sync_pool: tuple[int, Any] | None = None


def _sync_threads() -> Any:
    """Return this process's pool of threads that sync staged files to disk, made on first use in each process
    (a forked worker cannot use its parent's threads)."""
    global _sync_pool
    if _sync_pool is None or _sync_pool[0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _sync_pool = (os.getpid(), ThreadPoolExecutor(max_workers=len(OUTPUT_SUFFIXES),
                                                      thread_name_prefix="ehcp-sync"))
    return _sync_pool[1]


def _sync_file(path: str) -> None:
    """Flush the file at ``path`` to disk (its data, and the metadata needed to read it back)."""
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        getattr(os, "fdatasync", os.fsync)(handle)
    finally:
        os.close(handle)


__all__ = [
    "OUTPUT_SUFFIXES",
    "PLANS_DIR",
    "STATE_DIR",
    "TEMP_PREFIX",
    "StagedFiles",
    "atomic_stream",
    "atomic_write",
    "output_stem_of",
    "remove_outputs",
    "remove_temporary_files",
    "sync_folder",
]
