#!/usr/bin/env bash
# The end-to-end benchmark of docs/performance.md: uflpa-screen against one `xsv search` pass
# over the same generated 1,000,000-row manifest in each of the generator's three modes
# (repeating, realistic, distinct) with the memo hit rates, then memory from 1M to 5M rows,
# thread counts, Parquet in and out, supply chains and the size of the Entity List.
#
#   bash benches/compare.sh            # all of it (about 15 minutes once built)
#   bash benches/compare.sh xsv        # only the three comparisons with xsv (RUNS=5 each)
#
# Needs xsv and hyperfine on PATH (`cargo install xsv` and `cargo install hyperfine
# --version 1.20.0 --locked`, or Debian's `apt-get install hyperfine`). Data goes to
# $BENCH_DIR (default /tmp/uflpa-bench): about 4.5 GB for everything.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/uflpa-bench}
ONLY=${1:-all}
mkdir -p "$DIR"
for tool in xsv hyperfine; do
  command -v "$tool" >/dev/null || { echo "benches/compare.sh needs $tool on PATH" >&2; exit 2; }
done
cargo build --release --quiet
cargo build --release --quiet --example gen_manifest --example csv_to_parquet --example grow_entity_list
BIN=target/release/uflpa-screen
GEN=target/release/examples/gen_manifest
[ -s "$DIR/m1m.csv" ] || $GEN 1000000 "$DIR/m1m.csv"
[ -s "$DIR/m1m-realistic.csv" ] || $GEN 1000000 "$DIR/m1m-realistic.csv" 42 realistic
[ -s "$DIR/m1m-distinct.csv" ] || $GEN 1000000 "$DIR/m1m-distinct.csv" 42 distinct

# Issue 19's yardstick: one `xsv search` pass for Xinjiang place names over the two address
# columns of the same file, in the same hyperfine run, for each of the generator's three
# modes; then the memo hit rates of a screen of that file (`--stats`).
REGEX='xinjiang|urumqi|kashgar|aksu|hotan|korla|shihezi|turpan|新疆'
for mode in repeating realistic distinct; do
  case $mode in
    repeating) f="$DIR/m1m.csv" ;;
    *) f="$DIR/m1m-$mode.csv" ;;
  esac
  echo "== $mode: screen vs one xsv search pass, 1,000,000 rows ($(du -hL "$f" | cut -f1))"
  hyperfine --warmup 1 --runs "${RUNS:-5}" --prepare "rm -f $DIR/out.csv" \
    --export-json "$DIR/xsv-$mode.json" \
    -n xsv "xsv search -s 'Supplier Address,Manufacturer Address' -i '$REGEX' $f > /dev/null" \
    -n screen "$BIN screen --exit-zero --format csv -o $DIR/out.csv $f"
  python3 - "$DIR/xsv-$mode.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print("ratio screen/xsv: %.2fx (%.2f s / %.3f s)" % (r["screen"] / r["xsv"], r["screen"], r["xsv"]))
PY
  $BIN screen --exit-zero --stats --format csv -o "$DIR/out.csv" "$f" 2>&1 | grep '^stats:'
done
[ "$ONLY" = xsv ] && exit 0

peak() { # peak RSS and wall time of one run
  rm -f "$DIR/out.csv" "$DIR/out.parquet"
  /usr/bin/time -f "  %e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | grep -v '^uflpa-screen:'
}
[ -s "$DIR/m3m.csv" ] || $GEN 3000000 "$DIR/m3m.csv" 7
[ -s "$DIR/m100k.csv" ] || $GEN 100000 "$DIR/m100k.csv" 42 --chain "$DIR/chain300k.csv"
[ -s "$DIR/m1m.parquet" ] || target/release/examples/csv_to_parquet "$DIR/m1m.csv" "$DIR/m1m.parquet"

echo "== memory as realistic rows grow (issue 19: flat from 1M to 5M rows)"
[ -s "$DIR/m5m-realistic.csv" ] || $GEN 5000000 "$DIR/m5m-realistic.csv" 42 realistic
for f in m1m-realistic m5m-realistic; do
  echo "$f.csv:"; peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/$f.csv"
done
echo "== memory and time as rows grow"
for f in m100k m1m m3m; do
  echo "$f.csv:"; peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/$f.csv"
done
echo "== every supplier name unique (the outcome memo never hits)"
peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/m1m-distinct.csv"
echo "== threads (issue 19: 2 threads at least 1.8x faster than 1 on distinct rows)"
for f in m1m m1m-distinct m1m-realistic; do
  hyperfine --warmup 1 --runs 3 --prepare "rm -f $DIR/out.csv" -L t 1,2 \
    "$BIN screen --exit-zero --threads {t} --format csv -o $DIR/out.csv $DIR/$f.csv"
done
echo "== Parquet in, Parquet out"
hyperfine --warmup 1 --runs 5 --prepare "rm -f $DIR/out.csv $DIR/out.parquet" \
  "$BIN screen --exit-zero --format csv -o $DIR/out.csv $DIR/m1m.parquet" \
  "$BIN screen --exit-zero --format parquet -o $DIR/out.parquet $DIR/m1m.csv"
echo "m1m.parquet in:"; peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/m1m.parquet"
echo "parquet out:"; peak $BIN screen --exit-zero --format parquet -o "$DIR/out.parquet" "$DIR/m1m.csv"
echo "== 100,000 lines with a 300,000-row supply chain"
peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" --supply-chain "$DIR/chain300k.csv" "$DIR/m100k.csv"

echo "== supply-chain depth: 100,000 lines with 1, 3 and 6 tiers each"
for t in 1 3 6; do
  [ -s "$DIR/chain-t$t.csv" ] || $GEN 100000 "$DIR/m100k-t$t.csv" 42 --chain "$DIR/chain-t$t.csv" --tiers $t
  echo "$t tiers ($(($(wc -l < "$DIR/chain-t$t.csv") - 1)) chain rows):"
  peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" --supply-chain "$DIR/chain-t$t.csv" "$DIR/m100k-t$t.csv"
done

echo "== size of the Entity List: 0, 187 (the real list), 1,187 and 5,187 entities"
[ -d "$DIR/pack-0" ] || {
  target/release/examples/grow_entity_list rules/uflpa "$DIR/pack-0" 0
  grep -E '^(#|name,)' rules/uflpa/entity-list.csv > "$DIR/pack-0/entity-list.csv"
  sed -i 's/^entities = .*/entities = 0/' "$DIR/pack-0/pack.toml"
}
[ -d "$DIR/pack-1k" ] || target/release/examples/grow_entity_list rules/uflpa "$DIR/pack-1k" 1000
[ -d "$DIR/pack-5k" ] || target/release/examples/grow_entity_list rules/uflpa "$DIR/pack-5k" 5000
for f in m1m m1m-distinct; do
  hyperfine --warmup 1 --runs 3 --prepare "rm -f $DIR/out.csv" \
    -L p "$DIR/pack-0,rules/uflpa,$DIR/pack-1k,$DIR/pack-5k" \
    "$BIN screen --exit-zero --rules {p} --format csv -o $DIR/out.csv $DIR/$f.csv"
done
