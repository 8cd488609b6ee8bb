"""The needs analysis as a method of one's own: which questions it asks, per meeting type.

The seed's four (*Vilka utmaningar har du? Hur kan vi komma vidare? Vad kan du göra? Vad kan jag
göra?*, NEEDS in lang/sv.py and lang/en.py, with tolerant matching) are the built-in method
"seed", every meeting type's default. Another method is a TOML file (see needs/sales.toml, the
shipped example: situation, problem, decision process, budget, next meeting booked), chosen per
meeting type in the config file:

    [needs]
    sales = "sales"              # a shipped method's name, or a path to a file of your own

An item of a file method is asked when one of its patterns matches a question (exact
patterns only: the tolerant matching of misheard words is the seed's). The report records the
method in `settings.needs_method`, and each needs item carries its label and how a tip asks it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from .errors import UsageError
from .schema import NeedsItem, Question

SEED = "seed"
SHIPPED = Path(__file__).parent / "needs"
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Item:
    key: str
    label: Mapping[str, str]
    ask: Mapping[str, str]
    patterns: Mapping[str, tuple[re.Pattern, ...]]


@dataclass(frozen=True)
class Method:
    name: str
    items: tuple[Item, ...] = ()      # empty: the seed's four, matched by questions.py


def _text(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise UsageError(f"{where} wants sv and en texts: {{ sv = \"…\", en = \"…\" }}")
    return {lang: value[lang] for lang in LANGUAGES}


@lru_cache(maxsize=None)
def load(spec: str) -> Method:
    """A method by name ("seed", a file in needs/) or path; UsageError naming the file when it is wrong."""
    if spec in (SEED, "", None):
        return Method(SEED)
    path = SHIPPED / f"{spec}.toml" if (SHIPPED / f"{spec}.toml").is_file() else Path(spec).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        shipped = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise UsageError(f"needs method '{spec}': not a readable method file ({err}); shipped: {SEED}, {shipped}") from None
    items, keys = [], set()
    for n, raw in enumerate(data.get("item", ()), 1):
        where = f"{path}: [[item]] #{n}"
        key = raw.get("key")
        if not isinstance(key, str) or not key or key in keys:
            raise UsageError(f"{where} wants a key of its own")
        keys.add(key)
        patterns = raw.get("patterns", {})
        try:
            compiled = {lang: tuple(re.compile(p) for p in patterns.get(lang, ())) for lang in LANGUAGES}
        except (re.error, TypeError, AttributeError) as err:
            raise UsageError(f"{where}: a pattern is not a regular expression ({err})") from None
        if not any(compiled.values()):
            raise UsageError(f"{where} wants patterns.sv or patterns.en")
        items.append(Item(key, _text(raw.get("label"), f"{where} label"), _text(raw.get("ask"), f"{where} ask"),
                          compiled))
    if not items:
        raise UsageError(f"{path}: a method wants at least one [[item]]")
    return Method(str(data.get("name") or path.stem), tuple(items))


def for_type(meeting_type: str, methods: Mapping[str, str] | None) -> Method:
    """The method configured for `meeting_type` (`[needs]` in the config), else the seed's."""
    return load((methods or {}).get(meeting_type) or SEED)


def analyse(questions: Sequence[Question], language: str, method: Method) -> tuple[NeedsItem, ...]:
    """The method's items in order: who asked each first. A question keeps its seed item (`needs`), so
    a report can be re-scored with another method and back without losing anything."""
    from .questions import needs_analysis, normalize

    if not method.items:
        return needs_analysis(questions)
    lang = "sv" if language.startswith("sv") else "en"
    tagged = []
    for q in questions:
        norm = normalize(q.text)
        tagged.append((q, next((i.key for i in method.items if any(p.search(norm) for p in i.patterns[lang])), None)))
    items = []
    for item in method.items:
        first = min((q for q, key in tagged if key == item.key), key=lambda q: q.start, default=None)
        extra = {"label": item.label[lang], "ask": item.ask[lang]}
        items.append(NeedsItem(item.key, True, first.speaker, first.start, first.text, **extra) if first
                     else NeedsItem(item.key, False, **extra))
    return tuple(items)
