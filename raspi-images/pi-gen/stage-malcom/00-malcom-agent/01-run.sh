#!/bin/bash -e
# Installs the agent's .deb (put it in files/ first: see raspi-images/README.md). apt resolves its
# dependencies (a Java 17 runtime, adduser); postinst creates the system user malcom.
deb=$(ls files/malcom-agent_*_all.deb 2>/dev/null | tail -1)
if [ -z "${deb}" ]; then
    echo "stage-malcom: no files/malcom-agent_*_all.deb (mvn -B -Pdeb -pl device-agent -am verify, then copy it here)" >&2
    exit 1
fi
install -m 644 "${deb}" "${ROOTFS_DIR}/tmp/malcom-agent.deb"
on_chroot <<CHROOT
apt-get install -y --no-install-recommends /tmp/malcom-agent.deb
rm -f /tmp/malcom-agent.deb
CHROOT
