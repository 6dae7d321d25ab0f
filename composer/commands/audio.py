"""`memory-composer render`, `play` and `devices`: hearing a scene or a MIDI file.

Thin: read the input (compose a scene, or read a MIDI file), call composer.io.audio / live, print.
Status and progress go to stderr so stdout stays the list of written files."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from composer.errors import DeviceError, RenderError
from composer.limits import SAMPLE_RATES

DEFAULT_OUT = Path("renders")
SCENE_SUFFIXES = (".toml",)
MIDI_SUFFIXES = (".mid", ".midi", ".smf")


def _is_scene(path: Path) -> bool:
    return path.suffix.lower() in SCENE_SUFFIXES


def read_midi(path: Path):
    """A standard MIDI file, or a RenderError naming the file."""
    import mido

    try:
        return mido.MidiFile(path)
    except FileNotFoundError:
        raise RenderError(f"{path}: no such file") from None
    except (OSError, EOFError, ValueError, KeyError, IndexError) as error:
        raise RenderError(f"{path}: not a readable standard MIDI file ({error})") from None


def load_input(path: Path, seed: int | None):
    """(mido.MidiFile, stem for output names, one-line description) for a scene or a MIDI file."""
    if _is_scene(path):
        from composer import compose, load_scene, scene_seed
        from composer.commands.compose import summary
        from composer.io.midi import piece_to_midi

        scene = load_scene(path)
        seed = scene_seed(scene) if seed is None else seed
        piece = compose(scene, seed)
        return piece_to_midi(piece), f"{path.stem}-{seed}", summary(piece)
    if seed is not None:
        raise click.BadParameter("--seed applies to scene files; a MIDI file is already composed",
                                 param_hint="--seed")
    midi = read_midi(path)
    return midi, path.stem, f"{path.name}: {len(midi.tracks)} tracks, {_clock(midi.length)}"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _input_argument(function):
    return click.argument("source", metavar="SCENE.toml|PIECE.mid",
                          type=click.Path(dir_okay=False, path_type=Path))(function)


_soundfont_option = click.option(
    "--soundfont", type=click.Path(path_type=Path),
    help="SoundFont file or folder (default: $MEMORY_COMPOSER_SOUNDFONT, soundfonts/, system fonts).")
_seed_option = click.option("--seed", type=click.IntRange(0, 2**31 - 1),
                            help="Seed for a scene (default: the scene's own).")


@click.command()
@_input_argument
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="WAV file to write (default: renders/<scene>-<seed>.wav or renders/<piece>.wav).")
@_soundfont_option
@click.option("--sample-rate", type=click.IntRange(*SAMPLE_RATES), default=44100, show_default=True)
@click.option("--bits", type=click.Choice(["16", "24"]), default="16", show_default=True)
@_seed_option
def render(source: Path, out: Path | None, soundfont, sample_rate: int, bits: str, seed):
    """Render a scene or a MIDI file to a WAV file with FluidSynth."""
    from composer.io.audio import render_midi
    from composer.io.soundfont import find_soundfont

    if out is not None and out.suffix.lower() not in (".wav", ".wave"):
        raise click.BadParameter(f"'{out}': render writes WAV files; name it .wav", param_hint="--out")
    font = find_soundfont(soundfont)
    midi, stem, line = load_input(source, seed)
    target = out or DEFAULT_OUT / f"{stem}.wav"
    click.echo(f"SoundFont: {font}", err=True)
    click.echo(line, err=True)
    total_ms = max(1, int(midi.length * 1000))
    with click.progressbar(length=total_ms, label="rendering", file=sys.stderr,
                           show_eta=False) as bar:
        def progress(done: float, total: float) -> None:
            bar.update(int(done * 1000) - bar.pos)

        result = render_midi(midi, target, soundfont=font, sample_rate=sample_rate, bits=int(bits),
                             progress=progress)
    click.echo(str(result.path))
    tail = result.seconds - result.music_seconds
    click.echo(f"{result.seconds:.1f} s ({result.music_seconds:.1f} s + {tail:.1f} s reverb tail), "
               f"{result.bits}-bit {result.sample_rate} Hz, peak {result.peak_dbfs:.1f} dBFS", err=True)


class StatusLine:
    """The live status line on a terminal (rewritten in place); elsewhere one line per section."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_section = None
        self.width = 0

    def __call__(self, status) -> None:
        where = f"piece {status.piece} · " if status.piece > 1 else ""
        text = f"{where}{status.section or '—'} · bar {status.bar} · {_clock(status.seconds)}"
        if self.tty:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
            self.stream.flush()
        elif (status.piece, status.section) != self.last_section:
            self.stream.write(text + "\n")
            self.stream.flush()
        self.last_section = (status.piece, status.section)

    def close(self) -> None:
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()


@click.command()
@_input_argument
@click.option("--device", help="Output device number or (part of its) name (see `devices`).")
@_soundfont_option
@_seed_option
@click.option("--endless", is_flag=True,
              help="Keep composing: fresh variations drifting through the scene's moments.")
def play(source: Path, device, soundfont, seed, endless: bool):
    """Play a scene or a MIDI file live through the audio device (Ctrl-C stops)."""
    from composer.io.live import play_midis
    from composer.io.soundfont import find_soundfont

    font = find_soundfont(soundfont)
    click.echo(f"SoundFont: {font}", err=True)
    if endless:
        if not _is_scene(source):
            raise click.BadParameter("--endless composes as it plays: give a scene file",
                                     param_hint="SCENE.toml")
        from composer import load_scene, scene_seed
        from composer.endless import endless_midis

        scene = load_scene(source)
        start = scene_seed(scene) if seed is None else seed
        midis = endless_midis(scene, start)
    else:
        midi, _, line = load_input(source, seed)
        click.echo(line, err=True)
        midis = [midi]
    # A shell that starts a program in the background sets SIGINT to "ignore", and Python keeps
    # that; playback must still stop on Ctrl-C or a SIGINT, so the default handler is put back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    status = StatusLine()
    try:
        result = play_midis(midis, font, device, on_status=status, prefetch=endless,
                            join_at_bars=endless)
    finally:
        status.close()
    if result.underruns:
        click.echo(f"{result.underruns} audio blocks came late (heard as gaps)", err=True)


@click.command()
def devices():
    """List audio output devices (and MIDI output ports where the system has them)."""
    from composer.io.live import midi_output_ports, output_devices

    found = output_devices()
    if not found:
        raise DeviceError("no audio output device found (PortAudio sees none)")
    click.echo("Audio output devices:")
    for d in found:
        mark = "  (default)" if d.default else ""
        click.echo(f"  {d.index:>3}: {d.name} [{d.host_api}, {d.channels} ch, "
                   f"{d.sample_rate:g} Hz]{mark}")
    ports = midi_output_ports()
    if ports:
        click.echo("MIDI output ports:")
        for name in ports:
            click.echo(f"       {name}")
