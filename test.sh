#!/usr/bin/env bash
# Runs the whole Palisade test suite. Installs the Debian packages the interop tests drive (real SIP peers) when
# they are missing: as root directly, otherwise it prints the exact command to run.
set -euo pipefail
cd "$(dirname "$0")"

packages=(sip-tester sipsak openssl dnsmasq-base stunnel4)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Palisade.slnx -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
# Test projects run one after another: the machine has 2 cores and the interop tests bind fixed loopback ports.
dotnet test Palisade.slnx -c Release --no-build -nologo -m:1 2>&1 | tee "$log" || status=$?

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
exit "$status"
