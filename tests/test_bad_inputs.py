"""The catalogue: every kind of input a phone, meeting app or dictaphone hands us, and what must happen.

Each case builds its input, runs `talkratio analyze` (or `models`) in-process and states the
outcome: a failure gives its exit code and the exact first line on stderr, and writes no
report; a success writes whole reports and nothing else. Cases that would need root's
powers taken away (permission denied, a read-only folder, a full disk) simulate the failing
system call at the boundary where the program meets it, and say so.

Most cases fail fast in decoding, or succeed with `--diarization rttm --no-transcript`, so no
model runs; the ones marked slow run the real models on short generated audio.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from typer.testing import CliRunner

from talkratio import models
from talkratio.cli import app
from talkratio.messages import t
from test_audio import encode

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed (apt-get install espeak-ng)")
SLOW = (pytest.mark.slow,)
SLOW_SPEECH = (pytest.mark.slow, needs_espeak)


# ---- audio made in the test -------------------------------------------------------------------

def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    """16-bit mono PCM; values outside [-1, 1] are clipped, as a recorder would."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def wav_header(rate: int, frames: int, *, tag: int = 1, bits: int = 16, channels: int = 1) -> bytes:
    """A canonical 44-byte RIFF/WAVE header, with whatever fields a damaged file might carry."""
    size = frames * channels * bits // 8
    fmt = struct.pack("<IHHIIHH", 16, tag, channels, rate, rate * channels * bits // 8, channels * bits // 8, bits)
    return b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE" + b"fmt " + fmt + b"data" + struct.pack("<I", size)


def speak(text: str, voice: str = "en+m3") -> tuple[np.ndarray, int]:
    """espeak-ng's rendering of `text` as float samples and their rate."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "say.wav"
        subprocess.run([ESPEAK, "-v", voice, "-s", "165", "-w", str(out), text], check=True, capture_output=True)
        with wave.open(str(out)) as w:
            rate, pcm = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.astype(np.float32) / 32768, rate


MONOLOGUE = ("Good morning everyone. Today I want to walk through the plan for the next quarter. "
             "We start with the budget, then hiring, and we finish with the timeline. "
             "I will send the summary to all of you by Friday.")
DIALOGUE = [
    ("en+m3", "Thanks for joining. How has the new project been going for you this week?"),
    ("en+f3", "Pretty well overall. The planning took longer than we expected, but the team is on track now."),
    ("en+m3", "What would help you most over the next month?"),
    ("en+f3", "More time with the customer, and a clear owner for the test plan."),
    ("en+m3", "Good. I will book the customer meeting by Friday."),
]


def monologue(path: Path, *, gain: float = 1.0, offset: float = 0.0) -> Path:
    samples, rate = speak(MONOLOGUE)
    return write_wav(path, samples * gain + offset, rate)


def dialogue(path: Path) -> Path:
    """Two espeak voices taking turns, half a second apart (about 20 s)."""
    parts = [speak(text, voice) for voice, text in DIALOGUE]
    rate = parts[0][1]
    gap = np.zeros(rate // 2, np.float32)
    return write_wav(path, np.concatenate([x for samples, _ in parts for x in (samples, gap)]), rate)


def music(path: Path, seconds: float = 20.0, rate: int = 16000) -> Path:
    """Chords with harmonics, a bass line and hi-hat noise: music, no voice."""
    t_ = np.arange(int(seconds * rate)) / rate
    beat = (t_ * 2).astype(int)  # 120 bpm
    roots = np.array([220.0, 174.6, 261.6, 196.0])[(beat // 4) % 4]
    envelope = np.exp(-3 * (t_ * 2 % 1))
    chord = sum(np.sin(2 * np.pi * roots * ratio * k * t_) / k for ratio in (1, 1.26, 1.5) for k in (1, 2, 3))
    bass = np.sin(2 * np.pi * roots / 2 * t_)
    hats = np.random.default_rng(7).normal(0, 1, t_.size) * np.exp(-40 * (t_ * 4 % 1))
    return write_wav(path, 0.08 * chord * envelope + 0.2 * bass + 0.05 * hats, rate)


def tone_wav(path: Path, seconds: float = 2.0, rate: int = 16000) -> Path:
    return write_wav(path, 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(seconds * rate)) / rate), rate)


# ---- running the command and stating outcomes ------------------------------------------------

@dataclass
class Fails:
    line: str                          # the exact first line on stderr
    out: Path | None = None            # where no report may appear (default: the case's out folder)


@dataclass
class Works:
    stem: str
    source: dict = field(default_factory=dict)               # expected report["source"] fields (floats: ±0.15)
    also: Callable[[dict], None] | None = None               # more checks on the JSON report
    out: Path | None = None


@dataclass
class Custom:
    check: Callable[[object], None]    # gets the CliRunner result


def error(message: str) -> str:
    return f"talkratio: error: {message}"


def outdir(d: Path) -> Path:
    return d / "out"


def analyze(d: Path, *args, fast: bool = True) -> list[str]:
    """`analyze` with the case's output folder; `fast` replaces both models with a given RTTM."""
    rttm = d / "turns.rttm"
    rttm.write_text("SPEAKER any 1 0.10 0.80 <NA> <NA> A <NA> <NA>\nSPEAKER any 1 1.00 0.80 <NA> <NA> B <NA> <NA>\n")
    models_off = ["--diarization", "rttm", "--rttm", str(rttm), "--no-transcript"] if fast else []
    return ["analyze", "-q", "--out", str(outdir(d)), *models_off, *map(str, args)]


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def reports_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def judge(d: Path, expect, code: int, result) -> None:
    if isinstance(expect, Custom):
        expect.check(result)
        return
    if isinstance(expect, Fails):
        assert result.exit_code == code, (result.exit_code, result.stderr, result.stdout)
        lines = stderr_lines(result)
        assert lines and lines[0] == expect.line, result.stderr
        assert len(lines) == 1, result.stderr
        assert reports_in(expect.out or outdir(d)) == []
        return
    assert result.exit_code == 0, (result.stderr, result.stdout, result.exception)
    out = expect.out or outdir(d)
    files = reports_in(out)
    assert sorted(p.name for p in files) == sorted([f"{expect.stem}.json", f"{expect.stem}.html"]), files
    report = json.loads((out / f"{expect.stem}.json").read_text(encoding="utf-8"))
    assert "</html>" in (out / f"{expect.stem}.html").read_text(encoding="utf-8")
    for key, value in expect.source.items():
        got = report["source"][key]
        assert got == pytest.approx(value, abs=0.15) if isinstance(value, float) else got == value, (key, got)
    if expect.also:
        expect.also(report)


CASES: list = []


def case(name: str, code: int = 0, marks=()):
    """Register a builder `(folder, monkeypatch) -> (argv, outcome)` under `name`."""
    def register(build):
        CASES.append(pytest.param(build, code, id=name, marks=marks))
        return build
    return register


@pytest.mark.parametrize("build, code", CASES)
def test_catalogue(tmp_path, monkeypatch, build, code):
    monkeypatch.setenv("TALKRATIO_DATA", str(tmp_path / "profiles"))  # never the user's enrolled voices
    argv, expect = build(tmp_path, monkeypatch)
    result = CliRunner().invoke(app, [str(a) for a in argv], env={"COLUMNS": "200"})
    judge(tmp_path, expect, code, result)


# ---- the file is not there, or not readable ---------------------------------------------------

@case("missing file", 2)
def _(d, mp):
    path = d / "missing.wav"
    return analyze(d, path), Fails(error(f"{path}: no such file"))


@case("folder with no recordings", 2)
def _(d, mp):
    folder = d / "empty.wav"  # a folder, whatever its name: analysed as a batch, and it holds nothing
    folder.mkdir()
    return analyze(d, folder), Fails(error(f"{folder}: is a folder with no recordings in it"))


@case("permission denied", 2)
def _(d, mp):
    path = tone_wav(d / "locked.wav")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: make the one open() the decoder does fail as the kernel would
        real_open = os.open

        def denying(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_open(file, *args, **kwargs)

        mp.setattr(os, "open", denying)
    return analyze(d, path), Fails(error(f"{path}: permission denied"))


@case("0-byte file", 2)
def _(d, mp):
    path = d / "empty.m4a"
    path.write_bytes(b"")
    return analyze(d, path), Fails(error(f"{path}: empty file (0 bytes)"))


@case("header-only WAV", 2)
def _(d, mp):
    path = d / "header.wav"
    path.write_bytes(wav_header(16000, 0))
    return analyze(d, path), Fails(error(f"{path}: too short to analyse (0.0 s of audio)"))


@case("WAV cut right after its header", 2)
def _(d, mp):
    path = d / "cut.wav"
    path.write_bytes(wav_header(16000, 3 * 16000))  # promises 3 s, holds none
    return analyze(d, path), Fails(error(f"{path}: too short to analyse (0.0 s of audio)"))


@case("truncated MP3 keeps what decodes")
def _(d, mp):
    path = encode(d / "cut.mp3", "libmp3lame", 44100, 1, seconds=4.0)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return analyze(d, path), Works("cut", {"duration_s": 2.0, "sample_rate": 44100})


@case("truncated FLAC keeps what decodes")
def _(d, mp):
    path = encode(d / "cut.flac", "flac", 44100, 2, seconds=4.0)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    def shorter(report):
        assert 0.5 < report["source"]["duration_s"] < 3.5

    return analyze(d, path), Works("cut", {"channels": 2}, also=shorter)


@case("MP3 cut inside its first frame", 2)
def _(d, mp):
    path = encode(d / "stub.mp3", "libmp3lame", 44100, 1)
    path.write_bytes(path.read_bytes()[:100])
    return analyze(d, path), Fails(error(f"{path}: not a readable audio or video file "
                                         "(invalid data found when processing input)"))


@case("FLAC cut inside its header", 2)
def _(d, mp):
    path = encode(d / "stub.flac", "flac", 44100, 1)
    path.write_bytes(path.read_bytes()[:100])
    return analyze(d, path), Fails(error(f"{path}: not a readable audio or video file (end of file)"))


def _random_bytes(ext: str, seed: int):
    def build(d, mp):
        path = d / f"noise{ext}"
        path.write_bytes(np.random.default_rng(seed).bytes(8192))
        return analyze(d, path), Fails(error(f"{path}: not a readable audio or video file "
                                             "(invalid data found when processing input)"))
    return build


for _ext, _seed in ((".wav", 1), (".mp3", 2), (".m4a", 3)):
    case(f"random bytes named {_ext}", 2)(_random_bytes(_ext, _seed))


@case("text file renamed .wav", 2)
def _(d, mp):
    path = d / "anteckningar.wav"
    path.write_text("Möte med Åsa\n- budget\n- rekrytering\n" * 20, encoding="utf-8")
    return analyze(d, path), Fails(error(f"{path}: not a readable audio or video file "
                                         "(invalid data found when processing input)"))


@case("PDF", 2)
def _(d, mp):
    path = d / "agenda.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                     b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return analyze(d, path), Fails(error(f"{path}: not a readable audio or video file "
                                         "(invalid data found when processing input)"))


@case("video without an audio track", 2)
def _(d, mp):
    import av

    path = d / "screen.mp4"
    with av.open(str(path), "w") as out:
        v = out.add_stream("mpeg4", rate=10)
        v.width, v.height, v.pix_fmt = 64, 48, "yuv420p"
        for _ in range(20):
            for packet in v.encode(av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")):
                out.mux(packet)
        for packet in v.encode(None):
            out.mux(packet)
    return analyze(d, path), Fails(error(f"{path}: has no audio track"))


@case("WAV whose header names no known codec", 2)
def _(d, mp):
    path = d / "odd.wav"
    path.write_bytes(wav_header(16000, 16000, bits=128) + bytes(32000))  # PCM with 128-bit samples
    return analyze(d, path), Fails(error(f"{path}: its audio track uses a codec that cannot be decoded"))


@case("WAV header claiming 1 Hz (would inflate to gigabytes)", 2)
def _(d, mp):
    path = d / "one-hertz.wav"
    path.write_bytes(wav_header(1, 16000) + bytes(32000))
    return analyze(d, path), Fails(error(f"{path}: sample rate 1 Hz is too low for a recording"))


@case("0.3 s of audio", 2)
def _(d, mp):
    path = tone_wav(d / "short.wav", seconds=0.3)
    return analyze(d, path), Fails(error(f"{path}: too short to analyse (0.3 s of audio)"))


# ---- formats that must work ------------------------------------------------------------------

@case("video with audio")
def _(d, mp):
    return analyze(d, encode(d / "call.mp4", "aac", 44100, 1, video=True)), \
        Works("call", {"duration_s": 2.0, "sample_rate": 44100, "channels": 1})


@case("8 kHz telephone audio (mu-law)")
def _(d, mp):
    return analyze(d, encode(d / "phone.wav", "pcm_mulaw", 8000, 1)), \
        Works("phone", {"duration_s": 2.0, "sample_rate": 8000, "channels": 1})


@case("48 kHz 6-channel")
def _(d, mp):
    return analyze(d, encode(d / "film.wav", "pcm_s16le", 48000, 6)), \
        Works("film", {"duration_s": 2.0, "sample_rate": 48000, "channels": 6})


@case("24-bit WAV")
def _(d, mp):
    return analyze(d, encode(d / "studio.wav", "pcm_s24le", 48000, 1)), \
        Works("studio", {"duration_s": 2.0, "sample_rate": 48000})


@case("float WAV")
def _(d, mp):
    return analyze(d, encode(d / "float.wav", "pcm_f32le", 44100, 1)), \
        Works("float", {"duration_s": 2.0, "sample_rate": 44100})


@case("float WAV holding NaN and inf")
def _(d, mp):
    samples = (0.3 * np.sin(2 * np.pi * 220 * np.arange(32000) / 16000)).astype("<f4")
    samples[::7], samples[3::11], samples[5::13] = np.nan, np.inf, -np.inf
    path = d / "damaged-float.wav"
    path.write_bytes(wav_header(16000, samples.size, tag=3, bits=32) + samples.tobytes())
    return analyze(d, path), Works("damaged-float", {"duration_s": 2.0})


# ---- what the models meet (slow: the real models on short generated audio) --------------------

def _no_speech(report):
    assert report["speakers"] == [] and report["metrics"]["speech_s"] == 0 and report["host"] is None
    assert all(score["explanation"] for score in report["scores"].values())


def _shares_add_up(report):
    shares = [s["talk_share"] for s in report["speakers"]]
    assert not shares or sum(shares) == pytest.approx(1.0, abs=0.01), shares
    assert all(score["explanation"] for score in report["scores"].values())


def _one_voice(report):
    (speaker,) = report["speakers"]
    assert report["host"] == speaker["id"] and speaker["talk_share"] == 1.0
    assert report["metrics"]["host_talk_share"] == 1.0
    assert report["scores"]["listening_balance"]["explanation"] == t(report["language"], "scores.lb.single")
    assert report["utterances"], "the words were lost"


@case("10 minutes of silence: a report with no speech", marks=SLOW)
def _(d, mp):
    path = write_wav(d / "silence.wav", np.zeros(600 * 16000, np.float32))
    return analyze(d, path, fast=False), Works("silence", {"duration_s": 600.0}, also=_no_speech)


@case("pure noise", marks=SLOW)
def _(d, mp):
    path = write_wav(d / "noise.wav", np.random.default_rng(5).normal(0, 0.1, 20 * 16000))
    return analyze(d, path, fast=False), Works("noise", {"duration_s": 20.0}, also=_shares_add_up)


@case("music only", marks=SLOW)
def _(d, mp):
    return analyze(d, music(d / "music.wav"), fast=False), Works("music", {"duration_s": 20.0}, also=_shares_add_up)


@case("a single speaker: host share 100 %, scores say why", marks=SLOW_SPEECH)
def _(d, mp):
    return analyze(d, monologue(d / "alone.wav"), fast=False), Works("alone", also=_one_voice)


@case("clipped speech", marks=SLOW_SPEECH)
def _(d, mp):
    return analyze(d, monologue(d / "clipped.wav", gain=12.0), fast=False), Works("clipped", also=_one_voice)


@case("speech on a DC offset", marks=SLOW_SPEECH)
def _(d, mp):
    return analyze(d, monologue(d / "dc.wav", gain=0.5, offset=0.45), fast=False), Works("dc", also=_one_voice)


# ---- file names ----------------------------------------------------------------------------

def _named(name: str):
    def build(d, mp):
        return analyze(d, tone_wav(d / name)), Works(Path(name).stem, {"duration_s": 2.0, "path": str(d / name)})
    return build


for _label, _name in (("spaces", "team meeting 14 march.wav"), ("Swedish letters", "möte med Åsa Öberg.wav"),
                      ("emoji", "🎙️ standup 😀.wav")):
    case(f"file name with {_label}")(_named(_name))


@case("leading dash after --")
def _(d, mp):
    tone_wav(d / "-x.wav")
    return [*analyze(d), "--", d / "-x.wav"], Works("-x", {"duration_s": 2.0})


@case("leading dash as ./-x.wav")
def _(d, mp):
    tone_wav(d / "-x.wav")
    mp.chdir(d)
    return [*analyze(d), "./-x.wav"], Works("-x", {"duration_s": 2.0})


@case("leading dash alone is an unknown option, never a file", 2)
def _(d, mp):
    tone_wav(d / "-x.wav")
    mp.chdir(d)

    def refused(result):
        assert result.exit_code == 2 and "No such option: -x" in result.stderr, result.stderr
        assert reports_in(outdir(d)) == []

    return [*analyze(d), "-x.wav"], Custom(refused)


@case("file name with [brackets] is printed as it is", 2)
def _(d, mp):
    path = d / "möte [utkast].wav"
    return analyze(d, path), Fails(error(f"{path}: no such file"))


@case("file name with [/] does not crash the error line", 2)
def _(d, mp):
    path = d / "a[/]b :smile:.wav"
    return analyze(d, path), Fails(error(f"{path}: no such file"))


# ---- the output folder ------------------------------------------------------------------------

@case("output folder that does not exist is created")
def _(d, mp):
    out = d / "reports" / "2025" / "march"
    return [*analyze(d, tone_wav(d / "x.wav")), "--out", out], Works("x", out=out)


@case("output folder below a file (cannot be made)", 5)
def _(d, mp):
    blocker = d / "reports"
    blocker.write_text("")
    out = blocker / "today"
    return [*analyze(d, tone_wav(d / "x.wav")), "--out", out], \
        Fails(error(f"{out}: cannot write here (Not a directory)"), out=out)


def _failing_mkstemp(mp, out: Path, code: int):
    """Creating a file in `out` fails as it would on a read-only folder or mount (root is never refused)."""
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == out:
            raise OSError(code, os.strerror(code), str(dir))
        return real(*args, dir=dir, **kwargs)

    mp.setattr(tempfile, "mkstemp", mkstemp)


@case("read-only output folder (simulated EROFS)", 5)
def _(d, mp):
    out = outdir(d)
    out.mkdir()
    _failing_mkstemp(mp, out, errno.EROFS)
    return analyze(d, tone_wav(d / "x.wav")), Fails(error(f"{out}: cannot write here (Read-only file system)"))


@case("output folder without write permission (simulated EACCES)", 5)
def _(d, mp):
    out = outdir(d)
    out.mkdir()
    _failing_mkstemp(mp, out, errno.EACCES)
    return analyze(d, tone_wav(d / "x.wav")), Fails(error(f"{out}: cannot write here (Permission denied)"))


def _writes_then(mp, out: Path, failure: BaseException):
    """Files written in `out` take half of what is written, then fail: a disk filling up, a Ctrl-C.
    At the system call (os.write), so named and unnamed temporary files alike (talkratio.io)."""
    real = os.write

    def write(fd, data):
        try:
            inside = Path(os.readlink(f"/proc/self/fd/{fd}")).parent == out
        except OSError:
            inside = False
        if not inside:
            return real(fd, data)
        real(fd, bytes(data[: len(data) // 2]))
        raise failure

    mp.setattr(os, "write", write)


@case("disk full while writing (simulated ENOSPC): no partial file", 5)
def _(d, mp):
    out = outdir(d)
    out.mkdir()
    _writes_then(mp, out, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    return analyze(d, tone_wav(d / "x.wav")), Fails(error(f"{out / 'x.json'}: could not be written "
                                                          "(No space left on device)"))


@case("interrupted while writing (Ctrl-C): no partial file", 130)
def _(d, mp):
    out = outdir(d)
    out.mkdir()
    _writes_then(mp, out, KeyboardInterrupt())
    return analyze(d, tone_wav(d / "x.wav")), \
        Fails("talkratio: interrupted — finished reports are kept, nothing half-written remains")


# ---- options --------------------------------------------------------------------------------

@case("unknown --language", 2)
def _(d, mp):
    return analyze(d, tone_wav(d / "x.wav"), "--language", "de"), \
        Fails(error("unsupported --language 'de' (choose from sv, en or auto)"))


@case("--num-speakers 0", 2)
def _(d, mp):
    return analyze(d, tone_wav(d / "x.wav"), "--num-speakers", "0"), \
        Fails(error("--num-speakers must be at least 1 (got 0)"))


@case("--min-speakers larger than --max-speakers", 2)
def _(d, mp):
    return analyze(d, tone_wav(d / "x.wav"), "--min-speakers", "3", "--max-speakers", "2"), \
        Fails(error("--min-speakers (3) is larger than --max-speakers (2)"))


# ---- the model cache (TALKRATIO_CACHE in tmp; the venv's files are only read) -----------------

@case("corrupted model cache is refused, not re-assembled", 3)
def _(d, mp):
    cache = d / "cache"
    mp.setenv("TALKRATIO_CACHE", str(cache))
    damaged = cache / "models" / "whisper-base" / "model.bin"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"half a download" * 1000)
    return ["models"], Fails(error(f"model 'whisper-base': {damaged} does not match its sha256 — refusing a "
                                   f"tampered or damaged file; delete it and run again to rebuild it from the "
                                   f"installed wheels"))


@case("damaged model wheel is refused", 3)
def _(d, mp):
    mp.setenv("TALKRATIO_CACHE", str(d / "cache"))
    entry = models.manifest()["whisper-base"]
    rel = entry["files"]["config.json"]["from"]
    copy = d / "config.json"
    copy.write_bytes(models._package_file(rel, "whisper-base").read_bytes().replace(b"\"", b"'", 1))
    real = models._package_file
    mp.setattr(models, "_package_file", lambda r, model: copy if r == rel else real(r, model))
    pins = " ".join(f"{p}=={v}" for p, v in entry["packages"].items())
    return ["models"], Fails(error(f"model 'whisper-base': config.json assembled from config.json fails its "
                                   f"checksum; reinstall: pip install --force-reinstall {pins}"))


# ---- a real full disk, where the machine allows a private tmpfs -----------------------------------

def test_a_real_full_disk_leaves_only_whole_files(tmp_path):
    """A 16 kB tmpfs in a private mount namespace (needs root and unshare; skipped elsewhere)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to mount a private tmpfs")
    wav, out = tone_wav(tmp_path / "x.wav"), tmp_path / "tiny"
    out.mkdir()
    rttm = tmp_path / "turns.rttm"
    rttm.write_text("SPEAKER any 1 0.10 0.80 <NA> <NA> A <NA> <NA>\n")
    script = (f"mount -t tmpfs -o size=16k tmpfs {out} || exit 99\n"
              f"{sys.executable} -m talkratio.cli analyze -q --out {out} --diarization rttm --rttm {rttm} "
              f"--no-transcript --format json,html,md,srt {wav}\n"
              f"echo rc=$?\nfor f in {out}/* {out}/.[!.]*; do [ -e \"$f\" ] && echo \"FILE $(basename $f)\" && "
              f"{sys.executable} -c 'import sys, json; p = sys.argv[1]; "
              f"json.load(open(p)) if p.endswith(\".json\") else open(p).read()' \"$f\" && echo OK; done\n")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    if result.returncode == 99 or "rc=" not in result.stdout:
        pytest.skip(f"cannot mount a private tmpfs here: {result.stderr.strip()[:200]}")
    assert "rc=5" in result.stdout, result.stdout + result.stderr
    first = stderr_lines(result)[0]
    assert first.startswith(error(f"{out}/x.")) and first.endswith(": could not be written (No space left on device)")
    files = [line[5:] for line in result.stdout.splitlines() if line.startswith("FILE ")]
    assert files and not any(f.endswith(".tmp") for f in files), files
    assert result.stdout.count("OK") == len(files)  # every file there is whole (the JSON parses)


# ---- a file name that is HTML ------------------------------------------------------------------

def test_a_file_name_that_is_html_stays_text_in_every_page(tmp_path):
    """A name may hold < > " ' & (only / and NUL are barred): the report and the folder index show it, inert."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self, page):
            super().__init__()
            self.tags, self.text = [], ""
            self.feed(page)

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text += data

    name = "<img src=x onerror=alert(1)> & \"Åsa's\" möte"
    folder = tmp_path / "recordings"
    folder.mkdir()
    tone_wav(folder / f"{name}.wav")
    argv = analyze(tmp_path, folder)
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "200", "TALKRATIO_DATA": str(tmp_path / "profiles")})
    assert result.exit_code == 0, (result.stderr, result.stdout)
    out = outdir(tmp_path)
    pages = [out / f"{name}.html", out / "index.html"]
    for page in pages:
        parsed = Tags(page.read_text(encoding="utf-8"))
        assert name in parsed.text, page  # shown as the text it is
        assert not [t for t, _ in parsed.tags if t == "img"], page
        assert not [k for _, attrs in parsed.tags for k in attrs if k.startswith("on")], page


def test_ensure_writable_checks_the_output_folder_before_any_work(tmp_path):
    """What `analyze` can call before a long analysis, so an unwritable --out fails in a second, not an hour."""
    from talkratio.errors import OutputError
    from talkratio.io import ensure_writable

    fresh = tmp_path / "a" / "b"
    ensure_writable(fresh)
    assert fresh.is_dir() and list(fresh.iterdir()) == []  # created, and the probe file is gone
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError) as caught:
        ensure_writable(tmp_path / "file" / "out")
    assert str(caught.value) == f"{tmp_path / 'file' / 'out'}: cannot write here (Not a directory)"
