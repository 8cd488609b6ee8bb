"""A follow-up said without a time heard is said, not missing; a misheard clock word is repaired.

The demo's "Vi följer upp om honom klokkan tio" (said: "… klockan tio") used to read
"Uppföljning: saknas" and "ingen uppföljning bestämd": the opposite of what the meeting shows.
"""
from __future__ import annotations

import pytest

from talkratio.closing import score_next_steps
from talkratio.messages import t
from talkratio.next_steps import detect_next_steps
from talkratio.render import StepView

from test_next_steps import utterance


def steps(text: str, language: str = "sv"):
    return detect_next_steps([utterance("A", 50, 56, text)], language, ["A", "B"])


def test_a_misheard_clock_word_before_a_number_is_taken_for_klockan():
    (step,) = steps("Vi följer upp om honom klokkan tio.")
    assert step.follow_up and step.due == "klockan tio" and "follow_up" not in step.missing
    assert (step.heard, step.taken_for) == ("klokkan", "klockan")


@pytest.mark.parametrize("text", ["Klockan var mycket.", "Vi pratade om flockar tio gånger."])
def test_no_repair_without_a_number_or_far_from_klockan(text):
    assert all(s.taken_for != "klockan" for s in steps(text))


@pytest.mark.parametrize("language, text, cell, gap", [
    ("sv", "Vi följer upp det här.", "nämnd, ingen tid hörd", "en uppföljning nämndes"),
    ("en", "We will follow up on this.", "said, no time heard", "a follow-up was mentioned"),
])
def test_a_follow_up_without_a_time_is_said_not_missing(language, text, cell, gap):
    (step,) = steps(text, language)
    assert not step.follow_up and step.follow_up_untimed and "follow_up" not in step.missing
    view = StepView(step, "A", "incomplete", None)
    assert not view.missing("follow_up") and view.follow_up_key == "report.step.follow_up_untimed"
    assert t(language, view.follow_up_key) == cell
    score = score_next_steps([step], ["A", "B"], 60.0, language)
    assert gap in score.explanation
    assert "ingen uppföljning bestämd" not in score.explanation and "no follow-up agreed" not in score.explanation


def test_a_goodbye_is_no_follow_up_and_says_so():
    (step,) = steps("Vi hörs.")
    assert not step.follow_up and not step.follow_up_untimed and "follow_up" in step.missing
    assert "ingen uppföljning bestämd" in score_next_steps([step], ["A", "B"], 60.0, "sv").explanation


def test_a_timed_follow_up_scores_more_than_an_untimed_one():
    timed = steps("Vi följer upp på fredag.")
    untimed = steps("Vi följer upp det här.")
    assert timed[0].follow_up and timed[0].due == "på fredag"
    assert score_next_steps(timed, ["A", "B"], 60.0, "sv").value > score_next_steps(untimed, ["A", "B"], 60.0, "sv").value
