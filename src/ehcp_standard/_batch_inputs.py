"""Finding a batch's inputs and naming its outputs (see :mod:`ehcp_standard.batch`, steps 1 and 2): the files
named and the legacy files under the folders named, each checked before it is read; and for each input an output
name that is safe on every system and unique in the output folder."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ._batch_results import SkippedFile, Status
from .ooxml import Limits

#: The kinds of legacy file a folder is searched for: Word documents (a macro-enabled .docm too: its macros are
#: never run or read) and case-management exports.
SUFFIXES = (".docx", ".docm", ".csv", ".xlsx")
#: The largest input read, in bytes (a Word file's limit in ``ooxml``, applied to every kind).
MAX_FILE_BYTES = Limits().max_file_bytes

_NAME_LIMIT = 60
_STEM_LIMIT = 150
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]+")
_UNDERSCORES = re.compile(r"_{2,}")


# -- finding inputs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputFile:
    """An input found: its display ``name`` (the path as given, joined with its path inside the folder), the real
    ``path`` to read, its ``relative`` path (from which its output name is made) and its size. ``refused`` says why
    it will not be read (a link leading out of the input folders, not a regular file, too large)."""

    name: str
    path: Path
    relative: str
    size: int = 0
    refused: str = ""
    refused_as: Status = Status.UNSAFE


@dataclass(frozen=True)
class Scan:
    """What a search of the paths given found: the ``inputs`` to convert and the files ``skipped``, each in
    order."""

    inputs: list[InputFile]
    skipped: list[SkippedFile]


def scan_inputs(paths: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
                ) -> Scan:
    """Return the inputs in ``paths`` (files, and folders searched recursively), in order: each folder's files
    sorted by path, the same real file only once; and every other file in those folders, skipped. No folder or
    file in ``exclude`` (what a batch writes) is searched, taken or listed, nor is a hidden file or folder, a Word
    lock file or a macOS resource file.

    Raises ``FileNotFoundError`` for a path that does not exist."""
    paths = list(paths)
    excluded = [Path(os.path.realpath(p)) for p in exclude]
    roots = [Path(os.path.realpath(p)) for p in paths if Path(p).is_dir()]
    found: list[InputFile] = []
    skipped: dict[str, SkippedFile] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise FileNotFoundError(f"{os.fspath(given)}: no such file or folder")
        if Path(given).is_dir():
            inputs, others = _folder_inputs(Path(given), roots, excluded)
            found += inputs
            skipped.update((name, SkippedFile(name)) for name in others if name not in skipped)
        else:
            found.append(_given_file(Path(given)))
    return Scan(_once_each(found), list(skipped.values()))


def find_inputs(paths: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = ()
                ) -> list[InputFile]:
    """Return the inputs of :func:`scan_inputs` (the files to convert), leaving out the files skipped.

    Raises ``FileNotFoundError`` for a path that does not exist."""
    return scan_inputs(paths, exclude=exclude).inputs


def _once_each(found: list[InputFile]) -> list[InputFile]:
    """Return ``found`` with each real file once: under its own name rather than a link's, else the first."""
    chosen: dict[Path, int] = {}
    for index, entry in enumerate(found):
        if entry.refused:
            continue
        earlier = chosen.get(entry.path)
        if earlier is None or (_is_link(found[earlier]) and not _is_link(entry)):
            chosen[entry.path] = index
    keep = set(chosen.values())
    return [entry for index, entry in enumerate(found) if entry.refused or index in keep]


def _is_link(entry: InputFile) -> bool:
    return os.path.abspath(entry.name) != os.fspath(entry.path)


def _given_file(path: Path) -> InputFile:
    """A file named on its own: read whatever its name, if it is a regular file."""
    real = Path(os.path.realpath(path))
    return _checked(InputFile(os.fspath(path), real, path.name))


def _folder_inputs(folder: Path, roots: list[Path], excluded: list[Path]) -> tuple[list[InputFile], list[str]]:
    """Return the inputs found under ``folder``, and the display names of the other files there (skipped), each
    sorted by path."""
    found, skipped = [], []
    for relative, wanted in sorted(_walk(folder, roots, excluded), key=lambda pair: pair[0].split("/")):
        name = (folder / relative).as_posix() if os.fspath(folder) not in ("", ".") else relative
        real = Path(os.path.realpath(folder / relative))
        if not wanted:
            skipped.append(name)
        elif not _inside(real, roots):
            found.append(InputFile(name, folder / relative, relative, refused="a symbolic link to a file outside "
                                   "the input folders; links are followed only inside them"))
        else:
            found.append(_checked(InputFile(name, real, relative)))
    return found, skipped


def _walk(folder: Path, roots: list[Path], excluded: list[Path]) -> Iterator[tuple[str, bool]]:
    """Yield the path (relative to ``folder``, with ``/``) of each file under it, and whether it is a legacy file
    to convert; following links to folders only inside ``roots`` and each real folder once, and passing over
    hidden files and folders, lock and resource files, and what is ``excluded``."""
    visited: set[Path] = set()
    stack = [("", Path(os.path.realpath(folder)))]
    while stack:
        prefix, real = stack.pop()
        if real in visited or any(_inside(real, [ex]) for ex in excluded):
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(real), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if _passed_over(entry):
                continue
            if _is_folder(entry):
                target = Path(os.path.realpath(entry.path))
                if _inside(target, roots):
                    stack.append((relative + "/", target))
            elif Path(os.path.realpath(entry.path)) not in excluded:
                yield relative, _wanted(entry.name)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _wanted(name: str) -> bool:
    """Return whether a file found in a folder is of a kind converted (``.docx``, ``.csv``, ``.xlsx``)."""
    return name.lower().endswith(SUFFIXES)


def _passed_over(entry: os.DirEntry) -> bool:
    """Return whether a folder entry is left out silently: hidden (a name starting with ``.``, or the hidden or
    system attribute on Windows), a Word lock file (``~$…``) or a macOS resource file (``._…``)."""
    if entry.name.startswith((".", "~$")):
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & (getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0) | getattr(stat, "FILE_ATTRIBUTE_SYSTEM", 0)))


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _checked(entry: InputFile) -> InputFile:
    """Return ``entry`` with its size, or refused if it is not a regular file or is too large to read."""
    try:
        info = os.stat(entry.path)
    except OSError as error:
        return replace(entry, refused=f"cannot be read ({error.strerror or error})", refused_as=Status.UNREADABLE)
    if not stat.S_ISREG(info.st_mode):
        return replace(entry, refused="not a regular file (a device, pipe or socket); only files are read",
                       refused_as=Status.UNREADABLE)
    if info.st_size > MAX_FILE_BYTES:
        return replace(entry, size=info.st_size, refused=f"the file is {info.st_size:,} bytes; a legacy plan is "
                       f"read only up to {MAX_FILE_BYTES:,} bytes")
    return replace(entry, size=info.st_size)


# -- output names ------------------------------------------------------------------------------------------------


def safe_name(text: str, *, limit: int = _NAME_LIMIT) -> str:
    """Return ``text`` as a file-name part: ASCII letters, digits and single ``_``, any other run as one ``-``; at
    most ``limit`` characters, starting and ending with a letter or digit; never a reserved Windows device name
    (``x`` stands in for nothing usable). So no part holds ``__``, nor can two parts joined with ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _UNDERSCORES.sub("_", _NOT_NAME.sub("-", ascii_text)).strip("-_")[:limit].strip("-_") or "x"
    return f"x-{name}" if name.lower() in _RESERVED else name


def base_stem(relative: str) -> str:
    """Return the output name of an input from its path inside its folder: each folder and the file's name (less
    its extension) made safe (:func:`safe_name`) and joined with ``_``; ``a/b/Plan 1.docx`` gives ``a_b_Plan-1``."""
    parts = relative.split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return "_".join(safe_name(part) for part in parts)[:_STEM_LIMIT].strip("_-") or "x"


def output_stems(inputs: list[tuple[str, str]]) -> list[str]:
    """Return the output name of each input, given as (relative path, SHA-256), in order: unique ignoring case. Inputs
    whose base names clash each get ``-`` and the first 8 digits of their hash; a clash that remains (the same
    name and hash prefix) gets ``-2``, ``-3``… in input order. The same inputs always give the same names."""
    bases = [base_stem(relative) for relative, _ in inputs]
    clashes = Counter(base.casefold() for base in bases)
    stems = [f"{base}-{digest[:8] or 'x'}" if clashes[base.casefold()] > 1 else base
             for base, (_, digest) in zip(bases, inputs)]
    return _numbered(stems)


def _numbered(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Return ``names`` with ``-2``, ``-3``… added to each repeat (ignoring case), in order."""
    used = set(taken or ())
    out = []
    for name in names:
        candidate, number = name, 1
        while candidate.casefold() in used:
            number += 1
            candidate = f"{name}-{number}"
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def plan_stems(stem: str, sources: list[str]) -> list[str]:
    """Return the output names of the plans converted from one input: the input's own name for a Word file;
    ``<name>__<plan reference>`` for each row of an export (its source is ``export.csv#REF``)."""
    names = [f"{stem}__{safe_name(source.rsplit('#', 1)[1])}" if "#" in source else stem for source in sources]
    return _numbered(names)


__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "InputFile",
    "Scan",
    "base_stem",
    "find_inputs",
    "output_stems",
    "plan_stems",
    "safe_name",
    "scan_inputs",
]
