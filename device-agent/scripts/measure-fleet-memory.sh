#!/bin/sh
# Peak RSS of real agent JVMs (device-agent/README.md, Memory): a Mosquitto on a free loopback
# port, NODES agents `java -XmxHEAP -XX:+UseSerialGC -jar malcom-agent.jar --config nI.yaml` each
# under /usr/bin/time -v, and scripts/FleetRun.java as the coordinator (ring plan, MALCOM malcom:4).
# Run from the repository root after `mvn -pl device-agent -am package`:
#
#   device-agent/scripts/measure-fleet-memory.sh OUT NODES ROUNDS BACKEND HEAP [DATASET [MODEL]]
#   e.g. device-agent/scripts/measure-fleet-memory.sh /tmp/mem-ort 4 200 ort 128m
#
# Prints each agent's "Maximum resident set size" (KiB); logs and time reports stay in OUT.
set -eu
if [ $# -lt 5 ]; then
    echo "usage: $0 OUT NODES ROUNDS BACKEND HEAP [DATASET [MODEL]]" >&2
    exit 2
fi
OUT=$1 NODES=$2 ROUNDS=$3 BACKEND=$4 HEAP=$5 DATASET=${6:-fashion-mnist} MODEL=${7:-mlp:128}
JAR=device-agent/target/malcom-agent.jar
EXP=mem-$BACKEND-$HEAP
rm -rf "$OUT" && mkdir -p "$OUT/checkpoints"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$PORT" > "$OUT/mosquitto.conf"
mosquitto -c "$OUT/mosquitto.conf" > "$OUT/mosquitto.log" 2>&1 &
BROKER=$!
trap 'kill $BROKER 2>/dev/null || true' EXIT
sleep 0.5

PIDS=""
i=0
while [ $i -lt "$NODES" ]; do
    cat > "$OUT/n$i.yaml" <<YAML
id: n$i
experiment: $EXP
broker: {uri: 'tcp://127.0.0.1:$PORT'}
data: {source: $DATASET}
checkpoint: {dir: $OUT/checkpoints, every_rounds: 50}
trainer: {backend: $BACKEND}
YAML
    /usr/bin/time -v -o "$OUT/n$i.time" java "-Xmx$HEAP" -XX:+UseSerialGC -jar "$JAR" --config "$OUT/n$i.yaml" \
        > "$OUT/n$i.log" 2>&1 &
    PIDS="$PIDS $!"
    i=$((i + 1))
done
if ! java -cp "$JAR" device-agent/scripts/FleetRun.java "tcp://127.0.0.1:$PORT" "$EXP" "$NODES" "$ROUNDS" "$DATASET" \
        "$MODEL" > "$OUT/fleet.txt"; then
    cat "$OUT/fleet.txt"
    echo "$0: the coordinator side failed; stopping the agents" >&2
    kill $PIDS 2>/dev/null || true
    exit 1
fi
cat "$OUT/fleet.txt"
STATUS=0
for pid in $PIDS; do
    wait "$pid" || STATUS=1
done
i=0
while [ $i -lt "$NODES" ]; do
    printf 'n%s: %s KiB max RSS, exit %s\n' "$i" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/n$i.time")" \
        "$(awk -F': ' '/Exit status/ {print $2}' "$OUT/n$i.time")"
    i=$((i + 1))
done | tee "$OUT/rss.txt"
exit $STATUS
