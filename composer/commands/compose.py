"""`memory-composer compose SCENE... [--seed N | --seeds A-B] [--out FILE.mid] [--jobs N] [--wav] [--png]`."""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from composer.errors import ComposerError
from composer.piece import Piece

DEFAULT_OUT = Path("renders")
MAX_SEEDS = 10_000


def summary(piece: Piece) -> str:
    """One line: title, key and mode, tempo, meter, length, sections, seed."""
    seconds = round(piece.duration_seconds)
    beat = " (dotted quarter)" if piece.meter.compound else ""
    return (f"{piece.title} — {piece.key.label}, {piece.pulse_bpm:.0f} BPM{beat}, {piece.meter}, "
            f"{seconds // 60}:{seconds % 60:02d}, {len(piece.sections)} section"
            f"{'' if len(piece.sections) == 1 else 's'}, seed {piece.seed}")


class SeedRange(click.ParamType):
    """'7', '1-50' or '1,4,9' -> a tuple of seeds."""

    name = "seeds"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        seeds = []
        try:
            for part in str(value).split(","):
                low, _, high = part.strip().partition("-")
                a, b = int(low), int(high or low)
                if a > b or a < 0 or b >= 2**31:
                    raise ValueError
                seeds.extend(range(a, b + 1))
                if len(seeds) > MAX_SEEDS:
                    self.fail(f"at most {MAX_SEEDS} seeds", param, ctx)
        except ValueError:
            self.fail(f"'{value}' is not a seed, a range like 1-50, or a list like 1,4,9", param, ctx)
        return tuple(seeds)


@dataclass(frozen=True)
class Job:
    scene: Path
    seed: int | None
    out: Path | None
    out_dir: Path
    wav: bool
    png: bool
    stem: str | None = None  # the output name's start, when not the scene file's own


def scene_files(paths) -> list[Path]:
    """Files as given; folders give their *.toml files in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.glob("*.toml"))
            if not inside:
                raise ComposerError(f"{path}: no .toml scene files in this folder")
            found.extend(inside)
        else:
            found.append(path)
    return found


def run(job: Job) -> tuple[list[Path], str]:
    """Compose one scene with one seed and write what was asked; returns (paths, summary)."""
    from composer import compose as compose_piece, load_scene, scene_seed
    from composer.io.midi import piece_to_midi, write_midi

    scene = load_scene(job.scene)
    seed = scene_seed(scene) if job.seed is None else job.seed
    piece = compose_piece(scene, seed)
    target = job.out or job.out_dir / f"{job.stem or job.scene.stem}-{seed}.mid"
    write_midi(piece, target)
    written = [target]
    if job.png:
        from composer.io.pianoroll import draw

        draw(piece, target.with_suffix(".png"))
        written.append(target.with_suffix(".png"))
    if job.wav:
        from composer.io.audio import render_midi

        render_midi(piece_to_midi(piece), target.with_suffix(".wav"))
        written.append(target.with_suffix(".wav"))
    return written, summary(piece)


def _report(written, line):
    for path in written:
        click.echo(str(path))
    click.echo(line)


@click.command()
@click.argument("scenes", metavar="SCENE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--seed", type=click.IntRange(0, 2**31 - 1),
              help="Seed (default: the scene's own, else one derived from its content).")
@click.option("--seeds", type=SeedRange(), help="Several seeds: 1-50, or 1,4,9.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="MIDI file to write (one scene and seed only; default renders/<scene>-<seed>.mid).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for the files when --out is not given.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes for a batch (default: all cores).")
@click.option("--wav", is_flag=True, help="Also render audio beside the MIDI file (FluidSynth).")
@click.option("--png", is_flag=True, help="Also draw a piano roll beside the MIDI file.")
def compose(scenes, seed, seeds, out, out_dir, jobs, wav, png):
    """Compose SCENE files (or folders of them) into multi-track MIDI files."""
    if seed is not None and seeds:
        raise click.UsageError("give --seed or --seeds, not both")
    # A scene named twice (or reached through two spellings of its path) composes once, and keeps
    # the spelling the user gave for its messages.
    unique: dict[Path, Path] = {}
    for f in scene_files(scenes):
        unique.setdefault(f.resolve() if f.exists() else f, f)
    files = list(unique.values())
    plan = [Job(f, s, out, out_dir, wav, png) for f in files for s in dict.fromkeys(seeds or (seed,))]
    if out is not None and len(plan) > 1:
        raise click.UsageError("--out names one file: use --out-dir for several scenes or seeds")
    if len(plan) > 1:
        plan = _named(plan)
    if len(plan) == 1:
        _report(*run(plan[0]))
        return
    failures = _batch(plan, jobs or os.cpu_count() or 1)
    click.echo(f"{len(plan) - failures} composed, {failures} failed", err=True)
    if failures:
        raise ComposerError(f"{failures} of {len(plan)} pieces failed (see above)")


def _named(plan: list[Job]) -> list[Job]:
    """Give each job of a batch its own file: <scene>-<seed>.mid, with the scene's folder in
    front where two scenes share a name, so no piece overwrites another."""
    stems: dict[str, set[Path]] = {}
    for job in plan:
        stems.setdefault(job.scene.stem, set()).add(job.scene)
    named = []
    for job in plan:
        clash = len(stems[job.scene.stem]) > 1
        stem = f"{job.scene.parent.name}-{job.scene.stem}" if clash else job.scene.stem
        named.append(dataclasses.replace(job, stem=stem))
    return named


def _batch(plan: list[Job], jobs: int) -> int:
    """Compose every job, in processes when jobs > 1; a failing scene is reported and the rest
    go on. Results are printed in the order of the jobs so the output is repeatable."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: dict[int, tuple] = {}
    show = sys.stderr.isatty()
    with click.progressbar(length=len(plan), label="composing", file=sys.stderr if show else None,
                           hidden=not show) as bar:
        if jobs == 1:
            for i, job in enumerate(plan):
                results[i] = _attempt(job)
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(plan))) as pool:
                futures = {pool.submit(_attempt, job): i for i, job in enumerate(plan)}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
    failures = 0
    for i in range(len(plan)):
        ok, value = results[i]
        if ok:
            _report(*value)
        else:
            failures += 1
            click.echo(f"memory-composer: {value}", err=True)
    return failures


def _attempt(job: Job):
    try:
        return True, run(job)
    except ComposerError as error:
        return False, str(error)
