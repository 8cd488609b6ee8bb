"""Fuzzing the decoding entry point: whatever the bytes, `decode` returns clean audio or one TalkratioError.

Inputs are random bytes under audio names, and valid WAV/MP3/FLAC/Opus/AAC files with bytes
overwritten, runs deleted or the tail cut off (most damage is aimed at the headers, where a
parser trusts what it reads). Derandomized, so CI runs the same bounded set every time;
TALKRATIO_FUZZ_EXAMPLES=5000 explores further with fresh random inputs.
"""
from __future__ import annotations

import itertools
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkratio.audio import MIN_DURATION_S, decode
from talkratio.errors import TalkratioError
from test_audio import encode

EXAMPLES = int(os.environ.get("TALKRATIO_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="TALKRATIO_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SEEDS = {  # name → (codec, rate, channels); one second each, so a whole example decodes in milliseconds
    "s16.wav": ("pcm_s16le", 16000, 1),
    "f32.wav": ("pcm_f32le", 22050, 1),
    "a.mp3": ("libmp3lame", 44100, 1),
    "b.flac": ("flac", 44100, 2),
    "c.ogg": ("libopus", 48000, 1),
    "d.m4a": ("aac", 48000, 2),
}
_counter = itertools.count()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    return {name: encode(folder / name, *spec, seconds=1.0).read_bytes() for name, spec in SEEDS.items()}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def check(path) -> None:
    """The property: success means finite float32 audio of a sane length; failure means one clean line."""
    try:
        audio = decode(path)
    except TalkratioError as err:
        line = str(err)
        assert line.startswith(f"{path}: ") and "\n" not in line, line
        return
    finally:
        path.unlink(missing_ok=True)
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 2
    assert np.isfinite(audio.samples).all(), "NaN/inf reached the models"
    assert MIN_DURATION_S <= audio.info.duration_s < 60  # no seed is longer than a second; 60 s means inflation


def _name(ext: str) -> str:
    return f"{next(_counter)}{ext}"


@FUZZ
@given(data=st.binary(min_size=1, max_size=4096),
       ext=st.sampled_from([".wav", ".mp3", ".flac", ".ogg", ".m4a", ".mp4", ".webm", ".bin"]))
def test_random_bytes(scratch, data, ext):
    path = scratch / _name(ext)
    path.write_bytes(data)
    check(path)


_edit = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 2**16), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("cut"), st.integers(0, 2**16), st.integers(1, 64)),
    st.tuples(st.just("end"), st.integers(0, 2**16), st.just(0)),
)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), edits=st.lists(_edit, min_size=1, max_size=8),
       header_bias=st.booleans())
def test_mutated_headers(seeds, scratch, seed, edits, header_bias):
    data = bytearray(seeds[seed])
    for op, pos, arg in edits:
        if not data:
            break
        # header_bias: the first 256 bytes, where RIFF/fmt, ID3, STREAMINFO and Ogg/MP4 headers live
        pos %= min(len(data), 256) if header_bias else len(data)
        if op == "set":
            data[pos:pos + len(arg)] = arg
        elif op == "cut":
            del data[pos:pos + arg]
        else:
            del data[pos:]
    path = scratch / _name(os.path.splitext(seed)[1])
    path.write_bytes(bytes(data))
    check(path)
