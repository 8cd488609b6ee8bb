"""Scores 0–100 with a one-sentence reason: listening balance, open questions, overall.

Each score is a weighted mean of *credits* in 0..1, one per behaviour, so a tip can say which
credit cost the most. Every band, threshold and weight below, and where it comes from, is in
docs/scoring.md; change them there and here together.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Mapping, Sequence

from .closing import score_next_steps
from .errors import UsageError
from .messages import t
from .schema import NEEDS_KEYS, Findings, Metrics, NeedsItem, Question, Score, Scores, SpeakerStats, TranscriptQuality
from .traits.scores import TRAIT_KEYS, TRAIT_WEIGHTS, trait_scores


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
RATE_MIN_S = 300.0                               # shorter meetings: no rate (a few questions in 2 min ≠ 40/10 min)
UNCERTAIN_CREDIT = 0.5                           # a needs item or purpose we could not hear for sure

LISTENING_WEIGHTS = {"share": 0.60, "monologue": 0.25, "patience": 0.15}
QUESTION_WEIGHTS = {"open": 0.60, "rate": 0.40}
OVERALL_WEIGHTS = {"listening_balance": 0.30, "open_questions": 0.20, "next_steps": 0.20,
                   "needs": 0.20, "purpose": 0.10}
# issue 21: the five traits weigh 0.05 each beside these (traits/scores.py): 0.25 / 1.25 = 20 % of overall
ALL_WEIGHTS = {**OVERALL_WEIGHTS, **TRAIT_WEIGHTS}


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


def question_credits(q: HostQuestions, duration_s: float | None = None) -> dict[str, float]:
    """Open share (prompts count as open: they are the most open invitation) and question rate;
    the rate is left out for a meeting shorter than RATE_MIN_S (too short to judge a rate)."""
    invited = q.asked + q.prompts
    open_share = (q.open + q.prompts) / invited if invited else 0.0
    credits = {"open": min(1.0, open_share / OPEN_TARGET)}
    if duration_s is None or duration_s >= RATE_MIN_S:
        credits["rate"] = min(1.0, q.per_10_min / RATE_TARGET)
    return credits


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


def questions_phrase(language: str, kind: str, n: int, asked: int) -> str:
    """"3 av dina 5 frågor var öppna", "Din enda fråga var sluten", "Alla dina 4 …": right in number."""
    if not asked:
        return t(language, "scores.q.none")
    if asked == 1:
        return t(language, f"scores.q.only.{kind if n else 'closed' if kind == 'open' else 'open'}")
    return t(language, f"scores.q.{'all' if n == asked else 'of'}.{kind}", n=n, asked=asked)


def open_questions(questions: Sequence[Question], host: str | None, duration_s: float, language: str) -> Score:
    """Share of the host's questions that are open (60 %) and how often the host asks (40 %)."""
    if host is None:
        return Score(0, t(language, "scores.no_host"))
    q = host_questions(questions, host, duration_s)
    if not q.asked + q.prompts:
        return Score(0, t(language, "scores.oq.none"))
    values = dict(questions=questions_phrase(language, "open", q.open, q.asked), prompts=times(q.prompts, language),
                  rate=number(q.per_10_min, language, 0 if q.per_10_min >= 10 else 1))
    key = "scores.oq.summary_prompts" if q.prompts else "scores.oq.summary"
    credits = question_credits(q, duration_s)
    if "rate" not in credits:
        key += "_short"
    return Score(weighted(credits, QUESTION_WEIGHTS), t(language, key, **values))


def needs_credit(needs: Sequence[NeedsItem]) -> float:
    """Items asked of all (4 for the seed's method); an uncertain item (a near match) counts UNCERTAIN_CREDIT."""
    got = sum(1.0 if n.asked else UNCERTAIN_CREDIT if n.uncertain else 0.0 for n in needs)
    total = len(needs) if needs and needs[0].label else len(NEEDS_KEYS)   # a method of one's own: its items
    return min(got, total) / total


def needs_score(needs: Sequence[NeedsItem], language: str) -> Score:
    """The needs analysis on its own card: 100 × needs_credit, with what was and was not heard."""
    asked = sum(n.asked for n in needs)
    unsure = sum(n.uncertain for n in needs)
    key = "scores.needs.summary_unsure" if unsure else "scores.needs.summary"
    if needs and needs[0].label:   # a method of one's own (needs_methods.py): its own number of items
        return Score(round(100 * needs_credit(needs)), t(language, "scores.needs.method", asked=asked, total=len(needs)))
    return Score(round(100 * needs_credit(needs)), t(language, key, asked=asked, unsure=unsure), uncertain=bool(unsure))


def as_dict(scores: Mapping[str, Score] | Scores) -> dict[str, Score]:
    if isinstance(scores, Scores):
        return {f.name: getattr(scores, f.name) for f in fields(scores)}
    return dict(scores)


def overall(scores: Mapping[str, Score] | Scores, purpose_stated: bool | float, needs_asked: int | float,
            language: str) -> Score:
    """Weighted mean of the other scores, the needs analysis and the stated purpose (OVERALL_WEIGHTS).

    `needs_asked` is items asked (an uncertain one counts UNCERTAIN_CREDIT), `purpose_stated`
    a credit 0..1. The parts and their weights go with the score, for the page to show. An area
    under 50 is never called the strongest.
    """
    credits = {k: s.value / 100 for k, s in as_dict(scores).items() if k in ALL_WEIGHTS and s is not None}
    credits["needs"] = min(max(float(needs_asked), 0.0), len(NEEDS_KEYS)) / len(NEEDS_KEYS)
    credits["purpose"] = float(purpose_stated)
    value = weighted(credits, ALL_WEIGHTS)
    present = sum(ALL_WEIGHTS[k] for k in credits)   # a part's weight as it counted: renormalised
    parts = tuple((k, round(ALL_WEIGHTS[k] / present, 4), round(100 * v)) for k, v in credits.items())
    best = max(credits, key=credits.get)
    worst = min(credits, key=credits.get)
    if credits[best] == credits[worst]:
        return Score(value, t(language, "scores.overall.even", value=round(100 * credits[best])), parts=parts)
    names = dict(worst=t(language, f"scores.area.{worst}"), worst_value=round(100 * credits[worst]))
    if credits[best] < 0.5:
        return Score(value, t(language, "scores.overall.none_strong", **names), parts=parts)
    return Score(value, t(language, "scores.overall.summary", best=t(language, f"scores.area.{best}"),
                          best_value=round(100 * credits[best]), **names), parts=parts)


TEXT_SCORES = ("open_questions", "next_steps", "needs", "overall", *TRAIT_KEYS)   # rest on the words, not the voices
VOICE_SCORES = ("listening_balance", "overall")   # rest on who spoke how much


def score_all(metrics: Metrics, findings: Findings, host: str | None, speakers: Sequence[str], duration_s: float,
              meeting_type: str, language: str, quality: TranscriptQuality | None = None,
              shares_in_doubt: bool = False) -> Scores:
    """Every score of a meeting; on a poor transcript the ones built on words are marked uncertain, and
    those built on the talk shares when the diarization's notice says the shares are in doubt."""
    parts = {
        "listening_balance": listening_balance(metrics, meeting_type, len(speakers), language),
        "open_questions": open_questions(findings.questions, host, duration_s, language),
        "next_steps": score_next_steps(findings.next_steps, speakers, duration_s, language),
    }
    p = findings.purpose
    purpose = 1.0 if p.stated else UNCERTAIN_CREDIT if p.uncertain else 0.0
    needs = needs_score(findings.needs, language)
    traits = trait_scores(findings.traits, host, language)
    scores = {**parts, "needs": needs, **traits,
              "overall": overall({**parts, **traits}, purpose, needs_credit(findings.needs) * len(NEEDS_KEYS),
                                 language)}
    if quality is not None and quality.poor:
        scores = {k: replace(v, uncertain=True) if k in TEXT_SCORES else v for k, v in scores.items()}
    if shares_in_doubt:
        scores = {k: replace(v, uncertain=True) if k in VOICE_SCORES else v for k, v in scores.items()}
    return Scores(**scores)


def coaching_tips(metrics: Metrics, speakers: Sequence[SpeakerStats], findings: Findings,
                  scores: Mapping[str, Score] | Scores, meeting_type: str, language: str) -> tuple[str, ...]:
    """Coaching tips, most important first; they live in tips.py, which builds on this module."""
    from .tips import coaching_tips as tips
    return tips(metrics, speakers, findings, scores, meeting_type, language)
