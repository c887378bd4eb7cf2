#!/usr/bin/env bash
# Load benchmark for the local token server: `tokenbench serve` against the seeds' Express
# server (express + jsonwebtoken + luxon, its app.js recreated below), same machine, same run,
# loopback only. wrk (Debian's) drives each for DURATION seconds with CONNECTIONS keep-alive
# connections on one thread; the figures go to stdout as a Markdown table.
#
#   bash benches/serve_load.sh            (needs wrk, node and npm; about 40 seconds)
#   DURATION=10 CONNECTIONS=32 bash benches/serve_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
for tool in wrk node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "serve_load: needs $tool (apt-get install wrk nodejs npm)" >&2; exit 2; }
done

cargo build --release --locked -q
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

npm install --prefix "$work" --no-audit --no-fund --silent express jsonwebtoken luxon
# The seeds' server: GET/POST /token?widgetId=ID -> {"data": "<jwt>"}, claims from Luxon.
cat > "$work/app.js" <<'EOF'
const express = require('express');
const jwt = require('jsonwebtoken');
const { DateTime } = require('luxon');

const app = express();
app.use(express.json());
const SECRET = process.env.CONNECT_SECRET;

function token(widgetId, attributes) {
  const now = DateTime.now();
  const payload = { sub: widgetId, iat: now.toSeconds(), exp: now.plus({ seconds: 600 }).toSeconds() };
  if (attributes) { payload.attributes = attributes; }
  return jwt.sign(payload, SECRET, { algorithm: 'HS256', header: { typ: 'JWT', alg: 'HS256' } });
}

app.get('/token', (req, res) => res.json({ data: token(req.query.widgetId) }));
app.post('/token', (req, res) => res.json({ data: token(req.query.widgetId, req.body) }));

app.listen(Number(process.argv[2]), '127.0.0.1');
EOF

export CONNECT_SECRET="kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0="
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tb_port="$(free_port)"; node_port="$(free_port)"
target/release/tokenbench serve --preset amazon-connect --secret-env CONNECT_SECRET \
  --port "$tb_port" > /dev/null &
pids+=($!)
node "$work/app.js" "$node_port" &
pids+=($!)

wait_up() {
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$1/token?widgetId=bench" > /dev/null && return 0
    sleep 0.1
  done
  echo "serve_load: nothing answers on port $1" >&2; exit 1
}
wait_up "$tb_port"; wait_up "$node_port"

# One wrk run: prints "requests/s p50 p99 errors".
measure() {
  local out rps p50 p99 errors
  out="$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$1/token?widgetId=bench")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")"
  echo "$rps $p50 $p99 $errors"
}

# Warm both up (JIT, caches), then measure each in turn.
wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$tb_port/token?widgetId=bench" > /dev/null
wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$node_port/token?widgetId=bench" > /dev/null
read -r tb_rps tb_p50 tb_p99 tb_err < <(measure "$tb_port")
read -r node_rps node_p50 node_p99 node_err < <(measure "$node_port")

echo "serve_load: wrk -t1 -c$CONNECTIONS -d${DURATION}s, GET /token?widgetId=bench (HS256, Amazon Connect claims)"
echo "| | tokenbench serve | Express (seeds' app.js) | ratio |"
echo "|---|---:|---:|---:|"
python3 - "$tb_rps" "$node_rps" "$tb_p50" "$node_p50" "$tb_p99" "$node_p99" "$tb_err" "$node_err" <<'EOF'
import re, sys
tb_rps, node_rps, tb50, n50, tb99, n99, tb_err, node_err = sys.argv[1:]
def ms(t):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", t)
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
print(f"| requests per second | {float(tb_rps):,.0f} | {float(node_rps):,.0f} | {float(tb_rps) / float(node_rps):.1f}× |")
print(f"| p50 latency | {ms(tb50):.2f} ms | {ms(n50):.2f} ms | {ms(n50) / ms(tb50):.1f}× lower |")
print(f"| p99 latency | {ms(tb99):.2f} ms | {ms(n99):.2f} ms | {ms(n99) / ms(tb99):.1f}× lower |")
print(f"| errors | {tb_err} | {node_err} | |")
EOF
