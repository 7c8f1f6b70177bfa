#!/usr/bin/env bash
# Installs the Vigil edge agent on a Debian-like board (arm64 or x86_64) as a systemd service.
#   sudo deploy/edge/install.sh vigil-agent.jar MODEL_PACKAGE_DIR PUBLIC_KEY.pem
# Creates the 'vigil' user, /opt/vigil-agent (jar, model), /etc/vigil-agent (configuration from
# deploy/edge/agent.properties, environment file for the MQTT password, mode 600) and
# /var/lib/vigil-agent (outbox, calibrations; owned by vigil). Re-running upgrades the jar and the
# model and keeps the configuration.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then echo "install.sh: run as root (sudo)" >&2; exit 1; fi
if [ $# -ne 3 ]; then
  echo "usage: install.sh vigil-agent.jar MODEL_PACKAGE_DIR PUBLIC_KEY.pem" >&2; exit 2
fi
jar="$1"; model="$2"; key="$3"
here="$(cd "$(dirname "$0")" && pwd)"
for f in "$jar" "$model/manifest.json" "$key"; do
  [ -e "$f" ] || { echo "install.sh: $f does not exist" >&2; exit 2; }
done
command -v java >/dev/null || apt-get install -y -q openjdk-17-jre-headless

id vigil >/dev/null 2>&1 || useradd --system --home-dir /var/lib/vigil-agent --shell /usr/sbin/nologin vigil
install -d -m 0755 /opt/vigil-agent /opt/vigil-agent/model
install -m 0644 "$jar" /opt/vigil-agent/vigil-agent.jar
cp -a "$model"/manifest.json "$model"/manifest.sig "$model"/model.onnx "$model"/golden.json /opt/vigil-agent/model/
install -d -m 0750 -g vigil /etc/vigil-agent
install -m 0644 "$key" /etc/vigil-agent/model-signing.pub.pem
if [ ! -f /etc/vigil-agent/agent.properties ]; then
  sed -e 's|^agent.data-dir=.*|agent.data-dir=/var/lib/vigil-agent|' \
      -e 's|^agent.input=.*|agent.input=device|' \
      -e 's|^model.package=.*|model.package=/opt/vigil-agent/model|' \
      -e 's|^model.public-key=.*|model.public-key=/etc/vigil-agent/model-signing.pub.pem|' \
      "$here/agent.properties" > /etc/vigil-agent/agent.properties
  chmod 0640 /etc/vigil-agent/agent.properties; chgrp vigil /etc/vigil-agent/agent.properties
fi
if [ ! -f /etc/vigil-agent/agent.env ]; then
  install -m 0600 /dev/null /etc/vigil-agent/agent.env
  echo "VIGIL_AGENT_MQTT_PASSWORD=" > /etc/vigil-agent/agent.env
fi
install -d -m 0750 -o vigil -g vigil /var/lib/vigil-agent
install -d -m 0755 /etc/systemd/system
install -m 0644 "$here/vigil-agent.service" /etc/systemd/system/vigil-agent.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
else
  echo "install.sh: systemd is not running here (an image build or chroot?); the unit takes effect at boot"
fi
echo "Installed. Set agent.fleet, agent.vehicle and mqtt.server in /etc/vigil-agent/agent.properties,"
echo "the MQTT password in /etc/vigil-agent/agent.env, then: systemctl enable --now vigil-agent"
# runuser (util-linux) is on every Debian system; sudo often is not on a board.
runuser -u vigil -- java -jar /opt/vigil-agent/vigil-agent.jar selftest \
  --package /opt/vigil-agent/model --public-key /etc/vigil-agent/model-signing.pub.pem
