"""Scene -> Feel: the numbers the rules work with. (Values here; the stage is `feel_of`.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    name: str  # General MIDI name, e.g. "Acoustic Grand Piano"
    program: int  # GM program 0..127


@dataclass(frozen=True)
class Palette:
    """What the setting contributes: the band, the texture, the space."""

    lead: Instrument
    harmony: Instrument
    bass: Instrument
    texture: Instrument | None  # None: no Texture part
    texture_pattern: str  # name in composer.arrange.patterns, e.g. "waves", "plucks", "pad"
    counter: Instrument | None
    drums: str | None  # None, or a kit style: "brushes", "light", "kit"
    register: int  # semitones to shift the band (+ brighter/higher, - darker/lower)
    reverb: int  # CC91 send 0..127
    chorus: int  # CC93 send 0..127
    tempo_nudge: float  # multiplies the tempo (0.9 = a little slower)
    sources: tuple[str, ...] = ()  # which setting words decided it, for explain


@dataclass(frozen=True)
class MomentFeel:
    name: str
    valence: float  # -1..1
    arousal: float  # -1..1
    intensity: float  # 0..1
    seconds: float | None  # requested length, when given in time
    bars: int | None  # requested length, when given in bars


@dataclass(frozen=True)
class Feel:
    valence: float  # -1 unpleasant .. 1 pleasant
    arousal: float  # -1 calm .. 1 excited
    tension: float  # 0..1: how much dissonance and suspense the music may carry
    brightness: float  # -1..1: time of day and weather (dawn/noon bright, small hours and fog dark)
    bpm: float  # the chosen tempo
    bpm_source: str  # which rule chose it, e.g. "tempo.bpm", "hint 'slow'", "mood (arousal -0.4)"
    seconds: float | None  # the whole piece's requested length (None when given in bars)
    bars: int | None
    palette: Palette
    moments: tuple[MomentFeel, ...]  # at least one; a scene without moments has one unnamed moment
    tonic: int | None  # override from [music] key
    mode: str | None  # override from [music] mode
    meter: tuple[int, int] | None  # override from [music] meter
    words: tuple[str, ...]  # the mood words understood
    ignored: tuple[str, ...]  # words not understood (loading refuses unknown words; remember() may ignore)
    notes: tuple[str, ...] = ()  # notices for the user (e.g. unknown place, fell back to ...)
