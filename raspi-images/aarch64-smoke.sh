#!/bin/bash
# aarch64 smoke test without hardware (DESIGN.md sections 7 and 9): an arm64 Debian bookworm root
# with openjdk-17-jre-headless, built by debootstrap and run under qemu-user; installs the agent's
# .deb and runs `malcom-agent check-config` and `malcom-agent selftest` in it. Exit status is the
# selftest's. Takes several minutes; not part of the default build.
#
#   sudo raspi-images/aarch64-smoke.sh [DEB]
#
# DEB defaults to the newest device-agent/target/malcom-agent_*.deb (mvn -Pdeb -pl device-agent -am verify).
# WORK (default /var/tmp/malcom-aarch64-smoke) keeps rootfs.tar.gz, the root with Java and
# nothing of ours, so a second run skips debootstrap; FRESH=1 rebuilds it.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/rootfs.sh
. "$HERE/lib/rootfs.sh"

DEB=${1:-$(ls -t "$HERE"/../device-agent/target/malcom-agent_*.deb 2>/dev/null | head -1 || true)}
WORK=${WORK:-/var/tmp/malcom-aarch64-smoke}
ROOTFS=$WORK/rootfs
CACHE=$WORK/rootfs.tar.gz

[ -n "$DEB" ] && [ -f "$DEB" ] || die "no .deb given and none in device-agent/target (mvn -B -Pdeb -pl device-agent -am verify)"
require_root_and_tools chroot tar

cleanup() {
    rootfs_cleanup
    [ "${KEEP:-0}" = 1 ] || rm -rf "$ROOTFS" "$ROOTFS.cpuinfo"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
mkdir -p "$WORK"
rootfs_cleanup
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS"
enable_arm64_emulation

if [ -f "$CACHE" ] && [ "${FRESH:-0}" != 1 ]; then
    log "reusing $CACHE (FRESH=1 rebuilds it)"
    tar -xzf "$CACHE" -C "$ROOTFS"
else
    debootstrap_arm64 "$ROOTFS" openjdk-17-jre-headless adduser
    tar -czf "$CACHE.part" -C "$ROOTFS" . && mv "$CACHE.part" "$CACHE"
    log "root with Java built in $(($(date +%s) - started)) s, cached in $CACHE"
fi

mount_chroot_filesystems "$ROOTFS"
log "installing $(basename "$DEB")"
install_deb "$ROOTFS" "$DEB"
in_chroot "$ROOTFS" uname -m
in_chroot "$ROOTFS" java -version 2>&1 | head -1
in_chroot "$ROOTFS" malcom-agent check-config /etc/malcom-edge/device.yaml

log "malcom-agent selftest under qemu-aarch64"
status=0
in_chroot "$ROOTFS" runuser -u malcom -- malcom-agent selftest || status=$?
log "selftest exit status $status; whole smoke test $(($(date +%s) - started)) s"
exit "$status"
