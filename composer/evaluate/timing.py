"""When things happen in rendered audio: the onset (or, for a stop, the cut-off) nearest a time,
to check hit points on the sound a listener hears rather than on the MIDI file's ticks.

An energy-onset detector (Bello et al. 2005, "A tutorial on onset detection in music signals":
the high-frequency content and the rise of a log energy envelope mark attacks): the signal's
first difference (which weights the high partials that carry an attack) squared and summed over
short frames one millisecond apart; an onset is where that log energy rises fastest, a cut-off
where it falls fastest. Numpy only: no analysis library is needed for this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME = 0.004  # seconds of signal per frame
HOP = 0.001  # seconds between frames: the detector's resolution
LAG = 0.008  # the rise (or fall) is measured over this many seconds
BACK = 0.03  # how far before the steepest rise its trough is looked for
ONSET_SHARE = 0.1
SEARCH = 0.25  # how far either side of the asked time the strongest change is looked for
CUT_FRAME = 0.02  # seconds of signal per frame for a cut-off: a period of a 50 Hz bass note
CUT_DROP = 1.5  # dB under the held level where the cut-off is dated
HELD, STAYS, QUIET = 0.15, 0.1, 6.0  # seconds held before, seconds it stays down, dB it falls by


@dataclass(frozen=True)
class Change:
    at: float  # seconds from the start of the audio
    db: float  # how far the energy rose (onset) or fell (cut-off) over LAG


def envelope(samples: np.ndarray, rate: int, start: float, stop: float, attacks: bool = True,
             frame: float = FRAME) -> tuple[np.ndarray, np.ndarray]:
    """(frame times, log energy in dB) of the mono mix between two times: of its first difference
    (`attacks`, where onsets show) or of the signal itself (where a cut-off shows: the releases
    after it are soft in the high partials already)."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    a = max(0, int((start - frame) * rate))
    b = min(len(mono), int((stop + frame) * rate) + 1)
    diff = mono[a:b].astype(np.float64)
    if attacks:
        diff = np.diff(diff, prepend=0.0)
    power = np.concatenate([[0.0], np.cumsum(diff * diff)])
    frame, hop = max(1, round(frame * rate)), max(1, round(HOP * rate))
    centres = np.arange(frame // 2, len(diff) - frame // 2, hop)
    lo, hi = centres - frame // 2, centres + frame // 2
    energy = (power[hi] - power[lo]) / frame
    return (a + centres) / rate, 10 * np.log10(energy + 1e-12)


def _rise(samples: np.ndarray, rate: int, t: float) -> Change:
    """The attack with the largest rise of energy (linear: a loud attack over music already
    sounding outweighs a soft one after a rest, as it does to the ear) within SEARCH seconds of
    `t`, dated where it begins: where the energy, climbing from the trough before it, first
    passes ONSET_SHARE of the way to the attack's peak (the usual 10 % point of an attack)."""
    times, db = envelope(samples, rate, t - SEARCH - LAG - BACK, t + SEARCH + 2 * LAG)
    lag, back = max(1, round(LAG / HOP)), round(BACK / HOP)
    power = 10 ** (db / 10)
    steps = power[lag:] - power[:-lag]
    when = times[lag:]
    inside = np.abs(when - t) <= SEARCH
    i = int(np.argmax(np.where(inside, steps, -np.inf))) + lag  # the frame the rise reaches
    peak = i + int(np.argmax(power[i:i + lag]))
    trough = max(0, i - back) + int(np.argmin(power[max(0, i - back):i]))
    level = power[trough] + ONSET_SHARE * (power[peak] - power[trough])
    start = trough + int(np.argmax(power[trough:peak + 1] >= level))
    return Change(float(times[start]), float(db[peak] - db[trough]))


def onset_near(samples: np.ndarray, rate: int, t: float) -> Change:
    """The strongest attack within SEARCH seconds of `t`."""
    return _rise(samples, rate, t)


def cutoff_near(samples: np.ndarray, rate: int, t: float) -> Change:
    """Where the sound stops within SEARCH seconds of `t`: the first frame (of CUT_FRAME, long
    enough to smooth a bass note's waveform) whose level falls CUT_DROP dB under the level held
    over the HELD seconds before it and stays under it for STAYS seconds, falling by QUIET dB
    at least (a cut, not a passing dip between two notes). `db`: how far it fell in SEARCH."""
    times, db = envelope(samples, rate, t - SEARCH - HELD, t + SEARCH + STAYS, attacks=False,
                         frame=CUT_FRAME)
    held_frames, stay_frames = round(HELD / HOP), round(STAYS / HOP)
    for k in range(held_frames, len(times) - stay_frames):
        if abs(times[k] - t) > SEARCH:
            continue
        held = float(np.median(db[k - held_frames:k]))
        after = db[k:k + stay_frames]
        if db[k] < held - CUT_DROP and after.max() < held - CUT_DROP and after.min() < held - QUIET:
            return Change(float(times[k]), held - float(db[k:].min()))
    return Change(float("nan"), 0.0)


def level(samples: np.ndarray, rate: int, start: float, stop: float) -> float:
    """RMS level (dBFS) of the mono mix between two times."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    part = mono[int(start * rate):int(stop * rate)].astype(np.float64)
    return float(10 * np.log10(np.mean(part * part) + 1e-12))
