"""The chord value shared by harmony, melody and arrangement, and Roman-numeral figures on plain ints.

Figure convention (the one music21's `roman.RomanNumeral(figure, key)` reads, checked in
tests/theory/test_chord_figures.py):

- Numerals count degrees of the key's OWN scale, mode included: in G mixolydian the chord on F is
  'VII' (not 'bVII'), in E phrygian the chord on F is 'II', in A minor the chord on G is 'VII'.
  An accidental prefix moves the root off that scale: 'bVI' in C major is A-flat major, 'bVI' in
  D dorian is B-flat major.
- Case gives the triad's third: upper case major, lower case minor; '°' diminished, '+' augmented.
  So 'V' in A minor is E major (the harmonic-minor dominant) and 'vii°' is G-sharp diminished.
- A '7' adds the seventh that is diatonic to the key's scale ('V7', 'ii7', 'IV7' in D dorian is
  G-B-D-F); 'maj7' forces a major seventh, 'ø7' is half-diminished, '°7' fully diminished.
- Inversions by figured bass: triads '', '6', '64'; sevenths '7', '65', '43', '42'.
- Added and omitted tones in brackets, diatonic to the key: 'I[add9]', 'V[no3][add4]' (a sus4).
- Secondary chords: 'V7/V', 'V/vi'; the target's case picks a major or minor target key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from composer.theory.scales import Key


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

    @property
    def quality(self) -> str:
        """'major', 'minor', 'diminished', 'augmented' or 'other' (sus chords), as music21 names them."""
        return chord_quality(self.pcs)

    @property
    def seventh(self) -> int | None:
        """The pitch class of the chord's seventh where it is a dissonance that falls (a seventh
        chord other than a major seventh: V7, ii7, viiø7, vii°7), else None."""
        m = _FIGURE_RE.match(self.figure)
        if m is None or m.group("maj") or m.group("fig") not in _SEVENTH_SUFFIX:
            return None
        return self.pcs[3]


# Numerals in order; the index is the 0-based scale degree.
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
# Triad shapes (third, fifth above the root) by quality mark.
_TRIADS = {"major": (4, 7), "minor": (3, 7), "diminished": (3, 6), "augmented": (4, 8)}
# Figured-bass suffixes: (is a seventh chord, inversion).
_INVERSION_FIGURES = {"": (False, 0), "6": (False, 1), "64": (False, 2),
                      "7": (True, 0), "65": (True, 1), "43": (True, 2), "42": (True, 3)}
_TRIAD_SUFFIX = ("", "6", "64")
_SEVENTH_SUFFIX = ("7", "65", "43", "42")

_FIGURE_RE = re.compile(
    r"^(?P<acc>[b#]?)(?P<num>VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)"
    r"(?P<mark>°|ø|\+)?(?P<maj>maj)?(?P<fig>42|43|65|64|7|6)?"
    r"(?P<mods>(?:\[(?:add|no)\d+\])*)"
    r"(?:/(?P<sec>[b#]?(?:VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)))?$")


def chord_quality(pcs: tuple[int, ...]) -> str:
    """Quality of the triad on pcs[0] (root) formed by the chord's third and fifth."""
    root = pcs[0]
    intervals = {(p - root) % 12 for p in pcs[1:]}
    for name, (third, fifth) in _TRIADS.items():
        if third in intervals and fifth in intervals:
            return name
    if 3 in intervals and 6 in intervals:
        return "diminished"
    return "other"


def _numeral_root(numeral: str, accidental: str, key: Key) -> tuple[int, int]:
    degree = _NUMERALS.index(numeral.upper())
    root = (key.degree_pc(degree) + {"": 0, "b": -1, "#": 1}[accidental]) % 12
    # In 'minor' (common-practice minor) music21 reads the 6th and 7th degrees by case: lower case
    # ('vii°', 'vi°') stands on the raised (melodic/harmonic-minor) degree, upper case on the natural
    # one. The named modes, aeolian included, keep their own scale.
    if key.mode == "minor" and degree in (5, 6) and not accidental and numeral.islower():
        root = (root + 1) % 12
    return degree, root


@lru_cache(maxsize=4096)
def parse_figure(figure: str, key: Key) -> Chord:
    """Build the Chord a Roman-numeral figure names in `key` (the convention in the module doc).

    >>> parse_figure('V7', Key(9, 'minor')).pcs   # E G# B D
    (4, 8, 11, 2)
    """
    m = _FIGURE_RE.match(figure)
    if m is None:
        raise ValueError(f"not a Roman-numeral figure: {figure!r}")
    target_degree = 0
    if m["sec"]:
        sec = m["sec"]
        acc = sec[0] if sec[0] in "b#" else ""
        num = sec[len(acc):]
        target_degree, target_root = _numeral_root(num, acc, key)
        key = Key(target_root, "ionian" if num.isupper() else "minor")
    degree, root = _numeral_root(m["num"], m["acc"], key)
    mark, fig = m["mark"], m["fig"] or ""
    quality = {"°": "diminished", "ø": "diminished", "+": "augmented"}.get(
        mark, "major" if m["num"].isupper() else "minor")
    third, fifth = _TRIADS[quality]
    seventh_chord, inversion = _INVERSION_FIGURES[fig]
    if m["maj"] and not seventh_chord:
        raise ValueError(f"'maj' needs a seventh figure: {figure!r}")
    tones: list[int | None] = [root, (root + third) % 12, (root + fifth) % 12]
    if seventh_chord:
        if m["maj"]:
            tones.append((root + 11) % 12)
        elif mark == "ø":
            tones.append((root + 10) % 12)
        elif mark == "°":
            tones.append((root + 9) % 12)
        else:
            tones.append(key.degree_pc(degree + 6))
    for mod in re.findall(r"\[(add|no)(\d+)\]", m["mods"]):
        kind, number = mod[0], int(mod[1])
        if kind == "no":
            idx = {3: 1, 5: 2}[number]
            tones[idx] = None
        else:
            tones.append(key.degree_pc(degree + number - 1))
    pcs = tuple(t for t in tones if t is not None)
    bass = tones[inversion]
    if bass is None:
        raise ValueError(f"the bass of {figure!r} is an omitted tone")
    return Chord(figure=figure, degree=(target_degree + degree) % 7, root=root, pcs=pcs, bass=bass)


def split_figure(figure: str) -> tuple[str, int]:
    """('V65/V') -> ('V7/V', 1): the root-position figure and the inversion."""
    m = _FIGURE_RE.match(figure)
    if m is None:
        raise ValueError(f"not a Roman-numeral figure: {figure!r}")
    seventh_chord, inversion = _INVERSION_FIGURES[m["fig"] or ""]
    base = (m["acc"] + m["num"] + (m["mark"] or "") + (m["maj"] or "")
            + ("7" if seventh_chord else "") + m["mods"] + ("/" + m["sec"] if m["sec"] else ""))
    return base, inversion


def invert_figure(base: str, inversion: int) -> str:
    """The figure of `base` (a root-position figure) with the given bass: ('V7/V', 1) -> 'V65/V'."""
    if inversion == 0:
        return base
    m = _FIGURE_RE.match(base)
    if m is None or m["fig"] not in (None, "7"):
        raise ValueError(f"not a root-position figure: {base!r}")
    if m["maj"] or m["mods"]:
        raise ValueError(f"colour chords stay in root position here: {base!r}")
    suffix = (_SEVENTH_SUFFIX if m["fig"] == "7" else _TRIAD_SUFFIX)[inversion]
    return (m["acc"] + m["num"] + (m["mark"] or "") + suffix
            + ("/" + m["sec"] if m["sec"] else ""))
