#!/usr/bin/env bash
# Dev mode runs on the engine production runs on (issue 22): `./mvnw quarkus:dev` starts its own embedded MariaDB with
# the sample articles. Started here as a developer would, then the index is read and an article written and read back.
set -euo pipefail
cd "$(dirname "$0")/.."

port=18002
management=19002
log=target/dev-mode-check.log
mkdir -p target
setsid ./mvnw -B --no-transfer-progress quarkus:dev -Ddebug=false -Dquarkus.console.enabled=false \
  -Dquarkus.http.port=$port -Dquarkus.management.port=$management >"$log" 2>&1 &
dev=$!
trap 'kill -TERM -- -$dev 2>/dev/null || true; wait $dev 2>/dev/null || true' EXIT

fail() { echo "FAIL: dev mode: $*" >&2; tail -n 40 "$log" >&2; exit 1; }

# Bounded: a first dev-mode start on a fresh machine resolves its dev-only artifacts, then unpacks MariaDB.
for _ in $(seq 150); do
  curl -fsS "http://localhost:$port/blog/index/" -o target/dev-index.html 2>/dev/null && break
  kill -0 $dev 2>/dev/null || fail "quarkus:dev exited"
  sleep 2
done
[ -s target/dev-index.html ] || fail "the index did not answer within 300 s"
grep -q 'Hello, Kubernetes' target/dev-index.html || fail "the index lacks the sample articles"

# The index answers as soon as the schema is there; the first admin is set up just before readiness turns UP (as a pod
# gets traffic only then), so the write waits for readiness, not for the index. A CI run once wrote in between: 401.
for _ in $(seq 60); do
  curl -fsS "http://localhost:$management/q/health/ready" -o /dev/null 2>/dev/null && break
  sleep 1
done
curl -fsS "http://localhost:$management/q/health/ready" -o /dev/null 2>/dev/null || fail "readiness not UP within 60 s"

created=$(curl -fsS -u admin:dev-only-admin-password -H 'Content-Type: application/json' \
  -d '{"title":"Written in dev mode","content":"On MariaDB, as in production."}' "http://localhost:$port/api/articles") \
  || fail "POST /api/articles was refused"
id=$(sed -E 's/.*"id":([0-9]+).*/\1/' <<<"$created")
curl -fsS "http://localhost:$port/api/articles/$id" | grep -q 'Written in dev mode' || fail "the new article does not read back"
echo "dev mode: index read, article $id written and read back on the embedded MariaDB"
