#!/usr/bin/env bash
# OPTIONS load through a real `palisade run` (embedded default, UDP 127.0.0.1:5060) with SIPp, bounded in count and
# time. Prints SIPp's successful/failed counts and the server's CPU time per message (user+sys from /proc).
#   usage: bench/sipp/options-load.sh [rate/s] [count]
#   TARGET=kamailio bench/sipp/options-load.sh …  measures Kamailio 5.6 (kamailio-options.cfg, production allocator
#   -x tlsf -X tlsf, one UDP worker) the same way, for a ratio taken on the same machine in the same conditions.
set -euo pipefail
rate=${1:-2000}
count=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'kill -TERM ${pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT

target=${TARGET:-palisade}
command -v sipp >/dev/null || { echo "sipp is missing: apt-get install sip-tester" >&2; exit 2; }
if [ "$target" = kamailio ] && ! command -v kamailio >/dev/null; then
  echo "kamailio is missing: apt-get install kamailio (then: systemctl disable --now kamailio, it must not hold port 5060)" >&2
  exit 2
fi
cd "$work"
if [ "$target" = kamailio ]; then
  port=5090
  kamailio -f "$here/kamailio-options.cfg" -DD -E -m 256 -M 16 -x tlsf -X tlsf >server.log 2>&1 &
  pid=$!
  sleep 2
  # With -DD the main process forks its workers: measure the UDP worker that answers.
  worker=$(pgrep -P "$pid" | head -1)
  [ -n "$worker" ] || { cat server.log; exit 1; }
  measured=("$pid" $(pgrep -P "$pid"))
else
  port=5060
  dotnet build "$root/src/Palisade.Server" -c Release -nologo -clp:ErrorsOnly >/dev/null
  dotnet "$root/src/Palisade.Server/bin/Release/net10.0/palisade.dll" run >server.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do grep -q " ready in " server.log && break; sleep 0.1; done
  grep -q " ready in " server.log || { cat server.log; exit 1; }
  measured=("$pid")
fi

ticks() { local t=0; for p in "${measured[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
rss_kb() { local t=0; for p in "${measured[@]}"; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
# Warm-up so JIT tiering is done before measuring.
sipp -sf "$here/options-uac.xml" -t u1 -i 127.0.0.1 -p 0 -r 1000 -m 5000 -timeout 30s -nostdin 127.0.0.1:$port >/dev/null 2>&1 || true
before=$(ticks); start=$(date +%s.%N)
set +e
timeout 300 sipp -sf "$here/options-uac.xml" -t u1 -i 127.0.0.1 -p 0 -r "$rate" -m "$count" -l 20000 -timeout 120s \
  -nostdin -trace_screen -screen_file "$work/screen.log" 127.0.0.1:$port >/dev/null 2>&1
sipp_exit=$?
set -e
end=$(date +%s.%N); after=$(ticks)
hz=$(getconf CLK_TCK)
ok=$(awk '/Successful call/ {print $(NF)}' "$work/screen.log" | tail -1)
failed=$(awk '/Failed call/ {print $(NF)}' "$work/screen.log" | tail -1)
cpu_ms=$(( (after - before) * 1000 / hz ))
echo "target=${target} rate=${rate}/s count=${count} sipp_exit=${sipp_exit} successful=${ok} failed=${failed}"
awk -v c="$cpu_ms" -v n="$count" -v s="$start" -v e="$end" -v r="$(rss_kb)" 'BEGIN {
  printf "wall=%.2fs achieved=%.0f OPTIONS/s server_cpu=%d ms => %.1f us CPU per OPTIONS (request in + 200 out), rss=%d MiB\n", e-s, n/(e-s), c, c*1000/n, r/1024 }'
