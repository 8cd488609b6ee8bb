"""One speaker per channel, for stereo call recordings: Silero VAD on each channel.

Cheap and exact when each side was recorded on its own channel; wrong for a room mic.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..progress import Hook, silent
from ..schema import SAMPLE_RATE, Audio, Diarization, Turn
from . import exclusive_view

# Tight padding: VAD's default 400 ms pad would add ~0.8 s to every turn and skew talk share.
VAD = {"threshold": 0.5, "min_speech_duration_ms": 150, "min_silence_duration_ms": 300, "speech_pad_ms": 30}


@dataclass
class ChannelDiarizer:
    name: str = "channels"

    def __call__(self, audio: Audio, *, num_speakers=None, min_speakers=None, max_speakers=None,
                 hook: Hook = silent) -> Diarization:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        from ..models import model_files

        model_files("silero-vad-v6")  # verify the packaged VAD weights before use
        n = audio.samples.shape[0]
        if n < 2:
            raise UsageError(f"{audio.info.path}: --diarization channels needs a stereo file (this one has 1 channel)")
        turns = []
        for ch in range(n):
            hook("diarize", completed=ch, total=n)
            for ts in get_speech_timestamps(audio.samples[ch], VadOptions(**VAD)):
                turns.append(Turn(f"SPEAKER_{ch:02d}", ts["start"] / SAMPLE_RATE, ts["end"] / SAMPLE_RATE))
        hook("diarize", completed=n, total=n)
        turns.sort(key=lambda t: (t.start, t.speaker))
        return Diarization(turns=tuple(turns), exclusive=exclusive_view(turns), model="channels (Silero VAD v6 per channel)")
