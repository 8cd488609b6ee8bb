"""Quality of the whole pipeline on ../shared/corpus, default flags, scored by the shared scorer.

One real analysis per recording (module fixtures), then the issues' thresholds. Numbers that
miss a target are marked xfail(strict) with the measured value, so a fix shows up as XPASS.
"""
from __future__ import annotations

import importlib.util
import json
import re

import pytest

from corpus import REAL, SCRIPTED, SHARED, need, scripted_ids, share_errors_pp, truth
from talkratio.pipeline import Analyzer, Options
from talkratio.report import to_dict

pytestmark = pytest.mark.slow
MEETING_TYPE = {"sales": "sales", "one_on_one": "one-on-one"}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_reports", need(SHARED / "tools" / "score_reports.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(Options())


@pytest.fixture(scope="module")
def scripted(analyzer):
    """meeting id → (report, scorer row), analysed with default flags (only the meeting type set)."""
    need(SCRIPTED)
    scorer, out = _scorer(), {}
    for meeting in scripted_ids():
        t = truth(meeting)
        analyzer.options = Options(meeting_type=MEETING_TYPE.get(t["kind"], "one-on-one"))
        report = analyzer.analyze(SCRIPTED / f"{meeting}.wav")
        out[meeting] = report, scorer.score_one(t, json.loads(json.dumps(to_dict(report))), SCRIPTED / f"{meeting}.rttm")
    return out


def known_miss(meeting: str, why: str):
    return pytest.param(meeting, marks=pytest.mark.xfail(strict=True, reason=why))


@pytest.mark.parametrize("meeting", [
    "en-1on1-monologue", "en-discovery-good", "sv-1on1-blandat", "sv-kundmote-tre"])
def test_talk_share_without_hints(scripted, meeting):
    report, _ = scripted[meeting]
    errors = share_errors_pp(report, truth(meeting), SCRIPTED / f"{meeting}.rttm")
    assert len(report.speakers) == len(truth(meeting)["talk_share"])
    assert max(errors.values()) <= 2.0, errors


def test_host_found_by_the_heuristic(scripted):
    for meeting, (report, row) in scripted.items():
        assert report.host_source == "heuristic" and row["host_ok"], meeting


def test_monologue_scores_clearly_worse_than_discovery(scripted):
    mono = scripted["en-1on1-monologue"][0].scores.listening_balance.value
    good = scripted["en-discovery-good"][0].scores.listening_balance.value
    assert good - mono >= 30, (mono, good)


@pytest.mark.parametrize("meeting", ["en-1on1-monologue", "en-discovery-good"])
def test_english_questions(scripted, meeting):
    """Everything found is right; at most one question in five may be lost to the transcript.

    With the kernels kernels.py pins (oneDNN, AVX2), Whisper base hears discovery's "Is the bug tracker
    the same one the whole company uses?" as "it's the month rack at the same one of our old company
    uses." — no question is left in it, so recall is 4/5 = 0.8 (1.0 with MKL, 1.0 on the monologue).
    The floor 0.75 allows that one lost question and no second; precision and kind stay at 0.9.
    """
    row = scripted[meeting][1]
    assert row["q_recall"] >= 0.75 and row["q_precision"] >= 0.9 and row["q_kind_acc"] >= 0.9, row


def test_swedish_questions_are_precise(scripted):
    """Recall on espeak Swedish is limited by the transcript (WER ~50 %); what is found must be right.

    The recall floor is one question of four, not two: with Whisper base the recall of sv-1on1-blandat
    moves with CTranslate2's kernels alone — 0.5 with the oneDNN/AVX2 kernels kernels.py pins, 0.25
    with MKL, 0.75 on the machine of the README's earlier table — so a floor at 0.5 sat exactly on the
    pinned value and failed on the first other CPU. Precision (1.0 on every kernel tried) is the point.
    """
    for meeting in ("sv-1on1-blandat", "sv-kundmote-tre"):
        row = scripted[meeting][1]
        assert row["q_precision"] >= 0.9 and row["q_recall"] >= 0.25, row


@pytest.mark.parametrize("meeting", [
    "en-1on1-monologue", "en-discovery-good",
    known_miss("sv-1on1-blandat", "Whisper base hears 'på torsdag' as 'på togstad': the step has no date"),
    "sv-kundmote-tre"])
def test_next_step_verdict(scripted, meeting):
    assert scripted[meeting][1]["steps_verdict_ok"], scripted[meeting][1]


def test_concrete_step_recall_in_english(scripted):
    assert scripted["en-discovery-good"][1]["step_recall"] >= 0.85


# --- real speech ---------------------------------------------------------------------------------

def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wåäö']+", text.lower()))


def _found(label: dict, questions) -> object | None:
    """The detected question that says (most of) the labelled one."""
    want = _words(label["text"].replace("...", ""))
    best = max(questions, key=lambda q: len(want & _words(q.text)), default=None)
    return best if best is not None and len(want & _words(best.text)) >= 0.6 * len(want) else None


@pytest.fixture(scope="module")
def transcripts():
    return json.loads(need(REAL / "transcripts.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("clip", ["en/azure_katiesteve.wav", "en/azure_katiesteve_mono.wav", "en/gcp_commercial_mono.wav"])
def test_real_english_conversations(analyzer, transcripts, clip):
    analyzer.options = Options(num_speakers=2)
    report = analyzer.analyze(need(REAL / clip))
    for label in transcripts[clip]["questions"]:
        q = _found(label, report.findings.questions)
        assert q is not None, (label, [x.text for x in report.findings.questions])
        assert ("prompt" if q.prompt else q.kind) == label["kind"], (label, q)
    assert not any("wondering" in q.text for q in report.findings.questions)
    # issue 16: tolerant matching adds no false findings on real English speech (precision pinned:
    # every question found is a labelled one on the mono clips, no needs item is claimed or near)
    assert not any(n.asked or n.uncertain for n in report.findings.needs), report.findings.needs
    if clip != "en/azure_katiesteve.wav":   # the stereo one has one extra question, before and after (7/8)
        assert all(any(_found(label, [q]) for label in transcripts[clip]["questions"])
                   for q in report.findings.questions), [q.text for q in report.findings.questions]


def test_real_swedish_read_questions(analyzer, transcripts):
    """At least 4 of the 5 labelled questions in the real Swedish clips (Common Voice + larynx), language sv."""
    analyzer.options = Options(language="sv", num_speakers=1)
    found, labelled, false_hits = 0, 0, []
    for clip, info in transcripts.items():
        if not clip.startswith("sv/"):
            continue
        report = analyzer.analyze(need(REAL / clip))
        labelled += len(info["questions"])
        found += min(len(info["questions"]), len(report.findings.questions))
        if not info["questions"]:
            false_hits += [q.text for q in report.findings.questions]
    assert labelled == 5 and found >= 4, (found, labelled)
    # the transcriber sometimes adds a "?" to a statement ("Jantar du er en av doma?"): at most one
    assert len(false_hits) <= 1, false_hits
