"""Offline rendering: a MIDI file through the schedule and FluidSynth into a WAV file.

Audio is made in fixed blocks and streamed to disk, so memory does not grow with the piece's length.
The same Renderer and limiter drive live playback (composer.io.live): what is heard is what is
rendered. Peaks never clip: FluidSynth's float output runs through a look-ahead peak limiter whose
gain is always at or below what each sample needs to stay under the ceiling."""

from __future__ import annotations

import math
import wave
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer.errors import RenderError
from composer.io.atomic import atomic_path
from composer.io.schedule import Schedule, schedule_midi
from composer.limits import SAMPLE_RATES

# Output ceiling, just under full scale: rounding to integers and a DAC's reconstruction between
# samples can overshoot the sample peak by a fraction of a dB.
CEILING = 10 ** (-0.3 / 20)
# Limiter: gains are decided per segment of SEGMENT frames (one segment of look-ahead, ~1.5 ms at
# 44.1 kHz, so the gain is already down when a peak arrives) and recover with RELEASE_SECONDS.
SEGMENT = 64
RELEASE_SECONDS = 0.15
RECOVERED = 10 ** (-0.01 / 20)

# The reverb tail is kept until it falls below SILENCE (-84 dBFS: under one 16-bit step at the
# usual gain) with no voice left; MAX_TAIL_SECONDS bounds it for fonts with endless loops.
SILENCE = 10 ** (-84 / 20)
MAX_TAIL_SECONDS = 20.0
TAIL_STEP_SECONDS = 0.05  # tail is checked in steps this long, so it is cut within 50 ms

BLOCK_FRAMES = 8192  # offline block: big enough that per-block Python work is negligible
BITS = {16: 32767, 24: 8_388_607}  # full-scale integer per bit depth


@dataclass(frozen=True)
class RenderResult:
    path: Path
    seconds: float  # length of the WAV file, tail included
    soundfont: Path
    peak: float  # highest absolute sample, as a fraction of full scale (never above CEILING)
    sample_rate: int = 44100
    bits: int = 16
    music_seconds: float = 0.0  # the MIDI file's own length, before the tail

    @property
    def peak_dbfs(self) -> float:
        return 20 * math.log10(self.peak) if self.peak > 0 else -math.inf


class Limiter:
    """Streaming look-ahead peak limiter. `process` returns the limited frames it can decide so
    far (it holds back one to two segments); `flush` returns the rest. Output equals input when no
    peak exceeds the ceiling, which is the usual case (then it costs one max() per block).

    Blocks may carry more stereo pairs after the first (a mix, then its stems): the first pair
    alone decides the gain and the others get the same gain, so stems still add up to the mix."""

    def __init__(self, sample_rate: int, ceiling: float = CEILING):
        self.ceiling = ceiling
        self.recover = math.exp(-SEGMENT / (RELEASE_SECONDS * sample_rate))
        self.pending = np.zeros((0, 2), dtype=np.float32)
        self.gain = 1.0  # gain at the start of `pending`
        self.reduced_frames = 0

    def process(self, block: np.ndarray) -> np.ndarray:
        buffer = np.concatenate((self.pending, block)) if len(self.pending) else block
        segments = len(buffer) // SEGMENT
        if segments < 2:
            self.pending = buffer.copy()
            return buffer[:0]
        ready = (segments - 1) * SEGMENT  # the last whole segment is the look-ahead
        peaks = np.abs(buffer[: segments * SEGMENT, :2]).reshape(segments, SEGMENT * 2).max(axis=1)
        self.pending = buffer[ready:].copy()
        if self.gain == 1.0 and peaks.max() <= self.ceiling:
            return buffer[:ready]
        return self._limit(buffer[:ready], peaks)

    def _limit(self, frames: np.ndarray, peaks: np.ndarray) -> np.ndarray:
        need = np.minimum(1.0, self.ceiling / np.maximum(peaks, 1e-12))
        # Gain at each segment boundary: no more than either neighbouring segment needs, and
        # rising no faster than the release allows. Linear ramps between boundaries then stay
        # at or below the need of every sample in the segment they span.
        bounds = np.empty(len(peaks))
        bounds[0] = self.gain
        for j in range(1, len(peaks)):
            released = 1.0 - (1.0 - bounds[j - 1]) * self.recover
            bounds[j] = min(need[j - 1], need[j], released)
        # Within 0.01 dB of unity the gain snaps back to it (inaudible) and the fast path resumes.
        self.gain = float(bounds[-1]) if bounds[-1] < RECOVERED else 1.0
        ramp = np.linspace(0.0, 1.0, SEGMENT, endpoint=False)
        gains = (bounds[:-1, None] + (bounds[1:, None] - bounds[:-1, None]) * ramp).reshape(-1)
        self.reduced_frames += int(np.count_nonzero(gains < 1.0))
        return (frames * gains[:, None]).astype(np.float32)

    def flush(self) -> np.ndarray:
        """The held-back frames, followed by silence (so the last segment's need is just its own)."""
        tail = self.pending
        if not len(tail):
            return tail
        padded = -(-len(tail) // SEGMENT) * SEGMENT + SEGMENT
        buffer = np.zeros((padded, tail.shape[1]), dtype=np.float32)
        buffer[: len(tail)] = tail
        self.pending = np.zeros((0, 2), dtype=np.float32)
        peaks = np.abs(buffer[:, :2]).reshape(-1, SEGMENT * 2).max(axis=1)
        if self.gain == 1.0 and peaks.max() <= self.ceiling:
            return tail
        return self._limit(buffer[: padded - SEGMENT], peaks)[: len(tail)]


class Renderer:
    """Plays schedules one after another on the sample clock: each `render(n)` returns exactly the
    next n frames, with every event applied at its own frame. After the last schedule it releases
    all notes and keeps the reverb tail until it is silent; then `finished` is true.

    `schedules` may be a lazy iterator (endless playback composes the next one while this plays);
    each schedule starts where the previous one's end_frame falls."""

    def __init__(self, synth, schedules: Iterable[Schedule]):
        self.synth = synth
        self._upcoming = iter(schedules)
        self.position = 0  # frames rendered so far
        self.starts: list[tuple[int, Schedule]] = []  # (first frame, schedule), for status lines
        self._table = self._frames = np.zeros(0)
        self._index = 0
        self._offset = 0
        self._end = 0
        self._tail_frames = 0
        self._max_tail = int(MAX_TAIL_SECONDS * synth.sample_rate)
        self.in_tail = False
        self.finished = False
        self._next_schedule()

    def _next_schedule(self) -> None:
        schedule = next(self._upcoming, None)
        if schedule is None:
            self.in_tail = True
            self.synth.release_all()
            return
        if schedule.sample_rate != self.synth.sample_rate:
            raise RenderError(f"schedule at {schedule.sample_rate} Hz, synthesizer at "
                              f"{self.synth.sample_rate} Hz")
        if self.starts:
            # A join: the last piece's notes have ended; nothing it held or changed carries over.
            self.synth.release_all()
            for channel in schedule.channels_played():
                self.synth.reset_controllers(channel)
        self._offset = self._end
        self._end = self._offset + schedule.end_frame
        self._table, self._frames, self._index = schedule.table, schedule.table["frame"], 0
        self.starts.append((self._offset, schedule))

    def render(self, frames: int) -> np.ndarray:
        out = np.empty((frames, 2), dtype=np.float32)
        done = 0
        while done < frames:
            if self.in_tail:
                self.synth.render_into(out[done:])
                self._tail_frames += frames - done
                done = frames
                break
            here = self.position + done
            # Apply every event due now, then render up to the next event or the schedule's end.
            index, count = self._index, len(self._frames)
            due = int(np.searchsorted(self._frames, here - self._offset, side="right"))
            if due > index:
                self.synth.apply_rows(self._table[index:due].tolist())
                index = due
            self._index = index
            until = self._offset + int(self._frames[index]) if index < count else self._end
            if until <= here and index >= count:
                self._next_schedule()
                continue
            step = min(frames - done, until - here)
            self.synth.render_into(out[done: done + step])
            done += step
        self.position += frames
        if self.in_tail:
            quiet = float(np.abs(out).max(initial=0.0)) < SILENCE and self.synth.active_voices == 0
            self.finished = quiet or self._tail_frames >= self._max_tail
        return out

    @property
    def music_end(self) -> int:
        """Frame where the last schedule started so far ends."""
        return self._end


def raw_blocks(renderer, block_frames: int):
    """Unlimited frames until the renderer is finished: the music in blocks, the tail in short
    steps (the same steps as limited_blocks, so the tail is cut where a plain render cuts it)."""
    tail_step = max(64, int(TAIL_STEP_SECONDS * renderer.synth.sample_rate))
    while not renderer.finished:
        remaining = renderer.music_end - renderer.position
        step = min(block_frames, remaining) if remaining > 0 and not renderer.in_tail else tail_step
        yield renderer.render(step)


def limited_blocks(renderer: Renderer, block_frames: int) -> Iterator[np.ndarray]:
    """Limited audio in blocks of exactly `block_frames` (the last one may be shorter), until the
    renderer is finished. Tail steps are short so the file ends soon after the sound does."""
    limiter = Limiter(renderer.synth.sample_rate)
    tail_step = max(SEGMENT, int(TAIL_STEP_SECONDS * renderer.synth.sample_rate))
    held: list[np.ndarray] = []
    held_frames = 0
    while True:
        finished = renderer.finished
        if finished:
            produced = limiter.flush()
        else:
            # Render calls stop at the music's end, and the tail goes in fixed steps from there,
            # so where the tail is cut does not depend on the block size.
            remaining = renderer.music_end - renderer.position
            step = min(block_frames, remaining) if remaining > 0 and not renderer.in_tail else tail_step
            produced = limiter.process(renderer.render(step))
        if len(produced):
            held.append(produced)
            held_frames += len(produced)
        while held_frames >= block_frames or (finished and held_frames):
            joined = np.concatenate(held) if len(held) > 1 else held[0]
            take = min(block_frames, held_frames)
            yield joined[:take]
            rest = joined[take:]
            held, held_frames = ([rest], len(rest)) if len(rest) else ([], 0)
        if finished:
            return


def to_pcm(block: np.ndarray, bits: int) -> bytes:
    """Float frames in [-1, 1] -> little-endian signed PCM bytes (16 or 24 bit)."""
    scaled = np.rint(np.clip(block, -1.0, 1.0) * BITS[bits])
    if bits == 16:
        return scaled.astype("<i2").tobytes()
    as_int32 = scaled.astype("<i4").reshape(-1)
    return as_int32.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()


def check_format(sample_rate: int, bits: int) -> None:
    if bits not in BITS:
        raise RenderError(f"--bits {bits}: WAV files are written with 16 or 24 bits")
    low, high = SAMPLE_RATES
    if not low <= sample_rate <= high:
        raise RenderError(f"--sample-rate {sample_rate}: FluidSynth renders {low}..{high} Hz")


def render_schedule(schedule: Schedule, out_path, soundfont, bits: int = 16,
                    progress: Callable[[float, float], None] | None = None) -> RenderResult:
    """Render one schedule into a WAV file (written beside the target, then renamed)."""
    from composer.io.synth import Synth

    check_format(schedule.sample_rate, bits)
    rate = schedule.sample_rate
    total = schedule.seconds
    peak, frames = 0.0, 0
    with Synth(soundfont, sample_rate=rate) as synth:
        renderer = Renderer(synth, [schedule])
        with atomic_path(out_path, suffix=".wav") as tmp:
            try:
                with wave.open(str(tmp), "wb") as wav:
                    wav.setnchannels(2)
                    wav.setsampwidth(bits // 8)
                    wav.setframerate(rate)
                    for block in limited_blocks(renderer, BLOCK_FRAMES):
                        peak = max(peak, float(np.abs(block).max(initial=0.0)))
                        wav.writeframesraw(to_pcm(block, bits))
                        frames += len(block)
                        if progress is not None:
                            progress(min(frames / rate, total), total)
            except OSError as error:
                raise RenderError(f"{out_path}: cannot write ({error.strerror or error})") from None
    quantized_peak = min(peak, 1.0)
    return RenderResult(Path(out_path), frames / rate, Path(soundfont), quantized_peak, rate, bits, total)


def render_midi(midi, out_path, soundfont=None, sample_rate: int = 44100, bits: int = 16,
                progress: Callable[[float, float], None] | None = None) -> RenderResult:
    """Render a mido.MidiFile into a WAV file with FluidSynth; `soundfont` None means look one up
    (composer.io.soundfont.find_soundfont). `progress(done_seconds, total_seconds)` is called per block."""
    from composer.io.soundfont import find_soundfont

    check_format(sample_rate, bits)
    font = find_soundfont(soundfont)
    return render_schedule(schedule_midi(midi, sample_rate), out_path, font, bits, progress)
