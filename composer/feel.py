"""Scene -> Feel: the numbers the rules work with. (Values here; the stage is `feel_of`.)"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from composer.scene.lexicon import NEUTRAL, blend
from composer.scene.model import NO_FIGURE, Palette
from composer.character import affect
from composer.scene.settings import read_setting, with_mood


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
    words: tuple[str, ...]  # the mood words (every one understood: a Mood refuses unknown words)
    notes: tuple[str, ...] = ()  # notices for the user (e.g. unknown place, fell back to ...)
    tonic_name: str | None = None  # the override's spelling ("F#" rather than "Gb")
    hits: tuple = ()  # the scene's hit points (composer.scene.model.Hit), in time order


# ---------------------------------------------------------------------------------------------
# The stage: Scene -> Feel. Deterministic (no generator needed: nothing here is drawn).

# Tempo from mood (emotion-rules.md): tempo is mainly an arousal cue (Gabrielsson & Lindström;
# Eerola, Friberg & Bresin 2013), so arousal -1..1 maps linearly onto MOOD_BPM, a slightly narrower
# span than the 60-180 BPM of one published generator because these pieces are reflective; valence
# adds a small push (happiness a little faster than sadness at equal arousal, Juslin & Lindström
# 2010), VALENCE_BPM per unit. Both effects are non-negative, so raising arousal never lowers bpm.
MOOD_BPM: tuple[float, float] = (55.0, 160.0)
VALENCE_BPM = 6.0
# Inside a window from tempo.range or a hint the mood places the tempo: arousal -1 at the bottom,
# +1 at the top, valence moving it by VALENCE_WINDOW of the window per unit.
VALENCE_WINDOW = 0.05
# Where a mood-chosen tempo may land after the palette's nudge.
MOOD_BPM_LIMITS: tuple[float, float] = (40.0, 200.0)

# Tension (0..1) beyond the words' own: unpleasant and aroused states carry more dissonance and
# suspense (anger and fear sit at negative valence, high arousal; Russell 1980; the tension axis of
# Schimmack & Grob 2000). Without words the base is calm.
TENSION_BASE = 0.1
TENSION_PER_NEGATIVE_VALENCE = 0.2
TENSION_PER_AROUSAL = 0.1

# A moment's intensity (0..1) when the scene does not give one: louder and fuller with arousal
# (emotion-rules.md: loudness and density rise with arousal).
INTENSITY_AT_NEUTRAL = 0.5
INTENSITY_PER_AROUSAL = 0.35
INTENSITY_LIMITS: tuple[float, float] = (0.1, 1.0)


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _mood_numbers(mood, fallback: tuple[float, float, float] | None):
    """(valence, arousal, tension-from-words) for one Mood.

    Explicit valence/arousal win over words; the words' meanings (read at load) combine with
    lexicon.blend; no words and no numbers give the fallback (the scene's feel for a moment,
    NEUTRAL for the scene).
    """
    if mood is not None and mood.meanings:
        v, a, t = blend(mood.meanings)
    elif fallback is not None:
        v, a, t = fallback
    else:
        v, a = NEUTRAL[0], NEUTRAL[1]
        t = TENSION_BASE
    if mood is not None and mood.valence is not None:
        v = mood.valence
    if mood is not None and mood.arousal is not None:
        a = mood.arousal
    return _clamp(v, -1.0, 1.0), _clamp(a, -1.0, 1.0), t


def _has_mood(mood) -> bool:
    """Whether a Mood says anything: a word or a number."""
    return mood is not None and (mood.valence is not None or mood.arousal is not None
                                 or bool(mood.words))


def mood_bpm(valence: float, arousal: float) -> float:
    """The felt pulse per minute a mood alone asks for (before any palette nudge)."""
    low, high = MOOD_BPM
    return low + (arousal + 1) / 2 * (high - low) + VALENCE_BPM * valence


def window_bpm(window: tuple[float, float], valence: float, arousal: float) -> float:
    """Where the mood places the tempo inside a window: calm low, excited high."""
    low, high = window
    position = _clamp((arousal + 1) / 2 + VALENCE_WINDOW * valence, 0.0, 1.0)
    return low + position * (high - low)


def choose_bpm(tempo, valence: float, arousal: float, nudge: float) -> tuple[float, str]:
    """(bpm, the rule that chose it).

    The rule: explicit tempo.bpm > tempo.range > hint > mood. A range or a hint is a window the
    mood places the tempo in; only a tempo from mood alone is nudged by the setting's palette.
    bpm is the felt pulse per minute (dotted quarters in 6/8).
    """
    if tempo.bpm is not None:
        return float(tempo.bpm), "tempo.bpm"
    window, source = None, ""
    if tempo.range is not None:
        low, high = sorted(tempo.range)
        window, source = (float(low), float(high)), f"tempo.range {low:g}-{high:g}"
    elif tempo.window is not None:
        window, source = tempo.window, f"hint '{tempo.hint}'"
    if window is not None:
        bpm = window_bpm(window, valence, arousal)
        placed = "" if window[0] == window[1] else f", placed by arousal {arousal:+.2f}"
        return round(bpm, 2), source + placed
    bpm = _clamp(mood_bpm(valence, arousal) * nudge, *MOOD_BPM_LIMITS)
    why = f"mood (arousal {arousal:+.2f}, valence {valence:+.2f})"
    if nudge != 1.0:
        why += f" x setting nudge {nudge:g}"
    return round(bpm, 2), why


def tension_of(word_tension: float, valence: float, arousal: float, setting_tension: float) -> float:
    return round(_clamp(word_tension + TENSION_PER_NEGATIVE_VALENCE * max(0.0, -valence)
                        + TENSION_PER_AROUSAL * max(0.0, arousal) + setting_tension, 0.0, 1.0), 4)


def intensity_for(arousal: float) -> float:
    return round(_clamp(INTENSITY_AT_NEUTRAL + INTENSITY_PER_AROUSAL * arousal,
                        *INTENSITY_LIMITS), 4)


def feel_of(scene) -> Feel:
    """The feel of a scene (composer.scene.model.Scene): mood numbers, palette, tempo, moments.

    - valence/arousal: explicit numbers win over words; words combine with lexicon.blend; no mood
      at all: the moments' moods blended, else lexicon.NEUTRAL (gently pleasant, calm).
    - tension: the words' own tension, plus negative valence and high arousal, plus the setting's.
    - brightness: the setting's time of day, weather and season (settings.read_setting).
    - palette: settings.read_setting, with [music] lead winning, and the mood's colour over it
      (settings.with_mood: triumph's brass, play's pizzicato, a storm's low brass).
    - bpm (felt pulses per minute): tempo.bpm > tempo.range > tempo hint > mood (choose_bpm).
    - moments: one per scene moment with its own mood (else the scene's) and an intensity (given,
      else from arousal); a scene without moments gets one unnamed moment.
    """
    v, a, t_words = _mood_numbers(scene.mood, None)
    if not _has_mood(scene.mood):
        # No mood for the whole piece but moments with their own: the piece's home feel is their
        # blend (so the home key's mode suits the moments), rather than the neutral default.
        own = [_mood_numbers(m.mood, None) for m in scene.moments if _has_mood(m.mood)]
        if own:
            v, a, t_words = blend(own)
    all_words = list(scene.mood.words)
    reading = read_setting(scene.setting, scene.music.lead)
    palette, palette_notes = reading.palette, reading.notices
    if scene.music.figure is not None:  # [music] figure wins over the setting's
        palette = dataclasses.replace(
            palette, figure=None if scene.music.figure == NO_FIGURE else scene.music.figure,
            sources=palette.sources + (f"figure '{scene.music.figure}' from [music]",))
    brightness, setting_tension = reading.brightness, reading.tension
    bpm, bpm_source = choose_bpm(scene.tempo, v, a, palette.tempo_nudge)

    moments: list[MomentFeel] = []
    for moment in scene.moments:
        mv, ma, _ = _mood_numbers(moment.mood, (v, a, t_words))
        if moment.mood is not None:
            all_words += [w for w in moment.mood.words if w not in all_words]
        length = moment.length
        moments.append(MomentFeel(
            name=moment.name, valence=round(mv, 4), arousal=round(ma, 4),
            intensity=(round(_clamp(moment.intensity, 0.0, 1.0), 4) if moment.intensity is not None
                       else intensity_for(ma)),
            seconds=length.seconds if length is not None else None,
            bars=length.bars if length is not None else None))
    if not moments:
        moments.append(MomentFeel(name="", valence=round(v, 4), arousal=round(a, 4),
                                  intensity=intensity_for(a), seconds=None, bars=None))

    length = scene.length
    tension = tension_of(t_words, v, a, setting_tension)
    palette = with_mood(palette, affect(v, a, tension), scene.music.lead is not None)
    return Feel(
        valence=round(v, 4), arousal=round(a, 4),
        tension=tension,
        brightness=brightness, bpm=bpm, bpm_source=bpm_source,
        seconds=length.seconds if length is not None else None,
        bars=length.bars if length is not None else None,
        palette=palette, moments=tuple(moments),
        tonic=scene.music.key, tonic_name=scene.music.key_name, mode=scene.music.mode,
        meter=scene.music.meter,
        words=tuple(all_words), notes=palette_notes, hits=scene.hits)
