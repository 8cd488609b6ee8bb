"""The prior asking for the second voice it expects (issue 18): when only one voice was heard, the
diarizer's best two-voice split of the same audio is taken if its parts sound unlike. Fakes only."""
from __future__ import annotations

import json
import wave
from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np
import pytest

from fixtures import sample_report
from talkratio.cache import diarization_from_dict, diarization_to_dict
from talkratio.diarize import exclusive_view
from talkratio.diarize.expected import expected_in, one_voice_heard, split_in, split_sounds_apart, with_prior
from talkratio.diarize.fake import FakeDiarizer
from talkratio.diarize.pyannote import SAME_VOICE, PyannoteDiarizer, _forced_two
from talkratio.errors import BackendError
from talkratio.notices import notices
from talkratio.pipeline import Analyzer, Options
from talkratio.schema import SAMPLE_RATE, Audio, AudioInfo, Diarization, Turn

ONE = (Turn("SPEAKER_00", 0.0, 100.0),)
TWO = (Turn("SPEAKER_00", 0.0, 59.0), Turn("SPEAKER_01", 59.0, 100.0))


def voices(similarity: float) -> dict[str, tuple[float, ...]]:
    """Two unit centroids whose cosine is `similarity`."""
    return {"SPEAKER_00": (1.0, 0.0), "SPEAKER_01": (similarity, float(np.sqrt(1 - similarity ** 2)))}


def heard_as_one(similarity: float | None) -> Diarization:
    """One voice found; with a two-voice split of the given centroid cosine (None: no split recorded)."""
    split = None if similarity is None else Diarization(TWO, exclusive_view(TWO), "pyannote, 2 voices forced",
                                                        voices(similarity))
    return Diarization(ONE, ONE, "pyannote", {"SPEAKER_00": (1.0, 0.0)}, two_voices=split)


def test_a_split_whose_parts_sound_unlike_is_taken_where_two_are_expected():
    for meeting_type in ("one-on-one", "sales"):
        out = with_prior(heard_as_one(0.84), meeting_type)          # r-sv-cv-f-bal forced to two: 0.84
        assert out.turns == TWO and set(out.embeddings) == {"SPEAKER_00", "SPEAKER_01"}
        assert split_in(out.model) and expected_in(out.model) == 2 and out.two_voices is None


def test_a_split_of_one_voice_is_not_taken():
    out = with_prior(heard_as_one(0.975), "one-on-one")             # a 96 % monologue forced to two: 0.975
    assert out.turns == ONE and not split_in(out.model) and expected_in(out.model) == 2
    assert not split_sounds_apart(heard_as_one(SAME_VOICE + 0.001).two_voices)
    assert split_sounds_apart(heard_as_one(SAME_VOICE - 0.01).two_voices)
    assert with_prior(heard_as_one(None), "one-on-one").turns == ONE   # nothing recorded: nothing to take


def test_a_split_without_both_centroids_is_not_taken():
    d = heard_as_one(0.5)
    d = replace(d, two_voices=replace(d.two_voices, embeddings={"SPEAKER_00": (1.0, 0.0)}))
    assert with_prior(d, "one-on-one").turns == ONE


def test_team_meetings_and_two_voices_found_are_untouched():
    d = heard_as_one(0.5)
    assert with_prior(d, "team") is d
    found_two = replace(d, turns=TWO, exclusive=TWO, embeddings=voices(0.5),
                        two_voices=replace(d.two_voices, turns=ONE))  # only a one-voice result is split
    assert with_prior(found_two, "one-on-one").turns == TWO and not split_in(with_prior(found_two, "one-on-one").model)


def test_one_voice_beside_a_centroid_less_sliver_is_one_voice_heard():
    """pyannote's overlap count can add a speaker the clustering never found (no centroid, ~1 % of the
    talk): the recording is still heard as one voice, so the split is taken as for one voice."""
    d = heard_as_one(0.84)
    sliver = (Turn("SPEAKER_00", 0.0, 100.0), Turn("SPEAKER_01", 40.0, 41.0))
    d = replace(d, turns=sliver, exclusive=exclusive_view(sliver))
    out = with_prior(d, "one-on-one")
    assert out.turns == TWO and split_in(out.model)
    assert with_prior(replace(d, two_voices=heard_as_one(0.95).two_voices), "one-on-one").turns == sliver
    assert not one_voice_heard((), {})                                   # silence: nothing to split
    overlap = (Turn("SPEAKER_00", 0.0, 100.0), Turn("SPEAKER_01", 40.0, 65.0))   # 20 %: not a sliver
    assert with_prior(replace(d, turns=overlap, exclusive=exclusive_view(overlap)), "one-on-one").turns == overlap


@dataclass
class _Pyannote(FakeDiarizer):
    """pyannote by name (the prior is for its count only), returning one voice with a split recorded."""
    name: str = "pyannote"
    similarity: float = 0.84

    def __call__(self, audio, **counts):
        return heard_as_one(self.similarity)


def test_the_pipeline_takes_it_by_each_recordings_type_and_never_against_a_given_count(tmp_path):
    path = tmp_path / "m.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(np.zeros(16000 * 101, dtype=np.int16).tobytes())
    analyzer = Analyzer(Options(transcript=False), diarizer=_Pyannote())   # default type: one-on-one
    report = analyzer.analyze(path)
    assert len(report.speakers) == 2 and split_in(report.models["diarization"])
    assert "diarization.split" in [n.key for n in notices(report, "sv")]
    assert len(analyzer.analyze(path, meeting_type="team").speakers) == 1       # a folder's team/ recording
    for counts in ({"num_speakers": 1}, {"max_speakers": 2}, {"min_speakers": 1}):
        given = Analyzer(Options(transcript=False, **counts), diarizer=_Pyannote()).analyze(path)
        assert len(given.speakers) == 1 and not split_in(given.models["diarization"])   # their word stands
    alike = Analyzer(Options(transcript=False), diarizer=_Pyannote(similarity=0.95)).analyze(path)
    assert len(alike.speakers) == 1 and "diarization.one_voice" in [n.key for n in notices(alike, "sv")]


def test_the_report_says_the_second_voice_came_from_the_split():
    r = sample_report("sv")
    model = "pyannote.audio X, second voice from a two-voice split, 2 voices expected"
    sv = replace(r, models={**r.models, "diarization": model})
    text = next(n.text for n in notices(sv, "sv") if n.key == "diarization.split")
    assert "bara en röst" in text and "två röster" in text
    en = replace(sample_report("en"), models={**r.models, "diarization": model})
    assert "two voices" in next(n.text for n in notices(en, "en") if n.key == "diarization.split")
    plain = replace(r, models={**r.models, "diarization": "pyannote.audio X, 2 voices expected"})
    assert "diarization.split" not in [n.key for n in notices(plain, "sv")]


def test_the_scores_built_on_the_shares_are_unsure_when_a_notice_doubts_the_shares():
    """Honest output: beside "the talk shares rest on that split" (or "a listener may be hidden"), the
    listening balance and the overall score that weighs it are shown as unsure; the word scores are not."""
    from talkratio.diarize.expected import shares_in_doubt
    from talkratio.rescore import rescore

    r = sample_report("sv")
    scored = {kind: rescore(replace(r, models={**r.models, "diarization": f"pyannote.audio X{kind}, 2 voices expected"}))
              for kind in ("", ", second voice from a two-voice split")}
    assert not scored[""].scores.listening_balance.uncertain and not scored[""].scores.overall.uncertain
    split = scored[", second voice from a two-voice split"].scores
    assert split.listening_balance.uncertain and split.overall.uncertain and not split.open_questions.uncertain
    assert split.listening_balance.value == scored[""].scores.listening_balance.value   # unsure, not changed
    prior = "pyannote.audio X, 2 voices expected"
    assert shares_in_doubt(prior, [0.99, 0.01], "one-on-one") and shares_in_doubt(prior, [1.0], "sales")
    assert not shares_in_doubt(prior, [0.6, 0.4], "one-on-one") and not shares_in_doubt(prior, [0.99, 0.01], "team")
    assert not shares_in_doubt("pyannote.audio X", [1.0], "one-on-one")   # a count given: no prior, no doubt


def test_the_split_survives_the_stage_cache_and_old_entries_still_load():
    d = heard_as_one(0.84)
    assert diarization_from_dict(json.loads(json.dumps(diarization_to_dict(d)))) == d
    old = diarization_to_dict(replace(d, two_voices=None))
    del old["two_voices"]                                            # an entry written before the field
    assert diarization_from_dict(old) == replace(d, two_voices=None)


def _out(labels: list[str]):
    return SimpleNamespace(speaker_diarization=SimpleNamespace(labels=lambda: labels))


def test_a_split_that_cannot_be_made_does_not_fail_the_diarization():
    def fails(**counts):
        raise BackendError("diarization failed: too little to cluster")
    assert _forced_two(fails) is None
    assert _forced_two(lambda **counts: _out(["SPEAKER_00"])) is None          # still one voice: no split
    two = _out(["SPEAKER_00", "SPEAKER_01"])
    assert _forced_two(lambda **counts: two if counts == {"num_speakers": 2} else None) is two


class _Pipeline:
    """pyannote's pipeline, faked: one voice unforced, two when forced; records the counts it got."""

    def __init__(self, sliver: bool = False):
        self.calls, self.forgotten, self.sliver = [], 0, sliver
        self._embedding = SimpleNamespace(model_=None)   # no island is embedded on a steady tone

    def __call__(self, file, hook=None, **counts):
        from pyannote.core import Annotation, Segment

        self.calls.append({k: v for k, v in counts.items() if v is not None})
        two = counts.get("num_speakers") == 2
        ann = Annotation()
        ann[Segment(0.0, 1.2 if two else 2.0)] = "SPEAKER_00"
        if two or self.sliver:   # the sliver: a speaker of the overlap count, with a zero centroid
            ann[Segment(1.2, 2.0) if two else Segment(0.5, 0.52)] = "SPEAKER_01"   # 1 %
        centroids = np.array([[1.0, 0.0], [0.8, 0.6]]) if two else np.array([[1.0, 0.0], [0.0, 0.0]])[:1 + self.sliver]
        return SimpleNamespace(speaker_diarization=ann, exclusive_speaker_diarization=ann, speaker_embeddings=centroids)

    def forget(self):
        self.forgotten += 1


@pytest.mark.parametrize("counts", [{}, {"num_speakers": 1}, {"max_speakers": 3}])
def test_the_diarizer_records_a_split_only_when_no_count_was_given(counts):
    tone = np.sin(np.arange(2 * SAMPLE_RATE) * 0.05).astype(np.float32)[None]
    audio = Audio(AudioInfo("m.wav", "0", 2.0, 1, SAMPLE_RATE), tone)
    pipeline = _Pipeline()
    out = PyannoteDiarizer(_pipeline=pipeline)(audio, **counts)
    assert out.speakers == ("SPEAKER_00",) and pipeline.forgotten == 1      # the reused arrays are let go
    if counts:
        assert out.two_voices is None and {"num_speakers": 2} not in pipeline.calls
    else:
        assert pipeline.calls == [{}, {"num_speakers": 2}]
        assert out.two_voices.speakers == ("SPEAKER_00", "SPEAKER_01") and len(out.two_voices.embeddings) == 2


def test_the_diarizer_records_a_split_beside_a_centroid_less_sliver():
    tone = np.sin(np.arange(2 * SAMPLE_RATE) * 0.05).astype(np.float32)[None]
    audio = Audio(AudioInfo("m.wav", "0", 2.0, 1, SAMPLE_RATE), tone)
    pipeline = _Pipeline(sliver=True)
    out = PyannoteDiarizer(_pipeline=pipeline)(audio)
    assert len(out.speakers) == 2 and list(out.embeddings) == ["SPEAKER_00"]
    assert pipeline.calls == [{}, {"num_speakers": 2}] and len(out.two_voices.embeddings) == 2
