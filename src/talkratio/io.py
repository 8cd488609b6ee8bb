"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

The bytes go to an unnamed file in the target's folder (O_TMPFILE): a `kill -9` while writing
leaves nothing behind, and no other program can open a half-written report — with its full
transcript — by name. Only once the bytes are on disk does the file get a name, for the
microseconds between link and rename. That name, and the named temporary file used where the
filesystem has no O_TMPFILE, is in talkratio's own namespace (`.<name>.<8 chars>.talkratio.tmp`)
and locked by its writer, so `sweep_fragments` removes only fragments a dead talkratio left:
never a user's file, never a live writer's.
"""
from __future__ import annotations

import os
import re
import secrets
import stat
import tempfile
from pathlib import Path

from .errors import InputError, OutputError

try:
    import fcntl
except ImportError:  # Windows: no flock; fragments there are only ever removed by their writer
    fcntl = None

SUFFIX = ".talkratio.tmp"
FRAGMENT = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.talkratio\.tmp$")
_UMASK = os.umask(0)
os.umask(_UMASK)
_LINKABLE = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
_UNLINKABLE_DEVICES: set[int] = set()   # filesystems that make unnamed files but cannot name them (overlayfs: EXDEV)


def _temp_in(folder: Path, name: str) -> tuple[int, str]:
    """A new named temporary file in `folder` (created if missing), or one clear OutputError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{name}.", suffix=SUFFIX, dir=folder)
    except OSError as err:
        raise OutputError(f"{folder}: cannot write here ({err.strerror or err})") from None


def ensure_writable(folder: Path) -> None:
    """Fail before a long analysis, not after it: create `folder` and prove a file can be made in it."""
    fd, tmp = _temp_in(Path(folder), "talkratio-probe")
    os.close(fd)
    os.unlink(tmp)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _unnamed(folder: Path) -> int | None:
    """An unnamed file in `folder`, or None where the filesystem cannot make (or later name) one."""
    if not _LINKABLE:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    if os.fstat(fd).st_dev in _UNLINKABLE_DEVICES:
        os.close(fd)
        return None
    return fd


def _write_all(fd: int, data: bytes) -> None:
    _lock(fd)  # a sweeper in another process leaves a locked fragment alone
    os.fchmod(fd, 0o666 & ~_UMASK)  # a temporary file is 0600; a report should get the usual mode
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _named(fd: int, folder: Path, name: str) -> str | None:
    """Give the unnamed file a fragment's name, or None where this filesystem refuses (it is then remembered)."""
    tmp = str(folder / f".{name}.{secrets.token_hex(4)}{SUFFIX}")
    try:
        os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
        return tmp
    except OSError:
        _UNLINKABLE_DEVICES.add(os.fstat(fd).st_dev)
        return None


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    tmp: str | None = None
    fd = _unnamed(path.parent)
    try:
        if fd is not None:
            _write_all(fd, data)
            tmp = _named(fd, path.parent, path.name)  # named only now that the bytes are on disk
            if tmp is None:
                os.close(fd)
                fd = None
        if tmp is None:  # no unnamed files here: a named, locked fragment in our namespace
            fd, tmp = _temp_in(path.parent, path.name)
            _write_all(fd, data)
        os.replace(tmp, path)
        tmp = None
    except BaseException as err:  # KeyboardInterrupt and SIGTERM too: never leave a partial file behind
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"{path}: could not be written ({err.strerror or err})") from None
        raise
    finally:
        if fd is not None:
            os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def sweep_fragments(folder: Path, recursive: bool = False) -> list[Path]:
    """Remove the temporary files a killed talkratio left in `folder`: only names in our namespace,
    only regular files (no link followed), only when no live writer holds their lock. Returns them."""
    removed = []
    try:
        candidates = list(Path(folder).rglob(f"*{SUFFIX}") if recursive else Path(folder).glob(f".*{SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        if not FRAGMENT.match(path.name) or fcntl is None:
            continue
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(path, follow_symlinks=False).st_ino == st.st_ino:  # still the file we locked
                os.unlink(path)
                removed.append(path)
        except OSError:
            continue  # locked by a live writer, or gone already
        finally:
            os.close(fd)
    return removed


def open_state(path: Path, flags: int) -> int:
    """Open a file of talkratio's own state without following a link someone planted there."""
    return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)


def read_state(path: Path) -> str:
    """A state file's text, refusing a symbolic link (OSError, like a missing file)."""
    fd = open_state(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        return f.read().decode("utf-8")


def open_input(path: Path, what: str = "file", error: type[InputError] = InputError):
    """Open an input for reading, only if it is a regular file: a FIFO, a device or a socket named
    x.wav would block or never end. Opened non-blocking (a FIFO's open returns at once), checked
    with fstat on the open file, then switched back to blocking reads. Otherwise `error`, an InputError
    whose stage names the input (a transcript's is TranscriptError)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not {what}") from None
    except PermissionError:
        raise error(f"{path}: permission denied") from None
    except OSError as err:
        raise error(f"{path}: cannot be read ({err.strerror or err})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise error(f"{path}: is a folder, not {what}")
        raise error(f"{path}: not a regular file (a pipe, device or socket cannot be analysed)")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def visible_files(folder: Path, skip_dirs: set[Path] = frozenset()):
    """Every file under `folder` that a folder run looks at: hidden files and folders (and `skip_dirs`,
    resolved) left out. Shared by the run (batch/discovery.py) and the checks before it (preflight.py)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and Path(dirpath, d).resolve() not in skip_dirs]
        yield from (Path(dirpath, name) for name in filenames if not name.startswith("."))
