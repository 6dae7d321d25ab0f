"""The performed result. Everything downstream (MIDI, audio, score, piano roll) reads only a Piece."""

from __future__ import annotations

from dataclasses import dataclass

from composer.theory import Key

# One fixed resolution for all musical time inside the engine (the MIDI contract asks >= 480).
TICKS_PER_BEAT = 480
# Every composed note's velocity before performance shapes the dynamics (composer.perform); an
# arrangement's own accents are read relative to it.
NEUTRAL_VELOCITY = 80

# Part roles in track order; the MIDI track name starts with the role.
ROLES = ("Melody", "Harmony", "Bass", "Texture", "Counter", "Timpani", "Drums")
DRUM_CHANNEL = 9  # channel 10 as musicians count


@dataclass(frozen=True)
class Meter:
    numerator: int
    denominator: int

    @property
    def bar_ticks(self) -> int:
        return self.numerator * TICKS_PER_BEAT * 4 // self.denominator

    @property
    def compound(self) -> bool:
        """6/8, 9/8, 12/8: the felt beat is a dotted quarter."""
        return self.denominator == 8 and self.numerator % 3 == 0 and self.numerator > 3

    @property
    def pulse_ticks(self) -> int:
        """Length of the felt beat."""
        unit = TICKS_PER_BEAT * 4 // self.denominator
        return unit * 3 if self.compound else unit

    @property
    def pulses(self) -> int:
        return self.bar_ticks // self.pulse_ticks

    def strength(self, offset: int) -> int:
        """Metric weight of a position inside the bar: 3 downbeat, 2 mid-bar, 1 other beat, 0 off-beat."""
        if offset == 0:
            return 3
        if offset % self.pulse_ticks:
            return 0
        pulse = offset // self.pulse_ticks
        if self.pulses == 4 and pulse == 2:
            return 2
        return 1

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Note:
    start: int  # ticks from the piece's start
    duration: int  # ticks
    pitch: int  # MIDI note number
    velocity: int  # 1..127

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(frozen=True)
class Control:
    tick: int
    number: int  # MIDI controller number (64 sustain, 11 expression, 91 reverb, 93 chorus)
    value: int


@dataclass(frozen=True)
class Part:
    role: str  # one of ROLES
    instrument: str  # GM instrument name, shown in the track name
    program: int  # GM program 0..127 (ignored on the drum channel)
    channel: int  # 0..15, DRUM_CHANNEL for drums
    notes: tuple[Note, ...]
    controls: tuple[Control, ...] = ()

    @property
    def track_name(self) -> str:
        return f"{self.role} ({self.instrument})"


@dataclass(frozen=True)
class TempoChange:
    tick: int
    bpm: float


@dataclass(frozen=True)
class Marker:
    tick: int
    text: str


@dataclass(frozen=True)
class Piece:
    title: str
    key: Key
    meter: Meter
    tempos: tuple[TempoChange, ...]  # first one at tick 0
    sections: tuple[Marker, ...]  # a marker at the start of every section
    chords: tuple[Marker, ...]  # chord figures where they change (for explain and the piano roll)
    parts: tuple[Part, ...]
    end_tick: int  # where the last sonority stops ringing
    seed: int
    metadata: tuple[tuple[str, str], ...] = ()  # ('scene', 'beach.toml'), ('mood', 'tender, wistful') ...
    modulations: tuple[tuple[int, Key], ...] = ()  # (tick, key) where a section leaves the key before it
    steady_bpm: float | None = None  # the opening section's tempo, which the tempo map moves around
    # The bar of each phrase's cadence the melody sings, and its kind ('half', 'authentic' ...):
    # written as text events in the Melody track, for DAWs and for the evaluation's endings.
    cadences: tuple[Marker, ...] = ()

    @property
    def bpm(self) -> float:
        """The opening tempo in quarter notes per minute (as MIDI counts it): the first section's
        (the performance's phrase arches and breaths move a little either side of it), else the
        first tempo change's."""
        return self.steady_bpm if self.steady_bpm is not None else self.tempos[0].bpm

    @property
    def pulse_bpm(self) -> float:
        """The opening tempo in felt beats per minute (dotted quarters in 6/8)."""
        return self.bpm * TICKS_PER_BEAT / self.meter.pulse_ticks

    def part(self, role: str) -> Part | None:
        return next((p for p in self.parts if p.role == role), None)

    def seconds_at(self, tick: int) -> float:
        """Wall-clock time of a tick through the tempo map (the only place seconds appear)."""
        seconds, last_tick, bpm = 0.0, 0, self.tempos[0].bpm
        for change in self.tempos[1:]:
            if change.tick >= tick:
                break
            seconds += (change.tick - last_tick) / TICKS_PER_BEAT * 60.0 / bpm
            last_tick, bpm = change.tick, change.bpm
        return seconds + (tick - last_tick) / TICKS_PER_BEAT * 60.0 / bpm

    @property
    def duration_seconds(self) -> float:
        return self.seconds_at(self.end_tick)


def separate_repeats(notes, min_duration: int = 1) -> tuple[Note, ...]:
    """Notes sorted by onset, each shortened so it has stopped when its pitch is struck again
    (on one channel a re-struck pitch would cut or double itself); notes that would become
    shorter than `min_duration` are dropped, except the last of each pitch."""
    notes = sorted(set(notes), key=lambda n: (n.start, n.pitch, -n.duration, n.velocity))
    next_start: dict[int, int] = {}
    kept = []
    for n in reversed(notes):
        limit = next_start.get(n.pitch)
        if limit is not None and n.end > limit:
            n = Note(n.start, limit - n.start, n.pitch, n.velocity)
        if limit is None or n.duration >= min_duration:
            kept.append(n)
            next_start[n.pitch] = n.start
    return tuple(reversed(kept))
