#!/usr/bin/env bash
# Record what QEMU 7.2 prints for every built guest: expected/<name>.txt = the exact stdout
# of run-qemu.sh (the guest's console; QEMU's own warnings go to stderr and are not kept).
# Usage: refresh-expected.sh [name...]   (default: every corpus/bare/*.img)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/expected"
if [ "$#" -gt 0 ]; then names=("$@"); else
  names=(); for f in "$here"/*.img; do names+=("$(basename "$f" .img)"); done
fi
status=0
for n in "${names[@]}"; do
  out="$here/expected/$n.txt"
  input=/dev/null
  [ -f "$here/input/$n.txt" ] && input="$here/input/$n.txt"   # console input for guests that read it
  if ! "$here/run-qemu.sh" "$here/$n.img" <"$input" >"$out.tmp" 2>/dev/null; then
    echo "$n: qemu failed or timed out" >&2; status=1
  fi
  mv "$out.tmp" "$out"
  summary="$(grep -E '^SUMMARY' "$out" || echo "no SUMMARY line")"
  if grep -qE '^(FAIL|UNEXPECTED)' "$out" || ! grep -qx 'ALL PASS' "$out"; then
    echo "$n: NOT ALL PASS: $summary" >&2; status=1
  else
    echo "$summary"
  fi
done
exit $status
