#!/usr/bin/env bash
# Installs the .deb into a clean Debian 12 (a debootstrap minbase chroot) with apt, starts the
# installed app under Xvfb and checks it runs and creates its database; saves a screenshot.
# Needs root and the Debian mirror; takes a few minutes. Not part of .ci/test (network, root).
# Usage: tests/package/clean_install.sh [path/to/ArchDecide_*.deb]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
deb=$(realpath "${1:-$(ls -t "$root"/target/release/bundle/deb/*.deb | head -1)}")
chroot_dir=${CHROOT_DIR:-/tmp/archdecide-clean-debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
[ -x "$chroot_dir/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$chroot_dir" http://deb.debian.org/debian
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mkdir -p "$chroot_dir/tmp/.X11-unix"
mount -t proc proc "$chroot_dir/proc"
mount --bind /dev "$chroot_dir/dev"
mount --bind /tmp/.X11-unix "$chroot_dir/tmp/.X11-unix"
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() {
  chroot "$chroot_dir" pkill archdecide || true
  kill "$xvfb" 2>/dev/null || true
  umount "$chroot_dir/tmp/.X11-unix" "$chroot_dir/dev" "$chroot_dir/proc" 2>/dev/null || true
}
trap cleanup EXIT
cp "$deb" "$chroot_dir/tmp/archdecide.deb"
echo "==> apt install $(basename "$deb") ($(du -h "$deb" | cut -f1)) into a clean Debian 12"
chroot "$chroot_dir" bash -c "apt-get update -qq && apt-get install -y -qq /tmp/archdecide.deb >/dev/null"
chroot "$chroot_dir" bash -c "rm -rf /tmp/data; HOME=/root DISPLAY=$display archdecide --data-dir /tmp/data >/tmp/app.log 2>&1 &"
sleep 10
import -display "$display" -window root "$root/tests/artifacts/clean-install.png"
chroot "$chroot_dir" pgrep -x archdecide >/dev/null || { echo "the installed app is not running"; cat "$chroot_dir/tmp/app.log"; exit 1; }
[ -f "$chroot_dir/tmp/data/archdecide.db" ] || { echo "the installed app created no database"; exit 1; }
echo "==> installed, started and running; screenshot: tests/artifacts/clean-install.png"
