#!/usr/bin/env bash
# Build and package one release binary:
#   dist/uflpa-screen-<tag>-<target>.tar.gz   (.zip for Windows targets)
#   dist/SHA256SUMS                           (every archive in dist/)
#
#   bash ci/build-release.sh [TARGET]
#
# TARGET is a Rust target triple (default: the host's, from `rustc -vV`). The build is
# `cargo build --profile dist --locked --target TARGET` (Cargo.toml: stripped, thin LTO).
#
# Environment:
#   UFLPA_TAG         tag in the archive name (default: $GITHUB_REF_NAME on a tag build,
#                     else v<version in Cargo.toml>)
#   UFLPA_BIN         package this binary instead of building (no cargo is run)
#   CARGO_TARGET_DIR  cargo's target directory (default: target)
#   DIST_DIR          where the archives go (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "build-release.sh: $*" >&2; exit 2; }

sha256() { # prints the hex digest of a file
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "neither sha256sum nor shasum is installed"
  fi
}

size() { wc -c <"$1" | tr -d ' '; }

target=${1:-}
if [ -z "$target" ]; then
  command -v rustc >/dev/null 2>&1 || die "give the target triple (rustc is not on PATH)"
  target=$(rustc -vV | sed -n 's/^host: //p')
  [ -n "$target" ] || die "could not read the host triple from rustc -vV"
fi

if [ -n "${UFLPA_TAG:-}" ]; then
  tag=$UFLPA_TAG
elif [ "${GITHUB_REF_TYPE:-}" = tag ] && [ -n "${GITHUB_REF_NAME:-}" ]; then
  tag=$GITHUB_REF_NAME
else
  version=$(sed -n 's/^version = "\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
  [ -n "$version" ] || die "no version in Cargo.toml"
  tag=v$version
fi
case $tag in
  */* | *' '* | '') die "unusable tag for a file name: '$tag'" ;;
esac

exe=
case $target in *windows*) exe=.exe ;; esac

if [ -n "${UFLPA_BIN:-}" ]; then
  [ -f "$UFLPA_BIN" ] || die "UFLPA_BIN=$UFLPA_BIN is not a file"
  bin=$UFLPA_BIN
  echo "packaging $bin (UFLPA_BIN: no build)" >&2
else
  target_dir=${CARGO_TARGET_DIR:-target}
  cargo build --profile dist --locked --target "$target" --target-dir "$target_dir"
  bin=$target_dir/$target/dist/uflpa-screen$exe
  [ -f "$bin" ] || die "cargo finished but $bin is missing"
  # Runs where the target is the host's (not the cross-compiled x86_64 macOS binary).
  if [ "$target" = "$(rustc -vV | sed -n 's/^host: //p')" ]; then
    "$bin" --version || die "$bin does not run"
  fi
fi

dist=${DIST_DIR:-dist}
name=uflpa-screen-$tag-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$dist" "$stage/$name"
cp "$bin" "$stage/$name/uflpa-screen$exe"
chmod 755 "$stage/$name/uflpa-screen$exe"
cp README.md "$stage/$name/"
for f in LICENSE*; do
  [ -e "$f" ] && cp "$f" "$stage/$name/"
done

# The dist profile strips already; a binary given by UFLPA_BIN (a debug build, say) may not be.
# Only ELF files are stripped here, with the host's strip, and only when `file` says so.
if [ "${UFLPA_STRIP:-1}" = 1 ] && command -v file >/dev/null 2>&1 && command -v strip >/dev/null 2>&1; then
  info=$(file -b "$stage/$name/uflpa-screen$exe")
  case $info in
    ELF*"not stripped"*)
      echo "stripping (file: $info)" >&2
      strip "$stage/$name/uflpa-screen$exe"
      ;;
  esac
fi

# Archives are made inside the staging directory, then moved: no path has to be understood by
# both the shell and a native Windows 7z.
case $target in
  *windows*)
    archive=$name.zip
    if command -v zip >/dev/null 2>&1; then
      (cd "$stage" && zip -qr "$archive" "$name")
    elif command -v 7z >/dev/null 2>&1; then
      (cd "$stage" && 7z a -tzip -bd "$archive" "$name" >/dev/null)
    else
      die "neither zip nor 7z is installed"
    fi
    ;;
  *)
    archive=$name.tar.gz
    COPYFILE_DISABLE=1 tar -C "$stage" -czf "$stage/$archive" "$name"
    ;;
esac
mv -f "$stage/$archive" "$dist/$archive"

# SHA256SUMS over every archive in dist/, in `sha256sum -c` format.
(
  cd "$dist"
  : >SHA256SUMS.tmp
  for f in uflpa-screen-*.tar.gz uflpa-screen-*.zip; do
    [ -e "$f" ] || continue
    printf '%s  %s\n' "$(sha256 "$f")" "$f" >>SHA256SUMS.tmp
  done
  mv SHA256SUMS.tmp SHA256SUMS
)

echo "binary:  $(size "$stage/$name/uflpa-screen$exe") bytes ($target)"
echo "archive: $dist/$archive, $(size "$dist/$archive") bytes"
echo "sha256:  $(sha256 "$dist/$archive")"
