"""`memory-composer compose SCENE [--seed N] [--out FILE.mid]`."""

from __future__ import annotations

from pathlib import Path

import click

from composer.piece import Piece

DEFAULT_OUT = Path("renders")


def summary(piece: Piece) -> str:
    """One line: title, key and mode, tempo, meter, length, sections, seed."""
    seconds = round(piece.duration_seconds)
    return (f"{piece.title} — {piece.key.label}, {piece.bpm:g} BPM, {piece.meter}, "
            f"{seconds // 60}:{seconds % 60:02d}, {len(piece.sections)} section"
            f"{'' if len(piece.sections) == 1 else 's'}, seed {piece.seed}")


@click.command()
@click.argument("scene_path", metavar="SCENE", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Seed (default: the scene's own, "
              "else one derived from its content).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="MIDI file to write (default: renders/<scene>-<seed>.mid).")
def compose(scene_path: Path, seed: int | None, out: Path | None):
    """Compose SCENE (a .toml scene file) into a multi-track MIDI file."""
    from composer import compose as compose_piece, load_scene, scene_seed
    from composer.io.midi import write_midi

    scene = load_scene(scene_path)
    seed = scene_seed(scene) if seed is None else seed
    piece = compose_piece(scene, seed)
    target = out or DEFAULT_OUT / f"{scene_path.stem}-{seed}.mid"
    write_midi(piece, target)
    click.echo(str(target))
    click.echo(summary(piece))
