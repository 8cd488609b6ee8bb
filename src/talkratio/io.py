"""Atomic file writes: a reader sees the old file or the whole new one, never half of it."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


def _temp_in(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file in `folder` (created if missing), or one clear OutputError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"{folder}: cannot write here ({err.strerror or err})") from None


def ensure_writable(folder: Path) -> None:
    """Fail before a long analysis, not after it: create `folder` and prove a file can be made in it."""
    fd, tmp = _temp_in(Path(folder), "talkratio-probe")
    os.close(fd)
    os.unlink(tmp)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    fd, tmp = _temp_in(path.parent, path.name)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; a report should get the usual mode
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as err:  # KeyboardInterrupt too: never leave a partial file behind
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{path}: could not be written ({err.strerror or err})") from None
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
