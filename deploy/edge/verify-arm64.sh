#!/usr/bin/env bash
# Checks the edge agent jar on a 64-bit ARM Debian userland under QEMU user-mode emulation
# (BRIEF §5): `selftest` must pass on both architectures and `replay` of the same recordings must
# give the same events (type, direction, start, end, severity exactly; confidence and anomaly score
# within 0.01). Run from the repository root after `./mvnw verify` (it uses the agent and launcher
# jars). Installs qemu-user-static if missing (as root) and reuses the arm64 root of
# deploy/images/java-base-image.sh (target/debian-root/arm64). Exit 0 when everything matches.
set -euo pipefail
cd "$(dirname "$0")/../.."

agent_jar="edge-agent/target/vigil-agent.jar"
launcher_jar="launcher/target/vigil-launcher.jar"
work="target/arm64-check"
root="target/debian-root/arm64"
scenario="edge-agent/src/test/resources/agent-test.yaml"

for jar in "$agent_jar" "$launcher_jar"; do
  [ -f "$jar" ] || { echo "verify-arm64: $jar is missing; run ./mvnw verify first" >&2; exit 2; }
done

if ! command -v qemu-aarch64-static >/dev/null; then
  echo "verify-arm64: installing qemu-user-static"
  ${SUDO:-} apt-get update -qq
  DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq qemu-user-static >/dev/null
fi

# The same Debian arm64 root as the arm64 container images' base (built once, then reused).
arm_java="$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
[ -x "$arm_java" ] || deploy/images/java-base-image.sh arm64
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
