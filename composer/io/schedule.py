"""The project's own event schedule: any standard MIDI file -> time-ordered events on the sample clock.

Offline rendering and live playback both walk this list, so what is played is exactly what is
rendered. Frames are computed exactly from integer microseconds through the tempo map (no float
drift over long pieces); the bar/section lookups feed the live status line."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
from dataclasses import dataclass

import mido
import numpy as np

from composer.errors import RenderError
from composer.io.midi import (META_MARKER, META_METER, META_TEMPO, MidiReadError, RawMidi, midi_bytes_of,
                              read_midi_bytes)

# Channel-voice messages the synthesizer acts on, by status nibble, as the kinds the synth wrapper
# dispatches. note_on with velocity 0 is a note_off (MIDI 1.0 running-status convention). Aftertouch
# (0xA, 0xD) is left out: General MIDI SoundFonts do not use it for the instruments the project writes.
KINDS = ("note_on", "note_off", "cc", "program", "pitch")
_KIND_OF_NIBBLE = {0x9: 0, 0x8: 1, 0xB: 2, 0xC: 3, 0xE: 4}
NOTE_ON, NOTE_OFF = 0, 1
# One row per event: 16 bytes, so 10^6 notes (2*10^6 events) take 32 MB.
EVENT_DTYPE = np.dtype([("frame", "<i8"), ("kind", "u1"), ("channel", "u1"), ("a", "<i2"), ("b", "u1")],
                       align=True)

DEFAULT_TEMPO = 500_000  # microseconds per quarter note: 120 BPM, the MIDI default
DEFAULT_METER = (4, 4)


@dataclass(frozen=True, slots=True)
class Event:
    """One event, as tests and status code see it (the schedule itself keeps them in columns)."""

    frame: int  # sample frame from the start of the schedule
    kind: str  # 'note_on', 'note_off', 'cc', 'program', 'pitch'
    channel: int
    a: int = 0  # note / controller / program / pitch bend (-8192..8191)
    b: int = 0  # velocity / controller value


@dataclass(frozen=True)
class Schedule:
    sample_rate: int
    table: np.ndarray  # EVENT_DTYPE rows, time-ordered; simultaneous events keep the file's order
    end_frame: int  # the MIDI file's length (mido.MidiFile.length) in frames
    ticks_per_beat: int
    tempos: tuple[tuple[int, int, int], ...]  # (tick, frame, microseconds per quarter)
    meters: tuple[tuple[int, int, int], ...]  # (tick, numerator, denominator)
    markers: tuple[tuple[int, str], ...]  # (frame, text) of marker meta events

    @property
    def events(self) -> tuple[Event, ...]:
        """The events as objects (for tests and small schedules; the renderer reads `table`)."""
        return tuple(Event(f, KINDS[k], c, a, b) for f, k, c, a, b in self.table.tolist())

    def channels_played(self) -> list[int]:
        return sorted(set(self.table["channel"][self.table["kind"] == NOTE_ON].tolist()))

    @property
    def seconds(self) -> float:
        return self.end_frame / self.sample_rate

    def tick_at(self, frame: int) -> float:
        """Musical position of a frame through the tempo map (inverse of the tick->frame mapping)."""
        index = max(0, bisect.bisect_right(self._tempo_frames, frame) - 1)
        tick, start, tempo = self.tempos[index]
        return tick + (frame - start) * 1_000_000 * self.ticks_per_beat / (tempo * self.sample_rate)

    def bar_starts(self, until_tick: float):
        """Ticks where bars start, up to `until_tick`. A time signature that arrives mid-bar starts a
        new bar there (that is how notation programs count a bar cut short)."""
        meters = list(self.meters)
        num, den = meters.pop(0)[1:] if meters and meters[0][0] == 0 else DEFAULT_METER
        tick = 0
        while tick <= until_tick:
            yield tick
            # at least a tick: a bar under one (refused when a file is read) must not stall the count
            following = tick + max(1, self.ticks_per_beat * 4 * num // den)
            while meters and meters[0][0] <= following:
                change_tick, num, den = meters.pop(0)
                following = min(following, change_tick) if change_tick > tick else following
            tick = following

    def bar_at(self, frame: int) -> int:
        """1-based bar number at a frame: bar_starts' count, by arithmetic per meter (the status line
        asks ten times a second, and a file may hold millions of bars)."""
        tick = self.tick_at(frame)
        meters = list(self.meters)
        num, den = meters.pop(0)[1:] if meters and meters[0][0] == 0 else DEFAULT_METER
        count, start = 0, 0
        for change_tick, next_num, next_den in meters + [(math.inf, 0, 1)]:
            bar = max(1, self.ticks_per_beat * 4 * num // den)
            if tick < change_tick:
                return count + int((tick - start) // bar) + 1
            count += -(-(change_tick - start) // bar)  # bars begun before the change
            start, num, den = change_tick, next_num, next_den
        return count

    @functools.cached_property
    def _tempo_frames(self) -> list[int]:
        return [f for _, f, _ in self.tempos]

    @functools.cached_property
    def _tempo_ticks(self) -> list[int]:
        return [t for t, _, _ in self.tempos]

    @functools.cached_property
    def _marker_frames(self) -> list[int]:
        return [f for f, _ in self.markers]

    def section_at(self, frame: int) -> str:
        """Text of the last marker at or before a frame ('' before the first)."""
        index = bisect.bisect_right(self._marker_frames, frame) - 1
        return self.markers[index][1] if index >= 0 else ""

    def bar_frames(self) -> tuple[int, ...]:
        """Frames of every bar line up to the end (the join points for endless playback)."""
        end_tick = self.tick_at(self.end_frame)
        return tuple(self.frame_at_tick(t) for t in self.bar_starts(end_tick))

    def ending_at_bar_line(self) -> Schedule:
        """The same schedule ending on the first bar line at or after its last note-off, so the
        next one joined after it starts on a downbeat (the final chord rings into a rest)."""
        offs = self.table["frame"][self.table["kind"] == NOTE_OFF]
        if not len(offs):
            return self
        last_tick = self.tick_at(int(offs.max())) - 0.5  # within half a tick is on the line (rounding)
        longest_bar = self.ticks_per_beat * 4 * max([n / d for _, n, d in self.meters] or [1])
        bar_tick = next(t for t in self.bar_starts(last_tick + longest_bar) if t >= last_tick)
        return dataclasses.replace(self, end_frame=self.frame_at_tick(bar_tick))

    def frame_at_tick(self, tick: int) -> int:
        index = max(0, bisect.bisect_right(self._tempo_ticks, tick) - 1)
        t0, f0, tempo = self.tempos[index]
        return f0 + _frames(tick - t0, tempo, self.ticks_per_beat, self.sample_rate)


def _frames(ticks: int, tempo: int, ticks_per_beat: int, sample_rate: int) -> int:
    """ticks at `tempo` us/quarter -> frames, rounded to nearest, in exact integer arithmetic."""
    scale = ticks_per_beat * 1_000_000
    return (ticks * tempo * sample_rate + scale // 2) // scale


def schedule_raw(raw: RawMidi, sample_rate: int = 44100, max_seconds: float | None = None) -> Schedule:
    """Every playable message of a read MIDI file at its sample frame, plus the tempo map, meters and
    markers. With `max_seconds`, a file that lasts longer is refused before anything is made of it."""
    tpb = raw.ticks_per_beat
    tempos = [(0, 0, DEFAULT_TEMPO)]
    meters, markers = [], []
    for tick, kind, payload in raw.metas:  # metas come in tick order
        if kind == META_TEMPO:
            t0, f0, tempo = tempos[-1]
            frame = f0 + _frames(tick - t0, tempo, tpb, sample_rate)
            entry = (tick, frame, int.from_bytes(payload, "big"))
            tempos[-1:] = [tempos[-1], entry] if t0 != tick else [entry]
        elif kind == META_METER:
            meter = (tick, payload[0], 2 ** payload[1])
            meters[-1:] = [meter] if meters and meters[-1][0] == tick else meters[-1:] + [meter]
    tempo_ticks = np.array([t for t, _, _ in tempos], np.int64)
    tempo_frames = np.array([f for _, f, _ in tempos], np.int64)
    tempo_values = np.array([v for _, _, v in tempos], np.int64)
    scale = tpb * 1_000_000

    def frames_of(ticks: np.ndarray) -> np.ndarray:
        """Exact integer frames for an array of ticks through the tempo map (Python ints past int64),
        all at once: a file may hold as many tempo changes as notes."""
        index = np.searchsorted(tempo_ticks, ticks, side="right") - 1
        delta, tempo = ticks - tempo_ticks[index], tempo_values[index]
        if len(ticks) and int(delta.max()) * int(tempo.max()) * sample_rate >= 2**62:
            delta, tempo = delta.astype(object), tempo.astype(object)  # past int64: exact Python ints
        return (tempo_frames[index] + (delta * tempo * sample_rate + scale // 2) // scale).astype(np.int64)

    end_frame = _frame_exact(raw.end_tick, tempos, tpb, sample_rate)
    if max_seconds is not None and end_frame > max_seconds * sample_rate:
        raise MidiReadError(f"lasts {_clock(end_frame / sample_rate)}, over the "
                            f"{_clock(max_seconds)} limit (--max-length SECONDS allows longer)")
    marked = [(tick, payload) for tick, kind, payload in raw.metas if kind == META_MARKER]
    marker_frames = frames_of(np.array([t for t, _ in marked], np.int64)).tolist()
    markers = [(frame, payload.decode("utf-8", errors="replace"))
               for frame, (_, payload) in zip(marker_frames, marked)]

    nibble = raw.status >> 4
    kind = np.full(len(nibble), 255, np.uint8)
    for value, code in _KIND_OF_NIBBLE.items():
        kind[nibble == value] = code
    kind[(kind == NOTE_ON) & (raw.data2 == 0)] = NOTE_OFF
    keep = kind != 255
    table = np.zeros(int(keep.sum()), EVENT_DTYPE)
    table["frame"] = frames_of(raw.ticks[keep])
    table["kind"] = kind[keep]
    table["channel"] = raw.status[keep] & 0x0F
    d1, d2 = raw.data1[keep].astype(np.int16), raw.data2[keep]
    is_pitch = table["kind"] == KINDS.index("pitch")
    table["a"] = np.where(is_pitch, (d2.astype(np.int16) << 7 | d1) - 8192, d1)
    table["b"] = np.where(is_pitch | (table["kind"] == KINDS.index("program")), 0, d2)
    table["b"][table["kind"] == NOTE_OFF] = 0
    return Schedule(sample_rate, table, end_frame, tpb, tuple(tempos), tuple(meters), tuple(markers))


def _frame_exact(tick: int, tempos, tpb: int, sample_rate: int) -> int:
    index = max(0, bisect.bisect_right([t for t, _, _ in tempos], tick) - 1)
    t0, f0, tempo = tempos[index]
    return f0 + _frames(tick - t0, tempo, tpb, sample_rate)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def schedule_bytes(data: bytes, sample_rate: int = 44100, max_seconds: float | None = None) -> Schedule:
    """The schedule of a standard MIDI file's bytes; MidiReadError says what is wrong with them."""
    return schedule_raw(read_midi_bytes(data), sample_rate, max_seconds)


def schedule_midi(midi: mido.MidiFile, sample_rate: int = 44100) -> Schedule:
    """The schedule of a mido.MidiFile (a piece just composed): read through the same reader as a
    file from disk, so there is one way MIDI becomes sound."""
    try:
        return schedule_bytes(midi_bytes_of(midi), sample_rate)
    except MidiReadError as error:
        raise RenderError(f"the composed MIDI: {error}") from None


def schedule_of(item, sample_rate: int, max_seconds: float | None = None) -> Schedule:
    """A RawMidi (a file already read and checked) or a mido.MidiFile (a piece just composed) as a
    schedule at `sample_rate`."""
    if isinstance(item, RawMidi):
        return schedule_raw(item, sample_rate, max_seconds)
    return schedule_midi(item, sample_rate)
