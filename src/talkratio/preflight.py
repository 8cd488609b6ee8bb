"""What `analyze` checks before any work: every option that can be judged without audio or a model.

Each of these used to be found only after decoding and diarization (15–60 s), or never: a --host
nobody can be, a UI language we do not write, a model that is neither embedded, downloaded nor a
folder, a damaged voice-profile store, an RTTM line that is not one, a report name the file system
refuses. Here each costs milliseconds and imports nothing heavy; the CLI calls `check` once.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from .errors import ProfileError, UsageError
from .io import SUFFIX, visible_files

SPEAKER_ID = re.compile(r"SPEAKER_\d+")   # the ids pyannote and channels give (diarize/)
TEMP_EXTRA = len(".") + len(".XXXXXXXX") + len(SUFFIX)   # io's fallback temp name `.{name}.XXXXXXXX.talkratio.tmp`


def check(path: Path, options, *, out: Path | None, formats: Iterable[str], ui_language: str | None,
          model: str | None) -> None:
    """UsageError (exit 2) or ProfileError (exit 6) now, rather than after the models ran."""
    from .diarize import PUBLIC

    check_ui_language(ui_language)
    if options.diarization not in PUBLIC:  # `fake` is for tests of the library, not a choice for users
        raise UsageError(f"unknown --diarization '{options.diarization}' (choose from {', '.join(PUBLIC)})")
    labels = _rttm_labels(options) if options.diarization == "rttm" else None
    if model:
        check_model("--model", model, embedded="base")
    if options.diarization == "pyannote" and options.diarization_model != "default":
        check_model("--diarization-model", options.diarization_model, embedded="default")
    profiles = _profiles(options)
    from .transcripts import is_transcript

    if options.host is not None:   # the transcripts' own names count too: read only when nothing else matches
        texts = (_transcripts_in(path) if path.is_dir() else [path] if is_transcript(path)
                 else [options.transcript_file] if options.transcript_file is not None else [])
        check_host(options.host, options.names, profiles, labels, options.diarization, texts, folder=path.is_dir())
    if path.is_dir():
        return
    out_dir = out if out is not None else path.parent
    for fmt in formats:
        check_name_length(out_dir, f"{path.stem}.{fmt}")


def check_ui_language(ui_language: str | None) -> None:
    from .messages import LANGUAGES

    if ui_language is not None and ui_language.split("-")[0].lower() not in LANGUAGES:
        raise UsageError(f"unsupported --ui-language '{ui_language}' (choose from {', '.join(LANGUAGES)})")


def check_model(option: str, name: str, embedded: str) -> None:
    """Embedded, downloaded, a folder, or (with --allow-download) a hub name; the loaders say the same later."""
    from . import hub

    if name == embedded or name in hub.KB or hub.is_downloaded(name) or Path(name).is_dir():
        return  # hub.choose reports a KB-Whisper that is not downloaded yet (exit 3)
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        raise UsageError(f"{option} '{name}' is neither embedded, downloaded nor a folder; talkratio works "
                         f"offline — download it once with `talkratio models download {name}`, or pass a folder")


def check_host(host: str, names, profiles, labels: set[str] | None, diarization: str,
               transcripts: Iterable[Path] = (), folder: bool = False) -> None:
    """--host must be able to name somebody: an id the diarizer gives, a --name, an enrolled voice,
    or a speaker a transcript names (read only when nothing else matches)."""
    wanted = host.strip().casefold()
    candidates = {*names, *names.values(), *profiles}
    if labels is not None:
        candidates |= labels
    if any(c.strip().casefold() == wanted for c in candidates):
        return
    if labels is None and SPEAKER_ID.fullmatch(host.strip()):
        return
    heard = sorted(_speakers_named(transcripts, strict=not folder))
    if any(h.strip().casefold() == wanted for h in heard):
        return
    ids = ", ".join(sorted(labels)) if labels is not None else "SPEAKER_00, SPEAKER_01, …"
    said = (f" or a name {'in its transcripts' if folder else 'in the transcript'} ({', '.join(heard[:6])}"
            f"{', …' if len(heard) > 6 else ''})" if heard else "")
    raise UsageError(f"--host {host!r} can name nobody{' in this folder' if folder else ''}: give a speaker id "
                     f"({ids}) or a name given with --name ID={host}" + said)


def _speakers_named(transcripts: Iterable[Path], strict: bool) -> set[str]:
    """The speaker names the transcripts give. `strict`: the one transcript of this analysis, whose
    error is this run's error; in a folder one that cannot be read is that file's failure, later."""
    from .errors import InputError
    from .transcripts import read

    heard = set()
    for path in transcripts:
        try:
            heard |= {c.speaker for c in read(path).cues if c.speaker}
        except InputError:
            if strict:
                raise
    return heard


def _transcripts_in(folder: Path) -> list[Path]:
    """The transcripts a folder run could take, by name (the files batch/discovery.py looks at)."""
    from .transcripts import is_transcript

    return sorted(p for p in visible_files(folder) if is_transcript(p.name))


def check_name_length(folder: Path, name: str) -> None:
    """A report name the file system refuses fails now, not after the analysis as 'cannot write here'."""
    limit = _name_max(folder)
    size = len(os.fsencode(name)) + TEMP_EXTRA
    if size > limit:
        raise UsageError(f"the report name '{name[:40]}…' is too long for {folder} ({size} of {limit} bytes "
                         f"with its temporary name): give the recording a shorter name")


def _name_max(folder: Path) -> int:
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return os.pathconf(probe, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _rttm_labels(options) -> set[str]:
    from .diarize.rttm import read_rttm

    if options.rttm is None:
        raise UsageError("--diarization rttm needs --rttm FILE")
    return {t.speaker for t in read_rttm(options.rttm)}  # a malformed line is reported now, one line


def _profiles(options) -> dict:
    """The enrolled voices, checked now: a damaged store would otherwise fail after diarization."""
    if not options.use_profiles or options.diarization != "pyannote":
        return {}
    from . import profiles

    store = profiles.load()
    if options.diarization_model == "default":
        wrong = [n for n, p in store.items() if len(p["embedding"]) != profiles.VOICE_SIZE]
        if wrong:
            raise ProfileError(f"{profiles.store_path()}: the voice profile '{wrong[0]}' has "
                               f"{len(store[wrong[0]]['embedding'])} numbers, the diarizer's voices "
                               f"{profiles.VOICE_SIZE}; enroll it again (`talkratio enroll`)")
    return store


def check_writable(folder: Path) -> None:
    """io.ensure_writable, but a folder it had to create is removed again: bad input found later
    (in decoding, say) must not leave an empty --out behind. The reports' writes create it for real."""
    from .io import ensure_writable

    folder = Path(folder)
    made = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        made.append(probe)
        probe = probe.parent
    try:
        ensure_writable(folder)
    finally:
        for created in made:  # deepest first; only folders this call made, and only while empty
            try:
                created.rmdir()
            except OSError:
                break
