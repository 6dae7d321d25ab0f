"""`memory-composer render`, `play` and `devices`: hearing a scene or a MIDI file.

Thin: read the input (compose a scene, or read a MIDI file), call composer.io.audio / live, print.
Status and progress go to stderr so stdout stays the list of written files."""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path

import click

from composer.cli import path_type

from composer.errors import ComposerError, DeviceError, RenderError
from composer.limits import MAX_SECONDS, RING_SECONDS, SAMPLE_RATES

DEFAULT_OUT = Path("renders")
SCENE_SUFFIXES = (".toml",)
MIDI_SUFFIXES = (".mid", ".midi", ".smf")


def _is_scene(path: Path) -> bool:
    return path.suffix.lower() in SCENE_SUFFIXES


def load_input(path: Path, seed: int | None, max_seconds: float):
    """(RawMidi, stem for output names, one-line description) for a scene or a MIDI file. A MIDI
    file is checked whole here (its length against `max_seconds` too), so nothing is started for a
    file that cannot be played."""
    from composer.io.midi import MidiReadError, read_midi_bytes, read_midi_file
    from composer.io.schedule import schedule_raw

    if _is_scene(path):
        from composer import compose, load_scene, scene_seed
        from composer.commands.compose import summary
        from composer.io.midi import midi_bytes

        scene = load_scene(path)
        seed = scene_seed(scene) if seed is None else seed
        piece = compose(scene, seed)
        # Composing bounds its own length (the plan's limit); no further check.
        return read_midi_bytes(midi_bytes(piece)), f"{path.stem}-{seed}", summary(piece)
    if seed is not None:
        raise click.BadParameter("--seed applies to scene files; a MIDI file is already composed",
                                 param_hint="--seed")
    raw = read_midi_file(path)
    try:
        seconds = schedule_raw(raw, LENGTH_RATE, max_seconds).seconds
    except MidiReadError as error:
        raise RenderError(f"{path}: {error}") from None
    return raw, path.stem, f"{path.name}: {raw.tracks} tracks, {_clock(seconds)}"


# Rate for checking a file's length (any rate gives the same seconds, to the frame).
LENGTH_RATE = 1000


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _input_argument(function):
    return click.argument("source", metavar="SCENE.toml|PIECE.mid",
                          type=path_type(dir_okay=False))(function)


_soundfont_option = click.option(
    "--soundfont", type=path_type(),
    help="SoundFont file or folder (default: $MEMORY_COMPOSER_SOUNDFONT, soundfonts/, system fonts).")
_seed_option = click.option("--seed", type=click.IntRange(0, 2**31 - 1),
                            help="Seed for a scene (default: the scene's own).")


def _max_length_option(function):
    return click.option(
        "--max-length", "max_seconds", type=click.FloatRange(min=1.0),
        default=MAX_SECONDS + RING_SECONDS,
        show_default=True, metavar="SECONDS",
        help="Refuse MIDI files that last longer (the limit composing keeps to, with its final ring).")(function)


@click.command()
@_input_argument
@click.option("--out", type=path_type(dir_okay=False),
              help="WAV file to write (default: renders/<scene>-<seed>.wav or renders/<piece>.wav).")
@_soundfont_option
@click.option("--sample-rate", type=click.IntRange(*SAMPLE_RATES), default=44100, show_default=True)
@click.option("--bits", type=click.Choice(["16", "24"]), default="16", show_default=True)
@_seed_option
@_max_length_option
@click.option("--stems", is_flag=True,
              help="Also write one WAV per part beside the mix (<name>.Melody.wav ...), same length.")
def render(source: Path, out: Path | None, soundfont, sample_rate: int, bits: str, seed, max_seconds,
           stems: bool):
    """Render a scene or a MIDI file to a WAV file with FluidSynth."""
    from composer.io import atomic
    from composer.io.audio import check_format
    from composer.io.schedule import schedule_raw
    from composer.io.soundfont import find_soundfont
    from composer.io.stems import render_wav

    if out is not None and out.suffix.lower() not in (".wav", ".wave"):
        raise click.BadParameter(f"'{out}': render writes WAV files; name it .wav", param_hint="--out")
    check_format(sample_rate, int(bits))
    font = find_soundfont(soundfont)
    atomic.protect(source, font)  # whatever --out names, the input and the font are never written
    raw, stem, line = load_input(source, seed, max_seconds)
    schedule = schedule_raw(raw, sample_rate)
    target = out or DEFAULT_OUT / f"{stem}.wav"
    click.echo(f"SoundFont: {font}", err=True)
    click.echo(line, err=True)
    total_ms = max(1, int(schedule.seconds * 1000))
    with stopped_by_signals(), click.progressbar(length=total_ms, label="rendering", file=sys.stderr,
                                                 show_eta=False) as bar:
        def progress(done: float, total: float) -> None:
            bar.update(int(done * 1000) - bar.pos)

        parts = render_wav(raw, target, font, sample_rate, int(bits), progress, stems=stems,
                           schedule=schedule)
    result = parts.mix
    for path in (result.path, *parts.stems):
        click.echo(str(path))
    tail = result.seconds - result.music_seconds
    length = (f"{result.seconds:.3f} s loop (reverb tail folded into its start)" if parts.loop else
              f"{result.seconds:.1f} s ({result.music_seconds:.1f} s + {tail:.1f} s reverb tail)")
    click.echo(f"{length}, {result.bits}-bit {result.sample_rate} Hz, peak {result.peak_dbfs:.1f} dBFS, "
               f"{_loudness(result.path)}", err=True)


def _loudness(path: Path) -> str:
    """Integrated loudness (ITU-R BS.1770, composer.io.meter), or what to install to see it."""
    from composer.io import meter

    if not meter.available():
        return f"loudness needs pyloudnorm: {meter.INSTALL}"
    return f"{meter.wav_lufs(path):.1f} LUFS"


@contextlib.contextmanager
def stopped_by_signals(signals=(signal.SIGTERM, signal.SIGHUP)):
    """SIGTERM and SIGHUP end the command the way Ctrl-C does: by an exception in the main thread,
    so half-written files are removed and the audio stream is closed on the way out (by default
    they would kill the process where it stands). Exit status 128 + signal, as a shell reports it."""
    def stop(number, _frame):
        raise Stopped(number)

    previous = {number: signal.signal(number, stop) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class Stopped(ComposerError):
    def __init__(self, number: int):
        self.exit_code = 128 + number
        super().__init__(f"stopped by {signal.Signals(number).name}")


def underrun_line(result) -> str:
    """The one line about gaps after playing: what the player itself saw (blocks it had not ready)
    and what the device reported (output underflows)."""
    if not result.underruns and not result.device_underflows:
        return f"played {_clock(result.seconds)}, no underruns"
    return (f"played {_clock(result.seconds)}: {result.underruns} blocks not ready in time, "
            f"{result.device_underflows} device underflows (heard as gaps)")


class StatusLine:
    """The live status line on a terminal (rewritten in place); elsewhere one line per section."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_section = None
        self.width = 0

    def __call__(self, status) -> None:
        where = f"{status.kind} {status.piece} · " if status.piece > 1 else ""
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
@click.option("--loops", type=click.IntRange(1, 100_000), default=None,
              help="A loop (loop = true): play it round this many times (default: until Ctrl-C).")
@click.option("--for", "for_time", metavar="TIME",
              help="A loop: play it round for this long (seconds or m:ss), ending on a whole pass.")
@_max_length_option
def play(source: Path, device, soundfont, seed, endless: bool, max_seconds, loops, for_time):
    """Play a scene or a MIDI file live through the audio device (Ctrl-C stops); a loop plays
    round seamlessly until stopped, --loops times or --for a time."""
    seconds = None
    if for_time is not None:
        if loops is not None:
            raise click.UsageError("give --loops or --for, not both")
        from composer.scene.lengths import LengthProblem, parse_time

        try:
            seconds = parse_time(for_time)
        except LengthProblem as problem:
            raise click.BadParameter(str(problem), param_hint="--for") from None
        if seconds <= 0:
            raise click.BadParameter(f"'{for_time}' is no time to play for", param_hint="--for")
    repeat = "--loops" if loops is not None else "--for" if seconds is not None else None
    if endless and repeat:
        raise click.UsageError(f"{repeat} repeats one loop; --endless keeps composing: give one")
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
        raw, _, line = load_input(source, seed, max_seconds)
        midis = [raw]
        if repeat:
            from composer.io.loop import loop_end
            from composer.io.schedule import schedule_raw

            if loop_end(schedule_raw(raw, 44100)) is None:
                raise click.BadParameter(f"{repeat} repeats a loop: this piece is not one "
                                         "(loop = true in the scene's [music])", param_hint=repeat)
        click.echo(line, err=True)
    # A shell that starts a program in the background sets SIGINT to "ignore", and Python keeps
    # that; playback must still stop on Ctrl-C or a SIGINT, so the default handler is put back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    status = StatusLine()
    ended = []
    try:
        with stopped_by_signals():
            play_midis(midis, font, device, on_status=status, on_end=ended.append, prefetch=endless,
                       join_at_bars=endless, loops=loops, loop_seconds=seconds)
    finally:
        status.close()
        if ended:  # also when stopped: how much was heard, and whether it had gaps
            click.echo(underrun_line(ended[0]), err=True)


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
