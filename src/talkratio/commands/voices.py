"""`talkratio enroll` and `talkratio profiles`: the enrolled voices that name speakers (and the host)."""
from __future__ import annotations

from pathlib import Path

import typer

from ..privacy import lock_down
from ..screen import Console
from .common import one_line_errors, progress_hook

profiles_app = typer.Typer(help="Enrolled voices: list or remove them.", no_args_is_help=True)


def enroll(
    name: str = typer.Argument(..., help="The person's name, as it should appear in reports."),
    audio: Path = typer.Argument(..., help="A clip of this person alone (10-60 s of speech)."),
    host: bool = typer.Option(True, "--host/--participant", help="Score this person's listening (default)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Learn a voice, so later analyses name this person (and score them as the host)."""
    lock_down()
    with one_line_errors():
        from .. import profiles
        from ..pipeline import voice_embedding

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
        from .. import profiles

        for name, p in profiles.load().items():
            print(f"{name}\t{'host' if p.get('host') else 'participant'}\t{p.get('source', '')}\t{p.get('created', '')}")


@profiles_app.command("remove")
def profiles_remove(name: str = typer.Argument(...)) -> None:
    """Forget an enrolled voice."""
    with one_line_errors():
        from .. import profiles

        profiles.remove(name)
