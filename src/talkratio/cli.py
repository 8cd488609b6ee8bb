"""The command line: parse, call the library, write files atomically. Nothing else lives here."""
from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .errors import TalkratioError, UsageError
from .io import ensure_writable
from .outputs import FORMATS, write_outputs
from .privacy import lock_down
from .transcripts import FORMATS_HELP as TRANSCRIPT_FORMATS

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="How well did the meeting leader listen? Talk share, questions, next steps — offline.")
err_console = Console(stderr=True, highlight=False, emoji=False)  # ":smile:" in a file name stays text


def fail(err: TalkratioError) -> None:
    err_console.print(f"[bold red]talkratio: error:[/] {escape(str(err))}", markup=True, soft_wrap=True)
    raise typer.Exit(err.exit_code)


@contextmanager
def one_line_errors() -> Iterator[None]:
    try:
        yield
    except TalkratioError as err:
        fail(err)
    except KeyboardInterrupt:
        err_console.print("talkratio: interrupted — finished reports are kept, nothing half-written remains")
        raise typer.Exit(130) from None


def parse_names(pairs: List[str]) -> dict[str, str]:
    names = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--name wants SPEAKER=Name, got '{pair}'")
        names[key.strip()] = value.strip()
    return names


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown --format '{','.join(unknown) or text}' (choose from {', '.join(FORMATS)})")
    return formats


@app.command()
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
        from . import config, hub
        from .pipeline import FAST, Analyzer, Options
        from .transcripts import is_transcript
        from .transcripts.alone import analyze_transcript
        from .transcripts.pairing import check_outputs

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
        if path.is_dir():  # a folder: every recording in it, resumable and in parallel (talkratio.batch)
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            from .batch import index_language, run_batch
            from .messages import t

            bars = Progress(TextColumn("{task.description:<44.44}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                            TimeRemainingColumn(), console=err_console, transient=True, disable=quiet)
            with bars:
                overall, current = bars.add_task("", total=None), bars.add_task("", total=1)

                def hook(step: str, completed: float | None = None, total: float | None = None) -> None:
                    label = f"{t(index_language((), ui_language), 'batch.progress')} {completed or 0:.0f}/{total or 0:.0f}"
                    bars.update(overall if step == "batch" else current, completed=completed or 0, total=total or 1,
                                description=label if step == "batch" else escape(step))

                result = run_batch(path, out or path, options, formats=formats, ui_language=ui_language, pattern=glob,
                                   jobs=jobs, executor=executor, scheduler=scheduler, hook=hook,
                                   write=lambda report, folder, stem: write_outputs(report, folder, formats, ui_language, stem))
            for f in result.failures:
                err_console.print(f"talkratio: {f.file}: {f.stage}: {f.reason}", markup=False)
            for file, warning in result.warnings:   # a meeting type its speakers do not fit (per_file.py)
                err_console.print(f"talkratio: {file}: {warning}", markup=False, soft_wrap=True)
            if not quiet:
                Console().print(t(result.lang, "batch.done", analysed=len(result.analysed), skipped=len(result.skipped),
                                  failed=len(result.failures)))
                Console().print(f"[dim]wrote[/] {result.index}")
            if result.failures:
                raise typer.Exit(1)
            return
        out_dir = out if out is not None else path.parent
        check_outputs(out_dir, path.stem, formats, [path, transcript])  # never write over an input transcript
        ensure_writable(out_dir)  # fail in a second, not after the whole analysis
        with progress_hook(quiet) as hook:
            if is_transcript(path):  # a platform's transcript alone: no model is loaded
                report = analyze_transcript(path, options, hook)
            else:
                report = Analyzer(options).analyze(path, hook)
        written = write_outputs(report, out_dir, formats, ui_language)
        from .render import ui_language as report_language
        from .render.provenance import source_warnings
        for warning in source_warnings(report, report_language(report, ui_language)):  # even when quiet
            err_console.print(f"talkratio: {warning}", markup=False, soft_wrap=True)
        if not quiet:
            from .render.terminal import print_summary
            console = Console()
            print_summary(report, console, ui_language, json_path=next((str(p) for p in written if p.suffix == ".json"), None))
            for p in written:
                console.print(f"[dim]wrote[/] {escape(str(p))}")


@app.command("report")
def report_cmd(
    json_path: Path = typer.Argument(..., help="A report written by `talkratio analyze`."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: next to the JSON)."),
    format: str = typer.Option("json,html", "--format", "-f", help=f"Comma-separated: {', '.join(FORMATS)}."),
    name: List[str] = typer.Option([], "--name", help="Rename a speaker: SPEAKER_00=Erik (repeatable)."),
    host: Optional[str] = typer.Option(None, "--host", help="The leader: a speaker id or a --name."),
    meeting_type: Optional[str] = typer.Option(None, "--meeting-type", "-t", help="one-on-one, sales or team."),
    corrections: Optional[Path] = typer.Option(None, "--corrections", help="A corrections file (default: "
                                               "NAME.talkratio.toml beside the JSON, when there is one)."),
    ui_language: Optional[str] = typer.Option(None, "--ui-language"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Re-score a JSON report without any model: new names, host, meeting type, a corrections file."""
    with one_line_errors():
        import time

        from . import config
        from . import corrections as fixes
        from .report import from_dict
        from .rescore import rescore

        formats, names = parse_formats(format), parse_names(name)
        fixed = fixes.load(corrections) if corrections else fixes.load_beside(json_path)   # checked before reading
        try:   # the one place a report is read back (a validating loader can take its place)
            report = from_dict(json.loads(json_path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise UsageError(f"{json_path}: not a readable talkratio report ({err})") from None
        started = time.perf_counter()
        report = rescore(report, host=host, meeting_type=meeting_type, names=names, corrections=fixed,
                         needs=config.needs_methods(config.effective()))
        seconds = time.perf_counter() - started
        written = write_outputs(report, out or json_path.parent, formats, ui_language, json_path.stem)
        if not quiet:
            from .render.terminal import print_summary

            console = Console()
            json_out = next((str(p) for p in written if p.suffix == ".json"), str(json_path))
            print_summary(report, console, ui_language, json_path=json_out)
            from .messages import t
            from .render import ui_language as report_language

            seconds_text = f"{seconds:.2f}".replace(".", ",") if report_language(report, ui_language) == "sv" else f"{seconds:.2f}"
            console.print(escape(t(report_language(report, ui_language), "rescore.done", seconds=seconds_text)), style="dim")
            for p in written:
                console.print(f"[dim]wrote[/] {escape(str(p))}")


models_app = typer.Typer(help="Models: list and verify them; download a Swedish one (the only network use); remove.")
app.add_typer(models_app, name="models")


@models_app.callback(invoke_without_command=True)
def models(ctx: typer.Context) -> None:
    """List the embedded and the downloaded models and verify every file against its sha256."""
    if ctx.invoked_subcommand is not None:
        return
    lock_down()
    with one_line_errors():
        from rich.table import Table

        from . import hub
        from .models import manifest, model_files

        table = Table("model", "role", "licence", "files", "status")
        failed = None

        def row(key: str, role: str, licence: str, files) -> None:
            nonlocal failed
            try:
                listing = "\n".join(f"{name} ({size / 1e6:.1f} MB)" for name, size in files())
                status = "[green]ok[/] (sha256 verified)"
            except TalkratioError as err:
                failed, status, listing = err, f"[red]{escape(str(err))}[/]", ""
            table.add_row(escape(key), role, licence, listing, status)

        for key, entry in manifest().items():
            row(key, entry["role"], entry["licence"], lambda key=key: [(f.name, f.size) for f in model_files(key)])
        def downloaded(key: str, entry: dict) -> list[tuple[str, int]]:
            hub.model_folder(key)  # verifies every file against the registry
            return [(n, s["size"]) for n, s in entry["files"].items()]

        for key, entry in hub.registry().items():
            role = f"transcription, downloaded: {entry['repo']}@{entry['commit'][:10]}" + (
                f" (for {entry['language']})" if entry.get("language") else "")
            row(key, escape(role), "see the model card", lambda key=key, entry=entry: downloaded(key, entry))
        Console().print(table)
        if failed:
            raise failed


@models_app.command("download")
def models_download(
    name: str = typer.Argument(..., help="kb-whisper-tiny|base|small|medium|large, or a faster-whisper hub repo id (owner/repo)."),
    revision: Optional[str] = typer.Option(None, "--revision", help="A commit (or branch/tag) to pin; default: main."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Fetch a transcription model once (the only command that opens a network connection, to the model hub)."""
    lock_down(allow_hub=True)  # this process only: analysis runs in its own process, locked down
    with one_line_errors():
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                                   TransferSpeedColumn)

        from . import hub

        plan = hub.plan(name, revision)
        out = Console(highlight=False, quiet=quiet)  # what and how big on stdout; the bar and errors on stderr
        out.print(f"{escape(plan.repo)} @ {plan.commit[:12]}: {len(plan.files)} files, {plan.size / 1e6:.1f} MB → "
                  f"{escape(str(hub.folder()))}", markup=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                      TimeRemainingColumn(), console=err_console, transient=True, disable=quiet) as bars:
            task = bars.add_task(escape(plan.name), total=plan.size)
            entry = hub.download(plan, lambda file, n: bars.advance(task, n))
        out.print(f"[green]installed[/] {escape(plan.name)} ({len(entry['files'])} files, sha256 verified)"
                  + (f"; it transcribes {'Swedish' if entry['language'] == 'sv' else entry['language']} meetings "
                     f"from now on, offline" if entry.get("language") else f"; use it with --model {escape(plan.name)}"))


@models_app.command("remove")
def models_remove(name: str = typer.Argument(..., help="A downloaded model's name (see `talkratio models`).")) -> None:
    """Delete a downloaded model."""
    lock_down()
    with one_line_errors():
        from . import hub

        repo = hub.remove(name)
        Console(stderr=True).print(f"removed {escape(name)} ({escape(repo)})")


profiles_app = typer.Typer(help="Enrolled voices: list or remove them.", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")


@app.command()
def enroll(
    name: str = typer.Argument(..., help="The person's name, as it should appear in reports."),
    audio: Path = typer.Argument(..., help="A clip of this person alone (10-60 s of speech)."),
    host: bool = typer.Option(True, "--host/--participant", help="Score this person's listening (default)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Learn a voice, so later analyses name this person (and score them as the host)."""
    lock_down()
    with one_line_errors():
        from . import profiles
        from .pipeline import voice_embedding

        profiles.load()  # a damaged store is reported before any model work
        with progress_hook(quiet) as hook:
            embedding = voice_embedding(audio, hook=hook)
        profiles.enroll(name, embedding, host=host, source=audio.name)
        if not quiet:
            Console().print(f"enrolled [bold]{name}[/]{' (host)' if host else ''} in {profiles.store_path()}")


@profiles_app.command("list")
def profiles_list() -> None:
    """Show enrolled voices."""
    with one_line_errors():
        from . import profiles

        for name, p in profiles.load().items():
            print(f"{name}\t{'host' if p.get('host') else 'participant'}\t{p.get('source', '')}\t{p.get('created', '')}")


@profiles_app.command("remove")
def profiles_remove(name: str = typer.Argument(...)) -> None:
    """Forget an enrolled voice."""
    with one_line_errors():
        from . import profiles

        profiles.remove(name)


@app.command("config")
def config_cmd() -> None:
    """Print the effective settings and where each came from (the config file, or the default)."""
    with one_line_errors():
        from . import config, hub

        settings = config.effective()
        _, where, exists = config.load()
        print(f"# {where}{'' if exists else ' (not there: every setting is a default)'}")
        for key, (value, source) in settings.items():
            if key.startswith("asr.") and value is None:
                found = hub.for_language(key[4:])
                value, source = (found, "downloaded for this language") if found else ("base", "default (embedded)")
            shown = "(none)" if value is None else value
            print(f"{key} = {shown}\t# {source}")


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


@contextmanager
def progress_hook(quiet: bool):
    """A hook that draws one rich bar per stage; silent when quiet or not on a terminal."""
    from .progress import silent

    if quiet:
        yield silent
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description:<28}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeRemainingColumn(), console=err_console, transient=True) as bars:
        tasks: dict[str, int] = {}

        def hook(step: str, completed: float | None = None, total: float | None = None) -> None:
            if step not in tasks:
                tasks[step] = bars.add_task(step, total=total or 1)
            bars.update(tasks[step], completed=completed or 0, total=total or 1)

        yield hook


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
