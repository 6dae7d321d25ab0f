"""Shared helpers for the audio tests: small standard MIDI files built with mido, WAV readers, and
the ALSA `file` device that lets PortAudio "play" into a WAV file on a machine with no sound card."""

from __future__ import annotations

import os
import re
import struct
import sys
from pathlib import Path

import mido
import numpy as np

TPB = 480
ROOT = Path(__file__).resolve().parents[1]

# I-vi-IV-V in C: the harmony part's chords, the bass plays their roots.
CHORDS = ((60, 64, 67), (57, 60, 64), (53, 57, 60), (55, 59, 62))


def _track(channel: int, program: int | None, notes, controls=()) -> mido.MidiTrack:
    """notes: (start_tick, duration, pitch, velocity); controls: (tick, number, value)."""
    events = []
    if program is not None:
        events.append((0, 1, mido.Message("program_change", channel=channel, program=program)))
    events += [(t, 1, mido.Message("control_change", channel=channel, control=c, value=v))
               for t, c, v in controls]
    for start, duration, pitch, velocity in notes:
        events.append((start, 2, mido.Message("note_on", channel=channel, note=pitch, velocity=velocity)))
        events.append((start + duration, 0, mido.Message("note_off", channel=channel, note=pitch)))
    events.sort(key=lambda e: (e[0], e[1]))
    track, now = mido.MidiTrack(), 0
    for tick, _, message in events:
        track.append(message.copy(time=tick - now))
        now = tick
    return track


def band_midi(bars: int = 4, bpm: float = 120, slow_down_at: int | None = None) -> mido.MidiFile:
    """A type-1 file like the project's: conductor track (meter, tempo, markers, an optional tempo
    change), piano chords with pedal, bass, flute melody, drums on channel 10; CC91/93/11 set."""
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    bar = TPB * 4
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("time_signature", numerator=4, denominator=4))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm)))
    conductor.append(mido.MetaMessage("marker", text="opening"))
    if slow_down_at is not None:
        conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm * 0.75),
                                          time=slow_down_at * bar))
        conductor.append(mido.MetaMessage("marker", text="closing"))
    midi.tracks.append(conductor)
    effects = [(0, 91, 70), (0, 93, 40), (0, 11, 110)]
    piano = [(b * bar, bar, p, 72) for b in range(bars) for p in CHORDS[b % 4]]
    pedal = [(b * bar, 64, 127) for b in range(bars)] + [(b * bar + bar - 10, 64, 0) for b in range(bars)]
    midi.tracks.append(_track(0, 0, piano, effects + pedal))
    bass = [(b * bar + q * TPB, TPB, CHORDS[b % 4][0] - 24, 90) for b in range(bars) for q in range(4)]
    midi.tracks.append(_track(1, 32, bass, effects))
    tune = [(b * bar + q * TPB * 2, TPB * 2, CHORDS[b % 4][q % 3] + 12, 84)
            for b in range(bars) for q in range(2)]
    midi.tracks.append(_track(2, 73, tune, effects))
    drums = [(b * bar + q * TPB, 120, 36 if q % 2 == 0 else 38, 100) for b in range(bars) for q in range(4)]
    drums += [(b * bar + e * TPB // 2, 60, 42, 70) for b in range(bars) for e in range(8)]
    midi.tracks.append(_track(9, 0, sorted(drums), [(0, 91, 40)]))
    return midi


def single_note_midi(program: int = 0, channel: int = 0, pitch: int = 60, velocity: int = 100,
                     beats: int = 1, reverb: int | None = None, rest_beats: int = 0) -> mido.MidiFile:
    """One note (then an optional rest) at 120 BPM, with an optional CC91 value first."""
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    controls = [(0, 91, reverb)] if reverb is not None else []
    track = _track(channel, program, [(0, beats * TPB, pitch, velocity)], controls)
    if rest_beats:
        track.append(mido.MetaMessage("end_of_track", time=rest_beats * TPB))
    midi.tracks.append(track)
    return midi


def save(midi: mido.MidiFile, path: Path) -> Path:
    midi.save(path)
    return path


def read_wav(path: Path, alsa_float: bool = False) -> tuple[np.ndarray, int, int]:
    """(frames as float in [-1, 1] shaped (n, channels), sample rate, bits) for PCM WAV files of
    16 or 24 bits (what the stdlib wave module writes). `alsa_float`: ALSA's file plugin writes a
    float32 stream under a header that says 32-bit integer PCM."""
    data = Path(path).read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    position, fmt, payload = 12, None, None
    while position + 8 <= len(data):
        chunk, size = data[position: position + 4], struct.unpack("<I", data[position + 4: position + 8])[0]
        body = data[position + 8: position + 8 + size]
        if chunk == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif chunk == b"data":
            payload = body
        position += 8 + size + (size & 1)
    tag, channels, rate, _, _, bits = fmt
    assert tag in (1, 0xFFFE), f"not integer PCM (format tag {tag})"
    if alsa_float:
        assert bits == 32
        values = np.frombuffer(payload[: len(payload) // 4 * 4], "<f4").astype(np.float64)
    elif bits == 24:
        raw = np.frombuffer(payload[: len(payload) // 3 * 3], np.uint8).reshape(-1, 3)
        padded = np.zeros((len(raw), 4), np.uint8)
        padded[:, 1:] = raw
        values = (padded.view("<i4").reshape(-1) >> 8) / 8_388_607  # the writer's full scale
    else:
        values = np.frombuffer(payload[: len(payload) // 2 * 2], "<i2") / 32767  # the writer's full scale
    return values.reshape(-1, channels), rate, bits


def alsa_env(tmp_path: Path, capture: Path | None = None) -> dict:
    """Environment for a subprocess whose default ALSA device is a WAV file (`capture`) or, with
    no capture, the unpaced null device. Must be set before sounddevice is imported."""
    conf = tmp_path / "asound.conf"
    if capture is None:
        conf.write_text('pcm.!default { type plug; slave.pcm "null" }\n')
    else:
        conf.write_text('pcm.!default { type plug; slave.pcm "capfile" }\n'
                        f'pcm.capfile {{ type file; slave.pcm "null"; file "{capture}"; format "wav" }}\n')
    env = dict(os.environ)
    env["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{conf}"
    env["PYTHONPATH"] = str(ROOT)
    return env


def cli(*args: str) -> list[str]:
    """argv that runs the memory-composer CLI with this interpreter."""
    return [sys.executable, "-c", "import sys; from composer.cli import main; sys.exit(main())", *args]


def wait_for_status(process, marker: str = " · bar ", timeout: float = 30.0) -> str:
    """Read the playing subprocess's stderr until a status line containing `marker` (by default
    the first one, '... · bar N · m:ss': sound is going to the device). Returns what was read."""
    import time

    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError("no status line from the player: " + "".join(seen))


# -- hostile MIDI files, as bytes (a user can hand us anything)

def smf(*tracks: bytes, fmt: int = 1, division: int = 480) -> bytes:
    """A standard MIDI file from raw track bodies."""
    header = b"MThd" + struct.pack(">IHHH", 6, fmt, len(tracks), division)
    return header + b"".join(b"MTrk" + struct.pack(">I", len(t)) + t for t in tracks)


END = b"\x00\xff\x2f\x00"
NOTE = b"\x00\x90\x3c\x64\x83\x60\x80\x3c\x00"  # C4 for one beat at 480 ticks per beat


def meta(kind: int, payload: bytes, delta: bytes = b"\x00") -> bytes:
    return delta + bytes([0xFF, kind, len(payload)]) + payload


# Each hostile file, and the words its one-line error must contain.
HOSTILE = {
    # 34 bytes that claim 414 days: a delta of 2^28-1 ticks at one quarter per 16.7 s, twice.
    "days": (smf(meta(0x51, b"\xff\xff\xff") + b"\xff\xff\xff\x7f\x90\x3c\x64" + b"\xff\xff\xff\x7f\x80\x3c\x00"),
             "over the 1:00:0"),  # an hour, and in render and play its final ring
    "type 2": (smf(NOTE + END, NOTE + END, fmt=2), "type-2 MIDI"),
    "ticks per beat 0": (smf(NOTE + END, division=0), "ticks per beat is 0"),
    "smpte": (smf(NOTE + END, division=0xE728), "SMPTE"),
    "tempo 0": (smf(meta(0x51, b"\x00\x00\x00") + NOTE + END), "tempo 0"),
    "numerator 0": (smf(meta(0x58, b"\x00\x02\x18\x08") + NOTE + END), "no beats in a bar"),
    "huge denominator": (smf(meta(0x58, b"\x01\xff\x18\x08") + NOTE + END), "shorter than the file's time"),
    "9 sharps": (smf(meta(0x59, b"\x09\x00") + NOTE + END), "9 sharps"),
    "truncated": (smf(NOTE + END)[:-6], "truncated"),
    "not midi": (b"RIFF\x00\x00\x00\x00WAVEfmt ", "not a standard MIDI file"),
    "no tracks": (b"MThd" + struct.pack(">IHHH", 6, 1, 0, 480), "no tracks"),
    "data without status": (smf(b"\x00\x3c\x64" + END), "data byte without a status"),
}


# -- a paced virtual sound card: PulseAudio's null sink (research note audio-stack.md)

class PacedCard:
    """A PulseAudio server with one null sink, started for the tests: it consumes audio at real-time
    pace like a sound card (ALSA's `null` and `file` devices do not), and its monitor lets a test
    record exactly what was played. Subprocesses reach it through `env`; PortAudio's ALSA `default`
    device goes to it through the pulse plugin."""

    SINK = "virt"
    RATE = 44100

    def __init__(self, folder: Path):
        import subprocess
        import time

        self.folder = folder
        runtime = folder / "run"
        runtime.mkdir()
        socket = runtime / "pulse" / "native"
        conf = folder / "asound.conf"
        conf.write_text("pcm.!default { type pulse }\nctl.!default { type pulse }\n")
        self.env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(folder),
                        PULSE_SERVER=f"unix:{socket}", PYTHONPATH=str(ROOT),
                        ALSA_CONFIG_PATH=f"/usr/share/alsa/alsa.conf:{conf}")
        self.log = folder / "pulseaudio.log"
        self.server = subprocess.Popen(
            ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n",
             f"--load=module-null-sink sink_name={self.SINK} rate={self.RATE} channels=2",
             "--load=module-native-protocol-unix", f"--log-target=file:{self.log}"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not socket.exists():
            if self.server.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("the PulseAudio null sink did not start: "
                                   + (self.log.read_text()[-500:] if self.log.exists() else ""))
            time.sleep(0.05)

    def recorder(self, path: Path):
        """Record the sink's monitor (what was played) into a 16-bit WAV; returns once the recording
        is flowing (the first connection to a fresh server can take a second or two). Stop it with
        `stop_recording`."""
        import subprocess
        import time

        process = subprocess.Popen(["parecord", f"--device={self.SINK}.monitor", "--file-format=wav",
                                    f"--rate={self.RATE}", "--channels=2", "--format=s16le",
                                    str(path)],
                                   env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        flowing = 44 + self.RATE * 4 // 10  # header and 100 ms of (silent) audio
        deadline = time.monotonic() + 20
        while not (path.exists() and path.stat().st_size >= flowing):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"parecord did not start recording: {process.stderr.read()!r}")
            time.sleep(0.02)
        return process

    @staticmethod
    def stop_recording(process) -> None:
        import signal

        process.send_signal(signal.SIGINT)  # parecord finishes the WAV header on SIGINT
        process.wait(timeout=10)

    def close(self) -> None:
        if self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=5)
            except Exception:
                self.server.kill()
                self.server.wait()


def paced_card_or_skip(folder: Path) -> PacedCard:
    """The card, or a skip where PulseAudio is not installed (make test installs it; in CI a missing
    card is a failure, not a skip)."""
    import shutil

    import pytest

    if shutil.which("pulseaudio") is None or shutil.which("parecord") is None:
        message = "no PulseAudio for the paced virtual card: make test installs pulseaudio pulseaudio-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return PacedCard(folder)


def aligned(heard: np.ndarray, offline: np.ndarray) -> np.ndarray:
    """The stretch of a capture that lines up with an offline render: the capture starts before the
    music (recording runs first), so shift it to the first sound of each."""
    first_heard = int(np.flatnonzero(np.abs(heard).max(axis=1) > 0)[0])
    first_offline = int(np.flatnonzero(np.abs(offline).max(axis=1) > 0)[0])
    start = first_heard - first_offline
    assert start >= 0, f"recording started after the music ({first_heard}, {first_offline}, {len(heard)})"
    return heard[start: start + len(offline)]


PLAYED = re.compile(r"played (\d+):(\d\d)(?:, no underruns|: (\d+) blocks not ready in time, "
                    r"(\d+) device underflows)")


def endless_on_card(card: PacedCard, scene: Path, seconds: float, busy: bool, cwd: Path) -> dict:
    """`play SCENE --endless` on the paced card for `seconds`, optionally with another process
    keeping a core busy, then Ctrl-C. Returns what the player reported: seconds heard, blocks not
    ready (`underruns`), device underflows, and its stderr."""
    import signal
    import subprocess
    import time

    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        player = subprocess.Popen(cli("play", str(scene), "--endless"), env=card.env, cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(seconds)
            player.send_signal(signal.SIGINT)
            _, stderr = player.communicate(timeout=30)
        finally:
            player.kill()
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    found = PLAYED.search(stderr)
    if found is None:
        raise AssertionError("no 'played ...' line from the player: " + stderr[-500:])
    minutes, secs, late, underflows = found.groups()
    return {"seconds": int(minutes) * 60 + int(secs), "underruns": int(late or 0),
            "device_underflows": int(underflows or 0), "line": found.group(0), "stderr": stderr}
