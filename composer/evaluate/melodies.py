"""The melody value the evaluation measures, whatever it came from (the engine, a MIDI file, a corpus).

Plain numbers only: onsets and durations in quarter notes, MIDI pitches, the metric strength of each
onset (composer.piece.Meter.strength: 3 downbeat, 2 mid-bar, 1 other beat, 0 off-beat) and, where the
harmony is known, whether the note belongs to the chord sounding under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.piece import TICKS_PER_BEAT, Meter


@dataclass(frozen=True)
class EvalNote:
    onset: float  # quarter notes from the melody's start
    duration: float  # quarter notes
    pitch: int  # MIDI number
    strength: int  # Meter.strength of the onset
    chord_tone: bool | None = None  # None: the harmony is unknown
    chord: tuple[int, ...] | None = None  # pitch classes sounding at the onset, when known


@dataclass(frozen=True)
class EvalMelody:
    name: str
    tonic: int  # pitch class of the key's tonic
    meter: str  # "4/4", "3/4", "6/8" ...
    notes: tuple[EvalNote, ...]
    parent: int | None = None  # the major tonic the key is read against (C for A minor)

    @property
    def minor(self) -> bool:
        """Read against its relative major: a tune in a mode with a minor third."""
        return self.parent is not None and self.parent != self.tonic

    def transposed_to_c(self) -> EvalMelody:
        """Both sides of a comparison are moved to a common key (Yang & Lerch 2018 transpose to a
        common tonic): tunes in major to C major, tunes in minor to A minor, so the pitch-class
        features compare the tunes' use of the scale, and the minor tunes of the references
        (read as their relative major) line up with minor-mode tunes of the project. The shift is
        the smallest that does it, so the register barely moves."""
        shift = -(self.tonic if self.parent is None else self.parent) % 12
        if shift > 6:
            shift -= 12
        notes = tuple(EvalNote(n.onset, n.duration, n.pitch + shift, n.strength, n.chord_tone,
                               None if n.chord is None else tuple((c + shift) % 12 for c in n.chord))
                      for n in self.notes)
        return EvalMelody(self.name, (self.tonic + shift) % 12, self.meter, notes, 0)


def from_ticks(name: str, tonic: int, meter: Meter, notes, chords=None, parent: int | None = None
               ) -> EvalMelody:
    """A melody from engine notes (composer.piece.Note, ticks from a bar line). `chords`, when given,
    is a sequence of (start, end, pitch classes) in ticks: each note is marked as a chord tone or not
    by the chord sounding at its onset."""
    chords = sorted(chords or (), key=lambda c: c[0])
    out = []
    index = 0
    for n in sorted(notes, key=lambda n: n.start):
        tone, sounding = None, None
        if chords:
            while index + 1 < len(chords) and chords[index + 1][0] <= n.start:
                index += 1
            start, end, pcs = chords[index]
            sounding = tuple(pcs) if start <= n.start < end else ()
            tone = n.pitch % 12 in sounding
        out.append(EvalNote(n.start / TICKS_PER_BEAT, n.duration / TICKS_PER_BEAT, n.pitch,
                            meter.strength(n.start % meter.bar_ticks), tone, sounding))
    return EvalMelody(name, tonic, str(meter), tuple(out), parent)


def excerpts(melody: EvalMelody, notes: int = 44) -> tuple[EvalMelody, ...]:
    """Cut a long melody into folk-song-sized excerpts: whole four-bar phrases at a time until an
    excerpt holds at least `notes` notes (the median Essen tune has 44, musicality-targets.md), so
    that every excerpt gives its histograms as many notes as a folk song does, whatever its tempo
    of notes. A short remainder (under half the size) is joined to the excerpt before."""
    if not melody.notes:
        return ()
    num, den = (int(x) for x in melody.meter.split("/"))
    phrase = 4 * num * 4 / den
    groups: list[list[EvalNote]] = []
    current: list[EvalNote] = []
    index = 0
    for n in melody.notes:
        if int(n.onset // phrase) != index:
            index = int(n.onset // phrase)
            if len(current) >= notes:
                groups.append(current)
                current = []
        current.append(n)
    if current:
        if groups and len(current) < notes / 2:
            groups[-1].extend(current)
        else:
            groups.append(current)
    out = []
    for i, group in enumerate(groups):
        lo = (group[0].onset // phrase) * phrase
        shifted = tuple(EvalNote(n.onset - lo, n.duration, n.pitch, n.strength, n.chord_tone,
                                 n.chord) for n in group)
        if len(shifted) >= 4:
            out.append(EvalMelody(f"{melody.name}#{i + 1}", melody.tonic, melody.meter, shifted,
                                  melody.parent))
    return tuple(out)
