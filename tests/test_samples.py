"""The committed demo recording and its truth agree, still fit the script, and can be rebuilt.

samples/ is made by samples/make_demo.py from samples/demo.yaml; these tests catch a script
edited without regenerating, a truth file that no longer describes the audio, and a demo
that stopped exercising what it was written to show.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from talkratio.audio import decode
from talkratio.schema import NEEDS_KEYS, SAMPLE_RATE

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DEMO = "möte-1on1-demo"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_demo", SAMPLES / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_demo = _load_generator()


def _truth(folder: Path = SAMPLES) -> dict:
    return json.loads((folder / f"{DEMO}.truth.json").read_text(encoding="utf-8"))


def _rttm(folder: Path = SAMPLES) -> dict[str, list[tuple[float, float]]]:
    regions: dict[str, list[tuple[float, float]]] = {}
    for row in (folder / f"{DEMO}.rttm").read_text(encoding="utf-8").splitlines():
        f = row.split()
        regions.setdefault(f[7], []).append((float(f[3]), float(f[3]) + float(f[4])))
    return regions


@pytest.fixture(scope="module")
def audio():
    return decode(SAMPLES / f"{DEMO}.m4a")


def test_the_file_name_keeps_its_swedish_letter():
    assert (SAMPLES / f"{DEMO}.m4a").is_file()
    assert "ö" in _truth()["id"] and _truth()["id"] == DEMO


def test_the_audio_is_as_long_as_the_truth_says(audio):
    assert audio.info.channels == 1
    assert abs(audio.info.duration_s - _truth()["duration_s"]) < 0.1
    assert (SAMPLES / f"{DEMO}.m4a").stat().st_size < 1_000_000


def test_speech_in_the_audio_is_where_the_truth_says(audio):
    """Loud inside the reference regions, near silent in the pauses between them."""
    x = audio.mono
    inside = np.zeros(len(x), dtype=bool)
    for regions in _rttm().values():
        for s, e in regions:
            inside[int(s * SAMPLE_RATE):int(e * SAMPLE_RATE)] = True
    speech_rms = np.sqrt(np.mean(x[inside] ** 2))
    pause_rms = np.sqrt(np.mean(x[~inside] ** 2))
    assert speech_rms > 5 * pause_rms  # about 20 here; truth shifted by 1 s gives about 1


def test_talk_times_are_the_union_of_the_reference_regions():
    truth = _truth()
    for speaker, regions in _rttm().items():
        assert make_demo.union_length(regions) == pytest.approx(truth["talk_time_s"][speaker], abs=0.01)


def test_shares_sum_to_one_and_the_host_listens_more_than_she_talks():
    truth = _truth()
    shares = truth["talk_share"]
    assert sum(shares.values()) == pytest.approx(1.0, abs=1e-3)
    assert shares[truth["host"]] < 0.5
    assert 0.55 <= 1 - shares[truth["host"]] <= 0.65


def test_the_demo_exercises_every_finding():
    truth = _truth()
    host = truth["host"]
    assert 80 <= truth["duration_s"] <= 110
    lines = truth["lines"]
    assert any(line.get("purpose") and line["s"] == host for line in lines[:4])
    kinds = {q["kind"] for q in truth["questions"]}
    assert {"open", "closed"} <= kinds
    assert {q.get("needs") for q in truth["questions"]} >= set(NEEDS_KEYS)
    steps = [s["kind"] for s in truth["next_steps"]]
    assert steps.count("concrete") >= 3 and "vague" in steps
    assert truth["concrete_next_steps"] is True
    assert any(b["start"] < a["end"] and a["s"] != b["s"] for a, b in zip(lines, lines[1:]))


def test_the_committed_truth_was_made_from_the_committed_script():
    yaml = pytest.importorskip("yaml")
    script = yaml.safe_load((SAMPLES / "demo.yaml").read_text(encoding="utf-8"))
    truth = _truth()
    assert [(l["s"], l["t"]) for l in truth["lines"]] == [(l["s"], l["t"]) for l in script["lines"]]
    assert truth["host"] == script["host"]


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_regenerating_reproduces_the_truth(tmp_path):
    pytest.importorskip("yaml")
    subprocess.run([sys.executable, str(SAMPLES / "make_demo.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    old, new = _truth(), _truth(tmp_path)
    assert new["duration_s"] == pytest.approx(old["duration_s"], abs=0.05)
    for speaker, seconds in old["talk_time_s"].items():
        assert new["talk_time_s"][speaker] == pytest.approx(seconds, abs=0.05)
    for a, b in zip(old["lines"], new["lines"], strict=True):
        assert (a["s"], a["t"]) == (b["s"], b["t"])
        assert b["start"] == pytest.approx(a["start"], abs=0.05)
    assert abs(decode(tmp_path / f"{DEMO}.m4a").info.duration_s - new["duration_s"]) < 0.1
