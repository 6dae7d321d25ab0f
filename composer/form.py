"""Forms as data: the large plans a piece can take, how a scene chooses one, and the key areas.

A form is a row per section: its material (a letter; a returning letter brings its theme back,
varied), its role, its share of the length, its intensity shape, its key area and the cadence it
closes on. Only a section that truly closes ends on an authentic cadence (Caplin, *Classical Form*:
half, deceptive and evaded cadences keep a theme going); intros and interludes let the
accompaniment carry the music; a coda releases. Sources per form in its description.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from composer.theory import Key

# Roles in which the melody rests and the accompaniment carries the music.
ACCOMPANIMENT_ONLY = ("intro", "interlude")
# Roles a short piece gives up first, in this order, when it has no room for every section.
OPTIONAL = ("interlude", "coda", "intro")


@dataclass(frozen=True)
class Row:
    letter: str  # the material: "A", "B" ...; intro, interlude and coda take the role's name
    role: str  # intro, theme, episode, build, climax, return, verse, interlude, coda
    weight: float  # share of the piece's length
    level: float  # intensity shape, 0..1 (0.5 is the scene's own intensity)
    area: str  # key area (KEY_AREAS)
    close: str  # the cadence that ends the section


@dataclass(frozen=True)
class Form:
    name: str
    description: str  # what it is and where it comes from, for explain
    rows: tuple[Row, ...]
    grow: tuple[Row, ...]  # rows added, in turn, before the last `tail` rows of a long piece
    tail: int
    min_seconds: float  # shorter pieces cannot hold the form


def _r(letter, role, weight, level, area="home", close="half") -> Row:
    return Row(letter, role, weight, level, area, close)


FORMS: dict[str, Form] = {f.name: f for f in (
    Form("arc", "a through-composed build to one climax and its release (film-cue practice: "
         "establish, develop, climax, release; Karlin & Wright, On the Track)",
         (_r("intro", "intro", 0.6, 0.2), _r("A", "theme", 1.0, 0.4), _r("B", "build", 1.0, 0.65, "relative"),
          _r("C", "climax", 1.1, 1.0, "home", "authentic"), _r("coda", "coda", 0.6, 0.25, "home", "authentic")),
         (_r("B", "build", 1.0, 0.75, "subdominant", "evaded"),), 2, 20),
    Form("ternary", "A B A': a theme, a contrasting episode in a related key, the theme's varied "
         "return (Schoenberg, Fundamentals: the small ternary)",
         (_r("intro", "intro", 0.5, 0.3), _r("A", "theme", 1.0, 0.5, "home", "authentic"),
          _r("B", "episode", 1.0, 0.7, "relative"), _r("A", "return", 1.0, 0.6, "home", "authentic"),
          _r("coda", "coda", 0.5, 0.3, "home", "authentic")),
         (_r("B", "episode", 0.9, 0.75, "dominant"), _r("A", "return", 0.9, 0.6, "home", "authentic")), 2, 30),
    Form("arch", "A B C B' A': material mirrored around a central peak (Bartók's arch form)",
         (_r("A", "theme", 1.0, 0.35), _r("B", "episode", 1.0, 0.55),
          _r("C", "climax", 1.0, 0.9, "relative", "deceptive"), _r("B", "return", 1.0, 0.55, "subdominant"),
          _r("A", "return", 1.0, 0.35, "home", "authentic")),
         (), 0, 60),
    Form("strophic", "strophic variations: the tune returns verse after verse, each varied, with "
         "interludes for the accompaniment (the folk song and its variations)",
         (_r("A", "verse", 1.0, 0.4, "home", "authentic"), _r("interlude", "interlude", 0.35, 0.4),
          _r("A", "verse", 1.0, 0.6, "home", "deceptive"), _r("A", "verse", 1.0, 0.8, "subdominant"),
          _r("A", "verse", 1.0, 0.55, "home", "authentic")),
         (_r("interlude", "interlude", 0.35, 0.45), _r("A", "verse", 1.0, 0.7, "relative")), 1, 40),
    Form("ostinato", "an ostinato crescendo: one figure repeated while the music gathers over it "
         "to a climax near the end (Ravel's Boléro; minimalist process music)",
         (_r("intro", "intro", 0.5, 0.2), _r("A", "theme", 1.0, 0.4, "home", "evaded"),
          _r("A", "build", 1.0, 0.6, "home", "evaded"), _r("B", "build", 1.0, 0.8, "subdominant"),
          _r("A", "climax", 1.0, 1.0, "home", "authentic"), _r("coda", "coda", 0.4, 0.5, "home", "authentic")),
         (_r("A", "build", 1.0, 0.7, "home", "evaded"),), 2, 40),
    Form("ambient", "a drifting form of slow alternations that avoids strong closes until it fades "
         "(Eno's ambient music: music that can loop and be ignored or listened to)",
         (_r("A", "theme", 1.0, 0.35, "home", "plagal"), _r("B", "episode", 1.0, 0.45, "subdominant", "half"),
          _r("A", "return", 1.0, 0.4, "home", "plagal"), _r("B", "episode", 1.0, 0.35, "relative", "half"),
          _r("A", "return", 0.8, 0.3, "home", "authentic")),
         (_r("B", "episode", 1.0, 0.4, "subdominant", "plagal"), _r("A", "return", 1.0, 0.35, "home", "half")), 1, 60),
    Form("episodes", "a theme with episodes: the theme returns between contrasting episodes in "
         "other keys (the rondo)",
         (_r("intro", "intro", 0.4, 0.35), _r("A", "theme", 1.0, 0.5, "home", "authentic"),
          _r("B", "episode", 0.9, 0.65, "dominant"), _r("A", "return", 0.8, 0.55, "home", "authentic"),
          _r("C", "episode", 0.9, 0.85, "relative"), _r("A", "return", 1.0, 0.7, "home", "authentic"),
          _r("coda", "coda", 0.4, 0.4, "home", "authentic")),
         (_r("D", "episode", 0.9, 0.75, "subdominant"), _r("A", "return", 0.8, 0.6, "home", "authentic")), 2, 75),
)}

# How a scene chooses its form (weights): by mood quadrant, then nudged by arousal, length and the
# setting's texture. Calm and tender moments drift or return; joy varies its tune; tension builds.
FORM_BY_MOOD: dict[str, dict[str, float]] = {
    "joy": {"strophic": 3, "episodes": 3, "ternary": 2, "arc": 1},
    "tender": {"ternary": 3, "arch": 2, "strophic": 2, "ambient": 1},
    "sad": {"arch": 2, "ternary": 2, "arc": 2, "ambient": 1.5},
    "tense": {"ostinato": 3, "arc": 3, "episodes": 1},
}
# The setting's figure suggests a form: a repeated cell builds; waves, pads and plucks drift.
FORM_BY_TEXTURE: dict[str, dict[str, float]] = {
    "ostinato": {"ostinato": 2.5}, "waves": {"ambient": 2.0}, "pad": {"ambient": 2.0},
    "plucks": {"ambient": 1.5}, "waltz": {"strophic": 2.0},
}
VERY_CALM = -0.5  # below this arousal the drifting form gains weight
# A section lasts about this long before the form adds another (film cues change every 20-40 s).
SECTION_SECONDS = 30.0
# Fewer bars than this per section and the form gives up sections: a theme needs room for a phrase
# and its answer.
MIN_SECTION_BARS = 6
# A short piece keeps its form in miniature with sections of a phrase each (the song form's
# a a' b a in four-bar phrases; a small ternary of 16 bars), rather than losing its middle.
SHORT_PIECE_BARS = (16, 24)  # from, below
SHORT_SECTION_BARS = 4
# How far a section's intensity moves from the scene's with its row's level.
LEVEL_SPREAD = 0.9


def choose_form(mood: str, arousal: float, seconds: float, texture: str | None,
                rng: random.Random) -> Form:
    weights = dict(FORM_BY_MOOD[mood])
    for name, extra in FORM_BY_TEXTURE.get(texture or "", {}).items():
        weights[name] = weights.get(name, 0) + extra
    if arousal < VERY_CALM:
        weights["ambient"] = weights.get("ambient", 0) + 2
    fitting = [(name, w) for name, w in sorted(weights.items()) if FORMS[name].min_seconds <= seconds]
    if not fitting:
        return FORMS["arc"]
    names, values = zip(*fitting)
    return FORMS[rng.choices(names, weights=values)[0]]


# A form is a habit, not a mould: each piece draws its own version. Chances that it opens without
# its intro, closes without its coda, leads back into a return through an interlude for the
# accompaniment (a retransition), or brings new material to an episode instead of the form's.
SKIP_INTRO = 0.3
SKIP_CODA = 0.25
RETRANSITION = 0.3
NEW_EPISODE = 0.3


# Each section's length as the piece draws it: (factor on the form's share, weight) by role. A
# return may be abridged and an episode or build expanded (Caplin, *Classical Form*: the
# recapitulation compresses what the exposition said, the development expands); intros, codas and
# interludes run short or long; a theme may take an extra phrase.
STRETCH: dict[str, tuple[tuple[float, float], ...]] = {
    "theme": ((1.0, 3.0), (1.25, 1.0), (0.8, 1.0)),
    "verse": ((1.0, 2.0), (0.75, 1.0), (1.25, 1.0), (0.6, 0.5)),
    "return": ((1.0, 2.0), (0.75, 1.5), (1.2, 0.5)),
    "episode": ((1.0, 2.0), (1.25, 1.5), (0.8, 1.0)),
    "build": ((1.0, 2.0), (1.25, 1.5), (0.8, 0.5)),
    "climax": ((1.0, 2.0), (1.25, 1.0), (0.8, 0.5)),
    "intro": ((1.0, 1.0), (0.6, 1.0), (1.5, 1.0)),
    "interlude": ((1.0, 1.0), (0.7, 1.0), (1.5, 1.0)),
    "coda": ((1.0, 1.0), (0.6, 1.0), (1.5, 1.0)),
}
# A short piece (SHORT_PIECE_BARS) has a phrase a section: its sections' lengths are its phrases',
# 3 to 7 bars, and a return may keep only its closing phrase or take an extension (Caplin: the
# small ternary's return is often abridged, or expanded to make its cadence stronger).
SHORT_STRETCH: dict[str, tuple[tuple[float, float], ...]] = {
    "theme": ((1.0, 2.0), (1.4, 1.0), (0.7, 1.0)),
    "return": ((1.0, 1.5), (0.6, 1.5), (1.4, 1.0)),
    "episode": ((1.0, 1.5), (1.4, 1.0), (0.7, 1.0)),
}
# Where a section away from home goes, by mood (Schoenberg, *Structural Functions of Harmony*: the
# closely related regions, the relative and the dominant before the subdominant, whose flat
# seventh folk tunes almost never sing; the mediants are left out): the form's own area weighs
# most.
AREAS_BY_MOOD: dict[str, dict[str, float]] = {
    "joy": {"dominant": 1.0, "relative": 0.6, "subdominant": 0.4},
    "tender": {"relative": 1.0, "dominant": 0.6, "subdominant": 0.5},
    "sad": {"relative": 1.0, "dominant": 0.5, "subdominant": 0.4},
    "tense": {"relative": 1.0, "dominant": 0.8, "subdominant": 0.3},
}
OWN_AREA = 1.5
OWN_CLOSE = 2.0
# A verse followed by another may close, or end open as the first half of a period whose second
# verse answers it (the folk song's two-line stanza).
VERSE_CLOSES = {"authentic": 2.0, "half": 1.0, "plagal": 0.6}
# An episode ends on its key's dominant, or presses on into the return through a deceptive or
# evaded cadence (Caplin: the contrasting middle's standing on the dominant, or its cadence
# withheld so the return arrives as the resolution).
EPISODE_CLOSES = {"half": 2.0, "deceptive": 0.6, "evaded": 0.6}
# A theme another section follows closes on the tonic, or stands open on the dominant so that
# what follows answers it (Caplin, *Classical Form*: the small ternary's exposition ends with an
# authentic or a half cadence); only the piece's last section must close.
THEME_CLOSES = {"authentic": 2.0, "half": 1.0}
# A short piece's few sections say its form in few words, so each close is an even choice: its
# plan is its own rather than the form's commonest version.
SHORT_CLOSES = 1.0


def _draw(rng: random.Random, options: dict) -> object:
    names = sorted(options)
    return rng.choices(names, weights=[options[n] for n in names])[0]


def _varied(form: Form, rng: random.Random, mood: str | None = None, short: bool = False
            ) -> list[Row]:
    rows = []
    fresh = iter("DEFGH")
    for i, row in enumerate(form.rows):
        if row.role == "intro" and rng.random() < SKIP_INTRO:
            continue
        if row.role == "coda" and rng.random() < SKIP_CODA:
            continue
        if row.role == "return" and i > 0 and rows and rows[-1].role != "interlude" \
                and rng.random() < RETRANSITION:
            rows.append(Row("interlude", "interlude", 0.3, row.level - 0.1, "home", "half"))
        if row.role == "episode" and not any(r.letter == row.letter for r in rows) \
                and rng.random() < NEW_EPISODE:
            row = Row(next(fresh), row.role, row.weight, row.level, row.area, row.close)
        rows.append(row)
    return [_own(row, i == len(rows) - 1, rng, mood, short) for i, row in enumerate(rows)]


def _own(row: Row, last: bool, rng: random.Random, mood: str | None, short: bool = False) -> Row:
    """One section of the piece's own version: its length; for a section away from home, where
    it goes; for a verse another follows, whether it closes; each drawn around the form's choice
    (the cadences inside a section are the plan's, by the mood)."""
    factors = dict((SHORT_STRETCH if short and row.role in SHORT_STRETCH else STRETCH)
                   .get(row.role, ((1.0, 1.0),)))
    weight = row.weight * _draw(rng, factors)
    area, close = row.area, row.close
    if mood is not None and area != "home":
        area = _draw(rng, {**AREAS_BY_MOOD[mood], area: OWN_AREA})
    def even(options: dict) -> dict:
        return dict.fromkeys(options, SHORT_CLOSES) if short else options
    if not last and row.role == "verse":
        close = _draw(rng, even({**VERSE_CLOSES, close: VERSE_CLOSES.get(close, 0) + OWN_CLOSE}))
    elif not last and row.role == "episode" and close in EPISODE_CLOSES:
        close = _draw(rng, even(EPISODE_CLOSES))
    elif not last and row.role == "theme" and close == "authentic":
        close = _draw(rng, even(THEME_CLOSES))
    return Row(row.letter, row.role, round(weight, 3), row.level, area, close)


def rows_for(form: Form, seconds: float, bars: int, rng: random.Random,
             mood: str | None = None) -> tuple[Row, ...]:
    """The piece's own version of the form (see _varied; `mood` lets it draw its key areas and
    open closes) for its length: grown with the form's `grow` rows for long pieces, its optional
    rows given up for short ones."""
    short = SHORT_PIECE_BARS[0] <= bars < SHORT_PIECE_BARS[1]
    rows = _varied(form, rng, mood, short)
    wanted = max(1, round(seconds / SECTION_SECONDS))
    k = 0
    while form.grow and len(rows) < wanted:
        row = _own(form.grow[k % len(form.grow)], False, rng, mood)
        rows.insert(len(rows) - form.tail, row)
        k += 1
    fewest = SHORT_SECTION_BARS if short else MIN_SECTION_BARS

    def crowded() -> bool:
        return len(rows) > wanted + 2 or len(rows) * fewest > bars

    for role in OPTIONAL:
        if not crowded():
            break
        rows = [r for r in rows if r.role != role] or rows
    while len(rows) > 1 and crowded():
        rows.pop(len(rows) // 2)  # the middle gives way; the opening and the close stay
    return tuple(rows)


def labels(rows: tuple[Row, ...]) -> tuple[str, ...]:
    """Form labels: a returning letter gets a prime per return (A, A', A''), past two a number (A4)."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        n = seen.get(row.letter, 0)
        seen[row.letter] = n + 1
        out.append(row.letter + ("'" * n if n <= 2 else str(n + 1)))
    return tuple(out)


def level(scene_intensity: float, row: Row) -> float:
    return round(max(0.1, min(1.0, scene_intensity + LEVEL_SPREAD * (row.level - 0.5))), 2)


# Key areas: where an episode goes, relative to the home key (Schoenberg, Structural Functions of
# Harmony: the closely related regions first, the mediants for colour).
KEY_AREAS = ("home", "dominant", "subdominant", "relative", "mediant")


def area_key(home: Key, area: str, mode: str | None = None) -> Key:
    """The key of an area: its tonic from the home key, its mode the area's own (a relative key
    swaps major and minor) unless `mode` is given (a moment's own mood)."""
    minor = home.is_minor_family
    tonic, own = {
        "home": (home.tonic, home.mode),
        "dominant": ((home.tonic + 7) % 12, home.mode),
        "subdominant": ((home.tonic + 5) % 12, home.mode),
        "relative": ((home.tonic + 3) % 12, "ionian") if minor else ((home.tonic + 9) % 12, "minor"),
        "mediant": ((home.tonic + 8) % 12, "ionian"),
    }[area]
    if area == "home":
        return Key(tonic, mode or own, home.spelling)
    return Key(tonic, mode or own)


# How far a moment's valence must move from the one before for its music to change key.
MOMENT_CONTRAST = 0.25


def moment_area(index: int, count: int, valence: float, previous: float) -> str:
    """A moment's key area: the first and the last at home; a brighter moment rises to the
    dominant, a darker one turns to the relative key; a like one stays home in its own mode."""
    if index == 0 or index == count - 1:
        return "home"
    change = valence - previous
    if change > MOMENT_CONTRAST:
        return "dominant"
    if change < -MOMENT_CONTRAST:
        return "relative"
    return "home"


# Where each section's tune sits: scale steps from the piece's usual register (composer.melody.frame
# moves the section's band and its arcs by them), starting from its energy's (composer.character.
# lift: the most intense rises, the calmest sinks) and placed by its part in the form, as a composer
# places it (Schoenberg, *Fundamentals of Musical Composition*: the climax on the highest register
# the piece reaches, the recapitulation in the register of the exposition, the contrasting middle in
# another; Karlin & Wright, *On the Track*: a cue builds to its climax and releases after it). A
# composer's reading found a furious piece (intensity high throughout, so energy moved nothing) in one
# octave at the top of its lead for 58 bars of build and climax, and a scene's moment named "the
# height of it" as its lowest music.
# - a return sits where its theme first sat (its energy's own step aside);
# - builds climb, evenly, from the section before them toward the climax (a build with no climax
#   after it climbs a step over the section before it);
# - the climax section stands at least CLIMAX_OVER steps over every other section;
# - a coda settles at least CODA_UNDER steps under where the piece opened;
# - an episode stands at least CONTRAST steps from its melodic neighbours (a climax aside): up where
#   its energy is no lower than theirs and there is room, else down;
# - a moment named for the piece's height (composer.scene.model.names_climax) sings at least HEIGHT
#   steps over the piece's register and CONTRAST over its lowest moment, whatever its energy (the
#   summit stays where the intensity peaks: a quiet "height" is a serene one, and the scene's
#   intensities still order the rest).
# Every step stays within REGISTER_MOST of the piece's register (composer.character.LIFT_MOST).
CLIMAX_OVER = 1
CODA_UNDER = 1
CONTRAST = 2
HEIGHT = 1
REGISTER_MOST = 3


def registers(roles: list[str], families: list[str], lifts: list[int],
              heights: list[bool] | None = None, rises: list[int] | None = None) -> list[int]:
    """Each section's register (scale steps, see above) from its role, its form letter's family,
    its energy's lift and whether its name asks for the piece's height; `rises`: how far each
    section's phrases climb over its register as it grows (the highest of its GROWTH rises), which
    a moment named for the height clears as it clears the section's register."""
    most = REGISTER_MOST
    out = list(lifts)
    sung = [i for i, role in enumerate(roles) if role not in ACCOMPANIMENT_ONLY]
    climaxes = [i for i in sung if roles[i] == "climax"]
    first: dict[str, int] = {}
    for i in sung:
        if roles[i] == "return" and families[i] in first:
            out[i] = out[first[families[i]]]
        first.setdefault(families[i], i)
    if climaxes:
        top = max(out[i] for i in climaxes)
        others = [out[i] for i in sung if roles[i] not in ("climax", "build")]
        top = min(most, max(top, max(others, default=top - 1) + CLIMAX_OVER))
        for i in climaxes:
            out[i] = top
    k = 0
    while k < len(sung):
        if roles[sung[k]] != "build":
            k += 1
            continue
        run = k
        while run < len(sung) and roles[sung[run]] == "build":
            run += 1
        before = out[sung[k - 1]] if k else min(out[i] for i in sung)
        goal = out[sung[run]] if run < len(sung) and roles[sung[run]] == "climax" else None
        for n, j in enumerate(range(k, run), start=1):
            if goal is None:
                out[sung[j]] = min(most, max(out[sung[j]], before + n))
            else:
                out[sung[j]] = round(before + (goal - before) * n / (run - k + 1))
        k = run
    if climaxes:
        top = out[climaxes[0]]
        for i in sung:
            if roles[i] != "climax":
                out[i] = min(out[i], top - CLIMAX_OVER)
    opening = out[sung[0]] if sung else 0
    for i in sung:
        if roles[i] == "coda":
            out[i] = max(-most, min(out[i], opening - CODA_UNDER))
    for n, i in enumerate(sung):
        if roles[i] != "episode":
            continue
        near = [out[sung[m]] for m in (n - 1, n + 1)
                if 0 <= m < len(sung) and roles[sung[m]] != "climax"]
        if not near or all(abs(out[i] - r) >= CONTRAST for r in near):
            continue
        up, down = max(near) + CONTRAST, min(near) - CONTRAST
        energy = lifts[i] - sum(lifts[sung[m]] for m in (n - 1, n + 1)
                               if 0 <= m < len(sung) and roles[sung[m]] != "climax") / len(near)
        ceiling = out[climaxes[0]] - CLIMAX_OVER if climaxes else most
        if energy >= 0 and up <= ceiling:
            out[i] = up
        elif down >= -most:
            out[i] = down
        elif up <= ceiling:
            out[i] = up
    if heights and any(heights):
        for i in sung:
            if heights[i]:
                lowest = min((out[j] + (rises[j] if rises else 0) for j in sung if j != i), default=0)
                out[i] = max(out[i], HEIGHT, lowest + CONTRAST)
    return [max(-most, min(most, r)) for r in out]


# A long section grows within: a user's moment may last a minute, and a composer does not let its
# band and its register stand still for it. Its phrases fall into phrase groups (Caplin, *Classical
# Form*: a long theme is a chain of phrases grouped toward its cadence, the loose-knit subordinate
# theme building across them), and each group adds to the one before, as a film cue establishes
# lightly, then builds by adding layers and motion to its peak and thins before the next cue
# (Karlin & Wright, *On the Track*; Adler, *The Study of Orchestration*: the orchestra's entries in
# stages). A composer's reading of held-out 66 heard a 48-bar "turn" whose tune circled one sixth
# and whose counter and drums rested throughout, the section's quiet intensity keeping them out.
# From LONG_SECTION bars a section's phrases are grouped by where they start (a share of its bars):
# - `rise`: scale steps over the section's register its phrases sing at, climbing to the section's
#   own high point about two thirds in (composer.plan.CLIMAX_AT) and settling after it; the
#   melody's frame keeps every phrase but the summit's under the piece's one climax;
# - `joins`: the parts that play in the group whatever its intensity (the mood still decides
#   whether the band has them: a kit only where the section's character has drums); a part that
#   joined a group and is not in the next one's is left to the intensity again.
# The first group establishes (the tune over its chords), a countermelody enters with the second
# phrase group, the pulse (the drums, a still section's texture) at the midpoint, and a quiet
# section's drums drop out for the last group, so the next section enters prepared, not cut in.
# An intense section's counter and drums play throughout as its intensity has them: taken out of
# its first or last group, its loud moments played fewer notes than its quiet ones had gained (the
# moments' accompaniment ~ intensity figure fell from 0.58 to 0.51 on the held-out scenes), and
# kitchen's chase lost the counter's figures it needs to be heard as a line.
LONG_SECTION = 24
# A scene's moment grows from two periods on: it is one feeling held as long as the user asked, with
# no form around it to move on (a built form's sections climb from one to the next, and growing its
# shorter ones flattened that ladder: held-out 57's theme rose to within a semitone of its build).
# A composer's reading heard held-out 83's 20-bar "memory" sway in C4-Ab4, every phrase under one
# ceiling; storm's first drops sang three phrases in one band (E4-C5) at each of seeds 1-3. In the
# 16-23-bar moments of held-out 1-50 x seeds 1-3, a later phrase peaked over the first in 34 of 73
# (48 now).
LONG_MOMENT = 16
# ... climbing a step at most, so that it keeps its place among the moments around it: climbing two,
# storm's uneasy drops reached F#5, three semitones under its furious lightning's A5.
SHORT_RISE = 1


@dataclass(frozen=True)
class Growth:
    share: float  # where the group begins, as a share of the section's bars
    rise: int
    joins: tuple[str, ...] = ()


GROWTH = (
    Growth(0.0, 0),
    Growth(0.25, 1, ("Counter",)),
    Growth(0.5, 2, ("Counter", "Drums", "Texture")),
    Growth(0.8, 1, ("Counter", "Texture")),
)


def growth(role: str, bars: int, starts: list[int], answers: list[bool] | None = None
           ) -> list[Growth | None]:
    """Each phrase's group (GROWTH) in a sung section of `bars` bars whose phrases start `starts`
    bars into it; None for every phrase of a shorter section or one the accompaniment carries.
    A phrase that `answers` the one before (a period's consequent) stays in that one's group: a
    phrase group is made of whole periods (Caplin), and a consequent raised a step over its
    antecedent would echo it in sequence, not restate it."""
    if bars < (LONG_MOMENT if role == "moment" else LONG_SECTION) or role in ACCOMPANIMENT_ONLY:
        return [None] * len(starts)
    answers = answers or [False] * len(starts)
    out: list[Growth | None] = []
    for start, answer in zip(starts, answers):
        out.append(out[-1] if answer and out else [g for g in GROWTH if start >= g.share * bars][-1])
    if bars < LONG_SECTION:
        out = [replace(g, rise=min(g.rise, SHORT_RISE)) for g in out]
    return out
