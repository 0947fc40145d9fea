#!/bin/bash
# Debian bookworm arm64 image for a Raspberry Pi 3/4 (Debian's own kernel and raspi-firmware, no
# Raspberry Pi OS) with the MALCOM-Edge agent installed:
#
#   sudo raspi-images/debian-arm64/build-image.sh [DEB] [OUT.img]     # SD card image, 2.5 GB
#   sudo ROOTFS_ONLY=1 raspi-images/debian-arm64/build-image.sh [DEB] [OUT.tar.gz]   # no loop devices
#
# The image has a FAT partition RASPIFIRM (/boot/firmware: firmware, kernel, config.txt and the
# malcom-edge/ folder for device.yaml) and an ext4 root RASPIROOT. Root's password is locked:
# log in over ssh as root with the keys in /boot/firmware/malcom-edge/authorized_keys.
# Same boot-partition config flow as the pi-gen stage (README.md). Needs debootstrap,
# qemu-user-static, binfmt-support, and for an image dosfstools, e2fsprogs and fdisk.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/rootfs.sh
. "$HERE/../lib/rootfs.sh"

DEB=${1:-$(ls -t "$HERE"/../../device-agent/target/malcom-agent_*.deb 2>/dev/null | head -1 || true)}
ROOTFS_ONLY=${ROOTFS_ONLY:-0}
OUT=${2:-$PWD/malcom-edge-debian-bookworm-arm64.$([ "$ROOTFS_ONLY" = 1 ] && echo tar.gz || echo img)}
IMAGE_SIZE=${IMAGE_SIZE:-2500M}
HOSTNAME_=${IMAGE_HOSTNAME:-malcom-edge}
export DEBIAN_COMPONENTS=main,non-free-firmware

[ -n "$DEB" ] && [ -f "$DEB" ] || die "no .deb given and none in device-agent/target (mvn -B -Pdeb -pl device-agent -am verify)"
if [ "$ROOTFS_ONLY" = 1 ]; then
    require_root_and_tools chroot tar
else
    require_root_and_tools chroot losetup sfdisk mkfs.vfat mkfs.ext4
fi

WORK=$(mktemp -d /var/tmp/malcom-image.XXXXXX)
ROOTFS=$WORK/rootfs
LOOP=""
cleanup() {
    rootfs_cleanup
    [ -z "$LOOP" ] || losetup -d "$LOOP" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$ROOTFS"
enable_arm64_emulation

if [ "$ROOTFS_ONLY" != 1 ]; then
    log "partitioning $OUT ($IMAGE_SIZE)"
    rm -f "$OUT"
    truncate -s "$IMAGE_SIZE" "$OUT"
    printf 'label: dos\nstart=8MiB, size=512MiB, type=c, bootable\nstart=520MiB, type=83\n' | sfdisk --quiet "$OUT"
    LOOP=$(losetup --find --show --partscan "$OUT")
    mkfs.vfat -F 32 -n RASPIFIRM "${LOOP}p1" >/dev/null
    mkfs.ext4 -q -L RASPIROOT "${LOOP}p2"
    rootfs_mount ext4 "${LOOP}p2" "$ROOTFS"
    mkdir -p "$ROOTFS/boot/firmware"
    rootfs_mount vfat "${LOOP}p1" "$ROOTFS/boot/firmware"
fi

debootstrap_arm64 "$ROOTFS" openjdk-17-jre-headless adduser systemd-sysv udev kmod ifupdown \
    isc-dhcp-client netbase iproute2 openssh-server ca-certificates wpasupplicant
mount_chroot_filesystems "$ROOTFS"

log "kernel and Raspberry Pi firmware"
# raspi-firmware's hooks write config.txt and cmdline.txt into /boot/firmware with this root.
printf 'ROOTPART=LABEL=RASPIROOT\nCONSOLES="ttyS1,115200 tty0"\n' >"$ROOTFS/etc/default/raspi-firmware"
in_chroot "$ROOTFS" apt-get install -y -q --no-install-recommends linux-image-arm64 raspi-firmware \
    firmware-brcm80211 wireless-regdb

log "system configuration"
echo "$HOSTNAME_" >"$ROOTFS/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$HOSTNAME_" >"$ROOTFS/etc/hosts"
printf 'LABEL=RASPIROOT / ext4 rw,noatime 0 1\nLABEL=RASPIFIRM /boot/firmware vfat rw,noatime 0 2\n' >"$ROOTFS/etc/fstab"
printf 'auto lo\niface lo inet loopback\n\nallow-hotplug eth0\niface eth0 inet dhcp\n' >"$ROOTFS/etc/network/interfaces"
# ssh keys from the boot partition, beside device.yaml; no password login anywhere.
mkdir -p "$ROOTFS/etc/systemd/system/ssh.service.d"
printf '[Service]\nExecStartPre=/bin/sh -c '\''[ ! -f /boot/firmware/malcom-edge/authorized_keys ] || install -D -m 600 /boot/firmware/malcom-edge/authorized_keys /root/.ssh/authorized_keys'\''\n' \
    >"$ROOTFS/etc/systemd/system/ssh.service.d/malcom-edge-keys.conf"
in_chroot "$ROOTFS" passwd --lock root >/dev/null

log "installing $(basename "$DEB")"
install_deb "$ROOTFS" "$DEB"
in_chroot "$ROOTFS" systemctl enable malcom-edge-firstboot.service
mkdir -p "$ROOTFS/boot/firmware/malcom-edge"
cp "$HERE/../pi-gen/stage-malcom/01-boot-config/files/README.txt" "$ROOTFS/boot/firmware/malcom-edge/README.txt"
rm -f "$ROOTFS/usr/sbin/policy-rc.d"
in_chroot "$ROOTFS" apt-get clean

if [ "$ROOTFS_ONLY" = 1 ]; then
    rootfs_cleanup
    tar -czf "$OUT" -C "$ROOTFS" .
fi
log "wrote $OUT"
