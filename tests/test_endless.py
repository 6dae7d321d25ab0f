import itertools
from pathlib import Path

from composer import compose, endless, load_scene

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


def test_endless_pieces_are_left_open_so_the_next_follows_in_time():
    scene = load_scene(SCENE)
    closed = compose(scene, 5)
    piece = next(endless.endless_pieces(scene, 5))
    assert piece.end_tick % piece.meter.bar_ticks == 0  # ends on a bar line: no held ring past it
    assert closed.end_tick > piece.end_tick
    assert min(t.bpm for t in piece.tempos) > min(t.bpm for t in closed.tempos)  # no closing ritardando
    bass = piece.part("Bass").notes
    assert bass[-1].pitch % 12 == piece.key.tonic  # still closes on its tonic: a prepared join
