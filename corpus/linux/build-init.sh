#!/usr/bin/env bash
# Build corpus/linux/init/init.S into a static ppc64le ELF with Debian's cross binutils
# (binutils-powerpc64le-linux-gnu). Reproducible: no build id, no timestamps, fixed layout.
# Usage: build-init.sh [OUT]   (default: corpus/linux/init/init, the committed copy)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/init/init}"
AS=${AS:-powerpc64le-linux-gnu-as}
LD=${LD:-powerpc64le-linux-gnu-ld}
export LC_ALL=C SOURCE_DATE_EPOCH=0
command -v "$AS" >/dev/null || { echo "build-init.sh: $AS not found: apt-get install binutils-powerpc64le-linux-gnu" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$AS" -a64 -mlittle -mpower8 -o "$tmp/init.o" "$here/init/init.S"
# -N: text and rodata in one RWX segment with no 64 KiB page padding, so the file stays
# tiny (592 bytes); ld's default base 0x10000000 puts _start at 0x10000078, right after
# the ELF header and the one program header. -s: no symbols.
"$LD" -EL -m elf64lppc -static -N -s --build-id=none --no-warn-rwx-segments \
  -e _start -o "$tmp/init" "$tmp/init.o"
install -m 0755 "$tmp/init" "$out"
echo "built $out ($(stat -c %s "$out") bytes)" >&2
