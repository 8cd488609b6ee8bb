"""Transcribers: words with timestamps. A small protocol, a registry, lazy heavy imports."""
from __future__ import annotations

import importlib
from typing import Protocol, Sequence

from ..errors import UsageError
from ..progress import Hook, silent
from ..schema import Audio, Transcript, Turn

BACKENDS = {
    "whisper": "talkratio.transcribe.whisper:WhisperTranscriber",
    "fake": "talkratio.transcribe.fake:FakeTranscriber",
    "file": "talkratio.transcripts.beside:FileTranscriber",   # a platform's transcript beside the audio
}
LANGUAGES = ("sv", "en")  # the languages the analysis has rules for; "auto" picks one of them


class Transcriber(Protocol):
    name: str

    def __call__(self, audio: Audio, *, language: str = "auto", speech: Sequence[Turn] = (),
                 hook: Hook = silent) -> Transcript: ...


def get_transcriber(kind: str, **options) -> Transcriber:
    try:
        module, _, cls = BACKENDS[kind].partition(":")
    except KeyError:
        raise UsageError(f"unknown transcription backend '{kind}' (choose from {', '.join(BACKENDS)})") from None
    return getattr(importlib.import_module(module), cls)(**options)


def check_language(language: str) -> str:
    if language not in (*LANGUAGES, "auto"):
        raise UsageError(f"unsupported --language '{language}' (choose from {', '.join(LANGUAGES)} or auto)")
    return language
