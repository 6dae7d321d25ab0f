"""Scenes: loading and validating scene files, the lexicons and palettes they are read with.

    from composer.scene import load_scene, parse_scene
    scene = load_scene("scenes/beach.toml")          # any mistake: one-line SceneError

The loader is imported on first use, so importing the model values stays cheap.
"""

from __future__ import annotations

import os

from composer.scene.model import Length, Moment, Mood, Music, Scene, Setting, Tempo

__all__ = ["load_scene", "parse_scene", "Length", "Moment", "Mood", "Music", "Scene", "Setting", "Tempo"]


def load_scene(path: str | os.PathLike) -> Scene:
    """Read and validate a scene file (composer.scene.load.load_scene)."""
    from composer.scene.load import load_scene as _load

    return _load(path)


def parse_scene(text: str, source: str, *, display: str | None = None) -> Scene:
    """Validate scene text; `source` names it in messages and metadata (composer.scene.load.parse_scene)."""
    from composer.scene.load import parse_scene as _parse

    return _parse(text, source, display=display)
