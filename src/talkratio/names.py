"""Who is who: names the meeting itself says, as suggestions.

People greet each other by name ("Hej Erik", "Thanks, Anna"), address each other ("Vad tycker
du, Erik?") and sometimes say who they are ("Anna här", "my name is Anna"). A greeting or a
vocative (a name closing a question after a comma) names the person spoken to — in a two-person meeting the other speaker, otherwise the
next one to speak — and a self-introduction names the speaker. The phrases are data
(NAMES in lang/sv.py and lang/en.py); a word after a greeting counts only when the
transcriber wrote it with a capital and it is not one of the phrase table's `not_names`, so
"Hej då", "Tack så mycket" and "Hi everyone" name nobody. A speaker gets a suggestion only
when the evidence agrees: a name pointed at two speakers, or two names at one speaker equally
often, suggests nothing. Suggestions are never used by the rules (owners, host) and are shown
with a "?" until the user confirms them with --name.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Mapping, Sequence

from .lang import rules
from .schema import Utterance

ADDRESSEE_WITHIN_S = 5.0   # with more than two speakers, the next speaker within this long is the one addressed
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=None)
def _table(language: str) -> dict:
    data = getattr(rules(language), "NAMES", None) or {}
    phrases = lambda key: tuple(sorted((tuple(p.split()) for p in data.get(key, ())), key=len, reverse=True))
    return {"greetings": phrases("greetings"), "self_before": phrases("self_before"),
            "self_after": frozenset(data.get("self_after", ())), "lead": frozenset(data.get("lead", ())),
            "not_names": frozenset(w.casefold() for w in data.get("not_names", ()))}


def _is_name(token: str, table: dict) -> bool:
    return (len(token) >= 2 and token[0].isupper() and not token.isupper() and "'" not in token
            and "’" not in token and token.casefold() not in table["not_names"])   # "Monday's plan": no name


def _starts(lowered: Sequence[str], phrases: Sequence[tuple[str, ...]], at: int = 0) -> int:
    """Length of the longest phrase at `lowered[at:]`, 0 when none."""
    return next((len(p) for p in phrases if tuple(lowered[at:at + len(p)]) == p), 0)


def name_cues(text: str, language: str) -> list[tuple[str, str]]:
    """(rule, name) heard in one sentence: rule is "greeting" or "vocative" (the person spoken to)
    or "self" (the speaker)."""
    table = _table(language)
    if not table["greetings"]:
        return []
    tokens = _TOKEN.findall(text)
    lowered = [w.casefold() for w in tokens]
    found = []
    i = 0
    while i < len(tokens) and lowered[i] in table["lead"]:   # "Ja, hej Erik", "Oh hi Anna"
        i += 1
    g = _starts(lowered, table["greetings"], i)
    k = i + g   # "Anna här", "Hej, Anna här": a name and "här" make the whole sentence
    if len(tokens) == k + 2 and lowered[k + 1] in table["self_after"] and _is_name(tokens[k], table):
        found.append(("self", tokens[k]))
    elif g and k < len(tokens) and _is_name(tokens[k], table):
        found.append(("greeting", tokens[k]))
    for j in range(len(tokens)):
        s = _starts(lowered, table["self_before"], j)
        if s and j + s < len(tokens) and _is_name(tokens[j + s], table):
            found.append(("self", tokens[j + s]))
    stripped = text.rstrip(" \"'”»")
    m = re.search(r",\s*(" + _TOKEN.pattern + r")\?$", stripped)   # "Vad tycker du, Erik?" (a question only:
    if m and len(tokens) > 2 and _is_name(m.group(1), table) and not found:   # "…i Stockholm, Göteborg." is none)
        found.append(("vocative", m.group(1)))
    return found


def _addressee(n: int, ordered: Sequence[Utterance], speakers: Sequence[str]) -> str | None:
    me = ordered[n].speaker
    others = [s for s in speakers if s != me]
    if len(others) == 1:
        return others[0]
    nxt = next((u for u in ordered[n + 1:] if u.speaker != me), None)
    return nxt.speaker if nxt and nxt.start - ordered[n].end <= ADDRESSEE_WITHIN_S else None


def suggest_names(utterances: Sequence[Utterance], speakers: Sequence[str], language: str,
                  names: Mapping[str, str] = {}) -> dict[str, dict]:
    """speaker → {"name", "rule", "evidence", "start"} for speakers without a name, where the meeting
    clearly says one; the evidence is the first sentence that said it."""
    from .questions import split_sentences

    ordered = sorted(utterances, key=lambda u: u.start)
    votes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for n, u in enumerate(ordered):
        for s in split_sentences(u, language):
            for rule, name in name_cues(s.text, language):
                who = u.speaker if rule == "self" else _addressee(n, ordered, speakers)
                if who is not None and who in speakers:
                    votes[who][name].append((rule, s.text, s.start))
    taken = {v.casefold() for v in names.values()}
    out = {}
    for speaker, by_name in votes.items():
        if speaker in names:
            continue
        ranked = sorted(by_name.items(), key=lambda kv: -len(kv[1]))
        name, evidence = ranked[0]
        if len(ranked) > 1 and len(ranked[1][1]) == len(evidence):
            continue   # two names as often: not clear
        if name.casefold() in taken or any(len(votes[o].get(name, ())) >= len(evidence)
                                           for o in votes if o != speaker):
            continue   # the same name points at someone else as well
        rule, text, start = evidence[0]
        out[speaker] = {"name": name, "rule": rule, "evidence": text, "start": round(start, 2)}
    return out
