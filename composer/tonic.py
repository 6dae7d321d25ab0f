"""Which tonic a piece takes: the mood's key colour, the lead instrument's idiom, then the seed.

Equal temperament made every key sound alike in physics, but not in practice: players and composers
still choose keys by the instrument (open strings ring, B-flat instruments read flats) and by the
characters the eighteenth and nineteenth centuries gave them (Schubart, *Ideen zu einer Ästhetik der
Tonkunst*, 1806; Steblin, *A History of Key Characteristics*, 1983). Both are weights here, and the
seed draws among them, so two scenes with one seed rarely share a key.
"""

from __future__ import annotations

import random

# Every tonic is possible; the remote ones (five or more sharps or flats for the mode) are rarer
# because they are harder to read for whoever plays the MIDI file.
MAJOR_BASE = {0: 1.0, 1: 0.5, 2: 1.0, 3: 1.0, 4: 0.8, 5: 1.0, 6: 0.3, 7: 1.0, 8: 0.8, 9: 1.0, 10: 1.0, 11: 0.4}
MINOR_BASE = {0: 1.0, 1: 0.6, 2: 1.0, 3: 0.3, 4: 1.0, 5: 0.9, 6: 0.6, 7: 1.0, 8: 0.3, 9: 1.0, 10: 0.5, 11: 0.9}

# Key colour by mood quadrant (Schubart's characters, as Steblin reports them): joy in the bright
# sharp keys (D "triumph", A "cheerfulness", E "shouts of joy"); tenderness in the warm flat keys
# (Ab, Db, Eb, F "complaisance and calm"); sadness in the dark minors (D "melancholy", G, F, C
# "lament"); tension in the restless sharp minors (E, B, F#, C#).
MOOD_TONICS: dict[str, dict[int, float]] = {
    "joy": {2: 2.0, 9: 2.0, 4: 1.6, 7: 1.4, 0: 1.2},
    "tender": {8: 2.0, 1: 1.6, 3: 1.8, 5: 1.8, 10: 1.4},
    "sad": {2: 2.0, 7: 1.6, 5: 1.6, 0: 1.8, 10: 1.3},
    "tense": {4: 1.8, 11: 2.0, 6: 1.6, 1: 1.6, 9: 1.2},
}

# The lead's idiomatic keys, by General MIDI program range: strings favour their open strings (G D
# A E, C for violas and cellos); guitars E A D G; transposing reeds and brass the flat keys; pipes
# (flutes, recorders) the keys of their fingering (D G F C).
IDIOM: tuple[tuple[range, dict[int, float]], ...] = (
    (range(24, 32), {4: 2.0, 9: 2.0, 2: 1.8, 7: 1.8, 0: 1.2}),
    (range(40, 52), {2: 2.0, 7: 2.0, 9: 1.8, 4: 1.5, 0: 1.3}),
    (range(56, 72), {10: 2.0, 3: 2.0, 5: 1.8, 0: 1.3, 8: 1.3}),
    (range(72, 80), {2: 1.8, 7: 1.8, 5: 1.5, 0: 1.4}),
)


def idiom_of(program: int) -> dict[int, float]:
    return next((weights for programs, weights in IDIOM if program in programs), {})


# Register: a tune reaches down to the dominant below its tonic (musicality-targets.md: folk tunes
# commonly do) and spans about a ninth above it. A tonic whose tune would dip into the accompaniment's
# top voice, or climb past the lead's range, is kept but made rarer.
BELOW_TONIC = 5  # semitones from the tonic down to its dominant
ABOVE_TONIC = 14  # semitones the tune commonly spans above its tonic
OUT_OF_REGISTER = 0.3


def fits_register(tonic: int, floor: int, ceiling: int) -> bool:
    """Whether some octave of the tonic leaves its dominant below at or over `floor` (the
    accompaniment's top) and its tune's usual top at or under `ceiling` (the lead's)."""
    return any(p % 12 == tonic for p in range(floor + BELOW_TONIC, ceiling - ABOVE_TONIC + 1))


def choose_tonic(minor_family: bool, mood: str, program: int, floor: int, ceiling: int,
                 rng: random.Random) -> int:
    """A tonic pitch class for a key of this family, weighted by the mood's colour, the lead's
    idiom and the register the tune would sit in, drawn with the plan's generator."""
    base = MINOR_BASE if minor_family else MAJOR_BASE
    colour, idiom = MOOD_TONICS[mood], idiom_of(program)
    tonics = sorted(base)
    weights = [base[t] * colour.get(t, 1.0) * idiom.get(t, 1.0)
               * (1.0 if fits_register(t, floor, ceiling) else OUT_OF_REGISTER) for t in tonics]
    return rng.choices(tonics, weights=weights)[0]
