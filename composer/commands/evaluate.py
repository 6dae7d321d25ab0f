"""`memory-composer evaluate [SCENES, MIDI files or folders...] [--scenes N] [--seeds 1-3]`.

Two tables. The melody table: the melodies beside Essen folk songs, Bach chorale soprano lines and a
random walk. The craft table: what a composer listens for (upbeats, cadences, bar rhythms, the
climax, cross-relations, unresolved dissonances, instrument ranges; forms, shared bars and tonics
over the set) beside the same corpora measured by the same code, with targets.

Scene files (.toml) are composed at each seed of --seeds (else their own seed); MIDI files are read
as they are; a folder stands for the scenes and MIDI files in it; --scenes N adds the first N
held-out scenes (composer.evaluate.generated). With none of these, the melody table measures
--count pieces around the mood circle and the craft table 12 held-out scenes at seed 1.
--loudness renders each scene (FluidSynth) and lists its integrated loudness in order of arousal.
"""

from __future__ import annotations

import stat
from pathlib import Path

import click

from composer.cli import path_type

from composer.commands.compose import SeedRange
from composer.errors import ComposerError

# How many melodies the melody table measures by default (here and in benchmarks/musicality.py).
# Each figure is a mean per melody, and one draw of 100 moved the repeated 4-note patterns by
# ±0.007 and the Y&L overlaps by about ±0.01 with nothing but the seeds changed (seeds 1-100
# against 101-200 and 201-300, 2026-11-26): as much as a change under test moves them. 300
# melodies shrink that by √3 for under a minute more of composing.
DEFAULT_COUNT = 300
DEFAULT_SCENES = 12
SCENE_SUFFIXES = (".toml",)
MIDI_SUFFIXES = (".mid", ".midi")


def expand(paths) -> list[Path]:
    """Files to evaluate: each path as given, a folder as the scenes and MIDI files in it."""
    out = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise ComposerError(f"{path}: no such file or folder") from None
        except OSError as error:
            raise ComposerError(f"{path}: cannot read ({error.strerror or error})") from None
        if stat.S_ISDIR(mode):
            found = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in SCENE_SUFFIXES + MIDI_SUFFIXES and p.is_file())
            if not found:
                raise ComposerError(f"{path}: a folder with no scene (.toml) or MIDI (.mid) files")
            out.extend(found)
        elif not stat.S_ISREG(mode):
            raise ComposerError(f"{path}: not a regular file (evaluate reads scene and MIDI files)")
        elif path.suffix.lower() not in SCENE_SUFFIXES + MIDI_SUFFIXES:
            raise ComposerError(f"{path}: neither a scene (.toml) nor a MIDI file (.mid)")
        else:
            out.append(path)
    return out


@click.command()
@click.argument("files", nargs=-1, type=path_type())
@click.option("--scenes", "held_out", type=click.IntRange(0, 1000), default=None,
              help="Add this many held-out generated scenes.")
@click.option("--seeds", type=SeedRange(), help="Compose every scene at these seeds: 1-3, or 1,4,9.")
@click.option("--count", "-n", default=DEFAULT_COUNT, show_default=True,
              help="How many pieces to generate around the mood circle when no files are given.")
@click.option("--loudness", is_flag=True,
              help="Render each scene and list its integrated loudness (LUFS) by arousal.")
@click.option("--rebuild-references", is_flag=True,
              help="Parse music21's Essen and Bach corpora again (minutes) and rewrite the "
                   "reference file before evaluating.")
@click.option("--per-piece", is_flag=True, help="Also list every piece's craft figures.")
@click.option("--json", "json_out", type=path_type(dir_okay=False),
              help="Also write the craft figures, per piece too, as JSON to this file.")
@click.option("--strict", is_flag=True, help="Exit non-zero when a target is missed.")
def evaluate(files, held_out, seeds, count, loudness, rebuild_references, per_piece, json_out,
             strict):
    """Measure melodies and craft beside Essen folk songs, Bach chorales and targets."""
    from composer import load_scene
    from composer.evaluate import evaluate as run_melodies, format_report
    from composer.evaluate.craft_report import (compose_pieces, craft_report, format_craft,
                                                format_pieces)
    from composer.evaluate.generated import circle_melodies, held_out_scenes, score_melody
    from composer.evaluate.score import read_score

    if count < 1:
        raise click.BadParameter("must be at least 1", param_hint="--count")
    if rebuild_references:
        _rebuild()
    paths = expand(files)
    scenes = [load_scene(p) for p in paths if p.suffix.lower() in SCENE_SUFFIXES]
    midis = {}
    for path in paths:
        if path.suffix.lower() in MIDI_SUFFIXES:
            score = read_score(path)
            # The project's files name their scene and seed, so a batch's files group by seed.
            midis[(score.text("scene") or path.name, score.seed)] = score
    circle = not paths and held_out is None  # the default run
    if circle:
        held_out, seeds = DEFAULT_SCENES, seeds or (1,)
    scenes += list(held_out_scenes(held_out or 0))
    progress = _progress(len(scenes) * len(seeds or (0,)))
    pieces = compose_pieces(scenes, seeds, progress)
    click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
    pieces.update(midis)

    melodies = list(circle_melodies(count)) if circle else [score_melody(s) for s in pieces.values()]
    melody_report = run_melodies(melodies)
    click.echo(format_report(melody_report))
    craft = craft_report(pieces)
    click.echo("")
    click.echo(format_craft(craft))
    if per_piece:
        click.echo("")
        click.echo(format_pieces(craft))
    failures = melody_report.failures() + craft.failures()
    if loudness:
        from composer.evaluate.loudness import format_loudness, loudness_rows

        rows, ok = loudness_rows(scenes)
        click.echo("")
        click.echo(format_loudness(rows, ok))
        failures += () if ok else ("loudness does not follow arousal",)
    if json_out is not None:
        import json

        from composer.evaluate.craft_report import craft_json
        from composer.io.atomic import write_bytes

        data = craft_json(craft)
        data["melody_failures"] = list(melody_report.failures())
        try:
            write_bytes(json_out, json.dumps(data, indent=1).encode("utf-8"))
        except OSError as error:
            raise ComposerError(f"{json_out}: cannot write ({error.strerror or error})") from None
    if strict and failures:
        raise ComposerError(f"{len(failures)} target(s) missed")


def _progress(total: int):
    def show(done: int) -> None:
        click.echo(f"\rcomposing {done}/{total}", nl=False, err=True)

    return show


def _rebuild() -> None:
    from composer.evaluate.references import build_references

    try:
        import music21  # noqa: F401  (the corpora ship inside it)
    except ImportError:
        raise ComposerError("rebuilding the references needs music21: "
                            "pip install 'memory-composer[theory]'") from None
    sizes = build_references(progress=lambda text: click.echo(text, err=True))
    click.echo("references rebuilt: " + ", ".join(f"{k} {v}" for k, v in sizes.items()), err=True)
