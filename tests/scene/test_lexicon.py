"""The mood lexicon: every entry in range, modifiers, blends, suggestions, free text."""

import random

import pytest
from hypothesis import given, settings, strategies as st

from composer.scene.lexicon import (
    FEELING_CUES, MODIFIERS, MOOD_WORDS, NEUTRAL, PROSE_AMBIGUOUS, blend, lookup_mood, normalise,
    strength, suggest_mood, words_in,
)

HEVNER = {
    1: "spiritual lofty awe-inspiring dignified sacred solemn sober serious",
    2: "pathetic doleful sad mournful tragic melancholy frustrated depressing gloomy heavy dark",
    3: "dreamy yielding tender sentimental longing yearning pleading plaintive",
    4: "lyrical leisurely satisfying serene tranquil quiet soothing",
    5: "humorous playful whimsical fanciful quaint sprightly delicate light graceful",
    6: "merry joyous gay happy cheerful bright",
    7: "exhilarated soaring triumphant dramatic passionate sensational agitated exciting "
       "impetuous restless",
    8: "emphatic exalted majestic martial ponderous robust vigorous",
}

# Russell's circumplex quadrants (Russell 1980; the same signs in ANEW, Warriner 2013, NRC-VAD):
# word -> (sign of valence, sign of arousal).
QUADRANTS = {
    "happy": (1, 1), "excited": (1, 1), "elated": (1, 1), "delighted": (1, 1), "joyful": (1, 1),
    "calm": (1, -1), "relaxed": (1, -1), "serene": (1, -1), "content": (1, -1),
    "peaceful": (1, -1), "at peace": (1, -1), "tranquil": (1, -1), "sleepy": (1, -1),
    "sad": (-1, -1), "bored": (-1, -1), "depressed": (-1, -1), "tired": (-1, -1),
    "gloomy": (-1, -1), "melancholy": (-1, -1), "lonely": (-1, -1),
    "angry": (-1, 1), "afraid": (-1, 1), "tense": (-1, 1), "anxious": (-1, 1),
    "nervous": (-1, 1), "furious": (-1, 1), "stressed": (-1, 1), "agitated": (-1, 1),
}


def test_table_is_large_and_in_range():
    assert len(MOOD_WORDS) >= 300
    for word, (v, a, t) in MOOD_WORDS.items():
        assert word == normalise(word), word
        assert -1 <= v <= 1 and -1 <= a <= 1 and 0 <= t <= 1, word


def test_all_hevner_adjectives_and_everyday_phrases_are_known():
    for cluster, words in HEVNER.items():
        for w in words.split():
            assert w in MOOD_WORDS, (cluster, w)
    for phrase in ("in love", "homesick", "at peace", "heartbroken", "nostalgic", "wistful",
                   "over the moon", "on edge", "bittersweet", "lonely"):
        assert lookup_mood(phrase) is not None, phrase


def test_hevner_clusters_sit_where_the_circle_puts_them():
    def mean(cluster):
        vats = [MOOD_WORDS[w] for w in HEVNER[cluster].split()]
        return tuple(sum(x[i] for x in vats) / len(vats) for i in range(3))
    assert mean(2)[0] < -0.4 and mean(2)[1] < 0          # sad: unpleasant, low arousal
    assert mean(4)[0] > 0.4 and mean(4)[1] < -0.3        # calm: pleasant, lowest arousal
    assert mean(6)[0] > 0.7 and mean(6)[1] > 0.3         # happy: pleasant, aroused
    assert mean(7)[1] > 0.5 and mean(7)[2] > 0.3         # restless: aroused and tense
    assert mean(6)[0] > mean(5)[0] > mean(3)[0] > mean(2)[0]
    assert mean(4)[1] < mean(5)[1] < mean(6)[1]


@pytest.mark.parametrize("word,signs", sorted(QUADRANTS.items()))
def test_circumplex_quadrants(word, signs):
    v, a, _ = lookup_mood(word)
    assert (v > 0) == (signs[0] > 0) and (a > 0) == (signs[1] > 0), (word, v, a)


def test_fear_and_anger_are_tenser_than_calm_and_tenderness():
    for tense in ("afraid", "angry", "anxious", "terrified"):
        for relaxed in ("calm", "tender", "content", "serene"):
            assert lookup_mood(tense)[2] > lookup_mood(relaxed)[2] + 0.5


def test_every_entry_is_found_by_lookup():
    for word, vat in MOOD_WORDS.items():
        assert lookup_mood(word) == vat
        assert lookup_mood("  " + word.upper().replace(" ", "   ") + " ") == vat


def test_unknown_and_empty():
    assert lookup_mood("xyzzy") is None
    assert lookup_mood("") is None
    assert lookup_mood("   ") is None
    assert lookup_mood("very") is None  # a modifier alone says nothing
    assert lookup_mood("not") is None
    assert lookup_mood("very xyzzy") is None
    assert lookup_mood(None) is None  # type: ignore[arg-type]


def test_modifier_table_kinds():
    for m, factors in MODIFIERS.items():
        assert m == normalise(m)
        assert m not in MOOD_WORDS
        signs = {f > 0 for f in factors[:2]}
        assert len(signs) == 1, m  # valence and arousal turn together
        assert all(0 < f <= 1 for f in factors[2:]) or factors[2] > 1, m
        assert all(abs(f) <= 1.6 for f in factors), m


def test_downtoners_move_toward_neutral_and_intensifiers_away():
    for word in ("happy", "sad", "angry", "calm", "wistful", "excited", "tired"):
        base = strength(lookup_mood(word))
        for soft in ("a little", "slightly", "somewhat", "a bit"):
            assert strength(lookup_mood(f"{soft} {word}")) < base
        for strong in ("very", "deeply", "so", "extremely"):
            assert strength(lookup_mood(f"{strong} {word}")) >= base
        assert strength(lookup_mood(f"slightly {word}")) < strength(lookup_mood(f"somewhat {word}"))
        vals = [lookup_mood(f"{m} {word}") for m in ("a little", "very")]
        for vat in vals:  # direction is kept
            assert (vat[0] > 0) == (lookup_mood(word)[0] > 0)


def test_negation_turns_toward_not_onto_the_opposite():
    happy, sad = lookup_mood("happy"), lookup_mood("sad")
    not_happy, not_sad = lookup_mood("not happy"), lookup_mood("not sad")
    assert -0.6 < not_happy[0] < -0.1  # mildly unhappy, not sad
    assert not_happy[0] > sad[0]
    assert 0.1 < not_sad[0] < 0.6  # mildly positive, not joyful
    assert not_sad[0] < happy[0]
    # a denied fear is calmer, a denied calm a little livelier
    assert lookup_mood("not afraid")[2] < lookup_mood("afraid")[2]
    assert lookup_mood("not calm")[1] > lookup_mood("calm")[1]
    # "not very happy" is weaker than "not happy" (Kiritchenko & Mohammad 2016)
    assert not_happy[0] < lookup_mood("not very happy")[0] < 0
    assert lookup_mood("hardly happy")[0] < 0
    assert lookup_mood("not at all happy")[0] < not_happy[0]


def test_modifiers_chain_innermost_first():
    very_happy = lookup_mood("very happy")
    not_very = lookup_mood("not very happy")  # the listed "not very", not not(very(happy))
    assert not_very[0] > lookup_mood("not happy")[0]
    assert lookup_mood("really very happy")[0] >= very_happy[0]
    assert lookup_mood("so in love") is not None
    assert lookup_mood("a little bit homesick")[0] > lookup_mood("homesick")[0]


def test_inflections_fall_back_to_the_stem():
    assert lookup_mood("sadness") == lookup_mood("sad")
    assert lookup_mood("happily") == lookup_mood("happy")
    assert lookup_mood("calmly") == lookup_mood("calm")
    assert lookup_mood("loneliness") == lookup_mood("lonely")
    assert lookup_mood("heavy-hearted") == lookup_mood("heavy hearted")
    assert lookup_mood("lighthearted") is not None


def test_suggestions():
    assert suggest_mood("tendr") == "tender"
    assert suggest_mood("Melancholey") == "melancholy"
    assert suggest_mood("very hapy") == "very happy"
    assert suggest_mood("a little wistfull") == "a little wistful"
    assert suggest_mood("vry happy") == "very happy"
    assert suggest_mood("a litle wistfull") == "a little wistful"
    assert suggest_mood("nott sad") == "not sad"
    assert suggest_mood("qqqqzzzz") is None
    assert suggest_mood("qqqq zzzz") is None
    assert suggest_mood("") is None


def test_blend_rules():
    assert blend([]) == NEUTRAL
    assert blend(["xyzzy"]) == NEUTRAL  # unknown words are skipped
    assert blend(["happy"]) == lookup_mood("happy")
    h, s = lookup_mood("happy"), lookup_mood("sad")
    mixed = blend(["happy", "sad"])
    assert s[0] < mixed[0] < h[0] and s[1] < mixed[1] < h[1]
    assert blend(["happy", "sad"]) == blend(["sad", "happy"])
    # stronger words weigh more: furious pulls the blend past the midpoint
    furious, tired = lookup_mood("furious"), lookup_mood("a little tired")
    b = blend(["furious", "a little tired"])
    assert b[0] < (furious[0] + tired[0]) / 2
    # one anxious word colours a calm list more than its share
    calm = ["calm", "serene", "peaceful", "content"]
    assert blend(calm + ["anxious"])[2] > blend(calm)[2] + 0.15
    # triples are accepted as they are
    assert blend([(0.5, 0.5, 0.5)]) == (0.5, 0.5, 0.5)


def test_words_in_free_text():
    text = "We lay on the warm sand at dusk, waves rolling in, content and a little wistful"
    assert words_in(text) == ("content", "a little wistful")
    assert words_in("I was not happy, just homesick") == ("not happy", "homesick")
    assert words_in("The light goes gold and we felt light") == ("light",)
    assert words_in("so in love, over the moon") == ("so in love", "over the moon")
    assert words_in("a table and three chairs") == ()
    for word in PROSE_AMBIGUOUS:
        assert lookup_mood(word) is not None, word
    assert "felt" in FEELING_CUES


def test_random_modifier_chains_stay_in_range():
    rng = random.Random(0)
    words, mods = sorted(MOOD_WORDS), sorted(MODIFIERS)
    for _ in range(2000):
        chain = " ".join(rng.choice(mods) for _ in range(rng.randint(1, 3)))
        vat = lookup_mood(f"{chain} {rng.choice(words)}")
        assert vat is not None
        assert -1 <= vat[0] <= 1 and -1 <= vat[1] <= 1 and 0 <= vat[2] <= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(MOOD_WORDS)), min_size=1, max_size=6))
def test_blend_stays_inside_its_terms(words):
    v, a, t = blend(words)
    vats = [MOOD_WORDS[w] for w in words]
    assert min(x[0] for x in vats) - 1e-3 <= v <= max(x[0] for x in vats) + 1e-3
    assert min(x[1] for x in vats) - 1e-3 <= a <= max(x[1] for x in vats) + 1e-3
    assert 0 <= t <= max(x[2] for x in vats) + 1e-3
