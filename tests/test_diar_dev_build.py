"""The development corpus's builder cuts a voice only where the voice is alone (benchmarks/diar_dev/build.py).

Session 8 found the real-voice dialogues' truth wrong: the old cut took other speakers' turns out
one by one in sorted order, so a turn nested inside another (four people at once in AMI tst00) let
their speech back in, and a Common Voice clip's hiss counted as speech. Fakes here; the real
excerpts' numbers are checked when ../shared is there.
"""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from corpus import REAL, SHARED, need

DEV = __import__("pathlib").Path(__file__).resolve().parents[1] / "benchmarks" / "diar_dev"


@pytest.fixture(scope="module")
def build():
    need(SHARED / "tools" / "synth_meeting.py")       # the builder finds speech with synth_meeting's rule
    spec = importlib.util.spec_from_file_location("diar_dev_build", DEV / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nested_and_overlapping_turns_of_others_are_all_left_out(build):
    # B talks over 1-7 s with C nested inside (3-5 s): A's turn 0-12 is alone only on 0-1 and 7-12
    turns = [(0.0, 12.0, "A"), (1.0, 7.0, "B"), (3.0, 5.0, "C"), (6.5, 8.0, "C")]
    assert build.alone(turns, "A", margin=0.0) == [(0.0, 1.0), (8.0, 12.0)]
    assert build.alone(turns, "A", margin=0.25) == [(0.0, 0.75), (8.25, 12.0)]


def test_stretches_under_0_4_s_are_dropped(build):
    turns = [(0.0, 2.0, "A"), (0.3, 1.5, "B")]
    assert build.alone(turns, "A", margin=0.0) == [(1.5, 2.0)]      # 0-0.3 s is too short


def test_a_steady_hiss_is_not_speech(build):
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.03, 3 * build.SR).astype(np.float32)         # hiss at -30 dB, the whole clip
    x[build.SR:2 * build.SR] += 0.5 * np.sin(2 * np.pi * 200 * np.arange(build.SR) / build.SR)  # 1 s "word"
    found = build.SYNTH.speech_regions(build.above_floor(x), 0.0, min_gap=0.15)
    assert len(found) == 1 and abs(found[0][0] - 1.0) < 0.02 and abs(found[0][1] - 2.0) < 0.02
    assert build.SYNTH.speech_regions(x, 0.0, min_gap=0.15) == [[0.0, 3.0]]   # the old rule: all speech


def test_the_ami_voices_pieces_hold_no_other_speakers_turn(build):
    need(REAL)
    for uri, ref in (("tst00", "debug.test.rttm"), ("dev00", "debug.development.rttm")):
        turns = build.rttm(REAL / ref, uri)
        for speaker in {k for _, _, k in turns}:
            for a, b in build.alone(turns, speaker):
                assert all(e + build.MARGIN_S <= a or s - build.MARGIN_S >= b
                           for s, e, k in turns if k != speaker), (uri, speaker, a, b)
