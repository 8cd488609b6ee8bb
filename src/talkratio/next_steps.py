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

The verdict and the score are in closing.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Sequence

from . import fuzzy
from .dates import Due, find_due, tokenize
from .lang import rules
from .messages import t
from .schema import NextStep, Utterance

SHORT_CLAUSE = 4          # a clause this short lends its deadline to the next one: "På fredag, då …"
AGREE_WITHIN_S = 30.0     # how soon another speaker must agree to a proposal
ACTION_WORDS = 10         # an action is cut to this many words
BLOCK_WINDOW = 2          # a blocker counts when it ends at most this many words before the subject

_STRENGTH = {"strong": 0, "medium": 1, "weak": 2}
_CLAUSE = re.compile(r"[,;]|:(?!\d)|\s[–—-]\s")
_PHRASES = ("modals", "weak_modals", "progressive", "negations", "blockers", "clause_blockers", "habitual",
            "meeting_talk", "conditionals",
            "requests", "imperatives", "joint_imperatives", "proposals", "agreement", "disagreement",
            "follow_up", "vague_follow_up", "vague_whether", "vague_time")
_WORDS = ("not_actions", "function_words", "adverbs", "discourse", "conjunctions", "wh_words",
          "question_starters")


@lru_cache(maxsize=None)
def _rules(language: str) -> dict:
    """The NEXT_STEPS data, tokenised like the transcript: phrases as word tuples, longest first."""
    r = rules(language).NEXT_STEPS
    out: dict = {k: tuple(sorted({tuple(tokenize(p)) for p in r.get(k, ())}, key=len, reverse=True))
                 for k in _PHRASES}
    out.update({k: frozenset(w for p in r.get(k, ()) for w in tokenize(p)) for k in _WORDS})
    out["abbreviations"] = frozenset(r["abbreviations"])
    out["subjects"] = {w: role for role, words in r["subjects"].items() for w in words}
    out["present"], out["past"] = re.compile(r["present"]), re.compile(r["past"])
    out["present_strength"], out["inversion"] = r["present_strength"], r["inversion"]
    f = getattr(rules(language), "FUZZY", {})
    out["due_markers"] = tuple(tuple(tokenize(m)) for m in f.get("due_markers", ()))
    out["due_fuzzy"] = (tuple(f.get("due_prefixes", ())), tuple(f.get("due_words", ())), dict(f.get("due_spoken", {})))
    out["follow_up_fuzzy"] = tuple(f.get("follow_up", ()))
    return out


# --- matching words ---

def _at(toks: Sequence[str], i: int, phrases) -> int:
    """Length of the longest phrase starting at toks[i]; 0 when none does."""
    return next((len(p) for p in phrases if tuple(toks[i:i + len(p)]) == p), 0)


def _find(toks: Sequence[str], phrases) -> tuple[int, int] | None:
    """(start, length) of the first phrase in toks."""
    return next(((i, n) for i in range(len(toks)) if (n := _at(toks, i, phrases))), None)


def _find_all(toks: Sequence[str], phrases) -> list[tuple[int, int]]:
    """(start, length) of every phrase in toks, without overlaps."""
    out, i = [], 0
    while i < len(toks):
        n = _at(toks, i, phrases)
        if n:
            out.append((i, n))
        i += n or 1
    return out


def _blocked(toks: Sequence[str], i: int, phrases) -> bool:
    """A phrase ends at most BLOCK_WINDOW words before position i ("om jag", "sa att jag")."""
    return any((n := _at(toks, j, phrases)) and i - BLOCK_WINDOW <= j + n <= i
               for j in range(max(0, i - BLOCK_WINDOW - 4), i))


def _negated(toks: Sequence[str], a: int, b: int, R: dict) -> bool:
    return any(_at(toks, x, R["negations"]) for x in range(a, min(b, len(toks))))


def _skip(toks: Sequence[str], i: int, words) -> int:
    while i < len(toks) and toks[i] in words:
        i += 1
    return i


def _is_verb(toks: Sequence[str], k: int, R: dict) -> bool:
    return (k < len(toks) and toks[k] not in R["function_words"] and toks[k] not in R["subjects"]
            and not _at(toks, k, R["negations"]))


def _is_present(toks: Sequence[str], k: int, R: dict) -> bool:
    return (_is_verb(toks, k, R) and bool(R["present"].fullmatch(toks[k])) and toks[k] not in R["not_actions"]
            and not R["past"].fullmatch(toks[k]))


def _role_in(toks: Sequence[str], R: dict) -> str | None:
    """The role of the last subject word in toks ("jag vill att du" → other); "let's" is joint."""
    if _at(toks, 0, R["joint_imperatives"]):
        return "joint"
    return next((R["subjects"][w] for w in reversed(toks) if w in R["subjects"]), None)


# --- commitment frames ---

@dataclass(frozen=True)
class _Frame:
    role: str             # self | joint | other | others | name:<speaker id>
    verb: int             # where the action starts
    strength: str         # strong | medium | weak (weak needs a time said)
    cue: str
    skip: int = -1        # the subject inside the action, in inverted order ("pratar jag med")


def _subject_frames(toks: Sequence[str], i: int, role: str, R: dict) -> list[_Frame]:
    cb = _at(toks, 0, R["clause_blockers"])
    if _blocked(toks, i, R["blockers"]) or (cb and cb == i):
        return []
    subject, out = toks[i], []
    j = _skip(toks, i + 1, R["adverbs"])
    for key, strength in (("modals", "strong"), ("weak_modals", "weak"), ("progressive", "weak")):
        if n := _at(toks, j, R[key]):
            k = _skip(toks, j + n, R["adverbs"])
            ok = _is_verb(toks, k, R) and (key != "progressive" or toks[k].endswith("ing"))
            if not ok or _negated(toks, i + 1, k + 1, R):
                return []
            return [_Frame(role, k, strength, f"{role} '{subject}' + {key[:-1].replace('_', ' ')} "
                                              f"'{' '.join(toks[j:j + n])}'")]
    if _is_present(toks, j, R) and not _negated(toks, j + 1, j + 3, R):
        out.append(_Frame(role, j, R["present_strength"], f"{role} '{subject}' + present '{toks[j]}'"))
    if R["inversion"] and i >= 2 and not _blocked(toks, i - 1, R["blockers"]):
        v = toks[i - 1]
        modal = next((s for key, s in (("modals", "strong"), ("weak_modals", "weak")) if (v,) in R[key]), None)
        if modal:
            k = _skip(toks, i + 1, R["adverbs"])
            if _is_verb(toks, k, R) and not _negated(toks, i + 1, k + 1, R):
                out.append(_Frame(role, k, modal, f"{role} inverted '{v} {subject}'"))
        elif _is_present(toks, i - 1, R) and not _negated(toks, i + 1, i + 3, R):
            out.append(_Frame(role, i - 1, R["present_strength"], f"{role} inverted '{v} {subject}'", skip=i))
    return out


def _frames(toks: Sequence[str], R: dict, names: Mapping[str, str]) -> list[_Frame]:
    found: list[_Frame] = []
    for i, w in enumerate(toks):
        role = R["subjects"].get(w) or (f"name:{names[w]}" if w in names else None)
        if role:
            found += _subject_frames(toks, i, role, R)
    for key, strength in (("requests", "medium"), ("joint_imperatives", "strong")):
        for i in range(len(toks)):
            if (n := _at(toks, i, R[key])) and not _blocked(toks, i, R["blockers"]):
                k = _skip(toks, i + n, R["adverbs"])
                if _is_verb(toks, k, R) and not _negated(toks, i, k + 1, R):
                    role = _role_in(toks[i:i + n], R) or "other"
                    found.append(_Frame(role, k, strength, f"{key[:-1].replace('_', ' ')} '{' '.join(toks[i:i + n])}'"))
    p = _skip(toks, 0, R["discourse"] | set(names))
    if n := _at(toks, p, R["imperatives"]):
        found.append(_Frame("other", p, "medium", f"imperative '{' '.join(toks[p:p + n])}'"))
    return found


# --- one clause ---

@dataclass(frozen=True)
class _Found:
    role: str | None
    action: str | None
    due: Due | None
    vague: bool
    follow_up: bool
    cues: tuple[str, ...]


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
    frames = _frames(toks, R, ctx.names)
    phrases = {k: _find(toks, R[k]) for k in ("vague_whether", "follow_up", "vague_follow_up")}
    phrases = {k: v for k, v in phrases.items()
               if v and not _blocked(toks, v[0], R["blockers"]) and not _blocked(toks, v[0], R["negations"])}
    if ctx.question:
        frames = [replace(f, strength="weak") for f in frames if f.cue.startswith("request")]
        phrases = {}
    if _at(toks, _skip(toks, 0, R["discourse"]), R["conditionals"]):
        return None                          # "om jag skickar den …", "if we book …": a condition, not a promise
    vague_time = [] if due else _find_all(toks, R["vague_time"])
    timed = bool(due or vague_time or phrases.get("follow_up") or phrases.get("vague_follow_up"))
    habitual = _find(toks, R["habitual"])

    def keep(f: _Frame) -> bool:
        if habitual:
            return False
        if due and due.far and f.strength != "strong" and f.role in ("joint", "others"):
            return False                     # "vi byter system i februari": an announcement, nobody commits
        if (f.strength == "weak" or _at(toks, f.verb, R["meeting_talk"])) and not timed:
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
        role = (_role_in(toks[phrase[0]:phrase[0] + phrase[1]], R) if phrase else None) \
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
    # a follow-up needs a time or an occasion: "vi hörs" and "talk soon" alone are goodbyes
    followed = bool(follow) and due is not None
    vague = bool(whether or vague_time or (phrases.get("vague_follow_up") and not due))
    cues = [c for c in (
        frame.cue if frame else None,
        due.cue if due else None,
        f"follow-up '{said(follow)}'" if follow else None,
        f"vague '{said(whether)}'" if whether else None,
    ) if c] + [f"vague '{said(span)}'" for span in vague_time]
    return _Found(role, action, due, vague, followed, tuple(cues))


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
    prefixes, due_words, spoken = R["due_fuzzy"]
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
                toks, fixed = fuzzy.repair_due(tokenize(part), prefixes, due_words, spoken, language)
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
        toks[0] in R["question_starters"] or (R["inversion"] and _is_present(toks, 0, R)))
    return s.text.rstrip().endswith("?") or verb_first


def _agreed(n: int, sentences: Sequence[_Sentence], R: dict) -> bool:
    """Another speaker's next sentence opens with agreement ("Ja", "Sounds good") and no "men/but"."""
    me = sentences[n]
    for later in sentences[n + 1:]:
        if later.start - me.end > AGREE_WITHIN_S:
            return False
        if later.speaker != me.speaker:
            toks = later.tokens
            return bool(_at(toks, 0, R["agreement"])) and not any(
                _at(toks, i, R["disagreement"]) for i in range(min(4, len(toks))))
    return False


def _clause_steps(n: int, sentences: Sequence[_Sentence], ctx: _Context) -> list[_Found]:
    R, s = ctx.R, sentences[n]
    found = []
    for ci, toks in enumerate(s.clauses):
        neighbours = [s.clauses[j] for j in (ci - 1, ci + 1) if 0 <= j < len(s.clauses)]
        lent = next((d for c in neighbours if len(c) <= SHORT_CLAUSE
                     and (d := find_due(" ".join(c), ctx.language, ctx.recorded, ctx.previous))), None)
        if prop := _find(toks, R["proposals"]):
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
    R = _rules(language)
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
            missing = tuple(k for k, v in (("owner", owner), ("action", action), ("due", due),
                                           ("follow_up", follow_up)) if not v)
            fix = next((r for r in s.repairs if due and r[1] in due.text.split()), None) or next(
                (r for r in s.repairs if r[1] in R["follow_up_fuzzy"]), None)
            marker = None if due else _find(s.tokens, R["due_markers"])
            unclear = " ".join(s.tokens[marker[0]:marker[0] + marker[1] + 3]) if marker and action else None
            if unclear:
                missing = tuple(m for m in missing if m != "due")
            steps.append(NextStep(
                s.speaker, s.start, s.end, s.text, owner=owner, action=action, due=due.text if due else unclear,
                due_date=due.date.isoformat() if due and due.date else None, follow_up=follow_up,
                concrete=bool(owner and action and due and not vague), vague=vague, missing=missing,
                cues=tuple(dict.fromkeys(c for f in items for c in f.cues)),
                uncertain=bool(unclear), heard=fix[0] if fix else unclear, taken_for=fix[1] if fix else None,
                similarity=fix[2] if fix else None))
            if due and due.date:
                previous = due.date
    return tuple(steps)
