"""A score 0–100 per trait, with a one-sentence reason, and the weights that fold them into overall.

Each score is a weighted mean of credits in 0..1, as in scoring.py. The targets are ours (no
published norm measures these traits in words): docs/scoring.md, section "The five traits", gives
each and why. Every trait weighs TRAIT_WEIGHT in the overall score beside scoring.OVERALL_WEIGHTS
(those sum to 1.0, so the five traits together are 0.25 / 1.25 = 20 % of it).
"""
from __future__ import annotations

from typing import Mapping

from ..messages import t
from ..schema import Score, Traits

TRAIT_KEYS = ("follow_ups", "active_listening", "agenda", "facts_relationship", "together")
TRAIT_WEIGHT = 0.05
TRAIT_WEIGHTS = {k: TRAIT_WEIGHT for k in TRAIT_KEYS}

FOLLOW_UP_TARGET = 0.5       # half the host's questions build on what was just said: full credit (ours)
REFLECT_TARGET = 2           # summaries/paraphrases in a meeting for full credit (ours)
CHECK_TARGET = 1             # check-back questions ("Stämmer det?") for full credit (ours)
BACKCHANNEL_TARGET = 1.0     # back-channels per minute of the other's speech (ours; spoken 1:1s run higher,
                             # but a transcriber drops most of them)
BACKCHANNEL_MIN_S = 30.0     # the other spoke less: no back-channel rate (nothing to listen to)
LISTENING_WEIGHTS = {"reflect": 0.5, "check": 0.2, "backchannel": 0.3}
AGENDA_NAMED, AGENDA_REACHED = 0.4, 0.6   # naming an agenda, and the share of its items reached (ours)
FACT_TARGET, RELATION_TARGET = 0.10, 0.05  # shares of all sentences for full credit (ours)
TOGETHER_TARGETS = {"question": 2, "proposal": 1, "commitment": 1, "topic": 1}   # of the other side (ours)
TOGETHER_WEIGHTS = {"question": 0.3, "proposal": 0.3, "commitment": 0.3, "topic": 0.1}


def _weighted(credits: Mapping[str, float], weights: Mapping[str, float]) -> int:
    total = sum(weights[k] for k in credits)
    return round(100 * sum(weights[k] * v for k, v in credits.items()) / total) if total else 0


def _pct(share: float, language: str) -> str:
    return f"{round(share * 100)} %" if language == "sv" else f"{round(share * 100)}%"


def follow_up_score(tr: Traits, language: str) -> Score:
    """min(1, follow-up share / FOLLOW_UP_TARGET)."""
    if not tr.host_questions:
        return Score(0, t(language, "traits.fu.none"))
    share = len(tr.follow_ups) / tr.host_questions
    text = (t(language, f"traits.fu.only.{'yes' if tr.follow_ups else 'no'}") if tr.host_questions == 1
            else t(language, "traits.fu.summary", follow=len(tr.follow_ups), asked=tr.host_questions,
                   share=_pct(share, language)))   # "0 av dina 1 frågor" reads wrong
    return Score(round(100 * min(1.0, share / FOLLOW_UP_TARGET)), text)


def listening_credits(tr: Traits) -> dict[str, float]:
    reflect = sum(m.kind == "reflection" for m in tr.reflections)
    checks = sum(m.kind == "check" for m in tr.reflections)
    credits = {"reflect": min(1.0, reflect / REFLECT_TARGET), "check": min(1.0, checks / CHECK_TARGET)}
    if tr.other_speech_s >= BACKCHANNEL_MIN_S:
        credits["backchannel"] = min(1.0, backchannel_rate(tr) / BACKCHANNEL_TARGET)
    return credits


def backchannel_rate(tr: Traits) -> float:
    return len(tr.backchannels) / (tr.other_speech_s / 60) if tr.other_speech_s > 0 else 0.0


def listening_score(tr: Traits, language: str) -> Score:
    rate = backchannel_rate(tr)
    text = f"{rate:.1f}".replace(".", ",") if language == "sv" else f"{rate:.1f}"
    return Score(_weighted(listening_credits(tr), LISTENING_WEIGHTS),
                 t(language, "traits.al.summary", reflections=sum(m.kind == "reflection" for m in tr.reflections),
                   checks=sum(m.kind == "check" for m in tr.reflections), backchannels=len(tr.backchannels),
                   rate=text))


def agenda_score(tr: Traits, language: str) -> Score:
    """0 without an agenda; AGENDA_NAMED for naming one, AGENDA_REACHED × the share of items reached."""
    if tr.agenda is None or not tr.agenda_items:
        return Score(0, t(language, "traits.ag.none"))
    reached = sum(i.reached for i in tr.agenda_items)
    value = AGENDA_NAMED + AGENDA_REACHED * reached / len(tr.agenda_items)
    return Score(round(100 * value), t(language, "traits.ag.summary", items=len(tr.agenda_items), reached=reached))


def facts_relationship_score(tr: Traits, language: str) -> Score:
    """Half for facts (share / FACT_TARGET), half for relationship (share / RELATION_TARGET): both present."""
    n = max(tr.sentences, 1)
    fact, relation = len(tr.facts) / n, len(tr.relations) / n
    value = 0.5 * min(1.0, fact / FACT_TARGET) + 0.5 * min(1.0, relation / RELATION_TARGET)
    return Score(round(100 * value), t(language, "traits.fr.summary", facts=_pct(fact, language),
                                       relations=_pct(relation, language)))


def together_counts(tr: Traits) -> dict[str, int]:
    return {k: sum(m.kind == k for m in tr.initiatives) for k in TOGETHER_TARGETS}


def together_score(tr: Traits, language: str) -> Score:
    counts = together_counts(tr)
    credits = {k: min(1.0, counts[k] / TOGETHER_TARGETS[k]) for k in TOGETHER_TARGETS}
    return Score(_weighted(credits, TOGETHER_WEIGHTS),
                 t(language, "traits.tg.summary", questions=counts["question"], proposals=counts["proposal"],
                   commitments=counts["commitment"], topics=counts["topic"], host_topics=tr.host_topics))


def trait_scores(tr: Traits | None, host: str | None, language: str) -> dict[str, Score]:
    """The five scores; empty without traits (a report from before them), zero without a host."""
    if tr is None:
        return {}
    if host is None:
        return {k: Score(0, t(language, "traits.no_host")) for k in TRAIT_KEYS}
    return {"follow_ups": follow_up_score(tr, language), "active_listening": listening_score(tr, language),
            "agenda": agenda_score(tr, language), "facts_relationship": facts_relationship_score(tr, language),
            "together": together_score(tr, language)}
