"""Re-score a finished report without the models: a new host, meeting type, names or corrections.

Everything the models and the audio gave is kept as the report holds it — turns, words,
questions (their pitch cues and model checks need the audio), purpose, transcript quality.
Everything after them is computed again by the same code a fresh analysis runs
(`report.assemble`): who the host is, the needs analysis, next-step owners (when names
change, since "Erik tar det" needs to know who Erik is), metrics, scores, tips, suggested
names. What a user says wins over the corrections file, which wins over the report.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Mapping

from .confidence import annotate
from .corrections import Corrections, CorrectionsError, apply, undo
from .errors import UsageError
from .host import choose_host
from .names import suggest_names
from .next_steps import detect_next_steps
from .needs_methods import SEED, analyse
from .needs_methods import load as load_method
from .report import assemble
from .schema import Report


def rescore(report: Report, *, host: str | None = None, meeting_type: str | None = None,
            names: Mapping[str, str] | None = None, corrections: Corrections | None = None,
            needs: Mapping[str, str] | None = None) -> Report:
    """`report` scored again; `corrections` replaces whatever corrections the report had. `needs`:
    meeting type → needs method (the config's [needs]); unset, a report keeps its own for its type."""
    from .pipeline import MEETING_TYPES

    c = corrections or Corrections()
    meeting_type = meeting_type or c.meeting_type or report.meeting_type
    if meeting_type not in MEETING_TYPES:
        raise UsageError(f"unknown --meeting-type '{meeting_type}' (choose from {', '.join(MEETING_TYPES)})")
    named = {**report.names, **c.names, **(names or {})}
    speakers = sorted({t.speaker for t in report.turns})
    unknown = sorted(set(c.names) - set(speakers))
    if unknown:
        raise CorrectionsError(f"{c.path}: [names] {unknown[0]!r} is no speaker of this meeting ({', '.join(speakers)})")
    language = report.language
    recorded = dt.date.fromisoformat(report.recorded) if report.recorded else None

    findings = undo(report.findings, report.corrections)
    if named != report.names:   # owners by first name ("Erik tar det") follow the names
        findings = replace(findings, next_steps=detect_next_steps(report.utterances, language, speakers, named,
                                                                  recorded))
    findings, applied = apply(findings, c, report.utterances, language, speakers, named)
    own = report.settings.get("needs_method") if meeting_type == report.meeting_type else None
    method = (needs or {}).get(meeting_type) or own or SEED
    findings = annotate(replace(findings, needs=analyse(findings.questions, language, load_method(method))),
                        report.utterances)

    flag = host or c.host or (report.host if report.host_source == "flag" else None)
    enrolled = report.host if report.host_source == "enrolled" else None
    settings = {k: v for k, v in report.settings.items() if k != "needs_method"} | {"meeting_type": meeting_type}
    settings |= {"needs_method": method} if method != SEED else {}
    chosen, source = choose_host(speakers, flag=flag, names=named, enrolled=enrolled,
                                 questions=findings.questions, turns=report.turns)
    return assemble(report.source, report.turns, report.utterances, findings, speakers, language, chosen, source,
                    meeting_type=meeting_type, names=named, quality=report.quality,
                    language_probability=report.language_probability, recorded=recorded, models=report.models,
                    timings_s=report.timings_s, settings=settings,
                    suggested_names=suggest_names(report.utterances, speakers, language, named),
                    corrections=applied)
