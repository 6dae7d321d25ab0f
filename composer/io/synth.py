"""FluidSynth, wrapped for the schedule: load a SoundFont, apply events, render float frames.

pyfluidsynth (and through it the system libfluidsynth) is imported only when a Synth is made, so
`compose` never needs it. Audio comes out of `fluid_synth_write_float` straight into a numpy buffer:
float keeps the peaks above full scale for the limiter to handle (the int16 path would clip them
inside FluidSynth) and skips FluidSynth's own dithering and a copy."""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from composer.errors import RenderError

INSTALL_FLUIDSYNTH = "install libfluidsynth3 (Debian) / brew install fluid-synth"

# FluidSynth's master gain. Its default 0.2 leaves the project's pieces very quiet: measured on
# the example scenes at 0.3, peaks were -17..-5 dBFS and RMS -34..-23 dBFS. At 0.5 (+4.4 dB) the
# quiet scenes stay quiet (first snow peaks ~-12 dBFS), the loudest touch the ceiling, and the
# limiter in composer.io.audio catches those few chords.
DEFAULT_GAIN = 0.5

# Settings that differ from FluidSynth's defaults, and why.
SETTINGS = {
    "synth.midi-channels": 16,  # a standard MIDI file has 16 channels; fewer to reset and scan
    "synth.polyphony": 256,  # FluidSynth's default, stated so a change is deliberate
    "synth.reverb.active": 1,  # CC91 in the piece drives the reverb send
    "synth.chorus.active": 1,  # CC93 drives the chorus send
    # Load only the samples of the presets a piece selects, when it selects them: FluidR3_GM.sf2
    # (148 MB) then loads in ~0.05 s instead of ~0.25 s, and no memory is pinned (lock-memory
    # would mlock every sample; measured on this project's machines).
    "synth.dynamic-sample-loading": 1,
    "synth.lock-memory": 0,
}

# Controllers reset to their General MIDI power-on values when one piece follows another on the
# same synthesizer (endless playback), on the channels the next piece plays: sustain pedal up,
# expression full, no modulation. Volume, pan, reverb and chorus are left: each piece sets its own.
JOIN_RESETS = ((64, 0), (11, 127), (1, 0))

# FluidSynth log levels (fluidsynth/log.h). Its warnings ("no preset found on channel ...") would
# break the one-line output; a failure to load is reported by our own RenderError instead.
_LOG_LEVELS_SILENCED = (1, 2, 3, 4)  # FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG


def load_fluidsynth():
    """The pyfluidsynth module, or a RenderError saying what to install."""
    try:
        # pyfluidsynth prints where it found the library when $CI is set; our output stays ours.
        with contextlib.redirect_stdout(io.StringIO()):
            import fluidsynth
    except ModuleNotFoundError as error:
        if error.name != "fluidsynth":
            raise
        raise RenderError("pyfluidsynth is not installed: pip install 'memory-composer[audio]'") from None
    except (ImportError, OSError):
        raise RenderError(f"FluidSynth library not found: {INSTALL_FLUIDSYNTH}") from None
    return fluidsynth


@contextlib.contextmanager
def _stderr_captured():
    """The C libraries under FluidSynth (libinstpatch, GLib) print to the process's stderr, e.g.
    "** CRITICAL **: ipatch_container_init_iter: assertion failed" for a corrupt SoundFont, around our
    one-line error. While a font loads, file descriptor 2 points at a scratch file (dropped after)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no stderr to protect
        yield
        return
    try:
        with tempfile.TemporaryFile() as scratch:
            os.dup2(scratch.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def _bind(library) -> ctypes._CFuncPtr:
    write_float = library.fluid_synth_write_float
    write_float.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                            ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    write_float.restype = ctypes.c_int
    set_log = library.fluid_set_log_function
    set_log.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    set_log.restype = ctypes.c_void_p
    for level in _LOG_LEVELS_SILENCED:
        set_log(level, None, None)
    return write_float


class Synth:
    """One FluidSynth instance with one SoundFont. Use as a context manager (it frees the C synth)."""

    def __init__(self, soundfont, sample_rate: int = 44100, gain: float = DEFAULT_GAIN):
        fluidsynth = load_fluidsynth()
        self._write_float = _bind(fluidsynth._fl)
        self.soundfont = Path(soundfont)
        self.sample_rate = int(sample_rate)
        # Settings go in before the C synth is made (pyfluidsynth applies keyword settings first):
        # some, like polyphony and sample loading, are only read when it is created.
        others = {k: v for k, v in SETTINGS.items() if k != "synth.midi-channels"}
        self._fs = fluidsynth.Synth(gain=float(gain), samplerate=float(sample_rate),
                                    channels=SETTINGS["synth.midi-channels"], **others)
        # update_midi_preset=1: every channel gets program 0 (channel 10 the standard drum kit,
        # bank 128) at once, so a file without program changes still sounds.
        with _stderr_captured():
            loaded = self._fs.sfload(str(self.soundfont), 1)
        if loaded < 0:
            self.close()
            raise RenderError(f"{self.soundfont}: FluidSynth could not load this SoundFont")
        self._handle = self._fs.synth
        # Dispatch by event kind (the schedule's KINDS order): one index per event, no if-chain
        # in the hot loop.
        fs = self._fs
        self._apply = (
            lambda ch, a, b: fs.noteon(ch, a, b),
            lambda ch, a, b: fs.noteoff(ch, a),
            lambda ch, a, b: fs.cc(ch, a, b),
            lambda ch, a, b: fs.program_change(ch, a),
            lambda ch, a, b: fs.pitch_bend(ch, a),
        )

    def apply(self, event) -> None:
        from composer.io.schedule import KINDS

        self._apply[KINDS.index(event.kind)](event.channel, event.a, event.b)

    def apply_rows(self, rows) -> None:
        """Apply schedule rows (frame, kind, channel, a, b), in order."""
        apply = self._apply
        for _, kind, channel, a, b in rows:
            apply[kind](channel, a, b)

    def render_into(self, out: np.ndarray) -> None:
        """Fill a C-contiguous float32 (frames, 2) array with the next frames."""
        frames = out.shape[0]
        if frames:
            pointer = out.ctypes.data
            self._write_float(self._handle, frames, pointer, 0, 2, pointer, 1, 2)

    def render(self, frames: int) -> np.ndarray:
        out = np.empty((frames, 2), dtype=np.float32)
        self.render_into(out)
        return out

    @property
    def active_voices(self) -> int:
        return self._fs.get_active_voice_count()

    def release_all(self) -> None:
        """All notes off and sustain pedal up on every channel: notes release naturally (the
        reverb tail stays), nothing is left held."""
        for channel in range(SETTINGS["synth.midi-channels"]):
            self._fs.cc(channel, 64, 0)
            self._fs.all_notes_off(channel)

    def reset_controllers(self, channel: int) -> None:
        """Put back what one piece may leave changed and the next may not set (see JOIN_RESETS)."""
        for number, value in JOIN_RESETS:
            self._fs.cc(channel, number, value)
        self._fs.pitch_bend(channel, 0)

    def silence(self) -> None:
        """All sound off at once, releases and effects included (for stopping playback)."""
        for channel in range(SETTINGS["synth.midi-channels"]):
            self._fs.all_sounds_off(channel)
        # Voices are freed when FluidSynth next renders; one internal block (64 frames) does it.
        self.render(64)

    def close(self) -> None:
        if self._fs is not None:
            self._fs.delete()
            self._fs = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
