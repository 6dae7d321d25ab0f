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

    def __hash__(self) -> int:
        # the value the dataclass would compute (so sets and dicts of spans keep their order),
        # computed once: a span is the key of the melody's scale lookups (melody.fit.local_scale,
        # asked for every degree of every note tried), and hashing its ten fields, its chord's
        # and its key's each time was a tenth of composing a 10-minute scene
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash((self.start, self.duration, self.chord, self.key, self.voicing, self.bass,
                          self.cadence, self.note, self.close, self.amen))
            object.__setattr__(self, "_hash", value)
            return value

    def __getstate__(self) -> dict:
        # the hash stays in its process: a string's hash differs in another one (PYTHONHASHSEED)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


Progression = tuple[ChordSpan, ...]


# The deceptive goals, semitones from the key's tonic to the root of the chord the dominant moves
# to instead of the tonic: VI in minor; vi in major, or its borrowed bVI (Aldwell & Schachter,
# *Harmony and Voice Leading*, ch. 13).
DECEPTIVE_ROOTS = {True: (8,), False: (9, 8)}  # by Key.is_minor_family


def deceives(before: ChordSpan, span: ChordSpan) -> bool:
    """Is the move from `before` to `span` the deceptive progression, the dominant going to the
    sixth degree's chord in one key? Its bass rises by step, 5-6, where the authentic close's
    would fall to 1: that step is the surprise."""
    key = span.key
    return (before.key == key and before.chord.root == (key.tonic + 7) % 12
            and (span.chord.root - key.tonic) % 12 in DECEPTIVE_ROOTS[key.is_minor_family])
