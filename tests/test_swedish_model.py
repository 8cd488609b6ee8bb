"""A Swedish meeting is heard by the Swedish model once one is downloaded, with every socket blocked.

The meeting is tests/data/meetings/sv-incheckning.yaml (two espeak voices, one question, one
assignment), rendered by ../shared/tools/synth_meeting.py into a temporary folder. Diarization
comes from its reference RTTM, so only Whisper runs. The "downloaded" KB-Whisper is the stand-in
hub's copy of the embedded base: the same weights, so this checks the plumbing, not accuracy.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import SHARED
from hubstub import StandInHub
from talkratio import models
from test_privacy import REPORT_STATE, assert_locked, guarded_python

SCRIPT = Path(__file__).parent / "data" / "meetings" / "sv-incheckning.yaml"
SYNTH = SHARED / "tools" / "synth_meeting.py"


@pytest.fixture(scope="module")
def incheckning(tmp_path_factory) -> tuple[Path, Path]:
    """(wav, rttm) of the Swedish check-in, rendered now (never committed)."""
    if not SYNTH.exists() or not shutil.which("espeak-ng"):
        pytest.skip("needs ../shared/tools/synth_meeting.py and espeak-ng")
    out = tmp_path_factory.mktemp("incheckning")
    subprocess.run([sys.executable, str(SYNTH), str(out), "--scripts", str(SCRIPT.parent), "--only", "sv-incheckning"],
                   check=True, capture_output=True, timeout=300)
    return out / "sv-incheckning.wav", out / "sv-incheckning.rttm"


ANALYZE = r'''
import os
from talkratio.cli import app
os.environ["NETGUARD_PHASE"] = {phase!r}
try:
    app(["analyze", {wav!r}, "--out", {out!r}, "-q", "--diarization", "rttm", "--rttm", {rttm!r}],
        prog_name="talkratio", standalone_mode=False)
except SystemExit as stop:
    assert not stop.code, stop.code
'''


@pytest.mark.slow  # real Whisper, twice (about a minute on 2 cores)
def test_a_swedish_meeting_goes_to_the_downloaded_swedish_model_offline(incheckning, tmp_path):
    wav, rttm = incheckning
    home = tmp_path / "home"   # guarded_python's HOME: its cache is home/.cache/talkratio
    cache = home / ".cache" / "talkratio"

    # 1. nothing downloaded: the multilingual base hears it, and the report says what to do
    result, attempts, state = guarded_python(tmp_path, ANALYZE.format(phase="before", wav=str(wav), out=str(tmp_path / "before"),
                                                                      rttm=str(rttm)) + REPORT_STATE, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert attempts == [] and assert_locked(state) is None
    before = json.loads((tmp_path / "before" / "sv-incheckning.json").read_text(encoding="utf-8"))
    assert before["language"] == "sv", before["models"]["language"]   # the held-out-style check-in: Swedish
    assert before["models"]["asr"].startswith("faster-whisper base ") and before["models"]["asr_choice"] == "default"
    assert before["models"]["asr_for_language"] is False
    advice = [n for n in before["notices"] if n["key"] == "asr.multilingual_sv"]
    assert advice and advice[0]["command"] == "talkratio models download kb-whisper-base"
    assert "8,7 %" in advice[0]["text"] and "52,1 %" in advice[0]["text"]
    html = (tmp_path / "before" / "sv-incheckning.html").read_text(encoding="utf-8")
    assert "<code>talkratio models download kb-whisper-base</code>" in html

    # 2. download through the loopback stand-in (the one command allowed to connect)
    old = os.environ.get("TALKRATIO_CACHE")
    os.environ["TALKRATIO_CACHE"] = str(tmp_path / "embedded")
    try:
        files = {f.name: f.path for f in models.model_files("whisper-base")}
    finally:
        os.environ.pop("TALKRATIO_CACHE") if old is None else os.environ.__setitem__("TALKRATIO_CACHE", old)
    with StandInHub(files, "KBLab/kb-whisper-base") as server:
        env = {**os.environ, "HF_ENDPOINT": server.endpoint, "HF_HOME": str(tmp_path / "hf"), "TALKRATIO_CACHE": str(cache)}
        got = subprocess.run([sys.executable, "-m", "talkratio.cli", "models", "download", "kb-whisper-base", "-q"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr

    # 3. the same meeting, every socket blocked: language id on the base, Swedish heard by kb-whisper-base
    result, attempts, state = guarded_python(tmp_path, ANALYZE.format(phase="after", wav=str(wav), out=str(tmp_path / "after"),
                                                                      rttm=str(rttm)) + REPORT_STATE, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert attempts == [], attempts
    assert_locked(state)
    after = json.loads((tmp_path / "after" / "sv-incheckning.json").read_text(encoding="utf-8"))
    assert after["language"] == "sv"
    assert after["models"]["asr"].startswith("faster-whisper kb-whisper-base (KBLab/kb-whisper-base@"), after["models"]
    assert after["models"]["asr_choice"] == "language" and after["models"]["asr_for_language"] is True
    assert not [n for n in after["notices"] if n["key"] == "asr.multilingual_sv"]
    assert after["settings"]["asr_by_language"] == {"sv": "kb-whisper-base"}
    # same weights behind both names: the same words (the plumbing changed, not the model)
    assert [u["text"] for u in after["utterances"]] == [u["text"] for u in before["utterances"]]
