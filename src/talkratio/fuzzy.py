"""Tolerant matching of the few words a finding hangs on, for transcripts that mishear them.

Whisper base writes "Vilka åtmaningar har du" for "Vilka utmaningar har du", "Sivtet med
mötet" for "Syftet med mötet" and "på tushåd" for "på torsdag": one wrong letter and an exact
rule turns a finding into its opposite. Here a heard word is compared with the word a rule
wants by a documented similarity, and a match is reported with both forms
("hört som 'åtmaningar', tolkat som 'utmaningar'"), never silently.

Similarity of two words: the higher of rapidfuzz's normalised Indel similarity (`fuzz.ratio`
/ 100: 1 − insertions and deletions needed / total length) on the words as written and on a
*sound key* (`key`). The Swedish key folds letters that sound alike or that Whisper swaps:
y→i, u/å→o, ä/ö→e, f→v, the sj-sound (sj, skj, stj, sch, sh, ch, rs) → x, tj/kj → c,
dj/gj/hj/lj → j, ck/q/c → k, z → s, w → v, retroflex rd/rt/rn/rl → d/t/n/l, doubled letters
once. English gets a light key (ph→f, ck→k, doubled letters once).

A phrase (a rule's canonical words, e.g. "vilka utmaningar har du") matches a run of heard
words of the same length: the phrase similarity is the mean of the word similarities, weighted
by the canonical words' lengths. A leading question word may be a *slot*: when the rest of the
frame is said ("… kan du göra" at the start of a question) the slot takes any heard word that
is not a word that can stand there itself ("det kan du göra" is a statement); such a slot
word counts 0.5. Thresholds (conservative; see docs/scoring.md):

- ACCEPT = 0.85 and every word ≥ WORD_FLOOR = 0.75 (a slot excepted): the finding is made,
  with what was heard and what it was taken for;
- NEAR = 0.75: too far to be sure, close enough not to say "not asked": the finding is
  *uncertain* and the reader is sent to listen.
- follow-up phrases ("stämmer av", "följer upp"), where a language lists them in FUZZY, are
  repaired at ACCEPT too, as whole phrases: "stemmer av" is taken for "stämmer av"; a heard word
  in the past tense ("stämde av" 0.87, "följde upp" 0.89) is not, and "ses" / "ser igen" (0.84) is
  too far;
- DUE_ACCEPT = 0.8 for one due word (weekday, month, "imorgon") in its frame: right after a
  due prefix ("på", "senast", "by"), and only when the heard word does not already begin with
  a due word ("fredagen"); and for a clock word right before a number ("klokkan tio" →
  "klockan tio"), since a follow-up's time is often all the deadline there is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

ACCEPT = 0.85
NEAR = 0.75
DUE_ACCEPT = 0.8          # a due word, only right after a due prefix ("senast på tushåd" → "torsdag")
WORD_FLOOR = 0.75
SLOT_CREDIT = 0.5

_SV_KEY = (("skj", "x"), ("stj", "x"), ("sch", "x"), ("sj", "x"), ("sh", "x"), ("ch", "x"), ("rs", "x"),
           ("tj", "c"), ("kj", "c"), ("dj", "j"), ("gj", "j"), ("hj", "j"), ("lj", "j"),
           ("rd", "d"), ("rt", "t"), ("rn", "n"), ("rl", "l"), ("ck", "k"), ("q", "k"), ("c", "k"),
           ("z", "s"), ("w", "v"), ("f", "v"), ("y", "i"), ("u", "o"), ("å", "o"), ("ä", "e"), ("ö", "e"),
           ("é", "e"))
_EN_KEY = (("ph", "f"), ("ck", "k"))
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=4096)
def key(word: str, language: str) -> str:
    """The sound key of a lower-cased word (see the module docstring)."""
    out = word.lower()
    for a, b in (_SV_KEY if language == "sv" else _EN_KEY):
        out = out.replace(a, b)
    return _DOUBLE.sub(r"\1", out)


@lru_cache(maxsize=16384)
def similarity(heard: str, canon: str, language: str) -> float:
    """0..1: how alike two words are, as written or by their sound key."""
    if heard == canon:
        return 1.0
    return max(fuzz.ratio(heard, canon), fuzz.ratio(key(heard, language), key(canon, language))) / 100


@dataclass(frozen=True)
class Match:
    """A canonical phrase found in heard words; `exact` when every word was said as written."""
    start: int                 # token index in the heard words
    end: int
    heard: str                 # the heard words, joined by spaces
    canon: str                 # the phrase taken for
    similarity: float

    @property
    def exact(self) -> bool:
        return self.heard == self.canon

    @property
    def accepted(self) -> bool:
        return self.similarity >= ACCEPT

    def differing(self) -> tuple[str, str]:
        """Only the words that differ: ("åtmaningar", "utmaningar") for the whole phrase's match."""
        pairs = [(h, c) for h, c in zip(self.heard.split(), self.canon.split()) if h != c]
        return " ".join(h for h, _ in pairs), " ".join(c for _, c in pairs)


def match_phrase(tokens: Sequence[str], canon: str, language: str, *, slot: bool = False,
                 not_slot: frozenset[str] = frozenset(), at_start: bool = False) -> Match | None:
    """The best run of `tokens` matching `canon` with similarity ≥ NEAR, or None.

    `slot`: the first canonical word is a question word that may be misheard beyond
    recognition; then the run must start at token 0 (the question's start) and the heard word
    must not be in `not_slot` (in any run: a first word of `not_slot` never stands for another).
    `at_start`: only runs starting at token 0.
    """
    want = canon.split()
    n = len(want)
    weights = [len(w) for w in want]
    best: Match | None = None
    starts = [0] if (slot or at_start) else range(len(tokens) - n + 1)
    for i in starts:
        run = list(tokens[i:i + n])
        if len(run) < n:
            break
        if run[0] != want[0] and run[0] in not_slot:
            continue                                   # "det kan du göra" is a statement, not "vad …"
        sims = [similarity(h, w, language) for h, w in zip(run, want)]
        if slot and sims[0] < ACCEPT:
            sims[0] = max(sims[0], SLOT_CREDIT)
        floor_ok = all(s >= WORD_FLOOR for s in (sims[1:] if slot else sims))
        score = sum(s * w for s, w in zip(sims, weights)) / sum(weights)
        if not floor_ok:
            score = min(score, ACCEPT - 0.01)          # near at most: one word is too far off
        if score >= NEAR and (best is None or score > best.similarity):
            best = Match(i, i + n, " ".join(run), canon, round(score, 3))
    return best


def best_match(tokens: Sequence[str], canons: Sequence[str], language: str, **kw) -> Match | None:
    """The best of several canonical phrases (see `match_phrase`)."""
    found = [m for c in canons if (m := match_phrase(tokens, c, language, **kw))]
    return max(found, key=lambda m: m.similarity, default=None)


def near_word(word: str, vocabulary: Sequence[str], language: str, threshold: float = ACCEPT) -> tuple[str, float] | None:
    """The vocabulary word most like `word`, when at least `threshold` alike (and not itself)."""
    scored = [(v, similarity(word, v, language)) for v in vocabulary]
    v, s = max(scored, key=lambda x: x[1], default=(None, 0.0))
    return (v, s) if v is not None and s >= threshold else None


def repair_due(tokens: Sequence[str], prefixes: Sequence[str], words: Sequence[str], spoken: dict[str, str],
               language: str, clock: Sequence[str] = (), numbers: frozenset[str] = frozenset()
               ) -> tuple[list[str], list[tuple[str, str, float]]]:
    """Tokens with misheard due words replaced, and the (heard, taken for, similarity) of each:
    a due word after a prefix, a clock word (`clock`) before a number (`numbers` or digits)."""
    out, repairs = list(tokens), []
    written = [d for d in words if d not in spoken]
    for i in range(len(out)):
        w = out[i]
        if len(w) < 4:
            continue
        if i and out[i - 1] in prefixes and not any(w.startswith(d) for d in written):
            near = near_word(w, words, language, DUE_ACCEPT)
        elif clock and i + 1 < len(out) and w not in clock and (out[i + 1].isdigit() or out[i + 1] in numbers):
            near = near_word(w, clock, language, DUE_ACCEPT)
        else:
            continue
        if near:
            canon = spoken.get(near[0], near[0])
            out[i] = canon
            repairs.append((w, canon, round(near[1], 3)))
    return out, repairs


def repair_phrases(tokens: Sequence[str], canons: Sequence[str], language: str,
                   past: re.Pattern | None = None) -> tuple[list[str], list[tuple[str, str, float]]]:
    """Tokens with misheard phrases (follow-ups) replaced by their canonical words, and the
    (heard, taken for, similarity) of each; only accepted matches, never a near one. A heard
    word in the past tense (`past`: "stämde", "följde", 0.87–0.89 alike) is another tense, not a
    mishearing: "vi stämde av i fredags" must not become a follow-up."""
    out, repairs = list(tokens), []
    for canon in canons:
        m = match_phrase(out, canon, language)
        if m is not None and past is not None and any(past.fullmatch(h) for h in m.differing()[0].split()):
            continue
        if m is not None and m.accepted and not m.exact:
            out[m.start:m.end] = canon.split()
            repairs.append((m.heard, canon, m.similarity))
    return out, repairs
