"""A seamless loop from a rendered piece: exactly its bars long, the tail folded into its start.

A loop piece is composed open (no closing ritardando, no ring past the last bar, the harmony's
last bar leading back into bar 1: composer.perform, composer.harmony) and its MIDI file marks
loopStart and loopEnd (composer.io.midi). What sounds past the last bar line (the release of the last notes and the
reverb) is what would sound over bar 1 when the loop plays again, so it is added there: played
end to end, the file sounds like the music going round, with no click and no dip at the seam."""

from __future__ import annotations

import numpy as np

from composer.io.audio import Limiter

# The limiter starts with the gain it would have coming round from the loop's end: it first
# hears this much of the end (several of its release times).
PRIME_SECONDS = 1.0
# A loop is rendered whole in memory (its start is finished last): 4 bytes per sample, about
# twice over while the limiter runs. Past this the render is refused rather than exhausting the
# machine: about 3.5 minutes with six stems, 24 minutes for the mix alone, at 44.1 kHz.
MAX_LOOP_BYTES = 512 * 2**20


def loop_end(schedule) -> int | None:
    """The frame where a loop goes back to its start (its loopEnd marker, else the end of the
    file), or None for a piece that is not a loop (no loopStart marker at its start)."""
    from composer.io.midi import LOOP_END, LOOP_START

    texts = {text: frame for frame, text in schedule.markers}
    if texts.get(LOOP_START) != 0:
        return None
    return texts.get(LOOP_END, schedule.end_frame) or None


def check_size(frames: int, pairs: int, out_path) -> None:
    """Refuse, in one line, a loop whose audio (`pairs` stereo files) would not fit MAX_LOOP_BYTES."""
    from composer.errors import RenderError

    need = frames * pairs * 2 * 4
    if need > MAX_LOOP_BYTES:
        raise RenderError(f"{out_path}: a loop is rendered whole in memory and this one needs "
                          f"{need // 2**20} MB (at most {MAX_LOOP_BYTES // 2**20}); make it shorter"
                          + (" or render it without --stems" if pairs > 1 else ""))


def fold_blocks(blocks, length: int, channels: int) -> np.ndarray:
    """fold() over blocks as they are rendered, into one buffer of the loop's length."""
    out = np.zeros((length, channels), dtype=np.float32)
    at = 0
    for block in blocks:
        while len(block):
            start = at % length
            take = min(len(block), length - start)
            out[start: start + take] += block[:take]
            block, at = block[take:], at + take
    return out


def fold(audio: np.ndarray, length: int) -> np.ndarray:
    """The first `length` frames with everything after them added back from the start (a tail
    longer than the loop wraps round again)."""
    return fold_blocks([audio], length, audio.shape[1])


def limit(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """The peak limiter over a loop, as if it had been playing round already: it is primed with
    the loop's last second, so its gain at the start follows on from its gain at the end. Works
    through the loop in blocks into one output buffer (no whole-loop copies)."""
    from composer.io.audio import BLOCK_FRAMES

    limiter = Limiter(sample_rate)
    prime = audio[-min(len(audio), int(PRIME_SECONDS * sample_rate)):]
    out = np.empty_like(audio)
    skip, at = len(prime), 0  # the primed frames come out first and are dropped

    def place(chunk: np.ndarray) -> None:
        nonlocal skip, at
        drop = min(skip, len(chunk))
        chunk, skip = chunk[drop:], skip - drop
        out[at: at + len(chunk)] = chunk
        at += len(chunk)

    for start in range(0, len(prime), BLOCK_FRAMES):
        place(limiter.process(prime[start: start + BLOCK_FRAMES]))
    for start in range(0, len(audio), BLOCK_FRAMES):
        place(limiter.process(audio[start: start + BLOCK_FRAMES]))
    place(limiter.flush())
    assert at == len(audio)
    return out


def render_loop(synth, schedule, end: int) -> np.ndarray:
    """The loop's mix, exactly `end` frames, tail folded in and limited: what `render` writes for
    a loop, in memory (`play` repeats it)."""
    from composer.io.audio import BLOCK_FRAMES, Renderer, raw_blocks

    check_size(end, 1, "the loop")
    audio = fold_blocks(raw_blocks(Renderer(synth, [schedule]), BLOCK_FRAMES), end, 2)
    return limit(audio, synth.sample_rate)


def repeated(audio: np.ndarray, block_frames: int, passes: int | None):
    """The loop played round `passes` times (None: for ever), in blocks of `block_frames`: each
    block is cut from the loop where the last one stopped, wrapping at its end, so the passes
    follow one another sample for sample."""
    length = len(audio)
    total = None if passes is None else length * passes
    at = 0
    while total is None or at < total:
        take = block_frames if total is None else min(block_frames, total - at)
        start = at % length
        if start + take <= length:
            block = audio[start: start + take]
        else:
            block = np.concatenate((audio[start:], np.resize(audio, (take - (length - start), 2))))
        yield block
        at += take
