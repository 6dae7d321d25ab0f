"""A piano roll picture of a Piece (matplotlib, imported only here): parts coloured by role,
section markers, and the chord symbols along the top, for people who would rather look than read."""

from __future__ import annotations

from composer.errors import ComposerError
from composer.io.atomic import atomic_path
from composer.piece import Piece

ROLE_COLOURS = {"Melody": "#d1495b", "Harmony": "#00798c", "Bass": "#30638e", "Texture": "#edae49",
                "Counter": "#8f5ba8", "Drums": "#6b6b6b"}


def draw(piece: Piece, path, width: float | None = None) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.collections import PolyCollection
        from matplotlib.patches import Patch
    except ImportError:
        raise ComposerError("the piano roll needs matplotlib: pip install 'memory-composer[plot]'") from None

    bar = piece.meter.bar_ticks
    bars = piece.end_tick / bar
    fig, ax = plt.subplots(figsize=(width or min(40.0, max(10.0, bars * 0.35)), 6), dpi=110)
    pitches = [n.pitch for p in piece.parts for n in p.notes] or [60]
    for part in reversed(piece.parts):  # the melody drawn last, on top
        shapes = [[(n.start / bar, n.pitch - 0.4), (n.end / bar, n.pitch - 0.4),
                   (n.end / bar, n.pitch + 0.4), (n.start / bar, n.pitch + 0.4)] for n in part.notes]
        alphas = [0.35 + 0.65 * n.velocity / 127 for n in part.notes]
        colour = ROLE_COLOURS.get(part.role, "black")
        ax.add_collection(PolyCollection(shapes, facecolors=[(*matplotlib.colors.to_rgb(colour), a)
                                                             for a in alphas],
                                         edgecolors="none"))
    top = max(pitches) + 3
    for marker in piece.sections:
        ax.axvline(marker.tick / bar, color="black", linewidth=1.0, alpha=0.6)
        ax.text(marker.tick / bar + 0.1, top + 2, marker.text, fontsize=8, va="bottom")
    from composer.harmony import readable

    for chord in piece.chords:
        ax.text(chord.tick / bar + 0.05, top, readable(chord.text), fontsize=6, va="bottom", color="#333333")
    for b in range(int(bars) + 1):
        ax.axvline(b, color="#dddddd", linewidth=0.4, zorder=0)
    ax.set_xlim(0, bars)
    ax.set_ylim(min(pitches) - 2, top + 5)
    ax.set_xlabel("bar")
    ax.set_ylabel("MIDI pitch")
    ax.set_title(f"{piece.title} — {piece.key.label}, {piece.meter}, seed {piece.seed}", fontsize=10)
    ax.legend(handles=[Patch(color=ROLE_COLOURS.get(p.role, "black"), label=p.track_name)
                       for p in piece.parts], loc="lower right", fontsize=7)
    fig.tight_layout()
    with atomic_path(path, suffix=".png") as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
