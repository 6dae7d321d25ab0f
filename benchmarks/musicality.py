"""Print the musicality table the README quotes: the project's melodies over the mood circle beside
Essen folk songs, Bach chorale soprano lines and a random diatonic walk.

    .venv/bin/python benchmarks/musicality.py [COUNT]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

# Run from anywhere: the repository root first on the path, so `composer` is this checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    from composer.evaluate import evaluate, format_report
    from composer.evaluate.generated import circle_melodies

    count = int(argv[0]) if argv else 100
    began = time.perf_counter()
    melodies = circle_melodies(count)
    composed = time.perf_counter() - began
    report = evaluate(melodies)
    print(format_report(report))
    print(f"\ncomposed {count} melodies in {composed:.1f} s; evaluated in "
          f"{time.perf_counter() - began - composed:.1f} s")
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
