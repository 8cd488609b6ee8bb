"""The meeting type's prior on the head count (diarize/expected.py), on hand-made turns."""
from __future__ import annotations

import wave
from dataclasses import dataclass

import numpy as np

from talkratio.diarize.expected import (
    CLEAR_S, CLEAR_SHARE, EXPECTED_SPEAKERS, fold_extra_voices, merged, talk_seconds, with_prior,
)
from talkratio.diarize.fake import FakeDiarizer
from talkratio.pipeline import Analyzer, Options
from talkratio.schema import Diarization, Turn

A, B, C = (tuple(float(x) for x in v) for v in np.eye(3))
NEAR_A = (0.9, 0.1, 0.0)


def meeting(third_s: float, length_s: float = 200.0):
    """Host A talks most of `length_s`, B replies, C has `third_s` of talk in the middle."""
    turns = [Turn("A", 0.0, length_s * 0.45), Turn("B", length_s * 0.45, length_s * 0.5),
             Turn("C", length_s * 0.5, length_s * 0.5 + third_s), Turn("A", length_s * 0.5 + third_s, length_s)]
    return tuple(turns)


def test_a_sliver_of_a_third_voice_goes_to_the_voice_it_sounds_like():
    turns = meeting(1.5)
    folded, exclusive, voices = fold_extra_voices(turns, turns, {"A": A, "B": B, "C": NEAR_A}, 2)
    assert {t.speaker for t in folded} == {"A", "B"} and set(voices) == {"A", "B"}
    # C's stretch joined A's turns on both sides: one host turn from 100 s to the end
    assert Turn("A", 100.0, 200.0) in folded and talk_seconds(folded)["A"] == 190.0


def test_a_voice_that_clearly_has_a_part_stays():
    for third_s in (CLEAR_S + 1, 200.0 * CLEAR_SHARE + 1):
        turns = meeting(third_s, length_s=400.0 if third_s > CLEAR_S + 1 else 200.0)
        folded, _, voices = fold_extra_voices(turns, turns, {"A": A, "B": B, "C": C}, 2)
        assert {t.speaker for t in folded} == {"A", "B", "C"}


def test_short_recording_keeps_a_short_but_real_third_voice():
    turns = meeting(1.5, length_s=30.0)   # 1.5 s of 30 s is 5 %: clearly there
    folded, _, _ = fold_extra_voices(turns, turns, {"A": A, "B": B, "C": C}, 2)
    assert len({t.speaker for t in folded}) == 3


def test_without_a_centroid_the_talkiest_voice_takes_it():
    turns = meeting(1.5)
    folded, _, _ = fold_extra_voices(turns, turns, {"A": A, "B": B}, 2)
    assert talk_seconds(folded)["A"] > 180 and "C" not in talk_seconds(folded)


def test_the_expected_count_is_never_folded_below():
    turns = (Turn("A", 0.0, 100.0), Turn("B", 100.0, 100.5))
    folded, _, _ = fold_extra_voices(turns, turns, {"A": A, "B": B}, 2)
    assert folded == turns


def test_merged_joins_touching_turns_of_one_speaker_only():
    out = merged([Turn("A", 0, 1), Turn("A", 1, 2), Turn("B", 1.5, 3), Turn("A", 4, 5)])
    assert out == (Turn("A", 0, 2), Turn("B", 1.5, 3), Turn("A", 4, 5))


def test_meeting_types_set_the_prior():
    assert EXPECTED_SPEAKERS == {"one-on-one": 2, "sales": 2}
    sliver = (Turn("A", 0.0, 60.0), Turn("B", 60.0, 100.0), Turn("C", 100.0, 100.5))
    d = Diarization(turns=sliver, exclusive=sliver, model="pyannote", embeddings={"A": A, "B": B, "C": B})
    one = with_prior(d, "one-on-one")
    assert one.speakers == ("A", "B") and one.model == "pyannote, 2 voices expected" and set(one.embeddings) == {"A", "B"}
    assert with_prior(d, "team") is d   # no prior: the three voices stay


@dataclass
class _Pyannote(FakeDiarizer):
    name: str = "pyannote"   # the prior is for pyannote's own count only (not an RTTM, channels or a fake)


def test_each_recording_gets_its_own_meeting_types_prior(tmp_path):
    """A folder's `team/` recording keeps a third voice a one-on-one run would fold (batch passes its type)."""
    path = tmp_path / "m.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(np.zeros(16000 * 101, dtype=np.int16).tobytes())
    turns = (Turn("SPEAKER_00", 0.0, 60.0), Turn("SPEAKER_01", 60.0, 100.0), Turn("SPEAKER_02", 100.0, 100.5))
    analyzer = Analyzer(Options(transcript=False), diarizer=_Pyannote(turns))
    assert [s.id for s in analyzer.analyze(path).speakers] == ["SPEAKER_00", "SPEAKER_01"]
    team = analyzer.analyze(path, meeting_type="team")
    assert [s.id for s in team.speakers] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"] and team.meeting_type == "team"
    given = Analyzer(Options(transcript=False, num_speakers=3), diarizer=_Pyannote(turns)).analyze(path)
    assert len(given.speakers) == 3   # the user's count stands
