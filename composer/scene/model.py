"""The scene as the user wrote it, validated and normalised (words lower-cased and stripped)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from composer.scene.instruments import Instrument
from composer.scene.lexicon import VAT, lookup_mood
from composer.scene.tempo_words import parse_tempo_text


class UnknownWord(ValueError):
    """A mood or tempo word the lexicons do not know; the loader says where it was written."""

    def __init__(self, kind: str, word: str):
        super().__init__(f"unknown {kind} '{word}'")
        self.word = word


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
    figure: str | None = None  # the tune's idea paints the place: a name in melody.motif.FIGURES


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
    # Each word's (valence, arousal, tension), looked up once when the mood is made (at load);
    # the feel stage only blends them. Out of the repr, which the scene's digest hashes.
    meanings: tuple[VAT, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        meanings = []
        for word in self.words:
            meaning = lookup_mood(word)
            if meaning is None:
                raise UnknownWord("mood word", word)
            meanings.append(meaning)
        object.__setattr__(self, "meanings", tuple(meanings))


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
    # The hint's window in BPM, read once when the tempo is made (at load); out of the repr.
    window: tuple[float, float] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        window = None
        if self.hint is not None:
            window = parse_tempo_text(self.hint)
            if window is None:
                raise UnknownWord("tempo", self.hint)
        object.__setattr__(self, "window", window)


NO_FIGURE = "none"  # [music] figure = "none": the mood's own opening, whatever the setting


@dataclass(frozen=True)
class Music:
    key: int | None = None  # tonic pitch class
    key_name: str | None = None  # the tonic as written ("F#", "Bb")
    mode: str | None = None  # canonical mode name (composer.theory.MODES)
    meter: tuple[int, int] | None = None
    lead: Instrument | None = None  # resolved at load (composer.scene.instruments)
    # A seamless loop: open ending, the last bar leading back into bar 1. Out of the repr, which
    # composer.scene_seed hashes: every scene keeps its derived seed, and a scene made a loop too.
    loop: bool = field(default=False, repr=False)
    # How the tune's idea opens (a name in composer.melody.motif.FIGURES, or NO_FIGURE), over the
    # setting's; out of the repr for the same reason as loop.
    figure: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Moment:
    name: str
    length: Length | None = None
    mood: Mood | None = None
    intensity: float | None = None  # 0..1


# What a hit point asks of the music at its time (issue 15): a phrase's cadence arriving, the
# piece's climax, an accent in every part, the music stopping (a general pause) or a new section.
HIT_KINDS = ("cadence", "climax", "accent", "stop", "section")
# Words a film composer also uses for them.
HIT_ALIASES = {"silence": "stop", "pause": "stop", "cut": "stop", "sting": "accent", "stab": "accent",
               "hit": "accent", "peak": "climax", "summit": "climax", "close": "cadence",
               "new section": "section", "height": "climax"}


def names_climax(name: str) -> bool:
    """Whether a moment's name names the piece's climax in the hit points' words (HIT_KINDS'
    "climax" and its aliases: "the peak", "the summit", "the height of it"), which a composer
    reads as a place for the music's height (composer.form.registers)."""
    words = set(re.findall(r"[a-z]+", name.lower()))
    return any(kind == "climax" and word in words
               for word, kind in (("climax", "climax"), *HIT_ALIASES.items()))


@dataclass(frozen=True)
class Hit:
    """A moment on picture the music must meet: on a downbeat, at `at` seconds from the start."""

    at: float  # seconds
    kind: str  # one of HIT_KINDS
    number: int  # its place among the scene's [[hits]], from 1 (hits are kept in time order)


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
    # Out of the repr, which composer.scene_seed hashes: hits reshape the scene's piece (phrase
    # lengths, tempo) but do not make it another piece with another derived seed.
    hits: tuple[Hit, ...] = field(default=(), repr=False)
