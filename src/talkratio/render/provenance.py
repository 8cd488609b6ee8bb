"""Where a report's words and times came from, in the reader's language: the lines every renderer shows
when a transcript file was read (talk time estimated from cues, or words beside the audio)."""
from __future__ import annotations

import os

from ..messages import t
from ..schema import Report
from . import fmt_share

FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SRT", "txt": "text", "json": "JSON", "docx": "Word"}


def source_notes(report: Report, lang: str) -> tuple[str, ...]:
    """One sentence on the source, then one per warning; nothing for a plain audio analysis."""
    src = report.source.transcript
    if src is None:
        return ()
    values = {"file": os.path.basename(src.path) or src.path, "format": FORMAT_NAMES.get(src.format, src.format)}
    if report.source.timing == "transcript":
        notes = [t(lang, "report.source.transcript", **values)]
    else:
        pairs = ", ".join(f"{name} → {report.display(sid) if report.display(sid) != name else sid}"
                          for name, sid in src.mapping.items()) or "–"
        notes = [t(lang, "report.source.beside", mapping=pairs, **values)]
        if src.agreement is not None:
            notes.append(t(lang, "report.source.agreement", share=fmt_share(src.agreement, lang)))
    return (*notes, *source_warnings(report, lang))


def source_warnings(report: Report, lang: str) -> tuple[str, ...]:
    """The transcript's warnings alone (the CLI also prints them on stderr)."""
    src = report.source.transcript
    out = []
    for warning in src.warnings if src else ():
        key, _, value = warning.partition(":")
        if key == "low_agreement":
            value = fmt_share(float(value), lang)
        out.append(t(lang, f"report.source.warning.{key}", value=value))
    return tuple(out)
