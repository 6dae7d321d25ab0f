"""Vertical agreement on plain ints: cross-relations and the scale each chord implies.

A cross-relation is two parts sounding the lowered and the natural form of one scale degree at
once: b2/2, b3/3, 4/#4, b6/6, b7/7 of the key (composition-craft.md: heard as a wrong note; 150
Bach chorales average 0.05 beats a minute of it). The tonic and the dominant have no chromatic
twin in any mode, so every other pitch class has exactly one partner.

A chord's scale is the key's scale with the chord's own tones in place of their twins (Aldwell &
Schachter, Harmony and Voice Leading, ch. 4 and 12: under V in minor the line takes the raised
leading tone, under V/V in major the raised fourth). Lines moving over a chord take their passing
and neighbour notes from it, so they never contradict the chord that sounds.
"""

from __future__ import annotations

from composer.theory.chords import Chord
from composer.theory.scales import Key

# Semitones above the tonic: (lowered, natural) forms of one degree.
CROSS_PAIRS: tuple[tuple[int, int], ...] = ((1, 2), (3, 4), (5, 6), (8, 9), (10, 11))
_PARTNER: dict[int, int] = {a: b for a, b in CROSS_PAIRS} | {b: a for a, b in CROSS_PAIRS}


def cross_partner(pc: int, tonic: int) -> int | None:
    """The pitch class that would make a cross-relation with `pc` in a key on `tonic`."""
    other = _PARTNER.get((pc - tonic) % 12)
    return None if other is None else (tonic + other) % 12


def cross_relates(a: int, b: int, tonic: int) -> bool:
    """Do two pitches (or pitch classes) form a chromatic cross-relation in the key on `tonic`?"""
    return cross_partner(a % 12, tonic) == b % 12


def chord_scale(chord: Chord, key: Key) -> tuple[int, ...]:
    """The seven pitch classes a line over `chord` draws on, ascending from the tonic: the key's
    scale with each chord tone outside it replacing its chromatic twin."""
    pcs = set(key.scale)
    for tone in chord.pcs:
        if tone not in pcs:
            twin = cross_partner(tone, key.tonic)
            if twin is not None and twin not in chord.pcs:
                pcs.discard(twin)
            pcs.add(tone)
    return tuple(sorted(pcs, key=lambda p: (p - key.tonic) % 12))


def scale_step(scale: tuple[int, ...], pitch: int, direction: int) -> int:
    """The next tone of `scale` above (direction 1) or below (-1) `pitch`."""
    p = pitch + direction
    while p % 12 not in scale:
        p += direction
    return p
