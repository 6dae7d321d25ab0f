"""Live playback through sounddevice (PortAudio).

A producer thread renders the schedule on the sample clock (composer.io.audio.Renderer, the same
code as offline rendering) into a bounded queue of fixed-size blocks; the device's callback only
copies the next ready block out. The queue being full is what paces the producer, so timing follows
the device's own clock and nothing is scheduled with sleeps. Stopping (the end, or Ctrl-C) aborts
the stream, silences the synthesizer and closes both, so nothing is left sounding."""

from __future__ import annotations

import ctypes
import math
import ctypes.util
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from composer.errors import DeviceError
from composer.limits import SAMPLE_RATES

INSTALL_PORTAUDIO = "install libportaudio2 (Debian); the macOS and Windows wheels bundle it"

BLOCK_FRAMES = 1024  # ~23 ms at 44.1 kHz: one callback's worth
# Buffering, chosen for a player, not a DAW: nothing is played along live, so latency costs nothing,
# while slack rides out a busy moment (the other core composing, another program). Stopping stays
# immediate: the stream is aborted, not drained. Measured on a paced virtual card (PulseAudio null
# sink) with both cores busy: PortAudio's 'high' latency there is only 46 ms and gave 1-3 device
# underflows in 10 s; 0.5 s of device buffer with a full 0.74 s queue gave none (benchmarks/run.py
# --only paced measures the 5-minute endless case).
QUEUE_BLOCKS = 32  # ~0.74 s rendered ahead of the device
PREFILL_BLOCKS = QUEUE_BLOCKS  # the queue is full before the stream starts: the device's first
# requests fill its whole buffer at once, faster than real time
DEVICE_LATENCY = 0.5  # seconds of audio the device (or sound server) itself holds
STATUS_SECONDS = 0.1  # how often the status line is refreshed
SWITCH_INTERVAL = 0.0005  # seconds: how soon another thread must hand the GIL to the callback
DEFAULT_RATE = 44100


def _check_alsa_config() -> None:
    """ALSA aborts the whole process (SIGABRT, no message) when a file named in $ALSA_CONFIG_PATH
    is missing; say which one instead."""
    for name in filter(None, os.environ.get("ALSA_CONFIG_PATH", "").split(":")):
        if not os.path.isfile(name) or not os.access(name, os.R_OK):
            raise DeviceError(f"ALSA_CONFIG_PATH: {name}: no such readable file "
                              "(fix or unset ALSA_CONFIG_PATH)")


# ALSA's error handler type: (file, line, function, err, fmt, ...). Variadic arguments are left
# unread: the handler only has to exist and return.
_ALSA_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                 ctypes.c_char_p)
_quiet_alsa = _ALSA_HANDLER(lambda *_: None)  # kept referenced for the life of the process


def _silence_alsa() -> None:
    """ALSA writes its own lines to stderr ("snd_pcm_recover) underrun occurred"): they would break
    the status line. The player counts underruns itself and reports them in one line."""
    name = ctypes.util.find_library("asound")
    if name is None:
        return
    try:
        ctypes.CDLL(name).snd_lib_error_set_handler(_quiet_alsa)
    except (OSError, AttributeError):
        pass  # no ALSA here (macOS, Windows): nothing to silence


def load_sounddevice():
    """The sounddevice module, or a DeviceError saying what to install."""
    _check_alsa_config()
    _silence_alsa()
    try:
        import sounddevice
    except ModuleNotFoundError as error:
        if error.name != "sounddevice":
            raise
        raise DeviceError("sounddevice is not installed: pip install 'memory-composer[audio]'") from None
    except OSError:
        raise DeviceError(f"PortAudio library not found: {INSTALL_PORTAUDIO}") from None
    except Exception as error:  # sounddevice.PortAudioError from Pa_Initialize (a broken audio setup)
        raise DeviceError(f"PortAudio could not start: {error}") from None
    return sounddevice


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    host_api: str
    channels: int
    sample_rate: float
    default: bool


def output_devices(backend=None) -> list[Device]:
    sd = load_sounddevice() if backend is None else backend
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
        default_out = sd.default.device[1]
    except sd.PortAudioError as error:
        raise DeviceError(f"cannot list audio devices: {error}") from None
    return [Device(i, d["name"], apis[d["hostapi"]]["name"], d["max_output_channels"],
                   d["default_samplerate"], i == default_out)
            for i, d in enumerate(devices) if d["max_output_channels"] > 0]


def midi_output_ports() -> list[str]:
    """MIDI output port names where mido has a working backend (python-rtmidi); [] otherwise."""
    try:
        import mido

        return list(mido.get_output_names())
    except Exception:  # no backend module, or no MIDI system (e.g. no ALSA sequencer): none to list
        return []


def resolve_device(spec, backend=None) -> Device:
    """--device N or NAME (a case-insensitive part of the name); None means the default output."""
    devices = output_devices(backend)
    if not devices:
        raise DeviceError("no audio output device found (see `memory-composer devices`)")
    if spec is None or spec == "":
        default = next((d for d in devices if d.default), None)
        if default is None:
            raise DeviceError("no default audio output device; choose one with --device "
                              "(see `memory-composer devices`)")
        return default
    text = str(spec).strip()
    if text.isdigit():
        match = next((d for d in devices if d.index == int(text)), None)
        if match is None:
            raise DeviceError(f"--device {text}: no output device with that number "
                              "(see `memory-composer devices`)")
        return match
    matches = [d for d in devices if text.lower() in d.name.lower()]
    exact = [d for d in matches if d.name.lower() == text.lower()]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise DeviceError(f"--device {text!r}: no output device by that name "
                          "(see `memory-composer devices`)")
    names = ", ".join(f"{d.index}: {d.name}" for d in matches)
    raise DeviceError(f"--device {text!r} matches several devices ({names}); give the number")


def device_rate(device: Device) -> int:
    """The device's own rate (no resampling on the way out), within what FluidSynth can render."""
    rate = int(round(device.sample_rate)) or DEFAULT_RATE
    low, high = SAMPLE_RATES
    return rate if low <= rate <= high else DEFAULT_RATE


@dataclass(frozen=True)
class Status:
    seconds: float  # heard so far
    piece: int  # 1-based, grows in endless playback
    section: str
    bar: int
    kind: str = "piece"  # what `piece` counts: pieces in endless play, passes of a loop


@dataclass(frozen=True)
class Loop:
    """A loop to play round: its sample-exact audio (composer.io.loop.render_loop), its schedule
    (for the status line) and how many times (None: until stopped)."""

    audio: np.ndarray
    schedule: object
    passes: int | None = None


@dataclass(frozen=True)
class PlayResult:
    seconds: float
    underruns: int  # callbacks that found no block ready (heard as a gap)
    device_underflows: int = 0  # callbacks the device flagged: it ran dry before this one came


class Playback:
    """One playback run: `run()` blocks until the music and its tail have played, calling
    `on_status(Status)` every STATUS_SECONDS. KeyboardInterrupt stops everything within one
    status period and is raised again for the caller (the CLI turns it into exit code 130)."""

    def __init__(self, synth, schedules: Iterable, device: Device, *, backend=None,
                 block_frames: int = BLOCK_FRAMES, on_status: Callable[[Status], None] | None = None,
                 on_end: Callable[[PlayResult], None] | None = None, stop: threading.Event | None = None,
                 loop: Loop | None = None):
        """`backend`: the audio library, sounddevice's interface (OutputStream, CallbackStop,
        PortAudioError); None loads sounddevice itself. Benchmarks pass a simulated device clock.
        `on_end(PlayResult)` is called once the stream has played, however it ended (the end,
        Ctrl-C, an error), so what was heard can be reported even when stopped. `loop`: play
        that loop's audio round and round instead of rendering `schedules`."""
        from composer.io.audio import Renderer

        self.sd = load_sounddevice() if backend is None else backend
        self.synth = synth
        self.device = device
        self.block = block_frames
        self.on_status = on_status
        self.on_end = on_end
        self.renderer = Renderer(synth, schedules)
        self.loop = loop
        self.blocks: queue.Queue = queue.Queue(maxsize=QUEUE_BLOCKS)
        self.stop = stop or threading.Event()
        self.primed = threading.Event()
        self.done = threading.Event()
        self.played = 0  # frames handed to the device (written only by the callback)
        self.underruns = 0
        self.device_underflows = 0
        self.draining = False  # the last block has been given
        self.drain_blocks = 0  # silent blocks still to give after it (set from the stream's latency)
        self.error: BaseException | None = None

    # -- producer thread: render on the sample clock, paced by the bounded queue
    def _produce(self) -> None:
        from composer.io.audio import limited_blocks

        from composer.io.loop import repeated

        try:
            blocks = (repeated(self.loop.audio, self.block, self.loop.passes) if self.loop is not None
                      else limited_blocks(self.renderer, self.block))
            for count, block in enumerate(blocks, start=1):
                if len(block) < self.block:
                    block = np.concatenate((block, np.zeros((self.block - len(block), 2), np.float32)))
                if not self._put(block):
                    return
                if count >= PREFILL_BLOCKS:
                    self.primed.set()
            self._put(None)
        except BaseException as error:  # handed to the main thread, raised there
            self.error = error
            self._put(None)
        finally:
            self.primed.set()

    def _put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.blocks.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    # -- audio callback: copy one ready block, nothing else
    def _callback(self, outdata, frames, time_info, status) -> None:
        if status and status.output_underflow:
            self.device_underflows += 1
        if not self.draining:
            try:
                block = self.blocks.get_nowait()
            except queue.Empty:
                outdata.fill(0)
                self.underruns += 1
                return
            if block is not None:
                outdata[:] = block
                self.played += frames
                return
            self.draining = True
        # After the last block, silence until the device's buffer has played out: PortAudio stops
        # a stream without draining what a sound server still holds (PulseAudio's ALSA plugin
        # dropped the last ~0.45 s of the tail, measured on the paced virtual card).
        outdata.fill(0)
        self.drain_blocks -= 1
        if self.drain_blocks < 0:
            raise self.sd.CallbackStop

    def status(self) -> Status:
        frame = self.played
        if self.loop is not None:  # the pass it is on, and where in the loop
            length, schedule = len(self.loop.audio), self.loop.schedule
            local = frame % length
            return Status(frame / self.synth.sample_rate, frame // length + 1,
                          schedule.section_at(local), schedule.bar_at(local), "loop")
        starts = self.renderer.starts
        piece = 0
        while piece + 1 < len(starts) and starts[piece + 1][0] <= frame:
            piece += 1
        offset, schedule = starts[piece] if starts else (0, None)
        local = frame - offset
        if schedule is None:
            return Status(frame / self.synth.sample_rate, 1, "", 1)
        return Status(frame / self.synth.sample_rate, piece + 1, schedule.section_at(local),
                      schedule.bar_at(min(local, schedule.end_frame)))

    def run(self) -> PlayResult:
        sd = self.sd
        producer = threading.Thread(target=self._produce, name="render", daemon=True)
        stream = None
        # The callback needs the GIL, and a thread composing or rendering ahead keeps it for up to
        # the switch interval (5 ms by default, a fifth of a block); a shorter interval hands it
        # over sooner (measured with benchmarks/run.py --only live).
        interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            producer.start()
            while not self.primed.wait(STATUS_SECONDS):
                continue
            try:
                stream = sd.OutputStream(samplerate=self.synth.sample_rate, blocksize=self.block,
                                         device=self.device.index, channels=2, dtype="float32",
                                         latency=DEVICE_LATENCY,
                                         # the device's buffer starts with the music, not with
                                         # PortAudio's silence (which would delay the first sound
                                         # by the whole latency)
                                         prime_output_buffers_using_stream_callback=True,
                                         callback=self._callback, finished_callback=self.done.set)
                self.drain_blocks = math.ceil(float(getattr(stream, "latency", 0.0) or 0.0)
                                              * self.synth.sample_rate / self.block)
                stream.start()
            except sd.PortAudioError as error:
                raise DeviceError(f"audio device {self.device.index} ({self.device.name}) is busy "
                                  f"or cannot play 2-channel {self.synth.sample_rate} Hz: {error}") from None
            while not self.done.wait(STATUS_SECONDS):
                if self.on_status is not None:
                    self.on_status(self.status())
            if self.error is not None:
                raise self.error
            if self.on_status is not None:
                self.on_status(self.status())
            return self.result()
        finally:
            sys.setswitchinterval(interval)
            self.stop.set()
            if stream is not None:
                stream.abort()  # drop what is queued in the device: stop now, not after the buffer
                stream.close()
            producer.join(timeout=1.0)
            self.synth.silence()
            if stream is not None and self.on_end is not None:
                self.on_end(self.result())

    def result(self) -> PlayResult:
        return PlayResult(self.played / self.synth.sample_rate, self.underruns, self.device_underflows)


def play_midis(midis: Iterable, soundfont, device=None, *,
               on_status: Callable[[Status], None] | None = None,
               on_end: Callable[[PlayResult], None] | None = None, prefetch: bool = False,
               join_at_bars: bool = False, block_frames: int = BLOCK_FRAMES, backend=None,
               loops: int | None = None, loop_seconds: float | None = None) -> PlayResult:
    """Play MIDI (each a RawMidi read from a file, or a mido.MidiFile just composed) one after
    another, joined on the sample clock (with `join_at_bars`, each next one starts on the bar line
    after the previous one's last note). With `prefetch`, the next one is produced (e.g. composed)
    in a background thread while the current one plays, so a lazy, endless iterator never holds up
    the audio. `backend` as for Playback. A single loop (composer.io.loop.loop_end) is rendered
    once, sample-exact, and played round seamlessly `loops` times, or as many whole times as
    reach `loop_seconds`, or until stopped (neither given)."""
    from composer.io.schedule import schedule_of
    from composer.io.synth import Synth

    chosen = resolve_device(device, backend)
    rate = device_rate(chosen)
    schedules = (schedule_of(midi, rate) for midi in midis)
    if join_at_bars:
        schedules = (schedule.ending_at_bar_line() for schedule in schedules)
    stop = threading.Event()
    with Synth(soundfont, sample_rate=rate) as synth:
        loop = None
        if not prefetch:
            from composer.io.loop import loop_end, render_loop

            schedules = list(schedules)
            end = loop_end(schedules[0]) if len(schedules) == 1 else None
            if end is not None:
                audio = render_loop(synth, schedules[0], end)
                if loop_seconds is not None:
                    loops = max(1, math.ceil(loop_seconds * rate / len(audio) - 1e-9))
                loop = Loop(audio, schedules[0], loops)
                synth.silence()
                schedules = []
        playback = Playback(synth, _prefetched(schedules, stop) if prefetch else schedules, chosen,
                            backend=backend, block_frames=block_frames, on_status=on_status,
                            on_end=on_end, stop=stop, loop=loop)
        return playback.run()


def _prefetched(items, stop: threading.Event):
    """Yield from `items`, computing the next one in a background thread while the caller uses the
    current one. Stops (without waiting for a computation in progress) when `stop` is set."""
    ready: queue.Queue = queue.Queue(maxsize=1)
    end = object()

    def work():
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        ready.put(item, timeout=0.05)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put(end)
        except BaseException as error:
            ready.put(error)

    threading.Thread(target=work, name="compose-ahead", daemon=True).start()
    while not stop.is_set():
        try:
            item = ready.get(timeout=0.05)
        except queue.Empty:
            continue
        if item is end:
            return
        if isinstance(item, BaseException):
            raise item
        yield item
