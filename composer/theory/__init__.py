"""Pitch, scale, mode and chord arithmetic on plain integers.

music21 is used only in the tests, as an independent judge; the engine stays on ints
so that composing is fast and has no heavy imports.
"""

from composer.theory.scales import (
    MODES,
    MODE_ALIASES,
    MODE_BRIGHTNESS,
    Key,
    canonical_mode,
    parse_tonic,
    pc_name,
    spell_tonic,
)
from composer.theory.chords import Chord

__all__ = [
    "MODES",
    "MODE_ALIASES",
    "MODE_BRIGHTNESS",
    "Key",
    "Chord",
    "canonical_mode",
    "parse_tonic",
    "pc_name",
    "spell_tonic",
]
