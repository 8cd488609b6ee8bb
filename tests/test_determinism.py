"""The same recording, analysed twice in fresh processes, gives the same report (apart from timings).

Over two minutes, so Whisper's pieces run side by side (one per core) and the order in which they
finish could show; the README's demo meeting twice in a row, so it needs nothing from ../shared.
If this fails after an upgrade or on a new machine, see kernels.py and requirements.lock; if the
words differ, whether anything samples (transcribe/whisper.py's TEMPERATURE).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from talkratio.audio import decode
from talkratio.schema import SAMPLE_RATE

DEMO = Path(__file__).resolve().parents[1] / "samples" / "möte-1on1-demo.m4a"


def first_difference(a, b, path: str = "") -> str | None:
    """Where two JSON values first differ ('transcript.words[12].text: …'), or None when equal."""
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'the first' if key in a else 'the second'}"
            if (found := first_difference(a[key], b[key], f"{path}.{key}")) is not None:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b))
                     if (d := first_difference(x, y, f"{path}[{i}]")) is not None), None)
    return None if a == b else f"{path}: {a!r} != {b!r}"


def test_first_difference_finds_one_changed_word():
    report = {"utterances": [{"text": "Vilka utmaningar har du?"}, {"text": "Vad kan jag göra?"}], "timings_s": {}}
    changed = json.loads(json.dumps(report))
    changed["utterances"][1]["text"] = "Man kan jag göra?"
    assert first_difference(report, json.loads(json.dumps(report))) is None
    assert first_difference(report, changed) == ".utterances[1].text: 'Vad kan jag göra?' != 'Man kan jag göra?'"
    assert first_difference({"a": [1, 2]}, {"a": [1]}) == ".a: 2 items != 1"
    assert first_difference({"a": 1}, {"b": 1}) == ".a: only in the first"
    assert first_difference({"p": 0.5}, {"p": None}) == ".p: 0.5 != None"


@pytest.fixture(scope="module")
def long_demo(tmp_path_factory) -> Path:
    """The demo meeting twice over (3 min 32 s): a WAV written with PyAV."""
    import av

    mono = decode(DEMO).mono
    twice = np.concatenate([mono, np.zeros(SAMPLE_RATE, dtype=mono.dtype), mono])
    path = tmp_path_factory.mktemp("long") / "möte-två-gånger.wav"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=SAMPLE_RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray((np.clip(twice, -1, 1) * 32767).astype(np.int16)[None, :],
                                           format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return path


def analyse_in_a_fresh_process(path: Path, out: Path) -> dict:
    subprocess.run([sys.executable, "-m", "talkratio.cli", "analyze", str(path), "--out", str(out), "-f", "json",
                    "--date", "2026-11-30", "--quiet"], check=True, timeout=900)
    report = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    report.pop("timings_s")
    return report


@pytest.mark.slow
def test_same_file_twice_gives_the_same_report(long_demo, tmp_path):
    from talkratio.transcribe.whisper import pieces
    from talkratio.schema import Turn

    first = analyse_in_a_fresh_process(long_demo, tmp_path / "1")
    second = analyse_in_a_fresh_process(long_demo, tmp_path / "2")
    turns = [Turn(t["speaker"], t["start"], t["end"]) for t in first["turns"]]
    assert len(pieces(first["source"]["duration_s"], turns)) >= 2, "too short to run Whisper in pieces"
    assert first["utterances"] and first["questions"], "nothing heard: the comparison would be empty"
    # the speakers' turns and the words first: the earliest stage that differs is the one to look at
    differences = [*(first_difference(first[k], second[k], f".{k}") for k in ("turns", "utterances")),
                   first_difference(first, second)]
    assert differences == [None, None, None]
