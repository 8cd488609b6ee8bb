"""A second voice found in the islands of the only voice heard (benchmarks/diar_dev/island_voice.py,
session 10's measured variant, not in the pipeline), on fakes."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from talkratio.diarize.short_turns import recheck
from talkratio.schema import Turn

from test_short_turns import A, B, frames, voice

_spec = importlib.util.spec_from_file_location(
    "diar_dev_island_voice", Path(__file__).resolve().parents[1] / "benchmarks" / "diar_dev" / "island_voice.py")
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
free_label, island_voice, memo = _module.free_label, _module.island_voice, _module.memo

MERGE = 0.6  # the clustering threshold (cosine 0.82)
# one voice over 0-20 s; islands (sound between pauses, sandwiched) at 3-4, 6-7, 9-10, 12-13 and 15-16 s
QUIET = frames((0, 2), (3, 4), (5, 5.5), (6, 7), (8, 8.5), (9, 10), (11, 11.5), (12, 13), (14, 14.5), (15, 16),
               (17, 20))
TURNS = (Turn("SPEAKER_00", 0.0, 20.0),)
HOST = {"SPEAKER_00": A}


def embed_with(listener: dict[tuple[float, float], np.ndarray]):
    """Fake CAM++: the host's voice for every span but those given."""
    asked = []

    def embed(spans):
        asked.append(list(spans))
        return [listener.get(span, A) for span in spans]

    embed.asked = asked
    return embed


def test_islands_that_sound_alike_and_unlike_the_only_voice_become_a_second_voice():
    embed = embed_with({(6.0, 7.0): B, (12.0, 13.0): B})
    voices = island_voice(TURNS, TURNS, HOST, QUIET, embed, MERGE)
    assert set(voices) == {"SPEAKER_00", "SPEAKER_01"} and np.allclose(voices["SPEAKER_01"], B)
    # the second look then moves those islands (and only those) to it
    turns, _ = recheck(TURNS, TURNS, voices, QUIET, embed)
    assert [t for t in turns if t.speaker == "SPEAKER_01"] == [Turn("SPEAKER_01", 6.0, 7.0),
                                                             Turn("SPEAKER_01", 12.0, 13.0)]


@pytest.mark.parametrize("case", ["one island", "alike", "two different odd ones", "two voices already",
                                  "overlapped"])
def test_no_second_voice_without_two_islands_that_agree(case):
    listener = {"one island": {(6.0, 7.0): B},
                "alike": {(6.0, 7.0): voice(0.85), (12.0, 13.0): voice(0.85)},     # above DIFFERENT_VOICES
                "two different odd ones": {(6.0, 7.0): B, (12.0, 13.0): np.eye(4)[2]},
                }.get(case, {(6.0, 7.0): B, (12.0, 13.0): B})
    voices, turns = dict(HOST), TURNS
    if case == "two voices already":
        voices["SPEAKER_01"] = np.eye(4)[3]
    if case == "overlapped":   # another speaker's turn over both: their sound is a mix
        turns = TURNS + (Turn("SPEAKER_01", 6.5, 6.8), Turn("SPEAKER_01", 12.2, 12.4))
    assert island_voice(turns, TURNS, voices, QUIET, embed_with(listener), MERGE).keys() == voices.keys()


def test_the_new_voice_takes_a_label_nobody_has():
    # a centroid-less speaker (pyannote's overlap count) already holds SPEAKER_01
    turns = TURNS + (Turn("SPEAKER_01", 18.0, 18.5),)
    voices = island_voice(turns, TURNS, HOST, QUIET, embed_with({(6.0, 7.0): B, (12.0, 13.0): B}), MERGE)
    assert "SPEAKER_02" in voices and "SPEAKER_01" not in voices
    assert free_label({"SPEAKER_00", "SPEAKER_02"}) == "SPEAKER_01"


def test_memo_embeds_each_span_once():
    embed = embed_with({})
    cached = memo(embed)
    assert cached([(1.0, 2.0), (3.0, 4.0)]) == [A, A] and cached([(3.0, 4.0), (5.0, 6.0)]) == [A, A]
    assert embed.asked == [[(1.0, 2.0), (3.0, 4.0)], [(5.0, 6.0)]]
