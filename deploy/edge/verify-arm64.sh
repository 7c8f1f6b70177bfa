#!/usr/bin/env bash
# Checks the edge agent jar on a 64-bit ARM Debian userland under QEMU user-mode emulation
# (BRIEF §5): `selftest` must pass on both architectures and `replay` of the same recordings must
# give the same events (type, direction, start, end, severity exactly; confidence and anomaly score
# within 0.01). Run from the repository root after `./mvnw verify` (it uses the agent and launcher
# jars). Installs qemu-user-static and mmdebstrap if missing (as root) and caches the arm64 root in
# target/arm64-root. Exit 0 when everything matches.
set -euo pipefail
cd "$(dirname "$0")/../.."

agent_jar="edge-agent/target/vigil-agent.jar"
launcher_jar="launcher/target/vigil-launcher.jar"
work="target/arm64-check"
root="target/arm64-root"
scenario="edge-agent/src/test/resources/agent-test.yaml"

for jar in "$agent_jar" "$launcher_jar"; do
  [ -f "$jar" ] || { echo "verify-arm64: $jar is missing; run ./mvnw verify first" >&2; exit 2; }
done

if ! command -v qemu-aarch64-static >/dev/null || ! command -v mmdebstrap >/dev/null; then
  echo "verify-arm64: installing qemu-user-static and mmdebstrap"
  ${SUDO:-} apt-get update -qq
  DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq qemu-user-static mmdebstrap >/dev/null
fi

arm_java="$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
if [ ! -x "$arm_java" ]; then
  echo "verify-arm64: building a Debian bookworm arm64 root with OpenJDK 17 in $root"
  rm -rf "$root"
  mkdir -p "$(dirname "$root")"
  # 'extract' unpacks the packages without running their scripts: nothing needs to execute arm64
  # code while the root is built, and java only needs its files.
  mmdebstrap --quiet --variant=extract --architectures=arm64 \
    --include=openjdk-17-jre-headless bookworm "$root"
fi
arm() { qemu-aarch64-static -L "$root" "$arm_java" "$@"; }

rm -rf "$work"
mkdir -p "$work"
echo "verify-arm64: selftest"
java -jar "$agent_jar" selftest | tee "$work/selftest-x86_64.txt"
arm -jar "$agent_jar" selftest | tee "$work/selftest-arm64.txt"
grep -q "os.arch=aarch64" "$work/selftest-arm64.txt"
grep -q "^selftest: PASS" "$work/selftest-x86_64.txt"
grep -q "^selftest: PASS" "$work/selftest-arm64.txt"

echo "verify-arm64: recordings of $scenario"
java -jar "$launcher_jar" simulate --scenario "$scenario" --out "$work/recordings" >/dev/null
status=0
for rec in $(find "$work/recordings" -name samples.csv -printf '%h\n' | sort); do
  name=$(basename "$rec")
  java -jar "$agent_jar" replay "$rec" --out "$work/$name-x86_64.jsonl" 2>/dev/null
  arm -jar "$agent_jar" replay "$rec" --out "$work/$name-arm64.jsonl" 2>/dev/null
  printf '%-28s ' "$name"
  java -cp "$agent_jar" deploy/edge/CompareEvents.java \
    "$work/$name-x86_64.jsonl" "$work/$name-arm64.jsonl" 0.01 || status=1
done
[ "$status" = 0 ] && echo "verify-arm64: OK, arm64 matches x86_64" || echo "verify-arm64: FAILED"
exit "$status"
