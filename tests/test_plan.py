import random
from collections import Counter

import pytest

from builders import feel
from composer.feel import MomentFeel
from composer.plan import (CADENCES, MODE_BY_VALENCE, STATED_BARS, SURPRISE_AGAIN, _surprises,
                           mode_for, plan_piece)
from composer.theory import MODE_BRIGHTNESS


def plan(f, seed=1):
    return plan_piece(f, "test", random.Random(seed))


def test_mode_table_runs_dark_to_bright():
    order = [MODE_BRIGHTNESS.index(mode) for _, mode in MODE_BY_VALENCE]
    assert order == sorted(order)
    lows = [low for low, _ in MODE_BY_VALENCE]
    assert lows == sorted(lows)


def test_mode_is_monotone_in_valence():
    values = [i / 100 for i in range(-100, 101)]
    ranks = [MODE_BRIGHTNESS.index(mode_for(v)) for v in values]
    assert ranks == sorted(ranks)
    assert mode_for(-1) == "phrygian" and mode_for(1) == "lydian" and mode_for(0.5) == "ionian"
    assert mode_for(-1.15) == "phrygian"  # a very sad scene in a dark setting tilts past -1


@pytest.mark.parametrize("seconds,meter", [(60, (4, 4)), (130, (6, 8)), (17, (3, 4)), (600, (4, 4))])
def test_length_is_met_by_tuning_tempo(seconds, meter):
    p = plan(feel(seconds=seconds, meter=meter))
    assert p.bars % 2 == 0
    length = p.bars * p.meter.pulses * 60 / p.bpm
    assert abs(length - seconds) < 0.01 * seconds
    assert abs(p.bpm - 72) / 72 < 0.35


def test_bars_are_taken_as_given():
    p = plan(feel(seconds=None, bars=24))
    assert p.bars == 24 and p.bpm == 72


def test_phrases_tile_sections_and_only_true_closes_are_authentic():
    closes = inner = 0
    lengths = set()
    for seed in range(30):
        p = plan(feel(seconds=random.Random(seed).uniform(10, 400)), seed)
        bar = 0
        for section in p.sections:
            assert section.start_bar == bar
            at = section.start_bar
            for phrase in section.phrases:
                assert phrase.start_bar == at and phrase.bars >= 2 and phrase.cadence in CADENCES
                at = phrase.end_bar
                lengths.add(phrase.bars)
            assert at == section.end_bar
            bar = section.end_bar
        assert p.phrases[-1].cadence == "authentic" and not p.phrases[-1].elided
        for phrase in p.phrases[:-1]:
            closes += phrase.cadence == "authentic" and not phrase.elided
            inner += 1
    # Caplin: a full close only where a section truly ends, not every period (it used to be half).
    assert closes / inner < 0.3
    assert {3, 4, 5, 6} <= lengths  # phrases breathe in more lengths than four bars


def test_moments_become_sections_with_their_share_of_time():
    moments = (MomentFeel("first light", 0.4, -0.5, 0.3, 30.0, None),
               MomentFeel("the wave", 0.6, 0.4, 0.9, 60.0, None))
    p = plan(feel(seconds=None, moments=moments))
    assert [s.name for s in p.sections] == ["first light", "the wave"]
    assert p.sections[1].bars > p.sections[0].bars
    assert p.sections[1].character.intensity == 0.9
    seconds = sum(s.bars * p.meter.pulses * 60 / (p.bpm * s.tempo) for s in p.sections)
    assert abs(seconds - 90) < 1
    # each moment moves at its own mood's pace, and speaks in its own mode
    assert p.sections[1].tempo > 1.0 > p.sections[0].tempo
    assert p.sections[0].key == p.key


def test_a_first_moment_long_enough_to_state_the_key_closes_on_its_tonic():
    """A first moment a period long (STATED_BARS) closes with an authentic cadence, inner moments
    stand open on the dominant, the last closes (held-out 84's four moments had no authentic
    cadence in their home key at all); a first moment too short to state the key stays open."""
    def ends(moments):
        p = plan(feel(seconds=None, moments=moments))
        return [(s.bars, [ph.cadence for ph in p.phrases if ph.start_bar < s.start_bar + s.bars
                          and ph.end_bar == s.start_bar + s.bars][0]) for s in p.sections]

    long_ = ends((MomentFeel("arrival", 0.4, -0.5, 0.6, 30.0, None),
                  MomentFeel("the turn", 0.3, 0.4, 0.8, 30.0, None),
                  MomentFeel("the end", 0.5, -0.2, 0.4, 30.0, None)))
    assert long_[0][0] >= STATED_BARS
    assert [cadence for _, cadence in long_] == ["authentic", "half", "authentic"]
    short = ends((MomentFeel("a glance", 0.4, -0.5, 0.6, 6.0, None),
                  MomentFeel("the rest", 0.3, 0.4, 0.8, 60.0, None)))
    assert short[0][0] < STATED_BARS and short[0][1] == "half"


def test_a_surprise_close_taken_again_is_rarer_and_another_is_taken_instead():
    inner = {"half": 2.0, "deceptive": 1.7, "evaded": 1.5, "plagal": 0.6, "authentic": 0.35}
    fresh = _surprises(inner, Counter())
    assert fresh == pytest.approx(inner)
    twice = _surprises(inner, Counter(evaded=2))
    assert twice["half"] == inner["half"]
    assert twice["evaded"] / twice["deceptive"] == pytest.approx(1.5 / 1.7 / SURPRISE_AGAIN ** 2)
    assert sum(twice.values()) == pytest.approx(sum(inner.values()))  # the surprises keep their share


def test_no_piece_deflects_its_phrases_one_way_over_and_over():
    """Over held-out scenes 1-30 at seeds 1-2, no piece takes one inner close other than the half
    cadence more than four times (a composer's reading: four evaded V7 -> i6 closes in held-out
    37's A and A', five plagal amens in held-out 59; drawn independently, 24 of 150 pieces took
    one four to eight times)."""
    from composer import compose_plan
    from composer.evaluate.generated import held_out_scenes

    worst = 0
    for scene in held_out_scenes(30):
        for seed in (1, 2):
            p = compose_plan(scene, seed)
            taken = Counter(ph.cadence for s in p.sections for ph in s.phrases[:-1]
                            if ph.cadence != "half")
            worst = max(worst, max(taken.values(), default=0))
    assert worst <= 4


def test_overrides_win():
    p = plan(feel(mode="dorian", tonic=2, meter=(6, 8)))
    assert p.key.label == "D dorian" and str(p.meter) == "6/8"
    assert all(s.key == p.key for s in p.sections)


def test_same_seed_same_plan_other_seed_may_differ():
    f = feel(seconds=90)
    assert plan(f, 5) == plan(f, 5)
    assert len({(plan(f, s).key, plan(f, s).meter) for s in range(12)}) > 1


def test_intensity_curve_builds_and_the_intro_and_ending_are_lighter():
    p = plan(feel(seconds=180))
    levels = [p.intensity_at(b) for b in range(p.bars)]
    assert all(0 <= x <= 1 for x in levels)
    peak = max(range(p.bars), key=lambda b: levels[b])
    assert 0.3 * p.bars <= peak <= 0.85 * p.bars
    assert levels[0] < levels[peak] and levels[-1] < levels[peak]
    for phrase in p.phrases:  # layering decisions change only at phrase boundaries
        assert len({levels[b] for b in range(phrase.start_bar, phrase.end_bar)}) == 1


def test_tuning_stays_near_the_asked_tempo_or_says_why_not():
    from composer.errors import SceneError
    from composer.plan import MAX_BPM, MIN_BPM, TEMPO_BEND

    for bpm, seconds in ((20, 60), (300, 60), (45, 17), (200, 9)):
        p = plan(feel(seconds=seconds, bpm=bpm))
        assert MIN_BPM <= p.bpm <= MAX_BPM and bpm / TEMPO_BEND <= p.bpm <= bpm * TEMPO_BEND
    with pytest.raises(SceneError, match="holds 0.4 bars"):
        plan(feel(seconds=5, bpm=20, meter=(4, 4)))
    many = tuple(MomentFeel(f"m{i}", 0.3, -0.3, 0.5, 1.0, None) for i in range(20))
    with pytest.raises(SceneError, match="20 sections need"):
        plan(feel(seconds=None, moments=many))


def test_a_piece_over_an_hour_is_refused():
    from composer.errors import SceneError

    with pytest.raises(SceneError, match="60-minute limit"):
        plan(feel(seconds=None, bars=2000, bpm=20, meter=(16, 4)))


@pytest.mark.parametrize("kit", ["storm", "kit", "brushes", "orchestral"])
def test_a_drum_set_groove_needs_a_walking_pace(kit):
    """A slow tense scene gets no backbeat (the timpani keep a storm kit's pulse); brushes and the
    orchestra's percussion suit any pace; at a walking pace every kit plays."""
    import dataclasses

    from composer.plan import GROOVE_MIN_BPM, GROOVES, TIMPANI_KITS

    for bpm in (GROOVE_MIN_BPM - 8, GROOVE_MIN_BPM + 8):
        f = feel(-0.4, 0.5, bpm=bpm)
        f = dataclasses.replace(f, palette=dataclasses.replace(f.palette, drums=kit))
        roles = {p.role for p in plan_piece(f, "t", random.Random(1)).band}
        slow = bpm < GROOVE_MIN_BPM
        assert ("Drums" in roles) == (not slow or kit not in GROOVES), (kit, bpm, roles)
        assert ("Timpani" in roles) == (kit in TIMPANI_KITS), (kit, bpm, roles)


def test_the_band_alone_sets_the_scene_in_a_few_bars():
    """An intro or interlude lasts at most ALONE_MOST_BARS and about ALONE_MOST_SHARE of the
    piece (a bar pair in a longer piece), the rest going to the sections that sing."""
    from composer.form import ACCOMPANIMENT_ONLY
    from composer.plan import ALONE_MOST_BARS, ALONE_MOST_SHARE

    seen = 0
    for seconds in (40, 90, 180, 400):
        for seed in range(8):
            plan = plan_piece(feel(-0.4, -0.4, seconds=seconds), "t", random.Random(seed))
            for section in plan.sections:
                if section.role in ACCOMPANIMENT_ONLY:
                    seen += 1
                    most = max(2, min(ALONE_MOST_BARS, round(plan.bars * ALONE_MOST_SHARE)))
                    assert section.bars <= most, (seconds, seed, section.role, section.bars, plan.bars)
    assert seen


def test_a_moments_register_and_motion_follow_its_intensity():
    """The most intense moment's tune sits highest and moves busiest; the quietest sinks and
    slows; a calm but intense height sits under the storm's moments (register rises with arousal)
    but over the uneasy drops, and still moves more than its arousal alone would (a composer's
    reading: a closing moment of intensity 1.0 made of long notes)."""
    moments = (MomentFeel("drops", -0.3, 0.35, 0.4, 25.0, None),
               MomentFeel("downpour", -0.5, 0.6, 1.0, 45.0, None),
               MomentFeel("lightning", -0.6, 0.9, 0.8, 30.0, None),
               MomentFeel("height", 0.5, -0.75, 1.0, 30.0, None))
    p = plan(feel(seconds=None, moments=moments))
    drops, downpour, lightning, height = (s.character for s in p.sections)
    assert drops.lift < lightning.lift <= downpour.lift
    assert drops.lift < 0 < downpour.lift
    assert downpour.activity > drops.activity
    assert drops.lift < height.lift < lightning.lift and height.activity > height.arousal
    assert p.character.lift == 0  # the piece's own register is its mood's



@pytest.mark.parametrize("scene, lead, counter, above", [
    ("held-out 54", "French Horn", "Flute", True),  # a horn's tune in C4-A4
    ("held-out 4", "Cello", "Flute", True),
    ("kitchen", "Clarinet", "Flute", False),  # a clarinet's tune high enough to sing under
    ("first-snow", "Celesta", "Flute", False),  # a celesta's tune high enough to sing under
    ("fairground", "Flute", "Clarinet", False),
])
def test_a_counter_sings_over_the_tune_where_its_strong_register_lies_there(scene, lead, counter,
                                                                            above):
    """A counter sings under the tune; a flute under a horn's tune sang below G4, where it is weak
    (a composer's reading of held-out 54), so it sings a descant over it, in its strong
    register, and within reach of the tune: its range starts over the tune's floor and ends
    over its top."""
    from composer import compose_plan, load_scene, scene_seed
    from composer.evaluate.generated import held_out_scene
    from composer.scene import parse_scene
    from composer.theory.instruments import strong_register

    if scene.startswith("held-out"):
        name, text = held_out_scene(int(scene.split()[1]) - 1)
        loaded = parse_scene(text, name)
    else:
        loaded = load_scene(f"scenes/{scene}.toml")
    band = {p.role: p for p in compose_plan(loaded, scene_seed(loaded) or 1).band}
    tune, part = band["Melody"], band["Counter"]
    assert (tune.instrument.name, part.instrument.name, part.above) == (lead, counter, above)
    if above:
        assert part.low >= min(strong_register(part.instrument.program)[0], tune.low + 2)
        assert part.high > tune.high
    else:
        assert part.low < tune.low
