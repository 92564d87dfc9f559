#!/usr/bin/env bash
# Build the bare-metal guests: corpus/bare/src/<name>.s -> corpus/bare/<name>.img
# (flat binary, linked at 0, entry 0x100). Reproducible: no timestamps, no build ids.
# Usage: build.sh [name...]   (default: every guest)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src"
out="$here"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
AS=${AS:-powerpc64-linux-gnu-as}
LD=${LD:-powerpc64-linux-gnu-ld}
OBJCOPY=${OBJCOPY:-powerpc64-linux-gnu-objcopy}
export LC_ALL=C SOURCE_DATE_EPOCH=0

if [ "$#" -gt 0 ]; then names=("$@"); else
  names=(); for f in "$src"/*.s; do n="$(basename "$f" .s)"; case "$n" in *_le) continue;; esac; names+=("$n"); done
fi

for n in "${names[@]}"; do
  # Little-endian blobs a guest includes with .incbin: src/<guest>_le.s -> <tmp>/<guest>_le.bin
  if [ -f "$src/${n}_le.s" ]; then
    "$AS" -a64 -mpower8 -mregnames -mlittle -I "$src" -o "$tmp/${n}_le.o" "$src/${n}_le.s"
    "$LD" -EL -m elf64lppc -T "$here/link_le.ld" --build-id=none --no-warn-rwx-segments -o "$tmp/${n}_le.elf" "$tmp/${n}_le.o"
    "$OBJCOPY" -O binary "$tmp/${n}_le.elf" "$tmp/${n}_le.bin"
  fi
  "$AS" -a64 -mpower8 -mregnames -mbig -I "$src" -I "$tmp" -o "$tmp/$n.o" "$src/$n.s"
  "$LD" -EB -m elf64ppc -T "$here/link.ld" --build-id=none --no-warn-rwx-segments -o "$tmp/$n.elf" "$tmp/$n.o"
  "$OBJCOPY" -O binary "$tmp/$n.elf" "$out/$n.img"
  echo "built $n.img ($(stat -c %s "$out/$n.img") bytes)"
done
