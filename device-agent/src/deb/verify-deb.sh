#!/bin/bash
# Checks the agent's .deb (run by `mvn -Pdeb verify`, or by hand: verify-deb.sh TARGET_DIR):
# control fields, conffiles, contents and modes, that the jar carries only Linux x64/aarch64
# ONNX Runtime natives, the systemd units (systemd-analyze verify, where available) and lintian
# (no errors; where available).
set -euo pipefail

target=${1:?usage: verify-deb.sh TARGET_DIR}
deb=$(ls -t "$target"/malcom-agent_*_all.deb | head -1)
problems=0
fail() { echo "verify-deb: $deb: $*" >&2; problems=$((problems + 1)); }

info=$(dpkg-deb --info "$deb")
for field in 'Package: malcom-agent' 'Architecture: all' \
        'Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser'; do
    grep -qxF " $field" <<<"$info" || fail "control lacks '$field'"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)
[ "$conffiles" = /etc/malcom-edge/device.yaml ] || fail "conffiles is '$conffiles', expected /etc/malcom-edge/device.yaml"
for script in postinst prerm postrm; do
    dpkg-deb --ctrl-tarfile "$deb" | tar -tvf - "./$script" | grep -q '^-rwxr-xr-x' || fail "$script is not executable"
done

contents=$(dpkg-deb --contents "$deb")
while read -r mode path; do
    grep -qE "^$mode root/root .* \\.$path\$" <<<"$contents" || fail "no $mode root/root $path"
done <<'EXPECTED'
-rw-r--r-- /usr/share/malcom-edge/malcom-agent.jar
-rwxr-xr-x /usr/bin/malcom-agent
-rwxr-xr-x /usr/lib/malcom-edge/firstboot
-rw-r--r-- /lib/systemd/system/malcom-agent.service
-rw-r--r-- /lib/systemd/system/malcom-edge-firstboot.service
-rw-r--r-- /lib/udev/rules.d/60-malcom-edge-gpio.rules
-rw-r--r-- /etc/malcom-edge/device.yaml
-rw-r--r-- /usr/share/doc/malcom-agent/copyright
-rw-r--r-- /usr/share/doc/malcom-agent/changelog.gz
EXPECTED

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
natives=$(jar tf "$root/usr/share/malcom-edge/malcom-agent.jar" | grep -E '^ai/onnxruntime/native/.+[^/]$' | sort)
expected=$'ai/onnxruntime/native/linux-aarch64/libonnxruntime.so\nai/onnxruntime/native/linux-aarch64/libonnxruntime4j_jni.so\nai/onnxruntime/native/linux-x64/libonnxruntime.so\nai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so'
[ "$natives" = "$expected" ] || fail "ONNX Runtime natives in the jar: $(echo $natives)"
(cd "$root" && jar xf usr/share/malcom-edge/malcom-agent.jar META-INF/MANIFEST.MF)
grep -q 'Main-Class: org.malcomedge.agent.cli.AgentMain' "$root/META-INF/MANIFEST.MF" || fail "the jar's manifest names no AgentMain"

if command -v systemd-analyze >/dev/null && [ -d /lib/systemd/system ]; then
    # The units' dependencies (sysinit.target...) come from the host; ours must not be overwritten.
    cp -rn /lib/systemd/system/. "$root/lib/systemd/system/"
    for unit in malcom-agent.service malcom-edge-firstboot.service; do
        out=$(systemd-analyze verify --root="$root" "/lib/systemd/system/$unit" 2>&1 | grep -v 'Failed to open /etc/machine-id' || true)
        [ -z "$out" ] || fail "systemd-analyze verify $unit: $out"
    done
    systemd-analyze security --offline=yes --root="$root" /lib/systemd/system/malcom-agent.service 2>/dev/null \
        | tail -1 | sed 's/^/verify-deb: malcom-agent.service /' || true
else
    echo "verify-deb: no systemd-analyze here, units not verified" >&2
fi

if command -v lintian >/dev/null; then
    # Errors fail the build; warnings are listed (systemctl in maintainer scripts, no manual page...).
    report=$(lintian --no-tag-display-limit "$deb" 2>&1 | grep -E '^[EW]: ' || true)
    errors=$(grep -c '^E: ' <<<"$report" || true)
    echo "verify-deb: lintian: $errors error(s), $(grep -c '^W: ' <<<"$report" || true) warning(s)"
    [ -z "$report" ] || sed 's/^/verify-deb:   /' <<<"$report"
    [ "$errors" = 0 ] || fail "lintian reports $errors error(s)"
else
    echo "verify-deb: no lintian here (apt-get install lintian), the package is not linted" >&2
fi

size() { stat -c %s "$1" | awk '{printf "%.1f MB", $1 / 1e6}'; }
echo "verify-deb: $(basename "$deb") $(size "$deb"); jar $(size "$target/malcom-agent.jar") -> $(size "$target/deb/malcom-agent.jar") without other platforms' natives"
[ "$problems" = 0 ] || { echo "verify-deb: $problems problem(s)" >&2; exit 1; }
