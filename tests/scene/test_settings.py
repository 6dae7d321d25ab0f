"""Setting words -> palettes: the tables walked, parsing, and what each setting sounds like."""

import itertools

import pytest

from composer.melody.motif import FIGURES
from composer.patterns import PATTERNS
from composer.scene.instruments import GM_INSTRUMENTS, resolve_instrument
from composer.scene.model import Palette, Setting
from composer.scene.settings import (
    ALLOWED_KEYS, BASE, DRUM_STYLES, INDEX, INSTRUMENT_KEYS, PLACES, SEASONS, SYNONYMS, TABLES,
    TIMES, WEATHERS, canonical, colour_of, contributions, palette_for,
    parse_setting, suggest_setting,
)

REQUIRED_PLACES = ("beach", "sea", "forest", "mountain", "desert", "city street", "subway", "cafe",
                   "cathedral", "park", "garden", "lake", "river", "train", "highway", "hospital",
                   "kitchen", "bedroom", "snowfield", "meadow", "market", "concert hall",
                   "rooftop", "airport", "harbour")
BRIEF_PATTERNS = {"waves", "plucks", "pad", "alberti", "block", "waltz", "ostinato", "strum",
                  "broken", "pedal"}


def all_rows():
    for kind, table in TABLES.items():
        for name, row in table.items():
            yield kind, name, row


def test_coverage():
    assert len(PLACES) >= 25
    for place in REQUIRED_PLACES:
        assert place in PLACES
    for time in ("dawn", "morning", "noon", "afternoon", "dusk", "evening", "night",
                 "late night", "small hours"):
        assert time in TIMES
    for weather in ("rain", "snow", "storm", "fog", "wind", "sun", "heat", "warm breeze"):
        assert weather in WEATHERS
    assert set(SEASONS) == {"spring", "summer", "autumn", "winter"}
    assert BRIEF_PATTERNS <= set(PATTERNS)


@pytest.mark.parametrize("kind,name,row", list(all_rows()), ids=lambda x: str(x)[:20])
def test_every_row_is_valid(kind, name, row):
    assert set(row) <= set(ALLOWED_KEYS)
    for key in INSTRUMENT_KEYS:
        if key in row and row[key] is not None:
            assert resolve_instrument(row[key]) is not None, (name, key, row[key])
        if key in ("lead", "harmony", "bass") and key in row:
            assert row[key] is not None  # the three core parts are always there
    if "pattern" in row:
        assert row["pattern"] in PATTERNS  # the setting names a figure the arrangement plays
    if row.get("texture") is not None:
        assert "pattern" in row, name  # a texture instrument always comes with its figure
    if "drums" in row:
        assert row["drums"] is None or row["drums"] in DRUM_STYLES
    if "figure" in row:
        assert row["figure"] in FIGURES  # the setting names an opening the tune can make
    assert -6 <= row.get("register", 0) <= 6
    assert -30 <= row.get("reverb", 0) <= 80 and -20 <= row.get("chorus", 0) <= 30
    assert 0.8 <= row.get("tempo", 1.0) <= 1.2
    assert -1 <= row.get("brightness", 0) <= 1 and 0 <= row.get("tension", 0) <= 0.5
    if kind == "place":
        assert {"lead", "harmony", "bass"} <= set(row), name


def test_synonyms_point_to_real_rows_and_never_collide():
    words = []
    for kind, table in SYNONYMS.items():
        for word, name in table.items():
            assert name in TABLES[kind], (word, name)
            assert word not in TABLES[kind], word
            words.append(word)
    names = [n for t in TABLES.values() for n in t]
    assert len(words + names) == len(set(words + names))  # one meaning per word
    assert len(INDEX) == len(set(words + names))


@pytest.mark.parametrize("phrase,expected", [
    ("beach at dusk", ("beach", "dusk", None, None)),
    ("Beach  at Dusk", ("beach", "dusk", None, None)),
    ("a rainy late night in the city", ("city street", "late night", "rain", None)),
    ("the harbor at dawn in winter fog", ("harbour", "dawn", "fog", "winter")),
    ("café, morning", ("cafe", "morning", None, None)),
    ("grandma's kitchen on a snowy afternoon", ("kitchen", "afternoon", "snow", None)),
    ("warm breeze on the seashore", ("beach", None, "warm breeze", None)),
    ("the small hours", (None, "small hours", None, None)),
    ("concert hall", ("concert hall", None, None, None)),
    ("the forests in autumn", ("forest", None, None, "autumn")),
    ("late afternoon, the sun low over the lake", ("lake", "late afternoon", "sun", None)),
    ("nowhere in particular", (None, None, None, None)),
])
def test_parse_setting(phrase, expected):
    s = parse_setting(phrase)
    assert s.phrase == phrase
    assert (s.place, s.time, s.weather, s.season) == expected


def test_longest_match_first():
    assert parse_setting("late night").time == "late night"
    assert parse_setting("late night").time != "night"
    assert parse_setting("a warm breeze").weather == "warm breeze"
    assert parse_setting("a warm day").weather == "heat"
    assert parse_setting("city street").place == "city street"


def test_guarded_words_need_their_context_in_a_phrase():
    assert parse_setting("as night began to fall").season is None
    assert parse_setting("in the fall").season == "autumn"
    assert parse_setting("fall").season == "autumn"
    assert parse_setting("we drive home at dusk").place == "home"
    assert parse_setting("a long drive at night").place == "car"
    assert parse_setting("a warm day").weather == "heat"
    assert parse_setting("warm sand").weather is None
    assert canonical("season", "fall") == "autumn"  # a field value always counts


def test_canonical_and_suggest():
    assert canonical("place", "Harbor") == "harbour"
    assert canonical("place", "dusk") is None
    assert canonical("time", "twilight") == "dusk"
    assert suggest_setting("place", "beech") == "beach"
    assert suggest_setting("place", "cathedrall") == "cathedral"
    assert suggest_setting("place", "qqzzxx") is None


def P(**kw):
    return palette_for(Setting(**kw), None)


def test_beach_is_piano_waves():
    palette, notices = P(place="beach")
    assert notices == ()
    assert palette.lead.name == "Acoustic Grand Piano"
    assert palette.texture is not None and palette.texture_pattern == "waves"
    assert palette.drums is None
    assert palette.sources == ("place 'beach'",)


def test_rain_is_soft_plucks_and_wins_the_texture():
    palette, _ = P(place="beach", weather="rain")
    assert palette.texture_pattern == "plucks"
    assert palette.lead.name == "Acoustic Grand Piano"  # the place still sets the band
    assert P(weather="drizzle")[0].texture_pattern == "plucks"


def test_cathedral_is_organ_and_choir_in_a_big_room():
    palette, _ = P(place="cathedral")
    names = {palette.lead.name, palette.harmony.name}
    assert {"Church Organ", "Choir Aahs"} & names
    assert palette.texture_pattern == "pad"
    assert palette.drums is None
    assert palette.reverb >= 100
    assert palette.reverb > P(place="kitchen")[0].reverb + 50


def test_cafe_has_brushes():
    assert P(place="cafe")[0].drums == "brushes"
    assert P(place="coffee shop")[0].drums == "brushes"


def test_small_hours_are_thinner_and_slower_than_morning():
    for place in ("city street", "beach", "cafe", "garden"):
        late, _ = P(place=place, time="small hours")
        morning, _ = P(place=place, time="morning")
        assert late.tempo_nudge < morning.tempo_nudge
        assert late.drums is None and late.counter is None and late.texture is None
        assert late.register < morning.register
        assert colour_of(Setting(place=place, time="small hours"))[0] < \
            colour_of(Setting(place=place, time="morning"))[0]


def test_brightness_follows_the_day():
    order = ("morning", "afternoon", "dusk", "night", "small hours")
    values = [colour_of(Setting(time=t))[0] for t in order]
    assert values == sorted(values, reverse=True)
    assert colour_of(Setting(time="dawn"))[0] > colour_of(Setting(time="night"))[0]
    assert colour_of(Setting(weather="sun"))[0] > colour_of(Setting(weather="fog"))[0]
    assert colour_of(Setting(weather="storm"))[1] > colour_of(Setting(weather="sun"))[1]


def test_unknown_place_is_a_notice_not_an_error():
    palette, notices = P(place="xyzzy")
    assert palette.lead.name == "Acoustic Grand Piano"
    assert len(notices) == 1 and "unknown place 'xyzzy'" in notices[0]
    assert "neutral piano palette" in notices[0]
    _, notices = P(place="beech")
    assert "did you mean 'beach'" in notices[0]
    _, notices = P(time="qqq", weather="blizzardy")
    assert P(time="teatimes")[1] == ()  # a plural of a known word is understood
    assert len(notices) == 2
    _, notices = palette_for(Setting(phrase="somewhere over there"), None)
    assert len(notices) == 1 and "neutral piano palette" in notices[0]


def test_explicit_lead_wins():
    palette, notices = palette_for(Setting(place="cathedral"), resolve_instrument("cello"))
    assert palette.lead.name == "Cello" and notices == ()
    assert "lead 'Cello' from [music]" in palette.sources
    palette, notices = palette_for(Setting(place="beach"), resolve_instrument("nylon guitar"))
    assert palette.lead.name == "Acoustic Guitar (nylon)"


def test_phrase_only_settings_are_parsed():
    by_phrase, _ = palette_for(Setting(phrase="beach at dusk"), None)
    by_fields, _ = palette_for(Setting(place="beach", time="dusk"), None)
    assert by_phrase == by_fields
    assert [label for label, _ in contributions(Setting(phrase="beach at dusk"))] == \
        ["place 'beach'", "time 'dusk'"]
    # a compound value in a field is understood too
    assert palette_for(Setting(place="the beach"), None)[0] == P(place="beach")[0]


def test_empty_setting_is_the_base_palette():
    palette, notices = palette_for(Setting(), None)
    assert notices == () and palette.sources == ()
    assert palette.lead.name == BASE["lead"] and palette.texture is None
    assert palette.tempo_nudge == 1.0 and palette.reverb == BASE["reverb"]


def _valid(palette: Palette):
    for inst in (palette.lead, palette.harmony, palette.bass, palette.texture, palette.counter):
        if inst is not None:
            assert GM_INSTRUMENTS[inst.program] == inst.name
    assert palette.lead is not None and palette.harmony is not None and palette.bass is not None
    assert palette.texture_pattern in PATTERNS
    assert palette.drums is None or palette.drums in DRUM_STYLES
    assert -12 <= palette.register <= 12
    assert 0 <= palette.reverb <= 127 and 0 <= palette.chorus <= 127
    assert 0.7 <= palette.tempo_nudge <= 1.3


def test_every_combination_makes_a_valid_palette():
    for place, time in itertools.product(list(PLACES) + [None], list(TIMES) + [None]):
        palette, notices = P(place=place, time=time)
        assert notices == ()
        _valid(palette)
    for place, weather, season in itertools.product(PLACES, list(WEATHERS) + [None],
                                                    list(SEASONS) + [None]):
        palette, notices = P(place=place, weather=weather, season=season)
        assert notices == ()
        _valid(palette)
        b, t = colour_of(Setting(place=place, weather=weather, season=season))
        assert -1 <= b <= 1 and 0 <= t <= 1


def test_the_setting_names_the_tunes_figure_and_the_weather_wins():
    """A mountain's tune opens as a horn call; rain over it is heard in the tune as raindrops
    (weather comes after place); a place without a figure leaves the idea to the mood."""
    def figure(**words):
        return palette_for(Setting(**words), None)[0].figure

    assert figure(place="mountain") == "call"
    assert figure(place="mountain", weather="rain") == "patter"
    assert figure(place="seaside") == "lilt"  # a synonym finds the place's row
    assert figure(place="kitchen") is None
