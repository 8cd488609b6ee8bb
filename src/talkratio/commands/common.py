"""What every sub-command shares: errors as one line on stderr, option parsing, a progress bar."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, List

import typer
from rich.markup import escape

from ..errors import TalkratioError, UsageError
from ..outputs import FORMATS
from ..screen import Console  # rich's, with control characters in texts made visible
from ..signals import handle_sigterm

err_console = Console(stderr=True, highlight=False, emoji=False)  # ":smile:" in a file name stays text


def fail(err: TalkratioError) -> None:
    err_console.print(f"[bold red]talkratio: error:[/] {escape(str(err))}", markup=True, soft_wrap=True)
    raise typer.Exit(err.exit_code)


@contextmanager
def one_line_errors() -> Iterator[None]:
    handle_sigterm()  # SIGTERM (timeout, systemd, docker) cleans up like Ctrl-C
    try:
        yield
    except TalkratioError as err:
        fail(err)
    except KeyboardInterrupt as err:
        err_console.print("talkratio: interrupted — finished reports are kept, nothing half-written remains")
        raise typer.Exit(getattr(err, "exit_code", 130)) from None


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


@contextmanager
def progress_hook(quiet: bool):
    """A hook that draws one rich bar per stage; silent when quiet or not on a terminal."""
    from ..progress import silent

    if quiet or not err_console.is_terminal:  # a log or a pipe gets no bar (rich left a blank line before the error)
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


def print_report(report, written: list, ui_language: str | None, json_path: str | None = None,
                 note: str | None = None) -> None:
    """On stdout: the report's summary, a dim `note`, then one "wrote …" line per file, in the report's language."""
    from ..messages import t
    from ..render import ui_language as report_language
    from ..render.terminal import print_summary

    console, lang = Console(), report_language(report, ui_language)
    print_summary(report, console, ui_language, json_path=next((str(p) for p in written if p.suffix == ".json"), json_path))
    if note:
        console.print(escape(note), style="dim")
    for p in written:
        console.print(f"[dim]{escape(t(lang, 'report.wrote', path=p))}[/]")

