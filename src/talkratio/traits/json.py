"""The traits in contract JSON (`findings.traits` → "traits"), and back."""
from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any, Mapping

from ..schema import AgendaItem, TraitMark, Traits

_MARKS = ("follow_ups", "missed", "reflections", "backchannels", "facts", "relations", "initiatives")


def traits_to_dict(tr: Traits | None) -> dict[str, Any] | None:
    return None if tr is None else _plain(asdict(tr))


def _plain(value: Any) -> Any:
    """Tuples as lists, as the JSON reads back."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def traits_from_dict(d: Mapping[str, Any] | None) -> Traits | None:
    if not d:
        return None
    known = {f.name for f in fields(Traits)}
    values = {k: v for k, v in d.items() if k in known}
    for key in _MARKS:
        values[key] = tuple(TraitMark(**m) for m in d.get(key, ()))
    values["agenda_items"] = tuple(AgendaItem(**i) for i in d.get("agenda_items", ()))
    values["agenda"] = TraitMark(**d["agenda"]) if d.get("agenda") else None
    return Traits(**values)
