"""Questions: find them in what was said, tell open from closed, spot the needs analysis.

One engine reads the rules in lang/<language>.py (data only). Utterances are split into
sentences by their word timestamps, so every question carries its own start and end.
A sentence is a question when it ends in "?", or, since transcribers drop the "?", when
a rule recognises its form without one: a wh-word followed by an inverted verb, a fronted
verb followed by a subject, a tag after a comma, an open invitation ("Berätta mer om …").
What no rule catches may still rise in pitch at its end (prosody.py): that is checked on
turn-final sentences only, where a declarative question hands the turn over. Every
question records the rule that fired as its `cue`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from types import ModuleType
from typing import Any, Sequence

import numpy as np

from . import fuzzy, prosody
from .lang import rules
from .schema import NEEDS_KEYS, NeedsItem, Question, QuestionKind, Utterance, Word

# The most specific item first: "Vad kan du göra för att komma vidare?" is the other's action.
_NEEDS_PRIORITY = ("my_help", "their_action", "way_forward", "challenges")
_CLOSERS = "\"'”’»)]"
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:–—]|\s-\s)\s*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MEND_GAP_S = 0.5  # a cut-off sentence start is mended only across a speaker change this tight


@dataclass(frozen=True)
class Sentence:
    speaker: str
    start: float
    end: float
    text: str
    final: bool  # the last sentence of its utterance: where a spoken question hands the turn over


@dataclass(frozen=True)
class Verdict:
    kind: QuestionKind
    cue: str
    prompt: bool = False


def words_of(text: str) -> list[str]:
    """Lower-cased words of `text`, punctuation dropped, apostrophes kept ("isn't")."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def normalize(text: str) -> str:
    """The form rule patterns match: lower-case words joined by single spaces."""
    return " ".join(words_of(text))


def _ends_sentence(word: Word, abbreviations: frozenset[str]) -> bool:
    token = word.text.strip().rstrip(_CLOSERS)
    return bool(token) and token[-1] in ".?!…" and token.lower() not in abbreviations


def split_sentences(utterance: Utterance, language: str) -> list[Sentence]:
    """Cut an utterance after every word ending in . ? ! or … (abbreviations excepted)."""
    abbreviations = frozenset(rules(language).Q_ABBREVIATIONS)
    groups, current = [], []
    for word in utterance.words:
        current.append(word)
        if _ends_sentence(word, abbreviations):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    groups = [g for g in groups if words_of("".join(w.text for w in g))]
    return [Sentence(utterance.speaker, g[0].start, g[-1].end, "".join(w.text for w in g).strip(),
                     final=i == len(groups) - 1) for i, g in enumerate(groups)]


@lru_cache(maxsize=None)
def _compiled(language: str) -> dict[str, Any]:
    """The rule module's patterns, compiled once per language."""
    r = rules(language)
    return {
        "prompts": [(name, re.compile(p)) for name, p in r.Q_PROMPTS],
        "indirect": [(name, re.compile(p)) for name, p in r.Q_INDIRECT],
        "not_questions": [re.compile(p) for p in r.Q_NOT_QUESTIONS],
        "no_pitch": [re.compile(p) for p in r.Q_NO_PITCH],
        "needs": {k: [(name, re.compile(p)) for name, p in r.NEEDS[k]] for k in NEEDS_KEYS},
        "fillers": sorted((tuple(f.split()) for f in r.Q_FILLERS), key=len, reverse=True),
    }


def _head(token: str) -> str:
    return token.split("'")[0]


def _strip_fillers(clause: list[str], r: ModuleType, fillers: list[tuple[str, ...]]) -> list[str]:
    """Drop leading fillers ("och", "okay", "um"); "så"/"now"-type words only before a comma or wh-word."""
    i = 0
    while i < len(clause):
        match = next((f for f in fillers if tuple(clause[i:i + len(f)]) == f), None)
        if match:
            i += len(match)
        elif clause[i] in r.Q_FILLERS_COMMA and (i == len(clause) - 1 or _head(clause[i + 1]) in r.Q_WH_WORDS):
            i += 1
        else:
            break
    return clause[i:]


def _start_cue(clause: list[str], raw: list[str], r: ModuleType, c: dict[str, Any], marked: bool) -> Verdict | None:
    """The verdict of a clause's first words: an invitation, a wh-word or a fronted verb."""
    text = " ".join(clause)
    for name, pattern in c["prompts"]:
        if pattern.search(text):
            return Verdict("open", f"prompt '{name}'", prompt=True)
    if not marked and any(p.search(text) or p.search(" ".join(raw)) for p in c["not_questions"]):
        return None
    first, nxt = clause[0], clause[1] if len(clause) > 1 else None
    contracted = "'" in first  # "what's": the verb is inside the token, no subject check
    if first in r.Q_WH_OR_VERB and (nxt in r.Q_SUBJECTS or nxt in r.Q_WH_OR_VERB[first]):
        return Verdict("closed", f"verb-first '{first}'")
    word = _head(first)
    if word in r.Q_WH_WORDS:
        if not contracted and nxt in r.Q_SUBJECTS:
            return None  # "vad jag menar är …", "when I did …": a subordinate clause
        needs_verb = word in r.Q_WH_SUBORDINATORS and not contracted
        if not marked and (nxt is None or needs_verb and nxt not in r.Q_VERB_FIRST):
            return None
        return Verdict("open", f"wh-word '{word}'")
    if first in r.Q_VERB_FIRST and (marked or nxt in r.Q_SUBJECTS):
        return Verdict("closed", f"verb-first '{first}'")
    return None


def _tag(raw_clauses: list[list[str]], r: ModuleType, marked: bool) -> str | None:
    """A closing tag ("…, eller hur?", "…, right?"); without "?" it must follow a comma."""
    tags = r.Q_TAGS + (r.Q_WEAK_TAGS if marked else ())
    last = raw_clauses[-1]
    for tag in sorted(tags, key=len, reverse=True):
        n = len(tag.split())
        if last[-n:] == tag.split() and (len(last) > n and marked or len(last) == n and len(raw_clauses) > 1):
            return tag
    return None


def classify(text: str, language: str, marked: bool | None = None) -> Verdict | None:
    """Whether one sentence is a question, and of which kind; None when no rule says so.

    `marked` is whether it ends in "?" (read from `text` unless given). Without a "?" only
    forms that cannot be statements count, and a sentence ending in "!" only as an invitation.
    """
    r, c = rules(language), _compiled(language)
    stripped = text.strip().rstrip(_CLOSERS)
    marked = stripped.endswith("?") if marked is None else marked
    exclaimed = stripped.endswith("!")
    raw_clauses = [words_of(part) for part in _CLAUSE_BREAK.split(stripped)]
    raw_clauses = [rc for rc in raw_clauses if rc]
    if not raw_clauses:
        return None
    tag = _tag(raw_clauses, r, marked)
    body = raw_clauses[:-1] if tag and raw_clauses[-1] == tag.split() else raw_clauses
    clauses = [(_strip_fillers(rc, r, c["fillers"]), rc) for rc in body]
    clauses = [(cl, rc) for cl, rc in clauses if cl]
    verdict, seen = None, 0
    for cl, rc in clauses:
        if not marked and seen > 0 and any(len(prev) > 2 for prev, _ in clauses[:seen]):
            break  # without "?", look past short openers ("Dana, …") only
        verdict = _start_cue(cl, rc, r, c, marked)
        seen += 1
        if verdict:
            break
    if exclaimed:
        return verdict if verdict and verdict.prompt else None
    if verdict and not verdict.prompt:
        verdict = _either_or(verdict, clauses, seen, r)
    if verdict:
        return verdict  # a wh-question stays open with a tag ("Vad tycker du, eller?")
    if tag:
        return Verdict("closed", f"tag '{tag}'")
    if not marked:
        return None
    for name, pattern in c["indirect"]:
        m = pattern.search(normalize(stripped))
        if m:
            kind = "open" if m.group("w") in r.Q_WH_WORDS else "closed"
            return Verdict(kind, f"indirect '{name} {m.group('w')}' + question mark")
    return Verdict("closed", "question mark")


def _either_or(verdict: Verdict, clauses: list[tuple[list[str], list[str]]], seen: int,
               r: ModuleType) -> Verdict:
    """A question offering alternatives ("… kaffe eller te?", "Which one, red or blue?") is closed."""
    own = clauses[seen - 1][0]
    later = [cl for cl, _ in clauses[seen:]]
    for word in r.Q_OR_WORDS:
        if verdict.kind == "closed" and word in own[1:-1]:
            return Verdict("closed", f"either/or '{word}'")
        if later and word in later[-1][:-1] and _head(later[-1][0]) not in r.Q_WH_WORDS and len(later[-1]) <= 6:
            return Verdict("closed", f"either/or '{word}'")
    return verdict


def _acoustic_candidate(text: str, language: str) -> bool:
    """Sentences pitch may make questions: two words or more, not exclaimed, not indirect, not a
    greeting or about the speaker (Q_NO_PITCH)."""
    r, c = rules(language), _compiled(language)
    stripped = text.strip().rstrip(_CLOSERS)
    norm = normalize(stripped)
    content = _strip_fillers(norm.split(), r, c["fillers"])
    return (not stripped.endswith("!") and len(content) >= 2
            and not any(p.search(norm) or p.search(" ".join(content)) for p in c["no_pitch"])
            and not any(p.search(norm) for _, p in c["indirect"])
            and not any(p.search(norm) for p in c["not_questions"]))


def needs_key(text: str, language: str) -> str | None:
    """Which of the four needs-analysis questions `text` asks, if any (exact rules only)."""
    norm, needs = normalize(text), _compiled(language)["needs"]
    for key in _NEEDS_PRIORITY:
        if any(p.search(norm) for _, p in needs[key]):
            return key
    return None


def needs_near(text: str, language: str) -> tuple[str, fuzzy.Match] | None:
    """The needs item a question comes close to when no exact rule fired: (key, match).

    The canonical phrases are FUZZY["needs"] in lang/<language>.py; a leading question word is a
    slot (fuzzy.match_phrase) matched at the question's start, after fillers.
    """
    r, c = rules(language), _compiled(language)
    data = getattr(r, "FUZZY", None)
    if not data:
        return None
    tokens = _strip_fillers(normalize(text).split(), r, c["fillers"])
    not_slot = frozenset(data["not_slot"])
    best: tuple[str, fuzzy.Match] | None = None
    for key in _NEEDS_PRIORITY:
        for canon in data["needs"][key]:
            slot = canon.split()[0] in r.Q_WH_WORDS
            for m in (fuzzy.match_phrase(tokens, canon, language, slot=slot, not_slot=not_slot),
                      fuzzy.match_phrase(tokens, canon, language, not_slot=not_slot)):
                if m and (best is None or m.similarity > best[1].similarity):
                    best = (key, m)
    return best


def _wh_repair(text: str, language: str) -> tuple[str, str, float] | None:
    """A first word misheard for a question word, before verb + subject ("Vaad kan du …"):
    (heard, taken for, similarity) when it is fuzzy.ACCEPT alike and not a word of its own there."""
    r, c = rules(language), _compiled(language)
    data = getattr(r, "FUZZY", None)
    tokens = _strip_fillers(normalize(text).split(), r, c["fillers"])
    if not data or len(tokens) < 3 or tokens[0] in r.Q_WH_WORDS or tokens[0] in data["not_slot"]:
        return None
    if tokens[1] not in r.Q_VERB_FIRST or tokens[2] not in r.Q_SUBJECTS or tokens[0] in r.Q_VERB_FIRST:
        return None
    near = fuzzy.near_word(tokens[0], data["wh_words"], language)
    return (tokens[0], near[0], near[1]) if near else None


def _question(s: Sentence, verdict: Verdict, language: str) -> Question:
    """A question with its needs item: exact rules first, then a near match (heard → taken for)."""
    key = needs_key(s.text, language)
    if key:
        return Question(s.speaker, s.start, s.end, s.text, verdict.kind, verdict.cue, prompt=verdict.prompt, needs=key)
    near = needs_near(s.text, language)
    if near is None:
        return Question(s.speaker, s.start, s.end, s.text, verdict.kind, verdict.cue, prompt=verdict.prompt)
    key, m = near
    kind, cue = verdict.kind, verdict.cue
    first_heard, first_canon = m.heard.split()[0], m.canon.split()[0]
    if m.accepted and m.start == 0 and first_heard != first_canon and first_canon in rules(language).Q_WH_WORDS:
        kind, cue = "open", f"wh-word '{first_canon}' (heard '{first_heard}')"   # "Man kan du göra?"
    heard, taken = m.differing()
    return Question(s.speaker, s.start, s.end, s.text, kind, cue, prompt=verdict.prompt, needs=key,
                    needs_uncertain=not m.accepted, heard=heard or None, taken_for=taken or None,
                    similarity=m.similarity)


def _acoustic(sentence: Sentence, language: str, audio: np.ndarray, until: float | None) -> Verdict | None:
    """A turn-final sentence no rule caught, whose pitch rises at the end: a spoken question."""
    if not sentence.final or not _acoustic_candidate(sentence.text, language):
        return None
    rise = prosody.pitch_rise_semitones(audio, sentence.start, sentence.end, until=until)
    if not prosody.is_rising(rise):
        return None
    form = classify(sentence.text, language, marked=True)
    cue = f"rising pitch ({rise:+.1f} st)"
    if form and form.cue != "question mark":
        return Verdict(form.kind, f"{cue}, {form.cue}", form.prompt)
    return Verdict("closed", cue)


def detect_questions(utterances: Sequence[Utterance], language: str,
                     audio: np.ndarray | None = None) -> tuple[Question, ...]:
    """Every question asked, per sentence, with its kind, cue and needs-analysis item.

    `audio` is the mono 16 kHz recording; when given, sentences without a "?" or a lexical
    cue are checked for a final pitch rise.
    """
    ordered = _mend(sorted(utterances, key=lambda u: u.start), language)
    found = []
    for i, utterance in enumerate(ordered):
        until = ordered[i + 1].start if i + 1 < len(ordered) else None
        for s in split_sentences(utterance, language):
            verdict = classify(s.text, language)
            repair = _wh_repair(s.text, language) if verdict is None or verdict.cue == "question mark" else None
            if repair:
                heard, canon, sim = repair
                verdict = classify(s.text.replace(heard, canon, 1) if heard in s.text else f"{canon} {s.text}",
                                   language, marked=verdict is not None or None) or verdict
            if verdict is None and audio is not None:
                verdict = _acoustic(s, language, audio, until)
            if verdict:
                q = _question(s, verdict, language)
                if repair and q.heard is None:
                    q = replace(q, cue=f"{q.cue} (heard '{heard}')", heard=heard, taken_for=canon, similarity=sim)
                found.append(q)
    return tuple(sorted(found, key=lambda q: q.start))


def _mend(utterances: list[Utterance], language: str) -> list[Utterance]:
    """Give a sentence's first words back to its speaker when word attribution cut them off.

    Word times are rough at a speaker change, so the "What" of "What happens …?" can land
    after the previous speaker's last full stop, and the next turn then starts in lower case
    ("happens when …?"). Such a dangling fragment (at most two words) moves to the next turn,
    so the question keeps its wh-word and its kind.
    """
    abbreviations = frozenset(rules(language).Q_ABBREVIATIONS)
    out = list(utterances)
    for i in range(len(out) - 1):
        u, v = out[i], out[i + 1]
        stops = [j for j, w in enumerate(u.words) if _ends_sentence(w, abbreviations)]
        cut = stops[-1] + 1 if stops else 0
        first = v.words[0].text.strip() if v.words else ""
        if (not stops or not 0 < len(u.words) - cut <= 2 or v.speaker == u.speaker
                or v.start - u.end > _MEND_GAP_S or not first[:1].islower()):
            continue
        moved = tuple(Word(w.text, w.start, w.end, w.probability, v.speaker) for w in u.words[cut:])
        out[i] = Utterance(u.speaker, u.start, u.words[cut - 1].end, u.words[:cut])
        out[i + 1] = Utterance(v.speaker, moved[0].start, v.end, moved + v.words)
    return out


def needs_analysis(questions: Sequence[Question]) -> tuple[NeedsItem, ...]:
    """The four needs-analysis items in NEEDS_KEYS order: who asked each first, and when.

    A question that only came near an item (`needs_uncertain`) makes the item uncertain, not
    asked and not missing: the report sends the reader to listen at its time.
    """
    items = []
    for key in NEEDS_KEYS:
        sure = [q for q in questions if q.needs == key and not q.needs_uncertain]
        near = [q for q in questions if q.needs == key and q.needs_uncertain]
        first = min(sure or near, key=lambda q: q.start, default=None)
        if first is None:
            items.append(NeedsItem(key, False))
        else:
            items.append(NeedsItem(key, bool(sure), first.speaker, first.start, first.text, uncertain=not sure,
                                   heard=first.heard, taken_for=first.taken_for, similarity=first.similarity,
                                   model_check=first.model_check))
    return tuple(items)
