#!/usr/bin/env bash
# Fetch Debian's ppc64le kernel and static busybox into the cache (never into the repo) and
# print where they are, one KEY=VALUE a line:
#   KERNEL_PACKAGE=linux-image-6.1.0-NN-powerpc64le   KERNEL_VERSION=6.1.NNN-1
#   VMLINUX=<cache>/…/boot/vmlinux-6.1.0-NN-powerpc64le   (an ELF)
#   BUSYBOX_VERSION=1:1.35.0-…                            BUSYBOX=<cache>/…/bin/busybox
# The cache is ${PSERIES_RR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pseries-rr}/linux/, one
# directory per package and version, so a new Debian upload sits beside the old one.
# Idempotent and quick: once fetched, the set recorded in <cache>/current.env is reused
# (~10 ms, no apt call), so the corpus kernel changes only when asked: `fetch.sh --refresh`
# asks apt for the current ABI package and fetches it if it is new. apt-get update runs at
# most once, and only when apt does not know the packages (or a download fails). When apt
# cannot answer and a fetched set exists, that set is used with a warning.
# Exit status: 0 fetched or cached, 1 apt could not provide a package (one line on stderr).
set -euo pipefail
export LC_ALL=C

ARCH=ppc64el
META=linux-image-powerpc64le
BUSYBOX_PKG=busybox-static
CACHE="${PSERIES_RR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pseries-rr}/linux"
mkdir -p "$CACHE/debs"

SUDO="" APT_OPTS=""
# As root, apt-get download would warn that its sandbox user cannot write the cache.
if [ "$(id -u)" -eq 0 ]; then APT_OPTS="-o APT::Sandbox::User=root"; else SUDO="sudo"; fi

say() { echo "fetch.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# The last complete result, for when apt cannot answer (offline, no lists).
fallback() {
  if [ -f "$CACHE/current.env" ]; then
    # shellcheck disable=SC1091
    . "$CACHE/current.env"
    if [ -f "${VMLINUX:-}" ] && [ -x "${BUSYBOX:-}" ]; then
      say "warning: $1; using the cached $KERNEL_PACKAGE $KERNEL_VERSION"
      cat "$CACHE/current.env"
      exit 0
    fi
  fi
  die "$1"
}

updated=0
apt_update_once() {
  [ "$updated" -eq 0 ] || return 1
  updated=1
  if ! dpkg --print-foreign-architectures | grep -qx "$ARCH"; then
    $SUDO dpkg --add-architecture "$ARCH" || return 1
  fi
  say "apt-get update (the $ARCH package lists are missing or stale)"
  $SUDO apt-get update -qq >&2 || return 1
}

# The kernel package the meta package depends on (linux-image-6.1.0-NN-powerpc64le), then
# both candidates from one apt-cache policy call (each apt-cache run costs ~1.3 s here).
kernel_package() {
  apt-cache depends "$META:$ARCH" 2>/dev/null |
    sed -n "s/^ *Depends: \(linux-image-[0-9][^:]*-powerpc64le\)\(:$ARCH\)\?$/\1/p" | head -n1
}
candidates() { # PKG... -> "PKG VERSION" lines
  apt-cache policy "${@/%/:$ARCH}" 2>/dev/null |
    awk -v arch=":$ARCH:" '/^[^ ]/ { p = $0; sub(arch "$", "", p); sub(":$", "", p) }
      /^ *Candidate: / && $2 != "(none)" { print p, $2 }'
}
resolve() {
  KERNEL_PACKAGE="$(kernel_package || true)"
  [ -n "$KERNEL_PACKAGE" ] || return 0
  local c; c="$(candidates "$KERNEL_PACKAGE" "$BUSYBOX_PKG")"
  KERNEL_VERSION="$(awk -v p="$KERNEL_PACKAGE" '$1 == p { print $2 }' <<< "$c")"
  BUSYBOX_VERSION="$(awk -v p="$BUSYBOX_PKG" '$1 == p { print $2 }' <<< "$c")"
}

# Quick path: the set fetched last time, unless --refresh asks apt for the current one.
if [ "${1:-}" != --refresh ] && [ -f "$CACHE/current.env" ]; then
  # shellcheck disable=SC1091
  . "$CACHE/current.env"
  if [ -f "${VMLINUX:-}" ] && [ -x "${BUSYBOX:-}" ]; then cat "$CACHE/current.env"; exit 0; fi
fi

KERNEL_PACKAGE="" KERNEL_VERSION="" BUSYBOX_VERSION=""
resolve
if [ -z "$KERNEL_PACKAGE" ] || [ -z "$KERNEL_VERSION" ] || [ -z "$BUSYBOX_VERSION" ]; then
  apt_update_once || fallback "apt-get update failed: cannot look up $META:$ARCH (run 'dpkg --add-architecture $ARCH && apt-get update' as root, check the network)"
  resolve
fi
[ -n "$KERNEL_PACKAGE" ] || fallback "apt knows no $META:$ARCH: run 'dpkg --add-architecture $ARCH && apt-get update' on a Debian 12 machine"
[ -n "$KERNEL_VERSION" ] || fallback "apt has no candidate for $KERNEL_PACKAGE:$ARCH: run 'apt-get update'"
[ -n "$BUSYBOX_VERSION" ] || fallback "apt has no candidate for $BUSYBOX_PKG:$ARCH: run 'dpkg --add-architecture $ARCH && apt-get update'"

# download PACKAGE VERSION -> path of the .deb in the cache (apt-get download, no install).
download() {
  local pkg="$1" ver="$2" deb
  deb="$CACHE/debs/${pkg}_${ver//:/%3a}_$ARCH.deb"
  if [ ! -s "$deb" ]; then
    local tmp; tmp="$(mktemp -d "$CACHE/debs/.dl.XXXXXX")"
    say "downloading $pkg:$ARCH=$ver"
    if ! (cd "$tmp" && apt-get download -q=2 $APT_OPTS "$pkg:$ARCH=$ver" >&2); then
      # Lists can be older than the archive (the version was superseded): refresh once.
      if apt_update_once && (cd "$tmp" && apt-get download -q=2 $APT_OPTS "$pkg:$ARCH=$ver" >&2); then :; else
        rm -rf "$tmp"
        fallback "apt-get download $pkg:$ARCH=$ver failed: run 'apt-get update' and check that Debian's mirror is reachable"
      fi
    fi
    mv "$tmp"/*.deb "$deb"
    rmdir "$tmp"
  fi
  echo "$deb"
}

# extract DEB DIR MEMBER... : only the members we use (the kernel package is mostly modules).
extract() {
  local deb="$1" dir="$2"; shift 2
  [ -f "$dir/.complete" ] && return 0
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" --wildcards "$@"
  touch "$dir.tmp/.complete"
  rm -rf "$dir"; mv "$dir.tmp" "$dir"
}

kdeb="$(download "$KERNEL_PACKAGE" "$KERNEL_VERSION")"
bdeb="$(download "$BUSYBOX_PKG" "$BUSYBOX_VERSION")"
kdir="$CACHE/${KERNEL_PACKAGE}_${KERNEL_VERSION//:/%3a}"
bdir="$CACHE/${BUSYBOX_PKG}_${BUSYBOX_VERSION//:/%3a}"
extract "$kdeb" "$kdir" './boot/*'
extract "$bdeb" "$bdir" './bin/busybox'

VMLINUX="$(ls "$kdir"/boot/vmlinux-* 2>/dev/null | head -n1)"
BUSYBOX="$bdir/bin/busybox"
[ -f "$VMLINUX" ] || die "$kdeb has no /boot/vmlinux-*: the package layout changed"
[ -x "$BUSYBOX" ] || die "$bdeb has no /bin/busybox: the package layout changed"
[ "$(head -c4 "$VMLINUX" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || die "$VMLINUX is not an ELF file"

out="KERNEL_PACKAGE=$KERNEL_PACKAGE
KERNEL_VERSION=$KERNEL_VERSION
VMLINUX=$VMLINUX
BUSYBOX_VERSION=$BUSYBOX_VERSION
BUSYBOX=$BUSYBOX
CACHE=$CACHE"
printf '%s\n' "$out" > "$CACHE/current.env.tmp" && mv "$CACHE/current.env.tmp" "$CACHE/current.env"
printf '%s\n' "$out"
