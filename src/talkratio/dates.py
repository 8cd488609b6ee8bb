"""Deadlines as said ("senast på torsdag", "by Friday") and as dates, for next steps.

The words live in each language's NEXT_STEPS_DUE (lang/sv.py, lang/en.py); turning them into a
date is arithmetic and the same for every language, so it lives here. A deadline resolves to
the *last* day that still keeps the promise:

- a weekday ("på fredag", "by Friday") is the next such day after the recording day;
  "nästa fredag", "next Friday" and "fredag nästa vecka" the one in the following week;
- "i veckan", "end of the week": this week's Friday (the day itself at weekends); "nästa vecka",
  "next week": next week's Friday, "början av nästa vecka": its Monday; "i helgen": Saturday;
- "den tolfte", "the 12th": the next twelfth from the recording day; with a month that date
  this year, or next year once passed; "i mars", "by March": the month's last day;
- "om två veckor", "in two weeks" count days; a time of day or a clock time alone is that day;
- "nästa möte", "next meeting" is a deadline without a date; "till dess", "by then" is the
  date said just before (the caller passes it as `previous`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import rules

_CONTRACTION = re.compile(r"(?<=\w)('(?:ll|m|re|ve|d|s)|n't)\b")
_TOKEN = re.compile(r"n't|'\w+|\d+(?:[:./-]\d+)*(?::e|st|nd|rd|th)?|\w+")
# more specific first: the deadline of "måndag den tolfte" is the twelfth
_PRIORITY = ("iso", "dm", "day_of_month", "month_day", "day_month", "weekday", "days", "in_n", "period",
             "month", "clock", "meeting", "anaphora")


def tokenize(text: str) -> list[str]:
    """Lower-cased words as the rules see them: "I'll" → "i 'll", "14:30" and "12:e" kept whole."""
    return _TOKEN.findall(_CONTRACTION.sub(r" \1", text.lower().replace("’", "'")))


@dataclass(frozen=True)
class Due:
    text: str                 # as said, lower-cased: "senast på torsdag"
    date: dt.date | None      # None when the recording date (or, for "till dess", the last date) is unknown
    cue: str                  # which rule fired: "due weekday 'senast på torsdag'"
    start: int                # character span in the searched text
    end: int
    kind: str = ""            # the rule that gave the date: weekday, days, month, period, …
    period: str = ""          # for kind "period": week_end, next_month_end, …

    @property
    def far(self) -> bool:
        """A month or more away as said ("i februari", "next month"): a plan's horizon, not a promise's."""
        return self.kind == "month" or self.period in ("month_end", "next_month_end")


def _alt(phrases) -> str:
    """A regex alternative of phrases, tokenised like the transcript, longest first."""
    return "|".join(sorted((r"\ ".join(map(re.escape, tokenize(p))) for p in phrases), key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(language: str) -> tuple[tuple[str, re.Pattern], ...]:
    d = rules(language).NEXT_STEPS_DUE
    pre = f"(?:(?:{_alt(d['prefixes'])}) )*"
    tod = f"(?: (?:{_alt(d['time_of_day'])}))?"
    suffix = f"(?:{'|'.join(d['weekday_suffixes'])})?" if d["weekday_suffixes"] else ""
    month = f"(?P<month>{_alt(d['months'])})"
    day = rf"(?P<day>\d{{1,2}}(?::e|st|nd|rd|th)?|{_alt(d['ordinals'])})"
    not_day = f"(?! (?:{_alt(d['not_after_day'])})(?!\\S))" if d.get("not_after_day") else ""
    numbers = _alt(d["numbers"])
    clock_numbers = _alt(k for k in d["numbers"] if k not in d.get("clock_skip", ()))
    clock_words = f"(?:(?:{_alt(d['clock_words'])}) )?" if d["clock_words"] else ""
    found = {
        "days": rf"{pre}(?P<days>{_alt(d['days'])}){tod}",
        "weekday": rf"{pre}(?:(?P<next>{_alt(d['next'])}) )?(?P<weekday>{_alt(d['weekdays'])}){suffix}"
                   rf"(?: (?P<nextweek>{_alt(d['next_week'])}))?{tod}",
        "period": rf"{pre}(?P<period>{_alt(d['periods'])})",
        "iso": r"(?P<iso>\d{4}-\d{2}-\d{2})",
        "day_of_month": rf"{pre}(?:{_alt(d['day_article'])}) {day}(?: (?:of )?{month}|{not_day})",
        "month_day": rf"{pre}{month} (?:{_alt(d['day_article'])} )?{day}",
        "day_month": rf"{pre}{day} (?:of )?{month}",
        "month": rf"(?:{_alt(d['month_prefixes'])}) {month}",
        "in_n": rf"(?:{_alt(d['in_n'])}) (?P<n>\d+|{numbers}) (?P<unit>{_alt(d['units'])})",
        "clock": rf"(?:(?:{_alt(d['clock'])}) (?:\d{{1,2}}(?:[:.]\d{{2}})?|{clock_words}(?:{clock_numbers}))"
                 rf"(?: (?:o 'clock|am|pm|sharp|prick|thirty|fifteen))?|\d{{1,2}}[:.]\d{{2}}|\d{{1,2}} (?:am|pm))",
        "meeting": rf"{pre}(?P<meeting>{_alt(d['next_meeting'])})",
        "anaphora": rf"(?P<anaphora>{_alt(d['anaphora'])})",
    }
    if d["day_month_order"] == "dm":
        found["dm"] = r"(?P<dm>\d{1,2}/\d{1,2})"
    return tuple((kind, re.compile(rf"(?<!\S)(?:{rx})(?!\S)")) for kind, rx in found.items())


def _number(word: str, table: dict[str, int]) -> int | None:
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else table.get(" ".join(tokenize(word)))


def _lookup(table: dict[str, object], said: str) -> object:
    return {" ".join(tokenize(k)): v for k, v in table.items()}[said]


def _next_day_of_month(day: int, month: int | None, today: dt.date) -> dt.date | None:
    try:
        if month:
            date = dt.date(today.year, month, day)
            return date if date >= today else date.replace(year=today.year + 1)
        date = dt.date(today.year, today.month, day)
        if date >= today:
            return date
        y, m = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return dt.date(y, m, day)
    except ValueError:                      # "den trettioförsta" in a 30-day month
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period(name: str, today: dt.date) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday())
    if name == "week_end":
        return max(today, monday + dt.timedelta(days=4))
    if name == "next_week_end":
        return monday + dt.timedelta(days=11)
    if name == "next_week_start":
        return monday + dt.timedelta(days=7)
    if name == "weekend":
        return max(today, monday + dt.timedelta(days=5))
    if name == "month_end":
        return _month_end(today.year, today.month)
    y, m = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return _month_end(y, m)                 # next_month_end


def _resolve(kind: str, m: re.Match, d: dict, today: dt.date | None, previous: dt.date | None) -> dt.date | None:
    if kind == "anaphora":
        return previous
    if kind == "iso":
        return dt.date.fromisoformat(m["iso"])
    if today is None or kind == "meeting":
        return None
    if kind == "days":
        return today + dt.timedelta(days=_lookup(d["days"], m["days"]))
    if kind == "clock":
        return today
    if kind == "weekday":
        wd = _lookup(d["weekdays"], m["weekday"])
        if m["next"] or m["nextweek"]:
            return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7 + wd)
        return today + dt.timedelta(days=(wd - today.weekday()) % 7 or 7)
    if kind == "period":
        return _period(_lookup(d["periods"], m["period"]), today)
    if kind == "in_n":
        return today + dt.timedelta(days=_number(m["n"], d["numbers"]) * _lookup(d["units"], m["unit"]))
    if kind == "month":
        month = _lookup(d["months"], m["month"])
        return _month_end(today.year + (month < today.month), month)
    if kind == "dm":
        day, month = map(int, m["dm"].split("/"))
        return _next_day_of_month(day, month, today) if 1 <= month <= 12 else None
    month = _lookup(d["months"], m["month"]) if m["month"] else None
    return _next_day_of_month(_number(m["day"], d["ordinals"]), month, today)


def find_due(text: str, language: str, recorded: dt.date | None = None,
             previous: dt.date | None = None) -> Due | None:
    """The first deadline in `text` (words joined by single spaces, as `tokenize` gives them).

    Matches that touch ("nästa tisdag klockan två", "tomorrow morning", "Monday the 12th") are
    one deadline; its date comes from the most specific part.
    """
    d = rules(language).NEXT_STEPS_DUE
    spans = sorted(((m.start(), -m.end(), kind, m) for kind, rx in _patterns(language) for m in rx.finditer(text)),
                   key=lambda x: x[:2])
    if not spans:
        return None
    group, end = [spans[0]], -spans[0][1]
    for span in spans[1:]:                   # overlapping or touching (one space apart)
        if span[0] > end + 1:
            break
        group.append(span)
        end = max(end, -span[1])
    start = group[0][0]
    best = min(group, key=lambda g: _PRIORITY.index(g[2]))
    kind, m = best[2], best[3]
    said = text[start:end]
    period = _lookup(d["periods"], m["period"]) if kind == "period" else ""
    return Due(said, _resolve(kind, m, d, recorded, previous), f"due {kind} '{said}'", start, end, kind, period)
