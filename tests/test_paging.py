"""File-backed samples: same values as the heap, no file left behind, resident memory given back."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from talkratio import paging
from talkratio.audio import decode
from talkratio.schema import Audio, AudioInfo

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")


def resident_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def file_backed(array: np.ndarray) -> bool:
    return paging.mapping(array) is not None


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TALKRATIO_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_arrays_live_in_an_unnamed_file(cache):
    array = paging.empty((2, 1000))
    array[:] = np.arange(2000, dtype=np.float32).reshape(2, 1000)
    assert file_backed(array)
    assert array.shape == (2, 1000) and array.dtype == np.float32
    assert list((cache / "tmp").iterdir()) == []  # nothing with a name: a crash leaves no recording on disk
    assert array[1, 999] == 1999


def test_the_heap_when_no_file_can_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TALKRATIO_CACHE", str(blocker / "cache"))
    array = paging.empty((3,))
    assert not file_backed(array) and array.shape == (3,)


@linux_only
def test_release_gives_resident_memory_back_and_keeps_the_values(cache):
    array = paging.empty((64 * 1024 * 1024 // 4,))   # 64 MB
    before = resident_mb()
    array[:] = 0.5
    filled = resident_mb()
    assert filled - before > 48
    paging.release(array)
    assert filled - resident_mb() > 48
    assert float(array[::4096].min()) == 0.5 and float(array[-1]) == 0.5   # read back from the page cache


def test_release_of_a_heap_array_does_nothing():
    array = np.ones(10, np.float32)
    paging.release(array)
    assert array.sum() == 10


def test_releasing_hook_passes_every_event_on_and_releases_at_most_once_a_second(monkeypatch):
    clock = iter([0.0, 0.5, 1.2, 1.3, 2.0, 2.4, 2.5])  # made; each event's check (+ the time after a release)
    monkeypatch.setattr(paging.time, "monotonic", lambda: next(clock))
    seen, released = [], []
    hook = paging.releasing(lambda step, completed=None, total=None: seen.append((step, completed, total)),
                            lambda: released.append(1))
    for i in range(4):
        hook("diarize", completed=i, total=4)
    assert seen == [("diarize", i, 4) for i in range(4)]
    assert len(released) == 2   # at 1.2 s and 2.4 s; not at 0.5 s, nor at 2.0 s (0.7 s after the first)


def test_stereo_mix_is_file_backed_and_exact(cache):
    samples = paging.empty((2, 16000))
    samples[0], samples[1] = 0.25, -0.75
    audio = Audio(AudioInfo("x.wav", "0", 1.0, 2, 16000), samples)
    assert file_backed(audio.mono) and np.allclose(audio.mono, -0.25)
    audio.release()
    assert np.allclose(audio.mono, -0.25)


def test_decoded_samples_are_file_backed(cache, tmp_path):
    import wave

    path = tmp_path / "tone.wav"
    t = np.arange(16000 * 2) / 16000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((np.sin(2 * np.pi * 440 * t) * 16000).astype(np.int16).tobytes())
    audio = decode(path)
    assert file_backed(audio.mono) and audio.mono.shape == (32000,)
    assert abs(float(np.abs(audio.mono).max()) - 16000 / 32768) < 1e-3
