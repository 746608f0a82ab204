"""Benchmark: make and verify all stemkaarten of the bundled register (goal: <= 30 s).

On a temporary demo meeting (``desk_app.services.demo.build_demo``: 342 municipalities), every
run is ``CardService.make_all`` into an empty folder, exactly as ``desk-app cards --out DIR``
runs it: for each card the A4 page is painted and read back, the phone image is painted and read
back, then the vector PDF and the PNG are written; finally the index CSV. Reported per variant:
the median (and min/max) of ``--runs`` runs.

``cards, N thread(s)``  the batch with N rendering threads (the service's default is 2);
``baseline``            the 342 barcodes alone, rendered as rasters at 3 px per module on one
                        thread: no card layout, no text, no read-back, no files - the floor
                        that the drawing library and python-barcode set.

With ``--stages`` one extra single-thread pass times each step of a card, to show where the time
goes. The cards are issued (version 1) once before timing, so every run does the same work; one
card is made before timing so that fonts and the decoder are loaded (a cold start adds ~1 s).
Run::

    .venv/bin/python benchmarks/bench_cards.py                  # ~2 minutes on 2 cores
    .venv/bin/python benchmarks/bench_cards.py --quick          # 40 cards, 1 run: a smoke test
    .venv/bin/python benchmarks/bench_cards.py --stages --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import PySide6
from PySide6.QtGui import QGuiApplication

from desk_app.printing.barcode import render_barcode_image
from desk_app.printing.card import (
    CardData,
    card_file_stem,
    render_card_page,
    render_card_phone,
    verify_card_image,
    write_card_pdf,
)
from desk_app.scanning.decoder import decode_image
from desk_app.services.cards import CardService
from desk_app.services.demo import build_demo
from desk_app.services.meeting import Actor

GOAL_S = 30.0
ACTOR = Actor("bench", "bench")


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(seconds: list[float], cards: int) -> dict[str, float]:
    median = statistics.median(seconds)
    return {
        "runs": len(seconds),
        "median_s": round(median, 2),
        "min_s": round(min(seconds), 2),
        "max_s": round(max(seconds), 2),
        "ms_per_card": round(1000 * median / cards, 1),
    }


def batch(service: CardService, folder: Path, codes: list[str] | None, expected: int) -> None:
    result = service.make_all(folder, codes=codes)
    # A benchmark of cards that failed would flatter the figure: every card must be made.
    if result.failed or len(result.made) != expected:
        raise SystemExit(f"{len(result.failed)} cards failed, e.g. {result.failed[:1]}")


def stages(items: list[CardData], folder: Path) -> dict[str, float]:
    """Seconds per step over all cards, one thread: where the batch spends its time."""
    total = dict.fromkeys(
        ("A4 raster", "A4 read-back", "phone raster", "phone read-back", "PDF write", "PNG save"), 0.0
    )
    for data in items:
        t0 = time.perf_counter()
        page = render_card_page(data)
        t1 = time.perf_counter()
        verify_card_image(page, data, decode_image, "a4")
        t2 = time.perf_counter()
        phone = render_card_phone(data)
        t3 = time.perf_counter()
        verify_card_image(phone, data, decode_image, "phone")
        t4 = time.perf_counter()
        write_card_pdf(data, folder / f"{card_file_stem(data)}.pdf")
        t5 = time.perf_counter()
        phone.save(str(folder / f"{card_file_stem(data)}.png"), "PNG", 80)
        t6 = time.perf_counter()
        for key, dt in zip(total, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            total[key] += dt
    return {k: round(v, 2) for k, v in total.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per variant (median reported)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--cards", type=int, default=0, help="only the first N municipalities")
    parser.add_argument("--quick", action="store_true", help="--cards 40 --runs 1")
    parser.add_argument("--stages", action="store_true", help="also time each step of a card")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.cards, args.runs = args.cards or 40, 1

    app = QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as tmp:
        folder = Path(tmp)
        meeting = build_demo(folder / "meeting.sqlite")
        all_codes = [m.code for m in meeting.members()]
        codes = all_codes[: args.cards] if args.cards else None
        n = len(codes) if codes else len(all_codes)
        probe = CardService(meeting.store, ACTOR)
        probe.issue_missing()
        probe.make_one(all_codes[0], folder / "warm-up")
        tokens = [card.token for code, card in sorted(probe.current_cards().items()) if codes is None or code in codes]

        rows: dict[str, dict[str, float]] = {}
        for threads in args.threads:
            service = CardService(meeting.store, ACTOR, workers=threads)
            runs = []
            for i in range(args.runs):
                out = folder / f"t{threads}-{i}"  # empty each run: no file is overwritten
                runs.append(timed(lambda: batch(service, out, codes, n)))  # noqa: B023
            rows[f"cards, {threads} thread{'s' if threads > 1 else ''}"] = summary(runs, n)

        def barcodes() -> None:
            for token in tokens:
                render_barcode_image(token, 3)

        rows["baseline: barcodes only, 1 thread"] = summary([timed(barcodes) for _ in range(args.runs)], n)

        steps: dict[str, float] | None = None
        if args.stages:
            items = [data for data, _email in probe._card_data(probe.meeting(), codes)]  # noqa: SLF001
            (folder / "stages").mkdir()
            steps = stages(items, folder / "stages")
        meeting.store.close()

    env = {
        "cards": n,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt_platform": app.platformName(),
    }
    if args.json:
        print(json.dumps({"environment": env, "results": rows, "stages_s": steps, "goal_s": GOAL_S}, indent=1))
        return 0
    print(
        f"Stemkaarten: make + read back + write {n} cards of the demo meeting "
        f"({env['cpus']} CPUs, Python {env['python']}, PySide6 {env['pyside6']}, "
        f"median of {args.runs} run{'s' if args.runs > 1 else ''}; goal <= {GOAL_S:.0f} s "
        "for 342 cards)\n"
    )
    print("| variant | median s | min s | max s | ms per card |")
    print("|---|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {r['median_s']:.2f} | {r['min_s']:.2f} | {r['max_s']:.2f} | {r['ms_per_card']:.1f} |")
    if steps:
        print(f"\nOne thread, {n} cards, seconds per step:\n")
        print("| step | s | ms per card |")
        print("|---|---:|---:|")
        for name, s in steps.items():
            print(f"| {name} | {s:.2f} | {1000 * s / n:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
