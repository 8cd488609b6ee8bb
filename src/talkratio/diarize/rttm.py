"""Use a given RTTM file instead of diarizing (a reference, or another tool's output)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..io import open_input
from ..progress import Hook, silent
from ..reportfile import LONGEST_S
from ..schema import Audio, Diarization, Turn
from . import exclusive_view


def read_rttm(path: Path, uri: str | None = None) -> tuple[Turn, ...]:
    """SPEAKER lines of `path`; when several recordings share the file, those of `uri`."""
    try:
        with open_input(Path(path), "an RTTM file") as f:  # only a regular file: a FIFO would block
            lines = f.read().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read RTTM ({getattr(err, 'strerror', None) or err})") from None
    rows = [(n, line.split()) for n, line in enumerate(lines, 1) if line.startswith("SPEAKER")]
    for n, r in rows:  # SPEAKER uri channel start duration <NA> <NA> name …: each field checked, with its line
        if len(r) < 8 or not all(_seconds(x) is not None for x in r[3:5]):
            raise UsageError(f"{path}: not a valid RTTM file (line {n}: want 'SPEAKER uri 1 start duration "
                             f"<NA> <NA> name' with times from 0 to one week)")
    if uri and any(r[1] == uri for _, r in rows):
        rows = [(n, r) for n, r in rows if r[1] == uri]
    turns = [Turn(r[7], float(r[3]), float(r[3]) + float(r[4])) for _, r in rows]
    return tuple(sorted(turns, key=lambda t: (t.start, t.speaker)))


def _seconds(text: str) -> float | None:
    """A time an RTTM may hold: a finite number of seconds from 0 to a week (1e15 s hung the report's timeline)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= LONGEST_S else None  # NaN fails both comparisons


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
