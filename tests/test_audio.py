"""Decoding: every container the issue names, any rate → 16 kHz, stereo kept, damage reported."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import av
import numpy as np
import pytest

from talkratio.audio import decode
from talkratio.errors import InputError
from talkratio.schema import SAMPLE_RATE


def tone(seconds: float, rate: int, channels: int) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    left = 0.3 * np.sin(2 * np.pi * 220 * t)
    right = 0.3 * np.sin(2 * np.pi * 440 * t)
    return np.stack([left, right][:channels] if channels <= 2 else [left] * channels).astype(np.float32)


def encode(path: Path, codec: str, rate: int = 44100, channels: int = 1, seconds: float = 2.0,
           video: bool = False) -> Path:
    """Write a short test file with PyAV (the same library the product decodes with)."""
    layout = {1: "mono", 2: "stereo", 6: "5.1"}[channels]
    with av.open(str(path), "w") as out:
        if video:
            v = out.add_stream("mpeg4", rate=10)
            v.width, v.height, v.pix_fmt = 64, 48, "yuv420p"
        a = out.add_stream(codec, rate=rate, layout=layout)
        fmt = a.codec_context.codec.audio_formats[0].name
        data = tone(seconds, rate, channels)
        if video:
            for i in range(int(seconds * 10)):
                frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 10 % 255, np.uint8), format="rgb24")
                for packet in v.encode(frame):
                    out.mux(packet)
        frame = av.AudioFrame.from_ndarray(data if fmt.endswith("p") else data.T.reshape(1, -1).copy(),
                                           format="flt" if not fmt.endswith("p") else "fltp", layout=layout)
        frame.sample_rate = rate
        resampler = av.AudioResampler(format=fmt, layout=layout, rate=rate)
        for f in resampler.resample(frame) + resampler.resample(None):
            for packet in a.encode(f):
                out.mux(packet)
        for packet in a.encode(None):
            out.mux(packet)
        if video:
            for packet in v.encode(None):
                out.mux(packet)
    return path


@pytest.mark.parametrize("name, codec, rate, channels", [
    ("möte.wav", "pcm_s16le", 8000, 1),          # telephone audio
    ("a.flac", "flac", 44100, 2),
    ("b.mp3", "libmp3lame", 44100, 1),
    ("c.m4a", "aac", 48000, 2),
    ("d.ogg", "libopus", 48000, 1),
    ("e 24bit.wav", "pcm_s24le", 48000, 1),
    ("f-float.wav", "pcm_f32le", 22050, 1),
    ("six.wav", "pcm_s16le", 48000, 6),           # 6 channels → mixed to mono
])
def test_formats_decode_to_16k(tmp_path, name, codec, rate, channels):
    audio = decode(encode(tmp_path / name, codec, rate, channels))
    assert audio.samples.dtype == np.float32
    assert audio.samples.shape[0] == (2 if channels == 2 else 1)
    assert abs(audio.info.duration_s - 2.0) < 0.1
    assert audio.info.sample_rate == rate and audio.info.channels == channels
    assert len(audio.info.sha256) == 64
    assert 0.1 < np.abs(audio.mono).max() < 2.0  # a 5.1 down-mix may sum past full scale


def test_stereo_channels_stay_apart(tmp_path):
    audio = decode(encode(tmp_path / "s.wav", "pcm_s16le", 16000, 2))
    left, right = np.abs(np.fft.rfft(audio.samples[0])), np.abs(np.fft.rfft(audio.samples[1]))
    hz = np.fft.rfftfreq(audio.samples.shape[1], 1 / SAMPLE_RATE)
    assert abs(hz[left.argmax()] - 220) < 2 and abs(hz[right.argmax()] - 440) < 2


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_audio_track_of_a_video(tmp_path, container):
    audio = decode(encode(tmp_path / f"v.{container}", "aac", 44100, 1, video=True))
    assert abs(audio.info.duration_s - 2.0) < 0.15


def test_truncated_file_keeps_what_decodes(tmp_path):
    path = encode(tmp_path / "cut.mp3", "libmp3lame", 44100, 1, seconds=4.0)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    audio = decode(path)
    assert 1.0 < audio.info.duration_s < 3.0


def test_too_short(tmp_path):
    with pytest.raises(InputError, match=r"too short to analyse \(0\.3 s"):
        decode(encode(tmp_path / "short.wav", "pcm_s16le", 16000, 1, seconds=0.3))


def test_header_only_wav(tmp_path):
    full = encode(tmp_path / "full.wav", "pcm_s16le", 16000, 1).read_bytes()
    (tmp_path / "header.wav").write_bytes(full[:44])
    with pytest.raises(InputError):
        decode(tmp_path / "header.wav")


def test_buffer_grows_past_a_header_that_claims_too_little():
    from talkratio.audio import _Buffer

    buf = _Buffer(2, expected_s=0.1)
    blocks = [np.full((2, SAMPLE_RATE), i, np.float32) for i in range(3)]
    for block in blocks:
        buf.add(block)
    assert np.array_equal(buf.samples(), np.concatenate(blocks, axis=1))


class SwallowingResampler:
    """PyAV's resampler, except that a Ctrl-C arriving inside it is swallowed, as PyAV's Cython
    error check was seen to do (the batch then ran on to the end)."""

    def __init__(self, **kwargs):
        self.real = REAL_RESAMPLER(**kwargs)

    def resample(self, frame):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)   # the handler runs here, inside "PyAV"
        except KeyboardInterrupt:
            pass
        return self.real.resample(frame)


REAL_RESAMPLER = av.AudioResampler


def test_ctrl_c_during_decoding_is_not_lost(tmp_path, monkeypatch):
    path = encode(tmp_path / "möte.wav", "pcm_s16le")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a terminal's Ctrl-C (CI may ignore it)
    try:
        monkeypatch.setattr(av, "AudioResampler", SwallowingResampler)
        with pytest.raises(KeyboardInterrupt):
            decode(path)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # put back as it was
    finally:
        signal.signal(signal.SIGINT, previous)
