#!/usr/bin/env bash
# Builds the base image of Vigil's container images without a Docker daemon or a registry: a
# Debian bookworm userland holding only OpenJDK 17's JRE and what it links to, for one
# architecture, written as a `docker save` tarball that Jib reads as `tar://` base image.
#
#   deploy/images/java-base-image.sh amd64|arm64
#
# Output: target/images/debian-java-17-<arch>.tar (the root itself stays in
# target/debian-root/<arch>, which deploy/edge/verify-arm64.sh reuses). Both are kept between runs;
# delete them to rebuild. Needs root (or SUDO=sudo), mmdebstrap and Debian's package mirror; arm64
# needs no emulation, because nothing in the root is executed while it is built.
set -euo pipefail
cd "$(dirname "$0")/../.."

arch="${1:?usage: $0 amd64|arm64}"
case "$arch" in
  amd64) jvm=java-17-openjdk-amd64 ;;
  arm64) jvm=java-17-openjdk-arm64 ;;
  *) echo "java-base-image: unknown architecture '$arch' (amd64 or arm64)" >&2; exit 2 ;;
esac
root="target/debian-root/$arch"
out="target/images/debian-java-17-$arch.tar"
# The images' user: no entry in /etc/passwd is needed, Kubernetes and the JVM take the number.
uid=65532

if [ ! -x "$root/usr/lib/jvm/$jvm/bin/java" ]; then
  if ! command -v mmdebstrap >/dev/null; then
    echo "java-base-image: installing mmdebstrap"
    ${SUDO:-} apt-get update -qq
    DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq mmdebstrap >/dev/null
  fi
  echo "java-base-image: building a Debian bookworm $arch root with OpenJDK 17 in $root"
  rm -rf "$root"
  mkdir -p "$(dirname "$root")"
  # 'extract' unpacks the packages without running their scripts, so no foreign-architecture code
  # runs. What the scripts would have made and the JVM needs is added below.
  ${SUDO:-} mmdebstrap --quiet --variant=extract --architectures="$arch" \
    --include=openjdk-17-jre-headless bookworm "$root"
fi

if [ -f "$out" ] && [ "$out" -nt "$root/usr/lib/jvm/$jvm/bin/java" ] && [ "$out" -nt "$0" ]; then
  echo "java-base-image: $out is up to date"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Directories the scripts of base-files would have made: a world-writable /tmp for the JVM, and
# the data directory (the images' working directory) owned by the images' user.
${SUDO:-} install -d -m 1777 "$root/tmp"
${SUDO:-} install -d -m 0755 -o "$uid" -g "$uid" "$root/var/lib/vigil"
# Sorted names and a fixed time: the same packages give the same layer digest.
${SUDO:-} tar --sort=name --mtime=@0 --numeric-owner --xattrs -C "$root" -cf "$work/layer.tar" .
layer_sha=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
path="/usr/lib/jvm/$jvm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=$path","JAVA_HOME=/usr/lib/jvm/$jvm","LANG=C.UTF-8"],
           "User":"$uid:$uid","WorkingDir":"/var/lib/vigil"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created":"1970-01-01T00:00:00Z",
             "created_by":"deploy/images/java-base-image.sh: mmdebstrap bookworm openjdk-17-jre-headless"}]}
JSON
config_sha=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_sha.json"
cat >"$work/manifest.json" <<JSON
[{"Config":"$config_sha.json","RepoTags":["vigil/debian-java:17-$arch"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 -C "$work" -cf "$out.part" \
  manifest.json "$config_sha.json" layer.tar
mv "$out.part" "$out"
echo "java-base-image: wrote $out ($(du -h "$out" | cut -f1), layer sha256:${layer_sha:0:12})"
