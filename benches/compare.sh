#!/usr/bin/env bash
# The end-to-end benchmark of docs/performance.md: uflpa-screen against one `xsv search` pass
# over the same generated 1,000,000-row manifest, then memory at 1M and 3M rows, the
# worst case (every supplier unique), thread counts, Parquet in and out, and a supply chain.
#
#   bash benches/compare.sh            # all of it (about 5 minutes once built)
#   bash benches/compare.sh xsv        # only the comparison with xsv
#
# Needs xsv and hyperfine on PATH (`cargo install xsv` and `cargo install hyperfine
# --version 1.20.0 --locked`, or Debian's `apt-get install hyperfine`). Data goes to
# $BENCH_DIR (default /tmp/uflpa-bench): about 2 GB for everything.
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

REGEX='(?i)xinjiang|urumqi|kashgar|aksu|hotan|korla|shihezi|turpan|新疆'
echo "== screen vs one xsv search pass, 1,000,000 rows ($(du -h "$DIR/m1m.csv" | cut -f1))"
hyperfine --warmup 2 --runs 10 --prepare "rm -f $DIR/out.csv" \
  "xsv search -s 'Supplier Address,Manufacturer Address' '$REGEX' $DIR/m1m.csv > /dev/null" \
  "$BIN screen --exit-zero --format csv -o $DIR/out.csv $DIR/m1m.csv"
[ "$ONLY" = xsv ] && exit 0

peak() { # peak RSS and wall time of one run
  rm -f "$DIR/out.csv" "$DIR/out.parquet"
  /usr/bin/time -f "  %e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | grep -v '^uflpa-screen:'
}
[ -s "$DIR/m3m.csv" ] || $GEN 3000000 "$DIR/m3m.csv" 7
[ -s "$DIR/m100k.csv" ] || $GEN 100000 "$DIR/m100k.csv" 42 --chain "$DIR/chain300k.csv"
[ -s "$DIR/m1m-distinct.csv" ] || $GEN 1000000 "$DIR/m1m-distinct.csv" 42 distinct
[ -s "$DIR/m1m.parquet" ] || target/release/examples/csv_to_parquet "$DIR/m1m.csv" "$DIR/m1m.parquet"

echo "== memory and time as rows grow"
for f in m100k m1m m3m; do
  echo "$f.csv:"; peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/$f.csv"
done
echo "== every supplier name unique (the outcome memo never hits)"
peak $BIN screen --exit-zero --format csv -o "$DIR/out.csv" "$DIR/m1m-distinct.csv"
echo "== threads"
hyperfine --warmup 1 --runs 5 --prepare "rm -f $DIR/out.csv" -L t 1,2 \
  "$BIN screen --exit-zero --threads {t} --format csv -o $DIR/out.csv $DIR/m1m.csv"
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
