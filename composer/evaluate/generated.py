"""Melodies to evaluate: a generated set spanning the mood circle, scene files, or MIDI files."""

from __future__ import annotations

import math
import random
from pathlib import Path

from composer.evaluate.melodies import EvalMelody, from_ticks
from composer.evaluate.score import read_score
from composer.feel import Feel, MomentFeel
from composer.scene.model import Instrument, Palette

PIANO = Instrument("Acoustic Grand Piano", 0)
STRINGS = Instrument("String Ensemble 1", 48)
BASS = Instrument("Acoustic Bass", 32)
METERS = ((4, 4), (3, 4), (6, 8))
# Sections of a multi-moment piece wander a quarter of the circle around the piece's own mood.
MOMENT_SWING = math.pi / 4


def circle_feel(index: int, count: int, meter: tuple[int, int] | None = None) -> Feel:
    """The index-th of `count` feels spread evenly around the valence/arousal circle, at two radii,
    with lengths of one to two minutes and (every third piece) three moments of their own. The
    metre is the plan's choice from the mood unless given."""
    angle = 2 * math.pi * index / count
    radius = 0.9 if index % 2 else 0.45
    v, a = radius * math.cos(angle), radius * math.sin(angle)
    seconds = 60.0 + 30.0 * (index % 3)
    bpm = 66 + 40 * (a + 1)
    if index % 3 == 2:
        moments = tuple(
            MomentFeel(f"moment {k + 1}", round(radius * math.cos(angle + s), 3),
                       round(radius * math.sin(angle + s), 3), 0.4 + 0.25 * k, seconds / 3, None)
            for k, s in enumerate((0.0, MOMENT_SWING, 0.0)))
    else:
        moments = (MomentFeel("", v, a, 0.5, None, None),)
    palette = Palette(lead=PIANO, harmony=STRINGS, bass=BASS, texture=None, texture_pattern="pad",
                      counter=None, drums=None, register=0, reverb=40, chorus=0, tempo_nudge=1.0,
                      sources=("evaluation",))
    return Feel(valence=round(v, 3), arousal=round(a, 3), tension=round(max(0.0, -v) * 0.5, 3),
                brightness=0.0, bpm=bpm, bpm_source="evaluation", seconds=seconds, bars=None,
                palette=palette, moments=moments, tonic=None, mode=None,
                meter=meter, words=())


def reading_tonic(key) -> int:
    """The major tonic the evaluation reads a key against: the tonic itself for modes with a major
    third, the relative major's for modes with a minor third. Transposing that to C puts every
    tune on C major or A minor, as the references are, and a mode differs only by its altered
    steps (D dorian reads as A minor with F sharp; G mixolydian as C major with B flat)."""
    return (key.tonic + 3) % 12 if key.is_minor_family else key.tonic


def _chords(progression) -> list[tuple[int, int, tuple[int, ...]]]:
    return [(s.start, s.end, s.chord.pcs) for s in progression]


def compose_parts(plan, seed: int):
    """Harmony and melody for a plan, each stage with its own generator (as composer.compose)."""
    from composer import stage_rng
    from composer.harmony import harmonize
    from composer.melody import compose_melody

    progression = harmonize(plan, stage_rng(seed, "harmony"))
    return progression, compose_melody(plan, progression, stage_rng(seed, "melody"))


def circle_melodies(count: int, first_seed: int = 1) -> tuple[EvalMelody, ...]:
    from composer import stage_rng
    from composer.plan import plan_piece

    out = []
    for i in range(count):
        seed = first_seed + i
        plan = plan_piece(circle_feel(i, count), f"circle {i + 1}", stage_rng(seed, "plan"))
        progression, notes = compose_parts(plan, seed)
        out.append(from_ticks(f"circle-{i + 1} ({plan.key.label}, {plan.meter})", plan.key.tonic,
                              plan.meter, notes, _chords(progression),
                              reading_tonic(plan.key)))
    return tuple(out)


def scene_melody(path: Path, seed: int | None = None) -> EvalMelody:
    from composer import compose_plan, load_scene, scene_seed

    scene = load_scene(path)
    seed = scene_seed(scene) if seed is None else seed
    plan = compose_plan(scene, seed)
    progression, notes = compose_parts(plan, seed)
    return from_ticks(Path(path).name, plan.key.tonic, plan.meter, notes, _chords(progression),
                      reading_tonic(plan.key))


def midi_melody(path: Path) -> EvalMelody:
    """The Melody track of a MIDI file (composer.evaluate.score reads it)."""
    return score_melody(read_score(path))


def score_melody(score) -> EvalMelody:
    """The melody of a Score as the melody table measures it: its top line read back to the
    written grid, the Harmony part's sounding pitch classes under each note (one sweep over both,
    so a long file costs no more than its notes), the home key and the metre."""
    from composer.errors import RenderError
    from composer.evaluate.craft import melody_line

    line = melody_line(score)
    if not line:
        raise RenderError(f"{score.name}: no Melody track (a track whose name starts with 'Melody')")
    chords = None
    harmony = score.role("Harmony")
    if harmony is not None:
        chords, active, i = [], [], 0
        notes = harmony.notes  # sorted by onset
        for n in line:
            while i < len(notes) and notes[i].start <= n.start:
                active.append(notes[i])
                i += 1
            active = [h for h in active if h.end > n.start]
            chords.append((n.start, n.start + 1, tuple(sorted({h.pitch % 12 for h in active}))))
    return from_ticks(score.name, score.key.tonic, score.meter, line, chords,
                      reading_tonic(score.key))


def random_walk(melody: EvalMelody, seed: int, low: int = 55, high: int = 86) -> EvalMelody:
    """The floor: a random diatonic walk (moves of up to two scale steps either way, equally
    likely, from the tonic) on the same rhythm, key and chords as `melody`, so only the choice of
    pitches differs."""
    from composer.evaluate.melodies import EvalNote

    rng = random.Random(seed)
    steps = [0, 2, 4, 5, 7, 9, 11]  # the walk keeps to the notes of the key's signature
    parent = melody.tonic if melody.parent is None else melody.parent
    degree = 7 * 5 + steps.index((melody.tonic - parent) % 12)  # starts on the tonic
    out = []
    for n in melody.notes:
        pitch = 12 * (degree // 7) + steps[degree % 7] + parent
        while pitch > high:
            degree -= 7
            pitch -= 12
        while pitch < low:
            degree += 7
            pitch += 12
        tone = None if n.chord is None else pitch % 12 in n.chord
        out.append(EvalNote(n.onset, n.duration, pitch, n.strength, tone, n.chord))
        degree += rng.choice((-2, -1, 0, 1, 2))
    return EvalMelody(f"walk {melody.name}", melody.tonic, melody.meter, tuple(out), melody.parent)



# ---- held-out scenes: scene files the composer was never tuned on -------------------------------

# Mood words by region of the valence/arousal circle, so the set spans it (each word is in the
# scene lexicon; the test loads every scene). Scene i takes its region from i, its words, setting,
# length, tempo hint and moments from a generator seeded by i: the same set every run.
HELD_OUT_MOODS = (
    ("joyful", "excited", "playful", "cheerful", "elated", "triumphant"),  # bright, aroused
    ("tense", "angry", "anxious", "frightened", "restless", "furious"),  # dark, aroused
    ("sad", "lonely", "grieving", "melancholy", "gloomy", "weary"),  # dark, calm
    ("calm", "peaceful", "tender", "content", "serene", "dreamy"),  # bright, calm
    ("nostalgic", "bittersweet", "wistful", "hopeful", "curious", "in awe"),  # mixed
)
HELD_OUT_PLACES = ("beach", "forest", "mountain", "desert", "city street", "subway", "cafe",
                   "cathedral", "park", "lake", "river", "train", "highway", "hospital", "kitchen",
                   "market", "rooftop", "airport", "harbour", "library", "playground", "village",
                   "festival", "campfire", "cemetery", "attic", "ballroom", "car")
HELD_OUT_TIMES = ("dawn", "morning", "noon", "afternoon", "golden hour", "dusk", "evening", "night",
                  "midnight", "small hours")
HELD_OUT_WEATHER = ("rain", "snow", "storm", "fog", "wind", "sun", "cloud", "cold")
HELD_OUT_SEASONS = ("spring", "summer", "autumn", "winter")
HELD_OUT_TEMPI = ("slow", "andante", "walking pace", "moderato", "fast", "allegro", "very slow")
HELD_OUT_LENGTHS = ("0:40", "1:00", "1:30", "2:00", "2:30", "3:00", "16 bars", "32 bars")
MOMENT_NAMES = ("arrival", "the turn", "a memory", "the height of it", "letting go", "after")


def held_out_scene(index: int) -> tuple[str, str]:
    """(file name, TOML text) of the index-th held-out scene (0-based)."""
    rng = random.Random(f"memory-composer:held-out:{index}")
    region = HELD_OUT_MOODS[index % len(HELD_OUT_MOODS)]
    words = rng.sample(region, rng.choice((1, 2, 3)))
    if rng.random() < 0.25:  # a mixed feeling borrows a word from the next region
        words.append(rng.choice(HELD_OUT_MOODS[(index + 1) % len(HELD_OUT_MOODS)]))
    lines = [f'title = "Held-out scene {index + 1}"', f"mood = {_toml_list(words)}"]
    setting = [f'place = "{rng.choice(HELD_OUT_PLACES)}"', f'time = "{rng.choice(HELD_OUT_TIMES)}"']
    if rng.random() < 0.5:
        setting.append(f'weather = "{rng.choice(HELD_OUT_WEATHER)}"')
    if rng.random() < 0.5:
        setting.append(f'season = "{rng.choice(HELD_OUT_SEASONS)}"')
    if rng.random() < 0.4:
        lines.append(f'tempo = "{rng.choice(HELD_OUT_TEMPI)}"')
    moments = rng.choice((0, 0, 0, 2, 3, 4))
    if not moments:
        lines.append(f'length = "{rng.choice(HELD_OUT_LENGTHS)}"')
    lines += ["", "[setting]"] + setting
    for k in range(moments):
        mood = rng.choice(HELD_OUT_MOODS[(index + k) % len(HELD_OUT_MOODS)])
        lines += ["", "[[moments]]", f'name = "{MOMENT_NAMES[k]}"',
                  f'length = "0:{rng.choice((20, 25, 30, 40, 45)):02d}"',
                  f"intensity = {rng.choice((0.2, 0.4, 0.6, 0.8, 1.0))}",
                  f"mood = {_toml_list([mood])}"]
    return f"held-out-{index + 1:02d}.toml", "\n".join(lines) + "\n"


def _toml_list(words) -> str:
    return "[" + ", ".join(f'"{w}"' for w in words) + "]"


def held_out_scenes(count: int):
    """The first `count` held-out scenes, loaded (Scene values)."""
    from composer.scene import parse_scene

    for i in range(count):
        name, text = held_out_scene(i)
        yield parse_scene(text, name)
