"""A listener the segmentation merged into the host (issue 18): the report says its talk share is in doubt."""
from __future__ import annotations

from dataclasses import replace

from fixtures import sample_report
from talkratio.diarize.expected import HIDDEN_SHARE, expected_in, voice_maybe_hidden, with_prior
from talkratio.notices import notices
from talkratio.report import to_dict
from talkratio.schema import Diarization, Turn


def test_one_voice_or_a_sliver_where_two_are_expected_is_in_doubt():
    assert voice_maybe_hidden([1.0], 2)                                   # dd-sv-01: 100 %
    assert voice_maybe_hidden([0.992, 0.008], 2)                          # dd-sv-05: 99.2 / 0.8 %
    assert voice_maybe_hidden([1.0 - HIDDEN_SHARE / 2, HIDDEN_SHARE / 2], 2)
    assert not voice_maybe_hidden([0.975, 0.025], 2)                      # dd-en-00: a listener found
    assert not voice_maybe_hidden([0.6, 0.37, 0.03], 2)                   # a third voice the prior kept
    assert not voice_maybe_hidden([1.0], None) and not voice_maybe_hidden([0.99, 0.01], None)  # no prior


def test_the_prior_is_read_back_from_the_diarizations_model():
    d = Diarization(turns=(Turn("A", 0.0, 10.0),), exclusive=(Turn("A", 0.0, 10.0),), model="pyannote.audio X")
    assert expected_in(with_prior(d, "one-on-one").model) == 2 and expected_in(with_prior(d, "sales").model) == 2
    assert expected_in(with_prior(d, "team").model) is None and expected_in(d.model) is None
    assert expected_in("rttm file x.rttm") is None


def report_with(shares: tuple[float, ...], diarization: str, language: str = "sv"):
    r = sample_report(language)
    speakers = tuple(replace(s, talk_share=v) for s, v in zip(r.speakers, shares))
    return replace(r, speakers=speakers, models={**r.models, "diarization": diarization})


PRIOR = "pyannote.audio SpeakerDiarization: segmentation-3.0 (step 0.25) + CAM++ (agglomerative), 2 voices expected"


def test_the_report_says_so_in_its_language():
    sv = report_with((0.992, 0.008), PRIOR)
    found = [n for n in notices(sv, "sv") if n.key == "diarization.one_voice"]
    assert len(found) == 1 and "0,8 %" in found[0].text and "mötesledaren" in found[0].text
    assert "diarization.one_voice" in [n["key"] for n in to_dict(sv)["notices"]]
    en = [n for n in notices(report_with((0.992, 0.008), PRIOR, "en"), "en") if n.key == "diarization.one_voice"]
    assert len(en) == 1 and "0.8 %" in en[0].text and "one voice" in en[0].text
    alone = replace(sv, speakers=sv.speakers[:1])                          # dd-sv-01: one voice in all
    text = next(n.text for n in notices(alone, "sv") if n.key == "diarization.one_voice")
    assert "ingen annan röst hördes" in text and "%" not in text
    assert not [n for n in notices(replace(sv, speakers=()), "sv") if n.key == "diarization.one_voice"]  # silence


def test_no_doubt_where_the_listener_was_heard_or_no_prior_applied():
    keys = lambda r: [n.key for n in notices(r, "sv")]
    assert "diarization.one_voice" not in keys(report_with((0.95, 0.05), PRIOR))
    # a given speaker count, an RTTM or a team meeting: no prior, so nothing expected to compare with
    assert "diarization.one_voice" not in keys(report_with((0.992, 0.008), PRIOR.removesuffix(", 2 voices expected")))
    # re-scored as a team meeting (`report --meeting-type team`): two voices are no longer expected
    assert "diarization.one_voice" not in keys(replace(report_with((0.992, 0.008), PRIOR), meeting_type="team"))
    assert "diarization.one_voice" in keys(replace(report_with((0.992, 0.008), PRIOR), meeting_type="sales"))
