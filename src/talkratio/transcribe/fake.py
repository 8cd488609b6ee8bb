"""A transcriber that returns given words: tests of everything after transcription."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..progress import Hook, silent
from ..schema import Audio, Transcript, Turn, Word


@dataclass
class FakeTranscriber:
    words: Sequence[Word] = ()
    language: str = "sv"
    name: str = "fake"

    def __call__(self, audio: Audio, *, language: str = "auto", speech: Sequence[Turn] = (),
                 hook: Hook = silent) -> Transcript:
        lang = self.language if language == "auto" else language
        return Transcript(words=tuple(self.words), language=lang, language_probability=1.0, model="fake")
