"""Re-scoring a real report without the models: --host, --meeting-type, --name and the corrections file.

`data/meetings/demo-report.json` is what `talkratio analyze samples/möte-1on1-demo.m4a --language sv`
wrote (Whisper base, pyannote; made before this module existed, so it is also an old report that
has no `suggested_names` or `corrections`). The truth of that meeting is in samples/.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from talkratio.corrections import CorrectionsError, load
from talkratio.report import from_dict, to_dict
from talkratio.rescore import rescore

HERE = Path(__file__).parent
REAL = HERE / "data" / "meetings" / "demo-report.json"
TRUTH = json.loads((HERE.parent / "samples" / "möte-1on1-demo.truth.json").read_text(encoding="utf-8"))


@pytest.fixture()
def real():
    return from_dict(json.loads(REAL.read_text(encoding="utf-8")))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "talkratio.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**__import__("os").environ, "COLUMNS": "200"})


def test_rescoring_unchanged_reproduces_the_pipeline_report(real):
    """The tail of build_report and rescore are one function: nothing moves but what is new."""
    again = to_dict(rescore(real))
    before = to_dict(real)
    # the stored report predates the five traits (issue 21): they, their scores and the tips they move are new
    new = {"traits", "scores", "tips"}
    assert {k for k in before if before[k] != again[k]} <= {"version", "suggested_names"} | new
    assert all(again["scores"][k] == before["scores"][k] for k in before["scores"] if k != "overall")
    assert again["corrections"] == []
    twice = to_dict(rescore(from_dict(again)))   # a report with traits re-scores to itself
    assert {k for k in again if again[k] != twice[k]} <= {"version", "suggested_names"}


def test_host_and_meeting_type_recompute_scores_and_time_is_under_a_second(real):
    guest = next(s.id for s in real.speakers if s.id != real.host)
    started = time.perf_counter()
    moved = rescore(real, host=guest, meeting_type="sales")
    took = time.perf_counter() - started
    assert took < 1.0, took
    assert moved.host == guest and moved.host_source == "flag" and moved.meeting_type == "sales"
    assert moved.metrics.host_talk_share == next(s.talk_share for s in real.speakers if s.id == guest)
    assert moved.scores.listening_balance.value != real.scores.listening_balance.value
    assert "kundmöte" in moved.scores.listening_balance.explanation          # the sales band, in Swedish
    assert {s.id: s.role for s in moved.speakers}[guest] == "host"
    assert moved.settings["meeting_type"] == "sales"


def test_names_rename_and_owners_follow(real):
    host = real.host
    renamed = rescore(real, names={host: "Anna"})
    assert renamed.display(host) == "Anna" and host not in renamed.suggested_names


def test_cli_report_rescores_the_real_report_and_says_how_long(tmp_path):
    shutil.copy(REAL, tmp_path / "möte.json")
    guest = next(s["id"] for s in json.loads(REAL.read_text(encoding="utf-8"))["speakers"] if s["role"] != "host")
    result = cli("report", "möte.json", "--host", guest, "--meeting-type", "sales", "--name", f"{guest}=Erik",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "möte.json").read_text(encoding="utf-8"))
    assert data["host"] == guest and data["host_source"] == "flag" and data["meeting_type"] == "sales"
    assert data["names"][guest] == "Erik"
    assert "Mötesledare: Erik — angiven." in result.stdout and "Omräknat på" in result.stdout
    assert (tmp_path / "möte.html").is_file()
    assert "Erik" in (tmp_path / "möte.html").read_text(encoding="utf-8")


CORRECTIONS = '''
[[questions]]
drop = "0:26"          # "Vi vet inte om ni får köpa nya natur, Hur, …": the employee's statement, not a question
[[questions]]
add = "1:44"           # "Okej, tack han här." (a test: any sentence can be added)
kind = "open"
[[steps]]
at = "1:29"            # "Jag hittar kalkulen till mig senast på 2 stånd." = "… senast på torsdag"
concrete = true
due = "senast på torsdag"
due_date = "2026-12-03"
'''


def test_corrections_file_beside_the_report_is_applied_listed_and_reversible(tmp_path):
    shutil.copy(REAL, tmp_path / "möte.json")
    (tmp_path / "möte.talkratio.toml").write_text(CORRECTIONS, encoding="utf-8")
    first = cli("report", "möte.json", "-f", "json,html,md", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    data = json.loads((tmp_path / "möte.json").read_text(encoding="utf-8"))
    texts = {q["start"]: q for q in data["questions"]}
    assert 25.71 not in texts                                           # dropped
    added = [q for q in data["questions"] if q["cue"] == "correction"]
    assert len(added) == 1 and added[0]["kind"] == "open" and added[0]["text"].startswith("Okej")
    step = next(s for s in data["next_steps"] if abs(s["start"] - 89.47) < 0.01)
    assert step["concrete"] and step["due"] == "senast på torsdag" and step["due_date"] == "2026-12-03"
    assert [c["kind"] for c in data["corrections"]] == ["question.drop", "question.add", "step.fix"]
    before = json.loads(REAL.read_text(encoding="utf-8"))["scores"]["next_steps"]["value"]
    assert data["scores"]["next_steps"]["value"] > before               # 2 of 3 closing steps concrete now
    assert "Rättelser" in (tmp_path / "möte.html").read_text(encoding="utf-8")
    assert "Ingen fråga vid 0:26" in (tmp_path / "möte.md").read_text(encoding="utf-8")

    second = cli("report", "möte.json", cwd=tmp_path)                   # the same file again: the same report
    assert second.returncode == 0, second.stderr
    again = json.loads((tmp_path / "möte.json").read_text(encoding="utf-8"))
    assert again["questions"] == data["questions"] and again["scores"] == data["scores"]

    (tmp_path / "möte.talkratio.toml").write_text("", encoding="utf-8")  # entries removed: findings come back
    third = cli("report", "möte.json", cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    back = json.loads((tmp_path / "möte.json").read_text(encoding="utf-8"))
    original = json.loads(REAL.read_text(encoding="utf-8"))
    assert back["questions"] == original["questions"]
    # fields added since the report was stored (follow_up_untimed) come back at their defaults
    assert [{k: s[k] for k in o} for s, o in zip(back["next_steps"], original["next_steps"])] == original["next_steps"]
    assert len(back["next_steps"]) == len(original["next_steps"]) and not any(s["follow_up_untimed"] for s in back["next_steps"])
    # the stored report predates the five traits (issue 21): every score it has but overall comes back
    assert {k: v for k, v in back["scores"].items() if k in original["scores"] and k != "overall"} == \
        {k: v for k, v in original["scores"].items() if k != "overall"} and back["corrections"] == []


@pytest.mark.parametrize("text, message", [
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("[[questions]]\ndrop = '9:59'\n", "no question at 9:59"),
    ("[[questions]]\ndrop = 'soon'\n", "wants a time like 1:05"),
    ("[[questions]]\nadd = '0:22'\n", "is a question already"),
    ("[[steps]]\nat = '1:29'\nowner = 'Zlatan'\n", "owner 'Zlatan' matches no speaker"),
    ("meeting_type = 'party'\n", "meeting_type 'party' is none of"),
    ("[[steps]]\nconcrete = true\n", "wants at = TIME"),
    ("host = [\n", "not a readable corrections file"),
])
def test_bad_corrections_are_one_line_and_nothing_is_written(tmp_path, text, message):
    shutil.copy(REAL, tmp_path / "möte.json")
    (tmp_path / "möte.talkratio.toml").write_text(text, encoding="utf-8")
    before = (tmp_path / "möte.json").read_bytes()
    result = cli("report", "möte.json", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert (tmp_path / "möte.json").read_bytes() == before and not (tmp_path / "möte.html").exists()


def test_corrections_host_and_names_and_the_flag_wins(real, tmp_path):
    guest = next(s.id for s in real.speakers if s.id != real.host)
    path = tmp_path / "m.talkratio.toml"
    path.write_text(f'host = "Erik"\nmeeting_type = "team"\n[names]\n{guest} = "Erik"\n', encoding="utf-8")
    fixed = rescore(real, corrections=load(path))
    assert fixed.host == guest and fixed.meeting_type == "team" and fixed.names[guest] == "Erik"
    flagged = rescore(real, corrections=load(path), host=real.host, meeting_type="one-on-one")
    assert flagged.host == real.host and flagged.meeting_type == "one-on-one"
    path.write_text('[names]\nSPEAKER_09 = "Nobody"\n', encoding="utf-8")
    with pytest.raises(CorrectionsError, match="SPEAKER_09"):
        rescore(real, corrections=load(path))


def test_a_dropped_question_can_move_the_host_guess(real, tmp_path):
    """The host guess (most questions) is made again on the corrected questions."""
    guest = next(s.id for s in real.speakers if s.id != real.host)
    host_questions = [q for q in real.findings.questions if q.speaker == real.host]
    path = tmp_path / "m.talkratio.toml"
    path.write_text("".join(f'[[questions]]\ndrop = {q.start}\n' for q in host_questions), encoding="utf-8")
    moved = rescore(real, corrections=load(path))
    assert moved.host == guest and moved.host_source == "heuristic"
