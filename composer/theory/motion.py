"""Two voices moving together: the consecutive perfect intervals counterpoint forbids.

One definition for every part that judges its line against another (the counter against the tune
and the bass, the bass against the tune) and for the evaluation that counts what is left
(composer.evaluate.craft.outer_parallels)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from composer.piece import TICKS_PER_BEAT

PERFECT = (0, 7)  # intervals (mod 12) that may not move in parallel (Fux; Aldwell & Schachter)


def parallel(c0: int | None, c1: int | None, o0: int | None, o1: int | None) -> bool:
    """Do two voices, one moving c0 -> c1 and the other o0 -> o1, move in consecutive fifths or
    octaves (unisons and compound intervals alike): both move, and the interval between them is
    one perfect interval class before and after, whichever way each goes (similar or contrary
    motion: Aldwell & Schachter, "Harmony and Voice Leading", ch. 7). None: a voice silent."""
    if c0 is None or c1 is None or o0 is None or o1 is None or c0 == c1 or o0 == o1:
        return False
    return abs(c0 - o0) % 12 == abs(c1 - o1) % 12 and abs(c1 - o1) % 12 in PERFECT


# A line goes on through a gap shorter than a beat (a detached note's articulation is no rest):
# two voices' consecutive fifths across it are still heard (Aldwell & Schachter, ch. 7); a rest of
# a beat or more is a rest, after which a voice enters rather than moves.
LINE_REST = TICKS_PER_BEAT


def line_at(notes):
    """`at(tick, before=False)`: the pitch a line (notes in order of onset, one at a time) sounds at
    a tick (its last note begun there or earlier), or just before it (begun earlier), while that
    note sounds or has stopped less than LINE_REST before the tick; None where the line rests
    longer or has not begun."""
    starts = [n.start for n in notes]

    def at(tick: int, before: bool = False) -> int | None:
        k = (bisect_left if before else bisect_right)(starts, tick) - 1
        return notes[k].pitch if k >= 0 and tick - notes[k].end < LINE_REST else None
    return at
