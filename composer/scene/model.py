"""The scene as the user wrote it, validated and normalised (words lower-cased and stripped)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Instrument:
    name: str  # General MIDI name, e.g. "Acoustic Grand Piano"
    program: int  # GM program 0..127


@dataclass(frozen=True)
class Palette:
    """What the setting contributes (composer.scene.settings): the band, the texture, the space."""

    lead: Instrument
    harmony: Instrument
    bass: Instrument
    texture: Instrument | None  # None: no Texture part
    texture_pattern: str  # name in composer.patterns, e.g. "waves", "plucks", "pad"
    counter: Instrument | None
    drums: str | None  # None, or a kit style: "brushes", "light", "kit"
    register: int  # semitones to shift the band (+ brighter/higher, - darker/lower)
    reverb: int  # CC91 send 0..127
    chorus: int  # CC93 send 0..127
    tempo_nudge: float  # multiplies the tempo (0.9 = a little slower)
    sources: tuple[str, ...] = ()  # which setting words decided it, for explain


@dataclass(frozen=True)
class Length:
    """Either seconds or bars; never both."""

    seconds: float | None = None
    bars: int | None = None


@dataclass(frozen=True)
class Mood:
    words: tuple[str, ...] = ()  # as written, normalised; may include modifiers ("a little wistful")
    valence: float | None = None  # -1..1, wins over the words
    arousal: float | None = None  # -1..1, wins over the words


@dataclass(frozen=True)
class Setting:
    phrase: str | None = None  # the free phrase, e.g. "beach at dusk"
    place: str | None = None
    time: str | None = None
    weather: str | None = None
    season: str | None = None


@dataclass(frozen=True)
class Tempo:
    bpm: float | None = None
    range: tuple[float, float] | None = None
    hint: str | None = None  # "slow", "andante", "walking pace" ...


@dataclass(frozen=True)
class Music:
    key: int | None = None  # tonic pitch class
    key_name: str | None = None  # the tonic as written ("F#", "Bb")
    mode: str | None = None  # canonical mode name (composer.theory.MODES)
    meter: tuple[int, int] | None = None
    lead: str | None = None  # GM instrument name as resolved by composer.scene.instruments
    # A seamless loop: open ending, the last bar leading back into bar 1. Out of the repr, which
    # composer.scene_seed hashes: every scene keeps its derived seed, and a scene made a loop too.
    loop: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class Moment:
    name: str
    length: Length | None = None
    mood: Mood | None = None
    intensity: float | None = None  # 0..1


@dataclass(frozen=True)
class Scene:
    title: str
    source: str  # the file's name (or "<text>"), written into the MIDI metadata
    seed: int | None = None
    length: Length | None = None
    mood: Mood = field(default_factory=Mood)
    setting: Setting = field(default_factory=Setting)
    tempo: Tempo = field(default_factory=Tempo)
    music: Music = field(default_factory=Music)
    moments: tuple[Moment, ...] = ()
