"""The form's own version per piece: lengths, key areas and verse closes drawn around the form."""

import random

from composer.form import AREAS_BY_MOOD, FORMS, KEY_AREAS, STRETCH, rows_for


def test_each_piece_draws_its_own_version_of_a_form():
    versions = {tuple((r.letter, r.weight, r.area, r.close) for r in
                      rows_for(FORMS["ternary"], 150, 64, random.Random(i), "tender"))
                for i in range(40)}
    assert len(versions) >= 20  # forty pieces, hardly a twin among them
    for version in versions:
        letters = [v[0] for v in version]
        assert letters.count("A") >= 2  # still a ternary: its theme returns
        assert version[-1][3] == "authentic"  # the last section closes


def test_returns_stay_home_and_areas_are_related_keys():
    for i in range(60):
        for row in rows_for(FORMS["episodes"], 240, 120, random.Random(i), "joy"):
            assert row.area in KEY_AREAS and row.area != "mediant"
            if row.role == "return":
                assert row.area == "home"
    assert all(set(areas) <= set(KEY_AREAS) - {"home"} for areas in AREAS_BY_MOOD.values())
    assert all(any(f == 1.0 for f, _ in factors) for factors in STRETCH.values())


def test_a_short_piece_keeps_its_form_in_miniature():
    rows = rows_for(FORMS["ternary"], 40, 16, random.Random(3), "tender")
    assert [r.letter for r in rows if r.role not in ("intro", "coda", "interlude")] == ["A", "B", "A"]


def test_a_sections_register_follows_its_place_in_the_form():
    """composer.form.registers: a furious arc whose energy is level (every lift +2 but its theme's
    and coda's) still climbs through its builds to the climax, the highest band; the coda settles
    under the opening; a return sits where its theme sat; an episode whose energy barely differs
    from its neighbours' stands a third (two steps) from them."""
    from composer.form import CONTRAST, registers

    roles = ["theme", "build", "build", "climax", "coda"]
    placed = registers(roles, ["A", "B", "B", "C", "coda"], [-1, 2, 2, 2, -1])
    assert placed[0] < placed[1] < placed[2] < placed[3]  # the builds climb toward the climax
    assert placed[3] == max(placed) and placed.count(placed[3]) == 1
    assert placed[4] < placed[0]  # the coda settles lower than the opening

    placed = registers(["intro", "theme", "episode", "return", "coda"],
                       ["intro", "A", "B", "A", "coda"], [0, 0, 1, 2, -1])
    assert placed[3] == placed[1]  # the return sits where the theme sat, its energy aside
    assert min(abs(placed[2] - placed[1]), abs(placed[2] - placed[3])) >= CONTRAST
    assert placed[2] > placed[1]  # up: the episode's energy is no lower than its neighbours'
    assert placed[4] < placed[1]

    # An episode calmer than its neighbours contrasts downward.
    placed = registers(["theme", "episode", "return"], ["A", "B", "A"], [1, 0, 1])
    assert placed[1] <= placed[0] - CONTRAST


def test_a_moment_named_for_the_height_is_not_the_lowest_music():
    """A composer's reading of held-out 71 at seed 1: "the height of it", marked peaceful at
    intensity 0.4, sang D4-B4, the piece's lowest music. A moment whose name names the climax in
    the hit points' words (the climax, the peak, the summit, the height) stands over the piece's
    register and over its lowest moment; the others keep their energy's order."""
    from composer.form import registers
    from composer.scene.model import names_climax

    names = ["arrival", "the turn", "a memory", "the height of it"]
    assert [names_climax(n) for n in names] == [False, False, False, True]
    assert names_climax("The Summit") and names_climax("peak") and not names_climax("heights-ville")
    lifts = [1, 3, -2, -3]
    placed = registers(["moment"] * 4, list("ABCD"), lifts, [names_climax(n) for n in names])
    assert placed[:3] == lifts[:3]
    assert placed[3] > 0 and placed[3] > min(placed[:3])
    assert registers(["moment"] * 4, list("ABCD"), lifts) == lifts  # no name asks: energy alone


def test_a_long_section_grows_in_phrase_groups():
    """composer.form.growth: held-out 66's 48-bar turn (phrases at 0, 6, 11 ... 45 bars in) adds
    nothing new in its first group, brings the counter in with the second, the drums at the midpoint, and
    sings its phrases higher group by group to a high point about two thirds in, settling after;
    a shorter section, or one the accompaniment carries, is left as it is; a scene's moment grows
    from LONG_MOMENT bars, its phrases climbing SHORT_RISE at most under LONG_SECTION."""
    from composer.form import LONG_MOMENT, LONG_SECTION, growth

    starts = [0, 6, 11, 15, 20, 24, 31, 39, 45]
    groups = growth("episode", 48, starts)
    assert not groups[0].joins  # the first group establishes
    counter = next(s for s, g in zip(starts, groups) if "Counter" in g.joins)
    drums = next(s for s, g in zip(starts, groups) if "Drums" in g.joins)
    assert 0 < counter < drums and drums >= 48 // 2
    assert "Drums" not in groups[-1].joins  # the last group thins
    rises = [g.rise for g in groups]
    high = rises.index(max(rises))
    assert rises[0] == 0 and max(rises) > 0
    assert rises[:high + 1] == sorted(rises[:high + 1]) and rises[-1] < max(rises)
    assert 0.4 <= starts[high] / 48 <= 0.8
    assert growth("episode", LONG_SECTION - 1, [0, 8, 16]) == [None] * 3
    # a scene's moment grows from two periods on, a step at most; a built form's section does not
    short = growth("moment", LONG_MOMENT, [0, 4, 8, 12])
    assert [g.rise for g in short] == [0, 1, 1, 1] and "Counter" in short[1].joins
    assert growth("moment", LONG_MOMENT - 1, [0, 4, 8]) == [None] * 3
    assert growth("interlude", 48, [0, 24]) == [None] * 2
    # a period is not split: its consequent (bar 24, the midpoint) answers in its antecedent's group
    periods = growth("episode", 48, [0, 8, 16, 24, 32, 40], [False, True, False, True, False, True])
    assert periods[3] == periods[2] != growth("episode", 48, [0, 8, 16, 24, 32, 40])[3]


def test_a_moment_named_for_the_height_clears_a_long_moments_own_high_point():
    """A long weary moment climbs two steps within (GROWTH); the height (held-out 71's last
    moment) is placed a third over that high point, not only over the weary moment's register."""
    from composer.form import CONTRAST, registers

    roles, families = ["theme", "theme", "theme"], ["A", "B", "C"]
    plain = registers(roles, families, [1, -2, 1], [False, False, True])
    grown = registers(roles, families, [1, -2, 1], [False, False, True], [0, 2, 0])
    assert grown[2] >= grown[1] + 2 + CONTRAST and grown[2] > plain[2]
