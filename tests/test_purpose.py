"""Was the meeting's purpose stated in its opening? (issue 6, item 2)"""
from __future__ import annotations

import pytest

from corpus import scripted_ids, truth
from fixtures import DURATION_S, LINES
from speech import truth_utterances, utterance
from talkratio.purpose import OPENING_MIN_S, detect_purpose, opening_window_s

STATED = {
    "sv": ["Syftet med mötet är att gå igenom budgeten.", "Idag vill jag prata om din utveckling.",
           "I dag skulle jag vilja stämma av projektet.", "Målet med dagens möte är ett beslut.",
           "Det jag vill få ut av det här är en plan.", "Först, på agendan har vi tre punkter.",
           "Syftet med samtalet är att lära känna er bättre."],
    "en": ["The goal today is to agree on a plan.", "My aim today is to understand how your team works.",
           "Today I want to go through the numbers.", "The purpose of this meeting is to decide.",
           "I'd like to use this time to hear about your plans.", "On the agenda today are three things.",
           "My goal is to leave with next steps."],
}
NOT_STATED = {
    "sv": ["Hej, välkommen!", "Hur har veckan varit?", "Vi har haft mycket att göra.",
           "Jag vill gärna ha kaffe."],
    "en": ["Hi, thanks for joining.", "How was your week?", "We have been busy.", "I want a coffee."],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_purpose_phrases(lang):
    for text in STATED[lang]:
        p = detect_purpose([utterance("Hej.", "B", 0.0), utterance(text, "A", 3.0)], lang, 600.0)
        assert (p.stated, p.speaker, p.start, p.text) == (True, "A", 3.0, text), text
        assert p.cue.startswith("purpose '")
    for text in NOT_STATED[lang]:
        assert not detect_purpose([utterance(text, "A", 3.0)], lang, 600.0).stated, text


def test_opening_window_is_ten_percent_or_two_minutes():
    assert opening_window_s(300.0) == OPENING_MIN_S
    assert opening_window_s(3600.0) == 360.0
    late = [utterance("Syftet med mötet är att gå igenom budgeten.", "A", 200.0)]
    assert not detect_purpose(late, "sv", 1200.0).stated      # window 120 s
    assert detect_purpose(late, "sv", 3000.0).stated          # window 300 s


def test_purpose_sentence_inside_a_long_utterance():
    u = utterance("Hej Maria, välkommen. Idag vill jag gå igenom din plan. Hur mår du?", "A", 1.0, 9.0)
    p = detect_purpose([u], "sv", 600.0)
    assert p.text == "Idag vill jag gå igenom din plan." and p.start > 1.0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sample_meeting_fixture(lang):
    utts = [utterance(text[lang], s, a, b) for s, a, b, text, _ in LINES]
    (start,) = [a for _, a, _, _, note in LINES if note and "purpose" in note]
    p = detect_purpose(utts, lang, DURATION_S)
    assert p.stated and p.start == start


@pytest.mark.parametrize("meeting", scripted_ids())
def test_scripted_meetings(meeting):
    """Three scripted openings state a purpose; the monologue 1:1 just starts talking."""
    t = truth(meeting)
    p = detect_purpose(truth_utterances(t), t["language"], t["duration_s"])
    assert p.stated == (meeting != "en-1on1-monologue"), p
    if p.stated:
        assert p.speaker == t["host"] and p.text in t["lines"][0]["t"]
