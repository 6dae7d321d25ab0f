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


def excerpts(melody: EvalMelody, quarters: float = 48.0) -> tuple[EvalMelody, ...]:
    """Cut a long melody into folk-song-sized excerpts (the Essen reference tunes last 48 quarter
    notes on average: 47 notes at about one a quarter note) at bar lines, whole phrases of four bars at a time, so that note
    count, range and the other whole-melody features compare with the references. A short last
    piece (under half the size) is joined to the one before."""
    if not melody.notes:
        return ()
    num, den = (int(x) for x in melody.meter.split("/"))
    bar = num * 4 / den
    phrase = 4 * bar
    size = max(1, round(quarters / phrase)) * phrase
    end = max(n.onset + n.duration for n in melody.notes)
    cuts = []
    start = 0.0
    while start < end:
        cuts.append(start)
        start += size
    if len(cuts) > 1 and end - cuts[-1] < size / 2:
        cuts.pop()
    out = []
    for i, lo in enumerate(cuts):
        hi = cuts[i + 1] if i + 1 < len(cuts) else float("inf")
        notes = tuple(EvalNote(n.onset - lo, n.duration, n.pitch, n.strength, n.chord_tone, n.chord)
                      for n in melody.notes if lo <= n.onset < hi)
        if len(notes) >= 4:
            out.append(EvalMelody(f"{melody.name}#{i + 1}", melody.tonic, melody.meter, notes,
                                  melody.parent))
    return tuple(out)
