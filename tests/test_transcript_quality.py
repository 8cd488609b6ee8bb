"""A Teams-style transcript of every scripted meeting, scored by the shared scorer (issue 17's bounds).

Each meeting's truth lines become a WebVTT file the way Teams writes one: a cue per line with
the line's start and end, a `<v Name>` voice tag with a person's name. Alone, it needs no model
(fast); beside the recording (slow: the real diarizer, no Whisper) talk share comes from the audio.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from corpus import SCRIPTED, SHARED, need, scripted_ids, truth
from talkratio.pipeline import Options
from talkratio.report import to_dict
from talkratio.transcripts.alone import analyze_transcript

NAMES = {"A": "Anna Svensson", "B": "Björn Åkesson", "C": "Cecilia Öhman", "D": "David Lind"}
MEETING_TYPE = {"sales": "sales", "one_on_one": "one-on-one"}


def clock(s: float) -> str:
    return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"


def teams_vtt(t: dict, path: Path) -> Path:
    cues = "".join(f"{n}\n{clock(line['start'])} --> {clock(line['end'])}\n<v {NAMES[line['s']]}>{line['t']}</v>\n\n"
                   for n, line in enumerate(t["lines"], 1))
    path.write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    return path


def _scorer():
    spec = importlib.util.spec_from_file_location("score_reports", need(SHARED / "tools" / "score_reports.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(row: dict, t: dict) -> None:
    assert row["share_err_pp"] <= 2.0, row
    assert row["q_recall"] >= 0.95 and row["q_precision"] >= 0.9, row
    if row["step_recall"] is not None:
        assert row["step_recall"] >= 0.85, row
    assert row["steps_verdict_ok"] and row["host_ok"], row


@pytest.mark.parametrize("meeting", scripted_ids() or ["(corpus absent)"])
def test_teams_vtt_of_the_truth_meets_the_bounds(tmp_path, meeting):
    need(SCRIPTED)
    t = truth(meeting)
    vtt = teams_vtt(t, tmp_path / f"{meeting}.vtt")
    report = analyze_transcript(vtt, Options(meeting_type=MEETING_TYPE.get(t["kind"], "one-on-one")))
    row = _scorer().score_one(t, json.loads(json.dumps(to_dict(report))), SCRIPTED / f"{meeting}.rttm")
    assert report.language == t["language"]
    check(row, t)


@pytest.mark.slow
@pytest.mark.parametrize("meeting", scripted_ids() or ["(corpus absent)"])
def test_teams_vtt_beside_the_recording_meets_the_bounds(tmp_path, meeting):
    from talkratio.pipeline import Analyzer

    need(SCRIPTED)
    t = truth(meeting)
    vtt = teams_vtt(t, tmp_path / f"{meeting}.vtt")
    options = Options(meeting_type=MEETING_TYPE.get(t["kind"], "one-on-one"), transcript_file=vtt, use_profiles=False)
    report = Analyzer(options).analyze(SCRIPTED / f"{meeting}.wav")
    row = _scorer().score_one(t, json.loads(json.dumps(to_dict(report))), SCRIPTED / f"{meeting}.rttm")
    src = report.source.transcript
    assert report.source.timing == "audio" and src.warnings == () and src.agreement >= 0.8, src
    assert sorted(src.mapping) == sorted(NAMES[s] for s in t["talk_share"])
    check(row, t)
