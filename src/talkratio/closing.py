"""Has the meeting ended with concrete next steps, and how well: the verdict and the score.

The verdict and the score look at the *closing window*: the last 20 % of the meeting or its
last 3 minutes, whichever is longer. 20 % scales with long meetings; 3 minutes is about what a
wrap-up ("so, who does what?") takes, so a short meeting is judged on most of its length.

Next-steps score, 0–100, over the steps in the closing window (none there: 0):
    50  at least one concrete step (owner + action + due); without one, 10 for each of owner,
        action and due that the most complete step has
    20  × the share of participants who own a concrete step ("both"/"all" count for everyone)
    20  a follow-up agreed with a time or occasion ("vi stämmer av på fredag", "I will follow up
        on Monday"; "vi hörs" and "talk soon" alone are goodbyes; "vi följer upp" with no time
        heard earns nothing, and the reason says it was said, not that none was)
    10  no vague step ("vi får se", "at some point")
With a concrete step the sum is then multiplied by the share of the window's steps that are
concrete (a step whose deadline was said but not understood counts half), so the score
follows the "2 of 3 steps concrete" shown beside it.
"""
from __future__ import annotations

from typing import Sequence

from .messages import t
from .schema import NextStep, Score

CLOSING_SHARE, CLOSING_MIN_S = 0.20, 180.0
W_CONCRETE, W_SLOT, W_COVERAGE, W_FOLLOW_UP, W_CLEAR = 50, 10, 20, 20, 10


def closing_window(duration_s: float) -> tuple[float, float]:
    """(start, end) of the meeting's final part: the last 20 % or last 3 minutes, whichever is longer."""
    return max(0.0, duration_s - max(CLOSING_SHARE * duration_s, CLOSING_MIN_S)), duration_s


def _closing(steps: Sequence[NextStep], duration_s: float) -> list[NextStep]:
    start, _ = closing_window(duration_s)
    return [s for s in steps if s.end >= start]


def ended_with_concrete_steps(steps: Sequence[NextStep], duration_s: float) -> bool:
    """Whether the closing window holds at least one concrete step (owner + action + due)."""
    return any(s.concrete for s in _closing(steps, duration_s))


def _join(items: Sequence[str], language: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {t(language, 'next_steps.and')} {items[-1]}"


def score_next_steps(steps: Sequence[NextStep], speakers: Sequence[str], duration_s: float,
                     language: str) -> Score:
    """0–100 by the formula in the module docstring, with one sentence naming what was missing."""
    late = _closing(steps, duration_s)
    if not late:
        return Score(0, t(language, "next_steps.score.none"))
    concrete = [s for s in late if s.concrete]
    people = list(speakers) or sorted({s.speaker for s in late})
    covered = [p for p in people if any(s.owner in (p, "both", "all") for s in concrete)]
    follow_up = any(s.follow_up for s in late)
    follow_gap = "follow_up_untimed" if any(s.follow_up_untimed for s in late) else "follow_up"
    vague = any(s.vague for s in late)
    rest = W_COVERAGE * len(covered) / len(people) + W_FOLLOW_UP * follow_up + W_CLEAR * (not vague)
    if concrete:
        gaps = [g for g, missing in (("coverage", len(covered) < len(people)), (follow_gap, not follow_up),
                                     ("vague", vague)) if missing]
        share = (len(concrete) + 0.5 * sum(s.uncertain and not s.concrete for s in late)) / len(late)
        value = share * (W_CONCRETE + rest)
        key = "next_steps.score.concrete_but" if gaps else "next_steps.score.clear"
        if share < 1:
            gaps.append("share")
            key = "next_steps.score.concrete_but"
    else:
        best = max(late, key=lambda s: (sum(v is not None for v in (s.owner, s.action, s.due)), not s.vague))
        gaps = [g for g in ("due", "owner", "action") if g in best.missing]
        value = W_SLOT * (3 - len(gaps)) + rest
        if not follow_up:
            gaps.append(follow_gap)
        key = "next_steps.score.not_concrete"
    missing = _join([t(language, f"next_steps.gap.{g}", concrete=len(concrete), total=len(late))
                     for g in gaps], language) if gaps else ""
    return Score(round(min(100.0, value)), t(language, key, missing=missing))
