"""Figures over a set of pieces: forms, shared melody bars, tonics; and the held-out scenes."""

from composer.evaluate import corpus
from composer.evaluate.generated import held_out_scene, held_out_scenes
from composer.evaluate.score import read_score
from craft_midis import build


def piece(markers=(), melody=None, key="C major"):
    melody = melody or [(i, 1, 60 + (i * 5) % 12) for i in range(16)]
    return read_score(build({"Melody": melody}, markers=markers, key=key))


def test_form_plans_letter_the_labels_and_fold_returns():
    s = piece(markers=[(0, "intro"), (4, "A"), (8, "B"), (12, "A'"), (14, "A4"), (15, "coda")])
    assert [x.letter for x in corpus.form_plan(s)] == ["A", "B", "C", "B", "B", "D"]
    assert corpus.composed_form(s)
    moments = piece(markers=[(0, "first drops"), (8, "the downpour")])
    assert [x.letter for x in corpus.form_plan(moments)] == ["A", "B"]
    assert not corpus.composed_form(moments)


def test_a_form_plan_reads_key_areas_closes_and_lengths():
    # 4/4 at 4 beats a bar: A bars 1-2 in C closing on I, B bars 3-4 in G closing on V, A' home
    texts = [(0, "chord: I (C major)"), (4, "chord: V (C major)"), (7, "chord: I (C major)"),
             (8, "chord: I (G major)"), (12, "chord: V (G major)"), (16, "chord: I (C major)")]
    s = read_score(build({"Melody": [(i, 1, 60 + i % 5) for i in range(24)]},
                         markers=[(0, "A"), (8, "B"), (16, "A'")], texts=texts))
    plan = corpus.form_plan(s)
    assert [(x.letter, x.area, x.close, x.bars) for x in plan] == [
        ("A", "0 ionian", "I", 2), ("B", "7 ionian", "V", 2), ("A", "0 ionian", "I", 2)]


def _plan(*rows):
    return tuple(corpus.PlanSection(letter, area, close, bars) for letter, area, close, bars in rows)


def test_one_form_cut_or_stretched_is_one_form():
    full = _plan(("A", "0", "I", 8), ("B", "7", "V", 8), ("A", "0", "I", 8), ("C", "5", "V", 8),
                 ("A", "0", "I", 8))
    cut = full[:3] + _plan(("C", "5", "IV", 4))  # cut short inside C: its close is not compared
    stretched = tuple(corpus.PlanSection(x.letter, x.area, x.close, 2 * x.bars) for x in full)
    assert corpus.same_form(full, cut) and corpus.same_form(full, stretched)
    # another key area, another close, other proportions, or too short to call shared
    assert not corpus.same_form(full, full[:1] + _plan(("B", "9", "V", 8)) + full[2:])
    assert not corpus.same_form(full, full[:1] + _plan(("B", "7", "vi", 8)) + full[2:])
    assert not corpus.same_form(full, full[:1] + _plan(("B", "7", "V", 14)) + full[2:])
    assert not corpus.same_form(full, full[:2])
    scores = {"x": piece([(0, "A"), (4, "B"), (8, "A'"), (12, "C")]),
              "y": piece([(0, "A"), (4, "B"), (8, "A'"), (12, "C"), (14, "A''")]),
              "z": piece([(0, "intro"), (2, "A"), (8, "B")]),
              "m": piece([(0, "the gates"), (8, "the carousel")])}
    assert corpus.form_figures(scores) == (2, 3, [("x", "y")])


def test_shared_bars_literal_and_transposed():
    tune = [(i, 1, p) for i, p in enumerate([60, 62, 64, 65, 67, 65, 64, 62] * 2)]
    up = [(o, d, p + 2) for o, d, p in tune]
    other = [(i, 1, p) for i, p in enumerate([72, 71, 69, 67, 65, 64, 62, 60] * 2)]
    pieces = {("a", 1): piece(melody=tune), ("b", 1): piece(melody=up),
              ("c", 1): piece(melody=other), ("a", 2): piece(melody=tune)}
    worst, mean, pair = corpus.shared_bar_figures(pieces)
    assert worst == 0.0 and pair[2] == 1  # no literal twin among different scenes with one seed
    worst, _, pair = corpus.shared_bar_figures(pieces, intervals=True)
    assert worst == 1.0 and pair == ("a", "b", 1)  # b is a transposed a
    same = {("a", 1): piece(melody=tune), ("b", 1): piece(melody=tune[:8] + other[8:])}
    # a's four bars (two, each twice) are all in b; two of b's four are in a
    assert corpus.shared_bar_figures(same, share=corpus.piece_share)[0] == 1.0
    assert corpus.shared_bar_figures(same)[0] == 6 / 8


def test_a_pair_shares_its_bars_and_one_piece_its_own():
    """A short piece meeting one stock bar of a long one: half of its own bars, a fifth of the
    pair's."""
    stock = ("4/4", (0, 960, 76), (960, 960, 76))
    short = [stock, ("4/4", (0, 480, 65), (480, 480, 67))]
    long_ = [stock] + [("4/4", (0, 480, 60 + i), (480, 480, 61 + i)) for i in range(7)]
    assert corpus.piece_share(short, long_) == 0.5
    assert corpus.shared_share(short, long_) == 2 / 10  # one bar found each way, of ten
    assert corpus.shared_share(short, []) == corpus.piece_share([], long_) == 0.0


def test_distinct_tonics_per_seed():
    pieces = {("a", 1): piece(key="C major"), ("b", 1): piece(key="D minor"),
              ("c", 1): piece(key="C dorian"), ("a", 2): piece(key="E major"),
              ("b", 2): piece(key="F major"), ("c", 2): piece(key="G major")}
    assert corpus.tonic_figures(pieces) == (2, 3)


def test_held_out_scenes_are_fixed_varied_and_fully_understood():
    from composer.feel import feel_of

    assert held_out_scene(7) == held_out_scene(7)
    scenes = list(held_out_scenes(50))
    assert len({s.source for s in scenes}) == 50
    texts = {held_out_scene(i)[1].split("\n", 1)[1] for i in range(50)}
    assert len(texts) == 50
    feels = [feel_of(s) for s in scenes]  # every word understood: a Mood refuses unknown ones
    assert min(f.valence for f in feels) < -0.4 and max(f.valence for f in feels) > 0.4
    assert min(f.arousal for f in feels) < -0.3 and max(f.arousal for f in feels) > 0.4
    assert sum(bool(s.moments) for s in scenes) >= 10


def test_scenes_of_different_mood_with_one_accompaniment_are_found():
    def band(mood, bass_rhythm):
        bass = [(b * 4 + o, 1, 36) for b in range(8) for o in bass_rhythm]
        chords = [(b * 4, 4, p) for b in range(8) for p in (48, 52, 55)]
        return read_score(build({"Melody": [(i, 1, 72) for i in range(32)], "Harmony": chords,
                                 "Bass": bass}, mood=mood))

    scores = {"storm": band("furious", (0, 2)), "summit": band("triumphant", (0, 2)),
              "lake": band("serene", (0, 1, 2, 3)), "storm2": band("furious", (0, 2))}
    assert corpus.accompaniment(scores["storm"]) == {"Harmony": ("4/4", 0), "Bass": ("4/4", 0, 960)}
    assert corpus.shared_accompaniment(scores) == [("storm", "summit"), ("storm2", "summit")]
    # A bass that changes its figure halfway (quarters, then halves) plays no one figure
    # throughout: held chords alone over it are not a shared accompaniment.
    varied = read_score(build({"Melody": [(i, 1, 72) for i in range(32)],
                               "Harmony": [(b * 4, 4, p) for b in range(8) for p in (48, 52, 55)],
                               "Bass": [(b * 4 + o, 1, 36) for b in range(8)
                                        for o in ((0, 1, 2, 3) if b < 4 else (0, 2))]}, mood="sad"))
    assert corpus.accompaniment(varied)["Bass"] == corpus.VARIED
    assert corpus.shared_accompaniment({"storm": scores["storm"], "varied": varied}) == []


def test_the_longest_unchanged_accompaniment_counts_bars_of_one_rhythm_in_a_row():
    # Harmony: whole-bar chords for 6 bars, then halves for 2; Bass: quarters, broken by a bar of
    # halves in bar 4; the drum part's rhythm counts which drum strikes where
    chords = [(b * 4 + o, 4 if b < 6 else 2, p) for b in range(8) for o in ((0,) if b < 6 else (0, 2))
              for p in (48, 52, 55)]
    bass = [(b * 4 + o, 1, 36) for b in range(8) for o in ((0, 2) if b == 3 else (0, 1, 2, 3))]
    s = read_score(build({"Melody": [(i, 1, 72) for i in range(32)], "Harmony": chords, "Bass": bass}))
    assert corpus.longest_same_bars(s) == {"Harmony": 6, "Bass": 4}
    # a chord held over two bars is its own rhythm in the bar it only holds through
    held = read_score(build({"Melody": [(i, 1, 72) for i in range(16)],
                             "Harmony": [(b * 8, 8, p) for b in range(2) for p in (48, 52, 55)]}))
    assert corpus.bar_rhythms(held, "Harmony") == {0: (0,), 1: (), 2: (0,), 3: ()}
    assert corpus.longest_same_bars(held)["Harmony"] == 1
