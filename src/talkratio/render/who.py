"""Who is who, said at the top of every report: the host and how it was chosen, the names that
are only suggestions, and the one command that confirms or changes them (`talkratio report`)."""
from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..messages import t
from ..schema import Report
from . import fmt_clock


@dataclass(frozen=True)
class Who:
    host: str | None          # "Mötesledare: Anna? — gissat: ställde flest frågor (7 av 9)."
    suggested: tuple[str, ...]
    command: str | None       # confirms the host and every suggested name; edit an id to change one
    intro: str = ""           # the words before the command


def host_reason(report: Report, lang: str) -> str:
    """How the host was chosen, in words: given, a recognised voice, or why the guess fell on them."""
    if report.host_source in ("flag", "enrolled"):
        return t(lang, f"who.host.{report.host_source}")
    asked = Counter(q.speaker for q in report.findings.questions)
    mine = asked[report.host]
    if mine and all(mine > n for s, n in asked.items() if s != report.host):
        return t(lang, "who.host.most", count=mine, total=sum(asked.values()))
    return t(lang, "who.host.first" if mine else "who.host.none")


def command(report: Report, json_path: str | Path | None) -> str:
    """`talkratio report X.json --host ID --name ID=Name …`, or the `analyze` options when no JSON was written."""
    parts = ["--host", report.host or ""] if report.host else []
    for speaker, s in sorted(report.suggested_names.items()):
        if speaker not in report.names:
            parts += ["--name", f"{speaker}={s['name']}"]
    head = ["talkratio", "report", str(json_path)] if json_path else []
    return shlex.join(head + parts)


def json_name(report: Report) -> str:
    """The report's JSON as `analyze` names it by default, for a page that does not know where it was written."""
    return Path(report.source.path).stem + ".json"


def who(report: Report, lang: str, json_path: str | Path | None = None) -> Who:
    host = t(lang, "who.host", name=report.display(report.host), why=host_reason(report, lang)) if report.host else None
    suggested = tuple(
        t(lang, "who.suggested", name=s["name"], rule=t(lang, f"who.rule.{s['rule']}"), evidence=s["evidence"],
          time=fmt_clock(float(s["start"])))
        for speaker, s in sorted(report.suggested_names.items()) if speaker not in report.names)
    unsure = report.host_source == "heuristic" or suggested
    if not unsure or not report.host and not suggested:
        return Who(host, suggested, None)
    return Who(host, suggested, command(report, json_path),
               t(lang, "who.confirm" if json_path else "who.confirm_analyze"))


def correction_lines(report: Report, lang: str) -> tuple[str, ...]:
    """The applied corrections (corrections.py), one line each, in the report's language."""
    lines = []
    for c in report.corrections:
        kind = c.get("kind", "")
        values = {"time": fmt_clock(float(c.get("start", 0.0))), "text": c.get("text", "")}
        if kind == "question.add":
            values["kind"] = t(lang, f"corrections.kind.{c.get('question_kind', 'closed')}")
        if kind == "step.fix":
            values["changed"] = ", ".join(t(lang, f"corrections.field.{k}") for k in c.get("changed", {}))
        if f"corrections.{kind}" in _KINDS:
            lines.append(t(lang, f"corrections.{kind}", **values))
    return tuple(lines)


_KINDS = {"corrections.question.drop", "corrections.question.add", "corrections.step.drop", "corrections.step.fix"}
