"""Talk share on held-out meetings of benchmarks/diar_dev (never tuned on), real diarization, default flags.

Real-voice dialogues and their telephone versions: built here from ../shared/corpus/real when their
audio is not there yet (a few seconds; no espeak needed), then diarized as `analyze` would (meeting
type one-on-one, so its two-voice prior applies, no count given). The bounds are the issue's
targets (2 pp for a two-person meeting, 3 pp through a telephone channel); what was measured for
each, and the margin to them, is in the list below (README "Diarization", held-out table).
"""
from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from corpus import REAL, need
from talkratio.audio import decode
from talkratio.diarize.expected import with_prior
from talkratio.pipeline import Analyzer, Options

pytestmark = pytest.mark.slow
DEV = __import__("pathlib").Path(__file__).resolve().parents[1] / "benchmarks" / "diar_dev"

# (meeting, bound pp, measured pp with session 11's final code). The bounds are the issue's targets,
# not fitted: 2 pp for two people in a room, 3 pp through a phone channel. "heldout" was measured a
# sixth time (no tuning on it); "fresh" (session 9) and "unseen" (session 10) once each with the
# method frozen, then developed on; "novel" (session 11) once, by the lead, after the method was frozen.
# Kept here: the real-voice dialogues that meet their target with at least 0.5 pp to spare (the
# CPU's float order may move a share a little); a meeting that misses is a strict xfail with what
# it measured, so a fix shows up as XPASS. Every row: README "Diarization", held-out tables.
MEETINGS = [
    ("r-en-sample-bal", 2.0, 0.7),
    ("r-en-sample-bal-amr", 3.0, 2.2),
    ("r-sv-cv-c-lead", 2.0, 0.1),          # real Swedish voices, the leader talks 90 %
    ("r-sv-cv-c-lead-ulaw", 3.0, 0.8),
    ("r-sv-cv-d-lead-amr", 3.0, 2.2),      # the leader talks 95 %, through AMR-NB
    pytest.param("r-en-ami-012-bal-amr", 3.0, 8.6, marks=pytest.mark.xfail(
        strict=True, reason="measured 8.6 pp (DER 19 %): the two AMI voices confused through AMR-NB")),
    ("r-en-jfk-s91-lead", 2.0, 0.1),       # fresh: a voice no other half has
    ("r-en-jfk-s91-lead-ulaw", 3.0, 0.7),
    ("r-sv-cv-e-lead", 2.0, 0.8),
    ("r-en-ami-072-073-lead", 2.0, 1.3),
    ("r-en-ami-072-073-lead-amr", 3.0, 1.5),
    ("r-sv-cv-g-lead-amr", 3.0, 1.7),
    pytest.param("r-sv-cv-f-bal", 2.0, 11.2, marks=pytest.mark.xfail(
        strict=True, reason="measured 11.2 pp: heard as one voice, the prior's two-voice split gives 61 / 39 % "
                            "for a 50 / 50 truth (the notice says the shares rest on a split)")),
    ("r-sv-cv-h-lead", 2.0, 1.4),          # unseen
    ("r-sv-cv-j-lead-amr", 3.0, 0.1),
    ("r-en-ami-009-st-lead", 2.0, 0.9),    # AMI MEE009 leading one channel of stereo_diarization.wav
    ("r-en-ami-012-072-bal-ulaw", 3.0, 0.3),
    pytest.param("r-sv-cv-i-bal", 2.0, 18.9, marks=pytest.mark.xfail(
        strict=True, reason="measured 18.9 pp (44.5 before session 11): the listener (one 2.0 s sentence, looped) "
                            "a 0.8 % sliver, the split beside it gives 64 / 36 % for 55 / 45 % (the notice says so)")),
    ("r-en-azure-ks-lead", 2.0, 0.2),      # novel (session 11): Katie leads Steve, voices no other half has
    ("r-en-ami-009-steve-lead-amr", 3.0, 1.3),
    ("r-sv-cv-k-lead-amr", 3.0, 0.6),
    pytest.param("r-sv-cv-m-lead", 2.0, 7.9, marks=pytest.mark.xfail(
        strict=True, reason="measured 7.9 pp: heard as one voice, its split sounds like one (0.987) and is refused "
                            "(the notice says a voice may be hidden)")),
]
HALVES = ("heldout", "fresh", "unseen", "novel")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, DEV / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Builder and scorer; the meetings' audio made where missing."""
    need(REAL)
    sys.path.insert(0, str(DEV))
    build, evaluate = _module("build"), _module("evaluate")
    halves = json.loads((DEV / "split.json").read_text())
    split = {mid: kind for half in HALVES for mid, kind in halves[half].items()}
    specs = {d[0]: d for d in build.DIALOGUES + build.FRESH_DIALOGUES + build.UNSEEN_DIALOGUES + build.NOVEL_DIALOGUES}
    for meeting in (m.values[0] if hasattr(m, "values") else m[0] for m in MEETINGS):
        folder = DEV / "audio" / split[meeting]
        folder.mkdir(parents=True, exist_ok=True)
        source = meeting.removesuffix("-ulaw").removesuffix("-amr")
        wav = DEV / "audio" / "real" / f"{source}.wav"
        if not wav.exists():
            (DEV / "audio" / "real").mkdir(parents=True, exist_ok=True)
            build.real_dialogue(specs[source], wav.parent, tmp_path_factory.mktemp("truth"))
        if source != meeting and not (folder / f"{meeting}.wav").exists():
            build.telephone(wav, folder / f"{meeting}.wav", "pcm_mulaw" if meeting.endswith("-ulaw") else "libopencore_amrnb")
    return split, evaluate


@pytest.fixture(scope="module")
def diarizer():
    return Analyzer(Options()).diarizer   # default flags: one-on-one, no count


@pytest.mark.parametrize("meeting,bound_pp,measured_pp", MEETINGS)
def test_talk_share_on_held_out_meetings(corpus, diarizer, meeting, bound_pp, measured_pp):
    split, evaluate = corpus
    # the meeting type's prior is the pipeline's step after the diarizer (Analyzer.analyze), as in evaluate.py
    out = with_prior(diarizer(decode(DEV / "audio" / split[meeting] / f"{meeting}.wav")), Options().meeting_type)
    row = evaluate.score(DEV / "truth", meeting, out.turns)
    assert row["count_right"], row
    assert row["error_pp"] <= bound_pp, row
