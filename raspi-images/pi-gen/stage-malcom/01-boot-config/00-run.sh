#!/bin/bash -e
# The config comes from the boot partition (FAT, writable from any computer): on every boot where
# /boot/firmware/malcom-edge/device.yaml exists, malcom-edge-firstboot.service (in the .deb)
# installs it to /etc/malcom-edge, validates it with `malcom-agent check-config`, and enables and
# starts the agent. The agent itself stays disabled until a valid config has arrived.
install -d "${ROOTFS_DIR}/boot/firmware/malcom-edge"
install -m 644 files/README.txt "${ROOTFS_DIR}/boot/firmware/malcom-edge/README.txt"
on_chroot <<CHROOT
systemctl enable malcom-edge-firstboot.service
systemctl disable malcom-agent.service
CHROOT
