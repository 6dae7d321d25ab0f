"""Keys and modes as pitch-class arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# Semitone steps of each mode above its tonic. "minor" is the aeolian scale whose
# dominant borrows the raised seventh (harmonic minor V), as common practice does.
MODES: dict[str, tuple[int, ...]] = {
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "ionian": (0, 2, 4, 5, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}
MODE_ALIASES = {"major": "ionian"}

# Dark-to-bright order (emotion-rules.md: Locrian < Phrygian < Aeolian < Dorian <
# Mixolydian < Ionian < Lydian); locrian is left out because it has no stable tonic triad.
MODE_BRIGHTNESS: tuple[str, ...] = ("phrygian", "minor", "dorian", "mixolydian", "ionian", "lydian")

# Where each mode's tonic sits in its parent major scale (D dorian -> C major).
_PARENT_DEGREE = {"ionian": 0, "dorian": 1, "phrygian": 2, "lydian": 3, "mixolydian": 4,
                  "aeolian": 5, "minor": 5}

_LETTERS = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}
_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# Major keys conventionally written with flats (F, Bb, Eb, Ab, Db, Gb).
_FLAT_MAJORS = {5, 10, 3, 8, 1, 6}
# Key signatures a standard MIDI file can name (up to seven sharps or flats).
_SIGNATURES = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#",
               "Abm", "Ebm", "Bbm", "Fm", "Cm", "Gm", "Dm", "Am", "Em", "Bm", "F#m", "C#m", "G#m",
               "D#m", "A#m"}


def parse_tonic(text: str) -> int | None:
    """'D' -> 2, 'f#' -> 6, 'Bb' -> 10, 'E♭' -> 3; None when it is not a note name."""
    t = text.strip().replace("♯", "#").replace("♭", "b")
    if not t or t[0].lower() not in _LETTERS:
        return None
    pc = _LETTERS[t[0].lower()]
    for accidental in t[1:]:
        if accidental == "#":
            pc += 1
        elif accidental == "b":
            pc -= 1
        else:
            return None
    return pc % 12


def spell_tonic(text: str) -> str | None:
    """The tonic as the user spelt it, tidied: 'f#' -> 'F#', 'bb' -> 'Bb', 'E♭' -> 'Eb'."""
    t = text.strip().replace("♯", "#").replace("♭", "b")
    if parse_tonic(t) is None:
        return None
    return t[0].upper() + t[1:]


def canonical_mode(name: str) -> str | None:
    n = name.strip().lower()
    n = MODE_ALIASES.get(n, n)
    return n if n in MODES else None


def pc_name(pc: int, flats: bool = False) -> str:
    return (_FLAT_NAMES if flats else _SHARP_NAMES)[pc % 12]


def _signature(name: str, pc: int, suffix: str) -> str:
    """A key-signature name a MIDI file can carry: the given spelling, else its enharmonic
    (G# major has no signature of its own: Ab major's)."""
    for candidate in (name, pc_name(pc, False) + suffix, pc_name(pc, True) + suffix):
        if candidate in _SIGNATURES:
            return candidate
    raise AssertionError(f"no signature for {name}")


@dataclass(frozen=True)
class Key:
    """A tonic pitch class and a mode name (canonical, see MODES)."""

    tonic: int
    mode: str
    # How the tonic was written ("F#" rather than "Gb"), where the user chose; not part of the
    # key's identity.
    spelling: str | None = field(default=None, compare=False)

    @cached_property  # asked for constantly by the melody and voicing searches
    def scale(self) -> tuple[int, ...]:
        """The seven pitch classes of the mode, tonic first."""
        return tuple((self.tonic + s) % 12 for s in MODES[self.mode])

    @property
    def parent_major(self) -> int:
        """Tonic pitch class of the major scale holding this mode's notes."""
        return (self.tonic - MODES["ionian"][_PARENT_DEGREE[self.mode]]) % 12

    @property
    def is_minor_family(self) -> bool:
        return MODES[self.mode][2] == 3

    @property
    def uses_flats(self) -> bool:
        if self.spelling:
            return "b" in self.spelling[1:]
        return self.parent_major in _FLAT_MAJORS

    @property
    def tonic_name(self) -> str:
        return self.spelling or pc_name(self.tonic, self.uses_flats)

    @property
    def label(self) -> str:
        """What the conductor track says: 'D lydian', 'A minor', 'C major'."""
        mode = "major" if self.mode == "ionian" else self.mode
        return f"{self.tonic_name} {mode}"

    @property
    def midi_key_signature(self) -> str:
        """mido key_signature text: the signature of the mode's notes (D lydian -> 'A')."""
        if self.mode in ("minor", "aeolian"):
            return _signature(self.tonic_name + "m", self.tonic, "m")
        if self.mode == "ionian":
            return _signature(self.tonic_name, self.tonic, "")
        return _signature(pc_name(self.parent_major, self.uses_flats), self.parent_major, "")

    def degree_pc(self, degree: int) -> int:
        """Pitch class of a 0-based scale degree (any integer; wraps by octave)."""
        return self.scale[degree % 7]

    def pitch_in_scale(self, pitch: int) -> bool:
        return pitch % 12 in self.scale

    def degree_of(self, pitch: int) -> int | None:
        pc = pitch % 12
        return self.scale.index(pc) if pc in self.scale else None

    def step(self, pitch: int, steps: int) -> int:
        """The scale tone `steps` diatonic steps from `pitch` (which must be in the scale)."""
        deg = self.scale.index(pitch % 12)
        octave, new_deg = divmod(deg + steps, 7)
        return pitch - MODES[self.mode][deg] + MODES[self.mode][new_deg] + 12 * octave

    def nearest_in_scale(self, pitch: int) -> int:
        for delta in (0, -1, 1, -2, 2):
            if (pitch + delta) % 12 in self.scale:
                return pitch + delta
        raise AssertionError("every semitone is within 2 of a scale tone")
