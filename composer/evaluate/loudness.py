"""Integrated loudness (ITU-R BS.1770-4 / EBU R128, in LUFS) of rendered audio.

pyloudnorm implements the standard's K-weighting and gating; the loudness of film cues and game
music is measured this way (composition-craft.md, "Loudness"), and issue 13 asks that it follow
the feel: the most aroused example at least 8 LU above the calmest.
"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

import numpy as np

from composer.errors import RenderError

SILENCE = -70.0  # BS.1770's absolute gate: anything quieter reads as silence


def read_wav(path) -> tuple[np.ndarray, int]:
    """(samples as float frames x channels in -1..1, sample rate) of a 16- or 24-bit PCM WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise RenderError(f"{path}: not a readable WAV file ({error})") from None
    if width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    elif width == 3:
        bytes3 = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        as32 = (bytes3[:, 0].astype(np.int32) | (bytes3[:, 1].astype(np.int32) << 8)
                | (bytes3[:, 2].astype(np.int32) << 16))
        as32 = np.where(as32 & 0x800000, as32 - (1 << 24), as32)
        data = as32.astype(np.float64) / float(1 << 23)
    else:
        raise RenderError(f"{path}: {8 * width}-bit WAV; loudness reads 16- and 24-bit PCM")
    return data.reshape(-1, channels), rate


def integrated_lufs(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS; SILENCE for silence or audio shorter than one 400 ms block."""
    try:
        import pyloudnorm
    except ImportError:
        raise RenderError("measuring loudness needs pyloudnorm: "
                          "pip install 'memory-composer[theory]'") from None
    if len(samples) < int(0.4 * rate) or not np.any(samples):
        return SILENCE
    value = pyloudnorm.Meter(rate).integrated_loudness(samples)
    return max(float(value), SILENCE)


def wav_lufs(path) -> float:
    return integrated_lufs(*read_wav(path))


def peak_dbfs(samples: np.ndarray) -> float:
    """The highest sample in dB below full scale (0.0 = a clipped sample)."""
    peak = float(np.abs(samples).max(initial=0.0))
    return 20 * float(np.log10(peak)) if peak > 0 else -np.inf


def midi_loudness(midi, soundfont=None, sample_rate: int = 44100) -> tuple[float, float]:
    """(LUFS, sample peak in dBFS) of a mido.MidiFile rendered by the project's renderer."""
    from composer.io.audio import render_midi

    with tempfile.TemporaryDirectory(prefix="memory-composer-lufs-") as folder:
        out = Path(folder) / "piece.wav"
        render_midi(midi, out, soundfont, sample_rate=sample_rate)
        samples, rate = read_wav(out)
        return integrated_lufs(samples, rate), peak_dbfs(samples)


def midi_lufs(midi, soundfont=None, sample_rate: int = 44100) -> float:
    """Render a mido.MidiFile with the project's renderer (FluidSynth) and measure it."""
    return midi_loudness(midi, soundfont, sample_rate)[0]


ORDER_TOLERANCE = 1.0  # LU: a smaller step down is below what a listener notices
SPREAD = 8.0  # LU between the calmest and the most aroused scene (issue 13)


CLIP_DBFS = -0.1  # a sample this close to full scale is counted as clipping


def loudness_rows(scenes, soundfont=None) -> tuple[list[tuple[str, float, float, float]], bool]:
    """(scene, arousal, LUFS, peak dBFS) for each scene at its own seed, calmest first, and
    whether the loudness follows the arousal: in order (within ORDER_TOLERANCE), SPREAD LU wide,
    never clipping."""
    from composer import compose
    from composer.feel import feel_of
    from composer.io.midi import piece_to_midi

    rows = sorted(((s.source, feel_of(s).arousal,
                    *midi_loudness(piece_to_midi(compose(s)), soundfont)) for s in scenes),
                  key=lambda r: (r[1], r[0]))
    unclipped = all(r[3] < CLIP_DBFS for r in rows)
    if len(rows) < 2:
        return rows, unclipped
    ordered = all(b[2] >= a[2] - ORDER_TOLERANCE for a, b in zip(rows, rows[1:]))
    return rows, unclipped and ordered and rows[-1][2] - rows[0][2] >= SPREAD


def format_loudness(rows, ok: bool) -> str:
    lines = ["integrated loudness (ITU-R BS.1770, pyloudnorm), calmest scene first",
             "scene".ljust(30) + "arousal".ljust(10) + "LUFS".ljust(10) + "peak dBFS"]
    lines += [name[:29].ljust(30) + f"{arousal:+.2f}".ljust(10) + f"{lufs:.1f}".ljust(10)
              + f"{peak:.1f}" for name, arousal, lufs, peak in rows]
    if len(rows) >= 2:
        lines.append(f"most aroused - calmest: {rows[-1][2] - rows[0][2]:+.1f} LU (target >= "
                     f"{SPREAD:g}, in order within {ORDER_TOLERANCE:g} LU, peaks under "
                     f"{CLIP_DBFS:g} dBFS): "
                     + ("pass" if ok else "FAIL"))
    return "\n".join(lines)
