"""The frame every phrase of the melody is written in: the tune's comfortable window, the usual
ceiling its phrases stay under, and the piece's one climax above it.

Why (composition-craft.md; Schoenberg, "Fundamentals of Musical Composition"): a melody saves its
highest note for one place, the climax of the whole piece, clearly above the register it usually
moves in, and descends and releases after it. The plan says where the piece peaks (its intensity
curve, highest about two thirds in); the melody puts its summit there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from composer.melody.fit import Harmony, degree_pitch, local_scale
from composer.melody.phrase import periods
from composer.form import ACCOMPANIMENT_ONLY
from composer.plan import CLIMAX_AT, RANGES, Phrase, Plan, Section
from composer.scene.model import names_climax
from composer.theory.agreement import scale_step
from composer.theory.instruments import idiom

# Range of the tune in scale steps below its summit, by mood quadrant (emotion-rules.md: happiness
# wide, sadness and tenderness narrow); arousal adds up to a step either way. Essen tunes span 7-17
# semitones (musicality-targets.md), i.e. about 5-10 scale steps, the summit included.
WIDTH = {"sad": 8, "tender": 8, "tense": 9, "joy": 10}
# The lowest step: the sixth below the tonic (folk tunes commonly reach down to the dominant; the
# summit above the window takes the range the tune would otherwise spend below, and Essen tunes
# span 7-17 semitones in all, musicality-targets.md).
BOTTOM = -2
# Semitones of register the window would rather miss than start a step further from BOTTOM.
BOTTOM_COST = 2
# Where the tune sits inside the lead instrument's range (0 bottom .. 1 top): register rises with
# arousal (emotion-rules.md, "Arousal").
REGISTER = 0.35
REGISTER_PER_AROUSAL = 0.3
# Semitones under the top of the window that every phrase but the climax's stays at or below.
CEILING_BELOW_TOP = 1
# How far the piece's highest note stands over that usual ceiling, at least: a summit a listener
# hears as one (the measure: a climax 3-5 semitones over the rest is heard as none).
CLIMAX_MARGIN = 5
# After the climax the line releases: later phrases keep this many semitones under the ceiling.
RELEASE = 1
# The usual high point of a phrase's arc, in scale steps over the tonic (melody.phrase.SHAPES peak
# at 3 to 7; most at 4 or 5).
ARC_TOP = 4
# ... with a step to spare under the ceiling, for the figures that turn around it.
ARC_ROOM = 2
# How far (semitones) the tune's window may reach below the top of the Harmony part's range.
ABOVE_HARMONY = 4
# How far (semitones) a lead's window may reach under its home register (the melody role's range
# inside its instrument) where the instrument tops out under the role's range (Frame.of), a
# summit's push included: a fourth, which keeps a cello (home Eb4-E4) in its singing register
# (A3-A4 and a little beyond) and a horn (home F4) in its best (F3-C5) (Adler; composition-craft.md).
HOME_REACH = 5
# How far (semitones) the window may move down to leave the summit room above it.
HEADROOM_SHIFT = 4
# The comfortable window never shrinks below this many semitones under its ceiling.
NARROWEST = 9
# A section's register (its moment's energy, character.lift, placed by the form: character.register,
# composer.form.registers; in scale steps) moves
# its band by this many semitones a step: an intense section's floor and ceiling both come up (a
# furious moment is sung higher as a whole, its arcs' tops included, and its band no narrower), a
# quiet one's floor comes down toward the accompaniment's top (the whole tune kept within WIDEST)
# and its ceiling to NARROWEST over that (lower and narrower), as register rises with arousal
# (emotion-rules.md; Gabrielsson & Lindström). A composer's reading found a storm's "furious"
# lightning topping out at F5, under the ceiling every section shared.
ENERGY_BAND = 2
# The summit is chosen to stand CLIMAX_MARGIN over the most lifted section's ceiling where the lead's
# range has room. Where it has not, what comes before the summit keeps the margin under it (nothing
# pre-empts the height the piece builds to), and a lifted section after it may come back up to
# SUMMIT_CLEAR under it (a later, more furious moment: the piece's one climax is still its highest
# note, and was heard first).
SUMMIT_CLEAR = 2
# The whole tune, summit included, spans at most this many semitones: a folk tune's widest (Essen's
# 95th percentile is 17, musicality-targets.md) plus the climax's extra height. Where the summit
# stands high, the window's floor comes up instead: the climax is kept, the rest tamed.
WIDEST = 19
# A section sings its answering periods (the second, the fourth ...) this many semitones higher,
# floor and ceiling, as far as the summit's margin leaves room: a statement answered a third
# higher (the sequence of periods; Caplin, *Classical Form*: a consequent or a later period
# intensifies). Fitted each to one band, a section's phrases sat on one floor phrase after phrase
# (over held-out 1-30 at seed 1, 116 of 259 arcs pressed to their band's floor, 113 to its
# ceiling, where a phrase's planned arc spans 6.7 scale steps and its band 5.9), and a composer's
# reading heard sections of 16-28 bars stuck in one place (h59's A4 on Bb5, h32's memory in
# A#4-F#5). Four-bar groups held in place (composer.evaluate.craft.held_in_place) over held-out
# 1-30 at seeds 1-2: 0.41 -> 0.36 lifted in quiet sections of three periods or more; 0.31 in
# every section of two or more, a return's answer as its theme's (left low, the generated set's
# repeated four-note patterns fell to 0.197, under their 0.2). Raising the ceiling alone (the
# tune allowed higher, not moved) took them to 0.38; lowering the statements instead sank tunes
# under the chords, narrowing them made the line turn and swing, and where the summit leaves a
# lifted section no room, lowering its statements sang "the height of it" under its memory
# (tests/melody/test_register.py; its answers go down instead: PERIOD_DOWN). Not in a built
# form on its way to the climax, whose sections climb rung by rung (held-out 57's theme and
# first build would have reached the second build's height). A lifted phrase's closing tonic
# may come home under its floor (melody.place_cadence).
PERIOD_LIFT = 4
# Where the summit leaves an answering period less than a minor third (3 semitones) to rise, it
# answers a third lower instead, a sequence down (Frame.lowered), as far as the room under its
# floor allows: left in place, a section at the top of the window sang every period on one
# ceiling (kitchen's chase on C6-D6 in almost every bar, h40's horn on B3-G#4 for 22 bars).
# Not a moment named for the piece's height, which stays up (tests/melody/test_register.py);
# and a minor third at least, or not at all: a band moved a tone is no sequence (a composer's
# reading). Four-bar groups held in place (examples x seeds 1-3 / held-out 1-30 x seeds 1-2):
# 0.42 / 0.31 -> 0.39 / 0.29 with this alone. A composer's reading hears it in a calm section
# as a dip before the climb, in an intense one as a sag (storm at seed 2, bars 49-56).
PERIOD_DOWN = 3
# A long section's growth (composer.form.GROWTH) that lifts its highest group's ceiling less than
# this over its first's (the summit caps it) is not heard as growth: 2 semitones is a tone, the
# span a listener still hears as one place (composer.evaluate.craft.HELD_WITHIN). Its periods
# then answer as any section's do (Frame.answers), up or down: capped, cathedral's 24-bar opening
# sang its groups to G5, A5 and Bb5 over one floor. Held in place with both rules: 0.35 / 0.28.
GROWTH_HEARD = 3


@dataclass(frozen=True)
class Climax:
    phrase: Phrase
    bar: int  # the bar whose downbeat holds the piece's highest note
    pitch: int


@dataclass(frozen=True)
class Frame:
    plan: Plan
    harmony: Harmony
    tonic: int  # the home tonic's pitch inside the window (degree 0)
    low: int  # the window: where the tune lives
    high: int
    ceiling: int  # the usual top: phrases other than the climax's stay at or below it
    floor: int  # the lead instrument's range: a hard limit
    top: int
    climax: Climax
    margin: int  # how far the summit stands over the usual ceiling, at least
    bottom: int  # the lowest a quiet section may sing: the accompaniment's top, or the floor

    @property
    def meter(self):
        return self.plan.meter

    @property
    def bar(self) -> int:
        return self.plan.meter.bar_ticks

    @property
    def arc_shift(self) -> int:
        """Scale steps the phrases' arcs move down so that their usual high point (ARC_TOP steps
        over the tonic) sits a step under the ceiling: a window that the register and the summit
        have pushed down around its tonic gets its arcs lowered with it, rather than every
        phrase pressed flat against the ceiling (a tune between the dominant below and the one
        above, as plagal folk tunes move)."""
        span = self.harmony.spans[0]
        for shift in range(0, -8, -1):
            if degree_pitch(ARC_TOP + shift, span, self.tonic) <= self.ceiling - ARC_ROOM:
                return shift
        return -7

    def band(self, phrase: Phrase) -> tuple[int, int]:
        """(lowest, ceiling) of one phrase: the climax phrase may rise to its summit; phrases
        after it release (RELEASE); a section's energy moves its band (ENERGY_BAND), an intense
        one's floor and ceiling up, a quiet one's floor down toward the accompaniment's top and
        its ceiling down to NARROWEST over that. A phrase group that rises as its section grows
        (composer.form.GROWTH) has its ceiling a tone of the section's scale a whole tone or more
        over the first group's highest for each step it rises: ENERGY_BAND semitones a step fell
        between two tones where the scale has a half step (the storm's first drops rose from B4
        to C5 at seeds 1-3, C5 in every phrase at seed 3). An answering period (answers) sings
        a third higher where the summit leaves room, else a third lower (lowered)."""
        low, ceiling = self._grown(phrase)
        if not self.answers(phrase):
            return low, ceiling
        down = self.lowered(phrase)
        if down:
            return low - down, ceiling - down
        # the answering period a third higher (PERIOD_LIFT), as far as the summit's margin
        # leaves room; its floor too (in a lifted section, as far as its ceiling rose: its
        # floor already stands over the piece's), the band no narrower than NARROWEST
        up = self.room_above(ceiling)
        lifted = self.plan.section_at(phrase.start_bar).character.register > 0
        return max(low, min(low + (up if lifted else PERIOD_LIFT), ceiling + up - NARROWEST)), \
            ceiling + up

    def room_above(self, ceiling: int) -> int:
        """How far (semitones, up to PERIOD_LIFT) a band's ceiling may rise under the summit's
        margin."""
        return max(0, min(PERIOD_LIFT, self.climax.pitch - self.margin - ceiling))

    def lowered(self, phrase: Phrase) -> int:
        """Semitones an answering period sings lower where the summit leaves it no room for a
        third above (PERIOD_DOWN): PERIOD_LIFT, or as far as the room under its floor allows, a
        minor third at least (a band moved a tone or a semitone is no sequence: a composer's
        reading); 0 where it has the room above, and in a moment named for the piece's height,
        which stays up."""
        low, ceiling = self._grown(phrase)
        if not self.answers(phrase) or self.room_above(ceiling) >= PERIOD_DOWN or \
                names_climax(self.plan.section_at(phrase.start_bar).name):
            return 0
        down = min(PERIOD_LIFT, low - max(self.bottom, self.deepest))
        return down if down >= PERIOD_DOWN else 0

    def _grown(self, phrase: Phrase) -> tuple[int, int]:
        """band, before an answering period moves it."""
        rise = self.plan.rise_at(phrase.start_bar)
        low, ceiling = self._band(phrase, rise)
        if rise > 0 and phrase != self.climax.phrase:
            scale = self.plan.section_at(phrase.start_bar).key.scale
            step = scale_step(scale, self._band(phrase, 0)[1] + 1, -1)
            for _ in range(rise):  # a tone of the scale a whole tone or more above
                step = scale_step(scale, step + 1, 1)
            # growth stays under the summit by its margin (a lifted section after the summit
            # may still come back up to SUMMIT_CLEAR under it by its energy, as _band has it)
            ceiling = max(ceiling, min(step, self.climax.pitch - self.margin))
        return low, ceiling

    def heard_growth(self, section: Section) -> bool:
        """Does a growing section's highest phrase group sing its ceiling GROWTH_HEARD or more
        over its first group's?"""
        tops = [(self.plan.rise_at(p.start_bar), self._grown(p)[1]) for p in section.phrases
                if p != self.climax.phrase]
        first = [ceiling for rise, ceiling in tops if rise == 0]
        return bool(first) and max(c for _, c in tops) - max(first) >= GROWTH_HEARD

    def answers(self, phrase: Phrase) -> bool:
        """Does the phrase sing its band elsewhere as an answering period of its section
        (phrase.periods: the second, the fourth ...), a third higher or lower (band, lowered)?
        Not on a built form's climb, not the climax's phrase, and not a risen group of a section
        whose growth is heard (heard_growth), which rises by its growth instead."""
        i, k = self.plan.place_at(phrase.start_bar)
        if phrase == self.climax.phrase or (self.plan.rise_at(phrase.start_bar) > 0 and
                                            self.heard_growth(self.plan.sections[i])):
            return False
        section = self.plan.sections[i]
        counted = periods([p.role for p in section.phrases])
        # a built form's sections climb from one to the next to the climax (the ladder,
        # composer.form): there an answer a third higher would stand on the next rung
        built = any(s.role == "build" for s in self.plan.sections) and \
            phrase.start_bar < self.climax.phrase.start_bar
        return not built and counted[k] % 2 == 1

    def _band(self, phrase: Phrase, rise: int) -> tuple[int, int]:
        """band, its phrase group risen `rise` steps (in ENERGY_BAND semitones)."""
        ceiling = self.ceiling
        if phrase.start_bar > self.climax.phrase.start_bar:
            ceiling = max(self.low + NARROWEST, ceiling - RELEASE)
        section = self.plan.section_at(phrase.start_bar)
        # the section's register, and the rise of the phrase's group where a long section grows
        # toward its own high point (composer.form.GROWTH)
        lift = section.character.register + rise
        low = self.low
        climax = phrase == self.climax.phrase
        later = section.start_bar > self.climax.phrase.start_bar
        # A quiet section's band is narrow, but its growing phrase groups reach higher over its
        # floor (they climb to the section's own high point, as a lifted one's do); a lifted
        # section's floor comes up with its group's rise no further than leaves it as wide: where
        # the summit caps its ceiling, the floor alone rose, and its phrases sang in a narrower
        # band as the section grew (8-bar windows' span over held-out 1-30 x seeds 1-2: 10.5 ->
        # 10.7 semitones with this; Essen's folk tunes 11.4).
        narrowest = NARROWEST + ENERGY_BAND * rise
        if lift < 0:
            low = max(min(self.bottom, low), low + ENERGY_BAND * lift, self.climax.pitch - WIDEST)
            if not climax:
                ceiling = max(min(ceiling, low + narrowest), ceiling + ENERGY_BAND * lift)
        elif lift > 0 and not climax:
            clear = SUMMIT_CLEAR if later else self.margin
            ceiling = max(ceiling, min(ceiling + ENERGY_BAND * lift, self.climax.pitch - clear))
        if not climax and (not later or lift <= 0):
            # On the way up to the summit, a section stands under the highest one's ceiling by its
            # steps (climb): where the summit leaves no room above, the lower ones come down
            # rather than all pressing against one ceiling, sharing what room there is. After the
            # summit a section at or under the piece's register (a return, a release, a coda)
            # stands on the same ladder, so that a return sits where its theme sat and a coda
            # under the opening; a lifted one may come back up (SUMMIT_CLEAR).
            cap = self.climax.pitch - self.margin
            lowest, highest = self.climb
            step = min(ENERGY_BAND, (cap - self.low - NARROWEST) / max(1, highest - lowest))
            ceiling = min(ceiling, max(low + narrowest, cap - round(step * (highest - lift))))
        if lift > 0:
            low = max(low, min(low + ENERGY_BAND * lift, ceiling - narrowest))
        return low, ceiling

    @cached_property
    def climb(self) -> tuple[int, int]:
        """The lowest register (scale steps, character.register) of the sung sections, and the
        highest of those up to the climax's, whose band touches the ceiling under the summit."""
        start = self.climax.phrase.start_bar
        sung = [s.character.register for s in self.plan.sections
                if s.role not in ACCOMPANIMENT_ONLY]
        before = [s.character.register for s in self.plan.sections
                  if s.start_bar <= start and s.role not in ACCOMPANIMENT_ONLY] or [0]
        return min(sung + before), max(before)

    def ceiling_for(self, phrase: Phrase) -> int:
        """The highest the phrase sings, its summit aside (band)."""
        return self.band(phrase)[1]

    @property
    def crest(self) -> int:
        """The highest any phrase but the climax's may sing: the most lifted section's ceiling."""
        return max([self.ceiling] + [self.ceiling_for(p) for p in self.plan.phrases])

    @property
    def deepest(self) -> int:
        """The lowest a run may reach: the instrument's floor, and within WIDEST of the summit."""
        return max(self.floor, self.climax.pitch - WIDEST)

    def for_phrase(self, phrase: Phrase) -> Frame:
        """The frame one phrase is written in: its section's floor (band)."""
        low = self.band(phrase)[0]
        return self if low == self.low else replace(self, low=low)

    @classmethod
    def of(cls, plan: Plan, harmony: Harmony) -> Frame:
        part = plan.part("Melody")
        floor, top = (part.low, part.high) if part else RANGES["Melody"]
        # A lead whose instrument tops out under the melody role's range (a cello's E5, a horn's
        # F5) was given only the top of it, its role's floor (`home`): its tune may reach down
        # from there into the instrument's own range, WIDEST under its top, so that it is as wide
        # as another lead's; the accompaniment gives way where it sings (composer.arrange keeps
        # the chords a tone under the tune). Its register is still chosen from its home, and its
        # window, a summit's push included, reaches HOME_REACH under it (further down, the
        # room is only for notes folded into range): a horn whose window took the whole room
        # sang a triumph's ridge in Bb3-Ab4 and ended on Eb4, under its heroic register.
        home = floor
        if part is not None and top - floor < WIDEST:
            floor = max(idiom(part.instrument.program).low, top - WIDEST)
        reach = max(floor, home - HOME_REACH)
        character = plan.character  # the piece's own: its register is a piece-wide choice
        # The window leaves room above it for the summit where that moves it only a little (not
        # an octave down into the accompaniment); else the ceiling comes down instead (below).
        # The tune lives above the accompaniment's chords, touching their top voice at most.
        chords = plan.part("Harmony")
        bottom = max(reach, chords.high - ABOVE_HARMONY) if chords else reach
        free = window(plan, character.mood, character.arousal, bottom, top, home)
        roomy = window(plan, character.mood, character.arousal, bottom,
                       top - (CLIMAX_MARGIN - CEILING_BELOW_TOP), home)
        if free is None:
            tonic, low, high = whole_range(plan, reach, top)
        elif roomy is not None and abs(sum(roomy[1:]) - sum(free[1:])) <= 2 * HEADROOM_SHIFT:
            tonic, low, high = roomy
        else:
            tonic, low, high = free
        ceiling = high - CEILING_BELOW_TOP
        # A narrow instrument (a horn's octave and a half) cannot spare the full margin.
        margin = max(2, min(CLIMAX_MARGIN, top - home - NARROWEST))
        phrase, bar = climax_bar(plan)
        span = harmony.at(bar * plan.meter.bar_ticks)
        tones = [p for p in range(floor, top + 1) if p % 12 in span.chord.pcs]
        above = [p for p in tones if p >= ceiling + margin]
        # The most lifted section's ceiling (ceiling_for) wants the summit that much higher still.
        rise = ENERGY_BAND * max([0] + [s.character.register for s in plan.sections])
        if above:
            # The lowest chord tone that clears the margin over the most lifted section's ceiling
            # (else the highest there is inside WIDEST of the window's floor), the chord's root or
            # third preferred when it is no more than a third higher.
            fits = [p for p in above if p - low <= WIDEST] or above[:1]
            clear = [p for p in fits if p >= ceiling + rise + margin] or fits[-1:]
            lowest = clear[0]
            strong = [p for p in clear if p - lowest <= 4 and p % 12 in span.chord.pcs[:2]]
            peak = strong[0] if strong else lowest
        else:
            # No room above: the summit is the highest chord tone, the window moves down under it.
            peak = tones[-1]
            shift = ceiling + margin - peak
            ceiling -= shift
            high -= shift
            low = max(reach, low - shift)
            if ceiling - low < NARROWEST:
                ceiling = max(ceiling, min(peak - 3, low + NARROWEST))
        if peak - low > WIDEST:
            low = min(peak - WIDEST, ceiling - NARROWEST)
        return cls(plan, harmony, tonic, low, high, ceiling, floor, top,
                   Climax(phrase, bar, peak), margin, bottom)


def climax_bar(plan: Plan) -> tuple[Phrase, int]:
    """The phrase where the plan's intensity peaks (ties: nearest CLIMAX_AT of the piece), and in
    it the bar about two thirds through, before its cadence bar. Phrases of one bar cannot hold a
    summit and its descent, so they give way to the next most intense."""
    if plan.climax_bar is not None:  # a climax hit point (composer.hits) puts the summit there
        return plan.phrase_at(plan.climax_bar), plan.climax_bar
    total = plan.bars
    sung = [p for p in plan.phrases if getattr(p, "melody", True)] or list(plan.phrases)
    # A form's climax section holds it (composer.form: the arc, the arch and the ostinato build
    # to one): a build as intense as the climax would take it earlier, and leave the climax
    # section under a summit already heard.
    placed = [p for p in sung if plan.section_at(p.start_bar).role == "climax"]
    candidates = [p for p in placed or sung if p.bars >= 2] or placed or sung

    def rank(p: Phrase):
        middle = (p.start_bar + p.bars / 2) / total
        return (-plan.intensity_at(p.start_bar), abs(middle - CLIMAX_AT))

    phrase = min(candidates, key=rank)
    inside = min(max(1 if phrase == plan.phrases[0] else 0, round((phrase.bars - 1) * CLIMAX_AT)),
                 max(0, phrase.bars - 2))
    return phrase, phrase.start_bar + inside


def window(plan: Plan, mood: str, arousal: float, low: int, high: int, home: int | None = None
           ) -> tuple[int, int, int] | None:
    """(tonic pitch, lowest, highest) of the tune's comfortable range: `width` scale steps placed
    so that their middle is nearest the register the arousal asks for (a share of home..high,
    `home` the lowest of the lead's own register, else low), reaching down to the dominant below
    the tonic where it can (BOTTOM), at most two steps further either way; None when they do not
    fit between low and high."""
    width = max(6, min(10, WIDTH[mood] + round(arousal)))
    key = plan.key
    steps = [(pc - key.tonic) % 12 for pc in key.scale]
    base = low if home is None else max(low, min(home, high))
    target = base + (high - base) * (REGISTER + REGISTER_PER_AROUSAL * arousal)
    best = None
    for bottom in range(BOTTOM - 2, BOTTOM + 3):
        span_low = 12 * (bottom // 7) + steps[bottom % 7]
        last = bottom + width
        span_high = 12 * (last // 7) + steps[last % 7]
        for t in range(low - span_low, high - span_high + 1):
            if t % 12 == key.tonic:
                cost = abs(t + (span_low + span_high) / 2 - target) + BOTTOM_COST * abs(bottom - BOTTOM)
                if best is None or cost < best[0]:
                    best = (cost, t, t + span_low, t + span_high)
    return None if best is None else (best[1], best[2], best[3])


def whole_range(plan: Plan, low: int, high: int) -> tuple[int, int, int]:
    """A range too narrow for the width: all of it, the tonic in the middle."""
    tonic = min((t for t in range(low, high + 1) if t % 12 == plan.key.tonic),
                key=lambda t: abs(t - (low + high) / 2))
    return tonic, low, high


def pitch_degree(pitch: int, span, home_tonic: int) -> int | None:
    """The scale step (counted from `home_tonic`'s octave, as degree_pitch counts) of a pitch
    under `span`, or None if the pitch is not in the chord's scale."""
    tonic = home_tonic + ((span.key.tonic - home_tonic + 6) % 12 - 6)
    octave, offset = divmod(pitch - tonic, 12)
    steps = local_scale(span)
    if offset not in steps:
        return None
    degree = 7 * octave + steps.index(offset)
    assert degree_pitch(degree, span, home_tonic) == pitch
    return degree
