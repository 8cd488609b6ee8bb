"""Each metric's definition, pinned on hand-written turns, then checked on the scripted corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkratio import metrics
from talkratio.metrics import BACKCHANNEL_S, HANDOVER_OVERLAP_S, MONOLOGUE_BREAK_S, measure
from talkratio.schema import Question, Turn, Utterance, Word

SCRIPTED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scripted"
MEETINGS = ("en-1on1-monologue", "en-discovery-good", "sv-1on1-blandat", "sv-kundmote-tre")


def scripted(meeting: str) -> tuple[tuple[Turn, ...], dict, tuple[Question, ...]]:
    """A scripted meeting's reference turns (its RTTM), its truth and its labelled questions."""
    if not SCRIPTED.is_dir():
        pytest.skip("the shared corpus is not here")
    turns = []
    for line in (SCRIPTED / f"{meeting}.rttm").read_text().splitlines():
        f = line.split()
        turns.append(Turn(f[7], float(f[3]), float(f[3]) + float(f[4])))
    truth = json.loads((SCRIPTED / f"{meeting}.truth.json").read_text())
    questions = tuple(Question(q["speaker"], q["start"], q["start"] + 1.0, q["text"],
                               "closed" if q["kind"] == "closed" else "open", "truth", prompt=q["kind"] == "prompt")
                      for q in truth["questions"])
    return tuple(sorted(turns, key=lambda t: t.start)), truth, questions


def T(*spans: tuple[str, float, float]) -> tuple[Turn, ...]:
    return tuple(sorted((Turn(*s) for s in spans), key=lambda t: t.start))


def by_id(stats):
    return {s.id: s for s in stats}


def test_no_speech():
    m, stats = measure((), (), 60.0, None)
    assert stats == ()
    assert (m.speech_s, m.silence_s, m.overlap_s, m.speaker_switches_per_min) == (0.0, 60.0, 0.0, 0.0)
    assert m.host_talk_share is None and m.host_patience_s is None and m.interruptions == {}


def test_one_speaker_holds_the_floor_across_own_pauses():
    m, stats = measure(T(("A", 0, 10), ("A", 12, 20)), (), 30.0, "A")
    (a,) = stats
    assert a.role == "host" and a.talk_share == 1.0 and a.talk_time_s == 18.0
    assert a.turns == 2                      # a 2 s pause splits spurts ...
    assert a.longest_monologue_s == 20.0     # ... but nobody else spoke, so the monologue goes on
    assert a.patience_s is None and m.host_patience_s is None   # never answered anyone
    assert (m.speech_s, m.silence_s, m.overlap_s) == (18.0, 12.0, 0.0)


def test_a_long_silence_ends_a_monologue():
    _, stats = measure(T(("A", 0, 10), ("A", 10 + MONOLOGUE_BREAK_S, 30)), (), 30.0, "A")
    assert stats[0].longest_monologue_s == 30 - 10 - MONOLOGUE_BREAK_S


def test_overlap_counts_for_each_speaker_and_an_interruption_is_a_cut_in():
    m, stats = measure(T(("A", 0, 10), ("B", 9, 15)), (), 20.0, "A")
    s = by_id(stats)
    assert (s["A"].talk_time_s, s["B"].talk_time_s) == (10, 6)
    assert s["A"].talk_share == pytest.approx(10 / 16) and s["B"].talk_share == pytest.approx(6 / 16)
    assert (m.speech_s, m.overlap_s, m.silence_s) == (15, 1, 5)
    assert m.interruptions == {"A": 0, "B": 1}       # A had 1 s left when B started
    assert s["B"].patience_s == 0.0                  # an overlapping start waits 0 s


def test_a_short_overlap_at_the_hand_over_is_not_an_interruption():
    start = 10 - HANDOVER_OVERLAP_S + 0.1
    m, stats = measure(T(("A", 0, 10), ("B", start, 15)), (), 20.0, "A")
    assert m.interruptions == {"A": 0, "B": 0}
    assert m.overlap_s == pytest.approx(10 - start)
    assert by_id(stats)["B"].patience_s == 0.0


def test_a_backchannel_neither_breaks_a_monologue_nor_interrupts():
    mm = BACKCHANNEL_S - 0.4
    turns = T(("A", 0, 20), ("B", 5, 5 + mm), ("B", 20.2, 20.2 + mm), ("A", 21.5, 40))
    m, stats = measure(turns, (), 40.0, "A")
    s = by_id(stats)
    assert s["A"].longest_monologue_s == 40              # "mm" twice, still one monologue
    assert m.interruptions == {"A": 0, "B": 0}           # the "mm" inside A's speech is no cut-in
    assert m.speaker_switches_per_min == 0               # back-channels never take the floor
    assert s["A"].patience_s == pytest.approx(21.5 - 20.2 - mm)  # A still waited after B's "mm"


def test_a_real_answer_breaks_the_monologue():
    _, stats = measure(T(("A", 0, 20), ("B", 20.2, 22.0), ("A", 22.5, 40)), (), 40.0, "A")
    assert by_id(stats)["A"].longest_monologue_s == 20


def test_patience_is_the_mean_wait_after_someone_else_stopped():
    turns = T(("A", 0, 5), ("B", 6, 10), ("A", 11.5, 15), ("B", 15, 20), ("A", 20, 25))
    m, stats = measure(turns, (), 30.0, "A")
    s = by_id(stats)
    assert m.host_patience_s == pytest.approx((1.5 + 0.0) / 2)
    assert s["B"].patience_s == pytest.approx((1.0 + 0.0) / 2)
    assert m.speaker_switches_per_min == pytest.approx(4 / 0.5)


def test_a_backchannel_inside_the_hosts_own_speech_is_no_patience_sample():
    _, stats = measure(T(("A", 0, 30), ("B", 10, 10.4), ("A", 31, 40)), (), 40.0, "A")
    assert by_id(stats)["A"].patience_s is None


def test_three_speakers():
    turns = T(("A", 0, 10), ("B", 10.5, 20), ("C", 19, 25), ("A", 26, 30))
    m, stats = measure(turns, (), 60.0, "A")
    s = by_id(stats)
    assert sum(x.talk_share for x in stats) == pytest.approx(1.0)
    assert [s[k].talk_time_s for k in "ABC"] == [14, 9.5, 6]
    assert m.speech_s == pytest.approx(10 + 14.5 + 4) and m.overlap_s == pytest.approx(1)
    assert m.interruptions == {"A": 0, "B": 0, "C": 1}
    assert m.speaker_switches_per_min == 3
    assert m.host_patience_s == pytest.approx(1.0)       # waited after C, the last to stop
    assert [x.role for x in stats] == ["host", "participant", "participant"]


def test_words_questions_and_names():
    words = tuple(Word(f" w{i}", i * 0.5, i * 0.5 + 0.4, 0.9) for i in range(60)) + (Word(" —", 30, 30.1, 0.9),)
    utterances = (Utterance("A", 0, 30, words), Utterance("unknown", 40, 41, words[:3]))
    questions = (Question("A", 1, 2, "Vad?", "open", "wh"), Question("A", 3, 4, "Har du?", "closed", "verb"),
                 Question("A", 5, 6, "Berätta mer.", "open", "prompt", prompt=True),
                 Question("B", 7, 8, "Hur?", "open", "wh"))
    _, stats = measure(T(("A", 0, 30), ("B", 31, 40)), utterances, 40.0, "A", questions, {"A": "Anna"})
    s = by_id(stats)
    assert (s["A"].words, s["A"].words_per_minute) == (60, 120)   # the dash is no word
    assert (s["A"].questions_open, s["A"].questions_closed) == (1, 1)   # the prompt counts neither way
    assert (s["B"].questions_open, s["B"].words, s["B"].words_per_minute) == (1, 0, 0)
    assert (s["A"].name, s["B"].name) == ("Anna", None)


def test_an_absent_host_has_no_host_metrics():
    m, stats = measure(T(("A", 0, 5)), (), 10.0, "Z")
    assert m.host_talk_share is None and m.host_longest_monologue_s is None
    assert stats[0].role == "participant"


def test_union_and_overlap_helpers():
    assert metrics.union([(5, 6), (0, 2), (1, 3), (3, 4)]) == [(0, 4), (5, 6)]
    assert metrics.overlap_seconds({"A": [(0, 2)], "B": [(2, 3)]}) == 0      # touching is not overlap
    assert metrics.overlap_seconds({"A": [(0, 4)], "B": [(1, 3)], "C": [(2, 5)]}) == 3


def test_the_sample_report_fixture_agrees():
    from fixtures import DURATION_S, GUEST, HOST, sample_report
    r = sample_report("en")
    m, stats = measure(r.turns, r.utterances, DURATION_S, HOST, r.findings.questions, r.names)
    assert m.overlap_s == pytest.approx(r.metrics.overlap_s, abs=0.01)
    assert m.interruptions == {HOST: 0, GUEST: 1}       # the customer cuts into the long pitch
    for mine, theirs in zip(stats, r.speakers):
        assert mine.talk_share == pytest.approx(theirs.talk_share, abs=0.001)
        assert (mine.questions_open, mine.questions_closed, mine.words) == \
            (theirs.questions_open, theirs.questions_closed, theirs.words)


@pytest.mark.parametrize("meeting", MEETINGS)
def test_talk_share_on_the_reference_turns_matches_the_truth(meeting):
    turns, truth, questions = scripted(meeting)
    m, stats = measure(turns, (), truth["duration_s"], truth["host"], questions)
    for s in stats:
        assert s.talk_share == pytest.approx(truth["talk_share"][s.id], abs=0.001)
        assert s.talk_time_s == pytest.approx(truth["talk_time_s"][s.id], abs=0.02)
    assert sum(m.interruptions.values()) == len(truth["interruptions"])
