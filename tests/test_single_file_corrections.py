"""`analyze FILE` applies the file's corrections file (`NAME.talkratio.toml`) as a folder run does.

A transcript alone (no model) stands in for a recording: the corrections are applied after the
analysis, by the same re-scoring either way, so what holds here holds for audio.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from talkratio.cli import app

DATA = Path(__file__).parent / "data" / "transcripts"
runner = CliRunner()

# the question at 0:07 ("Vilka utmaningar har du just nu?") is no question (say), the host is called
# Åsa, and the meeting is a sales meeting
SIDECAR = '''meeting_type = "sales"
[names]
SPEAKER_00 = "Åsa"
[[questions]]
drop = "0:07"
'''


def _analyze(path: Path, out: Path, *args: str):
    return runner.invoke(app, ["analyze", str(path), "--out", str(out), "-q", *args])


def _meeting(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return Path(shutil.copy(DATA / "teams.vtt", folder / "möte.vtt"))


def _json(out: Path) -> dict:
    return json.loads((out / "möte.json").read_text(encoding="utf-8"))


def test_a_sidecar_beside_the_recording_is_applied_and_listed(tmp_path):
    vtt = _meeting(tmp_path)
    plain = _analyze(vtt, tmp_path / "plain")
    assert plain.exit_code == 0, plain.stderr
    before = _json(tmp_path / "plain")
    assert before["meeting_type"] == "one-on-one" and any(abs(q["start"] - 7.3) < 1 for q in before["questions"])
    (vtt.parent / "möte.talkratio.toml").write_text(SIDECAR, encoding="utf-8")

    result = _analyze(vtt, tmp_path / "fixed")
    assert result.exit_code == 0, result.stderr
    fixed = _json(tmp_path / "fixed")
    assert fixed["meeting_type"] == "sales" and fixed["settings"]["meeting_type"] == "sales"
    assert not any(abs(q["start"] - 7.3) < 1 for q in fixed["questions"])
    assert len(fixed["questions"]) == len(before["questions"]) - 1
    assert fixed["names"]["SPEAKER_00"] == "Åsa"
    assert [(c["kind"], c["start"]) for c in fixed["corrections"]] == [("question.drop", 7.3)]   # listed

    # the same as analysing without it and re-scoring with `talkratio report` (which reads it beside the JSON)
    shutil.copy(vtt.parent / "möte.talkratio.toml", tmp_path / "plain" / "möte.talkratio.toml")
    again = runner.invoke(app, ["report", str(tmp_path / "plain" / "möte.json"), "-q"])
    assert again.exit_code == 0, again.stderr
    rescored = _json(tmp_path / "plain")
    for key in ("meeting_type", "questions", "names", "scores", "corrections", "host"):
        assert fixed[key] == rescored[key], key


def test_a_sidecar_beside_the_report_wins_and_the_command_line_wins_over_both(tmp_path):
    vtt = _meeting(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (vtt.parent / "möte.talkratio.toml").write_text('meeting_type = "team"\n', encoding="utf-8")
    (out / "möte.talkratio.toml").write_text(SIDECAR, encoding="utf-8")   # where `talkratio report` looks
    assert _analyze(vtt, out).exit_code == 0
    assert _json(out)["meeting_type"] == "sales"
    result = _analyze(vtt, out, "--meeting-type", "one-on-one")
    assert result.exit_code == 0, result.stderr
    report = _json(out)
    assert report["meeting_type"] == "one-on-one" and report["names"]["SPEAKER_00"] == "Åsa"


def test_a_broken_sidecar_is_one_line_and_nothing_is_written(tmp_path):
    vtt = _meeting(tmp_path)
    for text, message in (('meeting_type = "bogus"\n', "bogus"), ("[[questions]]\ndrop = \"9:59\"\n", "9:59"),
                          ("colour = 'blue'\n", "colour")):
        (vtt.parent / "möte.talkratio.toml").write_text(text, encoding="utf-8")
        out = tmp_path / "out"
        result = _analyze(vtt, out)
        assert result.exit_code == 2, (text, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and "möte.talkratio.toml" in lines[0], lines
        assert not out.exists() or not any(out.iterdir())
