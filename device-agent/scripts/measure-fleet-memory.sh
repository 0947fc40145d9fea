#!/bin/sh
# Peak RSS of real agent JVMs (device-agent/README.md, Memory), driven by the coordinator's own
# `plan` and `run` (README.md, A real fleet): `plan` writes the ring plan (MALCOM malcom:4), the
# Mosquitto config, passwords and ACL and one device.yaml per node for a broker on a free loopback
# port; Mosquitto runs on that config; NODES agents `java -XmxHEAP -XX:+UseSerialGC -jar
# malcom-agent.jar --config OUT/devices/nI.yaml` each under /usr/bin/time -v; then `run` drives them
# (plan, BIRTHs, START, reports, LEAVEs). Run from the repository root after
# `mvn -B -q -DskipTests package`:
#
#   device-agent/scripts/measure-fleet-memory.sh OUT NODES ROUNDS BACKEND HEAP [DATASET [MODEL]]
#   e.g. device-agent/scripts/measure-fleet-memory.sh /tmp/mem-ort 8 200 ort 128m
#
# The devices' state folder is OUT/device: datasets from OUT/device/data, a link to $MALCOM_DATA
# (else ~/.cache/malcom-edge/datasets) when that exists; fashion-mnist is also found in Debian's
# /usr/share/datasets/fashion-mnist. Prints each agent's "Maximum resident set size" (KiB); the
# plan, logs (OUT/nI.log, OUT/mosquitto.log, OUT/run.log), time reports and run folder stay in OUT.
set -eu
if [ $# -lt 5 ]; then
    echo "usage: $0 OUT NODES ROUNDS BACKEND HEAP [DATASET [MODEL]]" >&2
    exit 2
fi
OUT=$1 NODES=$2 ROUNDS=$3 BACKEND=$4 HEAP=$5 DATASET=${6:-fashion-mnist} MODEL=${7:-mlp:128}
AGENT=device-agent/target/malcom-agent.jar
COORDINATOR=coordinator/target/malcom-coordinator.jar
for jar in "$AGENT" "$COORDINATOR"; do
    if [ ! -f "$jar" ]; then
        echo "$0: $jar missing: run mvn -B -q -DskipTests package from the repository root first" >&2
        exit 2
    fi
done
rm -rf "$OUT" && mkdir -p "$OUT/device"
DATA=${MALCOM_DATA:-$HOME/.cache/malcom-edge/datasets}
if [ -d "$DATA" ]; then
    ln -s "$(cd "$DATA" && pwd)" "$OUT/device/data"
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BROKER_URI=tcp://127.0.0.1:$PORT

java -jar "$COORDINATOR" plan --out "$OUT" --experiment "mem-$BACKEND-$HEAP" --broker "$BROKER_URI" \
    --nodes "$NODES" --topology ring --algorithm malcom --compressor malcom:4 --dataset "$DATASET" --split iid \
    --model "$MODEL" --rounds "$ROUNDS" --eta 0.1 --gamma 0.1 --lambda 1e-4 --batch 32 --seed 1 \
    --eval-every 20 --test-samples 1000 --checkpoint-every 50 --round-timeout-ms 60000 \
    --device-backend "$BACKEND" --device-dir "$(cd "$OUT/device" && pwd)" > "$OUT/plan.log"
# The plan's listener binds its --broker host and port.
grep -qx "listener $PORT 127.0.0.1" "$OUT/mosquitto.conf" || {
    echo "$0: $OUT/mosquitto.conf does not listen on port $PORT as the plan says" >&2
    exit 1
}

BROKER_PID="" PIDS=""
stop() {
    # Agents and coordinator first, while the broker still carries their last words (STOP, LEAVE).
    # An agent's pid is its /usr/bin/time, which would outlive a kill and leave the JVM running:
    # stop the JVM (time then reports and exits).
    for pid in $PIDS; do
        pkill -TERM -P "$pid" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
    done
    # shellcheck disable=SC2086
    [ -z "$PIDS" ] || wait $PIDS || true
    [ -z "$BROKER_PID" ] || { kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" || true; }
}
trap stop EXIT
trap 'exit 130' INT TERM
# The config names its user (the files' owner, who ran plan): it starts as root and as that user.
mosquitto -c "$OUT/mosquitto.conf" > "$OUT/mosquitto.log" 2>&1 &
BROKER_PID=$!
sleep 0.5
if ! kill -0 "$BROKER_PID" 2>/dev/null; then
    cat "$OUT/mosquitto.log" >&2
    echo "$0: mosquitto -c $OUT/mosquitto.conf did not start" >&2
    exit 1
fi

AGENTS=""
i=0
while [ $i -lt "$NODES" ]; do
    /usr/bin/time -v -o "$OUT/n$i.time" java "-Xmx$HEAP" -XX:+UseSerialGC -jar "$AGENT" --config "$OUT/devices/n$i.yaml" \
        > "$OUT/n$i.log" 2>&1 &
    AGENTS="$AGENTS $!"
    PIDS="$PIDS $!"
    i=$((i + 1))
done
# In the background so that a signal to this script is handled at once (the trap stops it too).
java -jar "$COORDINATOR" run --plan "$OUT/plan.yaml" --broker "$BROKER_URI" \
    --password-file "$OUT/credentials/coordinator.password" --out "$OUT/run" > "$OUT/run.log" 2>&1 &
PIDS="$PIDS $!"
if ! wait $!; then
    cat "$OUT/run.log"
    echo "$0: the coordinator's run failed (agent logs: $OUT/nI.log); stopping the agents" >&2
    exit 1
fi
cat "$OUT/run.log"
STATUS=0
for pid in $AGENTS; do
    wait "$pid" || STATUS=1
done
PIDS=""
i=0
while [ $i -lt "$NODES" ]; do
    printf 'n%s: %s KiB max RSS, exit %s\n' "$i" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/n$i.time")" \
        "$(awk -F': ' '/Exit status/ {print $2}' "$OUT/n$i.time")"
    i=$((i + 1))
done | tee "$OUT/rss.txt"
exit $STATUS
