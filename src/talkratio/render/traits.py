"""What the report's "five traits" section shows (issue 21): each trait's score, its evidence with
the rule that fired in the reader's language, and a link to the line in the transcript."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from ..messages import t
from ..schema import Report, Score, TraitMark
from ..traits.scores import TRAIT_KEYS
from . import View, utterance_at

EXAMPLES = 3   # facts and relationship: this many examples of each


@dataclass(frozen=True)
class Row:
    start: float
    speaker: str
    name: str
    colour: int
    text: str
    kind: str              # in the reader's language
    cue: str               # the rule that fired, in the reader's language
    anchor: int | None
    ref: str | None = None


@dataclass(frozen=True)
class TraitBlock:
    key: str
    title: str
    score: Score
    rows: tuple[Row, ...]
    extra: tuple[Row, ...] = ()        # follow-ups: missed chances; facts/relationship: the relationship side
    items: tuple = ()                  # agenda: AgendaItem, with its anchor


def section_tips(report: Report, lang: str) -> tuple[str, ...]:
    """The traits' own coaching tips, costliest first: the report's top tips are capped, these are
    all shown in the section (they quote the meeting: "När Erik sa ”…” kunde du ha frågat vidare")."""
    from ..scoring import as_dict
    from ..traits.tips import trait_tips
    ranked = trait_tips(report.findings, report.speakers, as_dict(report.scores), lang, report.display)
    return tuple(text for _, text in sorted(ranked, key=lambda pt: -pt[0]))


def trait_cue(cue: str, lang: str) -> str:
    """"shared word 'kön'" → "gemensamt ord 'kön'": the rule's kind translated, the words as said."""
    m = re.match(r"^([^']+?)\s*('.*')?$", cue or "")
    if not m:
        return cue
    head = t(lang, f"traits.cue.{m.group(1)}") if f"traits.cue.{m.group(1)}" in _known(lang) else m.group(1)
    return f"{head} {m.group(2)}" if m.group(2) else head


def _known(lang: str):
    from ..messages import CATALOGUE
    return CATALOGUE.get(lang, CATALOGUE["en"])


def traits_view(report: Report, v: View) -> tuple[TraitBlock, ...]:
    """The section's blocks in TRAIT_KEYS order; empty for a report from before the traits."""
    tr = report.findings.traits
    if tr is None or getattr(report.scores, "follow_ups", None) is None:
        return ()
    at = partial(utterance_at, report)
    lang = v.lang

    def row(m: TraitMark) -> Row:
        kind = t(lang, f"traits.kind.{m.kind}") if f"traits.kind.{m.kind}" in _known(lang) else ""
        return Row(m.start, m.speaker, v.name(m.speaker), v.colour.get(m.speaker, 6), m.text, kind,
                   trait_cue(m.cue, lang), at(m.speaker, m.start), m.ref)

    s = report.scores
    items = tuple((i, at(i.speaker, i.start) if i.reached else None) for i in tr.agenda_items)
    agenda_rows = (row(tr.agenda),) if tr.agenda else ()
    blocks = {
        "follow_ups": (tuple(map(row, tr.follow_ups)), tuple(map(row, tr.missed[:EXAMPLES])), ()),
        "active_listening": (tuple(map(row, sorted(tr.reflections + tr.backchannels, key=lambda m: m.start))), (), ()),
        "agenda": (agenda_rows, (), items),
        "facts_relationship": (tuple(map(row, tr.facts[:EXAMPLES])), tuple(map(row, tr.relations[:EXAMPLES])), ()),
        "together": (tuple(map(row, tr.initiatives)), (), ()),
    }
    return tuple(TraitBlock(k, t(lang, f"report.score.{k}"), getattr(s, k), *blocks[k]) for k in TRAIT_KEYS
                 if getattr(s, k) is not None)
