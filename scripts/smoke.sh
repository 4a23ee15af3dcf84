#!/usr/bin/env bash
# Smoke test of the built service, as the quick start runs it: load the demo into a scratch
# database, attribute one demo address with the CLI, start dist/main.js and check readiness and
# the OpenAPI document. Catches what only the compiled build shows (e.g. the Swagger plugin).
set -euo pipefail
cd "$(dirname "$0")/.."

db="nr_smoke_$$"
port=$((20000 + RANDOM % 20000))
# As the quick start: db:roles (as the superuser postgres) creates the roles and the database,
# then the demo and the service run as the service role (issue 16).
export DATABASE_URL="postgres://notice_relay_app@127.0.0.1:5432/${db}" PORT="$port" LOG_LEVEL=warn
export QUEUE_PREFIX="nr-smoke-$$" MAIL_DIR="$(mktemp -d)"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" || true
}
trap cleanup EXIT

node scripts/smoke-compose.js
node bin/notice-relay.js db:roles > /dev/null
node bin/notice-relay.js demo > /tmp/smoke-demo.$$.log
at=$(grep -o 'attribute --ip 198.51.100.10 --at [^ ]*' /tmp/smoke-demo.$$.log | awk '{print $5}')
out=$(node bin/notice-relay.js attribute --ip 198.51.100.10 --at "$at")
case "$out" in unique\ SUB-*) echo "smoke: attribute ok: $(echo "$out" | head -1)" ;; *) echo "smoke: attribute gave: $out" >&2; exit 1 ;; esac
# The CGNAT example the demo prints (address and port) must name one subscriber too.
out=$(node bin/notice-relay.js attribute --ip 203.0.113.7 --port 51300 --at "$at")
case "$out" in unique\ SUB-*) echo "smoke: CGNAT attribute ok: $(echo "$out" | head -1)" ;; *) echo "smoke: CGNAT attribute gave: $out" >&2; exit 1 ;; esac

node dist/main.js > /tmp/smoke-server.$$.log 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${port}/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:${port}/health/ready" >/dev/null || { cat /tmp/smoke-server.$$.log >&2; exit 1; }
grep -q '"/api/v1/attribution/lookups"' <<<"$(curl -fsS "http://127.0.0.1:${port}/api/docs/openapi.json")"
# The portal's views and stylesheet are build assets (nest-cli.json): check they were copied.
grep -q '<h1>Sign in</h1>' <<<"$(curl -fsS "http://127.0.0.1:${port}/portal/sign-in")"
grep -q 'skip-link' <<<"$(curl -fsS "http://127.0.0.1:${port}/portal/assets/portal.css")"
grep -q "isp-header" <<<"$(curl -fsS "http://127.0.0.1:${port}/challenge/assets/subscriber.css")"
echo "smoke: service ready on :${port}, OpenAPI and portal served"
