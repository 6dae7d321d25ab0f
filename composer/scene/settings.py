"""Where and when: places, times of day, weather and seasons -> the band, the texture and the space.

No published system maps places to orchestration (emotion-rules.md: the only setting rule found in
existing systems is Brian Eno's Reflection, brighter harmony in the morning and thinner, slower
music in the small hours), so these tables are designed here from orchestration practice and
programme music, each row saying why:
- instruments by association and acoustics (organ and choir in churches: their natural home and
  long reverberation; accordion in markets and harbours; harmonica on trains; brushes in cafes);
- accompaniment figures by the motion of the place (rolling arpeggios for waves, repeated plucks for
  rain: the "pizzicato raindrops" of programme music; ostinati for engines and city pulse; pads for
  still, resonant spaces);
- space from the room: CC91 reverb send large for cathedrals, concert halls, mountains and fog, small
  for kitchens and bedrooms; CC93 chorus for shimmer (heat, breeze, city lights).

Each contribution is a small dict; only the keys it has change the palette:
    lead, harmony, bass, texture, counter: a GM name or alias (texture/counter: None removes the part)
    pattern: a texture pattern name (composer.patterns.PATTERNS, held together by a test);
    figure: how the tune's idea opens (composer.melody.motif.FIGURES): a horn call on a mountain,
        a boat song's lilt on water, bells falling down the scale, a cuckoo's third, raindrops;
    drums: None | "brushes" | "light" | "hand" | "kit" | "orchestral" | "storm"
    register (semitones), reverb, chorus (send offsets): added
    tempo: multiplied into the palette's tempo_nudge
    brightness (-1..1), tension (0..1): added into the feel's brightness and tension
Contributions apply in the order place, season, weather, time of day: the place sets the band, the
season and weather colour it (weather's texture wins: rain is heard), and the time of day comes last
so the small hours can thin whatever is playing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from composer.scene.instruments import Instrument, resolve_instrument
from composer.scene.model import Palette, Setting
from composer.scene.text import normalise

DRUM_STYLES: tuple[str, ...] = ("brushes", "light", "hand", "kit", "orchestral", "storm")

# Keys a contribution may carry, and how each one combines.
INSTRUMENT_KEYS = ("lead", "harmony", "bass", "texture", "counter")
OVERRIDE_KEYS = INSTRUMENT_KEYS + ("pattern", "drums", "figure")
ADDED_KEYS = ("register", "reverb", "chorus", "brightness", "tension")
MULTIPLIED_KEYS = ("tempo",)
ALLOWED_KEYS = OVERRIDE_KEYS + ADDED_KEYS + MULTIPLIED_KEYS

# Where every palette starts, and what an unknown place keeps: solo piano, the most neutral voice
# for a memory (it can be tender, sad or bright), in a moderate room.
BASE: dict[str, Any] = {
    "lead": "Acoustic Grand Piano", "harmony": "Acoustic Grand Piano", "bass": "Acoustic Grand Piano",
    "texture": None, "pattern": "broken", "counter": None, "drums": None, "figure": None,
    "register": 0, "reverb": 45, "chorus": 10, "tempo": 1.0, "brightness": 0.0, "tension": 0.0,
}

PLACES: dict[str, dict[str, Any]] = {
    # Solo-piano rolling arpeggios over a warm pad: the swell and break of waves; open air, a
    # little slower (the beach song).
    "beach": {"lead": "piano", "harmony": "Pad 2 (warm)", "bass": "Fretless Bass",
              "texture": "piano", "pattern": "waves", "reverb": 25, "chorus": 10, "tempo": 0.95,
              "figure": "lilt"},
    # Open sea: wider and deeper than the beach; harp swells, cello answering, strings beneath.
    "sea": {"lead": "Flute", "harmony": "String Ensemble 1", "bass": "Contrabass",
            "texture": "Orchestral Harp", "pattern": "waves", "counter": "Cello",
            "register": -2, "reverb": 30, "tempo": 0.95, "figure": "lilt"},
    # Woodwinds are the forest's birds in programme music (Prokofiev, Beethoven's 6th); harp
    # broken chords for dappled light; soft strings.
    "forest": {"lead": "Flute", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
               "texture": "Orchestral Harp", "pattern": "broken", "counter": "Clarinet",
               "reverb": 15, "figure": "cuckoo"},
    # Horn calls echo across valleys (Strauss's Alpine Symphony); a held pad for the still air,
    # a long echo; the orchestra's bass drum and cymbal swells where the music rises (the summit's sunrise).
    "mountain": {"lead": "French Horn", "harmony": "String Ensemble 1", "bass": "Contrabass",
                 "texture": "String Ensemble 2", "pattern": "pad", "counter": "Oboe",
                 "drums": "orchestral", "reverb": 35, "tempo": 0.95, "figure": "call"},
    # A drone (pedal) under a lone reed: emptiness, distance, heat haze.
    "desert": {"lead": "Oboe", "harmony": "Pad 5 (bowed)", "bass": "Fretless Bass",
               "texture": "Pad 2 (warm)", "pattern": "pedal", "reverb": 25, "chorus": 10,
               "tempo": 0.9},
    # City pulse: electric piano and clean guitar ostinato, light drums, little reverb.
    "city street": {"lead": "Electric Piano 1", "harmony": "Electric Guitar (jazz)",
                    "bass": "Electric Bass (finger)", "texture": "Electric Guitar (clean)",
                    "pattern": "ostinato", "drums": "light", "reverb": -10, "chorus": 15,
                    "tempo": 1.05},
    # Underground: tiled echo, a synth pad and a repeating electric-piano figure like wheels.
    "subway": {"lead": "Electric Piano 2", "harmony": "Pad 3 (polysynth)", "bass": "Synth Bass 1",
               "texture": "Electric Piano 1", "pattern": "ostinato", "drums": "light",
               "reverb": 10, "tempo": 1.05},
    # Jazz trio in a small room: piano, jazz guitar comping, upright bass, brushes.
    "cafe": {"lead": "piano", "harmony": "Electric Guitar (jazz)", "bass": "Acoustic Bass",
             "texture": None, "drums": "brushes", "reverb": -10, "chorus": 5},
    # Organ and choir are the church's own voices; sustained chords ring in the long reverberation
    # (several seconds); no drums; a little slower, as sacred music moves in stone rooms.
    "cathedral": {"lead": "Church Organ", "harmony": "Choir Aahs", "bass": "Church Organ",
                  "texture": "String Ensemble 2", "pattern": "pad", "drums": None,
                  "reverb": 70, "chorus": 0, "tempo": 0.9, "figure": "chime"},
    # Outdoors, sociable: flute over nylon-guitar broken chords.
    "park": {"lead": "Flute", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
             "texture": "Acoustic Guitar (nylon)", "pattern": "broken", "reverb": 5,
             "figure": "cuckoo"},
    # Pastoral: the oboe (Beethoven's 6th), harp arpeggios, a flute counter-line like a bird.
    "garden": {"lead": "Oboe", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
               "texture": "Orchestral Harp", "pattern": "broken", "counter": "Flute",
               "reverb": 5, "figure": "cuckoo"},
    # Still water: clarinet over slow piano ripples.
    "lake": {"lead": "Clarinet", "harmony": "Pad 2 (warm)", "bass": "Fretless Bass",
             "texture": "piano", "pattern": "waves", "reverb": 25, "tempo": 0.95, "figure": "lilt"},
    # Running water: harp and flute in flowing rolled triplets (Smetana's Vltava).
    "river": {"lead": "Flute", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
              "texture": "Orchestral Harp", "pattern": "harp", "counter": "Clarinet",
              "reverb": 15},
    # The rails' rhythm as a guitar ostinato; harmonica, the train-song lead.
    "train": {"lead": "Harmonica", "harmony": "Acoustic Guitar (steel)", "bass": "Acoustic Bass",
              "texture": "Acoustic Guitar (steel)", "pattern": "ostinato", "drums": "brushes",
              "reverb": -5, "tempo": 1.05},
    # Driving: clean electric guitar, muted-guitar eighths, a full kit.
    "highway": {"lead": "Electric Guitar (clean)", "harmony": "Pad 3 (polysynth)",
                "bass": "Electric Bass (pick)", "texture": "Electric Guitar (muted)",
                "pattern": "ostinato", "drums": "kit", "reverb": 0, "chorus": 10, "tempo": 1.1},
    # Hushed and clinical: piano over bowed strings, a repeated tone like a monitor, drier room.
    "hospital": {"lead": "piano", "harmony": "String Ensemble 2", "bass": "Contrabass",
                 "texture": "Electric Piano 2", "pattern": "pedal", "drums": None,
                 "reverb": -5, "tempo": 0.92, "tension": 0.1},
    # Home warmth in a small room: clarinet and piano, nylon guitar strummed.
    "kitchen": {"lead": "Clarinet", "harmony": "piano", "bass": "Acoustic Bass",
                "texture": "Acoustic Guitar (nylon)", "pattern": "strum", "reverb": -15},
    # Intimate, lullaby-like: piano and electric piano, a celesta figure, very small room.
    "bedroom": {"lead": "piano", "harmony": "Electric Piano 1", "bass": "Acoustic Bass",
                "texture": "Celesta", "pattern": "broken", "reverb": -15, "tempo": 0.95},
    # Glittering cold space: celesta high up, halo pad, long reverb, slower.
    "snowfield": {"lead": "Flute", "harmony": "Pad 7 (halo)", "bass": "Contrabass",
                  "texture": "Celesta", "pattern": "broken", "register": 4, "reverb": 35,
                  "tempo": 0.9},
    # Open pastoral field: oboe and strings, a waltzing lilt.
    "meadow": {"lead": "Oboe", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
               "texture": "Acoustic Guitar (nylon)", "pattern": "waltz", "counter": "Flute",
               "reverb": 10, "figure": "cuckoo"},
    # Bustle: accordion, strummed steel guitar, hand drums and tambourine, a bit quicker.
    "market": {"lead": "Accordion", "harmony": "Acoustic Guitar (steel)", "bass": "Acoustic Bass",
               "texture": "Acoustic Guitar (steel)", "pattern": "strum", "drums": "hand",
               "reverb": -5, "tempo": 1.08},
    # The concert stage: violin and piano with strings, a hall's bloom.
    "concert hall": {"lead": "Violin", "harmony": "String Ensemble 1", "bass": "Contrabass",
                     "texture": "piano", "pattern": "broken", "counter": "Cello", "reverb": 40},
    # Night above the city: electric piano, clean guitar, light drums, open air.
    "rooftop": {"lead": "Electric Piano 1", "harmony": "Pad 2 (warm)",
                "bass": "Electric Bass (finger)", "texture": "Electric Guitar (clean)",
                "pattern": "broken", "drums": "light", "reverb": 10, "chorus": 15},
    # Eno's Music for Airports: slow piano and wordless voices over a halo pad, lots of space.
    "airport": {"lead": "piano", "harmony": "Voice Oohs", "bass": "Fretless Bass",
                "texture": "Pad 7 (halo)", "pattern": "pad", "reverb": 35, "tempo": 0.88},
    # Boats and ropes: accordion, strings, a rocking waltz figure.
    "harbour": {"lead": "Accordion", "harmony": "String Ensemble 2", "bass": "Acoustic Bass",
                "texture": "Acoustic Guitar (steel)", "pattern": "waltz", "reverb": 15,
                "figure": "lilt"},
    # Home: piano, nylon guitar, a living room.
    "home": {"lead": "piano", "harmony": "Acoustic Guitar (nylon)", "bass": "Acoustic Bass",
             "texture": "Acoustic Guitar (nylon)", "pattern": "broken", "reverb": -10},
    # Quiet study: piano and soft strings, pedal tones, slower.
    "library": {"lead": "piano", "harmony": "String Ensemble 2", "bass": "Contrabass",
                "texture": "piano", "pattern": "pedal", "reverb": 0, "tempo": 0.92},
    # Childhood: glockenspiel and piano, simple block chords.
    "school": {"lead": "Glockenspiel", "harmony": "piano", "bass": "Acoustic Bass",
               "texture": "piano", "pattern": "block", "register": 2, "reverb": -5},
    # A playground: xylophone and pizzicato, bouncy.
    "playground": {"lead": "Xylophone", "harmony": "piano", "bass": "Pizzicato Strings",
                   "texture": "Pizzicato Strings", "pattern": "alberti", "register": 2,
                   "tempo": 1.05},
    # Island: steel drums and strummed nylon guitar, congas and bongos.
    "island": {"lead": "Steel Drums", "harmony": "Acoustic Guitar (nylon)", "bass": "Acoustic Bass",
               "texture": "Acoustic Guitar (nylon)", "pattern": "strum", "drums": "hand",
               "reverb": 10, "chorus": 10},
    # Village square: accordion and clarinet over a waltz.
    "village": {"lead": "Clarinet", "harmony": "Accordion", "bass": "Acoustic Bass",
                "texture": "Acoustic Guitar (nylon)", "pattern": "waltz", "reverb": 5,
                "figure": "chime"},
    # A pub or bar: piano, jazz guitar, upright bass, brushes.
    "bar": {"lead": "piano", "harmony": "Electric Guitar (jazz)", "bass": "Acoustic Bass",
            "texture": None, "drums": "brushes", "reverb": -5, "chorus": 5},
    # Dance floor: synth lead, polysynth, synth bass ostinato, full kit.
    "club": {"lead": "Lead 2 (sawtooth)", "harmony": "Pad 3 (polysynth)", "bass": "Synth Bass 1",
             "texture": "Electric Piano 2", "pattern": "ostinato", "drums": "kit", "reverb": 5,
             "chorus": 20, "tempo": 1.12},
    # Fairground or festival: brass, strummed guitar, hand drums and tambourine, quick.
    "festival": {"lead": "Trumpet", "harmony": "Acoustic Guitar (steel)", "bass": "Tuba",
                 "texture": "Acoustic Guitar (steel)", "pattern": "strum", "drums": "hand",
                 "tempo": 1.08},
    # Porch in the evening: steel guitar and harmonica, strummed, a small outdoor space.
    "porch": {"lead": "Harmonica", "harmony": "Acoustic Guitar (steel)", "bass": "Acoustic Bass",
              "texture": "Acoustic Guitar (steel)", "pattern": "strum", "reverb": 0},
    # Campfire: strummed steel guitar, voices.
    "campfire": {"lead": "Acoustic Guitar (nylon)", "harmony": "Voice Oohs", "bass": "Acoustic Bass",
                 "texture": "Acoustic Guitar (steel)", "pattern": "strum", "reverb": 10},
    # Cemetery: cello lament over bowed pad, low and slow.
    "cemetery": {"lead": "Cello", "harmony": "Pad 5 (bowed)", "bass": "Contrabass",
                 "texture": "String Ensemble 2", "pattern": "pad", "drums": None,
                 "register": -3, "reverb": 30, "tempo": 0.88, "tension": 0.05},
    # Attic: a music box among old things, dust and stillness.
    "attic": {"lead": "Music Box", "harmony": "piano", "bass": "Acoustic Bass",
              "texture": "piano", "pattern": "broken", "register": 2, "reverb": -5, "tempo": 0.95},
    # Ballroom: strings and piano waltzing.
    "ballroom": {"lead": "Violin", "harmony": "String Ensemble 1", "bass": "Contrabass",
                 "texture": "piano", "pattern": "waltz", "reverb": 30},
    # Sky at night under stars: halo pad, celesta glints, wide space.
    "sky": {"lead": "Vibraphone", "harmony": "Pad 7 (halo)", "bass": "Fretless Bass",
            "texture": "Celesta", "pattern": "plucks", "register": 3, "reverb": 40, "chorus": 15,
            "tempo": 0.92},
    # A car: electric piano and clean guitar, a drive's pulse.
    "car": {"lead": "Electric Piano 1", "harmony": "Electric Guitar (clean)",
            "bass": "Electric Bass (finger)", "texture": "Electric Guitar (muted)",
            "pattern": "ostinato", "drums": "light", "reverb": -10, "chorus": 10, "tempo": 1.05},
}

# Times of day (Eno's Reflection: brighter harmony in the morning, thinner and slower in the small
# hours). Brightness rises from dawn to noon and falls toward night; tempo and register follow;
# late at night the counter-line and drums drop out, in the small hours the texture too.
TIMES: dict[str, dict[str, Any]] = {
    "dawn": {"brightness": 0.3, "register": 1, "reverb": 10, "tempo": 0.95},
    "sunrise": {"brightness": 0.45, "register": 2, "reverb": 5, "tempo": 0.97},
    "early morning": {"brightness": 0.45, "register": 1, "tempo": 0.97},
    "morning": {"brightness": 0.6, "register": 2, "tempo": 1.02},
    "late morning": {"brightness": 0.55, "register": 1, "tempo": 1.02},
    "noon": {"brightness": 0.65, "register": 2, "tempo": 1.03},
    "afternoon": {"brightness": 0.35, "register": 0},
    "late afternoon": {"brightness": 0.2, "reverb": 5, "tempo": 0.97},
    "golden hour": {"brightness": 0.25, "reverb": 10, "chorus": 5, "tempo": 0.96},
    "sunset": {"brightness": 0.05, "reverb": 10, "tempo": 0.95},
    "dusk": {"brightness": -0.1, "register": -1, "reverb": 10, "tempo": 0.95},
    "evening": {"brightness": -0.2, "register": -1, "reverb": 5, "tempo": 0.96},
    "night": {"brightness": -0.4, "register": -2, "reverb": 10, "tempo": 0.93},
    "midnight": {"brightness": -0.55, "register": -2, "reverb": 15, "tempo": 0.9,
                 "counter": None},
    "late night": {"brightness": -0.6, "register": -2, "reverb": 15, "tempo": 0.88,
                   "counter": None, "drums": None},
    "small hours": {"brightness": -0.75, "register": -3, "reverb": 20, "tempo": 0.85,
                    "counter": None, "drums": None, "texture": None},
}

WEATHERS: dict[str, dict[str, Any]] = {
    # Soft repeated plucks: pizzicato raindrops; greyer light, wetter room.
    "rain": {"texture": "Pizzicato Strings", "pattern": "plucks", "brightness": -0.2,
             "reverb": 10, "tempo": 0.97, "figure": "patter"},
    # Falling snow: sparse celesta glints up high, left to ring (not rain's steady plucks),
    # hushed, a long soft reverb, slower.
    "snow": {"texture": "Celesta", "pattern": "glints", "brightness": 0.1, "register": 3,
             "reverb": 20, "tempo": 0.92},
    # Storm (Beethoven's 6th, 4th movement; Rossini's William Tell): tremolo strings holding the
    # harmony, a string section driving repeated notes and sixteenth ostinati, a trombone in the
    # low brass, low toms like thunder and rolled cymbals; low and tense, quicker.
    "storm": {"harmony": "Tremolo Strings", "texture": "String Ensemble 1", "pattern": "repeated",
              "counter": "Trombone", "drums": "storm",
              "brightness": -0.4, "register": -3, "reverb": 15, "tempo": 1.08, "tension": 0.25},
    # Fog: a halo pad blurs everything; darker, more reverb and chorus, slower.
    "fog": {"texture": "Pad 7 (halo)", "pattern": "pad", "brightness": -0.3, "register": -1,
            "reverb": 25, "chorus": 15, "tempo": 0.93, "tension": 0.05},
    # Wind: a flute counter-line and moving strings.
    "wind": {"counter": "Flute", "texture": "String Ensemble 2", "pattern": "broken",
             "chorus": 10, "tempo": 1.03, "tension": 0.05},
    # Warm breeze: a flute drifting over, a little brighter and shimmering.
    "warm breeze": {"counter": "Flute", "brightness": 0.25, "chorus": 10, "tempo": 0.98},
    # Sun: brighter and a little higher.
    "sun": {"brightness": 0.4, "register": 2, "tempo": 1.02},
    # Heat slows everything; a shimmer of chorus.
    "heat": {"brightness": 0.2, "chorus": 15, "reverb": 5, "tempo": 0.9},
    # Overcast: greyer.
    "cloud": {"brightness": -0.2, "reverb": 5},
    # Cold: glassy and high, a touch tense.
    "cold": {"brightness": -0.1, "register": 2, "reverb": 10, "tension": 0.05},
}

SEASONS: dict[str, dict[str, Any]] = {
    # Spring: fresh and rising, a flute (Vivaldi's and Beethoven's birds), a bit brighter.
    "spring": {"brightness": 0.2, "register": 1, "tempo": 1.02, "counter": "Flute"},
    # Summer: warm and lazy, shimmer.
    "summer": {"brightness": 0.25, "chorus": 5, "tempo": 0.98},
    # Autumn: mellower, lower, a cello counter-line.
    "autumn": {"brightness": -0.15, "register": -1, "tempo": 0.97, "counter": "Cello"},
    # Winter: sparse and cold, long reverb, slower.
    "winter": {"brightness": -0.1, "register": 1, "reverb": 15, "tempo": 0.95},
}

# Other words for the same things -> the canonical entry above.
SYNONYMS: dict[str, dict[str, str]] = {
    "place": {
        "seaside": "beach", "shore": "beach", "seashore": "beach", "sand": "beach",
        "sands": "beach", "coast": "beach", "bay": "beach", "beaches": "beach",
        "ocean": "sea", "waves": "sea", "boat": "sea", "ship": "sea", "sailboat": "sea",
        "woods": "forest", "wood": "forest", "woodland": "forest", "jungle": "forest",
        "trees": "forest", "pines": "forest",
        "mountains": "mountain", "hills": "mountain", "hill": "mountain", "peak": "mountain",
        "summit": "mountain", "cliff": "mountain", "cliffs": "mountain", "valley": "mountain",
        "dunes": "desert", "sahara": "desert",
        "city": "city street", "street": "city street", "streets": "city street",
        "downtown": "city street", "town": "city street", "avenue": "city street",
        "sidewalk": "city street", "pavement": "city street",
        "metro": "subway", "underground": "subway", "tube": "subway", "station": "subway",
        "platform": "subway",
        "coffee shop": "cafe", "coffeehouse": "cafe", "bistro": "cafe",
        "restaurant": "cafe", "diner": "cafe",
        "church": "cathedral", "chapel": "cathedral", "abbey": "cathedral", "temple": "cathedral",
        "basilica": "cathedral", "monastery": "cathedral",
        "backyard": "garden", "orchard": "garden", "greenhouse": "garden",
        "pond": "lake", "lakeside": "lake", "lakeshore": "lake",
        "stream": "river", "creek": "river", "brook": "river", "riverbank": "river",
        "waterfall": "river", "canal": "river",
        "railway": "train", "carriage": "train", "railroad": "train", "tram": "train",
        "motorway": "highway", "freeway": "highway", "road": "highway", "road trip": "highway",
        "clinic": "hospital", "ward": "hospital", "waiting room": "hospital",
        "bed": "bedroom", "nursery": "bedroom",
        "snow field": "snowfield", "glacier": "snowfield", "tundra": "snowfield",
        "ski slope": "snowfield",
        "field": "meadow", "fields": "meadow", "prairie": "meadow", "countryside": "meadow",
        "farm": "meadow", "grass": "meadow", "hillside": "meadow",
        "bazaar": "market", "marketplace": "market", "market square": "market",
        "concert": "concert hall", "theatre": "concert hall", "theater": "concert hall",
        "opera house": "concert hall", "auditorium": "concert hall",
        "roof": "rooftop", "balcony": "rooftop", "terrace": "rooftop",
        "plane": "airport", "flight": "airport", "terminal": "airport", "airplane": "airport",
        "harbor": "harbour", "port": "harbour", "dock": "harbour", "docks": "harbour",
        "pier": "harbour", "marina": "harbour", "quay": "harbour", "wharf": "harbour",
        "house": "home", "living room": "home", "sofa": "home", "couch": "home",
        "fireplace": "home", "fireside": "home",
        "study": "library", "bookshop": "library", "bookstore": "library", "museum": "library",
        "classroom": "school", "schoolyard": "school",
        "swing": "playground", "swings": "playground",
        "tropics": "island",
        "hamlet": "village",
        "pub": "bar", "tavern": "bar", "jazz club": "bar",
        "nightclub": "club", "dance floor": "club", "disco": "club", "party": "club",
        "fair": "festival", "fairground": "festival", "carnival": "festival", "funfair": "festival",
        "veranda": "porch", "verandah": "porch", "front porch": "porch", "stoop": "porch",
        "bonfire": "campfire", "camp": "campfire", "tent": "campfire",
        "graveyard": "cemetery", "grave": "cemetery", "funeral": "cemetery",
        "loft": "attic",
        "dance hall": "ballroom",
        "stars": "sky", "starry sky": "sky", "night sky": "sky", "under the stars": "sky",
        "driving": "car", "drive": "car",
    },
    "time": {
        "daybreak": "dawn", "first light": "dawn", "before dawn": "small hours",
        "early hours": "small hours", "wee hours": "small hours", "3am": "small hours",
        "3 am": "small hours", "4am": "small hours", "4 am": "small hours",
        "2am": "small hours", "2 am": "small hours",
        "sun up": "sunrise", "sunup": "sunrise",
        "mornings": "morning", "breakfast": "morning",
        "midday": "noon", "lunchtime": "noon", "noontime": "noon",
        "afternoons": "afternoon",
        "teatime": "late afternoon",
        "sundown": "sunset",
        "twilight": "dusk", "nightfall": "dusk", "gloaming": "dusk", "blue hour": "dusk",
        "evenings": "evening", "dinner": "evening", "dinnertime": "evening",
        "nighttime": "night", "tonight": "night", "nights": "night",
        "middle of the night": "late night",
    },
    "weather": {
        "raining": "rain", "rainy": "rain", "drizzle": "rain", "drizzling": "rain",
        "shower": "rain", "showers": "rain", "downpour": "rain", "rainfall": "rain",
        "snowing": "snow", "snowy": "snow", "snowfall": "snow", "flurries": "snow",
        "snowflakes": "snow", "sleet": "snow",
        "thunderstorm": "storm", "thunder": "storm", "lightning": "storm", "stormy": "storm",
        "gale": "storm", "tempest": "storm", "hurricane": "storm",
        "foggy": "fog", "mist": "fog", "misty": "fog", "haze": "fog", "hazy": "fog",
        "windy": "wind", "gust": "wind", "gusts": "wind", "gusty": "wind",
        "breeze": "warm breeze", "gentle breeze": "warm breeze", "soft breeze": "warm breeze",
        "breezy": "warm breeze", "warm wind": "warm breeze", "sea breeze": "warm breeze",
        "sunny": "sun", "sunshine": "sun", "sunlight": "sun", "clear sky": "sun",
        "clear skies": "sun", "blue sky": "sun",
        "hot": "heat", "heatwave": "heat", "heat wave": "heat", "scorching": "heat",
        "sweltering": "heat", "warm": "heat", "humid": "heat",
        "cloudy": "cloud", "clouds": "cloud", "overcast": "cloud", "grey sky": "cloud", "gray sky": "cloud",
        "freezing": "cold", "frost": "cold", "frosty": "cold", "icy": "cold", "chilly": "cold",
    },
    "season": {
        "springtime": "spring", "summertime": "summer", "midsummer": "summer",
        "fall": "autumn", "autumnal": "autumn", "wintertime": "winter", "midwinter": "winter",
        "christmas": "winter",
    },
}

TABLES: dict[str, dict[str, dict[str, Any]]] = {
    "place": PLACES, "time": TIMES, "weather": WEATHERS, "season": SEASONS,
}
# The order contributions apply in (see the module docstring).
ORDER: tuple[str, ...] = ("place", "season", "weather", "time")


def _fold(text: str) -> str:
    """Accents removed: "café" -> "cafe"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _build_index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for kind, table in TABLES.items():
        for name in table:
            index[name] = (kind, name)
        for word, name in SYNONYMS[kind].items():
            index[_fold(word)] = (kind, name)
    return index


# Every word the setting understands -> (kind, canonical name).
INDEX: dict[str, tuple[str, str]] = _build_index()
_LONGEST = max(len(w.split()) for w in INDEX)


# Words that are also common verbs or other parts of speech in free text ("as night began to
# fall", "we drive home", "I study"): in a phrase they count only right after one of these words.
# As a field value ([setting] season = "fall") they always count.
GUARDED: dict[str, tuple[str, ...]] = {
    "fall": ("in", "the", "this", "last", "that", "early", "late", "next", "of", "one"),
    "drive": ("a", "the", "long", "night", "late", "on", "our", "sunday"),
    "driving": ("a", "the", "were", "was", "while", "late", "night", "we", "i"),
    "study": ("the", "my", "his", "her", "our", "their", "a", "dad's", "dad", "father's"),
    "swing": ("a", "the", "on", "old"),
    "swings": ("the", "on", "old"),
    "warm": ("a", "the", "so", "was", "were", "is", "very", "too", "night", "and"),
}


def canonical(kind: str, word: str | None) -> str | None:
    """The table name a word stands for in one kind ("harbor" -> "harbour"); None if unknown."""
    if not word:
        return None
    hit = INDEX.get(_fold(normalise(word)))
    return hit[1] if hit and hit[0] == kind else None


def suggest_setting(kind: str, word: str) -> str | None:
    """The nearest known word of a kind, for "did you mean"; None if nothing is close."""
    if not isinstance(word, str) or not word.strip():
        return None
    words = [w for w, (k, _) in INDEX.items() if k == kind]
    close = difflib.get_close_matches(_fold(normalise(word)), words, n=1, cutoff=0.75)
    return close[0] if close else None


def parse_setting(phrase: str) -> Setting:
    """Place, time of day, weather and season found in a free phrase ("beach at dusk").

    Scans word by word, taking the longest known word or phrase at each position; the first of
    each kind wins. Possessives count as the word ("grandma's kitchen").
    """
    tokens = re.findall(r"[a-z0-9]+", _fold(normalise(phrase)).replace("'s ", " "))
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            words = " ".join(tokens[i:i + n])
            hit = INDEX.get(words)
            if words in GUARDED and len(tokens) > 1 and (i == 0 or tokens[i - 1] not in GUARDED[words]):
                hit = None
            if hit is None and n == 1 and tokens[i].endswith("s"):
                hit = INDEX.get(tokens[i][:-1])  # a plain plural: "forests", "lakes"
            if hit is not None:
                found.setdefault(hit[0], hit[1])
                i += n
                break
        else:
            i += 1
    return Setting(phrase=phrase, place=found.get("place"), time=found.get("time"),
                   weather=found.get("weather"), season=found.get("season"))


def _words_of(setting: Setting) -> tuple[Setting, list[str]]:
    """The setting with its fields in canonical form, plus notices for words not understood."""
    notices: list[str] = []
    fields = {"place": setting.place, "time": setting.time, "weather": setting.weather,
              "season": setting.season}
    if setting.phrase and not any(fields.values()):
        parsed = parse_setting(setting.phrase)
        fields = {"place": parsed.place, "time": parsed.time, "weather": parsed.weather,
                  "season": parsed.season}
        if not any(fields.values()):
            notices.append(f"setting '{setting.phrase}' names no place, time, weather or season "
                           "I know: using a neutral piano palette")
    out: dict[str, str | None] = {}
    for kind, word in fields.items():
        if word is None:
            out[kind] = None
            continue
        name = canonical(kind, word)
        if name is None:
            # A compound like place = "beach at dusk" still says something: parse it.
            inner = parse_setting(word)
            name = getattr(inner, kind)
        if name is None:
            hint = suggest_setting(kind, word)
            fallback = "using a neutral piano palette" if kind == "place" else "ignored"
            notices.append(f"unknown {kind} '{word}'" + (f" (did you mean '{hint}'?)" if hint else "")
                           + f": {fallback}")
        out[kind] = name
    return Setting(phrase=setting.phrase, **out), notices


def contributions(setting: Setting) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The table rows a setting draws on, in application order, labelled for explain."""
    return _rows(_words_of(setting)[0])


def _rows(canon: Setting) -> tuple[tuple[str, dict[str, Any]], ...]:
    rows = []
    for kind in ORDER:
        name = getattr(canon, kind)
        if name is not None:
            rows.append((f"{kind} '{name}'", TABLES[kind][name]))
    return tuple(rows)


def _combine(canon: Setting) -> tuple[dict[str, Any], tuple[str, ...]]:
    acc = dict(BASE)
    sources = []
    for label, row in _rows(canon):
        sources.append(label)
        for key, value in row.items():
            if key in OVERRIDE_KEYS:
                acc[key] = value
            elif key in ADDED_KEYS:
                acc[key] += value
            else:  # MULTIPLIED_KEYS
                acc[key] *= value
    return acc, tuple(sources)


# Palettes with character for aroused moods (issue 13), laid over the setting's band: the setting
# keeps its lead, harmony and bass (a storm on a highway still drives its guitar); the mood
# changes the colour layers, each row saying why. Calm, tender and sad moods add nothing: they
# keep the setting's own band, as still as it is.
MOOD_PALETTES: dict[str, dict[str, Any]] = {
    # Triumph: the brass leads and the full orchestra plays, strings under brass, the horns'
    # answer, timpani and the orchestra's bass drum (Walton's coronation marches, film fanfares).
    "triumph": {"lead": "Trumpet", "harmony": "Brass Section", "counter": "French Horn",
                "texture": "String Ensemble 1", "drums": "orchestral"},
    # Play: pizzicato strings, a staccato woodwind answering, light percussion (Anderson's
    # Plink, Plank, Plunk!; Prokofiev's Peter and the Wolf).
    "play": {"texture": "Pizzicato Strings", "counter": "Clarinet", "drums": "light"},
    # Anxiety: an ostinato in the strings under everything (Herrmann's suspense cues).
    "anxiety": {"texture": "String Ensemble 1"},
    # A storm: fast string ostinati, low brass, timpani (Beethoven's Pastoral storm, Rossini's
    # and Verdi's storms).
    "storm": {"texture": "String Ensemble 1", "counter": "Trombone", "drums": "storm"},
}
# What the mood leaves to the setting when the setting has its own: its percussion (a market's
# hand drums are already light percussion) and a lead the scene names in [music].
KEEPS_SETTING = ("drums",)
# A counter line in the lead's own instrument would double it: the second choice.
SECOND_COUNTER = {"French Horn": "Trumpet", "Clarinet": "Flute", "Trombone": "Tuba"}


def with_mood(palette: Palette, affect: str, lead_given: bool) -> Palette:
    """The palette with the mood's colour laid over it (MOOD_PALETTES): the triumph's brass, the
    play's pizzicato, the storm's low brass and timpani. A lead named in [music] stays."""
    row = MOOD_PALETTES.get(affect)
    if not row:
        return palette
    changes: dict[str, Any] = {}
    for key, value in row.items():
        if key == "lead" and lead_given:
            continue
        if key in KEEPS_SETTING and getattr(palette, key) is not None:
            continue
        changes[key] = value if key == "drums" else resolve_instrument(value)
    lead = changes.get("lead", palette.lead)
    counter = changes.get("counter")
    if counter is not None and counter.program == lead.program:
        changes["counter"] = resolve_instrument(SECOND_COUNTER.get(counter.name, "Oboe"))
    return replace(palette, sources=palette.sources + (f"mood '{affect}'",), **changes)


@dataclass(frozen=True)
class SettingReading:
    """Everything a setting contributes, read once: the band and space, and the colour."""

    palette: Palette
    brightness: float  # -1..1
    tension: float  # 0..1
    notices: tuple[str, ...]  # words not understood, and what was done instead


def read_setting(setting: Setting, lead: Instrument | None) -> SettingReading:
    """The palette built from every setting word, its colour, and notices for what was not
    understood. An explicit lead (from [music] lead, resolved at load) wins over the setting's."""
    canon, notices = _words_of(setting)
    acc, sources = _combine(canon)
    lead_instrument = resolve_instrument(acc["lead"])
    if lead is not None:
        lead_instrument = lead
        sources = sources + (f"lead '{lead.name}' from [music]",)
    texture = resolve_instrument(acc["texture"]) if acc["texture"] is not None else None
    counter = resolve_instrument(acc["counter"]) if acc["counter"] is not None else None
    palette = Palette(
        lead=lead_instrument,
        harmony=resolve_instrument(acc["harmony"]),
        bass=resolve_instrument(acc["bass"]),
        texture=texture,
        texture_pattern=acc["pattern"],
        counter=counter,
        drums=acc["drums"],
        register=int(max(-12, min(12, acc["register"]))),
        reverb=int(max(0, min(127, acc["reverb"]))),
        chorus=int(max(0, min(127, acc["chorus"]))),
        tempo_nudge=round(max(0.7, min(1.3, acc["tempo"])), 4),
        sources=sources,
        figure=acc["figure"],
    )
    return SettingReading(palette, round(max(-1.0, min(1.0, acc["brightness"])), 4),
                          round(max(0.0, min(1.0, acc["tension"])), 4), tuple(notices))


def colour_of(setting: Setting) -> tuple[float, float]:
    """(brightness -1..1, tension 0..1) the setting adds to the feel."""
    reading = read_setting(setting, None)
    return reading.brightness, reading.tension


def palette_for(setting: Setting, lead: Instrument | None) -> tuple[Palette, tuple[str, ...]]:
    """The palette and the notices (see read_setting)."""
    reading = read_setting(setting, lead)
    return reading.palette, reading.notices
