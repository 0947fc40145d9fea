# Shared steps of the arm64 Debian recipes (sourced, not run): emulation, debootstrap, chroot
# mounts and their cleanup. Callers set ROOTFS and call rootfs_cleanup from an EXIT trap.
# Needs root and the Debian packages debootstrap, qemu-user-static and binfmt-support.

DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_COMPONENTS=${DEBIAN_COMPONENTS:-main}
ROOTFS_MOUNTS=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

require_root_and_tools() {
    [ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mounts need it)"
    local missing=() tool
    for tool in debootstrap update-binfmts qemu-aarch64-static "$@"; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    [ ${#missing[@]} = 0 ] || die "missing ${missing[*]}: apt-get install debootstrap qemu-user-static binfmt-support"
}

# Lets the kernel run arm64 binaries through qemu-user. Where no systemd mounts binfmt_misc
# (containers, CI), mount it and enable the handler ourselves.
enable_arm64_emulation() {
    [ "$(uname -m)" = aarch64 ] && return 0
    if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
            || die "cannot mount binfmt_misc (a container needs --privileged for arm64 emulation)"
    fi
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
    grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null \
        || die "the qemu-aarch64 binfmt handler is not enabled (update-binfmts --display qemu-aarch64)"
}

# debootstrap_arm64 DIR PACKAGE...: a minimal arm64 Debian in DIR with the given packages.
debootstrap_arm64() {
    local dir=$1; shift
    local include
    include=$(IFS=,; echo "$*")
    log "debootstrap $DEBIAN_SUITE arm64 into $dir (+ $include)"
    debootstrap --arch=arm64 --variant=minbase --components="$DEBIAN_COMPONENTS" ${include:+--include="$include"} \
        "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" >"$dir.debootstrap.log" 2>&1 \
        || { tail -20 "$dir.debootstrap.log" >&2; die "debootstrap failed (log: $dir.debootstrap.log)"; }
    # Packages installed into an image must not try to start their services on the build host.
    printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
    chmod 755 "$dir/usr/sbin/policy-rc.d"
}

# An arm64 /proc/cpuinfo with as many cores as the host shows in /sys. Under qemu-user the
# emulated process sees the host's x86 cpuinfo, and ONNX Runtime 1.29.0 crashes at load when it
# does (DESIGN.md section 9); a Raspberry Pi 4's Cortex-A72 entries keep it happy.
write_arm64_cpuinfo() {
    local file=$1 cpu
    : >"$file"
    for ((cpu = 0; cpu < $(nproc --all); cpu++)); do
        printf 'processor\t: %d\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n' "$cpu" >>"$file"
    done
    printf 'Hardware\t: BCM2835\nRevision\t: c03114\nSerial\t\t: 100000000badc0de\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n' >>"$file"
}

# rootfs_mount TYPE-OR-BIND SOURCE TARGET: mounts and remembers it for rootfs_cleanup.
rootfs_mount() {
    local how=$1 source=$2 target=$3
    if [ "$how" = bind ]; then
        mount --bind "$source" "$target"
    else
        mount -t "$how" "$source" "$target"
    fi || die "cannot mount $source on $target"
    ROOTFS_MOUNTS+=("$target")
}

# Mounts /proc, /sys, /dev and /dev/pts into DIR, with an arm64 cpuinfo over /proc/cpuinfo.
mount_chroot_filesystems() {
    local dir=$1
    rootfs_mount proc proc "$dir/proc"
    rootfs_mount sysfs sysfs "$dir/sys"
    rootfs_mount bind /dev "$dir/dev"
    rootfs_mount devpts devpts "$dir/dev/pts"
    write_arm64_cpuinfo "$dir.cpuinfo"
    rootfs_mount bind "$dir.cpuinfo" "$dir/proc/cpuinfo"
}

# Unmounts everything rootfs_mount mounted, innermost first; safe to call twice.
rootfs_cleanup() {
    local i
    for ((i = ${#ROOTFS_MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${ROOTFS_MOUNTS[i]}" 2>/dev/null || umount -l "${ROOTFS_MOUNTS[i]}" 2>/dev/null \
            || log "warning: could not unmount ${ROOTFS_MOUNTS[i]}"
    done
    ROOTFS_MOUNTS=()
}

# in_chroot DIR COMMAND...: runs a command in the arm64 root, non-interactively.
in_chroot() {
    local dir=$1; shift
    chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# install_deb DIR DEB: installs the agent's .deb in DIR with its dependencies from the mirror.
install_deb() {
    local dir=$1 deb=$2
    cp "$deb" "$dir/tmp/malcom-agent.deb"
    in_chroot "$dir" apt-get install -y -q --no-install-recommends /tmp/malcom-agent.deb \
        || die "installing $(basename "$deb") in $dir failed"
    rm -f "$dir/tmp/malcom-agent.deb"
}
