"""What each section is: the plan's decision about its character, which every later stage reads.

A feeling becomes music here and nowhere downstream: harmony, melody, arrangement and performance
read a section's Character (and `explain` prints it), never the raw feel, so what explain says a
section does is what its notes do.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from composer.patterns import BEAT_LEFT, FALLBACK_PATTERN, HELD_BASSES, PATTERNS, TUTTI_TEXTURE, fullness
from composer.piece import Meter
from composer.scene.model import Palette
from composer.theory.instruments import idiom, plays

# The accompaniment's figures by the section's affect (emotion-rules.md: rhythmic density grows
# with arousal, calm music keeps simple, long values; Hevner's clusters and Russell's quadrants:
# play is light and dancing, triumph martial and full, anxiety off-balance, a storm driven).
# Each affect has a ladder of (Harmony style, Bass style) from composer.patterns, quietest and
# sparsest first (each rung strikes at least as often as the one below);
# a section climbs it with its intensity and its role in the form (ROLE_STEP).
FIGURES: dict[str, tuple[tuple[str, str], ...]] = {
    # still: held chords, at most a second stroke or a bass that moves on the strong beats
    "calm": (("sustain", "sustain"), ("half", "sustain"), ("sustain", "root-fifth"), ("half", "root-fifth")),
    # tender: held, then breathing half-bar chords, a rocking bass, a gently walking one
    "tender": (("sustain", "sustain"), ("half", "root-fifth"), ("afterbeat", "lilt"), ("half", "bounce")),
    # sad: held and heavy, the lament's slow tread and its siciliano (Pergolesi's Stabat Mater,
    # Bach's "Erbarme dich"), a dotted funeral step at its height
    "sad": (("sustain", "sustain"), ("sustain", "root-fifth"), ("half", "lilt"), ("pulse", "dotted")),
    # anguish: sadness under tension, tragic rather than mournful (Hevner's "tragic", beside the
    # "sad" cluster): chords that throb on the beat over the funeral step, then over octaves
    # (the throbbing chords of Schubert's "Der Atlas")
    "anguish": (("sustain", "sustain"), ("half", "dotted"), ("pulse", "dotted"), ("pulse", "octaves")),
    # play: oom-pah and off-beat chords over a bouncing bass, short and light
    "play": (("afterbeat", "root-fifth"), ("afterbeat", "bounce"), ("offbeat", "bounce"), ("offbeat", "pulse")),
    # romp: play at its most excited, a galop (Offenbach's can-can, the William Tell finale):
    # off-beat chords over a bass that bounces, runs in eighths, then gallops
    "romp": (("afterbeat", "bounce"), ("offbeat", "bounce"), ("offbeat", "pulse"), ("offbeat", "gallop")),
    # triumph: a march's dotted rhythm and fanfare chords, then the full pulse
    "triumph": (("half", "root-fifth"), ("fanfare", "dotted"), ("pulse", "dotted"), ("fanfare", "pulse")),
    # noble: triumph without haste, Elgar's nobilmente and the hymn's tread: broad chords over a
    # bass walking in quarters
    "noble": (("sustain", "sustain"), ("half", "root-fifth"), ("half", "bounce"), ("pulse", "bounce")),
    # heroic: triumph driven by tension, the action cue (Williams's chases): chords on the beat
    # over leaping octaves, then fanfare chords over the octaves and over a gallop
    "heroic": (("half", "root-fifth"), ("pulse", "octaves"), ("fanfare", "octaves"), ("fanfare", "gallop")),
    # pastoral: tenderness out of doors in a compound metre with a pipe for its tune (PIPES):
    # the pastorale's drone under held and breathing chords, a rocking bass at its height
    "pastoral": (("sustain", "drone"), ("half", "drone"), ("afterbeat", "drone"), ("half", "lilt")),
    # anxiety: irregular 3 + 3 + 2 accents, stabs, the string agitato at its height over the bass's
    # 3 + 3 + 2 still: fear's rhythm stays irregular where anger's drives on (Juslin & Laukka 2003),
    # and a galloping bass there was the storm's own rung (a composer's reading of held-out 37 at
    # seed 2, "frightened, grieving", which played held-out 22's restless storm figures throughout)
    "anxiety": (("sustain", "tresillo"), ("stabs", "root-fifth"), ("stabs", "tresillo"),
                ("agitato", "tresillo")),
    # storm: string agitato over driving eighths, octave leaps and a gallop
    "storm": (("agitato", "pulse"), ("stabs", "octaves"), ("agitato", "gallop"), ("agitato", "octaves")),
}
# How a section's role in the form moves it on its ladder (Karlin & Wright, On the Track: a cue
# establishes lightly, builds by adding motion, peaks, releases; Schoenberg: a return comes back
# varied, an episode contrasts). Intros, interludes and codas step down; builds, episodes and
# returns up (the theme comes back fuller than it left); a climax takes the top rung.
ROLE_STEP = {"intro": -1, "interlude": -1, "coda": -1, "episode": 1, "build": 1, "return": 1,
             "verse": 0, "theme": 0, "moment": 0}
CLIMAX = "climax"
# Rungs by intensity: under each bound, the rung of its index.
RUNGS = (0.35, 0.6, 0.85)


def affect(valence: float, arousal: float, tension: float, intensity: float = 1.0) -> str:
    """The section's affect, a finer reading of its quadrant: calm or tender (pleasant and still),
    sad, play or triumph (pleasant and aroused: triumph where the mood carries Hevner's
    martial and majestic strength, its tension), anxiety or storm (unpleasant and aroused: a
    storm from STORM arousal where the moment is intense, from RAGE arousal at any intensity).
    `intensity` is the section's (a scene's whole mood: its height, 1)."""
    if arousal < AROUSED:
        if valence < 0:
            return "sad"
        return "calm" if arousal <= CALMEST else "tender"
    if valence >= 0:
        return "triumph" if tension >= TRIUMPH_TENSION else "play"
    stormy = arousal >= RAGE or (arousal >= STORM and intensity >= STORM_INTENSITY)
    return "storm" if stormy else "anxiety"


# Shades of one affect that a composer still sets apart (Hevner's adjacent clusters): triumph
# without haste is noble (arousal under NOBLE_AROUSAL), with tension heroic (tension from
# HEROIC_TENSION); play at its most excited romps (arousal from ROMP_AROUSAL); sadness from ANGUISH_TENSION is anguish. The shade picks the
# figures only; the palette, the timpani and the loudness follow the affect.
NOBLE_AROUSAL = 0.4
HEROIC_TENSION = 0.5
ROMP_AROUSAL = 0.7
# Anguish is sadness near the top of the tension scale: a sad moment inside a furious or
# frightened scene. Grief alone (last-visit's 0.57) stays mournful, its siciliano kept.
ANGUISH_TENSION = 0.75


# The pastorale: calm or tender music in a compound metre whose tune is a shepherd's pipe (the
# settings give a flute, an oboe or a clarinet to rivers, parks, gardens, meadows, forests, lakes
# and villages) is set over a drone, as the Christmas pastorales of Corelli, Handel ("Pifa") and
# Bach (the Christmas Oratorio's sinfonia) set the pifferari's shawms over their bagpipes' drone.
# GM programs: oboe, English horn, clarinet (the chalumeau, the shepherd's pipe it grew from),
# piccolo, flute, recorder, pan flute, bagpipe, shanai.
PIPES = frozenset({68, 69, 71, 72, 73, 74, 75, 109, 111})
PASTORAL_AFFECTS = ("calm", "tender")


def shade(feeling: str, arousal: float, tension: float, pastoral: bool = False) -> str:
    """The ladder of figures (FIGURES, TEXTURE_LADDERS) an affect takes at this arousal and
    tension; `pastoral`: the piece is in a compound metre with a pipe for its tune (PIPES)."""
    if pastoral and feeling in PASTORAL_AFFECTS:
        return "pastoral"
    if feeling == "triumph":
        if tension >= HEROIC_TENSION:
            return "heroic"
        if arousal < NOBLE_AROUSAL:
            return "noble"
    if feeling == "play" and arousal >= ROMP_AROUSAL:
        return "romp"
    if feeling == "sad" and tension >= ANGUISH_TENSION:
        return "anguish"
    return feeling


def _rung(intensity: float, role: str, top: int) -> int:
    if role == CLIMAX:
        return top
    rung = next((i for i, bound in enumerate(RUNGS) if intensity < bound), len(RUNGS))
    return max(0, min(top, rung + ROLE_STEP.get(role, 0)))


# The tune's topic: the kind of figure a section's melody is made of (Ratner, "Classic Music",
# 1980: a composer sets a passage in a topic -- fanfare, march, Sturm und Drang, the singing
# style; Monelle, "The Musical Topic", 2006: the military and hunting call outlines the triad in
# rising fourths and fifths in dotted rhythm, the march treads in even and dotted values). A scene's
# moments already rise and thicken with their energy (lift, activity); a composer's reading heard
# them higher but not different in kind (the summit's sunrise was its ridge's rhythm a third higher,
# its horn noodling in eighths instead of calling; the storm's lightning the downpour's runs higher).
# What a film composer changes between such moments is the figure (Karlin & Wright, "On the Track":
# a cue's peak states the theme in its broadest, most heroic form; a release slows the line).
# Each shade names its topic for a section below the piece's middle energy, near it and above it
# (lift at most -TOPIC_LIFT, between, at least TOPIC_LIFT: a third off the middle, where a scene's
# moments of different intensity stand): triumph treads a march up to its height and calls there; a tender or sad
# section under the piece's energy (a release) sings a broadened line; a storm rushes in runs, and
# strikes where it is furious (FURY: Juslin & Laukka 2003, anger: fast, loud, sharp attacks,
# staccato; Ratner's Sturm und Drang: short, broken figures torn by rests). The melody's tables
# for each topic: composer.melody.motif.TOPIC_CELLS and TOPIC_DEVELOPMENTS. "song" changes nothing.
# Topics are for a scene's own moments (TOPIC_ROLES), which the user names as different happenings;
# the composer's forms already set their sections apart by role (ROLE_STEP, the return's variation),
# and a topic in every quiet form section drew the tunes of different scenes onto the same few
# bars (held-out pairs sharing 11-21 % of their melody bars, where 10 % is the limit).
SONG = "song"
TOPICS: dict[str, tuple[str, str, str]] = {
    "triumph": ("march", "march", "fanfare"),
    "heroic": ("march", "fanfare", "fanfare"),
    "noble": (SONG, SONG, "fanfare"),
    "storm": ("torrent", "torrent", "torrent"),
    "tender": ("broad", SONG, SONG),
    "sad": ("broad", SONG, SONG),
    "calm": ("broad", SONG, SONG),
    "pastoral": ("broad", SONG, SONG),
}
FURY = 0.8  # a storm this aroused strikes instead of rushing (the lightning, "furious": 0.9)


def furious(character) -> bool:
    """Whether a section is furious: a storm's shade at FURY arousal, whose tune strikes short
    and lets its cadences go as short as its other notes. Joy at the same arousal (an "excited"
    arrival) is not: its cadences arrive and sound (a composer's reading of s15, held-out 11 at
    seed 3: an elated oboe's half cadences clipped to a beat as if it were a storm's lightning)."""
    return character.figures == "storm" and character.arousal >= FURY
TOPIC_LIFT = 2
TOPIC_ROLES = ("moment",)
# The broad line only slows a tune that moves: one whose rhythm is already in the calm band
# (composer.melody.rhythm.BANDS: halves and quarters) sings as it would, where the broad bars (three
# notes at least) would make it busier.
SLOWED = ("broad",)


def topic(figures: str, arousal: float, steps: int, role: str = "moment",
          moving: float = 0.0) -> str:
    """The tune's topic (TOPICS) for a section of this shade, arousal, lift and role, whose
    rhythm moves at `moving` (activity())."""
    from composer.melody.rhythm import band  # (the melody package reads this module)

    if role not in TOPIC_ROLES:
        return SONG
    if figures == "storm" and arousal >= FURY:
        return "strike"
    chosen = TOPICS.get(figures, (SONG,) * 3)[(steps >= TOPIC_LIFT) - (steps <= -TOPIC_LIFT) + 1]
    return SONG if chosen in SLOWED and band(moving) == "calm" else chosen


# Loudness: a base velocity from arousal and intensity (the performance adds each role's place
# in the balance, accents and the phrase's swell: composer.perform). Intensity outweighs mood: a
# moment marked intense is louder than a calm one marked quiet, whatever their words (issue 6),
# while arousal still raises loudness at equal intensity.
BASE_VELOCITY = 58
AROUSAL_VELOCITY = 10  # per unit of arousal
INTENSITY_VELOCITY = 34  # from intensity 0 to 1


def dynamic(arousal: float, intensity: float) -> float:
    """The base velocity of music of this arousal at this intensity."""
    return BASE_VELOCITY + AROUSAL_VELOCITY * arousal + INTENSITY_VELOCITY * intensity


# Energy: how a section's intensity and arousal move its tune, so a scene's most intense moment
# is where the music is highest and busiest, and a quiet one sits lower and moves in longer values
# (emotion-rules.md, "Arousal": register rises with arousal, the probability of an onset grows with
# it; Gabrielsson & Lindström 2010, summary table: high pitch, fast and dense rhythm for activity,
# intensity and tension; Juslin & Laukka 2003: loudness, tempo, register and density rise together
# as expression grows). A composer's reading found a storm's "furious" lightning (intensity 0.8)
# singing below its first drops (0.4), and a scene's closing moment of intensity 1.0 made of long
# notes. The moment's intensity leads (it is what the scene says of the moment) and arousal adds
# to it, ENERGY_AROUSAL per unit: as much as arousal moves the piece's own register
# (composer.melody.frame.REGISTER_PER_AROUSAL: 0.3 of the lead's 16-20 usable semitones, about 5
# semitones a unit, where a unit of energy moves a section about 13: LIFT_STEPS scale steps). At a
# tenth, a second reading still heard storm's "furious" lightning (arousal 0.9) top out at F5, a
# third over its uneasy first drops.
ENERGY_AROUSAL = 0.35
# Scale steps the tune's phrases move with energy: LIFT_STEPS per unit of energy above or below
# the piece's own (halfway between its calmest and most intense sections': the piece's register is
# already its mood's, composer.melody.frame), at most LIFT_MOST either way (a fourth: the frame
# moves each section's floor and ceiling with it, under the piece's one summit: Frame.band). A
# furious moment against an uneasy one (storm: 0.35 of energy apart) is three steps up.
LIFT_STEPS = 8
LIFT_MOST = 3
# The arousal the tune's rhythm is chosen at (composer.melody.rhythm's bands): the section's own,
# raised or lowered by ACTIVITY_PER_INTENSITY per unit of intensity from the middle and by
# ACTIVITY_PER_LIFT per step of its lift (its energy against the piece's). A calm but intense
# moment (a broad height) moves in quarters and pairs of eighths rather than held notes; the
# quietest moment of a busy scene slows its values under the others'.
ACTIVITY_PER_INTENSITY = 0.8
ACTIVITY_PER_LIFT = 0.15


def energy(intensity: float, arousal: float) -> float:
    """A section's energy: its intensity, nudged by its arousal."""
    return intensity + ENERGY_AROUSAL * arousal


def lift(intensity: float, arousal: float, centre: float | None) -> int:
    """Scale steps the section's tune sits above (or below) the piece's usual register, where
    the piece's energy is `centre` (None: the piece's own character, which is its register)."""
    if centre is None:
        return 0
    return max(-LIFT_MOST, min(LIFT_MOST, round(LIFT_STEPS * (energy(intensity, arousal) - centre))))


def activity(intensity: float, arousal: float, steps: int = 0) -> float:
    """The arousal the section's melodic rhythm moves at, lifted `steps` (lift())."""
    return max(-1.0, min(1.0, arousal + ACTIVITY_PER_INTENSITY * (intensity - 0.5)
                         + ACTIVITY_PER_LIFT * steps))


# Articulation: lively music is detached, calm music legato (emotion-rules.md, "Articulation":
# staccato for happiness and activity, legato for tenderness and sadness). Above this arousal a
# melody note sounds DETACHED of its written value.
DETACH_FROM_AROUSAL = 0.4
DETACHED = 0.75
# Rubato: how much a phrase's last bar may broaden at the calmest feel (sadness and tenderness slow
# with strong rubato; happiness with little).
RUBATO = 0.08


@dataclass(frozen=True)
class Colour:
    """How much the section's mood asks for each harmonic colour driver, each 0..1 (the grammar's
    colour chords name their driver: composer.harmony.grammar.COLOURS)."""

    bittersweet: float  # mixture: pleasure qualified (wistful high, elated near zero)
    tension: float  # secondary dominants and diminished colours
    warmth: float  # added ninths and major sevenths: pleasant and unhurried
    energy: float
    calm: float

    def __getitem__(self, driver: str) -> float:
        return getattr(self, driver)


def colour_levels(valence: float, arousal: float, tension: float, intensity: float) -> Colour:
    def clamp(x: float) -> float:
        return max(0.0, min(1.0, x))

    return Colour(
        bittersweet=clamp(0.75 - valence),
        tension=clamp(0.8 * tension + 0.3 * intensity - 0.1),
        warmth=clamp((valence + 0.6) / 1.2) * clamp((0.6 - arousal) / 1.2),
        energy=clamp((arousal + 0.3) / 1.0),
        calm=clamp(-arousal * 1.2),
    )


def quadrant(valence: float, arousal: float) -> str:
    """The quarter of the mood circle (Russell's circumplex): joy, tender, sad or tense."""
    if valence >= 0:
        return "joy" if arousal >= 0 else "tender"
    return "tense" if arousal >= 0 else "sad"


@dataclass(frozen=True)
class Character:
    """A section's decided character. The numbers are what the decisions were made from, kept
    for explain and for the stages' finer choices (a melody's rhythm band, a velocity)."""

    mood: str  # quadrant(valence, arousal)
    affect: str  # affect(valence, arousal, tension): which figures and colours it takes
    valence: float
    arousal: float
    tension: float
    intensity: float  # 0..1, the section's level before the phrase-by-phrase curve
    colour: Colour
    harmony: str  # Harmony part's style (composer.patterns.HARMONY_STYLES)
    bass: str  # Bass part's style (composer.patterns.BASS_STYLES)
    texture: str | None  # Texture part's figure (composer.patterns.PATTERNS); None: no Texture
    drums: str | None  # the kit's groove style; None: no drums
    articulation: float  # share of its written value a melody note sounds (1.0 legato)
    rubato: float  # how far a phrase's last bar broadens (0 none)
    figures: str = ""  # the affect's shade whose ladder the figures come from (shade())
    # (Harmony style, Bass style) a phrase's continuation intensifies to: the ladder's next rung
    # (composer.arrange.phrasing); the section's own figures where it stands at the top
    continuation: tuple[str, str] = ("", "")
    rung: int = 0  # the section's own rung on its ladder (FIGURES[figures])
    # the Texture's figure a rung down and a rung up its ladder (TEXTURE_LADDERS), for phrases
    # that develop the section's figure; None where there is no Texture
    textures: tuple[str | None, str | None] = (None, None)
    held: bool = False  # the Harmony instrument only holds its chords (never re-struck)
    lift: int = 0  # scale steps its energy stands above the piece's (lift()): rhythm and topic
    # scale steps its tune sits above the piece's usual register: its lift placed by the form
    # (composer.form.registers); the melody's frame and arcs read it
    register: int = 0
    activity: float = 0.0  # the arousal its tune's rhythm is chosen at (activity())
    topic: str = SONG  # the kind of figure its tune is made of (topic())
    # (ladder figure, figure played instead) for the Harmony and for the Texture, where the section
    # changes its figure from the section before's at a change of material (contrasted())
    harmony_for: tuple[tuple[str, str], ...] = ()
    texture_for: tuple[tuple[str, str], ...] = ()
    # (ladder figure, figure played instead) for the Bass: an interlude's bass moves (INTERLUDE_BASS)
    bass_for: tuple[tuple[str, str], ...] = ()

    def figures_at(self, step: int) -> tuple[str, str] | None:
        """(Harmony style, Bass style) `step` rungs from the section's own on its ladder (a phrase
        of the section developing its figure: composer.arrange.phrasing); None off the ladder."""
        ladder = FIGURES.get(self.figures)
        if not ladder or not 0 <= self.rung + step < len(ladder):
            return None
        harmony, bass = ladder[self.rung + step]
        return ("sustain" if self.held else dict(self.harmony_for).get(harmony, harmony)), \
            dict(self.bass_for).get(bass, bass)

    def reasons(self) -> tuple[str, ...]:
        """Each decision and the rule that made it, for explain."""
        out = [f"mood {self.mood} ({self.affect}): valence {self.valence:+.2f}, arousal "
               f"{self.arousal:+.2f}, tension {self.tension:.2f}",
               f"harmony {self.harmony}, bass {self.bass}: the {self.figures or self.affect} figures at intensity "
               f"{self.intensity:.2f} and the section's role (rhythmic density grows with arousal)"]
        if self.continuation[0] and self.continuation != (self.harmony, self.bass):
            out.append(f"phrases intensify to harmony {self.continuation[0]}, bass {self.continuation[1]} "
                       "in their continuations, and settle at their cadences")
        if self.texture is not None:
            out.append(f"texture {self.texture}: {PATTERNS[self.texture].description}")
        for part, swaps in (("harmony", self.harmony_for), ("texture", self.texture_for)):
            for old, new in swaps:
                out.append(f"{part} {new} in place of its rung's {old}: the accompaniment changes its figure "
                           "where new material enters, in the same affect, and keeps it while that material goes on")
        if self.bass_for:
            out.append(f"bass {INTERLUDE_BASS} where its rung holds: an interlude's accompaniment carries the "
                       "music, its bass moving under a figure that rises and falls")
        if self.drums is not None:
            out.append(f"drums {self.drums}: the setting's kit, in phrases intense enough")
        out.append("articulation " + ("detached" if self.articulation < 1 else "legato")
                   + f": arousal {self.arousal:+.2f}"
                   + (f"; rubato {self.rubato:.0%} at phrase ends" if self.rubato else ""))
        out.append(f"tune {self.register:+d} scale steps from the piece's register, its rhythm at arousal "
                   f"{self.activity:+.2f}: intensity {self.intensity:.2f} and arousal move register "
                   "and density together"
                   + (f" (energy {self.lift:+d}, placed by its part in the form or its name)"
                      if self.register != self.lift else ""))
        if self.topic != SONG:
            out.append(f"tune in the {self.topic} topic: the {self.figures} figures "
                       f"{'above' if self.lift >= TOPIC_LIFT else 'below' if self.lift <= -TOPIC_LIFT else 'near'} the "
                       "piece's middle energy" + (" and furious" if self.topic == "strike" else ""))
        levels = ", ".join(f"{k} {getattr(self.colour, k):.2f}" for k in
                           ("bittersweet", "tension", "warmth", "energy", "calm"))
        out.append(f"harmonic colour: {levels}")
        return tuple(out)


# Texture figures by the section's affect and rung (issue 13: textures change with the form;
# emotion-rules.md: rhythmic activity rises with arousal; Karlin & Wright, On the Track: a cue
# builds toward its climax by adding motion). SETTING stands for the setting's own figure (waves
# on a beach, a waltz in a ballroom). Calm keeps the setting's figure, held as a plain chord when
# quiet; play plucks and dances off the beat; triumph strikes full chords; anxiety circles an
# ostinato with irregular accents; a storm drives the string agitato into sixteenths.
SETTING = "setting"
AROUSED = 0.25  # from this arousal a section is aroused (play, triumph, anxiety, storm)
CALMEST = -0.55  # at or under this arousal a pleasant section is calm rather than tender
TRIUMPH_TENSION = 0.25  # a pleasant aroused mood this tense is triumph, not play (Hevner 7-8)
# An unpleasant, aroused mood is anxiety (an ostinato circling, irregular accents) until it is a
# storm (the string agitato, runs). The words that reach STORM are fear's (tense, nervous, anxious,
# afraid: lexicon 0.55-0.65) and storm only where the moment is intense: a composer's reading heard
# a quiet "waiting, anxious" (intensity 0.3) in a hospital corridor rush in a storm's sixteenth
# runs over string agitato, where a film composer writes a restless ostinato (Juslin & Laukka
# 2003: fear's expression is tense and irregular, anger's fast, loud and sharp; Ratner's Sturm und
# Drang for the tempest). Anger's words (angry, stormy, agitated, furious: RAGE and over) storm at
# any intensity.
STORM = 0.55
STORM_INTENSITY = 0.6  # the middle rungs and up (RUNGS)
RAGE = 0.7
TEXTURE_LADDERS: dict[str, tuple[str, ...]] = {
    "calm": ("pad", SETTING, "glints", SETTING),
    "tender": (SETTING, "glints", SETTING, "harp"),
    "sad": ("pad", "block", SETTING, "repeated"),
    "anguish": ("pad", "repeated", "restless", "repeated"),
    # play takes the setting's own figure in its middle (the market's strum, the car's ostinato:
    # the place's dance); a romp is as busy at each rung and runs in sixteenths at its height
    "play": ("plucks", "offbeat", SETTING, "syncopated"),
    "romp": ("offbeat", "offbeat", SETTING, "ostinato16"),
    "triumph": (SETTING, "block", "strum", "repeated"),
    "noble": (SETTING, "pad", "pad", "broken"),
    "heroic": ("ostinato", "repeated", "ostinato16", "ostinato16"),
    "anxiety": ("restless", "ostinato", "restless", "ostinato16"),
    "pastoral": (SETTING, "glints", SETTING, "harp"),  # (a pastorale is compound: COMPOUND_LADDERS)
    "storm": ("repeated", "ostinato16", "repeated", "ostinato16"),
}


# In a compound metre (6/8, 9/8, 12/8) tender music rocks: the lullaby's off-beats, then the
# rocking figure its instrument plays best (ROCKING): a piano, a harp or a guitar the barcarolle's
# ringing broken chord, strings, winds and pads the siciliano's long-short chords.
ROCKING = "rocking"
COMPOUND_LADDERS: dict[str, tuple[str, ...]] = {"tender": (SETTING, "lullaby", ROCKING, ROCKING),
                                                "pastoral": (SETTING, "lullaby", ROCKING, ROCKING)}
RINGING_ARTICULATIONS = ("struck", "pizzicato")


def _fits(name: str, meter: Meter, program: int | None) -> bool:
    pattern = PATTERNS.get(name)
    return (pattern is not None and not (pattern.pulses and meter.pulses not in pattern.pulses)
            and (program is None or plays(program, pattern.touch)))


def texture_for(palette: Palette, meter: Meter, mood: str = "calm", arousal: float = 0.0,
                intensity: float = 0.5, role: str = "theme", step: int = 0) -> str | None:
    """The section's figure: its affect's rung for its intensity and role, where the metre and the
    texture instrument's idiom allow it (a pad never chops, a pizzicato never holds), else the
    setting's figure, else broken chords (which fit any metre). `mood` is an affect (or a
    quadrant: tense reads as anxiety, joy as play); `step` moves that many rungs from the
    section's own (a phrase developing the figure: composer.arrange.phrasing)."""
    if palette.texture is None:
        return None
    mood = {"tense": "anxiety", "joy": "play"}.get(mood, mood)
    if mood not in TEXTURE_LADDERS or (arousal < AROUSED and mood in (
            "play", "romp", "triumph", "noble", "heroic", "anxiety", "storm")):
        mood = "calm"
    ladder = COMPOUND_LADDERS.get(mood, TEXTURE_LADDERS[mood]) if meter.compound else TEXTURE_LADDERS[mood]
    rung = ladder[max(0, min(len(ladder) - 1, _rung(intensity, role, len(ladder) - 1) + step))]
    program = palette.texture.program
    if rung == ROCKING:
        rung = "barcarolle" if idiom(program).articulation in RINGING_ARTICULATIONS else "siciliano"
    for name in (rung, palette.texture_pattern, FALLBACK_PATTERN, "pad"):
        name = palette.texture_pattern if name == SETTING else name
        if _fits(name, meter, program):
            return name
    return FALLBACK_PATTERN


# An interlude is where the accompaniment carries the music (composer.form: the melody rests there),
# so its figure holds the ear as a tune would: a broken chord or an arpeggio rising and falling (the
# piano's interludes between the verses of Schubert's songs, a guitar's between a folk song's), over a
# bass that moves. Held chords and strums alone are bare there (a composer's reading of held-out 79's
# interlude). The first of these figures the metre and the texture instrument allow, by the
# section's arousal: still music rolls its arpeggio (the barcarolle's in a compound metre), aroused
# music breaks the chord in eighths.
INTERLUDE = "interlude"
INTERLUDE_TEXTURES = {False: ("waves", "harp", "broken"), True: ("alberti", "broken")}
COMPOUND_INTERLUDE_TEXTURES = {False: ("barcarolle", "harp", "broken"), True: ("broken", "alberti")}
# ... and a bass that holds, or only strikes root and fifth, walks in quarters through the chord there.
STILL_BASSES = ("sustain", "drone", "root-fifth", "lead")
INTERLUDE_BASS = "bounce"


def interlude_textures(palette: Palette, meter: Meter, arousal: float) -> tuple[str, ...]:
    """The figures an interlude's texture may take here (INTERLUDE_TEXTURES), in order."""
    table = COMPOUND_INTERLUDE_TEXTURES if meter.compound else INTERLUDE_TEXTURES
    program = palette.texture.program if palette.texture is not None else None
    return tuple(n for n in table[arousal >= AROUSED] if _fits(n, meter, program))


def tutti_texture(name: str, meter: Meter, program: int) -> str:
    """The texture at the piece's climax: the fuller of the section's own figure and full chords
    on the pulse (composer.patterns.TUTTI_TEXTURE), where the metre and the instrument allow it
    (a ringing harp stays a harp; sparse glints or off-beat plucks become the chord on the beat)."""
    candidates = [p for p in (name, TUTTI_TEXTURE) if p == name or _fits(p, meter, program)]
    return max(candidates, key=lambda p: fullness(PATTERNS[p], meter.pulses, meter.compound))


def character_of(valence: float, arousal: float, tension: float, intensity: float,
                 palette: Palette, meter: Meter, drums: bool, role: str = "theme",
                 centre: float | None = None) -> Character:
    """The character of a section with this mood and intensity, in this band and metre, playing
    this role in the form, in a piece whose energy is `centre` (None: the piece's own)."""
    feeling = affect(valence, arousal, tension, intensity)
    figures = shade(feeling, arousal, tension, meter.compound and palette.lead.program in PIPES)
    ladder = FIGURES[figures]
    steps = lift(intensity, arousal, centre)
    rung = _rung(intensity, role, len(ladder) - 1)
    harmony, bass = ladder[rung]
    more_harmony, more_bass = ladder[min(rung + 1, len(ladder) - 1)]
    # a pad, a choir, an organ or tremolo strings hold their chords (never re-struck)
    held = idiom(palette.harmony.program).long_only
    texture = texture_for(palette, meter, figures, arousal, intensity, role)
    textures = (texture_for(palette, meter, figures, arousal, intensity, role, -1),
                texture_for(palette, meter, figures, arousal, intensity, role, 1))
    if role == INTERLUDE and texture is not None:
        carrying = interlude_textures(palette, meter, arousal)
        if carrying:
            texture = carrying[0]
            textures = (carrying[1] if len(carrying) > 1 else None, None)
    moving = tuple((b, INTERLUDE_BASS) for b in STILL_BASSES) if role == INTERLUDE else ()
    bass, more_bass = dict(moving).get(bass, bass), dict(moving).get(more_bass, more_bass)
    return Character(
        mood=quadrant(valence, arousal), affect=feeling, valence=valence, arousal=arousal,
        tension=tension, intensity=intensity,
        colour=colour_levels(valence, arousal, tension, intensity),
        harmony="sustain" if held else harmony,
        bass=bass,
        texture=texture,
        drums=palette.drums if drums else None,
        articulation=DETACHED if arousal > DETACH_FROM_AROUSAL else 1.0,
        rubato=RUBATO * max(0.0, -arousal),
        figures=figures,
        continuation=("sustain" if held else more_harmony, more_bass),
        rung=rung,
        held=held,
        textures=textures,
        bass_for=moving,
        lift=steps,
        register=steps,
        activity=round(activity(intensity, arousal, steps), 4),
        topic=topic(figures, arousal, steps, role, activity(intensity, arousal, steps)),
    )


# A piece's accompaniment changes its figure where the form brings new material, and keeps its affect
# (Schoenberg, *Fundamentals*, "The accompaniment": a contrasting section has its own accompaniment
# motive; Karlin & Wright, *On the Track*: a cue's sections change figure, a storm going from tremolo
# to driving chords to stabs while staying a storm). A composer's reading of a furious held-out
# piece heard one string agitato for all 68 bars, because every rung of the storm's ladder strikes
# the same eighths. So where a section's material is not the section before's (another letter: A to
# B, a theme to an interlude or a coda) and its rung would play the Harmony's figure, or the
# Texture's, that the section before played, it plays another figure of its shade instead: one
# the piece has not played yet, the nearest in motion, on the side its intensity moves to, and
# not the one the next section's rung gives it (that stays the next section's own: a climax keeps
# its figure rather than being pushed off it by the contrast before it). A section of the same material as the one
# before (B after B') keeps what that one played; a return (A' after B) brings back its material's
# opening figure where that is not the section before's.
# The Harmony figures each shade may take, least motion first (a held chord, half-bar chords,
# after-beats, the beat, dotted chords, stabs, eighths).
HARMONY_CONTRASTS: dict[str, tuple[str, ...]] = {
    "calm": ("sustain", "half"),
    "tender": ("sustain", "half", "afterbeat"),
    "sad": ("sustain", "half", "pulse"),
    "anguish": ("sustain", "half", "pulse"),
    "play": ("half", "afterbeat", "offbeat"),
    "romp": ("afterbeat", "offbeat", "pulse"),
    "triumph": ("half", "pulse", "fanfare"),
    "noble": ("sustain", "half", "pulse"),
    "heroic": ("half", "pulse", "fanfare"),
    "pastoral": ("sustain", "half", "afterbeat"),
    # anxiety: held chords (the thinning before the return), stabs, the agitato
    "anxiety": ("half", "stabs", "agitato"),
    # a storm: 3 + 3 + 2 stabs, chords driven on every beat, the eighths' agitato
    "storm": ("stabs", "pulse", "agitato"),
}
# The Texture figures a shade may take besides its own ladder's (TEXTURE_LADDERS), ordered with them
# by how full they sound (composer.patterns.fullness): a storm's or a hero's strings tremble in a
# measured tremolo or hammer chords; the still shades break the chord.
TEXTURE_CONTRASTS: dict[str, tuple[str, ...]] = {
    "storm": ("tremolo", "block"), "heroic": ("tremolo", "block"), "anguish": ("tremolo",),
    "anxiety": ("repeated",), "calm": ("broken",), "tender": ("broken",), "sad": ("broken",),
    "noble": ("block",), "pastoral": ("broken",), "play": ("plucks",), "romp": ("strum",),
    "triumph": ("broken",),
}


def _motion(name: str, meter: Meter) -> float:
    return fullness(PATTERNS[name], meter.pulses, meter.compound)


def _other(options: list[str], own: str, avoid: set[str], heard: set[str], rising: bool, order) -> str | None:
    """The option nearest `own` in motion (`order`), not in `avoid`: one the piece has not `heard`
    yet first (new material, a new figure), then on the side `rising` says; None where there is none."""
    rank = {o: order(o) for o in options}
    mine = order(own)
    open_ = [o for o in options if o not in avoid and o != own]
    return min(open_, key=lambda o: (o in heard, (rank[o] >= mine) != rising, abs(rank[o] - mine),
                                     options.index(o))) if open_ else None


def _textures(c: Character, palette: Palette, meter: Meter) -> list[str]:
    """The Texture figures a section of this character may take, where its metre and instrument
    allow them: its ladder's and TEXTURE_CONTRASTS's."""
    ladder = (COMPOUND_LADDERS.get(c.figures) if meter.compound else None) or TEXTURE_LADDERS.get(c.figures, ())
    program = palette.texture.program if palette.texture is not None else None
    names = []
    for name in tuple(ladder) + TEXTURE_CONTRASTS.get(c.figures, ()):
        name = palette.texture_pattern if name == SETTING else name
        if name == ROCKING:
            name = "barcarolle" if program is not None and idiom(program).articulation in RINGING_ARTICULATIONS \
                else "siciliano"
        if name not in names and _fits(name, meter, program):
            names.append(name)
    return names


def _swap(c: Character, harmony: dict[str, str], texture: dict[str, str]) -> Character:
    """`c` playing `harmony`'s and `texture`'s figures in place of its ladder's."""
    harmony = {k: v for k, v in harmony.items() if k != v}
    texture = {k: v for k, v in texture.items() if k != v}
    if not harmony and not texture:
        return c
    return dataclasses.replace(
        c, harmony=harmony.get(c.harmony, c.harmony),
        continuation=(harmony.get(c.continuation[0], c.continuation[0]), c.continuation[1]),
        texture=texture.get(c.texture, c.texture) if c.texture is not None else None,
        textures=tuple(texture.get(t, t) if t is not None else None for t in c.textures),
        harmony_for=tuple(sorted(harmony.items())), texture_for=tuple(sorted(texture.items())))


def _own(c: Character | None, part: str) -> set[str]:
    """The figure a section's rung gives the part (before any contrast), as a set; none for None."""
    return set() if c is None else {getattr(c, part)} - {None}


def contrasted(characters: list[Character], families: list[str], palette: Palette,
               meter: Meter, ostinato: bool = False, roles: list[str] | None = None) -> list[Character]:
    """The sections' characters with their figures changed where new material would repeat the
    section before's (HARMONY_CONTRASTS above); `families` each section's material (its form
    letter without its returns' marks). In an ostinato form (`ostinato`) the Texture keeps its
    figure: its repetition is the form (Ravel's Boléro). `roles` each section's role in the form: an
    interlude's texture changes only to another figure that carries the music (INTERLUDE_TEXTURES)."""
    out: list[Character] = []
    opening: dict[str, Character] = {}
    heard: set[str] = set()  # the figures the piece has played so far
    for i, (c, family) in enumerate(zip(characters, families)):
        if i:
            heard |= {out[-1].harmony, out[-1].texture or ""}
        if i == 0:
            out.append(c)
            opening[family] = c
            continue
        before = out[-1]
        if family == families[i - 1]:  # the same material goes on as it went
            c = _swap(c, dict(before.harmony_for), dict(before.texture_for))
            out.append(c)
            continue
        rising = c.intensity >= before.intensity
        # ... nor the figure the section after states for itself (its own stays its own)
        following = characters[i + 1] if i + 1 < len(characters) and families[i + 1] != family else None
        # a return brings its opening figure back where it must change (it is not the one before's)
        first = opening.get(family)
        first = first if first is not None and first.figures == c.figures else None
        harmony = c.harmony
        options = HARMONY_CONTRASTS.get(c.figures, ())
        if not c.held and harmony == before.harmony and harmony in options:
            avoid = {before.harmony} | (set(BEAT_LEFT) if c.bass in HELD_BASSES else set())
            if first is not None and first.harmony not in avoid:
                harmony = first.harmony
            else:
                harmony = (_other(list(options), harmony, avoid | _own(following, "harmony"), heard, rising,
                                  options.index)
                           or _other(list(options), harmony, avoid, heard, rising, options.index) or harmony)
        texture = c.texture
        if texture is not None and texture == before.texture and not ostinato:
            names = (list(interlude_textures(palette, meter, c.arousal)) if roles and roles[i] == INTERLUDE
                     else _textures(c, palette, meter))
            if first is not None and first.texture != before.texture and first.texture in names:
                texture = first.texture
            elif texture in names:
                for avoid in ({before.texture} | _own(following, "texture"), {before.texture}):
                    other = _other(names, texture, avoid, heard, rising, lambda n: _motion(n, meter))
                    if other is not None:
                        texture = other
                        break
        c = _swap(c, {c.harmony: harmony}, {c.texture: texture} if c.texture is not None else {})
        out.append(c)
        opening.setdefault(family, c)
    return out
