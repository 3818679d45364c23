#!/usr/bin/env bash
# The GitHub Action's install step (action.yml), runnable outside GitHub.
#
#   bash ci/action/install.sh cache-key   # prints key=... and dir=... (to $GITHUB_OUTPUT too)
#   bash ci/action/install.sh             # installs; prints bin=PATH (to $GITHUB_OUTPUT too)
#
# Which binary, first that applies:
#   UFLPA_BIN=PATH     an existing binary (tests, self-hosted runners); it is copied
#   INPUT_VERSION=TAG  the release asset uflpa-screen-TAG-<target> for this runner, checked
#                      against the release's SHA256SUMS; from INPUT_REPOSITORY's releases
#                      (owner/name) or UFLPA_RELEASE_BASE_URL (any URL curl reads, file:// too)
#   otherwise          cargo install --path <action source> --profile dist --locked, into
#                      UFLPA_INSTALL_ROOT (cached by action.yml); skipped if already there
#
# Also reads RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH.
# Exit 2 on any failure, as the screen itself does on errors.
set -euo pipefail

die() {
  echo "::error title=uflpa-screen install::$*"
  echo "install.sh: $*" >&2
  exit 2
}

# Where the action's source is (the repository root): GITHUB_ACTION_PATH on GitHub.
src=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "neither sha256sum nor shasum is installed"
  fi
}

output() { # name=value to stdout and to $GITHUB_OUTPUT when set
  echo "$1"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

exe=
case ${RUNNER_OS:-$(uname -s)} in Windows | MINGW* | MSYS* | CYGWIN*) exe=.exe ;; esac

default_root() { echo "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/uflpa-screen-install"; }

# --- cache-key: what the built binary depends on -----------------------------------------
if [ "${1:-}" = cache-key ]; then
  # Every file the build reads; the ref alone would not do (a branch ref moves).
  list=$(mktemp)
  (
    cd "$src"
    for p in Cargo.toml Cargo.lock build.rs src rules; do
      [ -e "$p" ] && find "$p" -type f
    done | LC_ALL=C sort
  ) >"$list"
  [ -s "$list" ] || die "no Cargo.toml or sources under $src"
  sums=$(mktemp)
  while IFS= read -r f; do
    printf '%s  %s\n' "$(sha256 "$src/$f")" "$f"
  done <"$list" >"$sums"
  hash=$(sha256 "$sums")
  rm -f "$list" "$sums"
  ref=$(printf '%s' "${ACTION_REF:-local}" | tr -c 'A-Za-z0-9._-' '_')
  output "key=uflpa-screen-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$ref-${hash:0:32}"
  output "dir=${UFLPA_INSTALL_ROOT:-$(default_root)}"
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument: $1 (expected nothing or cache-key)"

root=${UFLPA_INSTALL_ROOT:-$(default_root)}
mkdir -p "$root/bin"
bin=$root/bin/uflpa-screen$exe

if [ -n "${UFLPA_BIN:-}" ]; then
  [ -f "$UFLPA_BIN" ] && [ -x "$UFLPA_BIN" ] || die "UFLPA_BIN=$UFLPA_BIN is not an executable file"
  if [ "$UFLPA_BIN" != "$bin" ]; then cp -f "$UFLPA_BIN" "$bin"; fi
  echo "using $UFLPA_BIN" >&2

elif [ -n "${INPUT_VERSION:-}" ]; then
  version=$INPUT_VERSION
  case $version in */* | *' '*) die "version '$version' is not a release tag" ;; esac
  os=${RUNNER_OS:-}
  arch=${RUNNER_ARCH:-}
  case $os/$arch in
    Linux/X64) target=x86_64-unknown-linux-gnu ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) die "no release binary for runner $os/$arch; leave 'version' empty to build from source" ;;
  esac
  case $target in *windows*) asset=uflpa-screen-$version-$target.zip ;; *) asset=uflpa-screen-$version-$target.tar.gz ;; esac
  if [ -n "${UFLPA_RELEASE_BASE_URL:-}" ]; then
    base=${UFLPA_RELEASE_BASE_URL%/}
  else
    repo=${INPUT_REPOSITORY:-}
    if [ -z "$repo" ] && [ -n "${GITHUB_ACTION_PATH:-}" ]; then
      # .../_actions/OWNER/NAME/REF: the action's own repository (backslashes on Windows).
      # shellcheck disable=SC1003 # '\\' is tr's escaped backslash, not a quote
      repo=$(printf '%s' "$GITHUB_ACTION_PATH" | tr '\\' '/' | sed -n 's#.*/_actions/\([^/]*\)/\([^/]*\)/[^/]*/*$#\1/\2#p')
    fi
    [ -n "$repo" ] || die "cannot tell which repository's releases to download from; set the 'repository' input (owner/name)"
    base=https://github.com/$repo/releases/download/$version
  fi
  command -v curl >/dev/null 2>&1 || die "curl is needed to download the release"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "downloading $base/$asset" >&2
  curl --fail --silent --show-error --location --retry 3 -o "$work/$asset" "$base/$asset" ||
    die "could not download $base/$asset"
  curl --fail --silent --show-error --location --retry 3 -o "$work/SHA256SUMS" "$base/SHA256SUMS" ||
    die "could not download $base/SHA256SUMS"
  want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS" | head -n 1)
  [ -n "$want" ] || die "SHA256SUMS of $version has no line for $asset"
  got=$(sha256 "$work/$asset")
  [ "$got" = "$want" ] || die "checksum mismatch for $asset: SHA256SUMS says $want, the download is $got"
  echo "sha256 $got matches SHA256SUMS" >&2
  case $asset in
    *.zip)
      command -v unzip >/dev/null 2>&1 || die "unzip is needed to unpack $asset"
      unzip -q "$work/$asset" -d "$work/x"
      ;;
    *) mkdir "$work/x" && tar -xzf "$work/$asset" -C "$work/x" ;;
  esac
  found=$work/x/uflpa-screen-$version-$target/uflpa-screen$exe
  [ -f "$found" ] || die "$asset does not contain uflpa-screen-$version-$target/uflpa-screen$exe"
  cp -f "$found" "$bin"
  chmod 755 "$bin"

else
  if [ -x "$bin" ]; then
    echo "$bin is there (cache hit): not building" >&2
  else
    command -v cargo >/dev/null 2>&1 ||
      die "cargo is not installed: install a Rust toolchain first, or set 'version' to download a release binary"
    echo "building from $src: cargo install --profile dist --locked" >&2
    cargo install --path "$src" --profile dist --locked --root "$root" ||
      die "cargo install failed"
    [ -x "$bin" ] || die "cargo install finished but $bin is missing"
  fi
fi

"$bin" --version >&2 || die "$bin does not run"
if [ -n "${GITHUB_PATH:-}" ]; then echo "$root/bin" >>"$GITHUB_PATH"; fi
output "bin=$bin"
