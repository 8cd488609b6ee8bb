"""The real pipeline on real audio: offline models, quality thresholds on ../shared/corpus."""
from __future__ import annotations

import os
import socket

import pytest

from corpus import REAL, SCRIPTED, der, need, share_errors_pp, truth
from talkratio.diarize.rttm import read_rttm
from talkratio.pipeline import Analyzer, Options

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def full():
    """One Analyzer with both models loaded, shared by the tests below (loading costs seconds)."""
    return Analyzer(Options())


def _reference_talk_time(rttm, speaker):
    from talkratio.metrics import union

    return sum(e - s for s, e in union((t.start, t.end) for t in rttm if t.speaker == speaker))


def test_sample_der_and_talk_time(full):
    wav = need(REAL / "sample.wav")
    full.options = Options(num_speakers=2)
    report = full.analyze(wav)
    error = der(REAL / "sample.rttm", report.turns)
    assert error <= 0.03, f"DER {error:.1%}"
    ref = read_rttm(REAL / "sample.rttm")
    ref_times = sorted(_reference_talk_time(ref, s) for s in {t.speaker for t in ref})
    hyp_times = sorted(s.talk_time_s for s in report.speakers)
    assert len(hyp_times) == 2
    for r, h in zip(ref_times, hyp_times):
        assert abs(r - h) <= 1.0, (ref_times, hyp_times)
    assert report.language == "en"
    assert "ask not" not in report.utterances[0].text  # a sanity check that words are this file's
    assert sum(len(u.words) for u in report.utterances) > 40


@pytest.mark.parametrize("meeting", ["en-1on1-monologue", "en-discovery-good", "sv-1on1-blandat"])
def test_scripted_two_speaker_share_with_count(meeting):
    t = truth(meeting)
    analyzer = Analyzer(Options(num_speakers=len(t["talk_share"]), transcript=False))
    report = analyzer.analyze(need(SCRIPTED / f"{meeting}.wav"))
    errors = share_errors_pp(report, t, SCRIPTED / f"{meeting}.rttm")
    assert max(errors.values()) <= 3.0, errors


def test_stereo_channels_backend():
    t = truth("en-discovery-good")
    report = Analyzer(Options(diarization="channels", transcript=False)).analyze(
        need(SCRIPTED / "en-discovery-good-stereo.wav"))
    assert report.source.channels == 2
    errors = share_errors_pp(report, t, SCRIPTED / "en-discovery-good.rttm")
    assert max(errors.values()) <= 1.0, errors


def test_no_network_during_a_full_analysis(full, monkeypatch):
    """Any attempt to open a connection fails the test; the analysis must not need one."""
    attempts = []

    def guard(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network blocked by test: {address}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: guard(None, a))
    full.options = Options(num_speakers=2)
    report = full.analyze(need(REAL / "sample.wav"))
    assert report.utterances and attempts == []
    from pyannote.audio.telemetry.metrics import is_metrics_enabled

    assert not is_metrics_enabled()
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_a_short_one_voice_clip_prints_nothing_but_the_result(tmp_path):
    """A 4 s Common Voice clip leaves pyannote's clustering nothing to average; numpy's warnings about
    it must not reach the user's terminal (a quiet run prints nothing on stderr)."""
    import subprocess
    import sys

    clip = need(REAL / "sv" / "common_voice_sv-SE_18711295.wav")
    result = subprocess.run([sys.executable, "-m", "talkratio.cli", "analyze", str(clip), "--out", str(tmp_path),
                             "-q", "--format", "json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    assert (tmp_path / f"{clip.stem}.json").is_file()
