"""A meeting's own corrections file: what the reader knows better than the rules.

`<stem>.talkratio.toml` beside the report (in a folder run also beside the recording), e.g.:

    host = "Anna"                 # a speaker id or a name
    meeting_type = "sales"        # one-on-one, sales or team
    [names]
    SPEAKER_01 = "Erik"

    [[questions]]
    drop = "0:42"                 # what the report calls a question at 0:42 is none
    [[questions]]
    add = "1:05"                  # the sentence said at 1:05 is a question the rules missed
    kind = "open"                 # optional: open | closed (default: what its form says)
    needs = "challenges"          # optional: the needs item it asks (default: what its words say)

    [[steps]]
    at = "1:30"                   # the next step said at 1:30 …
    concrete = true               # … is concrete (owner, action and time are all there)
    owner = "Erik"                # … is Erik's: a speaker id, a name, "both" or "all"
    due = "på fredag"             # … is due then, as said
    due_date = "2026-12-04"
    drop = true                   # … is no step at all

Times are m:ss, h:mm:ss or seconds; each matches the finding said within TOLERANCE_S of it.
Every applied entry is listed in the report (`corrections` in the JSON) with the finding as it
was before, so a re-score first undoes the last file's entries and then applies the file as it
is now: removing an entry from the file really brings the finding back. A file that cannot be
read, an unknown key or an entry that matches nothing is one UsageError naming the file.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import UsageError
from .schema import Findings, NextStep, Question, Utterance

SUFFIX = ".talkratio.toml"


class CorrectionsError(UsageError):
    """A corrections file that cannot be read, or an entry that matches nothing (exit 2)."""

    stage = "corrections"


TOLERANCE_S = 2.0
CUE = "correction"                      # the cue of a question the reader added
_TOP = {"host", "meeting_type", "names", "questions", "steps"}
_QUESTION = {"drop", "add", "kind", "needs", "text", "speaker"}
_STEP = {"at", "drop", "concrete", "owner", "due", "due_date", "action"}
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


@dataclass(frozen=True)
class Corrections:
    path: str = ""
    host: str | None = None
    meeting_type: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    questions: tuple[Mapping[str, Any], ...] = ()
    steps: tuple[Mapping[str, Any], ...] = ()


def beside(report_or_recording: Path) -> Path:
    """The corrections file that belongs to `möte.json` / `möte.m4a`: `möte.talkratio.toml`."""
    p = Path(report_or_recording)
    return p.with_name(p.stem + SUFFIX)


def seconds(value: Any, where: str) -> float:
    """"1:05", "1:02:03", 65 or "65.5" → seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    text = str(value).strip()
    m = _CLOCK.match(text)
    if m:
        return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    try:
        if float(text) >= 0:
            return float(text)
    except ValueError:
        pass
    raise CorrectionsError(f"{where}: wants a time like 1:05 or 65, got {value!r}")


def load(path: Path) -> Corrections:
    """Read and check a corrections file (see the module docstring)."""
    from .pipeline import MEETING_TYPES

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CorrectionsError(f"{path}: not a readable corrections file ({err})") from None
    unknown = set(data) - _TOP
    if unknown:
        raise CorrectionsError(f"{path}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_TOP))})")
    if data.get("meeting_type") is not None and data["meeting_type"] not in MEETING_TYPES:
        raise CorrectionsError(f"{path}: meeting_type {data['meeting_type']!r} is none of {', '.join(MEETING_TYPES)}")
    for key in ("host", "meeting_type"):
        if key in data and not isinstance(data[key], str):
            raise CorrectionsError(f"{path}: {key} wants a text, got {data[key]!r}")
    names = data.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
        raise CorrectionsError(f"{path}: [names] wants SPEAKER = \"Name\" lines")
    entries = {}
    for table, keys in (("questions", _QUESTION), ("steps", _STEP)):
        items = data.get(table, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise CorrectionsError(f"{path}: {table} wants [[{table}]] entries")
        for n, item in enumerate(items, 1):
            bad = set(item) - keys
            if bad:
                raise CorrectionsError(f"{path}: [[{table}]] #{n}: unknown key {sorted(bad)[0]!r} (known: {', '.join(sorted(keys))})")
            if table == "questions" and ("drop" in item) == ("add" in item):
                raise CorrectionsError(f"{path}: [[questions]] #{n}: wants either drop = TIME or add = TIME")
            if table == "steps" and "at" not in item:
                raise CorrectionsError(f"{path}: [[steps]] #{n}: wants at = TIME")
            if item.get("kind") not in (None, "open", "closed"):
                raise CorrectionsError(f"{path}: [[questions]] #{n}: kind is open or closed, got {item['kind']!r}")
            if "due_date" in item:
                try:
                    dt.date.fromisoformat(str(item["due_date"]))
                except ValueError:
                    raise CorrectionsError(f"{path}: [[steps]] #{n}: due_date wants YYYY-MM-DD") from None
        entries[table] = tuple(items)
    return Corrections(str(path), data.get("host"), data.get("meeting_type"),
                       {str(k): v.strip() for k, v in names.items()}, entries["questions"], entries["steps"])


def existing_beside(report_or_recording: Path) -> Path | None:
    """`beside`'s file when it is there; None also for a name too long to have one (ENAMETOOLONG)."""
    found = beside(report_or_recording)
    try:
        return found if found.is_file() else None
    except OSError:
        return None


def load_beside(path: Path) -> Corrections | None:
    found = existing_beside(path)
    return load(found) if found else None


# --- undo the last file's entries, apply this one's ---

def undo(findings: Findings, applied: Sequence[Mapping[str, Any]]) -> Findings:
    """The findings as the rules found them, before the corrections listed in a report."""
    questions, steps = list(findings.questions), list(findings.next_steps)
    for entry in reversed(applied):
        kind, was = entry.get("kind"), entry.get("was")
        if kind == "question.add":
            questions = [q for q in questions if not (q.cue == CUE and abs(q.start - entry["start"]) < 1e-6)]
        elif kind == "question.drop" and was:
            questions.append(Question(**was))
        elif kind == "step.drop" and was:
            steps.append(_step(was))
        elif kind == "step.fix" and was:
            steps = [_step(was) if abs(s.start - entry["start"]) < 1e-6 and s.speaker == was["speaker"] else s
                     for s in steps]
    return replace(findings, questions=tuple(sorted(questions, key=lambda q: q.start)),
                   next_steps=tuple(sorted(steps, key=lambda s: s.start)))


def _step(d: Mapping[str, Any]) -> NextStep:
    return NextStep(**{**d, "missing": tuple(d.get("missing", ())), "cues": tuple(d.get("cues", ()))})


def _nearest(items: Sequence, at: float, what: str, where: str):
    near = [x for x in items if x.start - TOLERANCE_S <= at <= x.end + TOLERANCE_S]
    if not near:
        listed = ", ".join(_clock(x.start) for x in sorted(items, key=lambda x: abs(x.start - at))[:3])
        raise CorrectionsError(f"{where}: no {what} at {_clock(at)}" + (f" (nearest: {listed})" if listed else ""))
    return min(near, key=lambda x: abs(x.start - at))


def _clock(s: float) -> str:
    s = int(round(s))
    return f"{s // 60}:{s % 60:02d}"


def _sentence_at(utterances: Sequence[Utterance], at: float, language: str, where: str):
    from .questions import split_sentences

    near = [u for u in utterances if u.start - TOLERANCE_S <= at <= u.end + TOLERANCE_S]
    if not near:
        raise CorrectionsError(f"{where}: nothing was said at {_clock(at)}")
    u = min(near, key=lambda u: 0 if u.start <= at <= u.end else min(abs(u.start - at), abs(u.end - at)))
    sentences = split_sentences(u, language)
    return min(sentences, key=lambda s: 0 if s.start <= at <= s.end else min(abs(s.start - at), abs(s.end - at)))


def _owner(value: str, speakers: Sequence[str], names: Mapping[str, str], where: str) -> str:
    from .host import resolve

    if value in ("both", "all"):
        return value
    try:
        return resolve(value, speakers, names)
    except UsageError as err:
        raise CorrectionsError(f"{where}: owner {str(err).split(' ', 1)[1]}") from None


def apply(findings: Findings, c: Corrections, utterances: Sequence[Utterance], language: str,
          speakers: Sequence[str], names: Mapping[str, str]) -> tuple[Findings, tuple[dict, ...]]:
    """`findings` with the file's entries applied, and what was applied (each with the finding it changed)."""
    from .questions import classify, needs_key

    questions, steps, applied = list(findings.questions), list(findings.next_steps), []
    for n, e in enumerate(c.questions, 1):
        where = f"{c.path}: [[questions]] #{n}"
        if "drop" in e:
            q = _nearest(questions, seconds(e["drop"], where), "question", where)
            questions.remove(q)
            applied.append({"kind": "question.drop", "start": q.start, "speaker": q.speaker, "text": q.text,
                            "was": asdict(q)})
            continue
        s = _sentence_at(utterances, seconds(e["add"], where), language, where)
        if any(abs(q.start - s.start) < 0.05 and q.speaker == s.speaker for q in questions):
            raise CorrectionsError(f"{where}: the sentence at {_clock(s.start)} is a question already")
        speaker = _owner(e["speaker"], speakers, names, where) if e.get("speaker") else s.speaker
        verdict = classify(s.text, language, marked=True)
        kind = e.get("kind") or (verdict.kind if verdict else "closed")
        q = Question(speaker, s.start, s.end, e.get("text") or s.text, kind, CUE,
                     needs=e.get("needs") or needs_key(s.text, language))
        questions.append(q)
        applied.append({"kind": "question.add", "start": q.start, "speaker": q.speaker, "text": q.text,
                        "question_kind": kind})
    for n, e in enumerate(c.steps, 1):
        where = f"{c.path}: [[steps]] #{n}"
        s = _nearest(steps, seconds(e["at"], where), "next step", where)
        if e.get("drop"):
            steps.remove(s)
            applied.append({"kind": "step.drop", "start": s.start, "speaker": s.speaker, "text": s.text,
                            "was": asdict(s)})
            continue
        owner = _owner(e["owner"], speakers, names, where) if e.get("owner") else s.owner
        due = e.get("due") or (s.due if "due_date" not in e else s.due or str(e["due_date"]))
        due_date = str(e["due_date"]) if "due_date" in e else s.due_date
        action = e.get("action") or s.action
        filled = {"owner": owner, "action": action, "due": due}
        concrete = bool(e["concrete"]) if "concrete" in e else bool(owner and action and due and not s.vague)
        missing = tuple(m for m in s.missing if not (filled.get(m) or concrete and m in filled))
        fixed = replace(s, owner=owner, due=due, due_date=due_date, action=action or s.action, concrete=concrete,
                        vague=s.vague and not concrete, uncertain=s.uncertain and not concrete, missing=missing)
        steps[steps.index(s)] = fixed
        changed = {k: e[k] for k in ("concrete", "owner", "due", "due_date", "action") if k in e}
        applied.append({"kind": "step.fix", "start": s.start, "speaker": s.speaker, "text": s.text,
                        "changed": changed, "was": asdict(s)})
    return (replace(findings, questions=tuple(sorted(questions, key=lambda q: q.start)),
                    next_steps=tuple(sorted(steps, key=lambda s: s.start))), tuple(applied))
