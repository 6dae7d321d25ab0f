"""The integrated loudness of a rendered WAV file (ITU-R BS.1770-4, in LUFS), read in blocks.

composer.evaluate.loudness measures with pyloudnorm, which wants the whole signal in memory as
float64 (an hour of stereo is 2.5 GB, more while it filters). `render` promises flat memory for any
length, so this meter streams: pyloudnorm's own K-weighting filters (its coefficients, for the
file's sample rate) run block by block with their state carried over, the mean square is summed per
100 ms hop, and the 400 ms gating blocks (75 % overlap), the -70 LUFS absolute gate and the -10 LU
relative gate are those of pyloudnorm's Meter.integrated_loudness. Agreement with pyloudnorm is
tested (tests/io/test_meter.py)."""

from __future__ import annotations

import wave

import numpy as np

from composer.errors import RenderError

SILENCE = -70.0  # BS.1770's absolute gate: anything quieter reads as silence
HOPS_PER_BLOCK = 4  # a 400 ms gating block is four 100 ms hops (75 % overlap)
RELATIVE_GATE = 10.0  # LU under the absolutely gated loudness
OFFSET = -0.691  # BS.1770's constant for K-weighted mean square -> LUFS
READ_FRAMES = 65536
INSTALL = "pip install 'memory-composer[theory]'"


def _pyloudnorm():
    try:
        import pyloudnorm
    except ImportError:
        return None
    return pyloudnorm


def available() -> bool:
    return _pyloudnorm() is not None


class LoudnessMeter:
    """Feed stereo float blocks with `add`; `lufs()` is the integrated loudness so far."""

    def __init__(self, sample_rate: int, channels: int = 2):
        from scipy.signal import lfilter, lfilter_zi

        pyloudnorm = _pyloudnorm()
        if pyloudnorm is None:
            raise RenderError(f"measuring loudness needs pyloudnorm: {INSTALL}")
        self._lfilter = lfilter
        meter = pyloudnorm.Meter(sample_rate)
        self._stages = [(f.b, f.a, f.passband_gain) for f in meter._filters.values()]
        # Filters start at rest (zero state), as pyloudnorm's whole-signal lfilter does.
        self._states = [np.zeros((len(lfilter_zi(b, a)), channels)) for b, a, _ in self._stages]
        self.hop = sample_rate // 10
        self._partial = np.zeros(channels)
        self._partial_frames = 0
        self._hops: list[np.ndarray] = []  # sum of squares per channel, per complete hop

    def add(self, block: np.ndarray) -> None:
        data = np.asarray(block, dtype=np.float64)
        for i, (b, a, gain) in enumerate(self._stages):
            data, self._states[i] = self._lfilter(b, a, data, axis=0, zi=self._states[i])
            data = data * gain
        squares = data * data
        at = 0
        while at < len(squares):
            take = min(self.hop - self._partial_frames, len(squares) - at)
            self._partial += squares[at: at + take].sum(axis=0)
            self._partial_frames += take
            at += take
            if self._partial_frames == self.hop:
                self._hops.append(self._partial)
                self._partial = np.zeros_like(self._partial)
                self._partial_frames = 0

    def lufs(self) -> float:
        if len(self._hops) < HOPS_PER_BLOCK:
            return SILENCE
        hops = np.array(self._hops)
        sums = np.cumsum(np.vstack((np.zeros(hops.shape[1]), hops)), axis=0)
        z = (sums[HOPS_PER_BLOCK:] - sums[:-HOPS_PER_BLOCK]) / (HOPS_PER_BLOCK * self.hop)  # block mean squares
        with np.errstate(divide="ignore"):
            loudness = OFFSET + 10 * np.log10(z.sum(axis=1))
            above = loudness >= SILENCE
            if not above.any():
                return SILENCE
            relative = OFFSET + 10 * np.log10(z[above].mean(axis=0).sum()) - RELATIVE_GATE
            gated = (loudness > relative) & above
            value = OFFSET + 10 * np.log10(z[gated].mean(axis=0).sum())
        return max(float(value), SILENCE)


def wav_lufs(path) -> float:
    """Integrated loudness of a 16- or 24-bit PCM WAV file, read a block at a time."""
    try:
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            meter = LoudnessMeter(rate, channels)
            while True:
                raw = wav.readframes(READ_FRAMES)
                if not raw:
                    break
                meter.add(_samples(raw, width).reshape(-1, channels))
    except (OSError, EOFError, wave.Error) as error:
        raise RenderError(f"{path}: not a readable WAV file ({error})") from None
    return meter.lufs()


def _samples(raw: bytes, width: int) -> np.ndarray:
    if width == 2:
        return np.frombuffer(raw, dtype="<i2") / 32768.0
    if width == 3:
        bytes3 = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        as32 = (bytes3[:, 0].astype(np.int32) | (bytes3[:, 1].astype(np.int32) << 8)
                | (bytes3[:, 2].astype(np.int32) << 16))
        return np.where(as32 & 0x800000, as32 - (1 << 24), as32) / float(1 << 23)
    raise RenderError(f"{8 * width}-bit WAV: loudness reads 16- and 24-bit PCM")
