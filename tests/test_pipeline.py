"""The pure half and the glue, with fake backends: attribution, report JSON, exports, atomic writes."""
from __future__ import annotations

import json
import wave

import numpy as np
import pytest

from fixtures import sample_report
from talkratio.attribute import UNKNOWN, assign_speakers, group_utterances
from talkratio.diarize import exclusive_view
from talkratio.diarize.fake import FakeDiarizer
from talkratio.diarize.rttm import read_rttm
from talkratio.errors import OutputError
from talkratio.exports import to_rttm, to_srt, to_vtt
from talkratio.io import atomic_write_text
from talkratio.pipeline import Analyzer, Options
from talkratio.report import from_dict, to_dict
from talkratio.schema import Turn, Word
from talkratio.transcribe.fake import FakeTranscriber


def words(*spec):
    return [Word(f" {text}", start, end, 0.9) for text, start, end in spec]


def test_words_go_to_the_turn_they_overlap_most():
    turns = [Turn("A", 0.0, 2.0), Turn("B", 2.0, 4.0)]
    ws = assign_speakers(words(("hej", 0.1, 0.5), ("på", 1.8, 2.3), ("dig", 2.5, 3.0)), turns)
    assert [w.speaker for w in ws] == ["A", "B", "B"]  # "på": 0.2 s in A, 0.3 s in B


def test_words_in_gaps_take_the_nearest_turn_or_unknown():
    turns = [Turn("A", 0.0, 1.0), Turn("B", 5.0, 6.0)]
    ws = assign_speakers(words(("ja", 1.2, 1.4), ("nej", 4.5, 4.8), ("mitt", 2.8, 3.0)), turns)
    assert [w.speaker for w in ws] == ["A", "B", UNKNOWN]


def test_utterances_split_at_speaker_changes_and_long_pauses():
    ws = [Word(" a", 0, 0.5, 1, "A"), Word(" b", 0.6, 1.0, 1, "A"), Word(" c", 3.0, 3.4, 1, "A"),
          Word(" d", 3.5, 3.9, 1, "B")]
    us = group_utterances(ws)
    assert [(u.speaker, u.text) for u in us] == [("A", "a b"), ("A", "c"), ("B", "d")]


def test_exclusive_view_gives_overlaps_to_the_longer_turn():
    turns = [Turn("A", 0.0, 10.0), Turn("B", 4.0, 4.6), Turn("B", 9.0, 12.0)]
    assert exclusive_view(turns) == (Turn("A", 0.0, 10.0), Turn("B", 10.0, 12.0))


def test_analyze_with_fake_backends_end_to_end(tmp_path):
    """decode → (fake) diarize → (fake) transcribe → build_report on a real file."""
    path = tmp_path / "möte med Åsa.wav"
    t = np.arange(16000 * 6) / 16000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((0.2 * np.sin(2 * np.pi * 200 * t) * 32767).astype(np.int16).tobytes())
    turns = [Turn("SPEAKER_00", 0.2, 2.5), Turn("SPEAKER_01", 2.8, 5.8)]
    ws = words(("Vilka", 0.3, 0.6), ("utmaningar", 0.6, 1.2), ("har", 1.2, 1.4), ("du?", 1.4, 1.8),
               ("Vi", 3.0, 3.2), ("behöver", 3.2, 3.6), ("fler", 3.6, 3.9), ("personer.", 3.9, 4.5))
    analyzer = Analyzer(Options(language="sv"), diarizer=FakeDiarizer(turns), transcriber=FakeTranscriber(ws))
    report = analyzer.analyze(path)
    assert report.source.path.endswith("möte med Åsa.wav") and report.source.duration_s == 6.0
    assert [u.speaker for u in report.utterances] == ["SPEAKER_00", "SPEAKER_01"]
    assert report.findings.questions and report.findings.questions[0].kind == "open"
    assert report.host == "SPEAKER_00" and report.host_source == "heuristic"
    shares = {s.id: s.talk_share for s in report.speakers}
    assert shares["SPEAKER_00"] == pytest.approx(2.3 / 5.3, abs=1e-3)
    assert set(report.timings_s) == {"decode", "diarize", "transcribe", "analyze"}


def test_json_round_trip_is_lossless():
    report = sample_report("sv")
    d = to_dict(report)
    assert d["schema"] == "talkratio.report/1"
    for key in ("source", "language", "host", "host_source", "speakers", "turns", "utterances", "questions",
                "next_steps", "metrics", "scores", "models", "timings_s"):
        assert key in d
    again = from_dict(json.loads(json.dumps(d)))
    assert to_dict(again) == d


def test_exports(tmp_path):
    report = sample_report("sv")
    rttm = to_rttm(report)
    (tmp_path / "x.rttm").write_text(rttm)
    assert len(read_rttm(tmp_path / "x.rttm")) == len(report.turns)
    srt = to_srt(report)
    assert srt.startswith("1\n00:00:") and " --> " in srt
    assert to_vtt(report).startswith("WEBVTT\n\n")


def test_atomic_write_leaves_nothing_half_written(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    atomic_write_text(target, "old")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write_text(target, "new" * 1000)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


# --- long recordings are transcribed in pieces cut in pauses ---

def test_pieces_cut_in_the_latest_pause_before_each_target():
    from talkratio.transcribe.whisper import pieces

    turns = [Turn("A", 0.0, 250.0), Turn("B", 251.0, 290.0), Turn("A", 292.0, 420.0), Turn("B", 421.0, 700.0)]
    spans = pieces(700.0, turns, length=300.0, slack=60.0)
    assert spans == [(0.0, 291.0), (291.0, 591.0), (591.0, 700.0)]   # 291: the pause 290–292; 591: none, cut at target
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))       # contiguous: no audio lost between pieces


def test_pieces_leave_out_silence_and_cover_all_without_speech_hints():
    from talkratio.transcribe.whisper import pieces

    assert pieces(900.0, [Turn("A", 10.0, 20.0), Turn("B", 650.0, 660.0)], length=300.0) == [(0.0, 300.0), (600.0, 900.0)]
    assert pieces(90.0, []) == [(0.0, 90.0)]
    assert pieces(0.0, []) == []


def test_stereo_is_mixed_down_once():
    from talkratio.schema import Audio, AudioInfo

    audio = Audio(AudioInfo("x.wav", "0", 1.0, 2, 16000), np.ones((2, 16000), np.float32))
    assert audio.mono is audio.mono and audio.mono.shape == (16000,)


def test_pieces_come_back_in_order_and_an_error_stops_the_rest():
    import threading
    import time

    from talkratio.transcribe.whisper import in_parallel

    def slow_square(x):
        time.sleep(0.05 if x % 2 == 0 else 0.0)   # odd items finish first
        return x * x

    assert list(in_parallel(slow_square, [0, 1, 2, 3, 4], 2)) == [(x, x * x) for x in range(5)]
    time.sleep(0.1)
    before = threading.active_count()   # other tests' servers may still be winding down: count only ours
    started = []

    def fails_at_one(x):
        started.append(x)
        if x == 1:
            raise ValueError("piece 1")
        time.sleep(0.2)
        return x

    with pytest.raises(ValueError, match="piece 1"):
        list(in_parallel(fails_at_one, list(range(20)), 2))
    time.sleep(0.5)
    assert len(started) < 6 and threading.active_count() <= before   # the queue was not worked through
