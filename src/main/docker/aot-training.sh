#!/usr/bin/env bash
# Training run for the JVM's AOT cache (JEP 483/514/515): starts the aot-jar with -XX:AOTCacheOutput, sends the
# requests a pod sees first (probes, the API, the index page, a bad request), stops it; the JVM writes the cache at
# exit. Run by Dockerfile.jvm with the image's own JDK, and by bench/run.sh the same way, so the cache always comes from
# the JDK build that will load it (a cache from another build is silently ignored).
#
#   JAVA_FLAGS="<the run's flags>" aot-training.sh <quarkus-app dir> <cache file>
#
# No database is needed (none is reachable during an image build): the service starts without one, as it does in a pod
# while MySQL is down. JAVA_FLAGS must be the flags of the real run: the JVM refuses a cache made with a different
# object layout (UseCompactObjectHeaders, compressed oops).
set -euo pipefail

app_dir=$1
cache=$2
java=${JAVA:-java}
log=$(mktemp)
tmp=$(mktemp -d) # the run's temporary files (Vert.x's file cache) must not stay in the image's /tmp
trap 'rm -rf "$log" "$tmp"' EXIT

cd "$app_dir"
# MySQL on a port where nothing listens: each check fails at once. Random ports, since builds may share the host network.
# shellcheck disable=SC2086 # JAVA_FLAGS is a list of flags
MYSQL_HOST=127.0.0.1 MYSQL_PORT=1 MYSQL_USER=training MYSQL_PASSWD=training \
  "$java" ${JAVA_FLAGS:-} -XX:AOTCacheOutput="$cache" -Dquarkus.http.port=0 -Dquarkus.management.port=0 \
  -Dquarkus.shutdown.delay-enabled=false -Djava.io.tmpdir="$tmp" -jar quarkus-run.jar >"$log" 2>&1 &
pid=$!

# The address may sit inside a JSON log line (prod logs are JSON): the host part stops at a quote, slash or space.
http_port() { sed -n 's|.*Listening on: http://[^/" ]*:\([0-9][0-9]*\)[^0-9].*|\1|p' "$log" | head -1; }
management_port() { sed -n 's|.*[Mm]anagement interface listening on http://[^/" ]*:\([0-9][0-9]*\)[^0-9].*|\1|p' "$log" | head -1; }

for ((i = 0; i < 1200; i++)); do # 120 s
  grep -q ' started in ' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "aot-training: the service exited before it started" >&2; exit 1; }
  sleep 0.1
done
grep -q ' started in ' "$log" || { cat "$log" >&2; kill -KILL "$pid"; echo "aot-training: not started in 120 s" >&2; exit 1; }

# One HTTP/1.0 request over bash's /dev/tcp: the images have no curl. Prints the status line.
request() { # port method path [json body]
  local body=${4:-}
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s %s HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$2" "$3" "${#body}" "$body" >&3
  head -1 <&3 | tr -d '\r'
  exec 3<&-
}

port=$(http_port)
health_port=$(management_port)
health_port=${health_port:-$port}
for round in 1 2 3; do
  for probe in started live ready; do request "$health_port" GET "/q/health/$probe" >/dev/null; done
  request "$port" GET /api/articles >/dev/null
  request "$port" GET /api/articles/1 >/dev/null
  request "$port" GET /blog/index/ >/dev/null
  request "$port" POST /api/articles '{"title":"","content":"x","author":"a"}' >/dev/null
  request "$port" GET /api/articles?size=0 >/dev/null
done
echo "aot-training: trained on :$port (health :$health_port), $round rounds of probes and API calls" >&2

kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM; the cache file is what counts
grep -E 'AOTCache creation is complete|\[error' "$log" >&2 || true
[ -s "$cache" ] || { cat "$log" >&2; echo "aot-training: no cache written to $cache" >&2; exit 1; }
