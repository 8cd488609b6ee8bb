"""Decoded samples in an unnamed file in the cache folder, not on the heap.

Every stage reads the whole recording: 3.8 MB per minute of 16 kHz float32, 461 MB for two
hours. Held on the heap it made peak memory grow with the meeting's length. Backed by a file
the samples live in the kernel's page cache, which the system can reclaim, and `release()`
drops the process's resident copy as the stages read on. The file has no name (it is gone when
the process ends, crash included) and sits in the user's cache folder, on disk rather than in a
RAM-backed /tmp. Where no such file can be made the samples stay on the heap, as before.
"""
from __future__ import annotations

import mmap
import os
import tempfile
import time
from typing import Callable

import numpy as np

from .models import cache_dir
from .progress import Hook

RELEASE_EVERY_S = 1.0  # a stage re-reads at most this long's worth of pages from the page cache


def empty(shape: tuple[int, ...]) -> np.ndarray:
    """An uninitialised float32 array backed by an unnamed file (the heap when that fails)."""
    count = int(np.prod(shape))
    size = max(count, 1) * 4
    try:
        folder = cache_dir() / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as f:
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(f.fileno(), 0, size)  # a full disk fails here, not as a SIGBUS mid-decode
            else:
                f.truncate(size)
            mapped = mmap.mmap(f.fileno(), size)  # shared: dropped pages keep what was written
    except OSError:
        return np.empty(shape, np.float32)
    return np.frombuffer(mapped, np.float32, count=count).reshape(shape)


def mapping(array: np.ndarray) -> mmap.mmap | None:
    """The file mapping behind `array`, or None for an array on the heap."""
    base = array
    while base is not None and not isinstance(base, mmap.mmap):
        base = base.obj if isinstance(base, memoryview) else getattr(base, "base", None)
    return base


def release(array: np.ndarray) -> None:
    """Drop the process's resident pages of a file-backed array; reading it again pages them back in."""
    mapped = mapping(array)
    if mapped is not None and hasattr(mmap, "MADV_DONTNEED"):
        mapped.madvise(mmap.MADV_DONTNEED)


def releasing(hook: Hook, give_back: Callable[[], None]) -> Hook:
    """`hook`, also calling `give_back` (a `release()`) at most once a second while the stages report progress."""
    last = time.monotonic()

    def wrapped(step: str, completed: float | None = None, total: float | None = None) -> None:
        nonlocal last
        if time.monotonic() - last >= RELEASE_EVERY_S:
            give_back()
            last = time.monotonic()
        hook(step, completed=completed, total=total)

    return wrapped
