"""`analyze()`: the impure half — decode, diarize, transcribe — then `build_report()`.

An `Analyzer` holds its loaded models, so a batch pays for loading once per worker.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import functools
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from . import kernels, paging
from .audio import decode, sha256_file
from .cache import StageCache, backend_id, digest, through
from .diarize import check_counts, get_diarizer
from .diarize.expected import with_prior
from .errors import UsageError
from .profiles import load as load_profiles
from .profiles import match
from .progress import Hook, silent
from .report import build_report
from .schema import AudioInfo, Report, Transcript
from .transcribe import check_language, get_transcriber

MEETING_TYPES = ("one-on-one", "sales", "team")
# --fast: greedy decoding and a coarser diarization step (speed and quality cost in benchmarks/README.md)
FAST = {"beam_size": 1, "segmentation_step": 0.5}


@dataclass(frozen=True)
class Options:
    language: str = "auto"
    num_speakers: int | None = None
    min_speakers: int | None = None
    max_speakers: int | None = None
    diarization: str = "pyannote"
    diarization_model: str = "default"
    rttm: Path | None = None
    asr_model: str = "base"
    asr_by_language: Mapping[str, str] = field(default_factory=dict)  # meeting language → its own model (hub.choose)
    asr_choice: Mapping[str, str] = field(default_factory=lambda: {"*": "default"})  # language or "*" → why
    fallback_language: str = "sv"        # when the language evidence is too thin to decide
    beam_size: int = 5                   # --fast: 1 (greedy)
    segmentation_step: float = 0.25      # pyannote's window step, a fraction of its 10 s; --fast: 0.5
    transcript: bool = True              # False: talk time from diarization alone
    meeting_type: str = "one-on-one"
    host: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    recorded: dt.date | None = None
    use_profiles: bool = True            # name speakers whose voice matches an enrolled profile
    transcript_file: Path | None = None  # words and names from this transcript, not Whisper (transcripts/beside.py)
    needs: Mapping[str, str] = field(default_factory=dict)   # meeting type → needs method (needs_methods.py)

    def check(self) -> None:
        check_language(self.language)
        check_counts(self.num_speakers, self.min_speakers, self.max_speakers)
        if self.meeting_type not in MEETING_TYPES:
            raise UsageError(f"unknown --meeting-type '{self.meeting_type}' (choose from {', '.join(MEETING_TYPES)})")
        if self.transcript_file is not None:
            check_transcript_file(self.transcript_file, self.transcript)
        if self.needs:
            from .needs_methods import load

            for spec in self.needs.values():
                load(spec)   # a broken method file: one line before any model loads

    def settings(self) -> dict:
        return {"language": self.language, "num_speakers": self.num_speakers, "min_speakers": self.min_speakers,
                "max_speakers": self.max_speakers, "diarization": self.diarization, "asr_model": self.asr_model,
                **({"asr_by_language": dict(self.asr_by_language)} if self.asr_by_language else {}),
                "beam_size": self.beam_size, "segmentation_step": self.segmentation_step,
                "transcript": self.transcript, "meeting_type": self.meeting_type,
                **({"transcript_file": str(self.transcript_file)} if self.transcript_file else {})}


class Analyzer:
    def __init__(self, options: Options = Options(), *, diarizer=None, transcriber=None):
        options.check()
        self.options = options
        if diarizer is None:
            extra = ({"model": options.diarization_model, "segmentation_step": options.segmentation_step}
                     if options.diarization == "pyannote" else {})
            extra |= {"rttm": options.rttm} if options.diarization == "rttm" else {}
            diarizer = get_diarizer(options.diarization, **extra)
        if transcriber is None and options.transcript:
            transcriber = (get_transcriber("file", path=options.transcript_file) if options.transcript_file else
                           get_transcriber("whisper", model=options.asr_model, beam_size=options.beam_size,
                                           by_language=dict(options.asr_by_language),
                                           choice=dict(options.asr_choice),
                                           fallback_language=options.fallback_language))
        self.diarizer, self.transcriber = diarizer, transcriber

    def stage_keys(self, info: AudioInfo) -> tuple[str, str]:
        """Cache keys of diarization and transcript: the audio plus only the settings each depends on."""
        o = self.options
        rttm = (sha256_file(Path(o.rttm)), Path(info.path).stem) if o.rttm and Path(o.rttm).is_file() else None
        diarize = digest("diarization", info.sha256, o.diarization, o.diarization_model, rttm, o.num_speakers,
                         o.min_speakers, o.max_speakers, backend_id(self.diarizer))
        return diarize, digest("transcript", diarize, o.language, o.asr_model, o.beam_size, o.fallback_language,
                               backend_id(self.transcriber))

    def analyze(self, path: str | Path, hook: Hook = silent, cache: StageCache | None = None,
                transcript_file: Path | None = None, meeting_type: str | None = None) -> Report:
        """`cache`: reuse diarization and transcript from an earlier run with the same audio and model settings.
        `transcript_file`: this recording's own transcript (a folder run pairs them by name).
        `meeting_type`: this recording's own (a folder's sub-folder or sidecar), else the options'."""
        o = self.options
        if meeting_type is not None and meeting_type != o.meeting_type:
            o = replace(o, meeting_type=meeting_type)
            o.check()
        transcriber = get_transcriber("file", path=transcript_file) if transcript_file else self.transcriber
        timings: dict[str, float] = {}
        t = time.perf_counter()
        audio = decode(path, hook)
        timings["decode"] = time.perf_counter() - t

        def give_back() -> None:  # once a second, so memory stays flat however long the recording
            audio.release()          # the samples' resident pages (they stay in the page cache)
            release_freed_memory()   # and the heap's free pages, which Whisper's threads fragment piece by piece

        hook = paging.releasing(hook, give_back)
        keys = self.stage_keys(audio.info) if cache is not None else (None, None)

        t = time.perf_counter()
        diarization = through(cache, "diarization", keys[0], lambda: self.diarizer(
            audio, num_speakers=o.num_speakers, min_speakers=o.min_speakers, max_speakers=o.max_speakers, hook=hook))
        if getattr(self.diarizer, "name", None) == "pyannote" and all(
                v is None for v in (o.num_speakers, o.min_speakers, o.max_speakers)):
            diarization = with_prior(diarization, o.meeting_type)   # the meeting type's head count (expected.py)
        timings["diarize"] = time.perf_counter() - t
        release_freed_memory()

        names, enrolled_host = dict(o.names), None
        if o.use_profiles and diarization.embeddings:
            known, enrolled_host = match(diarization.embeddings, load_profiles())
            names = {**known, **names}  # --name wins over a voice match

        t = time.perf_counter()
        if transcriber is not None and diarization.turns:
            transcript = through(cache, "transcript", keys[1] if transcriber.name != "file" else None,
                                 lambda: transcriber(audio, language=o.language, speech=diarization.turns, hook=hook))
        else:  # nothing said, or talk time only: skip the most expensive stage
            transcript = Transcript(words=(), language=o.language if o.language != "auto" else "en",
                                    language_probability=None, model="none")
        timings["transcribe"] = time.perf_counter() - t

        t = time.perf_counter()
        hook("analyze", completed=0, total=1)
        names = {**names, **{k: v for k, v in transcript.names.items() if k not in o.names}}  # transcript > voice
        info = replace(audio.info, transcript=transcript.source) if transcript.source else audio.info
        whisper_heard = bool(transcript.words) and getattr(transcriber, "name", None) == "whisper"
        report = build_report(
            info, diarization, transcript, meeting_type=o.meeting_type, host_flag=o.host,
            needs_method=o.needs.get(o.meeting_type),
            enrolled_host=enrolled_host, names=names, recorded=o.recorded or recorded_date(audio.info.path), audio=audio.mono,
            models={**models_used(diarization, transcript),
                    **({"asr_kernels": kernels.describe()} if whisper_heard else {})},
            timings_s={}, settings=o.settings(), scorer=model_scorer(transcriber) if whisper_heard else None,
        )
        timings["analyze"] = time.perf_counter() - t
        hook("analyze", completed=1, total=1)
        return replace(report, timings_s={k: round(v, 3) for k, v in timings.items()})


def check_transcript_file(path: Path, transcript: bool) -> None:
    from .transcripts import FORMATS_HELP, is_transcript

    if not transcript:
        raise UsageError("--transcript and --no-transcript contradict each other")
    if not is_transcript(path):
        raise UsageError(f"--transcript wants a transcript file ({FORMATS_HELP}), got '{path}'")

def model_scorer(transcriber):
    """The Whisper model's own scoring of written vs taken words (modelcheck.py), for a Whisper transcriber."""
    load = getattr(transcriber, "_load", None)
    if load is None:
        return None
    from .modelcheck import whisper_scorer
    return whisper_scorer(load())


def models_used(diarization, transcript: Transcript) -> dict:
    """The report's `models`: what heard the meeting and why (contract names kept, the rest added)."""
    used = {"diarization": diarization.model, "asr": transcript.model, "language": transcript.language_method}
    if transcript.model != "none":
        used["asr_choice"] = transcript.model_choice
        used["asr_for_language"] = transcript.model_choice in ("language", "config")
    if transcript.language_margin is not None:
        used["language_margin"] = transcript.language_margin
    return used


def release_freed_memory() -> None:
    """Give freed heap back to the system. glibc keeps it, and Whisper's worker threads allocate in
    arenas of their own: after diarization this took 10 minutes from 2175 to 1876 MB, and once a
    second during the run a two-hour meeting from 2022 to 1679 MB."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, looked up once (it is called once a second); None elsewhere (macOS, musl)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def voice_embedding(path: str | Path, diarizer=None, hook: Hook = silent):
    """The voice of the one person speaking in `path`, as the diarizer's speaker embedding."""
    import numpy as np

    from .errors import ProfileError

    audio = decode(path, hook)
    diarization = (diarizer or get_diarizer("pyannote"))(audio, num_speakers=1, hook=hook)
    if not diarization.embeddings:
        raise ProfileError(f"{path}: no speech long enough to learn a voice from (need ~10 s of one person)")
    return np.asarray(next(iter(diarization.embeddings.values())))


def recorded_date(path: str | Path) -> dt.date | None:
    """The recording date from the file's own metadata (creation_time), when it has one."""
    try:
        import av

        with av.open(str(path), metadata_errors="ignore") as c:
            stamp = c.metadata.get("creation_time") or c.metadata.get("date")
        return dt.date.fromisoformat(stamp[:10]) if stamp else None
    except Exception:  # metadata is a nicety: never fail an analysis over it
        return None
