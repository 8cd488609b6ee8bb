"""Host identification: the flag, the enrolled voice, and the heuristic guess."""
from __future__ import annotations

import pytest
from test_metrics import MEETINGS, scripted

from talkratio.errors import UsageError
from talkratio.host import choose_host
from talkratio.schema import Question, Turn

SPEAKERS = ("SPEAKER_00", "SPEAKER_01")
NAMES = {"SPEAKER_00": "Erik", "SPEAKER_01": "Anna"}


def q(speaker: str, kind: str = "open") -> Question:
    return Question(speaker, 0, 1, "?", kind, "test")


def test_flag_by_id_or_by_name_in_any_case():
    assert choose_host(SPEAKERS, flag="SPEAKER_01") == ("SPEAKER_01", "flag")
    assert choose_host(SPEAKERS, flag="speaker_01") == ("SPEAKER_01", "flag")
    assert choose_host(SPEAKERS, flag="anna", names=NAMES) == ("SPEAKER_01", "flag")
    assert choose_host(("anna", "SPEAKER_01"), flag="Anna") == ("anna", "flag")   # an enrolled name as id


def test_an_unknown_flag_is_one_clear_line_naming_the_speakers():
    with pytest.raises(UsageError) as err:
        choose_host(SPEAKERS, flag="Bob", names=NAMES)
    message = str(err.value)
    assert "\n" not in message and "'Bob'" in message and "SPEAKER_01 (Anna)" in message


def test_a_name_shared_by_two_speakers_is_refused():
    with pytest.raises(UsageError, match="more than one"):
        choose_host(SPEAKERS, flag="Kim", names={"SPEAKER_00": "Kim", "SPEAKER_01": "kim"})


def test_the_flag_beats_the_enrolled_voice_which_beats_the_guess():
    asked = [q("SPEAKER_00")] * 3
    assert choose_host(SPEAKERS, flag="SPEAKER_01", enrolled="SPEAKER_00") == ("SPEAKER_01", "flag")
    assert choose_host(SPEAKERS, enrolled="SPEAKER_01", questions=asked) == ("SPEAKER_01", "enrolled")
    assert choose_host(SPEAKERS, enrolled="SPEAKER_07", questions=asked) == ("SPEAKER_00", "heuristic")


def test_the_guess_is_who_asks_most_then_who_opens():
    turns = (Turn("SPEAKER_01", 0.5, 3), Turn("SPEAKER_00", 3.5, 6))
    most = [q("SPEAKER_00"), q("SPEAKER_00", "closed"), q("SPEAKER_01")]
    assert choose_host(SPEAKERS, questions=most, turns=turns) == ("SPEAKER_00", "heuristic")
    tie = [q("SPEAKER_00"), q("SPEAKER_01")]
    assert choose_host(SPEAKERS, questions=tie, turns=turns) == ("SPEAKER_01", "heuristic")
    assert choose_host(SPEAKERS, turns=turns) == ("SPEAKER_01", "heuristic")
    assert choose_host(SPEAKERS) == ("SPEAKER_00", "heuristic")      # nothing to go on: the first


def test_prompts_count_as_questions_asked():
    prompts = [Question("SPEAKER_01", 0, 1, "Berätta mer.", "open", "prompt", prompt=True)] * 2
    assert choose_host(SPEAKERS, questions=[q("SPEAKER_00"), *prompts])[0] == "SPEAKER_01"


def test_no_speakers_no_host():
    assert choose_host(()) == (None, None)
    assert choose_host((), flag="Anna") == (None, None)


@pytest.mark.parametrize("meeting", MEETINGS)
def test_the_guess_finds_the_scripted_host(meeting):
    turns, truth, questions = scripted(meeting)
    speakers = sorted({t.speaker for t in turns})
    assert choose_host(speakers, questions=questions, turns=turns) == (truth["host"], "heuristic")
    assert choose_host(speakers, flag=truth["host"].lower(), questions=questions) == (truth["host"], "flag")
