"""Plain-integer voice-leading checks shared by the harmony tests (the judge, not the engine)."""

from __future__ import annotations


def lines(span) -> tuple[int, ...]:
    """The five lines of a span, low to high: bass, then the four Harmony voices."""
    return (span.bass,) + tuple(span.voicing)


def parallels(a: tuple[int, ...], b: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """Same-direction parallel fifths and octaves/unisons between any two lines, a -> b."""
    found = []
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            di, dj = b[i] - a[i], b[j] - a[j]
            if di == 0 or dj == 0 or (di > 0) != (dj > 0):
                continue
            before, after = (a[j] - a[i]) % 12, (b[j] - b[i]) % 12
            if before == after == 7:
                found.append((i, j, "fifth"))
            elif before == after == 0:
                found.append((i, j, "octave"))
    return found


def crossings(span) -> int:
    ls = lines(span)
    return sum(1 for x, y in zip(ls, ls[1:]) if not x < y)


def wide_spacing(span) -> int:
    v = span.voicing
    return sum(1 for x, y in zip(v, v[1:]) if y - x > 12)
