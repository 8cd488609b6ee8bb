"""The acoustic question cue: a final pitch rise, on synthetic tones and real read speech."""
from __future__ import annotations

import json

import numpy as np
import pytest

from corpus import REAL, need
from speech import utterance
from talkratio.prosody import RISE_THRESHOLD_ST, WINDOW_S, is_rising, pitch_rise_semitones
from talkratio.questions import detect_questions
from talkratio.schema import SAMPLE_RATE

SR = SAMPLE_RATE


def voice(f0: np.ndarray) -> np.ndarray:
    """A vowel-like harmonic tone following the F0 contour `f0` (Hz per sample)."""
    phase = 2 * np.pi * np.cumsum(f0) / SR
    tone = sum(np.sin(k * phase) / k for k in range(1, 8))
    return (0.2 * tone).astype(np.float32)


def contour(final_hz: float, steady_hz: float = 150.0, seconds: float = 1.6, glide_s: float = 0.45) -> np.ndarray:
    """Steady pitch, then a glide to `final_hz` over the last `glide_s` seconds."""
    n, g = int(seconds * SR), int(glide_s * SR)
    return np.concatenate([np.full(n - g, steady_hz), np.geomspace(steady_hz, final_hz, g)])


def semitones(a: float, b: float) -> float:
    return 12 * np.log2(b / a)


def test_rising_tone_is_a_question():
    rise = pitch_rise_semitones(voice(contour(220.0)), 0.0, 1.6)
    # the measure is the median of the last fifth: a glide still climbing reads a little low
    assert semitones(150, 220) - 2.0 <= rise <= semitones(150, 220) + 0.5
    assert is_rising(rise)


@pytest.mark.parametrize("final_hz", [150.0, 110.0, 160.0])  # flat, falling, a small continuation rise
def test_flat_falling_and_small_rises_are_not(final_hz):
    rise = pitch_rise_semitones(voice(contour(final_hz)), 0.0, 1.6)
    assert rise is not None and rise < RISE_THRESHOLD_ST


def test_noise_and_silence_give_no_verdict():
    rng = np.random.default_rng(0)
    assert pitch_rise_semitones((0.1 * rng.standard_normal(SR)).astype(np.float32), 0.0, 1.0) is None
    assert pitch_rise_semitones(np.zeros(SR, np.float32), 0.0, 1.0) is None
    assert not is_rising(None)


def test_rise_after_until_is_not_counted():
    """The next speaker's rising voice right after the sentence is not this sentence's rise."""
    audio = np.concatenate([voice(contour(110.0, seconds=1.0)), voice(contour(260.0, seconds=1.0, glide_s=0.9))])
    assert is_rising(pitch_rise_semitones(audio, 0.3, 1.0 + 0.15 + WINDOW_S))
    assert not is_rising(pitch_rise_semitones(audio, 0.3, 0.98, until=1.0))


def test_declarative_question_found_by_pitch_only():
    """ "Du har pratat med ekonomi." has no lexical cue: only a rising voice makes it a question."""
    text, end = "Du har pratat med ekonomi.", 1.6
    rising, falling = voice(contour(230.0)), voice(contour(105.0))
    (q,) = detect_questions([utterance(text, "A", 0.0, end)], "sv", audio=rising)
    assert q.kind == "closed" and q.cue.startswith("rising pitch (+") and q.cue.endswith(" st)")
    assert detect_questions([utterance(text, "A", 0.0, end)], "sv", audio=falling) == ()
    assert detect_questions([utterance(text, "A", 0.0, end)], "sv") == ()
    # only the turn-final sentence is asked: a rise before more speech is a continuation
    assert detect_questions([utterance(text + " Det vet jag.", "A", 0.0, end + 1.0)], "sv",
                            audio=np.concatenate([rising, voice(contour(100.0, seconds=1.0))])) == ()


@pytest.mark.parametrize("text, lang", [
    ("Jag undrar om du har tid.", "sv"),         # indirect: never the speaker's question without "?"
    ("Jag lämnar dig.", "sv"),                   # about oneself: a rise there is friendliness
    ("I'm going to give this a try.", "en"),
    ("Good morning Steve.", "en"),              # greetings and thanks are often sung with a rise
    ("Tack så mycket.", "sv"),
    ("Okej.", "sv"),                             # a backchannel, not a sentence
])
def test_pitch_does_not_make_these_questions(text, lang):
    assert detect_questions([utterance(text, "A", 0.0, 1.6)], lang, audio=voice(contour(230.0))) == ()


def _speech_span(x: np.ndarray) -> tuple[float, float]:
    """First and last 10 ms frame above a tenth of the loudest: the read sentence in a clip."""
    frames = x[: len(x) // 160 * 160].reshape(-1, 160)
    energy = np.sqrt((frames ** 2).mean(axis=1))
    loud = np.flatnonzero(energy > 0.1 * energy.max())
    return loud[0] / 100, (loud[-1] + 1) / 100


def test_real_swedish_statements_do_not_rise():
    """Real read speech (Common Voice) and TTS: no statement passes the threshold, and the clip
    read with a question's rise ("Har jag sagt hur mycket jag uppskattar dig") does."""
    from talkratio.audio import decode

    rises = {}
    for name, item in json.loads(need(REAL / "transcripts.json").read_text(encoding="utf-8")).items():
        if name.startswith("sv/"):
            x = decode(REAL / name).mono
            rises[name] = (bool(item["questions"]), pitch_rise_semitones(x, *_speech_span(x)))
    statements = {n: r for n, (q, r) in rises.items() if not q}
    assert len(statements) >= 10 and not any(is_rising(r) for r in statements.values()), statements
    assert is_rising(rises["sv/common_voice_sv-SE_18746434.wav"][1])
