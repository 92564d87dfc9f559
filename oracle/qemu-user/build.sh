#!/usr/bin/env bash
# Builds the qemu-user harness for both byte orders into a cache directory outside git:
#   node_modules/.cache/pseries-rr/qemu-user/<sha256 of c/* and this script>/harness-{be,le}
# (harness.ts computes the same key and runs this script when the binaries are missing).
# Usage: oracle/qemu-user/build.sh [OUTDIR]     prints the output directory
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

key="$(cd "$here" && { for f in $(ls c | LC_ALL=C sort); do printf '%s\0' "$f"; cat "c/$f"; done; printf 'build.sh\0'; cat build.sh; } | sha256sum | cut -c1-64)"
out="${1:-$root/node_modules/.cache/pseries-rr/qemu-user/$key}"
mkdir -p "$out"

# Freestanding and static, no libc. ELFv2 for both byte orders (QEMU then enters signal
# handlers at their address with r12 set, as for ppc64le). Soft-float and no VMX/VSX, so
# the harness's own code never touches the FP/vector registers that belong to the case.
flags=(-O2 -mcpu=power8 -mabi=elfv2 -msoft-float -mno-altivec -mno-vsx
  -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector
  -fno-asynchronous-unwind-tables -fno-pie -no-pie -static -nostdlib -Wall -Wextra -Werror
  -Wl,--build-id=none -Wl,-z,noexecstack)
srcs=("$here/c/start.S" "$here/c/main.c" "$here/c/runner.c" "$here/c/util.c")

for endian in be le; do
  if [ "$endian" = be ]; then cc=powerpc64-linux-gnu-gcc; else cc=powerpc64le-linux-gnu-gcc; fi
  # a private name, then an atomic rename: concurrent builds (test workers) never see half a file
  "$cc" "${flags[@]}" -o "$out/harness-$endian.$$.tmp" "${srcs[@]}" -lgcc
  mv -f "$out/harness-$endian.$$.tmp" "$out/harness-$endian"
done
echo "$out"
