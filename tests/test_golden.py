"""Golden records: the SHA-256 of every example scene's MIDI at its own seed.

A refactor must leave these unchanged, which proves the music did not move. When the music changes
on purpose, regenerate the record in the same commit and say why in its message:

    python tests/test_golden.py --update
"""

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).parent / "data" / "golden.json"
SCENES = sorted((ROOT / "scenes").glob("*.toml"))


def digest(scene_path: Path) -> str:
    from composer import compose, load_scene
    from composer.io.midi import midi_bytes

    return hashlib.sha256(midi_bytes(compose(load_scene(scene_path)))).hexdigest()


def test_every_example_is_recorded():
    assert sorted(json.loads(RECORD.read_text())) == [p.name for p in SCENES]


@pytest.mark.parametrize("scene_path", SCENES, ids=lambda p: p.stem)
def test_example_music_is_unchanged(scene_path):
    assert digest(scene_path) == json.loads(RECORD.read_text())[scene_path.name], (
        f"{scene_path.name} composes different MIDI: if that is on purpose, run "
        "`python tests/test_golden.py --update` and say why in the commit")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    sys.path.insert(0, str(ROOT))
    RECORD.write_text(json.dumps({p.name: digest(p) for p in SCENES}, indent=2) + "\n")
    print(f"recorded {len(SCENES)} examples in {RECORD.relative_to(ROOT)}")
