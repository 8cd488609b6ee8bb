"""Coaching tips: concrete next-time advice drawn from the findings, most important first.

A tip's importance is the number of overall points its behaviour cost: the overall weight of
its area × the behaviour's weight inside that score × the credit it missed. Tips costing under
MIN_POINTS are not worth a reader's attention and are left out; at most MAX_TIPS are given, and
none for a recording shorter than TOO_SHORT_S.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from .messages import t
from .schema import NEEDS_KEYS, Findings, Metrics, Score, Scores, SpeakerStats
from .scoring import (
    LISTENING_WEIGHTS, OVERALL_WEIGHTS, QUESTION_WEIGHTS, as_dict, band, band_text, host_questions,
    listening_credits, pct, question_credits, seconds, times,
)

MIN_POINTS = 2.0
MAX_TIPS = 3          # a reader acts on a few: the three that would add the most to the overall score
TOO_SHORT_S = 60.0    # under a minute there is too little to coach on: no tips, and the reason why
QUOTE_CHARS = 80
INTERRUPTIONS_FOR_FULL_WEIGHT = 3


def quote(text: str, language: str) -> str:
    text = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1].rstrip() + "…"
    return f"”{text}”" if language == "sv" else f"“{text}”"


def _listening(metrics: Metrics, host: SpeakerStats, n: int, meeting_type: str, lang: str) -> list[tuple[float, str]]:
    if n < 2:
        return []
    w = 100 * OVERALL_WEIGHTS["listening_balance"]
    credits = listening_credits(metrics, meeting_type, n)
    b = band(meeting_type, n)
    key = "tips.share_high" if host.talk_share > b.high else "tips.share_low"
    tips = [(w * LISTENING_WEIGHTS["share"] * (1 - credits["share"]),
             t(lang, key, share=pct(host.talk_share, lang), type=t(lang, f"scores.type.{meeting_type}"),
               band=band_text(b, lang))),
            (w * LISTENING_WEIGHTS["monologue"] * (1 - credits["monologue"]),
             t(lang, "tips.monologue", monologue=seconds(host.longest_monologue_s, lang)))]
    if host.interruptions is not None:  # None: a transcript's cues cannot show them
        tips.append((w * LISTENING_WEIGHTS["patience"] * min(1, host.interruptions / INTERRUPTIONS_FOR_FULL_WEIGHT),
                     t(lang, "tips.interruptions", times=times(host.interruptions, lang))))
    if "patience" in credits:
        tips.append((w * LISTENING_WEIGHTS["patience"] * (1 - credits["patience"]),
                     t(lang, "tips.patience", patience=seconds(host.patience_s or 0.0, lang))))
    return tips


def _questions(findings: Findings, host: str, duration_s: float, lang: str) -> list[tuple[float, str]]:
    w = 100 * OVERALL_WEIGHTS["open_questions"]
    q = host_questions(findings.questions, host, duration_s)
    if not q.asked + q.prompts:
        return [(w, t(lang, "tips.no_questions"))]
    credits = question_credits(q, duration_s)
    tips = [(w * QUESTION_WEIGHTS["rate"] * (1 - credits["rate"]),
             t(lang, "tips.few_questions", questions=_n_questions(q.asked + q.prompts, lang),
               minutes=max(1, round(duration_s / 60))))] if "rate" in credits else []
    if q.first_closed:
        tips.append((w * QUESTION_WEIGHTS["open"] * (1 - credits["open"]),
                     t(lang, "tips.closed", closed=q.closed, asked=q.asked, example=quote(q.first_closed, lang))))
    return tips


def _n_questions(n: int, lang: str) -> str:
    return t(lang, "tips.n_question" if n == 1 else "tips.n_questions", n=n)


def _needs(findings: Findings, lang: str) -> list[tuple[float, str]]:
    asked = {n.key for n in findings.needs if n.asked or n.uncertain}   # never "you never asked" a near match
    own = {n.key: n.ask for n in findings.needs if n.ask}                # a method of one's own (needs_methods.py)
    keys = list(own) or NEEDS_KEYS
    missing = [key for key in keys if key not in asked]  # in the order a conversation takes them
    if not findings.needs or not missing:
        return []
    asks = [quote(own.get(key) or t(lang, f"tips.ask.{key}"), lang) for key in missing]
    joined = asks[0] if len(asks) == 1 else f"{', '.join(asks[:-1])} {t(lang, 'tips.or')} {asks[-1]}"
    points = 100 * OVERALL_WEIGHTS["needs"] * len(missing) / len(keys)
    return [(points, t(lang, "tips.needs", questions=joined))]


def _next_steps(findings: Findings, scores: Mapping[str, Score], lang: str) -> list[tuple[float, str]]:
    w = 100 * OVERALL_WEIGHTS["next_steps"]
    steps = findings.next_steps
    if not steps:
        return [(w, t(lang, "tips.no_steps"))]
    loose = [s for s in steps if not s.concrete and not s.uncertain]   # an uncertain one may be concrete
    if not loose:
        return []
    missed = 1 - scores["next_steps"].value / 100 if "next_steps" in scores else len(loose) / len(steps)
    return [(w * missed, t(lang, "tips.vague_steps", count=len(loose), total=len(steps),
                           example=quote(loose[0].text, lang)))]


def coaching_tips(metrics: Metrics, speakers: Sequence[SpeakerStats], findings: Findings,
                  scores: Mapping[str, Score] | Scores, meeting_type: str, language: str) -> tuple[str, ...]:
    """Up to MAX_TIPS tips in `language`, the one costing the most points first."""
    host = next((s for s in speakers if s.role == "host"), None)
    if host is None:
        return (t(language, "tips.no_host"),) if speakers else ()
    duration = metrics.speech_s + metrics.silence_s
    if duration < TOO_SHORT_S:
        return (t(language, "tips.too_short", seconds=round(duration)),)
    ranked = [*_listening(metrics, host, len(speakers), meeting_type, language),
              *_questions(findings, host.id, duration, language),
              *_needs(findings, language),
              *_next_steps(findings, as_dict(scores), language)]
    if not findings.purpose.stated and not findings.purpose.uncertain:
        ranked.append((100 * OVERALL_WEIGHTS["purpose"], t(language, "tips.purpose")))
    kept = [text for points, text in sorted(ranked, key=lambda pt: -pt[0]) if points >= MIN_POINTS][:MAX_TIPS]
    return tuple(kept) or (t(language, "tips.keep_going"),)
