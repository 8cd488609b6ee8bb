"""Progress travels through a hook so library code never prints."""
from __future__ import annotations

from typing import Protocol


class Hook(Protocol):
    def __call__(self, step: str, completed: float | None = None, total: float | None = None) -> None: ...


def silent(step: str, completed: float | None = None, total: float | None = None) -> None:
    """The default hook: says nothing."""
