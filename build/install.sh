#!/bin/sh
# Installs AotSuite's tools from the release archives beside this script (`dotnet run build.cs -- release` writes them
# all into artifacts/release). Every archive is checked against SHA256SUMS before anything is installed; then each
# tool's single binary goes into PREFIX/bin. No root needed.
#
#   sh install.sh                    # every tool, into ~/.local/bin
#   sh install.sh --prefix DIR       # into DIR/bin
#   sh install.sh task watcher       # only these tools
set -eu

version='@VERSION@'
platform='@PLATFORM@'
me='install.sh'

die() {
  printf '%s: error: %s\n' "$me" "$*" >&2
  exit 1
}

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

prefix=''
wanted=''
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      [ $# -ge 2 ] && [ -n "$2" ] || { printf '%s: error: --prefix needs a directory\n' "$me" >&2; exit 2; }
      prefix=$2
      shift 2
      ;;
    --prefix=*)
      prefix=${1#--prefix=}
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*)
      printf '%s: error: unknown option %s (accepted: --prefix DIR, TOOL...)\n' "$me" "$1" >&2
      exit 2
      ;;
    *)
      wanted="$wanted $1"
      shift
      ;;
  esac
done

if [ -z "$prefix" ]; then
  [ -n "${HOME:-}" ] || die "HOME is not set; say where to install with --prefix DIR"
  prefix="$HOME/.local"
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) here_platform='linux-x64' ;;
  Linux-aarch64 | Linux-arm64) here_platform='linux-arm64' ;;
  *) here_platform="$(uname -s)-$(uname -m)" ;;
esac
[ "$here_platform" = "$platform" ] || die "these binaries are for $platform; this machine is $here_platform"

dir=$(cd "$(dirname "$0")" && pwd)
sums="$dir/SHA256SUMS"
[ -f "$sums" ] || die "no SHA256SUMS beside install.sh in $dir; download it with the archives"

if command -v sha256sum >/dev/null 2>&1; then
  digest() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
  digest() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
  die "neither sha256sum nor shasum is installed; cannot verify the archives"
fi

suffix="-$version-$platform.tar.gz"

# The archives to install: every one SHA256SUMS lists, or only the named tools'.
selected=''
for tool in $wanted; do
  grep -q "  $tool$suffix\$" "$sums" || die "no archive for '$tool' in SHA256SUMS (it lists:$(sed "s/.*  //; s/$suffix\$//" "$sums" | tr '\n' ' ' | sed 's/ $//; s/^/ /'))"
done
while read -r expected file; do
  tool=${file%"$suffix"}
  [ "$tool" != "$file" ] || die "SHA256SUMS lists '$file', which is not a $version $platform archive"
  if [ -n "$wanted" ]; then
    case " $wanted " in *" $tool "*) ;; *) continue ;; esac
  fi
  selected="$selected $tool"
done <"$sums"
[ -n "$selected" ] || die "SHA256SUMS lists no archives"

# First every checksum, so a bad download installs nothing.
for tool in $selected; do
  file="$tool$suffix"
  [ -f "$dir/$file" ] || die "$file is missing from $dir (SHA256SUMS lists it); download it again"
  expected=$(grep "  $file\$" "$sums" | cut -d ' ' -f 1)
  actual=$(digest "$dir/$file")
  [ "$actual" = "$expected" ] || die "checksum mismatch for $file: SHA256SUMS says $expected, the file is $actual; it is damaged or was altered, so nothing was installed (download it again)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/aotsuite-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

bin="$prefix/bin"
mkdir -p "$bin" || die "cannot create $bin"
for tool in $selected; do
  file="$tool$suffix"
  tar -xzf "$dir/$file" -C "$work" || die "cannot unpack $file"
  binary="$work/$tool-$version-$platform/$tool"
  [ -f "$binary" ] || die "$file holds no $tool-$version-$platform/$tool"
  # Copy beside the target, then rename over it: a running old binary keeps its inode, and no half-copied file is
  # ever on the PATH.
  cp "$binary" "$bin/.$tool.new.$$" || die "cannot write into $bin"
  chmod 755 "$bin/.$tool.new.$$"
  mv -f "$bin/.$tool.new.$$" "$bin/$tool"
  printf 'installed %s %s -> %s\n' "$tool" "$version" "$bin/$tool"
done

case ":${PATH:-}:" in
  *":$bin:"*) ;;
  *) printf '%s is not on your PATH; add it, e.g.: export PATH="%s:$PATH"\n' "$bin" "$bin" ;;
esac
