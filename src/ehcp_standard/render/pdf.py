"""PDF through LibreOffice in headless mode: ``soffice --headless --convert-to pdf``.

A source file that cannot be converted is reported with LibreOffice's own message; the same runner converts to
other formats (``convert_with_libreoffice``), e.g. to re-save a .docx the way another system would.

Each conversion uses its own temporary LibreOffice user profile (``-env:UserInstallation=file:///…``), so runs in
parallel do not fight over one profile, and a timeout, so a stuck conversion cannot hang a batch.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import PdfConversionError

#: Seconds a single conversion may take.
DEFAULT_TIMEOUT = 180
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = (
    "LibreOffice is needed to make a PDF, but neither 'soffice' nor 'libreoffice' is on the PATH; install it "
    "(Debian or Ubuntu: apt-get install libreoffice-writer-nogui) or render to .docx only"
)


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` program, or ``None`` if it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(docx_path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None, *,
                   timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert the .docx at ``docx_path`` to PDF in ``out_dir`` (default: beside it); return the PDF's path.

    Raises ``PdfConversionError`` if LibreOffice is not installed, fails, times out or writes no PDF.
    """
    return convert_with_libreoffice(docx_path, out_dir, "pdf", timeout=timeout)


def convert_with_libreoffice(source_path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None,
                             target: str, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``source_path`` with LibreOffice to the format ``target`` (a file extension, optionally with a
    filter: ``"pdf"``, ``"docx:MS Word 2007 XML"``) in ``out_dir`` (default: beside it); return the new file."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfConversionError(INSTALL_HINT)
    source = Path(source_path).resolve()
    target_dir = Path(out_dir).resolve() if out_dir is not None else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ehcp-soffice-") as profile:
        _run(_command(soffice, source, target_dir, Path(profile), target), source, timeout)
    written = target_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    if not written.is_file():
        raise PdfConversionError(f"LibreOffice finished but wrote nothing for {source} (expected {written})")
    return written


def _command(soffice: str, source: Path, target_dir: Path, profile: Path, target: str) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(target_dir),
        str(source),
    ]


def _run(command: list[str], source: Path, timeout: float) -> None:
    """Run LibreOffice in its own process group, so that on a timeout the whole group (soffice starts helper
    processes) is killed, not just the first process."""
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    except OSError as error:
        raise PdfConversionError(f"LibreOffice could not be started ({error})") from error
    with process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            _kill_group(process)
            raise PdfConversionError(f"LibreOffice took more than {timeout:g} seconds converting {source}") from error
    if process.returncode != 0:
        detail = (stderr or stdout).strip()[-500:]
        raise PdfConversionError(
            f"LibreOffice failed converting {source} (exit status {process.returncode}): {detail or 'no message'}"
        )


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):  # no process groups (Windows), or gone
        process.kill()
    process.communicate()
