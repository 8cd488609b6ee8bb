"""Writing a report's files: one place for the CLI, the batch and the benchmarks."""
from __future__ import annotations

import json
from pathlib import Path

from . import exports
from .io import atomic_write_text
from .report import to_dict

FORMATS = ("json", "html", "md", "rttm", "srt", "vtt")


def write_outputs(report, out_dir: Path, formats: list[str], ui_language: str | None,
                  stem: str | None = None, embed_audio: bool = False) -> list[Path]:
    """Every requested file for one report (`<stem>.<format>`), each written atomically; the HTML
    plays the recording by its path relative to `out_dir`, or from inside itself with `embed_audio`."""
    stem = stem or Path(report.source.path).stem
    written = []
    for fmt in formats:
        if fmt == "json":
            text = json.dumps(to_dict(report), ensure_ascii=False, indent=1)
        elif fmt == "html":
            from .render.audio import audio_source
            from .render.html import render_html
            text = render_html(report, ui_language, audio_source(report, out_dir, embed_audio))
        elif fmt == "md":
            from .render.markdown import render_markdown
            text = render_markdown(report, ui_language)
        else:
            text = getattr(exports, f"to_{fmt}")(report)
        path = out_dir / f"{stem}.{fmt}"
        atomic_write_text(path, text)
        written.append(path)
    return written
