"""Due-date parsing: a table of typed forms, the refusals, and properties over many days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.dates import MONTHS, WEEKDAYS, format_due, parse_due

MON = date(2026, 11, 23)  # Monday
FRI = date(2026, 11, 27)  # Friday
SUN = date(2026, 11, 29)  # Sunday
NYE = date(2026, 12, 31)  # Thursday, last day of the year
JAN31 = date(2027, 1, 31)  # Sunday, a month end before a short February

CASES = [
    # ISO, the only numeric form
    ("2026-12-04", MON, date(2026, 12, 4)),
    ("2026-1-5", MON, date(2026, 1, 5)),
    ("2020-02-29", MON, date(2020, 2, 29)),
    ("  2027-03-01  ", MON, date(2027, 3, 1)),
    # words
    ("today", MON, MON),
    ("TODAY", SUN, SUN),
    ("tomorrow", MON, date(2026, 11, 24)),
    ("tmr", NYE, date(2027, 1, 1)),
    ("Tmrw", FRI, date(2026, 11, 28)),
    # weekdays: strictly after today
    ("fri", MON, date(2026, 11, 27)),
    ("friday", MON, date(2026, 11, 27)),
    ("FRI", FRI, date(2026, 12, 4)),
    ("fri", SUN, date(2026, 12, 4)),
    ("mon", MON, date(2026, 11, 30)),
    ("mon", SUN, date(2026, 11, 30)),
    ("tue", MON, date(2026, 11, 24)),
    ("tues", MON, date(2026, 11, 24)),
    ("thurs", MON, date(2026, 11, 26)),
    ("wednesday", FRI, date(2026, 12, 2)),
    ("sat", FRI, date(2026, 11, 28)),
    ("sun", SUN, date(2026, 12, 6)),
    ("sunday", MON, date(2026, 11, 29)),
    # "next <day>": that day in next calendar week (weeks start Monday)
    ("next fri", MON, date(2026, 12, 4)),
    ("next friday", FRI, date(2026, 12, 4)),
    ("next fri", SUN, date(2026, 12, 4)),
    ("next mon", SUN, date(2026, 11, 30)),
    ("next mon", MON, date(2026, 11, 30)),
    ("next sun", MON, date(2026, 12, 6)),
    ("  NEXT   Fri ", MON, date(2026, 12, 4)),
    # weeks and months
    ("next week", MON, date(2026, 11, 30)),
    ("next week", SUN, date(2026, 11, 30)),
    ("next week", FRI, date(2026, 11, 30)),
    ("end of week", MON, date(2026, 11, 27)),
    ("eow", FRI, FRI),
    ("eow", date(2026, 11, 28), date(2026, 12, 4)),
    ("end of the week", SUN, date(2026, 12, 4)),
    ("end of month", MON, date(2026, 11, 30)),
    ("eom", NYE, NYE),
    ("end of the month", date(2028, 2, 3), date(2028, 2, 29)),
    ("next month", MON, date(2026, 12, 1)),
    ("next month", NYE, date(2027, 1, 1)),
    # offsets
    ("+0d", MON, MON),
    ("+3d", MON, date(2026, 11, 26)),
    ("+ 3 d", MON, date(2026, 11, 26)),
    ("+3 days", MON, date(2026, 11, 26)),
    ("+2w", MON, date(2026, 12, 7)),
    ("+1m", MON, date(2026, 12, 23)),
    ("+1m", JAN31, date(2027, 2, 28)),
    ("+13m", JAN31, date(2028, 2, 29)),
    ("+2M", NYE, date(2027, 2, 28)),
    ("in 3 days", MON, date(2026, 11, 26)),
    ("in 1 day", MON, date(2026, 11, 24)),
    ("in 2 weeks", FRI, date(2026, 12, 11)),
    ("in a week", SUN, date(2026, 12, 6)),
    ("in one week", SUN, date(2026, 12, 6)),
    ("in 1 month", MON, date(2026, 12, 23)),
    ("in a month", JAN31, date(2027, 2, 28)),
    ("In  3   Days", MON, date(2026, 11, 26)),
    # month and day: next occurrence on or after today
    ("dec 5", MON, date(2026, 12, 5)),
    ("5 dec", MON, date(2026, 12, 5)),
    ("december 5", MON, date(2026, 12, 5)),
    ("5 December", MON, date(2026, 12, 5)),
    ("Dec. 5", MON, date(2026, 12, 5)),
    ("dec 5th", MON, date(2026, 12, 5)),
    ("5th of december", MON, date(2026, 12, 5)),
    ("nov 23", MON, MON),
    ("nov 22", MON, date(2027, 11, 22)),
    ("jan 5", MON, date(2027, 1, 5)),
    ("sept 1", MON, date(2027, 9, 1)),
    ("feb 29", MON, date(2028, 2, 29)),
    ("dec 5 2027", MON, date(2027, 12, 5)),
    ("dec 5, 2027", MON, date(2027, 12, 5)),
    ("5 dec 2025", MON, date(2025, 12, 5)),
    ("29 feb 2028", MON, date(2028, 2, 29)),
]


@pytest.mark.parametrize(("text", "today", "expected"), CASES)
def test_parse_due(text: str, today: date, expected: date) -> None:
    assert parse_due(text, today) == expected


ERRORS = [
    ("", "no date given"),
    ("   \t ", "no date given"),
    ("someday", "can't read 'someday' as a date; try 2026-12-04, fri, +2w or dec 5"),
    ("32 dec", "can't read '32 dec' as a date: December has 31 days"),
    ("april 31", "April has 30 days"),
    ("feb 30", "February has 29 days at most"),
    ("feb 29 2027", "February 2027 has 28 days"),
    ("2027-02-29", "February 2027 has 28 days"),
    ("2026-13-01", "there is no month 13"),
    ("2026-00-10", "there is no month 0"),
    ("2026-12-00", "there is no day 0"),
    ("0 dec", "there is no day 0"),
    ("0000-01-01", "there is no year 0"),
    ("4/12", "day/month order is ambiguous; use 2026-12-04 or 4 dec"),
    ("12/4/2026", "ambiguous"),
    ("04-12-2026", "ambiguous"),
    ("4.12", "ambiguous"),
    ("4 12", "ambiguous"),
    ("5", "which month?"),
    ("dec", "which day of December? e.g. dec 5"),
    ("september", "which day of September?"),
    ("dec 5 27", "four digits"),
    ("+3x", "unknown unit 'x'; use d, w or m"),
    ("in 3 fortnights", "unknown unit 'fortnights'"),
    ("-3d", "counts forward"),
    ("+99999999d", "too far in the future"),
    ("+9999999d", "too far in the future"),
    ("+99999m", "too far in the future"),
    ("next fortnight", "can't read 'next fortnight' as a date; try"),
    ("next", "try 2026-12-04"),
    ("fr", "try 2026-12-04"),
    ("  Some   DAY  ", "can't read 'Some DAY' as a date"),
    ("x" * 100, "can't read '" + "x" * 29 + "…' as a date"),
]


@pytest.mark.parametrize(("text", "fragment"), ERRORS)
def test_parse_due_refuses(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_due(text, MON)
    assert fragment in str(caught.value)


def test_far_future_limits() -> None:
    last = date(9999, 12, 30)
    assert parse_due("tomorrow", last) == date(9999, 12, 31)
    for text in ("+2d", "next month", "next week", "jan 1", "+1m"):
        with pytest.raises(ValueError, match="too far in the future"):
            parse_due(text, last)


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (date(2026, 12, 4), MON, "Fri 4 Dec 2026 (in 11 days)"),
        (MON, MON, "Mon 23 Nov 2026 (today)"),
        (date(2026, 11, 24), MON, "Tue 24 Nov 2026 (tomorrow)"),
        (date(2026, 11, 22), MON, "Sun 22 Nov 2026 (yesterday)"),
        (date(2026, 11, 20), MON, "Fri 20 Nov 2026 (3 days ago)"),
        (date(2027, 1, 1), NYE, "Fri 1 Jan 2027 (tomorrow)"),
    ],
)
def test_format_due(due: date, today: date, expected: str) -> None:
    assert format_due(due, today) == expected


# --- properties

todays = st.dates(date(2000, 1, 1), date(2100, 12, 31))


@given(d=todays, today=todays)
def test_iso_round_trip(d: date, today: date) -> None:
    assert parse_due(d.isoformat(), today) == d


@given(n=st.integers(0, 3650), today=todays)
def test_plus_days(n: int, today: date) -> None:
    assert parse_due(f"+{n}d", today) == today + timedelta(days=n)
    assert parse_due(f"in {n} days", today) == today + timedelta(days=n)


@given(n=st.integers(0, 520), today=todays)
def test_plus_weeks(n: int, today: date) -> None:
    assert parse_due(f"+{n}w", today) == today + timedelta(weeks=n)


@given(name=st.sampled_from(WEEKDAYS), short=st.booleans(), today=todays)
def test_weekday_is_within_a_week(name: str, short: bool, today: date) -> None:
    due = parse_due(name[:3] if short else name.upper(), today)
    assert 1 <= (due - today).days <= 7
    assert due.weekday() == WEEKDAYS.index(name)


@given(name=st.sampled_from(WEEKDAYS), today=todays)
def test_next_weekday_is_in_next_calendar_week(name: str, today: date) -> None:
    due = parse_due(f"next {name}", today)
    next_monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    assert next_monday <= due < next_monday + timedelta(weeks=1)
    assert due.weekday() == WEEKDAYS.index(name)


@given(today=todays, ahead=st.integers(0, 364), day_first=st.booleans())
def test_month_day_finds_the_next_year_ahead(today: date, ahead: int, day_first: bool) -> None:
    d = today + timedelta(days=ahead)
    month = MONTHS[d.month - 1][:3]
    text = f"{d.day} {month}" if day_first else f"{month} {d.day}"
    assert parse_due(text, today) == d


@given(n=st.integers(0, 1200), today=todays)
def test_plus_months_keeps_or_clamps_the_day(n: int, today: date) -> None:
    due = parse_due(f"+{n}m", today)
    months = (due.year - today.year) * 12 + due.month - today.month
    assert months == n
    assert due.day == today.day or (due.day < today.day and (due + timedelta(days=1)).day == 1)


@given(
    text=st.sampled_from(["fri", "next fri", "in 2 weeks", "dec 5", "end of week", "tmrw"]),
    data=st.data(),
    today=todays,
)
def test_case_and_spacing_do_not_matter(text: str, data: st.DataObject, today: date) -> None:
    mixed = "".join(c.upper() if data.draw(st.booleans()) else c for c in text)
    padded = "  " + mixed.replace(" ", " " * data.draw(st.integers(1, 4))) + "\t"
    assert parse_due(padded, today) == parse_due(text, today)


@given(text=st.text(), today=st.dates())
def test_only_friendly_value_errors(text: str, today: date) -> None:
    try:
        parse_due(text, today)
    except ValueError as error:
        message = str(error)
        assert message == "no date given" or message.startswith("can't read '")
