"""Reading a report JSON back, trusting nothing in it: `load(path)` → a validated Report or one InputError.

`talkratio report` re-renders whatever file it is given, and a file may be damaged, hand-edited, another
tool's or hostile. Every check happens here, before rendering, so a bad file gives one line and exit 2:
the text (UTF-8 JSON, no NaN, bounded nesting and size), the shape (report.from_dict), the types of every
field against schema.py's own dataclasses (pydantic, strict: no string numbers, no unknown meeting type
or question kind), and the ranges rendering relies on (times finite and within a week, shares 0–1,
scores 0–100, the host and every turn's speaker among the speakers).
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping

from .errors import InputError, UsageError
from .schema import Report

MAX_BYTES = 256 * 2**20        # a ten-hour meeting's report is ~10 MB; beyond this it is not one of ours
LONGEST_S = 7 * 24 * 3600.0    # no recording is a week long; past this a time is damage (and the timeline's scale breaks)


def load(path: Path) -> Report:
    """The report in `path`, checked; InputError (exit 2) naming the first thing wrong."""
    from .report import from_dict

    data = _parse(path)
    if not isinstance(data, dict):
        raise _bad(path, f"a JSON {type(data).__name__.replace('list', 'array').replace('str', 'string')}, "
                         f"not a report object")
    try:
        report = from_dict(data)
    except KeyError as err:
        raise _bad(path, f"the field {err} is missing") from None
    except (ValueError, TypeError, AttributeError) as err:
        raise _bad(path, str(err)) from None
    _check_types(path, report)
    _check_ranges(path, report)
    return report


def check_names(report: Report, names: Mapping[str, str]) -> None:
    """`--name ID=Name` must rename a speaker of this report: a typo would otherwise change nothing, silently."""
    ids = [s.id for s in report.speakers]
    unknown = [k for k in names if k not in ids]
    if unknown:
        known = ", ".join(f"{s} ({report.names[s]})" if report.names.get(s) else s for s in ids) or "none"
        raise UsageError(f"--name {unknown[0]}: no such speaker in this report (its speakers: {known})")


def _parse(path: Path):
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if len(raw) > MAX_BYTES:
        raise _bad(path, f"over {MAX_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(path, "not UTF-8 text (a recording? `talkratio analyze` reads those)") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise _bad(path, f"not JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None
    except ValueError as err:  # NaN / Infinity
        raise _bad(path, str(err)) from None
    except RecursionError:
        raise _bad(path, "nested too deeply") from None


def _no_constant(name: str):
    raise ValueError(f"'{name}' is not a number JSON allows")


@cache
def _validator():
    from pydantic import BaseModel, ConfigDict

    class Document(BaseModel):  # the schema's own dataclasses, checked field by field
        model_config = ConfigDict(strict=True, revalidate_instances="always", allow_inf_nan=False)
        report: Report

    return Document


def _check_types(path: Path, report: Report) -> None:
    from pydantic import ValidationError

    try:
        _validator()(report=report)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"][1:])
        raise _bad(path, f"{where}: {first['msg']} (got {_short(first.get('input'))})") from None


def _check_ranges(path: Path, r: Report) -> None:
    def need(ok: bool, what: str) -> None:
        if not ok:
            raise _bad(path, what)

    def span(label: str, items: Iterable) -> None:
        for i, x in enumerate(items):
            start, end = x.start, getattr(x, "end", x.start)
            if start is None:
                continue
            need(0 <= start <= (end if end is not None else start) <= LONGEST_S,
                 f"{label}[{i}]: times {start:g}–{_g(end)} s are not 0 ≤ start ≤ end ≤ one week")

    def share(label: str, value) -> None:
        need(value is None or 0 <= value <= 1, f"{label} is {_g(value)}, not a share from 0 to 1")

    def seconds(label: str, value) -> None:
        need(value is None or 0 <= value <= LONGEST_S, f"{label} is {_g(value)}, not 0 s to one week")

    seconds("source.duration_s", r.source.duration_s)
    need(r.source.channels >= 0 and r.source.sample_rate >= 0, "source: channels and sample_rate are negative")  # 0: a transcript
    ids = {s.id for s in r.speakers}
    need(len(ids) == len(r.speakers), "speakers: an id is listed twice")
    need(r.host is None or r.host in ids, f"host {_short(r.host)} is not one of the speakers")
    span("turns", r.turns)
    need(all(t.speaker in ids for t in r.turns), "turns: a turn's speaker is not one of the speakers")
    span("utterances", r.utterances)
    for i, u in enumerate(r.utterances):
        span(f"utterances[{i}].words", u.words)
        for w in u.words:
            share(f"utterances[{i}].words: p", w.probability)
    f = r.findings
    span("questions", f.questions)
    span("next_steps", f.next_steps)
    span("needs_analysis", f.needs)
    need(all(n.start is not None for n in f.needs if n.uncertain and not n.asked),
         "needs_analysis: an uncertain item has no start (the report says where to listen)")
    span("purpose", [f.purpose])
    for label, items in (("questions", f.questions), ("next_steps", f.next_steps), ("needs_analysis", f.needs),
                         ("purpose", [f.purpose])):
        for x in items:
            share(f"{label}: similarity", x.similarity)
            share(f"{label}: confidence", x.confidence)
    for s in r.speakers:
        share(f"speakers {s.id}: talk_share", s.talk_share)
        for key in ("talk_time_s", "longest_monologue_s", "patience_s"):
            seconds(f"speakers {s.id}: {key}", getattr(s, key))
        need(min(s.turns, s.words, s.questions_open, s.questions_closed, s.interruptions or 0) >= 0
             and s.words_per_minute >= 0, f"speakers {s.id}: a count is negative")
    m = r.metrics
    for key in ("speech_s", "silence_s", "overlap_s", "host_longest_monologue_s", "host_patience_s"):
        seconds(f"metrics.{key}", getattr(m, key))
    share("metrics.host_talk_share", m.host_talk_share)
    need(m.speaker_switches_per_min >= 0 and all((v or 0) >= 0 for v in m.interruptions.values()),
         "metrics: a rate or count is negative")
    for key in r.scores.__dataclass_fields__:
        score = getattr(r.scores, key)
        if score is not None:
            need(0 <= score.value <= 100, f"scores.{key}.value is {score.value}, not 0–100")
            need(all(0 <= w <= 1 and 0 <= v <= 100 for _, w, v in score.parts), f"scores.{key}.parts out of range")
    share("language_probability", r.language_probability)
    if r.quality is not None:
        for key in ("low_share", "low_p", "mean_p"):
            share(f"transcript_quality.{key}", getattr(r.quality, key))
        need(r.quality.words >= 0 and (r.quality.known_wer or 0) >= 0, "transcript_quality: a count is negative")
    if r.source.transcript is not None:
        share("source.transcript.agreement", r.source.transcript.agreement)


def _bad(path: Path, why: str) -> InputError:
    return InputError(f"{path}: not a valid talkratio report: {why}")


def _g(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else repr(value)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"

