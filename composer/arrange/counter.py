"""The Counter part: a second line that answers the melody in its gaps.

Where the melody rests or holds a note for a while, the counter line moves: it starts on a chord
tone below the melody, walks by step (passing tones on weak pulses) toward a chord tone near the
melody's next note, and stops before the melody moves again, so the two lines take turns."""

from __future__ import annotations

from composer.harmony.span import ChordSpan
from composer.piece import Meter, Note
from composer.plan import PartPlan

MIN_GAP_PULSES = 2  # a gap must be at least this long for the counter line to speak
BELOW_MELODY = 3  # semitones the counter keeps under the melody's last pitch, at least


def _span_at(progression, tick: int) -> ChordSpan:
    for span in progression:
        if span.start <= tick < span.end:
            return span
    return progression[-1]


def _gaps(melody, meter: Meter, end: int):
    """(start, stop, pitch before) for stretches where the melody is silent or holding."""
    for i, note in enumerate(melody):
        following = melody[i + 1].start if i + 1 < len(melody) else end
        # The melody's own note keeps its first pulse; the rest of a long note is shared space.
        start = min(note.end, note.start + meter.pulse_ticks)
        start += -start % meter.pulse_ticks
        if following - start >= MIN_GAP_PULSES * meter.pulse_ticks:
            yield start, following, note.pitch


def counter_line(melody, progression, meter: Meter, part: PartPlan, allowed) -> list[Note]:
    """`allowed(tick)` says whether the counter plays at that point (intensity, layering)."""
    notes = []
    end = progression[-1].start  # the final chord is held by everyone: no counter there
    for start, stop, above in _gaps(melody, meter, end):
        if not allowed(start):
            continue
        ceiling = min(part.high, above - BELOW_MELODY)
        span = _span_at(progression, start)
        tones = [p for p in range(part.low, ceiling + 1) if p % 12 in span.chord.pcs]
        if not tones:
            continue
        pitch = tones[-1]
        direction = -1 if pitch - part.low > (part.high - part.low) // 2 else 1
        for tick in range(start, stop - meter.pulse_ticks // 2, meter.pulse_ticks):
            span = _span_at(progression, tick)
            if tick >= end:
                break
            strong = meter.strength(tick % meter.bar_ticks) >= 2
            key = span.key
            if not key.pitch_in_scale(pitch):
                pitch = key.nearest_in_scale(pitch)
            if strong and not span.chord.contains(pitch):
                # A strong beat takes the nearest chord tone (consonant against the harmony).
                pitch = min((p for p in range(pitch - 2, pitch + 3) if span.chord.contains(p)),
                            key=lambda p: abs(p - pitch), default=pitch)
            if not part.low <= pitch <= min(part.high, above - 1):
                break
            length = min(meter.pulse_ticks, stop - tick)
            notes.append(Note(tick, length, pitch, 72))
            pitch = key.step(key.nearest_in_scale(pitch), direction)
    return notes
