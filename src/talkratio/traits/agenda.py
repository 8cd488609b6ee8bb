"""An agenda named in the opening and followed ("En agenda som följs, men med en öppenhet …").

The agenda is the first sentence in the opening window (purpose.opening_window_s) that a rule of
AGENDA_INTROS recognises ("Idag vill jag ta upp …", "First we'll …, then …") and that names at
least one item. Items are what follows the intro, cut at commas, "och", "sedan" (AGENDA_SPLIT),
their leading verbs and pronouns dropped. An item is reached when a later sentence, by anyone,
shares a content word's stem with it; items never reached are listed as such.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..purpose import opening_window_s
from ..questions import Sentence, normalize
from ..schema import AgendaItem, TraitMark
from .text import compiled, content_words, mark, rules, shared_word


def agenda_items(text: str, language: str) -> tuple[str, list[str]] | None:
    """(the intro rule, the items named) when `text` names an agenda, else None."""
    r = rules(language)
    norm = normalize(text)
    for name, pattern in compiled(language, "AGENDA_INTROS"):
        m = pattern.search(norm)
        if not m:
            continue
        # punctuation cuts items too ("budgeten, rekryteringen"): split the raw text after the intro's words
        tail = _tail(text, norm, m.end() if name not in ("först … sedan",) else m.start())
        items = []
        for chunk in re.split(r.AGENDA_SPLIT, tail):
            words = normalize(chunk).split()
            while words and words[0] in r.AGENDA_LEAD:
                words = words[1:]
            item = " ".join(words)
            if item and content_words(item, language):
                items.append(item)
        if items:
            return name, items
    return None


def _tail(text: str, norm: str, norm_end: int) -> str:
    """The raw text after the first `norm_end` characters of its normalised form (word count kept)."""
    n_words = len(norm[:norm_end].split())
    raw = text.split()
    return " ".join(raw[n_words:]).lower()


def detect_agenda(sentences: Sequence[Sentence], language: str,
                  duration_s: float) -> tuple[TraitMark | None, tuple[AgendaItem, ...]]:
    window = opening_window_s(duration_s)
    for i, s in enumerate(sentences):
        if s.start > window:
            break
        found = agenda_items(s.text, language)
        if not found:
            continue
        name, items = found
        later = sentences[i + 1:]
        return mark("agenda", s, f"agenda '{name}'"), tuple(_followed(item, later, language) for item in items)
    return None, ()


def _followed(item: str, later: Sequence[Sentence], language: str) -> AgendaItem:
    keys = content_words(item, language)
    for s in later:
        if shared_word(s.text, keys, language):
            return AgendaItem(item, True, s.speaker, s.start, s.text)
    return AgendaItem(item, False)
