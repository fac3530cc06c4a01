#!/usr/bin/env bash
# Builds the base image of Dockerfile.jvm from this machine: a minimal Debian root file system (debootstrap) plus a
# Java runtime linked (jlink) from the local Temurin 25 JDK, at /opt/java/openjdk like the public eclipse-temurin image.
# For machines that reach no registry serving base images. Prints the image name on stdout.
#
#   src/main/docker/build-local-base.sh            # JDK from $MYBLOG_BASE_JDK, else /usr/lib/jvm/temurin-25-jdk-amd64
#   podman build --build-arg BASE_IMAGE="$(src/main/docker/build-local-base.sh)" -f src/main/docker/Dockerfile.jvm .
#
# The tag is a hash of everything the image is made of (this script, the JDK build, the Debian suite), so an existing
# image is reused only when it is exactly what this run would build. Needs root, podman and debootstrap.
set -euo pipefail

JDK="${MYBLOG_BASE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SUITE=bookworm
MIRROR="${MYBLOG_BASE_MIRROR:-http://deb.debian.org/debian}"
# What a Quarkus service uses of the JDK; jdk.management for the process metrics, jdk.naming.dns for JNDI DNS lookups,
# jdk.charsets for the MySQL collations' charsets (without it the reactive client warns once per collation at start).
MODULES=java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.crypto.ec,jdk.net,jdk.charsets

log() { printf '[local-base] %s\n' "$*" >&2; }

[ -x "$JDK/bin/jlink" ] || { log "no JDK at $JDK (set MYBLOG_BASE_JDK)"; exit 2; }
key=$( { cat "$0"; cat "$JDK/release"; sha256sum "$JDK/lib/server/libjvm.so" "$JDK/lib/modules"; echo "$SUITE $MIRROR"; } \
  | sha256sum | cut -c1-12)
version=$(. "$JDK/release" && echo "${JAVA_RUNTIME_VERSION//+/_}")
image="localhost/myblog-jvm-base:${version}-${key}"

if podman image exists "$image"; then
  log "reusing $image"
  echo "$image"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "debootstrap --variant=minbase $SUITE (a few minutes)"
debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# Nothing the service needs: package manager caches and documentation.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"* \
  "$work/rootfs/usr/share/doc" "$work/rootfs/usr/share/man" "$work/rootfs/usr/share/locale"

log "jlink $MODULES from $JDK"
mkdir -p "$work/rootfs/opt/java"
# --generate-cds-archive: the JDK's default CDS archives, as the public images have them (the AOT cache builds on them).
# Its "Created CDS archive successfully" goes to stderr: stdout carries only the image name, which the callers read.
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --output "$work/rootfs/opt/java/openjdk" >&2

log "importing as $image"
tar -C "$work/rootfs" -c . | podman import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  - "$image" >/dev/null
echo "$image"
