"""Use a given RTTM file instead of diarizing (a reference, or another tool's output)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..io import open_input
from ..progress import Hook, silent
from ..schema import Audio, Diarization, Turn
from . import exclusive_view


def read_rttm(path: Path, uri: str | None = None) -> tuple[Turn, ...]:
    """SPEAKER lines of `path`; when several recordings share the file, those of `uri`."""
    try:
        with open_input(Path(path), "an RTTM file") as f:  # only a regular file: a FIFO would block
            lines = f.read().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read RTTM ({getattr(err, 'strerror', None) or err})") from None
    rows = [line.split() for line in lines if line.startswith("SPEAKER")]
    if uri and any(r[1] == uri for r in rows):
        rows = [r for r in rows if r[1] == uri]
    try:
        turns = [Turn(r[7], float(r[3]), float(r[3]) + float(r[4])) for r in rows]
    except (IndexError, ValueError):
        raise UsageError(f"{path}: not a valid RTTM file") from None
    return tuple(sorted(turns, key=lambda t: (t.start, t.speaker)))


@dataclass
class RttmDiarizer:
    rttm: Path | None = None
    name: str = "rttm"

    def __call__(self, audio: Audio, *, num_speakers=None, min_speakers=None, max_speakers=None,
                 hook: Hook = silent) -> Diarization:
        if self.rttm is None:
            raise UsageError("--diarization rttm needs --rttm FILE")
        turns = read_rttm(self.rttm, Path(audio.info.path).stem)
        return Diarization(turns=turns, exclusive=exclusive_view(turns), model=f"rttm:{Path(self.rttm).name}")
