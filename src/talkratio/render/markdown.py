"""The report as Markdown, for pasting into a wiki, a ticket or a notes app.

Same content as the HTML page minus the charts. Every value from the recording is escaped
twice over: HTML-escaped (Markdown lets raw HTML through) and Markdown-escaped (so a name
like `*Anna*` or a `|` cannot bend the layout).
"""
from __future__ import annotations

import html
import re

from ..schema import Report
from . import View, build_view, fmt_clock, fmt_decimal, fmt_duration, fmt_share, score_band
from .details import model_rows, settings_rows
from .provenance import source_notes
from .traits import section_tips, traits_view
from .who import correction_lines, json_name, who

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BAND_MARK = {"good": "🟢", "fair": "🟡", "poor": "🔴"}


def md(value: object) -> str:
    """`value` as inert inline Markdown text, on one line."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _SPECIAL.sub(r"\\\1", text)


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    return ["| " + " | ".join(r) + " |" for r in (header, rule, *rows)] + [""]


def _link(anchor: int | None, start: float) -> str:
    return fmt_clock(start) if anchor is None else f"[{fmt_clock(start)}](#u-{anchor})"


def _header(v: View) -> list[str]:
    r, t = v.report, v.t
    meta = [t(f"report.type.{r.meeting_type}"),
            *([t("report.meta.recorded", date=md(r.recorded))] if r.recorded else []),
            t("report.meta.duration", duration=fmt_duration(v.duration, v.lang)),
            t("report.meta.speakers", count=len(v.speakers))]
    lines = [f"# {t('report.title')}: {md(v.file_name)}", "", " · ".join(meta), ""]
    w = who(r, v.lang, json_name(r))   # the host, suggested names, the command that confirms them
    for line in [md(x) for x in (w.host, *w.suggested) if x] + ([f"{md(w.intro)} `{w.command}`"] if w.command else []):
        lines += [line, ""]
    lines += ["", f"**{t('corrections.title')}**", *(f"- {md(c)}" for c in correction_lines(r, v.lang))] if r.corrections else []
    if v.quality:
        lines += [f"_{md(t('report.terminal.quality_poor' if v.poor else 'report.terminal.quality', low=fmt_share(v.quality.low_share, v.lang), model=v.tech(v.quality.model)))}_", ""]
    rows = [[f"{_BAND_MARK[score_band(s.value)]} **{t(f'report.score.{k}')}**",
             f"{s.value}" + (f" ({t('report.score.uncertain')})" if s.uncertain else ""), md(s.explanation)]
            for k, s in v.cards]
    return lines + _table(["", "0–100", ""], rows, right={1})


def _tips(v: View) -> list[str]:
    tips = [f"{i}. {md(tip)}" for i, tip in enumerate(v.report.tips, 1)] or [v.t("report.none.tips")]
    return [f"## {v.t('report.section.tips')}", "", *tips, ""]


def _speakers(v: View) -> list[str]:
    t, lang = v.t, v.lang
    rows = [[md(s.name) + (f" ({t('report.role.host')})" if s.is_host else ""),
             fmt_duration(s.stats.talk_time_s, lang), fmt_share(s.stats.talk_share, lang),
             fmt_duration(s.stats.longest_monologue_s, lang),
             *((fmt_duration(s.stats.patience_s, lang), str(s.stats.interruptions)) if v.report.metrics.turn_taking
               else (t("report.unavailable"),) * 2), str(s.stats.questions_open), str(s.stats.questions_closed),
             str(round(s.stats.words_per_minute))] for s in v.speakers if s.stats is not None]
    cols = ("speaker", "talk_time", "share", "longest", "patience", "interruptions", "questions_open",
            "questions_closed", "wpm")
    return [f"## {t('report.section.talk_share')}", "",
            *_table([t(f"report.col.{c}") for c in cols], rows, right=set(range(1, 9))),
            f"_{t('report.note.patience')}_", "", *(f"_{md(n)}_\n" for n in source_notes(v.report, lang))]


def _needs_and_purpose(v: View) -> list[str]:
    t = v.t
    lines = [f"## {t('report.section.needs')}", ""]
    for key, item, anchor in v.needs:
        heard = f" _({md(v.heard(item))})_" if item is not None and v.heard(item) else ""
        if item is not None and item.asked:
            lines.append(f"- [x] {item.label if item and item.label else t(f'report.needs.{key}')}: {_link(anchor, item.start or 0)} "
                         f"{md(v.name(item.speaker))}: {t('report.quote', text=md(item.text or ''))}{heard}")
        elif item is not None and item.uncertain:
            lines.append(f"- [?] {item.label if item and item.label else t(f'report.needs.{key}')}: _{t('report.needs.uncertain', time=fmt_clock(item.start or 0))}_ "
                         f"{t('report.quote', text=md(item.text or ''))}{heard}")
        else:
            lines.append(f"- [ ] {item.label if item and item.label else t(f'report.needs.{key}')}: _{t('report.needs.not_asked')}_")
    p = v.report.findings.purpose
    lines += ["", f"## {t('report.section.purpose')}", ""]
    if p.stated or p.uncertain:
        lines += [t("report.purpose.stated" if p.stated else "report.purpose.uncertain", name=md(v.name(p.speaker)),
                    time=_link(v.purpose_anchor, p.start or 0)), "", f"> {md(p.text or '')}", ""]
        lines += [f"_{md(v.heard(p))}_", ""] if v.heard(p) else []
    else:
        lines += [f"_{t('report.purpose.missing')}_", ""]
    return lines


def _trait_row(v: View, row, key: str, extra: bool = False) -> str:
    said = f"{_link(row.anchor, row.start)} {md(row.name)}: {v.t('report.quote', text=md(row.text))}"
    if key == "follow_ups" and extra:   # a missed chance: the question, and what it could have taken up
        return f"- {said} ← {v.t('report.quote', text=md(row.ref or ''))}"
    kind = f" `{row.kind}`" if row.kind and not extra else ""   # our own word: no escaping needed in code
    took = (f" — {v.t('traits.took_up')} {v.t('report.quote', text=md(row.ref))}"
            if row.ref and key == "follow_ups" else "")
    return f"- {said}{kind} ({md(row.cue)}){took}"


def _traits(v: View) -> list[str]:
    """The five traits (issue 21) from the same blocks as the page's section (render/traits.py)."""
    blocks, t = traits_view(v.report, v), v.t
    if not blocks:
        return []   # a report from before the traits
    tips = [f"- {md(tip)}" for tip in section_tips(v.report, v.lang)]
    lines = [f"## {t('traits.section')}", "", f"_{md(t('traits.intro'))}_", "", *tips, *([""] if tips else [])]
    for b in blocks:
        lines += [f"### {b.title}: {b.score.value}{'?' if b.score.uncertain else ''}", "", md(b.score.explanation), ""]
        for item, anchor in b.items if b.key == "agenda" else ():
            where = (f"{t('traits.reached')} {_link(anchor, item.start)}: {t('report.quote', text=md(item.quote))}"
                     if item.reached else f"**{t('traits.unreached')}**")
            lines.append(f"- {t('report.quote', text=md(item.text))} — {where}")
        lines += [""] if b.key == "agenda" and b.items else []
        if b.rows:
            lines += [f"_{t('traits.examples_fact')}_", ""] if b.key == "facts_relationship" else []
            lines += [*(_trait_row(v, row, b.key) for row in b.rows), ""]
        elif b.key != "agenda":
            lines += [f"_{t('traits.none')}_", ""]
        if b.extra:
            lines += [f"_{t('traits.missed') if b.key == 'follow_ups' else t('traits.examples_relation')}_", "",
                      *(_trait_row(v, row, b.key, extra=True) for row in b.extra), ""]
    return lines


def _questions(v: View) -> list[str]:
    t = v.t
    if not v.questions:
        return [f"## {t('report.section.questions')}", "", t("report.none.questions"), ""]
    rows = [[_link(q.anchor, q.start), md(v.name(q.speaker)), md(q.text), t(f"report.kind.{q.kind}"), md(q.cue)]
            for q in v.questions]
    cols = ("time", "speaker", "question", "kind", "cue")
    return [f"## {t('report.section.questions')}", "", *_table([t(f"report.col.{c}") for c in cols], rows)]


def _steps(v: View) -> list[str]:
    t = v.t
    if not v.steps:
        return [f"## {t('report.section.next_steps')}", "", f"_{t('report.none.steps')}_", ""]
    missing = f"**{t('report.step.missing')}**"
    rows = []
    for s in v.steps:
        slot = {"owner": md(s.owner), "action": f"{md(s.step.action)} ({t('report.quote', text=md(s.step.text))})",
                "due": md(s.step.due) + (f" ({md(s.step.due_date)})" if s.step.due_date else ""),
                "follow_up": t(s.follow_up_key)}
        rows.append([_link(s.anchor, s.step.start), *(missing if s.missing(k) else slot[k] for k in slot),
                     t(f"report.step.{s.status}")])
    cols = ("time", "owner", "action", "due", "follow_up", "status")
    return [f"## {t('report.section.next_steps')}", "", *_table([t(f"report.col.{c}") for c in cols], rows)]


def _transcript(v: View) -> list[str]:
    lines = [f"## {v.t('report.section.transcript')}", ""]
    for i, u in enumerate(v.report.utterances):
        tags = "".join(f" `{v.t(f'report.kind.{k}')}`" for k in v.badges.get(i, ()))
        lines += [f'<a id="u-{i}"></a>**{fmt_clock(u.start)} {md(v.name(u.speaker))}:** {md(u.text)}{tags}', ""]
    return lines


def _details(v: View) -> list[str]:
    r, t, lang = v.report, v.t, v.lang
    language = t(f"report.language.{r.language}") if r.language in ("sv", "en") else md(r.language)
    if r.language_probability is not None:
        language += f" ({fmt_share(r.language_probability, lang)})"
    host = t("report.host.unknown") if not r.host else md(v.name(r.host)) + (
        f" ({t(f'report.host_source.{r.host_source}')})" if r.host_source else "")
    items = [(t("report.details.file"), md(r.source.path)), (t("report.details.language"), language),
             (t("report.details.host"), host),
             (t("report.details.speech_label"), t("report.details.speech",
              speech=fmt_duration(r.metrics.speech_s, lang), silence=fmt_duration(r.metrics.silence_s, lang),
              overlap=fmt_duration(r.metrics.overlap_s, lang),
              switches=fmt_decimal(r.metrics.speaker_switches_per_min, lang)))]
    items += [(t("report.details.timings"), " · ".join([*(f"{md(v.stage(k))} {fmt_duration(s, lang)}" for k, s in
              r.timings_s.items()), f"{t('report.details.total')} {fmt_duration(sum(r.timings_s.values()), lang)}"]))
              ] if r.timings_s else []
    items += [(t("report.details.models"), " · ".join(f"{md(k)}: {md(m)}" for k, m in model_rows(r, lang)))] if r.models else []
    items += [(t("report.details.settings"), " · ".join(f"{md(k)}: {md(s)}" for k, s in settings_rows(r, lang)))
              ] if r.settings else []
    items.append((t("report.details.version"), t("report.generated", version=md(r.version or "?"))))
    return [f"## {t('report.section.details')}", "", *(f"- **{k}:** {val}" for k, val in items), ""]


def render_markdown(report: Report, ui_language: str | None = None) -> str:
    """The report as one Markdown document, in `ui_language` or the meeting's language."""
    v = build_view(report, ui_language)
    parts = (_header, _tips, _speakers, _needs_and_purpose, _traits, _questions, _steps, _transcript, _details)
    return "\n".join(line for part in parts for line in part(v)).rstrip() + "\n"
