#!/usr/bin/env bash
# The Python package's tests (issue 17), run by .ci/test after `cargo test`: build the abi3
# wheel with maturin (release, in a venv holding only maturin), pip-install it in a fresh
# venv with the pinned packages of python/requirements.txt, and run pytest: the samples
# through polars and pandas against the CLI's verdicts, and Spark in local mode through
# mapInArrow on a generated manifest. Each step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py=${PYTHON:-python3}
work="$root/python/target/ci"
mkdir -p "$work"

step() {
  local name=$1
  shift
  local t0
  t0=$(date +%s)
  "$@"
  echo "ci/test-python.sh: $name: $(($(date +%s) - t0)) s" >&2
}

# Spark needs Java (17 is what Spark 4 supports); Debian's package when we may install it.
java_for_spark() {
  if command -v java >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Java for the Spark test" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "note: java is not installed; the Spark test will be skipped" >&2
  fi
}

build_venv() {
  rm -rf "$work/build-venv" "$work/wheels"
  "$py" -m venv "$work/build-venv"
  "$work/build-venv/bin/pip" install -q "$(grep '^maturin==' python/requirements.txt)"
}

wheel() {
  "$work/build-venv/bin/maturin" build --release --locked -m python/Cargo.toml -o "$work/wheels" </dev/null
  ls -l "$work"/wheels/*.whl >&2
}

test_venv() {
  rm -rf "$work/test-venv"
  "$py" -m venv "$work/test-venv"
  grep -v '^maturin==' python/requirements.txt >"$work/test-requirements.txt"
  "$work/test-venv/bin/pip" install -q -r "$work/test-requirements.txt" "$work"/wheels/*.whl
}

cli_and_manifest() {
  cargo build --locked --bin uflpa-screen --example gen_manifest </dev/null
  target/debug/examples/gen_manifest 3000 "$work/spark-manifest.csv" 17 realistic >/dev/null
}

run_pytest() {
  # From outside python/, so that the installed package is imported, not the sources.
  (cd "$work" && UFLPA_SCREEN_BIN="$root/target/debug/uflpa-screen" \
    UFLPA_SPARK_MANIFEST="$work/spark-manifest.csv" \
    test-venv/bin/python -m pytest -q -s -p no:cacheprovider "$root/python/tests")
}

step "java" java_for_spark
step "build venv (maturin)" build_venv
step "wheel (maturin build --release)" wheel
step "fresh venv + pinned packages + wheel" test_venv
step "CLI and a 3000-row manifest" cli_and_manifest
step "pytest (polars, pandas, Spark local mode)" run_pytest
