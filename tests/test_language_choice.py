"""Which language, and which model hears it: WhisperTranscriber with fake Whisper models.

The fake reads each 30 s window's number from its samples (window k is filled with k), so a test
says per window and language what the fit test would score, and which model was asked.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from talkratio import notices
from talkratio.schema import SAMPLE_RATE, Audio, AudioInfo
from talkratio.transcribe import whisper
from talkratio.transcribe.whisper import FIT_THIN, WhisperTranscriber


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TALKRATIO_CACHE", str(tmp_path / "cache"))  # an empty registry of downloads


class FakeWhisper:
    """`probs`: Whisper's language id per window; `fit[k][lang]`: mean token log-prob of window k."""

    def __init__(self, name="base", probs=(("sv", 0.1), ("en", 0.1), ("la", 0.6)), fit=None):
        self.name, self.probs, self.fit = name, list(probs), fit or {}
        self.transcribed: list[str] = []
        self.temperatures: list = []

    def detect_language(self, window):
        return self.probs[0][0], self.probs[0][1], self.probs

    def transcribe(self, window, language, **kwargs):
        self.temperatures.append(kwargs.get("temperature", "faster-whisper's ladder"))
        if kwargs.get("word_timestamps"):  # the real transcription
            self.transcribed.append(language)
            word = SimpleNamespace(word=f" {self.name}-{language}", start=0.0, end=0.5, probability=0.9)
            return [SimpleNamespace(words=[word], tokens=[1], avg_logprob=-0.1)], None
        score = self.fit.get(int(round(float(window[0]))), {}).get(language, -1.0)
        return [SimpleNamespace(tokens=[1, 2, 3, 4], avg_logprob=score)], None


def meeting(windows: int = 5) -> Audio:
    """150 s whose 30 s windows are numbered 0..4 (the probe spreads its 5 windows evenly)."""
    mono = np.repeat(np.arange(windows, dtype=np.float32), int(30 * SAMPLE_RATE))
    return Audio(AudioInfo("m.wav", "0", len(mono) / SAMPLE_RATE, 1, SAMPLE_RATE), mono[None, :])


def transcriber(*fakes: FakeWhisper, **options) -> WhisperTranscriber:
    t = WhisperTranscriber(threads=2, **options)
    t._models.update({f.name: f for f in fakes})
    return t


def held_out(windows=range(5), sv=-0.97, en=-0.95) -> dict:
    """The held-out check-in's numbers: English ahead by 0.02."""
    return {k: {"sv": sv, "en": en} for k in windows}


def test_a_confident_whisper_language_id_is_taken_without_a_fit_test():
    fake = FakeWhisper(probs=[("en", 0.9), ("sv", 0.05)])
    lang, p, method, margin = transcriber(fake).detect_language(meeting().mono, ())
    assert (lang, round(p, 2), method, margin) == ("en", 0.9, "whisper language id", None)


def test_a_clear_fit_test_decides_on_two_windows():
    fake = FakeWhisper(fit={0: {"sv": -0.6, "en": -1.2}, 1: {"sv": -0.6, "en": -1.2}})
    lang, p, method, margin = transcriber(fake).detect_language(meeting().mono, ())
    assert lang == "sv" and p is None and margin == pytest.approx(0.6)
    assert method.startswith("fit test on 2 windows") and "too thin" not in method


def test_a_thin_margin_hears_every_window_before_deciding():
    """The first two windows lean English by 0.02; the other three are clearly Swedish."""
    fit = {**held_out(range(2)), **{k: {"sv": -0.5, "en": -1.5} for k in (2, 3, 4)}}
    lang, _, method, margin = transcriber(FakeWhisper(fit=fit)).detect_language(meeting().mono, ())
    assert lang == "sv" and method.startswith("fit test on 5 windows")
    assert margin == pytest.approx((3 * 1.0 - 2 * 0.02) / 5)


def test_thin_everywhere_takes_swedish_not_english():
    lang, _, method, margin = transcriber(FakeWhisper(fit=held_out())).detect_language(meeting().mono, ())
    assert lang == "sv" and margin == pytest.approx(0.02)
    assert f"margin 0.02 under {FIT_THIN:.2f}, too thin to decide: sv taken" in method


def test_thin_everywhere_takes_the_configured_language():
    t = transcriber(FakeWhisper(fit=held_out(sv=-0.95, en=-0.97)), fallback_language="en")
    assert t.detect_language(meeting().mono, ())[0] == "en"


def test_a_short_meeting_with_one_window_still_falls_back():
    lang, _, method, _ = transcriber(FakeWhisper(fit=held_out())).detect_language(meeting(1).mono, ())
    assert lang == "sv" and method.startswith("fit test on 1 windows")


def test_the_swedish_model_hears_a_swedish_meeting_and_the_base_everything_else():
    base, kb = FakeWhisper("base", fit=held_out()), FakeWhisper("kb-whisper-base")
    t = transcriber(base, kb, by_language={"sv": "kb-whisper-base"}, choice={"*": "default", "sv": "language"})
    sv = t(meeting(), language="auto")
    assert sv.language == "sv" and [w.text for w in sv.words][:1] == [" kb-whisper-base-sv"]
    assert sv.model == "faster-whisper kb-whisper-base (int8, beam 5, temperature 0)" and sv.model_choice == "language"
    assert sv.language_margin == pytest.approx(0.02) and base.transcribed == [] and kb.transcribed
    en = t(meeting(), language="en")
    assert en.model == "faster-whisper base (int8, beam 5, temperature 0)" and en.model_choice == "default"
    assert set(base.transcribed) == {"en"} and en.language_margin is None
    assert "sv: faster-whisper kb-whisper-base" in t.describe()  # the cache key knows the route


def test_option_model_hears_every_language():
    only = FakeWhisper("/models/mine")
    t = transcriber(only, model="/models/mine", choice={"*": "option"})
    out = t(meeting(), language="sv")
    assert out.model_choice == "option" and out.model.startswith("faster-whisper /models/mine")


def test_an_undownloaded_kb_model_says_which_command_fetches_it():
    from talkratio.errors import ModelError

    with pytest.raises(ModelError, match="not downloaded: talkratio models download kb-whisper-small"):
        WhisperTranscriber(model="kb-whisper-small")._source("kb-whisper-small")


def test_notices_follow_the_report(monkeypatch):
    from fixtures import sample_report
    from talkratio.report import to_dict

    assert notices.FIT_THIN == whisper.FIT_THIN  # one threshold, written twice
    r = sample_report("sv")
    base = replace(r, models={**r.models, "asr": "faster-whisper base (int8, beam 5)", "language_margin": 0.02})
    keys = [n.key for n in notices.notices(base, "sv")]
    assert keys == ["asr.multilingual_sv", "language.thin"]
    assert "0,02" in notices.notices(base, "sv")[1].text and "0.02" in notices.notices(base, "en")[1].text
    kb = replace(r, models={**r.models, "asr": "faster-whisper kb-whisper-base (KBLab/kb-whisper-base@abc, int8, beam 5)",
                            "language_margin": 0.4})
    assert notices.notices(kb, "sv") == ()
    english = replace(base, language="en", models={**base.models, "language_margin": 0.5})
    assert notices.notices(english, "en") == ()
    assert [n["key"] for n in to_dict(base)["notices"]] == keys
    assert to_dict(base)["notices"][0]["command"] == "talkratio models download kb-whisper-base"


def test_every_decoding_is_beam_search_at_one_temperature_never_sampled():
    """faster-whisper's default ladder samples at 0.2 … 1.0 with a generator CTranslate2 seeds from the
    OS: the same recording then gave a different transcript from one process to the next."""
    fake = FakeWhisper(fit=held_out())
    transcriber(fake)(meeting(), language="auto")
    assert fake.transcribed and set(fake.temperatures) == {0.0}
