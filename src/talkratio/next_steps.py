"""Next steps: who does what, by when, and how you follow up on each other.

`detect_next_steps` reads the meeting sentence by sentence, and each sentence clause by clause
(split at commas and before "och jag", "and we"). A clause holds a step when it has a
*commitment frame* — a subject (jag/vi/du, a participant's name) with a modal ("jag ska",
"I'll") or, in Swedish, a present-tense verb in either word order ("jag skickar", "då pratar
jag"); a request ("kan du …"); an imperative ("skicka …"); "låt oss"/"let's" — or a follow-up
("vi stämmer av") or vague-ending ("vi får se") phrase. A negation, a past form, a condition,
a subordinate or reported clause ("om jag skickar", "han sa att …") and questions ("ska jag
skicka?") cancel a frame. Weak frames (obligations, "kan"/"can", the English bare present) count
only with a time said; routine ("varje vecka", "usually") cancels all but firm modals. A
proposal ("jag föreslår att …") counts once another speaker agrees; unanswered, only the
proposer's own part counts. The words are data (NEXT_STEPS in lang/sv.py, lang/en.py), robust
patterns rather than exact phrases because the Swedish transcript is noisy; every step lists
the rules that fired in `cues`.

Frames are found by step_frames.py; the verdict and the score are in closing.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from . import fuzzy
from .dates import Due, find_due, tokenize
from .schema import NextStep, Utterance
from .step_frames import Frame, at, blocked, find, find_all, frames_in, is_present, role_in, skip, step_rules

SHORT_CLAUSE = 4          # a clause this short lends its deadline to the next one: "På fredag, då …"
AGREE_WITHIN_S = 30.0     # how soon another speaker must agree to a proposal
ACTION_WORDS = 10         # an action is cut to this many words

_STRENGTH = {"strong": 0, "medium": 1, "weak": 2}
_CLAUSE = re.compile(r"[,;]|:(?!\d)|\s[–—-]\s")


# --- one clause ---

@dataclass(frozen=True)
class _Found:
    role: str | None
    action: str | None
    due: Due | None
    vague: bool
    follow_up: bool
    cues: tuple[str, ...]
    untimed: bool = False            # a follow-up said ("vi följer upp") with no time heard


@dataclass(frozen=True)
class _Context:
    R: dict
    language: str
    names: Mapping[str, str]        # first name, lower-cased → speaker id
    recorded: dt.date | None
    previous: dt.date | None        # the last deadline's date, for "till dess"
    question: bool
    answers_wh: bool                # the sentence replies to another speaker's "vad/hur …?"


def _detok(toks: Sequence[str]) -> str | None:
    text = " ".join(toks[:ACTION_WORDS])
    return re.sub(r" (?=n't|'\w)", "", text) or None


def _analyse(toks: Sequence[str], ctx: _Context, lent: Due | None = None, roles: set[str] | None = None,
             default_role: str | None = None) -> _Found | None:
    """The step in one clause, or None. `lent`: a deadline from a short clause next door;
    `roles`: the only frame roles allowed; `default_role`: the owner when no frame is found."""
    R = ctx.R
    text = " ".join(toks)
    own = find_due(text, ctx.language, ctx.recorded, ctx.previous)
    due = own or lent
    frames = frames_in(toks, R, ctx.names)
    phrases = {k: find(toks, R[k]) for k in ("vague_whether", "follow_up", "vague_follow_up")}
    phrases = {k: v for k, v in phrases.items()
               if v and not blocked(toks, v[0], R["blockers"]) and not blocked(toks, v[0], R["negations"])}
    if ctx.question:
        frames = [replace(f, strength="weak") for f in frames if f.cue.startswith("request")]
        phrases = {}
    if at(toks, skip(toks, 0, R["discourse"]), R["conditionals"]):
        return None                          # "om jag skickar den …", "if we book …": a condition, not a promise
    vague_time = [] if due else find_all(toks, R["vague_time"])
    timed = bool(due or vague_time or phrases.get("follow_up") or phrases.get("vague_follow_up"))
    habitual = find(toks, R["habitual"])

    def keep(f: Frame) -> bool:
        if habitual:
            return False
        if due and due.far and f.strength != "strong" and f.role in ("joint", "others"):
            return False                     # "vi byter system i februari": an announcement, nobody commits
        if (f.strength == "weak" or at(toks, f.verb, R["meeting_talk"])) and not timed:
            return False
        if f.strength == "medium" and ctx.answers_wh and not timed:
            return False
        return roles is None or f.role in roles

    frames = sorted((f for f in frames if keep(f)), key=lambda f: (_STRENGTH[f.strength], f.verb))
    frame = frames[0] if frames else None
    if not frame and not phrases and not default_role:
        return None
    whether = phrases.get("vague_whether")
    follow = phrases.get("follow_up") or phrases.get("vague_follow_up")
    phrase = whether or follow
    said = lambda span: " ".join(toks[span[0]:span[0] + span[1]])   # noqa: E731
    if frame:
        role = frame.role
    else:                                    # "vi får se" is ours; "check progress at …" is everyone's
        role = (role_in(toks[phrase[0]:phrase[0] + phrase[1]], R) if phrase else None) \
            or ("joint" if follow else default_role)
    drop = set()
    if own:
        first = text[:own.start].count(" ")
        drop |= set(range(first, first + own.text.count(" ") + 1))
    for span in (*vague_time, phrases.get("vague_follow_up") if not due else None):
        if span:
            drop |= set(range(span[0], span[0] + span[1]))
    begin = frame.verb if frame else phrase[0] if phrase else 0
    kept = [k for k in range(begin, len(toks)) if k not in drop and k != (frame.skip if frame else -1)]
    if frame and frame.skip >= 0:            # inverted: the topic is the object ("planen tar vi" → "tar planen")
        topic = [k for k in range(frame.verb) if k not in drop and toks[k] not in R["discourse"] | R["adverbs"]]
        kept[1:1] = topic
    action = None if whether else _detok([toks[k] for k in kept])
    # a follow-up needs a time or an occasion: "vi hörs" and "talk soon" alone are goodbyes; a firm
    # one ("vi följer upp") without a time is said, not agreed: the report must not call it missing
    followed = bool(follow) and due is not None
    untimed = bool(phrases.get("follow_up")) and due is None
    vague = bool(whether or vague_time or (phrases.get("vague_follow_up") and not due))
    cues = [c for c in (
        frame.cue if frame else None,
        due.cue if due else None,
        f"follow-up '{said(follow)}'" if follow else None,
        f"vague '{said(whether)}'" if whether else None,
    ) if c] + [f"vague '{said(span)}'" for span in vague_time]
    return _Found(role, action, due, vague, followed, tuple(cues), untimed)


# --- sentences ---

@dataclass(frozen=True)
class _Sentence:
    speaker: str
    start: float
    end: float
    text: str
    clauses: tuple[tuple[str, ...], ...]
    repairs: tuple[tuple[str, str, float], ...] = ()   # misheard due words, follow-ups: (heard, taken for, similarity)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(w for c in self.clauses for w in c)


def _split(utterances: Sequence[Utterance], R: dict, names: Mapping[str, str], language: str) -> list[_Sentence]:
    subjects = set(R["subjects"]) | set(names)
    prefixes, due_words, spoken, clock, numbers = R["due_fuzzy"]
    out = []
    for u in sorted(utterances, key=lambda u: u.start):
        words: list = []
        for k, w in enumerate(u.words):
            words.append(w)
            said = w.text.strip()
            if k + 1 < len(u.words) and not (said[-1:] in ".!?" and said.lower() not in R["abbreviations"]):
                continue
            text = "".join(x.text for x in words).strip()
            clauses, repairs = [], []
            for part in _CLAUSE.split(text):
                toks, fixed = fuzzy.repair_due(tokenize(part), prefixes, due_words, spoken, language,
                                                clock, numbers)
                toks, heard_as = fuzzy.repair_phrases(toks, R["follow_up_fuzzy"], language, R["past"])
                repairs += fixed + heard_as
                cut = 0
                for i in range(1, len(toks) - 1):
                    if toks[i] in R["conjunctions"] and toks[i + 1] in subjects:
                        clauses.append(tuple(toks[cut:i]))
                        cut = i
                clauses.append(tuple(toks[cut:]))
            clauses = tuple(c for c in clauses if c)
            if clauses:
                out.append(_Sentence(u.speaker, words[0].start, words[-1].end, text, clauses, tuple(repairs)))
            words = []
    return out


def _is_question(s: _Sentence, R: dict) -> bool:
    """Ends in "?", or opens verb-first: "Ska jag skicka den", "Shall I send it"."""
    toks = s.tokens
    verb_first = len(toks) > 1 and toks[1] in R["subjects"] and (
        toks[0] in R["question_starters"] or (R["inversion"] and is_present(toks, 0, R)))
    return s.text.rstrip().endswith("?") or verb_first


def _agreed(n: int, sentences: Sequence[_Sentence], R: dict) -> bool:
    """Another speaker's next sentence opens with agreement ("Ja", "Sounds good") and no "men/but"."""
    me = sentences[n]
    for later in sentences[n + 1:]:
        if later.start - me.end > AGREE_WITHIN_S:
            return False
        if later.speaker != me.speaker:
            toks = later.tokens
            return bool(at(toks, 0, R["agreement"])) and not any(
                at(toks, i, R["disagreement"]) for i in range(min(4, len(toks))))
    return False


def _clause_steps(n: int, sentences: Sequence[_Sentence], ctx: _Context) -> list[_Found]:
    R, s = ctx.R, sentences[n]
    found = []
    for ci, toks in enumerate(s.clauses):
        neighbours = [s.clauses[j] for j in (ci - 1, ci + 1) if 0 <= j < len(s.clauses)]
        lent = next((d for c in neighbours if len(c) <= SHORT_CLAUSE
                     and (d := find_due(" ".join(c), ctx.language, ctx.recorded, ctx.previous))), None)
        if prop := find(toks, R["proposals"]):
            content, said = toks[prop[0] + prop[1]:], " ".join(toks[prop[0]:prop[0] + prop[1]])
            agreed = _agreed(n, sentences, R)
            f = _analyse(content, replace(ctx, question=False), lent, roles=None if agreed else {"self"},
                         default_role="joint" if agreed else None)
            if f:
                cue = f"proposal agreed '{said}'" if agreed else f"proposal '{said}' (own part)"
                found.append(replace(f, cues=(cue, *f.cues)))
            continue
        if f := _analyse(toks, ctx, lent):
            found.append(f)
    return found


def _owner(role: str | None, speaker: str, speakers: Sequence[str], vocative: str | None) -> str | None:
    if role is None:
        return None
    if role.startswith("name:"):
        return role[5:]
    if role == "self":
        return speaker
    if role == "joint":
        return speaker if len(speakers) < 2 else "both" if len(speakers) == 2 else "all"
    if vocative:
        return vocative
    others = [x for x in speakers if x != speaker]
    return others[0] if len(others) == 1 else None


def _first_names(names: Mapping[str, str], speakers: Sequence[str]) -> dict[str, str]:
    """Lower-cased first name → speaker id, from display names and name-like ids ("anna")."""
    out = {sid.lower(): sid for sid in speakers if sid.isalpha() and len(sid) > 2}   # not "A", "B"
    out.update({tokenize(name)[0]: sid for sid, name in names.items() if tokenize(name)})
    return out


def detect_next_steps(utterances: Sequence[Utterance], language: str, speakers: Sequence[str],
                      names: Mapping[str, str] = {}, recorded: dt.date | None = None) -> tuple[NextStep, ...]:
    """Every commitment, follow-up and vague ending in the meeting, one per sentence and owner."""
    R = step_rules(language)
    first = _first_names(names, speakers)
    sentences = _split(utterances, R, first, language)
    steps: list[NextStep] = []
    previous: dt.date | None = None
    for n, s in enumerate(sentences):
        prior = sentences[n - 1] if n else None
        ctx = _Context(R, language, first, recorded, previous, _is_question(s, R),
                       answers_wh=bool(prior and prior.speaker != s.speaker and _is_question(prior, R)
                                       and set(prior.tokens[:2]) & R["wh_words"]))
        vocative = next((first[w] for w in s.tokens if w in first and first[w] != s.speaker), None)
        groups: dict[str | None, list[_Found]] = {}
        for f in _clause_steps(n, sentences, ctx):
            groups.setdefault(_owner(f.role, s.speaker, speakers, vocative), []).append(f)
        for owner, items in groups.items():
            firm = [f for f in items if not f.vague] or items
            action = next((f.action for f in firm if f.action), None)
            due = next((f.due for f in firm if f.due), None)
            vague = firm is items and all(f.vague for f in items)
            follow_up = any(f.follow_up for f in items)
            untimed = not follow_up and any(f.untimed for f in items)
            missing = tuple(k for k, v in (("owner", owner), ("action", action), ("due", due),
                                           ("follow_up", follow_up or untimed)) if not v)
            fix = next((r for r in s.repairs if due and r[1] in due.text.split()), None) or next(
                (r for r in s.repairs if r[1] in R["follow_up_fuzzy"]), None)
            marker = None if due else find(s.tokens, R["due_markers"])
            unclear = " ".join(s.tokens[marker[0]:marker[0] + marker[1] + 3]) if marker and action else None
            if unclear:
                missing = tuple(m for m in missing if m != "due")
            steps.append(NextStep(
                s.speaker, s.start, s.end, s.text, owner=owner, action=action, due=due.text if due else unclear,
                due_date=due.date.isoformat() if due and due.date else None, follow_up=follow_up,
                follow_up_untimed=untimed,
                concrete=bool(owner and action and due and not vague), vague=vague, missing=missing,
                cues=tuple(dict.fromkeys(c for f in items for c in f.cues)),
                uncertain=bool(unclear), heard=fix[0] if fix else unclear, taken_for=fix[1] if fix else None,
                similarity=fix[2] if fix else None))
            if due and due.date:
                previous = due.date
    return tuple(steps)
