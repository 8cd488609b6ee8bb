"""A needs analysis of one's own per meeting type (needs_methods.py); the seed's four stay the default."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from talkratio.errors import UsageError
from talkratio.needs_methods import SEED, analyse, load
from talkratio.report import build_report, from_dict
from talkratio.rescore import rescore
from talkratio.schema import NEEDS_KEYS, AudioInfo, Diarization, Transcript, Turn, Word

HERE = Path(__file__).parent
REAL = HERE / "data" / "meetings" / "demo-report.json"

SALES_CALL = [   # (speaker, start, end, text): a seller (S) and a buyer (B)
    ("S", 0.0, 4.0, "Thanks for taking the time today."),
    ("S", 4.5, 9.0, "How does your team handle support tickets right now?"),
    ("B", 9.5, 30.0, "We log them in a shared inbox and someone triages them every morning."),
    ("S", 31.0, 35.0, "What is the hardest part of that for you?"),
    ("B", 35.5, 60.0, "Things get lost, and nobody owns the follow up."),
    ("S", 61.0, 66.0, "Who else is involved when you pick a new tool?"),
    ("B", 66.5, 80.0, "Our CTO signs off, and finance looks at it."),
    ("S", 81.0, 85.0, "Shall we book a demo with your CTO next week?"),
    ("B", 85.5, 90.0, "Yes, Tuesday works."),
]


def call(lines=SALES_CALL, needs_method=None):
    turns = tuple(Turn(s, a, b) for s, a, b, _ in lines)
    words = []
    for s, a, b, text in lines:
        tokens = text.split()
        step = (b - a) / len(tokens)
        words += [Word(f" {w}", a + i * step, a + (i + 1) * step, 0.95, s) for i, w in enumerate(tokens)]
    return build_report(AudioInfo("call.wav", "0" * 64, 95.0, 1, 16000),
                        Diarization(turns, turns, "test"), Transcript(tuple(words), "en", 1.0, "test"),
                        meeting_type="sales", needs_method=needs_method)


def test_the_seed_stays_the_default():
    report = call()
    assert [n.key for n in report.findings.needs] == list(NEEDS_KEYS)
    assert all(n.label is None for n in report.findings.needs) and "needs_method" not in report.settings
    assert load(SEED).items == ()


def test_the_shipped_sales_method_scores_its_own_items():
    report = call(needs_method="sales")
    items = {n.key: n for n in report.findings.needs}
    assert list(items) == ["situation", "problem", "decision", "budget", "next_meeting"]
    assert {k for k, n in items.items() if n.asked} == {"situation", "problem", "decision", "next_meeting"}
    assert items["decision"].text == "Who else is involved when you pick a new tool?"
    assert report.scores.needs.value == 80 and "4 of the 5" in report.scores.needs.explanation
    assert report.settings["needs_method"] == "sales"
    needs_tip = next(tip for tip in report.tips if tip.startswith("You never asked"))
    assert "“Is there a budget set aside for this?”" in needs_tip        # the missing item, as the method asks it
    assert next(p for p in report.scores.overall.parts if p[0] == "needs")[2] == 80


def test_method_in_the_html_and_markdown():
    from talkratio.render.html import render_html
    from talkratio.render.markdown import render_markdown

    report = call(needs_method="sales")
    assert "Decision process – “How will you decide?”" in render_html(report)
    assert "- [ ] Budget – “Is there a budget?”" in render_markdown(report)


def test_rescoring_switches_method_and_back_without_losing_the_seed(tmp_path):
    real = from_dict(json.loads(REAL.read_text(encoding="utf-8")))
    sales = rescore(real, meeting_type="sales", needs={"sales": "sales"})
    assert [n.key for n in sales.findings.needs][0] == "situation" and sales.settings["needs_method"] == "sales"
    back = rescore(sales, meeting_type="one-on-one")
    assert [(n.key, n.asked, n.uncertain) for n in back.findings.needs] == [
        (n.key, n.asked, n.uncertain) for n in real.findings.needs]
    assert back.scores.needs == real.scores.needs and "needs_method" not in back.settings


def test_config_chooses_the_method_for_report(tmp_path):
    shutil.copy(REAL, tmp_path / "möte.json")
    config = tmp_path / "config.toml"
    config.write_text('[needs]\nsales = "sales"\n', encoding="utf-8")
    env = {**os.environ, "TALKRATIO_CONFIG": str(config)}
    result = subprocess.run([sys.executable, "-m", "talkratio.cli", "report", "möte.json", "--meeting-type", "sales",
                             "-f", "json", "-q"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "möte.json").read_text(encoding="utf-8"))
    assert [n["key"] for n in data["needs_analysis"]][-1] == "next_meeting"
    assert data["settings"]["needs_method"] == "sales"


@pytest.mark.parametrize("text, message", [
    ("", "at least one [[item]]"),
    ("[[item]]\nkey = 'a'\nlabel = {sv = 'x', en = 'y'}\nask = {sv = 'x', en = 'y'}\npatterns.sv = ['(']\n",
     "not a regular expression"),
    ("[[item]]\nkey = 'a'\nlabel = {sv = 'x'}\nask = {sv = 'x', en = 'y'}\npatterns.sv = ['a']\n", "sv and en texts"),
    ("[[item]]\nlabel = {sv = 'x', en = 'y'}\n", "a key of its own"),
    ("[[item\n", "not a readable method file"),
])
def test_a_bad_method_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / f"m{abs(hash(text))}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load(str(path))


def test_a_bad_method_in_the_config_stops_analyze_before_any_model(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[needs]\nteam = "no-such-method"\n', encoding="utf-8")
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"RIFF")
    result = subprocess.run([sys.executable, "-m", "talkratio.cli", "analyze", str(wav), "-q"], capture_output=True,
                            text=True, env={**os.environ, "TALKRATIO_CONFIG": str(config)})
    assert result.returncode == 2 and "needs method 'no-such-method'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_analyse_on_the_seed_is_the_questions_own_items():
    report = call()
    assert analyse(report.findings.questions, "en", load(SEED)) == tuple(
        n.__class__(**{**n.__dict__, "confidence": None}) for n in report.findings.needs)
