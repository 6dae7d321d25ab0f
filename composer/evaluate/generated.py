"""Melodies to evaluate: a generated set spanning the mood circle, scene files, or MIDI files."""

from __future__ import annotations

import math
import random
from pathlib import Path

from composer.evaluate.melodies import EvalMelody, from_ticks
from composer.feel import Feel, MomentFeel
from composer.scene.model import Instrument, Palette
from composer.piece import TICKS_PER_BEAT, Meter, Note

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
                meter=meter, words=(), ignored=())


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
    """The Melody track of a MIDI file (track name starting with 'Melody'), its timing read back to
    the written grid, with the Harmony track's sounding pitch classes as the chords, the key from
    the 'key: <tonic> <mode>' text (else the key signature) and the first time signature."""
    import mido

    from composer.errors import RenderError
    from composer.theory import Key, canonical_mode, parse_tonic

    try:
        midi = mido.MidiFile(str(path))
    except (OSError, EOFError, ValueError, KeyError, IndexError) as error:
        raise RenderError(f"{path}: not a readable MIDI file ({error})") from None
    scale = TICKS_PER_BEAT / midi.ticks_per_beat
    key, signature, meter = None, None, Meter(4, 4)
    tracks: dict[str, list[Note]] = {}
    for track in midi.tracks:
        name, now, sounding, notes = "", 0, {}, []
        for msg in track:
            now += msg.time
            if msg.type == "track_name":
                name = msg.name
            elif msg.type == "time_signature" and meter == Meter(4, 4):
                meter = Meter(msg.numerator, msg.denominator)
            elif msg.type == "text" and msg.text.startswith("key:") and len(msg.text.split()) == 3:
                _, name, mode = msg.text.split()
                if parse_tonic(name) is not None and canonical_mode(mode):
                    key = Key(parse_tonic(name), canonical_mode(mode))
            elif msg.type == "key_signature" and signature is None:
                signature = msg.key
            elif msg.type == "note_on" and msg.velocity > 0:
                sounding[msg.note] = now
            elif msg.type in ("note_off", "note_on") and msg.note in sounding:
                start = sounding.pop(msg.note)
                notes.append(Note(round(start * scale), round((now - start) * scale), msg.note, 80))
        for role in ("Melody", "Harmony"):
            if name.startswith(role) and role not in tracks:
                tracks[role] = notes
    if "Melody" not in tracks or not tracks["Melody"]:
        raise RenderError(f"{path}: no Melody track (a track whose name starts with 'Melody')")
    melody = [Note(_on_grid(n.start), max(1, _on_grid(n.start + n.duration) - _on_grid(n.start)),
                   n.pitch, n.velocity) for n in _monophonic(tracks["Melody"])]
    chords = None
    if tracks.get("Harmony"):
        chords = []
        for n in melody:
            pcs = tuple(sorted({h.pitch % 12 for h in tracks["Harmony"] if h.start <= n.start < h.end}))
            chords.append((n.start, n.start + 1, pcs))
    if key is None and signature is not None and parse_tonic(signature.rstrip("m")) is not None:
        key = Key(parse_tonic(signature.rstrip("m")), "minor" if signature.endswith("m") else "ionian")
    key = key or Key(0, "ionian")
    return from_ticks(Path(path).name, key.tonic, meter, melody, chords, reading_tonic(key))


# Performed timing (rubato, humanised onsets) is read back to the written grid: the nearest
# sixteenth or eighth-note triplet, so repeated figures are recognised as repeats.
GRIDS = (TICKS_PER_BEAT // 4, TICKS_PER_BEAT // 3)


def _on_grid(tick: int) -> int:
    return min((round(tick / g) * g for g in GRIDS), key=lambda t: (abs(t - tick), t))


def _monophonic(notes: list[Note]) -> list[Note]:
    """The top line: at each onset the highest note, cut where the next begins."""
    by_onset: dict[int, Note] = {}
    for n in notes:
        if n.start not in by_onset or n.pitch > by_onset[n.start].pitch:
            by_onset[n.start] = n
    line = [by_onset[t] for t in sorted(by_onset)]
    return [Note(n.start, min(n.duration, nxt.start - n.start), n.pitch, n.velocity)
            for n, nxt in zip(line, line[1:])] + line[-1:]


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

