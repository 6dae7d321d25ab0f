"""Accompaniment patterns as data.

A pattern is a figure over a grid of `steps` per felt pulse: each step names the chord tones it
strikes, counted upward through the chord's tones in the part's register (0 = the lowest), or
nothing (a rest). The figure loops across the chord's span and restarts at each chord change, so
every pattern fits any meter and any chord under it. `hold` is how much of the time to the next
onset a note keeps (1.0 legato; 0.5 detached; rolled textures ring over the bar with `ring`).
"""

from __future__ import annotations

from dataclasses import dataclass

R = ()  # a rest step
# Rests after a held figure's one stroke: the figure restarts at each chord change, so a chord
# (at most a bar of four pulses) is struck once and rings through (a pad holds, never re-struck).
HELD = (R,) * 15


@dataclass(frozen=True)
class Pattern:
    name: str
    steps: int  # grid steps per felt pulse (2: eighths in 4/4, 3: eighths in 6/8 ...)
    figure: tuple[tuple[int, ...], ...]
    hold: float  # share of the gap to the next onset that a note sounds
    ring: bool = False  # notes ring until the chord changes (sustained arpeggio, like a pedalled harp)
    pedal: bool = False  # the figure sounds the key's tonic, not the chord (a pedal point)
    pulses: tuple[int, ...] = ()  # pulses per bar the figure is made for; () fits any meter
    description: str = ""
    once: bool = False  # struck once per chord and held through it (a pad holds, never re-struck)
    # a wave (its figure rises through five tones and falls back) that one hand rolls: on a
    # keyboard it lies in the left hand's compass under middle C (HAND_TOP, HAND_REACH) and rises
    # and falls through the tones the hand holds there (wave_index); the pedal, not the written
    # length, lets it ring
    hand: bool = False
    # a measured tremolo: the chord re-struck in sixteenths, which a bow gives (the storm's strings),
    # where a keyboard's or a guitar's repeated chords that fast would only rattle
    tremolo: bool = False
    # The figure in a compound metre, where the simple one's grid would halve the dotted pulse (a
    # duplet): its steps are the compound pulse's sixteenths (six) where the figure's are a simple
    # beat's (four), as a figure in eighths runs three to the dotted pulse (steps_in).
    # () keeps the figure, looped on that grid.
    compound: tuple[tuple[int, ...], ...] = ()

    def steps_in(self, compound: bool) -> int:
        """Grid steps per pulse in a metre: a figure written in eighths (2 per beat) runs in
        eighths in a compound metre too, where the dotted-quarter pulse holds three, and one in
        sixteenths (4) in its sixteenths (6): at its own count it would halve the dotted pulse
        (a duplet)."""
        return self.steps * 3 // 2 if compound and self.steps in (2, 4) else self.steps

    def figure_in(self, compound: bool) -> tuple[tuple[int, ...], ...]:
        """The figure the pattern plays in a metre (`compound` in a compound one)."""
        return self.compound if compound and self.compound else self.figure

    @property
    def touch(self) -> str:
        """What the figure asks of an instrument: "held" (one sound through the chord), "ringing"
        (struck notes left to ring), "legato" or "detached" (composer.theory.instruments says
        which an instrument can give: TOUCHES)."""
        if self.tremolo:
            return "tremolo"
        if self.once:
            return "held"
        if self.ring:
            return "ringing"
        return "legato" if self.hold >= 0.9 else "detached"


PATTERNS: dict[str, Pattern] = {p.name: p for p in (
    # Slow rolling arpeggio up and back, ringing: waves breaking on a beach.
    Pattern("waves", 2, ((0,), (1,), (2,), (3,), (4,), (3,), (2,), (1,)), 1.0, ring=True, hand=True,
            description="rolling arpeggio up and down, ringing like waves"),
    # Soft repeated high plucks, detached: rain on a roof.
    Pattern("plucks", 2, ((2,), (3,), (2,), (4,)), 0.4,
            description="soft repeated detached plucks, like rain"),
    # The whole chord held: organ, choir, strings in a large space.
    Pattern("pad", 1, ((0, 1, 2, 3),) + HELD, 1.0, ring=True, once=True,
            description="sustained chord"),
    # Classical keyboard accompaniment: low, high, middle, high.
    Pattern("alberti", 2, ((0,), (2,), (1,), (2,)), 0.9,
            description="Alberti bass: low-high-middle-high"),
    # The chord re-struck on every pulse.
    Pattern("block", 1, ((0, 1, 2),), 0.8,
            description="block chords on every beat"),
    # Oom-pah-pah: a low tone on the downbeat, the chord on the other beats.
    Pattern("waltz", 1, ((0,), (1, 2, 3), (1, 2, 3)), 0.7, pulses=(3,),
            description="waltz: low tone, then chord, chord"),
    # A fixed four-note cell repeated in eighths: minimalist motion (city, train, highway).
    Pattern("ostinato", 2, ((0,), (2,), (3,), (2,)), 0.6,
            description="repeated four-note cell"),
    # The guitarist's commonest strum over four beats, down, down-up, up-down-up (the upstrokes
    # lighter, on the upper strings): a dance's lilt rather than even eighths.
    Pattern("strum", 2, ((0, 1, 2, 3), R, (0, 1, 2, 3), (1, 2, 3), R, (1, 2, 3), (0, 1, 2, 3), (1, 2, 3)), 0.7,
            description="strummed chords, down, down-up, up-down-up"),
    # Broken chord in eighths: low, middle, high, middle.
    Pattern("broken", 2, ((0,), (1,), (2,), (1,)), 1.0,
            description="broken chord"),
    # A tonic pedal repeated on the pulse under changing harmony: calm or suspense.
    Pattern("pedal", 1, ((0,),), 0.9, pedal=True,
            description="tonic pedal tone on every beat"),
    # Harp-like rolled triplets over the bar, ringing; on a keyboard one hand's wave, as the waves'
    # (a pianist rolls it in the left hand under the tune, not across both).
    Pattern("harp", 3, ((0,), (1,), (2,), (3,), (2,), (1,)), 1.0, ring=True, hand=True,
            description="rolled triplet arpeggio"),
    # Sparse high tones left to ring, every other beat: snow settling, glitter (not rain's
    # steady plucks).
    Pattern("glints", 1, ((4,), R, (3,), R), 1.0, ring=True,
            description="sparse high glints left ringing, like falling snow"),
    # The string agitato: the chord's lower tones repeated in eighths (Beethoven's storm,
    # Rossini's overtures).
    Pattern("repeated", 2, ((0, 1),), 0.85,
            description="repeated-note eighths, a string agitato"),
    # The chord's tones re-struck in sixteenths, bowed: the measured tremolo of a storm's strings
    # (Beethoven's Pastoral storm, Verdi's Otello opening, Rossini's storms), the fullest of its figures.
    Pattern("tremolo", 4, ((0, 1, 2),), 0.95, tremolo=True,
            description="measured tremolo, the chord re-struck in sixteenths by the strings"),
    # Sixteenths circling the chord: the fast string ostinato of a storm or a chase.
    Pattern("ostinato16", 4, ((0,), (2,), (1,), (2,), (3,), (2,), (1,), (2,)), 0.8,
            compound=((0,), (2,), (1,), (2,), (3,), (2,)),  # circling each dotted pulse
            description="sixteenth-note ostinato circling the chord"),
    # Short chords off the beat (the bass takes the beat): light, playful, dancing.
    # In a compound metre the eighth after each pulse, where the Harmony's off-beat grid strikes
    # first: on the pulse's midpoint it made a duplet and a flam a sixteenth after the Harmony's
    # eighth (a composer's reading of held-out 66 in 6/8: guitar and pizzicato a sixteenth apart,
    # one of them late). One chord a pulse, as before: a livelier piece stays the denser.
    Pattern("offbeat", 4, (R, R, (1, 2, 3), R), 0.45,
            compound=(R, R, (1, 2, 3), R, R, R),
            description="short chords off the beat"),
    # Syncopated comping over two beats: on one, on the and of two, on the and of three.
    Pattern("syncopated", 2, ((0, 1, 2), R, R, (1, 2, 3), R, (1, 2, 3), R, R), 0.6,
            description="syncopated comping"),
    # Compound-metre rocking figures for tender music, in eighths (three to a dotted-quarter pulse;
    # in a simple metre they run in triplets). The siciliano's long-short: a quarter and an
    # eighth on each pulse, the chord's lower tones (Bach's and Handel's pastorales, Fauré's
    # Sicilienne).
    Pattern("siciliano", 3, ((0, 1), R, (2,)), 0.95,
            description="siciliano: long-short chords rocking on each pulse"),
    # The barcarolle's left hand: a broken chord rocking up and back over two pulses, ringing
    # (Chopin's and Offenbach's barcarolles, Mendelssohn's Venetian gondola songs).
    Pattern("barcarolle", 3, ((0,), (2,), (3,), (1,), (2,), (3,)), 1.0, ring=True,
            description="barcarolle: a broken chord rocking over two pulses, ringing"),
    # The lullaby's gentle off-beats: the pulse left to the bass, soft chords on the two eighths
    # after it (the cradle's rocking: Brahms's Wiegenlied, Chopin's Berceuse).
    Pattern("lullaby", 3, (R, (1, 2), (1, 2)), 0.9,
            description="lullaby: soft chords on the eighths after each pulse"),
    # Irregular accents, 3 + 3 + 2 eighths, on close chord tones: restless, anxious.
    Pattern("restless", 2, ((0, 1), R, R, (1, 2), R, R, (0, 1), R), 0.55,
            description="irregular 3+3+2 accents on close chord tones, restless"),
)}

# A keyboard's rolling arpeggio is one hand's figure, as a pianist plays it under a tune: the left
# hand's, wholly under middle C (so a grand staff keeps it on one staff rather than tossing its crest
# to the other hand), over at most a tenth (the reach of a hand rolling an arpeggio while the
# pedal holds it: Chopin's nocturnes, the barcarolle's left hand), above the bass's own note.
HAND_TOP = 59  # B3, the highest note under middle C
HAND_REACH = 16  # a major tenth


def wave_index(step: int, tones: int) -> int:
    """The tone (0 the lowest) the `step`-th note of a wave strikes in a hand holding `tones`
    tones: up to the top and back down, again and again (with five tones, the waves' own figure;
    with three or four, the same motion over a shorter compass, never striking its crest twice)."""
    if tones <= 1:
        return 0
    period = 2 * (tones - 1)
    k = step % period
    return k if k < tones else period - k


# What plays when a setting's figure does not fit the meter (a waltz in 4/4): broken chords fit any.
FALLBACK_PATTERN = "broken"

# Where a supporting part strikes inside a chord's span (see composer.arrange.onsets):
# "span" once per chord, "strong" on the downbeat and mid-bar, "beat" on every felt pulse,
# "eighth" on every subdivision, "weak" on the pulses between the strong ones (the after-beats of
# an oom-pah), "and" on the subdivision after each pulse (off the beat), "dotted" long-short on
# each pulse (a march's dotted rhythm: the pulse and its last sixteenth, in a compound metre its
# last eighth), "gallop" the pulse and its two last sixteenths (a galloping rider, the storm's
# drive), "tresillo" 3 + 3 + 2 eighths over every four pulses (irregular accents: anxious; in a
# compound metre both pulses and the last eighth, pushed into the next bar: composer.arrange.GROUP_CELLS),
# "lilt" long-short over two pulses (in a compound metre, in each: the siciliano's rocking).
# "lead" the chord's start and its last pulse (its last eighth in a compound metre and in a bar
# of two pulses, where a pulse is half the bar).
GRIDS = ("span", "strong", "beat", "eighth", "weak", "and", "dotted", "gallop", "tresillo", "lilt", "lead")

# At the piece's climax every part plays its fullest (Karlin & Wright, On the Track: a cue peaks
# in its tutti; Adler: the climax is the full orchestra's): a figure that leaves the pulse to the
# others (after-beats, off-beats, 3 + 3 + 2 stabs) strikes the full chord on every pulse there,
# every note is held to the next stroke where the instrument can hold it, and the texture plays
# the fuller of its own figure and full chords on the pulse (TUTTI_TEXTURE).
TUTTI_GRIDS = {"weak": "beat", "and": "beat", "tresillo": "beat"}
TUTTI_HOLD = 1.0
TUTTI_TEXTURE = "block"
# The tutti by degrees, lightest first: every part joins (the texture and the counter-line sound in
# that bar whatever the intensity, the timpani roll), then notes are held to the next stroke, then
# the after-beat, off-beat and 3 + 3 + 2 figures strike on every pulse, then the texture plays full
# chords. A climax is heard against the music around it: it takes the fewest steps that make its
# bar the fullest of the piece by TUTTI_MARGIN, so a quiet piece peaks in proportion to itself
# (issue 12's reading: a kitchen scene's climax bar, all four steps taken, came out twice as full
# as any other bar, heavy-handed), and a piece whose other bars are full takes them all.
JOIN, HOLD, FILL, FULL_TEXTURE = range(1, 5)
TUTTI_STEPS = (JOIN, HOLD, FILL, FULL_TEXTURE)
TUTTI_MARGIN = 0.05


def fullness(pattern: Pattern, pulses: int, compound: bool) -> float:
    """How much a figure sounds over one chord of `pulses` pulses, in a simple or a `compound`
    metre (Pattern.steps_in, figure_in): tones times the share of the chord each sounds (held at
    least TUTTI_HOLD where it is not rung), the measure of "fullest" the climax takes its texture
    by."""
    total = pattern.steps_in(compound) * pulses
    figure = pattern.figure_in(compound)
    struck = [i for i in range(total) if figure[i % len(figure)]]
    if pattern.once:
        struck = struck[:1]
    out = 0.0
    for i, nxt in zip(struck, struck[1:] + [total]):
        tones = len(figure[i % len(figure)])
        length = total - i if pattern.ring or pattern.once else (nxt - i) * max(pattern.hold, TUTTI_HOLD)
        out += tones * length / total
    return out


# How the bass plays each style (which style a section takes is the plan's decision:
# composer.character). Name -> (grid, tones cycled per strike, hold). Tones: 0 the chord's bass
# note, 1 the fifth above the root, 2 the bass note an octave up.
BASS_STYLES: dict[str, tuple[str, tuple[int, ...], float]] = {
    "sustain": ("span", (0,), 1.0),
    "root-fifth": ("strong", (0, 1), 0.95),
    "pulse": ("eighth", (0, 0, 2, 0), 0.6),
    # quarter notes walking between root, fifth and octave: a dance's bounce (play, tenderness moving)
    "bounce": ("beat", (0, 1, 2, 1), 0.55),
    # the march's dotted rhythm, root then fifth (triumph: Elgar, Walton's ceremonial marches)
    "dotted": ("dotted", (0, 1), 0.8),
    # octaves leaping in eighths (the storm's bass: Rossini's and Verdi's storms)
    "octaves": ("eighth", (0, 2), 0.55),
    # a galloping repeated note (Schubert's Erlkönig, Rossini's William Tell): driven, fearful
    "gallop": ("gallop", (0, 0, 0), 0.6),
    # long-short, root then fifth: a barcarolle's or a siciliano's rocking (tenderness moving)
    "lilt": ("lilt", (0, 1), 0.95),
    # 3 + 3 + 2 on root, fifth, octave: off-balance accents (anxiety)
    "tresillo": ("tresillo", (0, 1, 2), 0.8),
    # the pastorale's drone: the key's tonic and its fifth together, held through the phrase
    # under the chords that keep the tonic (the shepherds' bagpipes and shawms of Corelli's Christmas
    # Concerto, Handel's "Pifa", Bach's Christmas Oratorio sinfonia, Beethoven's Pastoral);
    # composer.arrange plays it (DRONE)
    "drone": ("span", (0,), 1.0),
    # a broken chord in eighths, root, fifth, octave, fifth, legato: the cellist's and the
    # pianist's left hand arpeggiating the chord under a tune (Alberti's and Schubert's broken
    # basses): motion without the ostinato's hammering of one note
    "broken": ("eighth", (0, 1, 2, 1), 0.95),
    # the chord's bass held, then the fifth (or a passing tone: composer.arrange) on its last
    # pulse leading on to the next chord: the sustained bass that moves only to lead (the
    # continuo's and the hymn's half note and quarter, Bach's chorale basses)
    "lead": ("lead", (0, 1), 0.95),
}
DRONE = "drone"

# The bass's figure is chosen per phrase, as a composer varies the accompaniment's figure from
# phrase to phrase (Schoenberg, *Fundamentals*, "The accompaniment"; Piston, *Harmony*: a bass
# line, not a bass pattern): each phrase takes its rung's figure or the figure of a rung either
# side of it on its section's ladder (the same affect; the section's own rung the likeliest, so
# arousal, intensity and the section's role still set the motion, and the climax's phrase keeps
# its own, the fullest), never the figure of the phrase before where another is open.
# The weight of a phrase's own rung, and of each rung beside it.
BASS_OWN, BASS_NEAR = 3.0, 1.5
# An ostinato (one driving figure hammered bar after bar) belongs to an ostinato form, a build or
# the climax, where its sameness is the point (Ravel's Boléro; Karlin & Wright, *On the Track*: a
# cue builds over a repeated figure, and lets it go when the cue moves on); elsewhere a phrase
# after one that hammered it gives way to a held, striding or broken figure (these, weighted),
# so the ostinato comes and goes across the sections instead of running through them.
OSTINATO_BASSES = ("pulse", "octaves", "gallop")
OSTINATO_ROLES = ("build", "climax")
OSTINATO_FORM = "ostinato"
# The Texture's ostinati (a cell or a note hammered in eighths or sixteenths): outside where an
# ostinato belongs, a phrase after one that played it gives way to the figure a rung under it
# (or where that is an ostinato too, to broken chords, else to chords on the beat: the first of
# these the instrument can play).
OSTINATO_TEXTURES = ("ostinato", "ostinato16", "repeated", "tremolo")
RELIEF_TEXTURES = ("broken", "block")
BASS_RELIEF = (("root-fifth", 2.0), ("lead", 1.0), ("broken", 1.0))
# ... and in a phrase's continuation, which still moves more than its presentation: quarters
# striding through the chord, or broken chords.
CONTINUATION_RELIEF = (("bounce", 2.0), ("broken", 1.0))
# Figures of like motion in another rhythm, no denser, that a phrase may take for its own (a
# phrase's continuation too, for the ladder's next rung): the same affect said another way.
BASS_SIBLINGS: dict[str, tuple[str, ...]] = {
    "root-fifth": ("lead",),
    "lilt": ("root-fifth", "lead"),
    "bounce": ("lilt", "lead"),
    "dotted": ("lilt", "root-fifth"),
    "tresillo": ("root-fifth", "lead"),
}
BASS_SIBLING = 1.5
# Figures that leave the strong beats to the bass: under them the bass must strike the beat (an
# oom-pah without its oom is no dance), so a held bass is no choice there.
BEAT_LEFT = ("afterbeat", "offbeat")
HELD_BASSES = ("sustain", "drone")

# How the Harmony part (the block voicings) plays each style: name -> (grid, hold).
HARMONY_STYLES: dict[str, tuple[str, float]] = {
    "sustain": ("span", 1.0),
    "half": ("strong", 0.95),
    "pulse": ("beat", 0.8),
    # short chords on the after-beats, the bass taking the strong ones (oom-pah: play)
    "afterbeat": ("weak", 0.45),
    # short chords off the beat (the bass on it): light, dancing
    "offbeat": ("and", 0.4),
    # dotted chords, a fanfare's rhythm (triumph)
    "fanfare": ("dotted", 0.75),
    # repeated eighths, the string agitato (a storm)
    "agitato": ("eighth", 0.7),
    # 3 + 3 + 2 stabs, irregular accents (anxiety)
    "stabs": ("tresillo", 0.5),
}
