"""Values for tests that exercise one stage without the stages before it."""

from __future__ import annotations

from composer.feel import Feel, MomentFeel
from composer.scene.model import Instrument, Palette

PIANO = Instrument("Acoustic Grand Piano", 0)
STRINGS = Instrument("String Ensemble 1", 48)
BASS = Instrument("Acoustic Bass", 32)
HARP = Instrument("Orchestral Harp", 46)


def palette(texture_pattern: str = "waves", texture: Instrument | None = HARP) -> Palette:
    return Palette(lead=PIANO, harmony=STRINGS, bass=BASS, texture=texture,
                   texture_pattern=texture_pattern, counter=None, drums=None, register=0,
                   reverb=60, chorus=20, tempo_nudge=1.0, sources=("test",))


def feel(valence: float = 0.3, arousal: float = -0.3, *, seconds: float | None = 60.0,
         bars: int | None = None, bpm: float = 72.0, moments=None, meter=None, mode=None,
         tonic=None, texture_pattern: str = "waves") -> Feel:
    moments = moments or (MomentFeel("", valence, arousal, 0.5, None, None),)
    return Feel(valence=valence, arousal=arousal, tension=0.2, brightness=0.0, bpm=bpm,
                bpm_source="test", seconds=seconds, bars=bars, palette=palette(texture_pattern),
                moments=tuple(moments), tonic=tonic, mode=mode, meter=meter, words=("tender",))


def run_main(capsys, *args):
    """The command line in this process: (exit code, stdout, stderr)."""
    from composer.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err
