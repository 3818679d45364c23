#!/usr/bin/env bash
# Try the pre-commit hook (.pre-commit-hooks.yaml) as a user would, with
# `pre-commit try-repo <this repository> uflpa-screen` in a fresh git repository holding two
# sample manifests:
#   sample-manifests/ordinary-goods.csv  (look-alikes only, all clear)  -> hook passes, exit 0
#   sample-manifests/solar-malaysia.csv  (presumed lines)               -> hook fails, exit 1
#
#   bash ci/test-precommit.sh
#
# SLOW the first time: pre-commit compiles the tool (`cargo install --bins --path .`, release
# profile, dependencies resolved afresh since pre-commit passes no --locked): many minutes on
# two cores. try-repo keeps its hook environment in a temporary store and deletes it, so each
# try-repo call installs again; CARGO_TARGET_DIR (default target/precommit-build) keeps the
# compiled crates between calls and runs, so only the first build is slow.
# try-repo takes the repository's HEAD plus its uncommitted changes to tracked files.
#
# Environment: PRECOMMIT_VENV (default target/precommit-venv), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

venv=${PRECOMMIT_VENV:-target/precommit-venv}
pin=pre-commit==4.7.0
if [ ! -x "$venv/bin/pre-commit" ] || [ "$(cat "$venv/.packages" 2>/dev/null)" != "$pin" ]; then
  echo "installing $pin into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin"
  printf '%s' "$pin" >"$venv/.packages"
fi
precommit=$repo/$venv/bin/pre-commit
"$precommit" --version
"$precommit" validate-manifest .pre-commit-hooks.yaml

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target/precommit-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/log
mkdir "$work/repo"
cp sample-manifests/ordinary-goods.csv sample-manifests/solar-malaysia.csv "$work/repo/"
cd "$work/repo"
git init -q .
git add ordinary-goods.csv solar-malaysia.csv
git -c user.name=test -c user.email=test@localhost -c commit.gpgsign=false commit -q -m samples

passed=0
failed=0
try() { # expected exit code, file
  local want=$1 file=$2 code
  echo "== pre-commit try-repo $repo uflpa-screen --files $file (expect exit $want)"
  set +e
  "$precommit" try-repo "$repo" uflpa-screen --verbose --files "$file" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  set -e
  if [ "$code" = "$want" ]; then
    passed=$((passed + 1)); echo "ok   $file: exit $code"
  else
    failed=$((failed + 1)); echo "FAIL $file: exit $code, expected $want"
  fi
}
expect_line() { # pattern, description
  if grep -q "$1" "$log"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $2"; fi
}
try 0 ordinary-goods.csv
expect_line 'uflpa-screen.*Passed' "ordinary-goods.csv: no 'Passed' line"
try 1 solar-malaysia.csv
expect_line 'uflpa-screen.*Failed' "solar-malaysia.csv: no 'Failed' line"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
