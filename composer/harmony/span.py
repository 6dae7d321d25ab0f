"""The Progression value: chords in time with their voicings."""

from __future__ import annotations

from dataclasses import dataclass

from composer.theory import Chord, Key


@dataclass(frozen=True)
class ChordSpan:
    start: int  # ticks from the piece's start
    duration: int  # ticks
    chord: Chord
    key: Key  # the key the figure is read in (sections may modulate)
    voicing: tuple[int, int, int, int]  # the Harmony part's four voices, MIDI numbers, low to high
    bass: int  # the Bass part's note (MIDI number), below voicing[0]
    cadence: str | None = None  # set on the chords that make a phrase's cadence
    # Why this chord is here, as the progression chose it: how a new key was entered ('pivot',
    # 'common tone', 'direct'), 'passing', or a suspension ('4-3', '9-8'); "" for none of these.
    note: str = ""
    # On the piece's last chord only: the close the piece ends with (composer.harmony.close.CLOSES).
    close: str = ""
    amen: str = ""  # ... and an amen's layout and tune (composer.harmony.close.AMENS), "" for none

    @property
    def end(self) -> int:
        return self.start + self.duration


Progression = tuple[ChordSpan, ...]
