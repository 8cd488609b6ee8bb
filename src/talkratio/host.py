"""Who is the host — the leader or seller whose listening the report scores.

In order of trust: the user's `--host` flag (a speaker id or a display name), the speaker
whose voice matched the enrolled host, and last a guess: the leader is usually the one who
asks the most questions, and on a tie, the one who opens the meeting.
"""
from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from .errors import UsageError
from .schema import HostSource, Question, Turn


def choose_host(speakers: Sequence[str], *, flag: str | None = None, names: Mapping[str, str] = {},
                enrolled: str | None = None, questions: Sequence[Question] = (),
                turns: Sequence[Turn] = ()) -> tuple[str | None, HostSource | None]:
    """The host's speaker id and how it was found; (None, None) when nobody spoke."""
    if not speakers:
        return None, None
    if flag is not None:
        return resolve(flag, speakers, names), "flag"
    if enrolled in speakers:
        return enrolled, "enrolled"
    return guess(speakers, questions, turns), "heuristic"


def resolve(flag: str, speakers: Sequence[str], names: Mapping[str, str] = {}) -> str:
    """The speaker id that `flag` names: an id, or a display name (case-insensitive)."""
    if flag in speakers:
        return flag
    wanted = flag.strip().casefold()
    matches = {s for s in speakers if s.casefold() == wanted or names.get(s, "").strip().casefold() == wanted}
    if len(matches) == 1:
        return matches.pop()
    known = ", ".join(f"{s} ({names[s]})" if names.get(s) else s for s in speakers)
    reason = "matches more than one speaker" if matches else "matches no speaker"
    raise UsageError(f"--host {flag!r} {reason}; the speakers are: {known}")


def guess(speakers: Sequence[str], questions: Sequence[Question] = (), turns: Sequence[Turn] = ()) -> str:
    """The speaker who asks the most questions (prompts included); ties go to who spoke first."""
    asked = Counter(q.speaker for q in questions)
    first = {}
    for t in turns:
        first[t.speaker] = min(first.get(t.speaker, t.start), t.start)
    order = {s: i for i, s in enumerate(speakers)}
    return min(speakers, key=lambda s: (-asked[s], first.get(s, float("inf")), order[s]))
