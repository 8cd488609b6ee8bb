"""SIGTERM — what `timeout`, systemd and docker send — stops a run the way Ctrl-C does.

Python turns SIGINT into KeyboardInterrupt, which every clean-up here already handles (atomic
writes remove their fragment, a batch keeps what finished and ends its workers); SIGTERM kills
the process outright by default, mid-write. `handle_sigterm` makes it raise `Terminated`, a
KeyboardInterrupt, so the same clean-up runs; the command then exits 143 (128 + 15).
"""
from __future__ import annotations

import signal
import threading


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C's KeyboardInterrupt would be."""

    exit_code = 143


def _terminate(signum, frame):
    raise Terminated()


def handle_sigterm() -> None:
    """In the main thread, unless the caller installed a SIGTERM handler of its own."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (
            signal.SIG_DFL, None, _terminate):
        signal.signal(signal.SIGTERM, _terminate)


def is_ours(handler) -> bool:
    return handler is _terminate
