#!/usr/bin/env bash
# Memory per held call in `palisade run` (DESIGN.md §7: 60,000 held signalling-only calls, ≤ 4 KiB per call above
# idle). SIPp UAC 127.0.0.2 places N calls at RATE through Palisade (127.0.0.3) to a SIPp UAS (127.0.0.4), all UDP on
# loopback (calls-uac.xml / calls-uas.xml, as calls-load.sh), and holds them all up at once; the script reads the
# Palisade process at idle, when all N are up, and after they have ended:
#   VmRSS and RssAnon (/proc/PID/status), open descriptors, threads, and the managed heap when dotnet-counters is
#   on PATH (optional).
#
#   usage: bench/load/held-calls.sh                 N=10000 calls at RATE=200/s
#          N=500 RATE=100 bench/load/held-calls.sh
#
# Timeline (all bounded): start; WARMUP_CALLS short calls (JIT, first-use allocations); SETTLE s so their
# transactions end (INVITE transactions stay 64×T1 = 32 s after a 2xx, RFC 6026) -> "idle" reading; N calls at RATE,
# each holding HOLD s = N/RATE + SETTLE + 25; once the UAC has sent N ACKs -> "up+0" reading; SETTLE s later (setup
# transactions gone, only dialogs left) -> "up" reading, the one KiB/call is taken from; BYEs go out at RATE as the
# holds expire; DRAIN s after the last one -> "after" reading. It passes when all N calls were up at once, all ended
# with zero failed calls on both sides, and descriptors and threads came back to their idle counts (+2).
# RSS after the calls is reported, not judged: the GC keeps the heap it grew into.
#
# Settings (environment): N RATE WARMUP_CALLS SETTLE DRAIN NO_BUILD SUT_ADDR UAC_ADDR UAS_ADDR PORT KEEP
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

n=${N:-10000}
rate=${RATE:-200}
warmup_calls=${WARMUP_CALLS:-1000}
settle=${SETTLE:-35}
drain=${DRAIN:-40}
sut_addr=${SUT_ADDR:-127.0.0.3}
uac_addr=${UAC_ADDR:-127.0.0.2}
uas_addr=${UAS_ADDR:-127.0.0.4}
port=${PORT:-5060}
called=+14255550100
# shellcheck source=bench/load/lib.sh
. "$here/lib.sh"
need_sipp

work=$(mktemp -d /tmp/palisade-held-calls.XXXXXX)
uas=''; uac=''
cleanup() {
  [ -n "$uac" ] && kill -TERM "$uac" 2>/dev/null || true
  [ -n "$uas" ] && kill -TERM "$uas" 2>/dev/null || true
  stop_sut
  if [ "${KEEP:-0}" = 1 ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work" # SIPp writes its -trace_counts files into the current directory
check_ports_free
build_palisade
machine_line

setup_s=$(( (n + rate - 1) / rate ))
hold_s=$(( setup_s + settle + 25 ))
echo "plan: N=$n at $rate/s (setup ~${setup_s}s), hold ${hold_s}s per call, settle ${settle}s, drain ${drain}s; about $(( warmup_calls / rate + settle + hold_s + setup_s + drain + 20 ))s in all"

gc_heap_mib() { # the managed heap after the last GC, when dotnet-counters is installed; '-' otherwise
  command -v dotnet-counters >/dev/null || { echo '-'; return; }
  local f="$work/counters-$RANDOM.csv"
  timeout 20 dotnet-counters collect -p "$sut_pid" --counters System.Runtime --format csv -o "$f" --duration 00:00:00:03 \
    >/dev/null 2>&1 || true
  awk -F',' '/GC Heap Size|gc.last_collection.heap.size/ { v = $NF } END { print (v != "" ? v : "-") }' "$f" 2>/dev/null || echo '-'
}
declare -A rss anon fds threads heap
reading() { # NAME
  rss[$1]=$(sut_rss_kib); anon[$1]=$(sut_status_kib RssAnon); fds[$1]=$(sut_fds); threads[$1]=$(sut_threads)
  heap[$1]=$(gc_heap_mib)
  printf '%-7s rss=%d KiB anon=%d KiB fds=%d threads=%d gc_heap=%s (dotnet-counters)  [%s]\n' \
    "$1" "${rss[$1]}" "${anon[$1]}" "${fds[$1]}" "${threads[$1]}" "${heap[$1]}" "$(date -u +%T)"
}

sipp_common=(-t u1 -p "$port" -buff_size 4194304 -nostdin -trace_stat -fd 1 -trace_err)
start_palisade "$work/palisade-server.log"

# Warm-up: short calls (no hold), then let their transactions end.
if [ "$warmup_calls" -gt 0 ]; then
  sipp -sf "$here/calls-uas.xml" "${sipp_common[@]}" -i "$uas_addr" -m "$warmup_calls" \
    -stf "$work/warmup-uas.csv" -error_file "$work/warmup-uas-errors.log" >/dev/null 2>&1 &
  uas=$!
  sleep 0.3
  timeout -k 5 $(( warmup_calls / rate + 60 )) sipp -sf "$here/calls-uac.xml" "${sipp_common[@]}" -i "$uac_addr" \
    -s "$called" -r "$rate" -m "$warmup_calls" -d 0 -recv_timeout 10000 \
    -stf "$work/warmup-uac.csv" -error_file "$work/warmup-uac-errors.log" "$sut_addr:$port" >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do kill -0 "$uas" 2>/dev/null || break; sleep 0.1; done
  kill -TERM "$uas" 2>/dev/null || true; wait "$uas" 2>/dev/null || true; uas=''
  echo "warm-up: $warmup_calls calls, successful=$(csv_last "$work/warmup-uac.csv" 'SuccessfulCall(C)') failed=$(csv_last "$work/warmup-uac.csv" 'FailedCall(C)')"
  sleep "$settle"
fi
reading idle

# N held calls.
sipp -sf "$here/calls-uas.xml" "${sipp_common[@]}" -i "$uas_addr" -m "$n" -trace_counts \
  -stf "$work/uas.csv" -error_file "$work/uas-errors.log" >/dev/null 2>&1 &
uas=$!
sleep 0.3
start=$SECONDS
timeout -k 5 $(( hold_s + setup_s + 90 )) sipp -sf "$here/calls-uac.xml" "${sipp_common[@]}" -i "$uac_addr" \
  -s "$called" -r "$rate" -m "$n" -l $(( n + 10 )) -d $(( hold_s * 1000 )) -recv_timeout 10000 -trace_counts \
  -stf "$work/uac.csv" -error_file "$work/uac-errors.log" "$sut_addr:$port" >/dev/null 2>&1 &
uac=$!

counts() { ls "$work"/calls-uac_*_counts.csv 2>/dev/null | head -1; }
uas_counts() { ls "$work"/calls-uas_*_counts.csv 2>/dev/null | head -1; }
acks=0
while [ $(( SECONDS - start )) -lt $(( setup_s + 30 )) ] && kill -0 "$uac" 2>/dev/null; do
  acks=$(csv_last "$(counts)" '~_ACK_Sent'); [ "$acks" = "$n" ] && break
  sleep 1
done
all_up=0
if [ "$acks" = "$n" ]; then
  all_up=1
  echo "all $n calls up after $(( SECONDS - start ))s (UAC sent $n ACKs)"
  reading up+0
  sleep "$settle"
  up_sessions=$(csv_last "$(counts)" '~_Pause_Sessions')
  uas_acks=$(csv_last "$(uas_counts)" '~_ACK_Recv')
  echo "held now: $up_sessions calls in the UAC's hold, UAS received $uas_acks ACKs"
  [ "$up_sessions" = "$n" ] && [ "$uas_acks" = "$n" ] || all_up=0
  reading up
else
  echo "not all calls came up: the UAC sent $acks ACKs of $n within $(( setup_s + 30 ))s"
fi

# The holds expire at RATE; wait for both SIPp ends (bounded by the timeout above), then for the lingering state.
uac_exit=0; wait "$uac" || uac_exit=$?; uac=''
for _ in $(seq 1 150); do kill -0 "$uas" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$uas" 2>/dev/null || true; wait "$uas" 2>/dev/null || true; uas=''
ok=$(csv_last "$work/uac.csv" 'SuccessfulCall(C)'); failed=$(csv_last "$work/uac.csv" 'FailedCall(C)')
uas_ok=$(csv_last "$work/uas.csv" 'SuccessfulCall(C)'); uas_failed=$(csv_last "$work/uas.csv" 'FailedCall(C)')
retr=$(csv_last "$work/uac.csv" 'Retransmissions(C)'); uas_retr=$(csv_last "$work/uas.csv" 'Retransmissions(C)')
echo "calls ended: uac_exit=$uac_exit successful=$ok failed=$failed uas_successful=$uas_ok uas_failed=$uas_failed retrans=uac:$retr/uas:$uas_retr"
reading end+0
sleep "$drain"
reading after

why=''
[ "$all_up" = 1 ] || why+=" not-all-up"
[ "$uac_exit" = 0 ] || why+=" uac-exit-$uac_exit"
[ "$ok" = "$n" ] && [ "$failed" = 0 ] || why+=" uac-calls-$ok-ok-$failed-failed"
[ "$uas_ok" = "$n" ] && [ "$uas_failed" = 0 ] || why+=" uas-calls-$uas_ok-ok-$uas_failed-failed"
[ "${fds[after]}" -le $(( ${fds[idle]} + 2 )) ] || why+=" fds-${fds[idle]}-to-${fds[after]}"
[ "${threads[after]}" -le $(( ${threads[idle]} + 2 )) ] || why+=" threads-${threads[idle]}-to-${threads[after]}"
if [ "$all_up" = 1 ]; then
  awk -v n="$n" -v i="${rss[idle]}" -v u="${rss[up]}" -v u0="${rss[up+0]}" -v ai="${anon[idle]}" -v au="${anon[up]}" -v a="${rss[after]}" 'BEGIN {
    printf "result N=%d held: rss %.2f KiB/call above idle (%d -> %d KiB; %.2f KiB/call right after set-up), anon %.2f KiB/call; after the calls rss %+d KiB vs idle\n",
      n, (u - i) / n, i, u, (u0 - i) / n, (au - ai) / n, a - i }'
fi
if [ -z "$why" ]; then echo "PASS"; else
  echo "FAIL:$why"
  for f in "$work/uac-errors.log" "$work/uas-errors.log"; do
    if [ -s "$f" ]; then echo "  first errors in $(basename "$f") (KEEP=1 keeps $work):"; { grep -v '^\s*$' "$f" | head -8 | sed 's/^/    /'; } || true; fi
  done
  exit 1
fi
