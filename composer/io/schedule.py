"""The project's own event schedule: any standard MIDI file -> time-ordered events on the sample clock.

Offline rendering and live playback both walk this list, so what is played is exactly what is
rendered. Frames are computed exactly from integer microseconds through the tempo map (no float
drift over long pieces); the bar/section lookups feed the live status line."""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

import mido

# Channel-voice messages the synthesizer acts on, mapped to the kinds the synth wrapper dispatches.
# note_on with velocity 0 is a note_off (MIDI 1.0 running-status convention). Aftertouch and sysex
# are left out: General MIDI SoundFonts do not use them for the instruments the project writes.
KINDS = {
    "note_on": "note_on",
    "note_off": "note_off",
    "control_change": "cc",
    "program_change": "program",
    "pitchwheel": "pitch",
}

DEFAULT_TEMPO = 500_000  # microseconds per quarter note: 120 BPM, the MIDI default
DEFAULT_METER = (4, 4)


@dataclass(frozen=True, slots=True)
class Event:
    frame: int  # sample frame from the start of the schedule
    kind: str  # 'note_on', 'note_off', 'cc', 'program', 'pitch'
    channel: int
    a: int = 0  # note / controller / program / pitch bend (-8192..8191)
    b: int = 0  # velocity / controller value


@dataclass(frozen=True)
class Schedule:
    sample_rate: int
    events: tuple[Event, ...]  # time-ordered; simultaneous events keep the file's order
    end_frame: int  # the MIDI file's length (mido.MidiFile.length) in frames
    ticks_per_beat: int
    tempos: tuple[tuple[int, int, int], ...]  # (tick, frame, microseconds per quarter)
    meters: tuple[tuple[int, int, int], ...]  # (tick, numerator, denominator)
    markers: tuple[tuple[int, str], ...]  # (frame, text) of marker meta events

    @property
    def seconds(self) -> float:
        return self.end_frame / self.sample_rate

    def tick_at(self, frame: int) -> float:
        """Musical position of a frame through the tempo map (inverse of the tick->frame mapping)."""
        index = max(0, bisect.bisect_right([f for _, f, _ in self.tempos], frame) - 1)
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
            following = tick + self.ticks_per_beat * 4 * num // den
            while meters and meters[0][0] <= following:
                change_tick, num, den = meters.pop(0)
                following = min(following, change_tick) if change_tick > tick else following
            tick = following

    def bar_at(self, frame: int) -> int:
        """1-based bar number at a frame."""
        return sum(1 for _ in self.bar_starts(self.tick_at(frame)))

    def section_at(self, frame: int) -> str:
        """Text of the last marker at or before a frame ('' before the first)."""
        index = bisect.bisect_right([f for f, _ in self.markers], frame) - 1
        return self.markers[index][1] if index >= 0 else ""

    def bar_frames(self) -> tuple[int, ...]:
        """Frames of every bar line up to the end (the join points for endless playback)."""
        end_tick = self.tick_at(self.end_frame)
        return tuple(self.frame_at_tick(t) for t in self.bar_starts(end_tick))

    def ending_at_bar_line(self) -> Schedule:
        """The same schedule ending on the first bar line at or after its last note-off, so the
        next one joined after it starts on a downbeat (the final chord rings into a rest)."""
        offs = [e.frame for e in self.events if e.kind == "note_off"]
        if not offs:
            return self
        last_tick = self.tick_at(max(offs)) - 0.5  # within half a tick is on the line (rounding)
        longest_bar = self.ticks_per_beat * 4 * max([n / d for _, n, d in self.meters] or [1])
        bar_tick = next(t for t in self.bar_starts(last_tick + longest_bar) if t >= last_tick)
        return dataclasses.replace(self, end_frame=self.frame_at_tick(bar_tick))

    def frame_at_tick(self, tick: int) -> int:
        index = max(0, bisect.bisect_right([t for t, _, _ in self.tempos], tick) - 1)
        t0, f0, tempo = self.tempos[index]
        return f0 + _frames(tick - t0, tempo, self.ticks_per_beat, self.sample_rate)


def _frames(ticks: int, tempo: int, ticks_per_beat: int, sample_rate: int) -> int:
    """ticks at `tempo` us/quarter -> frames, rounded to nearest, in exact integer arithmetic."""
    scale = ticks_per_beat * 1_000_000
    return (ticks * tempo * sample_rate + scale // 2) // scale


def _messages(midi: mido.MidiFile):
    """(absolute tick, message) in playing order. Types 0 and 1 play their tracks together; type 2
    tracks are independent sequences played one after another."""
    if midi.type == 2:
        offset = 0
        for track in midi.tracks:
            tick = offset
            for message in track:
                tick += message.time
                yield tick, message
            offset = tick
        return
    # Tracks merged by absolute tick; at equal ticks earlier tracks first, each track in its own
    # order (what mido.merge_tracks does, without copying and re-checking every message).
    timed = []
    for number, track in enumerate(midi.tracks):
        tick = 0
        for position, message in enumerate(track):
            tick += message.time
            timed.append((tick, number, position, message))
    timed.sort(key=lambda item: item[:3])
    for tick, _, _, message in timed:
        yield tick, message


def schedule_midi(midi: mido.MidiFile, sample_rate: int = 44100) -> Schedule:
    """Every playable message of `midi` at its sample frame, plus the tempo map, meters and markers."""
    tpb = midi.ticks_per_beat
    events, markers, meters = [], [], []
    tempos = [(0, 0, DEFAULT_TEMPO)]
    # Exact position: frames at the last tempo change plus ticks since, at that tempo.
    base_tick, base_frame, tempo = 0, 0, DEFAULT_TEMPO
    tick = 0
    for tick, message in _messages(midi):
        frame = base_frame + _frames(tick - base_tick, tempo, tpb, sample_rate)
        if message.is_meta:
            if message.type == "set_tempo":
                base_tick, base_frame, tempo = tick, frame, message.tempo
                if tempos[-1][0] == tick:
                    tempos[-1] = (tick, frame, tempo)
                else:
                    tempos.append((tick, frame, tempo))
            elif message.type == "time_signature":
                meter = (tick, message.numerator, message.denominator)
                meters = [m for m in meters if m[0] != tick] + [meter]
            elif message.type == "marker":
                markers.append((frame, message.text))
            continue
        kind = KINDS.get(message.type)
        if kind is None:
            continue
        if kind == "note_on":
            if message.velocity == 0:
                events.append(Event(frame, "note_off", message.channel, message.note))
            else:
                events.append(Event(frame, kind, message.channel, message.note, message.velocity))
        elif kind == "note_off":
            events.append(Event(frame, kind, message.channel, message.note))
        elif kind == "cc":
            events.append(Event(frame, kind, message.channel, message.control, message.value))
        elif kind == "program":
            events.append(Event(frame, kind, message.channel, message.program))
        else:
            events.append(Event(frame, kind, message.channel, message.pitch))
    end_frame = base_frame + _frames(tick - base_tick, tempo, tpb, sample_rate)
    return Schedule(sample_rate, tuple(events), end_frame, tpb, tuple(tempos), tuple(meters),
                    tuple(markers))
