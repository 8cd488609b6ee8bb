"""`talkratio report`: re-score a JSON report without any model (names, host, type, corrections)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import preflight
from ..outputs import FORMATS, write_outputs
from .common import one_line_errors, parse_formats, parse_names, print_report


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
    embed_audio: bool = typer.Option(False, "--embed-audio", help="Put the recording inside the HTML report."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Re-score a JSON report without any model: new names, host, meeting type, a corrections file."""
    with one_line_errors():
        import time

        from .. import config
        from .. import corrections as fixes
        from .. import reportfile
        from ..rescore import rescore

        formats, names = parse_formats(format), parse_names(name)
        fixed = fixes.load(corrections) if corrections else fixes.load_beside(json_path)   # checked before reading
        preflight.check_ui_language(ui_language)
        report = reportfile.load(json_path)  # schema, types and ranges checked: a bad file is one line, exit 2
        reportfile.check_names(report, names)
        started = time.perf_counter()
        report = rescore(report, host=host, meeting_type=meeting_type, names=names, corrections=fixed,
                         needs=config.needs_methods(config.effective()))
        seconds = time.perf_counter() - started
        written = write_outputs(report, out or json_path.parent, formats, ui_language, json_path.stem, embed_audio)
        if not quiet:
            from ..messages import t
            from ..render import fmt_decimal, ui_language as report_language

            lang = report_language(report, ui_language)
            print_report(report, written, ui_language, str(json_path),
                         t(lang, "rescore.done", seconds=fmt_decimal(seconds, lang, 2)))
