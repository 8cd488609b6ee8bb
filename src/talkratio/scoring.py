"""Scores 0–100 with a one-sentence reason: listening balance, open questions, overall.

Each score is a weighted mean of *credits* in 0..1, one per behaviour, so a tip can say which
credit cost the most. Every band, threshold and weight below, and where it comes from, is in
docs/scoring.md; change them there and here together.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping, Sequence

from .errors import UsageError
from .messages import t
from .schema import NEEDS_KEYS, Findings, Metrics, Question, Score, Scores, SpeakerStats


@dataclass(frozen=True)
class Band:
    """Host talk share earning full credit (low..high), and where credit runs out (zero).

    Below `low` credit falls linearly to BELOW_BAND_FLOOR at 0 %: a silent leader is not
    listening better, but it hurts less than dominating. With `fair_share` the numbers are
    relative to 1/n: low × 1/n, 1/n + high, 1/n + zero.
    """
    low: float
    high: float
    zero: float
    source: str
    fair_share: bool = False

    def resolve(self, n_speakers: int) -> Band:
        if not self.fair_share:
            return self
        fair = 1 / max(n_speakers, 2)
        return Band(self.low * fair, min(1.0, fair + self.high), min(1.0, fair + self.zero), self.source)


BANDS: dict[str, Band] = {
    "one-on-one": Band(0.15, 0.40, 0.70, "the employee should talk most: host share ≤ 40 % "
                                          "(project brief, issue 3); the 15 % floor and 70 % zero are ours"),
    "sales": Band(0.35, 0.50, 0.65, "Gong Labs, 25,537 B2B sales calls: best-converting split 43 % seller / "
                                    "57 % customer, > 65 % seller talk converted worse"),
    "team": Band(0.5, 0.10, 0.40, "fair share 1/n plus 10 points for chairing; ours", fair_share=True),
}
BELOW_BAND_FLOOR = 0.5
MONOLOGUE_OK_S, MONOLOGUE_ZERO_S = 60.0, 180.0   # Gong: win rates fall when a pitch runs past 2 min
PATIENCE_TARGET_S = 1.0                          # Gong's "great" average pause; most reps ~0.5 s
OPEN_TARGET = 0.6                                # share of open questions (prompts count as open)
RATE_TARGET = 2.5                                # questions per 10 min: Gong's 11–14 per ~45 min call

LISTENING_WEIGHTS = {"share": 0.60, "monologue": 0.25, "patience": 0.15}
QUESTION_WEIGHTS = {"open": 0.60, "rate": 0.40}
OVERALL_WEIGHTS = {"listening_balance": 0.30, "open_questions": 0.20, "next_steps": 0.20,
                   "needs": 0.20, "purpose": 0.10}


# --- formatting numbers the way each language writes them ---

def number(x: float, language: str, decimals: int = 1) -> str:
    text = f"{x:.{decimals}f}"
    return text.replace(".", ",") if language == "sv" else text


def pct(share: float, language: str) -> str:
    return f"{round(share * 100)} %" if language == "sv" else f"{round(share * 100)}%"


def seconds(s: float, language: str) -> str:
    if s < 10:
        return f"{number(s, language)} s"
    if s < 60:
        return f"{round(s)} s"
    minutes, rest = divmod(round(s), 60)
    return f"{minutes} min {rest} s"


def times(n: int, language: str) -> str:
    return t(language, "scores.once") if n == 1 else t(language, "scores.times", n=n)


def band(meeting_type: str, n_speakers: int) -> Band:
    if meeting_type not in BANDS:
        raise UsageError(f"unknown meeting type {meeting_type!r}; choose one of: {', '.join(BANDS)}")
    return BANDS[meeting_type].resolve(n_speakers)


def band_text(b: Band, language: str) -> str:
    return f"{round(b.low * 100)}–{pct(b.high, language)}"


# --- credits 0..1 ---

def share_credit(share: float, b: Band) -> float:
    if share < b.low:
        return 1 - (1 - BELOW_BAND_FLOOR) * (b.low - share) / b.low
    if share <= b.high:
        return 1.0
    return max(0.0, (b.zero - share) / (b.zero - b.high))


def monologue_credit(s: float) -> float:
    return min(1.0, max(0.0, (MONOLOGUE_ZERO_S - s) / (MONOLOGUE_ZERO_S - MONOLOGUE_OK_S)))


def patience_credit(s: float) -> float:
    return min(1.0, max(0.0, s / PATIENCE_TARGET_S))


def listening_credits(metrics: Metrics, meeting_type: str, n_speakers: int) -> dict[str, float]:
    """The credits behind listening balance; patience is left out when the host never took over."""
    credits = {"share": share_credit(metrics.host_talk_share or 0.0, band(meeting_type, n_speakers)),
               "monologue": monologue_credit(metrics.host_longest_monologue_s or 0.0)}
    if metrics.host_patience_s is not None:
        credits["patience"] = patience_credit(metrics.host_patience_s)
    return credits


@dataclass(frozen=True)
class HostQuestions:
    open: int
    closed: int
    prompts: int
    per_10_min: float
    first_closed: str | None

    @property
    def asked(self) -> int:  # questions proper; prompts ("tell me more") are counted apart
        return self.open + self.closed


def host_questions(questions: Sequence[Question], host: str | None, duration_s: float) -> HostQuestions:
    mine = [q for q in questions if q.speaker == host]
    closed = [q for q in mine if q.kind == "closed" and not q.prompt]
    rate = len(mine) / (duration_s / 600) if duration_s > 0 else 0.0
    return HostQuestions(sum(q.kind == "open" and not q.prompt for q in mine), len(closed),
                         sum(q.prompt for q in mine), rate, closed[0].text if closed else None)


def question_credits(q: HostQuestions) -> dict[str, float]:
    """Open share (prompts count as open: they are the most open invitation) and question rate."""
    invited = q.asked + q.prompts
    open_share = (q.open + q.prompts) / invited if invited else 0.0
    return {"open": min(1.0, open_share / OPEN_TARGET), "rate": min(1.0, q.per_10_min / RATE_TARGET)}


def weighted(credits: Mapping[str, float], weights: Mapping[str, float]) -> int:
    """0..100 from the credits present, their weights renormalised."""
    total = sum(weights[k] for k in credits)
    return round(100 * sum(weights[k] * v for k, v in credits.items()) / total) if total else 0


# --- the scores ---

def listening_balance(metrics: Metrics, meeting_type: str, n_speakers: int, language: str) -> Score:
    """Host share against its band (60 %), longest monologue (25 %), patience (15 %)."""
    if metrics.host_talk_share is None:
        return Score(0, t(language, "scores.no_host"))
    if n_speakers < 2:
        return Score(0, t(language, "scores.lb.single"))
    credits = listening_credits(metrics, meeting_type, n_speakers)
    values = dict(share=pct(metrics.host_talk_share, language),
                  type=t(language, f"scores.type.{meeting_type}"),
                  band=band_text(band(meeting_type, n_speakers), language),
                  monologue=seconds(metrics.host_longest_monologue_s or 0.0, language))
    if metrics.host_patience_s is None:
        return Score(weighted(credits, LISTENING_WEIGHTS), t(language, "scores.lb.summary_no_patience", **values))
    return Score(weighted(credits, LISTENING_WEIGHTS),
                 t(language, "scores.lb.summary", patience=seconds(metrics.host_patience_s, language), **values))


def open_questions(questions: Sequence[Question], host: str | None, duration_s: float, language: str) -> Score:
    """Share of the host's questions that are open (60 %) and how often the host asks (40 %)."""
    if host is None:
        return Score(0, t(language, "scores.no_host"))
    q = host_questions(questions, host, duration_s)
    if not q.asked + q.prompts:
        return Score(0, t(language, "scores.oq.none"))
    values = dict(open=q.open, asked=q.asked, prompts=times(q.prompts, language),
                  rate=number(q.per_10_min, language, 0 if q.per_10_min >= 10 else 1))
    key = "scores.oq.summary_prompts" if q.prompts else "scores.oq.summary"
    return Score(weighted(question_credits(q), QUESTION_WEIGHTS), t(language, key, **values))


def as_dict(scores: Mapping[str, Score] | Scores) -> dict[str, Score]:
    if isinstance(scores, Scores):
        return {f.name: getattr(scores, f.name) for f in fields(scores)}
    return dict(scores)


def overall(scores: Mapping[str, Score] | Scores, purpose_stated: bool, needs_asked: int, language: str) -> Score:
    """Weighted mean of the other scores, the needs analysis and the stated purpose (OVERALL_WEIGHTS)."""
    credits = {k: s.value / 100 for k, s in as_dict(scores).items() if k in OVERALL_WEIGHTS}
    credits["needs"] = min(max(needs_asked, 0), len(NEEDS_KEYS)) / len(NEEDS_KEYS)
    credits["purpose"] = 1.0 if purpose_stated else 0.0
    value = weighted(credits, OVERALL_WEIGHTS)
    best = max(credits, key=credits.get)
    worst = min(credits, key=credits.get)
    if credits[best] == credits[worst]:
        return Score(value, t(language, "scores.overall.even", value=round(100 * credits[best])))
    return Score(value, t(language, "scores.overall.summary",
                          best=t(language, f"scores.area.{best}"), best_value=round(100 * credits[best]),
                          worst=t(language, f"scores.area.{worst}"), worst_value=round(100 * credits[worst])))


def coaching_tips(metrics: Metrics, speakers: Sequence[SpeakerStats], findings: Findings,
                  scores: Mapping[str, Score] | Scores, meeting_type: str, language: str) -> tuple[str, ...]:
    """Coaching tips, most important first; they live in tips.py, which builds on this module."""
    from .tips import coaching_tips as tips
    return tips(metrics, speakers, findings, scores, meeting_type, language)
