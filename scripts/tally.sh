#!/usr/bin/env bash
# Sends N requests to the voting app and counts which versions answered, to watch routing rules
# and canary releases take effect.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/tally.sh [ADDRESS] [N] [COOKIE]

Requests the voting app's page N times (default 20) and prints how many answers came from each
pair of versions, e.g.

  Sent 20 requests to http://20.61.10.7/ with Cookie: featureflag=on
      14  app 2.0 / analytics 2.0
       6  app 1.0 / analytics 1.1
       0  no answer

ADDRESS is the ingress address (an IP, host[:port] or URL). Without it (or when it is ""),
$INGRESS_IP is used, and without that, scripts/ingress-ip.sh finds the ingress in the cluster
(see its --help; INGRESS_SERVICE=NAMESPACE/NAME names one). COOKIE is sent as the Cookie header,
e.g. featureflag=on to be routed as a user who set the feature flag:

  scripts/tally.sh "" 50 featureflag=on

The versions come from the page footer's data-app-version and data-analytics-version attributes
(shown with SHOWDETAILS=true). Without them, the app version reads "?" and the analytics version
is told from the results line: "1.0" for counts alone, "1.1-or-2.0" for counts with percentages.
USAGE
}

fail() {
  echo "tally: $*" >&2
  exit 2
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) usage >&2; fail "unknown option: $1" ;;
esac
[ "$#" -le 3 ] || { usage >&2; fail "too many arguments"; }

address="${1:-${INGRESS_IP:-}}"
count="${2:-20}"
cookie="${3:-}"
case "$count" in
  "" | *[!0-9]* | 0) fail "N must be a whole number above 0, not '$count'" ;;
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

curl_args=(-sS --fail --max-time 10)
if [ -n "$cookie" ]; then
  curl_args+=(-H "Cookie: $cookie")
fi

# Prints the value of the first data-NAME-version attribute in the page, or nothing.
marker() {
  printf '%s\n' "$2" | sed -n "s/.*data-$1-version=\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}

# The analytics version as the results line tells it, for pages without the footer markers.
analytics_from_results() {
  local results
  results="$(printf '%s\n' "$1" | grep 'id="results"' | head -n 1 || true)"
  if printf '%s' "$results" | grep -Eq '[0-9]+/[0-9]+ \([0-9]+%\)'; then
    echo "1.1-or-2.0"
  elif printf '%s' "$results" | grep -Eq ': [0-9]+ [|]'; then
    echo "1.0"
  else
    echo "?"
  fi
}

answers=""
failures=0
i=0
while [ "$i" -lt "$count" ]; do
  i=$((i + 1))
  if ! page="$(curl "${curl_args[@]}" "$url" 2>/dev/null)"; then
    failures=$((failures + 1))
    continue
  fi
  app="$(marker app "$page")"
  analytics="$(marker analytics "$page")"
  [ -n "$analytics" ] || analytics="$(analytics_from_results "$page")"
  answers="${answers}app ${app:-?} / analytics ${analytics}"$'\n'
done

echo "Sent $count requests to $url${cookie:+ with Cookie: $cookie}"
if [ -n "$answers" ]; then
  printf '%s' "$answers" | sort | uniq -c | sort -k1,1nr -k2 |
    awk '{ n = $1; sub(/^ *[0-9]+ /, ""); printf "%8d  %s\n", n, $0 }'
fi
printf '%8d  %s\n' "$failures" "no answer"

[ "$failures" -eq 0 ]
