"""How fast ``desk-app --help`` answers: this tree against the CLI before it became a package.

The baseline is commit df5e653 (``cli.py`` importing ``app.py`` and with it QtWidgets), checked
out as a temporary git worktree and measured in the same run, on the same machine, with the same
interpreter: each tree's ``python -m desk_app --help`` with ``PYTHONPATH`` and the working
directory at that tree, runs interleaved, median of N. Prints both medians and the ratio.

    .venv/bin/python benchmarks/bench_cli.py [--runs 10] [--baseline df5e653] [-- ARGS...]

Uses hyperfine when it is installed (its own warm-up and statistics), else times the runs itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE = "df5e653"


def _env(tree: Path) -> dict[str, str]:
    # The tree's own package first; offscreen, in case a version of the CLI creates a QApplication.
    return {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen", "STEMBALIE_LANG": "nl"}


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "desk_app", *args]


def _check(tree: Path, args: list[str]) -> None:
    """The run works, and it runs this tree's code (not the installed copy's)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import desk_app; print(desk_app.__file__)"],
        capture_output=True,
        text=True,
        cwd=tree,
        env=_env(tree),
        check=True,
    )
    if not Path(probe.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: desk_app comes from {probe.stdout.strip()}, not from this tree")
    done = subprocess.run(_command(args), capture_output=True, cwd=tree, env=_env(tree))
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-500:]}")


def _time_once(tree: Path, args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        _command(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tree, env=_env(tree), check=True
    )
    return time.perf_counter() - t0


def _own_timing(trees: dict[str, Path], args: list[str], runs: int) -> dict[str, float]:
    for tree in trees.values():  # warm-up: the file cache and .pyc files, for both alike
        _time_once(tree, args)
    samples: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(runs):  # interleaved, so a slow moment of the machine hits both
        for name, tree in trees.items():
            samples[name].append(_time_once(tree, args))
    return {name: statistics.median(values) for name, values in samples.items()}


def _hyperfine(trees: dict[str, Path], args: list[str], runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "hyperfine.json"
        cmd = ["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", str(report), "--style", "basic"]
        for name, tree in trees.items():
            line = " ".join([f"cd {tree} && PYTHONPATH={tree} QT_QPA_PLATFORM=offscreen", *_command(args)])
            cmd += ["--command-name", name, line]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        results = json.loads(report.read_text())["results"]
    return {r["command"]: float(r["median"]) for r in results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    parser.add_argument("args", nargs="*", default=["--help"], help="the desk-app arguments (default: --help)")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stembalie-bench-cli-") as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(old), opts.baseline],
            check=True,
            capture_output=True,
        )
        try:
            trees = {f"old ({opts.baseline})": old, "new (this tree)": REPO}
            for tree in trees.values():
                _check(tree, opts.args)
            tool = "hyperfine" if shutil.which("hyperfine") else "own timer"
            medians = (_hyperfine if tool == "hyperfine" else _own_timing)(trees, opts.args, opts.runs)
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=False, capture_output=True
            )
    (old_name, old_s), (new_name, new_s) = medians.items()
    print(f"desk-app {' '.join(opts.args)}: median of {opts.runs} runs each ({tool}), Python {sys.version.split()[0]}")
    print(f"  {old_name:<22} {old_s * 1000:7.0f} ms")
    print(f"  {new_name:<22} {new_s * 1000:7.0f} ms")
    print(f"  ratio new/old          {new_s / old_s:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
