#!/usr/bin/env bash
# The tutorial's loop: asks for the page COUNT times and prints its results line each time, which
# shows which voting-analytics version answered (1.0: counts; 1.1 and 2.0: totals and percentages).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/results-loop.sh [ADDRESS] [COUNT]

Requests the voting app's page COUNT times (default 5) and prints its results line each time:
  <div id="results"> Cats: 2 | Dogs: 4 </div>                       analytics 1.0
  <div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>       analytics 1.1 or 2.0

ADDRESS is the ingress address (an IP, host[:port] or URL). Without it (or when it is ""),
$INGRESS_IP is used, and without that, scripts/ingress-ip.sh finds the ingress in the cluster:
the Gateway API Gateway voting-app-gateway in namespace voting, else the first Service of
istio-system/istio-ingressgateway, istio-ingress/istio-ingress and
aks-istio-ingress/aks-istio-ingressgateway-external that exists, or INGRESS_SERVICE=NAMESPACE/NAME.

  scripts/results-loop.sh 20.61.10.7 10
  scripts/results-loop.sh localhost:8080
USAGE
}

fail() {
  echo "results-loop: $*" >&2
  exit 2
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) usage >&2; fail "unknown option: $1" ;;
esac
[ "$#" -le 2 ] || { usage >&2; fail "too many arguments"; }

address="${1:-${INGRESS_IP:-}}"
count="${2:-5}"
case "$count" in
  "" | *[!0-9]* | 0) fail "COUNT must be a whole number above 0, not '$count'" ;;
esac
command -v curl >/dev/null 2>&1 || fail "curl is not installed"
if [ -z "$address" ]; then
  address="$("$(dirname "${BASH_SOURCE[0]}")/ingress-ip.sh" --verbose)" || fail "no ADDRESS given, and none found"
fi

case "$address" in
  http://* | https://*) url="$address" ;;
  *) url="http://$address" ;;
esac
case "${url#*://}" in
  */*) ;;
  *) url="$url/" ;;
esac

failures=0
i=0
while [ "$i" -lt "$count" ]; do
  i=$((i + 1))
  if ! page="$(curl -sS --fail --max-time 10 "$url")"; then
    echo "request $i: no answer from $url" >&2
    failures=$((failures + 1))
  elif ! printf '%s\n' "$page" | grep 'id="results"'; then
    echo "request $i: the page has no results line" >&2
    failures=$((failures + 1))
  fi
done

[ "$failures" -eq 0 ]
