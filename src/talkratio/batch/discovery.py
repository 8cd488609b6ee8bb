"""Which files of a folder are recordings, and where each one's reports go.

Kept apart from the run so that the rules for what counts as a recording (by name, else by
content) can be read and tested without the workers or the output files.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..io import visible_files
from ..transcripts import is_transcript

MEDIA = frozenset(
    ".wav .wave .mp3 .m4a .aac .flac .ogg .oga .opus .wma .aif .aiff .aifc .amr .3ga .caf .mka .ac3 .au "
    ".mp4 .m4v .mov .mkv .webm .avi .wmv .mpg .mpeg .ts .mts .m2ts .flv .3gp .3g2 .ogv".split())
NOT_MEDIA = frozenset(   # common companions of recordings: not worth opening to sniff
    ".json .txt .rttm .yaml .yml .csv .tsv .html .htm .md .pdf .srt .vtt .doc .docx .xls .xlsx .pptx .py .log "
    ".xml .ini .toml .zip .gz .tar .7z .jpg .jpeg .png .gif .svg .bmp .tif .tiff .webp .heic .tmp".split())


@dataclass(frozen=True)
class Recording:
    path: Path    # as found under the folder (a recording, or a transcript that has none)
    rel: str      # posix path relative to the folder: the order, and its name in every output
    stem: str     # where its reports go, relative to OUT, without the format suffix
    transcript: Path | None = None   # a transcript beside the recording with the same stem
    meeting_type: str | None = None  # its own (sub-folder or sidecar: per_file.py); None: the run's


def probe(path: Path) -> bool:
    """Content sniffing for a file whose name says nothing: does FFmpeg find an audio stream in it?"""
    try:
        if path.stat().st_size == 0:
            return False
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            return bool(container.streams.audio)
    except Exception:  # anything FFmpeg cannot open is simply not a recording
        return False


def is_media(path: Path) -> bool:
    """A recording by its name, or (name unknown) by its content. A broken `.wav` still counts:
    it is meant as a recording, so it is analysed and its failure reported."""
    if not path.is_file():
        return False
    ext = path.suffix.lower()
    return ext in MEDIA or (ext not in NOT_MEDIA and probe(path))


def discover(folder: Path, pattern: str | None = None, exclude: Iterable[Path] = (),
             written: Iterable[Path] = ()) -> list[Recording]:
    """Every recording under `folder`, sorted by relative path; hidden files and folders skipped.
    `pattern` is matched against the relative path from the right (`*.m4a`, `2025-*/*.wav`).
    Transcripts (talkratio.transcripts.pair): one beside a recording with its stem goes with it;
    one alone is analysed alone; files an earlier run `written` are never taken for input."""
    from ..transcripts.pairing import pair

    folder = Path(folder)
    skip = {Path(p).resolve() for p in exclude}
    found, texts = [], []
    for path in visible_files(folder, skip):
        rel = path.relative_to(folder).as_posix()
        if is_transcript(path):
            texts.append(rel)
        elif (not pattern or PurePosixPath(rel).match(pattern)) and is_media(path):
            found.append(rel)
    beside, alone = pair(folder, found, texts, pattern, written)
    found = sorted(found + alone)
    stems = Counter(PurePosixPath(rel).with_suffix("").as_posix().casefold() for rel in found)
    return [Recording(folder / rel, rel, rel if stems[PurePosixPath(rel).with_suffix("").as_posix().casefold()] > 1
                      else PurePosixPath(rel).with_suffix("").as_posix(), beside.get(rel)) for rel in found]
