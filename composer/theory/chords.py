"""The chord value shared by harmony, melody and arrangement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chord:
    """A chord as the engine thinks of it.

    figure: the Roman-numeral label shown to people and checked against music21 (e.g. 'V7', 'bVII', 'IVmaj7').
    degree: 0-based scale degree of the root in the key's mode (the numeral minus one).
    root:   pitch class of the root.
    pcs:    chord tones as pitch classes, root first, then by stacking (third, fifth, seventh/added notes).
    bass:   pitch class in the bass (root unless inverted).
    """

    figure: str
    degree: int
    root: int
    pcs: tuple[int, ...]
    bass: int

    @property
    def inversion(self) -> int:
        return self.pcs.index(self.bass) if self.bass in self.pcs else 0

    def contains(self, pitch: int) -> bool:
        return pitch % 12 in self.pcs
