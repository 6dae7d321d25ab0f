"""Cross-relations between successive chords: one letter sounding in two forms (b6 then 6, #4 then 4).

Two chords in a row that hold the altered and the natural form of one degree (bVI then vi, a
major IV then the minor iv, the minor-key V's leading tone then the natural seventh of VII) are
heard as a wrong note unless one voice sings the chromatic step (Aldwell & Schachter, *Harmony and
Voice Leading*, ch. 21 on mixture: "the chromatic line belongs in one voice"). The grammar refuses
such successions except the few idioms that are that line (grammar.CHROMATIC_LINES); the voicing
keeps those idioms' step in one voice.

Letters come from the figure, not the pitch: a chord tone's letter is its root's letter plus the
tone's interval class (a third is two letters up, a diminished fifth or augmented fifth four).
"""

from __future__ import annotations

from functools import lru_cache

from composer.harmony import grammar
from composer.theory import Chord, Key

_LETTERS = "CDEFGAB"
# Semitones above the root -> letters above the root's letter, for the chord tones the grammar
# writes (thirds, fifths diminished to augmented, sevenths, added 9ths and suspended 4ths).
_LETTER_STEPS = {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4, 8: 4, 9: 6, 10: 6, 11: 6}


def spelled(chord: Chord, key: Key) -> tuple[tuple[int, int], ...]:
    """The chord's tones as (letter 0..6 counted from C, pitch class)."""
    # by the tonic's letter, not the Key: keys that differ only in spelling compare equal
    return _spelled(chord, _LETTERS.index(key.tonic_name[0].upper()))


@lru_cache(maxsize=8192)
def _spelled(chord: Chord, tonic_letter: int) -> tuple[tuple[int, int], ...]:
    root_letter = tonic_letter + chord.degree
    return tuple(((root_letter + _LETTER_STEPS[(p - chord.root) % 12]) % 7, p) for p in chord.pcs)


def cross_relations(a: Chord, a_key: Key, b: Chord, b_key: Key) -> tuple[tuple[int, int], ...]:
    """(pitch class in a, pitch class in b) for each letter that `a` and `b` sound in two forms."""
    first = dict(spelled(a, a_key))
    return tuple(sorted({(first[letter], pc) for letter, pc in spelled(b, b_key)
                         if letter in first and first[letter] != pc}))


def chromatic_line(mode: str, a: str, b: str) -> bool:
    """The succession of root-position figures `a` -> `b` is one of the grammar's chromatic lines
    (grammar.CHROMATIC_LINES), whose cross-relation one voice sings."""
    lines = grammar.CHROMATIC_LINES[mode]
    return (a, b) in lines or ("*", b) in lines or (a, "*") in lines
