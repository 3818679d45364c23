#!/usr/bin/env bash
# Issue 20's time and memory figures on a release build: supply chains linear in rows and
# tiers, and SARIF / JSON / GitLab / JUnit written as they come (flat memory).
#
#   bash benches/hostile.sh            # everything (builds the release binary and generator)
#   BIN=target/release/uflpa-screen bash benches/hostile.sh   # an existing build
#
# Prints wall time and peak RSS (/usr/bin/time) of:
#   - one manifest line with 1,000,000 supply-chain tiers (and 250k, 500k: time should double)
#   - 1,000,000 manifest rows x 3 tiers with the `parent` column filled (3,000,000 chain rows),
#     and gen_manifest 100000 --tiers 3 --parents (the issue's own case)
#   - SARIF, JSON, GitLab and JUnit on 1,000,000 and 2,000,000 rows (peak RSS should not grow)
# Data goes to $BENCH_DIR (default /tmp/uflpa-bench): about 1.5 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/uflpa-bench}
mkdir -p "$DIR"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/uflpa-screen
fi
cargo build --release --quiet --example gen_manifest
GEN=target/release/examples/gen_manifest

peak() { # label, then the command: wall time and peak RSS of one run
  local label=$1
  shift
  rm -f "$DIR/out"
  /usr/bin/time -f "  $label: %e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | grep -v '^uflpa-screen:' || true
}

echo "== one manifest line, N supply-chain tiers"
for n in 250000 500000 1000000; do
  [ -s "$DIR/tiers$n.csv" ] || $GEN 1 "$DIR/one-line.csv" 42 --chain "$DIR/tiers$n.csv" --tiers "$n" >/dev/null
  peak "$n tiers" "$BIN" screen --exit-zero --format csv -o "$DIR/out" --supply-chain "$DIR/tiers$n.csv" "$DIR/one-line.csv"
done

echo "== rows x 3 tiers with the parent column filled"
for n in 100000 1000000; do
  [ -s "$DIR/parents$n.csv" ] || $GEN "$n" "$DIR/m$n-p.csv" 42 --chain "$DIR/parents$n.csv" --tiers 3 --parents >/dev/null
  peak "$n rows, $((n * 3)) chain rows with parents" "$BIN" screen --exit-zero --format csv -o "$DIR/out" --supply-chain "$DIR/parents$n.csv" "$DIR/m$n-p.csv"
done

echo "== CI formats: peak RSS at 1,000,000 and 2,000,000 rows"
for n in 1000000 2000000; do
  [ -s "$DIR/rows$n.csv" ] || $GEN "$n" "$DIR/rows$n.csv" 7 >/dev/null
done
for f in sarif json gitlab junit; do
  for n in 1000000 2000000; do
    peak "$f, $n rows" "$BIN" screen --exit-zero --format "$f" -o "$DIR/out" "$DIR/rows$n.csv"
  done
done
rm -f "$DIR/out"
