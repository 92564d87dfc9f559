#!/usr/bin/env bash
# Run a bare-metal guest image on QEMU 7.2's pseries machine (the reference).
# The guest's console (spapr-vty) is this script's stdout; QEMU's own messages go to stderr.
# Usage: run-qemu.sh IMAGE [extra qemu args...]
set -euo pipefail
img="$1"; shift
exec timeout "${QEMU_TIMEOUT:-60}" qemu-system-ppc64 -M pseries -cpu POWER8 -m 512M \
  -nodefaults -nographic -no-reboot -bios "$img" \
  -chardev stdio,id=c0 -device spapr-vty,chardev=c0 \
  -object rng-random,id=rng0,filename=/dev/urandom -device spapr-rng,rng=rng0 \
  -seed 1 "$@"
