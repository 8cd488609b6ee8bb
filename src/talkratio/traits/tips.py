"""Coaching tips for the five traits, quoting the meeting ("När Erik sa ”…” kunde du ha frågat vidare").

A tip's points are what its trait cost the overall score: 100 × TRAIT_WEIGHT × the credit missed.
They are shown in the traits' section of the page (render/traits.section_tips), not in the
report's capped top tips (tips.py).
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from ..messages import t
from ..schema import Findings, Score, SpeakerStats
from .scores import FACT_TARGET, RELATION_TARGET, TRAIT_WEIGHT, together_counts
from .text import content_words


def trait_tips(findings: Findings, speakers: Sequence[SpeakerStats], scores: Mapping[str, Score],
               language: str, display: Callable[[str], str] | None = None) -> list[tuple[float, str]]:
    """`display`: the name a reader sees for a speaker id (Report.display: "Erik?" for a suggestion)."""
    from ..tips import quote   # tips.py imports this module

    tr = findings.traits
    host = next((s for s in speakers if s.role == "host"), None)
    if tr is None or host is None or scores.get("follow_ups") is None:
        return []
    names = {s.id: display(s.id) if display else s.name or s.id for s in speakers}
    other = next((s for s in speakers if s.role != "host"), None)
    other_name = names[other.id] if other else "?"

    def cost(key: str) -> float:
        return 100 * TRAIT_WEIGHT * (1 - scores[key].value / 100)

    ranked = []
    if tr.missed and scores["follow_ups"].value < 100:
        chance = max(tr.missed, key=lambda m: len(content_words(m.ref or "", language)))
        ranked.append((cost("follow_ups"), t(language, "traits.tip.follow_up", name=names.get(chance.ref_speaker, "?"),
                                             said=quote(chance.ref or "", language),
                                             question=quote(chance.text, language))))
    if scores["active_listening"].value < 50:
        ranked.append((cost("active_listening"), t(language, "traits.tip.listening")))
    if tr.agenda is None:
        ranked.append((cost("agenda"), t(language, "traits.tip.agenda_none")))
    elif (left := [i for i in tr.agenda_items if not i.reached]):
        ranked.append((cost("agenda"), t(language, "traits.tip.agenda_unreached", item=quote(left[0].text, language))))
    n = max(tr.sentences, 1)
    if len(tr.relations) / n < RELATION_TARGET / 2:
        ranked.append((cost("facts_relationship"), t(language, "traits.tip.relation", name=other_name)))
    elif len(tr.facts) / n < FACT_TARGET / 2:
        ranked.append((cost("facts_relationship"), t(language, "traits.tip.facts")))
    counts = together_counts(tr)
    if other and not counts["proposal"] and not counts["commitment"]:
        ranked.append((cost("together"), t(language, "traits.tip.together", name=other_name)))
    return ranked
