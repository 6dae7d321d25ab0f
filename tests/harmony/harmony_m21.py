"""music21 as an independent judge: spelling our integer chords so music21 can read them."""

from __future__ import annotations

from functools import lru_cache

music21 = __import__("pytest").importorskip("music21")
from music21 import chord as m21chord  # noqa: E402
from music21 import key as m21key  # noqa: E402
from music21 import roman  # noqa: E402

LETTERS = "CDEFGAB"
NATURAL = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
# Interval above the root (semitones) -> letter steps above the root's letter.
LETTER_STEPS = {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4, 8: 4, 9: 6, 10: 6, 11: 6}


@lru_cache(maxsize=None)
def m21_key(tonic_name: str, mode: str):
    name = tonic_name.replace("b", "-") if len(tonic_name) > 1 else tonic_name
    mode = {"ionian": "major"}.get(mode, mode)
    return m21key.Key(name, mode)


def key_of(k):
    return m21_key(k.tonic_name, k.mode)


def spell(letter: str, pc: int) -> str:
    diff = (pc - NATURAL[letter] + 6) % 12 - 6
    return letter + ("#" * diff if diff > 0 else "-" * -diff)


def names(span) -> list[str]:
    """Bass and voicing, low to high, spelt by the chord's structure in its key."""
    tonic_letter = span.key.tonic_name[0]
    root_letter = LETTERS[(LETTERS.index(tonic_letter) + span.chord.degree) % 7]
    out = []
    for p in (span.bass,) + tuple(span.voicing):
        steps = LETTER_STEPS[(p - span.chord.root) % 12]
        letter = LETTERS[(LETTERS.index(root_letter) + steps) % 7]
        name = spell(letter, p % 12)
        # octave by the written letter: B# belongs to the octave below its sounding C, C- above
        octave = (p - (NATURAL[letter] + (p % 12 - NATURAL[letter] + 6) % 12 - 6)) // 12 - 1
        out.append(f"{name}{octave}")
    return out


def figure_reading(span):
    """music21's reading of our figure in our key."""
    return roman.RomanNumeral(span.chord.figure, key_of(span.key))


def chord_reading(span):
    """music21's Roman numeral for the sounding notes (bass + Harmony) in our key."""
    return roman.romanNumeralFromChord(m21chord.Chord(names(span)), key_of(span.key))
