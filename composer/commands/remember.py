"""`memory-composer remember "TEXT" | - | --from-file FILE [--out FILE.mid] [--scene-out FILE.toml] [--seed N]`."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import click

from composer.cli import path_type, shown
from composer.commands.compose import DEFAULT_OUT, MIDI_SUFFIXES, is_stdout, summary
from composer.errors import SceneError

# A memory is a paragraph or a page, not a book: more is refused before it is read whole.
MAX_TEXT_BYTES = 64 * 1024


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "memory"


def _decode(data: bytes, where: str) -> str:
    if len(data) > MAX_TEXT_BYTES:
        raise SceneError(f"is more than {MAX_TEXT_BYTES // 1024} KB of text; a memory is shorter",
                         file=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SceneError(f"is not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start}); "
                         "save it as UTF-8", file=where) from None


def _read_text(text: str | None, from_file: Path | None) -> tuple[str, str]:
    """(the memory, how messages name it) from the argument, stdin ('-') or a file."""
    if (text is None) == (from_file is None):
        raise click.UsageError("give the memory as TEXT, as - (read stdin) or with --from-file, once")
    if from_file is not None:
        where = shown(os.fsdecode(from_file))
        try:
            info = os.stat(from_file)
            if stat.S_ISDIR(info.st_mode):
                raise SceneError("is a folder, not a text file", file=where)
            if not stat.S_ISREG(info.st_mode):
                raise SceneError("is not a regular file (a pipe or a device); give a text file",
                                 file=where)
            with open(from_file, "rb") as handle:
                return _decode(handle.read(MAX_TEXT_BYTES + 1), where), where
        except OSError as error:
            raise SceneError(f"cannot read: {error.strerror or error}", file=where) from None
    if text == "-":
        return _decode(sys.stdin.buffer.read(MAX_TEXT_BYTES + 1), "<stdin>"), "<stdin>"
    # Bytes of the command line that are not UTF-8 arrive as surrogate escapes.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SceneError(f"is not UTF-8 (byte 0x{ord(text[error.start]) - 0xDC00:02x} at "
                         f"{error.start}); give the memory as UTF-8 text", file="<text>") from None
    return _decode(text.encode("utf-8"), "<text>"), "<text>"


@click.command()
@click.argument("text", required=False)
@click.option("--from-file", type=path_type(dir_okay=False),
              help="Read the memory from a UTF-8 text file (or give TEXT as - to read stdin).")
@click.option("--out", type=path_type(dir_okay=False),
              help="MIDI file to write (default renders/<title>-<seed>.mid).")
@click.option("--scene-out", type=path_type(dir_okay=False),
              help="Where to write the scene understood (default renders/<title>.toml).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), help="Seed (default: from the scene).")
def remember(text: str | None, from_file: Path | None, out: Path | None, scene_out: Path | None,
             seed: int | None):
    """Compose from a free-text memory, and write the scene understood so you can edit it."""
    from composer import compose, scene_seed
    from composer.io import atomic
    from composer.io.midi import write_midi
    from composer.remember import scene_toml
    from composer.scene import parse_scene

    memory, where = _read_text(text, from_file)
    if out is not None and out.suffix.lower() not in MIDI_SUFFIXES and not atomic.is_stream(out):
        raise click.BadParameter(f"'{shown(str(out))}': remember writes a MIDI file; name it .mid",
                                 param_hint="--out")
    toml = scene_toml(memory)
    try:
        scene = parse_scene(toml, where)
    except SceneError as error:
        # The scene was written from the sentence: its line numbers mean nothing to the user.
        raise SceneError(error.message, file=where, field=error.field) from None
    slug = _slug(scene.title)
    scene_out = scene_out or DEFAULT_OUT / f"{slug}.toml"
    scene = parse_scene(toml, scene_out.name)
    seed = scene_seed(scene) if seed is None else seed
    piece = compose(scene, seed)
    target = out or DEFAULT_OUT / f"{slug}-{seed}.mid"
    if from_file is not None:
        atomic.protect(from_file)
    # The scene and its MIDI file are written together: never a scene without its music.
    with atomic.together():
        atomic.write_bytes(scene_out, toml.encode("utf-8"))
        write_midi(piece, target)
    err = any(is_stdout(p) for p in (scene_out, target))  # the music went to stdout
    click.echo(shown(str(scene_out)), err=err)
    click.echo(shown(str(target)), err=err)
    click.echo(summary(piece), err=err)
