import itertools
from pathlib import Path

from composer import endless, load_scene

SCENE = Path(__file__).resolve().parent.parent / "scenes" / "beach.toml"


def test_endless_pieces_drift_and_never_repeat():
    scene = load_scene(SCENE)
    pieces = list(itertools.islice(endless.endless_pieces(scene, 5), 4))
    openings = [p.sections[0].text for p in pieces]
    assert openings == [m.name for m in scene.moments] + [scene.moments[0].name]
    notes = {tuple(p.parts[0].notes) for p in pieces}
    assert len(notes) == 4
    for before, after in zip(pieces, pieces[1:]):
        assert (after.key.tonic - before.key.tonic) % 12 in {step for step, _ in endless.KEY_DRIFT}
    again = list(itertools.islice(endless.endless_pieces(scene, 5), 4))
    assert [p.parts[0].notes for p in again] == [p.parts[0].notes for p in pieces]
