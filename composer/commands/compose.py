"""`memory-composer compose SCENE... [--seed N | --seeds A-B] [--out FILE.mid] [--jobs N] [--wav [--stems]]
[--png] [--score FILE.musicxml|FILE.pdf]`."""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from composer.cli import Stopped, path_type, shown
from composer.errors import ComposerError
from composer.piece import Piece

DEFAULT_OUT = Path("renders")
MAX_SEEDS = 10_000
MAX_SEED = 2**31 - 1
MIDI_SUFFIXES = (".mid", ".midi")


def summary(piece: Piece) -> str:
    """One line: title, key and mode, tempo, meter, length, sections, seed."""
    seconds = round(piece.duration_seconds)
    beat = " (dotted quarter)" if piece.meter.compound else ""
    return (f"{shown(piece.title)} — {piece.key.label}, {piece.pulse_bpm:.0f} BPM{beat}, {piece.meter}, "
            f"{seconds // 60}:{seconds % 60:02d}, {len(piece.sections)} section"
            f"{'' if len(piece.sections) == 1 else 's'}, seed {piece.seed}")


_SEED_PART = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


class SeedRange(click.ParamType):
    """'7', '1-50' or '1,4,9' -> a tuple of seeds. The count is checked before any list is built,
    so a range of two billion is refused at once."""

    name = "seeds"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        ranges = []
        for part in str(value).split(","):
            found = _SEED_PART.match(part)
            if not found or len(part) > 40:
                self.fail(f"'{shown(value)}' is not a seed, a range like 1-50, or a list like 1,4,9",
                          param, ctx)
            low = int(found.group(1))
            high = int(found.group(2) or low)
            if high > MAX_SEED:
                self.fail(f"seeds go from 0 to {MAX_SEED}, not {high}", param, ctx)
            if low > high:
                self.fail(f"'{part.strip()}' runs backwards; write the smaller seed first", param, ctx)
            ranges.append((low, high))
        if sum(high - low + 1 for low, high in ranges) > MAX_SEEDS:
            self.fail(f"at most {MAX_SEEDS} seeds at once", param, ctx)
        return tuple(dict.fromkeys(s for low, high in ranges for s in range(low, high + 1)))


@dataclass(frozen=True)
class Job:
    scene: Path
    seed: int | None
    target: Path
    wav: bool
    png: bool
    inputs: tuple[Path, ...] = ()  # every file the command reads: never written over
    stems: bool = False  # with wav: one WAV per part beside the mix (named after the parts)
    score: Path | None = None  # MusicXML or PDF score to write
    rerolls: tuple[str, ...] = ()  # moments to compose afresh, each 'name:SEED' (composer.reroll)


def scene_files(paths) -> list[Path]:
    """Files as given; folders give their *.toml files in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.toml") if not p.is_dir())
            if not inside:
                raise ComposerError(f"{shown(str(path))}: no .toml scene files in this folder")
            found.extend(inside)
        else:
            found.append(path)
    return found


def outputs(job: Job) -> list[Path]:
    """The files one job writes: the MIDI file, then the piano roll and the audio beside it."""
    return [job.target] + ([job.target.with_suffix(".png")] if job.png else []) \
        + ([job.target.with_suffix(".wav")] if job.wav else []) \
        + ([job.score] if job.score is not None else [])


def run(job: Job) -> tuple[list[Path], str]:
    """Compose one scene with one seed and write what was asked, all of it or (on any error)
    none of it; returns (paths, summary)."""
    from composer import compose as compose_piece, compose_plan, load_scene, scene_seed
    from composer.io import atomic
    from composer.io.midi import write_midi
    from composer.perform import hit_warnings

    atomic.protect(job.scene, *job.inputs)
    scene = load_scene(job.scene)
    seed = scene_seed(scene) if job.seed is None else job.seed
    rerolls = ()
    if job.rerolls:
        from composer.reroll import parse_rerolls

        rerolls = parse_rerolls(scene, job.rerolls)
    piece = compose_piece(scene, seed, rerolls=rerolls)
    # Hit points the music could not meet are said (the plan again is cheap and the same plan).
    warnings = "".join(f"\nmemory-composer: warning: {shown(str(job.scene))}: {w}"
                       for w in hit_warnings(compose_plan(scene, seed), piece)) if scene.hits else ""
    written = outputs(job)
    with atomic.together():
        write_midi(piece, job.target)
        if job.png:
            from composer.io.pianoroll import draw

            draw(piece, job.target.with_suffix(".png"))
        if job.wav:
            from composer.io.midi import midi_bytes, read_midi_bytes
            from composer.io.soundfont import find_soundfont
            from composer.io.stems import render_wav

            rendered = render_wav(read_midi_bytes(midi_bytes(piece)), job.target.with_suffix(".wav"),
                                  find_soundfont(None), stems=job.stems)
            written += list(rendered.stems)
        if job.score is not None:
            from composer.io.score import write_score

            write_score(piece, job.score)
    line = summary(piece)
    again = " ".join(f"--reroll {shlex.quote(r.spec)}" for r in rerolls)
    if len(rerolls) == 1:
        line += f"\n{rerolls[0].describe()} ({again} composes it again)"
    elif rerolls:
        line += "".join(f"\n{r.describe()}" for r in rerolls) + f"\n({again} composes it again)"
    return written, line + warnings


def is_stdout(path: Path) -> bool:
    try:
        a, b = os.stat(path), os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _report(written, line):
    # When the music itself went to stdout, the list of files must not be mixed into it.
    err = any(is_stdout(p) for p in written)
    for path in written:
        click.echo(shown(str(path)), err=err)
    click.echo(line, err=err)


def _check_out(out: Path, wav: bool, png: bool) -> None:
    """--out names a MIDI file: a .wav or .png beside it must never be the file itself."""
    from composer.io.atomic import is_stream

    if is_stream(out):
        if wav or png:
            raise click.BadParameter(f"'{shown(str(out))}' is a device or pipe; --wav and --png "
                                     "need a file name ending in .mid", param_hint="--out")
        return
    if out.suffix.lower() not in MIDI_SUFFIXES:
        raise click.BadParameter(f"'{shown(str(out))}': compose writes MIDI files; name it .mid "
                                 "(--wav and --png files are written beside it)", param_hint="--out")


@click.command()
@click.argument("scenes", metavar="SCENE...", nargs=-1, required=True,
                type=path_type())
@click.option("--seed", type=click.IntRange(0, MAX_SEED),
              help="Seed (default: the scene's own, else one derived from its content).")
@click.option("--seeds", type=SeedRange(), help="Several seeds: 1-50, or 1,4,9.")
@click.option("--out", type=path_type(dir_okay=False),
              help="MIDI file to write (one scene and seed only; default renders/<scene>-<seed>.mid).")
@click.option("--out-dir", type=path_type(file_okay=False), default=DEFAULT_OUT,
              show_default=True, help="Folder for the files when --out is not given.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes for a batch (default: all cores).")
@click.option("--wav", is_flag=True, help="Also render audio beside the MIDI file (FluidSynth).")
@click.option("--png", is_flag=True, help="Also draw a piano roll beside the MIDI file.")
@click.option("--stems", is_flag=True, help="With --wav: also one WAV per part beside the mix.")
@click.option("--score", type=path_type(dir_okay=False),
              help="Also write the score: FILE.musicxml (music21), or FILE.pdf (engraved by MuseScore 3).")
@click.option("--reroll", metavar="MOMENT[:SEED]", multiple=True,
              help="Compose one moment (its name or number) afresh and keep every other note; "
                   "without a seed a fresh one is picked and printed. Repeat it for more moments.")
@click.option("--reroll-seed", type=click.IntRange(0, MAX_SEED), help="The seed for --reroll.")
def compose(scenes, seed, seeds, out, out_dir, jobs, wav, png, stems, score, reroll, reroll_seed):
    """Compose SCENE files (or folders of them) into multi-track MIDI files."""
    if seed is not None and seeds:
        raise click.UsageError("give --seed or --seeds, not both")
    if reroll_seed is not None and not reroll:
        raise click.UsageError("--reroll-seed is the seed of a --reroll: give --reroll MOMENT too")
    # A scene named twice (or reached through two spellings of its path) composes once, and keeps
    # the spelling the user gave for its messages.
    unique: dict[Path, Path] = {}
    for f in scene_files(scenes):
        unique.setdefault(f.resolve() if f.exists() else f, f)
    files = list(unique.values())
    wanted = list(seeds or (seed,))
    if out is not None:
        if len(files) * len(wanted) > 1:
            raise click.UsageError("--out names one file: use --out-dir for several scenes or seeds")
        _check_out(out, wav, png)
    if stems and not wav:
        raise click.UsageError("--stems splits the audio: give it with --wav")
    if score is not None:
        if len(files) * len(wanted) > 1:
            raise click.UsageError("--score names one file: give one scene and one seed")
        if score.suffix.lower() not in (".musicxml", ".xml", ".pdf"):
            raise click.BadParameter(f"'{shown(str(score))}': name the score .musicxml (or .xml) or .pdf",
                                     param_hint="--score")
    inputs = tuple(files)
    if reroll and len(files) * len(wanted) > 1:
        raise click.UsageError("--reroll composes one moment of one piece: give one scene and one seed")
    if len(files) * len(wanted) == 1:
        specs = ()
        if reroll:
            # The moments and their seeds are settled first: a fresh seed names the file and is
            # printed.
            from composer import load_scene
            from composer.reroll import parse_rerolls

            specs = parse_rerolls(load_scene(files[0]), reroll, reroll_seed)
        target = out or _default_target(files[0], wanted[0], out_dir, specs)
        _report(*run(Job(files[0], wanted[0], target, wav, png, inputs, stems, score,
                         tuple(s.spec for s in specs))))
        return
    if out_dir.exists() and not out_dir.is_dir():
        raise click.BadParameter(f"'{shown(str(out_dir))}' is not a folder", param_hint="--out-dir")
    plan, failures = _plan(files, wanted, out_dir, wav, png, stems)
    failures += _batch(plan, jobs or os.cpu_count() or 1)
    total = len(files) * len(wanted)
    click.echo(f"{total - failures} composed, {failures} failed", err=True)
    if failures:
        raise ComposerError(f"{failures} of {total} pieces failed (see above)")


def _default_target(scene: Path, seed: int | None, out_dir: Path, rerolls=()) -> Path:
    if seed is None:
        from composer import load_scene, scene_seed

        seed = scene_seed(load_scene(scene))
    # A re-roll never takes the plain piece's name: both stay, to compare.
    again = "".join(f"-moment{r.index + 1}-{r.seed}" for r in rerolls)
    return out_dir / f"{scene.stem}-{seed}{again}.mid"


def _names(files: list[Path]) -> dict[Path, str]:
    """Each scene's name for its output files: its own stem, with as many of its folders in front
    as it takes to tell apart scenes that share a name (a/x/s.toml, b/x/s.toml -> a-x-s, b-x-s)."""
    by_stem: dict[str, list[Path]] = {}
    for f in files:
        by_stem.setdefault(f.stem, []).append(f)
    names = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            names[group[0]] = stem
            continue
        folders = {f: f.resolve().parent.parts[1:] for f in group}
        for depth in range(1, max(len(p) for p in folders.values()) + 1):
            tried = {f: "-".join(folders[f][-depth:] + (stem,)) for f in group}
            if len(set(tried.values())) == len(group):
                break
        names.update(tried)
    return names


def _plan(files, seeds, out_dir, wav, png, stems=False) -> tuple[list[Job], int]:
    """The batch's jobs, each with its own files. A scene that does not load is reported once,
    with the number of pieces it would have made, and left out. Two jobs that would write the
    same file are refused before anything is composed."""
    from composer import load_scene, scene_seed

    names = _names(files)
    plan, failures = [], 0
    for f in files:
        try:
            own = scene_seed(load_scene(f))
        except Exception as error:  # noqa: BLE001 - every failure is reported on its scene's line
            failures += len(seeds)
            count = f" ({len(seeds)} pieces not composed)" if len(seeds) > 1 else ""
            click.echo(f"memory-composer: {_failure(f, error)}{count}", err=True)
            continue
        for s in seeds:
            target = out_dir / f"{names[f]}-{own if s is None else s}.mid"
            plan.append(Job(f, s, target, wav, png, tuple(files), stems))
    taken: dict[str, Job] = {}
    for job in plan:
        for path in outputs(job):
            key = os.path.normcase(os.path.abspath(path))
            if key in taken:
                raise ComposerError(f"{shown(str(path))}: both {shown(str(taken[key].scene))} and "
                                    f"{shown(str(job.scene))} would be written here; rename one")
            taken[key] = job
    return plan, failures


# Seconds a stopped batch waits for its pool's thread to wind up after its workers are ended.
POOL_WIND_UP = 5.0


def _stop(signum, frame):
    """SIGTERM or SIGHUP during a batch: stop like Ctrl-C (queued jobs dropped, workers ended)."""
    raise Stopped(signum)


def _worker_start() -> None:
    # Ctrl-C reaches every process of the terminal's group: only the parent acts on it. A worker
    # ends when the parent ends it (SIGTERM), after removing its temporary files.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def _batch(plan: list[Job], jobs: int) -> int:
    """Compose every job, in processes when jobs > 1; a failing job is reported on its line and
    the rest go on. Each job's lines are printed as soon as it and every job before it are done:
    progress as it goes, in the order of the jobs so the output is repeatable. A failure repeated
    word for word is printed once and counted."""
    from concurrent.futures import ProcessPoolExecutor

    if not plan:
        return 0
    seen: dict[str, int] = {}
    failures = 0

    def show(job: Job, result) -> None:
        nonlocal failures
        ok, value = result
        if ok:
            _report(*value)
            return
        failures += 1
        seen[value] = seen.get(value, 0) + 1
        if seen[value] == 1:
            click.echo(f"memory-composer: {value}" + (f" (seed {job.seed})" if job.seed is not None
                                                      else ""), err=True)

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        if jobs == 1:
            for job in plan:
                show(job, _attempt(job))
        else:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(plan)), initializer=_worker_start)
            try:
                futures = [pool.submit(_attempt, job) for job in plan]
                for job, future in zip(plan, futures):
                    try:
                        show(job, future.result())
                    except Exception as error:  # noqa: BLE001 - a worker killed (out of memory ...)
                        show(job, (False, _failure(job.scene, error)))
            except BaseException:
                # Queued jobs are dropped and running ones ended now, not composed to the end: the
                # workers are ended (each removes its temporary files), and the pool, finding them
                # gone, fails every job still waiting. (Cancelling the futures first would make
                # Python 3.11's pool thread trip over them.)
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
                pool.shutdown(wait=False)
                # The pool's thread, finding its workers gone, winds up: it is waited for (a
                # moment at most), since left running into the interpreter's exit it closes its
                # wake-up pipe while the exit wakes it, and Python 3.11 prints that race's
                # traceback ("OSError: Bad file descriptor") under the one-line message (a CI run
                # of the stop-signal test caught it once).
                manager = getattr(pool, "_executor_manager_thread", None)
                if manager is not None:
                    manager.join(timeout=POOL_WIND_UP)
                raise
            pool.shutdown()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    for value, times in seen.items():
        if times > 1:
            click.echo(f"memory-composer: {times - 1} more pieces failed the same way: {value}", err=True)
    return failures


def _failure(scene: Path, error: BaseException) -> str:
    """One line for a job's failure, naming the scene (the seed is added where it is shown)."""
    text = str(error) if isinstance(error, ComposerError) else \
        f"internal error: {type(error).__name__}: {error}".replace("\n", " ")
    where = shown(str(scene))
    if not text.startswith(where):
        text = f"{where}: {text}"
    return text


def _attempt(job: Job):
    try:
        return True, run(job)
    except Exception as error:  # noqa: BLE001 - one job's failure must not end the batch
        return False, _failure(job.scene, error)
