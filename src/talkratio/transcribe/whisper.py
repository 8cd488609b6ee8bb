"""faster-whisper, int8 on the CPU, word timestamps, VAD filter.

Language: "auto" asks Whisper for language probabilities on several stretches of speech
spread over the meeting (not only the first 30 s, which may be silence, a name or music)
and chooses between the languages we analyse. A wrong guess is costly — decoding espeak
Swedish as Latin ran at half real time and produced garbage — so the guess is restricted
to sv/en and then fixed for the whole transcription.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import BackendError, ModelError
from ..progress import Hook, silent
from ..schema import SAMPLE_RATE, Audio, Transcript, Turn, Word
from . import LANGUAGES, check_language

DEFAULT = "base"
PROBE_WINDOWS = 5      # stretches of speech used to detect the language
PROBE_S = 30.0


@dataclass
class WhisperTranscriber:
    """`model`: "base" (offline default, from the manifest), another faster-whisper name, or a folder."""

    model: str = DEFAULT
    beam_size: int = 5
    threads: int = 0
    name: str = "whisper"
    _model: object = field(default=None, repr=False)

    def _load(self):
        if self._model is not None:
            return self._model
        from faster_whisper import WhisperModel

        from ..models import model_path

        source = str(model_path("whisper-base")) if self.model == DEFAULT else self.model
        if self.model != DEFAULT and not Path(source).is_dir() and os.environ.get("HF_HUB_OFFLINE") == "1":
            raise ModelError(f"model '{self.model}' is not a local folder; talkratio works offline — "
                             f"pass a faster-whisper model folder, or --allow-download to fetch it")
        try:
            self._model = WhisperModel(source, device="cpu", compute_type="int8",
                                       cpu_threads=self.threads or os.cpu_count() or 1)
        except Exception as err:
            raise ModelError(f"cannot load Whisper model '{self.model}': {err}") from None
        return self._model

    def describe(self) -> str:
        return f"faster-whisper {self.model} (int8, beam {self.beam_size})"

    def detect_language(self, mono: np.ndarray, speech: Sequence[Turn]) -> tuple[str, float]:
        """Sum sv/en probabilities over up to PROBE_WINDOWS windows spread over the speech."""
        model = self._load()
        duration = len(mono) / SAMPLE_RATE
        if speech:
            spoken = sorted(speech, key=lambda t: t.start)
            centres = [spoken[int(i * (len(spoken) - 1) / max(1, PROBE_WINDOWS - 1))] for i in range(PROBE_WINDOWS)]
            starts = sorted({max(0.0, min(t.start, duration - PROBE_S)) for t in centres})
        else:
            starts = sorted({max(0.0, i * (duration - PROBE_S) / max(1, PROBE_WINDOWS - 1)) for i in range(PROBE_WINDOWS)})
        totals = dict.fromkeys(LANGUAGES, 0.0)
        for start in starts:
            window = mono[int(start * SAMPLE_RATE):int((start + PROBE_S) * SAMPLE_RATE)]
            _, _, probs = model.detect_language(window)
            for lang, p in probs:
                if lang in totals:
                    totals[lang] += p
        best = max(totals, key=totals.get)
        return best, totals[best] / len(starts)  # Whisper's own mean probability, not renormalised

    def __call__(self, audio: Audio, *, language: str = "auto", speech: Sequence[Turn] = (),
                 hook: Hook = silent) -> Transcript:
        check_language(language)
        model = self._load()
        mono = np.ascontiguousarray(audio.mono, dtype=np.float32)
        duration = audio.info.duration_s
        probability = None
        if language == "auto":
            hook("language", completed=0, total=1)
            language, probability = self.detect_language(mono, speech)
            hook("language", completed=1, total=1)
        try:
            segments, _ = model.transcribe(
                mono, language=language, beam_size=self.beam_size, word_timestamps=True, vad_filter=True,
                condition_on_previous_text=False,  # a misheard line must not seed a loop of them
            )
            words = []
            for segment in segments:
                words.extend(Word(w.word, round(w.start, 3), round(w.end, 3), round(w.probability, 3))
                             for w in segment.words or ())
                hook("transcribe", completed=min(segment.end, duration), total=duration)
        except Exception as err:
            raise BackendError(f"transcription failed: {type(err).__name__}: {err}") from None
        hook("transcribe", completed=duration, total=duration)
        return Transcript(words=tuple(words), language=language,
                          language_probability=round(probability, 3) if probability is not None else 1.0,
                          model=self.describe())
