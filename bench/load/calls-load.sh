#!/usr/bin/env bash
# Call load through the system under test (SUT) with SIPp, bounded in calls and time: the highest calls/s with zero
# failed calls, and the SUT's CPU time per call. DESIGN.md §7: Palisade (B2BUA, topology hiding on) vs Kamailio 5.6
# as a stateful record-routing proxy, on the same machine in the same run.
#
#   SIPp UAC 127.0.0.2:5060 --INVITE--> SUT 127.0.0.3:5060 --INVITE--> SIPp UAS 127.0.0.4:5060   (all UDP, loopback)
#   per call: INVITE / 100 / 180 / 200 / ACK, hold HOLD_MS, BYE / 200 (calls-uac.xml, calls-uas.xml)
#
#   usage: bench/load/calls-load.sh                    Palisade (Release build of src/Palisade.Server)
#          TARGET=kamailio bench/load/calls-load.sh    Kamailio (kamailio-calls.cfg, -x tlsf -X tlsf, KAM_CHILDREN workers)
#          BOTH=1 bench/load/calls-load.sh             Kamailio, then Palisade, then their ratios
#   KAM_CHILDREN: Kamailio UDP workers, default 2 (one per core, as Palisade has one Call-ID shard worker per core).
#
# Rate search: without RATES, START_RATE doubles until a step fails or MAX_RATE, then BISECT_STEPS bisections
# between the last passing and the first failing rate. With RATES="100 200 …", exactly those rates, in order, stopping
# at the first failure. Each step places max(MIN_CALLS, rate × STEP_SECONDS) calls at that rate with a fresh SIPp
# UAC and UAS; the SUT keeps running between passing steps and is restarted (and warmed up again) after a failing one.
# A step passes only with zero failed calls on both SIPp sides, every call successful on both, and the rate reached
# (≥ 90 % of the target, so a CPU-starved SIPp cannot pass a rate it never offered). MAX_TOTAL bounds each target's
# search in seconds (a step that would not fit is not started).
# CPU per call: user+sys of the SUT's processes (/proc/PID/stat: dotnet; Kamailio's main process and all its
# children) from just before the UAC starts to just after the UAS has seen the last BYE, divided by the calls.
#
# Settings (environment): TARGET BOTH RATES START_RATE MAX_RATE BISECT_STEPS STEP_SECONDS MIN_CALLS HOLD_MS
#   WARMUP_RATE WARMUP_CALLS SETTLE_SECONDS MAX_TOTAL KAM_CHILDREN NO_BUILD SUT_ADDR UAC_ADDR UAS_ADDR PORT KEEP
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

target=${TARGET:-palisade}
both=${BOTH:-0}
rates=${RATES:-}
start_rate=${START_RATE:-250}
max_rate=${MAX_RATE:-16000}
bisect_steps=${BISECT_STEPS:-3}
step_seconds=${STEP_SECONDS:-10}
min_calls=${MIN_CALLS:-500}
hold_ms=${HOLD_MS:-500}
warmup_rate=${WARMUP_RATE:-200}
warmup_calls=${WARMUP_CALLS:-3000}
settle=${SETTLE_SECONDS:-5}
max_total=${MAX_TOTAL:-1200}
kam_children=${KAM_CHILDREN:-2}
sut_addr=${SUT_ADDR:-127.0.0.3}
uac_addr=${UAC_ADDR:-127.0.0.2}
uas_addr=${UAS_ADDR:-127.0.0.4}
port=${PORT:-5060}
called=+14255550100
# shellcheck source=bench/load/lib.sh
. "$here/lib.sh"
need_sipp
if [ "$both" = 1 ] || [ "$target" = kamailio ]; then need_kamailio; fi
case "$target" in palisade|kamailio) ;; *) echo "TARGET must be palisade or kamailio" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/palisade-calls-load.XXXXXX)
cleanup() {
  stop_sut
  if [ "${KEEP:-0}" = 1 ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
check_ports_free

start_sut() {
  local t=$1 log="$work/$1-server.log"
  if [ "$t" = kamailio ]; then
    kamailio -f "$here/kamailio-calls.cfg" -DD -E -n "$kam_children" -m 1024 -M 16 -x tlsf -X tlsf \
      -A "SUT_LISTEN=udp:$sut_addr:$port" -A "UAS_URI=\"sip:$uas_addr:$port\"" >"$log" 2>&1 &
    sut_pid=$!
    for _ in $(seq 1 50); do udp_busy "$sut_addr" "$port" && break; sleep 0.1; done
    sleep 1
    kill -0 "$sut_pid" 2>/dev/null && udp_busy "$sut_addr" "$port" || { cat "$log"; echo "kamailio did not start" >&2; exit 1; }
  else
    start_palisade "$log"
  fi
}

# One step: RATE CALLS NAME. Sets step_pass (1/0), step_cpu_us, step_line.
run_step() {
  local rate=$1 calls=$2 name=$3 d="$work/$3"
  mkdir -p "$d"
  local limit=$(( rate * (hold_ms / 1000 + 6) )); [ "$limit" -lt 1000 ] && limit=1000
  local deadline=$(( calls / rate + hold_ms / 1000 + 40 ))
  local sipp_common=(-t u1 -p "$port" -buff_size 4194304 -nostdin -trace_stat -fd 1 -trace_err)
  sipp -sf "$here/calls-uas.xml" "${sipp_common[@]}" -i "$uas_addr" -m "$calls" \
    -stf "$d/uas.csv" -error_file "$d/uas-errors.log" >/dev/null 2>&1 &
  local uas=$!
  sleep 0.3
  local before after cpu_before cpu_after start end uac_exit=0
  before=$(sut_ticks); cpu_before=$(reaped_ticks); start=$(date +%s.%N)
  timeout -k 5 "$deadline" sipp -sf "$here/calls-uac.xml" "${sipp_common[@]}" -i "$uac_addr" -s "$called" \
    -r "$rate" -m "$calls" -l "$limit" -d "$hold_ms" -recv_timeout 10000 \
    -stf "$d/uac.csv" -error_file "$d/uac-errors.log" "$sut_addr:$port" >/dev/null 2>&1 || uac_exit=$?
  local uac_end; uac_end=$(date +%s.%N)
  # The UAS exits by itself after CALLS calls (-m); give it 10 s more, then stop it (its CSV is written every second).
  for _ in $(seq 1 100); do kill -0 "$uas" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$uas" 2>/dev/null; then sleep 1.5; kill -TERM "$uas" 2>/dev/null || true; fi
  wait "$uas" 2>/dev/null || true
  after=$(sut_ticks); cpu_after=$(reaped_ticks); end=$(date +%s.%N)
  local ok failed uas_ok uas_failed retr uas_retr timeouts unexpected
  ok=$(csv_last "$d/uac.csv" 'SuccessfulCall(C)'); failed=$(csv_last "$d/uac.csv" 'FailedCall(C)')
  uas_ok=$(csv_last "$d/uas.csv" 'SuccessfulCall(C)'); uas_failed=$(csv_last "$d/uas.csv" 'FailedCall(C)')
  retr=$(csv_last "$d/uac.csv" 'Retransmissions(C)'); uas_retr=$(csv_last "$d/uas.csv" 'Retransmissions(C)')
  timeouts=$(csv_last "$d/uac.csv" 'FailedTimeoutOnRecv(C)'); unexpected=$(csv_last "$d/uac.csv" 'FailedUnexpectedMessage(C)')
  local achieved
  achieved=$(awk -v n="$calls" -v s="$start" -v e="$uac_end" -v h="$hold_ms" 'BEGIN { w = e - s - h / 1000; printf "%.0f", (w > 0 ? n / w : 0) }')
  step_cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$calls" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  local sipp_us
  sipp_us=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$hz" -v n="$calls" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  local why=''
  [ "$uac_exit" = 0 ] || why+=" uac-exit-$uac_exit"
  [ "$ok" = "$calls" ] || why+=" uac-successful-$ok"
  [ "$failed" = 0 ] || why+=" uac-failed-$failed"
  [ "$uas_ok" = "$calls" ] || why+=" uas-successful-$uas_ok"
  [ "$uas_failed" = 0 ] || why+=" uas-failed-$uas_failed"
  [ "$achieved" -ge $(( rate * 9 / 10 )) ] || why+=" rate-not-reached"
  if [ -z "$why" ]; then step_pass=1; else step_pass=0; fi
  step_line=$(printf '%s target=%s rate=%s/s calls=%s successful=%s failed=%s (timeouts %s, unexpected %s) uas_successful=%s uas_failed=%s retrans=uac:%s/uas:%s achieved=%s/s wall=%.1fs sut_cpu=%d ms => %s us/call, sipp_cpu=%s us/call, sut_rss=%d MiB, load=%s => %s' \
    "$step_kind" "$target_now" "$rate" "$calls" "$ok" "$failed" "$timeouts" "$unexpected" "$uas_ok" "$uas_failed" "$retr" "$uas_retr" \
    "$achieved" "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" $(( (after - before) * 1000 / hz )) "$step_cpu_us" \
    "$sipp_us" $(( $(sut_rss_kib) / 1024 )) "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" \
    "$([ "$step_pass" = 1 ] && echo PASS || echo "FAIL:$why")")
  echo "$step_line"
  if [ "$step_pass" = 0 ]; then
    for f in "$d/uac-errors.log" "$d/uas-errors.log"; do
      if [ -s "$f" ]; then echo "  first errors in ${f#"$work"/} (KEEP=1 keeps $work):"; { grep -v '^\s*$' "$f" | head -8 | sed 's/^/    /'; } || true; fi
    done
  fi
  sleep "$settle"
}

warm_up() {
  # JIT tiering (Palisade) and first-use allocations (both) before anything is measured; not judged.
  [ "$warmup_calls" -gt 0 ] || return 0
  local saved_settle=$settle
  step_kind=warm-up
  run_step "$warmup_rate" "$warmup_calls" "warmup-$target_now-$RANDOM"
  step_kind=step
  settle=$saved_settle
}

step_kind=step
declare -A result_cpu=()
declare -A result_max=()
declare -A result_max_cpu=()

search() {
  target_now=$1
  local t0=$SECONDS good=0 bad=0 step_no=0 r calls need_restart=0
  local -a tried=()
  echo "== $target_now: $( [ "$target_now" = kamailio ] && echo "kamailio-calls.cfg, $kam_children UDP worker(s), -m 1024 -M 16 -x tlsf -X tlsf" || echo "palisade run --config (generated), $(basename "$palisade_dll") Release" ); hold ${hold_ms} ms, steps of max($min_calls, rate x $step_seconds) calls, budget ${max_total}s"
  start_sut "$target_now"
  warm_up
  idle0=$(sut_ticks); sleep 3
  echo "idle after warm-up: sut_cpu=$(( ($(sut_ticks) - idle0) * 1000 / hz / 3 )) ms per s (counted in every step's CPU), rss=$(( $(sut_rss_kib) / 1024 )) MiB"

  one() { # rate -> runs a step within the budget; returns 0 if run
    local rate=$1
    calls=$(( rate * step_seconds )); [ "$calls" -lt "$min_calls" ] && calls=$min_calls
    local estimate=$(( calls / rate + hold_ms / 1000 + settle + 5 ))
    [ "$need_restart" = 1 ] && estimate=$(( estimate + warmup_calls / warmup_rate + 10 ))
    if [ $(( SECONDS - t0 + estimate )) -gt "$max_total" ]; then
      echo "time budget: ${max_total}s for $target_now reached, not running $rate/s"; return 1
    fi
    if [ "$need_restart" = 1 ]; then
      echo "restarting $target_now after the failed step"; stop_sut; start_sut "$target_now"; warm_up; need_restart=0
    fi
    step_no=$((step_no + 1))
    run_step "$rate" "$calls" "$target_now-$step_no-$rate"
    tried+=("$rate")
    if [ "$step_pass" = 1 ]; then
      result_cpu["$target_now:$rate"]=$step_cpu_us
      if [ "$rate" -gt "$good" ]; then good=$rate; result_max_cpu[$target_now]=$step_cpu_us; fi
    else
      need_restart=1
    fi
    return 0
  }

  if [ -n "$rates" ]; then
    for r in $rates; do
      one "$r" || break
      [ "$step_pass" = 1 ] || break
    done
  else
    r=$start_rate
    while [ "$r" -le "$max_rate" ]; do
      one "$r" || break
      if [ "$step_pass" = 1 ]; then r=$((r * 2)); else bad=$r; break; fi
    done
    if [ "$bad" -gt 0 ]; then
      local i mid
      for i in $(seq 1 "$bisect_steps"); do
        mid=$(( (good + bad) / 2 / 50 * 50 ))
        [ "$mid" -gt "$good" ] && [ "$mid" -lt "$bad" ] || break
        one "$mid" || break
        if [ "$step_pass" = 1 ]; then good=$mid; else bad=$mid; fi
      done
    fi
  fi
  stop_sut
  result_max[$target_now]=$good
  if [ "$good" -gt 0 ]; then
    echo "result target=$target_now max_zero_failure_cps=$good cpu_us_per_call_at_max=${result_max_cpu[$target_now]} (rates tried: ${tried[*]}; first failing: $([ "$bad" -gt 0 ] && echo "$bad" || echo none); $((SECONDS - t0)) s)"
  else
    echo "result target=$target_now max_zero_failure_cps=none (rates tried: ${tried[*]:-none}; $((SECONDS - t0)) s)"
  fi
}

if [ "$target" = palisade ] || [ "$both" = 1 ]; then build_palisade; fi

machine_line
if [ "$both" = 1 ]; then
  command -v kamailio >/dev/null && echo "$(kamailio -v | head -1)"
  search kamailio
  search palisade
  kam=${result_max[kamailio]}; pal=${result_max[palisade]}
  common=0
  for key in "${!result_cpu[@]}"; do
    r=${key#*:}
    [ -n "${result_cpu[kamailio:$r]:-}" ] && [ -n "${result_cpu[palisade:$r]:-}" ] && [ "$r" -gt "$common" ] && common=$r
  done
  awk -v k="$kam" -v p="$pal" 'BEGIN { printf "ratio max_zero_failure_cps palisade/kamailio = %s/%s = %s\n", p, k, (k > 0 ? sprintf("%.2f", p / k) : "n/a") }'
  if [ "$common" -gt 0 ]; then
    awk -v r="$common" -v k="${result_cpu[kamailio:$common]}" -v p="${result_cpu[palisade:$common]}" \
      'BEGIN { printf "ratio cpu_us_per_call palisade/kamailio at %d/s (highest rate both passed) = %s/%s = %.2f\n", r, p, k, p / k }'
  fi
else
  search "$target"
fi
# Exit status 1 when a target passed no rate at all (a functional failure, not a slow SUT).
for t in "${!result_max[@]}"; do [ "${result_max[$t]}" -gt 0 ] || exit 1; done
