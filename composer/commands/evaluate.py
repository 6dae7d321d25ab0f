"""`memory-composer evaluate [SCENES or MIDI files...]`: the musicality table.

With no files, a generated set spanning the mood circle is measured. Scene files (.toml) are
composed with their own seed; MIDI files (.mid/.midi) are read for their Melody track.
"""

from __future__ import annotations

from pathlib import Path

import click

from composer.errors import ComposerError

DEFAULT_COUNT = 100


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--count", "-n", default=DEFAULT_COUNT, show_default=True,
              help="How many pieces to generate around the mood circle when no files are given.")
@click.option("--rebuild-references", is_flag=True,
              help="Parse music21's Essen and Bach corpora again (minutes) and rewrite the "
                   "reference file before evaluating.")
@click.option("--strict", is_flag=True, help="Exit non-zero when a target is missed.")
def evaluate(files, count, rebuild_references, strict):
    """Measure melodies beside Essen folk songs, Bach chorales and a random walk."""
    from composer.evaluate import evaluate as run, format_report
    from composer.evaluate.generated import circle_melodies, midi_melody, scene_melody

    if count < 1:
        raise click.BadParameter("must be at least 1", param_hint="--count")
    if rebuild_references:
        from composer.evaluate.references import build_references

        try:
            import music21  # noqa: F401  (the corpora ship inside it)
        except ImportError:
            raise ComposerError("rebuilding the references needs music21: "
                                "pip install 'memory-composer[theory]'") from None
        sizes = build_references(progress=lambda text: click.echo(text, err=True))
        click.echo("references rebuilt: " + ", ".join(f"{k} {v}" for k, v in sizes.items()),
                   err=True)
    melodies = []
    for path in files:
        if not path.is_file():
            raise ComposerError(f"{path}: no such file")
        if path.suffix.lower() in (".mid", ".midi"):
            melodies.append(midi_melody(path))
        else:
            melodies.append(scene_melody(path))
    if not files:
        melodies = list(circle_melodies(count))
    report = run(melodies)
    click.echo(format_report(report))
    if strict and report.failures():
        raise ComposerError(f"{len(report.failures())} musicality target(s) missed")
