"""Scene -> Feel: words vs numbers, the tempo rule, moments, and monotonicity over many pairs."""

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from composer.feel import (
    MOOD_BPM, Feel, MomentFeel, choose_bpm, feel_of, mood_bpm,
)
from composer.plan import mode_for
from composer.scene.lexicon import MOOD_WORDS, NEUTRAL, lookup_mood
from composer.scene.instruments import resolve_instrument
from composer.scene.model import Length, Moment, Mood, Music, Scene, Setting, Tempo, UnknownWord
from composer.scene.settings import PLACES, TIMES, WEATHERS, palette_for
from composer.scene.tempo_words import TEMPO_WORDS
from composer.theory import MODE_BRIGHTNESS


def scene(**kw) -> Scene:
    return Scene(title="t", source="<test>", **kw)


def rank(mode: str) -> int:
    return MODE_BRIGHTNESS.index(mode)


def test_words_blend_and_numbers_win():
    f = feel_of(scene(mood=Mood(words=("tender", "content", "a little wistful"))))
    plain = feel_of(scene(mood=Mood(words=("tender", "content"))))
    words = [lookup_mood(w) for w in ("tender", "content")]
    # The blend lies among its words, and a little wistfulness darkens it, a little.
    assert min(w[0] for w in words) - 0.01 <= plain.valence <= max(w[0] for w in words) + 0.01
    assert min(w[1] for w in words) - 0.01 <= plain.arousal <= max(w[1] for w in words) + 0.01
    assert plain.valence - 0.3 < f.valence < plain.valence
    assert f.words == ("tender", "content", "a little wistful")
    f = feel_of(scene(mood=Mood(words=("furious",), valence=0.8)))
    assert f.valence == 0.8 and f.arousal == lookup_mood("furious")[1]
    f = feel_of(scene(mood=Mood(words=("furious",), valence=0.8, arousal=-0.9)))
    assert (f.valence, f.arousal) == (0.8, -0.9)


def test_no_words_no_numbers_is_gentle_and_neutral():
    f = feel_of(scene())
    assert (f.valence, f.arousal) == NEUTRAL[:2]
    assert 0 < f.valence < 0.4 and -0.5 < f.arousal < 0 and f.tension < 0.3
    assert f.bpm_source.startswith("mood")
    assert len(f.moments) == 1 and f.moments[0].name == ""
    assert f.palette.lead.name == "Acoustic Grand Piano"
    assert f.notes == ()


def test_words_are_read_once_when_the_mood_is_made_and_unknown_ones_refused():
    mood = Mood(words=("happy", "a little wistful"))
    assert mood.meanings == (lookup_mood("happy"), lookup_mood("a little wistful"))
    with pytest.raises(UnknownWord, match="unknown mood word 'flibbertigibbet'"):
        Mood(words=("happy", "flibbertigibbet"))


def test_tempo_rule_bpm_beats_range_beats_hint_beats_mood():
    mood = Mood(valence=0.2, arousal=0.3)
    full = Tempo(bpm=72, range=(100, 120), hint="presto")
    assert feel_of(scene(mood=mood, tempo=full)).bpm == 72
    assert feel_of(scene(mood=mood, tempo=full)).bpm_source == "tempo.bpm"
    f = feel_of(scene(mood=mood, tempo=replace(full, bpm=None)))
    assert 100 <= f.bpm <= 120 and f.bpm_source.startswith("tempo.range 100-120")
    f = feel_of(scene(mood=mood, tempo=Tempo(hint="presto")))
    lo, hi = TEMPO_WORDS["presto"]
    assert lo <= f.bpm <= hi and f.bpm_source.startswith("hint 'presto'")
    f = feel_of(scene(mood=mood))
    # arousal 0.3 sits 65 % up the 55-160 span (123.25), valence 0.2 adds 1.2
    assert f.bpm_source.startswith("mood") and f.bpm == 124.45
    f = feel_of(scene(mood=mood, tempo=Tempo(hint="72")))
    assert f.bpm == 72.0


def test_the_palette_nudges_only_a_tempo_from_mood():
    mood = Mood(valence=0.0, arousal=0.0)
    cathedral = Setting(place="cathedral")
    nudge = palette_for(cathedral, None)[0].tempo_nudge
    assert nudge < 1
    plain = feel_of(scene(mood=mood)).bpm
    assert feel_of(scene(mood=mood, setting=cathedral)).bpm == round(plain * nudge, 2)
    assert "nudge" in feel_of(scene(mood=mood, setting=cathedral)).bpm_source
    hinted = Tempo(hint="andante")
    assert feel_of(scene(mood=mood, tempo=hinted, setting=cathedral)).bpm == \
        feel_of(scene(mood=mood, tempo=hinted)).bpm


def test_mood_tempo_spans_calm_to_excited():
    assert mood_bpm(0, -1) == MOOD_BPM[0] and mood_bpm(0, 1) == MOOD_BPM[1]
    sad = feel_of(scene(mood=Mood(words=("sad",))))
    joyous = feel_of(scene(mood=Mood(words=("joyous",))))
    assert sad.bpm < 90 < joyous.bpm


def test_a_tempo_word_is_read_once_when_the_tempo_is_made():
    assert Tempo(hint="andante").window == TEMPO_WORDS["andante"]
    with pytest.raises(UnknownWord, match="unknown tempo 'andnte'"):
        Tempo(hint="andnte")


def test_setting_colours_the_feel():
    morning = feel_of(scene(setting=Setting(place="beach", time="morning")))
    night = feel_of(scene(setting=Setting(place="beach", time="small hours")))
    assert morning.brightness > night.brightness
    assert morning.bpm > night.bpm
    assert morning.palette.texture_pattern == "waves"
    f = feel_of(scene(setting=Setting(place="xyzzy")))
    assert any("unknown place 'xyzzy'" in n for n in f.notes)
    storm = feel_of(scene(setting=Setting(weather="storm")))
    assert storm.tension > feel_of(scene()).tension


def test_explicit_lead_and_overrides_pass_through():
    music = Music(key=2, mode="lydian", meter=(6, 8), lead=resolve_instrument("cello"))
    f = feel_of(scene(music=music, setting=Setting(place="beach")))
    assert (f.tonic, f.mode, f.meter) == (2, "lydian", (6, 8))
    assert f.palette.lead.name == "Cello"


def test_tension_from_words_and_quadrant():
    def tension(*words):
        return feel_of(scene(mood=Mood(words=words))).tension
    assert tension("angry") > tension("sad") > tension("content")
    assert tension("terrified") > 0.8 and tension("serene") < 0.2
    # negative valence alone raises tension, with the words' own tension held at the base
    assert feel_of(scene(mood=Mood(valence=-0.8, arousal=0))).tension > \
        feel_of(scene(mood=Mood(valence=0.8, arousal=0))).tension


def test_moments_each_with_their_own_mood():
    moments = (
        Moment("the light goes gold", Length(seconds=60.0), Mood(words=("tender", "in love")), 0.7),
        Moment("the tide", Length(bars=16), None, None),
        Moment("storm", None, Mood(words=("agitated",)), None),
        Moment("numbers", None, Mood(valence=-0.5), None),
    )
    f = feel_of(scene(mood=Mood(words=("content",)), moments=moments, length=Length(seconds=150.0)))
    assert [m.name for m in f.moments] == [m.name for m in moments]
    first, second, third, fourth = f.moments
    own = feel_of(scene(mood=Mood(words=("tender", "in love"))))
    assert (first.valence, first.arousal) == (own.valence, own.arousal)  # its own words, not the scene's
    assert first.intensity == 0.7 and first.seconds == 60.0 and first.bars is None
    assert (second.valence, second.arousal) == (f.valence, f.arousal)  # falls back to the scene
    assert second.bars == 16 and second.seconds is None
    assert second.intensity == feel_of(scene(mood=Mood(words=("content",)))).moments[0].intensity
    assert third.arousal > f.arousal and third.intensity > second.intensity
    assert fourth.valence == -0.5 and fourth.arousal == f.arousal
    assert f.seconds == 150.0 and f.bars is None
    assert f.words == ("content", "tender", "in love", "agitated")


def test_moments_alone_set_the_home_feel():
    moments = (Moment("a", mood=Mood(words=("sad",))), Moment("b", mood=Mood(words=("grieving",))),
               Moment("c"))
    f = feel_of(scene(moments=moments))
    sad, grieving = lookup_mood("sad"), lookup_mood("grieving")
    assert min(sad[0], grieving[0]) - 0.01 <= f.valence <= max(sad[0], grieving[0]) + 0.01
    assert min(sad[1], grieving[1]) - 0.01 <= f.arousal <= max(sad[1], grieving[1]) + 0.01
    assert f.valence < -0.5
    assert (f.moments[2].valence, f.moments[2].arousal) == (f.valence, f.arousal)


def test_lengths_in_bars():
    f = feel_of(scene(length=Length(bars=32)))
    assert f.bars == 32 and f.seconds is None
    timed = feel_of(scene(length=Length(seconds=60.0)))
    assert f.moments == (MomentFeel("", f.valence, f.arousal, timed.moments[0].intensity, None, None),)


def test_deterministic():
    s = scene(mood=Mood(words=("wistful", "tender")), setting=Setting(phrase="beach at dusk"),
              tempo=Tempo(hint="slow"), moments=(Moment("a"), Moment("b", mood=Mood(words=("joy",)))))
    assert feel_of(s) == feel_of(s)
    assert isinstance(feel_of(s), Feel)


# --- monotonicity (emotion-rules.md: valence -> mode order; arousal -> tempo, loudness) --------

def random_context(rng: random.Random) -> dict:
    """Everything but valence and arousal: a random setting and tempo hint."""
    setting = Setting(place=rng.choice([None] + sorted(PLACES)),
                      time=rng.choice([None] + sorted(TIMES)),
                      weather=rng.choice([None] + sorted(WEATHERS)))
    tempo = rng.choice([Tempo(), Tempo(), Tempo(hint=rng.choice(sorted(TEMPO_WORDS))),
                        Tempo(range=(rng.randint(40, 100), rng.randint(100, 180)))])
    return {"setting": setting, "tempo": tempo}


def test_raising_valence_never_darkens_the_mode():
    rng = random.Random(0)
    for _ in range(400):
        ctx = random_context(rng)
        a = rng.uniform(-1, 1)
        v1, v2 = sorted(rng.uniform(-1, 1) for _ in range(2))
        low = feel_of(scene(mood=Mood(valence=v1, arousal=a), **ctx))
        high = feel_of(scene(mood=Mood(valence=v2, arousal=a), **ctx))
        assert rank(mode_for(high.valence)) >= rank(mode_for(low.valence)), (v1, v2, a, ctx)
        assert high.tension <= low.tension + 1e-9


def test_raising_arousal_never_lowers_tempo_or_intensity():
    rng = random.Random(0)
    for _ in range(400):
        ctx = random_context(rng)
        v = rng.uniform(-1, 1)
        a1, a2 = sorted(rng.uniform(-1, 1) for _ in range(2))
        low = feel_of(scene(mood=Mood(valence=v, arousal=a1), **ctx))
        high = feel_of(scene(mood=Mood(valence=v, arousal=a2), **ctx))
        assert high.bpm >= low.bpm, (v, a1, a2, ctx)
        assert high.moments[0].intensity >= low.moments[0].intensity
        assert high.tension >= low.tension - 1e-9


def test_word_pairs_follow_their_numbers():
    """Through the lexicon too: of two words, the one with higher arousal gets the faster tempo
    when valence is equal-or-higher, and the higher-valence one never the darker mode."""
    rng = random.Random(0)
    words = sorted(MOOD_WORDS)
    for _ in range(400):
        w1, w2 = rng.sample(words, 2)
        (v1, a1, _), (v2, a2, _) = MOOD_WORDS[w1], MOOD_WORDS[w2]
        f1, f2 = (feel_of(scene(mood=Mood(words=(w,)))) for w in (w1, w2))
        if v1 <= v2:
            assert rank(mode_for(f1.valence)) <= rank(mode_for(f2.valence))
        if a1 <= a2 and v1 <= v2:
            assert f1.bpm <= f2.bpm


@settings(max_examples=150, deadline=None)
@given(v=st.floats(-1, 1), a=st.floats(-1, 1), dv=st.floats(0, 2), da=st.floats(0, 2),
       hint=st.sampled_from([None] + sorted(TEMPO_WORDS)),
       place=st.sampled_from([None] + sorted(PLACES)))
def test_monotone_property(v, a, dv, da, hint, place):
    ctx = {"tempo": Tempo(hint=hint), "setting": Setting(place=place)}
    base = feel_of(scene(mood=Mood(valence=v, arousal=a), **ctx))
    brighter = feel_of(scene(mood=Mood(valence=min(1.0, v + dv), arousal=a), **ctx))
    livelier = feel_of(scene(mood=Mood(valence=v, arousal=min(1.0, a + da)), **ctx))
    assert rank(mode_for(brighter.valence)) >= rank(mode_for(base.valence))
    assert livelier.bpm >= base.bpm
    for f in (base, brighter, livelier):
        assert -1 <= f.valence <= 1 and -1 <= f.arousal <= 1 and 0 <= f.tension <= 1
        assert -1 <= f.brightness <= 1 and 20 <= f.bpm <= 300
        assert all(0 <= m.intensity <= 1 for m in f.moments)


def test_choose_bpm_windows_hold_every_mood():
    rng = random.Random(0)
    for word, (lo, hi) in TEMPO_WORDS.items():
        for _ in range(5):
            bpm, source = choose_bpm(Tempo(hint=word), rng.uniform(-1, 1),
                                     rng.uniform(-1, 1), rng.uniform(0.8, 1.2))
            assert lo <= bpm <= hi and word in source
