"""Stems and loops: the mix and one WAV per part, rendered side by side, all the same length.

Each part is rendered alone by its own FluidSynth with the same settings, in lockstep with the mix
(same blocks, same event frames). FluidSynth's reverb and chorus are shared effects fed by
per-channel sends, but both are linear and start from the same state in every synth, so the parts'
audio adds up to the mix's (measured in tests/io/test_stems.py: the residual is at rounding level).
The limiter hears only the mix and applies its gain to every stem, so limited stems still sum to
the limited mix.

A loop (a piece whose MIDI file marks loopStart and loopEnd, composer.io.midi) is rendered whole:
exactly its bars long, with the reverb tail past the last bar line added into its start, so the
file joins its own start as the music would go on (composer.io.loop)."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer.errors import RenderError
from composer.io.atomic import atomic_path
from composer.io.audio import (BLOCK_FRAMES, RenderResult, Renderer, raw_blocks,
                               check_format, limited_blocks, to_pcm)
from composer.io.midi import RawMidi
from composer.io.schedule import Schedule, schedule_raw
from composer.piece import ROLES


@dataclass(frozen=True)
class Stem:
    name: str  # 'Melody', 'Harmony', ... (a part's role), else the track's own name
    channels: frozenset[int]


def _name(title: str, number: int) -> str:
    first = title.split(" ", 1)[0] if title else ""
    if first in ROLES:
        return first
    # A foreign file's track name, made safe for a file name.
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", title).strip("-")[:40]
    return safe or f"Track{number}"


def stems_of(raw: RawMidi) -> tuple[Stem, ...]:
    """One stem per track that plays notes, named after its part (the track name's first word
    when it is a role, as the project writes them). Tracks that share a channel cannot be rendered
    apart (the channel's controllers are common to them) and become one stem."""
    playing = ((raw.status >> 4) == 0x9) & (raw.data2 > 0)
    tracks = raw.track if raw.track is not None else np.zeros(len(raw.status), np.uint32)
    found: list[Stem] = []
    for number in sorted(set(tracks[playing].tolist())):
        channels = frozenset((raw.status[playing & (tracks == number)] & 0x0F).tolist())
        title = raw.names[number] if number < len(raw.names) else ""
        stem = Stem(_name(title, number), channels)
        for i, other in enumerate(found):
            if other.channels & stem.channels:
                found[i] = Stem(other.name, other.channels | stem.channels)
                break
        else:
            found.append(stem)
    names: dict[str, int] = {}
    out = []
    for stem in found:  # two tracks with one name get numbered files, never one overwriting another
        names[stem.name] = names.get(stem.name, 0) + 1
        count = names[stem.name]
        out.append(stem if count == 1 else Stem(f"{stem.name}{count}", stem.channels))
    return tuple(out)


def stem_path(mix_path, name: str) -> Path:
    """beach.wav -> beach.Melody.wav, beside the mix."""
    mix_path = Path(mix_path)
    return mix_path.with_name(f"{mix_path.stem}.{name}{mix_path.suffix}")


def part_schedule(schedule: Schedule, stem: Stem) -> Schedule:
    """The schedule with only the stem's channels; same length, tempo map and markers."""
    keep = np.isin(schedule.table["channel"], sorted(stem.channels))
    return dataclasses.replace(schedule, table=schedule.table[keep])


class Lockstep:
    """The mix's renderer and one per stem, driven together: `render(n)` returns (n, 2 + 2k)
    frames, the mix's stereo pair first. Length and tail follow the mix, so every stem is exactly
    as long as the mix. Quacks like a Renderer for composer.io.audio.limited_blocks."""

    def __init__(self, mix: Renderer, parts: list[Renderer]):
        self.mix, self.parts = mix, parts
        self.synth = mix.synth

    def render(self, frames: int) -> np.ndarray:
        return np.hstack([self.mix.render(frames)] + [r.render(frames) for r in self.parts])

    @property
    def position(self) -> int:
        return self.mix.position

    @property
    def music_end(self) -> int:
        return self.mix.music_end

    @property
    def in_tail(self) -> bool:
        return self.mix.in_tail

    @property
    def finished(self) -> bool:
        return self.mix.finished


@dataclass(frozen=True)
class PartsResult:
    mix: RenderResult
    stems: tuple[Path, ...]  # in the order of the MIDI file's tracks
    loop: bool


def _write(paths: list[Path], blocks, rate: int, bits: int, progress, total: float) -> tuple[float, int]:
    """Write stereo pair i of every block to paths[i], each whole or not at all. Returns the mix's
    peak and the frame count."""
    peak, frames = 0.0, 0
    with contextlib.ExitStack() as stack:
        try:
            tmps = [stack.enter_context(atomic_path(p, suffix=".wav")) for p in paths]
            wavs = [stack.enter_context(wave.open(str(t), "wb")) for t in tmps]
            for wav in wavs:
                wav.setnchannels(2)
                wav.setsampwidth(bits // 8)
                wav.setframerate(rate)
            for block in blocks:
                peak = max(peak, float(np.abs(block[:, :2]).max(initial=0.0)))
                for i, wav in enumerate(wavs):
                    wav.writeframesraw(to_pcm(np.ascontiguousarray(block[:, 2 * i: 2 * i + 2]), bits))
                frames += len(block)
                if progress is not None:
                    progress(min(frames / rate, total), total)
        except OSError as error:
            raise RenderError(f"{paths[0]}: cannot write ({error.strerror or error})") from None
    return peak, frames


def render_parts(schedule: Schedule, out_path, soundfont, bits: int = 16,
                 progress: Callable[[float, float], None] | None = None,
                 stems: tuple[Stem, ...] = ()) -> PartsResult:
    """Render the mix to `out_path` and each stem to `<name>.<Stem>.wav` beside it. A loop
    (composer.io.loop.loop_end) is rendered as a seamless loop, stems and all."""
    from composer.io import loop
    from composer.io.synth import Synth

    check_format(schedule.sample_rate, bits)
    rate = schedule.sample_rate
    paths = [Path(out_path)] + [stem_path(out_path, s.name) for s in stems]
    end = loop.loop_end(schedule)
    with contextlib.ExitStack() as stack:
        synths = [stack.enter_context(Synth(soundfont, sample_rate=rate)) for _ in paths]
        mix = Renderer(synths[0], [schedule])
        renderer = Lockstep(mix, [Renderer(s, [part_schedule(schedule, p)])
                                  for s, p in zip(synths[1:], stems)])
        if end is not None:
            loop.check_size(end, len(paths), out_path)
            audio = loop.fold_blocks(raw_blocks(renderer, BLOCK_FRAMES), end, 2 * len(paths))
            audio = loop.limit(audio, rate)
            blocks = (audio[i: i + BLOCK_FRAMES] for i in range(0, len(audio), BLOCK_FRAMES))
        else:
            blocks = limited_blocks(renderer, BLOCK_FRAMES)
        peak, frames = _write(paths, blocks, rate, bits, progress, schedule.seconds)
    result = RenderResult(paths[0], frames / rate, Path(soundfont), min(peak, 1.0), rate, bits,
                          schedule.seconds)
    return PartsResult(result, tuple(paths[1:]), end is not None)


def render_wav(raw: RawMidi, out_path, soundfont, sample_rate: int = 44100, bits: int = 16,
               progress: Callable[[float, float], None] | None = None, *,
               stems: bool = False, schedule: Schedule | None = None) -> PartsResult:
    """What the commands call: a plain piece streams through composer.io.audio.render_schedule;
    stems or a loop go through render_parts. `schedule`: the raw file's, when already made."""
    from composer.io import loop
    from composer.io.audio import render_schedule

    check_format(sample_rate, bits)
    schedule = schedule or schedule_raw(raw, sample_rate)
    if stems or loop.loop_end(schedule) is not None:
        return render_parts(schedule, out_path, soundfont, bits, progress,
                            stems_of(raw) if stems else ())
    return PartsResult(render_schedule(schedule, out_path, soundfont, bits, progress), (), False)
