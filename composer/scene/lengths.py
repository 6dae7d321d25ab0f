"""Lengths as people write them: 130, "2:10", "2 min", "90 seconds", "32 bars".

Shared by the scene loader and anything else that reads a length from text. Pure: values in,
a `Length` (or a `LengthProblem` saying what is wrong) out.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re

from composer.limits import MAX_SECONDS
from composer.scene.model import Length

# Limits (issue 2): shorter than this is not a piece (a phrase needs two bars, a listener a few
# seconds to hear one); longer than an hour is a mistake in the file, not a request.
MIN_SECONDS = 5.0
MIN_BARS = 2
MAX_BARS = 2000

# Unit words -> seconds per unit; "bars" is handled apart because it stays in bars.
SECOND_UNITS: dict[str, float] = {
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
}
BAR_UNITS = ("bar", "bars", "measure", "measures")
UNIT_WORDS = tuple(SECOND_UNITS) + BAR_UNITS

_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$")  # m:ss or h:mm:ss
_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)\s*([a-z]*)$")


class LengthProblem(ValueError):
    """What is wrong with a length, and (for a near-miss unit) what was probably meant."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


def _seconds(value: float) -> Length:
    if value == math.inf:
        raise LengthProblem("is far too long; at most 60 minutes")
    if not math.isfinite(value):
        raise LengthProblem("must be a finite number of seconds")
    if value <= 0:
        raise LengthProblem(f"must be positive, not {_fmt(value)} seconds")
    if value < MIN_SECONDS:
        raise LengthProblem(f"{_fmt(value)} seconds is too short; at least {MIN_SECONDS:g} seconds")
    if value > MAX_SECONDS:
        raise LengthProblem(f"{clock(value)} is too long; at most 60 minutes")
    return Length(seconds=float(value))


def _bars(value: float) -> Length:
    if value == math.inf:
        raise LengthProblem(f"is far too long; at most {MAX_BARS} bars")
    if not math.isfinite(value):
        raise LengthProblem("must be a finite number of bars")
    if value != int(value):
        raise LengthProblem(f"must be a whole number of bars, not {_fmt(value)}")
    bars = int(value)
    if bars <= 0:
        raise LengthProblem(f"must be positive, not {bars} bars")
    if bars < MIN_BARS:
        raise LengthProblem(f"{bars} bar is too short; at least {MIN_BARS} bars")
    if bars > MAX_BARS:
        raise LengthProblem(f"{bars} bars is too long; at most {MAX_BARS} bars")
    return Length(bars=bars)


def _fmt(value: float) -> str:
    return f"{value:g}"


def clock(seconds: float) -> str:
    """130 -> '2:10'; 3725 -> '1:02:05' (for messages and summaries)."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _short(value: object) -> str:
    """A value as quoted in a message, a 400-digit number cut to its ends."""
    text = str(value).strip()
    return text if len(text) <= 40 else f"{text[:12]}…{text[-8:]} ({len(text)} characters)"


def parse_time(value: object) -> float:
    """A time from the start of the piece: seconds (41, 41.5, "41.5", "41.5 s") or a clock
    ("0:41.5", "1:02:03.25"). Raises LengthProblem for anything else or a time below zero."""
    try:
        return _time(value)
    except OverflowError:
        raise LengthProblem(f"'{_short(value)}' is past the 60-minute limit") from None


def _clock_seconds(text: str, value: object) -> float | None:
    """The seconds a clock reading says ("m:ss.s" or "h:mm:ss"), or None where `text` is not one."""
    match = _CLOCK.match(text.replace(" ", ""))
    if not match:
        return None
    hours, minutes, secs = match.groups()
    if float(secs) >= 60:
        raise LengthProblem(f"'{_short(value)}': the seconds after ':' must be below 60")
    if hours is not None and int(minutes) >= 60:
        raise LengthProblem(f"'{_short(value)}': the minutes in h:mm:ss must be below 60")
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)


def _time(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise LengthProblem('must be seconds (a number) or "m:ss.s"')
    if isinstance(value, str):
        text = " ".join(value.split()).lower()
        if not text:
            raise LengthProblem('is empty; write seconds or "m:ss.s"')
        seconds = _clock_seconds(text, value)
        if seconds is None:
            match = _AMOUNT.match(text)
            if not match or match.group(2) not in ("", "s", "sec", "secs", "second", "seconds"):
                raise LengthProblem(f"cannot read '{_short(value)}' as a time; write seconds (41.5) "
                                    'or "m:ss.s" ("0:41.5")')
            seconds = float(match.group(1))
    else:
        seconds = float(value)
    if not math.isfinite(seconds):
        raise LengthProblem("must be a finite number of seconds")
    if seconds < 0:
        raise LengthProblem(f"must not be negative ({_fmt(seconds)} seconds); times count from the start")
    if seconds > MAX_SECONDS:
        raise LengthProblem(f"{clock(seconds)} is past the 60-minute limit")
    return seconds


def clock_tenths(seconds: float) -> str:
    """41.25 -> '0:41.25'; 65 -> '1:05.00' (a hit's time, as a film composer reads a cue sheet)."""
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:05.2f}"


def parse_length(value: object) -> Length:
    """A number (seconds) or text ("2:10", "1:02:00", "90", "90 s", "2 minutes", "32 bars").

    Raises LengthProblem for anything else, or for a length outside 5 s .. 60 min / 2 .. 2000 bars.
    """
    try:
        return _parse(value)
    except (OverflowError, ValueError) as error:
        if isinstance(error, LengthProblem):
            raise
        # Numbers too big for a float (a 400-digit "bars" or "m:ss"): far past any limit.
        raise LengthProblem(f"'{_short(value)}' is far too long; at most 60 minutes or "
                            f"{MAX_BARS} bars") from None


def _parse(value: object) -> Length:
    if isinstance(value, datetime.time) and value.tzinfo is None:
        return _seconds(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise LengthProblem('must be seconds (a number), "m:ss" or "N bars"')
    if not isinstance(value, str):
        return _seconds(float(value))
    text = " ".join(value.split()).lower()
    if not text:
        raise LengthProblem('is empty; write seconds, "m:ss" or "N bars"')
    seconds = _clock_seconds(text, value)
    if seconds is not None:
        return _seconds(seconds)
    match = _AMOUNT.match(text)
    if match:
        amount, unit = float(match.group(1)), match.group(2)
        if unit in BAR_UNITS:
            return _bars(amount)
        if unit == "" or unit in SECOND_UNITS:
            return _seconds(amount * SECOND_UNITS.get(unit, 1.0))
        close = difflib.get_close_matches(unit, UNIT_WORDS, n=1, cutoff=0.6)
        raise LengthProblem(f"unknown unit '{_short(unit)}' in '{_short(value)}'; use seconds, minutes or bars",
                            suggestion=f"{match.group(1)} {close[0]}" if close else None)
    raise LengthProblem(f"cannot read '{_short(value)}' as a length; "
                        'write seconds (130), "m:ss" ("2:10") or "N bars" ("32 bars")')
