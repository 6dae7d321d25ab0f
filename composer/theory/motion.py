"""Two voices moving together: the consecutive perfect intervals counterpoint forbids.

One definition for every part that judges its line against another (the counter against the tune
and the bass, the bass against the tune) and for the evaluation that counts what is left
(composer.evaluate.craft.outer_parallels); and the same between two voices' notes on consecutive
strong beats, heard through a figure between them (framed; composer.evaluate.craft.
frame_parallels), and on consecutive beats through one note between (stepped)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from composer.piece import TICKS_PER_BEAT

PERFECT = (0, 7)  # intervals (mod 12) that may not move in parallel (Fux; Aldwell & Schachter)
# Moves a line does not sing (Fux; Aldwell & Schachter, ch. 5): the tritone, and the augmented
# second between the minor key's sixth and its raised seventh (semitones over the key's tonic).
TRITONE = 6
AUGMENTED_SECOND = frozenset({8, 11})


def awkward(p: int, q: int, tonic: int) -> bool:
    """Whether the move p -> q is a tritone (or a compound one) or an augmented second in the
    key of `tonic` (pitch class): the tune near a cadence and the counter's line avoid both."""
    return abs(p - q) % 12 == TRITONE or (
        abs(p - q) == 3 and {(p - tonic) % 12, (q - tonic) % 12} == AUGMENTED_SECOND)


def parallel(c0: int | None, c1: int | None, o0: int | None, o1: int | None) -> bool:
    """Do two voices, one moving c0 -> c1 and the other o0 -> o1, move in consecutive fifths or
    octaves (unisons and compound intervals alike): both move, and the interval between them is
    one perfect interval class before and after, whichever way each goes (similar or contrary
    motion: Aldwell & Schachter, "Harmony and Voice Leading", ch. 7). None: a voice silent."""
    if c0 is None or c1 is None or o0 is None or o1 is None or c0 == c1 or o0 == o1:
        return False
    return abs(c0 - o0) % 12 == abs(c1 - o1) % 12 and abs(c1 - o1) % 12 in PERFECT


def paired(before: tuple[int, ...], after: tuple[int, ...]) -> list[tuple[int, int]]:
    """A chord part's voices from one strike to the next, as the ear follows them: voice by voice
    in order (lowest to lowest) where the strikes have as many, else each tone of the smaller to
    the nearest of the other (of two as near, the lower)."""
    a, b = sorted(before), sorted(after)
    if not a or not b:
        return []
    if len(a) == len(b):
        return list(zip(a, b))
    if len(a) < len(b):
        return [(p, min(b, key=lambda q: (abs(q - p), q))) for p in a]
    return [(min(a, key=lambda p: (abs(p - q), p)), q) for q in b]


STEP = 2  # semitones: a move of more is a leap (a skip of a third or wider)


def semitones(before: tuple[int, ...], after: tuple[int, ...]) -> list[tuple[int, int]]:
    """The moves a listener hears in a chord part beside those its voices are written in (paired):
    a tone that stops, leaping away, and a tone a semitone from it that begins, reached by a
    leap (neither sounding in the other strike), are heard as one voice moving by the semitone
    (the pitch proximity principle: Huron, "Tone and Voice", *Music Perception* 19/1, 2001; the
    ear follows the nearest tone where the written voices leap). A reading of held-out 71 at seed
    1, bars 39-40: the Harmony's D3 F#3 A3 C4 -> Bb2 Eb3 G3 Bb3, voice by voice D3 -> Bb2 and
    F#3 -> Eb3, was heard as D3 -> Eb3, in octaves with the bass's D2 -> Eb2. A written step
    keeps its voice (V -> VI's B3 -> A3 beside E4 -> C4 is not heard as B3 -> C4)."""
    written = paired(before, after)
    return [(p, q) for p in before if p not in after
            for q in (p - 1, p + 1) if q in after and q not in before
            and all(abs(y - p) > STEP for x, y in written if x == p)
            and all(abs(q - x) > STEP for x, y in written if y == q)]


def doubles(c0: int | None, c1: int | None, before: tuple[int, ...],
            after: tuple[int, ...]) -> bool:
    """Does a line moving c0 -> c1 move in consecutive fifths or octaves (parallel) with a voice
    of a chord part striking `before` and then `after` (its voices paired)? The bass's rule against
    the chords over it (Aldwell & Schachter, ch. 7: no two voices of the texture, not only the
    outer ones): a bass rising 5-6 under V -> vi while a voice of the chords goes 5-6 with it
    doubles it in octaves (held-out 1 at seed 1, bar 46: the bass's leap Eb2 -> Ab2 under the
    Harmony's Eb3 -> Ab3). Its voices as written (paired) and as heard (semitones)."""
    if c0 is None or c1 is None or c0 == c1:
        return False
    return any(parallel(p, q, c0, c1) for p, q in paired(before, after) + semitones(before, after))


# A line goes on through a gap shorter than a beat (a detached note's articulation is no rest):
# two voices' consecutive fifths across it are still heard (Aldwell & Schachter, ch. 7); a rest of
# a beat or more is a rest, after which a voice enters rather than moves.
LINE_REST = TICKS_PER_BEAT


class Line:
    """A line (notes in order of onset, one at a time) read at a tick: `line(tick, before=False)`
    is the pitch it sounds there (its last note begun there or earlier) or just before it (begun
    earlier), while that note sounds or has stopped less than LINE_REST before the tick; None
    where the line rests longer or has not begun."""

    def __init__(self, notes):
        self.notes = notes
        self.starts = [n.start for n in notes]

    def __call__(self, tick: int, before: bool = False) -> int | None:
        k = (bisect_left if before else bisect_right)(self.starts, tick) - 1
        return self.notes[k].pitch if k >= 0 and tick - self.notes[k].end < LINE_REST else None

    def between(self, t0: int, t1: int) -> int:
        """How many notes the line begins after t0 and before t1."""
        return bisect_left(self.starts, t1) - bisect_right(self.starts, t0)

    def holds(self, t0: int, t1: int) -> bool:
        """Whether the line keeps its pitch at t0 until t1: no note of another pitch begins
        between them (one held, or struck again)."""
        pitch = self(t0)
        return all(self.notes[k].pitch == pitch
                   for k in range(bisect_right(self.starts, t0), bisect_left(self.starts, t1)))


def line_at(notes) -> Line:
    return Line(notes)


# ---- through a figure: the notes on consecutive strong beats -------------------------------------
#
# Consecutive fifths or octaves between two voices' notes on successive strong beats are heard
# through the notes one voice moves in between while the other holds: the rule of second species,
# two notes against one ("Consecutive Fifths and Octaves between the first Minims of two successive
# bars, are strictly forbidden": Grove's *Dictionary of Music and Musicians*, vol. 3, 1883,
# p. 754, strict counterpoint's second order; "Consecutive fifths or octaves on consecutive strong
# beats are bad": Lehmann, *A Treatise on Simple Counterpoint in Forty Lessons*, 1907, second
# species). Where both voices move in between, the notes between are chords of their own, and
# the rule between neighbouring notes (parallel) reads them.


@cache  # a piece has one metre, asked about at every strong beat of every part
def strong_offsets(meter) -> tuple[int, ...]:
    """The strong beats' offsets in a bar (Meter.strength >= 2: the downbeat, and mid-bar in a
    metre of four pulses)."""
    return tuple(o for o in range(0, meter.bar_ticks, meter.pulse_ticks) if meter.strength(o) >= 2)


def strong_at_or_after(meter, tick: int) -> int:
    bar = meter.bar_ticks
    start = tick - tick % bar
    return next((start + o for o in strong_offsets(meter) if start + o >= tick), start + bar)


def beat_at_or_after(meter, tick: int) -> int:
    return tick + -tick % meter.pulse_ticks


def strong_before(meter, tick: int) -> int:
    bar = meter.bar_ticks
    start = tick - tick % bar
    return next((start + o for o in reversed(strong_offsets(meter)) if start + o < tick),
                start - bar + strong_offsets(meter)[-1])


# ---- through one note: the notes on consecutive beats -------------------------------------------
#
# On consecutive beats, where one voice holds and the other strikes one note between (two notes
# against one, the beat the species' unit), that note hides nothing when both voices go by step the
# same way from one perfect interval into the same: "a passing note between does not save the
# consecutives" (Jeppesen, *Counterpoint*, second species: octaves or fifths on successive
# downbeats are heard through the passing note; Fux, *Gradus*, ch. 2, second species). The
# composer's reading of held-out 57, bar 66: the tune's G6 held over the bass's G2 D3, then F#6
# over F#2 on the next beat. A leap or contrary motion between the beats, or more notes between
# (a figure of its own), leaves the beats' intervals to the other rules.
BEAT_STEP = (1, 2)  # semitones: a step in both voices


def stepped(c0: int | None, c1: int | None, o0: int | None, o1: int | None, held: bool,
            between: int) -> bool:
    """Do two voices' notes on consecutive beats (c0, o0 on the one; c1, o1 on the next) move in
    consecutive fifths or octaves (parallel), both by step the same way, where one holds from the
    one beat to the next (`held`) while the other strikes one note between (`between`: the notes
    it begins between the beats)?"""
    return (held and between == 1 and parallel(c0, c1, o0, o1)
            and abs(c1 - c0) in BEAT_STEP and abs(o1 - o0) in BEAT_STEP and (c1 - c0) * (o1 - o0) > 0)


def framed(c0: int | None, c1: int | None, o0: int | None, o1: int | None, held: bool) -> bool:
    """Do two voices' notes on consecutive strong beats (c0, o0 on the one; c1, o1 on the next)
    move in consecutive fifths or octaves (parallel), where one of them holds its pitch from the
    one to the next (`held`: Line.holds) while the other moves between?"""
    return held and parallel(c0, c1, o0, o1)


def parallel_through(meter, tune_at: Line, bass_at: Line, t1: int) -> int | None:
    """The tick t0 from which two lines (`tune_at`, `bass_at`: line_at) move into the tick t1 in
    consecutive fifths or octaves heard through the notes between: from the strong beat before,
    where t1 is a strong beat and one line holds from there (framed), or from the beat before,
    through one note between (stepped); None where they do not. One reading for the evaluation
    (composer.evaluate.craft.frame_parallels) and the tune's mend against the chords' basses
    (composer.melody.cadence.part_on_strong_beats)."""
    pulse = meter.pulse_ticks
    if meter.strength(t1 % meter.bar_ticks) >= 2:
        t0 = strong_before(meter, t1)
        if framed(tune_at(t0), tune_at(t1), bass_at(t0), bass_at(t1),
                  tune_at.holds(t0, t1) or bass_at.holds(t0, t1)):
            return t0
    if t1 % pulse:
        return None
    t0 = t1 - pulse
    if tune_at.holds(t0, t1):
        held, between = True, bass_at.between(t0, t1)
    else:
        held, between = bass_at.holds(t0, t1), tune_at.between(t0, t1)
    moved = stepped(tune_at(t0), tune_at(t1), bass_at(t0), bass_at(t1), held, between)
    return t0 if moved else None
