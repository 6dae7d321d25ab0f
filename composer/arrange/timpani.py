"""Timpani tuned to the key: two drums on the tonic and the dominant of the section's key, struck
only where the harmony holds the drum's note, rolled into new sections and under the final chord.

The classical pair (Adler, The Study of Orchestration, ch. on the timpani; Del Mar, Anatomy of
the Orchestra): the tonic and the dominant a fourth below it (D3 and A2 in D major), retuned
between sections when the key moves. A drum sounds only against a chord that contains its note
(a tonic stroke under a dominant chord is the classic wrong timpani note), so the pair follows the
harmony rather than pounding against it. Strokes fall on the strong beats; a storm or an anxious
section drives them on every beat; a roll (repeated strokes faster than the ear separates)
swells over the last beat before a new section and under the piece's last chord.

The climax is the one place where the pair's silence is wrong: the whole orchestra plays its
fullest there, and a climax on ii, II6 or bVII holds neither the tonic nor the dominant. Composers
confined to the classical pair left the drums out of such a chord or had them play the note they
were tuned to against it (Del Mar, Anatomy of the Orchestra, on the timpani's tuning compromises);
with more drums, and pedals, a drum is tuned to the note the moment needs (Adler, The Study of
Orchestration: the standard set of four pedal timpani). So at the climax a chord without either
drum's note is rolled on a further drum tuned to the chord's bass note, doubling the bass as the
pair does (the subdominant under II6, the supertonic under ii); the pair's tuning never changes.
"""

from __future__ import annotations

from composer.harmony.span import ChordSpan
from composer.piece import Meter, Note
from composer.theory.instruments import practical_range

TIMPANI = 47  # GM program
# The tonic drum sits here (G2-F#3, one of each pitch class, in the two middle drums); the dominant goes
# a fourth below when the lower drum reaches it, else a fifth above.
TONIC_LOW, TONIC_HIGH = 43, 54
ROLL_STEP = 60  # ticks between roll strokes (a thirty-second note at 480 a beat)
STROKE = 240  # ticks a stroke is written to last (the drum rings on its own)
# How each affect strikes: "strong" the downbeat and mid-bar, "beat" every beat.
DRIVEN = ("storm", "anxiety")


def tuning(tonic_pc: int) -> tuple[int, int]:
    """(tonic drum, dominant drum) in MIDI numbers for a key on this pitch class."""
    low, high = practical_range(TIMPANI)
    tonic = next(p for p in range(TONIC_LOW, TONIC_HIGH + 1) if p % 12 == tonic_pc)
    dominant = tonic - 5 if tonic - 5 >= low else tonic + 7
    return tonic, min(dominant, high)


def drum_for(span: ChordSpan) -> int | None:
    """The drum that agrees with the chord: the tonic where the chord holds it, else the
    dominant where it holds that, else None (the timpani rest)."""
    tonic, dominant = tuning(span.key.tonic)
    pcs = set(span.chord.pcs)
    if tonic % 12 in pcs:
        return tonic
    if dominant % 12 in pcs:
        return dominant
    return None


def climax_drum(span: ChordSpan) -> int:
    """The drum that sounds under a climax chord: the pair's where the chord holds its note, else
    a further drum on the chord's bass note, the octave nearest the pair, in the drums' range."""
    drum = drum_for(span)
    if drum is not None:
        return drum
    low, high = practical_range(TIMPANI)
    tonic, dominant = tuning(span.key.tonic)
    middle = (tonic + dominant) / 2
    return min((p for p in range(low, high + 1) if p % 12 == span.chord.bass),
               key=lambda p: (abs(p - middle), p))


def strokes(span: ChordSpan, meter: Meter, affect: str, velocity: int) -> list[Note]:
    """The strokes inside one chord span: its first beat and the strong beats, every beat in a
    driven (stormy or anxious) section."""
    drum = drum_for(span)
    if drum is None:
        return []
    out = []
    for tick in range(span.start, span.end, meter.pulse_ticks):
        strength = meter.strength(tick % meter.bar_ticks)
        if tick == span.start or strength >= 2 or (affect in DRIVEN and strength >= 1):
            accent = 1.0 if strength >= 2 or tick == span.start else 0.8
            out.append(Note(tick, min(STROKE, span.end - tick), drum, round(velocity * accent)))
    return out


def roll(span: ChordSpan, start: int, stop: int, velocity: int, climax: bool = False) -> list[Note]:
    """A roll on the drum that agrees with the chord from `start` to `stop`, swelling from soft
    to full; none where neither drum is in the chord, except at the `climax` (climax_drum)."""
    drum = climax_drum(span) if climax else drum_for(span)
    if drum is None or stop - start < ROLL_STEP:
        return []
    count = (stop - start) // ROLL_STEP
    return [Note(start + k * ROLL_STEP, ROLL_STEP, drum, round(velocity * (0.55 + 0.45 * (k + 1) / count)))
            for k in range(count)]
