"""The words that make a clause a step: commitment frames, found in tokens by the NEXT_STEPS data.

A frame is a subject with a modal or a present-tense verb (either word order in Swedish), a
request, a joint or plain imperative; a negation or a blocker before the subject ("om jag",
"sa att jag") cancels it. next_steps.py decides what a frame in its clause and sentence means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from .dates import tokenize
from .lang import rules

BLOCK_WINDOW = 2          # a blocker counts when it ends at most this many words before the subject

_PHRASES = ("modals", "weak_modals", "progressive", "negations", "blockers", "clause_blockers", "habitual",
            "meeting_talk", "conditionals",
            "requests", "imperatives", "joint_imperatives", "proposals", "agreement", "disagreement",
            "follow_up", "vague_follow_up", "vague_whether", "vague_time")
_WORDS = ("not_actions", "function_words", "adverbs", "discourse", "conjunctions", "wh_words",
          "question_starters")


@lru_cache(maxsize=None)
def step_rules(language: str) -> dict:
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
    due = rules(language).NEXT_STEPS_DUE
    out["due_fuzzy"] = (tuple(f.get("due_prefixes", ())), tuple(f.get("due_words", ())), dict(f.get("due_spoken", {})),
                        tuple(c for c in due["clock"] if len(c) >= 4),       # "klockan", not "kl" nor "at"
                        frozenset(n for n in due["numbers"] if " " not in n))
    out["follow_up_fuzzy"] = tuple(f.get("follow_up", ()))
    return out


# --- matching words ---

def at(toks: Sequence[str], i: int, phrases) -> int:
    """Length of the longest phrase starting at toks[i]; 0 when none does."""
    return next((len(p) for p in phrases if tuple(toks[i:i + len(p)]) == p), 0)


def find(toks: Sequence[str], phrases) -> tuple[int, int] | None:
    """(start, length) of the first phrase in toks."""
    return next(((i, n) for i in range(len(toks)) if (n := at(toks, i, phrases))), None)


def find_all(toks: Sequence[str], phrases) -> list[tuple[int, int]]:
    """(start, length) of every phrase in toks, without overlaps."""
    out, i = [], 0
    while i < len(toks):
        n = at(toks, i, phrases)
        if n:
            out.append((i, n))
        i += n or 1
    return out


def blocked(toks: Sequence[str], i: int, phrases) -> bool:
    """A phrase ends at most BLOCK_WINDOW words before position i ("om jag", "sa att jag")."""
    return any((n := at(toks, j, phrases)) and i - BLOCK_WINDOW <= j + n <= i
               for j in range(max(0, i - BLOCK_WINDOW - 4), i))


def negated(toks: Sequence[str], a: int, b: int, R: dict) -> bool:
    return any(at(toks, x, R["negations"]) for x in range(a, min(b, len(toks))))


def skip(toks: Sequence[str], i: int, words) -> int:
    while i < len(toks) and toks[i] in words:
        i += 1
    return i


def is_verb(toks: Sequence[str], k: int, R: dict) -> bool:
    return (k < len(toks) and toks[k] not in R["function_words"] and toks[k] not in R["subjects"]
            and not at(toks, k, R["negations"]))


def is_present(toks: Sequence[str], k: int, R: dict) -> bool:
    return (is_verb(toks, k, R) and bool(R["present"].fullmatch(toks[k])) and toks[k] not in R["not_actions"]
            and not R["past"].fullmatch(toks[k]))


def role_in(toks: Sequence[str], R: dict) -> str | None:
    """The role of the last subject word in toks ("jag vill att du" → other); "let's" is joint."""
    if at(toks, 0, R["joint_imperatives"]):
        return "joint"
    return next((R["subjects"][w] for w in reversed(toks) if w in R["subjects"]), None)


# --- commitment frames ---

@dataclass(frozen=True)
class Frame:
    role: str             # self | joint | other | others | name:<speaker id>
    verb: int             # where the action starts
    strength: str         # strong | medium | weak (weak needs a time said)
    cue: str
    skip: int = -1        # the subject inside the action, in inverted order ("pratar jag med")


def subject_frames(toks: Sequence[str], i: int, role: str, R: dict) -> list[Frame]:
    cb = at(toks, 0, R["clause_blockers"])
    if blocked(toks, i, R["blockers"]) or (cb and cb == i):
        return []
    subject, out = toks[i], []
    j = skip(toks, i + 1, R["adverbs"])
    for key, strength in (("modals", "strong"), ("weak_modals", "weak"), ("progressive", "weak")):
        if n := at(toks, j, R[key]):
            k = skip(toks, j + n, R["adverbs"])
            ok = is_verb(toks, k, R) and (key != "progressive" or toks[k].endswith("ing"))
            if not ok or negated(toks, i + 1, k + 1, R):
                return []
            return [Frame(role, k, strength, f"{role} '{subject}' + {key[:-1].replace('_', ' ')} "
                                              f"'{' '.join(toks[j:j + n])}'")]
    if is_present(toks, j, R) and not negated(toks, j + 1, j + 3, R):
        out.append(Frame(role, j, R["present_strength"], f"{role} '{subject}' + present '{toks[j]}'"))
    if R["inversion"] and i >= 2 and not blocked(toks, i - 1, R["blockers"]):
        v = toks[i - 1]
        modal = next((s for key, s in (("modals", "strong"), ("weak_modals", "weak")) if (v,) in R[key]), None)
        if modal:
            k = skip(toks, i + 1, R["adverbs"])
            if is_verb(toks, k, R) and not negated(toks, i + 1, k + 1, R):
                out.append(Frame(role, k, modal, f"{role} inverted '{v} {subject}'"))
        elif is_present(toks, i - 1, R) and not negated(toks, i + 1, i + 3, R):
            out.append(Frame(role, i - 1, R["present_strength"], f"{role} inverted '{v} {subject}'", skip=i))
    return out


def frames_in(toks: Sequence[str], R: dict, names: Mapping[str, str]) -> list[Frame]:
    found: list[Frame] = []
    for i, w in enumerate(toks):
        role = R["subjects"].get(w) or (f"name:{names[w]}" if w in names else None)
        if role:
            found += subject_frames(toks, i, role, R)
    for key, strength in (("requests", "medium"), ("joint_imperatives", "strong")):
        for i in range(len(toks)):
            if (n := at(toks, i, R[key])) and not blocked(toks, i, R["blockers"]):
                k = skip(toks, i + n, R["adverbs"])
                if is_verb(toks, k, R) and not negated(toks, i, k + 1, R):
                    role = role_in(toks[i:i + n], R) or "other"
                    found.append(Frame(role, k, strength, f"{key[:-1].replace('_', ' ')} '{' '.join(toks[i:i + n])}'"))
    p = skip(toks, 0, R["discourse"] | set(names))
    if n := at(toks, p, R["imperatives"]):
        found.append(Frame("other", p, "medium", f"imperative '{' '.join(toks[p:p + n])}'"))
    return found
