"""Any MIDI file as the evaluation reads it: parts of notes on the engine's tick grid, the key, the
metre, the tempo map and the markers. One reader, so every measure works on whatever the project
writes (README, "The MIDI contract") and on any other standard MIDI file.

What the contract gives is used where it helps: a part's role is the first word of its track name
(Melody, Harmony, Bass, Texture, Counter, Drums); the home key is the `key: <tonic> <mode>` text
(else the key signature); `chord: IV (D dorian)` texts mark where a section has changed key;
markers mark sections, and a marker whose text starts with "phrase" marks a phrase's first note.
A file without those names still reads: the highest pitched part is the melody, the lowest the bass.

Bad files get one line naming the file and what is wrong (ticks per beat 0, a 0/4 metre, type 2).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from composer.errors import RenderError
from composer.piece import DRUM_CHANNEL, ROLES, TICKS_PER_BEAT, Meter, Note
from composer.theory import Key, canonical_mode, parse_tonic

DEFAULT_BPM = 120.0  # MIDI's own default tempo


@dataclass(frozen=True)
class ScorePart:
    name: str  # the track name as written
    role: str | None  # one of piece.ROLES when the name says so
    program: int | None  # GM program, None when the track sets none
    drums: bool  # on the drum channel
    notes: tuple[Note, ...]  # sorted by (start, pitch), ticks at TICKS_PER_BEAT


@dataclass(frozen=True)
class Score:
    name: str
    key: Key  # the home key
    meter: Meter
    tempos: tuple[tuple[int, float], ...]  # (tick, quarter notes per minute), first at tick 0
    sections: tuple[tuple[int, str], ...]  # (tick, marker text)
    phrases: tuple[int, ...]  # ticks of phrase markers, when the file has any
    keys: tuple[tuple[int, Key], ...]  # (tick, local key) from tick 0 on; the home key first
    parts: tuple[ScorePart, ...]
    end_tick: int
    meta: tuple[tuple[str, str], ...] = ()  # the conductor's 'name: value' texts (seed, scene ...)
    chords: tuple[tuple[int, str], ...] = ()  # (tick, figure) from the `chord: V7 (key)` texts
    cadences: tuple[int, ...] = ()  # bar ticks of the `cadence: half` texts: where phrases end

    def text(self, name: str) -> str | None:
        return next((v for k, v in self.meta if k == name), None)

    @property
    def seed(self) -> int | None:
        value = self.text("seed")
        return int(value) if value and value.strip().lstrip("-").isdigit() else None

    @property
    def pitched(self) -> tuple[ScorePart, ...]:
        return tuple(p for p in self.parts if not p.drums and p.notes)

    def role(self, role: str) -> ScorePart | None:
        found = next((p for p in self.pitched if p.role == role), None)
        if found is not None or any(p.role for p in self.pitched):
            return found
        # No part is named: the highest part sings, the lowest is the bass.
        ranked = sorted(self.pitched, key=lambda p: sum(n.pitch for n in p.notes) / len(p.notes))
        if role == "Melody" and ranked:
            return ranked[-1]
        if role == "Bass" and len(ranked) > 1:
            return ranked[0]
        return None

    @property
    def melody(self) -> ScorePart | None:
        return self.role("Melody")

    def key_at(self, tick: int) -> Key:
        i = bisect.bisect_right([t for t, _ in self.keys], tick) - 1
        return self.keys[max(i, 0)][1]

    def clock(self) -> "Clock":
        return Clock(self.tempos)

    @property
    def minutes(self) -> float:
        return self.clock().seconds(self.end_tick) / 60.0


class Clock:
    """Ticks to seconds through a tempo map, each look-up a bisection."""

    def __init__(self, tempos):
        self.ticks = [t for t, _ in tempos]
        self.bpms = [b for _, b in tempos]
        self.at = [0.0]
        for i in range(1, len(tempos)):
            self.at.append(self.at[-1] + (self.ticks[i] - self.ticks[i - 1]) / TICKS_PER_BEAT
                           * 60.0 / self.bpms[i - 1])

    def seconds(self, tick: float) -> float:
        i = max(bisect.bisect_right(self.ticks, tick) - 1, 0)
        return self.at[i] + (tick - self.ticks[i]) / TICKS_PER_BEAT * 60.0 / self.bpms[i]


def _role(name: str) -> str | None:
    head = name.strip().split(" ")[0].split("(")[0].lower()
    return next((r for r in ROLES if r.lower() == head), None)


def _key_text(text: str) -> Key | None:
    """'D lydian' or 'F# minor' -> Key; None when it is not a key."""
    words = text.split()
    if len(words) != 2 or parse_tonic(words[0]) is None or not canonical_mode(words[1]):
        return None
    return Key(parse_tonic(words[0]), canonical_mode(words[1]))


HELD_BARS = 4  # how long a note may ring past the piece's last onset


def _bounded(parts: list[ScorePart], meter: Meter) -> tuple[list[ScorePart], int]:
    """Notes cut HELD_BARS bars after the last onset of all: a file that holds one note for a
    year is measured as what a listener hears, in time that grows with its notes, not its claims."""
    last = max((n.start for p in parts for n in p.notes), default=0)
    limit = last + HELD_BARS * meter.bar_ticks
    out = []
    for part in parts:
        notes = tuple(n if n.end <= limit else Note(n.start, limit - n.start, n.pitch, n.velocity)
                      for n in part.notes)
        out.append(ScorePart(part.name, part.role, part.program, part.drums, notes))
    return out, max((n.end for p in out for n in p.notes), default=0)


def read_score(source, name: str | None = None) -> Score:
    """A Score from a MIDI file path or a mido.MidiFile."""
    import mido

    label = name or str(source)
    if isinstance(source, mido.MidiFile):
        midi = source
    else:
        from mido.midifiles.meta import KeySignatureError

        try:
            midi = mido.MidiFile(str(source))
        except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
            raise RenderError(f"{label}: cannot read ({error.strerror})") from None
        except (OSError, EOFError, ValueError, KeyError, IndexError, TypeError,
                KeySignatureError) as error:
            raise RenderError(f"{label}: not a readable MIDI file ({error})") from None
        label = name or Path(source).name
    if midi.type == 2:
        raise RenderError(f"{label}: a type 2 MIDI file (independent songs) cannot be evaluated")
    if midi.ticks_per_beat <= 0:
        raise RenderError(f"{label}: ticks per beat is {midi.ticks_per_beat}; a MIDI file needs "
                          f"a positive resolution")
    scale = TICKS_PER_BEAT / midi.ticks_per_beat
    meter = None
    home, signature = None, None
    tempos: dict[int, float] = {}
    sections, phrases, changes, meta, chords, cadences = [], [], [], [], [], []
    parts = []
    end = 0
    for index, track in enumerate(midi.tracks):
        now = 0
        title, program, channel = "", None, None
        sounding: dict[tuple[int, int], list[tuple[int, int]]] = {}
        notes: list[Note] = []
        for msg in track:
            now += msg.time
            tick = round(now * scale)
            kind = msg.type
            if kind == "note_on" and msg.velocity > 0:
                sounding.setdefault((msg.channel, msg.note), []).append((tick, msg.velocity))
                channel = msg.channel if channel is None else channel
            elif kind in ("note_off", "note_on"):
                started = sounding.get((msg.channel, msg.note))
                if started:
                    start, velocity = started.pop(0)
                    if tick > start:
                        notes.append(Note(start, tick - start, msg.note, velocity))
            elif kind == "track_name" and not title:
                title = msg.name
            elif kind == "program_change" and program is None:
                program = msg.program
            elif kind == "time_signature" and meter is None:
                if msg.numerator < 1 or msg.denominator < 1 or msg.denominator > 64 \
                        or msg.denominator & (msg.denominator - 1):
                    raise RenderError(f"{label}: time signature {msg.numerator}/{msg.denominator} "
                                      f"is not a metre")
                meter = Meter(msg.numerator, msg.denominator)
            elif kind == "set_tempo" and msg.tempo > 0:
                tempos.setdefault(tick, mido.tempo2bpm(msg.tempo))
            elif kind == "key_signature" and signature is None:
                signature = msg.key
            elif kind == "marker":
                (phrases.append(tick) if msg.text.lower().startswith("phrase")
                 else sections.append((tick, msg.text)))
            elif kind == "text" and msg.text.startswith("key:") and home is None:
                home = _key_text(msg.text[4:])
            elif kind == "text" and msg.text.startswith("cadence:"):
                cadences.append(tick)
            elif kind == "text" and msg.text.startswith("chord:"):
                figure, _, inside = msg.text[6:].partition("(")
                inside = inside.rstrip(")")
                changes.append((tick, _key_text(inside) if inside else None))
                chords.append((tick, figure.strip()))
            elif kind == "text" and index == 0 and ":" in msg.text:  # the conductor's metadata
                field, _, value = msg.text.partition(":")
                meta.append((field.strip(), value.strip()))
        last = round(now * scale)
        for (_, pitch), held in sounding.items():  # a note never released lasts to the track's end
            notes.extend(Note(start, last - start, pitch, velocity)
                         for start, velocity in held if last > start)
        end = max(end, round(now * scale))
        if notes:
            notes.sort(key=lambda n: (n.start, n.pitch))
            end = max(end, max(n.end for n in notes))
            parts.append(ScorePart(title, _role(title), program, channel == DRUM_CHANNEL,
                                   tuple(notes)))
    if home is None and signature:
        tonic = parse_tonic(signature.rstrip("m"))
        if tonic is not None:
            home = Key(tonic, "minor" if signature.endswith("m") else "ionian")
    home = home or Key(0, "ionian")
    keys = [(0, home)]
    for tick, key in sorted(changes, key=lambda c: c[0]):
        key = key or home
        if key != keys[-1][1]:
            keys.append((tick, key))
    parts, end = _bounded(parts, meter or Meter(4, 4))
    tempo_map = sorted(tempos.items())
    if not tempo_map or tempo_map[0][0] > 0:
        tempo_map.insert(0, (0, DEFAULT_BPM))
    return Score(label, home, meter or Meter(4, 4), tuple(tempo_map), tuple(sorted(sections)),
                 tuple(sorted(phrases)), tuple(keys), tuple(parts), end, tuple(meta),
                 tuple(sorted(chords)), tuple(sorted(set(cadences))))
