"""Throughput of ``uflpa_screen.screen(df)`` against the CLI on the same rows (issue 17: at
most 1.5x the CLI's time).

For each mode of the generator (``repeating``: its default, suppliers and goods repeat;
``distinct``: every supplier unique; ``realistic``: long-tailed parties and free-text
descriptions), it writes ``ROWS`` rows with ``gen_manifest`` (kept in ``--dir`` for the next
run), times ``uflpa-screen screen --exit-zero --format csv -o OUT FILE`` and, in this
process, ``screen(df)`` on the same file read by polars with every column as text (the read
is not timed; the screener is compiled by a warm-up call first, as a notebook compiles it
once). The two alternate, run after run, so that a change in the machine's load hits both.
Prints a Markdown table of medians (and minimums) of wall time, the CPU time (user +
system, every thread) of each, whether the verdict counts agree (the exit code is 1 if
not) and the load average before and after, since the machine is shared.

    cargo build --release --bin uflpa-screen --example gen_manifest
    python python/bench/screen_vs_cli.py                    # 1,000,000 rows, 3 runs each
    python python/bench/screen_vs_cli.py --rows 200000 --runs 5 --modes realistic

Needs polars and the wheel installed in the Python that runs it.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODES = ("repeating", "distinct", "realistic")


def load() -> str:
    a, b, c = os.getloadavg()
    return f"{a:.2f} {b:.2f} {c:.2f}"


def manifest(gen: Path, rows: int, mode: str, out_dir: Path) -> Path:
    path = out_dir / f"py-bench-{mode}-{rows}.csv"
    if not path.exists():
        extra = [] if mode == "repeating" else [mode]
        tmp = path.with_suffix(".tmp")
        subprocess.run([str(gen), str(rows), str(tmp), "42", *extra], check=True,
                       stdout=subprocess.DEVNULL)
        tmp.rename(path)
    return path


def cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def cli_once(binary: Path, path: Path, out: Path) -> tuple[float, float, dict]:
    """Wall and CPU seconds (user + system) of one CLI run, and its verdict counts."""
    c = cpu(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(
        [str(binary), "screen", "--exit-zero", "--format", "csv", "-o", str(out), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    secs = time.perf_counter() - t
    m = re.search(r"(\d+) presumed, (\d+) review, (\d+) clear", p.stderr)
    if not m:
        raise SystemExit(f"no summary on the CLI's stderr: {p.stderr!r}")
    counts = dict(zip(("presumed", "review", "clear"), map(int, m.groups())))
    return secs, cpu(resource.RUSAGE_CHILDREN) - c, counts


def py_once(us, df) -> tuple[float, float, dict]:
    """Wall and CPU seconds (every thread of this process) of one screen(df), and its
    verdict counts."""
    c = cpu(resource.RUSAGE_SELF)
    t = time.perf_counter()
    res = us.screen(df)
    secs = time.perf_counter() - t
    used = cpu(resource.RUSAGE_SELF) - c
    counts = dict(res["verdict"].value_counts().iter_rows())
    return secs, used, {k: counts.get(k, 0) for k in ("presumed", "review", "clear")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/uflpa-bench")))
    ap.add_argument("--bin", type=Path, default=ROOT / "target/release/uflpa-screen")
    ap.add_argument("--gen", type=Path, default=ROOT / "target/release/examples/gen_manifest")
    args = ap.parse_args()

    import polars as pl

    import uflpa_screen as us

    modes = [m for m in args.modes.split(",") if m]
    for m in modes:
        if m not in MODES:
            raise SystemExit(f"--modes: unknown mode {m!r} (expected {', '.join(MODES)})")
    args.dir.mkdir(parents=True, exist_ok=True)
    out = args.dir / "py-bench-out.csv"
    print(f"uflpa_screen {us.__version__}, polars {pl.__version__}, {os.cpu_count()} CPUs, "
          f"{args.rows:,} rows, {args.runs} runs; load average before: {load()}", flush=True)
    rows_out = []
    for mode in modes:
        path = manifest(args.gen, args.rows, mode, args.dir)
        cli_once(args.bin, path, out)  # warm-up: the file into the page cache
        df = pl.read_csv(path, infer_schema=False)
        if mode == modes[0]:
            t = time.perf_counter()
            us.screen(df.head(100))  # compiles the screener once (cached)
            print(f"first call (compiles the screener, then cached): "
                  f"{time.perf_counter() - t:.2f} s", flush=True)
        # CLI and screen(df) alternate, so that a change in the machine's load hits both.
        cli, py = [], []
        for _ in range(args.runs):
            *c, cli_counts = cli_once(args.bin, path, out)
            cli.append(c)
            *p, py_counts = py_once(us, df)
            py.append(p)
        out.unlink(missing_ok=True)
        same = "same" if py_counts == cli_counts else f"DIFFER: CLI {cli_counts}, Python {py_counts}"
        print(f"{mode}: CLI {[round(w, 2) for w, _ in cli]} s, screen(df) "
              f"{[round(w, 2) for w, _ in py]} s, verdicts {same}; load {load()}", flush=True)
        rows_out.append((mode, cli, py, same))
        del df
    print()
    print(f"| {args.rows:,} rows | CLI `screen --format csv -o` | `screen(df)` (polars) "
          "| ratio | CPU (user + sys) CLI / screen(df) |")
    print("|---|---|---|---|---|")
    for mode, cli, py, _ in rows_out:
        c = statistics.median(w for w, _ in cli)
        p = statistics.median(w for w, _ in py)
        cc = statistics.median(u for _, u in cli)
        pc = statistics.median(u for _, u in py)
        print(f"| {mode} | {c:.2f} s (min {min(w for w, _ in cli):.2f}) "
              f"| {p:.2f} s (min {min(w for w, _ in py):.2f}) | {p / c:.2f}x "
              f"| {cc:.2f} s / {pc:.2f} s |")
    print(f"\nmedians of {args.runs} runs; load average after: {load()}")
    if any(s != "same" for *_, s in rows_out):
        sys.exit(1)


if __name__ == "__main__":
    main()
