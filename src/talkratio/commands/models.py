"""`talkratio models`: list and verify the models, download one (the only network use), remove one."""
from __future__ import annotations

from typing import Optional

import typer
from rich.markup import escape

from ..errors import TalkratioError
from ..privacy import lock_down
from ..screen import Console
from .common import err_console, one_line_errors

models_app = typer.Typer(help="Models: list and verify them; download a Swedish one (the only network use); remove.")


@models_app.callback(invoke_without_command=True)
def models(ctx: typer.Context) -> None:
    """List the embedded and the downloaded models and verify every file against its sha256."""
    if ctx.invoked_subcommand is not None:
        return
    lock_down()
    with one_line_errors():
        from rich.table import Table

        from .. import hub
        from ..models import manifest, model_files

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

        from .. import hub

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
        from .. import hub

        repo = hub.remove(name)
        Console(stderr=True).print(f"removed {escape(name)} ({escape(repo)})")
