"""What every trait engine shares: the rules, sentences, content words, stems, named patterns."""
from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType
from typing import Sequence

from ..lang import traits_en, traits_sv
from ..questions import Sentence, normalize, split_sentences, words_of
from ..schema import TraitMark, Utterance

RULES = {"sv": traits_sv, "en": traits_en}


def rules(language: str) -> ModuleType:
    """The trait rules for `language`; English for anything we have no rules for."""
    return RULES.get(language, traits_en)


@lru_cache(maxsize=None)
def compiled(language: str, section: str) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile(p)) for name, p in getattr(rules(language), section))


def first_rule(text: str, language: str, section: str) -> str | None:
    """The name of the first pattern of `section` that matches normalised `text`."""
    norm = normalize(text)
    return next((name for name, p in compiled(language, section) if p.search(norm)), None)


def sentences_of(utterances: Sequence[Utterance], language: str) -> list[Sentence]:
    return [s for u in sorted(utterances, key=lambda u: u.start) for s in split_sentences(u, language)]


def content_words(text: str, language: str) -> list[str]:
    """Words that can carry a topic: not a stopword, three letters or more, not a number."""
    stop = rules(language).STOPWORDS
    return [w for w in words_of(text) if len(w) >= 3 and w not in stop and not w.isdigit()]


def same_stem(a: str, b: str, language: str) -> bool:
    """"flytta" ~ "flytten", "kunder" ~ "kunden": a common start of STEM_MIN letters or more that
    covers STEM_SHARE of the shorter word (ours: Swedish and English inflect at the end)."""
    r = rules(language)
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= r.STEM_MIN and n >= r.STEM_SHARE * min(len(a), len(b)) or a == b


def shared_word(text: str, other: Sequence[str], language: str) -> str | None:
    """The first content word of `text` that shares a stem with one of `other`."""
    return next((w for w in content_words(text, language) if any(same_stem(w, o, language) for o in other)), None)


def mark(kind: str, s: Sentence, cue: str, **extra) -> TraitMark:
    return TraitMark(kind, s.speaker, s.start, s.end, s.text, cue, **extra)
