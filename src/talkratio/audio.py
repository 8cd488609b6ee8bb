"""Decode any audio or video file to 16 kHz float32 with PyAV, once, for every stage.

Stereo stays stereo (the `channels` diarizer needs one speaker per channel); anything else
is mixed to mono, so a 6-channel film track costs no more memory than a phone call.
"""
from __future__ import annotations

import hashlib
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from . import paging
from .errors import InputError
from .io import open_input
from .progress import Hook, silent
from .schema import SAMPLE_RATE, Audio, AudioInfo

MIN_DURATION_S = 0.5  # shorter than this holds no analysable turn
MIN_SAMPLE_RATE = 4000  # below any real recording; a damaged header saying "1 Hz" would inflate a
                        # 30 kB file to gigabytes of 16 kHz samples


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    with open_input(path) as f:
        return _sha256_open(f, chunk)


def _sha256_open(f, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    while block := f.read(chunk):
        digest.update(block)
    return digest.hexdigest()


def decode(path: str | Path, hook: Hook = silent) -> Audio:
    """Read `path` (wav, flac, mp3, m4a, ogg/opus, the audio track of mp4/mkv/webm…).

    Only a regular file is opened (a FIFO named x.wav would block: io.open_input), once: the
    hash and the samples both come from that open file, so the path may vanish mid-run."""
    path = Path(path)
    with open_input(path, "an audio file") as raw:
        if os.fstat(raw.fileno()).st_size == 0:
            raise InputError(f"{path}: empty file (0 bytes)")
        sha256 = _sha256_open(raw)
        raw.seek(0)
        return _decode(path, raw, sha256, hook)


def _decode(path: Path, raw, sha256: str, hook: Hook) -> Audio:
    import av  # lazy: PyAV loads FFmpeg's libraries

    try:
        container = av.open(raw, metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as err:
        raise InputError(f"{path}: not a readable audio or video file ({_reason(err)})") from None
    with container:
        if not container.streams.audio:
            raise InputError(f"{path}: has no audio track")
        stream = container.streams.audio[0]
        if stream.codec_context is None:  # FFmpeg has no decoder for what the header claims
            raise InputError(f"{path}: its audio track uses a codec that cannot be decoded")
        channels = stream.codec_context.channels or 1
        rate = stream.codec_context.sample_rate or stream.rate or 0
        total = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else None
        layout = "stereo" if channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        expected = total or (container.duration / 1e6 if container.duration else None)
        buffer = _Buffer(2 if layout == "stereo" else 1, expected)
        try:
            with _ctrl_c_noted() as ctrl_c:
                for frame in container.decode(stream):
                    if frame.sample_rate < MIN_SAMPLE_RATE:
                        raise InputError(f"{path}: sample rate {frame.sample_rate} Hz is too low for a recording")
                    for out in resampler.resample(frame):
                        buffer.add(out.to_ndarray())
                    if ctrl_c:
                        raise ctrl_c[0]
                    if total and frame.time is not None:
                        hook("decode", completed=min(frame.time, total), total=total)
                for out in resampler.resample(None):
                    buffer.add(out.to_ndarray())
                if ctrl_c:
                    raise ctrl_c[0]
        except (av.FFmpegError, ValueError) as err:  # ValueError: PyAV's resampler, when a stream changes format
            if not buffer.n:  # nothing decodable at all; a damaged tail keeps what came before it
                raise InputError(f"{path}: cannot be decoded ({_reason(err)})") from None
    samples = buffer.samples()
    duration = samples.shape[1] / SAMPLE_RATE
    if duration < MIN_DURATION_S:
        raise InputError(f"{path}: too short to analyse ({duration:.1f} s of audio)")
    hook("decode", completed=duration, total=duration)
    info = AudioInfo(path=str(path), sha256=sha256, duration_s=round(duration, 3),
                     channels=channels, sample_rate=rate)
    return Audio(info=info, samples=samples)


@contextmanager
def _ctrl_c_noted() -> Iterator[list[BaseException]]:
    """While PyAV decodes, a Ctrl-C (or SIGTERM, signals.py) is noted as well as raised, and the decode
    loop raises it again.

    PyAV's Cython error check swallows a KeyboardInterrupt raised inside it: a batch interrupted
    while decoding ran on to the end (1 run in ~25 of the Ctrl-C test). Only where Python's own
    Ctrl-C handler is in place: the main thread, not a worker that ignores SIGINT, nor a caller
    with a handler of its own.
    """
    from .signals import Terminated, is_ours

    noted: list[BaseException] = []
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield noted
        return
    term = signal.getsignal(signal.SIGTERM)

    def note(signum, frame):
        noted.append(Terminated() if signum == signal.SIGTERM else KeyboardInterrupt())
        raise noted[-1]

    signal.signal(signal.SIGINT, note)
    if is_ours(term):
        signal.signal(signal.SIGTERM, note)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if is_ours(term):
            signal.signal(signal.SIGTERM, term)


class _Buffer:
    """Decoded samples in one file-backed array (talkratio.paging) sized from the header's duration,
    grown by half when it is short: a two-hour recording is held once, and not on the heap."""

    MAX_GUESS_S = 4 * 3600.0  # a damaged header's claim reserves no more than this
    RELEASE_SAMPLES = 60 * SAMPLE_RATE  # written pages are released after each minute of audio

    def __init__(self, channels: int, expected_s: float | None):
        guess = min(expected_s or 60.0, self.MAX_GUESS_S) + 1.0
        self.data = paging.empty((channels, int(guess * SAMPLE_RATE)))
        self.n = 0

    def add(self, block: np.ndarray) -> None:
        end = self.n + block.shape[1]
        if end > self.data.shape[1]:
            grown = paging.empty((self.data.shape[0], max(end, self.data.shape[1] * 3 // 2)))
            grown[:, : self.n] = self.data[:, : self.n]
            self.data = grown
        if not np.isfinite(block).all():  # a damaged float WAV holds NaN/inf, which poison every model
            block = np.nan_to_num(block, nan=0.0, posinf=0.0, neginf=0.0)
        self.data[:, self.n:end] = block
        if self.n // self.RELEASE_SAMPLES != end // self.RELEASE_SAMPLES:
            paging.release(self.data)
        self.n = end

    def samples(self) -> np.ndarray:
        return self.data[:, : self.n]


def _reason(err: Exception) -> str:
    text = getattr(err, "strerror", None) or str(err)
    return text.split(":")[0].strip().lower() if text else type(err).__name__
