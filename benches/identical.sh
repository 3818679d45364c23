#!/usr/bin/env bash
# Do two builds give byte-identical outputs? Issue 19's check for engine changes: CSV and
# JSON Lines outputs of the generator's three modes (1,000,000 rows each, as in
# benches/compare.sh), screened by an earlier binary and by this one.
#
#   cp target/release/uflpa-screen /tmp/uflpa-before      # before the change
#   ...change, cargo build --release...
#   bash benches/identical.sh /tmp/uflpa-before [target/release/uflpa-screen]
#
# Prints one line per output and exits 1 if any differs. It builds the generator
# (gen_manifest) to make the three files, ROWS rows each (default 1,000,000, about 900 MB in
# $BENCH_DIR, default /tmp/uflpa-bench; kept for the next run). It compares standard output
# only: the rows as written (CSV, JSON Lines), not the summary on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:?usage: benches/identical.sh BEFORE_BINARY [AFTER_BINARY]}
AFTER=${2:-target/release/uflpa-screen}
DIR=${BENCH_DIR:-/tmp/uflpa-bench}
ROWS=${ROWS:-1000000}
mkdir -p "$DIR"
cargo build --release --quiet --example gen_manifest
GEN=target/release/examples/gen_manifest
status=0
for mode in repeating realistic distinct; do
  f="$DIR/identical-$mode-$ROWS.csv"
  if [ ! -s "$f" ]; then
    if [ "$mode" = repeating ]; then $GEN "$ROWS" "$f"; else $GEN "$ROWS" "$f" 42 "$mode"; fi
  fi
  for fmt in csv jsonl; do
    a=$("$BEFORE" screen --exit-zero --format $fmt "$f" 2>/dev/null | sha256sum | cut -c1-16)
    b=$("$AFTER" screen --exit-zero --format $fmt "$f" 2>/dev/null | sha256sum | cut -c1-16)
    if [ "$a" = "$b" ]; then
      echo "same       $mode $fmt ($a)"
    else
      echo "DIFFERENT  $mode $fmt (before $a, after $b)"
      status=1
    fi
  done
done
exit $status
