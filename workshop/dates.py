"""Read a due date that a facilitator types quickly while the room watches.

Only forms that cannot be misread are accepted: ISO dates, words ("fri", "tomorrow",
"eow"), offsets ("+2w", "in 3 days") and month names ("dec 5"). Numeric day/month forms
such as 4/12 are refused, because half the room reads them the other way round.
Everything takes `today` explicitly, so nothing here depends on the clock or the locale.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

# The one table of names. Any prefix of three or more letters is accepted
# ("thu", "thurs", "sept"); no prefix of that length is shared between entries.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_EXAMPLES = "try 2026-12-04, fri, +2w or dec 5"
_TOO_FAR = "that's too far in the future"


class _Unreadable(Exception):
    """Why some text is not a date; `parse_due` turns it into a friendly ValueError."""


def parse_due(text: str, today: date) -> date:
    """The due date meant by `text`, counted from `today`.

    Case and extra whitespace are ignored. Accepted forms:

    - ``2026-12-04``: an ISO date (the only numeric form; ``4/12`` is refused as ambiguous).
    - ``today``; ``tomorrow``, ``tmr``, ``tmrw``.
    - ``fri``, ``friday``: the next Friday strictly after today (1 to 7 days away).
    - ``next fri``: the Friday of next calendar week, weeks starting on Monday. So on a
      Sunday ``next mon`` is tomorrow, and on a Monday ``next fri`` is 11 days away.
    - ``next week``: Monday of next week. ``next month``: the 1st of next month.
    - ``end of week``, ``eow``: this Friday (today if it is Friday; next Friday at a weekend).
    - ``end of month``, ``eom``: the last day of this month.
    - ``+3d``, ``+2w``, ``+1m``, ``in 3 days``, ``in a week``, ``in 1 month``: a month step
      keeps the day of month, clamped to the month's end (Jan 31 + 1m is Feb 28 or 29).
    - ``dec 5``, ``5 dec``, ``december 5``, ``5th december``: the first such day on or after
      today, so a passed date rolls into next year. With a year (``dec 5 2027``) it is exact.

    Raises ValueError with a short message meant to be shown to the room as is.
    """
    words = " ".join(text.lower().replace(",", " ").split())
    if not words:
        raise ValueError("no date given")
    shown = _shorten(" ".join(text.split()))
    try:
        for parser in _PARSERS:
            found = parser(words, today)
            if found is not None:
                return found
    except _Unreadable as problem:
        raise ValueError(f"can't read '{shown}' as a date: {problem}") from None
    except OverflowError:  # date arithmetic past 9999-12-31
        raise ValueError(f"can't read '{shown}' as a date: {_TOO_FAR}") from None
    raise ValueError(f"can't read '{shown}' as a date; {_EXAMPLES}")


def format_due(due: date, today: date) -> str:
    """A short display such as 'Fri 4 Dec 2026 (in 11 days)'.

    Names come from our own table rather than strftime('%a'), which follows the locale.
    """
    weekday = WEEKDAYS[due.weekday()][:3].title()
    month = MONTHS[due.month - 1][:3].title()
    return f"{weekday} {due.day} {month} {due.year} ({_relative((due - today).days)})"


def _relative(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _shorten(text: str, limit: int = 30) -> str:
    """Echo the input back, but keep a pasted paragraph from flooding the message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the individual forms: each returns a date, None for "not mine", or raises _Unreadable


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


_KEYWORDS: dict[str, Callable[[date], date]] = {
    "today": lambda t: t,
    "tomorrow": lambda t: t + timedelta(days=1),
    "tmr": lambda t: t + timedelta(days=1),
    "tmrw": lambda t: t + timedelta(days=1),
    "next week": lambda t: _monday(t) + timedelta(weeks=1),
    "end of week": lambda t: t + timedelta(days=(4 - t.weekday()) % 7),
    "end of the week": lambda t: t + timedelta(days=(4 - t.weekday()) % 7),
    "eow": lambda t: t + timedelta(days=(4 - t.weekday()) % 7),
    "end of month": lambda t: t.replace(day=calendar.monthrange(t.year, t.month)[1]),
    "end of the month": lambda t: t.replace(day=calendar.monthrange(t.year, t.month)[1]),
    "eom": lambda t: t.replace(day=calendar.monthrange(t.year, t.month)[1]),
    "next month": lambda t: _add_months(t.replace(day=1), 1),
}


def _keyword(words: str, today: date) -> date | None:
    rule = _KEYWORDS.get(words)
    return None if rule is None else rule(today)


_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")


def _iso(words: str, today: date) -> date | None:
    match = _ISO.fullmatch(words)
    if match is None:
        return None
    return _date(int(match["year"]), int(match["month"]), int(match["day"]))


_RELATIVE = re.compile(r"(?:\+ ?|in )(?:(?P<count>[0-9]+) ?|(?P<one>an?|one) )(?P<unit>[a-z]+)")
_BACKWARDS = re.compile(r"- ?[0-9]+ ?[a-z]+")
_UNITS = {
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("m", "mo", "mos", "month", "months"), "months"),
}


def _offset(words: str, today: date) -> date | None:
    """'+3d', 'in 2 weeks', 'in a month': a count of days, weeks or calendar months."""
    if _BACKWARDS.fullmatch(words):
        raise _Unreadable("a due date counts forward, e.g. +3d")
    match = _RELATIVE.fullmatch(words)
    if match is None:
        return None
    unit = _UNITS.get(match["unit"])
    if unit is None:
        raise _Unreadable(f"unknown unit '{match['unit']}'; use d, w or m, e.g. +2w")
    count = match["count"] or "1"
    if len(count) > 7:  # also keeps int() away from its huge-string limit
        raise _Unreadable(_TOO_FAR)
    if unit == "months":
        return _add_months(today, int(count))
    return today + timedelta(**{unit: int(count)})


def _weekday(words: str, today: date) -> date | None:
    """'fri' is the next Friday after today; 'next fri' is the Friday of next week."""
    prefix, _, name = words.rpartition(" ")
    if prefix not in ("", "next"):
        return None
    weekday = _lookup(name, WEEKDAYS)
    if weekday is None:
        return None
    if prefix == "next":
        return _monday(today) + timedelta(weeks=1, days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?: (?P<year>[0-9]+))?"
_MONTH_DAY = re.compile(rf"(?P<month>[a-z]+)\.? {_DAY}{_YEAR}")
_DAY_MONTH = re.compile(rf"{_DAY} (?:of )?(?P<month>[a-z]+)\.?{_YEAR}")


def _month_day(words: str, today: date) -> date | None:
    """'dec 5', '5 december', 'dec 5 2027': a month name makes the day/month order obvious."""
    match = _MONTH_DAY.fullmatch(words) or _DAY_MONTH.fullmatch(words)
    if match is None:
        month = _lookup(words, MONTHS)
        if month is not None:
            raise _Unreadable(f"which day of {MONTHS[month].title()}? e.g. {MONTHS[month][:3]} 5")
        return None
    month = _lookup(match["month"], MONTHS)
    if month is None:
        return None
    day = int(match["day"])
    if match["year"] is None:
        return _next_occurrence(month + 1, day, today)
    if len(match["year"]) != 4:
        raise _Unreadable("give the year as four digits, e.g. dec 5 2027")
    return _date(int(match["year"]), month + 1, day)


_NUMBERS = re.compile(r"[0-9]+(?:[/.\- ][0-9]+)+")


def _numeric(words: str, today: date) -> date | None:
    """Explain why '4/12' and a bare '5' are refused instead of guessing."""
    if _NUMBERS.fullmatch(words):
        raise _Unreadable("day/month order is ambiguous; use 2026-12-04 or 4 dec")
    if re.fullmatch(r"[0-9]+", words):
        raise _Unreadable("which month? try dec 5, or +5d for 5 days from now")
    return None


_PARSERS: tuple[Callable[[str, date], date | None], ...] = (
    _keyword,
    _iso,
    _offset,
    _weekday,
    _month_day,
    _numeric,
)


# --- building dates with reasons a person understands


def _lookup(word: str, names: tuple[str, ...]) -> int | None:
    """Index of the name that `word` abbreviates (three letters or more), else None."""
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(names) if name.startswith(word)), None)


def _date(year: int, month: int, day: int) -> date:
    """date(year, month, day), but failing with 'February 2027 has 28 days' and the like."""
    if not 1 <= month <= 12:
        raise _Unreadable(f"there is no month {month}")
    if year < 1:
        raise _Unreadable("there is no year 0")
    if year > 9999:
        raise _Unreadable(_TOO_FAR)
    _check_day(month, day, year)
    return date(year, month, day)


def _check_day(month: int, day: int, year: int | None) -> None:
    """Refuse a day the month doesn't have; without a year, Feb 29 is allowed."""
    if day < 1:
        raise _Unreadable("there is no day 0")
    last = calendar.monthrange(year or 2000, month)[1]  # 2000 was a leap year
    if day <= last:
        return
    if month != 2:
        raise _Unreadable(f"{MONTHS[month - 1].title()} has {last} days")
    if year is None:
        raise _Unreadable("February has 29 days at most")
    raise _Unreadable(f"February {year} has {last} days")


def _next_occurrence(month: int, day: int, today: date) -> date:
    """The first `month`/`day` on or after today; Feb 29 waits for the next leap year."""
    _check_day(month, day, None)
    for year in range(today.year, min(today.year + 9, 10000)):  # leap years are <= 8 apart
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
    raise _Unreadable(_TOO_FAR)


def _add_months(start: date, count: int) -> date:
    """Step whole calendar months, clamping the day to the month's end (Jan 31 -> Feb 28)."""
    year, month0 = divmod(start.year * 12 + start.month - 1 + count, 12)
    if year > 9999:
        raise _Unreadable(_TOO_FAR)
    return date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))
