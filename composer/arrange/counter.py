"""The Counter part: a second line that answers the melody in its gaps.

Where the melody rests or holds a note for a while, the counter line moves: it starts on a chord
tone below the melody and walks by step toward the other end of its range, and stops before the
melody moves again, so the two lines take turns.

Every note is chosen, not patched (Fux's species rules as Aldwell & Schachter teach them): steps
come from the sounding chord's own scale (the raised leading tone under V in minor,
composer.theory.agreement); a note outside the chord is a passing tone on a weak pulse, between
two chord tones a step either side, or a neighbour that returns; strong pulses and the line's last
note are chord tones; and no note cross-relates with anything another part sounds (vertical.py)."""

from __future__ import annotations

from bisect import bisect_right

from composer.arrange.vertical import Sounding
from composer.harmony.span import ChordSpan
from composer.piece import Meter, Note
from composer.plan import PartPlan
from composer.theory.agreement import chord_scale, scale_step

MIN_GAP_PULSES = 2  # a gap must be at least this long for the counter line to speak
BELOW_MELODY = 3  # semitones the counter keeps under the melody's last pitch, at least
VELOCITY = 72


def _span_finder(progression):
    """`span_at(tick)`: the chord sounding at a tick (the last chord past the end), found by
    bisection over the chords' starts (they tile the piece in order), not by a scan: an hour
    has thousands of chords."""
    starts = [span.start for span in progression]

    def span_at(tick: int) -> ChordSpan:
        i = bisect_right(starts, tick) - 1
        return progression[i] if i >= 0 and tick < progression[i].end else progression[-1]
    return span_at


def _gaps(melody, meter: Meter, end: int):
    """(start, stop, pitch before) for stretches where the melody is silent or holding."""
    for i, note in enumerate(melody):
        following = melody[i + 1].start if i + 1 < len(melody) else end
        # The melody's own note keeps its first pulse; the rest of a long note is shared space.
        start = min(note.end, note.start + meter.pulse_ticks)
        start += -start % meter.pulse_ticks
        if following - start >= MIN_GAP_PULSES * meter.pulse_ticks:
            yield start, min(following, end), note.pitch


def _walk(ticks, spans, a: int, lo: int, hi: int, direction: int, low: int, high: int) -> list[int] | None:
    """Steps from pitch `a` at tick lo to tick hi through each tick's chord scale, ending on a
    chord tone of the chord at hi: the notes in between are passing tones (or chord tones)."""
    walk = [a]
    for k in range(lo + 1, hi + 1):
        span = spans[k]
        walk.append(scale_step(chord_scale(span.chord, span.key), walk[-1], direction))
    if all(low <= p <= high for p in walk) and spans[hi].chord.contains(walk[-1]):
        return walk[1:]
    return None


def _line(ticks, spans, first: int, direction: int, low: int, high: int, strong) -> list[int | None]:
    """Pitches for each tick: chord tones on the strong pulses and at the ends (anchors), joined
    by stepwise passing tones where the anchors lie the right number of steps apart, else by
    chord tones (a leap between two consonances)."""
    anchors = sorted({0, len(ticks) - 1} | {k for k in range(len(ticks)) if strong[k]})
    pitches: list[int | None] = [first] + [None] * (len(ticks) - 1)
    for lo, hi in zip(anchors, anchors[1:]):
        a = pitches[lo]
        walk = None
        for way in (direction, -direction):
            walk = _walk(ticks, spans, a, lo, hi, way, low, high)
            if walk is not None:
                direction = way
                break
        if walk is None:
            # chord tones onward, turning at the range's edge, a repeat only where nothing fits
            walk, prev = [], a
            for k in range(lo + 1, hi + 1):
                span = spans[k]
                onward = [prev + direction * d for d in range(1, 6)] + [prev - direction * d for d in range(1, 6)]
                prev = next((p for p in onward + [prev] if span.chord.contains(p) and low <= p <= high), prev)
                walk.append(prev)
            if walk and (walk[-1] - a) * direction < 0:
                direction = -direction
        pitches[lo + 1:hi + 1] = walk
    return pitches


def counter_line(melody, progression, meter: Meter, part: PartPlan, allowed,
                 sounding: Sounding | None = None) -> list[Note]:
    """`allowed(tick)` says whether the counter plays at that point (intensity, layering)."""
    sounding = sounding or Sounding()
    span_at = _span_finder(progression)
    notes = []
    end = progression[-1].start  # the final chord is held by everyone: no counter there
    for start, stop, above in _gaps(melody, meter, end):
        if not allowed(start):
            continue
        ceiling = min(part.high, above - BELOW_MELODY)
        span = span_at(start)
        tones = [p for p in range(part.low, ceiling + 1) if span.chord.contains(p)]
        if not tones:
            continue
        ticks = list(range(start, stop - meter.pulse_ticks // 2, meter.pulse_ticks))
        if not ticks:
            continue
        spans = [span_at(t) for t in ticks]
        strong = [meter.strength(t % meter.bar_ticks) >= 2 for t in ticks]
        # The starting chord tone (among the four highest under the melody) and direction that
        # give the most stepwise motion: a line, rather than an arpeggio.
        best = None
        for first in reversed(tones[-4:]):
            for direction in (-1, 1):
                line = _line(ticks, spans, first, direction, part.low, ceiling, strong)
                steps = sum(1 for x, y in zip(line, line[1:]) if x is not None and y is not None
                            and 1 <= abs(x - y) <= 2)
                if best is None or steps > best[0]:
                    best = (steps, line)
        pitches = best[1]
        # the line ends on a chord tone: trailing passing tones are dropped
        while pitches and (pitches[-1] is None or not spans[len(pitches) - 1].chord.contains(pitches[-1])):
            pitches.pop()
        line = []
        for k, pitch in enumerate(pitches):
            if pitch is None:
                break
            tick = ticks[k]
            length = min(meter.pulse_ticks, stop - tick)
            if not sounding.agrees(pitch, tick, tick + length, spans[k].key.tonic, "Counter"):
                break
            line.append(Note(tick, length, pitch, VELOCITY))
        # a line cut short by a clash must not end on a passing tone either
        while line and not span_at(line[-1].start).chord.contains(line[-1].pitch):
            line.pop()
        if len(line) >= 2:
            notes += line
    return notes
