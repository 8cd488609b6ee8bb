"""Language rules as data: one module per language, read by one engine per finding.

Each module holds plain data (word lists, regex patterns with names) in sections:
QUESTIONS and NEEDS (questions.py), NEXT_STEPS (next_steps.py), PURPOSE (purpose.py).
A rule's name is what a finding reports as its cue, so the report can say why.
"""
from __future__ import annotations

from types import ModuleType

from . import en, sv

SUPPORTED = {"sv": sv, "en": en}


def rules(language: str) -> ModuleType:
    """The rule module for `language`; English for anything we have no rules for."""
    return SUPPORTED.get(language, en)
