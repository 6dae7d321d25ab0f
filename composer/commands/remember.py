"""`memory-composer remember "TEXT" [--out FILE.mid] [--scene-out FILE.toml] [--seed N]`."""

from __future__ import annotations

import re
from pathlib import Path

import click

from composer.commands.compose import DEFAULT_OUT, summary
from composer.errors import SceneError


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "memory"


@click.command()
@click.argument("text")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="MIDI file to write (default renders/<title>-<seed>.mid).")
@click.option("--scene-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the scene understood (default renders/<title>.toml).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Seed (default: from the scene).")
def remember(text: str, out: Path | None, scene_out: Path | None, seed: int | None):
    """Compose from a free-text memory, and write the scene understood so you can edit it."""
    from composer import compose, scene_seed
    from composer.io.atomic import write_bytes
    from composer.io.midi import write_midi
    from composer.remember import scene_toml
    from composer.scene import parse_scene

    toml = scene_toml(text)
    try:
        scene = parse_scene(toml, "<text>")
    except SceneError as error:
        # The scene was written from the sentence: its line numbers mean nothing to the user.
        raise SceneError(error.message, file="<text>", field=error.field) from None
    slug = _slug(scene.title)
    scene_out = scene_out or DEFAULT_OUT / f"{slug}.toml"
    scene = parse_scene(toml, scene_out.name)
    seed = scene_seed(scene) if seed is None else seed
    piece = compose(scene, seed)
    target = out or DEFAULT_OUT / f"{slug}-{seed}.mid"
    write_bytes(scene_out, toml.encode("utf-8"))
    write_midi(piece, target)
    click.echo(str(scene_out))
    click.echo(str(target))
    click.echo(summary(piece))
