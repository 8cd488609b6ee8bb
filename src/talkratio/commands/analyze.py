"""`talkratio analyze`: one recording or transcript into its report, or a whole folder (batch)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape

from .. import preflight
from ..errors import UsageError
from ..io import sweep_fragments
from ..outputs import FORMATS, write_outputs
from ..privacy import lock_down
from ..screen import Console
from ..transcripts import FORMATS_HELP as TRANSCRIPT_FORMATS
from .common import err_console, one_line_errors, parse_formats, parse_names, print_report, progress_hook


def analyze(
    path: Path = typer.Argument(..., help="Recording (wav, mp3, m4a, flac, ogg, mp4, mkv, webm…), a transcript "
                                          f"({TRANSCRIPT_FORMATS}: no model loaded), or a folder of them."),
    transcript: Optional[Path] = typer.Option(None, "--transcript", help="With a recording: take words and names from "
                                              "this transcript, speech timing from the audio."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: next to the input; a folder's own)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=f"Comma-separated: {', '.join(FORMATS)} (default json,html)."),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="sv, en or auto (default)."),
    num_speakers: Optional[int] = typer.Option(None, "--num-speakers", help="Exact number of speakers, if known."),
    min_speakers: Optional[int] = typer.Option(None, "--min-speakers"),
    max_speakers: Optional[int] = typer.Option(None, "--max-speakers"),
    diarization: str = typer.Option("pyannote", "--diarization", help="pyannote, channels (one speaker per channel) or rttm."),
    rttm: Optional[Path] = typer.Option(None, "--rttm", help="RTTM file for --diarization rttm."),
    diarization_model: str = typer.Option("default", "--diarization-model", help="A pyannote pipeline folder or hub name."),
    model: Optional[str] = typer.Option(None, "--model", help="A faster-whisper model for every language: a downloaded one's name, a folder (default: per language, see `talkratio config`)."),
    fast: bool = typer.Option(False, "--fast", help="Greedy decoding (beam 1), coarser diarization step: faster, a little less accurate."),
    no_transcript: bool = typer.Option(False, "--no-transcript", help="Talk time only: skip transcription."),
    meeting_type: Optional[str] = typer.Option(None, "--meeting-type", "-t", help="one-on-one (default), sales or team."),
    host: Optional[str] = typer.Option(None, "--host", help="The leader: a speaker id or a --name."),
    name: List[str] = typer.Option([], "--name", help="Rename a speaker: SPEAKER_00=Erik (repeatable)."),
    date: Optional[str] = typer.Option(None, "--date", help="Recording date YYYY-MM-DD (for due dates)."),
    ui_language: Optional[str] = typer.Option(None, "--ui-language", help="Report text language (default: the meeting's)."),
    embed_audio: bool = typer.Option(False, "--embed-audio", help="Put the recording inside the HTML report (one file to send; larger)."),
    allow_download: bool = typer.Option(False, "--allow-download", help="Let a hub model name be fetched (off by default)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no summary."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Folder: only paths matching this pattern (*.m4a, 2025-*/*)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Folder: worker processes (default 1; Dask: 2)."),
    executor: str = typer.Option("local", "--executor", help="Folder: local or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Folder: Dask scheduler address (default: a local cluster)."),
) -> None:
    """Analyse one recording and write its report; or a folder: every recording, a summary, resumable."""
    lock_down(allow_hub=allow_download)
    with one_line_errors():
        from .. import config, hub
        from ..per_file import sidecar
        from ..pipeline import FAST, Options
        from ..transcripts import is_transcript

        said = {"host": host, "meeting_type": meeting_type}   # on the command line: wins over a corrections file
        settings = config.effective({"language": language, "meeting_type": meeting_type, "host": host,
                                     "formats": format, "ui_language": ui_language})
        (language, _), (meeting_type, _), (host, _), (format, _), (ui_language, _) = (
            settings[k] for k in ("language", "meeting_type", "host", "formats", "ui_language"))
        asr, by_language, choice = hub.choose(model, config.asr_models(settings))
        formats = parse_formats(format)
        try:
            recorded = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise UsageError(f"--date wants YYYY-MM-DD, got '{date}'") from None
        options = Options(language=language, num_speakers=num_speakers, min_speakers=min_speakers,
                          max_speakers=max_speakers, diarization=diarization, diarization_model=diarization_model,
                          rttm=rttm, asr_model=asr, asr_by_language=by_language, asr_choice=choice,
                          fallback_language=settings["prefer_language"][0], **(FAST if fast else {}), transcript=not no_transcript,
                          meeting_type=meeting_type, host=host, names=parse_names(name), recorded=recorded,
                          transcript_file=transcript, needs=config.needs_methods(settings))
        options.check()
        if transcript is not None and (path.is_dir() or is_transcript(path)):
            raise UsageError("--transcript goes with one recording (a folder pairs each recording with the "
                             "transcript of the same name itself)")
        own = None if path.is_dir() else sidecar(path, out if out is not None else path.parent)  # checked first
        if own is not None and own.meeting_type and not said["meeting_type"]:   # the file's type is the prior
            options = replace(options, meeting_type=own.meeting_type)
        preflight.check(path, options, out=out, formats=formats, ui_language=ui_language, model=model)  # < 1 s, no model
        if path.is_dir():  # a folder: every recording in it, resumable and in parallel (talkratio.batch)
            analyze_folder(path, out or path, options, formats, ui_language, embed_audio, quiet,
                           glob=glob, jobs=jobs, executor=executor, scheduler=scheduler)
        else:
            analyze_file(path, out if out is not None else path.parent, options, formats, ui_language, embed_audio,
                         quiet, transcript, own, said)


def analyze_folder(path: Path, out: Path, options, formats: list[str], ui_language: str | None, embed_audio: bool,
                   quiet: bool, *, glob: str | None, jobs: int | None, executor: str, scheduler: str | None) -> None:
    """Every recording under `path`: two progress bars, each failure as a line, exit 1 if any failed."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from ..batch import index_language, run_batch
    from ..messages import t

    bars = Progress(TextColumn("{task.description:<44.44}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                    TimeRemainingColumn(), console=err_console, transient=True, disable=quiet)
    with bars:
        overall, current = bars.add_task("", total=None), bars.add_task("", total=1)

        def hook(step: str, completed: float | None = None, total: float | None = None) -> None:
            label = f"{t(index_language((), ui_language), 'batch.progress')} {completed or 0:.0f}/{total or 0:.0f}"
            bars.update(overall if step == "batch" else current, completed=completed or 0, total=total or 1,
                        description=label if step == "batch" else escape(step))

        result = run_batch(path, out, options, formats=formats, ui_language=ui_language, pattern=glob,
                           jobs=jobs, executor=executor, scheduler=scheduler, hook=hook,
                           write=lambda report, folder, stem: write_outputs(report, folder, formats, ui_language, stem,
                                                                             embed_audio))
    for f in result.failures:
        err_console.print(f"talkratio: {f.file}: {f.stage}: {f.reason}", markup=False)
    for file, warning in result.warnings:   # a meeting type its speakers do not fit (per_file.py)
        err_console.print(f"talkratio: {file}: {warning}", markup=False, soft_wrap=True)
    if not quiet:
        Console().print(t(result.lang, "batch.done", analysed=len(result.analysed), skipped=len(result.skipped),
                          failed=len(result.failures)))
        Console().print(f"[dim]{escape(t(result.lang, 'report.wrote', path=result.index))}[/]")
    if result.failures:
        raise typer.Exit(1)


def analyze_file(path: Path, out_dir: Path, options, formats: list[str], ui_language: str | None, embed_audio: bool,
                 quiet: bool, transcript: Path | None, own=None, said: dict | None = None) -> None:
    """One recording (or a platform's transcript alone): its reports, its warnings, the summary.
    `own`: its corrections file (per_file.sidecar), applied as a folder run and `talkratio report`
    apply it, by re-scoring; `said`: --host and --meeting-type as given, which win over the file."""
    from ..pipeline import Analyzer
    from ..transcripts import is_transcript
    from ..transcripts.alone import analyze_transcript
    from ..transcripts.pairing import check_outputs

    check_outputs(out_dir, path.stem, formats, [path, transcript])  # never write over an input transcript
    preflight.check_writable(out_dir)  # fail in a second, not after the whole analysis; no empty folder left
    sweep_fragments(out_dir)  # what a killed run left (ours only, unlocked only: io.py)
    with progress_hook(quiet) as hook:
        if is_transcript(path):  # a platform's transcript alone: no model is loaded
            report = analyze_transcript(path, options, hook)
        else:
            report = Analyzer(options).analyze(path, hook)
    if own is not None:
        from ..rescore import rescore

        report = rescore(report, corrections=own, names=options.names, needs=options.needs, **(said or {}))
    written = write_outputs(report, out_dir, formats, ui_language, embed_audio=embed_audio)
    from ..render import ui_language as report_language
    from ..render.provenance import source_warnings

    for warning in source_warnings(report, report_language(report, ui_language)):  # even when quiet
        err_console.print(f"talkratio: {warning}", markup=False, soft_wrap=True)
    if not quiet:
        print_report(report, written, ui_language)
