"""A simulated sound card for measuring `play --endless`: a device thread that asks for one block
every block period of real time, as a card's clock does, driving the real composing-ahead, renderer,
queue and callback (composer.io.live). benchmarks/run.py --only live uses it; the paced virtual card
(benchmarks/paced.py) measures the same through PulseAudio."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import numpy as np

from composer.io.live import DEFAULT_RATE, Device, Playback, _prefetched


class DeviceClock:
    """For measuring only: stands in for sounddevice with a device that asks for one block every
    block period of real time, as a sound card's clock does (the null and file ALSA devices are
    not paced), and records how long each callback took."""

    class CallbackStop(Exception):
        pass

    class PortAudioError(Exception):
        pass

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.durations: list[float] = []
        self.period = 0.0

    def OutputStream(self, samplerate, blocksize, callback, finished_callback, **_):
        clock = self
        clock.period = blocksize / samplerate
        running = threading.Event()

        def device():
            out = np.zeros((blocksize, 2), np.float32)
            deadline = time.perf_counter()
            for _ in range(int(clock.seconds / clock.period)):
                if not running.is_set():
                    break
                deadline += clock.period
                # the simulated hardware clock: wait for the next period to come round
                time.sleep(max(0.0, deadline - time.perf_counter()))
                started = time.perf_counter()
                try:
                    callback(out, blocksize, None, None)
                except clock.CallbackStop:
                    break
                finally:
                    clock.durations.append(time.perf_counter() - started)
            running.clear()
            finished_callback()

        class Stream:
            def start(self):
                running.set()
                threading.Thread(target=device, name="device-clock", daemon=True).start()

            def abort(self):
                running.clear()

            def close(self):
                pass

        return Stream()


def measure_endless(scene_path, seconds: float = 300.0, busy: bool = False, soundfont=None) -> dict:
    """Benchmark of `play --endless`: the real composing ahead, renderer, queue and callback, for
    `seconds` against a real-time device clock, optionally with another process keeping a core
    busy. Callback times are fractions of the block period (what a device allows)."""
    from composer import load_scene, scene_seed
    from composer.endless import endless_midis
    from composer.io.schedule import schedule_midi
    from composer.io.soundfont import find_soundfont
    from composer.io.synth import Synth

    scene = load_scene(scene_path)
    stop = threading.Event()
    schedules = (schedule_midi(midi, DEFAULT_RATE).ending_at_bar_line()
                 for midi in endless_midis(scene, scene_seed(scene)))
    clock = DeviceClock(seconds)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        with Synth(find_soundfont(soundfont), sample_rate=DEFAULT_RATE) as synth:
            playback = Playback(synth, _prefetched(schedules, stop),
                                Device(-1, "device clock", "measure", 2, DEFAULT_RATE, True),
                                backend=clock, stop=stop)
            result = playback.run()
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    load = np.array(clock.durations) / clock.period
    return {"seconds": result.seconds, "underruns": result.underruns, "callbacks": len(load),
            "callback_mean": float(load.mean()), "callback_p99": float(np.percentile(load, 99)),
            "callback_max": float(load.max()), "busy_core": busy}
