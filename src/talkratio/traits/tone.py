"""Facts and relationship ("En balans mellan hårda fakta och mjuka värden").

A fact sentence carries a number, an amount, a date or a decision (FACTS); a relationship sentence
thanks, appreciates, names a feeling or asks how the person is (RELATIONS: "tack" but not "tack
vare", "känner mig" but not "känner till"). A sentence can be both. Shares are of all sentences,
both sides: the relationship is built by both.
"""
from __future__ import annotations

from typing import Sequence

from ..questions import Sentence
from ..schema import TraitMark
from .text import first_rule, mark


def tone_of(text: str, language: str) -> tuple[str | None, str | None]:
    """(the fact rule, the relationship rule) that fired on one sentence."""
    return first_rule(text, language, "FACTS"), first_rule(text, language, "RELATIONS")


def detect_tone(sentences: Sequence[Sentence], language: str) -> tuple[tuple[TraitMark, ...], tuple[TraitMark, ...]]:
    facts, relations = [], []
    for s in sentences:
        fact, relation = tone_of(s.text, language)
        if fact:
            facts.append(mark("fact", s, f"fact '{fact}'"))
        if relation:
            relations.append(mark("relation", s, f"relationship '{relation}'"))
    return tuple(facts), tuple(relations)
