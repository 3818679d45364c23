#!/usr/bin/env bash
# Tests of the GitHub Action's scripts (ci/action/install.sh, ci/action/run.sh), outside GitHub:
# fake GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_WORKSPACE, RUNNER_OS, RUNNER_TEMP.
#
#   bash ci/test-action.sh               # stub checks, then the real binary if there is one
#   bash ci/test-action.sh --stub-only   # no uflpa-screen binary needed, no cargo run
#   RUN_INSTALL=1 bash ci/test-action.sh # also install.sh's build from source: SLOW
#       (`cargo install --path . --profile dist --locked`, thin LTO: many minutes on two cores;
#       set CARGO_TARGET_DIR, e.g. target/install-build, to keep the compiled crates)
#
# 1. Stub checks: a shell script stands in for uflpa-screen and records its arguments; they
#    check how run.sh passes inputs, globs and quoted args, exit codes, outputs and the summary,
#    and install.sh's three modes: UFLPA_BIN, a release download with its checksum (from a
#    file:// "release" packaged by ci/build-release.sh) and the cache key.
# 2. Real binary (UFLPA_BIN, else target/{dist,release,debug}/uflpa-screen; nothing is built):
#    sample-manifests/*.csv with the defaults must exit 1, give presumed > 0 and put ::error
#    annotations on stdout; ordinary-goods.csv (all clear) must exit 0 with presumed=0.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo=$PWD

given_bin=${UFLPA_BIN:-} # read before the fake runner environments unset it
stub_only=0
case ${1:-} in
  --stub-only) stub_only=1 ;;
  '') ;;
  *) echo "usage: bash ci/test-action.sh [--stub-only]" >&2; exit 2 ;;
esac

passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # description, then a command that must succeed
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
has_line() { grep -qx -- "$2" "$1"; }
out_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# A fresh fake runner environment in $tmp/env.N; sets the GITHUB_* and RUNNER_* variables.
n=0
fake_runner() {
  n=$((n + 1))
  env_dir=$tmp/env.$n
  mkdir -p "$env_dir/temp"
  export GITHUB_OUTPUT=$env_dir/output GITHUB_STEP_SUMMARY=$env_dir/summary.md
  export GITHUB_PATH=$env_dir/path GITHUB_WORKSPACE=$repo GITHUB_ACTION_PATH=$repo
  export RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP=$env_dir/temp
  : >"$GITHUB_OUTPUT"
  : >"$GITHUB_STEP_SUMMARY"
  : >"$GITHUB_PATH"
  unset INPUT_FILES INPUT_FORMAT INPUT_FAIL_ON INPUT_BASELINE INPUT_CONFIG INPUT_ARGS INPUT_VERSION \
    INPUT_REPOSITORY UFLPA_BIN UFLPA_SCREEN UFLPA_INSTALL_ROOT UFLPA_RELEASE_BASE_URL ACTION_REF
}

# --- 1. stub -------------------------------------------------------------------------------
stub=$tmp/stub/uflpa-screen
mkdir -p "$tmp/stub"
cat >"$stub" <<'EOF'
#!/usr/bin/env bash
# Stand-in for uflpa-screen: records its arguments (one a line) in $STUB_LOG, writes a JSON
# document to --write-json (or --write-baseline), one ::error per file, exits $STUB_EXIT
# (default 1).
[ "${1:-}" = --version ] && { echo "uflpa-screen 0.0.0-stub"; exit 0; }
printf '%s\n' "$@" >"${STUB_LOG:-/dev/null}"
json=
files=0
after_dashes=0
while [ $# -gt 0 ]; do
  if [ $after_dashes = 1 ]; then
    files=$((files + 1)); echo "::error file=$1,line=2,title=XJ101 presumed (row 1)::stub"
  else
    case $1 in
      --write-json | --write-baseline) json=$2; shift ;;
      --write-json=* | --write-baseline=*) json=${1#*=} ;;
      --) after_dashes=1 ;;
    esac
  fi
  shift
done
if [ "${STUB_EXIT:-1}" != 2 ] && [ -n "$json" ]; then
  printf '{"summary": {"rows_read": 9, "rejected": 1, "verdicts": {"clear": 4, "presumed": 3, "review": 2}}, "findings": []}\n' >"$json"
fi
if [ -n "${STUB_SUMMARY:-}" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "## summary by the binary" >>"$GITHUB_STEP_SUMMARY"
fi
echo "uflpa-screen: stub summary on stderr" >&2
exit "${STUB_EXIT:-1}"
EOF
chmod 755 "$stub"

# install.sh with UFLPA_BIN
fake_runner
export UFLPA_BIN=$stub UFLPA_INSTALL_ROOT=$tmp/root1
bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
check "install.sh UFLPA_BIN: exit 0" test "$code" = 0
check "install.sh UFLPA_BIN: bin= output" has_line "$GITHUB_OUTPUT" "bin=$tmp/root1/bin/uflpa-screen"
check "install.sh UFLPA_BIN: copied and runs" test -x "$tmp/root1/bin/uflpa-screen"
check "install.sh UFLPA_BIN: bin dir on GITHUB_PATH" has_line "$GITHUB_PATH" "$tmp/root1/bin"
installed=$tmp/root1/bin/uflpa-screen

# run.sh: globs, quoted args, defaults
fake_runner
export UFLPA_SCREEN=$installed STUB_LOG=$env_dir/argv
export INPUT_FILES='sample-manifests/*.csv
  sample-manifests/supply-chain/manifest.csv' INPUT_FORMAT=github
export INPUT_ARGS="--map supplier='Ship From Party' --threads 1"
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
n_csv=$(find sample-manifests -maxdepth 1 -name '*.csv' | wc -l | tr -d ' ')
check "run.sh: exit code of the binary (1) kept" test "$code" = 1
check "run.sh: exit-code=1 output" has_line "$GITHUB_OUTPUT" "exit-code=1"
check "run.sh: presumed/review/clear/rejected from the JSON" \
  bash -c "grep -qx presumed=3 '$GITHUB_OUTPUT' && grep -qx review=2 '$GITHUB_OUTPUT' && grep -qx clear=4 '$GITHUB_OUTPUT' && grep -qx rejected=1 '$GITHUB_OUTPUT'"
check "run.sh: screen --format github first" test "$(head -n 4 "$STUB_LOG" | tr '\n' ' ')" = "screen --format github --write-json "
check "run.sh: no --fail-on when the input is empty" bash -c "! grep -qx -- --fail-on '$STUB_LOG'"
check "run.sh: quoted args stay one word" has_line "$STUB_LOG" "supplier=Ship From Party"
check "run.sh: every glob expanded ($n_csv + 1 files after --)" \
  test "$(sed -n '/^--$/,$p' "$STUB_LOG" | tail -n +2 | wc -l | tr -d ' ')" = "$((n_csv + 1))"
check "run.sh: annotations on stdout" bash -c "grep -q '^::error file=sample-manifests/' '$env_dir/stdout'"
check "run.sh: fallback summary written (the stub writes none)" grep -q '^| 3 | 2 | 4 | 1 |$' "$GITHUB_STEP_SUMMARY"
json_path=$(out_value "$GITHUB_OUTPUT" json)
check "run.sh: json= output names the JSON document" test -s "$json_path"

# run.sh: inputs passed through, the binary's own summary kept alone
fake_runner
export UFLPA_SCREEN=$installed STUB_LOG=$env_dir/argv STUB_SUMMARY=1 STUB_EXIT=0
export INPUT_FILES=sample-manifests/seafood.csv INPUT_FORMAT=sarif INPUT_FAIL_ON=review
export INPUT_BASELINE=uflpa-baseline.json INPUT_CONFIG=ci/none.toml
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
unset STUB_SUMMARY STUB_EXIT
check "run.sh: exit 0 kept" test "$code" = 0
check "run.sh: --format/--fail-on/--baseline/--config passed" \
  test "$(sed -n '1,10p' "$STUB_LOG" | tr '\n' ' ')" = "screen --format sarif --fail-on review --baseline uflpa-baseline.json --config ci/none.toml --write-json "
check "run.sh: the binary's summary is not doubled" test "$(cat "$GITHUB_STEP_SUMMARY")" = "## summary by the binary"

# run.sh: --write-baseline in args is used, not given twice
fake_runner
export UFLPA_SCREEN=$installed STUB_LOG=$env_dir/argv INPUT_FILES=sample-manifests/seafood.csv
export INPUT_ARGS="--write-baseline=$env_dir/mine.json"
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
check "run.sh: the user's --write-baseline only" test "$(grep -c -- '--write-' "$STUB_LOG")" = 1
check "run.sh: counts read from the user's baseline file" has_line "$GITHUB_OUTPUT" "presumed=3"

# run.sh: a glob that matches nothing
fake_runner
export UFLPA_SCREEN=$installed STUB_LOG=$env_dir/argv INPUT_FILES='sample-manifests/*.csv nothing/*.csv'
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
check "run.sh: unmatched glob exits 2" test "$code" = 2
check "run.sh: unmatched glob named in an ::error" grep -q '^::error title=uflpa-screen::no file matches: nothing/\*.csv' "$env_dir/stdout"
check "run.sh: binary not run on bad input" test ! -e "$STUB_LOG"
check "run.sh: exit-code=2 output on bad input" has_line "$GITHUB_OUTPUT" "exit-code=2"

# run.sh: the binary fails (exit 2, no JSON)
fake_runner
export UFLPA_SCREEN=$installed STUB_EXIT=2 INPUT_FILES=sample-manifests/seafood.csv
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
unset STUB_EXIT
check "run.sh: binary error exits 2" test "$code" = 2
check "run.sh: no counts after an error" bash -c "! grep -q '^presumed=' '$GITHUB_OUTPUT'"
check "run.sh: error summary" grep -q 'error\*\* (exit 2)' "$GITHUB_STEP_SUMMARY"

# run.sh: unbalanced quote in args
fake_runner
export UFLPA_SCREEN=$installed INPUT_FILES=sample-manifests/seafood.csv INPUT_ARGS="--map 'supplier=x"
bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
check "run.sh: unbalanced quote in args exits 2" test $? = 2

# install.sh: release download, checksum checked (a file:// release made by build-release.sh)
release=$tmp/release/v0.0.0-test
if UFLPA_BIN=$stub UFLPA_TAG=v0.0.0-test DIST_DIR=$release bash ci/build-release.sh x86_64-unknown-linux-gnu >"$tmp/pack.log" 2>&1; then
  ok "build-release.sh packages a given binary (UFLPA_BIN)"
else
  bad "build-release.sh packages a given binary (UFLPA_BIN)"; cat "$tmp/pack.log"
fi
check "build-release.sh: SHA256SUMS verifies" bash -c "cd '$release' && sha256sum -c --quiet SHA256SUMS"
fake_runner
export INPUT_VERSION=v0.0.0-test UFLPA_RELEASE_BASE_URL=file://$release UFLPA_INSTALL_ROOT=$tmp/root2
bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
check "install.sh version: exit 0" test "$code" = 0
check "install.sh version: checksum checked" grep -q 'matches SHA256SUMS' "$env_dir/stderr"
check "install.sh version: the release's binary installed" bash -c "'$tmp/root2/bin/uflpa-screen' --version | grep -q stub"
cp -r "$release" "$tmp/tampered"
# One hex digit of each sum changed.
awk '{ c = substr($1, 1, 1); print (c == "0" ? "1" : "0") substr($1, 2) "  " $2 }' \
  "$release/SHA256SUMS" >"$tmp/tampered/SHA256SUMS"
fake_runner
export INPUT_VERSION=v0.0.0-test UFLPA_RELEASE_BASE_URL=file://$tmp/tampered UFLPA_INSTALL_ROOT=$tmp/root3
bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
code=$?
check "install.sh version: checksum mismatch exits 2" test "$code" = 2
check "install.sh version: mismatch reported" grep -q 'checksum mismatch' "$env_dir/stdout"
check "install.sh version: nothing installed on mismatch" test ! -e "$tmp/root3/bin/uflpa-screen"
fake_runner
export INPUT_VERSION=v0.0.0-test UFLPA_RELEASE_BASE_URL=file://$release UFLPA_INSTALL_ROOT=$tmp/root4 RUNNER_OS=Linux RUNNER_ARCH=ARM64
bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
check "install.sh version: unsupported runner exits 2" test $? = 2
fake_runner
export INPUT_VERSION=v0.0.0-test GITHUB_ACTION_PATH=/home/runner/work/_actions/acme/uflpa-screen/v1 UFLPA_INSTALL_ROOT=$tmp/root5
# No network here: only check which URL it would fetch (a curl stub prints it and fails).
mkdir -p "$tmp/nocurl"
cat >"$tmp/nocurl/curl" <<'EOF'
#!/bin/sh
for a; do last=$a; done
echo "curl $last" >&2
exit 22
EOF
chmod 755 "$tmp/nocurl/curl"
PATH=$tmp/nocurl:$PATH bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
check "install.sh version: repository from the action path" \
  grep -q 'curl https://github.com/acme/uflpa-screen/releases/download/v0.0.0-test/uflpa-screen-v0.0.0-test-x86_64-unknown-linux-gnu.tar.gz' "$env_dir/stderr"

# install.sh cache-key
fake_runner
export ACTION_REF=v1 UFLPA_INSTALL_ROOT=$tmp/root6
k1=$(bash ci/action/install.sh cache-key | sed -n 's/^key=//p')
k2=$(bash ci/action/install.sh cache-key | sed -n 's/^key=//p')
k3=$(ACTION_REF=main bash ci/action/install.sh cache-key | sed -n 's/^key=//p')
check "cache-key: stable ($k1)" test -n "$k1" -a "$k1" = "$k2"
check "cache-key: changes with the ref" test "$k1" != "$k3"
check "cache-key: dir= output" has_line "$GITHUB_OUTPUT" "dir=$tmp/root6"

# install.sh building from source (cargo install --path . --profile dist --locked)
if [ "${RUN_INSTALL:-0}" = 1 ] && [ $stub_only = 0 ]; then
  fake_runner
  export UFLPA_INSTALL_ROOT=$tmp/cargo-install
  bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  code=$?
  check "install.sh from source: exit 0" test "$code" = 0
  check "install.sh from source: the binary runs" "$tmp/cargo-install/bin/uflpa-screen" --version
  check "install.sh from source: bin= output" has_line "$GITHUB_OUTPUT" "bin=$tmp/cargo-install/bin/uflpa-screen"
  if [ -z "$given_bin" ] && [ -x "$tmp/cargo-install/bin/uflpa-screen" ]; then
    given_bin=$tmp/cargo-install/bin/uflpa-screen # the real-binary checks use it
  fi
  [ "$code" = 0 ] || tail -n 30 "$env_dir/stderr"
else
  echo "skip install.sh from source (RUN_INSTALL=1 runs cargo install --path .)"
  skipped=$((skipped + 1))
fi

# --- 2. the real binary ----------------------------------------------------------------------
real=
if [ $stub_only = 0 ]; then
  for c in "$given_bin" target/dist/uflpa-screen target/release/uflpa-screen target/debug/uflpa-screen; do
    if [ -n "$c" ] && [ -x "$c" ] && [ "$c" != "$stub" ]; then real=$c && break; fi
  done
fi
if [ $stub_only = 1 ]; then
  echo "skip real-binary checks (--stub-only)"
  skipped=$((skipped + 1))
elif [ -z "$real" ]; then
  echo "skip real-binary checks: no binary (set UFLPA_BIN, or build target/release/uflpa-screen)"
  skipped=$((skipped + 1))
else
  real=$(cd "$(dirname "$real")" && pwd)/$(basename "$real")
  fake_runner
  export UFLPA_BIN=$real UFLPA_INSTALL_ROOT=$tmp/real
  bash ci/action/install.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  check "real: install.sh (UFLPA_BIN=$real)" test $? = 0
  bin=$(out_value "$GITHUB_OUTPUT" bin)
  fake_runner
  export UFLPA_SCREEN=$bin INPUT_FILES='sample-manifests/*.csv' INPUT_FORMAT=github INPUT_FAIL_ON=presumed
  bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  code=$?
  check "real: samples exit 1 with fail-on presumed" test "$code" = 1
  check "real: exit-code=1 output" has_line "$GITHUB_OUTPUT" "exit-code=1"
  presumed=$(out_value "$GITHUB_OUTPUT" presumed)
  check "real: presumed=$presumed > 0" test "${presumed:-0}" -gt 0
  check "real: review and clear counts" bash -c "grep -Eqx 'review=[0-9]+' '$GITHUB_OUTPUT' && grep -Eqx 'clear=[0-9]+' '$GITHUB_OUTPUT'"
  check "real: ::error annotations on stdout" grep -q '^::error file=sample-manifests/' "$env_dir/stdout"
  check "real: stdout is workflow commands only" bash -c "! grep -v '^::' '$env_dir/stdout' | grep -q ."
  check "real: the binary's job summary (counts, failing findings)" \
    bash -c "grep -q '^### uflpa-screen' '$GITHUB_STEP_SUMMARY' && grep -q '^#### Findings that fail the run' '$GITHUB_STEP_SUMMARY'"
  check "real: JSON document parses" bash -c "jq -e '.summary.verdicts.presumed > 0' '$(out_value "$GITHUB_OUTPUT" json)' >/dev/null"
  if [ "$failed" -gt 0 ]; then sed -n 1,40p "$env_dir/stderr"; fi
  fake_runner
  export UFLPA_SCREEN=$bin INPUT_FILES=sample-manifests/ordinary-goods.csv
  bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  code=$?
  check "real: ordinary-goods.csv (all clear) exits 0" test "$code" = 0
  check "real: ordinary-goods.csv presumed=0" has_line "$GITHUB_OUTPUT" "presumed=0"
  # A baseline of the samples: writing it passes, and against it nothing is new.
  fake_runner
  export UFLPA_SCREEN=$bin INPUT_FILES='sample-manifests/*.csv' INPUT_ARGS="--write-baseline $tmp/samples-baseline.json"
  bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  code=$?
  check "real: --write-baseline exits 0" test "$code" = 0
  check "real: counts read from the written baseline" bash -c "grep -Eqx 'presumed=[1-9][0-9]*' '$GITHUB_OUTPUT'"
  fake_runner
  export UFLPA_SCREEN=$bin INPUT_FILES='sample-manifests/*.csv' INPUT_BASELINE=$tmp/samples-baseline.json
  bash ci/action/run.sh >"$env_dir/stdout" 2>"$env_dir/stderr"
  code=$?
  check "real: against its own baseline, exit 0" test "$code" = 0
  check "real: against its own baseline, no ::error" bash -c "! grep -q '^::error' '$env_dir/stdout'"
  check "real: the job summary says nothing is new" grep -q '^#### New findings (0 not in the baseline' "$GITHUB_STEP_SUMMARY"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
